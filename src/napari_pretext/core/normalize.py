"""Percentile normalisation.

Images are mapped to [0, 1] with per-image percentiles (``low`` -> 0, ``high`` -> 1) and
clipped, as Cellpose and CSBDeep do. Clipping keeps every value in [0, 1], which is what the
SSIM loss assumes with ``data_range=1``. The percentiles are stored in every checkpoint so
prediction normalises exactly like training did.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class PercentileNormalization:
    """Per-image percentile normalisation to [0, 1] (percentiles in %)."""

    low: float = 1.0
    high: float = 99.8

    def __post_init__(self):
        if not 0.0 <= self.low < self.high <= 100.0:
            raise ValueError(f"need 0 <= low < high <= 100 percentiles, got {self.low}, {self.high}")

    def __call__(self, image: np.ndarray) -> np.ndarray:
        """Normalise ``image`` (any shape; channels share the percentiles) to float32 in [0, 1]."""
        image = np.asarray(image, dtype=np.float32)
        lo, hi = np.percentile(image, [self.low, self.high])
        if hi <= lo:  # near-constant image: fall back to the full range
            lo, hi = float(image.min()), float(image.max())
        if hi <= lo:
            return np.zeros_like(image)
        return np.clip((image - lo) / (hi - lo), 0.0, 1.0).astype(np.float32, copy=False)

    def to_dict(self) -> dict:
        return {"kind": "percentile", "low": float(self.low), "high": float(self.high)}

    @classmethod
    def from_dict(cls, d: dict) -> "PercentileNormalization":
        return cls(low=float(d["low"]), high=float(d["high"]))
