"""Localisation time for a 512^3 volume (uint16 TIFF on disk), per method, on this machine.

The models are untrained: their speed does not depend on their weights. The volume is read
from disk lazily and downscaled (``--max-side``) as in real use; the time includes that.

    python benchmarks/localize_time.py [--side 512 --max-side 256 --passes 8]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import tifffile

from _common import final_json, hardware
from napari_pretext.ct.api import localize_volume
from napari_pretext.ct.localize import box_and_confidence, box_stability, heatmap_box
from napari_pretext.ct.rotation_task import RotationConfig, RotationTask
from napari_pretext.ct.scene import make_ct_scene
from napari_pretext.ct.sorting import SortingConfig, SortingTask
from napari_pretext.ct.volumes import downscale_volume, open_volume


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--side", type=int, default=512)
    p.add_argument("--max-side", type=int, default=256)
    p.add_argument("--patch", type=int, default=128)
    p.add_argument("--passes", type=int, default=8)
    p.add_argument("--encoder", default="resnet18")
    p.add_argument("--device", default="auto")
    p.add_argument("--axes", nargs="+", default=["z"], help="sorting: the axes the model slices along")
    p.add_argument("--stride", type=int, default=8, choices=(8, 16, 32), help="sorting: superpixel stride")
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scene.tif"
        tifffile.imwrite(path, make_ct_scene((a.side,) * 3, seed=0).volume)
        common = dict(encoder=a.encoder, patch_size=a.patch, max_side=a.max_side, device=a.device)
        sorting = SortingTask(SortingConfig(axes=tuple(a.axes), **common))
        rotation = RotationTask(RotationConfig(**common))
        timings = {}
        for method, task in (("threshold", None), ("sorting", sorting), ("rotation", rotation)):
            t0 = time.perf_counter()
            extra = {"passes": a.passes, "stride": a.stride} if method == "sorting" else {}
            loc = localize_volume(path, method, task, max_side=a.max_side, **extra)
            timings[method] = round(time.perf_counter() - t0, 2)
            print(f"{method:>10}: {timings[method]:7.2f} s (heatmap {loc.heatmap.shape}, downscale x{loc.factor})")
            if method == "sorting":
                rule_seconds = box_rule_timings(path, loc, a.max_side)
    print(f"# {hardware()}; {a.side}^3 uint16 volume, downscaled to <= {a.max_side}, slices {a.patch} px, sorting along {a.axes} with {a.passes} MC passes at stride {a.stride}")
    final_json({"hardware": hardware(), "side": a.side, "max_side": a.max_side, "axes": a.axes, "stride": a.stride, "seconds": timings,
                "sorting_box_rule_seconds": rule_seconds})


def box_rule_timings(path: Path, loc, max_side: int) -> dict:
    """Seconds the guided rule takes to find a sorting box and its confidence on the same
    heatmap, side by side: as localize() does it (the medium step searched once per object),
    each of the three boxes searching again (as before the cache), and the medium step off
    (median of three interleaved runs)."""
    small, _ = downscale_volume(open_volume(path), max_side)  # memory-mapped, as localize_volume reads it
    rule = loc.rule
    arms = {"as localize() does": lambda: box_and_confidence(small, loc.heatmap, rule, loc.spacing),
            "medium searched per box": lambda: box_stability(small, loc.heatmap, rule, heatmap_box(small, loc.heatmap, rule)[0]),
            "medium step off": lambda: box_and_confidence(small, loc.heatmap, rule.but(media=False), loc.spacing)}
    runs = {name: [] for name in arms}
    for _ in range(3):  # interleaved, the median of three: one run each is within the noise
        for name, run in arms.items():
            t0 = time.perf_counter()
            run()
            runs[name].append(time.perf_counter() - t0)
    seconds = {name: round(float(np.median(t)), 2) for name, t in runs.items()}
    base = seconds["medium step off"]
    print("  sorting box + confidence at " + "x".join(map(str, small.shape)) + ": "
          + ", ".join(f"{k} {v:.2f} s ({v / base:.2f}x)" for k, v in seconds.items()))
    return seconds


if __name__ == "__main__":
    main()
