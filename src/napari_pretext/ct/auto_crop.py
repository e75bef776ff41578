"""One click from a volume to its crop: train a sorting model on that volume alone with the
measured quick schedule, localise the sample (MC-dropout heatmap, guided box), crop.

A generator like the other jobs: it yields one :class:`~napari_pretext.core.events.Progress` bar
across the three stages (per mille: training 0-700, localising 700-950, cropping 950-1000) and
returns an :class:`AutoCrop`. A ``stop`` flag ends it after the current step (``None`` returned).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Generator

import numpy as np

from ..core.errors import PretextInputError
from ..core.events import Progress, StepDone
from .box_rule import BoxRule
from .boxes import Box
from .crop import CAUTIOUS
from .localize import Localization, checked_spacing, localize
from .sorting import SortingConfig
from .volumes import check_volume

STAGES = {"train": (0, 700), "localise": (700, 950), "crop": (950, 1000)}  # per mille of the one bar


def quick_sorting_config(seed: int = 0, **changes) -> SortingConfig:
    """The measured quick schedule: 5 epochs x 30 batches of 16 slices at 128 px, the volume
    downscaled to 128 voxels (the demo's CT settings: 0.3-0.7 % box error on its scenes, 68 s)."""
    return SortingConfig(**{"epochs": 5, "steps_per_epoch": 30, "patch_size": 128, "max_side": 128, "val_fraction": 0.0,
                            "seed": seed, **changes})


@dataclass
class AutoCrop:
    task: object  # the SortingTask trained (or given)
    localization: Localization
    cropped: object  # the crop as an array (a view of the volume where it can be)
    box: Box  # the box cropped: the localization's, or its wide box (cautious, flagged)

    @property
    def widened(self) -> bool:
        return self.box != self.localization.box


def stage(name: str, done: float, total: float, what: str) -> Progress:
    """A point of the one bar: ``done`` of ``total`` within stage ``name``."""
    low, high = STAGES[name]
    return Progress(int(low + (high - low) * min(done / max(total, 1), 1.0)), 1000, what)


def auto_crop(volume, task=None, config: SortingConfig | None = None, padding: int = 4,
              stop: threading.Event | None = None, spacing: tuple[float, float, float] | None = None,
              source: str | None = None, started_by: str | None = None, cautious: bool = CAUTIOUS,
              rule: BoxRule | None = None) -> Generator:
    """Volume (Z, Y, X) -> :class:`AutoCrop`; ``task``: an existing sorting model (no training);
    ``spacing``: the (z, y, x) voxel size when known (see :func:`~.localize.localize`);
    ``source`` (the volume's file) and ``started_by`` go into the model's run record;
    ``cautious``: a flagged box is cropped as its wide box (``Localization.cautious_box``);
    ``rule``: the box rule (:class:`~.box_rule.BoxRule`, its defaults when None)."""
    from pathlib import Path

    from ..core.engine import run_training
    from ..core.run_record import input_entries, record_run
    from .sorting import SortingTask

    check_volume(volume)
    # what localize() would refuse, refused before a minute of training
    spacing = checked_spacing(spacing)
    if not (isinstance(padding, (int, np.integer)) and padding >= 0):
        raise PretextInputError(f"the padding must be a whole number of voxels >= 0, not {padding!r}.")
    stop = stop or threading.Event()
    if task is None:
        task = SortingTask(config or quick_sorting_config())
        yield stage("train", 0, 1, "preparing the volume")
        name = Path(source).name if source else "volume"
        task.set_data([volume], [name])
        record_run(task, input_entries([volume], [name], [source], "volume"), started_by or "python: napari_pretext.ct.auto_crop",
                   task.config.epochs)
        for event in run_training(task, task.config.epochs, stop):
            if isinstance(event, StepDone):
                yield stage("train", event.run_step, event.total_steps, "training a sorting model on this volume")
        if stop.is_set():
            return None
    job = localize(volume, "sorting", task, padding=padding, spacing=spacing, rule=rule)
    while True:
        try:
            event = next(job)
        except StopIteration as done:
            loc = done.value
            break
        if stop.is_set():
            return None
        yield stage("localise", event.done, event.total, f"localising: {event.what}")
    yield stage("crop", 1, 1, "done")
    box = loc.cautious_box if cautious else loc.box
    return AutoCrop(task, loc, volume[box.slices], box)  # a view of a memory-mapped volume
