"""Simulated tomography: projected, corrupted and reconstructed scenes with their true box."""

import numpy as np
import pytest

from napari_pretext.ct.scene import phantom
from napari_pretext.ct.tomography import FAMILIES, sample_from_volume, simulate_tomography

FAST = dict(angles=45)


def test_the_true_box_bounds_the_sample_and_the_seed_repeats_the_scene():
    sample = sample_from_volume(np.pad(phantom((30, 24, 24), seed=0), 4))
    scene = simulate_tomography(sample, (32, 48, 48), seed=3, **FAST)
    assert scene.volume.shape == (32, 48, 48) and scene.volume.dtype == np.uint16
    zz, yy, xx = np.nonzero(scene.sample_mask)
    assert scene.box.start == (zz.min(), yy.min(), xx.min()) and scene.box.stop == (zz.max() + 1, yy.max() + 1, xx.max() + 1)
    inside = scene.volume[scene.sample_mask].mean()
    assert inside > np.median(scene.volume) + 0.1 * np.ptp(scene.volume)  # the sample is brighter than air
    np.testing.assert_array_equal(simulate_tomography(sample, (32, 48, 48), seed=3, **FAST).volume, scene.volume)


def test_detector_gain_errors_reconstruct_as_rings():
    """Slice 0 holds only air (the sample starts lower): with gain errors it varies with the radius."""
    sample = np.ones((4, 4, 4), np.float32)
    opts = dict(tube=None, photons=1e9, motion=0.0, **FAST)
    flat = simulate_tomography(sample, (16, 48, 48), seed=0, rings=0.0, **opts).volume[0].astype(float)
    ringed = simulate_tomography(sample, (16, 48, 48), seed=0, rings=0.05, **opts).volume[0].astype(float)
    yy, xx = np.mgrid[:48, :48]
    radius = np.hypot(yy - 23.5, xx - 23.5).astype(int)
    inside = radius < 18

    def ring_strength(v):  # spread of the mean over 1-px rings, in the image's grey range
        per_ring = np.bincount(radius[inside], v[inside]) / np.maximum(np.bincount(radius[inside]), 1)
        return np.std(per_ring[2:])

    assert ring_strength(ringed) > 3 * ring_strength(flat)


@pytest.mark.parametrize("family", FAMILIES)
def test_every_family_simulates(family):
    opts = FAMILIES[family]
    sample = sample_from_volume(np.pad(phantom((30, 24, 24), seed=1), 4))
    z = 12 if opts.get("z_spacing", 1) > 1 else 32
    scene = simulate_tomography(sample, (z, 48, 48), seed=0, **{**opts, **FAST})
    assert scene.volume.shape == (z, 48, 48) and scene.sample_mask.any() and scene.box.size > 0


def test_a_closed_filled_tube_holds_liquid_around_the_sample_and_a_floor_under_it():
    from napari_pretext.core.errors import PretextInputError
    from napari_pretext.ct.tomography import place_objects

    sample = np.ones((8, 8, 8), np.float32)
    open_mu, _ = place_objects(sample, 48, 64, np.random.default_rng(0), "centred", 0.0, None)
    mu, mask = place_objects(sample, 48, 64, np.random.default_rng(0), "centred", 0.0, None, floor=True, medium=0.25)
    zz, yy, xx = np.nonzero(mask)
    z0, z1, cy, cx = zz.min(), zz.max() + 1, int(yy.mean()), int(xx.mean())
    beside = mu[(z0 + z1) // 2, cy, xx.max() + 2]  # inside the tube, next to the sample
    assert 0.02 * 0.25 * 0.8 <= beside <= 0.02 * 0.25 * 1.2 and open_mu[(z0 + z1) // 2, cy, xx.max() + 2] == 0
    assert np.all(mu[mask] == 0.02)  # the sample displaces the liquid
    assert mu[z1, cy, cx] > 0 and open_mu[z1, cy, cx] == 0  # the floor right under the sample
    assert not mu[z1 + 8:].any()  # no tube and no support below the floor
    with pytest.raises(PretextInputError, match="needs a tube"):
        place_objects(sample, 48, 64, np.random.default_rng(0), None, 0.0, None, floor=True)


@pytest.mark.parametrize("tube", ["centred", None])
def test_the_sample_displaces_the_medium_where_it_is_dimmer_and_in_its_cavities(tube):
    from napari_pretext.ct.tomography import place_objects

    sample = np.full((10, 10, 10), 0.2, np.float32)  # above the mask's 0.15, below the medium
    sample[4:6, 4:6, 4:6] = 0.0  # an enclosed cavity
    kwargs = dict(floor=True) if tube else {}
    mu, mask = place_objects(sample, 48, 64, np.random.default_rng(0), tube, 0.0, None, medium=0.4, **kwargs)
    zz, yy, xx = np.nonzero(mask)
    z, cy, cx = int(zz.mean()), int(yy.mean()), int(xx.mean())
    assert mu[mask].max() <= 0.02 * 0.2 + 1e-6  # none raised to the medium's 0.008
    assert mu[z, cy, xx.max() + 2] > 0.02 * 0.2  # the medium beside it is brighter
    assert not mask[z, cy, cx] and mu[z, cy, cx] == 0  # no liquid inside the cavity
