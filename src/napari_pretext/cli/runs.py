"""``napari-pretext info`` and ``rerun``: how a model was made, and making it again."""

from __future__ import annotations

import json
from pathlib import Path

from .common import add_model_device


def cmd_info(a) -> int:
    """The model's kind, schedule, scores and run record as JSON (last line)."""
    import sys

    from ..core.checkpoint import load_checkpoint

    data = load_checkpoint(a.model)
    if not isinstance(data.get("run"), dict):
        print(f"note: {Path(a.model).name} holds no run record (trained before napari-pretext recorded runs)", file=sys.stderr)
    keys = ("kind", "epoch", "step", "metrics", "config", "run")
    print(json.dumps({k: data.get(k) for k in keys}))
    return 0


def cmd_rerun(a) -> int:
    from ..rerun import recorded_run, rerun
    from .common import ProgressPrinter, check_model_out, ctrl_c_stops, training_done

    recorded_run(a.model)  # no run record, or a resumed run: say so before anything else
    a.images = [a.model]  # never written over the model it repeats
    check_model_out(a)
    with ctrl_c_stops() as stop:
        rerun(a.model, a.out, device=a.device, started_by=a.command_line, stop=stop, on_event=ProgressPrinter(a.quiet))
    return training_done(a.out, stop)


def add_run_commands(sub) -> None:
    info = sub.add_parser("info", help="how a model was trained: its settings, inputs (sha256), versions, device (JSON, last line)")
    info.add_argument("model")
    info.set_defaults(func=cmd_info)

    again = sub.add_parser("rerun", help="train a model again from the same input files and settings (refused when an input "
                                         "is missing or changed)")
    again.add_argument("model")
    again.add_argument("--out", required=True, help="the new checkpoint (.pt)")
    add_model_device(again)
    again.add_argument("--overwrite", action="store_true", help="replace an existing --out file")
    again.add_argument("--quiet", action="store_true", help="no progress bar")
    again.set_defaults(func=cmd_rerun)
