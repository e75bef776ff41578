"""Outputs never replace what the user did not name, and never appear half-written."""

import pytest

from napari_pretext.core.errors import PretextInputError
from napari_pretext.core.outputs import MARKER, atomic_path, check_output, write_marker, write_text_atomic


def test_an_output_never_is_holds_or_lies_inside_a_source(tmp_path):
    source = tmp_path / "data" / "scan.tif"
    source.parent.mkdir()
    source.write_bytes(b"scan")
    with pytest.raises(PretextInputError, match="is the source"):
        check_output(tmp_path / "data" / ".." / "data" / "scan.tif", "crop", [source])
    with pytest.raises(PretextInputError, match="holds the source"):
        check_output(tmp_path / "data", "crop", [source], overwrite=True)
    zarr_source = tmp_path / "scan.zarr"
    zarr_source.mkdir()
    with pytest.raises(PretextInputError, match="lies inside the source"):
        check_output(zarr_source / "crop.tif", "crop", [zarr_source])
    link = tmp_path / "link.tif"
    link.symlink_to(source)
    with pytest.raises(PretextInputError, match="is the source"):
        check_output(link, "crop", [source], overwrite=True)
    assert source.read_bytes() == b"scan"


def test_existing_files_need_overwrite_and_foreign_folders_are_never_replaced(tmp_path):
    existing = tmp_path / "crop.tif"
    existing.write_bytes(b"old")
    with pytest.raises(PretextInputError, match="--overwrite"):
        check_output(existing, "crop")
    assert check_output(existing, "crop", overwrite=True) == existing.resolve()
    folder = tmp_path / "results"
    folder.mkdir()
    (folder / "thesis.docx").write_bytes(b"years of work")
    with pytest.raises(PretextInputError, match="did not write"):
        check_output(folder, "crop", overwrite=True)
    earlier = tmp_path / "crop.zarr"
    earlier.mkdir()
    write_marker(earlier, "crop")
    with pytest.raises(PretextInputError, match="--overwrite"):
        check_output(earlier, "crop")
    assert check_output(earlier, "crop", overwrite=True) == earlier.resolve()
    with pytest.raises(PretextInputError, match="did not write"):
        check_output(earlier, "heatmap", overwrite=True)  # an output of another kind
    assert (folder / "thesis.docx").read_bytes() == b"years of work"


def test_missing_parents_are_made_and_unwritable_places_refused_early(tmp_path):
    out = check_output(tmp_path / "new" / "deeper" / "crop.tif", "crop")
    assert not out.parent.exists()  # nothing made before the output is written...
    write_text_atomic(out, "crop")
    assert out.read_text() == "crop"  # ...then its folders are
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    with pytest.raises(PretextInputError, match="is a file, not a folder"):
        check_output(blocker / "sub" / "crop.tif", "crop")


def test_a_failed_write_leaves_the_old_output_and_no_temporary(tmp_path):
    out = write_text_atomic(tmp_path / "box.json", "old")
    with pytest.raises(RuntimeError):
        with atomic_path(out) as tmp:
            tmp.write_text("half")
            raise RuntimeError("disk full")
    assert out.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["box.json"]
    folder = tmp_path / "crop.zarr"
    for text in ("first", "second"):
        with atomic_path(folder) as tmp:
            tmp.mkdir()
            (tmp / "data").write_text(text)
            write_marker(tmp, "crop")
    assert (folder / "data").read_text() == "second" and (folder / MARKER).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["box.json", "crop.zarr"]


def test_the_writer_itself_never_replaces_a_folder_without_the_marker(tmp_path):
    """Even a caller that skipped check_output (the Python API's write_crop) cannot replace a user's folder."""
    import numpy as np

    from napari_pretext.ct.boxes import Box
    from napari_pretext.ct.crop import write_crop

    dataset = tmp_path / "dataset.zarr"
    dataset.mkdir()
    (dataset / "zarr.json").write_text("the user's own store")
    with pytest.raises(PretextInputError, match="never replaced"):
        write_crop(np.zeros((8, 8, 8), np.uint8), Box((0, 0, 0), (4, 4, 4)), dataset)
    assert (dataset / "zarr.json").read_text() == "the user's own store" and sorted(p.name for p in tmp_path.iterdir()) == ["dataset.zarr"]


def test_only_a_dead_writers_own_temporary_is_cleaned_up(tmp_path):
    dead = 2**22 + 12345  # above Linux's pid_max default: no such process
    stale = tmp_path / f".out.txt.{dead}.abcd_123"  # what atomic_path makes: a folder
    stale.mkdir()
    (stale / "out.txt").write_text("half")
    look_alike = tmp_path / f".out.txt.{dead}.notes"  # a user's own hidden folder, same start
    look_alike.mkdir()
    (look_alike / "mine.txt").write_text("mine")
    write_text_atomic(tmp_path / "out.txt", "new")
    assert not stale.exists() and (look_alike / "mine.txt").read_text() == "mine"
