"""Small adapters between napari layers and the core's arrays."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from napari.layers import Image, Labels, Shapes

from ..core.errors import PretextInputError
from ..core.io import TIFF_SUFFIXES, refuse_cut_short_tiff


def image_layer_choices(widget=None, viewer=None) -> list[tuple[str, Image]]:
    return [(layer.name, layer) for layer in viewer.layers if isinstance(layer, Image)]


def labels_layer_choices(widget=None, viewer=None) -> list[tuple[str, Labels]]:
    return [(layer.name, layer) for layer in viewer.layers if isinstance(layer, Labels)]


def layer_data(layer, full_resolution: bool = False):
    """The array behind a layer, refusing layers read from a TIFF cut short (napari's reader shows
    what it finds: its first image, or fewer slices) with a clear message, and multiscale
    (pyramid) layers, unless ``full_resolution`` asks for their full-resolution level (the CT
    dock, which reads a volume lazily, block by block: an OME-Zarr image opened in napari)."""
    if getattr(layer, "multiscale", False):
        if full_resolution:
            return layer.data[0]
        raise PretextInputError(
            f"'{layer.name}' is a multiscale (pyramid) layer: open one resolution level as its own layer to use it here."
        )
    src = source_path(layer)
    if src is not None and src.suffix.lower() in TIFF_SUFFIXES and src.is_file():
        refuse_cut_short_tiff(src)
    return layer.data


def source_path(layer) -> Path | None:
    """The file a layer was opened from (None: made in napari, or by a plugin)."""
    path = getattr(getattr(layer, "source", None), "path", None)
    return Path(path) if path else None


def show_layer(viewer, data: np.ndarray, name: str, kind: type = Image, **kwargs):
    """Update the ``kind`` layer called ``name`` in place of adding a copy on each run;
    ``kwargs`` (colormap, opacity, ...) apply when the layer is created."""
    if name in viewer.layers and isinstance(viewer.layers[name], kind):
        layer = viewer.layers[name]
        layer.data = data
        return layer
    add = viewer.add_image if kind is Image else viewer.add_labels
    return add(data, name=name, **kwargs)


def show_shapes(viewer, data: list, name: str, **kwargs) -> Shapes:
    """Replace the Shapes layer called ``name`` (shape types and styles are set on creation)."""
    if name in viewer.layers:
        viewer.layers.remove(name)
    return viewer.add_shapes(data, name=name, **kwargs)


def shapes_layer_choices(widget=None, viewer=None) -> list[tuple[str, Shapes]]:
    return [(layer.name, layer) for layer in viewer.layers if isinstance(layer, Shapes)]


def show_image(viewer, data: np.ndarray, name: str, **kwargs) -> Image:
    return show_layer(viewer, data, name, Image, **kwargs)


def show_labels(viewer, data: np.ndarray, name: str, **kwargs) -> Labels:
    return show_layer(viewer, data, name, Labels, **kwargs)


def dock_layout(widget, viewer, form, panel, model_label, actions) -> None:
    """Stack a training widget's parts and keep its layer pickers in sync with the viewer."""
    from qtpy.QtWidgets import QVBoxLayout

    layout = QVBoxLayout(widget)
    for part in (form.native, panel, model_label, actions.native):
        layout.addWidget(part)
    layout.addStretch()
    for container in (form, actions):
        follow_layer_list(viewer, container)
        container.reset_choices()


def follow_layer_list(viewer, container) -> None:
    """Refresh ``container``'s layer pickers whenever layers are added, removed or renamed."""
    for emitter in (viewer.layers.events.inserted, viewer.layers.events.removed, viewer.layers.events.moved):
        emitter.connect(lambda _event: container.reset_choices())
    viewer.layers.selection.events.changed.connect(lambda _event: container.reset_choices())
