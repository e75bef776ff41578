"""The main job on built-in sample data: pretext -> transfer -> fine-tune -> predict -> evaluate.

Uses the generated organoid set, so it runs anywhere with nothing to download. Compares the
transferred encoder with the same network trained from scratch on the same few labels, over
several seeds: with 3 labelled images one run swings with the seed and the CPU thread count,
so the headline is each arm's mean and spread (docs/user_guide.md, "The demo").
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from ..core.io import write_image
from ..core.outputs import write_text_atomic
from . import api
from .configs import RestorationConfig, SegmentationConfig
from .data.synthetic import organoid_dataset


def demo_configs(quick: bool = True, seed: int = 0) -> tuple[RestorationConfig, SegmentationConfig]:
    """Small CPU-friendly settings (``quick``) or the paper's (ResNet50, 50 epochs)."""
    if quick:
        common = dict(encoder="resnet18", patch_size=128, batch_size=8, steps_per_epoch=8, seed=seed)
        return RestorationConfig(epochs=8, **common), SegmentationConfig(epochs=10, loss="iou", **common)
    common = dict(encoder="resnet50", patch_size=256, batch_size=8, seed=seed)
    return RestorationConfig(epochs=50, **common), SegmentationConfig(epochs=50, loss="iou", **common)


def run_demo(
    out_dir: str | Path,
    quick: bool = True,
    seed: int = 0,
    n_pretext: int = 8,
    n_labelled: int = 3,
    n_eval: int = 4,
    on_event=None,
    log=print,
) -> dict:
    """Write sample images, models, predictions and ``metrics.json`` into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    images, masks = organoid_dataset(n_pretext + n_labelled + n_eval, seed=seed)
    pretext_imgs = images[:n_pretext]
    lab_imgs, lab_masks = images[n_pretext : n_pretext + n_labelled], masks[n_pretext : n_pretext + n_labelled]
    eval_imgs, eval_masks = images[-n_eval:], masks[-n_eval:]
    for i, (im, m) in enumerate(zip(eval_imgs, eval_masks)):
        write_image(out / "images" / f"eval_{i}.png", im)
        write_image(out / "images" / f"eval_{i}_mask.png", m * 255)
    rcfg, scfg = demo_configs(quick, seed)
    t0 = time.perf_counter()
    log(f"1/3 restoration pretext on {n_pretext} unlabelled images ({rcfg.encoder}, {rcfg.epochs} epochs)")
    pretext = api.pretrain_restoration(pretext_imgs, rcfg, out=out / "pretext_restoration.pt", on_event=on_event)
    write_image(out / "restored_eval_0.tif", pretext.restore(eval_imgs[0]))
    log(f"2/3 fine-tuning on {n_labelled} labelled images: transferred frozen encoder")
    ssl = api.finetune_segmentation(lab_imgs, lab_masks, scfg, encoder_from=out / "pretext_restoration.pt", out=out / "segmentation_ssl.pt", on_event=on_event)
    log("3/3 the same network from scratch (the supervised baseline)")
    scratch = api.finetune_segmentation(lab_imgs, lab_masks, scfg, out=out / "segmentation_scratch.pt", on_event=on_event)
    for i, im in enumerate(eval_imgs):
        prob, mask = ssl.predict(im)
        write_image(out / "predictions" / f"eval_{i}_probability.tif", prob.astype(np.float32))
        write_image(out / "predictions" / f"eval_{i}_mask.png", mask * 255)
    # objects under 50 px are debris-sized specks in these 256-px images, not organoids
    metrics = {
        "ssl_frozen": ssl.evaluate(eval_imgs, eval_masks, objects=True, min_size=50),
        "from_scratch": scratch.evaluate(eval_imgs, eval_masks, objects=True, min_size=50),
        "pretext_val": pretext.history[-1] if pretext.history else {},
        "config": {"quick": quick, "seed": seed, "encoder": rcfg.encoder, "labelled_images": n_labelled},
        "seconds": round(time.perf_counter() - t0, 1),
    }
    write_text_atomic(out / "metrics.json", json.dumps(metrics, indent=2))
    return metrics



ARMS = ("ssl_frozen", "from_scratch")
SCORES = ("f1", "object_f1")


def spread(values: list[float]) -> dict:
    """Mean, sample standard deviation (0 for one value), min and max of ``values``."""
    a = np.asarray(values, float)
    return {"mean": float(a.mean()), "std": float(a.std(ddof=1)) if len(a) > 1 else 0.0, "min": float(a.min()),
            "max": float(a.max()), "values": [float(v) for v in a]}


def summarize_seeds(per_seed: list[dict]) -> dict:
    """Each arm's scores over seeds, and the per-seed difference pretext - scratch."""
    summary = {arm: {score: spread([m[arm][score] for m in per_seed]) for score in SCORES} for arm in ARMS}
    for score in SCORES:
        diff = [m["ssl_frozen"][score] - m["from_scratch"][score] for m in per_seed]
        summary[f"{score}_difference"] = {**spread(diff), "pretext_better_in": int(sum(d > 0 for d in diff))}
    return summary


def headline(summary: dict, seeds: int) -> str:
    """One line: both arms' pixel and object F1 as mean ± std over the seeds."""
    def arm(name):
        return " / ".join(f"{summary[name][s]['mean']:.2f} ± {summary[name][s]['std']:.2f}" for s in SCORES)

    better = summary["f1_difference"]["pretext_better_in"]
    return (f"organoids, {seeds} seed(s), F1 / object F1 as mean ± std: transferred pretext encoder {arm('ssl_frozen')}, "
            f"from scratch {arm('from_scratch')}; pretext better in {better} of {seeds}")


def run_demo_seeds(out_dir: str | Path, seeds=(0, 1, 2), quick: bool = True, on_event=None, log=print, **sizes) -> dict:
    """:func:`run_demo` for each seed (its own generated images, pretext and both fine-tunings):
    the first seed's outputs in ``out_dir``, the others' in ``out_dir/seed_K``; ``metrics.json``
    holds every seed's scores and their summary (:func:`summarize_seeds`)."""
    out, t0, per_seed = Path(out_dir), time.perf_counter(), []
    for i, seed in enumerate(seeds):
        log(f"seed {seed} ({i + 1} of {len(seeds)})")
        per_seed.append(run_demo(out if i == 0 else out / f"seed_{seed}", quick, seed, on_event=on_event, log=log, **sizes))
    metrics = {"seeds": list(seeds), "summary": summarize_seeds(per_seed), "per_seed": per_seed,
               "seconds": round(time.perf_counter() - t0, 1)}
    write_text_atomic(out / "metrics.json", json.dumps(metrics, indent=2))
    log(headline(metrics["summary"], len(seeds)))
    return metrics
