"""``crop --box`` with box files a hand-edit or another tool could produce."""

from __future__ import annotations

import pytest

from napari_pretext.cli import main

from .conftest import one_line_error, snapshot

BOXES = {
    "floats": '{"start": [0, 0, 1.5], "stop": [8, 8, 8]}',
    "strings": '{"start": [0, 0, "1"], "stop": [8, 8, 8]}',
    "booleans": '{"start": [0, 0, true], "stop": [8, 8, 8]}',
    "NaN": '{"start": [0, 0, NaN], "stop": [8, 8, 8]}',
    "Infinity": '{"start": [0, 0, 0], "stop": [8, 8, Infinity]}',
    "no stop": '{"start": [0, 0, 0]}',
    "a list": "[0, 0, 0, 8, 8, 8]",
    "2D": '{"start": [0, 0], "stop": [8, 8]}',
    "empty": '{"start": [4, 4, 4], "stop": [4, 8, 8]}',
    "outside": '{"start": [0, 0, 0], "stop": [99, 8, 8]}',
    "negative": '{"start": [-2, 0, 0], "stop": [8, 8, 8]}',
    "not JSON": "start 0 0 0 stop 8 8 8",
}


@pytest.mark.parametrize("case", BOXES)
def test_a_bad_box_is_one_line_and_writes_nothing(inputs, capsys, case):
    (inputs / "bad_box.json").write_text(BOXES[case])
    before = snapshot(inputs)
    one_line_error(capsys, main(["crop", "volume.tif", "--box", "bad_box.json", "--out", "out/c.tif"]))
    assert snapshot(inputs) == before
