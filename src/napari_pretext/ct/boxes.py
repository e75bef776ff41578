"""3D boxes: validation, JSON, padding, scaling, and boxes from heatmaps.

A box is ``start`` (inclusive) and ``stop`` (exclusive) voxel indices in (z, y, x) of the
full-resolution volume, stored as JSON ``{"start": [z, y, x], "stop": [z, y, x]}``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import ndimage
from skimage.filters import threshold_otsu

from ..core.errors import PretextInputError


@dataclass(frozen=True)
class Box:
    start: tuple[int, ...]
    stop: tuple[int, ...]

    def __post_init__(self):
        if len(self.start) != len(self.stop):
            raise PretextInputError(f"box start {self.start} and stop {self.stop} have different lengths.")
        object.__setattr__(self, "start", tuple(int(v) for v in self.start))
        object.__setattr__(self, "stop", tuple(int(v) for v in self.stop))

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(b - a for a, b in zip(self.start, self.stop))

    @property
    def slices(self) -> tuple[slice, ...]:
        return tuple(slice(a, b) for a, b in zip(self.start, self.stop))

    @property
    def size(self) -> int:
        return int(np.prod([max(s, 0) for s in self.shape]))

    def validate(self, volume_shape: tuple[int, ...]) -> "Box":
        """The box itself when it is non-empty and inside ``volume_shape``; else a clear error."""
        if len(self.start) != len(volume_shape):
            raise PretextInputError(f"a {len(self.start)}D box does not fit a {len(volume_shape)}D volume.")
        if any(s <= 0 for s in self.shape):
            raise PretextInputError(f"the box {self.start}..{self.stop} is empty: every stop must be larger than its start.")
        if any(a < 0 for a in self.start) or any(b > n for b, n in zip(self.stop, volume_shape)):
            raise PretextInputError(f"the box {self.start}..{self.stop} reaches outside the volume of shape {tuple(volume_shape)}.")
        return self

    def clip(self, volume_shape: tuple[int, ...]) -> "Box":
        return Box(tuple(max(0, a) for a in self.start), tuple(min(n, b) for b, n in zip(self.stop, volume_shape)))

    def pad(self, voxels: int | tuple[int, ...], volume_shape: tuple[int, ...]) -> "Box":
        pad = (voxels,) * len(self.start) if isinstance(voxels, int) else tuple(voxels)
        return Box(tuple(a - p for a, p in zip(self.start, pad)), tuple(b + p for b, p in zip(self.stop, pad))).clip(volume_shape)

    def scale(self, factors: tuple[float, ...], volume_shape: tuple[int, ...]) -> "Box":
        """Map a box found on a downscaled volume back to full resolution (outward rounding)."""
        start = tuple(int(np.floor(a * f)) for a, f in zip(self.start, factors))
        stop = tuple(int(np.ceil(b * f)) for b, f in zip(self.stop, factors))
        return Box(start, stop).clip(volume_shape)

    def intersection(self, other: "Box") -> "Box | None":
        """The voxels both boxes hold, or None when they share none."""
        inter = Box(tuple(max(a, b) for a, b in zip(self.start, other.start)), tuple(min(a, b) for a, b in zip(self.stop, other.stop)))
        return inter if all(s > 0 for s in inter.shape) else None

    def hull(self, other: "Box") -> "Box":
        """The smallest box holding both."""
        return Box(tuple(min(a, b) for a, b in zip(self.start, other.start)), tuple(max(a, b) for a, b in zip(self.stop, other.stop)))

    def iou(self, other: "Box") -> float:
        """Intersection over union of two boxes (0 when apart, 1 when equal)."""
        inter = self.intersection(other)
        shared = inter.size if inter is not None else 0
        return shared / max(self.size + other.size - shared, 1)

    def to_dict(self) -> dict:
        return {"start": list(self.start), "stop": list(self.stop)}

    @classmethod
    def from_dict(cls, d: dict) -> "Box":
        """A box from user JSON: whole numbers only (no floats, strings, booleans, NaN or Infinity)."""
        form = '{"start": [z, y, x], "stop": [z, y, x]}'
        if not isinstance(d, dict) or not all(isinstance(d.get(k), list) for k in ("start", "stop")):
            raise PretextInputError(f'a box needs "start" and "stop" lists of whole numbers, like {form}.')
        for key in ("start", "stop"):
            bad = [v for v in d[key] if isinstance(v, bool) or not isinstance(v, int)]
            if bad:
                raise PretextInputError(f'the box\'s "{key}" holds {bad[0]!r}: voxel indices are whole numbers, like {form}.')
        return cls(tuple(d["start"]), tuple(d["stop"]))


def save_box(box: Box, path: str | Path, record: dict | None = None) -> Path:
    """The box as JSON, with ``record`` (how it was found: method, rule, confidence...) beside
    ``start`` and ``stop`` (:func:`load_box` reads the box and ignores the rest)."""
    from ..core.outputs import write_text_atomic

    return write_text_atomic(path, json.dumps({**box.to_dict(), **(record or {})}, indent=1))


def load_box(path: str | Path, wide: bool = False) -> Box:
    """The box of a box file; ``wide``: its wide box (what a sorting box's neighbours cover,
    written by localize and crop-auto), refused when the file has none."""
    path = Path(path)
    try:
        record = json.loads(path.read_text())
        if wide and not (isinstance(record, dict) and isinstance(record.get("wide_box"), dict)):
            raise PretextInputError(f"{path.name} holds no wide box (only sorting boxes have one): crop its box without --wide.")
        return Box.from_dict(record["wide_box"] if wide else record)
    except FileNotFoundError as exc:
        raise PretextInputError(f"no box file at {path}.") from exc
    except json.JSONDecodeError as exc:
        raise PretextInputError(f"{path.name} is not a JSON box file ({exc.msg}).") from exc
    except (OSError, UnicodeDecodeError) as exc:  # a folder, an unreadable or binary file
        raise PretextInputError(f"{path} could not be read as a JSON box file ({exc.__class__.__name__}).") from exc


def box_from_mask(mask: np.ndarray) -> Box:
    """Bounding box of the True voxels of ``mask``."""
    found = ndimage.find_objects(np.asarray(mask, dtype=np.uint8))
    if not found or found[0] is None:
        raise PretextInputError("nothing to put a box around: the mask is empty.")
    return Box(tuple(s.start for s in found[0]), tuple(s.stop for s in found[0]))


def top_fraction_mask(heatmap: np.ndarray, fraction: float = 0.03) -> np.ndarray:
    """Bool mask of the top ``fraction`` of heatmap values (ties included)."""
    if not 0 < fraction <= 1:
        raise PretextInputError(f"the top fraction must be in (0, 1], got {fraction}.")
    heatmap = np.asarray(heatmap, dtype=np.float32)
    if heatmap.max() <= heatmap.min():
        raise PretextInputError("the heatmap is flat: there is no region that stands out.")
    return heatmap >= np.quantile(heatmap, 1.0 - fraction)


def top_fraction_box(heatmap: np.ndarray, fraction: float = 0.03) -> Box:
    """Box of the largest connected region among the top ``fraction`` of heatmap values.

    The CT paper's rule for the sorting model (top 3 % of superpixels by embedding variance).
    """
    return largest_region_box(top_fraction_mask(heatmap, fraction))


def largest_region(mask: np.ndarray) -> np.ndarray:
    """The largest connected region of a bool mask (same shape, bool)."""
    labels, n = ndimage.label(mask)
    sizes = ndimage.sum_labels(mask, labels, index=np.arange(1, n + 1))
    return labels == (int(np.argmax(sizes)) + 1)


def largest_region_box(mask: np.ndarray) -> Box:
    """Box of the largest connected region of a bool mask."""
    return box_from_mask(largest_region(mask))


def box_to_rectangles(box: Box, every_slice: bool = True) -> list[np.ndarray]:
    """A 3D box as (4, 3) rectangles (z, y, x vertices): one on every z plane it spans, so that
    napari's 2D view shows it on each of its slices, or (``every_slice=False``) on its first and
    last plane only (a clearer outline in 3D).

    This is how the box is shown as an editable napari Shapes layer; :func:`box_from_vertices`
    reads it back (also after the user moved corners or drew rectangles on other planes).
    """
    (z0, y0, x0), (z1, y1, x1) = box.start, box.stop
    planes = range(z0, z1) if every_slice else sorted({z0, z1 - 1})
    return [np.array([[z, y0, x0], [z, y0, x1 - 1], [z, y1 - 1, x1 - 1], [z, y1 - 1, x0]], float) for z in planes]


def box_after_edit(shapes: list[np.ndarray], edited: int, volume_shape: tuple[int, ...]) -> Box:
    """The box a user means after editing rectangle ``edited`` on one slice: its (y, x) extent,
    over the z planes of all rectangles (a rectangle drawn on a new plane extends the box)."""
    if not 0 <= edited < len(shapes):
        raise PretextInputError("the edited rectangle is not in the box layer.")
    whole = box_from_vertices(shapes, volume_shape)
    one = box_from_vertices([shapes[edited]], volume_shape)
    return Box((whole.start[0], *one.start[1:]), (whole.stop[0], *one.stop[1:])).validate(volume_shape)


def box_from_vertices(shapes: list[np.ndarray], volume_shape: tuple[int, ...]) -> Box:
    """The box spanned by all vertices of ``shapes`` (each (n, 3) in voxel coordinates)."""
    if not len(shapes):
        raise PretextInputError("the box layer has no shapes: localise first, or draw a rectangle.")
    points = np.concatenate([np.asarray(s, float).reshape(-1, 3) for s in shapes])
    start = np.floor(points.min(axis=0) + 0.5).astype(int)
    stop = np.floor(points.max(axis=0) + 0.5).astype(int) + 1
    return Box(tuple(start), tuple(stop)).clip(volume_shape).validate(volume_shape)


def split_threshold(values: np.ndarray) -> float:
    """Otsu's threshold moved to the midpoint of the two class means it separates: the same
    on noisy data, but mid-gap (not at the edge of the lower class) when the classes are
    cleanly apart, where Otsu's criterion is flat."""
    values = np.asarray(values, np.float32).ravel()  # ravel: no RGB guessing by skimage
    t = threshold_otsu(values)
    low, high = values[values <= t], values[values > t]
    return float((low.mean() + high.mean()) / 2) if len(low) and len(high) else float(t)
