"""The organoid demo over seeds: per-seed outputs, and the summary the headline is read from."""

import json

import pytest

from napari_pretext import cli
from napari_pretext.images import demo

from ..conftest import tiny_demo_configs


def test_summary_is_mean_and_sample_spread_over_seeds():
    per_seed = [{"ssl_frozen": {"f1": f, "object_f1": 0.5}, "from_scratch": {"f1": s, "object_f1": 0.5}}
                for f, s in ((0.9, 0.7), (0.8, 0.8), (0.7, 0.6))]
    summary = demo.summarize_seeds(per_seed)
    assert summary["ssl_frozen"]["f1"]["mean"] == pytest.approx(0.8) and summary["ssl_frozen"]["f1"]["std"] == pytest.approx(0.1)
    assert summary["f1_difference"]["values"] == pytest.approx([0.2, 0.0, 0.1]) and summary["f1_difference"]["pretext_better_in"] == 2
    assert summary["object_f1_difference"]["pretext_better_in"] == 0  # a tie is not a win
    assert "better in 2 of 3" in demo.headline(summary, 3)


def test_demo_runs_each_seed_with_fixed_threads(tmp_path, monkeypatch, capsys):
    import torch

    threads = torch.get_num_threads()
    monkeypatch.setattr(demo, "demo_configs", tiny_demo_configs)
    monkeypatch.setattr(demo, "run_demo", _small(demo.run_demo))
    try:
        assert cli.main(["demo", "--part", "organoids", "--out-dir", str(tmp_path), "--seeds", "2", "--seed", "5", "--threads", "1", "--quiet"]) == 0
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(threads)
    out = capsys.readouterr().out
    assert "torch threads: 1" in out and "2 seed(s)" in out
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert metrics["seeds"] == [5, 6] and [m["config"]["seed"] for m in metrics["per_seed"]] == [5, 6]
    assert (tmp_path / "segmentation_ssl.pt").is_file() and (tmp_path / "seed_6" / "segmentation_ssl.pt").is_file()
    f1 = [m["ssl_frozen"]["f1"] for m in metrics["per_seed"]]
    assert metrics["summary"]["ssl_frozen"]["f1"]["values"] == f1
    assert json.loads(out.strip().splitlines()[-1])["organoids"] == metrics["summary"]
    assert cli.main(["demo", "--out-dir", str(tmp_path), "--threads", "0"]) == 2


def _small(run_demo):
    def run(*args, **kwargs):
        return run_demo(*args, **{**kwargs, "n_pretext": 2, "n_labelled": 1, "n_eval": 1})

    return run
