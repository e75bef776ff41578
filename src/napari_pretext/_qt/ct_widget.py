"""Dock widget "CT pretext": train sorting/rotation pretexts on open volumes, localise, crop."""

from __future__ import annotations

import threading
import weakref
from functools import partial
from pathlib import Path

import numpy as np
from magicgui.widgets import CheckBox, ComboBox, Container, FileEdit, FloatSpinBox, PushButton, Select, SpinBox
from napari.utils.notifications import show_error, show_info, show_warning
from qtpy.QtWidgets import QLabel, QMessageBox, QProgressBar, QVBoxLayout, QWidget
from superqt import QCollapsible

from ..core.errors import PretextInputError
from ..core.events import Progress
from ..core.run_record import input_entries, record_run
from ..ct.api import how_cropped, load_ct_model, recorded_spacing
from ..ct.auto_crop import auto_crop, quick_sorting_config
from ..ct.box_rule import BOX_RULES, DRY_HELP, BoxRule, sample_rule
from ..ct.boxes import box_after_edit, box_from_vertices, box_to_rectangles
from ..ct.crop import CAUTIOUS, CAUTIOUS_HELP, check_crop_output, crop_metadata, write_crop
from ..ct.localize import localize, rebox
from ..ct.rotation_task import RotationConfig, RotationTask
from ..ct.sorting import SortingConfig, SortingTask
from ..ct.volumes import check_volume
from .layers import follow_layer_list, image_layer_choices, layer_data, shapes_layer_choices, show_image, show_shapes, source_path
from .model_files import ModelFiles
from .options import setting_widget, show_model_options, training_options, values
from .scheduling import as_generator, schedule_task
from .training_panel import TrainingPanel

AXES_CHOICES = {"z only": ("z",), "z, y and x": ("z", "y", "x")}


def hot_contrast(heatmap: np.ndarray, fraction: float) -> tuple[float, float]:
    """A sorting heatmap's colour range from its top ``fraction`` up (the region the box rule
    starts from), so the hot region shows instead of a haze over the whole volume."""
    low, high = float(np.quantile(heatmap, 1 - fraction)), float(heatmap.max())
    return (low, high) if high > low else (float(heatmap.min()), high + 1e-12)


def follow_box_edits(layer, volume_shape: tuple[int, ...]) -> None:
    """Keep a box layer a box: the rectangle the user reshapes (or draws) on one slice sets the
    box's (y, x) extent on every slice it spans (see :func:`box_after_edit`)."""
    updating = []

    def edited(event) -> None:
        if updating or str(getattr(event, "action", "")) not in ("changed", "added"):
            return
        indices = [i for i in (getattr(event, "data_indices", None) or ()) if isinstance(i, int)]
        if not indices:
            return
        shapes = list(layer.data)
        try:
            box = box_after_edit(shapes, indices[0] % len(shapes), volume_shape)
        except PretextInputError as exc:
            show_error(str(exc))
            return
        rectangles = box_to_rectangles(box)
        if len(rectangles) == len(shapes) and all(np.array_equal(a, b) for a, b in zip(rectangles, shapes)):
            return
        updating.append(True)
        try:
            layer.data = rectangles
        finally:
            updating.clear()

    layer.events.data.connect(edited)


RUN_STARTED_BY = "napari: the CT pretext dock's Train button"


class CTWidget(QWidget):
    def __init__(self, napari_viewer, parent=None):
        super().__init__(parent)
        self.viewer = napari_viewer
        self.task: SortingTask | RotationTask | None = None
        # (weak ref to the layer data, model, epoch, Localization) of the last sorting heatmap: a new box rule,
        # fraction or padding on the same volume re-boxes it instead of running MC dropout again
        self.last_heatmap: tuple | None = None
        images = partial(image_layer_choices, viewer=napari_viewer)
        self.volumes = Select(label="volumes", choices=images, tooltip="3D (Z, Y, X) image layers to learn from")
        self.pretext = ComboBox(label="pretext", choices=("sorting", "rotation"), value="sorting")
        self.options = training_options(SortingConfig)
        # CT epochs are not passes over pixels: each draws this many batches from every volume
        self.steps = setting_widget(SortingConfig, "steps_per_epoch", label="batches per volume")
        self.axes = ComboBox(label="slice axes", choices=list(AXES_CHOICES), value=next(k for k, v in AXES_CHOICES.items() if v == SortingConfig.axes))
        self.max_side = setting_widget(SortingConfig, "max_side")
        self.sampling = setting_widget(SortingConfig, "sampling")
        self.angle_step = setting_widget(RotationConfig, "angle_step")
        self.head = setting_widget(RotationConfig, "head")
        self.radial = setting_widget(RotationConfig, "remove_radial_mean", label="remove radial mean (rotation)")
        self.form = Container(widgets=[self.volumes, self.pretext, *self.options.values(), self.steps, self.axes, self.max_side, self.sampling,
                                       self.angle_step, self.head, self.radial])
        self.pretext.changed.connect(self.pretext_defaults)
        self.panel = TrainingPanel(on_task=self.set_task, on_preview=lambda event: None)
        self.panel.train_button.clicked.connect(self.train)
        self.files = ModelFiles(self, "CT pretext", load_ct_model, lambda: self.task, self.set_task)
        self.target = ComboBox(label="volume", choices=images)
        self.method = ComboBox(label="method", choices=("model", "threshold"), value="model")
        self.fraction = FloatSpinBox(label="top fraction (sorting)", value=BoxRule().top_fraction, min=0.001, max=0.5, step=0.01)
        self.box_rule = ComboBox(label="box rule", choices=BOX_RULES, value=BoxRule().name,
                                 tooltip="guided: the bright object the model's region points at; top: that region itself "
                                         "(sorting: the top fraction, the paper's rule; rotation: the certain slices)")
        self.padding = SpinBox(label="padding (voxels)", value=4, min=0, max=1000,
                               tooltip="voxels of the finest axis: thick slices get fewer (the same length on every axis)")
        self.localise_button = PushButton(text="Localise")
        self.box_layer = ComboBox(label="box layer", choices=partial(shapes_layer_choices, viewer=napari_viewer))
        self.write = CheckBox(label="also write to disk", value=False)
        self.out = FileEdit(label="crop file", mode="w", filter="*.tif *.zarr", tooltip="empty: <volume>_crop.tif next to the volume's file")
        self.crop_button = PushButton(text="Crop")
        self.job_bar = QProgressBar()
        # one click: a sorting model trained on this volume alone, its box, the crop
        self.auto_button = PushButton(text="Localise and crop", tooltip="train a sorting model on this volume alone (about a "
                                      "minute on a CPU), box the sample, crop it; uses the current sorting model if there is one")
        self.cautious = CheckBox(label="widen a box to check by hand", value=CAUTIOUS, tooltip=CAUTIOUS_HELP)
        self.dry = CheckBox(label="dry sample (in air)", value=False, tooltip=DRY_HELP)
        self.auto_stop = PushButton(text="Stop", enabled=False)
        self.auto_flag = threading.Event()
        self.quick = Container(widgets=[self.target, self.dry, self.write, self.out, self.cautious, self.auto_button, self.auto_stop])
        self.actions = Container(widgets=[
            self.files.save_button, self.files.load_button, self.method, self.fraction, self.box_rule,
            self.padding, self.localise_button, self.box_layer, self.crop_button,
        ])
        self.localise_button.changed.connect(self.localise)
        self.crop_button.changed.connect(self.crop)
        self.auto_button.changed.connect(self.localise_and_crop)
        self.auto_stop.changed.connect(self.auto_flag.set)
        self.model_label = QLabel("no model yet")
        self.advanced = QCollapsible("Advanced: train, localise and crop step by step")
        layout = QVBoxLayout(self)
        for part in (self.quick.native, self.job_bar):
            layout.addWidget(part)
        for part in (self.form.native, self.panel, self.model_label, self.actions.native):
            self.advanced.addWidget(part)
        layout.addWidget(self.advanced)
        layout.addStretch()
        for container in (self.quick, self.form, self.actions):
            follow_layer_list(napari_viewer, container)
            container.reset_choices()

    # -- training -----------------------------------------------------------------------
    def config(self):
        common = dict(**values(self.options), steps_per_epoch=self.steps.value or None, axes=AXES_CHOICES[self.axes.value],
                      max_side=self.max_side.value)
        if self.pretext.value == "sorting":
            return SortingConfig(sampling=self.sampling.value, **common)
        return RotationConfig(angle_step=float(self.angle_step.value), head=self.head.value, remove_radial_mean=self.radial.value, **common)

    def pretext_defaults(self, pretext: str) -> None:
        """Each pretext's own measured learning rate when the user switches between them."""
        self.options["learning_rate"].value = (SortingConfig if pretext == "sorting" else RotationConfig).learning_rate

    def train(self) -> None:
        layers = list(self.volumes.value)
        if not layers:
            show_error("Pick at least one volume (a 3D image layer) to train on.")
            return
        try:
            config = self.config()
            data = [check_volume(layer_data(layer, full_resolution=True), layer.name) for layer in layers]
        except PretextInputError as exc:
            show_error(str(exc))
            return
        task_class = SortingTask if isinstance(config, SortingConfig) else RotationTask
        names, sources = [layer.name for layer in layers], [source_path(layer) for layer in layers]

        def make_task():
            task = task_class(config)
            task.set_data(data, names)
            record_run(task, input_entries(data, names, sources, "volume"), RUN_STARTED_BY, config.epochs)
            return task

        self.panel.start(make_task, config.epochs)

    def set_task(self, task) -> None:
        self.task = task
        cfg = task.config
        show_model_options(self.options, cfg)
        self.pretext.value = task.kind
        # what the model sees, so that the form describes the model in use
        self.options["patch_size"].value, self.max_side.value = cfg.patch_size, cfg.max_side
        self.steps.value = cfg.steps_per_epoch or SortingConfig.steps_per_epoch
        self.axes.value = next((name for name, axes in AXES_CHOICES.items() if axes == tuple(cfg.axes)), self.axes.value)
        if task.kind == "sorting":
            self.sampling.value = cfg.sampling
        else:
            self.angle_step.value, self.head.value, self.radial.value = int(cfg.angle_step), cfg.head, cfg.remove_radial_mean
        self.model_label.setText(f"model: {task.kind} pretext, {task.config.encoder}, epoch {task.epoch}")

    # -- localise and crop ------------------------------------------------------------------
    def busy(self) -> bool:
        if self.panel.running or self.auto_stop.enabled:
            show_error("Training is running: wait for it to finish or press Stop.")
            return True
        return False

    def show_progress(self, event) -> None:
        if isinstance(event, Progress):
            self.job_bar.setRange(0, max(event.total, 1))
            self.job_bar.setValue(event.done)
            self.job_bar.setFormat(f"{event.what} %p%")

    def ready_target(self, what: str):
        """The chosen volume layer when nothing else runs; else None, after saying why."""
        layer = self.target.value
        if layer is None:
            show_error(f"Pick a volume to {what} (open a 3D image first).")
            return None
        return None if self.busy() else layer

    def localise(self) -> None:
        layer = self.ready_target("localise the sample in")
        if layer is None:
            return
        method = "threshold" if self.method.value == "threshold" else (self.task.kind if self.task else None)
        if method is None:
            show_error("Train or load a sorting or rotation model first, or use the threshold method.")
            return
        try:
            volume = check_volume(layer_data(layer, full_resolution=True), layer.name)
        except PretextInputError as exc:
            show_error(str(exc))
            return
        spacing = voxel_spacing(layer)

        # the volume by a weak reference: a deleted layer's data is not kept alive for this
        key = (weakref.ref(layer.data), self.task, getattr(self.task, "epoch", None))
        last = self.last_heatmap
        again = (last is not None and method == "sorting" and last[0]() is layer.data and last[1] is key[1] and last[2] == key[2])
        fraction = self.fraction.value
        rule = sample_rule(None, self.dry.value)
        options = dict(fraction=fraction, padding=self.padding.value, box_rule=self.box_rule.value, rule=rule)

        def job():  # in the worker: the heatmap (or the last one re-boxed) and its colour range
            if again:
                loc = rebox(volume, self.last_heatmap[3], **options)
            else:
                # the voxel size: the rule's lengths are physical (thick slices)
                loc = yield from localize(volume, method, None if method == "threshold" else self.task, spacing=spacing, **options)
            return loc, hot_contrast(loc.heatmap, fraction) if method == "sorting" else None

        def done(result) -> None:
            loc, limits = result
            if method == "sorting":
                self.last_heatmap = (*key, loc)
            self.show_localization(layer, tuple(volume.shape), loc, limits)

        schedule_task(job, on_event=self.show_progress, on_done=done)

    def show_localization(self, layer, volume_shape: tuple[int, ...], loc, limits=None) -> None:
        """Main thread: the heatmap layer, the editable box layer, and a notification."""
        name, scale, translate, f = layer.name, np.asarray(layer.scale), np.asarray(layer.translate), loc.factor
        heat = show_image(self.viewer, loc.heatmap, f"{name} heatmap", colormap="inferno", blending="additive", opacity=0.6,
                          scale=scale * f, translate=translate + scale * (f - 1) / 2)
        if limits is not None:
            heat.contrast_limits = limits
        # a box to check by hand: where its neighbours (half and twice the top fraction) reach too,
        # drawn under the editable box (which stays the one selected)
        wide, wide_name = loc.wide_box if loc.check else None, f"{name} wide box"
        drawn = wide is not None and wide != loc.box
        if drawn:
            show_shapes(self.viewer, box_to_rectangles(wide), wide_name, shape_type="rectangle", edge_color="orange",
                        face_color="transparent", edge_width=1, scale=scale, translate=translate)
        elif wide_name in self.viewer.layers:  # from an earlier localisation of this volume
            self.viewer.layers.remove(wide_name)
        box_layer = show_shapes(self.viewer, box_to_rectangles(loc.box), f"{name} box", shape_type="rectangle", edge_color="yellow",
                                face_color="transparent", edge_width=2, scale=scale, translate=translate)
        follow_box_edits(box_layer, volume_shape)
        self.actions.reset_choices()
        self.box_layer.value = box_layer
        # a box the guided rule could not tie to a bright object, or an unstable one, is flagged, not hidden
        notify = show_warning if loc.check else show_info
        said = loc.how_says_check  # the rule's words say why
        sure = "" if loc.confidence is None else f"; confidence {loc.confidence:.2f}" + (": check the box by hand" if loc.unstable and
                                                                                           not said else "")
        if loc.face is not None and not said:
            sure += f"; {loc.face_words(self.padding.value)}: check the box by hand"
        if loc.disagrees and not said:
            sure += f"; {loc.second_opinion_words}: check the box by hand"
        if drawn:
            sure += f"; '{wide_name}' (orange) shows where its neighbouring boxes reach"
        notify(f"{name}: box {loc.box.start} to {loc.box.stop} ({loc.method}: {loc.how}{sure})")

    def volume_and_destination(self, layer, then=None) -> tuple | None:
        """(volume, ``then(volume)``, the crop file or None) for a crop of ``layer``, or None when
        the user has something to fix (said in a notification) or chose not to replace a file."""
        try:
            volume = check_volume(layer_data(layer, full_resolution=True), layer.name)
            extra = then(volume) if then is not None else None
            out = self.crop_destination(layer)
        except PretextInputError as exc:
            show_error(str(exc))
            return None
        return None if out is False else (volume, extra, out)

    def localise_and_crop(self) -> None:
        """One click: train a sorting model on the volume alone (unless one is loaded), box, crop."""
        layer = self.ready_target("crop")
        checked = None if layer is None else self.volume_and_destination(layer)
        if checked is None:
            return
        volume, _, out = checked
        task = self.task if getattr(self.task, "kind", None) == "sorting" else None
        name, scale, src, cautious = layer.name, np.asarray(layer.scale), source_path(layer), self.cautious.value
        rule = sample_rule(None, self.dry.value)
        spacing = voxel_spacing(layer)
        self.auto_flag.clear()

        def job():  # in the worker: training (unless a model is there), localisation, the crop on disk
            result = yield from auto_crop(volume, task, quick_sorting_config(), self.padding.value, self.auto_flag, spacing,
                                          src, "napari: the CT pretext dock's Localise and crop button", cautious, rule)
            if result is not None and out is not None:
                write_crop(volume, result.box, out, crop_metadata(result.box, str(src) if src else name, list(spacing),
                                                                  "sorting model (one click)", how_cropped(result.localization, result.box)))
            return result

        def done(result) -> None:
            if result is None:
                show_info("stopped: nothing was cropped")
                return
            if result.task is not self.task:
                self.set_task(result.task)
            loc = result.localization
            self.show_localization(layer, tuple(volume.shape), loc, hot_contrast(loc.heatmap, (loc.rule or BoxRule()).top_fraction))
            show_image(self.viewer, result.cropped, f"{name} crop", scale=scale,
                       translate=np.asarray(layer.translate) + scale * np.asarray(result.box.start))
            show_info(f"cropped {name} to {result.box.shape}" + (" (the wide box: the box is to be checked by hand)" if result.widened else "")
                      + (f", written to {out}" if out else ""))

        def finished() -> None:
            self.auto_button.enabled, self.auto_stop.enabled = True, False

        self.auto_button.enabled, self.auto_stop.enabled = False, True
        schedule_task(job, on_event=self.show_progress, on_done=done, on_finally=finished)

    def crop(self) -> None:
        layer, shapes = self.target.value, self.box_layer.value
        if layer is None or shapes is None:
            show_error("Pick the volume and the box layer (Localise makes one; you can edit it).")
            return
        checked = self.volume_and_destination(layer, lambda volume: box_from_vertices(list(shapes.data), tuple(volume.shape)))
        if checked is None:
            return
        volume, box, out = checked
        name, scale, translate, spacing = layer.name, np.asarray(layer.scale), np.asarray(layer.translate), voxel_spacing(layer)
        model = self.model_description()
        how = f"the box in the shapes layer {shapes.name!r} (localised, maybe edited by hand)"

        def job():
            cropped = volume[box.slices]  # stays lazy when the layer is a dask array
            if out is not None:
                src = source_path(layer)
                write_crop(volume, box, out, crop_metadata(box, str(src) if src else name, list(spacing), model, how))
            return cropped

        def done(cropped) -> None:
            show_image(self.viewer, cropped, f"{name} crop", scale=scale, translate=translate + scale * np.asarray(box.start))
            show_info(f"cropped {name} to {box.shape}" + (f", written to {out}" if out else ""))

        schedule_task(as_generator(job), on_done=done)

    def model_description(self) -> str | None:
        """What localised the box, for the crop's metadata."""
        if self.method.value == "threshold" or self.task is None:
            return "threshold"
        return self.files.last_path or f"{self.task.kind} model (unsaved, epoch {self.task.epoch})"

    def crop_path(self, layer) -> Path:
        text = str(self.out.value or "").strip()
        if text not in ("", "."):
            out = Path(text)
        else:
            src = source_path(layer)
            if src is None:
                raise PretextInputError(f"'{layer.name}' was not opened from a file: choose a crop file to write to.")
            out = src.with_name(f"{src.stem}_crop.tif")
        return out

    def crop_destination(self, layer) -> Path | None | bool:
        """The crop file to write, checked (None: not asked to write; False: the user declined to
        replace an existing file, which is then kept)."""
        if not self.write.value:
            return None
        out, src = self.crop_path(layer), source_path(layer)
        replace = out.exists() and out.is_file()
        if replace and not self.confirm_replace(out):
            show_info(f"not cropped: {out} exists and was kept (choose another crop file)")
            return False
        check_crop_output(out, sources=[src] if src else [], overwrite=replace)
        return out

    def confirm_replace(self, out: Path) -> bool:
        """Ask before an existing crop file is replaced (what ``--overwrite`` says on the CLI)."""
        answer = QMessageBox.question(self, "Replace the crop file?", f"{out} exists. Replace it with the new crop?",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes


def voxel_spacing(layer) -> tuple[float, float, float]:
    """The (z, y, x) voxel size for the box rule and a crop's metadata: the layer's scale, or,
    where it is napari's default of 1 (napari's own readers take neither an ImageJ TIFF's slice
    spacing nor an OME-Zarr image's scale), the one its file records, as the command line reads it."""
    scale = tuple(float(s) for s in np.asarray(layer.scale)[-3:])
    src = source_path(layer)
    if src is not None and all(s == 1.0 for s in scale):
        return recorded_spacing(src) or scale
    return scale
