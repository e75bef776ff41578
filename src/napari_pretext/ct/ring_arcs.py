"""Ring artefacts' arcs that a sample holds on to above the threshold (Z, Y, X masks; z is the
rotation axis, in the middle of each slice).

A detector pixel with the wrong gain reconstructs as a circle about the rotation axis; where
one crosses the sample's edge, the piece of it outside the sample joins the sample and stretches
its box (and hides a support under it: the support's slices are no longer thin). The full-height
rings are dropped by the walls step (``guided_box.without_walls``); this takes off what they leave.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from .medium import IN_PLANE


def without_ring_arcs(sample: np.ndarray, width: int, to_faces: bool = False) -> np.ndarray:
    """``sample`` ((Z, Y, X) bool) less the ring artefacts' arcs it holds on to: the pieces that
    stick out over a wall's width (``width`` voxels) from its bulk (what an in-plane opening of
    ``width`` keeps), in slices that have a bulk (a hollow sample's cap is a ring itself) or
    (with ``to_faces``) running beside the bulk out to a face of the volume (rings run its
    height; a cap does not reach past the sample), at least three walls' widths long, running
    around the rotation axis (the middle of the slice) at one radius (their footprint's radii
    spread by at most half a wall's width) and over four walls' widths from it (there a centred
    rod's or pin's own outline is a circle about it)."""
    core = ndimage.binary_opening(sample, IN_PLANE, iterations=width)
    if not core.any():
        return sample
    out_there = sample & ~ndimage.binary_dilation(core, IN_PLANE, iterations=width + 1)
    cored = core.any(axis=(1, 2))
    pieces, n = ndimage.label(out_there)
    yy, xx = np.indices(sample.shape[1:])
    radius = np.hypot(yy - (sample.shape[1] - 1) / 2, xx - (sample.shape[2] - 1) / 2)
    out = sample.copy()
    for j, span in enumerate(ndimage.find_objects(pieces), 1):
        piece = pieces[span] == j
        long = max(s.stop - s.start for s in span[1:]) >= 3 * width
        # an arc only above or below the sample is left to the steps that trim the ends along z
        # (docs/ct_guide.md, "A ring's arc out to the volume's face (after round 184)")
        to_a_face = span[0].start == 0 or span[0].stop == sample.shape[0]
        beside = cored[span[0]].all() or (to_faces and to_a_face and cored[span[0]].any())
        radii = radius[span[1:]][piece.any(axis=0)]
        if long and beside and radii.mean() > 4 * width and radii.std() <= width / 2:
            out[span][piece] = False
    return out
