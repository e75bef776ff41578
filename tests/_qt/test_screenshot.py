from imageio.v3 import imread

from napari_pretext._qt.screenshot import ct_screenshot, demo_screenshot
from napari_pretext.ct import demo as ct_demo
from napari_pretext.images import demo

from ..conftest import tiny_demo_configs
from ..ct.test_demo import tiny_settings


def window_colours(path) -> dict[str, int]:
    """Pixels of the colours the layers are drawn in; a bare window with docks has none of them."""
    image = imread(path)
    assert image.ndim == 3 and image.shape[0] > 500 and image.shape[1] > 1000  # the whole window, docks included
    r, g, b = (image[..., i].astype(int) for i in range(3))
    return {"yellow": int(((r > 180) & (g > 180) & (b < 90)).sum()),  # the box found
            "lime": int(((g > 180) & (r < 120) & (b < 90)).sum()),  # the true box
            "cyan": int(((r < 90) & (g > 120) & (b > 120)).sum()),  # the crop
            "warm": int(((r - b > 60) & (r > 120)).sum())}  # magma/inferno: a probability, a heatmap


def test_demo_and_ct_screenshots(tmp_path, monkeypatch, qtbot):
    monkeypatch.setattr(demo, "demo_configs", tiny_demo_configs)
    monkeypatch.setattr(ct_demo, "ct_demo_settings", tiny_settings)
    demo.run_demo(tmp_path, n_pretext=2, n_labelled=1, n_eval=1, log=lambda *a: None)
    ct_demo.run_ct_demo(tmp_path / "ct", log=lambda *a: None)
    # (measured: the demo 155 000 warm pixels; the CT 20 000 yellow, 8 000 cyan, 600 lime; a
    # window with the dock and no layer: none of any)
    assert window_colours(demo_screenshot(tmp_path))["warm"] > 10_000  # the probability over the organoids
    ct = window_colours(ct_screenshot(tmp_path / "ct"))
    assert ct["yellow"] > 1000 and ct["cyan"] > 1000 and ct["lime"] > 100 and ct["warm"] > 1000, ct


def test_a_trained_model_shown_in_a_widget_has_a_full_progress_bar(make_napari_viewer, tiny_restoration_config, blob_pairs):
    """The demo screenshot shows models trained elsewhere: their bar full, status and label set."""
    from napari_pretext._qt.restoration_widget import RestorationWidget
    from napari_pretext._qt.screenshot import show_trained
    from napari_pretext.images.api import pretrain_restoration

    task = pretrain_restoration([image for image, _ in blob_pairs], tiny_restoration_config)
    widget = RestorationWidget(make_napari_viewer())
    show_trained(widget, task)
    assert widget.panel.bar.maximum() == task.step and widget.panel.bar.value() == task.step
    assert widget.panel.status.text().startswith("finished after epoch 1") and widget.model_label.text().endswith("epoch 1")
