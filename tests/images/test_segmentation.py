import numpy as np
import pytest
import torch

from napari_pretext.core.engine import run_training
from napari_pretext.core.errors import PretextInputError
from napari_pretext.core.events import EpochDone
from napari_pretext.images.models import encoder_is_frozen
from napari_pretext.images.objects import label_objects
from napari_pretext.images.restoration import RestorationTask
from napari_pretext.images.segmentation import SegmentationTask

from ..conftest import blobs, scores_by_hand


@pytest.fixture
def pretext_path(tiny_restoration_config, tmp_path):
    task = RestorationTask(tiny_restoration_config)
    task.set_data([blobs()[0]])
    list(run_training(task, 1))
    return task.save(tmp_path / "pretext.pt"), task


def test_transferred_encoder_is_frozen_and_unfreezes_on_schedule(pretext_path, tiny_segmentation_config, blob_pairs):
    path, pretext = pretext_path
    task = SegmentationTask(tiny_segmentation_config.replace(unfreeze_after=1), encoder_from=path)
    for k, v in pretext.model.encoder.state_dict().items():
        assert torch.equal(task.model.encoder.state_dict()[k].cpu(), v.cpu())
    assert encoder_is_frozen(task.model)
    task.set_data([p[0] for p in blob_pairs], [p[1] for p in blob_pairs])
    encoder_before = {k: v.clone() for k, v in task.model.encoder.state_dict().items()}
    list(run_training(task, 1))
    assert all(torch.equal(v, encoder_before[k]) for k, v in task.model.encoder.state_dict().items())
    messages = [e.text for e in run_training(task, 1) if type(e).__name__ == "Message"]
    assert messages and "unfrozen" in messages[0] and not encoder_is_frozen(task.model)
    assert not torch.equal(task.model.encoder.conv1.weight, encoder_before["conv1.weight"])


def test_unfrozen_pretext_encoder_learns_at_a_lower_rate(pretext_path, tiny_segmentation_config, blob_pairs):
    path, _ = pretext_path
    cfg = tiny_segmentation_config.replace(unfreeze_after=1, encoder_lr_factor=0.1, learning_rate=1e-3)
    task = SegmentationTask(cfg, encoder_from=path)
    task.set_data([p[0] for p in blob_pairs], [p[1] for p in blob_pairs])
    list(run_training(task, 1))
    assert [g["lr"] for g in task.optimizer.param_groups] == [1e-3, 1e-3]  # frozen: no encoder step anyway
    messages = [e.text for e in run_training(task, 1) if type(e).__name__ == "Message"]
    assert "x0.1" in messages[0]
    assert [g["lr"] for g in task.optimizer.param_groups] == pytest.approx([1e-4, 1e-3])
    # a network trained from scratch keeps one rate everywhere, whatever the factor
    scratch = SegmentationTask(cfg, freeze_encoder=False)
    scratch.set_learning_rates()
    assert [g["lr"] for g in scratch.optimizer.param_groups] == [1e-3, 1e-3]


def test_from_scratch_trains_everything_and_random_frozen_control_does_not(tiny_segmentation_config):
    assert not encoder_is_frozen(SegmentationTask(tiny_segmentation_config).model)
    assert encoder_is_frozen(SegmentationTask(tiny_segmentation_config, freeze_encoder=True).model)


def test_scribbles_train_only_on_strokes(tiny_segmentation_config):
    image, mask = blobs()
    scribbles = np.zeros_like(mask)
    scribbles[(mask == 1) & (np.arange(96)[None, :] % 7 == 0)] = 2
    scribbles[:4, :] = 1
    task = SegmentationTask(tiny_segmentation_config.replace(label_mode="scribbles"))
    task.set_data([image], [scribbles])
    metrics = [e.metrics for e in run_training(task, 1) if isinstance(e, EpochDone)][0]
    assert set(metrics) == {"train_f1", "train_iou", "train_precision", "train_recall"}  # one image: no held-out


def test_continue_training_keeps_model_optimizer_and_history(tiny_segmentation_config, blob_pairs):
    task = SegmentationTask(tiny_segmentation_config)
    task.set_data([blob_pairs[0][0]], [blob_pairs[0][1]])
    list(run_training(task, 1))
    state = {k: v.clone() for k, v in task.model.state_dict().items()}
    assert task.optimizer.state  # Adam moments exist
    assert task.reconfigure(tiny_segmentation_config.replace(loss="dice", learning_rate=5e-4))
    task.set_data([blob_pairs[1][0]], [blob_pairs[1][1]])  # "more strokes"
    for k, v in task.model.state_dict().items():
        assert torch.equal(v, state[k])
    list(run_training(task, 1))
    assert task.step == 4 and task.epoch == 2 and [h["epoch"] for h in task.history] == [1, 2]
    assert task.optimizer.param_groups[0]["lr"] == 5e-4
    assert not task.reconfigure(tiny_segmentation_config.replace(encoder="resnet34"))


def test_resume_from_checkpoint(tiny_segmentation_config, blob_pairs, tmp_path):
    task = SegmentationTask(tiny_segmentation_config)
    task.set_data([blob_pairs[0][0]], [blob_pairs[0][1]])
    list(run_training(task, 1))
    loaded = SegmentationTask.load(task.save(tmp_path / "seg.pt"))
    assert loaded.step == 2 and loaded.optimizer.state_dict()["state"]
    loaded.set_data([blob_pairs[1][0]], [blob_pairs[1][1]])
    list(run_training(loaded, 1))
    assert loaded.step == 4


def test_predict_layouts_and_metrics(tiny_segmentation_config, blob_pairs):
    task = SegmentationTask(tiny_segmentation_config)
    task.set_data([p[0] for p in blob_pairs], [p[1] for p in blob_pairs])
    prob, mask = task.predict(blob_pairs[0][0])
    assert prob.shape == mask.shape == (96, 96) and mask.dtype == np.uint8
    assert ((prob >= 0.5) == (mask == 1)).all()
    # A stack is normalised as one image (percentiles of the whole stack, so they may differ
    # by an interpolation step): identical slices predict like the 2D image.
    prob3, mask3 = task.predict(np.stack([blob_pairs[0][0]] * 3))
    assert prob3.shape == mask3.shape == (3, 96, 96)
    # (bf16 inference on a GPU: another batch composition moves logits in their 3rd digit)
    np.testing.assert_allclose(prob3[2], prob, atol=2e-3 if task.device.type == "cpu" else 2e-2)
    scores = task.evaluate([p[0] for p in blob_pairs], [p[1] for p in blob_pairs])
    assert scores == pytest.approx(scores_by_hand(task, [p[0] for p in blob_pairs], [p[1] for p in blob_pairs]))
    with pytest.raises(PretextInputError, match="shape"):
        task.evaluate([blob_pairs[0][0]], [np.zeros((10, 10))])


def test_mismatched_labels_and_small_images_are_refused(tiny_segmentation_config):
    task = SegmentationTask(tiny_segmentation_config)
    image, mask = blobs()
    with pytest.raises(PretextInputError, match="same size"):
        task.set_data([image], [mask[:50]])
    with pytest.raises(PretextInputError, match="smaller than the patch"):
        task.set_data([image[:40]], [mask[:40]])
    with pytest.raises(PretextInputError, match="empty"):
        task.set_data([image], [np.zeros_like(mask)])


def test_same_seed_same_initial_weights(tiny_segmentation_config):
    a = SegmentationTask(tiny_segmentation_config)
    torch.rand(10)  # whatever happened to the global generator in between
    b = SegmentationTask(tiny_segmentation_config)
    c = SegmentationTask(tiny_segmentation_config.replace(seed=1))
    assert torch.equal(a.model.decoder.blocks[0].conv1[0].weight, b.model.decoder.blocks[0].conv1[0].weight)
    assert not torch.equal(a.model.decoder.blocks[0].conv1[0].weight, c.model.decoder.blocks[0].conv1[0].weight)


def test_evaluate_objects_matches_predicted_and_true_objects(tiny_segmentation_config, blob_pairs, monkeypatch):
    task = SegmentationTask(tiny_segmentation_config)
    image, mask = blob_pairs[0]
    instances = label_objects(mask)
    n = int(instances.max())
    missing_one = np.where(instances == n, 0, mask).astype(np.uint8)
    monkeypatch.setattr(task, "predict", lambda img, rgb=None, name="": (missing_one.astype(np.float32), missing_one))
    for truth in (mask, instances):  # binary masks are split into objects, instance labels used as they are
        scores = task.evaluate([image], [truth], objects=True)
        assert scores["objects_true"] == n and scores["objects_predicted"] == n - 1
        assert scores["object_precision"] == 1.0 and scores["object_recall"] == pytest.approx((n - 1) / n)
    assert "object_f1" not in task.evaluate([image], [mask])
    assert task.evaluate([image], [mask], objects=True, min_size=10**6)["objects_predicted"] == 0
