"""Every setting written once (settings.py): the CLI's options come from the configs' defaults."""

from dataclasses import fields

import pytest

from napari_pretext.cli import build_parser, training_config
from napari_pretext.cli.config_file import command_parser
from napari_pretext.ct.configs import RotationConfig, SortingConfig
from napari_pretext.images.configs import RestorationConfig, SegmentationConfig
from napari_pretext.settings import SETTINGS, defaults, flag

COMMANDS = {
    RestorationConfig: ["pretrain", "restoration", "a.png", "--out", "m.pt"],
    SegmentationConfig: ["finetune", "a.png", "--labels", "a_mask.png", "--out", "m.pt"],
    SortingConfig: ["pretrain", "sorting", "v.tif", "--out", "m.pt"],
    RotationConfig: ["pretrain", "rotation", "v.tif", "--out", "m.pt"],
}
# config fields with no option, and why (a new field must be added to an option or here)
NOT_OPTIONS = {
    "in_channels": "--rgb", "val_fraction": "kept at the default", "amp": "kept at the default", "augment": "kept at the default",
    "norm_low": "kept at the default", "norm_high": "kept at the default", "l1_weight": "kept at the default",
    "drop_probability": "kept at the default", "sobel_mix": "kept at the default", "freeze_encoder": "--no-freeze / --from-scratch",
    "threshold": "a prediction setting", "tile_size": "a prediction setting", "tile_overlap": "a prediction setting",
    "dropout": "kept at the default", "num_workers": "not a CT option (volumes are in memory)",
}


@pytest.mark.parametrize("config_class", list(COMMANDS))
def test_the_cli_defaults_are_the_config_defaults_for_every_field(config_class):
    parser = build_parser()
    args = parser.parse_args(COMMANDS[config_class])
    if config_class is SegmentationConfig:
        assert args.encoder is None  # the pretext's, else the config's (cmd_finetune)
        args.encoder = SegmentationConfig.encoder
    assert training_config(config_class, args) == config_class()  # every field, as parsed with no option given
    options = {}
    for action in command_parser(parser, args)._actions:  # the first option of each field (not an alias)
        options.setdefault(action.dest, action)
    for f in fields(config_class):
        if f.name in options:
            default = options[f.name].default
            assert (list(default) if isinstance(default, tuple) else default) == \
                (list(f.default) if isinstance(f.default, tuple) else f.default) or f.name == "encoder", f.name
            assert flag(f.name) in options[f.name].option_strings and SETTINGS[f.name].help in options[f.name].help
        else:
            assert f.name in NOT_OPTIONS, f"{config_class.__name__}.{f.name} has no option and is not listed as such"


def test_a_default_changed_in_the_config_changes_the_option(monkeypatch):
    import dataclasses

    changed = dataclasses.make_dataclass("SortingConfig", [("epochs", int, dataclasses.field(default=3))], bases=(SortingConfig,), frozen=True)
    monkeypatch.setattr("napari_pretext.ct.configs.SortingConfig", changed)
    args = build_parser().parse_args(COMMANDS[SortingConfig])
    assert args.epochs == 3 and defaults(changed)["epochs"] == 3


def test_the_user_guide_holds_the_generated_table():
    from napari_pretext.settings import settings_table

    from .conftest import ROOT

    guide = (ROOT / "docs" / "user_guide.md").read_text()
    start = guide.index("<!-- settings table: generated -->\n") + len("<!-- settings table: generated -->\n")
    assert guide[start:guide.index("\n<!-- end of settings table -->")] == settings_table(), \
        "regenerate it: python -m napari_pretext.settings"
