"""Every kind of model by name: its config and task classes (loaded on demand: the CT tasks
import torch and torchvision only when asked for)."""

from __future__ import annotations

KINDS = ("restoration", "segmentation", "sorting", "rotation")


def task_classes(kind: str):
    """(config class, task class) of a checkpoint ``kind``."""
    if kind == "restoration":
        from .images.configs import RestorationConfig
        from .images.restoration import RestorationTask

        return RestorationConfig, RestorationTask
    if kind == "segmentation":
        from .images.configs import SegmentationConfig
        from .images.segmentation import SegmentationTask

        return SegmentationConfig, SegmentationTask
    if kind == "sorting":
        from .ct.sorting import SortingConfig, SortingTask

        return SortingConfig, SortingTask
    if kind == "rotation":
        from .ct.rotation_task import RotationConfig, RotationTask

        return RotationConfig, RotationTask
    raise ValueError(f"unknown model kind {kind!r}")  # a bug: checkpoints are checked against KINDS first
