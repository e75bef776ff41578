"""Choose the compute device: auto (CUDA, then MPS, then CPU) or the user's choice with fallback."""

from __future__ import annotations

import os

import torch

from .choices import DEVICES
from .errors import PretextInputError


def mps_available() -> bool:
    return bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_available())


def resolve_device(name: str = "auto") -> tuple[torch.device, str | None]:
    """The device to use and a message when the requested one is missing (then CPU is used)."""
    if name not in DEVICES and not name.startswith("cuda:"):
        raise PretextInputError(f"device must be one of {DEVICES}, got {name!r}")
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda"), None
        if mps_available():
            return torch.device("mps"), None
        return torch.device("cpu"), None
    if name.startswith("cuda") and not torch.cuda.is_available():
        return torch.device("cpu"), f"device {name!r} was requested but CUDA is not available: training on the CPU instead."
    if name == "mps" and not mps_available():
        return torch.device("cpu"), "device 'mps' was requested but Apple MPS is not available: training on the CPU instead."
    return torch.device(name), None


def loader_workers(requested: int | None, device: torch.device) -> int:
    """Patch-loading processes: the user's number, else 0 on the CPU (the model needs every
    core there) and up to 4 on a GPU (measured on an H200: patch sampling and corruption in
    the training thread fed a ResNet50 U-Net at half the speed the GPU trains)."""
    if requested is not None:
        return requested
    if device.type != "cuda":
        return 0
    return max(0, min(4, (os.cpu_count() or 1) // 2))
