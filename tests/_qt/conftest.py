"""Qt tests need a display: run them under ``xvfb-run -a`` (the README's test command does)."""

import pytest

pytestmark = pytest.mark.qt


def wait_idle(qtbot, panel, timeout=120_000):
    """Wait until the training panel's worker has finished."""
    qtbot.waitUntil(lambda: not panel.running, timeout=timeout)


def wait_for_workers(qtbot, timeout=60_000):
    from napari.qt.threading import WorkerBase

    qtbot.waitUntil(lambda: not WorkerBase._worker_set, timeout=timeout)


def docked_widget(make_napari_viewer, widget_class, **options):
    """A fresh viewer with ``widget_class`` docked and its training options set (tiny, fast)."""
    viewer = make_napari_viewer()
    widget = widget_class(viewer)
    viewer.window.add_dock_widget(widget)
    for name, value in options.items():
        widget.options[name].value = value
    return viewer, widget


@pytest.fixture(autouse=True)
def keep_torch_threads():
    """The widgets cap torch's threads for the viewer's sake; later tests get theirs back."""
    import torch

    threads = torch.get_num_threads()
    yield
    torch.set_num_threads(threads)
