"""Shared parts of the fault suite: the files a tired user has, tiny real models, and checks.

Every case asserts the exit code, the message, that no input changed (sha256 before and
after) and that no partial output or temporary is left.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest
import tifffile
from imageio.v3 import imwrite

from napari_pretext.cli import main

TINY = ["--encoder", "resnet18", "--epochs", "1", "--batch-size", "2", "--patch-size", "32", "--steps-per-epoch", "1", "--quiet"]
TINY_CT = [*TINY[:-1], "--max-side", "32", "--quiet"]
BAD_FILES = ("missing.tif", "empty.tif", "png_named.tif", "folder.tif", "truncated.tif", "text.tif")


def make_inputs(root: Path) -> None:
    """Good inputs and the bad files of BAD_FILES in ``root``."""
    rng = np.random.default_rng(0)
    image = rng.integers(0, 60, (64, 64), dtype=np.uint8)
    image[16:40, 20:50] += 150
    tifffile.imwrite(root / "good.tif", image)
    tifffile.imwrite(root / "mask.tif", (image > 100).astype(np.uint8))
    tifffile.imwrite(root / "volume.tif", rng.integers(0, 255, (24, 32, 32), dtype=np.uint8))
    (root / "empty.tif").write_bytes(b"")
    imwrite(root / "png.png", image)
    (root / "png_named.tif").write_bytes((root / "png.png").read_bytes())
    (root / "folder.tif").mkdir()
    (root / "truncated.tif").write_bytes((root / "volume.tif").read_bytes()[:300])
    (root / "text.tif").write_text("not an image")
    (root / "box.json").write_text('{"start": [2, 2, 2], "stop": [10, 12, 12]}')


@pytest.fixture(scope="session")
def models(tmp_path_factory) -> dict[str, Path]:
    """Tiny trained models of each kind (one step each), made once for the suite."""
    root = tmp_path_factory.mktemp("fault_models")
    make_inputs(root)
    paths = {kind: root / f"{kind}.pt" for kind in ("restoration", "segmentation", "sorting")}
    assert main(["pretrain", "restoration", str(root / "good.tif"), "--out", str(paths["restoration"]), *TINY]) == 0
    assert main(["finetune", str(root / "good.tif"), "--labels", str(root / "mask.tif"), "--out", str(paths["segmentation"]),
                 "--from-scratch", *TINY]) == 0
    assert main(["pretrain", "sorting", str(root / "volume.tif"), "--out", str(paths["sorting"]), *TINY_CT]) == 0
    return paths


@pytest.fixture
def inputs(tmp_path, monkeypatch) -> Path:
    """A folder with good and bad inputs, as the working directory."""
    make_inputs(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def snapshot(root: Path) -> dict:
    """Every path under ``root`` with its sha256 (folders as 'dir')."""
    return {p.relative_to(root): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir" for p in root.rglob("*")}


def one_line_error(capsys, code: int, expected: int = 2) -> str:
    """Assert the exit code and a single 'napari-pretext: error:' line on stderr; return it."""
    err = capsys.readouterr().err.strip().splitlines()
    assert code == expected, err
    assert len(err) == 1 and err[0].startswith("napari-pretext: error:"), err
    return err[0]


def temporaries(root: Path) -> list[Path]:
    return [p for p in root.rglob(".*") if ".napari-pretext-output" not in p.name]


def mount_tmpfs(path: Path, size: str) -> bool:
    """Mount a small tmpfs at ``path`` (root only); False where that is not allowed."""
    if os.geteuid() != 0:
        return False
    path.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True).returncode == 0


def umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True)
