"""The fault suite: every command fed the files a tired user has.

Each case must end with exit code 2 and one line on stderr (no traceback), create no output,
leave no temporary file, and leave every input byte for byte as it was.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
import tifffile
from imageio.v3 import imwrite

from napari_pretext.cli import main

BAD_FILES = ("missing.tif", "empty.tif", "png_named.tif", "folder.tif", "truncated.tif", "text.tif")
BAD_MODELS = ("missing.pt", "empty.pt", "text.pt", "folder.pt")


def make_inputs(root):
    rng = np.random.default_rng(0)
    tifffile.imwrite(root / "good.tif", rng.integers(0, 255, (64, 64), dtype=np.uint8))
    tifffile.imwrite(root / "volume.tif", rng.integers(0, 255, (24, 32, 32), dtype=np.uint8))
    (root / "empty.tif").write_bytes(b"")
    imwrite(root / "png.png", rng.integers(0, 255, (64, 64), dtype=np.uint8))
    (root / "png_named.tif").write_bytes((root / "png.png").read_bytes())
    (root / "folder.tif").mkdir()
    (root / "truncated.tif").write_bytes((root / "volume.tif").read_bytes()[:300])
    (root / "text.tif").write_text("not an image")
    (root / "box.json").write_text('{"start": [0, 0, 0], "stop": [8, 8, 8]}')
    (root / "empty.pt").write_bytes(b"")
    (root / "text.pt").write_text("not a model")
    (root / "folder.pt").mkdir()


def snapshot(root):
    return {p.relative_to(root): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir" for p in root.rglob("*")}


TINY = ["--encoder", "resnet18", "--epochs", "1", "--batch-size", "2", "--patch-size", "32", "--steps-per-epoch", "1", "--quiet"]


def commands(bad: str, out) -> list[list[str]]:
    return [
        ["pretrain", "restoration", bad, "--out", str(out / "m.pt"), *TINY],
        ["finetune", bad, "--labels", bad, "--out", str(out / "m.pt"), "--from-scratch", *TINY],
        ["pretrain", "sorting", bad, "--out", str(out / "m.pt"), *TINY],
        ["localize", bad, "--box-out", str(out / "b.json")],
        ["crop", bad, "--box", "box.json", "--out", str(out / "c.tif")],
    ]


@pytest.mark.parametrize("bad", BAD_FILES)
def test_every_command_refuses_a_bad_file_in_one_line(tmp_path, monkeypatch, capsys, bad):
    make_inputs(tmp_path)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    before = snapshot(tmp_path)
    for argv in commands(bad, out):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("napari-pretext: error:"), (argv, err)
    assert snapshot(tmp_path) == before  # nothing written, nothing changed, no temporary left


@pytest.mark.parametrize("model", BAD_MODELS)
def test_every_command_refuses_a_bad_model_in_one_line(tmp_path, monkeypatch, capsys, model):
    make_inputs(tmp_path)
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    for argv in (["predict", model, "good.tif", "--out-dir", "out"], ["evaluate", model, "good.tif", "--labels", "good.tif"],
                 ["finetune", "good.tif", "--labels", "good.tif", "--out", "out/m.pt", "--encoder-from", model, *TINY[2:]],
                 ["localize", "volume.tif", "--method", "sorting", "--model", model, "--box-out", "out/b.json"]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("napari-pretext: error:"), (argv, err)
    assert snapshot(tmp_path) == before
