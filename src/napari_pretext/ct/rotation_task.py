"""Rotation pretext (CT paper, section 2.1): the relative angle between two adjacent slices.

Each pair is a reference slice and a twin within ``twin_range`` slices of it, both rotated (the
twin by the reference's angle plus a relative angle from the set) and both masked to the
inscribed circle, so the field of view's round edge gives nothing away. By default each slice
first loses its mean over rings about its centre (what no rotation changes, such as a centred
tube; ``rotation.without_radial_mean``). A siamese encoder and a small head classify the
relative angle; NLL loss; accuracy is reported.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torchvision.transforms.functional import InterpolationMode, rotate

from ..core.errors import PretextInputError
from .configs import RotationConfig
from .models import SiameseRotation
from .rotation import inscribed_circle_mask, without_radial_mean
from .sorting import AXES, resize_slices
from .volume_task import VolumeTask
from .volumes import take_slices


def rotate_batch(x: torch.Tensor, angles) -> torch.Tensor:
    """Rotate each (1, H, W) slice of ``x`` (B, 1, H, W) by its angle in degrees (bilinear)."""
    return torch.stack([rotate(s, float(a), interpolation=InterpolationMode.BILINEAR) for s, a in zip(x, angles)])


class RotationTask(VolumeTask):
    kind = "rotation"
    config_class = RotationConfig

    def __init__(self, config: RotationConfig | None = None):
        config = config or RotationConfig()
        super().__init__(config, lambda: SiameseRotation(config.encoder, config.in_channels, len(config.angles), config.dropout,
                                                               config.head))
        s = config.patch_size
        self.circle = torch.from_numpy(inscribed_circle_mask(s, s).astype(np.float32))

    @classmethod
    def from_checkpoint(cls, data: dict, name: str = "checkpoint"):
        # checkpoints written before these were options: the pooled head, slices as they are
        return super().from_checkpoint({**data, "config": {"head": "pooled", "remove_radial_mean": False, **data["config"]}}, name)

    def check_prepared(self, volume: np.ndarray, name: str, factor: int) -> None:
        if min(volume.shape) < 2 * self.config.twin_range + 2:
            raise PretextInputError(f"'{name}' is too thin for twin slices within {self.config.twin_range}: lower twin_range.")

    def pair_slices(self, volume: np.ndarray, axis: int, idx: np.ndarray, twin: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
        size = self.config.patch_size
        a, b = resize_slices(take_slices(volume, axis, idx), size), resize_slices(take_slices(volume, axis, twin), size)
        return (without_radial_mean(a), without_radial_mean(b)) if self.config.remove_radial_mean else (a, b)

    def make_batch(self, volumes, rng: np.random.Generator):
        cfg = self.config
        volume = volumes[int(rng.integers(len(volumes)))]
        axis = AXES[cfg.axes[int(rng.integers(len(cfg.axes)))]]
        n, k = volume.shape[axis], cfg.twin_range
        idx = rng.integers(k, n - k, size=cfg.batch_size)
        twin = np.clip(idx + rng.integers(-k, k + 1, size=cfg.batch_size), 0, n - 1)
        a, b = self.pair_slices(volume, axis, idx, twin)
        labels = rng.integers(len(cfg.angles), size=cfg.batch_size)
        base = rng.uniform(0, 360, size=cfg.batch_size)
        a = rotate_batch(a, base) * self.circle
        b = rotate_batch(b, base + cfg.angles[labels]) * self.circle
        return torch.stack([a, b], dim=1), torch.from_numpy(labels)  # (B, 2, 1, S, S), (B,)

    # -- engine protocol ------------------------------------------------------------------
    def compute_loss(self, inputs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        return F.nll_loss(self.model(inputs[:, 0], inputs[:, 1]).float(), targets)

    @torch.no_grad()
    def validate(self) -> dict[str, float]:
        self.model.eval()
        correct = total = 0
        losses = []
        for x, y in self.val_batches:
            logp = self.model(x[:, 0].to(self.device), x[:, 1].to(self.device)).float().cpu()
            losses.append(float(F.nll_loss(logp, y)))
            correct += int((logp.argmax(1) == y).sum())
            total += len(y)
        self.model.train()
        p = self.metric_prefix
        return {f"{p}_loss": float(np.mean(losses)), f"{p}_accuracy": correct / total, "chance_accuracy": 1 / len(self.config.angles)}
