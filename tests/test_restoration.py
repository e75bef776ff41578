import numpy as np
import pytest

from napari_pretext.config import RestorationConfig
from napari_pretext.engine import run_training
from napari_pretext.errors import PretextInputError
from napari_pretext.events import EpochDone
from napari_pretext.restoration import RestorationTask

from .conftest import TINY, blobs


def test_restore_keeps_layout_and_range(tiny_restoration_config):
    task = RestorationTask(tiny_restoration_config)
    task.set_data([blobs()[0]])
    metrics = [e.metrics for e in run_training(task, 1) if isinstance(e, EpochDone)][0]
    assert {"val_loss", "val_ssim", "val_psnr"} <= set(metrics)
    out = task.restore(blobs(shape=(70, 100))[0])
    assert out.shape == (70, 100) and out.min() >= 0 and out.max() <= 1
    assert task.restore(np.stack([blobs()[0]] * 2)).shape == (2, 96, 96)


def test_rgb_model_restores_rgb(tmp_path):
    task = RestorationTask(RestorationConfig(**TINY, in_channels=3))
    rgb = np.random.default_rng(0).integers(0, 255, (80, 90, 3)).astype(np.uint8)
    task.set_data([rgb])
    list(run_training(task, 1))
    assert task.restore(rgb).shape == (80, 90, 3)
    with pytest.raises(PretextInputError, match="gray image"):
        task.restore(rgb[..., 0])


def test_bad_config_is_a_clear_error():
    with pytest.raises(PretextInputError, match="multiple of 32"):
        RestorationConfig(patch_size=50)
    with pytest.raises(PretextInputError, match="loss"):
        RestorationConfig(loss="mse")


def test_missing_device_falls_back_to_cpu_with_a_message():
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA, the fallback cannot be observed")
    task = RestorationTask(RestorationConfig(**{**TINY, "device": "cuda"}))
    assert task.device.type == "cpu" and "CUDA is not available" in task.device_message
