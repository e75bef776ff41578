import numpy as np

from napari_pretext.ct.ring_arcs import without_ring_arcs

AXIS = 63.5  # the rotation axis in a 128 px slice


def slices_with(sample_box=(slice(10, 30), slice(70, 100), slice(40, 70))):
    """(40, 128, 128) bool: a solid sample off the rotation axis."""
    mask = np.zeros((40, 128, 128), bool)
    mask[sample_box] = True
    return mask


def circle(radius: float, half_width: float = 0.7) -> np.ndarray:
    yy, xx = np.mgrid[:128, :128]
    return np.abs(np.hypot(yy - AXIS, xx - AXIS) - radius) <= half_width


def test_a_ring_s_arc_the_sample_holds_on_to_is_taken_off_and_the_sample_is_not():
    sample = slices_with()
    arc = circle(20) & (np.mgrid[:128, :128][1] < 55)  # crosses the sample, runs 20 px off it
    mask = sample.copy()
    mask[12:28, arc] = True
    out = without_ring_arcs(mask, width=2)
    ys, xs = np.nonzero(out.any(axis=0))
    # the arc is gone but for what lies within a wall's width or so of the sample
    assert xs.min() >= 40 - 4 and ys.min() >= 70 - 4 and ys.max() <= 99 and xs.max() <= 69
    assert out[sample].all()


def test_what_is_not_a_ring_s_arc_stays():
    sample = slices_with()
    straight = sample.copy()
    straight[15:25, 84:86, 10:40] = True  # a thin straight appendage (a leg, a fibre)
    assert (without_ring_arcs(straight, width=2) == straight).all()
    near_axis = np.zeros((40, 128, 128), bool)  # a centred rod and its outline: a circle about the axis
    near_axis[:, circle(0, 6)] = True
    near_axis[:, circle(6.5)] = True
    assert (without_ring_arcs(near_axis, width=2) == near_axis).all()
    cap = sample.copy()  # a hollow sample's top slice: a thin ring with no bulk in its slice
    cap[8, circle(25)] = True
    assert (without_ring_arcs(cap, width=2) == cap).all()
    short = sample.copy()  # a speck on the sample's edge
    short[20, 100:103, 50:53] = True
    assert (without_ring_arcs(short, width=2) == short).all()


def test_a_ring_s_arc_running_past_the_sample_to_the_volume_s_face_is_taken_off():
    sample = slices_with()
    arc = circle(20) & (np.mgrid[:128, :128][1] < 55)
    mask = sample.copy()
    mask[0:20, arc] = True  # from the top face down beside the sample (slices 10-29)
    out = without_ring_arcs(mask, width=2, to_faces=True)
    ys, xs = np.nonzero(out.any(axis=0))
    assert xs.min() >= 40 - 4 and ys.min() >= 70 - 4 and ys.max() <= 99 and xs.max() <= 69
    assert out[sample].all()
    assert (without_ring_arcs(mask, width=2) == mask).all()  # off by default (round 190)
    above = sample.copy()  # an arc above the sample alone: left to the steps that trim along z
    above[0:8, arc] = True
    assert (without_ring_arcs(above, width=2, to_faces=True) == above).all()
