"""Reading and writing images: TIFF with tifffile, PNG/JPEG with imageio."""

from __future__ import annotations

from pathlib import Path

import imageio.v3 as iio
import numpy as np
import tifffile

from .errors import PretextInputError
from .outputs import atomic_path

TIFF_SUFFIXES = (".tif", ".tiff")
IMAGE_SUFFIXES = TIFF_SUFFIXES + (".png", ".jpg", ".jpeg", ".bmp")


def read_image(path: str | Path) -> np.ndarray:
    """The pixels of an image file (TIFF of any dimensionality, PNG, JPEG)."""
    path = Path(path)
    if not path.is_file():
        raise PretextInputError(f"no image file at {path}.")
    suffix = path.suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        raise PretextInputError(f"{path.name}: unsupported file type {suffix!r}; use one of {', '.join(IMAGE_SUFFIXES)}.")
    try:
        return tifffile.imread(path) if suffix in TIFF_SUFFIXES else np.asarray(iio.imread(path))
    except Exception as exc:  # any decoder error becomes a readable message
        raise PretextInputError(f"{path.name} could not be read as an image ({exc}).") from exc


def write_image(path: str | Path, array: np.ndarray) -> Path:
    """Write ``array`` as TIFF (any dtype, compressed) or PNG (uint8/uint16 2D or RGB), under a
    temporary name renamed when complete (never a truncated file under ``path``)."""
    path = Path(path)
    with atomic_path(path) as tmp:
        if path.suffix.lower() in TIFF_SUFFIXES:
            tifffile.imwrite(tmp, np.asarray(array), compression="zlib")
        else:
            iio.imwrite(tmp, np.asarray(array), extension=path.suffix)
    return path


def write_table(path: str | Path, columns: dict[str, np.ndarray]) -> Path:
    """Write equal-length ``columns`` as a CSV file with a header row."""
    import csv

    path = Path(path)
    with atomic_path(path) as tmp, tmp.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        writer.writerows(zip(*(np.asarray(c).tolist() for c in columns.values())))
    return path
