"""``napari-pretext`` command line: the headless API for scripts and batches.

Bad input ends with exit code 2 and one line on stderr; progress goes to a tqdm bar.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import traceback
from contextlib import contextmanager
from pathlib import Path

from ..errors import PretextInputError

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
EXIT_BUG = 1  # what shells report for a command ended by Ctrl-C


class ProgressPrinter:
    """Turns engine events into a tqdm bar plus one line per epoch (on stderr); the progress of
    other jobs (localisation) into one bar per stage."""

    def __init__(self, quiet: bool = False):
        self.quiet, self.bar, self.job, self.what = quiet, None, None, None

    def __call__(self, event) -> None:
        from tqdm import tqdm

        from ..events import EpochDone, Message, Progress, StepDone, TrainingFinished, TrainingStarted

        if self.quiet:
            return
        if isinstance(event, Progress):
            self.job_progress(event)
        if isinstance(event, TrainingStarted):
            if event.message:
                tqdm.write(f"note: {event.message}", file=sys.stderr)
            self.bar = tqdm(total=event.total_steps, desc=f"{event.kind} on {event.device}", unit="step", file=sys.stderr)
        elif isinstance(event, StepDone) and self.bar is not None:
            self.bar.update(event.run_step - self.bar.n)
            self.bar.set_postfix(loss=f"{event.loss:.4f}")
        elif isinstance(event, EpochDone):
            shown = ", ".join(f"{k}={v:.4f}" for k, v in event.metrics.items())
            tqdm.write(f"epoch {event.epoch}: train_loss={event.train_loss:.4f} {shown}", file=sys.stderr)
        elif isinstance(event, Message):
            tqdm.write(event.text, file=sys.stderr)
        elif isinstance(event, TrainingFinished) and self.bar is not None:
            self.bar.close()
            if event.stopped:
                tqdm.write("stopped early; the model of the last completed step is kept", file=sys.stderr)


    def job_progress(self, event) -> None:
        from tqdm import tqdm

        same_bar = self.job is not None and event.total == self.job.total and event.done >= self.job.n
        if same_bar and self.what != event.what:  # one bar across stages: only its label changes
            self.job.set_description(event.what, refresh=False)
            self.what = event.what
        elif not same_bar:
            if self.job is not None:
                self.job.close()
                self.job = None
            if event.done == 0:  # a stage's bar appears with its first progress: a file that fails
                return           # to read ends in the error's one line, not under an empty bar
            self.job, self.what = tqdm(total=event.total, desc=event.what, file=sys.stderr), event.what
        self.job.total = event.total
        self.job.update(event.done - self.job.n)
        if event.done >= event.total:
            self.job.close()
            self.job = None


@contextmanager
def ctrl_c_stops_training():
    """A stop flag that the first Ctrl-C sets, like the widgets' Stop: training ends after the
    current step and the model trained so far is saved. A second Ctrl-C aborts at once."""
    stop = threading.Event()

    def first(signum, frame):
        stop.set()
        signal.signal(signal.SIGINT, previous)
        print("\nstopping after the current step; the model trained so far will be saved (Ctrl-C again to abort)", file=sys.stderr)

    previous = signal.signal(signal.SIGINT, first)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


def training_done(out, stop: threading.Event) -> int:
    """Say where the model went; exit code 130 when Ctrl-C ended the run early."""
    if stop.is_set():
        print(f"stopped by Ctrl-C: saved the model of the last complete step to {out}", file=sys.stderr)
        return EXIT_INTERRUPTED
    print(f"saved {out}")
    return 0


def check_model_out(a) -> None:
    """Refuse an unwritable or existing ``--out`` (without --overwrite), or one that is an input,
    before any training."""
    from ..outputs import check_output

    sources = [*getattr(a, "images", []), *getattr(a, "labels", []), *getattr(a, "volumes", [])]
    check_output(a.out, "model", sources=sources, overwrite=a.overwrite)


def add_model_device(p: argparse.ArgumentParser) -> None:
    """``--device`` for a command that runs a saved model (default: the device it was saved with)."""
    from ..choices import DEVICES

    p.add_argument("--device", default=None, choices=DEVICES,
                   help="run the model here (default: the device it was trained with; cpu when a GPU is busy)")


def add_object_options(p: argparse.ArgumentParser, objects_help: str, min_size_help: str) -> None:
    p.add_argument("--objects", action="store_true", help=objects_help)
    p.add_argument("--min-size", type=int, default=0, help=f"with --objects: {min_size_help}")
    p.add_argument("--split-distance", type=int, default=0,
                   help="with --objects: split touching objects by a distance-transform watershed, seeds this many "
                        "pixels apart (about an object's radius; 0 = connected components only)")


TRAINING_SETTINGS = ("encoder", "epochs", "batch_size", "patch_size", "steps_per_epoch", "learning_rate", "device", "seed")


def add_training_options(p: argparse.ArgumentParser, config_class, encoder_from_pretext: bool = False) -> None:
    """The options every training command shares, made from ``config_class``'s fields
    (settings.py: defaults written once, in the config)."""
    from ..settings import add_setting_options

    add_setting_options(p, config_class, TRAINING_SETTINGS)
    if encoder_from_pretext:  # the pretext's architecture, so that --encoder need not be repeated
        p.set_defaults(encoder=None)
    p.add_argument("--rgb", action="store_true", help="3-channel (RGB) model instead of gray")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--overwrite", action="store_true", help="replace an existing --out file")


def training_config(config_class, a: argparse.Namespace, **changes):
    """The config of a training command: every field its options hold (by name), RGB or gray."""
    from ..settings import config_from_args

    return config_from_args(config_class, a, in_channels=3 if a.rgb else 1, **changes)


def read_all(paths) -> list:
    from ..io import read_image

    return [read_image(p) for p in paths]


def cmd_pretrain(a) -> int:
    from .. import api
    from ..config import RestorationConfig

    config = training_config(RestorationConfig, a)
    check_model_out(a)
    images = read_all(a.images)
    with ctrl_c_stops_training() as stop:
        api.pretrain_restoration(images, config, out=a.out, stop=stop, on_event=ProgressPrinter(a.quiet), names=[Path(p).name for p in a.images],
                                 sources=a.images, started_by=a.command_line)
    return training_done(a.out, stop)


def cmd_finetune(a) -> int:
    from .. import api
    from ..config import SegmentationConfig

    if len(a.labels) != len(a.images):
        raise PretextInputError(f"{len(a.images)} images but {len(a.labels)} label files: give one label file per image.")
    if a.encoder_from and a.from_scratch:
        raise PretextInputError("--encoder-from and --from-scratch exclude each other.")
    if a.encoder is None:  # the pretext's architecture, so that --encoder need not be repeated
        from ..segmentation import pretext_architecture

        a.encoder, channels = pretext_architecture(a.encoder_from) if a.encoder_from else (SegmentationConfig.encoder, 1)
        a.rgb = a.rgb or channels == 3
    config = training_config(SegmentationConfig, a)
    freeze = False if (a.from_scratch or a.no_freeze) else None
    check_model_out(a)
    images, labels = read_all(a.images), read_all(a.labels)
    with ctrl_c_stops_training() as stop:
        api.finetune_segmentation(
            images, labels, config, encoder_from=a.encoder_from, out=a.out, resume=a.resume,
            freeze_encoder=freeze, stop=stop, on_event=ProgressPrinter(a.quiet), names=[Path(p).name for p in a.images],
            sources=a.images, label_sources=a.labels, started_by=a.command_line,
        )
    return training_done(a.out, stop)


def cmd_predict(a) -> int:
    import numpy as np

    from ..api import load_model
    from ..io import read_image, write_image, write_table
    from ..objects import label_objects, object_table
    from ..restoration import RestorationTask

    from ..outputs import check_output, probe_writable

    model = load_model(a.model, a.device)
    if a.objects and isinstance(model, RestorationTask):
        raise PretextInputError(f"--objects needs a segmentation model, and {a.model} is a restoration model.")
    out_dir = Path(a.out_dir)
    probe_writable(out_dir)
    restoring = isinstance(model, RestorationTask)
    kinds = ["restored"] if restoring else ["probability", "mask"] + (["objects"] if a.objects else [])
    failed = []
    for path in map(Path, a.images):
        outputs = {k: out_dir / f"{path.stem}_{k}.tif" for k in kinds} | ({"table": out_dir / f"{path.stem}_objects.csv"} if a.objects else {})
        try:  # one bad file is reported and skipped; the others are still predicted
            for out in outputs.values():
                check_output(out, "prediction", sources=[path], overwrite=a.overwrite)
            image = read_image(path)
            if restoring:
                write_image(outputs["restored"], model.restore(image, name=path.name).astype(np.float32))
            else:
                prob, mask = model.predict(image, name=path.name)
                write_image(outputs["probability"], prob.astype(np.float32))
                # a binary mask as 0/255, like the demo's: 0/1 looks black in any image viewer
                write_image(outputs["mask"], mask * np.uint8(255) if model.config.classes == 1 else mask)
                if a.objects:
                    objects = label_objects(mask, a.min_size, a.split_distance)
                    write_image(outputs["objects"], objects)
                    write_table(outputs["table"], object_table(objects))
                    print(f"{path.name}: {int(objects.max())} objects")
        except PretextInputError as exc:
            print(f"{path.name}: skipped: {exc}", file=sys.stderr)
            failed.append(path.name)
            continue
        print(f"{path.name} -> {out_dir}")
    if failed:
        print(f"napari-pretext: {len(failed)} of {len(a.images)} images failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def cmd_evaluate(a) -> int:
    from ..segmentation import SegmentationTask

    if len(a.labels) != len(a.images):
        raise PretextInputError(f"{len(a.images)} images but {len(a.labels)} masks: give one mask per image.")
    scores = SegmentationTask.load(a.model, a.device).evaluate(read_all(a.images), read_all(a.labels), objects=a.objects, min_size=a.min_size, split_distance=a.split_distance)
    print(json.dumps(scores))
    return 0


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
        from ..demo import run_demo_seeds

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
    from ..config import RestorationConfig, SegmentationConfig
    from ..settings import add_setting_options

    parser = argparse.ArgumentParser(prog="napari-pretext", description="Self-supervised pretext training and segmentation fine-tuning, headless.")
    sub = parser.add_subparsers(dest="command", required=True)

    pre = sub.add_parser("pretrain", help="train a self-supervised pretext model")
    pre_sub = pre.add_subparsers(dest="pretext", required=True)
    rest = pre_sub.add_parser("restoration", help="restore corrupted images (pixel drop, blur, Sobel)")
    rest.add_argument("images", nargs="+", help="PNG or TIFF files, any size >= the patch")
    rest.add_argument("--out", required=True, help="checkpoint to write (.pt)")
    add_setting_options(rest, RestorationConfig, ("loss", "drop_fraction", "blur_sigma", "blur_probability", "sobel_probability"), "restoration")
    add_training_options(rest, RestorationConfig)
    add_setting_options(rest, RestorationConfig, ("num_workers",))
    rest.set_defaults(func=cmd_pretrain)

    fin = sub.add_parser("finetune", help="train a segmentation U-Net from labelled images")
    fin.add_argument("images", nargs="+")
    fin.add_argument("--labels", nargs="+", required=True, help="one label image per image, same size")
    fin.add_argument("--out", required=True)
    fin.add_argument("--encoder-from", default=None, help="pretext checkpoint whose encoder is transferred")
    fin.add_argument("--from-scratch", action="store_true", help="random encoder, trained end to end (baseline)")
    fin.add_argument("--no-freeze", action="store_true", help="train a transferred encoder too")
    fin.add_argument("--resume", default=None, help="segmentation checkpoint to continue training")
    add_setting_options(fin, SegmentationConfig, ("unfreeze_after", "encoder_lr_factor", "loss", "label_mode", "classes"), "segmentation")
    add_training_options(fin, SegmentationConfig, encoder_from_pretext=True)
    add_setting_options(fin, SegmentationConfig, ("num_workers",))
    fin.set_defaults(func=cmd_finetune)

    pred = sub.add_parser("predict", help="apply a model (segmentation or restoration) to images")
    pred.add_argument("model")
    pred.add_argument("images", nargs="+")
    pred.add_argument("--out-dir", required=True)
    pred.add_argument("--overwrite", action="store_true", help="replace predictions already in --out-dir")
    add_object_options(pred, "also write NAME_objects.tif (one label per connected object of the mask, per slice) "
                             "and NAME_objects.csv (label, area_px, centroid)", "drop objects smaller than this (pixels)")
    add_model_device(pred)
    pred.set_defaults(func=cmd_predict)

    ev = sub.add_parser("evaluate", help="F1, IoU, precision, recall of a segmentation model (JSON, last line)")
    ev.add_argument("model")
    ev.add_argument("images", nargs="+")
    ev.add_argument("--labels", nargs="+", required=True, help="ground-truth masks (> 0 = object)")
    add_object_options(ev, "also object_f1/precision/recall: predicted objects matched to true ones at IoU > 0.5 "
                           "(masks with several ids are instance labels; binary ones are split into connected objects)",
                       "drop predicted objects smaller than this (pixels)")
    add_model_device(ev)
    ev.set_defaults(func=cmd_evaluate)

    from .volumes import add_ct_commands
    from .runs import add_run_commands

    add_ct_commands(sub, pre_sub, add_training_options, add_model_device)
    add_run_commands(sub, add_model_device)

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
    from .config_file import add_config_option, leaf_parsers

    for command in leaf_parsers(parser):  # every command: --config FILE.json
        add_config_option(command)
    return parser


def main(argv: list[str] | None = None) -> int:
    import logging

    # tifffile logs what it skips in a damaged file; the command says it in its own one line
    logging.getLogger("tifffile").addHandler(logging.NullHandler())
    from .config_file import parse_with_config
    from ..run_record import command_line

    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        args = parse_with_config(build_parser(), argv)
    except PretextInputError as exc:  # a bad --config file
        print(f"napari-pretext: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    args.command_line = command_line(argv)  # recorded in the models the command trains
    try:
        return args.func(args)
    except PretextInputError as exc:
        print(f"napari-pretext: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:  # outside training, or a second Ctrl-C during it
        print("napari-pretext: aborted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:  # a full disk, a read-only folder, a file in the way: the user's to fix
        from ..outputs import os_error_text

        print(f"napari-pretext: error: {os_error_text(exc)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # a bug: the traceback, and a line that says so
        from ..errors import out_of_memory

        if out_of_memory(exc) is not None:  # the batch or model does not fit: the user's to change
            print(f"napari-pretext: error: {out_of_memory(exc)}", file=sys.stderr)
            return EXIT_BAD_INPUT
        traceback.print_exc()
        print("napari-pretext: this is a bug in napari-pretext, not a problem with your input; please report it "
              "with the lines above", file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
