"""napari-pretext: self-supervised pretext training and segmentation fine-tuning for napari.

The compute core (everything outside ``_qt``) imports neither napari nor Qt.
"""

__version__ = "0.1.0"

from .config import RestorationConfig, SegmentationConfig  # noqa: E402
from .errors import CheckpointError, PretextInputError  # noqa: E402

__all__ = ["CheckpointError", "PretextInputError", "RestorationConfig", "SegmentationConfig", "__version__"]
