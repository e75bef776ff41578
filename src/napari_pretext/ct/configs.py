"""The CT pretexts' configs (slice sorting, rotation), kept free of torch so that the CLI's
``--help`` and its options (made from these defaults, settings.py) load in a blink."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.choices import ROTATION_HEADS
from ..core.choices import SLICE_AXES as AXES
from ..core.config import TrainConfig, _check


@dataclass(frozen=True)
class SortingConfig(TrainConfig):
    """``patch_size`` is the side the slices are resized to; ``steps_per_epoch`` counts
    batches per training volume; volumes are downscaled so their longest side <= ``max_side``."""

    encoder: str = "resnet18"
    epochs: int = 10
    batch_size: int = 16
    patch_size: int = 128
    steps_per_epoch: int | None = 50
    axes: tuple[str, ...] = ("z",)
    sampling: str = "gaussian"  # measured: better boxes than uniform (docs/ct_guide.md)
    gauss_centre: float = 0.5
    gauss_width: float = 0.25
    gauss_shape: float = 2.0
    margin: float = 1.0
    dropout: float = 0.2
    max_side: int = 256

    def __post_init__(self):
        super().__post_init__()
        _check(self.batch_size >= 2, "a sorting batch needs at least 2 slices.")
        _check(len(self.axes) > 0 and all(a in AXES for a in self.axes), f"axes must be some of z, y, x; got {self.axes}.")
        _check(self.sampling in ("uniform", "gaussian"), f"sampling must be 'uniform' or 'gaussian', got {self.sampling!r}.")
        _check(0.0 <= self.dropout < 1.0, "dropout must be in [0, 1).")
        _check(self.margin > 0, "the ranking margin must be > 0.")
        _check(self.max_side >= 32, "max_side must be at least 32 voxels.")


@dataclass(frozen=True)
class RotationConfig(TrainConfig):
    encoder: str = "resnet18"
    epochs: int = 10
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
    def angles(self):
        """(n,) angle bins in degrees: 0, step, ... < 360."""
        from .rotation import angle_bins  # (torch: not needed for --help)

        return angle_bins(self.angle_step)
