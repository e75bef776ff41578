"""Volumes as users have them: folders of 2D TIFF slices, OME-Zarr images written by ome-zarr-py
(0.4 and 0.5)."""

import json

import numpy as np
import pytest
import tifffile
import zarr

from napari_pretext.cli import main
from napari_pretext.core.errors import PretextInputError
from napari_pretext.ct.api import localize_volume, recorded_spacing, voxel_size
from napari_pretext.ct.scene import make_ct_scene
from napari_pretext.ct.volumes import open_volume


def slices(folder, volume, name="rec_{:d}.tif"):
    """One 2D TIFF per slice, numbered without padding (rec_9.tif sorts after rec_10.tif by bytes)."""
    folder.mkdir()
    for i, plane in enumerate(volume):
        tifffile.imwrite(folder / name.format(i), plane)
    return folder


def test_a_folder_of_slices_is_a_volume_in_natural_order(tmp_path, capsys):
    volume = make_ct_scene((40, 48, 48), seed=3).volume
    folder = slices(tmp_path / "rec", volume)
    np.testing.assert_array_equal(np.asarray(open_volume(folder)[:]), volume)
    assert main(["localize", str(folder), "--box-out", str(tmp_path / "box.json")]) == 0
    assert main(["crop", str(folder), "--box", str(tmp_path / "box.json"), "--out", str(folder / "crop.tif")]) == 2  # never into it
    assert "lies inside the source" in capsys.readouterr().err
    assert main(["crop", str(folder), "--box", str(tmp_path / "box.json"), "--out", str(tmp_path / "crop.tif")]) == 0
    box = json.loads((tmp_path / "box.json").read_text())
    np.testing.assert_array_equal(tifffile.imread(tmp_path / "crop.tif"), volume[tuple(slice(a, b) for a, b in zip(box["start"], box["stop"]))])


@pytest.mark.parametrize("damage, said", [
    ("cut", "rec_7.tif is cut short"),
    ("other size", "rec_7.tif in rec is (24, 24) uint16, but rec_0.tif is (48, 48) uint16"),
    ("a stack", "rec_7.tif in rec is not a 2D slice"),
    ("one file", "a folder with 1 TIFF file(s)"),
])
def test_a_damaged_folder_of_slices_is_refused_with_the_file_named(tmp_path, damage, said):
    volume = make_ct_scene((12, 48, 48), seed=4).volume
    folder = slices(tmp_path / "rec", volume)
    target = folder / "rec_7.tif"
    if damage == "cut":
        target.write_bytes(target.read_bytes()[: target.stat().st_size // 2])
    elif damage == "other size":
        tifffile.imwrite(target, volume[7, :24, :24])
    elif damage == "a stack":
        tifffile.imwrite(target, volume[:3])
    else:
        for p in list(folder.iterdir())[1:]:
            p.unlink()
    with pytest.raises(PretextInputError, match=said.replace("(", r"\(").replace(")", r"\)")):
        open_volume(folder)


def ome_format(version: str):
    formats = pytest.importorskip("ome_zarr.format", reason="ome-zarr (the testing extra) writes the OME-Zarr images")
    return formats.FormatV04() if version == "0.4" else formats.FormatV05()


def write_ome(path, data, axes, fmt, z_size=3.0):
    """An OME-Zarr image with two levels (ome-zarr-py's own pyramid); the full-resolution voxels
    are ``z_size`` x 1 x 1 (its ``scale``)."""
    writer = pytest.importorskip("ome_zarr.writer", reason="ome-zarr (the testing extra) writes the OME-Zarr images")
    from ome_zarr.io import parse_url

    root = zarr.group(store=parse_url(str(path), mode="w", fmt=fmt).store)
    writer.write_image(image=data, group=root, axes=axes, fmt=fmt, scale_factors=(2,), scale={"z": z_size, "y": 1.0, "x": 1.0},
                axes_units={"z": "micrometer", "y": "micrometer", "x": "micrometer"})
    return path


@pytest.mark.parametrize("fmt", ["0.4", "0.5"])
@pytest.mark.parametrize("axes", ["zyx", "tczyx"])
def test_an_ome_zarr_image_is_read_at_full_resolution_with_its_voxel_size(tmp_path, fmt, axes):
    volume = make_ct_scene((40, 48, 48), seed=0).volume
    data = volume if axes == "zyx" else volume[None, None]
    path = write_ome(tmp_path / "scan.ome.zarr", data, axes, ome_format(fmt))
    opened = open_volume(path)
    assert opened.shape == (40, 48, 48)
    np.testing.assert_array_equal(np.asarray(opened[5:9]), volume[5:9])
    assert recorded_spacing(path) == (3.0, 1.0, 1.0) and voxel_size(path) == [3.0, 1.0, 1.0]
    assert localize_volume(path, "threshold").spacing == (3.0, 1.0, 1.0)  # the rule's lengths in physical units


def test_ome_zarr_from_the_command_line_localize_and_crop(tmp_path, capsys):
    volume = make_ct_scene((40, 48, 48), seed=1).volume
    path = write_ome(tmp_path / "scan.ome.zarr", volume, "zyx", ome_format("0.5"))
    assert main(["localize", str(path), "--box-out", str(tmp_path / "box.json")]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["voxel_size"] == [3.0, 1.0, 1.0]
    assert main(["crop", str(path), "--box", str(tmp_path / "box.json"), "--out", str(tmp_path / "crop.tif")]) == 0
    import tifffile

    box = json.loads((tmp_path / "box.json").read_text())
    np.testing.assert_array_equal(tifffile.imread(tmp_path / "crop.tif"), volume[tuple(slice(a, b) for a, b in zip(box["start"], box["stop"]))])


def test_a_zarr_group_that_is_no_ome_image_names_its_arrays(tmp_path):
    group = zarr.open_group(str(tmp_path / "store.zarr"), mode="w")
    group.create_array("raw", shape=(20, 24, 24), dtype="uint8")
    with pytest.raises(PretextInputError, match=r"no OME-Zarr image .* e\.g\. store\.zarr/raw"):
        open_volume(tmp_path / "store.zarr")
    with pytest.raises(PretextInputError, match="not a 3D"):  # two channels: not a gray volume
        open_volume(write_ome(tmp_path / "two.ome.zarr", np.zeros((2, 20, 24, 24), np.uint8), "czyx", ome_format("0.5")))


def nabu_like(path, volume, default=True):
    """An HDF5 reconstruction laid out as ESRF's nabu writes one: a NeXus entry whose default
    NXdata's signal is the volume, beside other 3D datasets (here: a flat field stack)."""
    import h5py

    with h5py.File(path, "w") as f:
        entry = f.create_group("entry0000")
        data = entry.create_group("reconstruction/results")
        data.attrs["NX_class"], data.attrs["signal"] = "NXdata", "data"
        data.create_dataset("data", data=volume, chunks=(1, *volume.shape[1:]))
        entry.create_dataset("flats", data=np.ones((2, 8, 8), np.float32))
        if default:
            f.attrs["default"], entry.attrs["default"] = "entry0000", "reconstruction/results"
    return path


def test_an_hdf5_reconstruction_is_found_by_its_nexus_default_or_named(tmp_path, capsys):
    volume = make_ct_scene((40, 48, 48), seed=7).volume
    path = nabu_like(tmp_path / "rec.h5", volume)
    np.testing.assert_array_equal(np.asarray(open_volume(path)[3:6]), volume[3:6])
    plain = nabu_like(tmp_path / "plain.h5", volume, default=False)  # no NeXus default: two 3D datasets
    with pytest.raises(PretextInputError, match=r"which dataset is the volume\? .*plain\.h5::/entry0000/flats"):
        open_volume(plain)
    named = f"{plain}::/entry0000/reconstruction/results/data"
    assert open_volume(named).shape == (40, 48, 48)
    with pytest.raises(PretextInputError, match="has no dataset '/nope'"):
        open_volume(f"{plain}::/nope")
    assert main(["localize", named, "--box-out", str(tmp_path / "box.json")]) == 0
    assert main(["crop", named, "--box", str(tmp_path / "box.json"), "--out", str(tmp_path / "crop.tif")]) == 0
    box = json.loads((tmp_path / "box.json").read_text())
    np.testing.assert_array_equal(tifffile.imread(tmp_path / "crop.tif"), volume[tuple(slice(a, b) for a, b in zip(box["start"], box["stop"]))])


def test_an_hdf5_file_cut_short_or_not_hdf5_is_one_clear_line(tmp_path, capsys):
    path = nabu_like(tmp_path / "rec.h5", make_ct_scene((40, 48, 48), seed=7).volume)
    (tmp_path / "cut.h5").write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    (tmp_path / "text.h5").write_text("not hdf5")
    for name in ("cut.h5", "text.h5"):
        assert main(["localize", str(tmp_path / name), "--box-out", str(tmp_path / "b.json")]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and f"{name} could not be read as an HDF5 file" in err[0], err


def test_a_named_hdf5_dataset_guards_its_file(tmp_path, capsys):
    path = nabu_like(tmp_path / "rec.h5", make_ct_scene((40, 48, 48), seed=7).volume, default=False)
    before = path.read_bytes()
    named = f"{path}::/entry0000/reconstruction/results/data"
    assert main(["localize", named, "--box-out", str(path), "--overwrite"]) == 2
    assert "is the source rec.h5" in capsys.readouterr().err and path.read_bytes() == before
