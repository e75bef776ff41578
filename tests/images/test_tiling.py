import numpy as np
import pytest
import torch

from napari_pretext.images.models import build_unet
from napari_pretext.images.tiling import predict_tiled, tile_starts


@pytest.mark.parametrize("length, tile, overlap", [(100, 32, 8), (64, 64, 16), (65, 32, 16), (300, 96, 32)])
def test_tiles_cover_everything(length, tile, overlap):
    starts = tile_starts(length, tile, overlap)
    covered = np.zeros(length, bool)
    for s in starts:
        covered[s : s + tile] = True
    assert covered.all() and starts[-1] + tile == max(length, tile)


def test_tiled_equals_untiled_for_a_local_network():
    torch.manual_seed(0)
    # Receptive field 7 px (three 3x3 convs): inside the 16 px trimmed margin of a 32 px overlap.
    net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 4, 3, padding=1), torch.nn.ReLU(), torch.nn.Conv2d(4, 4, 3, padding=1), torch.nn.ReLU(), torch.nn.Conv2d(4, 2, 3, padding=1)
    ).eval()
    image = np.random.default_rng(0).random((2, 1, 150, 170)).astype(np.float32)
    with torch.no_grad():
        padded = np.pad(image, ((0, 0), (0, 0), (0, 10), (0, 22)), mode="reflect")  # same padding as the tiler
        full = net(torch.from_numpy(padded)).numpy()[:, :, :150, :170]
    tiled = predict_tiled(net, image, 2, tile=64, overlap=32, batch_size=3)
    assert tiled.shape == (2, 2, 150, 170)
    np.testing.assert_allclose(tiled, full, atol=1e-5)


def test_small_image_single_tile_equals_direct_unet():
    torch.manual_seed(0)
    unet = build_unet("resnet18", 1, 1).eval()
    image = np.random.default_rng(1).random((1, 1, 64, 96)).astype(np.float32)
    with torch.no_grad():
        direct = unet(torch.from_numpy(image)).numpy()
    np.testing.assert_allclose(predict_tiled(unet, image, 1, tile=128, overlap=32), direct, atol=1e-5)
