"""Generated CT scenes with a known sample box, deterministic by seed.

A sample (a real volume such as ``shared/data/volumes/embryo_256.tif`` or a generated phantom)
is placed at a random pose inside a larger cylindrical reconstruction field of view, with what
makes real beamline data hard for a plain threshold: a sample tube and a mounting rod (bright,
but not the sample), ring artefacts, noise, bright specks and an intensity gradient.

``symmetric=True`` makes the background what a real reconstruction has: symmetric about the
rotation axis (radial cupping instead of a linear gradient, the tube centred on the axis with
the sample inside it), so only the sample reveals a rotation of a slice (the rotation
pretext's premise). The default scenes are harder: their background alone shows rotations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from .boxes import Box, box_from_mask


@dataclass(frozen=True)
class CTScene:
    volume: np.ndarray  # (Z, Y, X) uint16
    box: Box  # the sample's bounding box (stop exclusive)
    sample_mask: np.ndarray  # (Z, Y, X) bool


def phantom(shape: tuple[int, int, int] = (48, 40, 40), seed: int = 0) -> np.ndarray:
    """An organism-like blob: an ellipsoid with denser inner organs and texture, in [0, 1]."""
    rng = np.random.default_rng(seed)
    zz, yy, xx = np.meshgrid(*[np.linspace(-1, 1, n) for n in shape], indexing="ij")
    body = (zz**2 + yy**2 + xx**2) <= 0.9
    out = np.where(body, 0.45, 0.0)
    for _ in range(6):
        c, r = rng.uniform(-0.5, 0.5, 3), rng.uniform(0.12, 0.3, 3)
        organ = ((zz - c[0]) / r[0]) ** 2 + ((yy - c[1]) / r[1]) ** 2 + ((xx - c[2]) / r[2]) ** 2 <= 1
        out[organ & body] = rng.uniform(0.6, 1.0)
    texture = ndimage.gaussian_filter(rng.normal(size=shape), 1.0)
    return np.clip(out + 0.08 * texture * body, 0, 1).astype(np.float32)


def extract_sample(volume: np.ndarray, percentile: float = 97.0) -> np.ndarray:
    """The sample of a real volume: its bright part's bounding box, scaled to [0, 1]."""
    volume = np.asarray(volume, np.float32)
    threshold = np.percentile(volume, percentile)
    mask = ndimage.binary_opening(volume > threshold, iterations=1)
    labels, n = ndimage.label(mask)
    if n == 0:
        return volume / max(float(volume.max()), 1e-6)
    largest = labels == (1 + int(np.argmax(ndimage.sum_labels(mask, labels, range(1, n + 1)))))
    crop = volume[box_from_mask(largest).slices]
    lo, hi = np.percentile(crop, [1, 99.9])
    return np.clip((crop - lo) / max(hi - lo, 1e-6), 0, 1).astype(np.float32)


def make_ct_scene(
    shape: tuple[int, int, int] = (96, 128, 128),
    sample: np.ndarray | None = None,
    seed: int = 0,
    sample_size: float = 0.4,
    tube: bool = True,
    rod: bool = True,
    rings: int = 6,
    noise: float = 0.04,
    specks: int = 60,
    gradient: float = 0.15,
    symmetric: bool = False,
) -> CTScene:
    """A (Z, Y, X) uint16 scene; ``sample_size`` is the sample's largest side / the smallest volume side.

    ``gradient``: a linear ramp across x, or with ``symmetric`` radial cupping (the edge of the
    field brighter than its centre by that much)."""
    rng = np.random.default_rng(seed)
    z_n, y_n, x_n = shape
    sample = phantom(seed=seed) if sample is None else np.asarray(sample, np.float32)
    # Random pose: 90-degree turns and flips, then a free rotation about the tomographic axis.
    sample = np.rot90(sample, int(rng.integers(4)), axes=(1, 2))
    if rng.random() < 0.5:
        sample = sample[::-1]
    sample = ndimage.rotate(sample, rng.uniform(0, 360), axes=(1, 2), reshape=True, order=1)
    scale = sample_size * min(shape) / max(sample.shape)
    sample = np.clip(ndimage.zoom(sample, scale, order=1), 0, 1)
    mask = sample > 0.15

    yy, xx = np.mgrid[:y_n, :x_n]
    cy, cx, fov_r = (y_n - 1) / 2, (x_n - 1) / 2, 0.48 * min(y_n, x_n)
    radius = np.hypot(yy - cy, xx - cx)
    fov = radius <= fov_r
    # Place the sample so that its footprint stays inside the field of view.
    sz, sy, sx = sample.shape
    reach = fov_r - np.hypot(sy, sx) / 2 - 4
    # (a tube centred on the axis around the sample needs room: keep the sample nearer the axis)
    ang, dist = rng.uniform(0, 2 * np.pi), rng.uniform(0, max(reach - (10 if symmetric else 0), 0))
    y0 = int(round(cy + dist * np.sin(ang) - sy / 2))
    x0 = int(round(cx + dist * np.cos(ang) - sx / 2))
    z0 = int(rng.integers(max(1, z_n - sz - 2))) + 1 if z_n > sz + 2 else 0
    y0, x0 = int(np.clip(y0, 0, y_n - sy)), int(np.clip(x0, 0, x_n - sx))

    vol = np.where(fov, 0.12, 0.0)[None].repeat(z_n, axis=0).astype(np.float32)
    if symmetric:  # cupping (beam hardening): brighter towards the edge of the field
        vol += (gradient * ((radius / fov_r) ** 2 - 0.5) * fov)[None]
    else:
        vol += (gradient * (np.arange(x_n) / x_n - 0.5))[None, None, :] * fov
    sample_mask = np.zeros(shape, bool)
    region = (slice(z0, z0 + sz), slice(y0, y0 + sy), slice(x0, x0 + sx))
    sample_mask[region] = mask[: z_n - z0, : y_n - y0, : x_n - x0]
    vol[region] = np.where(mask, 0.15 + 0.85 * sample, vol[region])

    scy, scx = y0 + sy / 2, x0 + sx / 2
    r_sample = np.hypot(yy - scy, xx - scx)
    if tube:  # a glass/plastic tube around the sample along the whole axis
        # centred on the sample, or (symmetric) on the rotation axis, holding the sample
        r_tube = radius if symmetric else r_sample
        inner = (np.hypot(scy - cy, scx - cx) if symmetric else 0.0) + np.hypot(sy, sx) / 2 + rng.uniform(2, 5)
        wall = (r_tube >= inner) & (r_tube <= inner + rng.uniform(1.5, 3)) & fov
        vol[:, wall] = rng.uniform(0.4, 0.6)
    if rod:  # a mounting rod from the bottom of the volume up to the sample
        rod_xy = (r_sample <= rng.uniform(2, 4)) & fov
        vol[: z0 + 2, rod_xy] = rng.uniform(0.5, 0.8)
    for r in rng.uniform(5, fov_r, rings):  # ring artefacts around the rotation axis
        vol[:, np.abs(radius - r) < 0.8] += rng.choice([-1, 1]) * rng.uniform(0.05, 0.15)
    vol += rng.normal(0, noise, vol.shape).astype(np.float32) * fov
    placed_specks = 0
    while placed_specks < specks:  # bright specks (dust, zingers) in the field of view, off the sample
        z, y, x = rng.integers(z_n), rng.integers(y_n), rng.integers(x_n)
        if fov[y, x] and not sample_mask[z, y, x]:
            vol[z, y, x] = rng.uniform(1.0, 1.5)
            placed_specks += 1
    volume = (np.clip(vol, 0, 1.5) / 1.5 * 60000).astype(np.uint16)
    return CTScene(volume, box_from_mask(sample_mask), sample_mask)


def box_scores(box: Box, scene: CTScene) -> dict[str, float]:
    """A box against the scene's truth: mean |face - true face| in voxels and relative to the
    volume's side along that face's axis, the fraction of the sample's voxels inside the box,
    and the storage reduction (volume voxels / box voxels)."""
    pred, true = np.array(box.start + box.stop), np.array(scene.box.start + scene.box.stop)
    sides = np.array(scene.volume.shape * 2, float)
    kept = scene.sample_mask[box.slices].sum() / max(scene.sample_mask.sum(), 1)
    return {"face_error": float(np.abs(pred - true).mean()), "relative_error": float((np.abs(pred - true) / sides).mean()),
            "kept": float(kept), "reduction": float(scene.volume.size / max(box.size, 1))}
