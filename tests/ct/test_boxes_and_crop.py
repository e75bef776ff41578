import hashlib

import numpy as np
import pytest
import tifffile

from napari_pretext.core.errors import PretextInputError
from napari_pretext.ct.boxes import Box, box_from_mask, load_box, save_box, top_fraction_box
from napari_pretext.ct.crop import crop_metadata, read_crop_metadata, write_crop


def test_top_fraction_box_finds_a_planted_hot_spot():
    rng = np.random.default_rng(0)
    heat = rng.random((40, 50, 60)).astype(np.float32) * 0.5
    heat[10:20, 5:15, 30:45] += 1.0  # 1500 voxels, 1.25 % of the volume
    heat[35, 45, 55] = 5.0  # a single hot speck elsewhere: not the largest region
    box = top_fraction_box(heat, fraction=0.0125)
    assert box == Box((10, 5, 30), (20, 15, 45))


def test_box_validation_messages():
    with pytest.raises(PretextInputError, match="empty"):
        Box((5, 5, 5), (5, 9, 9)).validate((10, 10, 10))
    with pytest.raises(PretextInputError, match="outside the volume"):
        Box((0, 0, 0), (11, 5, 5)).validate((10, 10, 10))
    with pytest.raises(PretextInputError, match="3D box does not fit a 2D"):
        Box((0, 0, 0), (1, 1, 1)).validate((10, 10))


def test_box_json_pad_scale(tmp_path):
    box = Box((2, 3, 4), (5, 6, 7))
    assert load_box(save_box(box, tmp_path / "b.json")) == box
    assert box.pad(3, (6, 100, 100)) == Box((0, 0, 1), (6, 9, 10))
    assert Box((1, 1, 1), (3, 3, 3)).scale((2.0, 2.0, 2.5), (10, 10, 10)) == Box((2, 2, 2), (6, 6, 8))
    assert box_from_mask(np.pad(np.ones((2, 2, 2)), 1)) == Box((1, 1, 1), (3, 3, 3))
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(PretextInputError, match="not a JSON box"):
        load_box(tmp_path / "bad.json")


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("suffix", [".tif", ".zarr"])
def test_crop_from_memory_mapped_tiff_equals_numpy_slice(tmp_path, suffix):
    volume = np.random.default_rng(0).integers(0, 60000, (30, 40, 50), dtype=np.uint16)
    src = tmp_path / "volume.tif"
    tifffile.imwrite(src, volume)
    before = digest(src)
    source = tifffile.memmap(src, mode="r")
    box = Box((3, 5, 7), (29, 31, 45))
    out = write_crop(source, box, tmp_path / f"crop{suffix}", crop_metadata(box, str(src), (1.0, 0.5, 0.5), "sorting.pt"), chunk_slices=4)
    if suffix == ".tif":
        crop = tifffile.imread(out)
    else:
        import zarr

        crop = zarr.open_array(str(out), mode="r")[:]
    np.testing.assert_array_equal(crop, volume[box.slices])
    meta = read_crop_metadata(out)
    assert meta["offset"] == [3, 5, 7] and meta["model"] == "sorting.pt" and meta["voxel_size"] == [1.0, 0.5, 0.5]
    del source
    assert digest(src) == before  # the source file is never modified
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left behind


def test_crop_refuses_a_box_outside_the_volume(tmp_path):
    with pytest.raises(PretextInputError, match="outside"):
        write_crop(np.zeros((4, 4, 4)), Box((0, 0, 0), (5, 4, 4)), tmp_path / "c.tif")
    assert not list(tmp_path.iterdir())


def test_box_round_trips_through_rectangles():
    from napari_pretext.ct.boxes import box_from_vertices, box_to_rectangles

    box = Box((3, 10, 20), (9, 30, 41))
    rects = box_to_rectangles(box)
    assert [r[0, 0] for r in rects] == list(range(3, 9)) and rects[0].shape == (4, 3)  # one on each slice it spans
    assert box_from_vertices(rects, (20, 50, 60)) == box
    assert [r[0, 0] for r in box_to_rectangles(box, every_slice=False)] == [3, 8]
    assert box_from_vertices(box_to_rectangles(box, every_slice=False), (20, 50, 60)) == box
    moved = [r + np.array([0, 2.2, -1.0]) for r in rects]  # the user dragged it a little
    assert box_from_vertices(moved, (20, 50, 60)) == Box((3, 12, 19), (9, 32, 40))
    with pytest.raises(PretextInputError, match="no shapes"):
        box_from_vertices([], (20, 50, 60))


def test_a_rectangle_edited_on_one_slice_sets_the_box_on_all():
    from napari_pretext.ct.boxes import box_after_edit, box_to_rectangles

    rects = box_to_rectangles(Box((3, 10, 20), (9, 30, 41)))
    rects[2] = np.array([[5, 12, 22], [5, 12, 35], [5, 25, 35], [5, 25, 22]], float)  # shrunk on slice 5
    assert box_after_edit(rects, 2, (20, 50, 60)) == Box((3, 12, 22), (9, 26, 36))
    drawn = np.array([[14, 0, 0], [14, 0, 9], [14, 9, 9], [14, 9, 0]], float)  # a new rectangle on slice 14
    assert box_after_edit([*rects, drawn], len(rects), (20, 50, 60)) == Box((3, 0, 0), (15, 10, 10))
    with pytest.raises(PretextInputError):
        box_after_edit(rects, 99, (20, 50, 60))


@pytest.mark.parametrize("text", [
    '{"start": [0, 0, 1.5], "stop": [4, 4, 4]}', '{"start": [0, 0, "1"], "stop": [4, 4, 4]}',
    '{"start": [0, 0, true], "stop": [4, 4, 4]}', '{"start": [0, 0, NaN], "stop": [4, 4, 4]}',
    '{"start": [0, 0, Infinity], "stop": [4, 4, 4]}', '{"start": [0, 0, 0]}', '[0, 0, 0]', '{"start": 0, "stop": 4}',
])
def test_box_files_with_anything_but_whole_numbers_get_a_clear_error(tmp_path, text):
    (tmp_path / "box.json").write_text(text)
    with pytest.raises(PretextInputError, match="whole numbers"):
        load_box(tmp_path / "box.json")


def test_a_folder_or_binary_file_is_not_a_box(tmp_path):
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00")
    for name in ("folder.json", "binary.json"):
        with pytest.raises(PretextInputError, match="could not be read|not a JSON box"):
            load_box(tmp_path / name)


def test_box_intersection():
    assert Box((0, 0, 0), (4, 4, 4)).intersection(Box((2, 1, 3), (6, 6, 6))) == Box((2, 1, 3), (4, 4, 4))
    assert Box((0, 0, 0), (4, 4, 4)).intersection(Box((4, 0, 0), (6, 4, 4))) is None
