"""Corruptions of the restoration pretext (organoid paper): pixel drop, Gaussian blur, Sobel.

All functions take and return float32 ``(C, H, W)`` arrays in [0, 1] and never modify their
input. :func:`corrupt` applies a random subset per sample, reproducibly from a numpy Generator.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage


def pixel_drop(image: np.ndarray, fraction: float, rng: np.random.Generator) -> np.ndarray:
    """Set exactly ``round(fraction * H * W)`` random pixel positions to 0 (all channels)."""
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"drop fraction must be in [0, 1], got {fraction}")
    h, w = image.shape[-2:]
    n_drop = int(round(fraction * h * w))
    out = image.copy()
    flat = rng.choice(h * w, size=n_drop, replace=False)
    out.reshape(*out.shape[:-2], h * w)[..., flat] = 0.0
    return out


def gaussian_blur(image: np.ndarray, sigma: float) -> np.ndarray:
    """Blur each channel with a Gaussian of ``sigma`` pixels."""
    return ndimage.gaussian_filter(image, sigma=(0, sigma, sigma), mode="reflect").astype(np.float32)


def sobel_filter(image: np.ndarray) -> np.ndarray:
    """Sobel gradient magnitude per channel, rescaled to [0, 1] (edges only, no intensities)."""
    gy = ndimage.sobel(image, axis=-2, mode="reflect")
    gx = ndimage.sobel(image, axis=-1, mode="reflect")
    mag = np.hypot(gx, gy)
    peak = mag.max()
    return (mag / peak if peak > 0 else mag).astype(np.float32)


@dataclass(frozen=True)
class CorruptionConfig:
    """Which corruptions to apply and how strongly.

    Each corruption is applied to a sample with its probability; when none was drawn, pixel
    drop is applied so that every input differs from its target.
    """

    drop_fraction: float = 0.25
    drop_probability: float = 1.0
    blur_sigma: tuple[float, float] = (1.0, 2.0)  # sigma drawn uniformly in this range (px)
    blur_probability: float = 0.5
    sobel_probability: float = 0.1
    sobel_mix: float = 1.0  # 1 = pure edge map, 0.5 = half image half edges

    def __post_init__(self):
        for name in ("drop_fraction", "drop_probability", "blur_probability", "sobel_probability", "sobel_mix"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be in [0, 1], got {value}")
        lo, hi = self.blur_sigma
        if not 0 < lo <= hi:
            raise ValueError(f"blur_sigma must be a range 0 < low <= high, got {self.blur_sigma}")


def corrupt(image: np.ndarray, config: CorruptionConfig, rng: np.random.Generator) -> tuple[np.ndarray, list[str]]:
    """Corrupt one ``(C, H, W)`` sample; returns the corrupted copy and the names applied."""
    applied = []
    out = image
    if rng.random() < config.sobel_probability:
        out = (1 - config.sobel_mix) * out + config.sobel_mix * sobel_filter(out)
        applied.append("sobel")
    if rng.random() < config.blur_probability:
        out = gaussian_blur(out, rng.uniform(*config.blur_sigma))
        applied.append("blur")
    if rng.random() < config.drop_probability or not applied:
        out = pixel_drop(out, config.drop_fraction, rng)
        applied.append("drop")
    # pixel drop always runs last when nothing else did, so ``out`` is never the input itself
    return out.astype(np.float32, copy=False), applied
