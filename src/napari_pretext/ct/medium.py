"""A sample held in a medium: a liquid in a closed tube, a block of gel or resin around it.

The medium is as dense as a fair part of the sample, so the threshold joins the two and the
heatmap marks the whole column (the box becomes the liquid's). But a medium is *uniform*: in
the object's filled cross-sections it is the dominant intensity mode and a narrow one (noise
only), clearly above the air; the sample is what it encloses, brighter or dimmer than it. Arrays
are (Z, Y, X) at the model's resolution; z is the rotation axis. Constants: :class:`~.box_rule.BoxRule`
(measured in docs/ct_guide.md, "Fifth round").
"""

from __future__ import annotations

import hashlib
from typing import NamedTuple

import numpy as np
from scipy import ndimage

from .box_rule import BoxRule
from .boxes import largest_region

# in-plane neighbours only: thick slices must not join what is apart within a slice
IN_PLANE = np.zeros((3, 3, 3), bool)
IN_PLANE[1] = [[0, 1, 0], [1, 1, 1], [0, 1, 0]]


class Held(NamedTuple):
    sample: np.ndarray | None  # (Z, Y, X) bool: what the medium holds; None: nothing told apart from it
    span: tuple[int, int]  # the slices (first, past-last) beyond which it only holds what every slice repeats


def held_in_medium(small: np.ndarray, obj: np.ndarray, rule: BoxRule, spacing=None, cache: dict | None = None) -> Held | None:
    """The sample that a uniform medium filling ``obj``'s cross-sections holds, or None when
    there is no such medium (``obj``: the chosen bright object, (Z, Y, X) bool); its ``sample``
    is None when a tube or capillary holds a medium (:func:`in_a_denser_wall`) but nothing in it is told
    apart from it (a sample of uniform density in air, its own 3-voxel median as narrow as a
    medium's, has no wall: None).

    A medium: the mode of the filled cross-sections' (median-filtered) values, holding at least
    ``rule.medium_share`` of their voxels within ``rule.medium_band`` of its spread, that spread
    at most ``rule.medium_flatness`` of its level above the air's, that level at least
    ``rule.medium_contrast`` of the way from the air's to the object's bright level (90th
    percentile), the sections it fills a prism (:func:`in_a_prism`). The sample: the
    thickest-cored region the medium encloses slice by slice (ring artefacts and noise specks,
    thin, are opened away; the medium's thin links into a dim sample
    cut first; a tube's wall encloses it too when the outer layer of the cross-sections is at
    least ``rule.medium_wall`` not the medium; not in slices where it would be
    ``rule.medium_floor`` of the inside: a tube's floor; not the air over the medium's surface,
    :func:`surface_air`), at least ``rule.medium_hole`` of the
    cross-sections in its slices, with the pieces over and under it (:func:`with_pieces_across`;
    or all the regions it encloses together, when the medium cuts the sample into pieces; or,
    when neither is, what it encloses opened wider, :func:`textured_core`); and
    the slices it spans without the ones beyond it that only show what every slice repeats
    (:func:`repeated_slices`). ``cache``: a dict shared by the calls on one volume with one rule
    but for its top fraction (a box and its confidence: the same object is often chosen again,
    and this step is the rule's slowest)."""
    key = hashlib.blake2b(np.packbits(obj).tobytes(), digest_size=16).hexdigest() if cache is not None else None
    if key in (cache or {}):
        return cache[key]
    span = ndimage.find_objects(obj.astype(np.uint8))
    if not span:
        return None
    width = rule.voxels(rule.wall_width, small.shape, spacing)
    # everything below happens within the object's box and a margin wider than any of its
    # morphology reaches: the same result as on the whole volume, faster (docs/ct_guide.md)
    crop = tuple(slice(max(0, s.start - 2 * width - 4), s.stop + 2 * width + 4) for s in span[0])
    inner = held_within_crop(small, crop, obj[crop], rule, width)
    held = None
    if inner is not None and inner.sample is None:
        held = Held(None, (0, obj.shape[0]))
    elif inner is not None:
        sample = np.zeros_like(obj)
        sample[crop] = inner.sample
        first, past = inner.span
        held = Held(sample, (first + crop[0].start if first > 0 else 0,
                             past + crop[0].start if past < inner.sample.shape[0] else obj.shape[0]))
    if cache is not None:
        cache[key] = held
    return held


def held_within_crop(small: np.ndarray, crop: tuple, obj: np.ndarray, rule: BoxRule, width: int) -> Held | None:
    """:func:`held_in_medium` in ``crop`` (slices) of the volume ``small`` (``obj``: the object
    there; ``width``: a wall's width in voxels), or None."""
    mode = dominant_mode(small, crop, obj, rule)
    if mode is None or not is_a_medium(mode, rule, rule.medium_flatness):
        return None
    filled, smooth, medium, level, spread = mode.filled, mode.smooth, mode.medium, mode.level, mode.spread
    # darker than the medium: air over its surface, or a sample's dim parts in a dense one (twentieth round)
    dark = smooth < level - rule.medium_band * spread
    found = enclosed(medium, filled, rule, width, max(1, width // 2))
    above = surface_air(found, dark, rule)
    core = sample_core(found.cores & ~above, filled, rule, small.size, width)
    if core is None:  # a sample the medium runs through: its texture (nineteenth round, second part)
        found = enclosed(medium, filled, rule, width, max(1, round(rule.medium_texture * width)))
        above = surface_air(found, dark, rule)
        core = textured_core(found._replace(cores=found.cores & ~above), filled, rule, small.size, width)
        if core is None:  # a medium a tube holds, no sample told apart in it: as dense as the sample? (a doubt)
            return Held(None, (0, obj.shape[0])) if in_a_denser_wall(smooth, filled, level, spread, rule, width) else None
    medium, holes, cores = found
    # ring artefacts and the axis's spot beyond the sample: the box is limited to the slices
    # without them once the supports step has taken a support off (a pin in the pattern's
    # column is one: cut here, it would no longer reach the face it enters from)
    repeated = repeated_slices(smooth, holes, cores, np.flatnonzero(medium.any(axis=(1, 2))), spread, rule)
    span = (0, obj.shape[0])  # (the edges step may grow the box by a slice where nothing was cut)
    shorter = sample_core(cores & ~above & ~repeated[:, None, None], filled, rule, small.size, width, repeated) if repeated.any() else None
    if shorter is not None:
        whole = np.flatnonzero(core.any(axis=(1, 2)))
        kept = np.flatnonzero(shorter.any(axis=(1, 2)))
        span = (int(kept[0]) if kept[0] > whole[0] else 0, int(kept[-1]) + 1 if kept[-1] < whole[-1] else obj.shape[0])
    # the core and what of the enclosed region lies within reach of it (its thin parts)
    sample = without_flared_ends(holes & ndimage.binary_dilation(core, IN_PLANE, iterations=width + 1), rule)
    # arcs, not whole rings, where the tube is off the axis (the path through it changes with the
    # angle); in a centred one a sample's own edge runs round the axis (docs/ct_guide.md)
    axis = axis_in_crop(small.shape, crop)
    if rule.medium_rings and axis_offset(filled, axis) >= rule.ring_offset:
        sample = without_ring_arcs(sample, smooth, axis, rule, width)
    return Held(sample, span)


def without_flared_ends(sample: np.ndarray, rule: BoxRule) -> np.ndarray:
    """``sample`` ((Z, Y, X) bool: what a medium holds) less an end slice at least
    ``rule.medium_end`` times the one beside it: where the medium ends (a tube's floor, the
    liquid's surface, within a thick slice) what it encloses spreads over the section, where a
    sample's end tapers or is flat (docs/ct_guide.md, "The medium's end (after round 178)")."""
    areas = sample.sum(axis=(1, 2))
    zs = np.flatnonzero(areas)
    out = sample.copy()
    for end, beside in ((zs[0], zs[0] + 1), (zs[-1], zs[-1] - 1)) if len(zs) > 2 else ():
        if areas[beside] > 0 and areas[end] >= rule.medium_end * areas[beside]:
            out[end] = False
    return out


def axis_in_crop(shape: tuple[int, int, int], crop: tuple) -> tuple[float, float]:
    """The rotation axis's (y, x) in ``crop`` (slices of a volume of ``shape``): the slices'
    centre, where a reconstruction puts it."""
    return (shape[1] - 1) / 2 - (crop[1].start or 0), (shape[2] - 1) / 2 - (crop[2].start or 0)


def axis_offset(filled: np.ndarray, axis: tuple[float, float]) -> float:
    """How far the filled sections (``filled``, (Z, Y, X) bool) lie off the axis (``axis``, (y, x)
    in voxels): their centroid's distance from it in their equivalent radius (sqrt(area / pi)),
    the median over the slices. About 0 for a tube or capillary centred on the axis."""
    areas = filled.sum(axis=(1, 2))
    zs = np.flatnonzero(areas)
    if zs.size == 0:
        return 0.0
    y = (filled[zs].sum(axis=2) * np.arange(filled.shape[1])).sum(axis=1) / areas[zs]
    x = (filled[zs].sum(axis=1) * np.arange(filled.shape[2])).sum(axis=1) / areas[zs]
    return float(np.median(np.hypot(y - axis[0], x - axis[1]) / np.sqrt(areas[zs] / np.pi)))


def radial_share(smooth: np.ndarray, axis: tuple[float, float], width: int) -> np.ndarray:
    """The share of the in-plane gradient's energy along the radius from ``axis`` ((y, x) in
    voxels), in a Gaussian window of ``width`` voxels, (Z, Y, X) float in [0, 1]: near 1 on a
    ring artefact (a circle around the axis), about 0.5 on a sample's texture."""
    # Sobel: smoothed across the slices too, where a ring goes on and noise does not (in each
    # slice alone the paraffin family's boxes were 1.1 points worse: docs/ct_guide.md)
    gy, gx = ndimage.sobel(smooth, axis=1), ndimage.sobel(smooth, axis=2)
    y = np.arange(smooth.shape[1], dtype=np.float32)[:, None] - axis[0]
    x = np.arange(smooth.shape[2], dtype=np.float32)[None] - axis[1]
    r = np.maximum(np.hypot(y, x), 1e-3)
    along = ndimage.gaussian_filter((gy * (y / r) + gx * (x / r)) ** 2, (0, width, width))
    energy = ndimage.gaussian_filter(gy ** 2 + gx ** 2, (0, width, width))
    return along / np.maximum(energy, np.finfo(np.float32).tiny)


def without_ring_arcs(sample: np.ndarray, smooth: np.ndarray, axis: tuple[float, float], rule: BoxRule, width: int) -> np.ndarray:
    """``sample`` (what the medium holds, (Z, Y, X) bool) less the arcs of ring artefacts held
    with it (``smooth``: the median-filtered volume; ``axis``: the rotation axis's (y, x); ``width``:
    a wall's width in voxels). Near the axis the rings are strong and, where the cupping makes
    them depend on the path through the tube, broken into arcs (not whole circles): they are not
    the medium's level, so it encloses them with the sample. Their gradient runs along the radius
    (:func:`radial_share`); a sample's texture points every way. Kept: the parts whose radial
    share is under ``rule.ring_seed`` (opened, those at least ``rule.medium_piece`` of the
    largest), grown through the voxels under ``rule.ring_stop`` (a sample's own edge round the
    axis) and by ``width`` (docs/ct_guide.md, "Ring arcs in a medium (after round 169)").
    Unchanged where that keeps under ``rule.medium_hole`` of it."""
    radial = radial_share(smooth, axis, width)
    seeds = ndimage.binary_opening(sample & (radial < rule.ring_seed), IN_PLANE)
    labels, n = ndimage.label(seeds)
    if n == 0:
        return sample
    sizes = ndimage.sum_labels(seeds, labels, np.arange(1, n + 1))
    seeds = np.isin(labels, 1 + np.flatnonzero(sizes >= rule.medium_piece * sizes.max()))
    kept = ndimage.binary_propagation(seeds, mask=sample & (radial < rule.ring_stop))
    kept = sample & ndimage.binary_dilation(kept, IN_PLANE, iterations=width)
    return kept if kept.sum() >= rule.medium_hole * sample.sum() else sample


class Enclosed(NamedTuple):
    """The medium (its thin parts opened away), what it encloses slice by slice (``holes``) and
    their cores (``cores``: thin parts opened away), all (Z, Y, X) bool."""
    medium: np.ndarray
    holes: np.ndarray
    cores: np.ndarray


def enclosed(medium: np.ndarray, filled: np.ndarray, rule: BoxRule, width: int, opening: int) -> Enclosed:
    """What ``medium`` (the filled sections' voxels at the medium's level, (Z, Y, X) bool) encloses
    once its parts thinner than ``opening`` voxels (in-plane iterations) are opened away; see
    :func:`held_in_medium` (``width``: a wall's width in voxels)."""
    # thin parts of the medium are noise or ring artefacts (opened away); thin gaps in it are
    # rings too (bridged), which would otherwise let a slice's sample leak to the outside
    medium = ndimage.binary_opening(medium, IN_PLANE, iterations=opening)
    medium = filled & ndimage.binary_closing(medium, IN_PLANE, iterations=max(1, width // 2))
    # a tube's wall encloses the sample too, where it touches the wall: when the filled
    # sections' outer layer (a wall's width) is mostly not the medium, it is a wall, and their
    # rim (two walls' widths: the wall and its blur) encloses (a gel block's outer layer is gel:
    # there the medium alone encloses)
    rim = filled & ~ndimage.binary_erosion(filled, IN_PLANE, iterations=2 * width)
    outer = filled & ~ndimage.binary_erosion(filled, IN_PLANE, iterations=width)
    enclosure = medium | rim if (outer & ~medium).sum() >= rule.medium_wall * outer.sum() else medium
    holes = np.zeros_like(filled)
    # a thick slice over a floor averages it with the medium, which still lines the wall there
    # (partial volume, a meniscus): the floor's inside ends a wall's width further in than the
    # rim (docs/ct_guide.md, "Fourteenth round")
    inside = ndimage.binary_erosion(filled, IN_PLANE, iterations=3 * width)
    for z in np.flatnonzero(medium.any(axis=(1, 2))):
        holes[z] = ndimage.binary_fill_holes(enclosure[z]) & ~enclosure[z]
        if holes[z].sum() >= rule.medium_floor * inside[z].sum():
            holes[z] = False  # (nearly) the whole inside: a tube's floor or cap, not a sample
    return Enclosed(medium, holes, ndimage.binary_opening(holes, IN_PLANE, iterations=width))


def in_a_denser_wall(smooth: np.ndarray, filled: np.ndarray, level: float, spread: float, rule: BoxRule, width: int) -> bool:
    """Whether a wall denser than the medium holds it: the filled sections' (``filled``) outer
    layer (``width`` voxels) at least ``rule.medium_dense_wall`` above the medium's band (``level``,
    ``spread``; ``smooth``: the median-filtered volume) - a tube or capillary. A sample of uniform
    density in air has no such layer: its edge is blurred into the air, darker."""
    outer = filled & ~ndimage.binary_erosion(filled, IN_PLANE, iterations=width)
    return bool((outer & (smooth > level + rule.medium_band * spread)).sum() >= rule.medium_dense_wall * outer.sum())


def surface_air(found: Enclosed, dark: np.ndarray, rule: BoxRule) -> np.ndarray:
    """The enclosed regions (``found.holes``) that are air over the medium's surface, (Z, Y, X)
    bool: at least ``rule.medium_air`` darker than the medium (``dark``) and reaching the
    medium's first or last slice, not both (a tilted tube's liquid or gel ends in a slanted
    surface across a few slices; the air over it is enclosed by the wall and the medium)."""
    labels, n = ndimage.label(found.holes)
    if n == 0:
        return np.zeros_like(found.holes)
    share = ndimage.mean(dark, labels, np.arange(1, n + 1))
    slices = np.flatnonzero(found.medium.any(axis=(1, 2)))
    ends = [i for i, s in enumerate(ndimage.find_objects(labels)) if (s[0].start <= slices[0]) != (s[0].stop > slices[-1])]
    return np.isin(labels, 1 + np.intersect1d(np.flatnonzero(share >= rule.medium_air), ends))


def textured_core(found: Enclosed, filled: np.ndarray, rule: BoxRule, volume_size: int, width: int) -> np.ndarray | None:
    """The core of a sample the medium runs through (``found``: what the medium encloses once
    opened by ``rule.medium_texture`` walls' widths), or None: the largest enclosed region, large
    enough alone (:func:`is_hole_large`; specks and ring arcs together are not a sample), with
    its pieces across (:func:`with_pieces_across`), and not in every slice the medium fills
    (what is there in all of them is the pattern every slice repeats: ring artefacts, densest
    near the axis, break the medium up there too).

    A dim sample at the medium's level in places has the medium running through it in thin
    strands, which join the medium around it: it encloses only the sample's brightest specks.
    Opened wider, those strands go and the sample is enclosed (docs/ct_guide.md, "Nineteenth
    round, second part")."""
    if not found.cores.any():
        return None
    core = largest_region(found.cores)
    if not is_hole_large(core, filled, rule, volume_size):
        return None
    core = with_pieces_across(core, found.cores, rule, width)
    slices = np.flatnonzero(found.medium.any(axis=(1, 2)))
    spans = np.flatnonzero(core.any(axis=(1, 2)))
    return None if spans[0] <= slices[0] and spans[-1] >= slices[-1] else core


def sample_core(cores: np.ndarray, filled: np.ndarray, rule: BoxRule, volume_size: int, width: int,
                repeated: np.ndarray | None = None) -> np.ndarray | None:
    """The core of the sample among the enclosed regions' cores (``cores``, (Z, Y, X) bool): the
    largest with the pieces over and under it (:func:`with_pieces_across`, ``width``: a wall's
    width in voxels; not beyond a slice of ``repeated``, (Z,) bool), or all together when the
    medium cuts the sample into pieces; None when neither is large enough (:func:`is_hole_large`)."""
    if not cores.any():
        return None
    core = largest_region(cores)
    if is_hole_large(core, filled, rule, volume_size):
        if repeated is not None:  # what lies past a slice that only repeats the pattern is not the sample
            zs = np.flatnonzero(core.any(axis=(1, 2)))
            above = max(np.flatnonzero(repeated[:zs[0]]), default=-1)
            below = min(zs[-1] + np.flatnonzero(repeated[zs[-1]:]), default=len(repeated))
            z = np.arange(len(repeated))
            cores = cores & ((z > above) & (z < below))[:, None, None]
        return with_pieces_across(core, cores, rule, width)
    # a sample the medium cuts into pieces (grains, a dim sample): all of them
    return cores if is_hole_large(cores, filled, rule, volume_size) else None


def with_pieces_across(core: np.ndarray, cores: np.ndarray, rule: BoxRule, width: int) -> np.ndarray:
    """``core`` (the largest enclosed region's, (Z, Y, X) bool) and the other regions of
    ``cores`` over or under it with at least ``rule.medium_piece`` of its size within its
    footprint (projected along z, grown by ``width`` voxels: the blur of its edge): where a
    sample is as dense as the medium over whole slices the medium cuts it across, and the largest
    piece may be a few slices of it; ring artefacts and specks stacked on it are smaller, and
    what lies above or below it mostly beside it is not its column (docs/ct_guide.md,
    "Nineteenth round")."""
    labels, _ = ndimage.label(cores)  # the connectivity largest_region uses
    footprint = ndimage.binary_dilation(core.any(axis=0), iterations=width)
    across = np.unique(labels[:, footprint])
    across = across[across > 0]
    inside = ndimage.sum_labels(cores & footprint, labels, across)
    return core | np.isin(labels, across[inside >= rule.medium_piece * core.sum()])


def repeated_slices(smooth: np.ndarray, holes: np.ndarray, cores: np.ndarray, slices: np.ndarray, spread: float,
                    rule: BoxRule) -> np.ndarray:
    """The slices ((Z,) bool) beyond the sample whose enclosed region (``cores``, (Z, Y, X) bool)
    is only what every slice repeats, where and as bright: at least ``rule.medium_repeat`` of it
    within a voxel of where the medium's slices (``slices``, indices) enclose something
    (``holes``) in at least ``rule.medium_repeat`` of them, and within ``rule.medium_band``
    spreads (``spread``) of what those slices show there (their median of ``smooth``, the
    median-filtered volume). Beyond the sample: on either side of the stretch of slices that
    are not repeated and hold the most (the bulk), by over ``rule.medium_margin`` slices (a dim
    tip of the sample may lie in the pattern), where that side holds less than the bulk (a
    sample filling nearly all of the medium's slices is such a pattern itself). Ring artefacts
    and the rotation axis's spot are the same in every slice; the medium encloses them above
    and below the sample, and they join it along z (docs/ct_guide.md, "Sixteenth round")."""
    out = np.zeros(cores.shape[0], bool)
    size = cores.sum(axis=(1, 2))
    if slices.size < 3 or not size.any():
        return out
    pattern = ndimage.binary_dilation(holes[slices].mean(axis=0) >= rule.medium_repeat)
    where = (size > 0) & ((cores & pattern).sum(axis=(1, 2)) >= rule.medium_repeat * size)
    if where.sum() < 3:
        return out
    alike = np.abs(smooth - np.median(smooth[where], axis=0)) <= rule.medium_band * spread
    only = where & ((cores & pattern & alike).sum(axis=(1, 2)) >= rule.medium_repeat * size)
    stretches, n = ndimage.label((size > 0) & ~only)
    if n == 0:
        return out
    bulk = np.flatnonzero(stretches == 1 + int(np.argmax(ndimage.sum_labels(size, stretches, range(1, n + 1)))))
    z = np.arange(size.size)
    for side in (z < bulk[0] - rule.medium_margin, z > bulk[-1] + rule.medium_margin):
        if size[side].sum() < size[bulk].sum():
            out |= side & only
    return out


def is_hole_large(core: np.ndarray, filled: np.ndarray, rule: BoxRule, volume_size: int) -> bool:
    """Whether ``core`` (the enclosed region's core, (Z, Y, X) bool, in a crop) is a sample: at
    least ``rule.min_content`` of the volume (``volume_size`` voxels) and ``rule.medium_hole``
    of the filled cross-sections (``filled``) in its slices."""
    size = int(core.sum())
    return size >= rule.min_content * volume_size and size >= rule.medium_hole * filled[core.any(axis=(1, 2))].sum()


class Mode(NamedTuple):
    """The dominant intensity mode of an object's filled cross-sections, a medium's candidate
    (arrays: (Z, Y, X) in the object's crop)."""
    filled: np.ndarray  # bool: the filled cross-sections (:func:`filled_sections`)
    smooth: np.ndarray  # float32: the 3-voxel median around them (0 beyond)
    medium: np.ndarray  # bool: the filled voxels within ``rule.medium_band`` spreads of the level
    level: float
    spread: float
    air: float  # the median beyond the sections and 3 voxels around them
    bright: float  # the object's 90th percentile (of ``smooth``)


def dominant_mode(small: np.ndarray, crop: tuple, obj: np.ndarray, rule: BoxRule) -> Mode | None:
    """The :class:`Mode` of ``obj`` (the object in ``crop``, slices of the volume ``small``), or
    None when its sections' values are flat."""
    filled = filled_sections(obj, rule)
    # photon noise and specks: a 3-voxel median, computed only around the object (the slow part)
    around = tuple(slice(max(0, s.start - 1), s.stop + 1) for s in ndimage.find_objects(filled.astype(np.uint8))[0])
    smooth = np.zeros(obj.shape, np.float32)
    smooth[around] = ndimage.median_filter(np.asarray(small[crop][around], np.float32), 3)
    found = medium_level(smooth[filled])
    if found is None:
        return None
    level, spread = found
    near = np.zeros(small.shape, bool)  # the filled sections and 3 voxels around them: not air
    near[crop] = ndimage.binary_dilation(filled, iterations=3)
    air = float(np.median(small[~near])) if not near.all() else float(np.min(small))
    bright = float(np.percentile(smooth[obj], 90))
    medium = filled & (np.abs(smooth - level) <= rule.medium_band * spread)
    return Mode(filled, smooth, medium, level, spread, air, bright)


def is_a_medium(mode: Mode, rule: BoxRule, flatness: float, ceiling: float | None = None) -> bool:
    """Whether ``mode`` is a uniform medium's: at least ``rule.medium_share`` of the sections'
    voxels, its level at least ``rule.medium_contrast`` (and at most ``ceiling``, when given) of
    the way from the air's level to the object's bright level, its spread at most ``flatness``
    of its level above the air's, the sections it fills a prism (:func:`in_a_prism`)."""
    above, span = mode.level - mode.air, mode.bright - mode.air
    return bool(mode.medium.sum() >= rule.medium_share * mode.filled.sum() and above >= rule.medium_contrast * span
                and (ceiling is None or above <= ceiling * span) and mode.spread <= flatness * above
                and in_a_prism(mode.filled, mode.medium, rule))


def filled_sections(obj: np.ndarray, rule: BoxRule) -> np.ndarray:
    """``obj``'s cross-sections ((Z, Y, X) bool) with their holes filled, broken walls mended
    (:func:`mended_sections`)."""
    filled = np.zeros_like(obj)
    for z in np.flatnonzero(obj.any(axis=(1, 2))):
        filled[z] = ndimage.binary_fill_holes(obj[z])
    return mended_sections(filled, rule)


def in_a_prism(filled: np.ndarray, medium: np.ndarray, rule: BoxRule) -> bool:
    """Whether at least ``rule.medium_prism`` of the medium's voxels (``medium``) lie in slices
    whose filled cross-section (``filled``, both (Z, Y, X) bool) is within ``rule.medium_section``
    of the median area (the median over the medium's voxels). A liquid fills its tube and a gel or
    resin is cast in a mould: the same section in every slice (a tilted tube's too). A sample's
    own flat body around denser organs narrows towards its ends: it is the sample, not a medium
    (docs/ct_guide.md, "The demo's flat body")."""
    areas, amounts = filled.sum(axis=(1, 2)), medium.sum(axis=(1, 2))
    if not amounts.any():
        return False
    order = np.argsort(areas)
    cumulative = np.cumsum(amounts[order])
    median = areas[order][np.searchsorted(cumulative, cumulative[-1] / 2)]
    same = np.abs(areas / max(int(median), 1) - 1) <= rule.medium_section
    return bool(amounts[same].sum() >= rule.medium_prism * amounts.sum())


def mended_sections(filled: np.ndarray, rule: BoxRule) -> np.ndarray:
    """``filled`` ((Z, Y, X) bool, the object's filled cross-sections) with the sections whose
    wall broke mended. A tube's wall dips below the threshold here and there (noise, a ring
    crossing it, a streak), in one slice or in a run of them: that section is then its sample
    alone, and the sample's enclosed region breaks there. A section under ``rule.medium_break``
    of what the nearest sections above and below that are larger by that much both cover is
    given that cover (docs/ct_guide.md, "Fifteenth round" and "Twenty-second round")."""
    areas = filled.sum(axis=(1, 2))
    out = filled.copy()
    for z in range(1, len(areas) - 1):
        larger = areas * rule.medium_break > areas[z]
        above, below = np.flatnonzero(larger[:z]), np.flatnonzero(larger[z + 1:])
        if above.size and below.size:
            both = filled[above[-1]] & filled[z + 1 + below[0]]
            if areas[z] < rule.medium_break * both.sum():
                out[z] |= both
    return out


def medium_level(values: np.ndarray) -> tuple[float, float] | None:
    """(level, spread) of the dominant mode of ``values``: the peak of their histogram and its
    full width at half maximum / 2.355 (a Gaussian's sigma); None when the values are flat."""
    values = np.asarray(values, np.float32).ravel()
    if values.size == 0:
        return None
    low, high = np.percentile(values, (0.5, 99.5))
    if not high > low:
        return None
    counts, edges = np.histogram(values, 128, (low, high))
    counts = ndimage.gaussian_filter1d(counts.astype(np.float64), 1.5)
    peak = int(np.argmax(counts))
    above = counts > counts[peak] / 2
    start, stop = peak, peak
    while start > 0 and above[start - 1]:
        start -= 1
    while stop < len(counts) - 1 and above[stop + 1]:
        stop += 1
    step = float(edges[1] - edges[0])
    return float(edges[peak] + step / 2), step * (stop - start + 2) / 2.355
