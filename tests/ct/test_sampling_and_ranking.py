import numpy as np
import pytest
import torch

from napari_pretext.core.errors import PretextInputError
from napari_pretext.ct.ranking import mean_displacement, pairwise_ranking_loss
from napari_pretext.ct.rotation import angle_bins, inscribed_circle_mask, relative_angle_label
from napari_pretext.ct.sampling import generalized_gaussian_weights, sample_slices


def test_uniform_samples_are_distinct_sorted_and_in_bounds():
    rng = np.random.default_rng(0)
    for _ in range(50):
        idx = sample_slices(20, 8, rng)
        assert len(set(idx)) == 8 and idx.min() >= 0 and idx.max() < 20 and np.all(np.diff(idx) > 0)


def test_generalized_gaussian_avoids_borders():
    rng = np.random.default_rng(0)
    draws = np.concatenate([sample_slices(100, 4, rng, "gaussian", centre=0.5, width=0.15, shape=4) for _ in range(500)])
    assert np.mean((draws < 20) | (draws >= 80)) < 0.02
    assert 45 < draws.mean() < 55
    w = generalized_gaussian_weights(11, centre=0.5, width=0.2, shape=8)
    assert w.argmax() == 5 and w.sum() == pytest.approx(1.0) and w[0] < 1e-3


def test_thin_volume_is_a_clear_error():
    with pytest.raises(PretextInputError, match="fewer than the batch"):
        sample_slices(5, 8, np.random.default_rng(0))


def test_ranking_loss_hand_computed():
    scores = torch.tensor([0.0, 2.0, 1.0])
    positions = torch.tensor([0, 1, 2])
    # pairs (0,1): max(0, 1 - (2-0)) = 0; (0,2): max(0, 1 - (1-0)) = 0; (1,2): max(0, 1 - (1-2)) = 2
    assert float(pairwise_ranking_loss(scores, positions, margin=1.0)) == pytest.approx(2 / 3)
    assert float(pairwise_ranking_loss(torch.tensor([0.0, 5.0, 10.0]), positions, margin=1.0)) == 0.0


def test_ranking_loss_is_order_invariant_in_the_batch():
    scores, positions = torch.tensor([3.0, 0.5, 1.0, -2.0]), torch.tensor([7, 2, 5, 1])
    perm = torch.tensor([2, 0, 3, 1])
    assert float(pairwise_ranking_loss(scores, positions)) == pytest.approx(float(pairwise_ranking_loss(scores[perm], positions[perm])))


def test_mean_displacement():
    assert mean_displacement([0.1, 0.2, 0.3], [10, 20, 30]) == 0.0
    assert mean_displacement([0.3, 0.2, 0.1], [10, 20, 30]) == pytest.approx(4 / 3)  # ranks 2,1,0 vs 0,1,2


def test_inscribed_circle_mask_and_rotation_labels():
    mask = inscribed_circle_mask(9, 13)
    assert mask.shape == (9, 13) and mask[4, 6] and not mask[0, 0] and not mask[4, 0]
    assert mask.sum() == pytest.approx(np.pi * 4.5**2, rel=0.15)
    assert np.array_equal(mask, mask[::-1, ::-1])  # symmetric: unchanged by 180 degrees
    assert angle_bins(90).tolist() == [0, 90, 180, 270]
    assert relative_angle_label(270, 90, 90) == 2 and relative_angle_label(90, 90, 90) == 0
