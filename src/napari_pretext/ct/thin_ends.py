"""Thin ends along z that do not taper: what the guided box leaves out past a sample's z ends."""
from __future__ import annotations

import numpy as np

from .box_rule import BoxRule
from .boxes import Box


def slices_without_flat_ends(sample: np.ndarray, box: Box, rule: BoxRule, spacing=None) -> tuple[int, int] | None:
    """The slices (first, past-last) of ``box`` to keep, or None to keep them all. ``sample`` is
    (Z, Y, X) bool; its sections within ``box`` are measured from each z face inward: where the
    first slice of at least ``rule.tail_fraction`` of the largest section lies at least
    ``rule.tail_run`` (a length) in, and is ``rule.tail_jump`` times larger than every slice
    outward of it, the sample begins abruptly there and the thin end outward is something else
    run on at a small section (pieces of ring artefacts, the rotation axis's spot, a rod's stub
    above the threshold). A sample's own tip tapers: each slice a little larger, no jump, or too
    short a run. ``rule.tail_keep`` (a length) of a cut end is kept (the tip's partial volume)."""
    areas = sample[box.slices].sum(axis=(1, 2)).astype(float)
    if areas.size < 3 or not areas.any():
        return None
    keep = rule.voxels(rule.tail_keep, sample.shape, spacing, axis=0)
    run = rule.voxels(rule.tail_run, sample.shape, spacing, axis=0)
    cuts = []
    for profile in (areas, areas[::-1]):
        first = int(np.flatnonzero(profile >= rule.tail_fraction * profile.max())[0])
        flat = first >= max(keep + 1, run) and profile[first] >= rule.tail_jump * profile[:first].max()
        cuts.append(first - keep if flat else 0)
    if not any(cuts):
        return None
    return box.start[0] + cuts[0], box.stop[0] - cuts[1]
