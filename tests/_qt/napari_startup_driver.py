"""napari startup script that walks a user's first minutes; run by test_user_path.py.

napari runs it (``application.startup_script`` in the settings that ``NAPARI_CONFIG`` names)
inside the real ``napari`` command, after the viewer exists and before the event loop starts.
It records whether torch was already imported, then, from the event loop: optionally opens a
sample from *File > Open Sample*, opens a widget from *Plugins > napari pretext*, sets tiny
training options, clicks Train, waits for the run to end and writes what it saw as JSON to
``PRETEXT_DRIVER_OUT``. The plan comes as JSON in ``PRETEXT_DRIVER_PLAN``:
``{"widget": "Segmentation", "sample": "Organoids..." or null, "paint": [layer, threshold, name] or null,
"options": {...}, "fields": {...}, "layers": {...}, "one_click": {...} or absent}`` (``one_click``: press
the CT dock's *Localise and crop* instead of Train, with these changes to the quick schedule, and
report the crop, the box and the wide box layers and the notifications).
"""

import json
import os
import sys
import time
import traceback

import napari
from napari.utils.notifications import notification_manager
from qtpy.QtCore import QTimer
from qtpy.QtWidgets import QApplication

PLAN = json.loads(os.environ["PRETEXT_DRIVER_PLAN"])
OUT = os.environ["PRETEXT_DRIVER_OUT"]
report = {"torch_at_start": "torch" in sys.modules, "triton_at_start": "triton" in sys.modules, "steps": []}


def menu_actions(menu, path=()):
    for action in menu.actions():
        text = action.text().replace("&", "")
        if action.menu() is not None:
            yield from menu_actions(action.menu(), (*path, text))
        elif text:
            yield (*path, text), action


def trigger(viewer, *path):
    """Click the menu entry whose path ends with ``path`` (as a user would)."""
    actions = dict(menu_actions(viewer.window._qt_window.menuBar()))
    matches = [action for full, action in actions.items() if full[-len(path):] == path]
    if not matches:
        raise RuntimeError(f"no menu entry {' > '.join(path)}; entries: {sorted(' > '.join(p) for p in actions)}")
    matches[0].trigger()
    report["steps"].append(" > ".join(path))


def dock(viewer, title):
    for name, widget in viewer.window.dock_widgets.items():
        if name.startswith(title):
            return widget
    return None


def script(viewer):
    """A generator of wait conditions: each yielded callable is polled until it is true."""
    if PLAN.get("sample"):
        trigger(viewer, "File", "Open Sample", "napari pretext", PLAN["sample"])
        yield lambda: len(viewer.layers) > 0
    if PLAN.get("paint"):  # what a user does with *New labels layer* and the brush, in one go
        source, threshold, name = PLAN["paint"]
        viewer.add_labels((viewer.layers[source].data > threshold).astype("uint8"), name=name)
    report["layers"] = [layer.name for layer in viewer.layers]
    report["torch_before_widget"] = "torch" in sys.modules
    trigger(viewer, "Plugins", "napari pretext", PLAN["widget"])
    yield lambda: dock(viewer, PLAN["widget"]) is not None
    widget = dock(viewer, PLAN["widget"])
    report["dock"] = type(widget).__name__
    for name, value in PLAN.get("options", {}).items():
        widget.options[name].value = value
    for attribute, value in PLAN.get("fields", {}).items():
        getattr(widget, attribute).value = value
    for attribute, names in PLAN.get("layers", {}).items():
        picker = getattr(widget, attribute)
        chosen = [viewer.layers[name] for name in names]
        picker.value = chosen if isinstance(picker.value, (list, tuple)) else chosen[0]
    if PLAN.get("one_click") is not None:  # the CT dock's Localise and crop, on a tiny schedule
        yield from one_click(viewer, widget, PLAN["one_click"])
        return
    widget.panel.train_button.click()
    yield lambda: widget.panel.running
    yield lambda: not widget.panel.running
    report["status"] = widget.panel.status.text()
    report["model_label"] = widget.model_label.text()
    report["trained"] = widget.task is not None and getattr(widget.task, "step", 0) > 0
    report["started_by"] = (getattr(widget.task, "run", None) or {}).get("started_by")  # the run record
    report["layers_after"] = [layer.name for layer in viewer.layers]


def one_click(viewer, widget, schedule: dict):
    """Press *Localise and crop* with the quick schedule shrunk to ``schedule`` (the same path)."""
    import napari_pretext._qt.ct_widget as ct_widget
    from napari_pretext.ct.auto_crop import quick_sorting_config

    ct_widget.quick_sorting_config = lambda seed=0: quick_sorting_config(seed, **schedule)
    widget.auto_button.native.click()
    yield lambda: widget.auto_stop.enabled
    yield lambda: not widget.auto_stop.enabled
    report["trained"] = widget.task is not None and getattr(widget.task, "step", 0) > 0
    report["started_by"] = (getattr(widget.task, "run", None) or {}).get("started_by")  # the run record
    report["layers_after"] = [layer.name for layer in viewer.layers]
    crops = [layer for layer in viewer.layers if layer.name.endswith(" crop")]
    report["crop_shape"] = list(crops[0].data.shape) if crops else None
    report["crop_start"] = [round(float(t)) for t in crops[0].translate] if crops else None  # the sample's scale is 1
    name = PLAN["layers"]["target"][0]
    report["box"], report["wide_box"] = outline(viewer, f"{name} box"), outline(viewer, f"{name} wide box")
    report["notifications"] = [str(n.message) for n in notification_manager.records]


def outline(viewer, name: str):
    """[start, stop] of the box that the Shapes layer ``name`` outlines, or None without one."""
    from napari_pretext.ct.boxes import box_from_vertices

    if name not in viewer.layers:
        return None
    box = box_from_vertices(list(viewer.layers[name].data), (10**6,) * 3)
    return [list(map(int, box.start)), list(map(int, box.stop))]


def run(viewer):
    steps = script(viewer)
    state = {"wait": lambda: True, "since": time.monotonic()}

    def finish(error=None):
        timer.stop()
        report["error"] = error
        with open(OUT, "w") as f:
            json.dump(report, f)
        viewer.close()
        QApplication.instance().quit()

    def tick():
        try:
            if not state["wait"]():
                if time.monotonic() - state["since"] > float(os.environ.get("PRETEXT_DRIVER_WAIT", 240)):
                    finish(f"timed out after step {report['steps'][-1:]}")
                return
            state["wait"], state["since"] = next(steps), time.monotonic()
        except StopIteration:
            finish()
        except Exception:  # noqa: BLE001 - reported to the test, which fails on it
            finish(traceback.format_exc())

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(100)
    viewer._pretext_driver_timer = timer  # kept alive with the viewer


run(napari.current_viewer())
