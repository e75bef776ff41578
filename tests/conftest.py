"""Shared fixtures: tiny images and tiny, fast configs (ResNet18 U-Nets on 64 px patches)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from napari_pretext.images.configs import RestorationConfig, SegmentationConfig

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"

torch.set_num_threads(2)

TINY = dict(encoder="resnet18", patch_size=64, batch_size=2, steps_per_epoch=2, epochs=1, seed=0)


@pytest.fixture
def tiny_restoration_config() -> RestorationConfig:
    return RestorationConfig(**TINY)


@pytest.fixture
def tiny_segmentation_config() -> SegmentationConfig:
    return SegmentationConfig(**TINY, tile_size=128, tile_overlap=32)


def blobs(shape=(96, 96), seed=0) -> tuple[np.ndarray, np.ndarray]:
    """A noisy image with bright discs and its binary mask."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[: shape[0], : shape[1]]
    mask = np.zeros(shape, np.uint8)
    for _ in range(4):
        cy, cx, r = rng.integers(10, shape[0] - 10), rng.integers(10, shape[1] - 10), rng.integers(5, 10)
        mask[(yy - cy) ** 2 + (xx - cx) ** 2 < r**2] = 1
    image = (40 + 150 * mask + rng.normal(0, 10, shape)).clip(0, 255).astype(np.uint8)
    return image, mask


@pytest.fixture
def blob_pairs() -> list[tuple[np.ndarray, np.ndarray]]:
    return [blobs(seed=i) for i in range(3)]


def tiny_demo_configs(quick=True, seed=0):
    """Stand-in for ``demo.demo_configs``: one tiny step per stage."""
    common = dict(encoder="resnet18", patch_size=64, batch_size=2, steps_per_epoch=1, seed=seed)
    return RestorationConfig(epochs=1, **common), SegmentationConfig(epochs=1, **common)


def scores_by_hand(task, images, masks) -> dict[str, float]:
    """Pooled pixel scores of ``task``'s predicted masks, counted here (not by metrics.py)."""
    tp = fp = fn = 0
    for image, truth in zip(images, masks):
        pred = task.predict(image)[1] > 0
        truth = np.asarray(truth) > 0
        tp, fp, fn = tp + int((pred & truth).sum()), fp + int((pred & ~truth).sum()), fn + int((~pred & truth).sum())
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return {"f1": 2 * tp / max(2 * tp + fp + fn, 1), "iou": tp / max(tp + fp + fn, 1), "precision": precision, "recall": recall}


def blob_files(folder: Path, n: int) -> list[tuple[Path, Path]]:
    """``n`` (image PNG, mask TIFF) pairs of blob images written into ``folder``."""
    from napari_pretext.core.io import write_image

    return [(write_image(folder / f"img{i}.png", blobs(seed=i)[0]), write_image(folder / f"img{i}_mask.tif", blobs(seed=i)[1]))
            for i in range(n)]
