"""Reading files a tired user has: a TIFF cut short is refused, whole files are read."""

import numpy as np
import pytest
import tifffile

from napari_pretext.core.errors import PretextInputError
from napari_pretext.core.io import read_image
from napari_pretext.ct.volumes import open_volume

STACK = (np.arange(12 * 24 * 24) % 251).astype(np.uint16).reshape(12, 24, 24)


@pytest.mark.parametrize("layout", [{}, {"imagej": True}, {"metadata": None}, {"compression": "zlib"}])
@pytest.mark.parametrize("kept", [0.3, 0.8, 0.97])
def test_a_tiff_cut_short_is_refused_not_read_as_fewer_images(tmp_path, layout, kept):
    # cut short, tifffile reads what it finds: the first image alone (a "2D image"), or fewer slices
    whole = tmp_path / "whole.tif"
    tifffile.imwrite(whole, STACK, **layout)
    cut = tmp_path / "cut.tif"
    data = whole.read_bytes()
    cut.write_bytes(data[: int(len(data) * kept)])
    for read in (read_image, open_volume):  # cut within its directories, tifffile itself says it is corrupt
        with pytest.raises(PretextInputError, match="cut short" if kept < 0.9 else "cut short|could not be read as a TIFF"):
            read(cut)
    np.testing.assert_array_equal(read_image(whole), STACK)
    np.testing.assert_array_equal(np.asarray(open_volume(whole)), STACK)


def test_a_single_image_tiff_and_a_file_that_is_no_tiff(tmp_path):
    one = tmp_path / "one.tif"
    tifffile.imwrite(one, STACK[0])
    np.testing.assert_array_equal(read_image(one), STACK[0])
    fake = tmp_path / "fake.tif"
    fake.write_text("not an image")
    for read in (read_image, open_volume):
        with pytest.raises(PretextInputError, match="could not be read as a TIFF"):
            read(fake)
