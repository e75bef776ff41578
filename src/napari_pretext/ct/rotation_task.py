"""Rotation pretext (CT paper, section 2.1): the relative angle between two adjacent slices.

Each pair is a reference slice and a twin within ``twin_range`` slices of it, both rotated (the
twin by the reference's angle plus a relative angle from the set) and both masked to the
inscribed circle, so the field of view's round edge gives nothing away. By default each slice
first loses its mean over rings about its centre (what no rotation changes, such as a centred
tube; ``rotation.without_radial_mean``). A siamese encoder and a small head classify the
relative angle; NLL loss; accuracy is reported.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torchvision.transforms.functional import InterpolationMode, rotate

from ..config import TrainConfig, _check
from ..errors import PretextInputError
from ..choices import ROTATION_HEADS
from .models import SiameseRotation
from .rotation import angle_bins, inscribed_circle_mask, without_radial_mean
from .sorting import AXES, resize_slices
from .volume_task import VolumeTask
from .volumes import take_slices


@dataclass(frozen=True)
class RotationConfig(TrainConfig):
    encoder: str = "resnet18"
    batch_size: int = 16  # pairs per batch
    patch_size: int = 128  # slices are resized to this side
    steps_per_epoch: int | None = 50  # batches per training volume
    axes: tuple[str, ...] = ("z",)  # measured: z, y and x together stayed at chance in short runs
    angle_step: float = 90.0  # degrees; classes are 0, step, ..., < 360 (30 stayed at chance in short CPU runs)
    twin_range: int = 2  # the twin slice is within +-twin_range of the reference
    head: str = "spatial"  # or "pooled" (the paper's); see SiameseRotation
    # subtract each slice's mean over rings about its centre (what no rotation changes); see
    # rotation.without_radial_mean
    remove_radial_mean: bool = True
    # measured: at 1e-3 one of six runs stayed at chance and one reached 0.39; at 3e-4 all six
    # learnt, 0.56-0.88 (docs/ct_guide.md)
    learning_rate: float = 3e-4
    dropout: float = 0.2
    max_side: int = 256

    def __post_init__(self):
        super().__post_init__()
        _check(0 < self.angle_step <= 180 and (360 / self.angle_step).is_integer(), "the angle step must divide 360 (e.g. 30, 45, 90).")
        _check(self.twin_range >= 0, "twin_range must be >= 0.")
        _check(self.head in ROTATION_HEADS, f"the rotation head must be one of {', '.join(ROTATION_HEADS)}, not {self.head!r}.")
        _check(len(self.axes) > 0 and all(a in AXES for a in self.axes), f"axes must be some of z, y, x; got {self.axes}.")
        _check(self.max_side >= 32, "max_side must be at least 32 voxels.")

    @property
    def angles(self) -> np.ndarray:
        return angle_bins(self.angle_step)


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
