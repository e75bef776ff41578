"""Crop a folder of volumes on dask.distributed, one task per volume (``crop-batch``): its
TIFF and zarr volumes, and its subfolders of 2D TIFF slices (one volume each).

A volume is handed to the cluster only when a worker thread is free, so a stop (the first
Ctrl-C) lets the volumes being cropped finish and starts no more: every crop is then either
whole or not begun. A second run over the same folders resumes: a volume whose crop an earlier
run wrote is skipped (``overwrite`` crops it again), and so are the crops themselves when the
output folder is the input folder.
"""

from __future__ import annotations

import itertools
import json
import logging
import signal
import threading
import time
import traceback
from contextlib import contextmanager
from pathlib import Path

from ..core.choices import VOLUME_SUFFIXES
from ..core.errors import PretextInputError
from ..core.outputs import write_text_atomic
from .api import crop_volume, how_cropped, localize_volume, recorded_spacing
from .box_rule import BoxRule
from .boxes import save_box
from .crop import CAUTIOUS, check_crop_output, crop_source, provenance
from .volume_files import is_slice_folder
from .volumes import open_volume

REPORT = "crop_report.json"
NOT_STARTED = "not started: the batch was stopped (run it again to crop it)"  # a skipped volume's reason


def crop_path(path: str, out_dir: str | Path, suffix: str) -> Path:
    """Where the crop of the volume ``path`` goes: ``OUT_DIR/<name>_crop<suffix>``."""
    return Path(out_dir) / f"{Path(path).stem.removesuffix('.ome')}_crop{suffix}"


def process_volume(path: str, out_dir: str, model: str | None, method: str, padding: int, suffix: str, overwrite: bool = False,
                   device: str | None = None, cautious: bool = CAUTIOUS, rule: BoxRule | None = None) -> dict:
    """One crop-batch task: localise and crop one volume (the model on ``device``, default the
    one it was saved with; ``cautious``: the wide box when the box is flagged; ``rule``: the
    box rule, its defaults when None); never raises (errors are reported)."""
    t0 = time.perf_counter()
    report = {"volume": path, "method": method}
    try:
        out = crop_path(path, out_dir, suffix)
        check_crop_output(out, sources=[path], overwrite=overwrite)  # before the localisation, not after
        volume = open_volume(path)
        # the file's voxel size, as crop-auto and localize take it: the rule's lengths are physical
        loc = localize_volume(volume, method, model, padding=padding, device=device, spacing=recorded_spacing(path), rule=rule)
        save_box(loc.box, out.with_suffix(".box.json"), {**loc.record(), **provenance(path, model)})
        box = loc.cautious_box if cautious else loc.box
        crop_volume(path, box, out, model, overwrite=overwrite, how=how_cropped(loc, box))
        full = 1
        for s in volume.shape:
            full *= s
        # check: the guided rule fell back, or its box is unstable (it may miss the sample)
        report.update(ok=True, box=loc.box.to_dict(), how=loc.how, check=loc.check, confidence=loc.confidence, crop=str(out),
                      cropped=box.to_dict(), widened=box != loc.box, reduction=round(full / box.size, 3))
    except Exception as exc:  # a bad volume must not stop the batch
        report.update(ok=False, error=f"{type(exc).__name__}: {exc}", traceback=traceback.format_exc(limit=3))
    report["seconds"] = round(time.perf_counter() - t0, 2)
    return report


def distributed_parts():
    """dask.distributed's Client and LocalCluster, or a line saying how to mend an environment
    whose distributed does not import with its dask (each distributed release pins one dask)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        import dask

        raise PretextInputError(f"crop-batch needs dask.distributed, which does not import with dask {dask.__version__} here ({exc}): "
                                "install the two as a matching pair, e.g. pip install --upgrade 'distributed>=2025.1' dask") from exc
    return Client, LocalCluster


def crop_batch(
    in_dir: str | Path, out_dir: str | Path, model: str | None = None, method: str | None = None, scheduler: str | None = None,
    padding: int = 4, suffix: str = ".tif", n_workers: int | None = None, overwrite: bool = False, device: str | None = None,
    cautious: bool = CAUTIOUS, stop: threading.Event | None = None, rule: BoxRule | None = None,
) -> list[dict]:
    """Localise and crop every volume of ``in_dir`` on dask.distributed, one task per volume
    (``cautious``: a flagged box is cropped as its wide box; ``stop``: once set, no volume is
    started, those being cropped finish; ``rule``: the box rule, its defaults when None).

    ``scheduler``: address of an existing cluster (e.g. dask-jobqueue on SLURM); default a
    LocalCluster. Returns one report per volume, in name order: a finished one (``ok``), or one
    ``skipped`` with the reason; failures are reported, not raised.
    """
    if n_workers is not None and n_workers < 1:  # LocalCluster(n_workers=-1) waits forever
        raise PretextInputError(f"--workers must be at least 1, not {n_workers}.")
    if padding < 0:
        raise PretextInputError(f"--padding must be >= 0, not {padding}.")
    if not Path(in_dir).is_dir():
        raise PretextInputError(f"{in_dir} is not a folder of volumes.")
    entries = sorted(Path(in_dir).iterdir())
    paths = [str(p) for p in entries if p.suffix.lower() in VOLUME_SUFFIXES or is_slice_folder(p)]
    if not paths:
        folders = [p.name for p in entries if p.is_dir()]
        inside = f" (crop-batch does not look inside its folders, e.g. {folders[0]}: pass that folder)" if folders else ""
        raise PretextInputError(f"no volumes ({', '.join(VOLUME_SUFFIXES)}, or folders of 2D TIFF slices) in {in_dir}{inside}.")
    skipped = own_crops(paths)  # with OUT_DIR = IN_DIR, a second run would crop the first run's crops
    if not overwrite:
        skipped.update(earlier_crops([p for p in paths if p not in skipped], out_dir, suffix))
    paths = [p for p in paths if p not in skipped]
    if method is None and model:
        from ..core.checkpoint import load_checkpoint

        method = load_checkpoint(model, kind=("sorting", "rotation"))["kind"]
    method = method or "threshold"
    Client, LocalCluster = distributed_parts()
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    cluster = None
    if not scheduler and paths:
        with ctrl_c_ignored():  # the worker processes inherit it: a Ctrl-C stops the batch between volumes, not mid-crop
            cluster = LocalCluster(n_workers=n_workers or 1, threads_per_worker=1, processes=True, dashboard_address=None)
    reports = []
    if paths:
        with Client(scheduler or cluster) as client:
            reports = run_volumes(client, paths, stop, (str(out_dir), None if model is None else str(model), method, padding, suffix,
                                                        overwrite, device, cautious, rule))
            if cluster is not None:  # only our own workers: another cluster's logs are its owner's
                client.run(quiet_last_heartbeat, on_error="ignore")
    if cluster is not None:
        cluster.close()
    finished = {r["volume"] for r in reports}
    skipped.update({p: NOT_STARTED for p in paths if p not in finished})
    reports = sorted(reports + [{"volume": p, "skipped": why} for p, why in skipped.items()], key=lambda r: r["volume"])
    write_text_atomic(Path(out_dir) / REPORT, json.dumps(reports, indent=1))
    return reports


def run_volumes(client, paths: list[str], stop: threading.Event | None, arguments: tuple) -> list[dict]:
    """``process_volume(path, *arguments)`` for each path, no more at once than the cluster has
    worker threads (at least one), none started once ``stop`` is set; the finished reports."""
    from dask.distributed import as_completed

    def stopped() -> bool:
        return stop is not None and stop.is_set()

    queue = iter(paths)
    slots = 0 if stopped() else max(1, sum(client.nthreads().values()))
    running = as_completed([client.submit(process_volume, p, *arguments, pure=False) for p in itertools.islice(queue, slots)])
    reports = []
    for future in running:
        reports.append(future.result())
        following = None if stopped() else next(queue, None)
        if following is not None:
            running.add(client.submit(process_volume, following, *arguments, pure=False))
    return reports


class LastHeartbeat(logging.Filter):
    """Drops a worker's "Failed to communicate with scheduler during heartbeat" traceback: when a
    LocalCluster closes, a heartbeat still in flight can meet the scheduler's closed stream
    (dask/distributed#7105, seen at the end of a batch stopped by Ctrl-C); no error of the batch."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to communicate with scheduler during heartbeat")


def quiet_last_heartbeat() -> None:
    """Run on each worker of the batch's own LocalCluster just before it closes."""
    logging.getLogger("distributed.worker").addFilter(LastHeartbeat())


@contextmanager
def ctrl_c_ignored():
    """SIGINT ignored while processes are started (they keep ignoring it); a no-op outside the
    main thread, where signals cannot be set."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def own_crops(paths: list[str]) -> dict[str, str]:
    """{path: why} for each of ``paths`` that is a crop written from another of ``paths`` (a
    crop-batch run's output in its input folder); matched by name too, as a crop records its
    source as it was given (maybe a path relative to another working folder)."""
    names = {Path(p).name for p in paths}
    resolved = {str(Path(p).resolve()) for p in paths}
    own = {}
    for p in paths:
        source = crop_source(p)
        if source is not None and (Path(source).name in names or str(Path(source).resolve()) in resolved):
            own[p] = f"the crop of {Path(source).name} (an earlier run's output), not a volume to crop"
    return own


def earlier_crops(paths: list[str], out_dir: str | Path, suffix: str) -> dict[str, str]:
    """{path: why} for each volume whose crop an earlier run wrote (a crop of this volume at its
    crop's path): resumed runs skip them. Any other file there is left to the task, which
    reports it and never replaces it."""
    done = {}
    for p in paths:
        out = crop_path(p, out_dir, suffix)
        source = crop_source(out) if out.exists() else None
        if source is not None and Path(source).name == Path(p).name:
            done[p] = f"cropped by an earlier run to {out.name} (pass --overwrite to crop it again)"
    return done
