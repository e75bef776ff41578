"""The guided box rule: from the region a model points at to the box of the sample.

The region (the sorting heatmap's hot voxels, or the rotation model's certain slices) says
*where* the sample is; the intensities say *how far* it reaches: Otsu's threshold of the
region's voxels, then the bright connected object the region points at (most hot voxels for
its size) or, when that is a container (a tube around the sample), the largest object it holds;
without thin walls that run the volume's height (ring artefacts); less a thin support (mounting
rod, pin) where it enters from the volume's border. Each step was measured on generated scenes
(docs/ct_guide.md). Arrays are (Z, Y, X) at the model's resolution; z is the rotation axis.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage
from skimage.filters import threshold_otsu

from .boxes import Box, box_from_mask, largest_region_box, top_fraction_mask

MAX_GROWTH = 8  # guided box: at most this many times the hot region's box (volume)
# guided box, support removal (chosen on generated scenes, docs/ct_guide.md)
SUPPORT_FRACTION = 0.5  # a support is at most this fraction of the object's largest cross-section
MIN_SUPPORT = 3  # slices: a shorter run is the end of the sample, not a support
# guided box, containers (a tube around the sample): what it holds must be mostly inside it and
# at least this fraction of its size (specks and noise are not the sample)
HELD_FRACTION = 0.5
MIN_CONTENT = 0.05
# guided box, full-height walls (ring artefacts) joined to a thin sample: present in at least this
# fraction of the slices, and at most about 2 * WALL_WIDTH pixels wide (measured, ct_guide.md)
WALL_PRESENCE = 0.5
WALL_WIDTH = 2
CHECK_BY_HAND = "check the box by hand"  # ends Localization.how when the guided rule fell back


def guided_box(small: np.ndarray, heat: np.ndarray, fraction: float = 0.03) -> Box:
    """Box of the bright object that the heatmap's top ``fraction`` region points at (or of what
    it holds, when it is a container; without thin full-height walls such as ring artefacts),
    less a thin support entering from the border (``small`` and ``heat``: (Z, Y, X) at the
    model's resolution). Falls back to the region's own box when no object above the local
    threshold touches it (a flat region, say) or the object is over ``MAX_GROWTH`` times larger."""
    return box_around(small, top_fraction_mask(heat, fraction))


def box_around(small: np.ndarray, hot: np.ndarray) -> Box:
    """The guided rule's second half: the box of the bright object that ``hot`` (a (Z, Y, X)
    bool mask of where a model says the sample is) points at; see :func:`guided_box`."""
    return explained_box_around(small, hot)[0]


def explained_box_around(small: np.ndarray, hot: np.ndarray, region: str = "the heatmap's hot region") -> tuple[Box, str]:
    """:func:`box_around` and how the box was found, in words (shown to the user; ``region``
    names what ``hot`` is)."""
    hot_box = largest_region_box(hot)
    fallback = region + " ({}): " + CHECK_BY_HAND
    local = np.asarray(small[hot], np.float32)
    if local.max() <= local.min():
        return hot_box, fallback.format("it holds no bright object")
    # Otsu over the voxels the model points at: there the sample is a large part of them, so
    # the threshold separates it from its surroundings (a global Otsu separates the tube
    # instead, and the box of a large hot region is mostly background, whose noise and ring
    # artefacts Otsu would split instead: measured, docs/ct_guide.md).
    labels, n = ndimage.label(small > split_threshold(local))
    overlap = ndimage.sum_labels(hot, labels, np.arange(1, n + 1))
    if n == 0 or overlap.max() <= 0:
        return hot_box, fallback.format("no bright object touches it")
    # Hot voxels x the fraction of the object that is hot: a tube touches as many hot voxels
    # as the sample but is mostly cold; a speck is all hot but tiny (measured, ct_guide.md).
    sizes = np.bincount(labels.ravel())[1:]
    chosen = int(np.argmax(overlap**2 / sizes))
    # A tube, capillary or straw around the sample is bright too, and where the heatmap marks
    # it (the model decides that, not the rule: docs/ct_guide.md) it is chosen; the sample is
    # what it holds.
    inner = contents(labels, chosen, sizes)
    sample = labels == 1 + (chosen if inner is None else inner)
    # A thin sample can touch a ring artefact above the threshold, and rings run the whole
    # height: drop such thin full-height walls and keep the part the hot voxels point at.
    off_walls = None if inner is not None else hot_part_off_walls(sample, hot)
    if off_walls is not None:
        sample = off_walls
    box = box_from_mask(sample)
    # An object far larger than the region the model pointed at is background (the field of
    # view, say, when the local threshold fell below its level), not the sample.
    if box.size > MAX_GROWTH * hot_box.size:
        return hot_box, fallback.format("the bright object there is far larger: background")
    how = f"the bright object {region} points at" if inner is None else \
        f"the largest object inside a container (a tube?) {region} points at"
    if off_walls is not None:
        how += ", apart from thin walls that run the volume's height (ring artefacts?)"
    trimmed = without_supports(sample, box)
    return trimmed, how + (", less a support entering from the volume's border" if trimmed != box else "")


def contents(labels: np.ndarray, chosen: int, sizes: np.ndarray) -> int | None:
    """Index (0-based, into ``sizes``) of the largest object held by object ``chosen`` when it
    is a container, else None.

    ``labels``: (Z, Y, X) connected objects (1-based, as from ``ndimage.label``). A container
    runs through the whole field of view along the rotation axis (z), as a sample tube does,
    and is a wall around other objects in the slices across it: filling the holes of its
    cross-sections covers them. (A hollow sample with something inside does not run from the
    top of the volume to its bottom, so it is not taken for a container.) Held objects must
    lie mostly inside (``HELD_FRACTION``) and be at least ``MIN_CONTENT`` of the container's
    size (not a speck).
    """
    container = labels == 1 + chosen
    zs = np.flatnonzero(container.any(axis=(1, 2)))
    if len(zs) < len(container):
        return None
    filled = np.zeros_like(container)
    for z in zs:  # per slice: a tube is open at its ends
        filled[z] = ndimage.binary_fill_holes(container[z])
    inside = ndimage.sum_labels(filled & ~container, labels, np.arange(1, len(sizes) + 1)) / sizes
    inside[chosen] = 0
    held = np.flatnonzero((inside > HELD_FRACTION) & (sizes >= MIN_CONTENT * sizes[chosen]))
    return int(held[np.argmax(sizes[held])]) if len(held) else None


def without_walls(obj: np.ndarray) -> np.ndarray | None:
    """``obj`` ((Z, Y, X) bool, one object) less its thin full-height walls, or None when it
    has none.

    Ring artefacts and tube walls are the same in every slice across the rotation axis (z): the
    pixels where the object is present in at least ``WALL_PRESENCE`` of the slices, when they
    form only thin lines (``WALL_WIDTH`` erosions leave nothing). A solid object present in
    every slice (a sample taller than the volume) is left alone.
    """
    if not obj.any(axis=(1, 2)).all():
        return None
    walls = obj.mean(axis=0) >= WALL_PRESENCE
    if not walls.any() or ndimage.binary_erosion(walls, iterations=WALL_WIDTH).any():
        return None
    rest = obj & ~walls[None]
    return rest if rest.any() else None


def hot_part_off_walls(obj: np.ndarray, hot: np.ndarray) -> np.ndarray | None:
    """The part of ``obj`` (a (Z, Y, X) bool object) that ``hot`` points at once its thin
    full-height walls are dropped (with the pieces a wall cut off it), or None when it has no
    walls or no hot voxel touches what is left."""
    rest = without_walls(obj)
    if rest is None:
        return None
    parts, m = ndimage.label(rest)
    hits = ndimage.sum_labels(hot, parts, np.arange(1, m + 1))
    if hits.max() <= 0:
        return None
    return rejoined(parts, 1 + int(np.argmax(hits**2 / np.bincount(parts.ravel())[1:])))


def rejoined(parts: np.ndarray, k: int) -> np.ndarray:
    """Part ``k`` of ``parts`` ((Z, Y, X) labels of an object less its walls) with the parts a
    wall cut off it: within a wall's width of it and within its slices (a ring crossing a thin
    sample cuts it in two; the ring's own leftovers reach other slices)."""
    part = parts == k
    zs = np.flatnonzero(part.any(axis=(1, 2)))
    near = np.unique(parts[ndimage.binary_dilation(part, iterations=WALL_WIDTH + 1) & (parts > 0)])
    spans = ndimage.find_objects(parts)
    keep = [j for j in near if spans[j - 1][0].start >= zs[0] and spans[j - 1][0].stop <= zs[-1] + 1]
    return np.isin(parts, keep) | part


def split_threshold(values: np.ndarray) -> float:
    """Otsu's threshold moved to the midpoint of the two class means it separates: the same
    on noisy data, but mid-gap (not at the edge of the lower class) when the classes are
    cleanly apart, where Otsu's criterion is flat."""
    values = np.asarray(values, np.float32).ravel()  # ravel: no RGB guessing by skimage
    t = threshold_otsu(values)
    low, high = values[values <= t], values[values > t]
    return float((low.mean() + high.mean()) / 2) if len(low) and len(high) else float(t)


def without_supports(mask: np.ndarray, box: Box) -> Box:
    """``box`` of ``mask`` (an object) less a support entering from the volume's border.

    A mounting rod or pin is as bright as the sample and touches it, so it joins the object.
    It enters from a face of the volume and is a prism: its first ``MIN_SUPPORT`` slices from
    that face are thin (at most ``SUPPORT_FRACTION`` of the object's largest cross-section),
    and further in the object stays inside their footprint until the sample begins. Those
    slices are cut; a sample that is itself cut by the border (thick there, or leaving the
    footprint at once) is left whole.
    """
    start, stop = list(box.start), list(box.stop)
    for axis in range(3):
        stack = np.moveaxis(mask, axis, 0)
        if start[axis] == 0:
            start[axis] += support_length(stack[start[axis]:stop[axis]])
        if stop[axis] == mask.shape[axis]:
            stop[axis] -= support_length(stack[start[axis]:stop[axis]][::-1])
    return Box(tuple(start), tuple(stop))


def support_length(stack: np.ndarray) -> int:
    """Number of slices of a support at the start of ``stack`` ((n, h, w) bool cross-sections
    of an object, from the border inwards), 0 when there is none; see :func:`without_supports`."""
    if len(stack) <= MIN_SUPPORT:
        return 0
    area = stack.sum(axis=(1, 2))
    base = float(np.median(area[:MIN_SUPPORT]))
    if base > SUPPORT_FRACTION * float(area.max()):
        return 0
    # the support's footprint, one pixel wider (its edge wavers with the noise)
    footprint = ndimage.binary_dilation(stack[:MIN_SUPPORT].any(axis=0))
    outside = (stack & ~footprint).sum(axis=(1, 2))
    leaves = np.flatnonzero(outside > max(0.1 * base, 1))
    return int(leaves[0]) if len(leaves) and leaves[0] >= MIN_SUPPORT else 0
