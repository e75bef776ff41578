"""The same volume in each format a user may have, side by side: opening it (the checks every
reader makes), a threshold localisation (all of it read once, downscaled, boxed) and the crop of
that box written to a TIFF.

One generated 512^3 uint16 scene written as an uncompressed TIFF (the reference), a
zlib-compressed TIFF, a folder of 2D TIFF slices, an OME-Zarr image (ome-zarr-py, one level) and
an HDF5 dataset chunked per slice, and the OME-Zarr read as before chunk-deep reads (``f``
slices at a time, each chunk decoded again for every slab); the formats are timed in turn, ``--repeats`` rounds, warm page
cache (the files were just written), and each median is given as a ratio to the reference's.

    python benchmarks/volume_formats_time.py [--side 512 --repeats 3]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
from pathlib import Path
from unittest import mock

import h5py
import numpy as np
import tifffile
import zarr

from _common import final_json, hardware
from napari_pretext.ct.api import crop_volume, localize_volume
from napari_pretext.ct.scene import make_ct_scene
from napari_pretext.ct.volumes import open_volume


def write_formats(volume: np.ndarray, root: Path) -> dict[str, Path]:
    """The volume in every format, under ``root``: {label: path}."""
    from ome_zarr.io import parse_url
    from ome_zarr.writer import write_image

    paths = {"TIFF": root / "scan.tif", "TIFF, zlib": root / "zipped.tif", "folder of 2D TIFFs": root / "rec",
             "OME-Zarr": root / "scan.ome.zarr", "HDF5 (chunk = 1 slice)": root / "scan.h5"}
    tifffile.imwrite(paths["TIFF"], volume)
    tifffile.imwrite(paths["TIFF, zlib"], volume, compression="zlib")
    paths["folder of 2D TIFFs"].mkdir()
    for i, plane in enumerate(volume):
        tifffile.imwrite(paths["folder of 2D TIFFs"] / f"rec_{i:05d}.tif", plane)
    write_image(image=volume, group=zarr.group(store=parse_url(str(paths["OME-Zarr"]), mode="w").store), axes="zyx", scale_factors=())
    with h5py.File(paths["HDF5 (chunk = 1 slice)"], "w") as f:
        f.create_dataset("entry/data", data=volume, chunks=(1, *volume.shape[1:]))
    return paths


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--side", type=int, default=512)
    p.add_argument("--repeats", type=int, default=3)
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        volume = make_ct_scene((a.side,) * 3, seed=0).volume
        paths = write_formats(volume, Path(tmp))
        paths["OME-Zarr, read f slices at a time (before chunk-deep reads)"] = paths["OME-Zarr"]
        opened = {label: [] for label in paths}
        localised = {label: [] for label in paths}
        cropped = {label: [] for label in paths}
        boxes = {}
        for _ in range(a.repeats):  # interleaved: a slow moment of the machine hits every format alike
            for label, path in paths.items():
                before = "before" in label
                with contextlib.ExitStack() as stack:
                    if before:  # slabs f (or 16) slices deep, whatever the chunks
                        for module in ("volumes", "crop"):
                            stack.enter_context(mock.patch(f"napari_pretext.ct.{module}.chunk_depth", lambda volume: 1))
                    t0 = time.perf_counter()
                    open_volume(path)
                    opened[label].append(time.perf_counter() - t0)
                    t0 = time.perf_counter()
                    boxes[label] = localize_volume(path, "threshold").box
                    localised[label].append(time.perf_counter() - t0)
                    t0 = time.perf_counter()
                    crop_volume(path, boxes[label], Path(tmp) / "crop.tif", overwrite=True)
                    cropped[label].append(time.perf_counter() - t0)
    reference = "TIFF"
    print(f"# {hardware()}; {a.side}^3 uint16, median of {a.repeats} interleaved rounds, warm page cache")
    print("| format | open (s) | threshold localisation (s) | ratio to one uncompressed TIFF | crop of its box (s) | ratio | same box |")
    print("|---|---|---|---|---|---|---|")
    rows = {}
    for label in paths:
        rows[label] = {"open_s": round(statistics.median(opened[label]), 3), "localize_s": round(statistics.median(localised[label]), 2),
                       "crop_s": round(statistics.median(cropped[label]), 2)}
        ratio = rows[label]["localize_s"] / max(rows[reference]["localize_s"], 1e-9)
        crop_ratio = rows[label]["crop_s"] / max(rows[reference]["crop_s"], 1e-9)
        print(f"| {label} | {rows[label]['open_s']} | {rows[label]['localize_s']} | {ratio:.2f} | {rows[label]['crop_s']} | {crop_ratio:.2f} | "
              f"{boxes[label] == boxes[reference]} |")
    final_json({"hardware": hardware(), "side": a.side, "repeats": a.repeats, "formats": rows,
                "same_box": all(boxes[label] == boxes[reference] for label in paths)})


if __name__ == "__main__":
    main()
