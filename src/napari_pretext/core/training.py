"""Shared machinery of the 2D patch tasks: device, optimizer, batches, inference, checkpoints."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset

from .checkpoint import load_checkpoint, load_model_state, on_device, save_checkpoint, task_from_checkpoint
from .config import TrainConfig
from ..images.data.validation import prepare_image
from ..images.data.patches import EpochIndices
from .device import loader_workers, resolve_device
from .engine import autocast, autocast_dtype
from .errors import PretextInputError
from ..images.tiling import predict_tiled


def split_indices(n: int, val_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    """Train and validation indices; with fewer than 2 items everything trains (no held-out)."""
    if n < 2 or val_fraction <= 0:
        return list(range(n)), []
    order = np.random.default_rng(seed).permutation(n).tolist()
    n_val = min(n - 1, max(1, round(val_fraction * n)))
    return sorted(order[n_val:]), sorted(order[:n_val])


class Task:
    """Base of every task (the engine's protocol): config, device, model, optimizer, step and
    history, its run record, checkpoints, and the encoder a segmentation can take over."""

    kind = "base"
    config_class = TrainConfig  # each task's own config class (stored in its checkpoints)
    encoder_prefix = "encoder."  # where its network keeps the encoder a segmentation can take over

    @classmethod
    def encoder_state_of(cls, model_state: dict) -> dict:
        """The encoder's weights in a checkpoint's ``model_state`` of this task, keyed as in an
        smp encoder (for transfer into a U-Net)."""
        n = len(cls.encoder_prefix)
        return {k[n:]: v for k, v in model_state.items() if k.startswith(cls.encoder_prefix)}

    def encoder_state(self) -> dict:
        """This task's encoder weights (see :meth:`encoder_state_of`)."""
        return self.encoder_state_of(self.model.state_dict())

    def __init__(self, config: TrainConfig, make_model: Callable[[], torch.nn.Module]):
        self.config = config
        self.device, self.device_message = resolve_device(config.device)
        self.use_amp = bool(config.amp)
        self.normalize = config.normalization()
        torch.manual_seed(config.seed)  # the same seed gives the same initial weights (and dropout)
        self.model = make_model().to(self.device)
        self.optimizer = torch.optim.Adam(self.parameter_groups(), lr=config.learning_rate)
        self.epoch = 0
        self.step = 0
        self.run: dict | None = None  # the run record (run_record.py), saved with the checkpoint
        self.history: list[dict] = []

    def parameter_groups(self) -> list[dict]:
        """The optimizer's parameter groups (one; tasks with a transferable encoder split it off)."""
        return [{"params": list(self.model.parameters())}]

    def begin_epoch(self, epoch: int) -> list[str]:
        self.model.train()
        return []

    # -- checkpoints -------------------------------------------------------------------------
    # -- checkpoints -------------------------------------------------------------------------
    def checkpoint_payload(self) -> dict:
        return {
            "kind": self.kind,
            "config": self.config.to_dict(),
            "normalization": self.normalize.to_dict(),
            "model_state": {k: v.detach().cpu() for k, v in self.model.state_dict().items()},
            "optimizer_state": self.optimizer.state_dict(),
            "epoch": self.epoch,
            "step": self.step,
            "metrics": dict(self.history[-1]) if self.history else {},
            "history": list(self.history),
            **({"run": self.run} if self.run is not None else {}),
        }

    def save(self, path: str | Path) -> Path:
        """Write a checkpoint that reloads into the same task (weights, optimizer, step)."""
        return save_checkpoint(path, self.checkpoint_payload())

    @classmethod
    def load(cls, path: str | Path, device: str | None = None):
        """The task saved in ``path`` (a checkpoint of this task's kind), ready to use or train on,
        on ``device`` (default: the one it was saved with)."""
        return task_from_checkpoint(cls, on_device(load_checkpoint(path, kind=cls.kind), device), Path(path).name)

    @classmethod
    def from_checkpoint(cls, data: dict, name: str = "checkpoint"):
        task = cls(cls.config_class.from_dict(data["config"]))
        task.restore_state(data, name)
        return task

    def restore_state(self, data: dict, name: str) -> None:
        load_model_state(self.model, data["model_state"], name)
        if data.get("optimizer_state"):
            try:
                self.optimizer.load_state_dict(data["optimizer_state"])
            except (ValueError, KeyError):
                pass  # an optimizer of another layout: keep the fresh one, the weights are what matter
        self.epoch, self.step = int(data.get("epoch", 0)), int(data.get("step", 0))
        self.history = list(data.get("history", []))
        self.run = data.get("run") if isinstance(data.get("run"), dict) else None


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


def names_for(images: Sequence, names: Sequence[str] | None) -> list[str]:
    return list(names) if names is not None else [f"image {i + 1}" for i in range(len(images))]


def rgb_flags(images: Sequence, rgb: Sequence[bool | None] | bool | None) -> list[bool | None]:
    if rgb is None or isinstance(rgb, bool):
        return [rgb] * len(images)
    return list(rgb)

