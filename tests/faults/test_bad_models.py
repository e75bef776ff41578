"""Every command that takes a model, fed a missing, empty, foreign, crafted or wrong-kind file."""

from __future__ import annotations

import pytest
import torch

from napari_pretext.cli import main

from .conftest import TINY, one_line_error, snapshot

COMMANDS = {
    "predict": ["predict", "MODEL", "good.tif", "--out-dir", "out"],
    "evaluate": ["evaluate", "MODEL", "good.tif", "--labels", "mask.tif"],
    "finetune --encoder-from": ["finetune", "good.tif", "--labels", "mask.tif", "--out", "out/m.pt", "--encoder-from", "MODEL", *TINY[2:]],
    "finetune --resume": ["finetune", "good.tif", "--labels", "mask.tif", "--out", "out/m.pt", "--resume", "MODEL", *TINY],
    "localize --model": ["localize", "volume.tif", "--method", "sorting", "--model", "MODEL", "--box-out", "out/b.json"],
    "crop --box (a model as box)": ["crop", "volume.tif", "--box", "MODEL", "--out", "out/c.tif"],
}


def bad_model(root, models, kind: str):
    """A bad model file of ``kind`` in ``root``; returns its name."""
    path = root / f"{kind}.pt"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "text":
        path.write_text("not a model")
    elif kind == "folder":
        path.mkdir()
    elif kind == "plain_torch":
        torch.save({"weight": torch.zeros(3)}, path)
    elif kind == "no_weights":
        data = torch.load(models["segmentation"], weights_only=True)
        del data["model_state"]
        torch.save(data, path)
    elif kind == "bad_config":
        data = torch.load(models["segmentation"], weights_only=True)
        data["config"].update(patch_size="big", encoder=5)
        torch.save(data, path)
    return path.name


@pytest.mark.parametrize("kind", ["missing", "empty", "text", "folder", "plain_torch", "no_weights", "bad_config"])
@pytest.mark.parametrize("command", COMMANDS)
def test_a_bad_model_is_one_line_and_changes_nothing(inputs, models, capsys, command, kind):
    name = bad_model(inputs, models, kind)
    before = snapshot(inputs)
    code = main([name if a == "MODEL" else a for a in COMMANDS[command]])
    one_line_error(capsys, code)
    assert snapshot(inputs) == before


@pytest.mark.parametrize("command, model, needed", [
    ("predict", "sorting", "segmentation"), ("evaluate", "restoration", "segmentation"),
    ("localize --model", "segmentation", "sorting"), ("finetune --resume", "restoration", "segmentation"),
])
def test_a_model_of_the_wrong_kind_says_which_kind_is_needed(inputs, models, capsys, command, model, needed):
    before = snapshot(inputs)
    line = one_line_error(capsys, main([str(models[model]) if a == "MODEL" else a for a in COMMANDS[command]]))
    assert needed in line
    assert snapshot(inputs) == before
