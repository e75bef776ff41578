"""Volumes as users have them: OME-Zarr images written by ome-zarr-py (0.4 and 0.5)."""

import json

import numpy as np
import pytest
import zarr

from napari_pretext.cli import main
from napari_pretext.core.errors import PretextInputError
from napari_pretext.ct.api import localize_volume, recorded_spacing, voxel_size
from napari_pretext.ct.scene import make_ct_scene
from napari_pretext.ct.volumes import open_volume

ome_zarr = pytest.importorskip("ome_zarr", reason="ome-zarr (the testing extra) writes the OME-Zarr images")
from ome_zarr.format import FormatV04, FormatV05  # noqa: E402
from ome_zarr.io import parse_url  # noqa: E402
from ome_zarr.writer import write_image  # noqa: E402


def write_ome(path, data, axes, fmt, z_size=3.0):
    """An OME-Zarr image with two levels (ome-zarr-py's own pyramid); the full-resolution voxels
    are ``z_size`` x 1 x 1 (its ``scale``)."""
    root = zarr.group(store=parse_url(str(path), mode="w", fmt=fmt).store)
    write_image(image=data, group=root, axes=axes, fmt=fmt, scale_factors=(2,), scale={"z": z_size, "y": 1.0, "x": 1.0},
                axes_units={"z": "micrometer", "y": "micrometer", "x": "micrometer"})
    return path


@pytest.mark.parametrize("fmt", [FormatV04(), FormatV05()], ids=["0.4", "0.5"])
@pytest.mark.parametrize("axes", ["zyx", "tczyx"])
def test_an_ome_zarr_image_is_read_at_full_resolution_with_its_voxel_size(tmp_path, fmt, axes):
    volume = make_ct_scene((40, 48, 48), seed=0).volume
    data = volume if axes == "zyx" else volume[None, None]
    path = write_ome(tmp_path / "scan.ome.zarr", data, axes, fmt)
    opened = open_volume(path)
    assert opened.shape == (40, 48, 48)
    np.testing.assert_array_equal(np.asarray(opened[5:9]), volume[5:9])
    assert recorded_spacing(path) == (3.0, 1.0, 1.0) and voxel_size(path) == [3.0, 1.0, 1.0]
    assert localize_volume(path, "threshold").spacing == (3.0, 1.0, 1.0)  # the rule's lengths in physical units


def test_ome_zarr_from_the_command_line_localize_and_crop(tmp_path, capsys):
    volume = make_ct_scene((40, 48, 48), seed=1).volume
    path = write_ome(tmp_path / "scan.ome.zarr", volume, "zyx", FormatV05())
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
        open_volume(write_ome(tmp_path / "two.ome.zarr", np.zeros((2, 20, 24, 24), np.uint8), "czyx", FormatV05()))
