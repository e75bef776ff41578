"""What every command of the CLI shares: exit codes, progress on stderr, Ctrl-C, output checks,
the options of models and of training (made from the configs, settings.py)."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from contextlib import contextmanager

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # what shells report for a command ended by Ctrl-C
EXIT_BUG = 1


class ProgressPrinter:
    """Turns engine events into a tqdm bar plus one line per epoch (on stderr); the progress of
    other jobs (localisation) into one bar per stage."""

    def __init__(self, quiet: bool = False):
        self.quiet, self.bar, self.job, self.what = quiet, None, None, None

    def __call__(self, event) -> None:
        from tqdm import tqdm

        from ..core.events import EpochDone, Message, Progress, StepDone, TrainingFinished, TrainingStarted

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
def ctrl_c_stops(saying: str = "stopping after the current step; the model trained so far will be saved"):
    """A stop flag that the first Ctrl-C sets, like the widgets' Stop: training ends after the
    current step and the model trained so far is saved (a batch: after the volumes being
    cropped), ``saying`` so. A second Ctrl-C aborts at once."""
    stop = threading.Event()

    def first(signum, frame):
        stop.set()
        signal.signal(signal.SIGINT, previous)
        print(f"\n{saying} (Ctrl-C again to abort)", file=sys.stderr)

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
    """Refuse an unwritable or existing ``--out`` (without --overwrite), one that is an input, or
    one not named as a checkpoint, before any training."""
    from ..core.outputs import check_model_name, check_output

    sources = [*getattr(a, "images", []), *getattr(a, "labels", []), *getattr(a, "volumes", [])]
    check_output(a.out, "model", sources=sources, overwrite=a.overwrite)  # first: "is the source" says more
    check_model_name(a.out)


def add_model_device(p: argparse.ArgumentParser) -> None:
    """``--device`` for a command that runs a saved model (default: the device it was saved with)."""
    from ..core.choices import DEVICES

    p.add_argument("--device", default=None, choices=DEVICES,
                   help="run the model here (default: the device it was trained with; cpu when a GPU is busy)")


def add_object_options(p: argparse.ArgumentParser, objects_help: str, min_size_help: str) -> None:
    p.add_argument("--objects", action="store_true", help=objects_help)
    p.add_argument("--min-size", type=int, default=0, help=f"with --objects: {min_size_help}")
    p.add_argument("--split-distance", type=int, default=0,
                   help="with --objects: split touching objects by a distance-transform watershed, seeds this many "
                        "pixels apart (about an object's radius; 0 = connected components only)")


TRAINING_SETTINGS = ("encoder", "epochs", "batch_size", "patch_size", "steps_per_epoch", "learning_rate", "device", "seed")


def add_training_options(p: argparse.ArgumentParser, config_class, encoder_from_pretext: bool = False, rgb: bool = True) -> None:
    """The options every training command shares, made from ``config_class``'s fields
    (settings.py: defaults written once, in the config); ``--rgb`` where the inputs may be RGB
    images (not volumes)."""
    from ..settings import add_setting_options

    add_setting_options(p, config_class, TRAINING_SETTINGS)
    if encoder_from_pretext:  # the pretext's architecture, so that --encoder need not be repeated
        p.set_defaults(encoder=None)
        option = next(a for a in p._actions if a.dest == "encoder")
        option.help = option.help.replace("(default: ", "(default: the --encoder-from checkpoint's, else ")
    if rgb:
        p.add_argument("--rgb", action="store_true", help="3-channel (RGB) model instead of gray")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--overwrite", action="store_true", help="replace an existing --out file")


def training_config(config_class, a: argparse.Namespace, **changes):
    """The config of a training command: every field its options hold (by name), RGB or gray."""
    from ..settings import config_from_args

    return config_from_args(config_class, a, in_channels=3 if getattr(a, "rgb", False) else 1, **changes)


def read_all(paths) -> list:
    from ..core.io import read_image

    return [read_image(p) for p in paths]
