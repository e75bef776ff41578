"""The docks' forms are made from the configs (_qt/options.py): untouched, each gives its config's defaults."""

from napari_pretext._qt.ct_widget import CTWidget
from napari_pretext._qt.restoration_widget import RestorationWidget
from napari_pretext._qt.segmentation_widget import SegmentationWidget
from napari_pretext.ct.configs import RotationConfig, SortingConfig
from napari_pretext.images.configs import RestorationConfig, SegmentationConfig
from napari_pretext.settings import SETTINGS


def test_every_dock_starts_at_its_configs_defaults(make_napari_viewer):
    viewer = make_napari_viewer()
    assert RestorationWidget(viewer).config(1) == RestorationConfig()
    segmentation = SegmentationWidget(viewer)
    assert segmentation.config(1) == SegmentationConfig()
    assert segmentation.unfreeze_after.tooltip == SETTINGS["unfreeze_after"].help  # help written once too
    ct = CTWidget(viewer)
    assert ct.config() == SortingConfig()
    ct.pretext.value = "rotation"  # its own learning rate (and the rest of its defaults)
    assert ct.config() == RotationConfig()
