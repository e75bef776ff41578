"""The base of the 2D tasks (restoration, segmentation): patches through a DataLoader, tiled
inference on images."""

from __future__ import annotations

import math
from typing import Callable

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset

from ..core.config import TrainConfig
from ..core.device import loader_workers
from ..core.engine import autocast, autocast_dtype
from ..core.errors import PretextInputError
from ..core.training import Task
from .data.patches import EpochIndices
from .data.validation import prepare_image
from .tiling import predict_tiled


class PatchTask(Task):
    """Base of the restoration and segmentation tasks: 2D patches through a DataLoader, tiled
    inference on images."""

    out_channels = 1

    def __init__(self, config: TrainConfig, make_model: Callable[[], torch.nn.Module]):
        super().__init__(config, make_model)
        self.dataset: Dataset | None = None
        self._loader: tuple[tuple, DataLoader] | None = None

    # -- data ---------------------------------------------------------------------------
    def prepare(self, image, name: str, rgb: bool | None = None, min_size: int | None = None) -> np.ndarray:
        """(N, C, H, W) normalised slices of a user image, validated for this model."""
        return prepare_image(image, self.config.in_channels, self.normalize, rgb=rgb, name=name, min_size=min_size)

    def samples_per_epoch(self, default: int) -> int:
        steps = self.config.steps_per_epoch
        return steps * self.config.batch_size if steps else default

    # -- engine protocol ------------------------------------------------------------------
    def require_data(self) -> Dataset:
        if self.dataset is None:
            raise PretextInputError("no training data: give images (and labels) before training.")
        return self.dataset

    def steps_per_epoch(self) -> int:
        return math.ceil(len(self.require_data()) / self.config.batch_size)

    def batches(self, epoch: int):
        loader = self.loader()
        loader.sampler.epoch = epoch
        return loader

    def loader(self) -> DataLoader:
        """One DataLoader per dataset and batch size, so worker processes persist across epochs
        (starting them every epoch would cost more than short epochs take)."""
        dataset = self.require_data()
        workers = loader_workers(self.config.num_workers, self.device)
        key = (id(dataset), self.config.batch_size, workers)
        if self._loader is None or self._loader[0] != key:
            loader = DataLoader(
                dataset,
                batch_size=self.config.batch_size,
                sampler=EpochIndices(len(dataset)),  # samples are already random, seeded per (epoch, index)
                num_workers=workers,
                persistent_workers=workers > 0,
                pin_memory=self.device.type == "cuda",
            )
            self._loader = (key, loader)
        return self._loader[1]

    # -- inference -------------------------------------------------------------------------
    def forward_probabilities(self, x: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError

    def predict_slices(self, slices: np.ndarray, tile: int = 512, overlap: int = 64) -> np.ndarray:
        """Model output (N, out_channels, H, W) on normalised slices, tiled, eval mode."""
        was_training = self.model.training
        self.model.eval()
        dtype = autocast_dtype(self.device) if self.use_amp else None

        def forward(x: torch.Tensor) -> torch.Tensor:
            with autocast(self.device, dtype):
                return self.forward_probabilities(x)

        try:
            return predict_tiled(forward, slices, self.out_channels, tile, overlap, self.config.batch_size, self.device)
        finally:
            self.model.train(was_training)

    @staticmethod
    def to_layout(pred: np.ndarray, spatial: tuple[int, ...], channel_last: bool) -> np.ndarray:
        """(N, K, H, W) -> the image's own layout ``spatial`` ((H, W) or (Z, H, W)), with the K
        channels last (RGB) or first (class probabilities); K = 1 is dropped."""
        if channel_last:
            pred = np.moveaxis(pred, 1, -1)  # (N, H, W, K)
            return pred.reshape(*spatial, pred.shape[-1])
        if pred.shape[1] == 1:
            return pred[:, 0].reshape(spatial)
        return np.moveaxis(pred, 1, 0).reshape(pred.shape[1], *spatial)
