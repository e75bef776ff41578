import numpy as np
import pytest

from napari_pretext.metrics import binary_scores, pooled_binary_scores, psnr


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
