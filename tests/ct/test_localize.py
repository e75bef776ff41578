import numpy as np
import pytest
import torch

from napari_pretext.core.engine import run_training
from napari_pretext.core.errors import PretextInputError
from napari_pretext.core.events import Progress, drain
from napari_pretext.ct.boxes import Box
from napari_pretext.ct.localize import localize, padding_voxels, profile_interval, rebox
from napari_pretext.ct.model_heatmaps import embedding_uncertainty, superpixel_model
from napari_pretext.ct.rotation_task import RotationConfig, RotationTask
from napari_pretext.ct.scene import make_ct_scene
from napari_pretext.ct.sorting import SortingConfig, SortingTask


def result_of(gen):
    """Drain a localisation generator; return (events, returned value)."""
    events = []
    return events, drain(gen, events.append)


def test_threshold_baseline_on_a_clean_scene():
    scene = make_ct_scene((40, 64, 64), seed=1, tube=False, rod=False, rings=0, specks=0, noise=0.01)
    # between the background (at most 0.195 of full scale) and the sample (at least 0.28)
    _, loc = result_of(localize(scene.volume, "threshold", max_side=64, threshold=0.16 * 60000))
    err = np.abs(np.array(loc.box.start + loc.box.stop) - np.array(scene.box.start + scene.box.stop))
    assert err.max() <= 3 and loc.factor == 1 and loc.heatmap.shape == scene.volume.shape
    assert loc.how == "the largest region above the threshold 9600"
    with pytest.raises(PretextInputError, match="box rule"):
        result_of(localize(scene.volume, "threshold", box_rule="largest"))


def test_padding_is_one_length_on_every_axis_when_the_voxel_size_is_known():
    assert padding_voxels(4) == (4, 4, 4) and padding_voxels(0, (4.0, 1.0, 1.0)) == (0, 0, 0)
    assert padding_voxels(4, (4.0, 1.0, 1.0)) == (1, 4, 4) and padding_voxels(4, (3.0, 1.0, 1.0)) == (2, 4, 4)
    assert padding_voxels(1, (4.0, 1.0, 1.0)) == (1, 1, 1)  # never none on an axis when asked for
    scene = make_ct_scene((40, 64, 64), seed=1, tube=False, rod=False, rings=0, specks=0, noise=0.01)
    locs = [result_of(localize(scene.volume, "threshold", max_side=64, threshold=0.16 * 60000, padding=p, spacing=s))[1]
            for p, s in ((0, (4.0, 1.0, 1.0)), (4, (4.0, 1.0, 1.0)), (4, None))]
    boxes = [loc.box for loc in locs]
    grown = [np.subtract(b.stop, b.start) - np.subtract(boxes[0].stop, boxes[0].start) for b in boxes[1:]]
    assert grown[0].tolist() == [2, 8, 8] and grown[1].tolist() == [8, 8, 8]
    # the box file says what was added, so the box the rule found can be told from its padding
    assert "padding_voxels" not in locs[0].record()
    assert locs[1].record()["padding_voxels"] == [1, 4, 4] and locs[2].record()["padding_voxels"] == [4, 4, 4]


def test_sorting_heatmap_has_the_volume_shape_and_reports_progress():
    scene = make_ct_scene((40, 48, 48), seed=0)
    task = SortingTask(SortingConfig(encoder="resnet18", batch_size=6, patch_size=32, steps_per_epoch=2, max_side=48, axes=("z", "y", "x")))
    task.set_data([scene.volume])
    list(run_training(task, 1))
    events, loc = result_of(localize(scene.volume, "sorting", task, passes=3, padding=2))
    assert loc.heatmap.shape == scene.volume.shape and loc.heatmap.min() >= 0
    assert all(isinstance(e, Progress) for e in events) and events[-1].done == events[-1].total == 40 + 48 + 48
    assert not task.model.backbone.mc_dropout  # switched off again
    # the dropout masks are seeded: the same heatmap again, and the padding is 2 voxels a side
    _, bare = result_of(localize(scene.volume, "sorting", task, passes=3, padding=0))
    np.testing.assert_array_equal(bare.heatmap, loc.heatmap)
    assert loc.box == bare.box.pad(2, scene.volume.shape) != bare.box


@pytest.mark.parametrize("passes", [1, 0, 2.5])
def test_fewer_than_two_mc_passes_is_refused_before_any_work(passes):
    # one pass has no spread: the variance is NaN and the rule used to fail with a bare
    # ValueError (argmax of an empty sequence); no task is needed to be refused
    scene = make_ct_scene((16, 32, 32), seed=0)
    with pytest.raises(PretextInputError, match="passes must be a whole number >= 2"):
        result_of(localize(scene.volume, "sorting", None, passes=passes))


def test_finer_superpixels_use_a_dilated_copy_with_the_same_weights():
    task = SortingTask(SortingConfig(encoder="resnet18", batch_size=4, patch_size=64, axes=("z",)))
    fine = superpixel_model(task, 8)
    x = torch.rand(2, 1, 64, 64, device=task.device)
    task.model.eval(), fine.eval()
    assert task.model.backbone(x).shape[-2:] == (2, 2) and fine.backbone(x).shape[-2:] == (8, 8)
    assert all(torch.equal(a, b) for a, b in zip(task.model.state_dict().values(), fine.state_dict().values()))
    assert superpixel_model(task, 32) is task.model
    with pytest.raises(PretextInputError, match="stride must be 8, 16 or 32"):
        superpixel_model(task, 4)


def test_relative_uncertainty_discounts_large_activations():
    # two superpixels with the same relative spread, one 10x larger: plain variance ranks the
    # large one 100x higher, the relative statistic ranks them equal
    spread = torch.tensor([0.9, 1.1, 0.8, 1.2]).view(4, 1, 1, 1, 1)
    samples = torch.cat([spread, 10 * spread], dim=-1)  # (T=4, B=1, C=1, h=1, w=2)
    var = embedding_uncertainty(samples, "variance")[0, 0, 0]
    rel = embedding_uncertainty(samples, "relative")[0, 0, 0]
    assert var[1] / var[0] == pytest.approx(100, rel=1e-4)
    assert rel[1] / rel[0] == pytest.approx(1.0, rel=1e-2)
    with pytest.raises(PretextInputError, match="statistic"):
        embedding_uncertainty(samples, "entropy")


def test_sorting_heatmap_at_stride_8_keeps_the_volume_shape():
    scene = make_ct_scene((24, 40, 40), seed=2)
    task = SortingTask(SortingConfig(encoder="resnet18", batch_size=6, patch_size=32, steps_per_epoch=1, max_side=40))
    task.set_data([scene.volume])
    list(run_training(task, 1))
    events, loc = result_of(localize(scene.volume, "sorting", task, passes=2, stride=8))
    assert loc.heatmap.shape == scene.volume.shape and events[-1].total == 24  # slices along the trained axis only
    assert np.isfinite(loc.heatmap).all()


def test_rotation_localisation_gives_a_box_inside_the_volume():
    scene = make_ct_scene((40, 48, 48), seed=0)
    task = RotationTask(RotationConfig(encoder="resnet18", batch_size=4, patch_size=32, steps_per_epoch=2, max_side=48, angle_step=90))
    task.set_data([scene.volume])
    list(run_training(task, 1))
    for rule in ("top", "guided"):
        _, loc = result_of(localize(scene.volume, "rotation", task, box_rule=rule))
        assert "certain" in loc.how  # the box comes from the certain slices
        if rule == "top":  # the longest run of certain slices along each axis: read back from the
            # heatmap, the product of the three certainty profiles (factor 1 here)
            runs = [profile_interval(loc.heatmap.sum(axis=tuple(a for a in range(3) if a != axis))) for axis in range(3)]
            assert loc.factor == 1 and loc.box == Box(tuple(r[0] for r in runs), tuple(r[1] for r in runs))


def test_profile_interval_and_wrong_model():
    profile = np.r_[np.full(10, 0.1), np.full(6, 0.9), np.full(10, 0.1)]
    assert profile_interval(profile, smooth=0) == (10, 16)
    with pytest.raises(PretextInputError, match="needs a sorting pretext model"):
        result_of(localize(np.zeros((16, 16, 16)), "sorting", None))
    with pytest.raises(PretextInputError, match="not a 3D"):
        result_of(localize(np.zeros((16, 16)), "threshold"))


def test_sorting_heatmap_is_reproducible():
    scene = make_ct_scene((24, 40, 40), seed=2)
    task = SortingTask(SortingConfig(encoder="resnet18", batch_size=6, patch_size=32, steps_per_epoch=1, max_side=40))
    heats = [result_of(localize(scene.volume, "sorting", task, passes=3))[1].heatmap for _ in range(2)]
    torch.manual_seed(5)
    expected = torch.rand(3)
    torch.manual_seed(5)
    result_of(localize(scene.volume, "sorting", task, passes=3))
    assert np.array_equal(heats[0], heats[1]) and torch.equal(torch.rand(3), expected)  # global RNG untouched


def test_rebox_gives_each_rule_s_box_from_one_heatmap():
    scene = make_ct_scene((36, 64, 64), seed=3)
    task = SortingTask(SortingConfig(encoder="resnet18", batch_size=6, patch_size=32, steps_per_epoch=1, max_side=32))
    locs = {rule: result_of(localize(scene.volume, "sorting", task, passes=3, padding=1, box_rule=rule))[1] for rule in ("guided", "top")}
    assert locs["top"].factor == 2 and locs["top"].box != locs["guided"].box
    for rule, other in (("guided", "top"), ("top", "guided")):
        again = rebox(scene.volume, locs[other], box_rule=rule, padding=1)
        assert again.box == locs[rule].box and again.how == locs[rule].how and again.heatmap is locs[other].heatmap
    with pytest.raises(PretextInputError, match="does not belong to this volume"):
        rebox(scene.volume[:, :40], locs["top"])
    threshold = result_of(localize(scene.volume, "threshold", max_side=32))[1]
    with pytest.raises(PretextInputError, match="only a sorting heatmap"):
        rebox(scene.volume, threshold)


def test_the_wide_box_holds_the_boxes_of_half_and_twice_the_top_fraction():
    from dataclasses import replace

    from napari_pretext.ct.box_rule import BoxRule
    from napari_pretext.ct.guided_box import IN_AIR
    from napari_pretext.ct.localize import box_and_confidence, heatmap_box, media_opinion, second_opinion

    scene = make_ct_scene((36, 64, 64), seed=3)
    task = SortingTask(SortingConfig(encoder="resnet18", batch_size=6, patch_size=32, steps_per_epoch=1, max_side=32))
    loc = result_of(localize(scene.volume, "sorting", task, passes=3, padding=1))[1]
    assert loc.wide_box is not None and loc.record()["wide_box"] == loc.wide_box.to_dict()
    # the wide box in the downscaled volume: the smallest box around the three boxes
    small, heat, rule = scene.volume[::2, ::2, ::2].astype(np.float32), np.random.default_rng(0).random((18, 32, 32)), BoxRule()
    boxed = box_and_confidence(small, heat, rule)
    boxes = [boxed.box] + [heatmap_box(small, heat, rule.but(top_fraction=f * rule.top_fraction))[0] for f in (0.5, 2.0)]
    in_air = boxed.how.startswith(IN_AIR)  # and the box of the other threshold: without the local one, or with it in air
    second = second_opinion(small, heat, rule, in_air=in_air)
    assert second == heatmap_box(small, heat, rule.but(air=False) if in_air else rule.but(local_threshold=False))[0]
    assert boxed.wide.start == tuple(min(b.start[i] for b in boxes) for i in range(3))
    assert boxed.wide.stop == tuple(max(b.stop[i] for b in boxes) for i in range(3))
    assert boxed.confidence == min(boxed.box.iou(b) for b in boxes[1:]) and boxed.agreement == boxed.box.iou(second)
    assert second_opinion(small, heat, rule.but(local_threshold=False)) is None and second_opinion(small, heat, rule.but(name="top")) is None
    third = media_opinion(small, heat, rule)  # and the box without the media step
    assert third == heatmap_box(small, heat, rule.but(media=False))[0] and boxed.media_agreement == boxed.box.iou(third)
    assert media_opinion(small, heat, rule.but(media=False)) is None and media_opinion(small, heat, rule.but(name="top")) is None
    # the cautious box: the wide one only for a box to check by hand
    sure, unsure = replace(loc, confidence=1.0), replace(loc, confidence=0.0)
    assert sure.cautious_box == loc.box and unsure.cautious_box == loc.wide_box
    assert replace(loc, confidence=0.0, wide_box=None).cautious_box == loc.box  # threshold boxes have none


def test_a_box_running_to_one_z_face_alone_is_checked_by_hand():
    from dataclasses import replace

    from napari_pretext.ct.box_rule import BoxRule
    from napari_pretext.ct.localize import Localization, box_and_confidence, one_z_face

    shape = (24, 64, 64)
    assert one_z_face(Box((3, 0, 0), (20, 64, 64)), shape) is None  # in view: ends before both faces
    assert one_z_face(Box((0, 5, 5), (24, 40, 40)), shape) is None  # crossing the field of view: both
    assert one_z_face(Box((0, 5, 5), (12, 40, 40)), shape) == "top"
    assert one_z_face(Box((6, 5, 5), (24, 40, 40)), shape) == "bottom"
    loc = Localization(Box((6, 5, 5), (24, 40, 40)), np.zeros(shape), 1, "sorting", "the bright object", BoxRule(), 1.0)
    assert not loc.check and "runs_to_face" not in loc.record()
    at_face = replace(loc, face="bottom")
    assert at_face.check and not at_face.unstable and at_face.record()["runs_to_face"] == "bottom"
    # box_and_confidence says it of its box: a stable box (confidence 1) of a block that goes on
    # through the bottom face is flagged all the same
    small = np.zeros(shape, np.float32)
    small[8:24, 20:44, 20:44] = 1.0
    heat = np.zeros(shape, np.float32)
    heat[8:24, 16:48, 16:48] = 1.0
    boxed = box_and_confidence(small, heat, BoxRule())
    assert boxed.box == Box((8, 20, 20), (24, 44, 44)) and boxed.confidence == 1.0 and boxed.face == "bottom"


def test_a_box_its_rule_finds_otherwise_without_the_local_threshold_is_checked_by_hand():
    from dataclasses import replace

    from napari_pretext.ct.box_rule import BoxRule
    from napari_pretext.ct.localize import Localization

    loc = Localization(Box((6, 5, 5), (20, 40, 40)), np.zeros((24, 64, 64)), 1, "sorting", "the bright object", BoxRule(), 1.0)
    assert not loc.check and not loc.disagrees and "agreement" not in loc.record()  # no second opinion: nothing said
    agreeing, disagreeing = replace(loc, agreement=0.8), replace(loc, agreement=0.5)
    assert not agreeing.check and agreeing.record()["agreement"] == 0.8 and agreeing.second_opinion_words == ""
    assert disagreeing.check and disagreeing.disagrees and not disagreeing.unstable
    assert "without its local threshold" in disagreeing.second_opinion_words and "0.50" in disagreeing.second_opinion_words
    assert not replace(disagreeing, rule=BoxRule(agreement=0.4)).check  # the rule's own threshold


def test_a_box_its_rule_finds_otherwise_without_the_media_step_is_checked_by_hand():
    from dataclasses import replace

    from napari_pretext.ct.box_rule import BoxRule
    from napari_pretext.ct.localize import Localization

    loc = Localization(Box((6, 5, 5), (20, 40, 40)), np.zeros((24, 64, 64)), 1, "sorting", "the object that a uniform medium holds",
                       BoxRule(), 1.0, agreement=0.9)
    assert not loc.check and "media_agreement" not in loc.record()
    agreeing, disagreeing = replace(loc, media_agreement=0.75), replace(loc, media_agreement=0.3)
    assert not agreeing.check and agreeing.record()["media_agreement"] == 0.75 and agreeing.second_opinion_words == ""
    assert disagreeing.check and disagreeing.disagrees and not disagreeing.unstable
    words = disagreeing.second_opinion_words
    assert "without its media step" in words and "0.30" in words and "local threshold" not in words
    both = replace(disagreeing, agreement=0.5).second_opinion_words  # each opinion that differs is named
    assert "without its local threshold" in both and "without its media step" in both
    assert not replace(disagreeing, rule=BoxRule(agreement=0.2)).check  # the rule's own threshold, the same for both


def test_an_unstable_box_of_the_media_step_is_set_aside_for_a_stable_one_without_it(monkeypatch):
    # the boxes each rule itself gives are set here (one_rule_box): what is tested is the choice
    from napari_pretext.ct import localize as loc_module
    from napari_pretext.ct.box_rule import BoxRule
    from napari_pretext.ct.guided_box import A_MEDIUM, CHECK_BY_HAND

    grain, other_grain, sample = Box((10, 10, 10), (14, 14, 14)), Box((20, 20, 20), (24, 24, 24)), Box((4, 4, 4), (30, 30, 30))
    held = f"the object that {A_MEDIUM} holds, in the bright object the heatmap's hot region points at"

    def with_boxes(media_box_elsewhere, without_box_elsewhere, without_how="the bright object the heatmap's hot region points at",
                   media_how=held, without_box=sample):
        def one_rule_box(small, heat, rule, spacing=None, cache=None):
            at_own = abs(rule.top_fraction - BoxRule().top_fraction) < 1e-12
            if rule.media:
                return (grain if at_own else media_box_elsewhere), media_how
            return (without_box if at_own else without_box_elsewhere), without_how
        monkeypatch.setattr(loc_module, "one_rule_box", one_rule_box)

    small, heat, rule = np.zeros((32, 32, 32), np.float32), np.zeros((32, 32, 32), np.float32), BoxRule()
    with_boxes(other_grain, sample)  # the grain's box jumps at half and twice the fraction; the sample's holds
    box, how = loc_module.heatmap_box(small, heat, rule)
    assert box == sample and how.endswith("the media step's box being unstable (a sample's own uniform part taken for a medium?)")
    assert loc_module.heatmap_box(small, heat, rule.but(media_fallback=False))[0] == grain
    assert loc_module.heatmap_box(small, heat, rule.but(media_sure_without=1.5))[0] == grain  # the rule's own thresholds
    assert loc_module.heatmap_box(small, heat, rule.but(media_unsure=1e-6))[0] == sample  # stability 0 is under any
    with_boxes(grain, sample)  # the media step's box stable: kept
    assert loc_module.heatmap_box(small, heat, rule) == (grain, held)
    with_boxes(other_grain, other_grain)  # the box without it no surer: kept
    assert loc_module.heatmap_box(small, heat, rule)[0] == grain
    with_boxes(other_grain, sample, without_how="the heatmap's hot region (no bright object): " + CHECK_BY_HAND)  # it fell back
    assert loc_module.heatmap_box(small, heat, rule)[0] == grain
    with_boxes(other_grain, sample, media_how="the bright object the heatmap's hot region points at")  # no medium: no fallback
    assert loc_module.heatmap_box(small, heat, rule)[0] == grain
    floor = Box((12, 2, 2), (15, 30, 30))  # stable, but holding half the grain's box: another object (round 152)
    with_boxes(other_grain, floor, without_box=floor)
    assert loc_module.heatmap_box(small, heat, rule)[0] == grain
    assert loc_module.heatmap_box(small, heat, rule.but(media_inside=0.2))[0] == floor
