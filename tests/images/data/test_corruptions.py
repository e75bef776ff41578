import numpy as np
import pytest

from napari_pretext.images.data.corruptions import CorruptionConfig, corrupt, gaussian_blur, pixel_drop, sobel_filter


def image(c=1, h=40, w=50, seed=0):
    return np.random.default_rng(seed).random((c, h, w)).astype(np.float32) * 0.9 + 0.1  # no zeros


def test_pixel_drop_drops_exact_fraction_in_all_channels():
    x = image(c=3)
    out = pixel_drop(x, 0.25, np.random.default_rng(1))
    dropped = (out == 0).all(axis=0)
    assert dropped.sum() == round(0.25 * 40 * 50)
    assert ((out == 0).any(axis=0) == dropped).all()  # same positions in every channel
    assert np.array_equal(out[:, ~dropped], x[:, ~dropped])


def test_corruptions_do_not_modify_input_and_keep_shape():
    x = image()
    before = x.copy()
    for out in (pixel_drop(x, 0.5, np.random.default_rng(0)), gaussian_blur(x, 2.0), sobel_filter(x)):
        assert out.shape == x.shape and out.dtype == np.float32
    assert np.array_equal(x, before)


def test_blur_reduces_variance_and_sobel_is_edge_map_in_unit_range():
    x = image()
    assert gaussian_blur(x, 2.0).var() < x.var() / 4
    step = np.zeros((1, 20, 20), np.float32)
    step[:, :, 10:] = 1.0
    edges = sobel_filter(step)
    assert edges.max() == pytest.approx(1.0) and edges.min() >= 0
    assert edges[0, :, 9:11].min() > 0.9 and edges[0, :, :7].max() == 0 and edges[0, :, 13:].max() == 0


def test_corrupt_is_reproducible_by_seed_and_always_changes_the_input():
    x = image()
    cfg = CorruptionConfig(drop_probability=0.0, blur_probability=0.0, sobel_probability=0.0)
    out, applied = corrupt(x, cfg, np.random.default_rng(3))
    assert applied == ["drop"] and not np.array_equal(out, x)  # never an identity sample
    a, names_a = corrupt(x, CorruptionConfig(), np.random.default_rng(7))
    b, names_b = corrupt(x, CorruptionConfig(), np.random.default_rng(7))
    assert names_a == names_b and np.array_equal(a, b)
    c, _ = corrupt(x, CorruptionConfig(), np.random.default_rng(8))
    assert not np.array_equal(a, c)


def test_corruption_config_rejects_bad_values():
    with pytest.raises(ValueError):
        CorruptionConfig(drop_fraction=1.5)
    with pytest.raises(ValueError):
        CorruptionConfig(blur_sigma=(2.0, 1.0))
