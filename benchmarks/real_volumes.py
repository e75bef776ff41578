"""Localisation on the real shared volumes, against the threshold box of the clean volume.

The volumes in ``shared/data/volumes`` (an embryo CT, a banana MRI) come without true boxes, and
they are clean: a sample in an empty field of view, where the threshold baseline works. Its
box (Otsu, largest connected region, at full resolution) is therefore a *reference*, not ground
truth: this checks that the learnt localisation agrees with it on real data, with no scene
generator involved. A sorting model is trained on each volume alone (no labels), the box is
taken with each box rule, and compared with the reference: mean |face difference| relative to
the side, the fraction of the reference object's voxels inside the box, and the storage
reduction.

    python benchmarks/real_volumes.py            # both volumes, about 10 min on 2 CPU cores
    python benchmarks/real_volumes.py --switch air   # also the guided rule with a step switched, the same heatmap
    python benchmarks/real_volumes.py --also '{"edge_thickness": 1}'   # also the rule with these settings (here: before round 256)
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
import tifffile
from skimage.filters import threshold_otsu

from _common import SHARED_DATA, final_json, hardware
from napari_pretext.ct.api import localize_volume, pretrain_volumes
from napari_pretext.ct.box_rule import GUIDED_STEPS, BoxRule
from napari_pretext.ct.boxes import box_from_mask, largest_region
from napari_pretext.ct.localize import BOX_RULES, rebox
from napari_pretext.ct.sorting import SortingConfig
from napari_pretext.ct.volumes import downscale_factor

NAMES = ("embryo_256.tif", "banana_mri_stack.tif")


def reference(volume: np.ndarray) -> np.ndarray:
    """The largest connected object above Otsu's threshold of the whole volume, (Z, Y, X) bool
    (the plugin's threshold baseline at full resolution)."""
    return largest_region(volume > threshold_otsu(volume.ravel()))


def agreement(box, ref_box, ref_mask: np.ndarray) -> dict:
    shape = np.array(ref_mask.shape * 2, float)
    diff = np.abs(np.array(box.start + box.stop) - np.array(ref_box.start + ref_box.stop))
    inside = np.zeros(ref_mask.shape, bool)
    inside[box.slices] = True
    return {"face_diff": float(diff.mean()), "relative_diff": float((diff / shape).mean()),
            "kept": float(ref_mask[inside].sum() / ref_mask.sum()), "reduction": float(ref_mask.size / max(box.size, 1)),
            "box": [list(box.start), list(box.stop)]}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--steps", type=int, default=30, help="batches per epoch")
    p.add_argument("--patch", type=int, default=128)
    p.add_argument("--max-side", type=int, default=128, help="the volume is downscaled to this longest side for the model")
    p.add_argument("--box-rules", nargs="+", default=list(BOX_RULES), choices=BOX_RULES)
    p.add_argument("--switch", nargs="*", default=[], choices=GUIDED_STEPS,
                   help="also box with the guided rule with each of these steps switched: off, or on where the default "
                        "has it off (the same heatmap)")
    p.add_argument("--also", nargs="*", default=[], metavar="JSON",
                   help="also box with the guided rule with these settings, each a JSON object (the same heatmap)")
    p.add_argument("--device", default="auto")
    a = p.parse_args()
    paths = [SHARED_DATA / "volumes" / n for n in NAMES if (SHARED_DATA / "volumes" / n).is_file()]
    if not paths:
        raise SystemExit(f"no volumes in {SHARED_DATA / 'volumes'}: this benchmark needs the shared data.")
    print(f"# {hardware()}; ResNet18 sorting along z, {a.epochs} epochs x {a.steps} batches of up to 16 slices, "
          f"slices {a.patch} px, max_side {a.max_side}")
    arms = {rule: BoxRule(name=rule) for rule in a.box_rules}  # the same for every volume
    arms.update({f"guided, {name}": rule for name, rule in map(BoxRule().switched, a.switch)})
    arms.update({f"guided, {settings}": BoxRule.from_dict(json.loads(settings)) for settings in a.also})
    results = {}
    for path in paths:
        volume = tifffile.imread(path)
        ref_mask = reference(volume.astype(np.float32))
        ref_box = box_from_mask(ref_mask)
        t0 = time.perf_counter()
        # A thin stack (the banana's 25 slices) gives fewer slices than the default batch of 16.
        slices = volume.shape[0] // downscale_factor(volume.shape, a.max_side)
        config = SortingConfig(epochs=a.epochs, steps_per_epoch=a.steps, patch_size=a.patch, max_side=a.max_side,
                               batch_size=min(16, slices), val_fraction=0.0, device=a.device)
        task = pretrain_volumes("sorting", [volume], config)
        trained = time.perf_counter() - t0
        rows = {}
        heatmap = None  # one heatmap per volume, boxed by every arm (no MC-dropout passes again)
        for rule, box_rule in arms.items():
            loc = localize_volume(volume, "sorting", task, rule=box_rule) if heatmap is None else rebox(volume, heatmap, rule=box_rule)
            heatmap = loc if heatmap is None else heatmap
            rows[rule] = {"how": loc.how, **agreement(loc.box, ref_box, ref_mask), "check": loc.check, "confidence": loc.confidence,
                          "runs_to_face": loc.face}
        results[path.name] = {"shape": list(volume.shape), "reference_box": [list(ref_box.start), list(ref_box.stop)],
                              "reference_reduction": round(volume.size / ref_box.size, 2), "train_seconds": round(trained), **rows}
        print(f"{path.name} {volume.shape}: reference box {ref_box.start}..{ref_box.stop} "
              f"({volume.size / ref_box.size:.1f}x smaller), trained in {trained:.0f} s", flush=True)
        for rule, r in rows.items():
            print(f"  sorting, box rule {rule}: {r['box'][0]}..{r['box'][1]}", flush=True)
    print("\n| volume | box rule | difference from the reference box (mean per face) | reference object kept | reduction | flagged |")
    print("|---|---|---|---|---|---|")
    for name, res in results.items():
        for rule in arms:
            r = res[rule]
            print(f"| {name} | {rule} | {r['face_diff']:.1f} voxels ({100 * r['relative_diff']:.1f} %) | "
                  f"{100 * r['kept']:.1f} % | {r['reduction']:.1f}x (reference {res['reference_reduction']}x) | "
                  f"{'yes' if r['check'] else 'no'}{' (runs to the ' + r['runs_to_face'] + ' face)' if r['runs_to_face'] else ''} |")
    final_json({"hardware": hardware(), "epochs": a.epochs, "steps": a.steps, "patch": a.patch, "max_side": a.max_side, "results": results})


if __name__ == "__main__":
    main()
