"""Objects from masks on DSB2018 nuclei: connected components vs the watershed split.

Scores are object F1 at IoU > 0.5 against the true instance labels (as in the DSB2018
scoring at that threshold), pooled over the evaluation images of a group, side by side:

1. ``truth mask``: the true foreground (labels > 0) made into objects. No model is involved:
   this is the most the post-processing can give from a perfect semantic mask.
2. ``U-Net``: a ResNet18 U-Net trained from scratch on ``--labelled`` images of the group
   (the quick schedule of ``ssl_vs_supervised.py``, same split), its predicted mask made into
   objects.
3. ``Otsu``: the threshold baseline (nuclei brighter than Otsu's threshold on fluorescence,
   darker on brightfield), made into objects the same way.

    python benchmarks/objects_dsb.py [--groups fluorescence brightfield] [--splits 0 4 8 12]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from skimage.filters import threshold_otsu

from _common import SHARED_DATA, final_json, hardware
from napari_pretext.images import api
from napari_pretext.images.configs import SegmentationConfig
from napari_pretext.images.objects import object_scores
from ssl_vs_supervised import GROUPS, load_group, read_pair, split


def otsu_mask(image: np.ndarray, group: str) -> np.ndarray:
    t = threshold_otsu(image)
    return image > t if group == "fluorescence" else image < t


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=SHARED_DATA / "dsb2018")
    p.add_argument("--groups", nargs="+", default=list(GROUPS), choices=list(GROUPS))
    p.add_argument("--splits", nargs="+", type=int, default=[0, 4, 8, 12], help="split distances in px (0 = connected components)")
    p.add_argument("--min-size", type=int, default=10, help="objects smaller than this (px) are dropped")
    p.add_argument("--labelled", type=int, default=10)
    p.add_argument("--eval-limit", type=int, default=40)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    if not a.data.is_dir():
        raise SystemExit(f"no data folder at {a.data}: pass --data DIR with images/, labels/ and meta.json")
    from napari_pretext.core.io import read_image

    print(f"# {hardware()}; object F1 at IoU > 0.5, objects under {a.min_size} px dropped")
    table, t0 = {}, time.perf_counter()
    for group in a.groups:
        items = [m for m in load_group(a.data, GROUPS[group]) if min(m["h"], m["w"]) >= 128]
        _, pool, ev = split(items)
        ev = ev[: a.eval_limit]
        images = [read_pair(a.data, m)[0] for m in ev]
        truths = [read_image(a.data / "labels" / f"{m['id']}.png") for m in ev]
        chosen = [pool[i] for i in np.random.default_rng(1000 + a.seed).permutation(len(pool))[: a.labelled]]
        train = [read_pair(a.data, m) for m in chosen]
        cfg = SegmentationConfig(encoder="resnet18", patch_size=128, batch_size=8, epochs=12, steps_per_epoch=8,
                                 loss="iou", seed=a.seed, val_fraction=0.0)
        task = api.finetune_segmentation([t[0] for t in train], [t[1] for t in train], cfg, freeze_encoder=False)
        sources = {
            "truth mask": [t > 0 for t in truths],
            "U-Net": [task.predict(img)[1] for img in images],
            "Otsu": [otsu_mask(img, group) for img in images],
        }
        print(f"\n## {group}: {len(ev)} evaluation images, {sum(int(len(np.unique(t)) - 1) for t in truths)} true nuclei; "
              f"U-Net trained on {a.labelled} images")
        print("| objects from | " + " | ".join(f"split {d} px" if d else "connected components" for d in a.splits) + " |")
        print("|---|" + "---|" * len(a.splits))
        for source, masks in sources.items():
            cells = []
            for d in a.splits:
                s = object_scores(masks, truths, a.min_size, d)
                table[f"{group}/{source}/{d}"] = [round(s["object_f1"], 4), s["objects_predicted"], s["objects_true"]]
                cells.append(f"{s['object_f1']:.3f} ({s['objects_predicted']} found)")
            print(f"| {source} | " + " | ".join(cells) + " |", flush=True)
    final_json({"hardware": hardware(), "seconds": round(time.perf_counter() - t0), "object_f1": table})


if __name__ == "__main__":
    main()
