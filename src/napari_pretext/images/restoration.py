"""Restoration pretext (organoid paper): a U-Net learns to restore corrupted images."""

from __future__ import annotations

from typing import Sequence

import numpy as np
import torch
from pytorch_msssim import ssim

from ..core.events import PreviewReady
from ..core.training import names_for, rgb_flags, split_indices
from .configs import RestorationConfig
from .data.corruptions import corrupt
from .data.patches import RestorationPatches, default_samples
from .data.validation import spatial_shape
from .losses import restoration_loss
from .metrics import psnr
from .models import build_unet
from .patch_task import PatchTask

VALIDATION_PATCHES = 16
PREVIEW_SIZE = 256  # px; the live preview restores a crop this large


class RestorationTask(PatchTask):
    """Train and apply a restoration U-Net (output = input channels, sigmoid to [0, 1])."""

    kind = "restoration"
    config_class = RestorationConfig

    def __init__(self, config: RestorationConfig | None = None):
        config = config or RestorationConfig()
        super().__init__(config, lambda: build_unet(config.encoder, config.in_channels, config.in_channels))
        self.out_channels = config.in_channels
        self.loss_fn = restoration_loss(config.loss, config.l1_weight).to(self.device)
        self.val_pairs: tuple[torch.Tensor, torch.Tensor] | None = None
        self.preview_pair: tuple[np.ndarray, np.ndarray] | None = None

    def set_data(self, images: Sequence, names: Sequence[str] | None = None, rgb=None) -> None:
        """Use ``images`` (2D, RGB or stacks; any sizes >= the patch) as the pretext pool."""
        cfg = self.config
        names, flags = names_for(images, names), rgb_flags(images, rgb)
        slices = [s for img, n, f in zip(images, names, flags) for s in self.prepare(img, n, f, cfg.patch_size)]
        train_idx, val_idx = split_indices(len(slices), cfg.val_fraction, cfg.seed)
        train = [slices[i] for i in train_idx]
        # With a single slice there is no held-out image: validation patches come from the
        # same slice (drawn with another seed), so they measure fit rather than generalisation.
        val = [slices[i] for i in val_idx] or train
        self.dataset = RestorationPatches(
            train, cfg.patch_size, cfg.corruption(), self.samples_per_epoch(default_samples(train, cfg.patch_size, cfg.batch_size)), cfg.seed, cfg.augment
        )
        val_set = RestorationPatches(val, cfg.patch_size, cfg.corruption(), VALIDATION_PATCHES, cfg.seed + 1, augment=False)
        noisy, clean = zip(*(val_set[i] for i in range(len(val_set))))
        self.val_pairs = (torch.stack(noisy), torch.stack(clean))
        crop = val[0][:, :PREVIEW_SIZE, :PREVIEW_SIZE]
        self.preview_pair = (corrupt(crop, cfg.corruption(), np.random.default_rng(cfg.seed))[0], crop)

    # -- engine protocol ------------------------------------------------------------------
    def forward_probabilities(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.model(x).float())  # fp32 output, also under bf16 autocast

    def compute_loss(self, inputs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        return self.loss_fn(self.forward_probabilities(inputs), targets)

    @torch.no_grad()
    def validate(self) -> dict[str, float]:
        if self.val_pairs is None:
            return {}
        self.model.eval()
        noisy, clean = self.val_pairs
        restored = torch.cat([
            self.forward_probabilities(noisy[i : i + self.config.batch_size].to(self.device)).float().cpu()
            for i in range(0, len(noisy), self.config.batch_size)
        ])
        self.model.train()
        return {
            "val_loss": float(self.loss_fn(restored, clean)),
            "val_ssim": float(ssim(restored, clean, data_range=1.0, size_average=True)),
            "val_psnr": psnr(restored.numpy(), clean.numpy()),
            "val_psnr_corrupted": psnr(noisy.numpy(), clean.numpy()),
        }

    def preview(self) -> PreviewReady | None:
        if self.preview_pair is None:
            return None
        restored = self.predict_slices(self.preview_pair[0][None])[0]
        image = restored[0] if restored.shape[0] == 1 else np.moveaxis(restored, 0, -1)
        return PreviewReady(self.epoch, "restored preview", image)

    # -- use ----------------------------------------------------------------------------------
    def restore(self, image, rgb: bool | None = None, name: str = "image") -> np.ndarray:
        """Restored image in [0, 1] with the layout of ``image`` ((H, W), (Z, H, W) or RGB)."""
        slices = self.prepare(image, name, rgb)
        pred = self.predict_slices(slices)
        return self.to_layout(pred, spatial_shape(image, rgb), channel_last=self.config.in_channels == 3)
