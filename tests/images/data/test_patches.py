import numpy as np

from napari_pretext.images.data.corruptions import CorruptionConfig
from napari_pretext.images.data.patches import RestorationPatches, SegmentationPatches
from napari_pretext.images.data.validation import IGNORE


def test_restoration_patches_are_seeded_per_epoch_and_index():
    slices = [np.random.default_rng(0).random((1, 80, 90)).astype(np.float32)]
    ds = RestorationPatches(slices, 32, CorruptionConfig(), samples=5, seed=1)
    noisy, clean = ds[2]
    assert noisy.shape == clean.shape == (1, 32, 32)
    assert np.array_equal(ds[2][0].numpy(), noisy.numpy())
    ds.set_epoch(1)
    assert not np.array_equal(ds[2][1].numpy(), clean.numpy())


def test_scribble_patches_are_centred_on_annotations():
    image = np.random.default_rng(0).random((1, 200, 200)).astype(np.float32)
    target = np.full((200, 200), IGNORE)
    target[150:155, 20:25] = 1
    target[10:12, 180:185] = 0
    ds = SegmentationPatches([image], [target], 32, samples=20, seed=0)
    assert ds.centre_on_labels
    for i in range(len(ds)):
        _, t = ds[i]
        assert (t.numpy() != IGNORE).any()
