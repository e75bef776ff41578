"""Lazy 3D volumes (TIFF, folders of TIFF slices, zarr and OME-Zarr, HDF5: ``volume_files.py``),
checked, and read block by block, so volumes much larger than memory work."""

from __future__ import annotations

import mmap
from pathlib import Path

import dask.array as da
import numpy as np
import tifffile

from ..core.choices import HDF5_SUFFIXES, VOLUME_SUFFIXES
from ..core.errors import PretextInputError
from .volume_files import HDF5_SEPARATOR, open_hdf5, open_slice_folder, open_tiff, open_zarr

AXES = {"z": 0, "y": 1, "x": 2}  # slice axes of a (Z, Y, X) volume


def open_volume(path: str | Path):
    """A lazy (Z, Y, X) array over the file: a numpy memmap (uncompressed TIFF), a zarr array
    (compressed TIFF, zarr, OME-Zarr, a folder of 2D TIFF slices) or an HDF5 dataset
    (``scan.h5``, or ``scan.h5::/entry/data`` to name it); nothing is read until slices are asked
    for (``volume_files.py``: one reader per format).

    Not a dask array: ``dask.array.from_array`` over a memmap held a copy of the whole volume in
    anonymous memory (2 GiB for a 1024^3 uint16 volume; benchmarks/localize_memory.py)."""
    file, _, inside = str(path).partition(HDF5_SEPARATOR)
    path = Path(file)
    if not path.exists():
        raise PretextInputError(f"no volume at {path}.")
    suffix = path.suffix.lower()
    if suffix in HDF5_SUFFIXES:
        array = open_hdf5(path, inside or None)
    elif inside:
        raise PretextInputError(f"{path.name}{HDF5_SEPARATOR}{inside}: only HDF5 files ({', '.join(HDF5_SUFFIXES)}) hold named datasets.")
    elif suffix == ".zarr":
        array = open_zarr(path)
    elif path.is_dir() and suffix not in VOLUME_SUFFIXES:
        array = open_slice_folder(path)
    elif suffix in (".tif", ".tiff"):
        array = open_tiff(path)
    else:
        raise PretextInputError(f"{path.name}: volumes are read from {', '.join(VOLUME_SUFFIXES)} or a folder of 2D TIFF slices, "
                                f"not {suffix!r}.")
    return check_volume(array, path.name)


def check_volume(volume, name: str = "volume", min_side: int = 8):
    """The volume itself when it is a usable gray 3D array; else a clear error."""
    if volume.ndim != 3:
        hint = " It looks like a 2D image: the CT tools need a (Z, Y, X) volume." if volume.ndim == 2 else ""
        raise PretextInputError(f"'{name}' has shape {tuple(volume.shape)}, not a 3D (Z, Y, X) volume.{hint}")
    if not np.issubdtype(np.dtype(volume.dtype), np.number) or np.dtype(volume.dtype) == bool:
        raise PretextInputError(f"'{name}' has data type {volume.dtype}, expected numbers.")
    if min(volume.shape) < min_side:
        hint = " It looks like a colour (RGB) 2D image: the CT tools need a gray (Z, Y, X) volume." if volume.shape[-1] in (3, 4) else ""
        raise PretextInputError(f"'{name}' has shape {tuple(volume.shape)}: every side must be at least {min_side} voxels.{hint}")
    return volume


def read_block(array, index=None) -> np.ndarray:
    """``array[index]`` (or all of a lazy ``array``) in memory, with a damaged file's read error as
    a clear message: a truncated TIFF opens (its first pages are fine) and fails only when a
    missing strip is read."""
    try:
        block = array if index is None else array[index]
        return np.asarray(block.compute(scheduler="threads") if isinstance(block, da.Array) else block)
    except (tifffile.TiffFileError, OSError, ValueError, KeyError, EOFError) as exc:
        raise PretextInputError(f"the volume's data could not be read ({exc}): the file may be truncated or damaged.") from exc


def release_mapped_pages(source) -> None:
    """Drop the pages of a memory-mapped source from this process's resident memory.

    They stay in the OS page cache (a later read is still fast); without this, every page the
    crop touched would count towards the process's memory until the end.
    """
    mm = getattr(source, "_mmap", None)
    if mm is not None and hasattr(mm, "madvise"):
        mm.madvise(mmap.MADV_DONTNEED)


def downscale_factor(shape: tuple[int, ...], max_side: int) -> int:
    """Smallest integer factor that brings the longest side to at most ``max_side``."""
    return max(1, -(-max(shape) // max_side))


READ_BYTES = 64 * 2**20  # what one step of downscale_volume reads at most (as float32)


def downscale_volume(volume, max_side: int = 256) -> tuple[np.ndarray, int]:
    """An in-memory float32 copy, block-averaged by an integer factor ``f``; returns (copy, f).

    Read ``f`` slices at a time, or a whole chunk's depth of them when the volume is stored in
    chunks several slices deep (zarr, OME-Zarr, HDF5: a chunk read for two of its 64 slices is
    decoded 32 times; 53x slower at 512^3, benchmarks/volume_formats_time.py), with as many rows
    as fit in READ_BYTES, averaged into the preallocated copy, so the memory a volume of any
    size needs is the copy (a 2048 x 1024 x 1024 volume at ``max_side=256``: 16 MB) plus one
    block; voxels past the last whole block are left out. A memory-mapped TIFF is averaged
    straight from the page cache (no anonymous copy).
    """
    f = downscale_factor(tuple(volume.shape), max_side)
    if f == 1:
        return read_block(volume).astype(np.float32, copy=False), 1
    nz, ny, nx = (s // f for s in volume.shape)
    out = np.empty((nz, ny, nx), np.float32)
    planes = max(1, min(nz, chunk_depth(volume) // f, READ_BYTES // (f * f * nx * f * 4)))  # output planes per read
    rows = max(1, READ_BYTES // (planes * f * f * nx * f * 4))  # output rows per read
    for k in range(0, nz, planes):
        k1 = min(k + planes, nz)
        for r in range(0, ny, rows):
            r1 = min(r + rows, ny)
            # read_block uses this process's threads, also inside a dask.distributed worker
            # (crop-batch), where the default scheduler would have to pickle a compressed TIFF's reader
            block = read_block(volume, (slice(k * f, k1 * f), slice(r * f, r1 * f), slice(0, nx * f)))
            out[k:k1, r:r1] = block.reshape(k1 - k, f, r1 - r, f, nx, f).mean(axis=(1, 3, 5), dtype=np.float32)
        release_mapped_pages(volume)
    return out, f


def chunk_depth(volume) -> int:
    """How many slices one stored chunk of ``volume`` holds (zarr and h5py ``chunks``, dask
    ``chunksize``); 1 for a memory map or a contiguous dataset."""
    chunks = getattr(volume, "chunksize", None) or getattr(volume, "chunks", None)
    try:
        return max(1, int(chunks[0]))
    except (TypeError, IndexError, ValueError):
        return 1


def take_slices(volume: np.ndarray, axis: int, indices) -> np.ndarray:
    """Slices ``indices`` along ``axis`` as a (k, H, W) array."""
    return np.moveaxis(np.take(volume, indices, axis=axis), axis, 0)
