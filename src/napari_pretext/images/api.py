"""Headless Python API: the same core the widgets and the CLI drive.

>>> from napari_pretext import api
>>> pretext = api.pretrain_restoration(images, RestorationConfig(encoder="resnet18"), out="pretext.pt")
>>> seg = api.finetune_segmentation(images[:3], masks[:3], SegmentationConfig(encoder="resnet18"),
...                                 encoder_from="pretext.pt", out="seg.pt")
>>> prob, mask = seg.predict(new_image)
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable, Sequence

from ..core.engine import run_training
from ..core.events import Event, drain  # noqa: F401 (drain: part of the API)
from ..core.run_record import file_entry, input_entries, record_run
from ..core.training import names_for
from .configs import RestorationConfig, SegmentationConfig
from .restoration import RestorationTask
from .segmentation import SegmentationTask

EventCallback = Callable[[Event], None]


def pretrain_restoration(
    images: Sequence,
    config: RestorationConfig | None = None,
    out: str | Path | None = None,
    epochs: int | None = None,
    stop: threading.Event | None = None,
    on_event: EventCallback | None = None,
    names: Sequence[str] | None = None,
    sources: Sequence[str | Path | None] | None = None,
    started_by: str | None = None,
) -> RestorationTask:
    """Train the restoration pretext on ``images``; saves to ``out`` when given. ``sources``: the
    files the images came from, and ``started_by``: what started the run, for its run record
    (run_record.py; ``napari-pretext rerun`` needs the files)."""
    task = RestorationTask(config)
    task.set_data(images, names)
    epochs = task.config.epochs if epochs is None else epochs
    record_run(task, input_entries(images, names_for(images, names), sources), started_by or "python: napari_pretext.images.api.pretrain_restoration",
               epochs)
    drain(run_training(task, epochs, stop), on_event)
    if out is not None:
        task.save(out)
    return task


def finetune_segmentation(
    images: Sequence,
    labels: Sequence,
    config: SegmentationConfig | None = None,
    encoder_from: str | Path | None = None,
    out: str | Path | None = None,
    resume: str | Path | None = None,
    freeze_encoder: bool | None = None,
    epochs: int | None = None,
    stop: threading.Event | None = None,
    on_event: EventCallback | None = None,
    names: Sequence[str] | None = None,
    sources: Sequence[str | Path | None] | None = None,
    label_sources: Sequence[str | Path | None] | None = None,
    started_by: str | None = None,
) -> SegmentationTask:
    """Fine-tune (or train from scratch) a segmentation U-Net on labelled ``images``.

    ``encoder_from``: pretext checkpoint whose encoder is transferred (frozen by default).
    ``resume``: a segmentation checkpoint to continue (weights, optimizer, step, history).
    ``sources``, ``label_sources``, ``started_by``: for the run record, as in :func:`pretrain_restoration`.
    """
    if resume is not None:
        task = SegmentationTask.load(resume)
    else:
        task = SegmentationTask(config, encoder_from=encoder_from, freeze_encoder=freeze_encoder)
    task.set_data(images, labels, names)
    epochs = task.config.epochs if epochs is None else epochs
    names = names_for(images, names)
    inputs = input_entries(images, names, sources) + input_entries(labels, [f"labels of {n}" for n in names], label_sources, "labels")
    record_run(task, inputs, started_by or "python: napari_pretext.images.api.finetune_segmentation", epochs,
               encoder_from=None if encoder_from is None else file_entry(encoder_from), freeze_encoder=freeze_encoder)
    drain(run_training(task, epochs, stop), on_event)
    if out is not None:
        task.save(out)
    return task


def load_model(path: str | Path, device: str | None = None) -> RestorationTask | SegmentationTask:
    """Load a restoration or segmentation checkpoint as its task, on ``device`` (default: the
    one it was saved with)."""
    from ..core.checkpoint import load_checkpoint, on_device, task_from_checkpoint

    data = on_device(load_checkpoint(path, kind=("restoration", "segmentation")), device)
    task_class = RestorationTask if data["kind"] == "restoration" else SegmentationTask
    return task_from_checkpoint(task_class, data, Path(path).name)
