"""Unsupervised localisation (CT paper, section 2.2) and the threshold baseline.

All three methods work on the downscaled copy of the volume (what the models were trained
on), slice by slice, and map the box back to full resolution. Each is a generator that yields
:class:`~napari_pretext.core.events.Progress` and returns a :class:`Localization`.

* sorting model: MC-dropout variance of the superpixel embeddings (last encoder feature map,
  by default relative to the squared mean, and with the last stages dilated so superpixels are
  8 px apart), per slice along the axes the model was trained on, assembled into a 3D heatmap.
  Box rule ``"top"`` (the paper's): the largest connected region of the top ``fraction`` of
  the heatmap. Box rule ``"guided"`` (the default, measured better): that region says *where*
  the sample is, the intensities say *how far* it reaches: Otsu's threshold of the region's
  voxels (of the whole volume for a sample in air), then the bright connected object it
  points at (most hot voxels for its size) or, when that is a container (a tube around the
  sample), the largest object it holds; without thin walls that run the volume's height (ring
  artefacts); less a thin support (mounting rod, pin) where it enters from the volume's border.
  Where the same rule with the other threshold (its second opinion) finds a box that overlaps
  this one less than the rule's ``agreement``, that box is taken, flagged "check by hand".
* rotation model: for every slice along each axis, the certainty of "no rotation" for the
  slice and its unrotated neighbour; high certainty means sample; the three 1D profiles give
  a box (rule ``"top"``), or, with ``"guided"``, the region the bright object is sought in.
* threshold: the largest connected region above an intensity threshold (the paper's baseline).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Generator, NamedTuple

import numpy as np
from scipy import ndimage
from skimage.filters import threshold_otsu

from ..core.choices import HEAT_STATISTICS  # noqa: F401 - part of this module's interface
from ..core.errors import PretextInputError
from ..core.events import Progress
from .box_rule import BOX_RULES, BoxRule
from .boxes import Box, largest_region_box, top_fraction_mask
from .guided_box import A_MEDIUM, CHECK_BY_HAND, IN_AIR, UNRESOLVED_MEDIUM, explained_box_around
from .volumes import check_volume, downscale_volume


@dataclass(frozen=True)
class Localization:
    box: Box  # full resolution, stop exclusive
    heatmap: np.ndarray  # (z, y, x) at the downscaled resolution
    factor: int  # one heatmap voxel = factor voxels of the volume along each axis
    method: str
    how: str = ""  # how the box was found, in words (for the user)
    rule: BoxRule | None = None  # every constant of the box rule (sorting and rotation)
    confidence: float | None = None  # sorting: the box's stability in [0, 1] (see box_stability)
    spacing: tuple[float, float, float] | None = None  # (z, y, x) voxel size the rule used; None: cubic
    wide_box: Box | None = None  # sorting: what the boxes of half, once and twice the top fraction cover (full resolution)
    face: str | None = None  # sorting: "top" or "bottom" when the box runs to that z face of the volume alone (see one_z_face)
    agreement: float | None = None  # sorting, guided: IoU of the box with the box of the other threshold (second_opinion)
    padding: tuple[int, int, int] = (0, 0, 0)  # (z, y, x) voxels added around the box found (padding_voxels)
    media_agreement: float | None = None  # sorting, guided: IoU of the box with the box without the media step (media_opinion)

    @property
    def how_says_check(self) -> bool:
        """Whether ``how`` itself ends by asking to check the box by hand (and says why): the
        rule fell back, or the object holds a medium in which nothing was told apart."""
        return self.how.endswith(CHECK_BY_HAND)

    @property
    def fell_back(self) -> bool:
        """Whether the guided rule found no object to tie the region to (``how`` says why)."""
        return self.how_says_check and not self.unresolved_medium

    @property
    def unresolved_medium(self) -> bool:
        """Whether the object holds a uniform medium in which the rule told nothing apart (the
        box is then the whole object: the sample may be as dense as the medium)."""
        return self.how.endswith(UNRESOLVED_MEDIUM)

    @property
    def in_air(self) -> bool:
        """Whether the guided rule's air step took the whole volume's threshold (a sample in air)."""
        return self.how.startswith(IN_AIR)

    @property
    def unstable(self) -> bool:
        """Whether the box's confidence is below the rule's ``confident``."""
        return self.confidence is not None and self.rule is not None and self.confidence < self.rule.confident

    @property
    def doubting_opinions(self) -> list[tuple[str, float]]:
        """(what the rule went without, overlap) of each of its other opinions (:func:`second_opinion`,
        :func:`media_opinion`) whose box overlaps this one less than the rule's ``agreement``."""
        if self.rule is None:
            return []
        threshold = "with" if self.in_air else "without"  # the second opinion's: the threshold the box was not found with
        opinions = ((f"{threshold} its local threshold", self.agreement), ("without its media step", self.media_agreement))
        return [(step, a) for step, a in opinions if a is not None and a < self.rule.agreement]

    @property
    def disagrees(self) -> bool:
        """Whether either of the rule's other opinions doubts the box (:attr:`doubting_opinions`)."""
        return bool(self.doubting_opinions)

    @property
    def check(self) -> bool:
        """Whether the box should be checked by hand: the guided rule fell back, the box is
        unstable, it runs to one z face of the volume alone, the rule's second or third opinion
        differs, or it holds a medium in which nothing was told apart."""
        return self.how_says_check or self.unstable or self.face is not None or self.disagrees

    @property
    def cautious_box(self) -> Box:
        """The box to crop when losing part of the sample is worse than a looser crop: the wide
        box when this one is to be checked by hand, else the box (docs/ct_guide.md, "Cautious crops")."""
        return self.wide_box if self.check and self.wide_box is not None else self.box

    @property
    def second_taken(self) -> bool:
        """Whether the box is the second opinion's, taken where the first box and it disagree
        (the rule's ``other_threshold``; :func:`box_and_confidence`)."""
        return self.rule is not None and self.rule.takes_second_opinion(self.agreement)

    @property
    def second_opinion_words(self) -> str:
        """Why the rule's second or third opinion doubts the box, in words for the user ("" when neither does)."""
        def words(step: str, a: float) -> str:
            overlap = f"(they overlap {a:.2f}, below {self.rule.agreement})"
            if step.endswith("local threshold") and self.second_taken:
                first = "without" if self.in_air else "with"
                return f"the box is the rule's {step}: {first} it, the rule found another {overlap}"
            return f"{step} the rule finds another box {overlap}"

        return "; ".join(words(step, a) for step, a in self.doubting_opinions)

    def face_words(self, padding: int = 0) -> str:
        """The z face the box runs to alone, in words for the user ("" when none); ``padding``:
        the voxels added around it since (padded, it may reach the other face too)."""
        if self.face is None:
            return ""
        before = " before its padding" if padding else ""
        return f"it runs to the volume's {self.face} face alone{before} (a support or a tube taken with the sample?)"

    def record(self) -> dict:
        """What a box file stores beside the box: how it was found, with every constant of the
        rule, its confidence and whether to check it by hand."""
        out = {"method": self.method, "how": self.how, "heatmap_downscale": self.factor, "check": self.check}
        if self.confidence is not None:
            out["confidence"] = round(self.confidence, 3)
        if self.agreement is not None:
            out["agreement"] = round(self.agreement, 3)
        if self.second_taken:  # the box is the second opinion's (the other threshold's)
            out["second_opinion_taken"] = True
        if self.media_agreement is not None:
            out["media_agreement"] = round(self.media_agreement, 3)
        if self.spacing is not None:
            out["voxel_size"] = list(self.spacing)
        if self.wide_box is not None:
            out["wide_box"] = self.wide_box.to_dict()
        if self.face is not None:
            out["runs_to_face"] = self.face
        if any(self.padding):  # the box file's box is padded: what the rule itself found is the box less this
            out["padding_voxels"] = list(self.padding)
        return out if self.rule is None else {**out, "rule": self.rule.to_dict()}


def padding_voxels(padding: int, spacing=None) -> tuple[int, int, int]:
    """``padding`` voxels of the finest axis as one length on every axis: the (z, y, x) voxels
    to add (at least one where padding > 0). With 4x thick slices, padding 4 adds 4 px in-plane
    and one slice, not 16 px of depth."""
    if spacing is None or padding == 0:
        return (padding,) * 3
    finest = min(spacing)
    return tuple(max(1, math.ceil(padding * finest / s - 1e-9)) for s in spacing)


def _full_box(small_box: Box, factor: int, shape, padding: int, spacing=None) -> Box:
    return small_box.scale((factor,) * 3, tuple(shape)).pad(padding_voxels(padding, spacing), tuple(shape))


def profile_interval(profile: np.ndarray, smooth: float = 1.0) -> tuple[int, int]:
    """The longest run of slices whose (smoothed) certainty is above its Otsu threshold."""
    p = ndimage.gaussian_filter1d(profile.astype(np.float64), smooth) if smooth > 0 else profile
    if p.max() <= p.min():
        raise PretextInputError("the certainty profile is flat: the rotation model sees no sample (train it longer?).")
    labels, n = ndimage.label(p > threshold_otsu(p))
    sizes = np.bincount(labels.ravel())[1:]
    run = np.flatnonzero(labels == 1 + int(np.argmax(sizes)))
    return int(run[0]), int(run[-1]) + 1


def threshold_box_small(small: np.ndarray, threshold: float | None = None) -> Box:
    """Largest connected region above ``threshold`` (Otsu when None) of a volume."""
    t = threshold_otsu(small.ravel()) if threshold is None else threshold
    mask = small > t
    if not mask.any():
        raise PretextInputError(f"nothing in the volume is above the threshold {t:.4g}.")
    return largest_region_box(mask)


def box_rule_of(rule: BoxRule | None = None, box_rule: str | None = None, fraction: float | None = None) -> BoxRule:
    """``rule`` (default: :class:`BoxRule`'s defaults) with its name and top fraction replaced
    where ``box_rule`` or ``fraction`` are given (the shortcuts of the CLI and the dock)."""
    changes = {k: v for k, v in (("name", box_rule), ("top_fraction", fraction)) if v is not None}
    rule = rule if rule is not None else BoxRule()
    return rule.but(**changes) if changes else rule


def heatmap_box(small: np.ndarray, heat: np.ndarray, rule: BoxRule | None = None, spacing=None,
                cache: dict | None = None) -> tuple[Box, str]:
    """The box (in ``small``'s voxels) and how it was found, from a sorting heatmap of the same
    (z, y, x) shape: its top ``rule.top_fraction`` marks where the sample is (see the module
    docstring); ``spacing``: the (z, y, x) voxel size, None for cubic voxels; ``cache``: shared
    by the boxes of one volume and rule (:func:`~.medium.held_in_medium`). A box the media step
    gave that is unstable where the box without the step holds it and is not is set aside for
    that one (``rule.media_fallback``)."""
    rule = box_rule_of(rule)
    box, how = one_rule_box(small, heat, rule, spacing, cache)
    if not (rule.name == "guided" and rule.media and rule.media_fallback and A_MEDIUM in how):
        return box, how

    def stability(r: BoxRule, b: Box) -> float:  # box_stability's, each box without this fallback
        return min(b.iou(one_rule_box(small, heat, other, spacing, cache)[0]) for other in other_fractions(r))

    if stability(rule, box) >= rule.media_unsure:
        return box, how
    without = rule.but(media=False)
    box_without, how_without = one_rule_box(small, heat, without, spacing, cache)
    inside = box.intersection(box_without)
    if how_without.endswith(CHECK_BY_HAND) or (0 if inside is None else inside.size) < rule.media_inside * box.size:
        return box, how  # a box that fell back is no better; one that does not hold the step's box is another object (a floor)
    if stability(without, box_without) < rule.media_sure_without:
        return box, how
    return box_without, how_without + ", the media step's box being unstable (a sample's own uniform part taken for a medium?)"


def one_rule_box(small: np.ndarray, heat: np.ndarray, rule: BoxRule, spacing=None, cache: dict | None = None) -> tuple[Box, str]:
    """:func:`heatmap_box` without its media fallback: the box ``rule`` itself gives (kept in
    ``cache``, one volume's: the fallback, the confidence and the third opinion ask for the same boxes)."""
    key = ("box", rule)
    if cache is not None and key in cache:
        return cache[key]
    hot = top_fraction_mask(heat, rule.top_fraction)
    if rule.name == "guided":
        found = explained_box_around(small, hot, rule=rule, spacing=spacing, cache=cache)
    else:
        found = largest_region_box(hot), f"the largest region of the heatmap's top {100 * rule.top_fraction:g} %"
    if cache is not None:
        cache[key] = found
    return found


def other_fractions(rule: BoxRule) -> tuple[BoxRule, BoxRule]:
    """``rule`` at half and twice its top fraction (at most 0.5): the rules a stable box holds under."""
    return tuple(rule.but(top_fraction=min(f * rule.top_fraction, 0.5)) for f in (0.5, 2.0))


def box_stability(small: np.ndarray, heat: np.ndarray, rule: BoxRule, box: Box, spacing=None, cache: dict | None = None) -> float:
    """How sure the rule is of ``box`` (in ``small``'s voxels), in [0, 1]: the smallest IoU of
    ``box`` with the boxes the same rule finds from half and twice its top fraction. A box
    that holds when the hot region shrinks or grows is the sample's; one that jumps (to the
    tube, the rod, another object) is not to be trusted (measured, docs/ct_guide.md)."""
    return stability_and_wide_box(small, heat, rule, box, spacing, cache)[0]


def stability_and_wide_box(small: np.ndarray, heat: np.ndarray, rule: BoxRule, box: Box, spacing=None,
                           cache: dict | None = None) -> tuple[float, Box]:
    """:func:`box_stability` and the smallest box holding ``box`` and the two others (``small``'s
    voxels): where the sample is when the rule is unsure of which it is."""
    others = [heatmap_box(small, heat, other, spacing, cache)[0] for other in other_fractions(rule)]
    return float(min(box.iou(other) for other in others)), box.hull(others[0]).hull(others[1])


def one_z_face(box: Box, shape) -> str | None:
    """"top" or "bottom" when ``box`` runs to that z face of a volume of ``shape`` and not to
    the other, else None. A sample in view ends before both; one crossing the field of view
    reaches both; a box reaching one alone has most often taken a support or a tube that enters
    from there (every such box off by > 2 % on the simulated families, docs/ct_guide.md,
    "Twentieth round, second part"), or the sample goes on past it: checked by hand."""
    top, bottom = box.start[0] <= 0, box.stop[0] >= shape[0]
    return None if top == bottom else ("top" if top else "bottom")


def second_opinion(small: np.ndarray, heat: np.ndarray, rule: BoxRule, spacing=None, cache: dict | None = None,
                   in_air: bool = False) -> Box | None:
    """The box of the same guided rule with the other threshold (``small``'s voxels): without its
    local threshold, or with it where the box was found ``in_air`` (the air step took the whole
    volume's); None when the rule has no local threshold. Where a dense medium or a floor makes
    the local threshold take part of the sample, or too much, or it splits a sample in air, the
    two disagree (docs/ct_guide.md, "A second opinion")."""
    if rule.name != "guided" or not rule.local_threshold:
        return None
    return heatmap_box(small, heat, other_threshold_rule(rule, in_air), spacing, cache)[0]


def other_threshold_rule(rule: BoxRule, in_air: bool = False) -> BoxRule:
    """``rule`` with the other threshold: without its local threshold, or with it where the air
    step took the whole volume's (``in_air``): the rule of :func:`second_opinion`."""
    return rule.but(air=False) if in_air else rule.but(local_threshold=False)


def media_opinion(small: np.ndarray, heat: np.ndarray, rule: BoxRule, spacing=None, cache: dict | None = None) -> Box | None:
    """The box of the same guided rule without its media step (``small``'s voxels), or None when
    the rule has none to take away. Where no medium was found the two are the same box; where
    the medium's enclosed region runs past the sample (a pin, the gel's end) or cuts it, they
    differ (docs/ct_guide.md, "A third opinion")."""
    if rule.name != "guided" or not rule.media:
        return None
    return heatmap_box(small, heat, rule.but(media=False), spacing, cache)[0]


class Boxed(NamedTuple):
    """A sorting heatmap's box (``small``'s voxels), how it was found, its confidence, its wide
    box, the z face it runs to alone (:func:`one_z_face`) and its agreement with the second and
    third opinions (None without one; the wide box does not hold the second opinion: measured
    looser for little more kept, docs/ct_guide.md, "A second opinion"). Where the second opinion
    was taken (:func:`taken_box`) the box, ``how`` aside, is its box, the wide box the first box's
    widened to hold it; the rest are the first box's."""
    box: Box
    how: str
    confidence: float
    wide: Box
    face: str | None
    agreement: float | None
    media_agreement: float | None


def taken_box(box: Box, second: Box | None, rule: BoxRule) -> Box:
    """The rule's box: ``second`` (:func:`second_opinion`) in ``box``'s place where the two
    overlap less than ``rule.agreement`` and the rule has ``other_threshold``."""
    return second if second is not None and rule.takes_second_opinion(box.iou(second)) else box


def rule_box(small: np.ndarray, heat: np.ndarray, rule: BoxRule, spacing=None, cache: dict | None = None) -> tuple[Box, str]:
    """The box :func:`box_and_confidence` gives and how its first box was found, without the
    confidence and the third opinion (``small``'s voxels; for ablations)."""
    cache = {} if cache is None else cache
    box, how = heatmap_box(small, heat, rule, spacing, cache)
    return taken_box(box, second_opinion(small, heat, rule, spacing, cache, how.startswith(IN_AIR)), rule), how


def box_and_confidence(small: np.ndarray, heat: np.ndarray, rule: BoxRule, spacing=None) -> Boxed:
    """:func:`heatmap_box`, :func:`stability_and_wide_box`, :func:`second_opinion` and
    :func:`media_opinion` of one heatmap (``small``'s voxels); the box :func:`taken_box`."""
    cache = {}  # the box and its confidence often choose the same object (its medium found once) and ask for the same boxes
    box, how = heatmap_box(small, heat, rule, spacing, cache)
    confidence, wide = stability_and_wide_box(small, heat, rule, box, spacing, cache)
    second = second_opinion(small, heat, rule, spacing, cache, how.startswith(IN_AIR))
    third = media_opinion(small, heat, rule, spacing, cache)
    agreement, media_agreement = (None if other is None else float(box.iou(other)) for other in (second, third))
    taken = taken_box(box, second, rule)
    if taken != box:  # the wide box holds the box, the one taken too: the cautious crop holds what the dock shows
        wide = wide.hull(taken)
    return Boxed(taken, how, confidence, wide, one_z_face(taken, small.shape), agreement, media_agreement)


def sorting_localization(boxed: Boxed, heat: np.ndarray, factor: int, shape, padding: int, rule: BoxRule, spacing=None,
                         method: str = "sorting") -> Localization:
    """The :class:`Localization` of a sorting heatmap's :class:`Boxed` (``heat``'s voxels), its
    boxes scaled by ``factor`` to a volume of ``shape`` and padded (:func:`padding_voxels`)."""
    def full(box: Box) -> Box:
        return _full_box(box, factor, shape, padding, spacing)

    return Localization(full(boxed.box), heat, factor, method, boxed.how, rule, boxed.confidence, spacing, full(boxed.wide),
                        boxed.face, boxed.agreement, padding_voxels(padding, spacing), boxed.media_agreement)


def rebox(volume, loc: Localization, fraction: float | None = None, box_rule: str | None = None, padding: int = 0,
          rule: BoxRule | None = None) -> Localization:
    """The same sorting heatmap, another box rule or fraction: no MC-dropout passes again.

    ``volume`` is the one ``loc`` was computed on (full resolution, read again chunk by chunk);
    ``rule`` (default :class:`BoxRule`), with ``box_rule`` and ``fraction`` replacing its name and top fraction."""
    rule = box_rule_of(rule, box_rule, fraction)
    if loc.method != "sorting":
        raise PretextInputError(f"only a sorting heatmap can be boxed again, not a {loc.method} one.")
    small, factor = downscale_volume(volume, max(int(np.ceil(s / loc.factor)) for s in volume.shape))
    if small.shape != loc.heatmap.shape:
        raise PretextInputError(f"the heatmap {loc.heatmap.shape} does not belong to this volume (downscaled {small.shape}).")
    return sorting_localization(box_and_confidence(small, loc.heatmap, rule, loc.spacing), loc.heatmap, factor, volume.shape,
                                padding, rule, loc.spacing, loc.method)


def checked_spacing(spacing) -> tuple[float, float, float] | None:
    """The (z, y, x) voxel size as three floats (None stays None), or a PretextInputError."""
    if spacing is None:
        return None
    try:
        size = tuple(float(v) for v in spacing)
    except (TypeError, ValueError):
        size = ()
    if len(size) != 3 or not all(np.isfinite(v) and v > 0 for v in size):
        raise PretextInputError(f"the voxel size must be three positive numbers (z, y, x), not {spacing!r}.")
    return size


def localize(
    volume,
    method: str = "threshold",
    task=None,
    max_side: int = 256,
    fraction: float | None = None,
    padding: int = 0,
    passes: int = 8,
    threshold: float | None = None,
    smooth: float = 1.0,
    stride: int = 8,
    statistic: str = "relative",
    box_rule: str | None = None,
    rule: BoxRule | None = None,
    spacing: tuple[float, float, float] | None = None,
) -> Generator:
    """Find the sample's box in ``volume`` (Z, Y, X); returns a :class:`Localization`.

    ``rule`` (sorting and rotation): every constant of the box rule (:class:`BoxRule`, its
    defaults when None); ``box_rule`` (``"guided"`` or ``"top"``, see the module docstring) and
    ``fraction`` replace its name and top fraction. ``spacing``: the (z, y, x) voxel size (any
    unit; None: cubic voxels), so that the rule's lengths are physical (thick slices);
    ``padding``: voxels of the finest axis added around the box, one length on every axis
    (:func:`padding_voxels`)."""
    check_volume(volume)
    # options checked before anything is read: a wrong one must not cost a long localisation
    if not (isinstance(max_side, int) and max_side >= 8):
        raise PretextInputError(f"max_side must be a whole number of at least 8 voxels, not {max_side!r}.")
    rule = box_rule_of(rule, box_rule, fraction)
    if padding < 0 or not np.isfinite(smooth) or smooth < 0:
        raise PretextInputError("padding and smoothing must be >= 0.")
    # the heatmap is a spread over MC-dropout passes: one pass has none (NaN), and the box rule
    # would then fail deep inside with no useful message
    if not (isinstance(passes, (int, np.integer)) and passes >= 2):
        raise PretextInputError(f"passes must be a whole number >= 2 (the heatmap is the spread between passes), not {passes!r}.")
    spacing = checked_spacing(spacing)
    if threshold is not None and not np.isfinite(threshold):
        raise PretextInputError(f"the threshold must be a finite number, not {threshold!r}.")
    if method in ("sorting", "rotation"):
        if task is None or task.kind != method:
            raise PretextInputError(f"localising with '{method}' needs a {method} pretext model.")
        max_side = task.config.max_side
    elif method != "threshold":
        raise PretextInputError(f"method must be sorting, rotation or threshold, not {method!r}.")
    yield Progress(0, 1, "reading and downscaling the volume")
    small, factor = downscale_volume(volume, max_side)
    if not np.isfinite(small).all():  # a NaN would silently spread through every box rule
        raise PretextInputError("the volume contains NaN or infinite values: replace them (e.g. numpy.nan_to_num) before localising.")
    if method == "threshold":
        box = threshold_box_small(small, threshold)
        heat = (small - small.min()) / max(float(np.ptp(small)), 1e-12)
        how = "the largest region above " + ("Otsu's threshold" if threshold is None else f"the threshold {threshold:g}")
    elif method == "sorting":
        from .model_heatmaps import sorting_heatmap  # torch: loaded only when a model is used

        normalised = task.normalize(small)
        # Slices along the axes the model learnt to sort: along any other its features mean nothing.
        heat = yield from sorting_heatmap(task, normalised, task.config.axes, passes, stride=stride, statistic=statistic)
        if smooth > 0:
            heat = ndimage.gaussian_filter(heat, smooth)
        return sorting_localization(box_and_confidence(small, heat, rule, spacing), heat.astype(np.float32), factor, volume.shape,
                                    padding, rule, spacing)
    else:
        from .model_heatmaps import rotation_profiles

        profiles = yield from rotation_profiles(task, task.normalize(small))
        intervals = [profile_interval(profiles[a], smooth) for a in ("z", "y", "x")]
        box = Box(tuple(i[0] for i in intervals), tuple(i[1] for i in intervals))
        how = "the slices whose 'no rotation' certainty is high, along each axis"
        if rule.name == "guided":  # the certain slices say where, the intensities how far
            hot = np.zeros(small.shape, bool)
            hot[box.slices] = True
            box, how = explained_box_around(small, hot, "the box of the certain slices", rule, spacing)
        heat = profiles["z"][:, None, None] * profiles["y"][None, :, None] * profiles["x"][None, None, :]
    return Localization(_full_box(box, factor, volume.shape, padding, spacing), heat.astype(np.float32), factor, method, how,
                        None if method == "threshold" else rule, spacing=spacing, padding=padding_voxels(padding, spacing))
