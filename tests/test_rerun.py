"""Run records and reruns (run_record.py, rerun.py) through the real CLI: ``info`` says how a
model was made, ``rerun`` makes it again, bit for bit on the CPU, or refuses with the file's name."""

import json
import threading

import numpy as np
import pytest
import tifffile
import torch

from napari_pretext.cli import main
from napari_pretext.core.checkpoint import load_checkpoint
from napari_pretext.core.events import StepDone
from napari_pretext.core.io import write_image
from napari_pretext.core.run_record import array_sha256
from napari_pretext.ct.scene import make_ct_scene
from napari_pretext.images import api
from napari_pretext.images.configs import RestorationConfig
from napari_pretext.rerun import rerun

from .conftest import TINY, blob_files, blobs

TRAIN = ["--encoder", "resnet18", "--epochs", "2", "--batch-size", "2", "--patch-size", "64", "--steps-per-epoch", "2", "--device", "cpu", "--quiet"]
CT_TRAIN = ["--encoder", "resnet18", "--epochs", "2", "--batch-size", "6", "--patch-size", "32", "--steps-per-epoch", "2",
            "--max-side", "48", "--device", "cpu", "--quiet"]


def same_weights(a, b) -> bool:
    wa, wb = load_checkpoint(a)["model_state"], load_checkpoint(b)["model_state"]
    return wa.keys() == wb.keys() and all(torch.equal(wa[k], wb[k]) for k in wa)


def info(path, capsys) -> dict:
    capsys.readouterr()
    assert main(["info", str(path)]) == 0
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


@pytest.fixture
def image_files(tmp_path):
    return blob_files(tmp_path, 2)


def test_restoration_and_segmentation_are_recorded_and_rerun_bit_for_bit(image_files, tmp_path, capsys):
    images, masks = [str(p) for p, _ in image_files], [str(m) for _, m in image_files]
    pretext, seg = tmp_path / "pretext.pt", tmp_path / "seg.pt"
    assert main(["pretrain", "restoration", *images, "--out", str(pretext), *TRAIN]) == 0
    record = info(pretext, capsys)
    run = record["run"]
    assert record["kind"] == "restoration" and run["kind"] == "restoration" and run["epochs"] == 2 and run["seed"] == 0
    assert run["started_by"] == "napari-pretext pretrain restoration " + " ".join([*images, "--out", str(pretext), *TRAIN])
    assert run["config"] == load_checkpoint(pretext)["config"] and run["device"] == "cpu" and run["threads"] == torch.get_num_threads()
    assert {"torch", "segmentation-models-pytorch", "numpy", "napari-pretext"} <= set(run["versions"])
    from napari_pretext.core.io import read_image

    first = read_image(images[0])
    assert run["inputs"][0] == {"role": "image", "name": "img0.png", "path": str((tmp_path / "img0.png").resolve()),
                                "shape": list(first.shape), "dtype": first.dtype.name, "sha256": array_sha256(first)}
    assert main(["rerun", str(pretext), "--out", str(tmp_path / "again.pt")]) == 0
    assert same_weights(pretext, tmp_path / "again.pt")
    assert info(tmp_path / "again.pt", capsys)["run"]["rerun_of"]["path"] == str(pretext.resolve())

    assert main(["finetune", *images, "--labels", *masks, "--out", str(seg), "--encoder-from", str(pretext), *TRAIN[2:]]) == 0
    run = info(seg, capsys)["run"]
    assert [e["role"] for e in run["inputs"]] == ["image", "image", "labels", "labels"]
    assert run["encoder_from"]["path"] == str(pretext.resolve())
    assert main(["rerun", str(seg), "--out", str(tmp_path / "seg_again.pt")]) == 0
    assert same_weights(seg, tmp_path / "seg_again.pt")

    # a changed or missing input, a changed encoder, an input that was a layer: refused, named
    capsys.readouterr()
    write_image(tmp_path / "img1_mask.tif", blobs(seed=5)[1])
    assert main(["rerun", str(seg), "--out", str(tmp_path / "x.pt")]) == 2
    assert "img1_mask.tif changed since the run" in capsys.readouterr().err
    (tmp_path / "img0.png").unlink()
    assert main(["rerun", str(pretext), "--out", str(tmp_path / "x.pt")]) == 2
    assert "img0.png is missing" in capsys.readouterr().err
    assert not (tmp_path / "x.pt").exists()
    assert main(["rerun", str(pretext), "--out", str(pretext), "--overwrite"]) == 2  # never over the model it repeats


def test_sorting_and_rotation_rerun_bit_for_bit(tmp_path, capsys):
    vol = tmp_path / "vol.tif"
    tifffile.imwrite(vol, make_ct_scene((40, 48, 48), seed=0).volume)
    for pretext, extra in (("sorting", []), ("rotation", ["--angle-step", "90"])):
        model = tmp_path / f"{pretext}.pt"
        assert main(["pretrain", pretext, str(vol), "--out", str(model), *CT_TRAIN, *extra]) == 0
        run = info(model, capsys)["run"]
        assert run["kind"] == pretext and run["inputs"][0]["role"] == "volume" and run["inputs"][0]["shape"] == [40, 48, 48]
        assert main(["rerun", str(model), "--out", str(tmp_path / f"{pretext}_again.pt")]) == 0
        assert same_weights(model, tmp_path / f"{pretext}_again.pt")


@pytest.mark.parametrize("form", ["folder of slices", "zarr", "HDF5 dataset named"])
def test_a_volume_that_is_not_one_file_is_rerun_too(tmp_path, capsys, form):
    """A folder (2D TIFF slices, zarr) or a dataset inside a file (rec.h5::/entry/data) was
    'missing' to rerun, which looked for a file at that path."""
    import h5py
    import zarr

    volume = make_ct_scene((40, 48, 48), seed=0).volume
    if form == "folder of slices":
        path = tmp_path / "rec"
        path.mkdir()
        for i, plane in enumerate(volume):
            tifffile.imwrite(path / f"rec_{i}.tif", plane)
    elif form == "zarr":
        path = tmp_path / "vol.zarr"
        zarr.open_array(str(path), mode="w", shape=volume.shape, dtype=volume.dtype)[:] = volume
    else:
        with h5py.File(tmp_path / "rec.h5", "w") as f:
            f.create_dataset("entry/data", data=volume)
            f.create_dataset("entry/flats", data=volume[:4])
        path = f"{tmp_path / 'rec.h5'}::/entry/data"
    model = tmp_path / "sorting.pt"
    assert main(["pretrain", "sorting", str(path), "--out", str(model), *CT_TRAIN]) == 0
    assert main(["rerun", str(model), "--out", str(tmp_path / "again.pt")]) == 0, capsys.readouterr().err
    assert same_weights(model, tmp_path / "again.pt")


def test_a_run_stopped_early_is_repeated_to_the_same_step(tmp_path):
    paths = [write_image(tmp_path / f"img{i}.png", blobs(seed=i)[0]) for i in range(2)]
    from napari_pretext.core.io import read_image

    stop = threading.Event()
    task = api.pretrain_restoration([read_image(p) for p in paths], RestorationConfig(**{**TINY, "epochs": 3, "device": "cpu"}),
                                    out=tmp_path / "stopped.pt", stop=stop, sources=paths,
                                    on_event=lambda e: stop.set() if isinstance(e, StepDone) and e.step == 3 else None)
    assert task.step == 3 and task.run["started_by"] == "python: napari_pretext.images.api.pretrain_restoration"
    again = rerun(tmp_path / "stopped.pt", tmp_path / "again.pt")
    assert again.step == 3 and same_weights(tmp_path / "stopped.pt", tmp_path / "again.pt")


def test_models_that_cannot_be_repeated_are_refused(tmp_path, capsys):
    image = blobs()[0]
    task = api.pretrain_restoration([image], RestorationConfig(**{**TINY, "device": "cpu"}), out=tmp_path / "layer.pt")
    assert task.run["inputs"][0]["path"] is None  # an array from a layer: recorded, but no file
    assert main(["rerun", str(tmp_path / "layer.pt"), "--out", str(tmp_path / "x.pt")]) == 2
    assert "did not come from a file" in capsys.readouterr().err
    data = load_checkpoint(tmp_path / "layer.pt")
    del data["run"]
    torch.save(data, tmp_path / "old.pt")  # a model from before run records
    assert main(["rerun", str(tmp_path / "old.pt"), "--out", str(tmp_path / "x.pt")]) == 2
    assert "holds no run record" in capsys.readouterr().err
    assert info(tmp_path / "old.pt", capsys)["run"] is None


def test_array_hash_is_the_same_read_whole_or_slab_by_slab(tmp_path, monkeypatch):
    from napari_pretext.core import run_record

    volume = np.random.default_rng(0).integers(0, 60000, (30, 20, 20), dtype=np.uint16)
    tifffile.imwrite(tmp_path / "v.tif", volume)
    whole = array_sha256(volume)
    monkeypatch.setattr(run_record, "SLAB_BYTES", 3 * 20 * 20 * 2)  # 3 slices at a time
    from napari_pretext.ct.volumes import open_volume

    assert array_sha256(open_volume(tmp_path / "v.tif")) == whole
    assert array_sha256(volume.astype(np.int32)) != whole and array_sha256(volume.reshape(20, 30, 20)) != whole


def test_the_installed_command_records_prints_and_repeats_a_run(image_files, tmp_path):
    """The user's path: ``napari-pretext`` as a program, one process per command."""
    import subprocess
    import sys
    from pathlib import Path

    program = str(Path(sys.executable).with_name("napari-pretext"))
    images = [str(p) for p, _ in image_files]
    model, again = tmp_path / "m.pt", tmp_path / "again.pt"

    def run(*argv):
        return subprocess.run([program, *argv], capture_output=True, text=True, timeout=300)

    assert run("pretrain", "restoration", *images, "--out", str(model), *TRAIN).returncode == 0
    shown = run("info", str(model))
    record = json.loads(shown.stdout.strip().splitlines()[-1])["run"]
    assert shown.returncode == 0 and record["started_by"].startswith("napari-pretext pretrain restoration")
    assert run("rerun", str(model), "--out", str(again)).returncode == 0 and same_weights(model, again)
    (tmp_path / "img1.png").write_bytes(b"not an image any more")
    refused = run("rerun", str(model), "--out", str(tmp_path / "x.pt"))
    assert refused.returncode == 2 and "img1.png" in refused.stderr.strip().splitlines()[-1] and not (tmp_path / "x.pt").exists()
