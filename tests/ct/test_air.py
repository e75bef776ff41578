"""The air step of the guided rule (ct/air.py): a sample in air is sought above the whole volume's threshold."""

import numpy as np

from napari_pretext.ct.box_rule import BoxRule
from napari_pretext.ct.boxes import Box, top_fraction_mask

AIR = BoxRule(air=True)  # the step is off by default since round 162 (docs/ct_guide.md, "The air step off by default")


def sample_with_a_dim_end(surroundings: str = "air"):
    """(volume, hot) of a dense body with a dim end (soft tissue), in air or in a liquid-filled
    tube; the model points at the sample's voxels."""
    rng = np.random.default_rng(0)
    vol = rng.normal(0.1, 0.01, (48, 64, 64)).astype(np.float32)
    vol[14:30, 20:44, 20:44] = rng.normal(0.8, 0.03, (16, 24, 24))  # the dense body
    vol[30:38, 24:40, 24:40] = rng.normal(0.5, 0.03, (8, 16, 16))  # its dim end
    heat = rng.random(vol.shape).astype(np.float32) * 1e-3
    heat[vol > 0.3] = 1.0
    if surroundings != "air":  # "liquid": in a tube; "dense liquid": denser, with no wall to see
        r = np.hypot(*(np.mgrid[:64, :64] - 32.0))
        for z in range(4, 46):
            liquid = (r < 26) & (vol[z] < 0.2)
            vol[z][liquid] = rng.normal(0.3 if surroundings == "liquid" else 0.4, 0.01, int(liquid.sum()))
            if surroundings == "liquid":
                vol[z][(r >= 26) & (r < 28)] = 0.9  # the tube's wall
    return vol, top_fraction_mask(heat, float((heat == 1.0).mean()))


def test_a_sample_in_air_keeps_the_dim_end_the_local_threshold_cuts_off():
    # Otsu over the hot voxels (all sample) splits the dense body from its dim end; in air the
    # whole volume's threshold (air against sample) keeps both (held-out rounds 72, 79, 83).
    from napari_pretext.ct.air import in_air
    from napari_pretext.ct.guided_box import IN_AIR, explained_box_around

    vol, hot = sample_with_a_dim_end()
    assert in_air(vol, hot, AIR)
    box, how = explained_box_around(vol, hot, rule=AIR)
    assert box == Box((14, 20, 20), (38, 44, 44)) and how == IN_AIR + "the bright object the heatmap's hot region points at"
    cut, how_off = explained_box_around(vol, hot, rule=BoxRule(air=False))  # the step off: the dim end lost
    assert cut == Box((14, 20, 20), (30, 44, 44)) and not how_off.startswith(IN_AIR)
    assert explained_box_around(vol, hot) == (cut, how_off)  # the default rule: the step off
    # the air's level is a fraction of the way to the object's: with none allowed, nothing is air
    assert not in_air(vol, hot, BoxRule(air_level=1e-6))


def test_a_sample_in_a_liquid_is_not_in_air():
    # the liquid around it is what the local threshold keeps apart: the step leaves it alone
    from napari_pretext.ct.air import in_air
    from napari_pretext.ct.guided_box import IN_AIR, explained_box_around

    vol, hot = sample_with_a_dim_end("liquid")
    assert not in_air(vol, hot, AIR)
    box, how = explained_box_around(vol, hot, rule=AIR)
    assert not how.startswith(IN_AIR) and (box, how) == explained_box_around(vol, hot, rule=BoxRule(air=False))


def test_a_liquid_the_whole_volume_s_threshold_joins_to_the_sample_keeps_the_local_threshold():
    # The liquid is above that threshold with the sample, and air is around both: the step finds
    # the medium in what it gives and leaves the box to the local threshold, even with the media
    # step off (the guard is the step's own: without it the box would be the liquid's column).
    from napari_pretext.ct.air import in_air
    from napari_pretext.ct.guided_box import explained_box_around, found_box

    vol, hot = sample_with_a_dim_end("dense liquid")
    assert in_air(vol, hot, AIR)
    column = found_box(vol, hot, "the hot region", BoxRule(local_threshold=False, media=False))
    assert column.box == Box((4, 7, 7), (46, 58, 58)) and not column.in_medium
    assert found_box(vol, hot, "the hot region", BoxRule(local_threshold=False)).in_medium
    local = explained_box_around(vol, hot, rule=BoxRule(air=False))
    assert explained_box_around(vol, hot, rule=AIR) == local
    assert explained_box_around(vol, hot, rule=AIR.but(media=False)) == explained_box_around(vol, hot, rule=BoxRule(media=False, air=False))


def test_in_air_the_second_opinion_is_the_local_threshold_s_box():
    # the second opinion is the box of the other threshold: with the air step taken, the local one's
    from dataclasses import replace

    from napari_pretext.ct.localize import Localization, box_and_confidence, heatmap_box, rule_box

    vol, hot = sample_with_a_dim_end()
    heat = hot.astype(np.float32)
    rule = AIR.but(top_fraction=float(hot.mean()), other_threshold=False)
    boxed = box_and_confidence(vol, heat, rule)
    local = heatmap_box(vol, heat, rule.but(air=False))[0]
    assert boxed.box == heatmap_box(vol, heat, rule.but(local_threshold=False))[0] != local
    assert boxed.agreement == boxed.box.iou(local) < rule.agreement
    loc = Localization(boxed.box, heat, 1, "sorting", boxed.how, rule, 1.0, agreement=0.5)
    assert loc.in_air and loc.check and loc.second_opinion_words.startswith("with its local threshold the rule finds another box")
    # with the rule's other_threshold (the default) the two disagreeing, the local threshold's box is
    # taken: here it splits the sample at its dim end, the air step's case undone (the step is off by default)
    taken = box_and_confidence(vol, heat, rule.but(other_threshold=True))
    assert taken.box == local and (taken.how, taken.confidence, taken.agreement) == (boxed.how, boxed.confidence, boxed.agreement)
    assert taken.wide == boxed.wide.hull(local)  # the wide box (the cautious crop) holds the box taken too
    assert rule_box(vol, heat, rule.but(other_threshold=True)) == (local, taken.how) and rule_box(vol, heat, rule)[0] == boxed.box
    loc = Localization(taken.box, heat, 1, "sorting", taken.how, rule.but(other_threshold=True), 1.0, agreement=taken.agreement)
    assert loc.second_taken and loc.check and loc.cautious_box == loc.box  # no wide box given here
    assert loc.second_opinion_words.startswith("the box is the rule's with its local threshold: without it, the rule found another")
    assert loc.record()["second_opinion_taken"] is True and "second_opinion_taken" not in replace(loc, agreement=0.9).record()
    assert not Localization(boxed.box, heat, 1, "sorting", "the bright object", rule, 1.0, agreement=0.5).in_air


def test_the_air_step_s_answer_is_kept_for_the_boxes_of_one_volume():
    # the box, its confidence and its opinions ask again for the same volume: the median is taken once
    from napari_pretext.ct.air import in_air

    vol, hot = sample_with_a_dim_end()
    cache = {}
    assert in_air(vol, hot, AIR, cache=cache) == in_air(vol, hot, AIR)
    assert "air: median objects" in cache and len(cache) == 2
    cache["air: median objects"] = (np.zeros_like(vol), np.zeros(vol.shape, np.int32), 0)  # no object: not in air ...
    assert in_air(vol, hot, AIR, cache=cache)  # ... but this hot region's answer is kept
    assert not in_air(vol, ~hot, AIR, cache=cache)  # another region's is not: it reads the (emptied) median
    assert not in_air(vol, hot, BoxRule(air_level=1e-6), cache=cache)  # nor another rule's


def liquid_column(shape, level: float, noise: float, sample: float):
    """(volume, object) of a sample (24^2 x 16 voxels) in a column of liquid (radius 26, slices
    4-45) in air (0.1); the liquid's noise wide, as its edges make it under the whole volume's
    threshold (cupping, the wall's blur)."""
    rng = np.random.default_rng(0)
    vol = rng.normal(0.1, 0.01, shape).astype(np.float32)
    c = shape[1] // 2
    r = np.hypot(*(np.mgrid[: shape[1], : shape[2]] - float(c)))
    obj = np.zeros(shape, bool)
    for z in range(4, 46):
        vol[z][r < 26] = rng.normal(level, noise, int((r < 26).sum()))
        obj[z] = r < 26
    vol[14:30, c - 12:c + 12, c - 12:c + 12] = rng.normal(sample, 0.03, (16, 24, 24))
    return vol, obj


def test_a_liquid_s_mode_is_told_from_a_dry_sample_s_tissue():
    # round 127: a liquid's mode under the whole volume's threshold is wider than the media
    # step's flatness allows; at twice that it is found. A dry sample's tissue is a narrow mode
    # too, but near its bright level: above the ceiling.
    from napari_pretext.ct.air import holds_a_liquid

    vol, column = liquid_column((48, 64, 64), 0.2, 0.1, 0.6)
    assert holds_a_liquid(vol, column, BoxRule())
    assert not holds_a_liquid(vol, column, BoxRule(air_flatness=1.0))  # the media step's own flatness misses it
    assert not holds_a_liquid(vol, column, BoxRule(air_ceiling=0.1))
    rng = np.random.default_rng(0)
    dry = rng.normal(0.1, 0.01, (48, 64, 64)).astype(np.float32)
    dry[14:30, 20:44, 20:44] = rng.normal(0.8, 0.03, (16, 24, 24))
    assert not holds_a_liquid(dry, dry > 0.4, BoxRule())
    assert holds_a_liquid(dry, dry > 0.4, BoxRule(air_ceiling=1.0))
    assert not holds_a_liquid(dry, np.zeros(dry.shape, bool), BoxRule())


def test_a_liquid_column_the_media_step_misses_is_not_taken_for_air():
    # The column passes the air test (air all around it); the media step finds no medium in it
    # (its mode too wide), so the air step used to box the column, here far larger than the hot
    # region (the fallback). The guard leaves the box to the local threshold.
    from napari_pretext.ct.air import in_air
    from napari_pretext.ct.guided_box import IN_AIR, explained_box_around

    vol, _ = liquid_column((48, 128, 128), 0.35, 0.2, 0.9)
    heat = np.random.default_rng(1).random(vol.shape).astype(np.float32) * 1e-3
    heat[14:30, 52:76, 52:76] = 1.0
    hot = top_fraction_mask(heat, float((heat == 1.0).mean()))
    assert in_air(vol, hot, AIR)
    box, how = explained_box_around(vol, hot, rule=AIR)
    assert not how.startswith(IN_AIR) and box == explained_box_around(vol, hot, rule=BoxRule(air=False))[0]
    assert box.start[1:] == (52, 51) and box.stop[1] == 76  # the sample: 52-76 across (y, x)
    unguarded = explained_box_around(vol, hot, rule=AIR.but(air_flatness=1.0))[1]
    assert unguarded.startswith(IN_AIR)
