"""Separate objects in a predicted mask: connected components, optionally split, specks removed.

A binary mask says which pixels are object; counting or measuring organoids or nuclei needs one
label per object, as Cellpose or StarDist give. Connected components keep touching objects
together; ``split_distance`` separates them with the classic distance-transform watershed (one
seed per local maximum of the distance to the background, seeds at least that far apart).
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage as ndi
from skimage.feature import peak_local_max
from skimage.measure import regionprops_table
from skimage.segmentation import relabel_sequential, watershed

from ..core.errors import PretextInputError
from .metrics import matched_objects, scores_from_counts

_EIGHT_NEIGHBOURS = ndi.generate_binary_structure(2, 2)


def split_touching(plane: np.ndarray, components: np.ndarray, split_distance: int) -> np.ndarray:
    """Watershed of the distance transform from seeds ``split_distance`` px apart; (H, W) labels.

    Every component keeps at least one seed (its deepest pixel), so no object is lost.
    """
    distance = ndi.distance_transform_edt(plane)
    peaks = peak_local_max(distance, min_distance=split_distance, labels=components, exclude_border=False)
    markers = np.zeros(components.shape, np.int64)
    markers[tuple(peaks.T)] = np.arange(1, len(peaks) + 1)
    seeded = np.unique(components[tuple(peaks.T)])
    unseeded = np.setdiff1d(np.unique(components[components > 0]), seeded)
    for k, where in enumerate(ndi.maximum_position(distance, components, unseeded), start=len(peaks) + 1):
        markers[where] = k
    return watershed(-distance, markers, mask=plane)


def label_objects(mask: np.ndarray, min_size: int = 0, split_distance: int = 0) -> np.ndarray:
    """One label per 8-connected object of ``mask > 0``; objects under ``min_size`` px dropped.

    ``mask``: (H, W), or (N, H, W) for a stack, split slice by slice like the prediction (an
    object never spans two slices); labels run 1..count over the whole stack, so every object
    has its own id. ``split_distance`` > 0 (px, about an object's radius) splits touching objects
    (:func:`split_touching`) before the size filter. Returns uint32 of the mask's shape.
    """
    mask = np.asarray(mask)
    if mask.ndim not in (2, 3):
        raise PretextInputError(f"expected a (H, W) or (N, H, W) mask, got shape {mask.shape}")
    planes = mask.reshape((-1, *mask.shape[-2:])) > 0
    out = np.zeros(planes.shape, np.uint32)
    count = 0
    for plane, labels in zip(planes, out):
        found, n = ndi.label(plane, structure=_EIGHT_NEIGHBOURS)
        if n and split_distance > 0:
            found = split_touching(plane, found, split_distance)
        if n and min_size > 0:
            sizes = np.bincount(found.ravel())
            small = sizes < min_size
            small[0] = False
            found[small[found]] = 0
        found = relabel_sequential(found)[0]  # ids 1..n, no gaps
        labels[found > 0] = found[found > 0] + count
        count += int(found.max())
    return out.reshape(mask.shape)


def object_table(labels: np.ndarray) -> dict[str, np.ndarray]:
    """Per object of a label image: ``label``, ``area_px`` and the centroid (``slice``, ``y``, ``x`` in px).

    ``slice`` only for (N, H, W) stacks. Columns are arrays of one length (a napari
    ``features`` table, or a CSV file's columns).
    """
    labels = np.asarray(labels)
    table = regionprops_table(labels, properties=("label", "area", "centroid"))
    axes = ("slice", "y", "x")[-labels.ndim :]
    return {"label": table["label"], "area_px": table["area"].astype(np.int64),
            **{axis: table[f"centroid-{i}"] for i, axis in enumerate(axes)}}


def as_instances(truth: np.ndarray) -> np.ndarray:
    """Ground truth as instance labels: a mask with one positive value is split into objects."""
    truth = np.asarray(truth)
    return truth if len(np.unique(truth[truth > 0])) > 1 else label_objects(truth)


def object_scores(masks, truths, min_size: int = 0, split_distance: int = 0) -> dict[str, float]:
    """Predicted masks' objects matched to the truths' at IoU > 0.5, pooled over the pairs.

    Returns ``object_f1``, ``object_precision``, ``object_recall``, ``objects_predicted`` and
    ``objects_true``; ``masks`` are made into objects by :func:`label_objects`.
    """
    counts = np.zeros(3, int)
    for mask, truth in zip(masks, truths):
        counts += matched_objects(label_objects(mask, min_size, split_distance), as_instances(truth))
    matched, pred_only, true_only = (int(c) for c in counts)
    found = scores_from_counts(matched, pred_only, true_only)
    return {**{f"object_{k}": found[k] for k in ("f1", "precision", "recall")},
            "objects_predicted": matched + pred_only, "objects_true": matched + true_only}
