"""The compute core must run without napari, Qt or magicgui installed."""

import subprocess
import sys

CORE = [
    "napari_pretext", "napari_pretext.images.api", "napari_pretext.cli", "napari_pretext.images.demo", "napari_pretext.core.engine",
    "napari_pretext.images.restoration", "napari_pretext.images.segmentation", "napari_pretext.images.tiling", "napari_pretext.core.io",
    "napari_pretext.images.data.synthetic", "napari_pretext._sample_data", "napari_pretext.cli.volumes", "napari_pretext.cli.runs", "napari_pretext.cli.config_file", "napari_pretext.ct.api",
    "napari_pretext.ct.localize", "napari_pretext.ct.sorting", "napari_pretext.ct.rotation_task", "napari_pretext.ct.scene",
]

BLOCKER = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {'napari', 'qtpy', 'magicgui', 'superqt', 'PyQt5', 'PyQt6', 'PySide2', 'PySide6', 'vispy'}:
            raise ImportError('blocked: ' + name)
sys.meta_path.insert(0, Block())
import importlib
for name in %r:
    importlib.import_module(name)
print('ok')
"""


def test_core_imports_without_gui_modules():
    result = subprocess.run([sys.executable, "-c", BLOCKER % CORE], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
