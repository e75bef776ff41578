import numpy as np

from napari_pretext.images.data.synthetic import organoid_dataset, organoid_image


def test_deterministic_by_seed():
    a, ma = organoid_image(seed=5)
    b, mb = organoid_image(seed=5)
    c, _ = organoid_image(seed=6)
    assert np.array_equal(a, b) and np.array_equal(ma, mb) and not np.array_equal(a, c)


def test_organoids_have_dark_rims_and_a_plain_threshold_is_not_enough():
    image, mask = organoid_image((256, 256), seed=1)
    assert image.dtype == np.uint8 and set(np.unique(mask)) == {0, 1}
    assert 0.03 < mask.mean() < 0.6
    assert image[mask == 1].mean() < image[mask == 0].mean()  # darker than the background
    # Debris is dark too: thresholding at the organoid mean leaves false positives outside.
    dark = image < image[mask == 1].mean()
    assert (dark & (mask == 0)).sum() > 50


def test_dataset_sizes():
    images, masks = organoid_dataset(3, shape=(128, 160), seed=2)
    assert len(images) == len(masks) == 3 and images[0].shape == (128, 160)
