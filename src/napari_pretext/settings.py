"""Every user-facing training setting described once: help, label, choices and range.

The *defaults* live only in the config classes (images/configs.py, ct/configs.py);
this registry adds what a command-line option and a widget need to show a config field, and
both are made from it (:func:`add_setting_options` here, ``_qt/options.py`` for magicgui), so a
default changed in a config changes ``--help``, the CLI, the widgets and the docs table
together (tests/test_settings.py walks every field).
"""

from __future__ import annotations

import argparse
from dataclasses import MISSING, dataclass, fields

from .core.choices import COMMON_ENCODERS, DEVICES, RESTORATION_LOSSES, ROTATION_HEADS, SEGMENTATION_LOSSES


@dataclass(frozen=True)
class Setting:
    help: str
    label: str = ""  # the widget's label (default: the name with spaces)
    choices: tuple | None = None  # a closed set (ComboBox / argparse choices)
    suggestions: tuple | None = None  # common values of an open set (the widget's list; any value on the CLI)
    low: float | None = None  # widget range
    high: float | None = None
    step: float | None = None
    flag: str | None = None  # the CLI option when not --name-with-dashes
    cli: bool = True  # False: a dock setting only (the CLI has its own spelling, said in help)
    metavar: tuple | None = None


SETTINGS = {
    "encoder": Setting("smp ResNet encoder of the U-Net (random initial weights)", suggestions=COMMON_ENCODERS),
    "epochs": Setting("passes over the training data", low=1, high=1000),
    "batch_size": Setting("patches (CT: slices or pairs) per optimizer step", "batch size", low=1, high=256),
    "patch_size": Setting("square training patches (CT: slices resized to this side), a multiple of 32 (px)", "patch size (px)",
                          low=32, high=1024, step=32),
    "steps_per_epoch": Setting("batches per epoch (CT: per volume); none: cover the images about once", "steps per epoch",
                               low=1, high=100_000),
    "learning_rate": Setting("Adam learning rate", "learning rate", low=1e-6, high=1.0, step=1e-4, flag="--lr"),
    "device": Setting("where to train: auto = CUDA, then Apple MPS, then the CPU", choices=DEVICES),
    "seed": Setting("random seed (patches, weights, validation split)", low=0, high=2**31 - 1),
    "num_workers": Setting("patch-loading processes; none: 0 on the CPU, up to 4 on a GPU", "loader processes", low=0, high=64,
                           flag="--workers"),
    # restoration
    "drop_fraction": Setting("fraction of pixels set to 0 (pixel drop)", "pixel drop", low=0.0, high=0.95, step=0.05),
    "blur_sigma": Setting("Gaussian blur sigma drawn in this range (px)", "blur sigma", metavar=("MIN", "MAX")),
    "blur_probability": Setting("probability that a patch is blurred", "blur probability", low=0.0, high=1.0, step=0.1),
    "sobel_probability": Setting("probability of the Sobel corruption", "Sobel probability", low=0.0, high=1.0, step=0.1),
    # segmentation
    "label_mode": Setting("dense: 0 background, >0 object; scribbles: 0 unlabelled, 1 background, 2 object", "label mode",
                          choices=("dense", "scribbles")),
    "classes": Setting("1 = binary; > 1 multi-class", low=1, high=255),
    "unfreeze_after": Setting("unfreeze a transferred encoder after this many epochs (none: never)", "unfreeze after (epochs)",
                              low=0, high=1000),
    "encoder_lr_factor": Setting("learning rate of an unfrozen pretext encoder relative to the decoder's (e.g. 0.1)",
                                 "unfrozen encoder lr (x)", low=0.01, high=1.0, step=0.05),
    "freeze_encoder": Setting("keep a transferred encoder frozen (CLI: --no-freeze, --from-scratch)", "freeze transferred encoder", cli=False),
    # CT pretexts
    "axes": Setting("slice axes the model learns along", choices=("z", "y", "x")),
    "max_side": Setting("volumes are downscaled to this longest side (voxels)", "downscale to (voxels)", low=32, high=4096),
    "sampling": Setting("slice sampling: gaussian (measured: better boxes) or uniform", "slice sampling", choices=("uniform", "gaussian")),
    "margin": Setting("ranking loss margin", low=0.01, high=100.0, step=0.1),
    "gauss_centre": Setting("Gaussian slice sampling: centre (fraction of the axis)", "sampling centre", low=0.0, high=1.0, step=0.05),
    "gauss_width": Setting("Gaussian slice sampling: width (fraction of the axis)", "sampling width", low=0.01, high=10.0, step=0.05),
    "gauss_shape": Setting("Gaussian slice sampling: shape (2 = Gaussian, larger = flatter top)", "sampling shape", low=0.1, high=20.0,
                           step=0.5),
    "angle_step": Setting("rotation angle bin width in degrees (30 needs far longer training)", "angle step (deg)", low=15, high=180,
                          step=15),
    "twin_range": Setting("the twin slice is within this many slices of the reference", "twin range", low=0, high=32),
    "head": Setting("rotation head: spatial = both feature maps on a 4x4 grid; pooled = pooled vectors (the paper)", "rotation head",
                    choices=ROTATION_HEADS),
    "remove_radial_mean": Setting("feed slices less their mean over rings about the centre, which no rotation changes (a centred "
                                  "tube, ring artefacts); off: as they are (the paper)", "remove radial mean"),
}
SETTINGS["loss"] = Setting("training loss")  # choices per config: see LOSSES
LOSSES = {"restoration": RESTORATION_LOSSES, "segmentation": SEGMENTATION_LOSSES}


def defaults(config_class) -> dict:
    """Every field's default (the one place defaults are written)."""
    return {f.name: f.default for f in fields(config_class) if f.default is not MISSING}


def flag(name: str) -> str:
    return SETTINGS[name].flag or "--" + name.replace("_", "-")


def add_setting_options(parser: argparse.ArgumentParser, config_class, names, loss_kind: str | None = None) -> None:
    """One option per config field in ``names``: its default from ``config_class``, its help,
    choices and type from :data:`SETTINGS` (``dest`` is the field's name)."""
    values = defaults(config_class)
    for name in names:
        s, default = SETTINGS[name], values[name]
        choices = LOSSES[loss_kind] if name == "loss" and loss_kind else s.choices
        shown = "none" if default is None else " ".join(map(str, default)) if isinstance(default, tuple) else default
        kwargs = dict(dest=name, default=default, help=f"{s.help} (default: {shown})")
        if isinstance(default, bool):
            kwargs["action"] = argparse.BooleanOptionalAction
        elif isinstance(default, tuple):
            kwargs.update(type=type(default[0]), nargs="+" if s.metavar is None else len(s.metavar), choices=choices)
            if s.metavar:
                kwargs["metavar"] = s.metavar
        else:
            kind = int if name in ("steps_per_epoch", "unfreeze_after", "num_workers") else type(default)
            kwargs.update(type=kind, choices=choices)
        parser.add_argument(flag(name), **kwargs)


def config_from_args(config_class, args: argparse.Namespace, **changes):
    """``config_class`` with every field the parsed ``args`` hold (by name), then ``changes``."""
    values = {f.name: getattr(args, f.name) for f in fields(config_class) if hasattr(args, f.name)}
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
    return config_class(**{**values, **changes})


def settings_table() -> str:
    """The user guide's table of every option of the training commands and docks (markdown),
    made from the configs and SETTINGS (``python -m napari_pretext.settings``; a test checks
    docs/user_guide.md holds it as it is)."""
    from .ct.configs import RotationConfig, SortingConfig
    from .images.configs import RestorationConfig, SegmentationConfig

    classes = {"restoration": RestorationConfig, "finetune": SegmentationConfig, "sorting": SortingConfig, "rotation": RotationConfig}
    rows = ["| setting | CLI | " + " | ".join(classes) + " | meaning |", "|---" * (len(classes) + 3) + "|"]
    for name, s in SETTINGS.items():
        cells = []
        for config_class in classes.values():
            value = defaults(config_class).get(name, "")
            cells.append("–" if value == "" else "none" if value is None else " ".join(map(str, value)) if isinstance(value, tuple) else str(value))
        choices = LOSSES if name == "loss" else None
        meaning = s.help + (f"; {', '.join(f'{k}: ' + ', '.join(v) for k, v in choices.items())}" if choices else
                            f"; one of {', '.join(map(str, s.choices))}" if s.choices else "")
        rows.append(f"| `{name}` | " + (f"`{flag(name)}`" if s.cli else "(dock)") + " | " + " | ".join(cells) + f" | {meaning} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(settings_table())
