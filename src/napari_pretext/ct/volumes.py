"""Lazy 3D volumes: TIFF (memory-mapped when uncompressed, chunk-read through zarr when not)
and zarr stores, read block by block, so volumes much larger than memory work."""

from __future__ import annotations

import mmap
from pathlib import Path

import dask.array as da
import numpy as np
import tifffile

from ..core.errors import PretextInputError
from ..core.io import refuse_cut_short_tiff

VOLUME_SUFFIXES = (".tif", ".tiff", ".zarr")
AXES = {"z": 0, "y": 1, "x": 2}  # slice axes of a (Z, Y, X) volume


def open_volume(path: str | Path):
    """A lazy (Z, Y, X) array over the file: a numpy memmap (uncompressed TIFF) or a zarr array
    (compressed TIFF, zarr); nothing is read until slices are asked for.

    Not a dask array: ``dask.array.from_array`` over a memmap held a copy of the whole volume in
    anonymous memory (2 GiB for a 1024^3 uint16 volume; benchmarks/localize_memory.py)."""
    path = Path(path)
    if not path.exists():
        raise PretextInputError(f"no volume at {path}.")
    suffix = path.suffix.lower()
    if suffix == ".zarr":
        array = open_zarr(path)
    elif path.is_dir() and suffix not in VOLUME_SUFFIXES:
        array = open_slice_folder(path)
    elif suffix in (".tif", ".tiff"):
        if not path.is_file():
            raise PretextInputError(f"{path.name} is a folder, not a TIFF file.")
        refuse_cut_short_tiff(path)
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


def slice_files(path: Path) -> list[str]:
    """The TIFF files directly in the folder ``path``, in natural name order."""
    return tifffile.natural_sorted(str(p) for p in path.iterdir() if p.suffix.lower() in (".tif", ".tiff") and p.is_file())


def is_slice_folder(path: Path) -> bool:
    """Whether ``path`` looks like a folder of 2D TIFF slices (at least two TIFF files, the first
    a single 2D image): one header read, for listing a batch's volumes."""
    if not path.is_dir() or path.suffix.lower() in VOLUME_SUFFIXES:
        return False
    files = slice_files(path)
    try:
        with tifffile.TiffFile(files[0]) as tif:
            return len(files) >= 2 and len(tif.pages) == 1 and len(tif.pages[0].shape) == 2
    except (IndexError, tifffile.TiffFileError, OSError, ValueError):
        return False


def open_slice_folder(path: Path):
    """A folder of 2D TIFF slices, one file per slice in natural name order (``rec_9.tif`` before
    ``rec_10.tif``), as reconstruction software writes a volume: a lazy (Z, Y, X) zarr array over
    tifffile's sequence reader. Every file is checked first (a copy that stopped part way leaves
    a slice cut short or missing data; a stray file of another size or type breaks the stack)."""
    import zarr

    files = slice_files(path)
    if len(files) < 2:
        raise PretextInputError(f"{path.name} is a folder with {len(files)} TIFF file(s): a volume is a .tif/.tiff or .zarr, "
                                f"or a folder of 2D TIFF slices.")
    first = None
    for name in files:
        refuse_cut_short_tiff(Path(name))
        with tifffile.TiffFile(name) as tif:
            found = (len(tif.pages), tif.pages[0].shape, tif.pages[0].dtype)
        if found[0] != 1 or len(found[1]) != 2:
            raise PretextInputError(f"{Path(name).name} in {path.name} is not a 2D slice (shape {found[1]}, {found[0]} image(s)): "
                                    f"a folder volume holds one 2D TIFF per slice.")
        first = first or (name, found)
        if found[1:] != first[1][1:]:
            raise PretextInputError(f"{Path(name).name} in {path.name} is {found[1]} {found[2]}, but {Path(first[0]).name} is "
                                    f"{first[1][1]} {first[1][2]}: the slices of a volume have one size and type.")
    return zarr.open(tifffile.TiffSequence(files).aszarr(), mode="r")


def open_zarr(path: Path):
    """A zarr array, or the full-resolution level of an OME-Zarr image (its leading axes of
    length 1, time and channel, dropped: a lazy dask view)."""
    import zarr

    try:
        node = zarr.open(str(path), mode="r")
    except Exception as exc:  # an empty folder, a broken store: zarr raises many kinds
        raise PretextInputError(f"{path.name} could not be read as a zarr array ({exc.__class__.__name__}: {exc}).") from exc
    if isinstance(node, zarr.Array):
        return node
    level = ome_levels(node)
    if not level:
        arrays = sorted(name for name, _ in node.arrays())
        example = f", e.g. {path.name}/{arrays[0]}" if arrays else ""
        raise PretextInputError(f"{path.name} is a zarr group with no OME-Zarr image ('multiscales') in it: pass one of its arrays{example}.")
    array = node[level[0]["path"]]
    if array.ndim > 3 and all(n == 1 for n in array.shape[:-3]):
        array = da.from_zarr(array)[(0,) * (array.ndim - 3)]
    return array


def ome_levels(group) -> list[dict]:
    """The datasets (resolution levels, full resolution first) of the first OME-Zarr image in a
    zarr group: ``multiscales`` in its attributes (OME-Zarr 0.4) or under ``ome`` (0.5)."""
    attrs = dict(group.attrs)
    multiscales = attrs.get("multiscales") or (attrs.get("ome") or {}).get("multiscales") or []
    return list(multiscales[0].get("datasets", [])) if multiscales else []


def ome_voxel_size(path: str | Path) -> list[float] | None:
    """(z, y, x) voxel size of an OME-Zarr image's full-resolution level (its ``scale``
    transformation), or None for any other file."""
    import zarr

    try:
        group = zarr.open_group(str(path), mode="r")
        level = ome_levels(group)
    except Exception:  # noqa: BLE001 - a probe: not an OME-Zarr group
        return None
    scales = [t.get("scale") for t in (level[0].get("coordinateTransformations") or []) if t.get("type") == "scale"] if level else []
    if not scales or len(scales[0]) < 3:
        return None
    size = [float(v) for v in scales[0][-3:]]
    return size if all(np.isfinite(v) and v > 0 for v in size) else None


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

    Read ``f`` slices (and as many rows as fit in READ_BYTES) at a time and averaged into the
    preallocated copy, so the memory a volume of any size needs is the copy (a 2048 x 1024 x 1024
    volume at ``max_side=256``: 16 MB) plus one block; voxels past the last whole block are left
    out. A memory-mapped TIFF is averaged straight from the page cache (no anonymous copy).
    """
    f = downscale_factor(tuple(volume.shape), max_side)
    if f == 1:
        return read_block(volume).astype(np.float32, copy=False), 1
    nz, ny, nx = (s // f for s in volume.shape)
    out = np.empty((nz, ny, nx), np.float32)
    rows = max(1, READ_BYTES // (f * f * nx * f * 4))  # output rows per read
    for k in range(nz):
        for r in range(0, ny, rows):
            r1 = min(r + rows, ny)
            # read_block uses this process's threads, also inside a dask.distributed worker
            # (crop-batch), where the default scheduler would have to pickle a compressed TIFF's reader
            block = read_block(volume, (slice(k * f, (k + 1) * f), slice(r * f, r1 * f), slice(0, nx * f)))
            out[k, r:r1] = block.reshape(f, r1 - r, f, nx, f).mean(axis=(0, 2, 4), dtype=np.float32)
        release_mapped_pages(volume)
    return out, f


def take_slices(volume: np.ndarray, axis: int, indices) -> np.ndarray:
    """Slices ``indices`` along ``axis`` as a (k, H, W) array."""
    return np.moveaxis(np.take(volume, indices, axis=axis), axis, 0)
