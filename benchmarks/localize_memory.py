"""Peak anonymous memory (RssAnon) of localising a large uint16 volume with the threshold method.

Writes uncompressed TIFFs of 1024^3 (2 GiB) and 2048 x 1024 x 1024 (4 GiB) voxels, then runs
``napari-pretext localize --method threshold`` on each in a fresh process, polling its
``/proc/PID/status`` every 5 ms. File-backed pages (the memory-mapped TIFF in the page cache)
are reported apart: they are the OS's cache, not the process's memory. Side by side in one run:
the block-by-block downscale (now) and the dask ``coarsen`` it replaced (before).

    python benchmarks/localize_memory.py [--shapes 1024,1024,1024 2048,1024,1024] [--dir /tmp]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import tifffile

from _common import final_json, hardware

BEFORE = """
import dask.array as da, numpy as np
from napari_pretext.ct import volumes, localize
def dask_coarsen(volume, max_side=256):  # the implementation before this benchmark
    factor = volumes.downscale_factor(tuple(volume.shape), max_side)
    array = volume if isinstance(volume, da.Array) else da.from_array(volume, chunks=(max(1, factor), -1, -1))
    if factor > 1:
        array = array.rechunk((factor * max(1, 8 // factor), -1, -1))
        array = da.coarsen(np.mean, array.astype(np.float32), {0: factor, 1: factor, 2: factor}, trim_excess=True)
    return np.asarray(array.astype(np.float32).compute(scheduler="threads")), factor
localize.downscale_volume = dask_coarsen
"""
RUN = """
import sys
from napari_pretext.cli import main
sys.exit(main(["localize", sys.argv[1], "--method", "threshold", "--box-out", sys.argv[2], "--quiet", "--overwrite"]))
"""


def write_volume(path: Path, shape: tuple[int, int, int]) -> None:
    """A bright ellipsoid in noise, written slab by slab (never whole in memory)."""
    out = tifffile.memmap(path, shape=shape, dtype=np.uint16)
    zz, yy, xx = [np.arange(n, dtype=np.float32) / n - 0.5 for n in shape]
    rng = np.random.default_rng(0)
    for z0 in range(0, shape[0], 64):
        z = zz[z0:z0 + 64, None, None]
        inside = (z / 0.3) ** 2 + (yy[None, :, None] / 0.2) ** 2 + (xx[None, None, :] / 0.25) ** 2 < 1
        out[z0:z0 + 64] = 1000 + 20000 * inside + rng.integers(0, 500, inside.shape, dtype=np.uint16)
    out.flush()
    del out


def status(pid: int) -> dict[str, int]:
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("RssAnon", "RssFile"):
                fields[key] = int(value.split()[0]) * 1024
    return fields


def measure(volume: Path, box: Path, before: bool) -> dict:
    code = (BEFORE if before else "") + RUN
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, str(volume), str(box)])
    peak = {"RssAnon": 0, "RssFile": 0}
    while proc.poll() is None:
        try:
            for key, value in status(proc.pid).items():
                peak[key] = max(peak[key], value)
        except (FileNotFoundError, ProcessLookupError):
            break
        time.sleep(0.005)
    assert proc.wait() == 0, "localize failed"
    return {"seconds": round(time.perf_counter() - t0, 1), "peak_anon_mb": round(peak["RssAnon"] / 2**20),
            "peak_file_mb": round(peak["RssFile"] / 2**20), "box": box.read_text()}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shapes", nargs="+", default=["1024,1024,1024", "2048,1024,1024"])
    p.add_argument("--dir", default=None, help="where the test volumes go (needs 6 GiB free)")
    a = p.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(dir=a.dir) as tmp:
        for text in a.shapes:
            shape = tuple(int(v) for v in text.split(","))
            volume = Path(tmp) / "volume.tif"
            write_volume(volume, shape)
            before, now = measure(volume, Path(tmp) / "b0.json", True), measure(volume, Path(tmp) / "b1.json", False)
            assert before["box"] == now["box"], "the two downscales must give the same box"
            row = {"shape": list(shape), "gib": round(np.prod(shape) * 2 / 2**30, 1), "before": before, "now": now,
                   "anon_ratio_before_over_now": round(before["peak_anon_mb"] / max(now["peak_anon_mb"], 1), 1)}
            rows.append(row)
            print(f"{'x'.join(map(str, shape))} uint16 ({row['gib']} GiB): peak RssAnon before {before['peak_anon_mb']} MB "
                  f"({before['seconds']} s), now {now['peak_anon_mb']} MB ({now['seconds']} s), "
                  f"{row['anon_ratio_before_over_now']}x less; file-backed (page cache) {now['peak_file_mb']} MB")
            volume.unlink()
    print(f"# {hardware()}")
    final_json({"hardware": hardware(), "rows": rows})


if __name__ == "__main__":
    main()
