"""Evaluation metrics: pixel F1 (Dice), IoU, precision, recall; matched objects; PSNR for restoration."""

from __future__ import annotations

import numpy as np

from ..core.errors import PretextInputError


def confusion_counts(pred: np.ndarray, truth: np.ndarray) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of two boolean masks of one shape."""
    pred, truth = np.asarray(pred, bool), np.asarray(truth, bool)
    if pred.shape != truth.shape:
        raise PretextInputError(f"prediction shape {pred.shape} differs from ground truth shape {truth.shape}")
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


def matched_objects(pred_labels: np.ndarray, true_labels: np.ndarray, iou_threshold: float = 0.5) -> tuple[int, int, int]:
    """(matched, unmatched predicted, unmatched true) objects of two label images of one shape.

    A predicted and a true object match when their IoU exceeds ``iou_threshold``; from 0.5 up
    each object can match at most one other, so no assignment problem is needed (as in the
    DSB2018 scoring and StarDist's ``matching``). Stacks (N, H, W) are matched slice by slice.
    """
    if iou_threshold < 0.5:
        raise PretextInputError("iou_threshold below 0.5 would allow one object to match several")
    pred_labels, true_labels = np.asarray(pred_labels), np.asarray(true_labels)
    if pred_labels.shape != true_labels.shape:
        raise PretextInputError(f"prediction shape {pred_labels.shape} differs from ground truth shape {true_labels.shape}")
    matched = n_pred = n_true = 0
    for pred, truth in zip(pred_labels.reshape((-1, *pred_labels.shape[-2:])), true_labels.reshape((-1, *true_labels.shape[-2:]))):
        p_ids, p = np.unique(pred, return_inverse=True)  # dense ids 0..P-1 (0 = background if present)
        t_ids, t = np.unique(truth, return_inverse=True)
        inter = np.bincount(p.ravel() * len(t_ids) + t.ravel(), minlength=len(p_ids) * len(t_ids)).reshape(len(p_ids), len(t_ids))
        p_fg, t_fg = p_ids != 0, t_ids != 0
        size_p, size_t = inter.sum(1)[p_fg], inter.sum(0)[t_fg]
        inter = inter[p_fg][:, t_fg]
        iou = inter / (size_p[:, None] + size_t[None, :] - inter)
        matched += int(np.count_nonzero(iou > iou_threshold))
        n_pred, n_true = n_pred + int(p_fg.sum()), n_true + int(t_fg.sum())
    return matched, n_pred - matched, n_true - matched
