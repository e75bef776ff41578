"""Every kind of model by name (tasks.py), and each task's encoder for transfer (encoder_state)."""

import pytest
import torch

from napari_pretext.images.configs import SegmentationConfig
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


@pytest.mark.parametrize("kind", KINDS)
def test_a_segmentation_takes_the_encoder_from_each_kinds_checkpoint_old_or_new(kind, tmp_path):
    """Checkpoints say where their encoder is; older ones (without ``encoder_prefix``) are searched
    for a fresh encoder's keys, so the CT checkpoints of earlier versions still transfer."""
    from napari_pretext.core.checkpoint import load_checkpoint, save_checkpoint
    from napari_pretext.images.segmentation import pretext_encoder

    config_class, task_class = task_classes(kind)
    task = task_class(config_class(encoder="resnet18", device="cpu"))
    path = task.save(tmp_path / "new.pt")
    data = load_checkpoint(path)
    assert data["encoder_prefix"] == task.encoder_prefix
    del data["encoder_prefix"]
    old = save_checkpoint(tmp_path / "old.pt", data)
    seg = SegmentationConfig(encoder="resnet18", device="cpu")
    for p in (path, old):
        state, _ = pretext_encoder(p, seg)
        assert state.keys() == task.encoder_state().keys() and all(torch.equal(state[k], v) for k, v in task.encoder_state().items())
