"""Read-only and full file systems: a one-line error before (read-only) or during (full) the work,
never a partial output under the final name, never a temporary left.

As root (CI) these mount a small tmpfs; elsewhere the full disk is simulated by a failing rename.
"""

from __future__ import annotations

import errno
import subprocess

import numpy as np
import pytest
import tifffile

from napari_pretext.cli import main

from .conftest import TINY, mount_tmpfs, one_line_error, snapshot, umount


@pytest.fixture
def small_fs(tmp_path):
    """A 96 KiB tmpfs, or None where mounting is not allowed."""
    where = tmp_path / "small_fs"
    mounted = mount_tmpfs(where, "96k")
    yield where if mounted else None
    if mounted:
        umount(where)


def read_only(path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True)


OUTPUTS = {
    "pretrain": lambda d: ["pretrain", "restoration", "good.tif", "--out", f"{d}/m.pt", *TINY],
    "predict": lambda d: ["predict", "MODEL", "good.tif", "--out-dir", f"{d}/pred"],
    "localize": lambda d: ["localize", "volume.tif", "--box-out", f"{d}/b.json"],
    "crop": lambda d: ["crop", "volume.tif", "--box", "box.json", "--out", f"{d}/c.tif"],
    "crop-auto": lambda d: ["crop-auto", "volume.tif", "--out", f"{d}/c.tif", "--quiet", "--device", "cpu"],
    "crop-auto (model)": lambda d: ["crop-auto", "volume.tif", "--out", "c.tif", "--model-out", f"{d}/m.pt", "--quiet",
                                    "--device", "cpu"],
}


@pytest.mark.parametrize("command", OUTPUTS)
def test_a_read_only_folder_is_refused_before_any_work(inputs, models, small_fs, capsys, command):
    if small_fs is None:
        pytest.skip("mounting a read-only tmpfs needs root (CI runs as root)")
    read_only(small_fs)
    before = snapshot(inputs)
    argv = [str(models["segmentation"]) if a == "MODEL" else a for a in OUTPUTS[command](small_fs)]
    predict = command == "predict"
    code = main(argv)
    if predict:  # a batch: the folder is probed once, up front
        assert code == 2 and "cannot write into" in capsys.readouterr().err
    else:
        assert "cannot write into" in one_line_error(capsys, code)
    assert snapshot(inputs) == before


def test_a_full_disk_mid_crop_leaves_nothing_behind(inputs, small_fs, capsys):
    volume = np.random.default_rng(1).integers(0, 60000, (40, 64, 64), dtype=np.uint16)  # 320 KiB crop
    tifffile.imwrite(inputs / "big.tif", volume)
    (inputs / "all.json").write_text('{"start": [0, 0, 0], "stop": [40, 64, 64]}')
    before = snapshot(inputs)
    if small_fs is None:
        pytest.skip("a full tmpfs needs root; tests/faults/test_filesystems.py::test_a_failed_rename covers the rest")
    line = one_line_error(capsys, main(["crop", "big.tif", "--box", "all.json", "--out", str(small_fs / "c.tif")]))
    assert "No space left on device" in line or "disk full" in line
    assert list(small_fs.iterdir()) == [] and snapshot(inputs) == before


def test_a_full_disk_mid_predict_reports_and_keeps_nothing_partial(inputs, models, small_fs, capsys):
    if small_fs is None:
        pytest.skip("a full tmpfs needs root")
    big = np.random.default_rng(2).integers(0, 255, (192, 192), dtype=np.uint8)  # 144 KiB of probabilities
    tifffile.imwrite(inputs / "big.tif", big)
    assert main(["predict", str(models["segmentation"]), "big.tif", "--out-dir", str(small_fs)]) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err or "disk full" in err
    assert all(not p.name.startswith(".") for p in small_fs.iterdir())  # no temporary left
    for p in small_fs.iterdir():  # what was written is complete (the small mask may fit)
        assert tifffile.imread(p).shape == (192, 192)


def test_a_failed_rename_leaves_the_old_output_and_no_temporary(inputs, capsys, monkeypatch):
    """Without root: the last step of every write fails as a full disk would."""
    import napari_pretext.core.outputs as outputs

    (inputs / "c.tif").write_bytes(b"an earlier crop")

    def full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device", str(dst))

    monkeypatch.setattr(outputs.os, "replace", full)
    line = one_line_error(capsys, main(["crop", "volume.tif", "--box", "box.json", "--out", "c.tif", "--overwrite"]))
    assert "No space left on device" in line
    assert (inputs / "c.tif").read_bytes() == b"an earlier crop" and not [p for p in inputs.iterdir() if p.name.startswith(".")]
