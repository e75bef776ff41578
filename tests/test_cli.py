"""The command line end to end on tiny files."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from napari_pretext.cli import main
from napari_pretext.core.io import read_image, write_image
from napari_pretext.images.objects import label_objects
from napari_pretext.images.segmentation import SegmentationTask

from .conftest import blob_files, blobs

TRAIN = ["--encoder", "resnet18", "--epochs", "1", "--batch-size", "2", "--patch-size", "64", "--steps-per-epoch", "2", "--quiet"]


@pytest.fixture
def files(tmp_path):
    return blob_files(tmp_path, 3)


def test_pretrain_finetune_predict_evaluate(files, tmp_path, capsys):
    images = [str(p[0]) for p in files]
    masks = [str(p[1]) for p in files]
    pretext = tmp_path / "pretext.pt"
    seg = tmp_path / "seg.pt"
    assert main(["pretrain", "restoration", *images, "--out", str(pretext), *TRAIN]) == 0
    # no --encoder: the pretext's resnet18 is taken from its checkpoint
    assert main(["finetune", *images[:2], "--labels", *masks[:2], "--out", str(seg), "--encoder-from", str(pretext), "--loss", "dice", *TRAIN[2:]]) == 0
    assert SegmentationTask.load(seg).config.encoder == "resnet18"
    assert main(["predict", str(seg), images[2], "--out-dir", str(tmp_path / "pred")]) == 0
    mask = read_image(tmp_path / "pred" / "img2_mask.tif")
    assert mask.shape == (96, 96) and mask.dtype == np.uint8 and set(np.unique(mask)) == {0, 255}  # visible in any viewer
    assert read_image(tmp_path / "pred" / "img2_probability.tif").dtype == np.float32
    assert main(["predict", str(seg), images[2], "--out-dir", str(tmp_path / "obj"), "--objects", "--min-size", "5", "--split-distance", "4"]) == 0
    objects = read_image(tmp_path / "obj" / "img2_objects.tif")
    assert objects.shape == (96, 96) and np.array_equal(objects, label_objects(mask, 5, 4))
    assert f"img2.png: {objects.max()} objects" in capsys.readouterr().out
    rows = (tmp_path / "obj" / "img2_objects.csv").read_text().splitlines()
    assert rows[0] == "label,area_px,y,x" and len(rows) == 1 + objects.max()
    capsys.readouterr()
    assert main(["evaluate", str(seg), images[2], "--labels", masks[2]]) == 0
    scores = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(scores) == {"f1", "iou", "precision", "recall"}
    assert main(["evaluate", str(seg), images[2], "--labels", masks[2], "--objects", "--min-size", "5", "--split-distance", "4"]) == 0
    scores = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert {"object_f1", "object_precision", "object_recall"} <= set(scores)
    assert scores["objects_true"] == label_objects(read_image(masks[2])).max()
    assert main(["predict", str(pretext), images[0], "--out-dir", str(tmp_path / "rest")]) == 0
    capsys.readouterr()
    assert main(["predict", str(pretext), images[0], "--out-dir", str(tmp_path / "rest"), "--objects"]) == 2
    assert "needs a segmentation model" in capsys.readouterr().err
    assert read_image(tmp_path / "rest" / "img0_restored.tif").shape == (96, 96)
    # --device: the model runs where asked, not where it was trained (a busy GPU, say)
    import napari_pretext.core.training as training

    asked = []
    real = training.resolve_device
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(training, "resolve_device", lambda name="auto": asked.append(name) or real("cpu"))
    try:
        assert main(["predict", str(seg), images[2], "--out-dir", str(tmp_path / "cpu"), "--device", "cpu"]) == 0
        assert main(["evaluate", str(seg), images[2], "--labels", masks[2], "--device", "cuda"]) == 0
        assert main(["predict", str(seg), images[2], "--out-dir", str(tmp_path / "saved")]) == 0
    finally:
        monkeypatch.undo()
    assert asked == ["cpu", "cuda", SegmentationTask.load(seg).config.device]  # the last: the device it was saved with


def test_finetune_scribbles_from_scratch(files, tmp_path):
    image, mask = blobs()
    scribbles = np.where(mask > 0, 2, 0).astype(np.uint8)
    scribbles[:3] = 1
    lab = write_image(tmp_path / "scribbles.png", scribbles)
    out = tmp_path / "seg.pt"
    assert main(["finetune", str(files[0][0]), "--labels", str(lab), "--label-mode", "scribbles", "--from-scratch", "--out", str(out), *TRAIN]) == 0
    assert out.is_file()


def test_bad_input_exits_2_with_one_line(files, tmp_path, capsys):
    bad = write_image(tmp_path / "small_mask.png", np.zeros((50, 50), np.uint8))
    code = main(["finetune", str(files[0][0]), "--labels", str(bad), "--out", str(tmp_path / "x.pt"), *TRAIN])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "has shape (50, 50) but its image has shape (96, 96)" in err[0]
    assert main(["predict", str(files[0][0]), str(files[0][0]), "--out-dir", str(tmp_path)]) == 2
    assert "not a napari-pretext model file" in capsys.readouterr().err
    assert main(["pretrain", "restoration", str(tmp_path / "missing.png"), "--out", "x.pt", *TRAIN]) == 2


@pytest.mark.parametrize("out", ["restored.tif", "model.txt", "model"])
def test_a_model_out_not_named_as_a_checkpoint_is_refused_before_training(files, tmp_path, capsys, out):
    image = tmp_path / "restored.tif"
    write_image(image, np.zeros((8, 8), np.uint8))  # an image the user cares about, named by mistake
    before = image.read_bytes()
    for command in (["pretrain", "restoration", str(files[0][0])], ["finetune", str(files[0][0]), "--labels", str(files[0][1])]):
        code = main([*command, "--out", str(tmp_path / out), "--overwrite", *TRAIN])
        err = capsys.readouterr().err.strip().splitlines()
        assert code == 2 and len(err) == 1 and "ends in .pt" in err[0], err
    assert image.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pt") == []
    assert main(["pretrain", "restoration", str(files[0][0]), "--out", str(tmp_path / "m.PTH"), *TRAIN]) == 0  # PyTorch's other name


def test_every_command_has_help(capsys):
    for cmd in (["--help"], ["pretrain", "restoration", "--help"], ["finetune", "--help"], ["predict", "--help"], ["evaluate", "--help"], ["demo", "--help"]):
        with pytest.raises(SystemExit) as exc:
            main(cmd)
        assert exc.value.code == 0
    assert "--label-mode" in capsys.readouterr().out


def test_help_imports_no_torch():
    """``--help`` of every command, in a fresh process (as a user runs it), loads no torch stack."""
    code = (
        "import sys\n"
        "from napari_pretext.cli import build_parser\n"
        "parser = build_parser()\n"
        "commands = [[], ['pretrain', 'restoration'], ['pretrain', 'sorting'], ['pretrain', 'rotation'], ['finetune'],\n"
        "            ['predict'], ['evaluate'], ['localize'], ['crop'], ['crop-batch'], ['demo']]\n"
        "for command in commands:\n"
        "    try:\n"
        "        parser.parse_args([*command, '--help'])\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code == 0, command\n"
        "heavy = ('torch', 'torchvision', 'timm', 'segmentation_models_pytorch', 'napari')\n"
        "print('LOADED', [m for m in heavy if m in sys.modules], file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "LOADED []" in out.stderr, out.stderr[-500:]
    assert "batches per epoch (CT: per volume)" in out.stdout and "(default: 50)" in out.stdout  # the CT commands' own steps


def test_predict_skips_bad_files_and_keeps_earlier_predictions(files, tmp_path, capsys):
    images = [str(p[0]) for p in files]
    seg = tmp_path / "seg.pt"
    assert main(["finetune", images[0], "--labels", str(files[0][1]), "--out", str(seg), "--from-scratch", *TRAIN]) == 0
    truncated = tmp_path / "truncated.tif"
    truncated.write_bytes(Path(files[1][1]).read_bytes()[:100])
    folder = tmp_path / "folder.tif"
    folder.mkdir()
    out = tmp_path / "pred"
    capsys.readouterr()
    assert main(["predict", str(seg), images[0], str(truncated), str(folder), images[2], "--out-dir", str(out)]) == 1
    err = capsys.readouterr().err
    assert "truncated.tif: skipped" in err and "folder.tif: skipped" in err and "2 of 4 images failed" in err
    assert sorted(p.name for p in out.iterdir()) == ["img0_mask.tif", "img0_probability.tif", "img2_mask.tif", "img2_probability.tif"]
    mask = (out / "img0_mask.tif").read_bytes()
    assert main(["predict", str(seg), images[0], "--out-dir", str(out)]) == 1  # exists: not replaced without --overwrite
    assert "--overwrite" in capsys.readouterr().err and (out / "img0_mask.tif").read_bytes() == mask
    assert main(["predict", str(seg), images[0], "--out-dir", str(out), "--overwrite"]) == 0
    assert main(["pretrain", "restoration", images[0], "--out", str(seg), *TRAIN]) == 2  # an existing model: --overwrite


def test_os_errors_are_one_line_and_bugs_say_so(monkeypatch, tmp_path, capsys):
    from napari_pretext.cli import images

    def full_disk(a):
        raise OSError(28, "No space left on device", str(tmp_path / "seg.pt"))

    def bug(a):
        raise ZeroDivisionError("division by zero")

    for func, code, last in ((full_disk, 2, "seg.pt: No space left on device"), (bug, 1, "please report it")):
        monkeypatch.setattr(images, "cmd_evaluate", func)
        assert main(["evaluate", "m.pt", "i.png", "--labels", "l.png"]) == code
        err = capsys.readouterr().err.strip().splitlines()
        assert last in err[-1] and (len(err) == 1) == (code == 2)


def test_out_of_memory_is_one_line_and_exit_2_not_a_bug(files, tmp_path, capsys, monkeypatch):
    import torch

    from napari_pretext.images import api

    def too_big(*args, **kwargs):
        raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 20.00 GiB")

    monkeypatch.setattr(api, "pretrain_restoration", too_big)
    assert main(["pretrain", "restoration", str(files[0][0]), "--out", str(tmp_path / "m.pt"), *TRAIN]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["napari-pretext: error: out of memory: lower the batch size or the patch size, or use a smaller encoder."]
