"""Every command fed a missing, empty, mislabelled, folder, truncated or text file."""

from __future__ import annotations

import pytest

from napari_pretext.cli import main

from .conftest import BAD_FILES, TINY, TINY_CT, one_line_error, snapshot

SINGLE = {  # the bad file goes where BAD is
    "pretrain restoration": ["pretrain", "restoration", "BAD", "--out", "out/m.pt", *TINY],
    "finetune (image)": ["finetune", "BAD", "--labels", "mask.tif", "--out", "out/m.pt", "--from-scratch", *TINY],
    "finetune (labels)": ["finetune", "good.tif", "--labels", "BAD", "--out", "out/m.pt", "--from-scratch", *TINY],
    "pretrain sorting": ["pretrain", "sorting", "BAD", "--out", "out/m.pt", *TINY_CT],
    "pretrain rotation": ["pretrain", "rotation", "BAD", "--out", "out/m.pt", *TINY_CT],
    "localize": ["localize", "BAD", "--box-out", "out/b.json", "--heatmap-out", "out/h.tif"],
    "crop": ["crop", "BAD", "--box", "box.json", "--out", "out/c.tif"],
    "crop (box file)": ["crop", "volume.tif", "--box", "BAD", "--out", "out/c.tif"],
    "crop-auto": ["crop-auto", "BAD", "--out", "out/c.tif", "--box-out", "out/b.json", "--model-out", "out/m.pt", "--quiet",
                  "--device", "cpu"],
}


@pytest.mark.parametrize("bad", BAD_FILES)
@pytest.mark.parametrize("command", SINGLE)
def test_a_bad_file_is_one_line_and_changes_nothing(inputs, capsys, command, bad):
    before = snapshot(inputs)
    one_line_error(capsys, main([bad if a == "BAD" else a for a in SINGLE[command]]))
    assert snapshot(inputs) == before  # nothing written, nothing changed, no temporary left


@pytest.mark.parametrize("bad", BAD_FILES)
def test_evaluate_refuses_a_bad_image(inputs, models, capsys, bad):
    before = snapshot(inputs)
    one_line_error(capsys, main(["evaluate", str(models["segmentation"]), bad, "--labels", "mask.tif"]))
    assert snapshot(inputs) == before


@pytest.mark.parametrize("bad", BAD_FILES)
def test_predict_reports_a_bad_file_and_predicts_the_good_ones(inputs, models, capsys, bad):
    before = snapshot(inputs)
    assert main(["predict", str(models["segmentation"]), "good.tif", bad, "--out-dir", "out"]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: skipped:" in err and "1 of 2 images failed" in err
    assert sorted(p.name for p in (inputs / "out").iterdir()) == ["good_mask.tif", "good_probability.tif"]
    assert {k: v for k, v in snapshot(inputs).items() if k.parts[0] != "out"} == before


@pytest.mark.parametrize("bad", [b for b in BAD_FILES if b != "missing.tif"])
def test_crop_batch_reports_a_bad_volume_and_crops_the_good_one(inputs, capsys, bad):
    folder = inputs / "scans"
    folder.mkdir()
    (inputs / "volume.tif").rename(folder / "volume.tif")
    (inputs / bad).rename(folder / bad)
    before = snapshot(folder)
    assert main(["crop-batch", str(folder), "crops"]) == 1
    assert f"{bad}: FAILED" in capsys.readouterr().err
    assert (inputs / "crops" / "volume_crop.tif").is_file() and not (inputs / "crops" / f"{bad[:-4]}_crop.tif").exists()
    assert snapshot(folder) == before
