"""``napari-pretext`` command line: the headless API for scripts and batches.

Bad input ends with exit code 2 and one line on stderr; progress goes to a tqdm bar. The
commands live in images.py (2D), volumes.py (CT) and runs.py (info, rerun); what they share in
common.py; ``--config FILE.json`` in config_file.py. No module here imports this one.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path

from ..core.errors import PretextInputError
from .common import EXIT_BAD_INPUT, EXIT_BUG, EXIT_INTERRUPTED, ProgressPrinter, training_config
from .config_file import add_config_option, leaf_parsers, parse_with_config
from .images import add_image_commands, cmd_evaluate, cmd_finetune, cmd_predict, cmd_pretrain
from .runs import add_run_commands
from .volumes import add_ct_commands

__all__ = ["main", "build_parser", "training_config", "cmd_pretrain", "cmd_finetune", "cmd_predict", "cmd_evaluate", "EXIT_BAD_INPUT",
           "EXIT_BUG", "EXIT_INTERRUPTED"]


def cmd_demo(a) -> int:
    """Organoids (restoration pretext -> fine-tuning) and a CT scene (sorting -> box -> crop)."""
    import torch

    if a.threads < 1 or a.seeds < 1:
        raise PretextInputError("--threads and --seeds must be at least 1.")
    summary = {}
    progress = ProgressPrinter(a.quiet)
    # one fixed thread count: CPU results change with it (the order of float reductions)
    torch.set_num_threads(a.threads)
    print(f"torch threads: {torch.get_num_threads()} (this machine has {os.cpu_count()} cores; --threads to change)")
    seeds = [a.seed] if a.quick else [a.seed + i for i in range(a.seeds)]
    if a.part in ("all", "organoids"):
        from ..images.demo import run_demo_seeds

        metrics = run_demo_seeds(a.out_dir, seeds, quick=not a.full, on_event=progress)
        summary.update({"organoids": metrics["summary"], "seeds": seeds, "seconds": metrics["seconds"]})
    if a.part in ("all", "ct"):
        from ..ct.demo import run_ct_demo, scores_text

        ct = run_ct_demo(Path(a.out_dir) / "ct", quick=not a.full, seed=seeds[0], on_event=progress)
        print(f"CT box: {scores_text(ct['sorting_guided'])} (the paper's top-3 % rule: {scores_text(ct['sorting_top'])}; "
              f"Otsu: {scores_text(ct['threshold_otsu'])})")
        summary["ct"] = {k: ct[k] for k in ("sorting_guided", "sorting_top", "threshold_otsu", "seconds")}
    if a.screenshot:
        from .._qt.screenshot import ct_screenshot, demo_screenshot

        paths = ([demo_screenshot(a.out_dir)] if "organoids" in summary else []) + ([ct_screenshot(Path(a.out_dir) / "ct")] if "ct" in summary else [])
        print("screenshots: " + ", ".join(map(str, paths)))
    print(json.dumps(summary))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="napari-pretext", description="Self-supervised pretext training and segmentation fine-tuning, headless.")
    sub = parser.add_subparsers(dest="command", required=True)

    pre = sub.add_parser("pretrain", help="train a self-supervised pretext model")
    pre_sub = pre.add_subparsers(dest="pretext", required=True)
    add_image_commands(sub, pre_sub)

    add_ct_commands(sub, pre_sub)
    add_run_commands(sub)

    demo = sub.add_parser("demo", help="the whole pipeline on generated organoid images and a generated CT scene")
    demo.add_argument("--out-dir", required=True, help="outputs; the CT part's go into OUT_DIR/ct")
    demo.add_argument("--part", default="all", choices=("all", "organoids", "ct"))
    demo.add_argument("--full", action="store_true",
                      help="the paper's settings (ResNet50, 50 epochs; the CT part: the CLI's defaults on a 128x192x192 scene); for a GPU")
    demo.add_argument("--seed", type=int, default=0, help="first seed")
    demo.add_argument("--seeds", type=int, default=3, help="organoid comparison repeated over this many seeds (mean ± std)")
    demo.add_argument("--quick", action="store_true", help="one seed (about 4 minutes on 2 cores instead of about 10)")
    demo.add_argument("--threads", type=int, default=2, help="torch CPU threads (fixed, as results depend on it)")
    demo.add_argument("--screenshot", action="store_true", help="also save a napari screenshot (needs a display)")
    demo.add_argument("--quiet", action="store_true")
    demo.set_defaults(func=cmd_demo)
    for command in leaf_parsers(parser):  # every command: --config FILE.json
        add_config_option(command)
    return parser


def error_line(message) -> None:
    """Bad input in one line on stderr, whatever the message holds (a decoder's own text may span
    several lines)."""
    print("napari-pretext: error: " + " ".join(str(message).split()), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    import logging

    # tifffile logs what it skips in a damaged file; the command says it in its own one line
    logging.getLogger("tifffile").addHandler(logging.NullHandler())
    from ..core.run_record import command_line

    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = parse_with_config(build_parser(), argv)
    except PretextInputError as exc:  # a bad --config file
        error_line(exc)
        return EXIT_BAD_INPUT
    args.command_line = command_line(argv)  # recorded in the models the command trains
    try:
        return args.func(args)
    except PretextInputError as exc:
        error_line(exc)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:  # outside training, or a second Ctrl-C during it
        print("napari-pretext: aborted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:  # a full disk, a read-only folder, a file in the way: the user's to fix
        from ..core.outputs import os_error_text

        error_line(os_error_text(exc))
        return EXIT_BAD_INPUT
    except Exception as exc:  # a bug: the traceback, and a line that says so
        from ..core.errors import out_of_memory

        oom = out_of_memory(exc)
        if oom is not None:  # the batch or model does not fit: the user's to change
            error_line(oom)
            return EXIT_BAD_INPUT
        traceback.print_exc()
        print("napari-pretext: this is a bug in napari-pretext, not a problem with your input; please report it "
              "with the lines above", file=sys.stderr)
        return EXIT_BUG
