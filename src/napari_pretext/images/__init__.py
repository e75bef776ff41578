"""The 2D image pipeline: restoration pretext (organoid paper), segmentation fine-tuning from
painted labels, tiled prediction, objects and metrics, the organoid demo; its headless API is
``napari_pretext.images.api`` (the CT volume pipeline, its peer, is ``napari_pretext.ct``)."""
