"""Options out of range are refused in one line, before any model loads or step runs."""

from __future__ import annotations

import pytest

from napari_pretext.cli import main

from .conftest import TINY, TINY_CT, one_line_error, snapshot

CASES = {
    "patch not a multiple of 32": ["pretrain", "restoration", "good.tif", "--out", "out/m.pt", *TINY, "--patch-size", "50"],
    "zero epochs of steps": ["pretrain", "restoration", "good.tif", "--out", "out/m.pt", *TINY, "--steps-per-epoch", "0"],
    "negative learning rate": ["finetune", "good.tif", "--labels", "mask.tif", "--out", "out/m.pt", *TINY, "--lr", "-1"],
    "unknown encoder": ["pretrain", "restoration", "good.tif", "--out", "out/m.pt", *TINY, "--encoder", "resnet7"],
    "negative workers": ["pretrain", "restoration", "good.tif", "--out", "out/m.pt", *TINY, "--workers", "-1"],
    "labels and images differ in number": ["finetune", "good.tif", "good.tif", "--labels", "mask.tif", "--out", "out/m.pt", *TINY],
    "from scratch and a pretext": ["finetune", "good.tif", "--labels", "mask.tif", "--out", "out/m.pt", "--from-scratch",
                                   "--encoder-from", "x.pt", *TINY],
    "sorting max side 0": ["pretrain", "sorting", "volume.tif", "--out", "out/m.pt", *TINY_CT, "--max-side", "0"],
    "sorting batch of 1": ["pretrain", "sorting", "volume.tif", "--out", "out/m.pt", *TINY_CT, "--batch-size", "1"],
    "localize max side 0": ["localize", "volume.tif", "--max-side", "0", "--box-out", "out/b.json"],
    "localize fraction 2": ["localize", "volume.tif", "--top-fraction", "2", "--box-out", "out/b.json"],
    "localize negative padding": ["localize", "volume.tif", "--padding", "-3", "--box-out", "out/b.json"],
    "localize sorting without a model": ["localize", "volume.tif", "--method", "sorting", "--box-out", "out/b.json"],
    "crop-batch workers -1 (once a hang)": ["crop-batch", ".", "out", "--workers", "-1"],
    "crop-batch negative padding": ["crop-batch", ".", "out", "--padding", "-1"],
    "crop-batch on a file": ["crop-batch", "volume.tif", "out"],
    "crop to an unknown format": ["crop", "volume.tif", "--box", "box.json", "--out", "out/c.png"],
    "crop-auto to an unknown format": ["crop-auto", "volume.tif", "--out", "out/c.png", "--device", "cpu", "--quiet"],
    "crop-auto negative padding": ["crop-auto", "volume.tif", "--out", "out/c.tif", "--padding", "-1", "--device", "cpu", "--quiet"],
    "crop-auto zero voxel size": ["crop-auto", "volume.tif", "--out", "out/c.tif", "--voxel-size", "0", "1", "1", "--device", "cpu",
                                  "--quiet"],
    "demo with 0 threads": ["demo", "--out-dir", "out", "--threads", "0"],
    "demo with 0 seeds": ["demo", "--out-dir", "out", "--seeds", "0"],
}


@pytest.mark.parametrize("case", CASES)
def test_a_bad_option_is_one_line_and_writes_nothing(inputs, capsys, case):
    before = snapshot(inputs)
    one_line_error(capsys, main(CASES[case]))
    assert snapshot(inputs) == before


@pytest.mark.parametrize("argv", [
    ["pretrain", "restoration", "good.tif", "--out", "good.tif", *TINY, "--overwrite"],
    ["finetune", "good.tif", "--labels", "mask.tif", "--out", "mask.tif", *TINY, "--overwrite"],
    ["pretrain", "sorting", "volume.tif", "--out", "volume.tif", *TINY_CT, "--overwrite"],
    ["crop-auto", "volume.tif", "--out", "volume.tif", "--overwrite", "--device", "cpu", "--quiet"],
    ["crop-auto", "volume.tif", "--out", "out/c.tif", "--model-out", "volume.tif", "--overwrite", "--device", "cpu", "--quiet"],
    ["crop-auto", "volume.tif", "--out", "out/c.tif", "--box-out", "volume.tif", "--overwrite", "--device", "cpu", "--quiet"],
])
def test_a_model_is_never_written_over_an_input_even_with_overwrite(inputs, capsys, argv):
    before = snapshot(inputs)
    assert "is the source" in one_line_error(capsys, main(argv))
    assert snapshot(inputs) == before
