"""The task base class of both pipelines: config, device, model, optimizer, checkpoints, run
record, the encoder a segmentation takes over; and the split of items into train and validation."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import torch

from .checkpoint import load_checkpoint, load_model_state, on_device, save_checkpoint, task_from_checkpoint
from .config import TrainConfig
from .device import resolve_device


def split_indices(n: int, val_fraction: float, seed: int) -> tuple[list[int], list[int]]:
    """Train and validation indices; with fewer than 2 items everything trains (no held-out)."""
    if n < 2 or val_fraction <= 0:
        return list(range(n)), []
    order = np.random.default_rng(seed).permutation(n).tolist()
    n_val = min(n - 1, max(1, round(val_fraction * n)))
    return sorted(order[n_val:]), sorted(order[:n_val])


def encoder_state_at(model_state: dict, prefix: str) -> dict:
    """The weights of ``model_state`` under the key ``prefix``, the prefix taken off."""
    n = len(prefix)
    return {k[n:]: v for k, v in model_state.items() if k.startswith(prefix)}


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
        return encoder_state_at(model_state, cls.encoder_prefix)

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
    def checkpoint_payload(self) -> dict:
        return {
            "kind": self.kind,
            "config": self.config.to_dict(),
            "encoder_prefix": self.encoder_prefix,  # where a segmentation finds the encoder to take over
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


def names_for(images: Sequence, names: Sequence[str] | None) -> list[str]:
    return list(names) if names is not None else [f"image {i + 1}" for i in range(len(images))]


def rgb_flags(images: Sequence, rgb: Sequence[bool | None] | bool | None) -> list[bool | None]:
    if rgb is None or isinstance(rgb, bool):
        return [rgb] * len(images)
    return list(rgb)

