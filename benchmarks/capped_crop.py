"""A candidate for the default (cautious) crop, fixed after round 90 and scored beside it on the
held-out rounds from 91 on, before it may enter the package (docs/ct_guide.md, "A capped cautious
crop (a candidate, after round 90)").

The cautious crop takes the wide box (what the boxes of half, once and twice the top fraction
cover) wherever the box is flagged; the flag's precision is about 55 %, so it often widens a good
box, and the wide box can be loose by 10-20 % of the volume (rounds 89 and 90: the default crop
missed the goal the box met). The candidate widens a flagged box towards the wide box by at most
``CAP`` of the volume's side on each face. Chosen on the 330 cached tuning scenes of 94 families
(caps 0, 1, 2, 3, 5, 10 % and none): the goal on 40 families against the wide box's 35 and the
box's 36; boxes losing > 1 % of their sample 62, against 46 and 78.
"""

from __future__ import annotations

from napari_pretext.ct.boxes import Box
from napari_pretext.ct.localize import Localization

CAP = 0.03  # of the volume's side along each axis, per face


def capped_cautious_box(loc: Localization, shape: tuple[int, ...], cap: float = CAP) -> Box:
    """The crop the candidate takes: ``loc.box`` when unflagged (or no wide box), else the wide
    box clipped to ``loc.box`` grown by ``cap`` of ``shape`` (the full volume's (Z, Y, X)) per face."""
    if not loc.check or loc.wide_box is None:
        return loc.box
    grow = [round(cap * n) for n in shape]
    return Box(tuple(max(w, b - g) for w, b, g in zip(loc.wide_box.start, loc.box.start, grow)),
               tuple(min(w, b + g) for w, b, g in zip(loc.wide_box.stop, loc.box.stop, grow)))
