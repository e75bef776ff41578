"""The 2D commands: pretrain restoration, finetune, predict, evaluate."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..core.errors import PretextInputError
from .common import (
    ProgressPrinter,
    add_model_device,
    add_object_options,
    add_training_options,
    check_model_out,
    ctrl_c_stops,
    read_all,
    training_config,
    training_done,
)


def cmd_pretrain(a) -> int:
    from ..images import api
    from ..images.configs import RestorationConfig

    config = training_config(RestorationConfig, a)
    check_model_out(a)
    images = read_all(a.images)
    with ctrl_c_stops() as stop:
        api.pretrain_restoration(images, config, out=a.out, stop=stop, on_event=ProgressPrinter(a.quiet), names=[Path(p).name for p in a.images],
                                 sources=a.images, started_by=a.command_line)
    return training_done(a.out, stop)


def cmd_finetune(a) -> int:
    from ..images import api
    from ..images.configs import SegmentationConfig

    if len(a.labels) != len(a.images):
        raise PretextInputError(f"{len(a.images)} images but {len(a.labels)} label files: give one label file per image.")
    if a.encoder_from and a.from_scratch:
        raise PretextInputError("--encoder-from and --from-scratch exclude each other.")
    if a.encoder is None:  # the pretext's architecture, so that --encoder need not be repeated
        from ..images.segmentation import pretext_architecture

        a.encoder, channels = pretext_architecture(a.encoder_from) if a.encoder_from else (SegmentationConfig.encoder, 1)
        a.rgb = a.rgb or channels == 3
    config = training_config(SegmentationConfig, a)
    freeze = False if (a.from_scratch or a.no_freeze) else None
    check_model_out(a)
    images, labels = read_all(a.images), read_all(a.labels)
    with ctrl_c_stops() as stop:
        api.finetune_segmentation(
            images, labels, config, encoder_from=a.encoder_from, out=a.out, resume=a.resume,
            freeze_encoder=freeze, stop=stop, on_event=ProgressPrinter(a.quiet), names=[Path(p).name for p in a.images],
            sources=a.images, label_sources=a.labels, started_by=a.command_line,
        )
    return training_done(a.out, stop)


def cmd_predict(a) -> int:
    import numpy as np

    from ..core.io import read_image, write_image, write_table
    from ..core.outputs import check_output, probe_writable
    from ..images.api import load_model
    from ..images.objects import label_objects, object_table
    from ..images.restoration import RestorationTask

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
    from ..images.segmentation import SegmentationTask

    if len(a.labels) != len(a.images):
        raise PretextInputError(f"{len(a.images)} images but {len(a.labels)} masks: give one mask per image.")
    scores = SegmentationTask.load(a.model, a.device).evaluate(read_all(a.images), read_all(a.labels), objects=a.objects, min_size=a.min_size, split_distance=a.split_distance)
    print(json.dumps(scores))
    return 0


def add_image_commands(sub, pre_sub) -> None:
    """Register the 2D subcommands on the main parser's subparsers."""
    from ..images.configs import RestorationConfig, SegmentationConfig
    from ..settings import add_setting_options

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
