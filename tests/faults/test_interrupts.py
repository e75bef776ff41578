"""Ctrl-C, SIGKILL and two writers at once, on real processes (the command line as users run it)."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import tifffile

from napari_pretext.cli import main

CLI = [sys.executable, "-m", "napari_pretext.cli"]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def start(argv, **kwargs):
    """A CLI process whose stderr is collected by a thread (read what it says while it runs)."""
    proc = subprocess.Popen([*CLI, *argv], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, **kwargs)
    seen: list[str] = []
    threading.Thread(target=lambda: seen.extend(iter(lambda: proc.stderr.read(1), "")), daemon=True).start()
    return proc, seen


def wait_for(condition, timeout=120.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_ctrl_c_during_training_saves_the_model_so_far(inputs):
    """The first Ctrl-C stops after the current step and saves, like the widget's Stop (exit 130)."""
    out = inputs / "pretext.pt"
    long_run = ["--encoder", "resnet18", "--epochs", "100", "--batch-size", "2", "--patch-size", "64", "--steps-per-epoch", "100"]
    proc, seen = start(["pretrain", "restoration", "good.tif", "--out", str(out), *long_run], cwd=inputs)
    wait_for(lambda: "step" in "".join(seen))  # the progress bar: training has begun
    time.sleep(1.0)
    before = sha(inputs / "good.tif")
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=120) == 130
    time.sleep(0.2)
    assert "stopped by Ctrl-C: saved the model of the last complete step" in "".join(seen)
    from napari_pretext.images.restoration import RestorationTask

    assert 0 < RestorationTask.load(out).step < 100 * 100
    assert sha(inputs / "good.tif") == before and not [p for p in inputs.iterdir() if p.name.startswith(".")]


def big_volume(root: Path) -> Path:
    """A compressed 160x384x384 uint16 volume: a crop of it takes a few seconds to decode."""
    volume = np.random.default_rng(0).integers(0, 4000, (160, 384, 384), dtype=np.uint16)
    path = root / "big.tif"
    tifffile.imwrite(path, volume, compression="zlib", tile=(128, 128))
    (root / "all.json").write_text('{"start": [0, 0, 0], "stop": [160, 384, 384]}')
    return path


def test_sigkill_mid_crop_leaves_no_output_and_a_rerun_cleans_up(inputs):
    source = big_volume(inputs)
    before = sha(source)
    out = inputs / "crops" / "big_crop.tif"
    proc, _ = start(["crop", str(source), "--box", "all.json", "--out", str(out)], cwd=inputs)
    wait_for(lambda: out.parent.is_dir() and any(p.name.startswith(".big_crop.tif.") for p in out.parent.iterdir()))
    proc.kill()  # SIGKILL: no handler runs
    proc.wait(timeout=30)
    assert not out.exists()  # nothing under the final name
    assert sha(source) == before
    assert main(["crop", str(source), "--box", "all.json", "--out", str(out)]) == 0  # running it again is all it takes
    assert [p.name for p in out.parent.iterdir()] == ["big_crop.tif"]  # the killed run's temporary is gone
    assert tifffile.imread(out).shape == (160, 384, 384)


def test_two_writers_to_one_output_leave_one_complete_file(inputs):
    source = big_volume(inputs)
    out = inputs / "crop.tif"
    procs = [start(["crop", str(source), "--box", "all.json", "--out", str(out), "--overwrite"], cwd=inputs)[0] for _ in range(2)]
    codes = sorted(p.wait(timeout=300) for p in procs)
    assert codes[0] == 0 and codes[1] in (0, 2)  # the second may find the first's output already there
    np.testing.assert_array_equal(tifffile.imread(out), tifffile.imread(source))
    assert sorted(p.name for p in inputs.iterdir() if p.name.startswith(".")) == []


def test_ctrl_c_during_crop_batch_finishes_the_crops_begun_and_a_rerun_crops_the_rest(tmp_path):
    """A terminal's Ctrl-C reaches the whole process group (dask's worker processes too): the
    volumes being cropped finish whole, no more start, exit 130; the same command resumes."""
    scans = tmp_path / "scans"
    scans.mkdir()
    rng = np.random.default_rng(0)
    for i in range(8):
        volume = rng.integers(0, 50, (160, 256, 256), dtype=np.uint16)
        volume[40:120, 60:200, 60:200] += 500
        tifffile.imwrite(scans / f"v{i}.tif", volume, compression="zlib")  # about a second each to localise and crop
    before = {p.name: sha(p) for p in scans.iterdir()}
    proc, seen = start(["crop-batch", "scans", "crops"], cwd=tmp_path, start_new_session=True)
    wait_for(lambda: list((tmp_path / "crops").glob("*_crop.tif")))  # the first crop is written
    os.killpg(proc.pid, signal.SIGINT)
    assert proc.wait(timeout=120) == 130
    time.sleep(0.2)
    said = "".join(seen)
    assert "Traceback" not in said and "stopped by Ctrl-C" in said, said
    done = sorted(p.name for p in (tmp_path / "crops").glob("*_crop.tif"))
    report = json.loads((tmp_path / "crops" / "crop_report.json").read_text())
    assert len(done) == sum(r.get("ok", False) for r in report) >= 1
    assert sum(r.get("skipped", "").startswith("not started") for r in report) == 8 - len(done) >= 1
    for name in done:  # whole crops only: each is its source's box
        box = json.loads((tmp_path / "crops" / name.replace(".tif", ".box.json")).read_text())
        source = tifffile.imread(scans / name.replace("_crop", ""))
        np.testing.assert_array_equal(tifffile.imread(tmp_path / "crops" / name), source[tuple(slice(a, b) for a, b in zip(box["start"], box["stop"]))])
    assert not [p for p in (tmp_path / "crops").iterdir() if p.name.startswith(".")]  # no temporary left
    again = subprocess.run([*CLI, "crop-batch", "scans", "crops"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout.strip().splitlines()[-1])
    assert summary["ok"] == 8 - len(done) and sorted(summary["skipped"]) == [n.replace("_crop", "") for n in done]
    assert len(list((tmp_path / "crops").glob("*_crop.tif"))) == 8
    assert {p.name: sha(p) for p in scans.iterdir()} == before
