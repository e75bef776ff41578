"""Every held-out round's one score, from docs/ct_guide.md: a table and the goal met by kind.

Each round's section in the guide opens with the held-out family's row, scored once before any of
its scenes was looked at; this gathers the first such row of every round (no new run), names the
family as it is called now, and counts the goal (< 1.5 % mean relative face error, kept >= 99 %,
>= 4x smaller) by kind of scene (dry, a light liquid under 0.2 of the sample's attenuation, a
dense medium) and by period; then the crop a user gets (the cautious crop, which ``crop-auto``
writes) beside the box, on the rounds whose one score the guide gives both for.

    python benchmarks/held_out_record.py [--split 40]
"""

import argparse
import re
import statistics

from _common import ROOT, final_json
from families_eval import meets_goal

from napari_pretext.ct.tomography import FAMILIES

GUIDE = ROOT / "docs" / "ct_guide.md"
ROW = re.compile(r"^\| held_out_([a-z0-9_]+) \([^)]*round (\d+)[^)]*\) \| ([^|]*)\|")
SCORE = re.compile(r"([\d.]+) % \((?:worst )?([\d.]+)\), ([\d.]+) %, (\d+)x")
CROPS = "### The crop a user gets: the cautious crop at each round's one score"
CROP_ROW = re.compile(r"^\| (\d+) \| ([a-z0-9_]+) \| ([^|]*)\| ([^|]*)\| (\d+), (\d+) \|$")


def scored(text: str) -> dict:
    """A score's figures ("1.09 % (2.2), 99.66 %, 22x"): mean error, worst, kept (%), x smaller."""
    s = SCORE.match(text.replace("**", "").strip())
    return dict(error=float(s[1]), worst=float(s[2]), kept=float(s[3]), reduction=int(s[4]))


def rounds(guide=GUIDE) -> list[dict]:
    """The first held-out row of each round: round, family, mean error, worst, kept (%), x smaller, medium."""
    seen = {}
    for line in guide.read_text().splitlines():
        m = ROW.match(line)
        if m and int(m[2]) not in seen:
            family = m[1]
            medium = FAMILIES[family].get("medium", 0.0) if family in FAMILIES else None
            seen[int(m[2])] = dict(round=int(m[2]), family=family, **scored(m[3]), medium=medium)
    return [seen[r] for r in sorted(seen)]


def crops(guide=GUIDE) -> list[dict]:
    """The guide's rows of the box and the cautious crop per unseen round (its section ``CROPS``):
    round, family, box and crop (:func:`scored`), boxes losing > 1 % of their sample with each."""
    text = guide.read_text()
    start = text.find(CROPS)
    if start < 0:
        return []
    end = text.find("\n### ", start + 1)
    rows = []
    for line in text[start:end if end > 0 else None].splitlines():
        m = CROP_ROW.match(line)
        if m:
            rows.append(dict(round=int(m[1]), family=m[2], box=scored(m[3]), crop=scored(m[4]), losing=(int(m[5]), int(m[6]))))
    return rows


def met(r: dict) -> bool:
    """The issue's goal (``families_eval.GOAL``) on the round's figures, which are in per cent."""
    return meets_goal([dict(relative_error=r["error"] / 100, kept=r["kept"] / 100, reduction=r["reduction"])])


def kind(r: dict) -> str:
    m = r["medium"]
    return "unknown" if m is None else "dry" if m == 0 else "light liquid" if m < 0.2 else "dense medium"


def summary(rows: list[dict], name: str) -> str:
    if not rows:
        return f"{name}: none"
    return (f"{name}: {sum(map(met, rows))} of {len(rows)} met, median error {statistics.median(r['error'] for r in rows):.1f} %, "
            f"median kept {statistics.median(r['kept'] for r in rows):.1f} %")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--split", type=int, default=40, help="the first round of the later period")
    a = p.parse_args()
    rows = rounds()
    print("| round | family (its name now) | medium (of the sample's attenuation) | guided: mean (worst), kept, x smaller | goal |")
    print("|---|---|---|---|---|")
    for r in rows:
        medium = "dry" if r["medium"] == 0 else "?" if r["medium"] is None else f"{r['medium']:g}"
        kept = f"{r['kept']:.2f}" if r["kept"] < 99 <= round(r["kept"], 1) else f"{r['kept']:.1f}"  # 98.96 is not 99.0: the goal's edge
        print(f"| {r['round']} | {r['family']} | {medium} | {r['error']:.1f} % ({r['worst']:.1f}), {kept} %, "
              f"{r['reduction']}x | {'**met**' if met(r) else ''} |")
    print()
    print(summary(rows, "all") + "; met in rounds " + ", ".join(str(r["round"]) for r in rows if met(r)))
    for k in ("dry", "light liquid", "dense medium", "unknown"):
        group = [r for r in rows if kind(r) == k]
        if group:
            early = [r for r in group if r["round"] < a.split]
            late = [r for r in group if r["round"] >= a.split]
            print(f"{summary(group, k)} | {summary(early, f'before round {a.split}')} | {summary(late, 'from it on')}")
    print(summary([r for r in rows if r["round"] < a.split], f"rounds before {a.split}"), "|",
          summary([r for r in rows if r["round"] >= a.split], f"rounds {a.split} on"))
    both = crops()
    if both:
        span = f"rounds {both[0]['round']}-{both[-1]['round']}"
        print(summary([r["crop"] for r in both], f"the cautious crop (what crop-auto writes), {span}") + "; met in rounds "
              + ", ".join(str(r["round"]) for r in both if met(r["crop"])))
        print(summary([r["box"] for r in both], f"the box, the same {len(both)} rounds") + "; boxes losing > 1 % of their sample: "
              f"{sum(r['losing'][0] for r in both)} of the box's, {sum(r['losing'][1] for r in both)} of the crop's")
    final_json({"rounds": rows, "met": [r["round"] for r in rows if met(r)], "crops": both,
                "crop_met": [r["round"] for r in both if met(r["crop"])]})


if __name__ == "__main__":
    main()
