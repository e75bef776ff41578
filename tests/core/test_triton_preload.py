"""Triton's library is opened on its own LLVM only when it is installed and not loaded yet."""

import subprocess
import sys

import pytest

from napari_pretext.core import triton_preload


def test_nothing_to_do_once_triton_is_imported(monkeypatch):
    monkeypatch.setitem(sys.modules, "triton", object())
    assert triton_preload.triton_library() is None
    assert triton_preload.preload_triton_with_own_llvm() is None


def test_nothing_to_do_without_triton(monkeypatch):
    monkeypatch.delitem(sys.modules, "triton", raising=False)
    monkeypatch.setattr(triton_preload.importlib.util, "find_spec", lambda name: None)
    assert triton_preload.preload_triton_with_own_llvm() is None


def test_preloaded_library_is_the_one_torch_then_imports():
    """In a fresh process: the preload opens libtriton.so, and torch's import of triton still works."""
    pytest.importorskip("triton", reason="this torch build has no Triton (CPU wheels): nothing to preload")
    code = (
        "import os; from napari_pretext.core.triton_preload import preload_triton_with_own_llvm as p\n"
        "path = p(); import torch._dynamo, triton._C.libtriton as lib\n"
        "print(os.path.realpath(path) == os.path.realpath(lib.__file__))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "True", out.stdout
