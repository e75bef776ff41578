"""Load Triton's LLVM so that it cannot clash with the LLVM of an OpenGL driver.

Why: Mesa's OpenGL drivers (llvmpipe/swrast under xvfb and on servers, radeonsi on AMD) load the
system ``libLLVM`` into the process with global symbols as soon as napari creates its canvas.
Triton (installed with every CUDA build of torch, imported by ``torch._dynamo``, which
torchvision and timm import) ships ``libtriton.so``, a newer LLVM linked in statically whose
symbols are exported too. Opened later with default flags, its static constructors bind to
the driver's LLVM (``llvm::DebugCounter`` in ``PassBuilder.cpp``) and corrupt the heap: napari
dies with a segmentation fault when a widget that imports torch is opened from the Plugins
menu. Opening ``libtriton.so`` first with ``RTLD_DEEPBIND`` makes it resolve its own symbols
first; Python's later import of the same file reuses that handle. Importing torch before any
viewer exists (scripts, the CLI) never meets the clash, and builds without Triton (CPU wheels,
macOS, Windows) have nothing to do here.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import sys
from pathlib import Path


def triton_library() -> Path | None:
    """Path of Triton's native library if Triton is installed and not imported yet."""
    if "triton" in sys.modules:
        return None  # already loaded (e.g. torch imported before the viewer): nothing to protect
    try:
        spec = importlib.util.find_spec("triton")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        found = sorted(Path(folder, "_C").glob("libtriton*.so"))
        if found:
            return found[0]
    return None


def preload_triton_with_own_llvm() -> Path | None:
    """Open ``libtriton.so`` with ``RTLD_DEEPBIND`` (Linux); returns its path, or None if not needed."""
    deepbind = getattr(os, "RTLD_DEEPBIND", None)
    library = triton_library() if deepbind is not None else None
    if library is None:
        return None
    try:
        ctypes.CDLL(str(library), mode=os.RTLD_NOW | os.RTLD_LOCAL | deepbind)
    except OSError:
        return None  # a broken Triton: torch handles its ImportError itself
    return library
