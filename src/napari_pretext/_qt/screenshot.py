"""Screenshot of napari with the demo's results and both dock widgets (needs a display/xvfb)."""

from __future__ import annotations

from pathlib import Path

from ..io import read_image


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
        viewer.window.add_dock_widget(RestorationWidget(viewer), name="Restoration pretext", area="right")
        seg = SegmentationWidget(viewer)
        viewer.window.add_dock_widget(seg, name="Segmentation", area="right", tabify=False)
        seg.model_label.setText(f"model: {out / 'segmentation_ssl.pt'}")
        viewer.window._qt_window.resize(1500, 1000)
        path = out / "screenshot.png"
        viewer.window.screenshot(str(path), canvas_only=False)
        return path
    finally:
        viewer.close()
