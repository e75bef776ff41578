import numpy as np
import pytest

from napari_pretext.core.engine import run_training
from napari_pretext.core.errors import PretextInputError
from napari_pretext.core.events import EpochDone
from napari_pretext.images.configs import RestorationConfig
from napari_pretext.images.restoration import RestorationTask

from ..conftest import TINY, blobs


def test_restore_keeps_layout_and_range(tiny_restoration_config):
    task = RestorationTask(tiny_restoration_config)
    task.set_data([blobs()[0]])
    metrics = [e.metrics for e in run_training(task, 1) if isinstance(e, EpochDone)][0]
    assert {"val_loss", "val_ssim", "val_psnr"} <= set(metrics)
    image = blobs(shape=(70, 100))[0]
    out = task.restore(image)
    assert out.shape == (70, 100) and out.dtype == np.float32
    # the same content in another intensity range restores the same (images are normalised)
    np.testing.assert_allclose(task.restore(image * 40.0 + 1000.0), out, atol=1e-4)
    stack = task.restore(np.stack([blobs()[0]] * 2))  # a stack: each slice as the 2D image
    assert stack.shape == (2, 96, 96)
    np.testing.assert_allclose(stack[1], task.restore(blobs()[0]), atol=2e-3)  # another batch: conv sums in another order


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
