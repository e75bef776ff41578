"""``--config FILE.json`` (cli_config.py): every command takes one; typed options win."""

import json

import pytest

from napari_pretext.cli import build_parser, main
from napari_pretext.cli.config_file import leaf_parsers, parse_with_config
from napari_pretext.core.checkpoint import load_checkpoint
from napari_pretext.core.io import write_image

from .conftest import blobs

MODEL_COMMANDS = ("predict", "evaluate", "localize", "crop-batch", "crop-auto", "finetune", "rerun", "restoration", "sorting", "rotation")


def test_every_command_takes_a_config_file_and_every_model_command_a_device():
    leaves = {p.prog.split()[-1]: p for p in leaf_parsers(build_parser())}
    assert set(MODEL_COMMANDS) <= set(leaves) and len(leaves) == 13  # 10 that run a model, crop, info, demo
    for name, parser in leaves.items():
        options = {o for a in parser._actions for o in a.option_strings}
        assert "--config" in options, name
        if name in MODEL_COMMANDS:
            assert "--device" in options, name


def test_file_values_are_parsed_like_typed_options_and_typed_ones_win(tmp_path):
    config = tmp_path / "c.json"
    config.write_text(json.dumps({"epochs": 3, "batch-size": 4, "learning_rate": 5e-4, "axes": ["z", "y"], "overwrite": True,
                                  "steps_per_epoch": None}))
    parser = build_parser()
    base = ["pretrain", "sorting", "v.tif", "--out", "m.pt", "--config", str(config)]
    a = parse_with_config(parser, base)
    assert (a.epochs, a.batch_size, a.learning_rate, a.axes, a.overwrite, a.steps_per_epoch) == (3, 4, 5e-4, ["z", "y"], True, 50)
    assert parse_with_config(parser, [*base, "--epochs", "7"]).epochs == 7
    assert parse_with_config(parser, [*base, "--epochs=8", "--axes", "x"]).axes == ["x"]
    # a setting that is on or off (--name / --no-name) takes true or false from the file
    config.write_text(json.dumps({"remove_radial_mean": False}))
    rotation = ["pretrain", "rotation", "v.tif", "--out", "m.pt", "--config", str(config)]
    assert parse_with_config(parser, rotation).remove_radial_mean is False
    assert parse_with_config(parser, [*rotation, "--remove-radial-mean"]).remove_radial_mean is True


@pytest.mark.parametrize("content, message", [
    ("{\"epochs\": 2", "is not a JSON config"),
    ("[1, 2]", "must hold a JSON object"),
    ("{\"epoch_count\": 2}", "'epoch_count' is not an option of this command"),
    ("{\"images\": [\"a.png\"]}", "positional inputs go on the command line"),
    ("{\"quiet\": \"yes\"}", "'quiet' is true or false"),
])
def test_a_bad_config_file_is_one_line_and_exit_2(tmp_path, capsys, content, message):
    config = tmp_path / "c.json"
    config.write_text(content)
    assert main(["pretrain", "restoration", "a.png", "--out", str(tmp_path / "m.pt"), "--config", str(config)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0] and not (tmp_path / "m.pt").exists()
    if "option" in message or "true or false" in message:  # the message names the file it read
        assert err[0].startswith("napari-pretext: error: c.json: ")


def test_a_bad_value_in_the_file_fails_as_on_the_command_line(tmp_path):
    config = tmp_path / "c.json"
    config.write_text(json.dumps({"epochs": "many"}))
    with pytest.raises(SystemExit) as exit_:
        main(["pretrain", "restoration", "a.png", "--out", "m.pt", "--config", str(config)])
    assert exit_.value.code == 2
    assert main(["info", "m.pt", "--config", str(tmp_path / "missing.json")]) == 2


def test_a_training_takes_its_settings_from_the_file(tmp_path):
    image = write_image(tmp_path / "img.png", blobs()[0])
    config = tmp_path / "quick.json"
    config.write_text(json.dumps({"encoder": "resnet18", "epochs": 1, "batch_size": 2, "patch_size": 64, "steps_per_epoch": 2,
                                  "device": "cpu", "quiet": True, "seed": 4}))
    assert main(["pretrain", "restoration", str(image), "--out", str(tmp_path / "m.pt"), "--config", str(config), "--seed", "5"]) == 0
    saved = load_checkpoint(tmp_path / "m.pt")
    assert saved["config"]["encoder"] == "resnet18" and saved["config"]["patch_size"] == 64 and saved["config"]["seed"] == 5
    assert saved["run"]["started_by"].endswith(f"--config {config} --seed 5")
