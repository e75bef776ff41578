"""Random patch datasets for the 2D tasks, reproducible by seed.

Every sample ``i`` of epoch ``e`` draws from ``numpy.random.default_rng((seed, e, i))``, so
an epoch is the same whatever the number of DataLoader workers or the batch size. A dataset is
indexed by ``i`` (epoch from :meth:`SeededPatches.set_epoch`) or by ``(e, i)`` from
:class:`EpochIndices`, the sampler that lets persistent DataLoader workers (which never see
``set_epoch`` calls made in the main process) serve every epoch.
"""

from __future__ import annotations

import numpy as np
import torch
from torch.utils.data import Dataset, Sampler

from .corruptions import CorruptionConfig, corrupt
from .validation import IGNORE


def random_dihedral(arrays: list[np.ndarray], rng: np.random.Generator) -> list[np.ndarray]:
    """The same random flip / 90-degree rotation applied to the last two axes of each array."""
    k, flip = int(rng.integers(4)), bool(rng.integers(2))
    out = []
    for a in arrays:
        a = np.rot90(a, k, axes=(-2, -1))
        if flip:
            a = a[..., ::-1]
        out.append(np.ascontiguousarray(a))
    return out


def default_samples(slices: list[np.ndarray], patch: int, batch_size: int) -> int:
    """Patches per epoch that cover the pixels about once (at least 4 batches)."""
    pixels = sum(s.shape[-2] * s.shape[-1] for s in slices)
    return max(4 * batch_size, -(-pixels // (patch * patch)))


class PatchSampler:
    """Picks a slice (weighted by area) and a random ``patch x patch`` window in it."""

    def __init__(self, slices: list[np.ndarray], patch: int):
        self.slices, self.patch = slices, patch
        areas = np.array([s.shape[-2] * s.shape[-1] for s in slices], float)
        self.weights = areas / areas.sum()

    def window(self, rng: np.random.Generator, index: int | None = None, centre: tuple[int, int] | None = None):
        index = int(rng.choice(len(self.slices), p=self.weights)) if index is None else index
        h, w = self.slices[index].shape[-2:]
        if centre is None:
            y, x = int(rng.integers(h - self.patch + 1)), int(rng.integers(w - self.patch + 1))
        else:  # centre the patch on a pixel, shifted to stay inside the slice
            y = int(np.clip(centre[0] - self.patch // 2, 0, h - self.patch))
            x = int(np.clip(centre[1] - self.patch // 2, 0, w - self.patch))
        return index, (slice(y, y + self.patch), slice(x, x + self.patch))


class SeededPatches(Dataset):
    """``samples`` random patches per epoch; sample ``i`` draws from :meth:`rng`."""

    def __init__(self, slices, patch: int, samples: int, seed: int, augment: bool):
        self.sampler = PatchSampler(list(slices), patch)
        self.samples, self.seed, self.augment = samples, seed, augment
        self.epoch = 0

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def __len__(self) -> int:
        return self.samples

    def rng(self, key: int | tuple[int, int]) -> np.random.Generator:
        epoch, i = key if isinstance(key, tuple) else (self.epoch, key)
        return np.random.default_rng((self.seed, int(epoch), int(i)))


class EpochIndices(Sampler):
    """Yields ``(epoch, i)`` for ``i < samples``; set :attr:`epoch` before iterating."""

    def __init__(self, samples: int):
        self.samples, self.epoch = samples, 0

    def __len__(self) -> int:
        return self.samples

    def __iter__(self):
        return ((self.epoch, i) for i in range(self.samples))


class RestorationPatches(SeededPatches):
    """(corrupted, clean) float32 pairs of shape (C, patch, patch) from normalised slices."""

    def __init__(self, slices, patch: int, corruption: CorruptionConfig, samples: int, seed: int = 0, augment: bool = True):
        super().__init__(slices, patch, samples, seed, augment)
        self.corruption = corruption

    def __getitem__(self, key: int | tuple[int, int]):
        rng = self.rng(key)
        index, (ys, xs) = self.sampler.window(rng)
        clean = self.sampler.slices[index][:, ys, xs]
        if self.augment:
            (clean,) = random_dihedral([clean], rng)
        noisy, _ = corrupt(clean, self.corruption, rng)
        return torch.from_numpy(noisy), torch.from_numpy(np.ascontiguousarray(clean))


class SegmentationPatches(SeededPatches):
    """(image (C, p, p) float32, target (p, p) int64 with -1 = ignore) patches.

    When less than half of the pixels are annotated (scribbles), patches are centred on a
    random annotated pixel so that almost no step is wasted on unlabelled areas.
    """

    def __init__(self, slices, targets, patch: int, samples: int, seed: int = 0, augment: bool = True):
        super().__init__(slices, patch, samples, seed, augment)
        self.targets = list(targets)
        self.annotated = [np.argwhere(t != IGNORE) for t in self.targets]
        total = sum(t.size for t in self.targets)
        self.centre_on_labels = sum(len(a) for a in self.annotated) < 0.5 * total

    def __getitem__(self, key: int | tuple[int, int]):
        rng = self.rng(key)
        if self.centre_on_labels:
            index = int(rng.choice(len(self.targets), p=self._label_weights()))
            points = self.annotated[index]
            centre = tuple(points[int(rng.integers(len(points)))])
            index, (ys, xs) = self.sampler.window(rng, index=index, centre=centre)
        else:
            index, (ys, xs) = self.sampler.window(rng)
        image, target = self.sampler.slices[index][:, ys, xs], self.targets[index][ys, xs]
        if self.augment:
            image, target = random_dihedral([image, target], rng)
        return torch.from_numpy(np.ascontiguousarray(image)), torch.from_numpy(np.ascontiguousarray(target))

    def _label_weights(self) -> np.ndarray:
        counts = np.array([len(a) for a in self.annotated], float)
        return counts / counts.sum()
