"""Headless API of the CT tools: pretrain, localise, crop (a folder on dask.distributed: ``batch.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np
import tifffile

from ..core.events import drain
from ..core.outputs import check_output
from .boxes import Box, save_box
from .crop import CAUTIOUS, check_crop_output, crop_metadata, provenance, write_crop
from .volume_files import ome_voxel_size
from .volumes import open_volume

# The model parts (torch) are imported inside the functions that need them: cropping a volume
# from the command line or in a dask worker then needs neither the time nor the memory.


def pretrain_volumes(kind: str, volumes: Sequence, config=None, out=None, stop=None, on_event=None, names=None,
                     sources=None, started_by: str | None = None):
    """Train a ``sorting`` or ``rotation`` pretext on volumes (arrays or lazy dask arrays);
    ``sources`` (their files) and ``started_by`` go into the run record (run_record.py)."""
    from ..core.engine import run_training
    from ..core.run_record import input_entries, record_run
    from ..core.training import names_for
    from .rotation_task import RotationConfig, RotationTask
    from .sorting import SortingConfig, SortingTask

    task_class, config_class = {"sorting": (SortingTask, SortingConfig), "rotation": (RotationTask, RotationConfig)}[kind]
    task = task_class(config or config_class())
    task.set_data(volumes, names)
    record_run(task, input_entries(volumes, names_for(volumes, names), sources, "volume"),
               started_by or "python: napari_pretext.ct.api.pretrain_volumes", task.config.epochs)
    drain(run_training(task, task.config.epochs, stop), on_event)
    if out is not None:
        task.save(out)
    return task


def crop_auto(path: str | Path, out: str | Path, model_out=None, box_out=None, padding: int = 4, seed: int = 0,
              overwrite: bool = False, stop=None, on_event=None, spacing=None, device: str = "auto", started_by: str | None = None,
              cautious: bool = CAUTIOUS, rule=None):
    """One click, headless: a sorting model trained on this volume alone, its guided box, the crop
    written to ``out`` (and the model and box when asked). Every output is checked before the
    work; returns the :class:`~.auto_crop.AutoCrop`, or None when ``stop`` ended it early.
    ``spacing``: the (z, y, x) voxel size, by default the file's own when it records one;
    ``cautious``: crop the wide box when the box is flagged (``Localization.cautious_box``);
    ``rule``: the box rule (:class:`~.box_rule.BoxRule`, its defaults when None)."""
    from .auto_crop import auto_crop, quick_sorting_config

    path = Path(path)
    check_crop_output(out, sources=[path], overwrite=overwrite)
    for target, kind in ((model_out, "model"), (box_out, "box")):
        if target is not None:
            check_output(target, kind, sources=[path], overwrite=overwrite)
    volume = open_volume(path)
    spacing = spacing or recorded_spacing(path)
    config = quick_sorting_config(seed, device=device)
    result = drain(auto_crop(volume, config=config, padding=padding, stop=stop, spacing=spacing, source=path,
                             started_by=started_by or "python: napari_pretext.ct.api.crop_auto", cautious=cautious, rule=rule),
                   on_event)
    if result is None:
        return None
    model = "sorting model trained on this volume (crop-auto)"
    if model_out is not None:
        model = str(result.task.save(model_out))
    loc = result.localization
    if box_out is not None:
        save_box(loc.box, box_out, {**loc.record(), **provenance(path, model)})
    write_crop(volume, result.box, out, crop_metadata(result.box, str(path), voxel_size(path), model, how_cropped(loc, result.box)))
    return result


def how_cropped(loc, box: Box) -> str:
    """How ``box`` (the box ``loc`` found, or its wide box) was found, in words."""
    return loc.how if box == loc.box else f"{loc.how}; widened to the wide box: the box was flagged (check it by hand)"


def load_ct_model(path: str | Path, device: str | None = None):
    """A sorting or rotation task from its checkpoint, on ``device`` (default: the one it was saved with)."""
    from ..core.checkpoint import load_checkpoint, on_device, task_from_checkpoint
    from .rotation_task import RotationTask
    from .sorting import SortingTask

    data = on_device(load_checkpoint(path, kind=("sorting", "rotation")), device)
    task_class = SortingTask if data["kind"] == "sorting" else RotationTask
    return task_from_checkpoint(task_class, data, Path(path).name)


def localize_volume(volume, method: str = "threshold", model=None, on_event=None, **options):
    """:class:`~.localize.Localization` of the sample in ``volume`` (an array or a path);
    ``model`` is a task or a checkpoint path."""
    from .localize import localize

    if isinstance(volume, (str, Path)):
        if options.get("spacing") is None:
            options["spacing"] = recorded_spacing(volume)
        volume = open_volume(volume)
    device = options.pop("device", None)
    task = load_ct_model(model, device) if isinstance(model, (str, Path)) else model
    return drain(localize(volume, method, task, **options), on_event)


def recorded_spacing(path: str | Path) -> tuple[float, float, float] | None:
    """The (z, y, x) voxel size a TIFF records as an ImageJ hyperstack does (slice spacing and
    resolution in one unit), else None: a bare resolution tag (72 dpi, say) says nothing of
    the slice spacing, so it is not taken for one; or the scale an OME-Zarr image records."""
    path = Path(path)
    if not path.exists():
        return None
    try:
        size = voxel_size(path, needs_spacing=True)
    except (OSError, tifffile.TiffFileError, ValueError):
        return None  # reading the volume will say what is wrong with it
    return tuple(size) if size and all(np.isfinite(v) and v > 0 for v in size) else None


def voxel_size(path: str | Path, needs_spacing: bool = False) -> list[float] | None:
    """(z, y, x) voxel size from a TIFF's resolution tags and ImageJ slice spacing (1 when it has
    none, or None with ``needs_spacing``), or an OME-Zarr image's scale; None for other files or
    without resolution tags."""
    path = Path(path)
    if path.suffix.lower() == ".zarr":
        return ome_voxel_size(path)
    if path.suffix.lower() not in (".tif", ".tiff"):
        return None
    with tifffile.TiffFile(path) as tif:
        page = tif.pages[0]
        ij = tif.imagej_metadata or {}
        if needs_spacing and "spacing" not in ij:
            return None
        try:
            xres, yres = page.tags["XResolution"].value, page.tags["YResolution"].value
            sx, sy = xres[1] / xres[0], yres[1] / yres[0]
        except (KeyError, ZeroDivisionError):
            return None
        return [float(ij.get("spacing", 1.0)), float(sy), float(sx)]


def crop_volume(path: str | Path, box: Box, out: str | Path, model: str | None = None, overwrite: bool = False,
                how: str | None = None) -> Path:
    """Write the crop of a volume file (never over it or what it is in), chunk by chunk; an
    existing ``out`` only with ``overwrite`` and only when it is a file or an earlier crop.
    ``how``: how the box was found (stored with the crop)."""
    path, out = Path(path), Path(out)
    check_crop_output(out, sources=[path], overwrite=overwrite)
    volume = open_volume(path)
    box.validate(tuple(volume.shape))
    return write_crop(volume, box, out, crop_metadata(box, str(path), voxel_size(path), model, how))
