"""The box rule's parameters (ct/box_rule.py): validation, JSON, files."""

import json

import pytest

from napari_pretext.core.errors import PretextInputError
from napari_pretext.ct.box_rule import GUIDED_STEPS, BoxRule, load_rule


def test_a_rule_round_trips_through_json_and_box_files(tmp_path):
    rule = BoxRule(top_fraction=0.05, walls=False, mount_width=0.2)
    assert BoxRule.from_dict(json.loads(json.dumps(rule.to_dict()))) == rule
    (tmp_path / "rule.json").write_text(json.dumps({"name": "top"}))  # missing settings take their defaults
    assert load_rule(tmp_path / "rule.json") == BoxRule(name="top")
    (tmp_path / "box.json").write_text(json.dumps({"start": [0, 0, 0], "stop": [1, 1, 1], "rule": rule.to_dict()}))
    assert load_rule(tmp_path / "box.json") == rule
    for step in GUIDED_STEPS:  # every step of the ablation can be switched off
        assert getattr(rule.but(**{step: False}), step) is False


@pytest.mark.parametrize("bad, message", [
    ({"top_fraction": 1.5}, "between 0 and 1"), ({"top_fraction": True}, "between 0 and 1"),
    ({"name": "best"}, "one of guided, top"), ({"walls": "yes"}, "true or false"),
    ({"wall_width": -1}, "positive number"), ({"max_growth": "8"}, "positive number"),
    ({"wal_width": 0.1}, "unknown box rule setting 'wal_width'"),
])
def test_bad_rules_are_refused_with_the_setting_named(bad, message):
    with pytest.raises(PretextInputError, match=message):
        BoxRule.from_dict(bad)


def test_rule_files_that_hold_no_rule(tmp_path):
    (tmp_path / "box.json").write_text(json.dumps({"start": [0, 0, 0], "stop": [1, 1, 1]}))
    with pytest.raises(PretextInputError, match="records no rule"):
        load_rule(tmp_path / "box.json")
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(PretextInputError, match="not a JSON box rule"):
        load_rule(tmp_path / "bad.json")
    with pytest.raises(PretextInputError, match="could not be read"):
        load_rule(tmp_path)


def test_the_guide_lists_every_setting_with_its_default():
    # the table in docs/ct_guide.md is what users read: it must not drift from the code
    from dataclasses import fields
    from pathlib import Path

    guide = (Path(__file__).parents[2] / "docs" / "ct_guide.md").read_text()
    rows = {line.split("|")[1].strip(" `"): line.split("|")[2].strip() for line in guide.splitlines()
            if line.startswith("| `") and line.count("|") == 4}
    for f in fields(BoxRule):
        default = getattr(BoxRule(), f.name)
        assert f.name in rows, f"docs/ct_guide.md has no row for {f.name}"
        assert rows[f.name] == (str(default).lower() if isinstance(default, bool) else str(default)), f.name


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2"])
def test_a_count_of_slices_is_a_whole_number_of_at_least_one(bad):
    with pytest.raises(PretextInputError, match="support_footprint must be a whole number"):
        BoxRule(support_footprint=bad)


def test_a_dry_sample_s_rule_is_the_rule_without_its_media_step():
    from napari_pretext.ct.box_rule import sample_rule

    assert sample_rule(None, dry=False) is None  # the defaults, as without the option
    assert sample_rule(None, dry=True) == BoxRule(media=False)
    mine = BoxRule(top_fraction=0.05, walls=False)
    assert sample_rule(mine, dry=False) is mine
    assert sample_rule(mine, dry=True) == BoxRule(top_fraction=0.05, walls=False, media=False)  # the rest of the file's rule kept


def test_a_step_switched_is_the_other_way_from_the_rule_s():
    # an ablation's arm: off where the rule has the step, on where it does not (the air step, off by default)
    name, rule = BoxRule().switched("air")
    assert (name, rule.air) == ("air on", True) and rule.but(air=False) == BoxRule()
    name, rule = BoxRule().switched("media")
    assert (name, rule.media) == ("media off", False) and rule.but(media=True) == BoxRule()
    assert all(BoxRule().switched(step)[1] != BoxRule() for step in GUIDED_STEPS)
