"""The 2D tasks' configs: restoration pretext and segmentation fine-tuning (frozen dataclasses
of plain values, stored inside every checkpoint)."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.choices import LABEL_MODES, RESTORATION_LOSSES, SEGMENTATION_LOSSES
from ..core.config import TrainConfig, _check
from ..core.errors import PretextInputError


@dataclass(frozen=True)
class RestorationConfig(TrainConfig):
    """Restoration pretext: restore corrupted patches, SSIM or SSIM+L1 loss."""

    loss: str = "ssim"
    l1_weight: float = 0.16
    drop_fraction: float = 0.25
    drop_probability: float = 1.0
    blur_sigma: tuple[float, float] = (1.0, 2.0)
    blur_probability: float = 0.5
    sobel_probability: float = 0.1
    sobel_mix: float = 1.0

    def __post_init__(self):
        super().__post_init__()
        _check(self.loss in RESTORATION_LOSSES, f"restoration loss must be one of {RESTORATION_LOSSES}, got {self.loss!r}.")
        _check(0.0 <= self.l1_weight <= 1.0, "l1_weight must be in [0, 1].")
        self.corruption()

    def corruption(self):
        """The :class:`~.data.corruptions.CorruptionConfig` of these settings."""
        from .data.corruptions import CorruptionConfig  # (scipy: not needed for --help)

        try:
            return CorruptionConfig(
                drop_fraction=self.drop_fraction,
                drop_probability=self.drop_probability,
                blur_sigma=tuple(self.blur_sigma),
                blur_probability=self.blur_probability,
                sobel_probability=self.sobel_probability,
                sobel_mix=self.sobel_mix,
            )
        except ValueError as exc:
            raise PretextInputError(str(exc)) from exc


@dataclass(frozen=True)
class SegmentationConfig(TrainConfig):
    """Segmentation fine-tuning (binary unless ``classes > 1``)."""

    loss: str = "iou"  # the organoid paper found IoU best on imbalanced masks
    classes: int = 1
    label_mode: str = "dense"
    freeze_encoder: bool = True  # only used with a transferred or random-frozen encoder
    unfreeze_after: int | None = None  # epochs after which a frozen encoder is unfrozen
    encoder_lr_factor: float = 1.0  # learning rate of an unfrozen encoder / learning_rate
    threshold: float = 0.5
    tile_size: int = 512
    tile_overlap: int = 64

    def __post_init__(self):
        super().__post_init__()
        _check(self.loss in SEGMENTATION_LOSSES, f"segmentation loss must be one of {SEGMENTATION_LOSSES}, got {self.loss!r}.")
        _check(self.classes >= 1, "classes must be >= 1 (1 = binary).")
        _check(self.label_mode in LABEL_MODES, f"label mode must be one of {LABEL_MODES}, got {self.label_mode!r}.")
        _check(self.unfreeze_after is None or self.unfreeze_after >= 0, "unfreeze_after must be >= 0.")
        _check(0.0 < self.encoder_lr_factor <= 1.0, "encoder_lr_factor must be in (0, 1].")
        _check(0.0 < self.threshold < 1.0, "threshold must be in (0, 1).")
        _check(self.tile_size % 32 == 0 and self.tile_size >= 64, "tile size must be a multiple of 32, at least 64.")
        _check(0 <= self.tile_overlap < self.tile_size // 2, "tile overlap must be below half the tile size.")
