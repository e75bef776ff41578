"""Form widgets made from the configs' settings (defaults from the config classes, help, choices
and ranges from settings.py), and their translation back into configs."""

from __future__ import annotations

from magicgui.widgets import CheckBox, ComboBox, FloatSpinBox, SpinBox

from ..settings import LOSSES, SETTINGS, defaults

TRAINING_WIDGETS = ("encoder", "epochs", "batch_size", "patch_size", "learning_rate", "device", "seed")
NONE_AS_ZERO = ("unfreeze_after", "steps_per_epoch")  # a spin box shows "none" (never, the default) as 0


def setting_widget(config_class, name: str, loss_kind: str | None = None, label: str | None = None):
    """The magicgui widget of one config field, at ``config_class``'s default."""
    s, default = SETTINGS[name], defaults(config_class)[name]
    kwargs = dict(label=label or s.label or name.replace("_", " "), tooltip=s.help)
    choices = LOSSES[loss_kind] if name == "loss" and loss_kind else s.choices or s.suggestions
    if isinstance(default, bool):
        return CheckBox(value=default, **kwargs)
    if choices:
        return ComboBox(choices=tuple(choices), value=default, **kwargs)
    if isinstance(default, float):
        return FloatSpinBox(value=default, min=s.low, max=s.high, step=s.step or 0.1, **kwargs)
    return SpinBox(value=0 if default is None else default, min=s.low, max=s.high, step=s.step or 1, **kwargs)


def training_options(config_class) -> dict:
    """The widgets of the options every task shares, keyed by config field name."""
    return {name: setting_widget(config_class, name) for name in TRAINING_WIDGETS}


def value(name: str, widget):
    v = widget.value
    return None if name in NONE_AS_ZERO and v == 0 else v


def values(options: dict) -> dict:
    """Current widget values keyed by config field name."""
    return {name: value(name, widget) for name, widget in options.items()}


def show_model_options(options: dict, config) -> None:
    """Reflect a loaded/trained model's architecture in the form (so Train continues it)."""
    encoder = options["encoder"]
    if config.encoder not in encoder.choices:
        encoder.choices = (*encoder.choices, config.encoder)
    encoder.value = config.encoder
