import numpy as np

from napari_pretext._qt.restoration_widget import RestorationWidget
from napari_pretext.core.events import TrainingFinished

from ..conftest import blobs
from .conftest import docked_widget, wait_for_workers, wait_idle


def make_widget(make_napari_viewer):
    return docked_widget(make_napari_viewer, RestorationWidget, encoder="resnet18", epochs=2, batch_size=2, patch_size=64)


def test_train_shows_progress_loss_and_preview_then_restores(make_napari_viewer, qtbot):
    viewer, widget = make_widget(make_napari_viewer)
    image = blobs()[0]
    layer = viewer.add_image(image, name="cells")
    before = image.copy()
    widget.form.reset_choices()
    widget.images.value = [layer]
    widget.panel.train_button.click()
    assert not widget.panel.train_button.isEnabled() and widget.panel.stop_button.isEnabled()
    wait_idle(qtbot, widget.panel)
    assert isinstance(widget.panel.last_event, TrainingFinished) and not widget.panel.last_event.stopped
    assert widget.task is not None and widget.panel.train_button.isEnabled()
    assert len(widget.panel.plot.series["train loss"]) == widget.task.step
    assert "restored preview" in viewer.layers
    run = widget.task.run  # made in napari: recorded with no file (it cannot be rerun from files)
    assert run["started_by"] == "napari: the Restoration pretext dock's Train button" and run["inputs"][0]["path"] is None
    assert run["inputs"][0]["name"] == "cells" and run["inputs"][0]["shape"] == [96, 96]
    widget.actions.reset_choices()
    widget.target.value = layer
    widget.restore_button.clicked()
    qtbot.waitUntil(lambda: "cells restored" in viewer.layers, timeout=60_000)
    assert viewer.layers["cells restored"].data.shape == image.shape
    assert np.array_equal(layer.data, before)  # the user's layer is untouched
    # Train again: the preview layer is replaced, not duplicated.
    widget.panel.train_button.click()
    wait_idle(qtbot, widget.panel)
    assert [l.name for l in viewer.layers].count("restored preview") == 1


def test_stop_mid_run_keeps_a_usable_model(make_napari_viewer, qtbot):
    viewer, widget = make_widget(make_napari_viewer)
    widget.options["epochs"].value = 50
    layer = viewer.add_image(blobs()[0], name="cells")
    widget.form.reset_choices()
    widget.images.value = [layer]
    widget.panel.train_button.click()
    qtbot.waitUntil(lambda: widget.task is not None and widget.task.step >= 2, timeout=60_000)
    widget.panel.stop_button.click()
    wait_idle(qtbot, widget.panel)
    final = widget.panel.last_event
    assert isinstance(final, TrainingFinished) and final.stopped and final.step < 50 * widget.task.steps_per_epoch()
    assert np.isfinite(widget.task.restore(blobs(seed=3)[0])).all()


def test_bad_input_notifies_and_leaves_ui_usable(make_napari_viewer, qtbot, monkeypatch):
    errors = []
    monkeypatch.setattr("napari_pretext._qt.restoration_widget.show_error", errors.append)
    monkeypatch.setattr("napari_pretext._qt.scheduling.show_error", errors.append)
    viewer, widget = make_widget(make_napari_viewer)
    widget.panel.train_button.click()  # nothing selected
    assert "at least one image layer" in errors[-1]
    nan_image = blobs()[0].astype(float)
    nan_image[5, 5] = np.nan
    layer = viewer.add_image(nan_image, name="broken")
    widget.form.reset_choices()
    widget.images.value = [layer]
    widget.panel.train_button.click()
    wait_idle(qtbot, widget.panel)
    assert "NaN" in errors[-1] and "broken" in errors[-1]
    assert widget.panel.train_button.isEnabled() and widget.task is None
    assert np.isnan(layer.data[5, 5])  # not "fixed" in place
    small = viewer.add_image(blobs()[0][:40, :40], name="tiny")
    widget.form.reset_choices()
    widget.images.value = [small]
    widget.panel.train_button.click()
    wait_idle(qtbot, widget.panel)
    assert "smaller than the patch size" in errors[-1]


def test_save_and_load_model(make_napari_viewer, qtbot, tmp_path, monkeypatch):
    errors = []
    monkeypatch.setattr("napari_pretext._qt.scheduling.show_error", errors.append)
    viewer, widget = make_widget(make_napari_viewer)
    widget.options["epochs"].value = 1
    layer = viewer.add_image(blobs()[0], name="cells")
    widget.form.reset_choices()
    widget.images.value = [layer]
    widget.panel.train_button.click()
    wait_idle(qtbot, widget.panel)
    image = tmp_path / "restored.tif"  # a name typed by mistake, over an image the user keeps
    image.write_bytes(b"an image")
    monkeypatch.setattr("napari_pretext._qt.model_files.show_error", errors.append)
    assert widget.files.save(str(image)) is None and "ends in .pt" in errors[-1] and image.read_bytes() == b"an image"
    widget.files.save(str(tmp_path / "r.pt"))
    wait_for_workers(qtbot)
    assert (tmp_path / "r.pt").is_file()
    trained_step = widget.task.step
    widget.task = None
    widget.files.load(str(tmp_path / "r.pt"))
    wait_for_workers(qtbot)
    assert widget.task is not None and widget.task.step == trained_step > 0
    (tmp_path / "bad.pt").write_bytes(b"junk")
    widget.files.load(str(tmp_path / "bad.pt"))
    wait_for_workers(qtbot)
    assert "not a napari-pretext model file" in errors[-1]
