import numpy as np
from imageio.v3 import imread

from napari_pretext import demo
from napari_pretext._qt.screenshot import ct_screenshot, demo_screenshot
from napari_pretext.ct import demo as ct_demo

from ..conftest import tiny_demo_configs
from ..ct.test_demo import tiny_settings


def assert_window_grab(path):
    image = imread(path)
    assert image.ndim == 3 and image.shape[0] > 500 and image.shape[1] > 1000  # the whole window, docks included
    assert np.ptp(image[..., :3]) > 100  # something was painted


def test_demo_and_ct_screenshots(tmp_path, monkeypatch, qtbot):
    monkeypatch.setattr(demo, "demo_configs", tiny_demo_configs)
    monkeypatch.setattr(ct_demo, "ct_demo_settings", tiny_settings)
    metrics = demo.run_demo(tmp_path, n_pretext=2, n_labelled=1, n_eval=1, log=lambda *a: None)
    assert metrics["ssl_frozen"]["objects_true"] > 0 and 0 <= metrics["from_scratch"]["object_f1"] <= 1
    ct_demo.run_ct_demo(tmp_path / "ct", log=lambda *a: None)
    assert_window_grab(demo_screenshot(tmp_path))
    assert_window_grab(ct_screenshot(tmp_path / "ct"))


def test_a_trained_model_shown_in_a_widget_has_a_full_progress_bar(make_napari_viewer, tiny_restoration_config, blob_pairs):
    """The demo screenshot shows models trained elsewhere: their bar full, status and label set."""
    from napari_pretext._qt.restoration_widget import RestorationWidget
    from napari_pretext._qt.screenshot import show_trained
    from napari_pretext.api import pretrain_restoration

    task = pretrain_restoration([image for image, _ in blob_pairs], tiny_restoration_config)
    widget = RestorationWidget(make_napari_viewer())
    show_trained(widget, task)
    assert widget.panel.bar.maximum() == task.step and widget.panel.bar.value() == task.step
    assert widget.panel.status.text().startswith("finished after epoch 1") and widget.model_label.text().endswith("epoch 1")
