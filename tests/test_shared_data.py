"""Real images from ../shared/data (DSB2018 nuclei); skipped with a reason when absent."""

import json

import numpy as np
import pytest

from napari_pretext.core.io import read_image
from napari_pretext.images.api import finetune_segmentation

from .conftest import SHARED_DATA, TINY, scores_by_hand

DSB = SHARED_DATA / "dsb2018"
pytestmark = pytest.mark.skipif(not (DSB / "meta.json").is_file(), reason=f"real data not found at {DSB} (shared/data is optional)")


def first(kind: str, n: int = 2) -> list[dict]:
    meta = json.loads((DSB / "meta.json").read_text())
    return [m for m in meta if m["class_heuristic"] == kind][:n]


def test_fluorescence_nuclei_train_and_evaluate():
    items = first("gray_darkbg_fluorescence")
    images = [read_image(DSB / "images" / f"{m['id']}.png") for m in items]
    masks = [read_image(DSB / "labels" / f"{m['id']}.png") for m in items]
    assert images[0].ndim == 3 and masks[0].dtype == np.uint16  # gray stored as RGB; instance labels
    from napari_pretext.images.configs import SegmentationConfig

    task = finetune_segmentation(images, masks, SegmentationConfig(**{**TINY, "epochs": 2}))
    scores = task.evaluate(images, [m > 0 for m in masks])
    assert scores == pytest.approx(scores_by_hand(task, images, masks))
    prob, mask = task.predict(images[0])
    assert prob.shape == images[0].shape[:2]


def test_colour_images_need_a_three_channel_model():
    from napari_pretext.core.errors import PretextInputError
    from napari_pretext.images.configs import SegmentationConfig

    item = first("color (H&E / stained brightfield)", 1)[0]
    image = read_image(DSB / "images" / f"{item['id']}.png")
    labels = read_image(DSB / "labels" / f"{item['id']}.png")
    with pytest.raises(PretextInputError, match="RGB colour image"):
        finetune_segmentation([image], [labels], SegmentationConfig(**TINY))
    task = finetune_segmentation([image], [labels], SegmentationConfig(**TINY, in_channels=3))
    assert task.predict(image)[1].shape == image.shape[:2]
