"""Segmentation fine-tuning: a U-Net whose encoder comes from a pretext model (or not)."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np
import torch

from ..core.checkpoint import load_checkpoint
from ..core.errors import CheckpointError, PretextInputError
from ..core.events import PreviewReady
from ..core.training import encoder_state_at, names_for, rgb_flags, split_indices
from .configs import SegmentationConfig
from .data.patches import SegmentationPatches, default_samples
from .data.validation import IGNORE, prepare_labels, spatial_shape
from .losses import segmentation_loss
from .metrics import pooled_binary_scores
from .models import build_unet, encoder_is_frozen, set_encoder_trainable, train_mode, transfer_encoder
from .objects import object_scores
from .patch_task import PatchTask

MAX_VALIDATION_SLICES = 4
ARCHITECTURE_FIELDS = ("encoder", "in_channels", "classes")
MAX_PREVIEW_SLICES = 16


def pretext_encoder(path: str | Path, config: SegmentationConfig) -> tuple[dict, dict]:
    """Encoder weights and normalisation of a pretext (or segmentation) checkpoint."""
    data = load_checkpoint(path, kind=("restoration", "segmentation", "sorting", "rotation"))
    source = data["config"]
    if source.get("encoder") != config.encoder or source.get("in_channels") != config.in_channels:
        raise CheckpointError(
            f"{Path(path).name} has a {source.get('encoder')} encoder with {source.get('in_channels')} input "
            f"channel(s), but this model uses {config.encoder} with {config.in_channels}: pick the same encoder."
        )
    prefix = data.get("encoder_prefix")  # each task's checkpoints say where its network keeps the encoder
    if not isinstance(prefix, str):  # written before they did
        prefix = found_encoder_prefix(data["model_state"], config, Path(path).name)
    return encoder_state_at(data["model_state"], prefix), data.get("normalization", {})


def found_encoder_prefix(model_state: dict, config: SegmentationConfig, name: str) -> str:
    """The key prefix under which ``model_state`` holds every weight of a fresh ``config.encoder``
    (a checkpoint that does not say where its encoder is)."""
    keys = list(build_unet(config.encoder, config.in_channels, 1).encoder.state_dict())
    for key in model_state:
        if key.endswith(keys[0]):
            prefix = key[: len(key) - len(keys[0])]
            if all(prefix + k in model_state for k in keys):
                return prefix
    raise CheckpointError(f"{name} holds no {config.encoder} encoder with {config.in_channels} input channel(s).")


def pretext_architecture(path: str | Path) -> tuple[str, int]:
    """(encoder name, input channels) of a pretext checkpoint: what a transfer must match."""
    source = load_checkpoint(path, kind=("restoration", "segmentation", "sorting", "rotation"))["config"]
    return str(source.get("encoder")), int(source.get("in_channels", 1))


class SegmentationTask(PatchTask):
    """Binary (or multi-class) segmentation U-Net.

    ``encoder_from``: a pretext checkpoint whose encoder is copied in (then frozen unless
    ``freeze_encoder=False``). Without it the network trains from scratch end to end, unless
    ``freeze_encoder=True`` is asked explicitly (a frozen *random* encoder: a control).
    """

    kind = "segmentation"
    config_class = SegmentationConfig

    def __init__(self, config: SegmentationConfig | None = None, encoder_from: str | Path | None = None, freeze_encoder: bool | None = None):
        config = config or SegmentationConfig()
        state = None
        if encoder_from is not None:
            state, norm = pretext_encoder(encoder_from, config)
            if norm.get("kind") == "percentile":  # normalise exactly like the pretext did
                config = config.replace(norm_low=float(norm["low"]), norm_high=float(norm["high"]))
        super().__init__(config, lambda: build_unet(config.encoder, config.in_channels, config.classes))
        self.out_channels = config.classes
        self.encoder_source = str(encoder_from) if encoder_from is not None else None
        if state is not None:
            transfer_encoder(state, self.model)
        frozen = (state is not None and config.freeze_encoder) if freeze_encoder is None else freeze_encoder
        set_encoder_trainable(self.model, not frozen)
        self.loss_fn = segmentation_loss(config.loss, config.classes)
        self.val_data: list[tuple[np.ndarray, np.ndarray]] = []
        self.metric_prefix = "val"
        self.preview_slices: np.ndarray | None = None
        self.preview_spatial: tuple[int, ...] | None = None

    def set_data(self, images: Sequence, labels: Sequence, names: Sequence[str] | None = None, rgb=None) -> None:
        """Training pairs; calling it again (more strokes) keeps the model and optimizer."""
        cfg = self.config
        if len(images) != len(labels):
            raise PretextInputError(f"{len(images)} images but {len(labels)} label arrays: give one label array per image.")
        names, flags = names_for(images, names), rgb_flags(images, rgb)
        pairs, first = [], None
        for img, lab, name, flag in zip(images, labels, names, flags):
            slices = self.prepare(img, name, flag, cfg.patch_size)
            first = slices if first is None else first
            targets = prepare_labels(lab, spatial_shape(img, flag), cfg.label_mode, cfg.classes, name=f"labels of {name}")
            # In a stack only the slices that carry labels teach anything.
            pairs += [(s, t) for s, t in zip(slices, targets) if (t != IGNORE).any()]
        train_idx, val_idx = split_indices(len(pairs), cfg.val_fraction, cfg.seed)
        train = [pairs[i] for i in train_idx]
        self.metric_prefix = "val" if val_idx else "train"
        self.val_data = [pairs[i] for i in (val_idx or train_idx)][:MAX_VALIDATION_SLICES]
        slices, targets = zip(*train)
        samples = self.samples_per_epoch(default_samples(list(slices), cfg.patch_size, cfg.batch_size))
        self.dataset = SegmentationPatches(slices, targets, cfg.patch_size, samples, cfg.seed, cfg.augment)
        self.preview_slices = first if len(first) <= MAX_PREVIEW_SLICES else None
        self.preview_spatial = spatial_shape(images[0], flags[0])

    def reconfigure(self, config: SegmentationConfig) -> bool:
        """Adopt new hyper-parameters (loss, epochs, lr, label mode, ...) to continue training.

        Returns False, changing nothing, when the architecture (encoder, channels, classes)
        differs: then a new task is needed.
        """
        if any(getattr(config, k) != getattr(self.config, k) for k in ARCHITECTURE_FIELDS):
            return False
        # Keep the normalisation the model was trained with (possibly the pretext's).
        self.config = config.replace(norm_low=self.config.norm_low, norm_high=self.config.norm_high)
        self.loss_fn = segmentation_loss(config.loss, config.classes)
        self.set_learning_rates()
        return True

    def parameter_groups(self) -> list[dict]:
        """Encoder first, the rest second: an unfrozen pretext encoder may learn more slowly."""
        encoder = list(self.model.encoder.parameters())
        ids = {id(p) for p in encoder}
        return [{"params": encoder}, {"params": [p for p in self.model.parameters() if id(p) not in ids]}]

    def set_learning_rates(self) -> None:
        """``learning_rate`` everywhere, times ``encoder_lr_factor`` for an encoder that was
        frozen and then unfrozen (discriminative fine-tuning: keep what the pretext learnt)."""
        lr, groups = self.config.learning_rate, self.optimizer.param_groups
        for group in groups:
            group["lr"] = lr
        transferred_then_unfrozen = self.encoder_source is not None and self.config.unfreeze_after is not None
        if transferred_then_unfrozen and not encoder_is_frozen(self.model):
            groups[0]["lr"] = lr * self.config.encoder_lr_factor

    # -- engine protocol ------------------------------------------------------------------
    def begin_epoch(self, epoch: int) -> list[str]:
        messages = []
        after = self.config.unfreeze_after
        if after is not None and epoch >= after and encoder_is_frozen(self.model):
            set_encoder_trainable(self.model, True)
            self.set_learning_rates()
            factor = self.config.encoder_lr_factor
            messages.append(f"epoch {epoch + 1}: encoder unfrozen, training end to end"
                            + (f" (encoder learning rate x{factor:g})" if factor != 1 else ""))
        train_mode(self.model)
        return messages

    def compute_loss(self, inputs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        return self.loss_fn(self.model(inputs), targets)

    def forward_probabilities(self, x: torch.Tensor) -> torch.Tensor:
        logits = self.model(x).float()  # fp32 probabilities, also under bf16 autocast
        return torch.sigmoid(logits) if self.config.classes == 1 else torch.softmax(logits, dim=1)

    def masks_from_probabilities(self, prob: np.ndarray) -> np.ndarray:
        """(N, K, H, W) probabilities -> (N, H, W) uint8 class masks."""
        if self.config.classes == 1:
            return (prob[:, 0] >= self.config.threshold).astype(np.uint8)
        return prob.argmax(axis=1).astype(np.uint8)

    def validate(self) -> dict[str, float]:
        """Pixel scores of the foreground on annotated pixels of held-out (or training) slices."""
        if not self.val_data:
            return {}
        pairs = []
        for image, target in self.val_data:
            mask = self.masks_from_probabilities(self.predict_slices(image[None], self.config.tile_size, self.config.tile_overlap))[0]
            keep = target != IGNORE
            pairs.append((mask[keep] > 0, target[keep] > 0))
        train_mode(self.model)
        return {f"{self.metric_prefix}_{k}": v for k, v in pooled_binary_scores(pairs).items()}

    def preview(self) -> PreviewReady | None:
        if self.preview_slices is None:
            return None
        prob = self.predict_slices(self.preview_slices, self.config.tile_size, self.config.tile_overlap)
        train_mode(self.model)
        return PreviewReady(self.epoch, "prediction", self.to_layout(prob, self.preview_spatial, False))

    # -- use ----------------------------------------------------------------------------------
    def predict(self, image, rgb: bool | None = None, name: str = "image") -> tuple[np.ndarray, np.ndarray]:
        """(probability, mask) in the image's spatial layout; probability is (K, ...) if K > 1."""
        slices = self.prepare(image, name, rgb)
        prob = self.predict_slices(slices, self.config.tile_size, self.config.tile_overlap)
        mask = self.masks_from_probabilities(prob)
        spatial = spatial_shape(image, rgb)
        return self.to_layout(prob, spatial, False), mask.reshape(spatial)

    def evaluate(self, images: Sequence, masks: Sequence, rgb=None, objects: bool = False, min_size: int = 0,
                 split_distance: int = 0) -> dict[str, float]:
        """Pooled pixel F1, IoU, precision, recall of the foreground (mask > 0) over images.

        ``objects``: also score the predicted objects (``min_size``, ``split_distance``) against
        the true ones, see :func:`~napari_pretext.images.objects.object_scores`.
        """
        pairs = []
        for i, (image, truth, flag) in enumerate(zip(images, masks, rgb_flags(images, rgb))):
            _, pred = self.predict(image, flag, name=f"image {i + 1}")
            truth = np.asarray(truth)
            if truth.shape != pred.shape:
                raise PretextInputError(f"mask {i + 1} has shape {truth.shape} but its image has shape {pred.shape}.")
            pairs.append((pred, truth))
        scores = pooled_binary_scores((pred > 0, truth > 0) for pred, truth in pairs)
        if objects:
            scores.update(object_scores(*zip(*pairs), min_size, split_distance))
        return scores

    def checkpoint_payload(self) -> dict:
        payload = super().checkpoint_payload()
        payload["encoder_source"] = self.encoder_source
        payload["encoder_frozen"] = encoder_is_frozen(self.model)
        return payload

    @classmethod
    def from_checkpoint(cls, data: dict, name: str = "checkpoint") -> "SegmentationTask":
        task = cls(SegmentationConfig.from_dict(data["config"]), freeze_encoder=bool(data.get("encoder_frozen", False)))
        task.encoder_source = data.get("encoder_source")
        task.restore_state(data, name)
        return task
