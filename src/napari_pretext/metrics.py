"""Evaluation metrics: pixel F1 (Dice), IoU, precision, recall; PSNR for restoration."""

from __future__ import annotations

import numpy as np


def confusion_counts(pred: np.ndarray, truth: np.ndarray) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of two boolean masks of one shape."""
    pred, truth = np.asarray(pred, bool), np.asarray(truth, bool)
    if pred.shape != truth.shape:
        raise ValueError(f"prediction shape {pred.shape} differs from ground truth shape {truth.shape}")
    tp = int(np.count_nonzero(pred & truth))
    return tp, int(np.count_nonzero(pred & ~truth)), int(np.count_nonzero(~pred & truth))


def scores_from_counts(tp: int, fp: int, fn: int) -> dict[str, float]:
    """F1, IoU, precision, recall; an empty prediction of an empty truth scores 1."""
    if tp + fp + fn == 0:
        return {"f1": 1.0, "iou": 1.0, "precision": 1.0, "recall": 1.0}
    return {
        "f1": 2 * tp / (2 * tp + fp + fn),
        "iou": tp / (tp + fp + fn),
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
    }


def binary_scores(pred: np.ndarray, truth: np.ndarray) -> dict[str, float]:
    """Pixel scores of a boolean prediction against a boolean ground truth."""
    return scores_from_counts(*confusion_counts(pred, truth))


def pooled_binary_scores(pairs) -> dict[str, float]:
    """Scores over all pixels of several (prediction, truth) pairs (micro average)."""
    tp = fp = fn = 0
    for pred, truth in pairs:
        a, b, c = confusion_counts(pred, truth)
        tp, fp, fn = tp + a, fp + b, fn + c
    return scores_from_counts(tp, fp, fn)


def psnr(restored: np.ndarray, target: np.ndarray, data_range: float = 1.0) -> float:
    """Peak signal-to-noise ratio in dB."""
    mse = float(np.mean((np.asarray(restored, np.float64) - np.asarray(target, np.float64)) ** 2))
    return float("inf") if mse == 0 else float(10.0 * np.log10(data_range**2 / mse))
