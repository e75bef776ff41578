"""Train / Stop buttons, progress, live loss plot and status: shared by the training widgets."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Callable

from napari.utils import progress
from napari.utils.notifications import show_info, show_warning
from qtpy.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from ..core.engine import run_training
from ..core.events import EpochDone, Message, PreviewReady, StepDone, TrainingFinished, TrainingStarted
from .loss_plot import LossPlot
from .scheduling import schedule_task


class TrainingPanel(QWidget):
    """Runs ``run_training(make_task(), epochs, stop)`` in a worker and shows what it reports.

    ``make_task`` runs in the worker thread (building a ResNet50 and validating data take
    seconds); the task it returns reaches ``on_task`` on the main thread before training starts,
    and again when the run ends (so the widget shows the epochs it now has).
    """

    def __init__(self, on_task: Callable[[object], None], on_preview: Callable[[PreviewReady], None], parent=None):
        super().__init__(parent)
        self.on_task, self.on_preview = on_task, on_preview
        self.train_button = QPushButton("Train")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setEnabled(False)
        self.stop_button.setToolTip("stop after the current step; the model trained so far is kept")
        self.bar = QProgressBar()
        self.status = QLabel("idle")
        self.status.setWordWrap(True)
        self.plot = LossPlot()
        buttons = QHBoxLayout()
        buttons.addWidget(self.train_button)
        buttons.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.plot)
        self.stop_button.clicked.connect(self.request_stop)
        self.stop_flag = threading.Event()
        self.worker = None
        self.progress: progress | None = None
        self.last_event: object | None = None
        self.task: object | None = None
        self.started_at = 0.0

    @property
    def running(self) -> bool:
        return self.worker is not None

    def start(self, make_task: Callable[[], object], epochs: int, fresh_plot: bool = True) -> None:
        if self.running:
            return
        if fresh_plot:
            self.plot.clear()
        self.stop_flag = threading.Event()
        self.last_event = None
        self.train_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.status.setText("preparing data…")
        self.started_at = time.perf_counter()
        # Created on the click, not when training starts: napari's first progress bar of a
        # session costs ~0.1 s of main-thread time, better spent while the user expects a
        # response than in the middle of a run; it also shows activity while data loads.
        self.progress = progress(total=0, desc="napari-pretext: preparing data")
        self.worker = schedule_task(
            _train, make_task, epochs, self.stop_flag,
            on_event=self.handle_event, on_finally=self.finish,
        )

    def request_stop(self) -> None:
        self.stop_flag.set()
        self.status.setText("stopping after the current step…")

    def handle_event(self, event) -> None:
        """Main thread: update the widget from one engine event."""
        self.last_event = event
        if isinstance(event, TaskReady):
            self.task = event.task
            self.on_task(event.task)
        elif isinstance(event, TrainingStarted):
            self.bar.setRange(0, max(event.total_steps, 1))
            self.bar.setValue(0)
            if self.progress is not None:
                self.progress.total = event.total_steps
                self.progress.set_description(f"napari-pretext: {event.kind}")
            if event.message:
                show_warning(event.message)
            self.status.setText(f"training on {event.device}")
        elif isinstance(event, StepDone):
            self.bar.setValue(event.run_step)
            if self.progress is not None:
                self.progress.update(event.run_step - self.progress.n)
            self.plot.add("train loss", event.step, event.loss)
        elif isinstance(event, EpochDone):
            if "val_loss" in event.metrics:
                self.plot.add("val loss", self.plot.series["train loss"][-1][0], event.metrics["val_loss"])
            shown = "  ".join(f"{k.replace('val_', 'val ')} {v:.3f}" for k, v in event.metrics.items() if k != "val_loss")
            self.status.setText(f"epoch {event.epoch}: loss {event.train_loss:.4f}  {shown}")
        elif isinstance(event, PreviewReady):
            self.on_preview(event)
        elif isinstance(event, Message):
            show_info(event.text)
        elif isinstance(event, TrainingFinished):
            took = time.perf_counter() - self.started_at
            verb = "stopped" if event.stopped else "finished"
            self.status.setText(f"{verb} after epoch {event.epoch}, step {event.step} ({took:.0f} s)")
            if self.task is not None:
                self.on_task(self.task)

    def finish(self) -> None:
        """Main thread, always called: re-enable the UI and close the progress bar."""
        self.worker = None
        if self.progress is not None:
            self.progress.close()
            self.progress = None
        self.train_button.setEnabled(True)
        self.stop_button.setEnabled(False)
        if not isinstance(self.last_event, TrainingFinished):
            self.status.setText("idle (the last run ended with an error: see the notification)")


@dataclass(frozen=True)
class TaskReady:
    task: object


def _train(make_task, epochs, stop):
    """Worker thread: build the task and load its data, then train. Yields engine events."""
    task = make_task()
    yield TaskReady(task)
    return (yield from run_training(task, epochs, stop))
