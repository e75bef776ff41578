#!/usr/bin/env bash
# Sets up everything on a fresh Debian/Ubuntu machine: system libraries for a headless Qt/OpenGL
# (xvfb, Mesa, xcb), a virtual environment in .venv, and the plugin with its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    xvfb xauth libgl1-mesa-dri libglx-mesa0 libegl1 libdbus-1-3 libfontconfig1 \
    libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 \
    libxcb-render-util0 libxcb-xinerama0 libxcb-xfixes0 libxcb-shape0 libxcb-cursor0 >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
# torch and torchvision are resolved together (a torch wheel installed on its own may not match any
# torchvision build). Without an NVIDIA GPU, PyTorch's CPU-only build is tried first, from
# PyTorch's own index and nothing else; PyPI's Linux build carries 4.1 GB of CUDA libraries and
# Triton that a CPU never uses. Where that index is out of reach (a network that allows only
# PyPI), PyPI's build is installed (.venv 6.4 GB): see the README.
torch_loads() { .venv/bin/python -c "import torch, torchvision.ops as o; o.nms(torch.zeros(1, 4), torch.zeros(1), 0.5)" >/dev/null 2>&1; }
if [ "${PRETEXT_TORCH:-auto}" = cpu ] || { [ "${PRETEXT_TORCH:-auto}" = auto ] && ! command -v nvidia-smi >/dev/null 2>&1; }; then
  if PIP_CONFIG_FILE=/dev/null .venv/bin/python -m pip install -q --timeout 15 --retries 1 \
       --index-url https://download.pytorch.org/whl/cpu torch torchvision >/dev/null 2>&1 && torch_loads; then
    echo "installed PyTorch's CPU-only build"
  else
    echo "PyTorch's CPU index is out of reach: installing PyPI's torch (a CUDA build: .venv ~6.4 GB; see the README)"
    .venv/bin/python -m pip uninstall -q -y torch torchvision >/dev/null 2>&1 || true
  fi
fi
.venv/bin/python -m pip install -q torch torchvision  # nothing to do when the CPU build is in
torch_loads || { echo "torch/torchvision do not load together: see the README's Install section" >&2; exit 1; }
.venv/bin/python -m pip install -q -e ".[testing]"
echo "setup done: $(.venv/bin/python -c 'import torch, napari; print("torch", torch.__version__, "napari", napari.__version__)')"
