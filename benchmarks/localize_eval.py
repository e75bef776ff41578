"""Localisation on generated CT scenes: sorting, rotation and the threshold baseline.

Scenes place the volumes of ``shared/data/volumes`` (and generated phantoms) at random poses in
a larger field of view with a tube, a mounting rod, ring artefacts, noise and specks, so the
true box is known. The pretext models are trained on the scenes themselves (no labels are
used: this is unsupervised localisation). The threshold baseline is shown with Otsu's
threshold and at its best threshold, chosen with the true boxes (as the CT paper did).

Per method: mean absolute box error per face (voxels), the same relative to the volume's side,
the fraction of the sample's voxels kept inside the box, and the storage reduction factor.

    python benchmarks/localize_eval.py --quick
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import tifffile

from _common import SHARED_DATA, final_json, hardware
from napari_pretext.ct.api import localize_volume, pretrain_volumes
from napari_pretext.ct.localize import threshold_box_small
from napari_pretext.ct.rotation_task import RotationConfig
from napari_pretext.ct.scene import extract_sample, make_ct_scene
from napari_pretext.ct.sorting import SortingConfig
from napari_pretext.errors import PretextInputError


def samples() -> list[np.ndarray | None]:
    """Real samples from shared/data/volumes when present, else phantoms (None)."""
    found = []
    for name in ("embryo_256.tif", "banana_mri_stack.tif"):
        path = SHARED_DATA / "volumes" / name
        if path.is_file():
            found.append(extract_sample(tifffile.imread(path)))
    return found or [None]


def scores(box, scene) -> dict:
    pred, true = np.array(box.start + box.stop), np.array(scene.box.start + scene.box.stop)
    sides = np.array(scene.volume.shape * 2, float)
    inside = np.zeros(scene.volume.shape, bool)
    inside[box.slices] = True
    kept = scene.sample_mask[inside].sum() / max(scene.sample_mask.sum(), 1)
    return {"face_error": float(np.abs(pred - true).mean()), "relative_error": float((np.abs(pred - true) / sides).mean()),
            "kept": float(kept), "reduction": float(scene.volume.size / max(box.size, 1))}


FAILED = {"face_error": None, "relative_error": 1.0, "kept": 0.0, "reduction": 1.0}


def evaluate(volumes, scenes, method, task=None, **options) -> list[dict]:
    """Scores per scene; a localisation that fails (e.g. a flat profile) counts as a miss."""
    rows = []
    for v, s in zip(volumes, scenes):
        try:
            rows.append(scores(localize_volume(v, method, task, **options).box, s))
        except PretextInputError as exc:
            print(f"  {method} failed on a scene: {exc}")
            rows.append({**FAILED, "face_error": float(max(v.shape))})
    return rows


def summary(rows: list[dict]) -> dict:
    return {k: round(float(np.mean([r[k] for r in rows])), 4) for k in rows[0]}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true")
    p.add_argument("--scenes", type=int, default=None)
    p.add_argument("--shape", type=int, nargs=3, default=None)
    p.add_argument("--epochs", type=int, default=None)
    p.add_argument("--steps", type=int, default=None, help="batches per volume per epoch")
    p.add_argument("--encoder", default="resnet18")
    p.add_argument("--patch", type=int, default=None)
    p.add_argument("--axes", nargs="+", default=["z", "y", "x"])
    p.add_argument("--sampling", default="uniform", choices=("uniform", "gaussian"))
    p.add_argument("--fraction", type=float, default=0.03)
    p.add_argument("--smooth", type=float, default=1.0)
    p.add_argument("--methods", nargs="+", default=["threshold", "sorting", "rotation"])
    p.add_argument("--device", default="auto")
    a = p.parse_args()
    n = a.scenes or (4 if a.quick else 8)
    shape = tuple(a.shape or ((64, 96, 96) if a.quick else (128, 192, 192)))
    epochs, steps, patch = a.epochs or (3 if a.quick else 10), a.steps or (20 if a.quick else 50), a.patch or (64 if a.quick else 128)
    t0 = time.perf_counter()
    pool = samples()
    scenes = [make_ct_scene(shape, sample=pool[i % len(pool)], seed=100 + i) for i in range(n)]
    volumes = [s.volume for s in scenes]
    print(f"# {hardware()}; {n} scenes of {shape}, samples: {len(pool)} {'real' if pool[0] is not None else 'phantom'}; "
          f"{a.encoder}, {epochs} epochs x {steps} batches/volume, slices {patch} px")
    results = {}
    if "threshold" in a.methods:
        results["threshold (Otsu)"] = evaluate(volumes, scenes, "threshold", max_side=max(shape))
        # best single threshold for all scenes, chosen with the true boxes (an upper bound)
        best = None
        for q in (50, 80, 90, 95, 97, 98, 99, 99.5, 99.8):
            rows = []
            for v, s in zip(volumes, scenes):
                try:
                    rows.append(scores(threshold_box_small(v.astype(np.float32), np.percentile(v, q)), s))
                except Exception:
                    rows.append({"face_error": float(max(shape)), "relative_error": 1.0, "kept": 0.0, "reduction": 1.0})
            err = np.mean([r["relative_error"] for r in rows])
            if best is None or err < best[0]:
                best = (err, q, rows)
        results[f"threshold (best: {best[1]}th percentile)"] = best[2]
    common = dict(encoder=a.encoder, epochs=epochs, steps_per_epoch=steps, patch_size=patch, batch_size=16,
                  axes=tuple(a.axes), max_side=max(shape), device=a.device, val_fraction=0.0)
    if "sorting" in a.methods:
        ts = time.perf_counter()
        task = pretrain_volumes("sorting", volumes, SortingConfig(sampling=a.sampling, **common))
        print(f"sorting trained in {time.perf_counter() - ts:.0f} s: {task.history[-1]}")
        results["sorting (MC dropout)"] = evaluate(volumes, scenes, "sorting", task, fraction=a.fraction, smooth=a.smooth)
        print("sorting:", summary(results["sorting (MC dropout)"]), flush=True)
    if "rotation" in a.methods:
        ts = time.perf_counter()
        task = pretrain_volumes("rotation", volumes, RotationConfig(**{**common, "batch_size": 8}))
        print(f"rotation trained in {time.perf_counter() - ts:.0f} s: {task.history[-1]}")
        results["rotation (certainty)"] = evaluate(volumes, scenes, "rotation", task, smooth=a.smooth)
    table = {name: summary(rows) for name, rows in results.items()}
    print("\n| method | face error (voxels) | relative error | sample kept | storage reduction |")
    print("|---|---|---|---|---|")
    for name, s in table.items():
        print(f"| {name} | {s['face_error']:.1f} | {100 * s['relative_error']:.1f} % | {100 * s['kept']:.1f} % | {s['reduction']:.1f}x |")
    final_json({"hardware": hardware(), "scenes": n, "shape": shape, "seconds": round(time.perf_counter() - t0), "results": table})


if __name__ == "__main__":
    main()
