"""Scene families for the box rules, and a cache of each scene's sorting heatmap.

Painted families come from ``ct/scene.py`` (the generator the guided rule was first chosen on);
simulated ones from ``ct/tomography.py`` (projected and reconstructed, held-out family last).
Each scene holds a real sample: the shared embryo CT or banana MRI, alternating, except in the
filled-tube and held-out families, whose samples come from packages on the registry (``pip install
napari-pretext[bench]``): the ICBM 2009c head MRI template that nilearn ships and an
anisotropic head MRI that dipy ships (4 x 4 x 5 mm voxels); from round 110 on also two real
X-ray CT volumes that spam (Software for the Practical Analysis of Materials, GPL-3.0) ships in its
wheel: a concrete cylinder and a block of snow (100^3, binned 16x), read from the wheel, which
is downloaded from the registry without its dependencies (``pip download spam==0.9.1 --no-deps``)
and never installed. For each, a
sorting model is trained on the scene alone with the one click's quick schedule and its raw
MC-dropout heatmap (no smoothing) is stored with the downscaled volume and the truth, so box
rules can be compared, ablated and tuned in seconds (``localize_eval.py --families``).

    python benchmarks/ct_families.py --seeds 0 1 2 3 [--families ...] [--cache DIR]
"""

from __future__ import annotations

import argparse
import io
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import tifffile

from _common import ROOT, SHARED_DATA, hardware
from napari_pretext.ct.boxes import Box
from napari_pretext.ct.scene import CTScene, extract_sample, make_ct_scene
from napari_pretext.ct.tomography import FAMILIES as SIMULATED
from napari_pretext.ct.tomography import sample_from_volume, simulate_tomography

SAMPLES = ("embryo_256.tif", "banana_mri_stack.tif")
# NIfTI files inside installed packages: (package, path inside it)
PACKAGE_SAMPLES = {"icbm152_t1": ("nilearn", "datasets/data/mni_icbm152_t1_tal_nlin_sym_09a_converted.nii.gz"),
                   "dipy_aniso_vox": ("dipy", "data/files/aniso_vox.nii.gz")}
# real X-ray CT volumes (TIFF) inside a wheel on the registry: (requirement, path inside the wheel)
WHEEL_SAMPLES = {"concrete_xray": ("spam==0.9.1", "spam/data/concrete/concrete_x-ray-bin16.tif"),
                 "snow_xray": ("spam==0.9.1", "spam/data/snow/snow.tif")}
FAMILY_SAMPLES = {"filled_tube": tuple(PACKAGE_SAMPLES), "gel_block": (*PACKAGE_SAMPLES, *SAMPLES),
                  "tilted_filled_tube": (*SAMPLES, *PACKAGE_SAMPLES), "gel_tube_pin": (*PACKAGE_SAMPLES, *SAMPLES),
                  "liquid_tube_rod": ("dipy_aniso_vox", "embryo_256.tif", "icbm152_t1", "banana_mri_stack.tif"),
                  "capillary_few_angles": ("icbm152_t1", "banana_mri_stack.tif", "dipy_aniso_vox", "embryo_256.tif"),
                  "resin_block_pin": ("embryo_256.tif", "dipy_aniso_vox", "banana_mri_stack.tif", "icbm152_t1"),
                  "ethanol_tube_pin": ("banana_mri_stack.tif", "icbm152_t1", "embryo_256.tif", "dipy_aniso_vox"),
                  "straw_rod_cupping": ("icbm152_t1", "embryo_256.tif", "dipy_aniso_vox", "banana_mri_stack.tif"),
                  "dry_tube_floor": ("dipy_aniso_vox", "banana_mri_stack.tif", "icbm152_t1", "embryo_256.tif"),
                  "tilted_gel_tube_rod": ("embryo_256.tif", "icbm152_t1", "banana_mri_stack.tif", "dipy_aniso_vox"),
                  "water_tube_floor": ("icbm152_t1", "dipy_aniso_vox", "embryo_256.tif", "banana_mri_stack.tif"),
                  "thick_tilted_tube_rod": ("banana_mri_stack.tif", "embryo_256.tif", "dipy_aniso_vox", "icbm152_t1"),
                  "resin_drop_pin_fine": ("dipy_aniso_vox", "icbm152_t1", "banana_mri_stack.tif", "embryo_256.tif"),
                  "oil_tube_rod_fine": ("icbm152_t1", "banana_mri_stack.tif", "embryo_256.tif", "dipy_aniso_vox"),
                  "pin_sparse_angles": ("embryo_256.tif", "dipy_aniso_vox", "banana_mri_stack.tif", "icbm152_t1"),
                  "tilted_water_tube_pin": ("banana_mri_stack.tif", "dipy_aniso_vox", "embryo_256.tif", "icbm152_t1"),
                  "buffer_tube_rod_cupping": ("dipy_aniso_vox", "icbm152_t1", "banana_mri_stack.tif", "embryo_256.tif"),
                  "thick_dry_capillary_pin": ("icbm152_t1", "embryo_256.tif", "dipy_aniso_vox", "banana_mri_stack.tif"),
                  "agarose_tube_pin_3x": ("banana_mri_stack.tif", "icbm152_t1", "embryo_256.tif", "dipy_aniso_vox"),
                  "fast_tube_rod": ("embryo_256.tif", "dipy_aniso_vox", "icbm152_t1", "banana_mri_stack.tif"),
                  "resin_block_rod_3x": ("dipy_aniso_vox", "banana_mri_stack.tif", "embryo_256.tif", "icbm152_t1"),
                  "tilted_tube_pin_motion": ("icbm152_t1", "banana_mri_stack.tif", "dipy_aniso_vox", "embryo_256.tif"),
                  "saline_tube_rod_4x": ("embryo_256.tif", "icbm152_t1", "banana_mri_stack.tif", "dipy_aniso_vox"),
                  "bare_rod_4x_rings": ("banana_mri_stack.tif", "embryo_256.tif", "icbm152_t1", "dipy_aniso_vox"),
                  "gel_tube_floor_2x": ("dipy_aniso_vox", "icbm152_t1", "embryo_256.tif", "banana_mri_stack.tif"),
                  "off_axis_tube_rod_3x": ("icbm152_t1", "embryo_256.tif", "dipy_aniso_vox", "banana_mri_stack.tif"),
                  "oil_capillary_floor_4x": ("banana_mri_stack.tif", "dipy_aniso_vox", "icbm152_t1", "embryo_256.tif"),
                  "ethanol_tube_rod_2x": ("dipy_aniso_vox", "embryo_256.tif", "banana_mri_stack.tif", "icbm152_t1"),
                  "agar_tube_pin_3x": ("icbm152_t1", "dipy_aniso_vox", "embryo_256.tif", "banana_mri_stack.tif"),
                  "buffer_tube_floor": ("embryo_256.tif", "banana_mri_stack.tif", "dipy_aniso_vox", "icbm152_t1"),
                  "resin_capillary_pin_2x": ("banana_mri_stack.tif", "icbm152_t1", "dipy_aniso_vox", "embryo_256.tif"),
                  "dry_capillary_rod_fast": ("embryo_256.tif", "icbm152_t1", "banana_mri_stack.tif", "dipy_aniso_vox"),
                  "gel_tube_floor_3x": ("icbm152_t1", "banana_mri_stack.tif", "embryo_256.tif", "dipy_aniso_vox"),
                  "oil_tube_pin_2x": ("dipy_aniso_vox", "embryo_256.tif", "icbm152_t1", "banana_mri_stack.tif"),
                  "water_capillary_rod_3x": ("banana_mri_stack.tif", "dipy_aniso_vox", "embryo_256.tif", "icbm152_t1"),
                  "agarose_capillary_floor_2x": ("icbm152_t1", "embryo_256.tif", "dipy_aniso_vox", "banana_mri_stack.tif"),
                  "resin_tube_rod_4x": ("embryo_256.tif", "banana_mri_stack.tif", "icbm152_t1", "dipy_aniso_vox"),
                  "glycerol_tube_pin_fine": ("icbm152_t1", "dipy_aniso_vox", "banana_mri_stack.tif", "embryo_256.tif"),
                  "ethanol_capillary_floor_3x": ("banana_mri_stack.tif", "embryo_256.tif", "dipy_aniso_vox", "icbm152_t1"),
                  "tilted_water_tube_rod_2x": ("embryo_256.tif", "icbm152_t1", "dipy_aniso_vox", "banana_mri_stack.tif"),
                  "agarose_block_pin_2x": ("dipy_aniso_vox", "banana_mri_stack.tif", "embryo_256.tif", "icbm152_t1"),
                  "dry_tilted_capillary_floor_2x": ("icbm152_t1", "embryo_256.tif", "banana_mri_stack.tif", "dipy_aniso_vox"),
                  "oil_capillary_rod_3x": ("banana_mri_stack.tif", "icbm152_t1", "embryo_256.tif", "dipy_aniso_vox"),
                  "paraffin_block_rod_2x": ("embryo_256.tif", "dipy_aniso_vox", "icbm152_t1", "banana_mri_stack.tif"),
                  "saline_capillary_pin_fine": ("dipy_aniso_vox", "icbm152_t1", "banana_mri_stack.tif", "embryo_256.tif"),
                  "buffer_tilted_tube_pin_4x": ("icbm152_t1", "banana_mri_stack.tif", "dipy_aniso_vox", "embryo_256.tif"),
                  "epoxy_block_free_3x": ("banana_mri_stack.tif", "dipy_aniso_vox", "icbm152_t1", "embryo_256.tif"),
                  "saline_tilted_tube_floor_4x": ("embryo_256.tif", "dipy_aniso_vox", "banana_mri_stack.tif", "icbm152_t1"),
                  "agar_capillary_rod_4x": ("icbm152_t1", "banana_mri_stack.tif", "embryo_256.tif", "dipy_aniso_vox"),
                  "glycerol_capillary_floor_3x": ("dipy_aniso_vox", "embryo_256.tif", "icbm152_t1", "banana_mri_stack.tif"),
                  "water_tube_pin_2x": ("banana_mri_stack.tif", "icbm152_t1", "dipy_aniso_vox", "embryo_256.tif"),
                  "gel_tilted_capillary_pin_3x": ("embryo_256.tif", "banana_mri_stack.tif", "dipy_aniso_vox", "icbm152_t1"),
                  "glycerol_capillary_pin_4x": ("icbm152_t1", "dipy_aniso_vox", "banana_mri_stack.tif", "embryo_256.tif"),
                  "agarose_block_free_fine": ("banana_mri_stack.tif", "embryo_256.tif", "icbm152_t1", "dipy_aniso_vox"),
                  "saline_tilted_capillary_rod_fine": ("dipy_aniso_vox", "banana_mri_stack.tif", "icbm152_t1", "embryo_256.tif"),
                  "paraffin_tube_floor_3x": ("icbm152_t1", "embryo_256.tif", "banana_mri_stack.tif", "dipy_aniso_vox"),
                  "oil_tilted_tube_floor_2x": ("embryo_256.tif", "dipy_aniso_vox", "icbm152_t1", "banana_mri_stack.tif"),
                  "buffer_capillary_rod_2x": ("banana_mri_stack.tif", "icbm152_t1", "dipy_aniso_vox", "embryo_256.tif"),
                  "water_tilted_capillary_floor_3x": ("icbm152_t1", "banana_mri_stack.tif", "embryo_256.tif", "dipy_aniso_vox"),
                  "gel_tilted_tube_floor_4x": ("dipy_aniso_vox", "embryo_256.tif", "banana_mri_stack.tif", "icbm152_t1"),
                  "dry_tilted_capillary_pin_fine": ("icbm152_t1", "dipy_aniso_vox", "embryo_256.tif", "banana_mri_stack.tif"),
                  "resin_tilted_tube_floor_2x": ("banana_mri_stack.tif", "embryo_256.tif", "dipy_aniso_vox", "icbm152_t1"),
                  "saline_tilted_tube_pin_3x": ("embryo_256.tif", "icbm152_t1", "banana_mri_stack.tif", "dipy_aniso_vox"),
                  "agar_tilted_tube_rod_2x": ("icbm152_t1", "dipy_aniso_vox", "embryo_256.tif", "banana_mri_stack.tif"),
                  "buffer_tilted_capillary_floor_4x": ("dipy_aniso_vox", "banana_mri_stack.tif", "icbm152_t1", "embryo_256.tif"),
                  "oil_tube_floor_fine": ("banana_mri_stack.tif", "dipy_aniso_vox", "embryo_256.tif", "icbm152_t1"),
                  "glycerol_tilted_tube_rod_4x": ("embryo_256.tif", "banana_mri_stack.tif", "icbm152_t1", "dipy_aniso_vox"),
                  "dry_tilted_tube_rod_3x": ("dipy_aniso_vox", "icbm152_t1", "banana_mri_stack.tif", "embryo_256.tif"),
                  "ethanol_tilted_capillary_rod_2x": ("icbm152_t1", "embryo_256.tif", "dipy_aniso_vox", "banana_mri_stack.tif"),
                  "paraffin_tilted_capillary_pin_2x": ("banana_mri_stack.tif", "icbm152_t1", "embryo_256.tif", "dipy_aniso_vox"),
                  "water_tilted_tube_floor_2x": ("embryo_256.tif", "dipy_aniso_vox", "banana_mri_stack.tif", "icbm152_t1"),
                  "dry_tilted_tube_pin_2x": ("icbm152_t1", "banana_mri_stack.tif", "dipy_aniso_vox", "embryo_256.tif"),
                  "gel_capillary_rod_2x": ("dipy_aniso_vox", "embryo_256.tif", "icbm152_t1", "banana_mri_stack.tif"),
                  "saline_tube_floor_3x": ("banana_mri_stack.tif", "icbm152_t1", "embryo_256.tif", "dipy_aniso_vox"),
                  "dry_capillary_floor_4x": ("icbm152_t1", "dipy_aniso_vox", "banana_mri_stack.tif", "embryo_256.tif"),
                  "agar_tilted_capillary_floor_3x": ("embryo_256.tif", "banana_mri_stack.tif", "dipy_aniso_vox", "icbm152_t1"),
                  "oil_tilted_capillary_pin_2x": ("dipy_aniso_vox", "icbm152_t1", "embryo_256.tif", "banana_mri_stack.tif"),
                  "resin_tilted_capillary_rod_3x": ("banana_mri_stack.tif", "embryo_256.tif", "icbm152_t1", "dipy_aniso_vox"),
                  "dry_tube_pin_4x": ("embryo_256.tif", "icbm152_t1", "dipy_aniso_vox", "banana_mri_stack.tif"),
                  "ethanol_tube_floor_4x": ("icbm152_t1", "banana_mri_stack.tif", "embryo_256.tif", "dipy_aniso_vox"),
                  "paraffin_capillary_pin_3x": ("dipy_aniso_vox", "embryo_256.tif", "banana_mri_stack.tif", "icbm152_t1"),
                  "dry_tilted_tube_floor_3x": ("banana_mri_stack.tif", "icbm152_t1", "dipy_aniso_vox", "embryo_256.tif"),
                  "water_tilted_capillary_pin_4x": ("embryo_256.tif", "dipy_aniso_vox", "icbm152_t1", "banana_mri_stack.tif"),
                  "glycerol_tube_floor_2x": ("icbm152_t1", "embryo_256.tif", "banana_mri_stack.tif", "dipy_aniso_vox"),
                  "dry_capillary_pin_3x": ("dipy_aniso_vox", "banana_mri_stack.tif", "embryo_256.tif", "icbm152_t1"),
                  "saline_tube_rod_2x": ("banana_mri_stack.tif", "dipy_aniso_vox", "icbm152_t1", "embryo_256.tif"),
                  "agarose_tilted_tube_pin_4x": ("embryo_256.tif", "banana_mri_stack.tif", "dipy_aniso_vox", "icbm152_t1"),
                  "dry_tube_rod_2x": ("icbm152_t1", "dipy_aniso_vox", "embryo_256.tif", "banana_mri_stack.tif"),
                  "buffer_tilted_tube_rod_3x": ("dipy_aniso_vox", "icbm152_t1", "banana_mri_stack.tif", "embryo_256.tif"),
                  "gel_tube_rod_3x": ("banana_mri_stack.tif", "embryo_256.tif", "icbm152_t1", "dipy_aniso_vox"),
                  "dry_tilted_capillary_rod_3x": ("embryo_256.tif", "dipy_aniso_vox", "banana_mri_stack.tif", "icbm152_t1"),
                  "oil_capillary_pin_2x": ("icbm152_t1", "banana_mri_stack.tif", "dipy_aniso_vox", "embryo_256.tif"),
                  "resin_tilted_tube_pin_3x": ("dipy_aniso_vox", "embryo_256.tif", "icbm152_t1", "banana_mri_stack.tif"),
                  "dry_capillary_rod_4x": ("embryo_256.tif", "icbm152_t1", "banana_mri_stack.tif", "dipy_aniso_vox"),
                  "ethanol_tilted_tube_pin_2x": ("icbm152_t1", "banana_mri_stack.tif", "dipy_aniso_vox", "embryo_256.tif"),
                  "agar_tube_floor_4x": ("banana_mri_stack.tif", "dipy_aniso_vox", "embryo_256.tif", "icbm152_t1"),
                  "dry_tube_pin_3x": ("dipy_aniso_vox", "icbm152_t1", "banana_mri_stack.tif", "embryo_256.tif"),
                  "oil_tilted_tube_rod_3x": ("banana_mri_stack.tif", "embryo_256.tif", "icbm152_t1", "dipy_aniso_vox"),
                  "paraffin_tube_rod_2x": ("icbm152_t1", "dipy_aniso_vox", "embryo_256.tif", "banana_mri_stack.tif"),
                  "dry_tilted_tube_floor_2x": ("embryo_256.tif", "banana_mri_stack.tif", "icbm152_t1", "dipy_aniso_vox"),
                  "water_tube_rod_4x": ("dipy_aniso_vox", "embryo_256.tif", "banana_mri_stack.tif", "icbm152_t1"),
                  "gel_tilted_tube_pin_2x": ("banana_mri_stack.tif", "icbm152_t1", "dipy_aniso_vox", "embryo_256.tif"),
                  "dry_capillary_floor_3x": ("icbm152_t1", "banana_mri_stack.tif", "embryo_256.tif", "dipy_aniso_vox"),
                  "saline_capillary_floor_2x": ("dipy_aniso_vox", "banana_mri_stack.tif", "icbm152_t1", "embryo_256.tif"),
                  "glycerol_tilted_capillary_pin_3x": ("embryo_256.tif", "icbm152_t1", "banana_mri_stack.tif", "dipy_aniso_vox"),
                  "dry_tilted_capillary_pin_4x": tuple(WHEEL_SAMPLES),
                  "water_tube_floor_3x": ("concrete_xray", "dipy_aniso_vox", "snow_xray", "banana_mri_stack.tif"),
                  "agarose_tube_rod_2x": ("snow_xray", "icbm152_t1", "concrete_xray", "embryo_256.tif"),
                  "dry_tube_floor_4x": ("concrete_xray", "banana_mri_stack.tif", "snow_xray", "dipy_aniso_vox"),
                  "ethanol_capillary_pin_3x": ("icbm152_t1", "snow_xray", "embryo_256.tif", "concrete_xray"),
                  "resin_capillary_floor_2x": ("concrete_xray", "dipy_aniso_vox", "snow_xray", "banana_mri_stack.tif"),
                  "dry_capillary_rod_2x": ("snow_xray", "embryo_256.tif", "concrete_xray", "icbm152_t1"),
                  "buffer_capillary_pin_4x": ("embryo_256.tif", "concrete_xray", "dipy_aniso_vox", "snow_xray"),
                  "paraffin_tube_pin_3x": ("snow_xray", "banana_mri_stack.tif", "concrete_xray", "icbm152_t1"),
                  "dry_tilted_tube_pin_4x": ("concrete_xray", "dipy_aniso_vox", "snow_xray", "embryo_256.tif"),
                  "saline_tilted_capillary_pin_2x": ("banana_mri_stack.tif", "concrete_xray", "icbm152_t1", "snow_xray"),
                  "agar_tube_rod_3x": ("icbm152_t1", "snow_xray", "dipy_aniso_vox", "concrete_xray"),
                  "dry_tilted_capillary_pin_2x": ("banana_mri_stack.tif", "snow_xray", "embryo_256.tif", "concrete_xray"),
                  "water_capillary_floor_4x": ("snow_xray", "icbm152_t1", "concrete_xray", "dipy_aniso_vox"),
                  "gel_tube_pin_3x": ("embryo_256.tif", "concrete_xray", "banana_mri_stack.tif", "snow_xray"),
                  "dry_tube_rod_4x": ("dipy_aniso_vox", "concrete_xray", "icbm152_t1", "snow_xray"),
                  "oil_tube_floor_3x": ("snow_xray", "dipy_aniso_vox", "concrete_xray", "embryo_256.tif"),
                  "agarose_tilted_capillary_pin_3x": ("icbm152_t1", "banana_mri_stack.tif", "snow_xray", "concrete_xray"),
                  "dry_capillary_pin_4x": ("embryo_256.tif", "snow_xray", "icbm152_t1", "concrete_xray"),
                  "saline_tube_pin_4x": ("concrete_xray", "icbm152_t1", "snow_xray", "banana_mri_stack.tif"),
                  "glycerol_tube_rod_2x": ("banana_mri_stack.tif", "snow_xray", "dipy_aniso_vox", "concrete_xray"),
                  "dry_tilted_tube_rod_4x": ("snow_xray", "banana_mri_stack.tif", "concrete_xray", "icbm152_t1"),
                  "ethanol_tilted_tube_rod_3x": ("dipy_aniso_vox", "embryo_256.tif", "snow_xray", "banana_mri_stack.tif"),
                  "paraffin_tilted_tube_rod_4x": ("icbm152_t1", "concrete_xray", "embryo_256.tif", "snow_xray"),
                  "dry_tube_rod_3x": ("embryo_256.tif", "dipy_aniso_vox", "concrete_xray", "banana_mri_stack.tif"),
                  "buffer_tube_pin_3x": ("snow_xray", "icbm152_t1", "banana_mri_stack.tif", "concrete_xray"),
                  "agar_capillary_pin_2x": ("banana_mri_stack.tif", "dipy_aniso_vox", "snow_xray", "embryo_256.tif"),
                  "dry_tilted_capillary_floor_3x": ("snow_xray", "concrete_xray", "icbm152_t1", "banana_mri_stack.tif"),
                  "saline_capillary_rod_3x": ("icbm152_t1", "snow_xray", "embryo_256.tif", "dipy_aniso_vox"),
                  "gel_capillary_floor_3x": ("banana_mri_stack.tif", "concrete_xray", "dipy_aniso_vox", "snow_xray"),
                  "oil_tilted_capillary_rod_2x": ("concrete_xray", "icbm152_t1", "embryo_256.tif", "banana_mri_stack.tif"),
                  "dry_tilted_tube_pin_3x": ("dipy_aniso_vox", "snow_xray", "concrete_xray", "embryo_256.tif"),
                  "resin_tube_floor_3x": ("icbm152_t1", "banana_mri_stack.tif", "snow_xray", "embryo_256.tif"),
                  "buffer_capillary_floor_3x": ("concrete_xray", "dipy_aniso_vox", "banana_mri_stack.tif", "snow_xray"),
                  "dry_tilted_capillary_rod_2x": ("snow_xray", "icbm152_t1", "concrete_xray", "banana_mri_stack.tif"),
                  "agarose_capillary_rod_3x": ("embryo_256.tif", "snow_xray", "icbm152_t1", "concrete_xray"),
                  "water_capillary_pin_3x": ("banana_mri_stack.tif", "concrete_xray", "dipy_aniso_vox", "snow_xray"),
                  "dry_tube_floor_3x": ("embryo_256.tif", "icbm152_t1", "concrete_xray", "snow_xray"),
                  "paraffin_capillary_floor_3x": ("dipy_aniso_vox", "banana_mri_stack.tif", "snow_xray", "concrete_xray"),
                  "saline_tube_floor_2x": ("icbm152_t1", "embryo_256.tif", "snow_xray", "concrete_xray"),
                  "dry_tube_pin_2x": ("banana_mri_stack.tif", "dipy_aniso_vox", "snow_xray", "concrete_xray"),
                  "glycerol_capillary_rod_2x": ("embryo_256.tif", "banana_mri_stack.tif", "icbm152_t1", "concrete_xray"),
                  "oil_capillary_floor_2x": ("dipy_aniso_vox", "snow_xray", "embryo_256.tif", "concrete_xray"),
                  "dry_tilted_tube_rod_2x": ("icbm152_t1", "snow_xray", "banana_mri_stack.tif", "concrete_xray"),
                  "agar_tilted_tube_pin_3x": ("snow_xray", "dipy_aniso_vox", "embryo_256.tif", "banana_mri_stack.tif"),
                  "water_tilted_tube_rod_3x": ("icbm152_t1", "banana_mri_stack.tif", "concrete_xray", "embryo_256.tif"),
                  "dry_capillary_rod_3x": ("snow_xray", "icbm152_t1", "dipy_aniso_vox", "embryo_256.tif"),
                  "gel_capillary_pin_2x": ("banana_mri_stack.tif", "concrete_xray", "icbm152_t1", "snow_xray"),
                  "buffer_tube_rod_2x": ("dipy_aniso_vox", "concrete_xray", "embryo_256.tif", "icbm152_t1"),
                  "dry_tube_floor_2x": ("concrete_xray", "banana_mri_stack.tif", "snow_xray", "icbm152_t1"),
                  "resin_tilted_capillary_pin_2x": ("embryo_256.tif", "snow_xray", "dipy_aniso_vox", "banana_mri_stack.tif"),
                  "ethanol_capillary_rod_3x": ("banana_mri_stack.tif", "icbm152_t1", "concrete_xray", "dipy_aniso_vox"),
                  "dry_tilted_capillary_pin_3x": ("snow_xray", "embryo_256.tif", "concrete_xray", "icbm152_t1"),
                  "agarose_tilted_tube_floor_2x": ("dipy_aniso_vox", "banana_mri_stack.tif", "icbm152_t1", "concrete_xray"),
                  "saline_capillary_pin_4x": ("embryo_256.tif", "snow_xray", "banana_mri_stack.tif", "dipy_aniso_vox"),
                  "dry_capillary_floor_2x": ("banana_mri_stack.tif", "concrete_xray", "dipy_aniso_vox", "snow_xray"),
                  "paraffin_tilted_tube_pin_2x": ("icbm152_t1", "embryo_256.tif", "snow_xray", "banana_mri_stack.tif"),
                  "buffer_tilted_capillary_rod_2x": ("concrete_xray", "dipy_aniso_vox", "snow_xray", "embryo_256.tif"),
                  "dry_capillary_pin_2x": ("icbm152_t1", "concrete_xray", "banana_mri_stack.tif", "snow_xray"),
                  "glycerol_tilted_tube_floor_3x": ("banana_mri_stack.tif", "snow_xray", "icbm152_t1", "embryo_256.tif"),
                  "water_tube_pin_3x": ("dipy_aniso_vox", "concrete_xray", "embryo_256.tif", "snow_xray"),
                  "dry_tilted_tube_floor_4x": ("embryo_256.tif", "icbm152_t1", "concrete_xray", "banana_mri_stack.tif"),
                  "resin_tilted_tube_rod_3x": ("snow_xray", "dipy_aniso_vox", "banana_mri_stack.tif", "icbm152_t1"),
                  "ethanol_tilted_tube_floor_2x": ("concrete_xray", "embryo_256.tif", "dipy_aniso_vox", "snow_xray"),
                  "dry_tilted_capillary_rod_4x": ("banana_mri_stack.tif", "snow_xray", "icbm152_t1", "dipy_aniso_vox"),
                  "gel_tilted_tube_pin_4x": ("embryo_256.tif", "concrete_xray", "banana_mri_stack.tif", "snow_xray"),
                  "oil_tilted_capillary_floor_3x": ("dipy_aniso_vox", "icbm152_t1", "snow_xray", "concrete_xray"),
                  "dry_tilted_capillary_floor_4x": ("concrete_xray", "snow_xray", "embryo_256.tif", "icbm152_t1"),
                  "gel_tilted_capillary_rod_3x": ("icbm152_t1", "banana_mri_stack.tif", "snow_xray", "dipy_aniso_vox"),
                  "saline_tilted_tube_rod_3x": ("embryo_256.tif", "concrete_xray", "icbm152_t1", "banana_mri_stack.tif"),
                  "dry_bare_pin_3x": ("snow_xray", "dipy_aniso_vox", "banana_mri_stack.tif", "embryo_256.tif"),
                  "agarose_tilted_capillary_floor_4x": ("dipy_aniso_vox", "concrete_xray", "snow_xray", "icbm152_t1"),
                  "water_tilted_tube_pin_2x": ("banana_mri_stack.tif", "icbm152_t1", "concrete_xray", "embryo_256.tif"),
                  "dry_bare_rod_2x": ("concrete_xray", "icbm152_t1", "embryo_256.tif", "snow_xray"),
                  "paraffin_tube_pin_4x": ("dipy_aniso_vox", "banana_mri_stack.tif", "concrete_xray", "embryo_256.tif"),
                  "buffer_tube_floor_3x": ("icbm152_t1", "snow_xray", "embryo_256.tif", "dipy_aniso_vox"),
                  "dry_bare_pin_4x": ("banana_mri_stack.tif", "icbm152_t1", "snow_xray", "dipy_aniso_vox"),
                  "agar_capillary_rod_3x": ("snow_xray", "concrete_xray", "dipy_aniso_vox", "icbm152_t1"),
                  "saline_tilted_capillary_pin_3x": ("concrete_xray", "banana_mri_stack.tif", "embryo_256.tif", "icbm152_t1"),
                  "dry_bare_rod_3x": ("embryo_256.tif", "dipy_aniso_vox", "concrete_xray", "banana_mri_stack.tif"),
                  "resin_capillary_pin_3x": ("banana_mri_stack.tif", "snow_xray", "icbm152_t1", "embryo_256.tif"),
                  "ethanol_tube_rod_3x": ("dipy_aniso_vox", "concrete_xray", "snow_xray", "banana_mri_stack.tif"),
                  "dry_bare_pin_2x": ("icbm152_t1", "snow_xray", "concrete_xray", "embryo_256.tif"),
                  "gel_tube_rod_4x": ("concrete_xray", "dipy_aniso_vox", "banana_mri_stack.tif", "snow_xray"),
                  "oil_tube_pin_4x": ("icbm152_t1", "embryo_256.tif", "dipy_aniso_vox", "concrete_xray"),
                  "dry_bare_rod_4x": ("snow_xray", "concrete_xray", "banana_mri_stack.tif", "icbm152_t1"),
                  "paraffin_capillary_rod_2x": ("banana_mri_stack.tif", "icbm152_t1", "snow_xray", "embryo_256.tif"),
                  "water_capillary_rod_4x": ("dipy_aniso_vox", "snow_xray", "concrete_xray", "banana_mri_stack.tif"),
                  "dry_bare_pin_fine": ("concrete_xray", "embryo_256.tif", "dipy_aniso_vox", "snow_xray"),
                  "agarose_capillary_pin_4x": ("icbm152_t1", "banana_mri_stack.tif", "concrete_xray", "embryo_256.tif"),
                  "buffer_capillary_pin_2x": ("dipy_aniso_vox", "concrete_xray", "snow_xray", "icbm152_t1"),
                  "dry_tube_pin_fine": ("banana_mri_stack.tif", "concrete_xray", "icbm152_t1", "dipy_aniso_vox"),
                  "resin_capillary_rod_4x": ("snow_xray", "embryo_256.tif", "banana_mri_stack.tif", "dipy_aniso_vox"),
                  "oil_tilted_tube_pin_3x": ("embryo_256.tif", "icbm152_t1", "concrete_xray", "banana_mri_stack.tif"),
                  "dry_tube_rod_fine": ("snow_xray", "dipy_aniso_vox", "concrete_xray", "embryo_256.tif"),
                  "glycerol_capillary_rod_4x": ("dipy_aniso_vox", "banana_mri_stack.tif", "icbm152_t1", "snow_xray"),
                  "saline_capillary_rod_4x": ("concrete_xray", "snow_xray", "embryo_256.tif", "icbm152_t1"),
                  "dry_capillary_rod_fine": ("icbm152_t1", "concrete_xray", "banana_mri_stack.tif", "snow_xray"),
                  "agar_tube_floor_2x": ("banana_mri_stack.tif", "dipy_aniso_vox", "embryo_256.tif", "concrete_xray"),
                  "ethanol_tube_pin_4x": ("dipy_aniso_vox", "icbm152_t1", "snow_xray", "embryo_256.tif"),
                  "dry_tilted_tube_pin_fine": ("embryo_256.tif", "snow_xray", "dipy_aniso_vox", "concrete_xray"),
                  "paraffin_capillary_pin_4x": ("snow_xray", "icbm152_t1", "banana_mri_stack.tif", "embryo_256.tif"),
                  "water_capillary_pin_2x": ("concrete_xray", "dipy_aniso_vox", "icbm152_t1", "banana_mri_stack.tif"),
                  "dry_bare_rod_fine": ("concrete_xray", "banana_mri_stack.tif", "icbm152_t1", "dipy_aniso_vox"),
                  "gel_capillary_rod_4x": ("icbm152_t1", "embryo_256.tif", "dipy_aniso_vox", "banana_mri_stack.tif"),
                  "buffer_tilted_tube_floor_3x": ("snow_xray", "embryo_256.tif", "concrete_xray", "dipy_aniso_vox"),
                  "dry_tilted_capillary_rod_fine": ("dipy_aniso_vox", "concrete_xray", "embryo_256.tif", "icbm152_t1"),
                  "resin_tube_pin_4x": ("banana_mri_stack.tif", "snow_xray", "embryo_256.tif", "icbm152_t1"),
                  "ethanol_tilted_capillary_floor_3x": ("embryo_256.tif", "concrete_xray", "dipy_aniso_vox", "snow_xray"),
                  "dry_tilted_tube_floor_fine": ("snow_xray", "banana_mri_stack.tif", "icbm152_t1", "concrete_xray"),
                  "agarose_tube_floor_3x": ("dipy_aniso_vox", "banana_mri_stack.tif", "concrete_xray", "embryo_256.tif"),
                  "water_tilted_tube_pin_fine": ("icbm152_t1", "snow_xray", "banana_mri_stack.tif", "dipy_aniso_vox"),
                  "dry_capillary_floor_fine": ("banana_mri_stack.tif", "embryo_256.tif", "dipy_aniso_vox", "concrete_xray"),
                  "paraffin_tilted_capillary_floor_4x": ("concrete_xray", "icbm152_t1", "snow_xray", "embryo_256.tif"),
                  "buffer_tilted_capillary_pin_fine": ("dipy_aniso_vox", "icbm152_t1", "concrete_xray", "banana_mri_stack.tif"),
                  "dry_tilted_capillary_floor_fine": ("embryo_256.tif", "snow_xray", "icbm152_t1", "concrete_xray"),
                  "gel_tilted_tube_rod_2x": ("banana_mri_stack.tif", "dipy_aniso_vox", "embryo_256.tif", "snow_xray"),
                  "saline_tube_pin_fine": ("snow_xray", "concrete_xray", "embryo_256.tif", "icbm152_t1"),
                  "dry_capillary_pin_fine": ("dipy_aniso_vox", "snow_xray", "banana_mri_stack.tif", "concrete_xray"),
                  "glycerol_tilted_capillary_floor_2x": ("snow_xray", "concrete_xray", "embryo_256.tif", "icbm152_t1"),
                  "ethanol_capillary_rod_fine": ("banana_mri_stack.tif", "dipy_aniso_vox", "embryo_256.tif", "icbm152_t1"),
                  "dry_tube_floor_fine": ("dipy_aniso_vox", "embryo_256.tif", "banana_mri_stack.tif", "icbm152_t1"),
                  "agar_tilted_capillary_pin_2x": ("banana_mri_stack.tif", "concrete_xray", "dipy_aniso_vox", "snow_xray"),
                  "oil_tube_pin_fine": ("embryo_256.tif", "icbm152_t1", "concrete_xray", "banana_mri_stack.tif"),
                  "dry_tilted_tube_rod_fine": ("concrete_xray", "snow_xray", "embryo_256.tif", "dipy_aniso_vox"),
                  "paraffin_tilted_tube_floor_2x": ("icbm152_t1", "banana_mri_stack.tif", "snow_xray", "embryo_256.tif"),
                  "buffer_capillary_rod_fine": ("snow_xray", "dipy_aniso_vox", "concrete_xray", "embryo_256.tif"),
                  "dry_tilted_tube_pin_fast": ("banana_mri_stack.tif", "icbm152_t1", "snow_xray", "concrete_xray"),
                  "resin_tube_floor_fine": ("dipy_aniso_vox", "concrete_xray", "embryo_256.tif", "snow_xray"),
                  "water_tube_rod_fine": ("icbm152_t1", "banana_mri_stack.tif", "snow_xray", "embryo_256.tif"),
                  "dry_capillary_floor_fast": ("snow_xray", "dipy_aniso_vox", "concrete_xray", "banana_mri_stack.tif"),
                  "gel_capillary_pin_fine": ("banana_mri_stack.tif", "icbm152_t1", "concrete_xray", "dipy_aniso_vox"),
                  "ethanol_tilted_tube_floor_fine": ("embryo_256.tif", "snow_xray", "icbm152_t1", "concrete_xray"),
                  "dry_tube_rod_fast": ("dipy_aniso_vox", "embryo_256.tif", "concrete_xray", "icbm152_t1"),
                  "agarose_tube_pin_fine": ("snow_xray", "embryo_256.tif", "icbm152_t1", "banana_mri_stack.tif"),
                  "oil_tilted_capillary_rod_fine": ("concrete_xray", "banana_mri_stack.tif", "dipy_aniso_vox", "embryo_256.tif"),
                  "dry_tilted_capillary_pin_fast": ("icbm152_t1", "concrete_xray", "embryo_256.tif", "snow_xray"),
                  "paraffin_capillary_rod_fine": ("embryo_256.tif", "dipy_aniso_vox", "snow_xray", "banana_mri_stack.tif"),
                  "saline_tilted_tube_floor_fine": ("icbm152_t1", "concrete_xray", "dipy_aniso_vox", "embryo_256.tif"),
                  "dry_tilted_tube_floor_fast": ("banana_mri_stack.tif", "snow_xray", "concrete_xray", "dipy_aniso_vox"),
                  "resin_tilted_capillary_floor_fine": ("snow_xray", "icbm152_t1", "banana_mri_stack.tif", "embryo_256.tif"),
                  "water_capillary_floor_fine": ("concrete_xray", "embryo_256.tif", "dipy_aniso_vox", "snow_xray"),
                  "dry_tube_pin_fast": ("embryo_256.tif", "icbm152_t1", "snow_xray", "banana_mri_stack.tif"),
                  "gel_tilted_capillary_floor_fine": ("dipy_aniso_vox", "banana_mri_stack.tif", "concrete_xray", "icbm152_t1"),
                  "ethanol_tube_floor_fine": ("snow_xray", "banana_mri_stack.tif", "icbm152_t1", "concrete_xray"),
                  "dry_capillary_pin_fast": ("concrete_xray", "dipy_aniso_vox", "banana_mri_stack.tif", "icbm152_t1"),
                  "agar_tilted_tube_floor_fine": ("embryo_256.tif", "snow_xray", "icbm152_t1", "banana_mri_stack.tif"),
                  "buffer_tube_rod_fine": ("dipy_aniso_vox", "concrete_xray", "embryo_256.tif", "snow_xray"),
                  "dry_tube_floor_fast": ("dipy_aniso_vox", "banana_mri_stack.tif", "icbm152_t1", "concrete_xray"),
                  "paraffin_tube_pin_fine": ("snow_xray", "icbm152_t1", "embryo_256.tif", "banana_mri_stack.tif"),
                  "saline_tube_floor_fast": ("icbm152_t1", "embryo_256.tif", "concrete_xray", "dipy_aniso_vox"),
                  "dry_tilted_capillary_floor_fast": ("snow_xray", "embryo_256.tif", "concrete_xray", "icbm152_t1"),
                  "glycerol_tube_floor_3x": ("dipy_aniso_vox", "banana_mri_stack.tif", "snow_xray", "embryo_256.tif"),
                  "water_tube_rod_2x": ("concrete_xray", "icbm152_t1", "embryo_256.tif", "snow_xray"),
                  "dry_tilted_tube_rod_2x_fast": ("banana_mri_stack.tif", "dipy_aniso_vox", "concrete_xray", "icbm152_t1"),
                  "resin_tube_pin_fast": ("snow_xray", "embryo_256.tif", "icbm152_t1", "banana_mri_stack.tif"),
                  "oil_tilted_tube_pin_fast": ("dipy_aniso_vox", "concrete_xray", "embryo_256.tif", "snow_xray"),
                  "dry_capillary_rod_2x_fast": ("embryo_256.tif", "icbm152_t1", "snow_xray", "banana_mri_stack.tif"),
                  "agarose_tilted_tube_floor_fast": ("icbm152_t1", "concrete_xray", "dipy_aniso_vox", "banana_mri_stack.tif"),
                  "saline_capillary_rod_fast": ("banana_mri_stack.tif", "snow_xray", "dipy_aniso_vox", "concrete_xray"),
                  "dry_tilted_capillary_pin_2x_fast": ("dipy_aniso_vox", "embryo_256.tif", "concrete_xray", "snow_xray"),
                  "gel_tube_rod_2x_fast": ("icbm152_t1", "banana_mri_stack.tif", "embryo_256.tif", "concrete_xray"),
                  "buffer_tilted_capillary_pin_fast": ("snow_xray", "icbm152_t1", "banana_mri_stack.tif", "dipy_aniso_vox"),
                  "dry_tube_rod_3x_fast": ("banana_mri_stack.tif", "concrete_xray", "icbm152_t1", "embryo_256.tif"),
                  "agar_tube_pin_fast": ("dipy_aniso_vox", "snow_xray", "embryo_256.tif", "icbm152_t1"),
                  "water_tilted_capillary_pin_fast": ("concrete_xray", "banana_mri_stack.tif", "icbm152_t1", "snow_xray"),
                  "dry_tilted_tube_floor_2x_fast": ("snow_xray", "dipy_aniso_vox", "banana_mri_stack.tif", "concrete_xray"),
                  "resin_capillary_rod_2x_fast": ("embryo_256.tif", "icbm152_t1", "snow_xray", "banana_mri_stack.tif"),
                  "ethanol_tilted_tube_floor_2x_fast": ("concrete_xray", "dipy_aniso_vox", "snow_xray", "icbm152_t1"),
                  "dry_capillary_floor_3x_fast": ("icbm152_t1", "banana_mri_stack.tif", "dipy_aniso_vox", "embryo_256.tif"),
                  "paraffin_tilted_capillary_pin_fast": ("snow_xray", "embryo_256.tif", "concrete_xray", "banana_mri_stack.tif"),
                  "saline_tilted_tube_rod_2x_fast": ("dipy_aniso_vox", "icbm152_t1", "concrete_xray", "embryo_256.tif"),
                  "dry_tilted_tube_pin_2x_fast": ("banana_mri_stack.tif", "snow_xray", "concrete_xray", "icbm152_t1"),
                  "water_capillary_floor_2x_fast": ("embryo_256.tif", "concrete_xray", "dipy_aniso_vox", "banana_mri_stack.tif"),
                  "held_out_agarose_tube_rod_fast": ("icbm152_t1", "snow_xray", "embryo_256.tif", "concrete_xray")}
PAINTED = {"painted_cluttered": dict(), "painted_symmetric": dict(symmetric=True)}
FAMILIES = [*PAINTED, *SIMULATED]  # the held-out family (name starts with held_out) last
CACHE = ROOT / "benchmarks" / "cache" / "families"
WHEELS = ROOT / "benchmarks" / "cache" / "wheels"  # the wheels that WHEEL_SAMPLES come from
SIZE = 128  # in-plane side of every scene (pixels); the quick schedule downscales to 128 too


def held_out(family: str) -> bool:
    """Never looked at while a box rule is chosen or tuned: reported last and apart."""
    return family.startswith("held_out")


def read_sample(name: str) -> np.ndarray:
    """A real volume (Z, Y, X): a shared TIFF, a TIFF inside a wheel or a NIfTI file shipped in a
    package."""
    if name in WHEEL_SAMPLES:
        return read_from_wheel(*WHEEL_SAMPLES[name])
    if name not in PACKAGE_SAMPLES:
        return tifffile.imread(SHARED_DATA / "volumes" / name)
    import importlib.resources

    package, inside = PACKAGE_SAMPLES[name]
    try:
        import nibabel

        importlib.import_module(package)
    except ImportError as e:
        raise SystemExit(f"the sample {name} comes from the package {package} (and nibabel): pip install 'napari-pretext[bench]' ({e})")
    image = nibabel.load(str(importlib.resources.files(package).joinpath(inside)))
    return np.asarray(image.dataobj).transpose(2, 1, 0)[::-1]  # NIfTI (x, y, z upwards) -> (z downwards, y, x)


def read_from_wheel(requirement: str, inside: str) -> np.ndarray:
    """A TIFF inside the wheel of ``requirement`` (``name==version``), downloaded once into
    ``WHEELS`` without its dependencies, never installed."""
    import subprocess
    import sys
    import zipfile

    name, version = requirement.split("==")
    found = sorted(WHEELS.glob(f"{name}-{version}-*.whl"))
    if not found:
        WHEELS.mkdir(parents=True, exist_ok=True)
        got = subprocess.run([sys.executable, "-m", "pip", "download", requirement, "--no-deps", "--only-binary", ":all:", "-q",
                              "-d", str(WHEELS)], capture_output=True, text=True)
        found = sorted(WHEELS.glob(f"{name}-{version}-*.whl"))
        if got.returncode or not found:
            raise SystemExit(f"could not download the wheel {requirement} for its sample volumes: {got.stderr.strip()[-300:]}")
    with zipfile.ZipFile(found[0]) as wheel:
        return tifffile.imread(io.BytesIO(wheel.read(inside)))


def make_scene(family: str, seed: int) -> tuple[CTScene, str]:
    """Scene ``seed`` of ``family`` and the name of its sample."""
    index = FAMILIES.index(family)
    names = FAMILY_SAMPLES.get(family, SAMPLES)
    name = names[(seed + index) % len(names)]
    real = read_sample(name)
    if family in PAINTED:
        return make_ct_scene((SIZE * 3 // 4, SIZE, SIZE), sample=extract_sample(real), seed=1000 * index + seed, **PAINTED[family]), name
    opts = SIMULATED[family]
    depth = SIZE * 3 // 4 // opts.get("z_spacing", 1)
    return simulate_tomography(sample_from_volume(real), (depth, SIZE, SIZE), seed=1000 * index + seed, **opts), name


@dataclass
class CachedScene:
    family: str
    seed: int
    sample: str
    small: np.ndarray  # (z, y, x) float32, the volume as the model saw it (downscaled)
    heat: np.ndarray  # (z, y, x) float32, raw MC-dropout heatmap of the same shape
    factor: int  # one small voxel = factor voxels of the volume
    shape: tuple[int, int, int]  # the full volume's
    truth: Box  # full resolution
    sample_mask: np.ndarray  # (Z, Y, X) bool, full resolution
    seconds: float  # simulation + training + heatmap

    @property
    def spacing(self) -> tuple[float, float, float]:
        """The (z, y, x) voxel size: thick slices in the anisotropic families (known to the user)."""
        return (float(SIMULATED.get(self.family, {}).get("z_spacing", 1)), 1.0, 1.0)

    @property
    def scene(self) -> CTScene:
        """For ``box_scores``: only the shape, box and mask are used."""
        return CTScene(np.empty(self.shape, np.uint8), self.truth, self.sample_mask)


def cache_path(cache: Path, family: str, seed: int) -> Path:
    return cache / f"{family}_{seed}.npz"


def build(family: str, seed: int, cache: Path) -> CachedScene:
    """Simulate, train, compute the heatmap and store it (``cache_path``)."""
    from napari_pretext.ct.api import localize_volume, pretrain_volumes
    from napari_pretext.ct.auto_crop import quick_sorting_config
    from napari_pretext.ct.volumes import downscale_volume

    t0 = time.perf_counter()
    scene, name = make_scene(family, seed)
    config = quick_sorting_config(seed)
    task = pretrain_volumes("sorting", [scene.volume], config)
    loc = localize_volume(scene.volume, "sorting", task, smooth=0)
    small, factor = downscale_volume(scene.volume, config.max_side)
    cache.mkdir(parents=True, exist_ok=True)
    path = cache_path(cache, family, seed)
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, small=small.astype(np.float32), heat=loc.heatmap, factor=factor, shape=scene.volume.shape,
                        start=scene.box.start, stop=scene.box.stop, mask=np.packbits(scene.sample_mask), sample=name,
                        seconds=time.perf_counter() - t0)
    tmp.replace(path)
    return load(family, seed, cache)


def load(family: str, seed: int, cache: Path = CACHE) -> CachedScene:
    with np.load(cache_path(cache, family, seed)) as f:
        shape = tuple(int(v) for v in f["shape"])
        mask = np.unpackbits(f["mask"])[: int(np.prod(shape))].reshape(shape).astype(bool)
        return CachedScene(family, seed, str(f["sample"]), f["small"], f["heat"], int(f["factor"]), shape,
                           Box(tuple(f["start"]), tuple(f["stop"])), mask, float(f["seconds"]))


def scenes(families, seeds, cache: Path = CACHE, build_missing: bool = True) -> list[CachedScene]:
    """Every (family, seed) scene from the cache, built first where missing."""
    out = []
    for family in families:
        for seed in seeds:
            if cache_path(cache, family, seed).is_file():
                out.append(load(family, seed, cache))
            elif build_missing:
                out.append(build(family, seed, cache))
                print(f"built {family} seed {seed} in {out[-1].seconds:.0f} s", flush=True)
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3])
    p.add_argument("--families", nargs="+", default=FAMILIES, choices=FAMILIES)
    p.add_argument("--cache", type=Path, default=CACHE)
    a = p.parse_args()
    print(f"# {hardware()}")
    scenes(a.families, a.seeds, a.cache)


if __name__ == "__main__":
    main()
