"""Shared machinery of the volume pretexts (sorting, rotation): data, batches, checkpoints."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ..core.errors import PretextInputError
from ..core.training import Task, names_for, split_indices
from .volumes import check_volume, downscale_volume

VALIDATION_BATCHES = 8


class VolumeTask(Task):
    """A pretext trained on batches drawn from downscaled, normalised in-memory volumes.

    Subclasses define ``make_batch(volumes, rng)``, ``compute_loss``, ``validate`` and
    ``check_prepared(volume, name, factor)`` (shape requirements of their batches).
    """

    encoder_prefix = "backbone.encoder."  # the slice network's ResNet

    def __init__(self, config, make_model):
        super().__init__(config, make_model)
        self.train_volumes: list[np.ndarray] = []
        self.val_batches: list = []
        self.metric_prefix = "val"
        self.notes: list[str] = []  # said once, when training starts (e.g. a batch cut to fit a volume)

    def begin_epoch(self, epoch: int) -> list[str]:
        notes, self.notes = self.notes, []
        return [*super().begin_epoch(epoch), *notes]

    def check_prepared(self, volume: np.ndarray, name: str, factor: int) -> None:
        """Raise a PretextInputError when a downscaled volume cannot feed this task."""

    def set_data(self, volumes: Sequence, names: Sequence[str] | None = None) -> None:
        """Downscale and normalise the volumes once (read chunk by chunk); hold out some."""
        cfg = self.config
        prepared, self.notes = [], []
        for volume, name in zip(volumes, names_for(volumes, names)):
            check_volume(volume, name)
            small, factor = downscale_volume(volume, cfg.max_side)
            if not np.isfinite(small).all():
                raise PretextInputError(f"'{name}' contains NaN or infinite values.")
            self.check_prepared(small, name, factor)
            prepared.append(self.normalize(small))
        train_idx, val_idx = split_indices(len(prepared), cfg.val_fraction, cfg.seed)
        self.train_volumes = [prepared[i] for i in train_idx]
        # With one volume, validation uses fixed batches (another seed) of the training volume.
        val_volumes = [prepared[i] for i in val_idx] or self.train_volumes
        rng = np.random.default_rng((cfg.seed, 10**6))
        self.val_batches = [self.make_batch(val_volumes, rng) for _ in range(VALIDATION_BATCHES)]
        self.metric_prefix = "val" if val_idx else "train"

    def make_batch(self, volumes: list[np.ndarray], rng: np.random.Generator):
        raise NotImplementedError

    # -- engine protocol ------------------------------------------------------------------
    def steps_per_epoch(self) -> int:
        if not self.train_volumes:
            raise PretextInputError("no training volumes: give volumes before training.")
        return (self.config.steps_per_epoch or 50) * len(self.train_volumes)

    def batches(self, epoch: int):
        rng = np.random.default_rng((self.config.seed, epoch))
        for _ in range(self.steps_per_epoch()):
            yield self.make_batch(self.train_volumes, rng)

    def preview(self):
        return None
