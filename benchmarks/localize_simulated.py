"""The box rules on physically simulated tomography (``ct/tomography.py``), per family.

Each scene: a real sample (the shared embryo CT or banana MRI, alternating) placed with a tube
and a rod or pin, projected, corrupted (beam hardening, photon noise, detector gain errors,
motion) and reconstructed by filtered back-projection. On each, a sorting model is trained on
the scene alone with the one click's quick schedule, and the guided box, the paper's top-3 %
rule and Otsu's threshold are scored against the true box. The held-out family is reported last
and apart: nothing was tuned on it (nor on the others: the rule is as it was before these scenes
existed).

    python benchmarks/localize_simulated.py [--seeds 0 1] [--families ...] [--out results.jsonl]
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
import tifffile

from _common import SHARED_DATA, final_json, hardware
from napari_pretext.ct.api import localize_volume, pretrain_volumes
from napari_pretext.ct.auto_crop import quick_sorting_config
from napari_pretext.ct.localize import rebox
from napari_pretext.ct.scene import box_scores
from napari_pretext.ct.tomography import FAMILIES, sample_from_volume, simulate_tomography

SAMPLES = ("embryo_256.tif", "banana_mri_stack.tif")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
    p.add_argument("--families", nargs="+", default=list(FAMILIES))
    p.add_argument("--size", type=int, default=128, help="in-plane side of the scenes (pixels)")
    p.add_argument("--out", default=None, help="also append each scene's row to this JSONL file")
    a = p.parse_args()
    samples = [sample_from_volume(tifffile.imread(SHARED_DATA / "volumes" / name)) for name in SAMPLES]
    rows = []
    for f, family in enumerate(a.families):
        opts = FAMILIES[family]
        depth = a.size * 3 // 4 // opts.get("z_spacing", 1)
        for seed in a.seeds:
            t0 = time.perf_counter()
            sample_index = (seed + f) % len(samples)
            scene = simulate_tomography(samples[sample_index], (depth, a.size, a.size), seed=1000 * f + seed, **opts)
            task = pretrain_volumes("sorting", [scene.volume], quick_sorting_config(seed))
            guided = localize_volume(scene.volume, "sorting", task)
            scores = {"guided": box_scores(guided.box, scene), "top": box_scores(rebox(scene.volume, guided, box_rule="top").box, scene),
                      "otsu": box_scores(localize_volume(scene.volume, "threshold").box, scene)}
            row = {"family": family, "seed": seed, "sample": SAMPLES[sample_index], "shape": list(scene.volume.shape),
                   "how": guided.how, "seconds": round(time.perf_counter() - t0, 1),
                   **{f"{k}_{m}": round(v[m], 4) for k, v in scores.items() for m in ("relative_error", "kept", "reduction")}}
            rows.append(row)
            print(json.dumps(row), flush=True)
            if a.out:
                with open(a.out, "a") as out:
                    out.write(json.dumps(row) + "\n")
    held_out = [fam for fam in a.families if fam.startswith("held_out")]
    print("\nfamily | scenes | guided: error, kept, x smaller | top 3 %: error, kept | Otsu: error, kept")
    for family in [fam for fam in a.families if fam not in held_out] + held_out:
        r = [row for row in rows if row["family"] == family]
        mean = {k: float(np.mean([row[k] for row in r])) for k in r[0] if k.split("_")[0] in ("guided", "top", "otsu")}
        print(f"{family}{' (held out)' if family in held_out else ''} | {len(r)} | {100 * mean['guided_relative_error']:.1f} %, "
              f"{100 * mean['guided_kept']:.1f} %, {mean['guided_reduction']:.0f}x | {100 * mean['top_relative_error']:.1f} %, "
              f"{100 * mean['top_kept']:.1f} % | {100 * mean['otsu_relative_error']:.1f} %, {100 * mean['otsu_kept']:.1f} %")
    print(f"# {hardware()}; quick schedule {quick_sorting_config().epochs} x {quick_sorting_config().steps_per_epoch} batches per scene")
    final_json({"hardware": hardware(), "rows": rows})


if __name__ == "__main__":
    main()
