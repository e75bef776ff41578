"""Save / Load model buttons shared by the training widgets (file IO runs in a worker)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from magicgui.widgets import PushButton
from napari.utils.notifications import show_error, show_info
from qtpy.QtWidgets import QFileDialog

from ..core.errors import PretextInputError
from ..core.outputs import check_model_name
from .scheduling import as_generator, schedule_task


class ModelFiles:
    """Two buttons; ``save(path)`` and ``load(path)`` are also callable directly (tests, scripts)."""

    def __init__(self, parent, title: str, loader: Callable[[str], object], get_task: Callable[[], object], set_task: Callable[[object], None]):
        self.parent, self.title, self.loader = parent, title, loader
        self.get_task, self.set_task = get_task, set_task
        self.last_path: str | None = None  # the file the current model was last saved to or loaded from
        self.save_button = PushButton(text="Save model…")
        self.load_button = PushButton(text="Load model…")
        self.save_button.changed.connect(lambda: self.save(self.ask_path(save=True)))
        self.load_button.changed.connect(lambda: self.load(self.ask_path(save=False)))

    def save(self, path: str | None):
        task = self.get_task()
        if not path:
            return None
        if task is None:
            show_error("There is no model to save yet: train or load one first.")
            return None
        try:
            check_model_name(path)
        except PretextInputError as exc:
            show_error(str(exc))
            return None
        self.last_path = str(path)
        return schedule_task(as_generator(task.save), path, on_done=lambda p: show_info(f"saved {p}"))

    def load(self, path: str | None):
        if not path:
            return None
        self.last_path = str(path)
        return schedule_task(as_generator(self.loader), path, on_done=self.set_task)

    def ask_path(self, save: bool) -> str | None:
        dialog = QFileDialog.getSaveFileName if save else QFileDialog.getOpenFileName
        default = str(Path.home() / f"{self.title.lower().split()[0]}.pt")
        path, _ = dialog(self.parent, f"{self.title} model", default, "PyTorch model (*.pt)")
        return path or None
