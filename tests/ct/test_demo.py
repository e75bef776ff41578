import json

import numpy as np
import pytest
import tifffile

from napari_pretext import cli
from napari_pretext.ct import demo
from napari_pretext.ct.boxes import load_box
from napari_pretext.ct.crop import read_crop_metadata
from napari_pretext.ct.scene import make_ct_scene
from napari_pretext.ct.sorting import SortingConfig


def tiny_settings(quick=True, seed=0):
    return (40, 48, 48), SortingConfig(encoder="resnet18", epochs=1, steps_per_epoch=2, batch_size=6, patch_size=32, max_side=48,
                                       val_fraction=0.0, seed=seed)


def test_ct_demo_writes_scene_model_heatmap_boxes_and_crop(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(demo, "ct_demo_settings", tiny_settings)
    assert cli.main(["demo", "--part", "ct", "--out-dir", str(tmp_path), "--quiet"]) == 0
    out = tmp_path / "ct"
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(summary) == {"ct"} and set(summary["ct"]) == {"sorting_guided", "sorting_top", "threshold_otsu", "seconds"}
    scene = make_ct_scene((40, 48, 48), seed=0)
    np.testing.assert_array_equal(tifffile.imread(out / "scene.tif"), scene.volume)
    assert load_box(out / "true_box.json") == scene.box
    box = load_box(out / "box.json")
    np.testing.assert_array_equal(tifffile.imread(out / "scene_crop.tif"), scene.volume[box.slices])
    meta = read_crop_metadata(out / "scene_crop.tif")
    assert meta["offset"] == list(box.start) and meta["model"].endswith("sorting.pt")
    assert tifffile.imread(out / "heatmap.tif").shape == scene.volume.shape
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["box"] == box.to_dict() and metrics["sorting_guided"] == summary["ct"]["sorting_guided"]
    # the guided box's scores, counted here from box.json and the scene's truth
    faces = np.abs(np.subtract(box.start + box.stop, scene.box.start + scene.box.stop))
    assert summary["ct"]["sorting_guided"] == pytest.approx({
        "face_error": faces.mean(), "relative_error": (faces / np.array(scene.volume.shape * 2)).mean(),
        "kept": scene.sample_mask[box.slices].sum() / scene.sample_mask.sum(), "reduction": scene.volume.size / box.size})
    assert summary["ct"]["threshold_otsu"]["kept"] > 0.95  # Otsu keeps the sample (it boxes the tube)
    assert cli.main(["demo", "--part", "ct", "--out-dir", str(tmp_path), "--quiet"]) == 0  # again into the same folder


def test_ct_demo_settings_see_the_scene_at_its_own_resolution():
    for quick in (True, False):
        shape, config = demo.ct_demo_settings(quick)
        assert config.max_side == config.patch_size == max(shape[1:]) and config.val_fraction == 0.0
