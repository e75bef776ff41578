"""Networks of the CT pretexts, built on ``segmentation_models_pytorch`` encoders so that their
weights transfer into the U-Nets (the checkpoint keys ``encoder.*`` are the same).

Dropout sits after the middle encoder stages (not only at the end): switched on at test time
(MC dropout) it makes the superpixel embeddings of the last feature map random, and their
variance is the uncertainty used for localisation.
"""

from __future__ import annotations

import segmentation_models_pytorch as smp
import torch
import torch.nn.functional as F
from torch import nn

from ..core.choices import ROTATION_HEADS
from ..core.errors import PretextInputError

DROPOUT_STAGES = ("layer2", "layer3", "layer4")  # ResNet stage names in smp's encoders


def build_encoder(name: str, in_channels: int = 1) -> nn.Module:
    try:
        return smp.encoders.get_encoder(name, in_channels=in_channels, depth=5, weights=None)
    except KeyError as exc:
        raise PretextInputError(f"unknown encoder {name!r}: use a ResNet such as resnet18 or resnet50.") from exc


class DropoutEncoder(nn.Module):
    """An smp ResNet encoder with channel dropout after its middle stages.

    ``mc_dropout = True`` keeps dropout active in eval mode (BatchNorm stays in eval mode).
    """

    def __init__(self, name: str = "resnet18", in_channels: int = 1, dropout: float = 0.2):
        super().__init__()
        self.encoder = build_encoder(name, in_channels)
        if not all(hasattr(self.encoder, s) for s in DROPOUT_STAGES):
            raise PretextInputError(f"encoder {name!r} is not a ResNet: the CT pretexts need resnet18/34/50/101.")
        self.dropout, self.mc_dropout = float(dropout), False
        for stage in DROPOUT_STAGES:
            getattr(self.encoder, stage).register_forward_hook(self._drop)

    def _drop(self, module, inputs, output):
        return F.dropout2d(output, self.dropout, training=self.training or self.mc_dropout)

    @property
    def channels(self) -> int:
        return self.encoder.out_channels[-1]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(B, C, H, W) -> superpixel embeddings (B, channels, H / 32, W / 32)."""
        return self.encoder(x)[-1]

    def mc_samples(self, x: torch.Tensor, passes: int) -> torch.Tensor:
        """``passes`` MC-dropout samples of the embeddings: (passes, B, channels, h, w).

        The stem and the first stage come before any dropout, so they are computed once and
        only the later stages run ``passes`` times (in one batch): about a third less work.
        """
        e = self.encoder
        h = e.layer1(e.maxpool(e.relu(e.bn1(e.conv1(x)))))
        h = h.repeat(passes, 1, 1, 1)
        mc, self.mc_dropout = self.mc_dropout, True
        try:
            out = e.layer4(e.layer3(e.layer2(h)))  # the forward hooks apply the dropout
        finally:
            self.mc_dropout = mc
        return out.reshape(passes, x.shape[0], *out.shape[1:])


class SliceScorer(nn.Module):
    """Sorting pretext: one score per slice (encoder -> global average pool -> linear)."""

    def __init__(self, encoder: str = "resnet18", in_channels: int = 1, dropout: float = 0.2):
        super().__init__()
        self.backbone = DropoutEncoder(encoder, in_channels, dropout)
        self.head = nn.Linear(self.backbone.channels, 1)

    def embeddings(self, x: torch.Tensor) -> torch.Tensor:
        return self.backbone(x)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.backbone(x).mean(dim=(2, 3))).squeeze(1)




class SiameseRotation(nn.Module):
    """Rotation pretext: a shared encoder for both slices, a small head on the concatenated
    embeddings classifying the relative rotation angle (log-probabilities for the NLL loss).

    ``head="pooled"`` (the paper's): each embedding is pooled to one vector. ``"spatial"``:
    each feature map is reduced to ``SPATIAL_CHANNELS`` channels on a ``GRID`` x ``GRID``
    grid first, so the head also sees *where* things are in both slices: turning a slice about
    the axis moves an off-centre sample, which pooled vectors cannot show.
    """

    GRID = 4
    SPATIAL_CHANNELS = 32

    def __init__(self, encoder: str = "resnet18", in_channels: int = 1, n_angles: int = 12, dropout: float = 0.2,
                 head: str = "spatial"):
        super().__init__()
        self.backbone = DropoutEncoder(encoder, in_channels, dropout)
        c = self.backbone.channels
        if head == "spatial":
            self.reduce = nn.Sequential(nn.Conv2d(c, self.SPATIAL_CHANNELS, 1), nn.ReLU(inplace=True), nn.AdaptiveAvgPool2d(self.GRID))
            width = self.SPATIAL_CHANNELS * self.GRID**2
        elif head == "pooled":
            self.reduce, width = None, c
        else:
            raise PretextInputError(f"the rotation head must be one of {', '.join(ROTATION_HEADS)}, not {head!r}.")
        self.head = nn.Sequential(nn.Linear(2 * width, 256), nn.ReLU(inplace=True), nn.Linear(256, n_angles))

    def embed(self, x: torch.Tensor) -> torch.Tensor:
        """(B, C, H, W) slices -> (B, width) embeddings."""
        e = self.backbone(x)
        return e.mean(dim=(2, 3)) if self.reduce is None else self.reduce(e).flatten(1)

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return F.log_softmax(self.head(torch.cat([self.embed(a), self.embed(b)], dim=1)), dim=1)
