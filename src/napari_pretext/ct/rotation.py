"""Rotation pretext pieces (CT paper, section 2.1): angle bins, the inscribed-circle mask, and
the removal of what is rotation-symmetric about the slice centre."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import torch

from ..core.errors import PretextInputError


def angle_bins(step: float = 30.0, stop: float = 360.0) -> np.ndarray:
    """Rotation angles in degrees: ``0, step, ..., < stop`` (the classes)."""
    if step <= 0 or stop <= 0 or step > stop:
        raise PretextInputError(f"rotation angles need 0 < step <= stop, got step {step}, stop {stop}.")
    return np.arange(0.0, stop, step)


def relative_angle_label(angle_a: float, angle_b: float, step: float, stop: float = 360.0) -> int:
    """Class index of the rotation that takes slice A to slice B: ``(b - a) mod stop / step``."""
    return int(round(((angle_b - angle_a) % stop) / step)) % int(round(stop / step))


def inscribed_circle_mask(height: int, width: int) -> np.ndarray:
    """Boolean (H, W) mask of the largest centred circle: what survives any rotation unchanged."""
    yy, xx = np.mgrid[:height, :width]
    cy, cx = (height - 1) / 2, (width - 1) / 2
    return (yy - cy) ** 2 + (xx - cx) ** 2 <= (min(height, width) / 2) ** 2


def without_radial_mean(x: torch.Tensor) -> torch.Tensor:
    """(B, C, S, S) slices less each one's mean over every 1-px ring about the slice centre.

    A slice of a reconstruction turns about its centre (the tomographic axis); whatever is the
    same at every angle there (a tube centred on the axis, ring artefacts, cupping) says nothing
    about a rotation, yet a bright centred tube kept the rotation model at chance (measured:
    docs/ct_guide.md). Removing the radial mean leaves what does turn: the sample.
    """
    b, c, h, w = x.shape
    rings = _ring_index(h, w, x.device)
    n = int(rings.max()) + 1
    flat = x.reshape(b * c, h * w).float()
    sums = torch.zeros(b * c, n, device=x.device).scatter_add_(1, rings.expand(b * c, -1), flat)
    means = sums / torch.bincount(rings, minlength=n).clamp(min=1)
    return (flat - means[:, rings]).reshape(b, c, h, w).to(x.dtype)


def _ring_index(h: int, w: int, device) -> torch.Tensor:
    """(H * W,) integer distance of each pixel from the slice centre (1-px rings)."""
    return _ring_index_cpu(h, w).to(device)


@lru_cache(maxsize=8)
def _ring_index_cpu(h: int, w: int) -> torch.Tensor:
    # computed once per slice size: every training batch and profile slice needs it
    yy, xx = np.mgrid[:h, :w]
    r = np.hypot(yy - (h - 1) / 2, xx - (w - 1) / 2)
    return torch.from_numpy(np.round(r).astype(np.int64).ravel())
