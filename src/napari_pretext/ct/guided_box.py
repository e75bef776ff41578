"""The guided box rule: from the region a model points at to the box of the sample.

The region (the sorting heatmap's hot voxels, or the rotation model's certain slices) says
*where* the sample is; the intensities say *how far* it reaches: Otsu's threshold of the
region's voxels (of the whole volume for a sample in air: air.py), then the bright connected
object the region points at (most hot voxels for its size, not a speck; a denser mounting pin
chosen alone, or with the ring artefacts joined to it, is set aside and the object sought
again) or, when a uniform medium fills it (a liquid, a gel: medium.py), what the medium holds; or, when that is a container (a tube around the
sample, which may be tilted or end inside the volume), the largest object it holds; without
thin walls that run the volume's height (ring artefacts); or, when the sample touches its
tube's wall, what is left once the wall is peeled off; less a thin support (mounting rod, pin)
where it enters from the volume's border or the tube's end, or leaves a liquid above the face.
Every constant is in a :class:`~.box_rule.BoxRule`; each step was measured on painted and
simulated scenes (docs/ct_guide.md). Arrays are (Z, Y, X) at the model's resolution; z is the
rotation axis.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy import ndimage

from .air import holds_a_liquid, in_air
from .box_rule import BoxRule
from .boxes import Box, box_from_mask, largest_region, largest_region_box, split_threshold, top_fraction_mask
from .medium import held_in_medium
from .ring_arcs import without_ring_arcs
from .thin_ends import slices_without_flat_ends

CHECK_BY_HAND = "check the box by hand"  # ends Localization.how when the guided rule fell back
# ends it when the object holds a uniform medium in which nothing was told apart from it
A_MEDIUM = "a uniform medium (a liquid or gel?)"  # in ``how`` where the media step gave the box
UNRESOLVED_MEDIUM = f"; it holds {A_MEDIUM} in which nothing was told apart: the sample as dense as it? " + CHECK_BY_HAND
# starts it when the air step took the whole volume's threshold (a sample in air: air.py)
IN_AIR = "in air, above the whole volume's threshold: "
DEFAULT = BoxRule()


def guided_box(small: np.ndarray, heat: np.ndarray, rule: BoxRule = DEFAULT) -> Box:
    """Box of the bright object that the heatmap's top ``rule.top_fraction`` points at (or of what
    it holds, when it is a container; without thin full-height walls such as ring artefacts),
    less a thin support entering from the border (``small`` and ``heat``: (Z, Y, X) at the
    model's resolution). Falls back to the region's own box when no object above the local
    threshold touches it (a flat region, say) or the object is over ``rule.max_growth`` times
    larger. The constants are in ``rule`` (see box_rule.py)."""
    return box_around(small, top_fraction_mask(heat, rule.top_fraction), rule)


def box_around(small: np.ndarray, hot: np.ndarray, rule: BoxRule = DEFAULT) -> Box:
    """The guided rule's second half: the box of the bright object that ``hot`` (a (Z, Y, X)
    bool mask of where a model says the sample is) points at; see :func:`guided_box`."""
    return explained_box_around(small, hot, rule=rule)[0]


def explained_box_around(small: np.ndarray, hot: np.ndarray, region: str = "the heatmap's hot region",
                         rule: BoxRule = DEFAULT, spacing: tuple[float, float, float] | None = None,
                         cache: dict | None = None) -> tuple[Box, str]:
    """:func:`box_around` and how the box was found, in words (shown to the user; ``region``
    names what ``hot`` is). ``spacing``: the (z, y, x) voxel size (any unit; None: cubic), for
    the rule's lengths; ``cache``: see :func:`~.medium.held_in_medium`. For a sample in air
    (:func:`~.air.in_air`) the object is sought above the whole volume's threshold (``how``
    then starts with :data:`IN_AIR`), unless a medium is found in it."""
    if rule.air and rule.local_threshold and in_air(small, hot, rule, spacing, cache):
        # a medium is looked for even with the media step off (its box is then the same where
        # none is found): the step's guard, not the step
        whole = rule.but(local_threshold=False, media=True)
        found = found_box(small, hot, region, whole, spacing, cache)
        # what the local threshold is for: keeping a liquid or gel apart (one the media step
        # misses there, its mode widened by the liquid's edges, too: round 127's guard)
        if not found.in_medium and (found.chosen is None or not holds_a_liquid(small, found.chosen, rule)):
            return found.box, IN_AIR + found.how
    found = found_box(small, hot, region, rule, spacing, cache)
    return found.box, found.how


class Found(NamedTuple):
    box: Box
    how: str
    in_medium: bool  # the box is of what a uniform medium holds, or of a medium in which nothing was told apart
    chosen: np.ndarray | None = None  # (Z, Y, X) bool: the bright object the region points at (None: none)


def found_box(small: np.ndarray, hot: np.ndarray, region: str, rule: BoxRule, spacing=None, cache: dict | None = None) -> Found:
    """:func:`explained_box_around` without its air step: the threshold is ``rule.local_threshold``'s."""
    hot_box = largest_region_box(hot)
    fallback = region + " ({}): " + CHECK_BY_HAND
    found = bright_object(small, hot, rule, spacing)
    if isinstance(found, str):
        return Found(hot_box, fallback.format(found), False)
    labels, chosen, sizes, mount = found
    obj = labels == 1 + chosen
    ends, base, capped = None, None, (False, False)  # where supports enter: the volume's faces, or a tube's open ends
    # A liquid or gel around the sample joins it above the threshold: the sample is what the
    # uniform medium encloses (it also sets the tube's wall and the rings in the liquid apart).
    found_held = held_in_medium(small, obj, rule, spacing, cache) if rule.media else None
    if found_held is not None and rule.media_in_tube and in_a_tube_apart(labels, chosen, sizes, rule, spacing):
        found_held = None  # a liquid or gel fills its tube: this uniform part is the sample's own
    # a medium in which nothing is told apart: the sample as dense as it? The box is then the
    # whole object (the tube's contents, say): kept, but doubted (docs/ct_guide.md, "Twenty-third round")
    unresolved = found_held is not None and found_held.sample is None
    found_held = None if unresolved else found_held
    held = None if found_held is None else found_held.sample
    # A tube, capillary or straw around the sample is bright too, and where the heatmap marks
    # it (the model decides that, not the rule: docs/ct_guide.md) it is chosen; the sample is
    # what it holds.
    inner = contents(labels, chosen, sizes, rule, hot, spacing) if rule.containers and held is None else held
    sample = obj if inner is None else inner
    # A thin sample can touch a ring artefact above the threshold, and rings run the whole
    # height: drop such thin full-height walls and keep the part the hot voxels point at.
    width = rule.voxels(rule.wall_width, small.shape, spacing)
    off_walls = None if inner is not None or not rule.walls else hot_part_off_walls(sample, hot, rule, width, spacing)
    whole = sample
    if off_walls is not None:  # (what is left may still be a tube: ring arcs joined to its wall)
        sample = off_walls
    if inner is None and rule.containers:  # a sample touching its tube's wall: peel the wall off
        found = sample_in_tube(sample, hot, rule, width, spacing)
        # the walls step takes a tilted tube's wall too (thin, in most slices) once a column
        # running the volume's height (the axis's spot) makes the object "full-height": look for
        # a tube in the object as it was, one that ends within the volume (a ring artefact
        # around a thin sample runs its whole height) (round 46, docs/ct_guide.md)
        if found is None and off_walls is not None:
            tube = sample_in_tube(whole, hot, rule, width, spacing)
            if tube is not None and (tube.ends.start[0] > 0 or tube.ends.stop[0] < whole.shape[0]):
                found, off_walls = tube, None
        if found is not None:
            sample, ends, base, capped = found.sample, found.ends, found.base, found.capped
            inner, off_walls = sample, sample if found.without_rings or off_walls is not None else None
    if rule.walls:  # a ring's arc the sample holds on to stretches its box and hides a support under it
        sample = without_ring_arcs(sample, width, rule.arcs_to_faces)
    box = box_from_mask(sample)
    # An object far larger than the region the model pointed at is background (the field of
    # view, say, when the local threshold fell below its level), not the sample.
    if box.size > rule.max_growth * hot_box.size:
        return Found(hot_box, fallback.format("the bright object there is far larger: background"), False, obj)
    if rule.edges and thick_slices(spacing, rule.edge_thickness):
        sample = with_edges(small, sample, labels > 0, rule.edge_contrast)
        box = box_from_mask(sample)
    if base is not None and base.any():  # after the edges: they would grow on into the cap's own edge
        sample = sample | base
        box = box_from_mask(sample)
    how = f"the bright object {region} points at" if inner is None else \
        f"the object that {A_MEDIUM} holds, in the bright object {region} points at" if held is not None else \
        f"the largest object inside a container (a tube?) {region} points at"
    if mount:
        how += ", under a brighter mounting rod or pin"
    if off_walls is not None:
        how += ", apart from thin walls that run the volume's height (ring artefacts?)"
    trimmed = box
    if rule.supports:
        trimmed = without_supports(sample, box, rule, ends, spacing, capped)
        if held is not None:  # a rod in the liquid goes on in air where the tube's liquid ends above the face
            trimmed = without_support_leaving_medium(labels > 0, held, sample, trimmed, rule, spacing)
    how += ", less a support entering from the volume's border" if trimmed != box else ""
    if found_held is not None:  # the medium's ring artefacts and axis spot beyond the sample
        shorter = within_slices(sample, trimmed, found_held.span)
        how += ", less slices that only repeat what every slice shows (ring artefacts?)" if shorter != trimmed else ""
        trimmed = shorter
    span = slices_without_flat_ends(sample, trimmed, rule, spacing) if rule.tails else None
    if span is not None:  # a rod's stub, a pin or ring pieces above the threshold past the sample's ends
        shorter = within_slices(sample, trimmed, span)
        how += ", less thin ends along z that do not taper (a rod's stub, ring pieces?)" if shorter != trimmed else ""
        trimmed = shorter
    if unresolved:
        how += UNRESOLVED_MEDIUM
    return Found(trimmed, how, held is not None or unresolved, obj)


def within_slices(sample: np.ndarray, box: Box, span: tuple[int, int]) -> Box:
    """``box`` (of ``sample``, (Z, Y, X) bool) limited to ``sample``'s box in the slices ``span``
    (first, past-last); ``box`` when they do not overlap."""
    start, stop = max(box.start[0], span[0]), min(box.stop[0], span[1])
    if start >= stop or not sample[start:stop].any():
        return box
    inner = box_from_mask(sample[start:stop])
    return Box((start, *(max(a, b) for a, b in zip(box.start[1:], inner.start[1:]))),
               (stop, *(min(a, b) for a, b in zip(box.stop[1:], inner.stop[1:]))))


def thick_slices(spacing: tuple[float, float, float] | None, ratio: float) -> bool:
    """Whether voxels ``spacing`` apart ((z, y, x), any unit; None: cubic) are at least ``ratio``
    times longer along one axis than along another: thick slices, where a sample fills its edge
    voxels in part (partial volume) over a length the box would miss (``ratio`` 1: any voxels)."""
    spacing = spacing or (1.0, 1.0, 1.0)
    return max(spacing) >= ratio * min(spacing)


def with_edges(small: np.ndarray, obj: np.ndarray, bright: np.ndarray, contrast: float) -> np.ndarray:
    """``obj`` ((Z, Y, X) bool) and its neighbours (one voxel out) below the threshold (not in
    ``bright``: a wall, tube or mount set apart stays apart) but at least ``contrast`` of the
    way from the level of its surroundings (the shell two voxels out) to its own: the voxels
    the sample fills in part (partial volume; a thick slice it enters)."""
    near = ndimage.binary_dilation(obj)
    shell = ndimage.binary_dilation(near) & ~near
    if not shell.any():
        return obj
    inside, outside = float(np.median(small[obj])), float(np.median(small[shell]))
    if inside <= outside:
        return obj
    return obj | (near & ~bright & (small >= outside + contrast * (inside - outside)))


class InTube(NamedTuple):
    sample: np.ndarray  # (Z, Y, X) bool
    ends: Box  # the tube's first and last slice (z), the whole plane
    base: np.ndarray  # (Z, Y, X) bool: the sample's footprint on a cap it rests on (on_caps)
    capped: tuple[bool, bool]  # whether it rests on a cap at the top, at the bottom
    without_rings: bool  # whether ring artefacts inside the tube were dropped


def sample_in_tube(obj: np.ndarray, hot: np.ndarray, rule: BoxRule, width: int, spacing=None) -> InTube | None:
    """The sample in ``obj`` when that is a tube the sample touches (:func:`peeled`), else None.
    A support may enter from the tube's open ends (a pin inside it), and ring artefacts inside
    the tube, joined to the sample, run the tube's height: they are dropped as walls within its
    slices."""
    found = peeled(obj, rule, spacing)
    if found is None:
        return None
    inner, (z0, z1), caps = found
    ends = Box((z0, 0, 0), (z1, *obj.shape[1:]))
    occupied = np.flatnonzero(inner[z0:z1].any(axis=(1, 2)))
    if len(occupied) == 0:  # what it holds lies where the tube is no prism (its very ends)
        return InTube(inner, ends, *on_caps(inner, caps), False)
    z0, z1 = z0 + occupied[0], z0 + occupied[-1] + 1  # rings run the tube's slices but its floor or cap
    # the model may point at the tube rather than into it (fewer hot voxels inside than a
    # speck: round 69's failures, docs/ct_guide.md): then the largest part is the sample
    pointed_in = (hot[z0:z1] & inner[z0:z1]).sum() >= rule.min_content * obj.size
    region = hot[z0:z1] if pointed_in else inner[z0:z1]
    rest = hot_part_off_walls(inner[z0:z1], region, rule, width, spacing, in_tube=True) if rule.walls else None
    if rest is None:
        return InTube(inner, ends, *on_caps(inner, caps), False)
    sample = np.zeros_like(inner)
    sample[z0:z1] = rest
    return InTube(sample, ends, *on_caps(sample, caps), True)


def bright_object(small: np.ndarray, hot: np.ndarray, rule: BoxRule, spacing=None) -> tuple | str:
    """(labels, chosen, sizes, mount) of the bright object ``hot`` points at, or why there is none.

    ``labels``: (Z, Y, X) objects above the threshold; ``chosen``: 0-based index into ``sizes``;
    ``mount``: True when a brighter mounting rod or pin was chosen first and set aside."""
    excluded = np.zeros(small.shape, bool)
    first = None  # the first attempt's object (what the second falls back on)
    for attempt in range(2):
        region = hot & ~excluded
        local = np.asarray(small[region], np.float32)
        if local.size == 0 or local.max() <= local.min():
            return "it holds no bright object" if attempt == 0 else first
        # Otsu over the voxels the model points at: there the sample is a large part of them,
        # so the threshold separates it from its surroundings (a global Otsu separates the tube
        # instead, and the box of a large hot region is mostly background, whose noise and ring
        # artefacts Otsu would split instead: measured, docs/ct_guide.md).
        # (The whole volume's threshold is taken without the mount set aside too: a metal pin
        # would otherwise set it above the sample again.)
        labels, n = ndimage.label(small > split_threshold(local if rule.local_threshold else small[~excluded]))
        overlap = ndimage.sum_labels(region, labels, np.arange(1, n + 1))
        if n == 0 or overlap.max() <= 0:
            return "no bright object touches it" if attempt == 0 else first
        # Hot voxels x the fraction of the object that is hot: a tube touches as many hot voxels
        # as the sample but is mostly cold; a speck is all hot but tiny (measured, ct_guide.md).
        sizes = np.bincount(labels.ravel())[1:]
        score = overlap**2 / sizes
        solid = (sizes >= rule.min_content * labels.size) & (overlap > 0)
        if solid.any():  # as in contents(): a speck is never the sample while a larger object is hot too
            score = np.where(solid, score, -1.0)
        chosen = int(np.argmax(score))
        if attempt == 1:
            return labels, chosen, sizes, True
        first = labels, chosen, sizes, False
        # A mounting rod or pin denser than the sample (metal, ceramic) is all the threshold
        # keeps: set it aside and look again at the rest of the region, at the sample's level.
        # Strong ring artefacts can join it above the threshold: it is a mount once they are dropped.
        obj = labels == 1 + chosen
        if not rule.mounts:
            return first
        if is_mount(obj, rule, spacing) or (rule.walls and is_mount_under_walls(obj, rule, spacing)):
            mount = obj
        else:  # or it carries a little of the sample: only the mount is set aside
            mount = mount_carrying(obj, rule, spacing)
            if mount is None:
                return first
        excluded = ndimage.binary_dilation(mount)
    return first


def is_mount(obj: np.ndarray, rule: BoxRule = DEFAULT, spacing: tuple[float, float, float] | None = None) -> bool:
    """Whether ``obj`` ((Z, Y, X) bool, one object) is a mounting rod or pin on its own: it
    enters from a face of the volume along an axis, is at most ``rule.mount_width`` (of the
    largest side) wide across it and at least ``rule.mount_elongation`` times longer than wide
    (physical sizes when ``spacing``, the voxel size, is given)."""
    spacing = spacing or (1.0, 1.0, 1.0)
    widest = rule.mount_width * max(n * s for n, s in zip(obj.shape, spacing))
    span = ndimage.find_objects(obj.astype(np.uint8))[0]
    for axis in range(3):
        length = (span[axis].stop - span[axis].start) * spacing[axis]
        across = [(span[a].stop - span[a].start) * spacing[a] for a in range(3) if a != axis]
        at_face = span[axis].start == 0 or span[axis].stop == obj.shape[axis]
        if at_face and max(across) <= widest and length >= rule.mount_elongation * max(across):
            return True
    return False


def mount_carrying(obj: np.ndarray, rule: BoxRule, spacing: tuple[float, float, float] | None = None) -> np.ndarray | None:
    """The mounting rod or pin ((Z, Y, X) bool) when ``obj`` ((Z, Y, X) bool, one object) is one
    carrying a little of the sample (its densest part, joined to it above the threshold), else
    None: from a face of the volume, the stretch of slices each within a wall's width of the
    one before (a prism; it may waver with the motion) and at most twice the first one's area
    holds more than half of the object's voxels and has a mount's shape (:func:`is_mount`'s
    bounds, its width the diameter of its median cross-section: a blurred, wavering rod's box
    is wider than the rod) (docs/ct_guide.md, sixteenth round)."""
    spacing = spacing or (1.0, 1.0, 1.0)
    widest = rule.mount_width * max(n * s for n, s in zip(obj.shape, spacing))
    tolerance = rule.voxels(rule.wall_width, obj.shape, spacing)
    span = ndimage.find_objects(obj.astype(np.uint8))[0]
    for axis in range(3):
        stack = np.moveaxis(obj, axis, 0)
        first, past = span[axis].start, span[axis].stop
        for at_face, ordered in ((first == 0, slice(first, past)),
                                 (past == obj.shape[axis], slice(past - 1, first - 1 if first > 0 else None, -1))):
            if not at_face:
                continue
            sections = stack[ordered]
            areas = sections.sum(axis=(1, 2))
            n = 1
            while n < len(sections) and 0 < areas[n] <= 2 * areas[0]:  # a rod's section does not double
                near = ndimage.binary_dilation(sections[n - 1], iterations=tolerance)
                if (sections[n] & ~near).sum() > max(0.1 * areas[n - 1], 1):
                    break
                n += 1
            if 2 * sections[:n].sum() <= obj.sum():
                continue
            across = [spacing[a] for a in range(3) if a != axis]
            width = 2 * np.sqrt(np.median(areas[:n]) * across[0] * across[1] / np.pi)
            if width <= widest and n * spacing[axis] >= rule.mount_elongation * width:
                mount = np.zeros_like(obj)
                np.moveaxis(mount, axis, 0)[ordered][:n] = sections[:n]
                return mount
    return None


def is_mount_under_walls(obj: np.ndarray, rule: BoxRule, spacing: tuple[float, float, float] | None = None) -> bool:
    """Whether the largest part of ``obj`` ((Z, Y, X) bool, one object) is a mounting rod or pin
    (:func:`is_mount`) once its thin full-height walls are dropped (:func:`without_walls`): ring
    artefacts joined to a rod widen it past a mount's width (docs/ct_guide.md, thirteenth round)."""
    rest = without_walls(obj, rule, rule.voxels(rule.wall_width, obj.shape, spacing))
    if rest is None:
        return False
    return is_mount(largest_region(rest), rule, spacing)


def contents(labels: np.ndarray, chosen: int, sizes: np.ndarray, rule: BoxRule = DEFAULT,
             hot: np.ndarray | None = None, spacing=None) -> np.ndarray | None:
    """The largest object held by object ``chosen`` ((Z, Y, X) bool) when it is a container,
    else None.

    ``labels``: (Z, Y, X) connected objects (1-based, as from ``ndimage.label``). A container
    runs along the rotation axis (z), as a sample tube does, and is a wall around other objects
    in the slices across it: filling the holes of its cross-sections covers them. It is shaped
    like a tube (:func:`tube_sections`: it may end inside the volume, or be tilted; a hollow
    sample with something inside is not). Held objects lie mostly inside
    (``rule.held_fraction``) and are at least ``rule.min_content`` of the volume's voxels
    (not a speck), and are not a mounting rod or pin (:func:`is_mount`, with ``spacing`` the
    voxel size); with ``hot`` (the (Z, Y, X) bool region the model points at) given, one it
    does not touch fills at least ``rule.medium_hole`` of the filled cross-sections in its
    slices (a spot on the rotation axis at a tube's floor is not the sample; the model often
    marks the tube's wall rather than what it holds; a thin sample on a long rod is, its share
    counted where it is thick, at least ``rule.support_fraction`` of its widest:
    :func:`share_where_thick`). (One that touches the wall is found
    later, by :func:`peeled`.)
    """
    container = labels == 1 + chosen
    sections = tube_sections(container, rule)
    if sections is None:
        return None
    filled = sections[0]
    inside = ndimage.sum_labels(filled & ~container, labels, np.arange(1, len(sizes) + 1)) / sizes
    inside[chosen] = 0
    held = np.flatnonzero((inside > rule.held_fraction) & (sizes >= rule.min_content * labels.size))
    width = rule.voxels(rule.wall_width, labels.shape)
    held = [i for i in held if not wall_thin(labels == 1 + i, width)]  # a ring artefact's arc is not a sample
    if rule.mounts:
        held = [i for i in held if not is_mount(labels == 1 + i, rule, spacing)]
    if hot is not None:
        held = [i for i in held if (hot & (labels == 1 + i)).any()
                or share_where_thick(labels == 1 + i, filled, rule.support_fraction) >= rule.medium_hole]
    return labels == 1 + int(max(held, key=lambda i: sizes[i])) if held else None


def in_a_tube_apart(labels: np.ndarray, chosen: int, sizes: np.ndarray, rule: BoxRule, spacing=None) -> bool:
    """Whether another object of ``labels`` ((Z, Y, X), 1-based) is a container
    (:func:`tube_sections`) whose filled cross-sections hold more than ``rule.held_fraction`` of
    object ``chosen`` (0-based, as :func:`contents`'s), apart from it: the object lies in a tube
    with air between them. A liquid or gel around a sample fills its tube and joins the wall
    above the threshold; so a medium found in such an object is not one."""
    obj = labels == 1 + chosen
    spans = ndimage.find_objects(labels)
    own = spans[chosen]
    for i in np.flatnonzero(sizes >= rule.min_content * labels.size):
        s = spans[i]
        # a tube around the object spans it in-plane (a quick test before the slow one)
        if i == chosen or s is None or any(s[k].start > own[k].start or s[k].stop < own[k].stop for k in (1, 2)):
            continue
        sections = tube_sections(labels == 1 + i, rule, spacing)
        if sections is not None and (sections[0] & obj).sum() > rule.held_fraction * obj.sum():
            return True
    return False


def share_where_thick(obj: np.ndarray, filled: np.ndarray, thick: float) -> float:
    """The share of ``filled``'s cross-sections that ``obj`` covers (both (Z, Y, X) bool) in the
    slices where ``obj`` is thick (at least ``thick`` of its largest section): a spot is small
    in all of its slices; a sample on a long thin rod is large in its own, and the rod's slices,
    where it is thin, do not count."""
    areas = obj.sum(axis=(1, 2))
    where = areas >= thick * areas.max()
    return float(areas[where].sum() / max(int(filled[where].sum()), 1))


def wall_thin(obj: np.ndarray, width: int) -> bool:
    """Whether ``obj`` ((Z, Y, X) bool) is as thin as a wall seen along z: its footprint
    vanishes after ``width`` erosions (a ring artefact's arc, a leftover of a peeled wall)."""
    return not ndimage.binary_erosion(obj.any(axis=0), iterations=width).any()


def tube_sections(obj: np.ndarray, rule: BoxRule, spacing=None) -> tuple[np.ndarray, np.ndarray] | None:
    """(filled cross-sections, the slices where they are the tube's) of ``obj`` ((Z, Y, X) bool) when it is shaped like
    a container along z, else None: it spans at least ``rule.container_span`` of the slices and
    is a prism: in at least ``rule.container_prism`` of them its filled cross-section is within
    25 % of their median area (a tilted tube too; an ellipsoidal shell: about 40 %). Slices
    where the filled cross-section is as thin as a wall are not counted: a ring artefact's arc
    joined to a closed tube runs on to the volume's face below its floor."""
    zs = np.flatnonzero(obj.any(axis=(1, 2)))
    filled = np.zeros_like(obj)
    for z in zs:  # per slice: a tube is open at its ends
        filled[z] = ndimage.binary_fill_holes(obj[z])
    width = rule.voxels(rule.wall_width, obj.shape, spacing)
    zs = np.array([z for z in zs if ndimage.binary_erosion(filled[z], iterations=width).any()], int)
    if len(zs) < rule.container_span * len(obj):
        return None
    areas = filled.sum(axis=(1, 2))[zs]
    straight = np.abs(areas / np.median(areas) - 1) <= 0.25
    if np.mean(straight) < rule.container_prism:
        return None
    return filled, zs[straight]


def peeled(obj: np.ndarray, rule: BoxRule, spacing=None) -> tuple | None:
    """What a container ((Z, Y, X) bool, see :func:`tube_sections`) holds when it touches the
    wall (joined to it above the threshold): the largest part left inside once the wall is
    peeled off, the tube's first and last slice + 1 (z) and its caps (slice -> (Y, X) bool
    section, see :func:`on_caps`); or None (not a container; nothing left but wall-thin
    leftovers or parts under ``rule.min_content`` of the volume). Slices where what is left
    fills ``rule.medium_floor`` of the inside are the tube's floor or cap, not the sample.

    A container is hollow: where it is a wall alone (the tenth of its tube's slices with the
    fewest voxels) its filled cross-section is at least twice its own (not "in most slices": a
    sample filling over half a short capillary's inside fills most of its slices; measured,
    docs/ct_guide.md, "A tube the sample fills"). The wall is as thick as the erosions of the
    filled cross-sections that peel those emptiest slices until the next one removes under a
    fifth of what the first did, at most 4 x ``rule.wall_width`` (of the largest side)."""
    sections = tube_sections(obj, rule, spacing)
    if sections is None:
        return None
    filled, straight = sections
    areas = obj.sum(axis=(1, 2))[straight]
    emptiest = areas <= np.percentile(areas, 10)
    plain = straight[emptiest]
    if np.median(filled[plain].sum(axis=(1, 2)) / np.maximum(areas[emptiest], 1)) < 2:
        return None  # solid: a sample, not a tube
    zs = np.flatnonzero(obj.any(axis=(1, 2)))
    # each erosion peels a layer of the wall; once it is gone the next removes (nearly)
    # nothing: what is left there is an artefact inside the tube (a ring, a speck)
    left = [int(obj[plain].sum())]
    for k in range(1, 4 * rule.voxels(rule.wall_width, obj.shape, spacing) + 2):
        left.append(sum(int((obj[z] & ndimage.binary_erosion(filled[z], iterations=k)).sum()) for z in plain))
        if k >= 2 and left[k - 1] - left[k] < 0.2 * (left[0] - left[1]):
            k -= 1
            break
    else:
        return None
    inner, caps = np.zeros_like(obj), {}
    for z in zs:
        inside = ndimage.binary_erosion(filled[z], iterations=k)
        inner[z] = obj[z] & inside
        # (in the tube's own slices: below its end a rod fills its own small "inside" too)
        if z in straight and inside.any() and inner[z].sum() >= rule.medium_floor * inside.sum():
            caps[z], inner[z] = inner[z].copy(), False  # (nearly) the whole inside: the tube's floor or cap
    parts, n = ndimage.label(inner)
    sizes = np.bincount(parts.ravel())[1:]
    width = rule.voxels(rule.wall_width, obj.shape, spacing)
    kept = [i for i in np.argsort(sizes)[::-1] if sizes[i] >= rule.min_content * obj.size and not wall_thin(parts == 1 + i, width)]
    if not kept:
        return None
    return parts == 1 + int(kept[0]), (int(straight[0]), int(straight[-1]) + 1), caps


def on_caps(sample: np.ndarray, caps: dict) -> tuple[np.ndarray, tuple[bool, bool]]:
    """The footprint ((Z, Y, X) bool) of ``sample`` ((Z, Y, X) bool) on a cap it rests on
    (``caps``: slice -> the cap's (Y, X) bool section), and whether it rests on one (top,
    bottom). The slice that holds the floor's top holds the sample's base too in thick slices,
    and a lost base costs more of the sample than a slice of floor costs the box."""
    zs = np.flatnonzero(sample.any(axis=(1, 2)))
    base, rests = np.zeros_like(sample), []
    for z, beside in ((zs[0] - 1, zs[0]), (zs[-1] + 1, zs[-1])):
        rests.append(bool(z in caps))
        if z in caps:
            base[z] = caps[z] & sample[beside]
    return base, (rests[0], rests[1])


def without_walls(obj: np.ndarray, rule: BoxRule = DEFAULT, width: int | None = None, in_tube: bool = False) -> np.ndarray | None:
    """``obj`` ((Z, Y, X) bool, one object) less its thin full-height walls, or None when it
    has none.

    Ring artefacts and tube walls are the same in every slice across the rotation axis (z): the
    pixels where the object is present in at least ``rule.wall_presence`` of the slices, when
    they form only thin lines (``width`` erosions leave nothing; by default ``rule.wall_width``
    of the largest side). A solid object present in every slice (a sample taller than the
    volume) is left alone, and so is one that misses a slice: a pin under a sample that fills
    most of the height is thin and present in most slices too (measured: without this
    condition a fresh family lost a whole sample to its pin, docs/ct_guide.md, seventh round).
    ``in_tube``: ``obj`` is what a tube holds, over the tube's slices, where the sample may be
    present in most of them: the walls are then the thin part of what is present that often
    (a ring's arc crossing the sample), not all of it.
    """
    if not obj.any(axis=(1, 2)).all():
        return None
    width = rule.voxels(rule.wall_width, obj.shape) if width is None else width
    walls = obj.mean(axis=0) >= rule.wall_presence
    if in_tube:
        walls &= ~ndimage.binary_opening(walls, iterations=width)
    if not walls.any() or ndimage.binary_erosion(walls, iterations=width).any():
        return None
    rest = obj & ~walls[None]
    return rest if rest.any() else None


def hot_part_off_walls(obj: np.ndarray, hot: np.ndarray, rule: BoxRule, width: int, spacing=None,
                       in_tube: bool = False) -> np.ndarray | None:
    """The part of ``obj`` (a (Z, Y, X) bool object) that ``hot`` points at once its thin
    full-height walls are dropped (:func:`without_walls`, with the pieces a wall cut off it), or
    None when it has no walls or no hot voxel touches what is left. A part that is a mounting rod or pin on its own
    (:func:`is_mount`) comes after the others; parts under ``rule.speck_share`` of the largest
    part the hot voxels touch after the larger ones; wall-thin leftovers and specks come last."""
    rest = without_walls(obj, rule, width, in_tube)
    if rest is None:
        return None
    parts, m = ndimage.label(rest)
    hits = ndimage.sum_labels(hot, parts, np.arange(1, m + 1))
    if hits.max() <= 0:
        return None
    sizes = np.bincount(parts.ravel())[1:]
    order = [k for k in np.argsort(hits**2 / sizes)[::-1] if hits[k] > 0]
    # as in contents() and peeled(): a wall-thin leftover or a speck is never the sample
    solid = [k for k in order if sizes[k] >= rule.min_content * obj.size and not wall_thin(parts == 1 + k, width)]
    order = solid or order
    # hits**2 / size favours a small part the hot voxels mark densely: a speck by the axis took
    # a head's place (round 177, docs/ct_guide.md, "A speck beside the sample")
    largest = max(sizes[k] for k in order)
    order = sorted(order, key=lambda k: sizes[k] < rule.speck_share * largest)  # (stable: the rest keep their order)
    for k in order:
        part = rejoined(parts, 1 + int(k), width)
        if not (rule.mounts and is_mount(part, rule, spacing)):
            return part
    return rejoined(parts, 1 + int(order[0]), width)


def rejoined(parts: np.ndarray, k: int, width: int) -> np.ndarray:
    """Part ``k`` of ``parts`` ((Z, Y, X) labels of an object less its walls) with the parts a
    wall cut off it: within a wall's ``width`` (voxels) of it and within its slices (a ring crossing a thin
    sample cuts it in two; the ring's own leftovers reach other slices), but for a ring's arc
    running off it (:func:`is_arc_leaving`)."""
    part = parts == k
    zs = np.flatnonzero(part.any(axis=(1, 2)))
    near = np.unique(parts[ndimage.binary_dilation(part, iterations=width + 1) & (parts > 0)])
    spans = ndimage.find_objects(parts)
    keep = [j for j in near if spans[j - 1][0].start >= zs[0] and spans[j - 1][0].stop <= zs[-1] + 1
            and not is_arc_leaving(parts[spans[j - 1]] == j, spans[j - 1], spans[k - 1], width)]
    return np.isin(parts, keep) | part


def is_arc_leaving(piece: np.ndarray, span: tuple, part_span: tuple, width: int) -> bool:
    """Whether ``piece`` ((Z, Y, X) bool within its ``span``, slices) is a ring's arc running
    off the part (``part_span``): as thin as a wall (:func:`wall_thin`) and reaching over a
    wall's ``width`` (voxels) past the part's box across z. A speck, or a piece of the sample a
    ring cut off, does not."""
    reach = max(max(p.start - s.start, s.stop - p.stop) for s, p in zip(span[1:], part_span[1:]))
    return reach > width + 1 and wall_thin(piece, width)


def without_supports(mask: np.ndarray, box: Box, rule: BoxRule = DEFAULT, ends: Box | None = None, spacing=None,
                     capped: tuple[bool, bool] = (False, False)) -> Box:
    """``box`` of ``mask`` (an object) less a support entering from the volume's border (or
    from the faces of ``ends``: the ends of the tube that holds the object), or ending within a
    support's length of it; none enters along z through a cap the object rests on (``capped``:
    top, bottom).

    A mounting rod or pin is as bright as the sample and touches it, so it joins the object.
    It enters from a face of the volume and is a prism: its first ``rule.support_length`` (of the
    largest side) from that face are thin (at most ``rule.support_fraction`` of the object's largest cross-section),
    and further in the object stays inside their footprint until the sample begins. Those
    slices are cut; a sample that is itself cut by the border (thick there, or leaving the
    footprint at once) is left whole.
    """
    start, stop = list(box.start), list(box.stop)
    ends = ends or Box((0,) * 3, mask.shape)
    tolerance = rule.voxels(rule.wall_width, mask.shape, spacing)
    for axis in range(3):
        length = rule.voxels(rule.support_length, mask.shape, spacing, axis)
        stack = np.moveaxis(mask, axis, 0)
        # at a face, or as near it as a support's length (a pin's last slices fade in a reconstruction)
        if start[axis] <= ends.start[axis] + length and not (axis == 0 and capped[0]):
            start[axis] += support_length(stack[start[axis]:stop[axis]], length, rule.support_fraction, tolerance, rule.support_footprint,
                                          rule.support_widening)
        if stop[axis] >= ends.stop[axis] - length and not (axis == 0 and capped[1]):
            stop[axis] -= support_length(stack[start[axis]:stop[axis]][::-1], length, rule.support_fraction, tolerance, rule.support_footprint,
                                         rule.support_widening)
    return Box(tuple(start), tuple(stop))


def support_length(stack: np.ndarray, length: int, thin: float, tolerance: int, footprint_slices: int,
                   widening: float = DEFAULT.support_widening) -> int:
    """Number of slices of a support at the start of ``stack`` ((n, h, w) bool cross-sections
    of an object, from the border inwards), 0 when there is none: at least ``length`` slices,
    each at most ``thin`` of the largest cross-section, the object then staying within
    ``tolerance`` pixels of their footprint; see :func:`without_supports`. A one-slice support
    (thick slices) takes its footprint over up to ``footprint_slices`` first slices while each
    is thin: a tube ending within the face slice, or the support's blur wavering from slice to
    slice, makes one slice's footprint narrower than the support, and the next slice "left" it
    at once (rounds 20 and 22, docs/ct_guide.md).

    Where the object leaves that footprint into another such prism, its section at most
    ``widening`` times larger (median areas) and at least as long as the support found so far,
    the support goes on through it: a rod passing from air into the liquid of a tube that ends
    above the face is wider there (its halo), and a sample's thin end is shorter than the rod
    under it (the seventeenth round, docs/ct_guide.md).

    A one-slice support's last footprint slice over ``widening`` times the median of the ones
    before it is the sample's: its partial first thick slice, which the footprint took over
    (rounds 119 and 125, docs/ct_guide.md)."""
    area = stack.sum(axis=(1, 2))
    top = float(area.max()) if len(stack) else 0.0
    cut = prism_length(stack, length, thin, tolerance, footprint_slices, top)
    while cut:
        more = prism_length(stack[cut:], length, thin, tolerance, footprint_slices, top)
        if more < cut or np.median(area[cut:cut + more]) > widening * np.median(area[:cut]):
            break
        cut += more
    if length == 1 and 2 <= cut <= footprint_slices and area[cut - 1] > widening * np.median(area[:cut - 1]):
        cut -= 1
    return cut


def prism_length(stack: np.ndarray, length: int, thin: float, tolerance: int, footprint_slices: int, top: float) -> int:
    """Slices at the start of ``stack`` that stay within the footprint of its first thin
    slices (at most ``thin`` of ``top``, the object's largest cross-section); see
    :func:`support_length`."""
    if len(stack) <= length:
        return 0
    area = stack.sum(axis=(1, 2))
    window = length
    if length == 1:
        while window < min(footprint_slices, len(stack) - 1) and area[: window + 1].max() <= thin * top:
            window += 1
    base = float(np.median(area[:window]))
    if base > thin * top:
        return 0
    # the support's footprint, a wall's width wider (its edge wavers with the noise and motion)
    footprint = ndimage.binary_dilation(stack[:window].any(axis=0), iterations=tolerance)
    outside = (stack & ~footprint).sum(axis=(1, 2))
    leaves = np.flatnonzero(outside > max(0.1 * base, 0.01 * top, 1))
    return int(leaves[0]) if len(leaves) and leaves[0] >= window else 0


def without_support_leaving_medium(bright: np.ndarray, held: np.ndarray, sample: np.ndarray, box: Box, rule: BoxRule = DEFAULT,
                                   spacing=None) -> Box:
    """``box`` (of ``sample``: what a medium holds, ``held``, with its edges) less a support
    that leaves the medium along z and runs on to the volume's face: in every slice from the
    held region's end to that face, the pieces of ``bright`` (the voxels above the threshold,
    (Z, Y, X) bool) that touch the footprint of that end slice lie within it (a rod in air;
    the liquid, block or floor under a sample is wider than its end) in at least a support's
    length of slices, all but the first (the slice the liquid ends in, partial volume in a thick
    one), and the support is then cut as from that face (:func:`without_supports`), where that
    cut reaches into what the medium holds at least a support's length and as far as the rod
    runs in air. The medium encloses a rod in the liquid with the sample, so the held region
    ends where the tube's liquid does, above the face, and the supports step never looked there
    (docs/ct_guide.md, eighteenth round)."""
    slices = np.flatnonzero(held.any(axis=(1, 2)))
    if slices.size == 0:
        return box
    start, stop = list(box.start), list(box.stop)
    length = rule.voxels(rule.support_length, sample.shape, spacing, 0)
    for side, end, towards_face in ((0, slices[0], range(slices[0] - 1, -1, -1)), (1, slices[-1], range(slices[-1] + 1, sample.shape[0]))):
        if (start[0] <= length) if side == 0 else (stop[0] >= sample.shape[0] - length):
            continue  # at the face already: the supports step has looked
        footprint = ndimage.binary_dilation(held[end], iterations=rule.voxels(rule.wall_width, sample.shape, spacing))
        column = np.zeros_like(sample)
        isolated = 0
        for z in towards_face:
            pieces, _ = ndimage.label(bright[z])
            touching = np.unique(pieces[footprint & bright[z]])
            piece = np.isin(pieces, touching[touching > 0])
            if not piece.any():
                break
            if (piece & ~footprint).sum() > max(0.1 * piece.sum(), 1):
                if z != towards_face[0]:
                    break
                piece &= footprint  # the slice the liquid ends in (partial volume): the rod's part of it
            else:
                isolated += 1
            column[z] = piece
        else:
            if isolated < length:
                continue
            whole = sample | column
            cut = without_supports(whole, box_from_mask(whole), rule, None, spacing)
            # a cut into what the medium holds shorter than a support's length, or than the rod
            # in air under it, is the sample's: the rod's end in its base, which it enters, or
            # the base itself where the medium is as dense as it (a block ends just under its
            # sample, a tube's liquid runs down the rod: gel_block, paraffin_block_rod_2x)
            into = cut.start[0] - slices[0] if side == 0 else slices[-1] + 1 - cut.stop[0]
            if into < max(length, int(column.any(axis=(1, 2)).sum())):
                continue
            start[0], stop[0] = (max(start[0], cut.start[0]), stop[0]) if side == 0 else (start[0], min(stop[0], cut.stop[0]))
    return Box(tuple(start), tuple(stop)) if start[0] < stop[0] else box
