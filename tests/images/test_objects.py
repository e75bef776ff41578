import numpy as np
import pytest

from napari_pretext.images.objects import label_objects, object_scores, object_table


def test_separate_blobs_get_their_own_labels():
    mask = np.zeros((20, 20), np.uint8)
    mask[2:6, 2:6] = 1  # 16 px
    mask[10:18, 10:18] = 1  # 64 px
    mask[6, 6] = 1  # touches the first blob diagonally: same object (8-connected)
    labels = label_objects(mask)
    assert labels.dtype == np.uint32 and labels.shape == mask.shape
    assert set(np.unique(labels)) == {0, 1, 2}
    assert labels[6, 6] == labels[2, 2] != labels[12, 12]
    assert np.array_equal(labels > 0, mask > 0)


def test_specks_below_min_size_are_dropped_and_ids_stay_consecutive():
    mask = np.zeros((20, 20), np.uint8)
    mask[0, 0] = 1  # a 1-px speck, first in scan order
    mask[5:10, 5:10] = 1
    mask[12:19, 12:19] = 1
    labels = label_objects(mask, min_size=4)
    assert labels[0, 0] == 0
    assert set(np.unique(labels)) == {0, 1, 2}


def test_stack_is_split_per_slice_with_ids_unique_over_the_stack():
    mask = np.zeros((2, 10, 10), np.uint8)
    mask[:, 2:5, 2:5] = 1  # the same place in both slices: two objects, not one tube
    mask[1, 7:9, 7:9] = 1
    labels = label_objects(mask)
    assert labels[0, 3, 3] == 1 and labels[1, 3, 3] == 2 and labels[1, 8, 8] == 3
    assert labels.max() == 3


def test_the_input_mask_is_not_modified_and_bad_shapes_are_refused():
    mask = np.zeros((8, 8), np.uint8)
    mask[1:3, 1:3] = 1
    before = mask.copy()
    label_objects(mask, min_size=10)
    assert np.array_equal(mask, before)
    with pytest.raises(ValueError, match="mask"):
        label_objects(np.zeros(5))


def two_touching_discs() -> np.ndarray:
    yy, xx = np.mgrid[:40, :60]
    return (((yy - 20) ** 2 + (xx - 18) ** 2 < 12**2) | ((yy - 20) ** 2 + (xx - 40) ** 2 < 12**2)).astype(np.uint8)


def test_split_distance_separates_touching_objects_along_the_neck():
    mask = two_touching_discs()
    assert label_objects(mask).max() == 1  # connected components merge them
    labels = label_objects(mask, split_distance=6)
    assert labels.max() == 2 and np.array_equal(labels > 0, mask > 0)
    assert labels[20, 12] != labels[20, 46]  # the discs' centres end up in different objects


def test_split_keeps_objects_too_small_for_a_seed():
    mask = two_touching_discs()
    mask[2, 2] = 1  # a 1-px object: no distance peak survives min_distance, it still gets a label
    assert label_objects(mask, split_distance=6).max() == 3
    assert label_objects(mask, split_distance=6, min_size=2).max() == 2


def test_object_scores_reads_a_one_valued_mask_as_objects_and_several_values_as_instances():
    mask = two_touching_discs() * 255  # one positive value: split into connected objects (here 1)
    instances = label_objects(two_touching_discs(), split_distance=6)  # two ids: taken as they are
    assert object_scores([mask], [mask])["object_f1"] == 1.0
    split = object_scores([mask], [instances], split_distance=6)
    assert split["objects_true"] == 2 and split["object_f1"] == 1.0
    merged = object_scores([mask], [instances])  # one merged object against two true ones
    assert merged["objects_predicted"] == 1 and merged["object_recall"] <= 0.5


def test_object_table_has_one_row_per_object_with_area_and_centroid():
    mask = np.zeros((2, 10, 12), np.uint8)
    mask[0, 1:3, 1:4] = 1  # 6 px, centre (1.5, 2)
    mask[1, 5:9, 6:10] = 1  # 16 px, centre (6.5, 7.5)
    table = object_table(label_objects(mask))
    assert list(table["label"]) == [1, 2] and list(table["area_px"]) == [6, 16]
    assert list(table["slice"]) == [0, 1] and list(table["y"]) == [1.5, 6.5] and list(table["x"]) == [2, 7.5]
    assert set(object_table(label_objects(mask[0]))) == {"label", "area_px", "y", "x"}
