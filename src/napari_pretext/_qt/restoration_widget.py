"""Dock widget: train the restoration pretext on open image layers, restore any layer."""

from __future__ import annotations

from functools import partial

from magicgui.widgets import ComboBox, Container, PushButton, Select
from napari.utils.notifications import show_error
from qtpy.QtWidgets import QLabel, QWidget

from ..core.errors import PretextInputError
from ..core.run_record import input_entries, record_run
from ..images.configs import RestorationConfig
from ..images.restoration import RestorationTask
from .layers import dock_layout, image_layer_choices, layer_data, show_image, source_path
from .model_files import ModelFiles
from .options import setting_widget, show_model_options, training_options, values
from .scheduling import as_generator, schedule_task
from .training_panel import TrainingPanel

RUN_STARTED_BY = "napari: the Restoration pretext dock's Train button"


class RestorationWidget(QWidget):
    """Restoration pretext: corrupted copies of the chosen images are restored by a U-Net."""

    def __init__(self, napari_viewer, parent=None):
        super().__init__(parent)
        self.viewer = napari_viewer
        self.task: RestorationTask | None = None
        choices = partial(image_layer_choices, viewer=napari_viewer)
        self.images = Select(label="images", choices=choices, tooltip="unlabelled images to learn from (2D, RGB or stacks)")
        self.options = training_options(RestorationConfig)
        self.loss = setting_widget(RestorationConfig, "loss", "restoration")
        self.drop = setting_widget(RestorationConfig, "drop_fraction")
        self.blur = setting_widget(RestorationConfig, "blur_probability")
        self.sobel = setting_widget(RestorationConfig, "sobel_probability")
        self.form = Container(widgets=[self.images, *self.options.values(), self.loss, self.drop, self.blur, self.sobel])
        self.panel = TrainingPanel(on_task=self.set_task, on_preview=self.show_preview)
        self.panel.train_button.clicked.connect(self.train)
        self.target = ComboBox(label="restore layer", choices=choices)
        self.restore_button = PushButton(text="Restore")
        self.files = ModelFiles(self, "Restoration", RestorationTask.load, lambda: self.task, self.set_task)
        self.actions = Container(widgets=[self.target, self.restore_button, self.files.save_button, self.files.load_button])
        self.restore_button.changed.connect(self.restore)
        self.model_label = QLabel("no model yet")
        dock_layout(self, napari_viewer, self.form, self.panel, self.model_label, self.actions)

    # -- state from the form -------------------------------------------------------------
    def config(self, in_channels: int) -> RestorationConfig:
        return RestorationConfig(
            in_channels=in_channels, loss=self.loss.value, drop_fraction=self.drop.value,
            blur_probability=self.blur.value, sobel_probability=self.sobel.value, **values(self.options),
        )

    # -- actions -----------------------------------------------------------------------
    def train(self) -> None:
        layers = list(self.images.value)
        if not layers:
            show_error("Pick at least one image layer under 'images' to train on (open an image first).")
            return
        in_channels = 3 if all(layer.rgb for layer in layers) else 1
        try:
            config = self.config(in_channels)
            data = [(layer_data(layer), layer.name, layer.rgb) for layer in layers]
        except PretextInputError as exc:
            show_error(str(exc))
            return
        sources = [source_path(layer) for layer in layers]

        def make_task() -> RestorationTask:
            task = RestorationTask(config)
            arrays, names, rgb = [d for d, _, _ in data], [n for _, n, _ in data], [r for _, _, r in data]
            task.set_data(arrays, names, rgb)
            record_run(task, input_entries(arrays, names, sources, rgb=rgb), RUN_STARTED_BY, config.epochs)
            return task

        self.panel.start(make_task, config.epochs)

    def set_task(self, task: RestorationTask) -> None:
        self.task = task
        show_model_options(self.options, task.config)
        self.model_label.setText(f"model: {task.config.encoder} U-Net, {task.config.in_channels} channel(s), epoch {task.epoch}")

    def show_preview(self, event) -> None:
        show_image(self.viewer, event.image, event.name, colormap="gray", contrast_limits=(0, 1))

    def restore(self) -> None:
        layer = self.target.value
        if self.task is None or layer is None:
            show_error("Train or load a restoration model and pick a layer to restore first.")
            return
        if self.panel.running:
            show_error("Training is running: wait for it to finish or press Stop.")
            return
        name = f"{layer.name} restored"
        try:
            data = layer_data(layer)
        except PretextInputError as exc:
            show_error(str(exc))
            return
        schedule_task(
            as_generator(self.task.restore), data, layer.rgb, layer.name,
            on_done=lambda restored: show_image(self.viewer, restored, name, colormap="gray", contrast_limits=(0, 1)),
        )
