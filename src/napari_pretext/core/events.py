"""Typed progress events that cross from the compute core to the UI (or CLI) as plain values."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class TrainingStarted:
    kind: str
    epochs: int  # epochs in this run
    total_steps: int  # optimizer steps in this run
    first_step: int  # global step this run starts from (continued training)
    device: str
    message: str | None = None  # e.g. "CUDA requested but missing: using the CPU"


@dataclass(frozen=True)
class StepDone:
    step: int  # global optimizer step, 1-based
    run_step: int  # step within this run, 1-based
    total_steps: int
    epoch: int
    loss: float  # mean training loss since the previous StepDone


@dataclass(frozen=True)
class EpochDone:
    epoch: int  # global epoch, 1-based
    train_loss: float
    metrics: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class PreviewReady:
    """An image computed by the current model (restored image, probability map)."""

    epoch: int
    name: str
    image: np.ndarray


@dataclass(frozen=True)
class TrainingFinished:
    stopped: bool  # True when the stop flag ended the run early
    step: int
    epoch: int
    metrics: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Message:
    """Something the user should know (a fallback, a change of state)."""

    text: str


@dataclass(frozen=True)
class Progress:
    """Progress of a non-training job (localisation, cropping): ``done`` of ``total`` units."""

    done: int
    total: int
    what: str


Event = TrainingStarted | StepDone | EpochDone | PreviewReady | TrainingFinished | Message | Progress


def drain(events, on_event=None):
    """Run a job's event generator to the end (training, localisation, a crop), passing each
    event to ``on_event``; returns what the generator returns. The one loop for the generator
    convention: the API, the CLI and the tests all drain through it."""
    while True:
        try:
            event = next(events)
        except StopIteration as stop:
            return stop.value
        if on_event is not None:
            on_event(event)
