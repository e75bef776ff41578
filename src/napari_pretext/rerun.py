"""Repeat a recorded run (``napari-pretext rerun``): the same input files, config and schedule.

The inputs are read again from the files the run record names and must hold the same pixels
(sha256); the run stops at the step the model was saved at (a run ended early by Stop or
Ctrl-C is repeated to the same step). On the CPU with the same thread count the weights come
out identical (tests/test_rerun.py).
"""

from __future__ import annotations

import threading
from pathlib import Path

from .core.checkpoint import load_checkpoint
from .core.errors import PretextInputError
from .core.run_record import array_sha256, file_entry, file_sha256, record_run
from .tasks import KINDS, task_classes


def recorded_run(path: str | Path) -> tuple[dict, dict]:
    """(checkpoint, its run record) of a model file, or why it cannot be repeated."""
    data = load_checkpoint(path, kind=KINDS)
    run = data.get("run")
    name = Path(path).name
    if not isinstance(run, dict) or not isinstance(run.get("inputs"), list):
        raise PretextInputError(f"{name} holds no run record (trained before napari-pretext recorded runs): it cannot be repeated.")
    if run.get("resumed_from"):
        raise PretextInputError(f"{name} continued an earlier model (resumed, or trained again in a widget): repeating it "
                                f"needs that model's run; not supported.")
    return data, run


def read_input(entry: dict):
    """The array of one recorded input, read again from its file and checked against its sha256."""
    name, path = entry.get("name", "?"), entry.get("path")
    if not path:
        raise PretextInputError(f"input {name!r} did not come from a file (a napari layer?): save it and train from the file to be able to rerun.")
    # a volume may be a folder (zarr, 2D TIFF slices) or a dataset in a file (scan.h5::/entry/data)
    if not Path(str(path).partition("::")[0]).exists():
        raise PretextInputError(f"input file {path} is missing (it was {name!r} of the recorded run).")
    if entry.get("role") == "volume":
        from .ct.volumes import open_volume

        array = open_volume(path)
    else:
        from .core.io import read_image

        array = read_image(path)
    if array_sha256(array) != entry.get("sha256"):
        raise PretextInputError(f"input file {path} changed since the run (its pixels' sha256 differs from the record).")
    return array


def rerun(path: str | Path, out: str | Path | None = None, device: str | None = None, started_by: str | None = None,
          stop: threading.Event | None = None, on_event=None):
    """Train the model of ``path`` again from its run record; saves to ``out`` when given and
    returns the task. ``device``: where (default: the recorded config's)."""
    from .core.engine import run_training
    from .core.events import StepDone, drain

    data, run = recorded_run(path)
    kind = data["kind"]
    config_class, task_class = task_classes(kind)
    config = config_class.from_dict(run["config"])
    if device is not None:
        config = config.replace(device=device)
    images = [e for e in run["inputs"] if e.get("role") in ("image", "volume")]
    arrays = [read_input(e) for e in images]
    names = [e["name"] for e in images]
    extra = {"rerun_of": file_entry(path)}
    if kind == "segmentation":
        labels = [read_input(e) for e in run["inputs"] if e.get("role") == "labels"]
        encoder = run.get("encoder_from")
        if encoder:
            if not Path(encoder["path"]).is_file():
                raise PretextInputError(f"the pretext model {encoder['path']} whose encoder the run transferred is missing.")
            if file_sha256(encoder["path"]) != encoder["sha256"]:
                raise PretextInputError(f"the pretext model {encoder['path']} changed since the run (sha256 differs).")
        task = task_class(config, encoder_from=encoder["path"] if encoder else None, freeze_encoder=run.get("freeze_encoder"))
        task.set_data(arrays, labels, names, [e.get("rgb") for e in images])
        extra.update(encoder_from=encoder, freeze_encoder=run.get("freeze_encoder"))
    elif kind == "restoration":
        task = task_class(config)
        task.set_data(arrays, names, [e.get("rgb") for e in images])
    else:
        task = task_class(config)
        task.set_data(arrays, names)
    record_run(task, run["inputs"], started_by or "python: napari_pretext.rerun.rerun", run["epochs"], **extra)
    target, stop = int(data["step"]), stop or threading.Event()

    def at_recorded_step(event):  # a run stopped early is repeated to the same step
        if isinstance(event, StepDone) and event.step >= target and event.run_step < event.total_steps:
            stop.set()
        if on_event is not None:
            on_event(event)

    drain(run_training(task, int(run["epochs"]), stop), at_recorded_step)
    if out is not None:
        task.save(out)
    return task
