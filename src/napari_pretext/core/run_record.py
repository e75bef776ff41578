"""Run records: what a model was trained from and how, stored in its checkpoint (``"run"``).

A record holds the full config, the seed, the package versions, the device and thread count,
what started the run (a command line, a widget, a Python call) and, for each input, its name,
file (when it came from one), shape, dtype and the sha256 of its pixels, so that
``napari-pretext info`` can say how a model was made and ``napari-pretext rerun`` can repeat it
(see rerun.py).
"""

from __future__ import annotations

import hashlib
import platform
import sys
from pathlib import Path
from typing import Sequence

RECORD_VERSION = 1
SLAB_BYTES = 64 * 2**20  # a lazy volume is hashed this much at a time (never read whole)


def array_sha256(array) -> str:
    """sha256 of an array's dtype, shape and C-order pixels; a lazy (dask, memory-mapped) volume
    is read slab by slab along its first axis, so memory stays small."""
    import numpy as np  # (not needed for --help)

    h = hashlib.sha256(f"{np.dtype(array.dtype).str}{tuple(int(n) for n in array.shape)}".encode())
    if array.ndim == 0 or array.shape[0] == 0:
        h.update(np.ascontiguousarray(np.asarray(array)).tobytes())
        return h.hexdigest()
    per_slice = max(1, int(np.prod(array.shape[1:])) * np.dtype(array.dtype).itemsize)
    step = max(1, SLAB_BYTES // per_slice)
    for start in range(0, array.shape[0], step):
        h.update(np.ascontiguousarray(np.asarray(array[start:start + step])).tobytes())
    return h.hexdigest()


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(2**20), b""):
            h.update(block)
    return h.hexdigest()


def input_entry(array, name: str, path: str | Path | None = None, role: str = "image", rgb: bool | None = None) -> dict:
    """One input of a run: ``role`` (image, labels, volume), its name, file, shape, dtype, sha256."""
    import numpy as np  # (not needed for --help)

    entry = {"role": role, "name": str(name), "path": None if path is None else str(Path(path).resolve()),
             "shape": [int(n) for n in array.shape], "dtype": np.dtype(array.dtype).name, "sha256": array_sha256(array)}
    return entry if rgb is None else {**entry, "rgb": bool(rgb)}


def input_entries(arrays: Sequence, names: Sequence[str], paths: Sequence | None = None, role: str = "image", rgb=None) -> list[dict]:
    paths = list(paths) if paths is not None else [None] * len(arrays)
    flags = rgb if isinstance(rgb, (list, tuple)) else [rgb] * len(arrays)
    return [input_entry(a, n, p, role, f) for a, n, p, f in zip(arrays, names, paths, flags)]


def versions() -> dict[str, str]:
    """Versions of what decides the weights: Python, torch, smp, numpy and this package."""
    from importlib import metadata  # (not needed for --help)

    out = {"python": platform.python_version()}
    for name in ("torch", "segmentation-models-pytorch", "numpy", "napari-pretext"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def command_line(argv: Sequence[str] | None = None) -> str:
    """How a CLI run was started, e.g. ``napari-pretext pretrain restoration a.tif --out m.pt``."""
    return " ".join(["napari-pretext", *(sys.argv[1:] if argv is None else argv)])


def file_entry(path: str | Path) -> dict:
    """A file a run used as it is (a pretext model, the model a rerun repeats): path and sha256."""
    return {"path": str(Path(path).resolve()), "sha256": file_sha256(path)}


def record_run(task, inputs: list[dict], started_by: str, epochs: int, **extra) -> None:
    """Store in ``task.run`` (saved with its checkpoints) the record of the run about to start:
    its config and device, ``inputs`` (:func:`input_entry`), ``epochs``, and ``extra`` (what else
    it used: an encoder file, the model it repeats). A task trained before (resumed, or more
    strokes in a widget) keeps its earlier record inside."""
    import torch

    if task.step > 0:
        extra["resumed_from"] = {"step": int(task.step), "run": task.run}
    task.run = {"record_version": RECORD_VERSION, "kind": task.kind, "config": task.config.to_dict(), "seed": task.config.seed,
                "epochs": int(epochs), "versions": versions(), "device": str(task.device), "threads": torch.get_num_threads(),
                "platform": platform.platform(), "started_by": started_by, "inputs": inputs, **extra}
