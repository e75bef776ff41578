"""Training throughput: the plugin's engine against a bare PyTorch loop, side by side.

Both train the same smp U-Net (restoration, SSIM loss) with the same batch size on the same
device. Two ratios are printed (>= 0.95 is the target for the first):

* ``engine / bare``: both loops consume the same pre-made batches, so the ratio is the cost of
  the engine itself (events, stop checks, bookkeeping).
* ``pipeline / bare``: the engine with its real on-the-fly patch sampling and corruption
  against the bare loop on pre-made batches: the whole cost a user sees.

On a GPU the bare loop is also timed with bf16 autocast + channels-last against fp32, and the
pipeline with its patch-loading worker processes (the GPU default) against none
(``pipeline_w0``: sampling and corruption in the training thread).
Runs are interleaved (A B A B ...) so drifting machine load hits both sides alike. Only
training steps are timed: the engine's end-of-epoch validation is switched off here (an
earlier version of this script left it on for the pipeline side, which cost it 8 %).

    python benchmarks/train_throughput.py [--encoder resnet50 --batch-size 8 --patch-size 128]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from _common import final_json, hardware
from napari_pretext.images.configs import RestorationConfig
from napari_pretext.images.data.synthetic import organoid_dataset
from napari_pretext.core.engine import autocast, autocast_dtype, run_training
from napari_pretext.images.losses import restoration_loss
from napari_pretext.images.models import build_unet
from napari_pretext.images.restoration import RestorationTask


class TrainingOnlyTask(RestorationTask):
    """The plugin's task without the end-of-epoch validation and preview, which the bare loop
    does not do either: every side times training steps only."""

    def validate(self):
        return {}

    def preview(self):
        return None


class FixedBatchTask(TrainingOnlyTask):
    """... and fed the benchmark's pre-made batches instead of its own sampler."""

    def __init__(self, config, batches):
        super().__init__(config)
        self.fixed = batches

    def steps_per_epoch(self) -> int:
        return len(self.fixed)

    def batches(self, epoch):
        return self.fixed


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def time_engine(task, device) -> float:
    sync(device)
    t0 = time.perf_counter()
    for _ in run_training(task, 1, preview_every=0):
        pass
    sync(device)
    return time.perf_counter() - t0


def time_bare(model, batches, device, amp_dtype, channels_last) -> float:
    """The loop a PyTorch user would write by hand."""
    loss_fn = restoration_loss("ssim").to(device)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    if channels_last:
        model.to(memory_format=torch.channels_last)
    sync(device)
    t0 = time.perf_counter()
    for x, y in batches:
        x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)
        if channels_last:
            x = x.contiguous(memory_format=torch.channels_last)
        opt.zero_grad(set_to_none=True)
        with autocast(device, amp_dtype):
            loss = loss_fn(torch.sigmoid(model(x)), y)
        loss.backward()
        opt.step()
    float(loss.detach())
    sync(device)
    return time.perf_counter() - t0


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--encoder", default="resnet50")
    p.add_argument("--batch-size", type=int, default=8)
    p.add_argument("--patch-size", type=int, default=128)
    p.add_argument("--steps", type=int, default=8, help="optimizer steps per timed run")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--device", default="auto")
    p.add_argument("--workers", type=int, default=None, help="patch-loading processes of the pipeline (default: the plugin's choice)")
    a = p.parse_args()

    images, _ = organoid_dataset(8, shape=(256, 256), seed=0)
    config = RestorationConfig(encoder=a.encoder, batch_size=a.batch_size, patch_size=a.patch_size, steps_per_epoch=a.steps, device=a.device, seed=0, num_workers=a.workers)
    real = TrainingOnlyTask(config)
    real.set_data(images)
    no_workers = TrainingOnlyTask(config.replace(num_workers=0))
    no_workers.set_data(images)
    device, amp = real.device, autocast_dtype(real.device)
    batches = [b for b in real.batches(0)][: a.steps]
    fixed = FixedBatchTask(config, batches)
    bare_model = build_unet(a.encoder, 1, 1).to(device)
    channels_last = device.type == "cuda"

    # warm-up (cuDNN autotuning, allocator, first-call overheads)
    time_engine(fixed, device)
    time_engine(real, device)
    if device.type == "cuda":
        time_engine(no_workers, device)
    time_bare(bare_model, batches, device, amp, channels_last)
    rows = {"engine": [], "pipeline": [], "bare": [], "bare_fp32": [], "pipeline_w0": []}
    for _ in range(a.repeats):
        rows["bare"].append(time_bare(bare_model, batches, device, amp, channels_last))
        rows["engine"].append(time_engine(fixed, device))
        rows["pipeline"].append(time_engine(real, device))
        if device.type == "cuda":
            rows["bare_fp32"].append(time_bare(bare_model, batches, device, None, False))
            rows["pipeline_w0"].append(time_engine(no_workers, device))
    images_per_run = a.steps * a.batch_size
    ips = {k: images_per_run / float(np.median(v)) for k, v in rows.items() if v}
    print(f"# {hardware()}; pipeline with {real.loader().num_workers} loader workers; {a.encoder} U-Net, batch {a.batch_size}, patch {a.patch_size}, {a.steps} steps x {a.repeats} interleaved repeats")
    for k, v in ips.items():
        print(f"{k:>10}: {v:8.2f} images/s")
    result = {
        "device": str(device), "hardware": hardware(), "encoder": a.encoder,
        "images_per_s": {k: round(v, 3) for k, v in ips.items()},
        "engine_over_bare": round(ips["engine"] / ips["bare"], 3),
        "pipeline_over_bare": round(ips["pipeline"] / ips["bare"], 3),
    }
    if "bare_fp32" in ips:
        result["bf16_channels_last_speedup"] = round(ips["bare"] / ips["bare_fp32"], 3)
        result["loader_workers_speedup"] = round(ips["pipeline"] / ips["pipeline_w0"], 3)
    print(f"engine/bare = {result['engine_over_bare']:.3f}   pipeline/bare = {result['pipeline_over_bare']:.3f}")
    final_json(result)


if __name__ == "__main__":
    main()
