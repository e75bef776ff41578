import numpy as np
import pytest

from napari_pretext.core.errors import PretextInputError
from napari_pretext.core.normalize import PercentileNormalization
from napari_pretext.images.data.validation import IGNORE, prepare_image, prepare_labels, to_slices

norm = PercentileNormalization()


def test_layouts_become_slices():
    assert to_slices(np.zeros((10, 12)), 1).shape == (1, 1, 10, 12)
    assert to_slices(np.zeros((4, 10, 12)), 1).shape == (4, 1, 10, 12)
    assert to_slices(np.random.rand(10, 12, 3), 3).shape == (1, 3, 10, 12)
    gray_rgb = np.repeat(np.random.rand(10, 12, 1), 3, axis=2)
    assert to_slices(gray_rgb, 1).shape == (1, 1, 10, 12)  # gray stored as RGB is fine


def test_normalisation_is_in_unit_range_and_input_untouched():
    x = np.random.default_rng(0).normal(100, 20, (32, 32))
    before = x.copy()
    out = prepare_image(x, 1, norm)
    assert out.min() >= 0 and out.max() <= 1 and out.dtype == np.float32
    assert np.array_equal(x, before)


@pytest.mark.parametrize(
    "image, channels, message",
    [
        (np.random.rand(8, 8, 3), 1, "RGB colour image"),
        (np.random.rand(8, 8), 3, "gray image"),
        (np.random.rand(2, 2, 8, 8, 8), 1, "expected a 2D image"),
        (np.full((8, 8), 3.0), 1, "constant"),
        (np.where(np.eye(8) > 0, np.nan, 1.0), 1, "NaN"),
    ],
)
def test_bad_images_get_specific_messages(image, channels, message):
    with pytest.raises(PretextInputError, match=message):
        prepare_image(image, channels, norm)


def test_image_smaller_than_patch():
    with pytest.raises(PretextInputError, match="smaller than the patch size 64"):
        prepare_image(np.random.rand(40, 100), 1, norm, min_size=64)


def test_dense_labels_binarise_instances():
    labels = np.array([[0, 3], [7, 0]])
    assert prepare_labels(labels, (2, 2)).tolist() == [[[0, 1], [1, 0]]]


def test_scribbles_map_zero_to_ignore():
    labels = np.array([[0, 1], [2, 0]])
    assert prepare_labels(labels, (2, 2), "scribbles").tolist() == [[[IGNORE, 0], [1, IGNORE]]]


@pytest.mark.parametrize(
    "labels, mode, message",
    [
        (np.zeros((4, 4), int), "dense", "empty"),
        (np.zeros((4, 5), int), "dense", "shape"),
        (np.zeros((4, 4), int), "scribbles", "no strokes"),
        (np.ones((4, 4), int), "scribbles", "no object"),
        (np.full((4, 4), 2), "scribbles", "no background"),
        (np.full((4, 4), 5), "scribbles", "dense mode"),
        (np.full((4, 4), 0.5), "dense", "whole numbers"),
    ],
)
def test_bad_labels_get_specific_messages(labels, mode, message):
    with pytest.raises(PretextInputError, match=message):
        prepare_labels(labels, (4, 4), mode)
