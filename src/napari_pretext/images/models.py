"""U-Nets from ``segmentation_models_pytorch`` and encoder transfer between them.

Encoders always start from random weights (``encoder_weights=None``): nothing is downloaded,
ever. Pretrained weights come only from checkpoints this plugin wrote.
"""

from __future__ import annotations

import segmentation_models_pytorch as smp
import torch

from ..core.choices import COMMON_ENCODERS
from ..core.errors import CheckpointError, PretextInputError

# Encoders offered in the widgets; any smp encoder name works from Python and the CLI.


def build_unet(encoder: str, in_channels: int, classes: int) -> smp.Unet:
    """A U-Net with a randomly initialised ``encoder``; output (B, classes, H, W) logits."""
    try:
        return smp.Unet(encoder_name=encoder, encoder_weights=None, in_channels=in_channels, classes=classes)
    except KeyError as exc:
        raise PretextInputError(f"unknown encoder {encoder!r}: try one of {', '.join(COMMON_ENCODERS)}.") from exc


def encoder_state_dict(model: smp.Unet) -> dict[str, torch.Tensor]:
    """The encoder's weights and buffers (detached CPU copies)."""
    return {k: v.detach().cpu().clone() for k, v in model.encoder.state_dict().items()}


def transfer_encoder(encoder_state: dict[str, torch.Tensor], model: smp.Unet) -> int:
    """Copy ``encoder_state`` into ``model.encoder`` and verify that it arrived; returns #tensors.

    Raises :class:`CheckpointError` when the encoders differ (other name or channel count).
    """
    target = model.encoder.state_dict()
    missing = set(target) ^ set(encoder_state)
    mismatched = [k for k in target if k in encoder_state and target[k].shape != encoder_state[k].shape]
    if missing or mismatched:
        detail = f"{len(missing)} tensors differ by name" if missing else f"{mismatched[0]} has another shape"
        raise CheckpointError(
            f"the pretext encoder does not fit this model ({detail}): use the same encoder name and "
            "the same number of input channels as the pretext model."
        )
    model.encoder.load_state_dict(encoder_state, strict=True)
    after = model.encoder.state_dict()
    for k, v in encoder_state.items():  # verify: a silent no-op copy would make SSL look useless
        if not torch.equal(after[k].cpu(), v.cpu()):
            raise RuntimeError(f"encoder transfer failed for {k}")  # a bug (the shapes were checked above), not the user's
    return len(encoder_state)


def set_encoder_trainable(model: smp.Unet, trainable: bool) -> None:
    """Freeze or unfreeze the encoder's parameters (frozen BatchNorms also stop updating stats)."""
    for p in model.encoder.parameters():
        p.requires_grad_(trainable)


def encoder_is_frozen(model: smp.Unet) -> bool:
    return not any(p.requires_grad for p in model.encoder.parameters())


def train_mode(model: smp.Unet) -> None:
    """``model.train()``, but keep a frozen encoder in eval mode so its BatchNorm statistics
    (learned during the pretext) are not overwritten by the small labelled set."""
    model.train()
    if encoder_is_frozen(model):
        model.encoder.eval()
