"""Rotation pretext pieces (CT paper, section 2.1): angle bins and the inscribed-circle mask."""

from __future__ import annotations

import numpy as np

from ..errors import PretextInputError


def angle_bins(step: float = 30.0, stop: float = 360.0) -> np.ndarray:
    """Rotation angles in degrees: ``0, step, ..., < stop`` (the classes)."""
    if step <= 0 or stop <= 0 or step > stop:
        raise PretextInputError(f"rotation angles need 0 < step <= stop, got step {step}, stop {stop}.")
    return np.arange(0.0, stop, step)


def relative_angle_label(angle_a: float, angle_b: float, step: float, stop: float = 360.0) -> int:
    """Class index of the rotation that takes slice A to slice B: ``(b - a) mod stop / step``."""
    return int(round(((angle_b - angle_a) % stop) / step)) % int(round(stop / step))


def inscribed_circle_mask(height: int, width: int) -> np.ndarray:
    """Boolean (H, W) mask of the largest centred circle: what survives any rotation unchanged."""
    yy, xx = np.mgrid[:height, :width]
    cy, cx = (height - 1) / 2, (width - 1) / 2
    return (yy - cy) ** 2 + (xx - cx) ** 2 <= (min(height, width) / 2) ** 2
