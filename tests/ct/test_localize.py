import numpy as np
import pytest

from napari_pretext.ct.localize import localize, profile_interval
from napari_pretext.ct.rotation_task import RotationConfig, RotationTask
from napari_pretext.ct.scene import make_ct_scene
from napari_pretext.ct.sorting import SortingConfig, SortingTask
from napari_pretext.engine import run_training
from napari_pretext.errors import PretextInputError
from napari_pretext.events import Progress


def result_of(gen):
    """Drain a localisation generator; return (events, returned value)."""
    events = []
    while True:
        try:
            events.append(next(gen))
        except StopIteration as stop:
            return events, stop.value


def test_threshold_baseline_on_a_clean_scene():
    scene = make_ct_scene((40, 64, 64), seed=1, tube=False, rod=False, rings=0, specks=0, noise=0.01)
    # between the background (at most 0.195 of full scale) and the sample (at least 0.28)
    _, loc = result_of(localize(scene.volume, "threshold", max_side=64, threshold=0.16 * 60000))
    err = np.abs(np.array(loc.box.start + loc.box.stop) - np.array(scene.box.start + scene.box.stop))
    assert err.max() <= 3 and loc.factor == 1 and loc.heatmap.shape == scene.volume.shape


def test_sorting_heatmap_has_the_volume_shape_and_reports_progress():
    scene = make_ct_scene((40, 48, 48), seed=0)
    task = SortingTask(SortingConfig(encoder="resnet18", batch_size=6, patch_size=32, steps_per_epoch=2, max_side=48, axes=("z", "y", "x")))
    task.set_data([scene.volume])
    list(run_training(task, 1))
    events, loc = result_of(localize(scene.volume, "sorting", task, passes=3, padding=2))
    assert loc.heatmap.shape == scene.volume.shape and loc.heatmap.min() >= 0
    assert all(isinstance(e, Progress) for e in events) and events[-1].done == events[-1].total == 40 + 48 + 48
    loc.box.validate(scene.volume.shape)
    assert not task.model.backbone.mc_dropout  # switched off again


def test_rotation_localisation_gives_a_box_inside_the_volume():
    scene = make_ct_scene((40, 48, 48), seed=0)
    task = RotationTask(RotationConfig(encoder="resnet18", batch_size=4, patch_size=32, steps_per_epoch=2, max_side=48, angle_step=90))
    task.set_data([scene.volume])
    list(run_training(task, 1))
    _, loc = result_of(localize(scene.volume, "rotation", task))
    loc.box.validate(scene.volume.shape)


def test_profile_interval_and_wrong_model():
    profile = np.r_[np.full(10, 0.1), np.full(6, 0.9), np.full(10, 0.1)]
    assert profile_interval(profile, smooth=0) == (10, 16)
    with pytest.raises(PretextInputError, match="needs a sorting pretext model"):
        result_of(localize(np.zeros((16, 16, 16)), "sorting", None))
    with pytest.raises(PretextInputError, match="not a 3D"):
        result_of(localize(np.zeros((16, 16)), "threshold"))
