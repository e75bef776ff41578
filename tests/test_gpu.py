"""The GPU paths (bf16 autocast, channels-last, checkpoints moving between GPU and CPU).

They run only where CUDA is present (CI has none; a lent GPU machine runs them). Setting
``PRETEXT_GPU_TEST_DEVICE=cpu`` runs the same checks on the CPU, to test the tests themselves.
"""

from __future__ import annotations

import os

import numpy as np
import pytest
import torch

from napari_pretext.core.engine import run_training
from napari_pretext.core.events import StepDone, drain
from napari_pretext.ct.localize import localize, rebox
from napari_pretext.ct.scene import make_ct_scene
from napari_pretext.ct.sorting import SortingConfig, SortingTask
from napari_pretext.images.configs import RestorationConfig, SegmentationConfig
from napari_pretext.images.restoration import RestorationTask
from napari_pretext.images.segmentation import SegmentationTask

from .conftest import blobs

DEVICE = os.environ.get("PRETEXT_GPU_TEST_DEVICE", "cuda")
pytestmark = pytest.mark.skipif(DEVICE == "cuda" and not torch.cuda.is_available(), reason="needs a CUDA GPU")
SMALL = dict(encoder="resnet18", patch_size=64, batch_size=4, seed=0, device=DEVICE)


def on_cpu(task_class, path):
    """A saved task reloaded with its config's device set to the CPU."""
    data = torch.load(path, map_location="cpu", weights_only=True)
    data["config"]["device"] = "cpu"
    return task_class.from_checkpoint(data, "gpu checkpoint")


def test_restoration_trains_with_bf16_and_channels_last(tmp_path):
    task = RestorationTask(RestorationConfig(**SMALL, steps_per_epoch=10, epochs=1, learning_rate=3e-3))
    task.set_data([blobs((128, 128), seed=i)[0] for i in range(3)])
    losses = [e.loss for e in run_training(task, 4, log_every=1) if isinstance(e, StepDone)]
    assert task.device.type == DEVICE and np.isfinite(losses).all()
    assert np.mean(losses[-10:]) < np.mean(losses[:10])
    if DEVICE == "cuda":  # the engine's GPU path: bf16 autocast and channels-last weights
        assert task.model.encoder.conv1.weight.is_contiguous(memory_format=torch.channels_last)
    image = blobs((100, 140), seed=7)[0]
    restored = task.restore(image)
    cpu = on_cpu(RestorationTask, task.save(tmp_path / "pretext.pt"))
    assert cpu.device.type == "cpu"
    # bf16 inference on the GPU against fp32 on the CPU: close, not equal
    assert np.abs(cpu.restore(image) - restored).mean() < 0.02


def test_segmentation_on_gpu_predicts_like_its_cpu_copy(tmp_path):
    pairs = [blobs((128, 128), seed=i) for i in range(3)]
    task = SegmentationTask(SegmentationConfig(**SMALL, steps_per_epoch=10, epochs=3, learning_rate=3e-3, tile_size=128, tile_overlap=32))
    task.set_data([p[0] for p in pairs], [p[1] for p in pairs])
    list(run_training(task, 3))
    image, mask = blobs((150, 170), seed=11)
    prob, pred = task.predict(image)
    cpu = on_cpu(SegmentationTask, task.save(tmp_path / "seg.pt"))
    prob_cpu, pred_cpu = cpu.predict(image)
    assert prob.shape == prob_cpu.shape == image.shape
    assert np.abs(prob - prob_cpu).mean() < 0.02 and (pred == pred_cpu).mean() > 0.99


def test_sorting_trains_and_localises_on_gpu():
    scene = make_ct_scene((40, 64, 64), seed=0)
    task = SortingTask(SortingConfig(**{**SMALL, "batch_size": 8}, steps_per_epoch=3, max_side=64))
    task.set_data([scene.volume])
    assert all(np.isfinite(e.loss) for e in run_training(task, 1) if isinstance(e, StepDone))
    loc = drain(localize(scene.volume, "sorting", task, passes=3, stride=8))
    assert loc.heatmap.shape == scene.volume.shape and np.isfinite(loc.heatmap).all()
    assert loc.heatmap.std() > 0  # the passes differ: dropout is on
    # the box is the guided rule's on the heatmap the device made (boxed again on the CPU, numpy
    # only), and narrower than the volume: the rule found an object rather than falling back to it all
    again = rebox(scene.volume, loc)
    assert again.box == loc.box and again.how == loc.how and loc.box.size < np.prod(scene.volume.shape)
