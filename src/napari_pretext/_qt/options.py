"""Form widgets shared by the training widgets, and their translation into core configs."""

from __future__ import annotations

from magicgui.widgets import ComboBox, FloatSpinBox, SpinBox

from ..choices import COMMON_ENCODERS, DEVICES


def training_options(encoder: str = "resnet50", epochs: int = 20, patch: int = 128) -> dict:
    """magicgui widgets for the options every task shares (names match TrainConfig fields)."""
    return {
        "encoder": ComboBox(label="encoder", choices=COMMON_ENCODERS, value=encoder, tooltip="ResNet encoder of the U-Net (random initial weights)"),
        "epochs": SpinBox(label="epochs", value=epochs, min=1, max=1000),
        "batch_size": SpinBox(label="batch size", value=8, min=1, max=256),
        "patch_size": SpinBox(label="patch size (px)", value=patch, min=32, max=1024, step=32, tooltip="square training patches, a multiple of 32"),
        "learning_rate": FloatSpinBox(label="learning rate", value=1e-3, min=1e-6, max=1.0, step=1e-4),
        "device": ComboBox(label="device", choices=DEVICES, value="auto", tooltip="auto: CUDA, then Apple MPS, then CPU"),
        "seed": SpinBox(label="seed", value=0, min=0, max=2**31 - 1),
    }


def values(options: dict) -> dict:
    """Current widget values keyed by config field name."""
    return {name: widget.value for name, widget in options.items()}


def show_model_options(options: dict, config) -> None:
    """Reflect a loaded/trained model's architecture in the form (so Train continues it)."""
    encoder = options["encoder"]
    if config.encoder not in encoder.choices:
        encoder.choices = (*encoder.choices, config.encoder)
    encoder.value = config.encoder
