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
# torch and torchvision are resolved together from the registry (a torch wheel installed on its
# own may not match any torchvision build); the plugin and its test extras (PyQt6) follow.
.venv/bin/python -m pip install -q torch torchvision
.venv/bin/python -m pip install -q -e ".[testing]"
echo "setup done: $(.venv/bin/python -c 'import torch, napari; print("torch", torch.__version__, "napari", napari.__version__)')"
