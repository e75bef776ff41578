import numpy as np
import pytest

from napari_pretext.images.metrics import binary_scores, matched_objects, pooled_binary_scores, psnr


def test_binary_scores_hand_computed():
    pred = np.array([1, 1, 0, 0, 1], bool)
    truth = np.array([1, 0, 0, 1, 1], bool)
    s = binary_scores(pred, truth)  # tp 2, fp 1, fn 1
    assert s == pytest.approx({"f1": 4 / 6, "iou": 2 / 4, "precision": 2 / 3, "recall": 2 / 3})


def test_pooled_scores_are_micro_averaged():
    a = (np.array([1, 0], bool), np.array([1, 0], bool))
    b = (np.array([0, 0], bool), np.array([1, 1], bool))
    assert pooled_binary_scores([a, b])["recall"] == pytest.approx(1 / 3)
    assert binary_scores(np.zeros(3, bool), np.zeros(3, bool))["f1"] == 1.0


def test_psnr():
    assert psnr(np.zeros(4), np.full(4, 0.1)) == pytest.approx(20.0)


def test_matched_objects_counts_pairs_over_half_iou():
    truth = np.zeros((20, 20), np.uint16)
    truth[0:4, 0:4] = 1  # found exactly
    truth[10:14, 10:14] = 7  # found as a much larger blob: IoU 16/64, no match
    truth[0:4, 15:19] = 3  # missed
    pred = np.zeros((20, 20), np.uint8)
    pred[0:4, 0:4] = 2
    pred[8:16, 8:16] = 1
    pred[17:19, 0:2] = 5  # a false object
    assert matched_objects(pred, truth) == (1, 2, 2)
    assert matched_objects(truth, truth) == (3, 0, 0)
    assert matched_objects(np.zeros_like(truth), truth) == (0, 0, 3)


def test_matched_objects_stack_is_matched_per_slice():
    truth = np.zeros((2, 6, 6), np.uint8)
    truth[:, 1:4, 1:4] = 1  # one id through both slices
    pred = np.zeros_like(truth)
    pred[0, 1:4, 1:4], pred[1, 1:4, 1:4] = 1, 2
    assert matched_objects(pred, truth) == (2, 0, 0)
    with pytest.raises(ValueError):
        matched_objects(pred, truth, iou_threshold=0.3)
