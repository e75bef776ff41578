"""Small adapters between napari layers and the core's arrays."""

from __future__ import annotations

import numpy as np
from napari.layers import Image, Labels


def image_layer_choices(widget=None, viewer=None) -> list[tuple[str, Image]]:
    return [(layer.name, layer) for layer in viewer.layers if isinstance(layer, Image)]


def labels_layer_choices(widget=None, viewer=None) -> list[tuple[str, Labels]]:
    return [(layer.name, layer) for layer in viewer.layers if isinstance(layer, Labels)]


def show_image(viewer, data: np.ndarray, name: str, **kwargs) -> Image:
    """Update the image layer called ``name`` in place of adding a copy each run."""
    if name in viewer.layers and isinstance(viewer.layers[name], Image):
        layer = viewer.layers[name]
        layer.data = data
        return layer
    return viewer.add_image(data, name=name, **kwargs)


def show_labels(viewer, data: np.ndarray, name: str, **kwargs) -> Labels:
    if name in viewer.layers and isinstance(viewer.layers[name], Labels):
        layer = viewer.layers[name]
        layer.data = data
        return layer
    return viewer.add_labels(data, name=name, **kwargs)


def follow_layer_list(viewer, container) -> None:
    """Refresh ``container``'s layer pickers whenever layers are added, removed or renamed."""
    for emitter in (viewer.layers.events.inserted, viewer.layers.events.removed, viewer.layers.events.moved):
        emitter.connect(lambda _event: container.reset_choices())
    viewer.layers.selection.events.changed.connect(lambda _event: container.reset_choices())
