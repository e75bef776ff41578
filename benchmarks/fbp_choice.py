"""Which tomography toolkit simulates the scenes: scikit-image's radon/iradon or ASTRA (CPU).

One slice of a real sample (the shared embryo CT, its middle slice, scaled to N x N) is
projected over 180 angles and reconstructed by filtered back-projection (ramp filter) with
each toolkit's own projector, side by side in one run: seconds per slice and the
reconstruction's error inside the reconstruction circle (RMSE relative to the slice's range).
ASTRA is optional (``pip install astra-toolbox``; its PyPI wheel also needs the CUDA 12
runtime and cuFFT libraries to import, even on the CPU).

    python benchmarks/fbp_choice.py [--sizes 128 256] [--repeats 3]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import tifffile
from skimage.transform import iradon, radon, resize

from _common import SHARED_DATA, final_json, hardware


def skimage_fbp(image: np.ndarray, theta: np.ndarray) -> np.ndarray:
    return iradon(radon(image, theta, circle=True), theta, filter_name="ramp", circle=True)


def astra_fbp(image: np.ndarray, theta: np.ndarray) -> np.ndarray:
    import astra

    n = image.shape[0]
    vol_geom = astra.create_vol_geom(n, n)
    proj_geom = astra.create_proj_geom("parallel", 1.0, n, np.deg2rad(theta))
    projector = astra.create_projector("linear", proj_geom, vol_geom)
    sino_id, _ = astra.create_sino(image, projector)
    rec_id = astra.data2d.create("-vol", vol_geom)
    cfg = astra.astra_dict("FBP")
    cfg.update(ReconstructionDataId=rec_id, ProjectionDataId=sino_id, ProjectorId=projector, FilterType="ram-lak")
    alg = astra.algorithm.create(cfg)
    astra.algorithm.run(alg)
    out = astra.data2d.get(rec_id)
    astra.algorithm.delete(alg)
    astra.data2d.delete([rec_id, sino_id])
    astra.projector.delete(projector)
    return out


def error(rec: np.ndarray, truth: np.ndarray) -> float:
    n = truth.shape[0]
    yy, xx = np.mgrid[:n, :n]
    inside = np.hypot(yy - (n - 1) / 2, xx - (n - 1) / 2) < n / 2 - 2
    return float(np.sqrt(np.mean((rec[inside] - truth[inside]) ** 2)) / np.ptp(truth))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[128, 256])
    p.add_argument("--repeats", type=int, default=3)
    a = p.parse_args()
    volume = tifffile.imread(SHARED_DATA / "volumes" / "embryo_256.tif").astype(np.float32)
    tools = {"scikit-image": skimage_fbp}
    try:
        import astra  # noqa: F401

        tools["astra (CPU)"] = astra_fbp
    except ImportError as exc:
        print(f"# astra-toolbox not available ({exc}): scikit-image only")
    theta = np.linspace(0.0, 180.0, 180, endpoint=False)
    rows = []
    print(f"# {hardware()}; 180 angles, ramp filter, own projector each")
    print("| slice | toolkit | seconds per slice | relative RMSE |\n|---|---|---|---|")
    for n in a.sizes:
        image = resize(volume[len(volume) // 2], (n, n), anti_aliasing=True)
        yy, xx = np.mgrid[:n, :n]
        image = image * (np.hypot(yy - (n - 1) / 2, xx - (n - 1) / 2) < n / 2 - 3)  # inside the circle
        for name, fbp in tools.items():
            fbp(image, theta)  # warm up
            times = []
            for _ in range(a.repeats):
                t0 = time.perf_counter()
                rec = fbp(image, theta)
                times.append(time.perf_counter() - t0)
            rows.append({"size": n, "toolkit": name, "seconds": round(float(np.median(times)), 4),
                         "spread": [round(min(times), 4), round(max(times), 4)], "relative_rmse": round(error(rec, image), 4)})
            r = rows[-1]
            print(f"| {n} x {n} | {name} | {r['seconds']:.3f} ({r['spread'][0]:.3f}-{r['spread'][1]:.3f}) | {100 * r['relative_rmse']:.2f} % |")
    final_json({"hardware": hardware(), "rows": rows})


if __name__ == "__main__":
    main()
