"""Slice sorting pretext (CT paper, section 2.1).

A batch is ``batch_size`` slices of one volume along one axis, at distinct indices drawn
uniformly or from a generalised Gaussian; a ResNet scores each slice and the pairwise margin
ranking loss asks the scores to follow the slice order. Only slices of the same volume are
compared, since samples are not aligned between volumes. Reported: mean displacement.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from ..core.errors import PretextInputError
from .configs import SortingConfig
from .models import SliceScorer
from .ranking import mean_displacement, pairwise_ranking_loss
from .sampling import sample_slices
from .volume_task import VolumeTask
from .volumes import AXES, take_slices


def resize_slices(slices: np.ndarray, size: int) -> torch.Tensor:
    """(k, H, W) -> (k, 1, size, size) float32 tensor (area interpolation)."""
    t = torch.from_numpy(np.ascontiguousarray(slices, dtype=np.float32))[:, None]
    return F.interpolate(t, size=(size, size), mode="area") if t.shape[-2:] != (size, size) else t


class SortingTask(VolumeTask):
    """Train a :class:`SliceScorer` on volumes (engine protocol, like the 2D tasks)."""

    kind = "sorting"
    config_class = SortingConfig

    def __init__(self, config: SortingConfig | None = None):
        config = config or SortingConfig()
        super().__init__(config, lambda: SliceScorer(config.encoder, config.in_channels, config.dropout))

    def check_prepared(self, volume: np.ndarray, name: str, factor: int) -> None:
        """A volume with fewer slices than the batch (an MRI stack, a thin scan) gets batches of
        all its slices, said in a note; fewer than 2 slices cannot be sorted."""
        for axis in self.config.axes:
            n = volume.shape[AXES[axis]]
            if n < 2:
                raise PretextInputError(
                    f"'{name}' has {n} slice along {axis} after downscaling by {factor}: sorting needs at least 2; "
                    f"raise max_side (now {self.config.max_side}) or sort along another axis."
                )
            if n < self.config.batch_size:
                self.notes.append(
                    f"'{name}' has {n} slices along {axis} after downscaling by {factor}: its batches hold all {n} "
                    f"(batch size {self.config.batch_size}); raise max_side for more."
                )

    def make_batch(self, volumes: list[np.ndarray], rng: np.random.Generator) -> tuple[torch.Tensor, torch.Tensor]:
        cfg = self.config
        volume = volumes[int(rng.integers(len(volumes)))]
        axis = AXES[cfg.axes[int(rng.integers(len(cfg.axes)))]]
        k = min(cfg.batch_size, volume.shape[axis])  # a short axis gives all its slices (see check_prepared)
        idx = sample_slices(volume.shape[axis], k, rng, cfg.sampling, cfg.gauss_centre, cfg.gauss_width, cfg.gauss_shape)
        idx = idx[rng.permutation(len(idx))]  # the network must not learn the batch position
        return resize_slices(take_slices(volume, axis, idx), cfg.patch_size), torch.from_numpy(idx.astype(np.float32))

    def compute_loss(self, inputs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        return pairwise_ranking_loss(self.model(inputs).float(), targets, self.config.margin)

    @torch.no_grad()
    def validate(self) -> dict[str, float]:
        self.model.eval()
        md = [mean_displacement(self.model(x.to(self.device)).float().cpu().numpy(), pos.numpy()) for x, pos in self.val_batches]
        self.model.train()
        # A random order of B slices displaces each by (B^2 - 1) / (3 B) on average (B: that batch's size).
        random = [(len(pos) ** 2 - 1) / (3 * len(pos)) for _, pos in self.val_batches]
        return {f"{self.metric_prefix}_mean_displacement": float(np.mean(md)),
                f"{self.metric_prefix}_md_over_random": float(np.mean(np.asarray(md) / np.asarray(random)))}
