"""Cropping a multi-GB uint16 TIFF from disk: seconds, peak memory, and throughput against a
plain copy of the same number of bytes, measured side by side (interleaved) in one run.

Each measurement runs in a fresh process so its peak resident memory (ru_maxrss) is its own.
The target is a peak well under 1 GB whatever the size of the volume.

    python benchmarks/crop_io.py [--side 1024] [--dir /tmp]     # 1024^3 uint16 = 2 GiB
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import tifffile

from _common import final_json, hardware

CHILD = r"""
import json, sys, time
from pathlib import Path
mode, src, out, box, nbytes = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4]), int(sys.argv[5])
if mode == "crop":  # imports (torch among them) are not part of the timing
    from napari_pretext.ct.api import crop_volume
    from napari_pretext.ct.boxes import Box
t0 = time.perf_counter()
if mode == "crop":
    crop_volume(src, Box(tuple(box["start"]), tuple(box["stop"])), out)
else:  # a plain buffered copy of the same number of bytes
    with open(src, "rb") as fi, open(out, "wb") as fo:
        left = nbytes
        while left:
            chunk = fi.read(min(left, 16 << 20))
            fo.write(chunk)
            left -= len(chunk)
seconds = time.perf_counter() - t0
# VmHWM is this process image's own peak (ru_maxrss would carry the parent's over exec).
hwm_kb = int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1])
print(json.dumps({"seconds": seconds, "peak_rss_mb": hwm_kb / 1024, "out_bytes": Path(out).stat().st_size}))
"""


def make_volume(path: Path, side: int) -> None:
    """An uncompressed uint16 TIFF written plane block by plane block (never all in memory)."""
    vol = tifffile.memmap(path, shape=(side, side, side), dtype=np.uint16)
    rng = np.random.default_rng(0)
    for z in range(0, side, 32):
        vol[z : z + 32] = rng.integers(0, 60000, (min(32, side - z), side, side), dtype=np.uint16)
    vol.flush()
    del vol


def run(mode: str, src: Path, out: Path, box: dict, nbytes: int) -> dict:
    res = subprocess.run([sys.executable, "-c", CHILD, mode, str(src), str(out), json.dumps(box), str(nbytes)],
                         capture_output=True, text=True, check=True)
    result = json.loads(res.stdout.strip().splitlines()[-1])
    if mode == "crop":  # check the crop really holds the box's voxels before timing counts
        src_arr, crop = tifffile.memmap(src, mode="r"), tifffile.memmap(out, mode="r")
        z = (box["stop"][0] - box["start"][0]) // 2
        expected = src_arr[box["start"][0] + z, box["start"][1] : box["stop"][1], box["start"][2] : box["stop"][2]]
        assert crop.shape == tuple(b - a for a, b in zip(box["start"], box["stop"])) and np.array_equal(crop[z], expected)
        del src_arr, crop
    out.unlink(missing_ok=True)
    return result


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--side", type=int, default=1024, help="volume side in voxels (uint16)")
    p.add_argument("--keep", type=float, default=0.6, help="fraction of each side kept by the crop")
    p.add_argument("--repeats", type=int, default=2)
    p.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()))
    a = p.parse_args()
    with tempfile.TemporaryDirectory(dir=a.dir) as tmp:
        src = Path(tmp) / "volume.tif"
        t0 = time.perf_counter()
        make_volume(src, a.side)
        gib = src.stat().st_size / 2**30
        print(f"# {hardware()}; volume {a.side}^3 uint16 = {gib:.2f} GiB written in {time.perf_counter() - t0:.1f} s")
        lo = int(a.side * (1 - a.keep) / 2)
        box = {"start": [lo] * 3, "stop": [lo + int(a.side * a.keep)] * 3}
        nbytes = int(np.prod([b - s for s, b in zip(box["start"], box["stop"])])) * 2
        rows = {"crop": [], "copy": []}
        for _ in range(a.repeats):
            rows["copy"].append(run("copy", src, Path(tmp) / "copy.bin", box, nbytes))
            rows["crop"].append(run("crop", src, Path(tmp) / "crop.tif", box, nbytes))
    med = {k: float(np.median([r["seconds"] for r in v])) for k, v in rows.items()}
    peak = {k: max(r["peak_rss_mb"] for r in v) for k, v in rows.items()}
    mb = nbytes / 2**20
    for k in rows:
        print(f"{k:>5}: {med[k]:6.2f} s for {mb:.0f} MiB ({mb / med[k]:7.1f} MiB/s), peak RSS {peak[k]:.0f} MB")
    ratio = med["copy"] / med["crop"]
    print(f"crop throughput / plain copy throughput = {ratio:.2f}")
    final_json({"hardware": hardware(), "volume_gib": round(gib, 2), "crop_mib": round(mb), "seconds": med, "peak_rss_mb": peak,
                "crop_over_copy_throughput": round(ratio, 3)})


if __name__ == "__main__":
    main()
