import numpy as np
import pytest
import torch

from napari_pretext.core.checkpoint import load_checkpoint
from napari_pretext.core.errors import PretextInputError
from napari_pretext.ct.api import load_ct_model
from napari_pretext.ct.models import SiameseRotation
from napari_pretext.ct.rotation import without_radial_mean
from napari_pretext.ct.rotation_task import RotationConfig, RotationTask
from napari_pretext.ct.scene import make_ct_scene

TINY = dict(encoder="resnet18", batch_size=4, patch_size=32, steps_per_epoch=2, max_side=48, angle_step=90, seed=0)


def test_pairs_are_masked_to_the_circle_and_labelled():
    task = RotationTask(RotationConfig(**TINY))
    task.set_data([make_ct_scene((40, 48, 48), seed=0).volume])
    pairs, labels = task.make_batch(task.train_volumes, np.random.default_rng(0))
    assert pairs.shape == (4, 2, 1, 32, 32) and labels.shape == (4,)
    assert set(labels.tolist()) <= {0, 1, 2, 3}
    outside = task.circle == 0
    assert outside.any() and (pairs[..., outside] == 0).all()


@pytest.mark.parametrize("head", ["spatial", "pooled"])
def test_both_heads_give_log_probabilities(head):
    model = SiameseRotation("resnet18", 1, n_angles=4, head=head).eval()
    a, b = torch.rand(3, 1, 64, 64), torch.rand(3, 1, 64, 64)
    logp = model(a, b)
    assert logp.shape == (3, 4) and torch.allclose(logp.exp().sum(1), torch.ones(3), atol=1e-5)
    with pytest.raises(PretextInputError, match="rotation head"):
        RotationConfig(head="dense")


def test_a_checkpoint_from_before_the_head_option_loads_with_the_pooled_head(tmp_path):
    task = RotationTask(RotationConfig(**TINY, head="pooled", remove_radial_mean=False))
    path = task.save(tmp_path / "old.pt")
    data = load_checkpoint(path, kind="rotation")
    del data["config"]["head"], data["config"]["remove_radial_mean"]  # what a checkpoint written before the options holds
    torch.save(data, path)
    loaded = load_ct_model(path)
    assert loaded.config.head == "pooled" and loaded.model.reduce is None and not loaded.config.remove_radial_mean
    new = load_ct_model(RotationTask(RotationConfig(**TINY)).save(tmp_path / "new.pt")).config
    assert new.head == "spatial" and new.remove_radial_mean


def test_what_no_rotation_changes_is_removed_from_the_slices():
    size = 32
    yy, xx = np.mgrid[:size, :size]
    r = np.hypot(yy - 15.5, xx - 15.5)
    tube = np.where(np.abs(r - 12) < 1.5, 0.5, 0.1).astype(np.float32) + 0.002 * r.astype(np.float32)  # a centred tube and cupping
    with_sample = tube.copy()
    with_sample[6:10, 6:10] += 1.0  # an off-centre sample
    out = without_radial_mean(torch.from_numpy(np.stack([tube, with_sample]))[:, None])
    assert out.shape == (2, 1, size, size) and out[0].abs().max() < 0.01  # (what varies within a 1-px ring)
    assert out[1, 0, 6:10, 6:10].mean() > 0.9 and out[1, 0, 20:, 20:].abs().max() < 0.1  # the sample stays, little else
    # the pairs the task makes (training and profiles alike) go through it; turned off, they do not
    task = RotationTask(RotationConfig(**TINY))
    vol = make_ct_scene((40, 48, 48), seed=0, symmetric=True).volume.astype(np.float32)
    a, _ = task.pair_slices(task.normalize(vol), 0, np.array([20]), np.array([21]))
    plain = RotationTask(RotationConfig(**TINY, remove_radial_mean=False))
    raw, _ = plain.pair_slices(plain.normalize(vol), 0, np.array([20]), np.array([21]))
    assert torch.allclose(a, without_radial_mean(raw)) and not torch.allclose(a, raw)
