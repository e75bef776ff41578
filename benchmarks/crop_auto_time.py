"""Click-to-crop time of the one-click flow (``crop-auto``, the CT dock's *Localise and crop*).

For the demo's generated scene (96 x 128 x 128) and a 512^3 scene of the same generator (uint16
TIFFs on disk): train a sorting model on the volume alone with the quick schedule, localise
(guided box), write the crop (the default: a flagged box widened); the time of each stage, and
the box and the crop written scored against the true box.

    python benchmarks/crop_auto_time.py [--shapes 96,128,128 512,512,512] [--seed 0]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import tifffile

from _common import final_json, hardware
from napari_pretext.ct.api import crop_auto
from napari_pretext.ct.scene import box_scores, make_ct_scene


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shapes", nargs="+", default=["96,128,128", "512,512,512"])
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for text in a.shapes:
            shape = tuple(int(v) for v in text.split(","))
            scene = make_ct_scene(shape, seed=a.seed)
            path = Path(tmp) / "scene.tif"
            tifffile.imwrite(path, scene.volume)
            marks: dict[str, float] = {}
            t0 = time.perf_counter()

            def stage(event, marks=marks, t0=t0):  # the time each stage of the one bar first shows
                marks.setdefault(event.what.split(":")[0], time.perf_counter() - t0)

            result = crop_auto(path, Path(tmp) / "crop.tif", seed=a.seed, overwrite=True, on_event=stage)
            seconds = time.perf_counter() - t0
            row = {"shape": list(shape), "seconds": round(seconds, 1), "stage_starts_s": {k: round(v, 1) for k, v in marks.items()},
                   "check": result.localization.check, "widened": result.widened}
            for name, box in (("box", result.localization.box), ("crop", result.box)):
                scores = box_scores(box, scene)
                row[name] = {"relative_error": round(scores["relative_error"], 4), "kept": round(scores["kept"], 4),
                             "reduction": round(scores["reduction"], 1)}
            rows.append(row)
            said = [f"{name} {100 * row[name]['relative_error']:.1f} % error, keeps {100 * row[name]['kept']:.1f} %, "
                    f"{row[name]['reduction']}x smaller" for name in ("box", "crop")]
            print(f"{'x'.join(map(str, shape))}: click to crop {row['seconds']} s (stages from {row['stage_starts_s']}); "
                  f"{said[0]}; flagged: {row['check']}, widened: {row['widened']}; {said[1]}")
    print(f"# {hardware()}")
    final_json({"hardware": hardware(), "rows": rows})


if __name__ == "__main__":
    main()
