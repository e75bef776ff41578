"""One reader per volume format, each returning a lazy array (nothing read until sliced) or a
clear PretextInputError; ``volumes.open_volume`` picks the reader and checks the result.

Formats: TIFF (memory-mapped when uncompressed, else through tifffile's zarr view), a folder of
2D TIFF slices (what reconstruction software such as nabu or tomopy writes), zarr arrays and
OME-Zarr images, and HDF5/NeXus files (a reconstruction's dataset found by the NeXus default
chain or as the file's only 3D dataset, or named as ``file.h5::/path``, silx's notation).
"""

from __future__ import annotations

from pathlib import Path

import dask.array as da
import numpy as np
import tifffile

from ..core.choices import VOLUME_SUFFIXES
from ..core.errors import PretextInputError
from ..core.io import refuse_cut_short_tiff

HDF5_SEPARATOR = "::"  # scan.h5::/entry/data (silx's notation for a dataset in a file)


def open_tiff(path: Path):
    """A memmap over an uncompressed TIFF, else a zarr array over tifffile's reader."""
    if not path.is_file():
        raise PretextInputError(f"{path.name} is a folder, not a TIFF file.")
    refuse_cut_short_tiff(path)
    try:
        return tifffile.memmap(path, mode="r")
    except ValueError:  # compressed or not contiguous: read through tifffile's zarr view
        import zarr

        try:
            return zarr.open(tifffile.imread(path, aszarr=True), mode="r")
        except (tifffile.TiffFileError, OSError, ValueError, KeyError) as exc:
            raise PretextInputError(f"{path.name} could not be read as a TIFF volume ({exc}).") from exc
    except (tifffile.TiffFileError, OSError) as exc:  # not a TIFF (a PNG so named), empty, unreadable
        raise PretextInputError(f"{path.name} could not be read as a TIFF volume ({exc}).") from exc


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
        raise PretextInputError(f"{path.name} is a folder with {len(files)} TIFF file(s): a volume is a file "
                                f"({', '.join(VOLUME_SUFFIXES)}) or a folder of 2D TIFF slices.")
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


def open_hdf5(path: Path, inside: str | None = None):
    """The h5py dataset ``inside`` the file, or the one the file's NeXus default chain points at
    (``default`` attributes down to an NXdata group's ``signal``), or its only dataset of three or
    more dimensions; the file stays open while the dataset is referenced."""
    import h5py

    try:
        handle = h5py.File(path, "r")
    except OSError as exc:  # not HDF5, cut short ("truncated file"), locked by a writer
        raise PretextInputError(f"{path.name} could not be read as an HDF5 file ({exc}).") from exc
    if inside:
        node = handle.get(inside)
        if not isinstance(node, h5py.Dataset):
            raise PretextInputError(f"{path.name} has no dataset {inside!r}; its volumes: {', '.join(volume_datasets(handle)) or 'none'}.")
        return node
    found = nexus_signal(handle)
    if found is not None and found.ndim >= 3:
        return found
    candidates = volume_datasets(handle)
    if len(candidates) != 1:
        which = (f"it holds several: {', '.join(candidates)}; name one as {path.name}{HDF5_SEPARATOR}{candidates[0]}"
                 if candidates else "it holds no dataset of three or more dimensions")
        raise PretextInputError(f"{path.name}: which dataset is the volume? {which}.")
    return handle[candidates[0]]


def nexus_signal(handle):
    """The dataset a NeXus file's ``default`` attributes lead to (file -> NXentry -> NXdata ->
    its ``signal``), or None."""
    node = handle
    for _ in range(4):  # file -> entry -> (process) -> data
        name = node.attrs.get("default")
        if isinstance(name, bytes):
            name = name.decode()
        if not name or name not in node:
            break
        node = node[name]
    signal = node.attrs.get("signal") if node is not handle else None
    if isinstance(signal, bytes):
        signal = signal.decode()
    return node[signal] if signal and signal in node else None


def volume_datasets(handle) -> list[str]:
    """Paths of the numeric datasets of three or more dimensions in an HDF5 file."""
    import h5py

    found = []

    def visit(name, node):
        if isinstance(node, h5py.Dataset) and node.ndim >= 3 and np.issubdtype(node.dtype, np.number):
            found.append("/" + name)

    handle.visititems(visit)
    return found
