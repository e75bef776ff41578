"""Longest main-thread stall while training runs in the napari widget (target <= 50 ms).

A 5 ms QTimer on the main thread records the gap between its ticks; any gap much longer than
5 ms is time the event loop could not run (a frozen UI). The same measurement while the viewer
sits idle gives the floor of this machine. Needs a display: run under ``xvfb-run -a``.

    xvfb-run -a python benchmarks/ui_stall.py [--encoder resnet18 --seconds 20]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from _common import final_json, hardware


def measure(app, seconds: float) -> tuple[np.ndarray, np.ndarray]:
    """(tick times in s, gaps in ms) of a 5 ms main-thread timer over ``seconds``."""
    from qtpy.QtCore import QTimer

    gaps, last = [], [time.perf_counter()]

    def tick():
        now = time.perf_counter()
        gaps.append((now, (now - last[0]) * 1000))
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    ticks = np.array(gaps[1:])
    return ticks[:, 0], ticks[:, 1]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--encoder", default="resnet18")
    p.add_argument("--seconds", type=float, default=20.0)
    p.add_argument("--widget", choices=("segmentation", "restoration"), default="segmentation")
    p.add_argument("--torch-threads", type=int, default=None, help="torch intra-op threads (default: torch's)")
    a = p.parse_args()

    import napari
    import torch

    if a.torch_threads:
        torch.set_num_threads(a.torch_threads)
    from qtpy.QtWidgets import QApplication

    from napari_pretext._qt.restoration_widget import RestorationWidget
    from napari_pretext._qt.segmentation_widget import SegmentationWidget
    from napari_pretext.images.data.synthetic import organoid_image

    viewer = napari.Viewer(show=True)
    app = QApplication.instance()
    image, mask = organoid_image((512, 512), seed=0)
    img = viewer.add_image(image, name="organoids")
    lab = viewer.add_labels(mask, name="labels")
    widget = SegmentationWidget(viewer) if a.widget == "segmentation" else RestorationWidget(viewer)
    viewer.window.add_dock_widget(widget)
    for name, value in dict(encoder=a.encoder, epochs=1000, batch_size=4, patch_size=128).items():
        widget.options[name].value = value
    widget.form.reset_choices()
    if a.widget == "segmentation":
        widget.image.value, widget.labels.value = img, lab
    else:
        widget.images.value = [img]
    measure(app, 2.0)  # let the first draws of the viewer pass
    _, idle = measure(app, min(5.0, a.seconds))
    first_layer = []  # when the first live-preview layer appeared (a one-off layer creation)
    viewer.layers.events.inserted.connect(lambda e: first_layer.append(time.perf_counter()))
    t_click = time.perf_counter()
    widget.panel.train_button.click()  # the click handler itself is main-thread time too: reported
    click_ms = (time.perf_counter() - t_click) * 1000
    t_busy, busy = measure(app, a.seconds)
    # Steady state: after the first preview layer was created (creating napari's progress bar
    # and a new layer are one-off costs of the first second of a run).
    steady = busy[t_busy > first_layer[0] + 0.5] if first_layer else busy
    steps = widget.task.step if widget.task else 0
    widget.panel.request_stop()
    while widget.panel.running:
        app.processEvents()
        time.sleep(0.01)
    viewer.close()
    stats = {
        name: {"max_ms": round(float(g.max()), 1), "p99_ms": round(float(np.percentile(g, 99)), 1), "ticks": int(len(g))}
        for name, g in (("idle", idle), ("training", busy), ("steady", steady))
    }
    print(f"# {hardware()}; {a.widget} widget, {a.encoder}, {steps} training steps during {a.seconds:.0f} s")
    print(f"    click: the Train button's handler took {click_ms:.1f} ms (before the run starts)")
    worst = int(np.argmax(busy))
    print(f"    the longest gap ended {t_busy[worst] - t_click:.2f} s after the click"
          + (f"; the first preview layer appeared after {first_layer[0] - t_click:.2f} s" if first_layer else ""))
    for name, s in stats.items():
        print(f"{name:>9}: longest main-thread gap {s['max_ms']:7.1f} ms, p99 {s['p99_ms']:6.1f} ms over {s['ticks']} ticks")
    final_json({"hardware": hardware(), "widget": a.widget, "encoder": a.encoder, "steps": steps, "click_ms": round(click_ms, 1), **stats,
                "stall_ms": stats["training"]["max_ms"], "target_ms": 50})


if __name__ == "__main__":
    main()
