"""Screenshots of napari with the demo's results and the dock widgets (need a display/xvfb)."""

from __future__ import annotations

import time
from pathlib import Path

from qtpy.QtWidgets import QApplication

from ..core.io import read_image
from ..images.restoration import RestorationTask
from ..images.segmentation import SegmentationTask


def demo_screenshot(out_dir: str | Path) -> Path:
    """Open the demo outputs in a viewer with both widgets docked, save ``screenshot.png``."""
    import napari

    from .restoration_widget import RestorationWidget
    from .segmentation_widget import SegmentationWidget

    out = Path(out_dir)
    viewer = napari.Viewer(show=True)
    try:
        image = viewer.add_image(read_image(out / "images" / "eval_0.png"), name="organoids")
        # the pretext's restoration beside the image (not under it), so both show
        viewer.add_image(read_image(out / "restored_eval_0.tif"), name="organoids restored (pretext)", colormap="gray",
                         translate=(0, image.data.shape[1] + 16))
        viewer.add_image(read_image(out / "predictions" / "eval_0_probability.tif"), name="organoids probability",
                         colormap="magma", blending="additive", opacity=0.5)
        viewer.add_labels((read_image(out / "predictions" / "eval_0_mask.png") > 0).astype("uint8"), name="organoids mask", opacity=0.4)
        rest, seg = RestorationWidget(viewer), SegmentationWidget(viewer)
        viewer.window.add_dock_widget(rest, name="Restoration pretext", area="right")
        viewer.window.add_dock_widget(seg, name="Segmentation", area="right")
        show_trained(rest, RestorationTask.load(out / "pretext_restoration.pt"))
        show_trained(seg, SegmentationTask.load(out / "segmentation_ssl.pt"))
        viewer.window.resize(1800, 1150)
        viewer.reset_view()
        return grab(viewer, out / "screenshot.png")
    finally:
        viewer.close()


def ct_screenshot(out_dir: str | Path) -> Path:
    """The CT demo's scene in 3D with its heatmap, the box found (yellow) and the true box
    (green), the CT widget docked with the trained model; saves ``screenshot.png``."""
    import napari

    from ..ct.api import load_ct_model
    from ..ct.boxes import box_to_rectangles, load_box
    from .ct_widget import CTWidget, hot_contrast

    out = Path(out_dir)
    viewer = napari.Viewer(show=True, ndisplay=3)
    try:
        scene = viewer.add_image(read_image(out / "scene.tif"), name="CT scene", colormap="gray", rendering="mip", opacity=0.7)
        heat = read_image(out / "heatmap.tif")
        factor = -(-scene.data.shape[0] // heat.shape[0])
        viewer.add_image(heat, name="CT scene heatmap", colormap="inferno", blending="additive", opacity=0.6, scale=(factor,) * 3,
                         translate=((factor - 1) / 2,) * 3, contrast_limits=hot_contrast(heat, 0.03))
        box = viewer.add_shapes(box_to_rectangles(load_box(out / "box.json"), every_slice=False), name="CT scene box", shape_type="rectangle",
                                edge_color="yellow", face_color="transparent", edge_width=2)
        viewer.add_shapes(box_to_rectangles(load_box(out / "true_box.json"), every_slice=False), name="true box", shape_type="rectangle",
                          edge_color="lime", face_color="transparent", edge_width=1)
        widget = CTWidget(viewer)
        widget.advanced.expand(animate=False)  # the trained model and its loss curve, not only the one-click row
        viewer.window.add_dock_widget(widget, name="CT pretext", area="right")
        show_trained(widget, load_ct_model(out / "sorting.pt"))
        widget.actions.reset_choices()
        widget.target.value, widget.box_layer.value = scene, box
        z, y, x = load_box(out / "box.json").start
        # the crop beside the scene (shifted along x past it), at its own height and depth
        viewer.add_image(read_image(out / "scene_crop.tif"), name="CT scene crop", colormap="cyan", rendering="mip",
                         blending="additive", translate=(z, y, x + scene.data.shape[2] + 16))
        widget.job_bar.setRange(0, 1)
        widget.job_bar.setValue(1)
        widget.job_bar.setFormat("crop 100%")
        viewer.window.resize(1800, 1150)
        viewer.reset_view()
        camera = viewer.scene.camera if hasattr(viewer, "scene") else viewer.camera  # napari >= 0.9 / older
        camera.angles = (0, 30, 60)  # tilted, so the box's two rectangles do not overlap
        return grab(viewer, out / "screenshot.png")
    finally:
        viewer.close()


def show_trained(widget, task) -> None:
    """A demo model and its loss curves in a widget, as after training there."""
    widget.set_task(task)
    for row in task.history:
        widget.panel.plot.add("train loss", row["step"], row["train_loss"])
        if "val_loss" in row:
            widget.panel.plot.add("val loss", row["step"], row["val_loss"])
    last = task.history[-1]
    widget.panel.bar.setRange(0, max(last["step"], 1))
    widget.panel.bar.setValue(last["step"])  # a finished run's bar is full
    widget.panel.status.setText(f"finished after epoch {last['epoch']}, step {last['step']} (demo)")


def grab(viewer, path: Path) -> Path:
    """Save the whole window (canvas and docks) once Qt has laid out and painted it."""
    for _ in range(20):
        QApplication.processEvents()
        time.sleep(0.02)
    camera = viewer.scene.camera if hasattr(viewer, "scene") else viewer.camera
    angles = camera.angles
    viewer.reset_view()  # again, now that the canvas has its final size: every layer in view
    camera.angles = angles  # reset_view also resets a 3D view's tilt
    for _ in range(5):
        QApplication.processEvents()
        time.sleep(0.02)
    viewer.window.screenshot(str(path), canvas_only=False)
    return path
