"""Everything that imports napari or Qt lives here; the rest of the package is the core.

Importing this package first loads Triton's LLVM apart from the OpenGL driver's (see
:mod:`napari_pretext.core.triton_preload`): napari imports a widget module only when its menu entry
is chosen, after the canvas exists, and the widgets import torch.
"""

from ..core.triton_preload import preload_triton_with_own_llvm

preload_triton_with_own_llvm()
