"""The user's path: the real ``napari`` command in a fresh process, widgets from the Plugins menu.

The other widget tests run in a process where torch is already imported; a user starts napari
first and torch loads only when a widget is opened, after napari's OpenGL canvas exists (with
Mesa under xvfb, the clash described in ``napari_pretext.core.triton_preload``). Each case here
starts ``napari`` (optionally with a file argument) with a startup script
(``napari_startup_driver.py``) that opens a sample from *File > Open Sample*, opens a widget
from *Plugins > napari pretext*, runs a tiny training and reports back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import tifffile

DRIVER = Path(__file__).with_name("napari_startup_driver.py")
NAPARI = Path(sys.executable).with_name("napari")
TINY = {"encoder": "resnet18", "epochs": 1, "batch_size": 2, "patch_size": 64}


def run_napari(tmp_path: Path, plan: dict, *files: str) -> dict:
    """Start ``napari [files]`` with the driver as its startup script; the driver's report."""
    settings = tmp_path / "settings.yaml"
    settings.write_text(f"application:\n  startup_script: {DRIVER}\n")
    out = tmp_path / "report.json"
    env = {**os.environ, "NAPARI_CONFIG": str(settings), "PRETEXT_DRIVER_PLAN": json.dumps(plan), "PRETEXT_DRIVER_OUT": str(out)}
    done = subprocess.run([str(NAPARI), *files], env=env, capture_output=True, text=True, timeout=400)
    tail = (done.stdout + done.stderr)[-3000:]
    assert done.returncode == 0, f"napari exited with {done.returncode} (-11/139 = segmentation fault):\n{tail}"
    assert out.exists(), f"the driver wrote no report:\n{tail}"
    report = json.loads(out.read_text())
    assert report["error"] is None, report["error"] + "\n" + tail
    return report


def check_trained(report: dict, widget: str) -> None:
    assert not report["torch_at_start"] and not report["torch_before_widget"], "torch was imported before the widget: not the user's path"
    assert report["steps"][-1] == f"Plugins > napari pretext > {widget}"
    assert report["trained"], report
    assert report["status"].startswith("finished"), report["status"]
    assert report["model_label"].endswith("epoch 1"), report["model_label"]  # refreshed when the run ends
    assert report["started_by"] == f"napari: the {widget} dock's Train button", report["started_by"]  # recorded in the model


@pytest.mark.parametrize("widget, sample, fields, layers", [
    ("Restoration pretext", "Organoids (generated brightfield, with ground truth)", {}, {"images": ["organoids"]}),
    ("Segmentation", "Organoids (generated brightfield, with ground truth)", {},
     {"image": ["organoids"], "labels": ["organoids ground truth"]}),
    ("CT pretext", "CT scene (generated, sample in a tube with rings and specks)", {"steps": 2, "max_side": 64},
     {"volumes": ["CT scene"]}),
])
def test_widget_from_plugins_menu_trains(tmp_path, widget, sample, fields, layers):
    options = {**TINY, "batch_size": 4} if widget == "CT pretext" else TINY
    report = run_napari(tmp_path, {"widget": widget, "sample": sample, "options": options, "fields": fields, "layers": layers})
    check_trained(report, widget)
    assert report["steps"][0].startswith("File > Open Sample > napari pretext")


@pytest.mark.parametrize("cautious", [False, True])
def test_one_click_from_the_plugins_menu(tmp_path, cautious):
    """The CT sample, Plugins > napari pretext > CT pretext, *Localise and crop*: a model trained
    on the volume, its box and heatmap, the crop as a layer (quick schedule shrunk for CI). With
    *widen a box to check by hand* ticked, a flagged box is drawn with its orange wide box and
    the crop is the wide box; an unflagged one is cropped as it is."""
    schedule = {"epochs": 1, "steps_per_epoch": 2, "batch_size": 4, "patch_size": 32, "max_side": 48}
    report = run_napari(tmp_path, {"widget": "CT pretext", "sample": "CT scene (generated, sample in a tube with rings and specks)",
                                   "one_click": schedule, "layers": {"target": ["CT scene"]}, "fields": {"cautious": cautious}})
    assert report["error"] is None, report["error"]
    assert not report["torch_at_start"] and not report["torch_before_widget"]
    assert report["trained"], report
    assert report["started_by"] == "napari: the CT pretext dock's Localise and crop button"
    assert {"CT scene box", "CT scene crop"} <= set(report["layers_after"]), report["layers_after"]
    assert 0 < np.prod(report["crop_shape"]) < 96 * 128 * 128  # a crop, smaller than the scene
    crop = [report["crop_start"], list(np.add(report["crop_start"], report["crop_shape"]))]
    widened = [n for n in report["notifications"] if n.startswith("cropped CT scene") and "the wide box" in n]
    if cautious and report["wide_box"] is not None:  # flagged: the crop reaches where the neighbouring boxes do
        assert crop == report["wide_box"] and widened, report
        assert np.all(np.less_equal(report["wide_box"][0], report["box"][0])) and np.all(np.greater_equal(report["wide_box"][1], report["box"][1]))
    else:
        assert crop == report["box"] and not widened, report


def test_napari_with_a_file_argument(tmp_path):
    """``napari cells.tif``, a labels layer painted, then the Segmentation widget from the menu."""
    rng = np.random.default_rng(0)
    image = (rng.random((128, 128)) * 50).astype(np.uint8)
    image[32:64, 40:90] += 150
    tifffile.imwrite(tmp_path / "cells.tif", image)
    plan = {"widget": "Segmentation", "paint": ["cells", 100, "painted"], "options": TINY,
            "layers": {"image": ["cells"], "labels": ["painted"]}}
    report = run_napari(tmp_path, plan, str(tmp_path / "cells.tif"))
    assert report["layers"] == ["cells", "painted"]
    check_trained(report, "Segmentation")


def test_napari_with_a_folder_of_slices_then_one_click(tmp_path):
    """``napari rec/`` (a reconstruction written one 2D TIFF per slice), then Plugins > napari
    pretext > CT pretext, *Localise and crop*: napari stacks the folder, the dock crops it."""
    from napari_pretext.ct.scene import make_ct_scene

    folder = tmp_path / "rec"
    folder.mkdir()
    for i, plane in enumerate(make_ct_scene((48, 64, 64), seed=3).volume):
        tifffile.imwrite(folder / f"rec_{i}.tif", plane)
    schedule = {"epochs": 1, "steps_per_epoch": 2, "batch_size": 4, "patch_size": 32, "max_side": 48}
    report = run_napari(tmp_path, {"widget": "CT pretext", "one_click": schedule, "layers": {"target": ["rec"]}}, str(folder))
    assert report["layers"] == ["rec"] and not report["torch_at_start"] and not report["torch_before_widget"]
    assert {"rec box", "rec crop"} <= set(report["layers_after"]), report["layers_after"]
    assert 0 < np.prod(report["crop_shape"]) < 48 * 64 * 64
    crop = [report["crop_start"], list(np.add(report["crop_start"], report["crop_shape"]))]
    if report["wide_box"] is not None:  # flagged (the default crop is cautious): the wide box, around the box shown
        assert crop == report["wide_box"], report
        assert np.all(np.less_equal(crop[0], report["box"][0])) and np.all(np.greater_equal(crop[1], report["box"][1])), report
    else:
        assert crop == report["box"], report
