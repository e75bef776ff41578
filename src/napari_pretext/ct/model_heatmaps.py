"""The models' heatmaps for :mod:`.localize`: MC-dropout uncertainty of a sorting model's
superpixel embeddings, and a rotation model's certainty profiles (the torch half of the
localisation; the threshold method and the box rules do without torch).
"""

from __future__ import annotations

import copy
from typing import Generator

import numpy as np
import torch
import torch.nn.functional as F

from ..core.choices import HEAT_STATISTICS
from ..core.errors import PretextInputError
from ..core.events import Progress
from .sorting import resize_slices
from .volumes import AXES, take_slices


def superpixel_model(task, stride: int = 32):
    """The task's sorting model, or a copy whose last stages are dilated instead of strided, so
    the superpixels are ``stride`` pixels apart (8, 16 or 32) with the same weights: finer
    heatmaps without retraining (the DeepLab trick). The task's own model is never changed."""
    if stride == 32:
        return task.model
    if stride not in (8, 16):
        raise PretextInputError(f"the superpixel stride must be 8, 16 or 32 pixels, not {stride}.")
    model = copy.deepcopy(task.model)
    model.backbone.encoder.make_dilated(stride)
    return model


def embedding_uncertainty(samples: torch.Tensor, statistic: str = "relative") -> torch.Tensor:
    """(T, B, C, h, w) MC-dropout embeddings -> (B, 1, h, w) uncertainty per superpixel.

    ``variance``: the variance over the passes, averaged over channels (the CT paper).
    ``relative``: the same divided by the squared mean (squared coefficient of variation).
    Dropout's variance grows with the square of an activation, so plain variance mostly maps
    where activations are large (the field of view's edge, a tube's wall); the relative form
    asks where the embedding is unstable for its size.
    """
    var = samples.var(dim=0)
    if statistic == "relative":
        var = var / (samples.mean(dim=0) ** 2 + 1e-3)
    elif statistic != "variance":
        raise PretextInputError(f"the heatmap statistic must be one of {HEAT_STATISTICS}, not {statistic!r}.")
    return var.mean(dim=1, keepdim=True)


@torch.no_grad()
def sorting_heatmap(task, small: np.ndarray, axes=("z",), passes: int = 8, batch: int = 16, stride: int = 8,
                    statistic: str = "relative") -> Generator:
    """MC-dropout embedding uncertainty, (z, y, x) like ``small`` (a normalised volume)."""
    model, device, size = superpixel_model(task, stride), task.device, task.config.patch_size
    model.eval()
    model.backbone.mc_dropout = True
    heat = np.zeros(small.shape, np.float32)
    total = sum(small.shape[AXES[a]] for a in axes)
    done = 0
    try:
        for name in axes:
            axis = AXES[name]
            n = small.shape[axis]
            per_axis = np.zeros(np.moveaxis(small, axis, 0).shape, np.float32)
            for start in range(0, n, batch):
                idx = np.arange(start, min(start + batch, n))
                slices = take_slices(small, axis, idx)
                x = resize_slices(slices, size).to(device)
                # Dropout masks seeded per batch (the global RNG is left as it was): the same
                # volume and model give the same heatmap and box on every click.
                with torch.random.fork_rng(devices=[device.index or 0] if device.type == "cuda" else []):
                    torch.manual_seed(1009 * axis + start)
                    samples = model.backbone.mc_samples(x, passes).float()
                u = embedding_uncertainty(samples, statistic)  # (B, 1, h, w)
                per_axis[idx] = F.interpolate(u, size=slices.shape[-2:], mode="bilinear", align_corners=False)[:, 0].cpu().numpy()
                done += len(idx)
                yield Progress(done, total, f"MC dropout along {name}")
            per_axis = np.moveaxis(per_axis, 0, axis)
            heat += per_axis / max(float(per_axis.max()), 1e-12)  # each axis weighs the same
    finally:
        model.backbone.mc_dropout = False
        model.train()
    return heat / len(axes)


@torch.no_grad()
def rotation_profiles(task, small: np.ndarray, batch: int = 16) -> Generator:
    """Per axis, the probability of 'no rotation' for each slice and its unrotated neighbour."""
    model, device = task.model, task.device
    model.eval()
    profiles = {}
    total, done = sum(small.shape), 0
    try:
        for name, axis in AXES.items():
            n = small.shape[axis]
            prob = np.zeros(n, np.float32)
            for start in range(0, n, batch):
                idx = np.arange(start, min(start + batch, n))
                twin = np.clip(idx + 1, 0, n - 1)
                a, b = task.pair_slices(small, axis, idx, twin)
                logp = model((a * task.circle).to(device), (b * task.circle).to(device)).float()
                prob[idx] = logp[:, 0].exp().cpu().numpy()  # class 0 = no rotation
                done += len(idx)
                yield Progress(done, total, f"rotation certainty along {name}")
            profiles[name] = prob
    finally:
        model.train()
    return profiles
