"""The main job on built-in sample data: pretext -> transfer -> fine-tune -> predict -> evaluate.

Uses the generated organoid set, so it runs anywhere with nothing to download. Compares the
transferred encoder with the same network trained from scratch on the same few labels.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from . import api
from .config import RestorationConfig, SegmentationConfig
from .data.synthetic import organoid_dataset
from .io import write_image


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
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2))
    return metrics

