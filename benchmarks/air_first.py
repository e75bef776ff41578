"""A candidate change to the guided box rule, fixed after round 84 and scored beside the rule on
the held-out rounds from 85 on, before it may enter the package (docs/ct_guide.md, "The local
threshold in air and in a liquid, and a candidate"; its held-out scores are in the rounds' sections:
of the dry rounds 86 went against it, 89 was even, 92 and 95 went for it: the goal met on 3 of 4
against the rule's 2, so after round 95 it is recommended for the package).

The rule finds the bright object with Otsu's threshold over the hot region's voxels (the local
threshold): it keeps a liquid or gel around the sample apart, but in air, where nothing needs
keeping apart, it can split the sample itself (its dim parts lost: rounds 72, 79, 83). The
candidate takes the box the rule finds without the local threshold when the object that box
comes from holds no medium (the medium step found none) and its surroundings are at the air's
level: the 75th percentile of an in-plane shell 2-5 voxels (of 128) around the object the whole
volume's threshold gives, less the far air's median (12 voxels or more away), is under
``AIR_LEVEL`` of the way to the object's bright level (its 90th percentile), on the 3-voxel
median of the volume. Chosen on the 274 cached tuning scenes of rounds up to 84 (56 of the 57 dry
scenes pass, 5 of the 215 in a liquid or gel).
"""

from __future__ import annotations

import numpy as np
from napari_pretext.ct.box_rule import BoxRule
from napari_pretext.ct.boxes import top_fraction_mask
from napari_pretext.ct.guided_box import split_threshold
from napari_pretext.ct.medium import IN_PLANE
from scipy import ndimage

SHELL = (2 / 128, 5 / 128)  # the shell around the object: from, to (fractions of the largest side)
FAR = 12 / 128  # the far air: beyond this
AIR_LEVEL = 0.1  # of the way from the far air to the object's bright level


def in_air(small: np.ndarray, hot: np.ndarray, rule: BoxRule, spacing=None) -> bool:
    """Whether the object the whole volume's threshold gives where ``hot`` points (both (Z, Y, X))
    has the air's level around it (see the module docstring)."""
    smooth = ndimage.median_filter(np.asarray(small, np.float32), 3)
    labels, n = ndimage.label(smooth > split_threshold(smooth))
    if n == 0:
        return False
    overlap = ndimage.sum_labels(hot, labels, np.arange(1, n + 1))
    obj = labels == 1 + int(np.argmax(overlap))
    near, out, far = (rule.voxels(length, small.shape, spacing) for length in (*SHELL, FAR))
    shell = ndimage.binary_dilation(obj, IN_PLANE, iterations=out) & ~ndimage.binary_dilation(obj, IN_PLANE, iterations=near)
    away = ~ndimage.binary_dilation(obj, IN_PLANE, iterations=far)
    if not shell.any() or not away.any():
        return False
    air, bright = float(np.median(smooth[away])), float(np.percentile(smooth[obj], 90))
    return bright > air and (float(np.percentile(smooth[shell], 75)) - air) < AIR_LEVEL * (bright - air)


def takes_whole_volume_threshold(small: np.ndarray, heat: np.ndarray, rule: BoxRule, how_without: str, spacing=None) -> bool:
    """Whether the candidate takes the box the rule finds without its local threshold (whose
    ``how_without`` says how it was found) instead of the rule's own, for the smoothed heatmap
    ``heat`` of ``small`` (both (Z, Y, X)). The caller has both boxes already (families_eval.py's arms)."""
    # "uniform medium": the medium step held the sample in one, or found one it told nothing apart in
    return (rule.name == "guided" and rule.local_threshold and "uniform medium" not in how_without
            and in_air(small, top_fraction_mask(heat, rule.top_fraction), rule, spacing))
