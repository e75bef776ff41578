"""Turn user arrays into model-ready arrays, or explain precisely why they cannot be used.

Conventions (all arrays are copied, never modified in place):

* images: ``(H, W)`` gray, ``(H, W, 3|4)`` RGB(A), ``(Z, H, W)`` gray stack or ``(Z, H, W, 3|4)``
  RGB stack; returned as float32 ``(N, C, H, W)`` normalised to [0, 1], one entry per 2D slice.
* labels: integer arrays with the image's spatial shape, returned as int64 ``(N, H, W)`` class
  indices where ``IGNORE`` (-1) marks pixels that the loss must skip.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ...core.choices import LABEL_MODES
from ...core.errors import PretextInputError

IGNORE = -1


def looks_rgb(image: np.ndarray) -> bool:
    """Guess whether the last axis holds colour channels (as napari does for ``rgb=None``)."""
    return image.ndim in (3, 4) and image.shape[-1] in (3, 4)


def spatial_shape(image: np.ndarray, rgb: bool | None = None) -> tuple[int, ...]:
    """Shape without the colour axis: ``(H, W)`` or ``(Z, H, W)``."""
    rgb = looks_rgb(image) if rgb is None else rgb
    return tuple(image.shape[:-1]) if rgb else tuple(image.shape)


def to_slices(image, in_channels: int, rgb: bool | None = None, name: str = "image") -> np.ndarray:
    """Raw ``(N, C, H, W)`` float32 slices of ``image`` with ``in_channels`` channels.

    A colour image whose three channels are equal (how many tools store gray PNGs) is accepted
    by a 1-channel model; a really coloured one is refused rather than silently averaged.
    """
    image = np.asarray(image)
    if image.dtype == bool:
        image = image.astype(np.uint8)
    if not (np.issubdtype(image.dtype, np.number)):
        raise PretextInputError(f"'{name}' has data type {image.dtype}, expected numbers.")
    rgb = looks_rgb(image) if rgb is None else rgb
    if image.ndim - int(rgb) not in (2, 3):
        raise PretextInputError(
            f"'{name}' has shape {image.shape}: expected a 2D image (H, W), an RGB image (H, W, 3) "
            "or a stack of 2D slices (Z, H, W)."
        )
    if rgb:
        image = image[..., :3]  # drop alpha
        if in_channels == 1:
            if not (np.array_equal(image[..., 0], image[..., 1]) and np.array_equal(image[..., 0], image[..., 2])):
                raise PretextInputError(
                    f"'{name}' is an RGB colour image but the model takes gray images: convert it to "
                    "gray first, or train a model with 3 input channels."
                )
            image = image[..., 0]
        else:
            image = np.moveaxis(image, -1, -3)  # (..., 3, H, W)
    elif in_channels == 3:
        raise PretextInputError(
            f"'{name}' is a gray image but the model takes RGB images (3 channels): pick an RGB "
            "layer, or use a model with 1 input channel."
        )
    if in_channels not in (1, 3):
        raise PretextInputError(f"in_channels must be 1 or 3, got {in_channels}.")
    if in_channels == 1:
        image = image[..., None, :, :]
    if image.ndim == 3:  # single 2D image
        image = image[None]
    return image.astype(np.float32)


def check_finite_and_varied(slices: np.ndarray, name: str) -> None:
    if not np.isfinite(slices).all():
        n_bad = int((~np.isfinite(slices)).sum())
        raise PretextInputError(
            f"'{name}' contains {n_bad} NaN or infinite values: replace them (for example with "
            "numpy.nan_to_num) before training or predicting."
        )
    if slices.size == 0 or float(slices.max()) == float(slices.min()):
        raise PretextInputError(f"'{name}' is constant (every pixel has the same value): there is nothing to learn from it.")


def check_min_size(slices: np.ndarray, min_size: int, name: str) -> None:
    h, w = slices.shape[-2:]
    if min(h, w) < min_size:
        raise PretextInputError(
            f"'{name}' is {h}x{w} pixels, smaller than the patch size {min_size}: lower the patch "
            "size or use a larger image."
        )


def prepare_image(
    image,
    in_channels: int,
    normalize: Callable[[np.ndarray], np.ndarray],
    rgb: bool | None = None,
    name: str = "image",
    min_size: int | None = None,
) -> np.ndarray:
    """Validated, normalised ``(N, C, H, W)`` float32 slices of ``image`` (a copy)."""
    slices = to_slices(image, in_channels, rgb=rgb, name=name)
    check_finite_and_varied(slices, name)
    if min_size is not None:
        check_min_size(slices, min_size, name)
    # One normalisation per image (not per slice) keeps a stack's slices comparable.
    return normalize(slices)


def prepare_labels(
    labels,
    image_spatial: tuple[int, ...],
    mode: str = "dense",
    classes: int = 1,
    name: str = "labels",
) -> np.ndarray:
    """Class targets ``(N, H, W)`` int64 from a user label array.

    ``dense``: 0 = background, any value > 0 = object (binary, so instance masks work as they
    are); with ``classes > 1`` the value is the class index. ``scribbles``: 0 = not annotated
    (ignored by the loss), 1 = background, 2 = object (``k + 1`` = class ``k`` for multi-class).
    """
    if mode not in LABEL_MODES:
        raise PretextInputError(f"label mode must be one of {LABEL_MODES}, got {mode!r}.")
    labels = np.asarray(labels)
    if tuple(labels.shape) != tuple(image_spatial):
        raise PretextInputError(
            f"'{name}' has shape {labels.shape} but its image has shape {tuple(image_spatial)}: "
            "paint the labels on a layer of the same size as the image."
        )
    if not np.issubdtype(labels.dtype, np.integer) and labels.dtype != bool:
        if not np.all(np.isfinite(labels)) or not np.all(labels == np.round(labels)):
            raise PretextInputError(f"'{name}' must hold whole numbers (label values), not {labels.dtype} fractions.")
    labels = labels.astype(np.int64)
    if (labels < 0).any():
        raise PretextInputError(f"'{name}' has negative values: label values must be 0 or more.")
    n_classes = classes if classes > 1 else 2  # distinct target classes
    if mode == "dense":
        target = (labels > 0).astype(np.int64) if classes == 1 else labels
        if classes > 1 and labels.max() >= classes:
            raise PretextInputError(f"'{name}' has value {labels.max()} but the model has {classes} classes (0..{classes - 1}).")
        if not (target > 0).any():
            raise PretextInputError(
                f"'{name}' is empty (all background): paint some objects, or use scribble mode "
                "with 1 = background and 2 = object."
            )
    else:
        if labels.max() > n_classes:
            raise PretextInputError(
                f"'{name}' has value {labels.max()}, but scribble labels are 0 = not annotated, "
                f"1 = background, 2 = object{' and k+1 = class k' if classes > 1 else ''}. "
                "Use dense mode for instance masks."
            )
        target = labels - 1  # 0 -> IGNORE
        present = set(np.unique(target[target != IGNORE]).tolist())
        if not present:
            raise PretextInputError(f"'{name}' has no strokes: paint background with label 1 and objects with label 2.")
        if 0 not in present or len(present) < 2:
            missing = "background (label 1)" if 0 not in present else "object (label 2)"
            raise PretextInputError(f"'{name}' has no {missing} strokes: paint a few, both kinds are needed.")
    if target.ndim == 2:
        target = target[None]
    return target
