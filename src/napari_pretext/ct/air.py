"""Whether the sample the heatmap points at is in air: the guided rule then takes the whole
volume's threshold, not the hot region's (docs/ct_guide.md, "The air step").

The local threshold (Otsu over the hot region's voxels) keeps a liquid or gel around the sample
apart; in air, where nothing needs keeping apart, it can split the sample itself and lose its
dim parts (rounds 72, 79, 83). Arrays are (Z, Y, X) at the model's resolution; z is the
rotation axis.
"""

from __future__ import annotations

import hashlib

import numpy as np
from scipy import ndimage

from .box_rule import BoxRule
from .boxes import split_threshold
from .medium import IN_PLANE, dominant_mode, is_a_medium


def in_air(small: np.ndarray, hot: np.ndarray, rule: BoxRule, spacing=None, cache: dict | None = None) -> bool:
    """Whether the object the whole volume's threshold gives where ``hot`` (bool) points has
    the air's level around it: on the volume's 3-voxel median, the 75th percentile of an
    in-plane shell ``rule.air_near``-``rule.air_out`` (of the largest side) around the object,
    less the median of the far air (beyond ``rule.air_far``), is under ``rule.air_level`` of
    the way from that air to the object's bright level (its 90th percentile). ``cache``: a dict
    shared by the calls on one volume (:func:`~.medium.held_in_medium`'s): the median and its
    objects are found once, and the answer once per hot region."""
    key = ("air", hashlib.blake2b(np.packbits(hot).tobytes(), digest_size=16).hexdigest(),
           rule.air_near, rule.air_out, rule.air_far, rule.air_level, spacing)
    if cache is not None and key in cache:
        return cache[key]
    smooth, labels, n = median_objects(small, cache)
    answer = n > 0 and surroundings_at_air_level(smooth, labels, n, hot, rule, spacing)
    if cache is not None:
        cache[key] = answer
    return answer


def median_objects(small: np.ndarray, cache: dict | None = None) -> tuple[np.ndarray, np.ndarray, int]:
    """The 3-voxel median of ``small`` and its objects above the whole volume's threshold
    (labels, count); kept in ``cache`` when given."""
    if cache is not None and "air: median objects" in cache:
        return cache["air: median objects"]
    smooth = ndimage.median_filter(np.asarray(small, np.float32), 3)  # noise and specks do not set the levels
    labels, n = ndimage.label(smooth > split_threshold(smooth))
    if cache is not None:
        cache["air: median objects"] = smooth, labels, n
    return smooth, labels, n


def surroundings_at_air_level(smooth: np.ndarray, labels: np.ndarray, n: int, hot: np.ndarray, rule: BoxRule, spacing=None) -> bool:
    """:func:`in_air` for the object of ``labels`` (1..n) that ``hot`` overlaps most."""
    overlap = ndimage.sum_labels(hot, labels, np.arange(1, n + 1))
    obj = labels == 1 + int(np.argmax(overlap))
    near, out, far = (rule.voxels(length, smooth.shape, spacing) for length in (rule.air_near, rule.air_out, rule.air_far))
    # in-plane: thick slices would otherwise take the shell from the slices past the sample's ends
    shell = ndimage.binary_dilation(obj, IN_PLANE, iterations=out) & ~ndimage.binary_dilation(obj, IN_PLANE, iterations=near)
    away = ~ndimage.binary_dilation(obj, IN_PLANE, iterations=far)
    if not shell.any() or not away.any():
        return False
    air, bright = float(np.median(smooth[away])), float(np.percentile(smooth[obj], 90))
    return bright > air and (float(np.percentile(smooth[shell], 75)) - air) < rule.air_level * (bright - air)


def holds_a_liquid(small: np.ndarray, obj: np.ndarray, rule: BoxRule) -> bool:
    """Whether ``obj`` (the object the whole volume's threshold gives, (Z, Y, X) bool) holds a
    liquid's mode: the media step's test (:func:`~.medium.held_in_medium`) with
    ``rule.air_flatness`` times its flatness, the level under ``rule.air_ceiling`` of the way from
    the air to the object's bright level (90th percentile). A liquid's column in its tube has
    the air around it and passes the air test; the lower threshold takes in the liquid's edges,
    where cupping and the wall's blur widen its mode past the media step's flatness. A dry
    sample's own tissue is a mode too, near its bright level (docs/ct_guide.md, "The air step's
    guard against liquids")."""
    span = ndimage.find_objects(obj.astype(np.uint8))
    if not span:
        return False
    crop = tuple(slice(max(0, s.start - 4), s.stop + 4) for s in span[0])  # the 3-voxel median's reach and more
    mode = dominant_mode(small, crop, obj[crop], rule)
    return mode is not None and is_a_medium(mode, rule, rule.air_flatness * rule.medium_flatness, rule.air_ceiling)
