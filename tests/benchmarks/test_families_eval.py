import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from scipy import ndimage

from napari_pretext.ct.box_rule import BoxRule
from napari_pretext.ct.localize import heatmap_box
from tests.ct.test_medium import sample_in_liquid

ROOT = Path(__file__).resolve().parents[2]


def the_package_as_committed() -> bool:
    """A git checkout whose package is HEAD's (rule_at reads the rule from git, the test compares today's)."""
    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, check=False, capture_output=True).returncode == 0
    return shutil.which("git") is not None and git("rev-parse", "HEAD") and git("diff", "--quiet", "HEAD", "--", "src/napari_pretext")


@pytest.mark.skipif(not the_package_as_committed(), reason="rule_at reads the rule from git: not a git checkout, or the package "
                    "has changes not committed")
def test_the_rule_at_a_revision_boxes_as_that_revision_s_localize_did(monkeypatch):
    # `families_eval.py --before REV` scores "the rule before": it must be the box a user of that
    # revision got (localize.heatmap_box, its media fallback included), not a step of it
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    from families_eval import rule_at

    volume, _, _ = sample_in_liquid()
    heat = ndimage.gaussian_filter((volume > 0.9).astype(np.float32), 2)
    for overrides in (None, {"media": False}, {"local_threshold": False}):
        rule = BoxRule(**(overrides or {}))
        then = rule_at("HEAD", overrides)(volume, heat, None)
        now = heatmap_box(volume, heat, rule)[0]
        assert (then.start, then.stop) == (now.start, now.stop), overrides
    assert type(then).__module__.startswith("napari_pretext_at_HEAD")  # that revision's own package
