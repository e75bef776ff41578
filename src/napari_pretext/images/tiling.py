"""Tiled inference with overlap for images of any size ("crop and stitch").

Each tile contributes only its centre (``overlap // 2`` pixels trimmed on sides that touch
another tile), so for a network whose receptive field fits in the trimmed margin the result
equals untiled inference exactly, and memory stays bounded by the tile size.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import torch

MULTIPLE = 32  # smp U-Nets downsample by 2**5


def round_up(n: int, multiple: int = MULTIPLE) -> int:
    return -(-n // multiple) * multiple


def tile_starts(length: int, tile: int, overlap: int) -> list[int]:
    """Start offsets of tiles of size ``tile`` covering ``[0, length)`` with >= ``overlap``."""
    if length <= tile:
        return [0]
    step = tile - overlap
    starts = list(range(0, length - tile, step))
    return starts + [length - tile]


def _valid_range(start: int, tile: int, length: int, margin: int) -> tuple[int, int]:
    """Part of a tile (in image coordinates) whose prediction is kept."""
    lo = start + (margin if start > 0 else 0)
    hi = start + tile - (margin if start + tile < length else 0)
    return lo, min(hi, length)


@torch.no_grad()
def predict_tiled(
    forward: Callable[[torch.Tensor], torch.Tensor],
    slices: np.ndarray,
    out_channels: int,
    tile: int = 512,
    overlap: int = 64,
    batch_size: int = 4,
    device: torch.device | str = "cpu",
) -> np.ndarray:
    """Run ``forward`` over ``slices`` (N, C, H, W) in tiles; returns (N, out_channels, H, W) float32.

    Images are reflect-padded to a multiple of 32 (and to at least one tile) and cropped back.
    """
    n, c, h, w = slices.shape
    tile = round_up(tile)
    th, tw = min(tile, round_up(h)), min(tile, round_up(w))
    ph, pw = max(round_up(h), th), max(round_up(w), tw)
    out = np.zeros((n, out_channels, ph, pw), np.float32)
    margin = overlap // 2
    windows = [(y, x) for y in tile_starts(ph, th, overlap) for x in tile_starts(pw, tw, overlap)]
    for i in range(n):
        padded = np.pad(slices[i], ((0, 0), (0, ph - h), (0, pw - w)), mode="reflect" if min(h, w) > 1 else "edge")
        for b in range(0, len(windows), batch_size):
            chunk = windows[b : b + batch_size]
            batch = np.stack([padded[:, y : y + th, x : x + tw] for y, x in chunk])
            pred = forward(torch.from_numpy(batch).to(device)).float().cpu().numpy()
            for (y, x), p in zip(chunk, pred):
                y0, y1 = _valid_range(y, th, ph, margin)
                x0, x1 = _valid_range(x, tw, pw, margin)
                out[i, :, y0:y1, x0:x1] = p[:, y0 - y : y1 - y, x0 - x : x1 - x]
    return out[:, :, :h, :w]
