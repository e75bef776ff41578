"""A generated brightfield organoid-like image set with ground truth, deterministic by seed.

Organoids are irregular ellipses with a dark rim and a textured interior; the scene adds
uneven illumination, debris (small dark blobs and fibres that are *not* organoids), optical
blur and noise: what makes a plain threshold fail on real brightfield organoid images.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage


def _smooth_noise(rng: np.random.Generator, shape, sigma: float) -> np.ndarray:
    noise = ndimage.gaussian_filter(rng.normal(size=shape), sigma)
    return noise / (noise.std() + 1e-8)


def _place(rng, shape, radius, placed, tries=200):
    """A centre and radius that do not overlap already placed organoids (or None)."""
    h, w = shape
    for _ in range(tries):
        r = rng.uniform(*radius)
        cy, cx = rng.uniform(r + 2, h - r - 2), rng.uniform(r + 2, w - r - 2)
        if all(np.hypot(cy - y, cx - x) > r + q + 6 for y, x, q in placed):
            return cy, cx, r
    return None


def organoid_image(
    shape: tuple[int, int] = (256, 256),
    seed: int = 0,
    n_organoids: tuple[int, int] = (3, 7),
    radius: tuple[float, float] = (12.0, 34.0),
    noise: float = 6.0,
) -> tuple[np.ndarray, np.ndarray]:
    """One scene: ``(image (H, W) uint8, mask (H, W) uint8 with 1 = organoid)``."""
    rng = np.random.default_rng(seed)
    h, w = shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    # Uneven illumination: a tilted plane plus vignetting, as under a brightfield condenser.
    gy, gx = rng.uniform(-25, 25, size=2)
    r2 = ((yy - h / 2) / h) ** 2 + ((xx - w / 2) / w) ** 2
    image = 175 + gy * (yy / h - 0.5) + gx * (xx / w - 0.5) - 60 * r2
    image += 4 * _smooth_noise(rng, shape, 8)
    mask = np.zeros(shape, np.uint8)
    texture = _smooth_noise(rng, shape, 1.5)
    placed = []
    for _ in range(int(rng.integers(n_organoids[0], n_organoids[1] + 1))):
        spot = _place(rng, shape, radius, placed)
        if spot is None:
            break
        cy, cx, r = spot
        placed.append(spot)
        angle, aspect = rng.uniform(0, np.pi), rng.uniform(0.7, 1.0)
        dy, dx = yy - cy, xx - cx
        u = (dx * np.cos(angle) + dy * np.sin(angle)) / r
        v = (-dx * np.sin(angle) + dy * np.cos(angle)) / (r * aspect)
        theta = np.arctan2(v, u)
        # Irregular outline: low Fourier harmonics of the radius.
        wobble = 1 + sum(rng.uniform(0, 0.08) * np.cos(k * theta + rng.uniform(0, 2 * np.pi)) for k in (2, 3, 5))
        rho = np.hypot(u, v) / wobble
        inside = rho <= 1.0
        rim = inside & (rho > rng.uniform(0.78, 0.88))
        mask[inside] = 1
        image[inside] += -18 + 22 * texture[inside]  # grainy, slightly darker lumen and cells
        image[rim] -= rng.uniform(55, 85)  # dark refractive rim
        lumen = rho < rng.uniform(0.2, 0.45)
        image[lumen] += rng.uniform(5, 25)  # some organoids have a bright lumen
    # Debris: dark blobs and fibres outside the organoids (not part of the mask).
    for _ in range(int(rng.integers(8, 25))):
        y, x = rng.uniform(0, h), rng.uniform(0, w)
        blob = np.hypot(yy - y, xx - x) < rng.uniform(1.0, 4.0)
        image[blob & (mask == 0)] -= rng.uniform(40, 90)
    for _ in range(int(rng.integers(1, 4))):
        y0, x0, ang, length = rng.uniform(0, h), rng.uniform(0, w), rng.uniform(0, np.pi), rng.uniform(20, 60)
        t = np.linspace(0, length, int(length * 2))
        ys = np.clip((y0 + t * np.sin(ang)).astype(int), 0, h - 1)
        xs = np.clip((x0 + t * np.cos(ang)).astype(int), 0, w - 1)
        fibre = np.zeros(shape, bool)
        fibre[ys, xs] = True
        image[fibre & (mask == 0)] -= 50
    image = ndimage.gaussian_filter(image, 0.8)  # optics
    image += rng.normal(0, noise, size=shape)
    return np.clip(image, 0, 255).astype(np.uint8), mask


def organoid_dataset(n: int = 8, shape: tuple[int, int] = (256, 256), seed: int = 0) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """``n`` scenes (images, masks); scene ``i`` uses seed ``seed * 10007 + i``."""
    pairs = [organoid_image(shape, seed * 10007 + i) for i in range(n)]
    return [p[0] for p in pairs], [p[1] for p in pairs]
