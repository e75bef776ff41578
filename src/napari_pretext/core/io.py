"""Reading and writing images: TIFF with tifffile, PNG/JPEG with imageio."""

from __future__ import annotations

import logging
import struct
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
        if suffix in TIFF_SUFFIXES:
            refuse_cut_short_tiff(path)
            return tifffile.imread(path)
        return np.asarray(iio.imread(path))
    except PretextInputError:
        raise
    except Exception as exc:  # any decoder error becomes a readable message
        raise PretextInputError(f"{path.name} could not be read as an image ({exc}).") from exc


def refuse_cut_short_tiff(path: Path) -> None:
    """A PretextInputError when the TIFF at ``path`` ends before the data it describes (a copy
    or a download that stopped part way): tifffile then reads the images it finds and the rest
    would be zeros, a 2D image or an error deep in the work. Its chain of images pointing past
    the end of the file, any image's data running past it, or a stack stored in one piece
    (ImageJ, tifffile) longer than the file: each says so."""
    size = path.stat().st_size
    quiet = logging.getLogger("tifffile")  # its own log lines about the damage: this error says it in one
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        with tifffile.TiffFile(path) as tif:
            form, fh, pages = tif.tiff, tif.filehandle, tif.pages
            last = pages[len(pages) - 1]
            fh.seek(last.offset)  # the last image's directory: its entries, then where the next one is
            raw = fh.read(form.tagnosize)
            entries = struct.unpack(form.tagnoformat, raw)[0] if len(raw) == form.tagnosize else 0
            fh.seek(last.offset + form.tagnosize + entries * form.tagsize)
            raw = fh.read(form.offsetsize)
            after = struct.unpack(form.offsetformat, raw)[0] if len(raw) == form.offsetsize else size
            ends = [offset + count for page in pages for offset, count in zip(page.dataoffsets, page.databytecounts)]
            series = tif.series[0] if tif.series else None
            whole = series.dataoffset + series.nbytes if series is not None and series.dataoffset is not None else 0
    except (tifffile.TiffFileError, OSError, ValueError, IndexError) as exc:  # not a TIFF, empty, broken beyond reading
        raise PretextInputError(f"{path.name} could not be read as a TIFF ({exc}).") from exc
    finally:
        quiet.setLevel(level)
    if after >= size or max(ends, default=0) > size or whole > size:
        raise PretextInputError(f"{path.name} is cut short ({size} bytes, {len(pages)} image(s) readable): the file ends "
                                f"before the data it describes (a copy or download that stopped?); copy it again.")


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
