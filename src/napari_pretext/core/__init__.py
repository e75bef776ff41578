"""The engine both pipelines share: training loop and events, the task base class, configs' base,
checkpoints, devices, errors, safe outputs and image IO. Imports neither napari nor Qt, nor either pipeline."""
