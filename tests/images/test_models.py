import pytest
import torch

from napari_pretext.core.errors import CheckpointError
from napari_pretext.images.models import build_unet, encoder_state_dict, set_encoder_trainable, train_mode, transfer_encoder


def test_transfer_copies_encoder_weights_and_only_those():
    torch.manual_seed(0)
    source = build_unet("resnet18", 1, 1)
    target = build_unet("resnet18", 1, 2)
    decoder_before = {k: v.clone() for k, v in target.decoder.state_dict().items()}
    n = transfer_encoder(encoder_state_dict(source), target)
    assert n == len(source.encoder.state_dict())
    for k, v in source.encoder.state_dict().items():
        assert torch.equal(target.encoder.state_dict()[k], v)
    for k, v in target.decoder.state_dict().items():
        assert torch.equal(v, decoder_before[k])


def test_transfer_between_different_encoders_is_a_clear_error():
    with pytest.raises(CheckpointError, match="same encoder"):
        transfer_encoder(encoder_state_dict(build_unet("resnet18", 1, 1)), build_unet("resnet34", 1, 1))
    with pytest.raises(CheckpointError, match="input channels"):
        transfer_encoder(encoder_state_dict(build_unet("resnet18", 3, 3)), build_unet("resnet18", 1, 1))


def test_frozen_encoder_gets_no_gradient_and_keeps_batchnorm_statistics():
    model = build_unet("resnet18", 1, 1)
    set_encoder_trainable(model, False)
    train_mode(model)
    bn_before = model.encoder.bn1.running_mean.clone()
    w_before = model.encoder.conv1.weight.clone()
    opt = torch.optim.Adam(model.parameters(), lr=0.1)
    loss = model(torch.rand(2, 1, 64, 64) * 5).mean()
    loss.backward()
    assert all(p.grad is None for p in model.encoder.parameters())
    assert any(p.grad is not None for p in model.decoder.parameters())
    opt.step()
    assert torch.equal(model.encoder.conv1.weight, w_before)
    assert torch.equal(model.encoder.bn1.running_mean, bn_before)
    set_encoder_trainable(model, True)
    train_mode(model)
    assert model.encoder.training


def test_unknown_encoder_is_a_clear_error():
    from napari_pretext.core.errors import PretextInputError

    with pytest.raises(PretextInputError, match="unknown encoder"):
        build_unet("resnet9000", 1, 1)
