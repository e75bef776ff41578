"""The CT job on a built-in generated scene: sorting pretext -> heatmap -> box -> crop.

The scene (the plugin's CT sample data: a phantom sample in a tube, on a mounting rod, with ring
artefacts, noise, specks and an intensity gradient) comes with its true box, so the box found
without labels is scored against it, next to the paper's threshold baseline (Otsu).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from ..core.io import write_image
from ..core.outputs import write_text_atomic
from .api import crop_volume, localize_volume, pretrain_volumes
from .auto_crop import quick_sorting_config
from .boxes import save_box
from .localize import rebox
from .scene import box_scores, make_ct_scene
from .sorting import SortingConfig


def ct_demo_settings(quick: bool = True, seed: int = 0) -> tuple[tuple[int, int, int], SortingConfig]:
    """The scene's shape and the sorting config: small CPU-friendly ones, or the CLI's defaults
    on the benchmark's full-size scene (``quick=False``, for a GPU)."""
    if quick:  # slices at the scene's own resolution: what the benchmarks found matters most
        return (96, 128, 128), quick_sorting_config(seed)  # the one click's schedule too
    return (128, 192, 192), SortingConfig(patch_size=192, max_side=192, val_fraction=0.0, seed=seed)


def run_ct_demo(out_dir: str | Path, quick: bool = True, seed: int = 0, on_event=None, log=print) -> dict:
    """Write the scene, its true box, the model, heatmap, boxes, crop and ``metrics.json`` into
    ``out_dir``; return the metrics: each box scored against the true one (see :func:`box_scores`)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    shape, config = ct_demo_settings(quick, seed)
    t0 = time.perf_counter()
    scene = make_ct_scene(shape, seed=seed)
    write_image(out / "scene.tif", scene.volume)
    save_box(scene.box, out / "true_box.json")
    log(f"1/3 sorting pretext on a generated {shape} CT scene ({config.encoder}, {config.epochs} x {config.steps_per_epoch} batches)")
    task = pretrain_volumes("sorting", [scene.volume], config, out=out / "sorting.pt", on_event=on_event)
    log("2/3 MC-dropout heatmap and box (guided rule; the paper's top-3 % rule and Otsu's threshold for comparison)")
    loc = localize_volume(scene.volume, "sorting", task, on_event=on_event)
    write_image(out / "heatmap.tif", loc.heatmap)
    save_box(loc.box, out / "box.json", loc.record())
    top = rebox(scene.volume, loc, box_rule="top")
    otsu = localize_volume(scene.volume, "threshold")
    log("3/3 crop written next to the scene, chunk by chunk")
    # the demo's own output folder: a second run replaces its earlier crop
    crop = crop_volume(out / "scene.tif", loc.box, out / "scene_crop.tif", model=str(out / "sorting.pt"), overwrite=True, how=loc.how)
    metrics = {
        "sorting_guided": box_scores(loc.box, scene),
        "sorting_top": box_scores(top.box, scene),
        "threshold_otsu": box_scores(otsu.box, scene),
        "box": loc.box.to_dict(),
        "true_box": scene.box.to_dict(),
        "how": loc.how,
        "heatmap_downscale": loc.factor,
        "crop": crop.name,
        "pretext_last_epoch": task.history[-1] if task.history else {},
        "config": {"quick": quick, "seed": seed, "shape": list(shape), "encoder": config.encoder},
        "seconds": round(time.perf_counter() - t0, 1),
    }
    write_text_atomic(out / "metrics.json", json.dumps(metrics, indent=2))
    return metrics


def scores_text(scores: dict) -> str:
    """'0.7 % error, keeps 99.3 %, 212x smaller' for a log line."""
    return f"{100 * scores['relative_error']:.1f} % error, keeps {100 * scores['kept']:.1f} %, {scores['reduction']:.0f}x smaller"
