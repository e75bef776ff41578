"""The Python API with the same bad input: a PretextInputError (or CheckpointError) that says
what to do, raised before any training step, and nothing written."""

from __future__ import annotations

import numpy as np
import pytest

from napari_pretext.core.errors import CheckpointError, PretextInputError
from napari_pretext.ct.api import crop_auto, crop_volume, localize_volume, pretrain_volumes
from napari_pretext.ct.batch import crop_batch
from napari_pretext.ct.boxes import Box
from napari_pretext.images import api
from napari_pretext.images.configs import RestorationConfig, SegmentationConfig

from .conftest import snapshot

TINY = dict(encoder="resnet18", patch_size=32, batch_size=2, steps_per_epoch=1, epochs=1)


@pytest.mark.parametrize("call, match", [
    (lambda: api.pretrain_restoration([np.zeros((16, 16))], RestorationConfig(**TINY)), "smaller than|constant|no contrast|at least"),
    (lambda: api.pretrain_restoration([np.full((64, 64), np.nan)], RestorationConfig(**TINY)), "NaN|not finite|infinite"),
    (lambda: api.finetune_segmentation([np.random.rand(64, 64)], [np.zeros((32, 32))], SegmentationConfig(**TINY)), "shape|size"),
    (lambda: api.finetune_segmentation([np.random.rand(64, 64)], [], SegmentationConfig(**TINY)), "label|images"),
    (lambda: api.load_model("missing.pt"), "no model file"),
    (lambda: pretrain_volumes("sorting", [np.random.rand(64, 64)]), "not a 3D"),
    (lambda: localize_volume(np.full((16, 16, 16), np.nan, np.float32)), "NaN"),
    (lambda: localize_volume("volume.tif", max_side=0), "max_side"),
    (lambda: crop_volume("volume.tif", Box((0, 0, 0), (99, 9, 9)), "out/c.tif"), "outside"),
    (lambda: crop_volume("volume.tif", Box((0, 0, 0), (8, 8, 8)), "volume.tif", overwrite=True), "is the source"),
    (lambda: crop_volume("volume.tif", Box((0, 0, 0), (8, 8, 8)), "."), "did not write|holds the source"),
    (lambda: crop_batch("volume.tif", "out"), "not a folder"),
    # the one click refuses what localising would, before its minute of training
    (lambda: crop_auto("volume.tif", "out/c.tif", spacing=(0, 1, 1), device="cpu"), "voxel size"),
    (lambda: crop_auto("volume.tif", "out/c.tif", spacing=(1, float("nan"), 1), device="cpu"), "voxel size"),
    (lambda: crop_auto("volume.tif", "out/c.tif", padding=-2, device="cpu"), "padding"),
])
def test_bad_input_through_the_api(inputs, monkeypatch, call, match):
    import napari_pretext.core.engine as engine

    def trained(*args, **kwargs):
        raise AssertionError("a training step ran before the bad input was refused")

    monkeypatch.setattr(engine, "run_training", trained)  # where the jobs look it up when they start
    before = snapshot(inputs)
    with pytest.raises((PretextInputError, CheckpointError), match=match):
        call()
    assert snapshot(inputs) == before
