"""CT commands of the CLI end to end on tiny volumes."""

import hashlib
import json
from dataclasses import replace

import numpy as np
import pytest
import tifffile

from napari_pretext.cli import main
from napari_pretext.core.checkpoint import load_checkpoint
from napari_pretext.ct.api import localize_volume
from napari_pretext.ct.batch import process_volume
from napari_pretext.ct.box_rule import BoxRule
from napari_pretext.ct.boxes import Box, load_box
from napari_pretext.ct.crop import read_crop_metadata
from napari_pretext.ct.guided_box import CHECK_BY_HAND
from napari_pretext.ct.scene import make_ct_scene

TRAIN = ["--encoder", "resnet18", "--epochs", "1", "--batch-size", "6", "--patch-size", "32", "--steps-per-epoch", "2", "--max-side", "48", "--quiet"]


def scenes(tmp_path, n=2):
    paths = []
    for i in range(n):
        path = tmp_path / f"vol{i}.tif"
        tifffile.imwrite(path, make_ct_scene((40, 48, 48), seed=i).volume)
        paths.append(path)
    return paths


def test_pretrain_localize_crop(tmp_path, capsys):
    vols = scenes(tmp_path)
    model = tmp_path / "sorting.pt"
    assert main(["pretrain", "sorting", *map(str, vols), "--out", str(model), "--axes", "z", "y", "x", *TRAIN]) == 0
    assert main(["pretrain", "rotation", str(vols[0]), "--out", str(tmp_path / "rot.pt"), "--angle-step", "90", "--head", "pooled",
                 "--keep-radial-mean", *TRAIN]) == 0
    rot_config = load_checkpoint(tmp_path / "rot.pt", kind="rotation")["config"]
    assert rot_config["head"] == "pooled" and rot_config["learning_rate"] == 3e-4  # no --lr: the rotation default
    assert not rot_config["remove_radial_mean"]
    assert load_checkpoint(model, kind="sorting")["config"]["learning_rate"] == 1e-3
    box_path = tmp_path / "box.json"
    capsys.readouterr()
    assert main(["localize", str(vols[0]), "--method", "sorting", "--model", str(model), "--box-out", str(box_path),
                 "--heatmap-out", str(tmp_path / "heat.tif"), "--padding", "2"]) == 0
    captured = capsys.readouterr()
    printed = json.loads(captured.out.strip().splitlines()[-1])
    # the box and how it was found: those of the Python API on the same model (seeded dropout)
    same = localize_volume(vols[0], "sorting", model, padding=2)
    assert printed["method"] == "sorting" and printed["how"] == same.how and load_box(box_path) == same.box
    assert "MC dropout along z" in captured.err  # the long stage shows its progress
    assert tifffile.imread(tmp_path / "heat.tif").shape == (40, 48, 48)
    # the paper's plain recipe is one flag away
    assert main(["localize", str(vols[0]), "--method", "sorting", "--model", str(model), "--box-out", str(tmp_path / "b32.json"),
                 "--stride", "32", "--statistic", "variance", "--smooth", "0", "--box-rule", "top"]) == 0
    top = localize_volume(vols[0], "sorting", model, stride=32, statistic="variance", smooth=0, box_rule="top")
    assert load_box(tmp_path / "b32.json") == top.box and top.how.startswith("the largest region of the heatmap's top 3 %")
    # each box file records every constant of its rule, and --rule takes them back
    assert json.loads(box_path.read_text())["rule"] == BoxRule().to_dict()
    assert json.loads(box_path.read_text())["padding_voxels"] == [2, 2, 2]  # what --padding 2 added to the box found
    assert json.loads((tmp_path / "b32.json").read_text())["rule"] == BoxRule(name="top").to_dict()
    assert main(["localize", str(vols[0]), "--method", "sorting", "--model", str(model), "--box-out", str(tmp_path / "again.json"),
                 "--stride", "32", "--statistic", "variance", "--smooth", "0", "--rule", str(tmp_path / "b32.json"), "--device", "cpu"]) == 0
    assert load_box(tmp_path / "again.json") == load_box(tmp_path / "b32.json")
    capsys.readouterr()
    assert main(["localize", str(vols[0]), "--box-out", str(tmp_path / "x.json"), "--rule", str(box_path.with_suffix(".tif"))]) == 2
    assert "no box rule file" in capsys.readouterr().err
    box = load_box(box_path)
    before = hashlib.sha256(vols[0].read_bytes()).hexdigest()
    assert main(["crop", str(vols[0]), "--box", str(box_path), "--out", str(tmp_path / "crop.tif"), "--model", str(model)]) == 0
    np.testing.assert_array_equal(tifffile.imread(tmp_path / "crop.tif"), tifffile.imread(vols[0])[box.slices])
    # the box file and the crop say where they came from: the volume, the model file and its sha256, how
    model_sha = hashlib.sha256(model.read_bytes()).hexdigest()
    record = json.loads(box_path.read_text())
    assert record["source"] == str(vols[0]) and record["model"] == str(model) and record["model_sha256"] == model_sha
    meta = read_crop_metadata(tmp_path / "crop.tif")
    assert meta["box"] == box.to_dict() and meta["source"] == str(vols[0]) and meta["model_sha256"] == model_sha
    assert meta["how"] == "the box file box.json"
    assert hashlib.sha256(vols[0].read_bytes()).hexdigest() == before


def test_bad_ct_input_exits_2(tmp_path, capsys):
    flat = tmp_path / "flat.tif"
    tifffile.imwrite(flat, np.zeros((48, 48), np.uint16))
    assert main(["localize", str(flat), "--box-out", str(tmp_path / "b.json")]) == 2
    assert "not a 3D" in capsys.readouterr().err
    vol = scenes(tmp_path, 1)[0]
    (tmp_path / "empty.json").write_text(json.dumps({"start": [5, 5, 5], "stop": [5, 9, 9]}))
    assert main(["crop", str(vol), "--box", str(tmp_path / "empty.json"), "--out", str(tmp_path / "c.tif")]) == 2
    assert "empty" in capsys.readouterr().err
    assert main(["crop", str(vol), "--box", str(tmp_path / "empty.json"), "--out", str(vol)]) == 2
    assert main(["localize", str(vol), "--method", "sorting", "--box-out", str(tmp_path / "b.json")]) == 2
    assert "needs --model" in capsys.readouterr().err


def test_crop_batch_reports_each_volume_and_survives_a_broken_one(tmp_path, capsys):
    in_dir = tmp_path / "in"
    in_dir.mkdir()
    scenes(in_dir)
    # a compressed TIFF (like both shared volumes) is read inside the worker, not sent to it
    tifffile.imwrite(in_dir / "zipped.tif", make_ct_scene((40, 48, 48), seed=5).volume, compression="zlib")
    (in_dir / "broken.tif").write_bytes(b"junk")
    assert main(["crop-batch", str(in_dir), str(tmp_path / "out")]) == 1  # one volume failed
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary == {"volumes": 4, "ok": 3, "failed": 1, "to_check": [], "skipped": []}
    report = json.loads((tmp_path / "out" / "crop_report.json").read_text())
    assert [r["ok"] for r in report] == [False, True, True, True]  # broken, vol0, vol1, zipped
    assert all(r["how"].startswith("the largest region above") for r in report if r["ok"])  # how each box was found
    assert (tmp_path / "out" / "vol0_crop.tif").is_file() and (tmp_path / "out" / "vol0_crop.box.json").is_file()
    zipped = make_ct_scene((40, 48, 48), seed=5).volume[load_box(tmp_path / "out" / "zipped_crop.box.json").slices]
    np.testing.assert_array_equal(tifffile.imread(tmp_path / "out" / "zipped_crop.tif"), zipped)
    # a second run does not replace the first one's crops unless asked
    before = (tmp_path / "out" / "vol0_crop.tif").read_bytes()
    assert main(["crop-batch", str(in_dir), str(tmp_path / "out")]) == 1
    report = json.loads((tmp_path / "out" / "crop_report.json").read_text())
    earlier = [r for r in report if r["volume"].endswith(("vol0.tif", "vol1.tif", "zipped.tif"))]
    assert len(earlier) == 3 and all(r["skipped"].startswith("cropped by an earlier run") and "--overwrite" in r["skipped"] for r in earlier)
    assert (tmp_path / "out" / "vol0_crop.tif").read_bytes() == before
    assert main(["crop-batch", str(in_dir), str(tmp_path / "out"), "--overwrite"]) == 1
    assert sum(r.get("ok", False) for r in json.loads((tmp_path / "out" / "crop_report.json").read_text())) == 3


def test_crop_batch_into_its_own_folder_never_crops_its_crops(tmp_path, capsys):
    """``crop-batch scans scans`` twice: the second run skips the first run's crops (it cropped
    them, vol0_crop_crop.tif, before), and a crop of a volume from elsewhere is still a volume."""
    scenes(tmp_path)
    other = tmp_path / "elsewhere"
    other.mkdir()
    tifffile.imwrite(other / "far.tif", make_ct_scene((40, 48, 48), seed=7).volume)
    box = other / "box.json"
    box.write_text(json.dumps({"start": [2, 2, 2], "stop": [30, 40, 40]}))
    assert main(["crop", str(other / "far.tif"), "--box", str(box), "--out", str(tmp_path / "far_part.tif")]) == 0
    assert main(["crop-batch", str(tmp_path), str(tmp_path)]) == 0
    first = sorted(p.name for p in tmp_path.glob("*.tif"))
    assert first == ["far_part.tif", "far_part_crop.tif", "vol0.tif", "vol0_crop.tif", "vol1.tif", "vol1_crop.tif"]
    capsys.readouterr()
    assert main(["crop-batch", str(tmp_path), str(tmp_path), "--overwrite"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["skipped"] == ["far_part_crop.tif", "vol0_crop.tif", "vol1_crop.tif"] and summary["ok"] == summary["volumes"] == 3
    assert sorted(p.name for p in tmp_path.glob("*.tif")) == first
    report = json.loads((tmp_path / "crop_report.json").read_text())
    assert [r["skipped"].startswith("the crop of vol0.tif") for r in report if r["volume"].endswith("vol0_crop.tif")] == [True]


def test_crop_batch_says_it_does_not_look_inside_folders(tmp_path, capsys):
    (tmp_path / "scan_07").mkdir()
    scenes(tmp_path / "scan_07")
    assert main(["crop-batch", str(tmp_path), str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "does not look inside its folders, e.g. scan_07" in err[0]


def test_crop_batch_flags_a_box_to_check_by_hand(tmp_path, monkeypatch):
    scenes(tmp_path)
    found = localize_volume(tifffile.imread(tmp_path / "vol0.tif"), "threshold")
    fallback = replace(found, how=f"the box of the certain slices: no bright object inside; {CHECK_BY_HAND}")
    monkeypatch.setattr("napari_pretext.ct.batch.localize_volume", lambda *a, **k: fallback)
    (tmp_path / "out").mkdir()
    report = process_volume(str(tmp_path / "vol0.tif"), str(tmp_path / "out"), None, "threshold", 0, ".tif")
    assert report["ok"], report.get("error")
    assert report["check"] and report["box"] == found.box.to_dict()
    # an unstable box (its confidence below the rule's) is flagged too, a stable one is not
    devices = []  # and the model runs on the device asked for
    for confidence, flagged in ((0.5, True), (0.97, False)):
        guided = replace(found, how="the bright object the heatmap's hot region points at", rule=BoxRule(), confidence=confidence)
        monkeypatch.setattr("napari_pretext.ct.batch.localize_volume", lambda *a, **k: devices.append(k.get("device")) or guided)
        report = process_volume(str(tmp_path / "vol0.tif"), str(tmp_path / "out"), None, "threshold", 0, ".tif", overwrite=True,
                                device="cpu")
        assert report["check"] is flagged and report["confidence"] == confidence
        assert json.loads((tmp_path / "out" / "vol0_crop.box.json").read_text())["check"] is flagged
    assert devices == ["cpu", "cpu"]
    # --cautious: a flagged box is cropped as its wide box, a sure one as itself
    wide = Box(tuple(max(0, a - 2) for a in found.box.start), tuple(min(n, b + 1) for b, n in zip(found.box.stop, (40, 48, 48))))
    assert wide != found.box
    for confidence, cropped in ((0.5, wide), (0.97, found.box)):
        guided = replace(found, rule=BoxRule(), confidence=confidence, wide_box=wide)
        monkeypatch.setattr("napari_pretext.ct.batch.localize_volume", lambda *a, **k: guided)
        report = process_volume(str(tmp_path / "vol0.tif"), str(tmp_path / "out"), None, "sorting", 0, ".tif", overwrite=True,
                                cautious=True)
        assert report["ok"], report.get("error")
        assert report["cropped"] == cropped.to_dict() and report["widened"] is (cropped == wide) and report["box"] == found.box.to_dict()
        np.testing.assert_array_equal(tifffile.imread(tmp_path / "out" / "vol0_crop.tif"), tifffile.imread(tmp_path / "vol0.tif")[cropped.slices])


def test_crop_never_removes_a_folder_or_file_it_was_not_asked_to_replace(tmp_path, capsys):
    """The old ``crop --out FOLDER`` removed the folder, whatever it held (the source too)."""
    data = tmp_path / "data"
    data.mkdir()
    vol = data / "scan.tif"
    tifffile.imwrite(vol, np.random.default_rng(0).integers(0, 255, (20, 24, 24), dtype=np.uint8))
    (data / "notes.txt").write_text("keep me")
    box = tmp_path / "box.json"
    box.write_text(json.dumps({"start": [2, 2, 2], "stop": [10, 12, 12]}))
    before = vol.read_bytes()
    for out, overwrite in ((data, []), (data, ["--overwrite"]), (tmp_path / "data" / "..", ["--overwrite"])):
        assert main(["crop", str(vol), "--box", str(box), "--out", str(out), *overwrite]) == 2
        assert len(capsys.readouterr().err.strip().splitlines()) == 1
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text("mine")
    assert main(["crop", str(vol), "--box", str(box), "--out", str(other), "--overwrite"]) == 2
    assert "did not write" in capsys.readouterr().err
    assert vol.read_bytes() == before and (data / "notes.txt").read_text() == "keep me" and (other / "a.txt").read_text() == "mine"
    crop = tmp_path / "crop.zarr"
    assert main(["crop", str(vol), "--box", str(box), "--out", str(crop)]) == 0
    assert main(["crop", str(vol), "--box", str(box), "--out", str(crop)]) == 2  # exists: needs --overwrite
    assert main(["crop", str(vol), "--box", str(box), "--out", str(crop), "--overwrite"]) == 0  # an earlier crop: replaced


def test_bad_options_are_refused_before_any_work(tmp_path, capsys):
    vol = scenes(tmp_path, n=1)[0]
    for argv in (["localize", str(vol), "--max-side", "0", "--box-out", str(tmp_path / "b.json")],
                 ["localize", str(vol), "--top-fraction", "2", "--box-out", str(tmp_path / "b.json")],
                 ["crop-batch", str(tmp_path), str(tmp_path / "out"), "--workers", "-1"],  # once waited forever
                 ["crop-batch", str(vol), str(tmp_path / "out")]):
        assert main(argv) == 2, argv
        assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not (tmp_path / "b.json").exists() and not (tmp_path / "out").exists()
    # volumes are gray: the CT pretexts take no --rgb (it once built a 3-channel model and crashed as a bug)
    with pytest.raises(SystemExit) as exit_:
        main(["pretrain", "sorting", str(vol), "--out", str(tmp_path / "m.pt"), "--rgb"])
    assert exit_.value.code == 2 and "unrecognized arguments: --rgb" in capsys.readouterr().err
    assert not (tmp_path / "m.pt").exists()


def test_files_that_are_not_what_their_suffix_says(tmp_path, capsys):
    from imageio.v3 import imwrite

    imwrite(tmp_path / "png.png", np.zeros((16, 16), np.uint8))
    (tmp_path / "png.tif").write_bytes((tmp_path / "png.png").read_bytes())
    (tmp_path / "empty.tif").write_bytes(b"")
    (tmp_path / "folder.tif").mkdir()
    (tmp_path / "empty.zarr").mkdir()
    for name in ("png.tif", "empty.tif", "folder.tif", "empty.zarr"):
        assert main(["localize", str(tmp_path / name), "--box-out", str(tmp_path / "b.json")]) == 2, name
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and name in err[0], err


def test_a_volume_with_nan_is_refused_with_a_message(tmp_path, capsys):
    volume = make_ct_scene((40, 48, 48), seed=0).volume.astype(np.float32)
    volume[5, 5, 5] = np.nan
    tifffile.imwrite(tmp_path / "nan.tif", volume)
    assert main(["localize", str(tmp_path / "nan.tif"), "--box-out", str(tmp_path / "b.json")]) == 2
    assert "NaN" in capsys.readouterr().err and not (tmp_path / "b.json").exists()


def test_the_voxel_size_comes_from_the_file_or_the_command_line(tmp_path, capsys):
    from napari_pretext.ct.api import recorded_spacing

    volume = make_ct_scene((40, 48, 48), seed=0).volume
    tifffile.imwrite(tmp_path / "thick.tif", volume, imagej=True, resolution=(1 / 0.5, 1 / 0.5), metadata={"spacing": 1.5, "unit": "um"})
    tifffile.imwrite(tmp_path / "plain.tif", volume, resolution=(72, 72))  # a bare 72 dpi says nothing of the slices
    assert recorded_spacing(tmp_path / "thick.tif") == pytest.approx((1.5, 0.5, 0.5))
    assert recorded_spacing(tmp_path / "plain.tif") is None
    assert main(["localize", str(tmp_path / "plain.tif"), "--box-out", str(tmp_path / "b.json"), "--voxel-size", "3", "1", "0"]) == 2
    assert "three positive numbers" in capsys.readouterr().err


def test_localize_keeps_an_existing_box_unless_told(tmp_path, capsys):
    vol = scenes(tmp_path, n=1)[0]
    box = tmp_path / "box.json"
    box.write_text("my hand-made box")
    assert main(["localize", str(vol), "--box-out", str(box)]) == 2
    assert "--overwrite" in capsys.readouterr().err and box.read_text() == "my hand-made box"
    assert main(["localize", str(vol), "--box-out", str(box), "--heatmap-out", str(vol), "--overwrite"]) == 2  # never the source
    assert main(["localize", str(vol), "--box-out", str(box), "--overwrite", "--quiet"]) == 0
    written = json.loads(box.read_text())  # the box and how it was found (threshold: no rule)
    assert {"start", "stop", "method", "how"} <= set(written) and written["method"] == "threshold" and "rule" not in written


def test_crop_auto_trains_boxes_and_crops_in_one_command(tmp_path, monkeypatch, capsys):
    from napari_pretext.ct import auto_crop
    from napari_pretext.ct.sorting import SortingConfig

    monkeypatch.setattr(auto_crop, "quick_sorting_config", lambda seed=0, **changes: SortingConfig(
        **{"encoder": "resnet18", "epochs": 1, "steps_per_epoch": 3, "batch_size": 6, "patch_size": 32, "max_side": 48,
           "val_fraction": 0.0, "seed": seed, **changes}))
    vol = scenes(tmp_path, n=1)[0]
    before = hashlib.sha256(vol.read_bytes()).hexdigest()
    out, model, box_path = tmp_path / "crop.tif", tmp_path / "sorting.pt", tmp_path / "box.json"
    argv = ["crop-auto", str(vol), "--out", str(out), "--model-out", str(model), "--box-out", str(box_path), "--quiet", "--device", "cpu"]
    assert main(argv) == 0
    assert load_checkpoint(model, kind="sorting")["config"]["device"] == "cpu"  # trained where asked
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    box = load_box(box_path)
    assert printed["start"] == list(box.start) and printed["crop"] == str(out)
    record = json.loads(box_path.read_text())
    assert printed["check"] == record["check"] and printed["confidence"] == record["confidence"]  # the flag, in the terminal too
    cropped = load_box(box_path, wide=True) if record["check"] else box  # a flagged box is widened by default
    assert printed["crop_box"] == cropped.to_dict()
    np.testing.assert_array_equal(tifffile.imread(out), tifffile.imread(vol)[cropped.slices])
    run = load_checkpoint(model, kind="sorting")["run"]
    assert load_checkpoint(model, kind="sorting")["step"] == 3
    assert run["started_by"] == "napari-pretext " + " ".join(argv) and run["inputs"][0]["path"] == str(vol.resolve())
    meta, record = read_crop_metadata(out), json.loads(box_path.read_text())
    assert meta["model"] == record["model"] == str(model) and meta["how"].startswith("the ")
    assert meta["how"].startswith(record["how"])  # and says "widened ..." when it was
    assert meta["model_sha256"] == record["model_sha256"] == hashlib.sha256(model.read_bytes()).hexdigest()
    assert main(argv) == 2 and "--overwrite" in capsys.readouterr().err  # checked before training again
    assert hashlib.sha256(vol.read_bytes()).hexdigest() == before


def test_dry_switches_the_media_step_off_in_every_command_that_boxes(tmp_path, monkeypatch, capsys):
    from napari_pretext.ct import auto_crop
    from napari_pretext.ct.sorting import SortingConfig

    monkeypatch.setattr(auto_crop, "quick_sorting_config", lambda seed=0, **changes: SortingConfig(
        **{"encoder": "resnet18", "epochs": 1, "steps_per_epoch": 2, "batch_size": 6, "patch_size": 32, "max_side": 48,
           "val_fraction": 0.0, "seed": seed, **changes}))
    vol = scenes(tmp_path, n=1)[0]
    model, box = tmp_path / "sorting.pt", tmp_path / "box.json"
    assert main(["crop-auto", str(vol), "--out", str(tmp_path / "crop.tif"), "--model-out", str(model), "--box-out", str(box),
                 "--dry", "--quiet", "--device", "cpu"]) == 0
    assert json.loads(box.read_text())["rule"] == BoxRule(media=False).to_dict()  # the box says how it was made
    base = ["localize", str(vol), "--method", "sorting", "--model", str(model), "--stride", "32", "--quiet", "--device", "cpu"]
    assert main([*base, "--box-out", str(tmp_path / "auto.json")]) == 0
    assert json.loads((tmp_path / "auto.json").read_text())["rule"]["media"] is True
    # --dry over a rule file: the file's other settings kept
    (tmp_path / "rule.json").write_text(json.dumps({"walls": False}))
    assert main([*base, "--box-out", str(tmp_path / "dry.json"), "--rule", str(tmp_path / "rule.json"), "--dry"]) == 0
    assert json.loads((tmp_path / "dry.json").read_text())["rule"] == BoxRule(walls=False, media=False).to_dict()
    in_dir = tmp_path / "in"
    in_dir.mkdir()
    vol.rename(in_dir / vol.name)
    assert main(["crop-batch", str(in_dir), str(tmp_path / "out"), "--model", str(model), "--dry", "--device", "cpu"]) == 0
    assert json.loads((tmp_path / "out" / "vol0_crop.box.json").read_text())["rule"]["media"] is False
    capsys.readouterr()
    # a rule file that is not one is refused before a minute of training, in one line
    monkeypatch.setattr(auto_crop, "auto_crop", lambda *a, **k: pytest.fail("trained before the rule was read"))
    assert main(["crop-auto", str(in_dir / vol.name), "--out", str(tmp_path / "c2.tif"), "--rule", str(in_dir / vol.name), "--dry"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1 and not (tmp_path / "c2.tif").exists()


def test_crop_batch_takes_the_voxel_size_a_file_records(tmp_path):
    # it localised every volume as cubic voxels, where localize and crop-auto read the file's
    volume = make_ct_scene((40, 48, 48), seed=0).volume
    tifffile.imwrite(tmp_path / "thick.tif", volume, imagej=True, resolution=(1 / 0.5, 1 / 0.5), metadata={"spacing": 1.5, "unit": "um"})
    (tmp_path / "out").mkdir()
    report = process_volume(str(tmp_path / "thick.tif"), str(tmp_path / "out"), None, "threshold", 0, ".tif")
    assert report["ok"], report.get("error")
    assert json.loads((tmp_path / "out" / "thick_crop.box.json").read_text())["voxel_size"] == pytest.approx([1.5, 0.5, 0.5])


def test_a_crop_name_we_cannot_write_is_refused_before_the_training(tmp_path, monkeypatch, capsys):
    # it was refused only when the crop was written, after minutes of training
    from napari_pretext.ct import auto_crop

    def no_training(*args, **kwargs):
        raise AssertionError("trained before the crop's name was checked")

    monkeypatch.setattr(auto_crop, "auto_crop", no_training)
    vol = scenes(tmp_path, n=1)[0]
    box = tmp_path / "box.json"
    box.write_text(json.dumps({"start": [0, 0, 0], "stop": [4, 4, 4]}))
    for argv in (["crop-auto", str(vol), "--out", str(tmp_path / "crop.txt"), "--quiet"],
                 ["crop-auto", str(vol), "--out", str(tmp_path / "crop"), "--quiet"],
                 ["crop", str(vol), "--box", str(box), "--out", str(tmp_path / "crop.npy")]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and ".tif" in err[0] and "crop.tif" in err[0], err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["box.json", "vol0.tif"]


def test_cautious_crops_take_the_wide_box_of_a_flagged_box(tmp_path, monkeypatch, capsys):
    from napari_pretext.ct import auto_crop
    from napari_pretext.ct.localize import Localization
    from napari_pretext.ct.sorting import SortingConfig

    monkeypatch.setattr(auto_crop, "quick_sorting_config", lambda seed=0, **changes: SortingConfig(
        **{"encoder": "resnet18", "epochs": 1, "steps_per_epoch": 2, "batch_size": 6, "patch_size": 32, "max_side": 48,
           "val_fraction": 0.0, "seed": seed, **changes}))
    monkeypatch.setattr(Localization, "check", property(lambda self: True))  # every box flagged
    vol = scenes(tmp_path, n=1)[0]
    volume = tifffile.imread(vol)
    out, box_path = tmp_path / "crop.tif", tmp_path / "box.json"
    # cautious by default (--cautious says it again); --no-cautious crops the box itself
    assert main(["crop-auto", str(vol), "--out", str(out), "--box-out", str(box_path), "--quiet", "--device", "cpu"]) == 0
    captured = capsys.readouterr()
    printed = json.loads(captured.out.strip().splitlines()[-1])
    box, wide = load_box(box_path), load_box(box_path, wide=True)
    assert printed["crop_box"] == wide.to_dict() and printed["widened"] == (wide != box)
    assert ("wide box" in captured.err) == printed["widened"]
    np.testing.assert_array_equal(tifffile.imread(out), volume[wide.slices])
    assert all(a <= b for a, b in zip(wide.start, box.start)) and all(a >= b for a, b in zip(wide.stop, box.stop))
    tight = tmp_path / "tight.tif"
    assert main(["crop-auto", str(vol), "--out", str(tight), "--no-cautious", "--quiet", "--device", "cpu"]) == 0
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert printed["crop_box"] == box.to_dict() and not printed["widened"]  # the same seed, the same box
    np.testing.assert_array_equal(tifffile.imread(tight), volume[box.slices])
    # the wide box of a box file, cropped later; a box file without one is refused in one line
    again = tmp_path / "again.tif"
    assert main(["crop", str(vol), "--box", str(box_path), "--out", str(again), "--wide"]) == 0
    np.testing.assert_array_equal(tifffile.imread(again), volume[wide.slices])
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps(box.to_dict()))
    assert main(["crop", str(vol), "--box", str(plain), "--out", str(tmp_path / "c.tif"), "--wide"]) == 2
    assert "no wide box" in capsys.readouterr().err and not (tmp_path / "c.tif").exists()


def test_a_box_to_check_by_hand_is_said_on_stderr(capsys):
    from napari_pretext.cli.volumes import warn_if_flagged
    from napari_pretext.ct.box_rule import BoxRule
    from napari_pretext.ct.boxes import Box
    from napari_pretext.ct.localize import Localization

    def loc(confidence, how="the bright object the heatmap's hot region points at"):
        return Localization(Box((0, 0, 0), (4, 4, 4)), np.zeros((4, 4, 4)), 1, "sorting", how, BoxRule(), confidence)

    warn_if_flagged(loc(0.95))
    assert capsys.readouterr().err == ""
    warn_if_flagged(loc(0.5))
    err = capsys.readouterr().err
    assert err.startswith("check the box by hand: it is unstable (confidence 0.50, below 0.9)") and "bright object" in err
    warn_if_flagged(loc(1.0, "the heatmap's hot region (no bright object touches it): check the box by hand"))
    assert capsys.readouterr().err.strip() == "the box is the heatmap's hot region (no bright object touches it): check the box by hand"
    from napari_pretext.ct.guided_box import UNRESOLVED_MEDIUM

    warn_if_flagged(loc(1.0, "the bright object the heatmap's hot region points at" + UNRESOLVED_MEDIUM))
    assert capsys.readouterr().err.strip().endswith("in which nothing was told apart: the sample as dense as it? check the box by hand")
    from dataclasses import replace

    warn_if_flagged(replace(loc(1.0), face="bottom"))
    assert capsys.readouterr().err.startswith("check the box by hand: it runs to the volume's bottom face alone (")
    # padded, the box written may reach the top face too: the line says the face was found before that
    warn_if_flagged(replace(loc(1.0), face="bottom"), padding=4)
    assert capsys.readouterr().err.startswith("check the box by hand: it runs to the volume's bottom face alone before its padding (")
    # the rule's second opinion (its box without the local threshold) differs: its box was taken
    warn_if_flagged(replace(loc(1.0), agreement=0.3))
    err = capsys.readouterr().err
    assert err.startswith("check the box by hand: the box is the rule's without its local threshold: with it, the rule found another "
                          "(they overlap 0.30, below 0.7)")
    warn_if_flagged(replace(loc(1.0), agreement=0.3, rule=BoxRule(other_threshold=False)))  # a rule that keeps its box says so
    err = capsys.readouterr().err
    assert err.startswith("check the box by hand: without its local threshold the rule finds another box (they overlap 0.30, below 0.7)")
    warn_if_flagged(replace(loc(1.0), agreement=0.9))
    assert capsys.readouterr().err == ""
    # its third opinion (its box without the media step) differs
    warn_if_flagged(replace(loc(1.0), agreement=0.9, media_agreement=0.4))
    err = capsys.readouterr().err
    assert err.startswith("check the box by hand: without its media step the rule finds another box (they overlap 0.40, below 0.7)")
