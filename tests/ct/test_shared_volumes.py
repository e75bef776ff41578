"""The CT commands with their defaults on the real shared volumes (skipped without ../shared/data)."""

import json

import pytest

from napari_pretext.cli import main

from ..conftest import SHARED_DATA

BANANA = SHARED_DATA / "volumes" / "banana_mri_stack.tif"


@pytest.mark.skipif(not BANANA.is_file(), reason=f"real volume not found at {BANANA} (shared/data is optional)")
def test_sorting_with_default_batch_on_the_banana_mri(tmp_path, capsys):
    """25 slices, 12 once downscaled to 256 px: fewer than the default batch of 16, and it trains."""
    model = tmp_path / "sorting.pt"
    assert main(["pretrain", "sorting", str(BANANA), "--out", str(model), "--epochs", "1", "--steps-per-epoch", "2", "--patch-size", "64"]) == 0
    assert "batches hold all 12" in capsys.readouterr().err
    assert main(["localize", str(BANANA), "--method", "sorting", "--model", str(model), "--box-out", str(tmp_path / "box.json")]) == 0
    assert "MC dropout along z" in capsys.readouterr().err  # localize shows its progress
    assert set(json.loads((tmp_path / "box.json").read_text())) >= {"start", "stop"}
