"""The CT commands of the command line: pretrain sorting|rotation, localize, crop, crop-batch."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .common import add_model_device, add_training_options


def cmd_pretrain_volumes(a) -> int:
    from ..ct.api import pretrain_volumes
    from ..ct.configs import RotationConfig, SortingConfig
    from ..ct.volumes import open_volume
    from .common import ProgressPrinter, check_model_out, ctrl_c_stops, training_config, training_done

    config = training_config(SortingConfig if a.pretext == "sorting" else RotationConfig, a)
    check_model_out(a)
    volumes = [open_volume(p) for p in a.volumes]
    with ctrl_c_stops() as stop:
        pretrain_volumes(a.pretext, volumes, config, out=a.out, stop=stop, on_event=ProgressPrinter(a.quiet),
                         names=[Path(p).name for p in a.volumes], sources=a.volumes, started_by=a.command_line)
    return training_done(a.out, stop)


def cmd_localize(a) -> int:
    import numpy as np

    from ..core.errors import PretextInputError
    from ..core.io import write_image
    from ..core.outputs import check_output
    from ..ct.api import localize_volume
    from ..ct.boxes import save_box
    from ..ct.crop import provenance
    from .common import ProgressPrinter

    if a.method != "threshold" and not a.model:
        raise PretextInputError(f"--method {a.method} needs --model (a {a.method} pretext checkpoint).")
    for out, kind in ((a.box_out, "box"), (a.heatmap_out, "heatmap")):  # before the localisation, not after it
        if out:
            check_output(out, kind, sources=[a.volume], overwrite=a.overwrite)
    rule = rule_of(a)
    model = a.model if a.method != "threshold" else None
    loc = localize_volume(a.volume, a.method, model, fraction=a.top_fraction,
                          padding=a.padding, threshold=a.threshold, max_side=a.max_side, stride=a.stride, statistic=a.statistic,
                          smooth=a.smooth, box_rule=a.box_rule, rule=rule, spacing=a.voxel_size, device=a.device,
                          on_event=ProgressPrinter(a.quiet))
    save_box(loc.box, a.box_out, {**loc.record(), **provenance(a.volume, model)})
    if a.heatmap_out:
        write_image(a.heatmap_out, loc.heatmap.astype(np.float32))
    warn_if_flagged(loc, a.padding)
    print(json.dumps({**loc.box.to_dict(), **loc.record()}))
    return 0


PADDING_HELP = "voxels added around the box (of the finest axis: one length on every axis when the voxel size is known)"


def warn_if_flagged(loc, padding: int = 0) -> None:
    """One line on stderr when a box should be checked by hand (the JSON on stdout says it too);
    ``padding``: the voxels added around the box (a padded box may reach the other face too)."""
    if loc.how_says_check:  # the rule says why
        print(f"the box is {loc.how}", file=sys.stderr)
    elif loc.unstable:
        print(f"check the box by hand: it is unstable (confidence {loc.confidence:.2f}, below {loc.rule.confident}); it is {loc.how}",
              file=sys.stderr)
    elif loc.face is not None:
        print(f"check the box by hand: {loc.face_words(padding)}; it is {loc.how}", file=sys.stderr)
    elif loc.disagrees:
        print(f"check the box by hand: {loc.second_opinion_words}; it is {loc.how}", file=sys.stderr)


def cmd_crop(a) -> int:
    from ..ct.api import crop_volume
    from ..ct.boxes import load_box

    out = crop_volume(a.volume, load_box(a.box, wide=a.wide), a.out, a.model, overwrite=a.overwrite,
                      how=f"the {'wide box of the ' if a.wide else ''}box file {Path(a.box).name}")
    print(f"wrote {out}")
    return 0


def cmd_crop_auto(a) -> int:
    from ..ct.api import crop_auto
    from .common import EXIT_INTERRUPTED, ProgressPrinter, ctrl_c_stops

    with ctrl_c_stops() as stop:  # auto_crop refuses a bad padding or voxel size before it trains
        result = crop_auto(a.volume, a.out, a.model_out, a.box_out, a.padding, a.seed, a.overwrite, stop, ProgressPrinter(a.quiet),
                           a.voxel_size, a.device, a.command_line, a.cautious, rule_of(a))
    if result is None:
        print("stopped by Ctrl-C: nothing written", file=sys.stderr)
        return EXIT_INTERRUPTED
    loc = result.localization
    warn_if_flagged(loc, a.padding)
    if result.widened:
        print("cropped as the box's wide box, to lose less of the sample (--no-cautious: the box itself)", file=sys.stderr)
    sure = {k: v for k, v in loc.record().items() if k in ("check", "confidence", "agreement", "media_agreement")}
    print(json.dumps({**loc.box.to_dict(), "crop": str(a.out), "how": loc.how, **sure, "widened": result.widened,
                      "crop_box": result.box.to_dict(), "crop_shape": list(result.box.shape)}))
    return 0


def cmd_crop_batch(a) -> int:
    from ..ct.batch import NOT_STARTED, crop_batch
    from .common import EXIT_INTERRUPTED, ctrl_c_stops

    with ctrl_c_stops("stopping once the volumes being cropped are done; no more will be started") as stop:
        reports = crop_batch(a.in_dir, a.out_dir, a.model, a.method, a.scheduler, a.padding, a.format, a.workers, overwrite=a.overwrite,
                             device=a.device, cautious=a.cautious, stop=stop, rule=rule_of(a))
    skipped = [r for r in reports if "skipped" in r]
    reports = [r for r in reports if "skipped" not in r]
    for r in skipped:
        print(f"{Path(r['volume']).name}: skipped: {r['skipped']}", file=sys.stderr)
    for r in reports:
        flag = (" - widened, check the box by hand" if r.get("widened") else " - check the box by hand") if r.get("check") else ""
        status = f"ok, {r['reduction']}x smaller{flag}" if r["ok"] else f"FAILED: {r['error']}"
        print(f"{Path(r['volume']).name}: {status} ({r['seconds']} s)", file=sys.stderr)
    ok = [r for r in reports if r["ok"]]
    print(json.dumps({"volumes": len(reports), "ok": len(ok), "failed": len(reports) - len(ok),
                      "to_check": [Path(r["volume"]).name for r in ok if r["check"]], "skipped": [Path(r["volume"]).name for r in skipped]}))
    if stop.is_set():
        print(f"stopped by Ctrl-C: {len(reports)} volume(s) done, {sum(r['skipped'] == NOT_STARTED for r in skipped)} not started; "
              f"the same command crops the rest", file=sys.stderr)
        return EXIT_INTERRUPTED
    return 0 if all(r["ok"] for r in reports) else 1


def add_voxel_size(parser) -> None:
    parser.add_argument("--voxel-size", type=float, nargs=3, default=None, metavar=("Z", "Y", "X"),
                        help="voxel size (any unit) so that the box rule's lengths are physical (thick slices); "
                             "default: the TIFF's own when it records a slice spacing (ImageJ), else cubic voxels")


def add_rule_options(parser, overridden: str = "") -> None:
    """--rule FILE and --dry: the box rule of sorting and rotation boxes (``overridden``: the
    options that override the file's, in words)."""
    from ..ct.box_rule import DRY_HELP

    parser.add_argument("--rule", default=None, metavar="FILE.json",
                        help="every constant of the box rule (sorting and rotation boxes), from a box file written earlier (its "
                             f"\"rule\") or a rule JSON{overridden}")
    parser.add_argument("--dry", action="store_true", help=DRY_HELP)


def rule_of(a):
    """The box rule the options --rule and --dry give (None: the defaults)."""
    from ..ct.box_rule import load_rule, sample_rule

    return sample_rule(load_rule(a.rule) if a.rule else None, a.dry)


def add_cautious(parser) -> None:
    from ..ct.crop import CAUTIOUS, CAUTIOUS_HELP

    parser.add_argument("--cautious", action=argparse.BooleanOptionalAction, default=CAUTIOUS, help=CAUTIOUS_HELP)


def add_ct_commands(sub, pre_sub) -> None:
    """Register the CT subcommands on the main parser's subparsers."""
    from ..core.choices import DEVICES, HEAT_STATISTICS, VOLUME_SUFFIXES

    volume_help = (f"a volume: {', '.join(VOLUME_SUFFIXES)} (an OME-Zarr image too; in HDF5, name a dataset as rec.h5::/entry/data "
                   f"when the file holds several), or a folder of 2D TIFF slices")
    from ..ct.box_rule import BOX_RULES
    from ..ct.configs import RotationConfig, SortingConfig
    from ..settings import add_setting_options

    for kind, config_class in (("sorting", SortingConfig), ("rotation", RotationConfig)):
        p = pre_sub.add_parser(kind, help=f"{kind} pretext on 3D volumes (TIFF or zarr, lazily read)")
        p.add_argument("volumes", nargs="+", help=volume_help)
        p.add_argument("--out", required=True)
        own = ("sampling", "gauss_centre", "gauss_width", "gauss_shape", "margin") if kind == "sorting" else \
            ("angle_step", "twin_range", "head", "remove_radial_mean")
        add_setting_options(p, config_class, ("axes", "max_side", *own))
        if kind == "rotation":  # the paper's slices, as earlier versions spelt it
            p.add_argument("--keep-radial-mean", dest="remove_radial_mean", action="store_false", help="= --no-remove-radial-mean")
        add_training_options(p, config_class, rgb=False)  # volumes are gray
        p.set_defaults(func=cmd_pretrain_volumes, pretext=kind)

    loc = sub.add_parser("localize", help="box (and heatmap) of the sample in a volume")
    loc.add_argument("volume", help=volume_help)
    loc.add_argument("--method", default="threshold", choices=("sorting", "rotation", "threshold"))
    loc.add_argument("--model", default=None)
    loc.add_argument("--box-out", required=True, help='JSON {"start": [z, y, x], "stop": [z, y, x]}, full resolution')
    loc.add_argument("--heatmap-out", default=None, help="TIFF of the heatmap (at the downscaled resolution)")
    loc.add_argument("--top-fraction", type=float, default=None, help="sorting: top fraction of the heatmap (default: the rule's, 0.03)")
    loc.add_argument("--stride", type=int, default=8, choices=(8, 16, 32), help="sorting: superpixel spacing in pixels of the slice")
    loc.add_argument("--statistic", default="relative", choices=HEAT_STATISTICS,
                     help="sorting: MC-dropout variance relative to the squared mean, or plain variance (the paper)")
    loc.add_argument("--box-rule", default=None, choices=BOX_RULES,
                     help="'top' = the model's own region (sorting: largest region of the top fraction, the paper's; rotation: "
                          "the certain slices); 'guided' (default) = the bright object that region points at")
    add_rule_options(loc, "; --box-rule, --top-fraction and --dry override it")
    add_voxel_size(loc)
    add_model_device(loc)
    loc.add_argument("--smooth", type=float, default=1.0, help="Gaussian smoothing (voxels) of the heatmap or profiles")
    loc.add_argument("--padding", type=int, default=0, help=PADDING_HELP)
    loc.add_argument("--threshold", type=float, default=None, help="threshold method: intensity (default Otsu)")
    loc.add_argument("--max-side", type=int, default=256, help="threshold method: downscale to this side")
    loc.add_argument("--quiet", action="store_true", help="no progress bars")
    loc.add_argument("--overwrite", action="store_true", help="replace existing --box-out / --heatmap-out files")
    loc.set_defaults(func=cmd_localize)

    crop = sub.add_parser("crop", help="write the box of a volume as a new file (never over the source)")
    crop.add_argument("volume", help=volume_help)
    crop.add_argument("--box", required=True)
    crop.add_argument("--out", required=True, help=".tif/.tiff (BigTIFF when needed) or .zarr")
    crop.add_argument("--model", default=None, help="recorded in the crop's metadata")
    crop.add_argument("--wide", action="store_true", help="crop the box file's wide box (written by localize and crop-auto for "
                                                          "sorting boxes) instead of its box")
    crop.add_argument("--overwrite", action="store_true",
                      help="replace an existing OUT file, or a .zarr folder that is an earlier crop (never anything else)")
    crop.set_defaults(func=cmd_crop)

    auto = sub.add_parser("crop-auto", help="one click: train a sorting model on the volume alone (quick schedule), box the "
                                            "sample, write the crop")
    auto.add_argument("volume", help=volume_help)
    auto.add_argument("--out", required=True, help="the crop: .tif/.tiff or .zarr")
    auto.add_argument("--model-out", default=None, help="also save the sorting model (.pt)")
    auto.add_argument("--box-out", default=None, help="also save the box (JSON)")
    auto.add_argument("--padding", type=int, default=4, help=PADDING_HELP)
    auto.add_argument("--seed", type=int, default=0)
    auto.add_argument("--device", default="auto", choices=DEVICES, help="train and localise here (auto: a GPU when there is one)")
    add_voxel_size(auto)
    add_cautious(auto)
    add_rule_options(auto, "; --dry overrides it")
    auto.add_argument("--overwrite", action="store_true", help="replace existing output files")
    auto.add_argument("--quiet", action="store_true", help="no progress bar")
    auto.set_defaults(func=cmd_crop_auto)

    batch = sub.add_parser("crop-batch", help="localise and crop every volume of a folder on dask.distributed")
    batch.add_argument("in_dir", help="a folder: its volume files and its subfolders of 2D TIFF slices, one volume each")
    batch.add_argument("out_dir", help="where <name>_crop.tif (or .zarr), <name>_crop.box.json and crop_report.json go")
    batch.add_argument("--model", default=None, help="sorting or rotation checkpoint (default: threshold method)")
    batch.add_argument("--method", default=None, choices=("sorting", "rotation", "threshold"))
    batch.add_argument("--scheduler", default=None, help="address of an existing dask cluster (default: a LocalCluster)")
    batch.add_argument("--workers", type=int, default=None, help="LocalCluster worker processes (default 1)")
    batch.add_argument("--padding", type=int, default=4, help=PADDING_HELP)
    batch.add_argument("--format", default=".tif", choices=(".tif", ".zarr"))
    batch.add_argument("--overwrite", action="store_true", help="replace crops of an earlier run (else those volumes are reported and skipped)")
    add_cautious(batch)
    add_rule_options(batch, "; --dry overrides it")
    add_model_device(batch)
    batch.set_defaults(func=cmd_crop_batch)
