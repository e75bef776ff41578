"""Lazy 3D volumes: TIFF (memory-mapped when uncompressed, chunk-read through zarr when not)
and zarr stores, as dask arrays, so volumes much larger than memory work."""

from __future__ import annotations

from pathlib import Path

import dask.array as da
import numpy as np
import tifffile

from ..errors import PretextInputError

VOLUME_SUFFIXES = (".tif", ".tiff", ".zarr")


def open_volume(path: str | Path) -> da.Array:
    """A lazy (Z, Y, X) dask array over the file; nothing is read until slices are asked for."""
    raw = open_volume_raw(path)
    return da.from_array(raw, chunks=(1, -1, -1)) if isinstance(raw, np.ndarray) else da.from_zarr(raw)


def open_volume_raw(path: str | Path):
    """The file's array without dask: a numpy memmap (uncompressed TIFF) or a zarr array."""
    path = Path(path)
    if not path.exists():
        raise PretextInputError(f"no volume at {path}.")
    suffix = path.suffix.lower()
    if suffix == ".zarr":
        import zarr

        try:
            array = zarr.open_array(str(path), mode="r")
        except Exception as exc:  # an empty folder, a group, a broken store: zarr raises many kinds
            raise PretextInputError(f"{path.name} could not be read as a zarr array ({exc.__class__.__name__}: {exc}).") from exc
    elif suffix in (".tif", ".tiff"):
        if not path.is_file():
            raise PretextInputError(f"{path.name} is a folder, not a TIFF file.")
        try:
            array = tifffile.memmap(path, mode="r")
        except ValueError:  # compressed or not contiguous: read through tifffile's zarr view
            import zarr

            try:
                array = zarr.open(tifffile.imread(path, aszarr=True), mode="r")
            except (tifffile.TiffFileError, OSError, ValueError, KeyError) as exc:
                raise PretextInputError(f"{path.name} could not be read as a TIFF volume ({exc}).") from exc
        except (tifffile.TiffFileError, OSError) as exc:  # not a TIFF (a PNG so named), empty, unreadable
            raise PretextInputError(f"{path.name} could not be read as a TIFF volume ({exc}).") from exc
    else:
        raise PretextInputError(f"{path.name}: volumes are read from {', '.join(VOLUME_SUFFIXES)}, not {suffix!r}.")
    return check_volume(array, path.name)


def check_volume(volume, name: str = "volume", min_side: int = 8):
    """The volume itself when it is a usable gray 3D array; else a clear error."""
    if volume.ndim != 3:
        hint = " It looks like a 2D image: the CT tools need a (Z, Y, X) volume." if volume.ndim == 2 else ""
        raise PretextInputError(f"'{name}' has shape {tuple(volume.shape)}, not a 3D (Z, Y, X) volume.{hint}")
    if not np.issubdtype(np.dtype(volume.dtype), np.number) or np.dtype(volume.dtype) == bool:
        raise PretextInputError(f"'{name}' has data type {volume.dtype}, expected numbers.")
    if min(volume.shape) < min_side:
        raise PretextInputError(f"'{name}' has shape {tuple(volume.shape)}: every side must be at least {min_side} voxels.")
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


def downscale_factor(shape: tuple[int, ...], max_side: int) -> int:
    """Smallest integer factor that brings the longest side to at most ``max_side``."""
    return max(1, -(-max(shape) // max_side))


def downscale_volume(volume, max_side: int = 256) -> tuple[np.ndarray, int]:
    """An in-memory float32 copy, block-averaged by an integer factor; returns (copy, factor).

    The volume is read chunk by chunk (dask), so only the small copy is ever held in memory:
    a 2048^3 volume at ``max_side=256`` becomes 64 MB.
    """
    factor = downscale_factor(tuple(volume.shape), max_side)
    array = volume if isinstance(volume, da.Array) else da.from_array(volume, chunks=(max(1, factor), -1, -1))
    if factor > 1:
        array = array.rechunk((factor * max(1, 8 // factor), -1, -1))
        array = da.coarsen(np.mean, array.astype(np.float32), {0: factor, 1: factor, 2: factor}, trim_excess=True)
    # read_block computes with this process's threads, also inside a dask.distributed worker
    # (crop-batch): there the default scheduler is the cluster, which would have to pickle the
    # graph, and a compressed TIFF's reader (tifffile's zarr store over an open file) cannot be
    return read_block(array.astype(np.float32)), factor


def take_slices(volume: np.ndarray, axis: int, indices) -> np.ndarray:
    """Slices ``indices`` along ``axis`` as a (k, H, W) array."""
    return np.moveaxis(np.take(volume, indices, axis=axis), axis, 0)
