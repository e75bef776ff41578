"""Every kind of model by name (tasks.py), and each task's encoder for transfer (encoder_state)."""

import pytest
import torch

from napari_pretext.core.config import SegmentationConfig
from napari_pretext.images.segmentation import SegmentationTask
from napari_pretext.tasks import KINDS, task_classes


def test_every_kind_has_its_config_and_task():
    for kind in KINDS:
        config_class, task_class = task_classes(kind)
        assert task_class.kind == kind and task_class.config_class is config_class
    with pytest.raises(ValueError):
        task_classes("unet")


@pytest.mark.parametrize("kind", KINDS)
def test_each_task_gives_the_encoder_a_segmentation_u_net_takes(kind):
    config_class, task_class = task_classes(kind)
    task = task_class(config_class(encoder="resnet18", device="cpu"))
    state = task.encoder_state()
    unet = SegmentationTask(SegmentationConfig(encoder="resnet18", device="cpu")).model.encoder.state_dict()
    assert state.keys() == unet.keys() and all(state[k].shape == unet[k].shape for k in state)
    assert all(torch.equal(state[k], task.model.state_dict()[task.encoder_prefix + k]) for k in state)
