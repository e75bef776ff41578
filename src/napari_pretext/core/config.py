"""The base of every task's config: one small validated config per task, stored inside every
checkpoint (the 2D tasks' in ``images/configs.py``, the CT tasks' in ``ct/configs.py``).

Configs are frozen dataclasses of plain values so that ``dataclasses.asdict`` round-trips
through ``torch.load(weights_only=True)``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, fields

from .choices import DEVICES
from .errors import PretextInputError


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise PretextInputError(message)


@dataclass(frozen=True)
class TrainConfig:
    """Options shared by every training task (sizes in pixels)."""

    encoder: str = "resnet50"
    in_channels: int = 1
    epochs: int = 20
    batch_size: int = 8
    patch_size: int = 128
    steps_per_epoch: int | None = None  # None: enough patches to cover the images about once
    learning_rate: float = 1e-3
    val_fraction: float = 0.2
    seed: int = 0
    device: str = "auto"
    amp: bool = True  # bf16/fp16 autocast and channels-last, on CUDA only
    # patch-loading processes; None: 0 on the CPU, up to 4 on a GPU. Not compared: the patches
    # are seeded per (epoch, index), so the worker count never changes what is trained.
    num_workers: int | None = field(default=None, compare=False)
    augment: bool = True  # random flips and 90-degree rotations of patches
    norm_low: float = 1.0  # normalisation percentiles (%)
    norm_high: float = 99.8

    def __post_init__(self):
        _check(self.in_channels in (1, 3), f"in_channels must be 1 (gray) or 3 (RGB), got {self.in_channels}.")
        _check(self.epochs >= 0, f"epochs must be >= 0, got {self.epochs}.")
        _check(self.batch_size >= 1, f"batch size must be >= 1, got {self.batch_size}.")
        # smp U-Nets downsample 5 times: patches must be multiples of 32.
        _check(self.patch_size >= 32 and self.patch_size % 32 == 0, f"patch size must be a multiple of 32 (32, 64, 96, ...), got {self.patch_size}.")
        _check(self.steps_per_epoch is None or self.steps_per_epoch >= 1, "steps per epoch must be >= 1.")
        _check(self.learning_rate > 0, "learning rate must be > 0.")
        _check(0.0 <= self.val_fraction < 1.0, f"validation fraction must be in [0, 1), got {self.val_fraction}.")
        _check(self.device in DEVICES or self.device.startswith("cuda:"), f"device must be one of {DEVICES}, got {self.device!r}.")
        _check(self.num_workers is None or self.num_workers >= 0, "num_workers must be >= 0.")
        self.normalization()  # validates the percentiles

    def normalization(self):
        """The :class:`~.data.normalize.PercentileNormalization` of these percentiles."""
        from .normalize import PercentileNormalization  # (numpy: not needed for --help)

        try:
            return PercentileNormalization(self.norm_low, self.norm_high)
        except ValueError as exc:
            raise PretextInputError(str(exc)) from exc

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict):
        """Build from a stored dict, ignoring keys a newer/older version did not know."""
        names = {f.name for f in fields(cls)}
        values = {k: (tuple(v) if isinstance(v, list) else v) for k, v in d.items() if k in names}
        return cls(**values)

    def replace(self, **changes):
        return dataclasses.replace(self, **changes)
