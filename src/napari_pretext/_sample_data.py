"""npe2 sample data: the generated organoid set (images as a stack, with its ground truth)."""

from __future__ import annotations

import numpy as np

from .data.synthetic import organoid_dataset


def organoid_sample(n: int = 6, seed: int = 0) -> list[tuple]:
    """LayerDataTuples: a (n, 256, 256) brightfield stack and its organoid mask."""
    images, masks = organoid_dataset(n, seed=seed)
    return [
        (np.stack(images), {"name": "organoids"}, "image"),
        (np.stack(masks).astype(np.uint8), {"name": "organoids ground truth", "opacity": 0.4}, "labels"),
    ]
