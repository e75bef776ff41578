"""Slice index samplers for the sorting pretext (CT paper, section 2.1).

A batch is ``k`` distinct slice indices of one volume along one axis, drawn uniformly or from a
generalised Gaussian that keeps away from (often empty) border slices.
"""

from __future__ import annotations

import numpy as np

from ..core.errors import PretextInputError


def _check(n: int, k: int) -> None:
    if k > n:
        raise PretextInputError(f"the volume has {n} slices along this axis, fewer than the batch of {k}: lower the batch size.")
    if k < 2:
        raise PretextInputError("a sorting batch needs at least 2 slices.")


def generalized_gaussian_weights(n: int, centre: float = 0.5, width: float = 0.25, shape: float = 2.0) -> np.ndarray:
    """Probabilities over ``n`` slice indices: ``exp(-(|x - centre| / width) ** shape)``, x in [0, 1].

    ``shape = 2`` is a Gaussian; larger values flatten the top and sharpen the sides (towards a
    uniform window of half-width ``width``); ``centre`` and ``width`` are fractions of the axis.
    """
    if not (0.0 <= centre <= 1.0 and width > 0 and shape > 0):
        raise PretextInputError(f"generalised Gaussian needs centre in [0, 1], width > 0, shape > 0 (got {centre}, {width}, {shape}).")
    x = np.linspace(0.0, 1.0, n) if n > 1 else np.zeros(1)
    w = np.exp(-((np.abs(x - centre) / width) ** shape))
    return w / w.sum()


def sample_slices(
    n: int, k: int, rng: np.random.Generator, method: str = "uniform", centre: float = 0.5, width: float = 0.25, shape: float = 2.0
) -> np.ndarray:
    """``k`` distinct, sorted slice indices in ``[0, n)``."""
    _check(n, k)
    if method == "uniform":
        p = None
    elif method == "gaussian":
        p = generalized_gaussian_weights(n, centre, width, shape)
        if np.count_nonzero(p) < k:  # a very narrow window: widen it rather than fail
            p = (p + 1e-12) / (p + 1e-12).sum()
    else:
        raise PretextInputError(f"slice sampling must be 'uniform' or 'gaussian', got {method!r}.")
    return np.sort(rng.choice(n, size=k, replace=False, p=p))
