"""napari-pretext: self-supervised pretext training and segmentation fine-tuning for napari.

The compute core (everything outside ``_qt``) imports neither napari nor Qt. Heavy modules
(torch and friends) load on first use, so light tools (cropping, boxes) start fast and small.
"""

from .core.errors import CheckpointError, PretextInputError

__version__ = "0.1.0"

__all__ = ["CheckpointError", "PretextInputError", "RestorationConfig", "SegmentationConfig", "__version__"]


def __getattr__(name: str):
    if name in ("RestorationConfig", "SegmentationConfig"):
        from .images import configs

        return getattr(configs, name)
    raise AttributeError(f"module 'napari_pretext' has no attribute {name!r}")
