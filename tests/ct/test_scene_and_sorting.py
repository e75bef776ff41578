import numpy as np
import pytest
import torch

from napari_pretext.core.engine import run_training
from napari_pretext.core.errors import PretextInputError
from napari_pretext.core.events import EpochDone, Message
from napari_pretext.ct.boxes import Box
from napari_pretext.ct.scene import box_scores, make_ct_scene, phantom
from napari_pretext.ct.sorting import SortingConfig, SortingTask
from napari_pretext.ct.volumes import check_volume, downscale_volume, open_volume
from napari_pretext.images.configs import SegmentationConfig
from napari_pretext.images.segmentation import SegmentationTask

TINY_SORT = dict(encoder="resnet18", batch_size=6, patch_size=32, steps_per_epoch=3, max_side=48, seed=0)


def test_scene_is_deterministic_and_box_holds_the_sample():
    a, b = make_ct_scene((40, 64, 64), seed=3), make_ct_scene((40, 64, 64), seed=3)
    assert np.array_equal(a.volume, b.volume) and a.box == b.box
    assert a.volume.dtype == np.uint16 and a.volume.shape == (40, 64, 64)
    inside = np.zeros_like(a.sample_mask)
    inside[a.box.slices] = True
    assert a.sample_mask[~inside].sum() == 0 and a.sample_mask.sum() > 0
    # The tube makes a plain threshold's box far larger than the sample's.
    hot = a.volume > np.percentile(a.volume, 95)
    assert hot[~inside].sum() > hot[inside].sum()


def test_box_scores_against_the_true_box():
    scene = make_ct_scene((40, 64, 64), seed=3)
    exact = box_scores(scene.box, scene)
    assert exact == {"face_error": 0.0, "relative_error": 0.0, "kept": 1.0, "reduction": scene.volume.size / scene.box.size}
    (z0, y0, x0), (z1, y1, x1) = scene.box.start, scene.box.stop
    half = box_scores(Box((z0, y0, x0), ((z0 + z1) // 2, y1, x1)), scene)  # the top half: one face off
    off = z1 - (z0 + z1) // 2
    assert half["face_error"] == off / 6 and half["relative_error"] == pytest.approx(off / 40 / 6)
    assert 0.2 < half["kept"] < 0.8 and half["reduction"] > exact["reduction"]


def test_symmetric_scene_background_does_not_show_rotations():
    # Above the sample (no rod there), a slice of a symmetric scene looks the same turned by 90
    # degrees about the axis; the default scene's gradient and off-centre tube do not.
    def turned_difference(symmetric: bool) -> float:
        scene = make_ct_scene((60, 64, 64), seed=2, noise=0.0, specks=0, rings=0, symmetric=symmetric)
        assert scene.box.stop[0] < 60
        top = scene.volume[-1].astype(np.float32)
        return float(np.abs(top - np.rot90(top)).mean() / top.mean())

    assert turned_difference(True) < 0.05 < turned_difference(False)
    scene = make_ct_scene((60, 64, 64), seed=2, symmetric=True)
    inside = np.zeros_like(scene.sample_mask)
    inside[scene.box.slices] = True
    assert scene.sample_mask.sum() > 0 and scene.sample_mask[~inside].sum() == 0


def test_phantom_range():
    p = phantom((16, 16, 16), seed=1)
    assert p.min() >= 0 and p.max() <= 1 and (p > 0).mean() > 0.2


def test_downscale_and_volume_checks(tmp_path):
    import tifffile

    vol = np.arange(8 * 8 * 8, dtype=np.uint16).reshape(8, 8, 8)
    small, factor = downscale_volume(vol, 4)
    assert factor == 2 and small.shape == (4, 4, 4) and small[0, 0, 0] == pytest.approx(vol[:2, :2, :2].mean())
    tifffile.imwrite(tmp_path / "v.tif", vol, compression="zlib")
    assert open_volume(tmp_path / "v.tif").shape == (8, 8, 8)
    with pytest.raises(PretextInputError, match="2D image"):
        check_volume(np.zeros((10, 10)))
    with pytest.raises(PretextInputError, match=r"colour \(RGB\) 2D image"):  # a photo dropped into the scans
        check_volume(np.zeros((48, 64, 3), np.uint8))


def test_sorting_trains_reports_mean_displacement_and_transfers():
    volumes = [make_ct_scene((40, 48, 48), seed=i).volume for i in range(2)]
    task = SortingTask(SortingConfig(**TINY_SORT, val_fraction=0.5))
    task.set_data(volumes)
    events = [e for e in run_training(task, 1) if isinstance(e, EpochDone)]
    assert "val_mean_displacement" in events[0].metrics and task.step == 3
    x, pos = task.val_batches[0]
    assert x.shape == (6, 1, 32, 32) and len(set(pos.tolist())) == 6


def test_sorting_encoder_transfers_into_a_unet(tmp_path):
    task = SortingTask(SortingConfig(**TINY_SORT))
    task.set_data([make_ct_scene((40, 48, 48), seed=0).volume])
    path = task.save(tmp_path / "sorting.pt")
    seg = SegmentationTask(SegmentationConfig(encoder="resnet18", patch_size=64), encoder_from=path)
    for k, v in task.model.backbone.encoder.state_dict().items():
        assert torch.equal(seg.model.encoder.state_dict()[k].cpu(), v.cpu())


def test_volume_thinner_than_the_batch_trains_on_all_its_slices():
    """An MRI stack with 10 slices and the default batch of 16: batches of all 10, and a note."""
    task = SortingTask(SortingConfig(**{**TINY_SORT, "batch_size": 16}))
    task.set_data([np.random.rand(10, 48, 48)], ["stack"])
    events = list(run_training(task, 1))
    notes = [e.text for e in events if isinstance(e, Message)]
    assert any("'stack' has 10 slices along z" in text and "all 10" in text for text in notes), notes
    x, pos = task.val_batches[0]
    assert x.shape[0] == 10 and sorted(pos.tolist()) == list(range(10))
    assert task.step == TINY_SORT["steps_per_epoch"]
    assert 0 < task.history[-1]["train_md_over_random"] < 3  # scaled by the 10-slice batches' random order
    with pytest.raises(PretextInputError, match="at least 2"):
        SortingTask(SortingConfig(**TINY_SORT)).set_data([np.random.rand(8, 384, 384)])  # 1 slice once downscaled by 8


def test_mc_samples_match_the_full_forward_in_distribution():
    from napari_pretext.ct.models import SliceScorer

    torch.manual_seed(0)
    model = SliceScorer("resnet18", dropout=0.0).eval()
    x = torch.rand(3, 1, 64, 64)
    with torch.no_grad():
        samples = model.backbone.mc_samples(x, passes=4)
        full = model.embeddings(x)
    assert samples.shape == (4, *full.shape)
    torch.testing.assert_close(samples[2], full)  # without dropout every pass is the plain forward
    model.backbone.dropout = 0.5
    with torch.no_grad():
        noisy = model.backbone.mc_samples(x, passes=4)
    assert noisy.var(dim=0).mean() > 0 and not model.backbone.mc_dropout


@pytest.mark.parametrize("kind", ["numpy", "memmap", "compressed", "dask"])
def test_downscale_reads_block_by_block_and_equals_the_block_mean(tmp_path, monkeypatch, kind):
    import dask.array as da
    import tifffile

    from napari_pretext.ct import volumes

    monkeypatch.setattr(volumes, "READ_BYTES", 3 * 4 * 16 * 4)  # a few output rows per read: the row loop runs
    volume = np.random.default_rng(0).integers(0, 4000, (13, 26, 31), dtype=np.uint16)
    if kind in ("memmap", "compressed"):
        tifffile.imwrite(tmp_path / "v.tif", volume, compression="zlib" if kind == "compressed" else None)
        source = open_volume(tmp_path / "v.tif")
    else:
        source = da.from_array(volume, chunks=(4, -1, -1)) if kind == "dask" else volume
    small, factor = downscale_volume(source, max_side=16)
    assert factor == 2 and small.shape == (6, 13, 15) and small.dtype == np.float32
    expected = volume[:12, :26, :30].reshape(6, 2, 13, 2, 15, 2).mean(axis=(1, 3, 5))
    np.testing.assert_allclose(small, expected, rtol=1e-6)
