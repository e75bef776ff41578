"""Separate objects in a predicted mask: connected components, specks removed.

A binary mask says which pixels are object; counting or measuring organoids needs one label
per object, as Cellpose or StarDist give. Touching objects stay merged (no watershed): this is
the plain connected-component split that a semantic U-Net supports.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage as ndi

_EIGHT_NEIGHBOURS = ndi.generate_binary_structure(2, 2)


def label_objects(mask: np.ndarray, min_size: int = 0) -> np.ndarray:
    """One label per 8-connected object of ``mask > 0``; objects under ``min_size`` px dropped.

    ``mask``: (H, W), or (N, H, W) for a stack, split slice by slice like the prediction (an
    object never spans two slices); labels run 1..count over the whole stack, so every object
    has its own id. Returns uint32 of the mask's shape.
    """
    mask = np.asarray(mask)
    if mask.ndim not in (2, 3):
        raise ValueError(f"expected a (H, W) or (N, H, W) mask, got shape {mask.shape}")
    planes = mask.reshape((-1, *mask.shape[-2:])) > 0
    out = np.zeros(planes.shape, np.uint32)
    count = 0
    for plane, labels in zip(planes, out):
        found, n = ndi.label(plane, structure=_EIGHT_NEIGHBOURS)
        if n and min_size > 0:
            sizes = np.bincount(found.ravel())
            small = sizes < min_size
            small[0] = False
            found[small[found]] = 0
            found, n = ndi.label(found > 0, structure=_EIGHT_NEIGHBOURS)  # ids 1..n again, no gaps
        labels[found > 0] = found[found > 0] + count
        count += n
    return out.reshape(mask.shape)
