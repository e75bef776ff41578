import numpy as np
import pytest

from napari_pretext.ct.box_rule import BoxRule
from napari_pretext.ct.boxes import Box, box_from_mask
from napari_pretext.ct.guided_box import explained_box_around
from napari_pretext.ct.thin_ends import slices_without_flat_ends


def sample_over_ring_pieces(seed: int = 0) -> tuple[np.ndarray, np.ndarray, Box]:
    """(volume, hot region, the sample's box): a bright block over slices 40-80 of a 96 x 128 x
    128 volume with, joined under it, a ring piece 3 px wide and 8 px long as bright as the
    sample over slices 20-40 (a ring artefact the threshold keeps where the sample ends), neither
    touching a face of the volume; the hot region is the block and a few voxels around it."""
    rng = np.random.default_rng(seed)
    v = rng.normal(0.05, 0.01, (96, 128, 128)).astype(np.float32)
    v[40:80, 44:84, 44:84] = 1.0
    v[20:40, 60:63, 50:58] = 1.0
    hot = np.zeros(v.shape, bool)
    hot[36:84, 40:88, 40:88] = True
    return v, hot, Box((40, 44, 44), (80, 84, 84))


def test_ring_pieces_past_a_sample_s_end_are_left_out_of_its_box():
    v, hot, truth = sample_over_ring_pieces()
    box, how = explained_box_around(v, hot)
    assert "thin ends along z" in how
    keep = BoxRule().voxels(BoxRule().tail_keep, v.shape, axis=0)
    assert box == Box((truth.start[0] - keep, *truth.start[1:]), truth.stop)
    without, _ = explained_box_around(v, hot, rule=BoxRule().but(tails=False))
    assert without.start[0] == 20  # the step off: the ring piece is boxed with the sample


@pytest.mark.parametrize("spacing", [None, (3.0, 1.0, 1.0)])
def test_a_tapering_tip_and_a_short_thin_end_are_kept(spacing):
    z, y, x = np.mgrid[:96, :128, :128]
    cone = (np.hypot(y - 64, x - 64) < (z - 20) * 1.0) & (z < 80)  # section grows slice by slice
    box = box_from_mask(cone)
    assert slices_without_flat_ends(cone, box, BoxRule(), spacing) is None
    stub = np.zeros_like(cone)
    stub[40:80, 44:84, 44:84] = True
    stub[37:40, 60:63, 50:58] = True  # 3 slices: shorter than tail_run (6 of 128 px, 4 of 3x thick slices)
    assert slices_without_flat_ends(stub, box_from_mask(stub), BoxRule(), spacing) is None


def test_the_thin_ends_are_measured_in_lengths_not_voxels():
    """The same scene at half the slices (2x thick): the thin end is 10 slices there, still past
    the run, and the cut keeps the same length of it."""
    v, hot, truth = sample_over_ring_pieces()
    thick = (v[0::2] + v[1::2]) / 2 > 0.5
    box = box_from_mask(thick)
    span = slices_without_flat_ends(thick, box, BoxRule(), spacing=(2.0, 1.0, 1.0))
    keep = BoxRule().voxels(BoxRule().tail_keep, thick.shape, (2.0, 1.0, 1.0), axis=0)
    assert span == (truth.start[0] // 2 - keep, truth.stop[0] // 2)
