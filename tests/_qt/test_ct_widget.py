import numpy as np
import pytest
import tifffile
from napari.layers.base._base_constants import ActionType

from napari_pretext._qt.ct_widget import CTWidget
from napari_pretext.core.events import TrainingFinished
from napari_pretext.ct.boxes import Box, box_from_vertices
from napari_pretext.ct.crop import read_crop_metadata
from napari_pretext.ct.localize import localize, rebox
from napari_pretext.ct.rotation_task import RotationConfig, RotationTask
from napari_pretext.ct.scene import make_ct_scene

from .conftest import docked_widget, wait_for_workers, wait_idle


def make_widget(make_napari_viewer):
    viewer, widget = docked_widget(make_napari_viewer, CTWidget, encoder="resnet18", epochs=1, batch_size=6, patch_size=32)
    widget.max_side.value = 48
    return viewer, widget


def test_train_localise_edit_box_and_crop(make_napari_viewer, qtbot, tmp_path, monkeypatch):
    viewer, widget = make_widget(make_napari_viewer)
    scene = make_ct_scene((40, 48, 48), seed=0)
    path = tmp_path / "scan.tif"
    tifffile.imwrite(path, scene.volume)
    layer = viewer.open(str(path), plugin="napari")[0]
    before = path.read_bytes()
    widget.form.reset_choices()
    widget.volumes.value = [layer]
    widget.panel.train_button.click()
    wait_idle(qtbot, widget.panel)
    assert isinstance(widget.panel.last_event, TrainingFinished) and widget.task.kind == "sorting"
    run = widget.task.run  # the run record: the dock, and the file the layer was opened from
    assert run["started_by"] == "napari: the CT pretext dock's Train button" and run["inputs"][0]["path"] == str(path.resolve())

    widget.actions.reset_choices()
    widget.target.value = layer
    widget.localise_button.clicked()
    qtbot.waitUntil(lambda: "scan box" in viewer.layers, timeout=120_000)
    wait_for_workers(qtbot)
    assert viewer.layers["scan heatmap"].data.shape == (40, 48, 48)
    assert widget.job_bar.value() == widget.job_bar.maximum()
    heat = viewer.layers["scan heatmap"]  # coloured from the top fraction up: the hot region shows
    assert heat.contrast_limits[0] == pytest.approx(np.quantile(heat.data, 1 - widget.fraction.value))

    # another box rule on the same volume and model re-boxes the last heatmap: no MC dropout again
    runs = []
    monkeypatch.setattr("napari_pretext._qt.ct_widget.localize", lambda *a, **k: runs.append(a) or localize(*a, **k))
    heatmap, guided = viewer.layers["scan heatmap"].data, widget.last_heatmap[3]
    widget.box_rule.value = "top"
    widget.localise_button.clicked()
    qtbot.waitUntil(lambda: widget.last_heatmap[3] is not guided, timeout=60_000)
    wait_for_workers(qtbot)
    top = widget.last_heatmap[3]
    assert runs == [] and top.heatmap is guided.heatmap and np.array_equal(viewer.layers["scan heatmap"].data, heatmap)
    assert top.box == rebox(scene.volume, guided, box_rule="top", padding=widget.padding.value).box
    assert box_from_vertices(list(viewer.layers["scan box"].data), scene.volume.shape) == top.box
    widget.task.epoch += 1  # a model trained further: its heatmap is computed again
    widget.localise_button.clicked()
    qtbot.waitUntil(lambda: len(runs) == 1, timeout=60_000)
    wait_for_workers(qtbot)

    # the box is drawn on every slice it spans; reshaping it on one slice reshapes it on all
    shapes = viewer.layers["scan box"]
    box = box_from_vertices(list(shapes.data), scene.volume.shape)
    assert [int(r[0, 0]) for r in shapes.data] == list(range(box.start[0], box.stop[0]))
    middle = len(shapes.data) // 2
    z = shapes.data[middle][0, 0]
    shapes._data_view.edit(middle, np.array([[z, 11, 13], [z, 11, 29], [z, 24, 29], [z, 24, 13]], float))
    shapes.events.data(value=shapes.data, action=ActionType.CHANGED, data_indices=(middle,), vertex_indices=((),))
    assert all(np.array_equal(r[:, 1:], [[11, 13], [11, 29], [24, 29], [24, 13]]) for r in shapes.data)
    assert box_from_vertices(list(shapes.data), scene.volume.shape) == Box((box.start[0], 11, 13), (box.stop[0], 25, 30))

    # the user edits the box by hand: crop honours it
    shapes.data = [np.array([[z, 10, 12], [z, 10, 30], [z, 25, 30], [z, 25, 12]], float) for z in (5, 20)]
    widget.write.value = True
    widget.crop_button.clicked()
    qtbot.waitUntil(lambda: "scan crop" in viewer.layers, timeout=60_000)
    wait_for_workers(qtbot)
    np.testing.assert_array_equal(np.asarray(viewer.layers["scan crop"].data), scene.volume[5:21, 10:26, 12:31])
    written = tmp_path / "scan_crop.tif"
    np.testing.assert_array_equal(tifffile.imread(written), scene.volume[5:21, 10:26, 12:31])
    meta = read_crop_metadata(written)
    assert meta["offset"] == [5, 10, 12] and meta["source"] == str(path) and meta["how"].startswith(f"the box in the shapes layer {shapes.name!r}")
    assert path.read_bytes() == before  # the source file is untouched

    # cropping again to the same file asks first: No keeps the file, Yes replaces it
    from qtpy.QtWidgets import QMessageBox

    first = written.read_bytes()
    shapes.data = [np.array([[z, 10, 12], [z, 10, 20], [z, 20, 20], [z, 20, 12]], float) for z in (5, 9)]
    for answer, kept in ((QMessageBox.StandardButton.No, True), (QMessageBox.StandardButton.Yes, False)):
        monkeypatch.setattr(QMessageBox, "question", lambda *args, answer=answer: answer)
        widget.crop_button.clicked()
        wait_for_workers(qtbot)
        assert (written.read_bytes() == first) == kept
    np.testing.assert_array_equal(tifffile.imread(written), scene.volume[5:10, 10:21, 12:21])


def test_threshold_localisation_without_a_model_and_errors(make_napari_viewer, qtbot, monkeypatch):
    errors, infos = [], []
    monkeypatch.setattr("napari_pretext._qt.ct_widget.show_error", errors.append)
    monkeypatch.setattr("napari_pretext._qt.ct_widget.show_info", infos.append)
    viewer, widget = make_widget(make_napari_viewer)
    lr = widget.options["learning_rate"]
    widget.pretext.value = "rotation"  # each pretext's own learning rate
    assert lr.value == pytest.approx(3e-4)
    widget.pretext.value = "sorting"
    assert lr.value == pytest.approx(1e-3)
    flat = viewer.add_image(np.random.rand(48, 48), name="flat")
    widget.form.reset_choices()
    widget.volumes.value = [flat]
    widget.panel.train_button.click()
    assert "not a 3D" in errors[-1] and not widget.panel.running
    vol = viewer.add_image(make_ct_scene((40, 48, 48), seed=1).volume, name="vol")
    widget.actions.reset_choices()
    widget.target.value = vol
    widget.localise_button.clicked()
    assert "Train or load" in errors[-1]
    widget.method.value = "threshold"
    widget.localise_button.clicked()
    qtbot.waitUntil(lambda: "vol box" in viewer.layers, timeout=60_000)
    wait_for_workers(qtbot)
    assert "threshold: the largest region above Otsu's threshold" in infos[-1]  # the box, and how it was found
    widget.write.value = True  # a layer that has no file: asks for a crop file
    widget.crop_button.clicked()
    assert "not opened from a file" in errors[-1]


def test_a_loaded_model_shows_its_settings(make_napari_viewer):
    _, widget = make_widget(make_napari_viewer)
    config = RotationConfig(encoder="resnet34", patch_size=64, max_side=96, axes=("z", "y", "x"), angle_step=45.0, head="pooled",
                            remove_radial_mean=False)
    widget.set_task(RotationTask(config))
    assert (widget.pretext.value, widget.options["encoder"].value, widget.options["patch_size"].value) == ("rotation", "resnet34", 64)
    assert (widget.max_side.value, widget.axes.value, widget.angle_step.value, widget.head.value) == (96, "z, y and x", 45, "pooled")
    assert not widget.radial.value
    assert widget.config() == RotationConfig(**{**config.__dict__, "epochs": widget.options["epochs"].value,
                                               "batch_size": widget.options["batch_size"].value, "seed": 0})


def tiny_quick(seed=0, **changes):
    from napari_pretext.ct.sorting import SortingConfig

    return SortingConfig(encoder="resnet18", epochs=1, steps_per_epoch=3, batch_size=6, patch_size=32, max_side=48,
                         val_fraction=0.0, seed=seed)


def test_one_click_localise_and_crop_from_the_button(make_napari_viewer, qtbot, tmp_path, monkeypatch):
    """No model yet: the button trains one on the volume alone, shows heatmap and box, crops (and writes)."""
    monkeypatch.setattr("napari_pretext._qt.ct_widget.quick_sorting_config", tiny_quick)
    viewer = make_napari_viewer()
    widget = CTWidget(viewer)
    viewer.window.add_dock_widget(widget)
    assert not widget.advanced.isExpanded()  # the step-by-step options wait behind "Advanced"
    scene = make_ct_scene((40, 48, 48), seed=0)
    path = tmp_path / "scan.tif"
    tifffile.imwrite(path, scene.volume)
    layer = viewer.open(str(path), plugin="napari")[0]
    before = path.read_bytes()
    widget.target.value = layer
    widget.write.value = True
    bar_values = []
    widget.job_bar.valueChanged.connect(bar_values.append)
    widget.auto_button.clicked()
    qtbot.waitUntil(lambda: "scan crop" in viewer.layers, timeout=180_000)
    wait_for_workers(qtbot)
    assert widget.task is not None and widget.task.kind == "sorting" and widget.task.step == 3
    assert widget.task.run["started_by"] == "napari: the CT pretext dock's Localise and crop button"
    assert {"scan heatmap", "scan box", "scan crop"} <= {l.name for l in viewer.layers}
    box = box_from_vertices(list(viewer.layers["scan box"].data), scene.volume.shape)
    if "scan wide box" in viewer.layers:  # flagged: cropped as its wide box (the default)
        box = box_from_vertices(list(viewer.layers["scan wide box"].data), scene.volume.shape)
    np.testing.assert_array_equal(np.asarray(viewer.layers["scan crop"].data), scene.volume[box.slices])
    np.testing.assert_array_equal(tifffile.imread(tmp_path / "scan_crop.tif"), scene.volume[box.slices])
    assert bar_values == sorted(bar_values) and bar_values[-1] == 1000  # one bar across the stages, never back
    assert widget.auto_button.enabled and not widget.auto_stop.enabled and path.read_bytes() == before


def test_one_click_stop_crops_nothing(make_napari_viewer, qtbot, monkeypatch):
    infos = []
    monkeypatch.setattr("napari_pretext._qt.ct_widget.show_info", infos.append)
    monkeypatch.setattr("napari_pretext._qt.ct_widget.quick_sorting_config",
                        lambda seed=0: tiny_quick().replace(epochs=50, steps_per_epoch=50))
    viewer = make_napari_viewer()
    widget = CTWidget(viewer)
    viewer.add_image(make_ct_scene((40, 48, 48), seed=1).volume, name="vol")
    widget.target.value = viewer.layers["vol"]
    widget.auto_button.clicked()
    qtbot.waitUntil(lambda: widget.job_bar.value() > 0, timeout=120_000)
    widget.auto_stop.clicked()
    wait_for_workers(qtbot)
    assert "stopped: nothing was cropped" in infos and "vol crop" not in viewer.layers
    assert widget.auto_button.enabled


def test_one_click_refuses_a_crop_file_it_cannot_write_before_training(make_napari_viewer, monkeypatch, tmp_path):
    errors = []
    monkeypatch.setattr("napari_pretext._qt.ct_widget.show_error", errors.append)
    monkeypatch.setattr("napari_pretext._qt.ct_widget.auto_crop", lambda *a, **k: pytest.fail("trained before the crop file was checked"))
    viewer = make_napari_viewer()
    widget = CTWidget(viewer)
    viewer.add_image(make_ct_scene((40, 48, 48), seed=1).volume, name="vol")
    widget.target.value = viewer.layers["vol"]
    widget.write.value = True
    widget.out.value = str(tmp_path / "vol_crop.txt")
    widget.auto_button.clicked()
    assert len(errors) == 1 and "vol_crop.tif" in errors[0]
    assert "vol crop" not in viewer.layers and list(tmp_path.iterdir()) == [] and widget.auto_button.enabled


def test_one_click_cautious_crops_the_wide_box_of_a_flagged_box(make_napari_viewer, qtbot, monkeypatch, tmp_path):
    from napari_pretext.ct.localize import Localization

    monkeypatch.setattr("napari_pretext._qt.ct_widget.quick_sorting_config", tiny_quick)
    monkeypatch.setattr(Localization, "check", property(lambda self: True))  # every box flagged
    infos = []
    monkeypatch.setattr("napari_pretext._qt.ct_widget.show_info", infos.append)
    viewer = make_napari_viewer()
    widget = CTWidget(viewer)
    volume = make_ct_scene((40, 48, 48), seed=2).volume
    viewer.add_image(volume, name="vol")
    widget.target.value = viewer.layers["vol"]
    assert widget.cautious.value  # ticked by default: a flagged box is widened unless the user says not to
    widget.write.value, widget.out.value = True, str(tmp_path / "vol_crop.tif")
    seen = []
    monkeypatch.setattr("napari_pretext._qt.ct_widget.auto_crop", spy_on(seen))
    widget.auto_button.clicked()
    qtbot.waitUntil(lambda: "vol crop" in viewer.layers, timeout=180_000)
    wait_for_workers(qtbot)
    result = seen[0]
    assert result.box == result.localization.wide_box  # flagged: its wide box
    np.testing.assert_array_equal(np.asarray(viewer.layers["vol crop"].data), volume[result.box.slices])
    np.testing.assert_array_equal(tifffile.imread(tmp_path / "vol_crop.tif"), volume[result.box.slices])
    assert any(info.startswith("cropped vol to") for info in infos)
    # the flagged box's wide box is drawn too (under the editable box, which stays the box layer)
    assert ("vol wide box" in viewer.layers) == result.widened and widget.box_layer.value is viewer.layers["vol box"]
    if result.widened:
        assert box_from_vertices(list(viewer.layers["vol wide box"].data), volume.shape) == result.box


def test_a_dry_sample_is_boxed_without_the_media_step_by_the_button_and_by_localise(make_napari_viewer, qtbot, monkeypatch):
    monkeypatch.setattr("napari_pretext._qt.ct_widget.quick_sorting_config", tiny_quick)
    viewer = make_napari_viewer()
    widget = CTWidget(viewer)
    viewer.add_image(make_ct_scene((40, 48, 48), seed=3).volume, name="vol")
    widget.target.value = viewer.layers["vol"]
    assert not widget.dry.value  # unticked: the rule looks for a liquid or gel
    widget.dry.value = True
    seen = []
    monkeypatch.setattr("napari_pretext._qt.ct_widget.auto_crop", spy_on(seen))
    widget.auto_button.clicked()
    qtbot.waitUntil(lambda: "vol crop" in viewer.layers, timeout=180_000)
    wait_for_workers(qtbot)
    assert seen[0].localization.rule.media is False
    # Localise with the model the button trained: the box follows the tick, the heatmap is reused
    for dry in (False, True):
        widget.dry.value = dry
        widget.localise_button.clicked()
        wait_for_workers(qtbot)
        assert widget.last_heatmap[3].rule.media is not dry


def spy_on(seen):
    """auto_crop, keeping what it returns."""
    from napari_pretext.ct.auto_crop import auto_crop

    def spied(*args, **kwargs):
        result = yield from auto_crop(*args, **kwargs)
        seen.append(result)
        return result

    return spied


def test_a_volume_read_from_a_tiff_cut_short_is_refused_with_why(make_napari_viewer, monkeypatch, tmp_path):
    # napari's own reader shows what it finds in such a file (here its first image): the dock says why
    errors = []
    monkeypatch.setattr("napari_pretext._qt.ct_widget.show_error", errors.append)
    monkeypatch.setattr("napari_pretext._qt.ct_widget.auto_crop", lambda *a, **k: pytest.fail("trained on a file cut short"))
    whole, cut = tmp_path / "scan.tif", tmp_path / "scan_cut.tif"
    tifffile.imwrite(whole, make_ct_scene((40, 48, 48), seed=1).volume, metadata=None)
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    viewer = make_napari_viewer()
    widget = CTWidget(viewer)
    layer = viewer.open(str(cut), plugin="napari")[0]
    widget.target.value = layer
    widget.auto_button.clicked()
    assert len(errors) == 1 and "cut short" in errors[0] and "scan_cut.tif" in errors[0], errors
    assert cut.stat().st_size == whole.stat().st_size // 2  # the file is left as it is


def test_an_ome_zarr_image_opened_in_napari_is_localised_and_cropped_at_full_resolution(make_napari_viewer, qtbot, tmp_path, monkeypatch):
    """napari's own reader opens an OME-Zarr image as a pyramid with scale 1: the dock uses its
    full-resolution level (lazily) and the voxel size the file records, as the command line does."""
    zarr = pytest.importorskip("zarr")
    ome = pytest.importorskip("ome_zarr.writer", reason="ome-zarr (the testing extra) writes the image")
    from ome_zarr.io import parse_url

    monkeypatch.setattr("napari_pretext._qt.ct_widget.quick_sorting_config", tiny_quick)
    scene = make_ct_scene((40, 48, 48), seed=2)
    path = tmp_path / "scan.ome.zarr"
    ome.write_image(image=scene.volume, group=zarr.group(store=parse_url(str(path), mode="w").store), axes="zyx", scale_factors=(2,),
                    scale={"z": 3.0, "y": 1.0, "x": 1.0})
    viewer = make_napari_viewer()
    widget = CTWidget(viewer)
    viewer.window.add_dock_widget(widget)
    layer = viewer.open(str(path), plugin="napari")[0]
    assert layer.multiscale and tuple(layer.scale) == (1.0, 1.0, 1.0)  # napari's reader: a pyramid, the scale not read
    widget.target.value = layer
    widget.write.value, widget.out.value = True, str(tmp_path / "crop.tif")
    widget.auto_button.clicked()
    qtbot.waitUntil(lambda: "scan.ome crop" in viewer.layers, timeout=180_000)
    wait_for_workers(qtbot)
    box = box_from_vertices(list(viewer.layers["scan.ome box"].data), scene.volume.shape)
    if "scan.ome wide box" in viewer.layers:  # flagged: cropped as its wide box (the default)
        box = box_from_vertices(list(viewer.layers["scan.ome wide box"].data), scene.volume.shape)
    np.testing.assert_array_equal(tifffile.imread(tmp_path / "crop.tif"), scene.volume[box.slices])
    assert read_crop_metadata(tmp_path / "crop.tif")["voxel_size"] == [3.0, 1.0, 1.0]  # the file's, not napari's default


def test_a_folder_of_slices_opened_in_napari_is_cropped_beside_the_folder(make_napari_viewer, qtbot, tmp_path, monkeypatch):
    """Reconstruction software writes one 2D TIFF per slice; napari stacks the folder (in natural
    order, as the command line does) and the crop file goes beside it, never into it."""
    scene = make_ct_scene((40, 48, 48), seed=6)
    folder = tmp_path / "rec"
    folder.mkdir()
    for i, plane in enumerate(scene.volume):
        tifffile.imwrite(folder / f"rec_{i}.tif", plane)
    monkeypatch.setattr(CTWidget, "confirm_replace", lambda self, out: True)
    viewer, widget = make_widget(make_napari_viewer)
    layer = viewer.open(str(folder), plugin="napari")[0]
    widget.actions.reset_choices()
    widget.target.value, widget.method.value = layer, "threshold"
    widget.localise_button.clicked()
    qtbot.waitUntil(lambda: "rec box" in viewer.layers, timeout=60_000)
    wait_for_workers(qtbot)
    widget.box_layer.value, widget.write.value = viewer.layers["rec box"], True
    widget.crop_button.clicked()
    qtbot.waitUntil(lambda: (tmp_path / "rec_crop.tif").is_file(), timeout=60_000)
    wait_for_workers(qtbot)
    box = box_from_vertices(list(viewer.layers["rec box"].data), scene.volume.shape)
    np.testing.assert_array_equal(tifffile.imread(tmp_path / "rec_crop.tif"), scene.volume[box.slices])
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"rec_{i}.tif" for i in range(40))  # nothing written into it


def test_a_box_running_to_one_z_face_is_shown_with_a_warning_saying_so(make_napari_viewer, monkeypatch):
    from napari_pretext.ct.box_rule import BoxRule
    from napari_pretext.ct.localize import Localization

    warnings, infos = [], []
    monkeypatch.setattr("napari_pretext._qt.ct_widget.show_warning", warnings.append)
    monkeypatch.setattr("napari_pretext._qt.ct_widget.show_info", infos.append)
    viewer = make_napari_viewer()
    widget = CTWidget(viewer)
    layer = viewer.add_image(np.zeros((24, 32, 32), np.float32), name="vol")
    loc = Localization(Box((6, 4, 4), (24, 28, 28)), np.zeros((24, 32, 32), np.float32), 1, "sorting", "the bright object",
                       BoxRule(), 1.0, wide_box=Box((6, 4, 4), (24, 28, 28)), face="bottom")
    widget.show_localization(layer, layer.data.shape, loc)
    assert infos == [] and len(warnings) == 1 and "runs to the volume's bottom face alone before its padding" in warnings[0]
    assert "vol box" in viewer.layers
    widget.padding.value = 0  # unpadded, the box shown is the one found
    widget.show_localization(layer, layer.data.shape, loc)
    assert len(warnings) == 2 and "runs to the volume's bottom face alone (" in warnings[1]
