"""Sorting pretext loss and metric (CT paper, section 2.1)."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F


def pairwise_ranking_loss(scores: torch.Tensor, positions: torch.Tensor, margin: float = 1.0) -> torch.Tensor:
    """Margin ranking loss over all pairs of one batch of slices.

    ``scores`` (B,) predicted per slice, ``positions`` (B,) true slice indices. For every pair
    with ``positions[i] < positions[j]`` the loss asks ``scores[j] - scores[i] >= margin``; the
    margin keeps the scores from collapsing to a constant.
    """
    i, j = torch.triu_indices(len(scores), len(scores), offset=1, device=scores.device)
    order = torch.sign(positions[j] - positions[i]).to(scores.dtype)  # +1 when j is further along
    keep = order != 0
    return F.margin_ranking_loss(scores[j][keep], scores[i][keep], order[keep], margin=margin)


def ranks(values) -> np.ndarray:
    """0-based rank of each value (ties broken by position)."""
    values = np.asarray(values)
    out = np.empty(len(values), dtype=np.int64)
    out[np.argsort(values, kind="stable")] = np.arange(len(values))
    return out


def mean_displacement(scores, positions) -> float:
    """Mean absolute difference between the predicted and the true order of the slices.

    0 is a perfect order; a random order of B slices averages about B / 3.
    """
    return float(np.mean(np.abs(ranks(scores) - ranks(positions))))
