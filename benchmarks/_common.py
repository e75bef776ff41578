"""Helpers shared by the benchmark scripts (not part of the plugin)."""

from __future__ import annotations

import json
import os
import platform
import sys
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
# ../shared/data beside the checkout; PRETEXT_SHARED_DATA points elsewhere (a GPU machine's copy)
SHARED_DATA = Path(os.environ.get("PRETEXT_SHARED_DATA", ROOT.parent / "shared" / "data"))


def hardware() -> str:
    """One line naming the machine the figures were measured on."""
    if torch.cuda.is_available():
        return f"GPU {torch.cuda.get_device_name(0)}, torch {torch.__version__}"
    return f"CPU {platform.processor() or platform.machine()}, {torch.get_num_threads()} threads, torch {torch.__version__}"


def final_json(result: dict) -> None:
    """Every benchmark ends with one JSON line (machine-readable)."""
    sys.stdout.flush()
    print(json.dumps(result))
