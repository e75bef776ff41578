"""Screenshot of napari with the demo's results and both dock widgets (needs a display/xvfb)."""

from __future__ import annotations

from pathlib import Path

import time

from qtpy.QtWidgets import QApplication

from ..io import read_image
from ..restoration import RestorationTask
from ..segmentation import SegmentationTask


def demo_screenshot(out_dir: str | Path) -> Path:
    """Open the demo outputs in a viewer with both widgets docked, save ``screenshot.png``."""
    import napari

    from .restoration_widget import RestorationWidget
    from .segmentation_widget import SegmentationWidget

    out = Path(out_dir)
    viewer = napari.Viewer(show=True)
    try:
        viewer.add_image(read_image(out / "images" / "eval_0.png"), name="organoids")
        viewer.add_image(read_image(out / "restored_eval_0.tif"), name="organoids restored", visible=False)
        viewer.add_image(read_image(out / "predictions" / "eval_0_probability.tif"), name="organoids probability",
                         colormap="magma", blending="additive", opacity=0.5)
        viewer.add_labels((read_image(out / "predictions" / "eval_0_mask.png") > 0).astype("uint8"), name="organoids mask", opacity=0.4)
        rest, seg = RestorationWidget(viewer), SegmentationWidget(viewer)
        viewer.window.add_dock_widget(rest, name="Restoration pretext", area="right")
        viewer.window.add_dock_widget(seg, name="Segmentation", area="right")
        # Show the demo's trained models and their loss curves, as after training in the widgets.
        for widget, task in ((rest, RestorationTask.load(out / "pretext_restoration.pt")), (seg, SegmentationTask.load(out / "segmentation_ssl.pt"))):
            widget.set_task(task)
            for row in task.history:
                widget.panel.plot.add("train loss", row["step"], row["train_loss"])
                if "val_loss" in row:
                    widget.panel.plot.add("val loss", row["step"], row["val_loss"])
            last = task.history[-1]
            widget.panel.status.setText(f"finished after epoch {last['epoch']}, step {last['step']} (demo)")
        viewer.window.resize(1800, 1150)
        viewer.reset_view()
        for _ in range(20):  # let Qt lay out and paint the docks before grabbing the window
            QApplication.processEvents()
            time.sleep(0.02)
        path = out / "screenshot.png"
        viewer.window.screenshot(str(path), canvas_only=False)
        return path
    finally:
        viewer.close()
