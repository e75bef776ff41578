"""Losses: SSIM / SSIM+L1 for restoration, BCE / Dice / IoU for segmentation.

SSIM comes from ``pytorch_msssim`` with ``data_range=1`` because images are normalised to
[0, 1] (see :mod:`napari_pretext.core.normalize`); Dice and IoU (soft Jaccard) come from
``segmentation_models_pytorch``. Segmentation targets are class indices with -1 = ignore
(unannotated scribble pixels), so every loss here skips those pixels.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from pytorch_msssim import SSIM
from segmentation_models_pytorch.losses import DiceLoss, JaccardLoss

from ..core.choices import RESTORATION_LOSSES, SEGMENTATION_LOSSES
from ..core.errors import PretextInputError
from .data.validation import IGNORE


def full_precision(tensor: torch.Tensor):
    """Context that switches autocast off on ``tensor``'s device (losses run in float32)."""
    return torch.autocast(device_type=tensor.device.type, enabled=False)



class SSIMLoss(torch.nn.Module):
    """``1 - SSIM`` (optionally ``+ l1_weight * L1``) for images in [0, 1], shape (B, C, H, W).

    ``l1_weight`` mixes as ``(1 - w) * (1 - SSIM) + w * L1``; ``w = 0.16`` follows Zhao et al.
    (Loss functions for image restoration, 2017), the usual SSIM-L1 mix.
    """

    def __init__(self, l1_weight: float = 0.0, win_size: int = 11):
        super().__init__()
        self.l1_weight = float(l1_weight)
        self.ssim = SSIM(data_range=1.0, size_average=True, channel=1, win_size=win_size)

    def forward(self, restored: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        b, c, h, w = target.shape
        restored, target = restored.float(), target.float()
        with full_precision(restored):
            # SSIM per channel as separate images: the module's cached window is single-channel.
            loss = 1.0 - self.ssim(restored.reshape(b * c, 1, h, w), target.reshape(b * c, 1, h, w))
            if self.l1_weight > 0:
                loss = (1.0 - self.l1_weight) * loss + self.l1_weight * F.l1_loss(restored, target)
        return loss


def restoration_loss(name: str, l1_weight: float = 0.16) -> SSIMLoss:
    if name not in RESTORATION_LOSSES:
        raise PretextInputError(f"restoration loss must be one of {RESTORATION_LOSSES}, got {name!r}")
    return SSIMLoss(l1_weight=l1_weight if name == "ssim_l1" else 0.0)


class MaskedBCEWithLogits(torch.nn.Module):
    """Binary cross-entropy averaged over annotated pixels only (target -1 = ignore)."""

    def forward(self, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        logits = logits.float()
        target = target.reshape(logits.shape)
        mask = (target != IGNORE).float()
        with full_precision(logits):
            loss = F.binary_cross_entropy_with_logits(logits, target.clamp(min=0).float(), weight=mask, reduction="sum")
            return loss / mask.sum().clamp(min=1.0)


class CrossEntropyIgnore(torch.nn.Module):
    def forward(self, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        with full_precision(logits):
            return F.cross_entropy(logits.float(), target.long(), ignore_index=IGNORE)


def segmentation_loss(name: str, classes: int = 1) -> torch.nn.Module:
    """Loss module taking logits (B, K, H, W) and int targets (B, H, W) with -1 = ignore."""
    if name not in SEGMENTATION_LOSSES:
        raise PretextInputError(f"segmentation loss must be one of {SEGMENTATION_LOSSES}, got {name!r}")
    mode = "binary" if classes == 1 else "multiclass"
    if name == "bce":
        return MaskedBCEWithLogits() if classes == 1 else CrossEntropyIgnore()
    if name == "dice":
        return _TargetAdapter(DiceLoss(mode=mode, from_logits=True, ignore_index=IGNORE), classes)
    return _TargetAdapter(JaccardLoss(mode=mode, from_logits=True, ignore_index=IGNORE), classes)


class _TargetAdapter(torch.nn.Module):
    """smp's binary losses want float targets shaped like the logits; multiclass wants longs."""

    def __init__(self, loss: torch.nn.Module, classes: int):
        super().__init__()
        self.loss, self.classes = loss, classes

    def forward(self, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        target = target.reshape(logits.shape).float() if self.classes == 1 else target.long()
        with full_precision(logits):
            return self.loss(logits.float(), target)
