import pytest
import torch

from napari_pretext.core.checkpoint import load_checkpoint
from napari_pretext.core.engine import run_training
from napari_pretext.core.errors import CheckpointError
from napari_pretext.images.restoration import RestorationTask
from napari_pretext.images.segmentation import SegmentationTask

from ..conftest import blobs


def trained_restoration(config, tmp_path):
    task = RestorationTask(config)
    task.set_data([blobs()[0], blobs(seed=1)[0]])
    list(run_training(task, 1))
    return task, task.save(tmp_path / "pretext.pt")


def test_round_trip_keeps_weights_config_normalisation_and_step(tiny_restoration_config, tmp_path):
    task, path = trained_restoration(tiny_restoration_config, tmp_path)
    data = load_checkpoint(path, kind="restoration")
    assert data["config"]["encoder"] == "resnet18" and data["normalization"]["kind"] == "percentile"
    assert data["step"] == task.step == 2 and data["epoch"] == 1 and "val_ssim" in data["metrics"]
    loaded = RestorationTask.load(path)
    for k, v in task.model.state_dict().items():
        assert torch.equal(loaded.model.state_dict()[k].cpu(), v.cpu())
    image = blobs(seed=5)[0]
    assert (loaded.restore(image) == task.restore(image)).all()


def test_wrong_kind_is_a_clear_error(tiny_restoration_config, tmp_path):
    _, path = trained_restoration(tiny_restoration_config, tmp_path)
    with pytest.raises(CheckpointError, match="is a restoration pretext model, but a segmentation model is needed"):
        SegmentationTask.load(path)


def test_not_a_checkpoint(tmp_path):
    garbage = tmp_path / "garbage.pt"
    garbage.write_bytes(b"not a model at all")
    with pytest.raises(CheckpointError, match="not a napari-pretext model file"):
        load_checkpoint(garbage)
    plain = tmp_path / "plain.pt"
    torch.save({"weight": torch.zeros(3)}, plain)
    with pytest.raises(CheckpointError, match="not a napari-pretext model file"):
        load_checkpoint(plain)
    with pytest.raises(CheckpointError, match="no model file"):
        load_checkpoint(tmp_path / "missing.pt")


def test_weights_of_wrong_shape(tiny_restoration_config, tmp_path):
    _, path = trained_restoration(tiny_restoration_config, tmp_path)
    data = torch.load(path, weights_only=True)
    data["config"]["encoder"] = "resnet34"  # the weights no longer fit the described model
    torch.save(data, path)
    with pytest.raises(CheckpointError, match="do not fit"):
        RestorationTask.load(path)


def test_pretext_with_other_encoder_cannot_be_transferred(tiny_restoration_config, tiny_segmentation_config, tmp_path):
    _, path = trained_restoration(tiny_restoration_config, tmp_path)
    with pytest.raises(CheckpointError, match="pick the same encoder"):
        SegmentationTask(tiny_segmentation_config.replace(encoder="resnet34"), encoder_from=path)


@pytest.mark.parametrize("damage", [
    lambda d: d.pop("config"), lambda d: d.pop("model_state"), lambda d: d.update(config="resnet18"),
    lambda d: d.update(model_state={"w": [1, 2]}), lambda d: d.update(step="12"), lambda d: d.update(history={}),
    lambda d: d["config"].update(patch_size="big"), lambda d: d["config"].update(epochs=-3), lambda d: d["config"].update(blur_sigma=5),
])
def test_crafted_or_damaged_checkpoints_are_a_clear_error(tiny_restoration_config, tmp_path, damage):
    from napari_pretext.images.api import load_model

    _, path = trained_restoration(tiny_restoration_config, tmp_path)
    data = torch.load(path, weights_only=True)
    damage(data)
    torch.save(data, path)
    with pytest.raises(CheckpointError, match="pretext.pt"):
        load_model(path)
