"""The box step's time (box, confidence, second and third opinions: ``box_and_confidence``) with
the default rule and with one of its steps switched (off, or on where the default has it off), side by side on the same cached heatmaps
(``ct_families.py``), alternating so that the machine's drift falls on both.

Usage: ``python box_step_time.py [--step air] [--families F ...] [--seeds 0 1]``; prints the
seconds per arm and their ratio, then one JSON line.
"""

from __future__ import annotations

import argparse
import time

from _common import final_json, hardware
from ct_families import CACHE, cache_path, load
from families_eval import smoothed

from napari_pretext.ct.box_rule import GUIDED_STEPS, BoxRule
from napari_pretext.ct.localize import box_and_confidence

# two dry families (where the air step acts), a light liquid, a dense medium
FAMILIES = ("dry_tube_rod_2x", "dry_tilted_capillary_rod_3x", "saline_tube_rod_2x", "agarose_tilted_tube_pin_4x")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--step", default="air", choices=GUIDED_STEPS)
    p.add_argument("--families", nargs="+", default=list(FAMILIES))
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
    p.add_argument("--repeats", type=int, default=2, help="the first repeat warms up and is not counted")
    a = p.parse_args()
    found = [(f, s) for f in a.families for s in a.seeds if cache_path(CACHE, f, s).is_file()]
    if not found:
        raise SystemExit(f"no cached scenes of {a.families} in {CACHE}: build them with ct_families.py first.")
    switched, other = BoxRule().switched(a.step)
    arms = {"default": BoxRule(), switched: other}
    seconds = dict.fromkeys(arms, 0.0)
    for family, seed in found:
        cs = load(family, seed)
        heat = smoothed(cs)
        for repeat in range(a.repeats):
            for name, rule in arms.items():
                start = time.perf_counter()
                box_and_confidence(cs.small, heat, rule, cs.spacing)
                if repeat:
                    seconds[name] += time.perf_counter() - start
        print(f"{family} seed {seed} {cs.small.shape}", flush=True)
    ratio = seconds["default"] / seconds[switched]
    print(f"# {hardware()}; {len(found)} scenes, {a.repeats - 1} counted repeat(s)")
    print(" | ".join(f"{name}: {s:.2f} s" for name, s in seconds.items()) + f" | ratio {ratio:.2f}")
    final_json({"hardware": hardware(), "scenes": [f"{f}:{s}" for f, s in found], "seconds": seconds, "ratio": round(ratio, 3)})


if __name__ == "__main__":
    main()
