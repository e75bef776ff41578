"""The organoid paper's comparison on a labelled folder (the ``shared/data/dsb2018`` layout).

Per image group (``--groups``; fluorescence vs stained/brightfield, from ``meta.json``'s
``class_heuristic``), the images are split as in the paper: 40 % pretext pool (labels unused),
40 % labelled pool, 20 % evaluation. A restoration pretext is trained on the pretext pool, then
for each number of labelled images, seed and loss, four networks with the same U-Net:

* ``ssl_frozen``     transferred pretext encoder, frozen (the paper's method)
* ``ssl_unfrozen``   transferred encoder, frozen for the first half of the epochs, then trained
* ``ssl_unfrozen_slow`` the same, but the unfrozen encoder learns at a tenth of the decoder's
                     rate (discriminative fine-tuning, to keep what the pretext taught)
* ``scratch``        random encoder trained end to end (the paper's supervised baseline)
* ``random_frozen``  random encoder, frozen: the control that shows whether the pretext taught
                     the encoder anything beyond what a trained decoder on random features gets

Scores: mean per-image F1 on the evaluation split of the group. Colour images are converted to
gray (luminance) so one 1-channel pretext serves the whole group. Prints a table of F1
mean ± std over seeds per cell and ends with one JSON line.

    python benchmarks/ssl_vs_supervised.py --quick                 # CPU, about 40 minutes
    python benchmarks/ssl_vs_supervised.py --paper                 # GPU: ResNet50, 50 epochs
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from _common import SHARED_DATA, final_json, hardware
from napari_pretext.images import api
from napari_pretext.images.configs import RestorationConfig, SegmentationConfig
from napari_pretext.core.io import read_image
from napari_pretext.images.metrics import binary_scores

GROUPS = {
    "fluorescence": ("gray_darkbg_fluorescence",),
    "brightfield": ("color (H&E / stained brightfield)", "gray_brightbg_brightfield"),
}
CONDITIONS = ("ssl_frozen", "ssl_unfrozen", "ssl_unfrozen_slow", "scratch", "random_frozen")


def to_gray(image: np.ndarray) -> np.ndarray:
    if image.ndim == 3:
        image = image[..., :3].astype(np.float32) @ np.array([0.299, 0.587, 0.114], np.float32)
    return image


def load_group(root: Path, kinds: tuple[str, ...]) -> list[dict]:
    meta = json.loads((root / "meta.json").read_text())
    return [m for m in meta if m["class_heuristic"] in kinds]


def split(items: list, seed: int = 0) -> tuple[list, list, list]:
    """40 % pretext, 40 % labelled pool, 20 % evaluation (fixed across seeds)."""
    order = np.random.default_rng(seed).permutation(len(items))
    n_pre, n_lab = int(0.4 * len(items)), int(0.4 * len(items))
    pick = lambda idx: [items[i] for i in idx]  # noqa: E731
    return pick(order[:n_pre]), pick(order[n_pre : n_pre + n_lab]), pick(order[n_pre + n_lab :])


def read_pair(root: Path, m: dict) -> tuple[np.ndarray, np.ndarray]:
    return to_gray(read_image(root / "images" / f"{m['id']}.png")), (read_image(root / "labels" / f"{m['id']}.png") > 0).astype(np.uint8)


def mean_f1(task, pairs) -> float:
    return float(np.mean([binary_scores(task.predict(img)[1] > 0, mask > 0)["f1"] for img, mask in pairs]))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=SHARED_DATA / "dsb2018")
    p.add_argument("--quick", action="store_true", help="small CPU configuration")
    p.add_argument("--paper", action="store_true", help="the paper's configuration (ResNet50, 50 epochs): a GPU")
    p.add_argument("--groups", nargs="+", default=list(GROUPS), choices=list(GROUPS))
    p.add_argument("--counts", nargs="+", type=int, default=None, help="labelled images (default 1 3 10 30 114; --quick: 1 3 10)")
    p.add_argument("--seeds", nargs="+", type=int, default=None, help="default 0 1 2 (--quick: 0 1)")
    p.add_argument("--losses", nargs="+", default=None, choices=["bce", "dice", "iou"], help="default all three (--quick: iou)")
    p.add_argument("--conditions", nargs="+", default=list(CONDITIONS), choices=CONDITIONS)
    p.add_argument("--encoder", default=None)
    p.add_argument("--epochs", type=int, default=None, help="segmentation epochs")
    p.add_argument("--steps", type=int, default=None, help="segmentation steps per epoch (same for every count)")
    p.add_argument("--pretext-epochs", type=int, default=None)
    p.add_argument("--pretext-steps", type=int, default=None)
    p.add_argument("--drop-fraction", type=float, default=0.25)
    p.add_argument("--eval-limit", type=int, default=None, help="evaluate on at most this many images per group")
    p.add_argument("--device", default="auto")
    p.add_argument("--out", type=Path, default=Path("bench_out/ssl_vs_supervised"))
    p.add_argument("--summarise", type=Path, nargs="+", default=None, help="only print the table of earlier results.jsonl files")
    a = p.parse_args()
    if a.summarise:
        rows = [json.loads(line) for f in a.summarise for line in f.read_text().splitlines() if line.strip()]
        final_json({"summary": summarise(rows, [c for c in CONDITIONS if any(r["condition"] == c for r in rows)])})
        return
    if not a.data.is_dir():
        raise SystemExit(f"no data folder at {a.data}: pass --data DIR with images/, labels/ and meta.json")

    full_grid = dict(counts=[1, 3, 10, 30, 114], seeds=[0, 1, 2], losses=["bce", "dice", "iou"])
    if a.paper:
        defaults = dict(encoder="resnet50", epochs=50, steps=None, pretext_epochs=50, pretext_steps=None, patch=256, **full_grid)
    elif a.quick:
        defaults = dict(encoder="resnet18", epochs=12, steps=8, pretext_epochs=20, pretext_steps=20, patch=128,
                        counts=[1, 3, 10], seeds=[0, 1], losses=["iou"])
        a.eval_limit = a.eval_limit or 40
    else:
        defaults = dict(encoder="resnet18", epochs=30, steps=10, pretext_epochs=40, pretext_steps=20, patch=128, **full_grid)
    # the mode's grid only where the user left it alone: explicit --counts/--seeds/--losses win
    a.counts, a.seeds, a.losses = (getattr(a, k) or defaults[k] for k in ("counts", "seeds", "losses"))
    enc = a.encoder or defaults["encoder"]
    epochs, steps = a.epochs or defaults["epochs"], a.steps or defaults["steps"]
    common = dict(encoder=enc, patch_size=defaults["patch"], batch_size=8, device=a.device)
    a.out.mkdir(parents=True, exist_ok=True)
    print(f"# {hardware()}; encoder {enc}, segmentation {epochs} epochs x {steps or 'auto'} steps, pretext {a.pretext_epochs or defaults['pretext_epochs']} epochs")
    results, t0 = [], time.perf_counter()
    log = (a.out / "results.jsonl").open("a")  # one line per trained network, kept if the run is cut short
    for group in a.groups:
        items = [m for m in load_group(a.data, GROUPS[group]) if min(m["h"], m["w"]) >= defaults["patch"]]
        pre, pool, ev = split(items)
        ev = ev[: a.eval_limit] if a.eval_limit else ev
        eval_pairs = [read_pair(a.data, m) for m in ev]
        print(f"## {group}: {len(pre)} pretext, {len(pool)} labelled pool, {len(ev)} evaluation images")
        pretext_path = a.out / f"pretext_{group}_{enc}.pt"
        rcfg = RestorationConfig(epochs=a.pretext_epochs or defaults["pretext_epochs"], steps_per_epoch=a.pretext_steps or defaults["pretext_steps"],
                                 drop_fraction=a.drop_fraction, seed=0, **common)
        tp = time.perf_counter()
        pretext = api.load_model(pretext_path) if pretext_path.is_file() else None
        if pretext is not None and pretext.config == rcfg:  # same pretext config: reuse it, add cells to the table
            print(f"pretext reused from {pretext_path}: {pretext.history[-1]}")
        else:
            pretext = api.pretrain_restoration([read_pair(a.data, m)[0] for m in pre], rcfg, out=pretext_path)
            print(f"pretext trained in {time.perf_counter() - tp:.0f} s: {pretext.history[-1]}")
        for n in a.counts:
            if n > len(pool):
                print(f"skip {n} labelled images: the {group} pool has {len(pool)}")
                continue
            for seed in a.seeds:
                chosen = [pool[i] for i in np.random.default_rng(1000 + seed).permutation(len(pool))[:n]]
                train = [read_pair(a.data, m) for m in chosen]
                for loss in a.losses:
                    scfg = SegmentationConfig(epochs=epochs, steps_per_epoch=steps, loss=loss, seed=seed, val_fraction=0.0, **common)
                    for cond in a.conditions:
                        kwargs = {
                            "ssl_frozen": dict(encoder_from=pretext_path),
                            "ssl_unfrozen": dict(encoder_from=pretext_path, config=scfg.replace(unfreeze_after=epochs // 2)),
                            "ssl_unfrozen_slow": dict(encoder_from=pretext_path,
                                                      config=scfg.replace(unfreeze_after=epochs // 2, encoder_lr_factor=0.1)),
                            "scratch": dict(freeze_encoder=False),
                            "random_frozen": dict(freeze_encoder=True),
                        }[cond]
                        cfg = kwargs.pop("config", scfg)
                        task = api.finetune_segmentation([t[0] for t in train], [t[1] for t in train], cfg, **kwargs)
                        f1 = mean_f1(task, eval_pairs)
                        row = dict(group=group, n=n, seed=seed, loss=loss, condition=cond, f1=round(f1, 4))
                        results.append(row)
                        print(json.dumps(row), flush=True)
                        log.write(json.dumps(row) + "\n")
                        log.flush()
    (a.out / "results.json").write_text(json.dumps(results, indent=1))
    summary = summarise(results, a.conditions)
    final_json({"hardware": hardware(), "encoder": enc, "epochs": epochs, "steps_per_epoch": steps,
                "seconds": round(time.perf_counter() - t0), "summary": summary})


def summarise(results: list[dict], conditions) -> dict:
    """Print the table (F1 mean ± std over seeds) and return it as a dict."""
    summary = {}
    keys = sorted({(r["group"], r["loss"], r["n"]) for r in results})
    print("\n| group | loss | labelled | " + " | ".join(conditions) + " |")
    print("|---|---|---|" + "---|" * len(conditions))
    for group, loss, n in keys:
        cells = []
        for cond in conditions:
            f1 = [r["f1"] for r in results if (r["group"], r["loss"], r["n"], r["condition"]) == (group, loss, n, cond)]
            if not f1:
                cells.append("–")
                continue
            mean, std = float(np.mean(f1)), float(np.std(f1))
            summary[f"{group}/{loss}/{n}/{cond}"] = [round(mean, 4), round(std, 4), len(f1)]
            cells.append(f"{mean:.3f} ± {std:.3f}" + (f" ({len(f1)} seeds)" if len(f1) != 2 else ""))
        print(f"| {group} | {loss} | {n} | " + " | ".join(cells) + " |")
    return summary


if __name__ == "__main__":
    main()
