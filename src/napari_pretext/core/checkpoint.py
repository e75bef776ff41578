"""Checkpoints: one file with kind, config, normalisation, weights, optimizer, step and metrics.

Loaded with ``torch.load(weights_only=True)``: a checkpoint holds only tensors and plain
Python values, so opening a file from someone else cannot run code.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import torch

from .errors import CheckpointError

FORMAT = "napari-pretext"
VERSION = 1
KIND_NAMES = {"restoration": "restoration pretext", "segmentation": "segmentation", "sorting": "slice sorting pretext", "rotation": "rotation pretext"}


def plain(value: Any) -> Any:
    """Numpy scalars and tuples -> Python values, recursively, so weights_only loading accepts them."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def save_checkpoint(path: str | os.PathLike, payload: dict[str, Any]) -> Path:
    """Write ``payload`` (must contain ``kind``) atomically: a crash never leaves half a file."""
    from .outputs import atomic_path  # the one writer of every output

    path = Path(path)
    tensors = {k: payload[k] for k in ("model_state", "optimizer_state") if k in payload}
    rest = plain({k: v for k, v in payload.items() if k not in tensors})
    data = {"format": FORMAT, "version": VERSION, **rest, **tensors}
    with atomic_path(path) as tmp:
        torch.save(data, tmp)
    return path


def load_checkpoint(path: str | os.PathLike, kind: str | tuple[str, ...] | None = None) -> dict[str, Any]:
    """Read a checkpoint and check it is a napari-pretext file of the expected ``kind``."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"no model file at {path}.")
    try:
        data = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # junk bytes raise anything from UnpicklingError to struct.error
        raise CheckpointError(f"{path.name} is not a napari-pretext model file (it could not be read as one).") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CheckpointError(f"{path.name} is not a napari-pretext model file (a plain PyTorch file or another tool's?).")
    if data.get("version", 0) > VERSION:
        raise CheckpointError(f"{path.name} was written by a newer napari-pretext (format {data['version']}): update the plugin.")
    wanted = (kind,) if isinstance(kind, str) else kind
    if wanted and data.get("kind") not in wanted:
        have = KIND_NAMES.get(data.get("kind"), str(data.get("kind")))
        need = " or ".join(KIND_NAMES.get(k, k) for k in wanted)
        raise CheckpointError(f"{path.name} is a {have} model, but a {need} model is needed here.")
    state = data.get("model_state")
    if (not isinstance(data.get("config"), dict) or not isinstance(state, dict) or not state
            or not all(isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in state.items())
            or not all(isinstance(data.get(k, 0), int) and not isinstance(data.get(k, 0), bool) for k in ("epoch", "step"))
            or not isinstance(data.get("history", []), list)):
        raise CheckpointError(f"{path.name} is damaged or incomplete: its settings, weights or training record are missing "
                              f"or of the wrong type.")
    return data


def on_device(data: dict, device: str | None) -> dict:
    """Checkpoint ``data`` whose model will run on ``device`` (auto, cpu, cuda, mps) instead of
    the device it was saved with; unchanged when ``device`` is None."""
    if device is None or not isinstance(data.get("config"), dict):
        return data
    return {**data, "config": {**data["config"], "device": device}}


def task_from_checkpoint(task_class, data: dict, name: str):
    """``task_class.from_checkpoint(data)`` with any settings it cannot use reported as a
    :class:`CheckpointError` naming the file (a crafted or damaged file must not end in a traceback)."""
    try:
        return task_class.from_checkpoint(data, name)
    except CheckpointError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise CheckpointError(f"{name} holds settings this version cannot use ({exc}).") from exc


def load_model_state(model: torch.nn.Module, state: dict, name: str = "model") -> None:
    """``load_state_dict`` with a readable error when the shapes do not match."""
    try:
        model.load_state_dict(state, strict=True)
    except RuntimeError as exc:
        first = str(exc).splitlines()[0][:200]
        raise CheckpointError(f"the weights in {name} do not fit the model it describes ({first}).") from exc
