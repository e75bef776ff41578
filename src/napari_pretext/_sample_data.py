"""npe2 sample data: generated organoids (with ground truth) and a generated CT scene (with its box)."""

from __future__ import annotations

import numpy as np

from .images.data.synthetic import organoid_dataset


def organoid_sample(n: int = 6, seed: int = 0) -> list[tuple]:
    """LayerDataTuples: a (n, 256, 256) brightfield stack and its organoid mask."""
    images, masks = organoid_dataset(n, seed=seed)
    return [
        (np.stack(images), {"name": "organoids"}, "image"),
        (np.stack(masks).astype(np.uint8), {"name": "organoids ground truth", "opacity": 0.4}, "labels"),
    ]


def ct_scene_sample(seed: int = 0) -> list[tuple]:
    """LayerDataTuples: a generated (96, 128, 128) CT scene and its true sample box."""
    from .ct.boxes import box_to_rectangles
    from .ct.scene import make_ct_scene

    scene = make_ct_scene((96, 128, 128), seed=seed)
    return [
        (scene.volume, {"name": "CT scene"}, "image"),
        (box_to_rectangles(scene.box), {"name": "CT scene true box", "shape_type": "rectangle", "edge_color": "lime",
                                         "face_color": "transparent", "edge_width": 2}, "shapes"),
    ]
