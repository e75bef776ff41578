from pathlib import Path

import numpy as np

from napari_pretext._qt.segmentation_widget import SegmentationWidget
from napari_pretext.core.engine import run_training
from napari_pretext.core.events import TrainingFinished
from napari_pretext.images.configs import RestorationConfig
from napari_pretext.images.objects import label_objects
from napari_pretext.images.restoration import RestorationTask

from ..conftest import TINY, blobs
from .conftest import docked_widget, wait_idle


def make_widget(make_napari_viewer, epochs=2):
    return docked_widget(make_napari_viewer, SegmentationWidget, encoder="resnet18", epochs=epochs, batch_size=2, patch_size=64)


def add_pair(viewer, widget, seed=0, labels=None):
    image, mask = blobs(seed=seed)
    img = viewer.add_image(image, name=f"cells{seed}")
    lab = viewer.add_labels(mask if labels is None else labels, name=f"cells{seed} labels")
    widget.form.reset_choices()
    widget.image.value, widget.labels.value = img, lab
    return img, lab


def test_train_with_pretext_then_continue_then_predict(make_napari_viewer, qtbot, tmp_path):
    pretext = RestorationTask(RestorationConfig(**TINY))
    pretext.set_data([blobs()[0]])
    list(run_training(pretext, 1))
    pretext_path = pretext.save(tmp_path / "pretext.pt")

    viewer, widget = make_widget(make_napari_viewer)
    img, lab = add_pair(viewer, widget)
    labels_before = lab.data.copy()
    widget.pretext.value = pretext_path
    widget.panel.train_button.click()
    wait_idle(qtbot, widget.panel)
    assert isinstance(widget.panel.last_event, TrainingFinished)
    task = widget.task
    assert task is not None and task.encoder_source == str(pretext_path)
    assert "cells0 prediction" in viewer.layers  # live preview arrived
    first_points = len(widget.panel.plot.series["train loss"])
    step = task.step

    lab.data[0:3, 0:3] = 1  # the user paints more
    widget.panel.train_button.click()
    wait_idle(qtbot, widget.panel)
    assert widget.task is task and task.step == 2 * step  # resumed, not restarted
    run = task.run  # the second run's record keeps the first's, and the pretext's file
    assert run["resumed_from"]["step"] == step and run["resumed_from"]["run"]["encoder_from"]["path"] == str(Path(pretext_path).resolve())
    assert [e["role"] for e in run["inputs"]] == ["image", "labels"]
    assert len(widget.panel.plot.series["train loss"]) == 2 * first_points  # curve continues
    assert [l.name for l in viewer.layers].count("cells0 prediction") == 1

    other = viewer.add_image(blobs(seed=7)[0], name="new")
    widget.actions.reset_choices()
    widget.target.value = other
    widget.predict_button.clicked()
    qtbot.waitUntil(lambda: "new mask" in viewer.layers, timeout=60_000)
    assert viewer.layers["new mask"].data.shape == (96, 96)
    np.testing.assert_allclose(viewer.layers["new probability"].data, widget.task.predict(other.data)[0], atol=1e-5)  # the model's, unchanged
    assert "new objects" not in viewer.layers  # only on request

    widget.objects.value, widget.min_size.value, widget.split_distance.value = True, 3, 4
    widget.predict_button.clicked()
    qtbot.waitUntil(lambda: "new objects" in viewer.layers, timeout=60_000)
    objects = viewer.layers["new objects"]
    np.testing.assert_array_equal(objects.data, label_objects(viewer.layers["new mask"].data, 3, 4))
    assert len(objects.features) == objects.data.max() and {"index", "area_px", "y", "x"} <= set(objects.features.columns)
    widget.min_size.value = 10**6  # predict again: the same layer, now empty, with an empty table
    widget.predict_button.clicked()
    qtbot.waitUntil(lambda: objects.data.max() == 0, timeout=60_000)
    assert len(objects.features) == 0 and [l.name for l in viewer.layers].count("new objects") == 1
    np.testing.assert_array_equal(lab.data[3:], labels_before[3:])  # only the user's own paint changed


def test_scribble_labels_from_scratch(make_napari_viewer, qtbot):
    viewer, widget = make_widget(make_napari_viewer, epochs=1)
    _, mask = blobs()
    scribbles = np.zeros_like(mask)
    scribbles[mask == 1] = 2
    scribbles[:5] = 1
    add_pair(viewer, widget, labels=scribbles)
    widget.label_mode.value = "scribbles"
    widget.panel.train_button.click()
    wait_idle(qtbot, widget.panel)
    assert widget.task is not None and widget.task.encoder_source is None
    assert "train_f1" in widget.task.history[-1]


def test_errors_are_notifications(make_napari_viewer, qtbot, monkeypatch, tmp_path):
    errors = []
    monkeypatch.setattr("napari_pretext._qt.segmentation_widget.show_error", errors.append)
    monkeypatch.setattr("napari_pretext._qt.scheduling.show_error", errors.append)
    viewer, widget = make_widget(make_napari_viewer, epochs=1)
    widget.panel.train_button.click()
    assert "Pick an image layer" in errors[-1]
    viewer.add_image(blobs()[0], name="cells")
    widget.form.reset_choices()
    widget.panel.train_button.click()
    assert "Pick a label layer" in errors[-1]
    # empty label layer
    add_pair(viewer, widget, seed=1, labels=np.zeros((96, 96), np.uint8))
    widget.panel.train_button.click()
    wait_idle(qtbot, widget.panel)
    assert "empty" in errors[-1] and widget.panel.train_button.isEnabled()
    # labels of another shape
    add_pair(viewer, widget, seed=2, labels=np.ones((50, 60), np.uint8))
    widget.panel.train_button.click()
    wait_idle(qtbot, widget.panel)
    assert "same size" in errors[-1]
    # RGB image with a 1-channel pretext: a wrong checkpoint
    bad = tmp_path / "junk.pt"
    bad.write_bytes(b"junk")
    add_pair(viewer, widget, seed=3)
    widget.pretext.value = bad
    widget.panel.train_button.click()
    wait_idle(qtbot, widget.panel)
    assert "not a napari-pretext model file" in errors[-1]
    assert widget.task is None
    # a multiscale (pyramid) layer
    image = blobs(shape=(128, 128))[0]
    pyramid = viewer.add_image([image, image[::2, ::2]], multiscale=True, name="pyramid")
    widget.form.reset_choices()
    widget.image.value = pyramid
    widget.panel.train_button.click()
    assert "multiscale" in errors[-1] and not widget.panel.running
