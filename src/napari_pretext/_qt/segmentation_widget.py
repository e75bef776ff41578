"""Dock widget: fine-tune a segmentation U-Net on a painted label layer, predict any layer."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
from magicgui.widgets import CheckBox, ComboBox, Container, FileEdit, PushButton, SpinBox
from napari.utils.notifications import show_error, show_info
from qtpy.QtWidgets import QLabel, QWidget

from ..core.errors import PretextInputError
from ..core.run_record import file_entry, input_entries, record_run
from ..images.configs import SegmentationConfig
from ..images.objects import label_objects, object_table
from ..images.segmentation import SegmentationTask
from .layers import dock_layout, image_layer_choices, labels_layer_choices, layer_data, show_image, show_labels, source_path
from .model_files import ModelFiles
from .options import setting_widget, show_model_options, training_options, value, values
from .scheduling import as_generator, schedule_task
from .training_panel import TrainingPanel


def optional_path(value) -> str | None:
    """FileEdit gives Path('.') when empty."""
    text = str(value or "").strip()
    return None if text in ("", ".") else text


def predict_layer(task: SegmentationTask, data, rgb: bool, name: str, objects: bool, min_size: int, split_distance: int):
    """Worker thread: (probability, mask, (objects, their table) or None) for one layer's data."""
    prob, mask = task.predict(data, rgb, name)
    if not objects:
        return prob, mask, None
    labels = label_objects(mask, min_size, split_distance)
    return prob, mask, (labels, object_table(labels))


RUN_STARTED_BY = "napari: the Segmentation dock's Train button"


class SegmentationWidget(QWidget):
    """Train on (image, labels); Train again continues from the current model and optimizer."""

    def __init__(self, napari_viewer, parent=None):
        super().__init__(parent)
        self.viewer = napari_viewer
        self.task: SegmentationTask | None = None
        images = partial(image_layer_choices, viewer=napari_viewer)
        self.image = ComboBox(label="image", choices=images)
        self.labels = ComboBox(label="labels", choices=partial(labels_layer_choices, viewer=napari_viewer))
        self.label_mode = setting_widget(SegmentationConfig, "label_mode")
        self.pretext = FileEdit(label="pretext model", mode="r", filter="*.pt", tooltip="a restoration pretext checkpoint; empty = train from scratch")
        self.freeze = setting_widget(SegmentationConfig, "freeze_encoder")
        self.unfreeze_after = setting_widget(SegmentationConfig, "unfreeze_after", label="unfreeze after (epochs, 0 = never)")
        self.encoder_lr = setting_widget(SegmentationConfig, "encoder_lr_factor")
        self.loss = setting_widget(SegmentationConfig, "loss", "segmentation")
        self.options = training_options(SegmentationConfig)
        self.form = Container(widgets=[
            self.image, self.labels, self.label_mode, self.pretext, self.freeze, self.unfreeze_after, self.encoder_lr, self.loss,
            *self.options.values(),
        ])
        self.panel = TrainingPanel(on_task=self.set_task, on_preview=self.show_preview)
        self.panel.train_button.clicked.connect(self.train)
        self.reset_button = PushButton(text="Reset model (start over)")
        self.reset_button.changed.connect(self.reset)
        self.target = ComboBox(label="predict layer", choices=images)
        self.objects = CheckBox(label="split mask into objects", value=False,
                                tooltip="also add a labels layer with one label per connected object (per slice of a stack)")
        self.min_size = SpinBox(label="min object size (px)", value=0, min=0, max=10**7,
                                tooltip="with objects: drop objects smaller than this")
        self.split_distance = SpinBox(label="split touching (px, 0 = off)", value=0, min=0, max=1000,
                                      tooltip="with objects: split touching objects (distance-transform watershed);\n"
                                      "seeds at least this far apart, about an object's radius")
        self.predict_button = PushButton(text="Predict")
        self.predict_button.changed.connect(self.predict)
        self.files = ModelFiles(self, "Segmentation", SegmentationTask.load, lambda: self.task, self.set_task)
        self.actions = Container(widgets=[
            self.reset_button, self.target, self.objects, self.min_size, self.split_distance, self.predict_button, self.files.save_button, self.files.load_button,
        ])
        self.model_label = QLabel("no model yet")
        self.preview_name = "prediction"
        dock_layout(self, napari_viewer, self.form, self.panel, self.model_label, self.actions)

    def config(self, in_channels: int) -> SegmentationConfig:
        return SegmentationConfig(
            in_channels=in_channels, loss=self.loss.value, label_mode=self.label_mode.value,
            freeze_encoder=self.freeze.value, unfreeze_after=value("unfreeze_after", self.unfreeze_after),
            encoder_lr_factor=self.encoder_lr.value, **values(self.options),
        )

    def train(self) -> None:
        image, labels = self.image.value, self.labels.value
        if image is None:
            show_error("Pick an image layer to train on (open an image first).")
            return
        if labels is None:
            show_error("Pick a label layer: add one with 'New labels layer' and paint objects (or scribbles) on the image.")
            return
        try:
            config = self.config(3 if image.rgb else 1)
            data = layer_data(image)
            label_data = np.array(layer_data(labels))  # a snapshot: painting may go on while training
        except PretextInputError as exc:
            show_error(str(exc))
            return
        pretext = optional_path(self.pretext.value)
        existing = self.task
        resume = existing is not None and existing.encoder_source == pretext and existing.reconfigure(config)
        name, rgb = image.name, image.rgb
        self.preview_name = f"{name} prediction"

        sources = [source_path(image), source_path(labels)]

        def make_task() -> SegmentationTask:
            task = existing if resume else SegmentationTask(config, encoder_from=pretext)
            task.set_data([data], [label_data], [name], [rgb])
            inputs = input_entries([data], [name], sources[:1], rgb=[rgb]) + input_entries([label_data], [labels.name], sources[1:], "labels")
            record_run(task, inputs, RUN_STARTED_BY, config.epochs, encoder_from=None if pretext is None else file_entry(pretext),
                       freeze_encoder=None)
            return task

        if resume:
            show_info("continuing from the current model (Reset model to start over)")
        self.panel.start(make_task, config.epochs, fresh_plot=not resume)

    def set_task(self, task: SegmentationTask) -> None:
        self.task = task
        show_model_options(self.options, task.config)
        if optional_path(self.pretext.value) != task.encoder_source:  # so Train continues this model
            self.pretext.value = task.encoder_source or ""
        source = Path(task.encoder_source).name if task.encoder_source else "from scratch"
        self.model_label.setText(f"model: {task.config.encoder} U-Net ({source}), epoch {task.epoch}")

    def reset(self) -> None:
        if self.panel.running:
            show_error("Training is running: press Stop first.")
            return
        self.task = None
        self.panel.plot.clear()
        self.model_label.setText("no model yet")

    def show_preview(self, event) -> None:
        # Fixed contrast limits: napari then skips recomputing them on every update.
        show_image(self.viewer, event.image, self.preview_name, colormap="magma", blending="additive", opacity=0.6, contrast_limits=(0, 1))

    def predict(self) -> None:
        layer = self.target.value
        if self.task is None or layer is None:
            show_error("Train or load a segmentation model and pick a layer to predict first.")
            return
        if self.panel.running:
            show_error("Training is running: wait for it to finish or press Stop.")
            return

        def done(result) -> None:
            prob, mask, objects = result
            show_image(self.viewer, prob, f"{layer.name} probability", colormap="magma", blending="additive", contrast_limits=(0, 1))
            show_labels(self.viewer, mask, f"{layer.name} mask")
            if objects is not None:
                labels, table = objects
                # napari shows a hovered object's row (area, centroid) in the status bar
                show_labels(self.viewer, labels, f"{layer.name} objects").features = {"index": table["label"], **table}
                show_info(f"{layer.name}: {int(labels.max())} objects")

        try:
            data = layer_data(layer)
        except PretextInputError as exc:
            show_error(str(exc))
            return
        schedule_task(as_generator(predict_layer), self.task, data, layer.rgb, layer.name, self.objects.value, self.min_size.value,
                      self.split_distance.value, on_done=done)
