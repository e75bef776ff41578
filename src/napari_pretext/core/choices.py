"""The closed sets of option values that configs, the CLI and the widgets share.

Kept free of torch so that ``napari-pretext --help`` and config validation load in a blink;
the modules that use them (``losses``, ``device``, ``models``, ``ct.models``) import them here.
"""

DEVICES = ("auto", "cpu", "cuda", "mps")
RESTORATION_LOSSES = ("ssim", "ssim_l1")
SEGMENTATION_LOSSES = ("bce", "dice", "iou")
COMMON_ENCODERS = ("resnet18", "resnet34", "resnet50", "resnet101")
ROTATION_HEADS = ("spatial", "pooled")  # spatial: the head sees both feature maps on a 4x4 grid
HEAT_STATISTICS = ("relative", "variance")  # sorting heatmap: relative to the squared mean, or the paper's variance
LABEL_MODES = ("dense", "scribbles")  # dense: 0 background, >0 object; scribbles: 0 unlabelled, 1 background, 2 object
SLICE_AXES = ("z", "y", "x")  # the axes of a (Z, Y, X) volume a CT pretext slices along
# CT volume files (ct/volume_files.py reads them; the CLI's help names them)
HDF5_SUFFIXES = (".h5", ".hdf5", ".hdf", ".nxs")
VOLUME_SUFFIXES = (".tif", ".tiff", ".zarr", *HDF5_SUFFIXES)
