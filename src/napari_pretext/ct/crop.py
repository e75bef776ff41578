"""Writing crops chunk by chunk: TIFF (tifffile, BigTIFF when needed) or zarr.

The source is only read (a memory-mapped TIFF, a zarr or dask array, or numpy); the crop is
written to a temporary file next to the destination and renamed at the end, so a failure never
leaves a half-written file under the final name and the source is never touched. Whether the
destination may be written at all (not the source, not an existing file without ``overwrite``,
never a folder the plugin did not write) is :func:`napari_pretext.core.outputs.check_output`'s call,
made by the callers before any long work (:func:`check_crop_output`: that and the crop's format).
The box, the offset, the voxel size and the model used are stored with the crop.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np
import tifffile

from ..core.errors import PretextInputError
from ..core.outputs import atomic_path, check_output, write_marker
from .boxes import Box
from .volumes import READ_BYTES, chunk_depth, read_block, release_mapped_pages

CROP_KIND = "crop"

SLAB_SLICES = 16  # planes a crop reads at a time from a memory map, and the z chunk of a zarr crop
TIFF_LIMIT = 2**32 - 2**25  # classic TIFF offsets are 32 bit: above this use BigTIFF
CROP_SUFFIXES = (".tif", ".tiff", ".zarr")
# One-click and batch crops widen a flagged box unless told not to: a part of the sample cut
# away costs the user more than a looser crop (measured: docs/ct_guide.md, "Cautious crops by default").
CAUTIOUS = True
CAUTIOUS_HELP = ("crop a box flagged 'check by hand' as its wide box (what the boxes of half, once and twice the top "
                 "fraction cover): a looser crop that loses less of the sample (the default; --no-cautious crops the box "
                 "itself; docs/ct_guide.md, Cautious crops)")


def crop_format(out: str | Path) -> str:
    """The crop's format (its suffix, lower case), or a PretextInputError when it has none we write."""
    suffix = Path(out).suffix.lower()
    if suffix not in CROP_SUFFIXES:
        raise PretextInputError(f"crops are written as {', '.join(CROP_SUFFIXES)}, not {suffix or Path(out).name!r}: "
                                f"name the crop e.g. {Path(out).stem or 'crop'}.tif.")
    return suffix


def check_crop_output(out: str | Path, sources=(), overwrite: bool = False) -> Path:
    """:func:`~napari_pretext.core.outputs.check_output` for a crop, and its format: called before
    any long work, so that a wrong name is refused at once, not after the training."""
    resolved = check_output(out, CROP_KIND, sources=sources, overwrite=overwrite)  # first: it says more of a folder
    crop_format(out)
    return resolved


def provenance(source, model) -> dict:
    """Where a box or crop came from: the source volume, and the model (its path and sha256 when
    it is a file; else what it was, e.g. one trained on the spot; None for a threshold box)."""
    out = {"source": None if source is None else str(source), "model": None if model is None else str(model)}
    path = None if model is None else Path(str(model))
    if path is not None and path.is_file():
        stat = path.stat()
        out["model_sha256"] = model_sha256(str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    return out


@functools.lru_cache(maxsize=8)
def model_sha256(path: str, size: int, mtime_ns: int) -> str:
    """A model file's sha256, once per file version: a box and its crop, and every volume of a
    batch, name the same model (a ResNet50 checkpoint with its optimizer state is about 300 MB)."""
    from ..core.run_record import file_sha256

    return file_sha256(path)


def crop_metadata(box: Box, source: str | None, voxel_size=None, model: str | None = None, how: str | None = None) -> dict:
    """What a crop stores about itself: its box and offset in the source, the voxel size, where it
    came from (:func:`provenance`) and how the box was found (``how``: a rule's words, a box file,
    an edit by hand)."""
    return {"box": box.to_dict(), "offset": list(box.start), "voxel_size": None if voxel_size is None else list(voxel_size),
            **provenance(source, model), "how": how}


def _chunks(box: Box, chunk_slices: int):
    """(source slices, destination slices) along axis 0, ``chunk_slices`` planes at a time, the
    bounds after the first at multiples of ``chunk_slices`` in the source: with slabs as deep as
    a stored chunk, each chunk is read once."""
    z0, z1 = box.start[0], box.stop[0]
    rest = box.slices[1:]
    bounds = [z0, *range((z0 // chunk_slices + 1) * chunk_slices, z1, chunk_slices), z1]
    for a, b in zip(bounds, bounds[1:]):
        yield (slice(a, b), *rest), slice(a - z0, b - z0)


def slab_depth(source, box: Box) -> int:
    """Planes per read for a crop: 16, or a stored chunk's depth (zarr, OME-Zarr, HDF5) when a slab
    that deep fits in READ_BYTES, so that each chunk is decoded once, not once per slab."""
    plane = box.shape[1] * box.shape[2] * np.dtype(source.dtype).itemsize
    return max(SLAB_SLICES, min(chunk_depth(source), READ_BYTES // max(plane, 1)))


def write_crop(source, box: Box, out: str | Path, metadata: dict | None = None, chunk_slices: int | None = None) -> Path:
    """Write ``source[box]`` to ``out`` (``.tif``/``.tiff`` or ``.zarr``), ``chunk_slices``
    planes at a time (default :func:`slab_depth`)."""
    out = Path(out)
    box.validate(tuple(source.shape))
    chunk_slices = chunk_slices or slab_depth(source, box)
    metadata = metadata or crop_metadata(box, None)
    suffix = crop_format(out)
    with atomic_path(out) as tmp:
        if suffix == ".zarr":
            _write_zarr(source, box, tmp, metadata, chunk_slices)
            write_marker(tmp, CROP_KIND)  # so that only an earlier crop is ever replaced by one
        else:
            _write_tiff(source, box, tmp, metadata, chunk_slices)
    return out


def _planes(source, box: Box, chunk_slices: int):
    """The crop's (Y, X) planes in order, read ``chunk_slices`` planes at a time."""
    for src, _ in _chunks(box, chunk_slices):
        block = read_block(source, src)
        release_mapped_pages(source)
        yield from block


def _write_tiff(source, box: Box, path: Path, metadata: dict, chunk_slices: int) -> None:
    dtype = np.dtype(source.dtype)
    nbytes = box.size * dtype.itemsize
    # Written from an iterator of planes: only one block of planes is ever in memory.
    with tifffile.TiffWriter(path, bigtiff=nbytes > TIFF_LIMIT) as tif:
        tif.write(_planes(source, box, chunk_slices), shape=box.shape, dtype=dtype, description=json.dumps(metadata), metadata=None)


def _write_zarr(source, box: Box, path: Path, metadata: dict, chunk_slices: int) -> None:
    import zarr

    chunks = (min(SLAB_SLICES, box.shape[0]), *[min(256, s) for s in box.shape[1:]])
    target = zarr.open_array(str(path), mode="w", shape=box.shape, dtype=np.dtype(source.dtype), chunks=chunks)
    for src, dst in _chunks(box, chunk_slices):
        target[dst] = read_block(source, src)
        release_mapped_pages(source)
    target.attrs.update(metadata)


def crop_source(path: str | Path) -> str | None:
    """The source that the crop at ``path`` was cut from, as its metadata names it, or None when
    ``path`` is not a crop written by :func:`write_crop` (any other volume, or a damaged file)."""
    try:
        meta = read_crop_metadata(path)
    except Exception:  # noqa: BLE001 - a probe: whatever fails to read as a crop is not one
        return None
    return meta.get("source") if isinstance(meta, dict) and {"box", "offset", "source"} <= meta.keys() else None


def read_crop_metadata(path: str | Path) -> dict:
    """The metadata stored with a crop written by :func:`write_crop`."""
    path = Path(path)
    if path.suffix.lower() == ".zarr":
        import zarr

        return dict(zarr.open_array(str(path), mode="r").attrs)
    with tifffile.TiffFile(path) as tif:
        return json.loads(tif.pages[0].description)
