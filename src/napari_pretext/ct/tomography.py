"""Physically simulated tomography scenes for evaluation, beside the painted ones of ``scene.py``.

A sample (a real volume, e.g. ``shared/data/volumes/embryo_256.tif``) is placed in an
attenuation map with a sample tube (centred or off-axis, tilted, not spanning every slice) and a
mounting rod or a thin pin under it; every slice is then *projected* (scikit-image's ``radon``,
parallel beam), the projections get beam hardening (a cupping term), photon noise (Poisson),
detector gain errors (which reconstruct as rings) and a few pixels of motion, and the slice is
*reconstructed* by filtered back-projection (``iradon``, ramp filter). Slices may be averaged
in z for anisotropic voxels. The sample's true box comes with the scene (a :class:`CTScene`).
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage
from skimage.filters import threshold_otsu
from skimage.transform import iradon, radon

from ..core.errors import PretextInputError
from .boxes import box_from_mask
from .scene import CTScene

# Named families: what varies between them is what a beamline varies (the last is held out:
# never looked at while the box rule was chosen or tuned; report it last and apart).
FAMILIES = {
    "tube_centred": dict(tube="centred", support="rod"),
    "tube_off_axis_tilted": dict(tube="off_axis", tilt=0.15, support="rod"),
    "anisotropic_no_tube": dict(tube=None, support="rod", z_spacing=3),
    "off_axis_pin_thick_slices": dict(tube="off_axis", support="pin", z_spacing=2, rings=0.02),
    "pin_strong_rings": dict(tube="centred", support="pin", rings=0.03, motion=1.5, photons=1e4),  # held out in rounds 1-3
    # with samples from other packages (benchmarks/ct_families.py): a closed tube filled with a
    # liquid, the sample resting on its floor, fewer angles
    "filled_tube": dict(tube="centred", support=None, floor=True, medium=0.25, angles=120),  # held out in round 4
    # an off-axis gel block on a rod, no tube, strong cupping, thick slices (held out in round 5)
    "gel_block": dict(tube=None, support="rod", medium=0.3, cupping=0.3, z_spacing=2),
    # a tilted, off-axis closed tube with a denser liquid, thick slices, stronger rings, fewer
    # photons (held out in round 6)
    "tilted_filled_tube": dict(tube="off_axis", tilt=0.1, support=None, floor=True, medium=0.4, z_spacing=2,
                               rings=0.02, photons=1.5e4),
    # an open centred tube of gel on a pin, strong cupping, 150 angles (held out in round 7)
    "gel_tube_pin": dict(tube="centred", support="pin", medium=0.3, cupping=0.25, angles=150, rings=0.015, motion=1.0),
    # an open off-axis tube of liquid with the rod standing in it, thick slices (3x), fewer
    # photons, cupping between the others' (held out in round 8)
    "liquid_tube_rod": dict(tube="off_axis", support="rod", medium=0.2, cupping=0.2, z_spacing=3, photons=2e4,
                            rings=0.015),
    # a slightly tilted capillary on the axis, on a pin, few angles (90: streaks), 2 px of
    # motion, fewer photons (held out in round 9)
    "capillary_few_angles": dict(tube="centred", tilt=0.05, support="pin", angles=90, motion=2.0, photons=2e4,
                                 cupping=0.1),
    # a sample embedded in a dense resin block (half its attenuation), no tube, on a pin, 120
    # angles, stronger rings (held out in round 10)
    "resin_block_pin": dict(tube=None, support="pin", medium=0.5, angles=120, rings=0.02),
    # a slightly tilted off-axis tube of ethanol on a pin, 4x thick slices (24 of them), 100
    # angles, fewer photons, stronger rings, 1 px of motion (held out in round 11)
    "ethanol_tube_pin": dict(tube="off_axis", tilt=0.08, support="pin", medium=0.35, z_spacing=4, angles=100,
                             photons=1.5e4, rings=0.025, cupping=0.15, motion=1.0),
    # a tilted empty straw on the axis, the sample on a rod, strong cupping, 2x thick slices,
    # weak rings (held out in round 12)
    "straw_rod_cupping": dict(tube="centred", tilt=0.12, support="rod", z_spacing=2, cupping=0.35, photons=2.5e4,
                              rings=0.01),
    # a dry sample resting on the floor of a closed off-axis tube, 3x thick slices, 150 angles,
    # cupping 0.25, stronger rings, fewer photons (held out in round 13)
    "dry_tube_floor": dict(tube="off_axis", support=None, floor=True, z_spacing=3, angles=150, cupping=0.25,
                           rings=0.02, photons=2e4),
    # a strongly tilted centred tube of gel on a rod, 2x thick slices, 120 angles, 1.5 px of
    # motion, weak cupping (held out in round 14)
    "tilted_gel_tube_rod": dict(tube="centred", tilt=0.2, support="rod", medium=0.25, z_spacing=2, angles=120,
                                motion=1.5, cupping=0.1, rings=0.015, photons=2.5e4),
    # a slightly tilted off-axis closed tube of water (a light medium), the sample on its floor,
    # thin slices, 180 angles, cupping 0.2 (held out in round 15)
    "water_tube_floor": dict(tube="off_axis", tilt=0.05, support=None, floor=True, medium=0.15, angles=180, cupping=0.2,
                             rings=0.015, photons=3e4, motion=0.8),
    # a dry, tilted off-axis open tube on a rod, 4x thick slices, 120 angles, 2 px of motion,
    # strong cupping, fewer photons (held out in round 16)
    "thick_tilted_tube_rod": dict(tube="off_axis", tilt=0.1, support="rod", z_spacing=4, angles=120, motion=2.0,
                                  cupping=0.3, rings=0.01, photons=1.5e4),
    # a sample embedded in a drop of resin (a third of its attenuation) on a pin, no tube, thin
    # slices, many angles and photons (a lab scanner), stronger rings (held out in round 17)
    "resin_drop_pin_fine": dict(tube=None, support="pin", medium=0.35, angles=240, photons=5e4, rings=0.02,
                                cupping=0.15, motion=0.3),
    # a centred, barely tilted tube of oil (a fifth of the sample's attenuation) on a rod, thin
    # slices, a clean lab scan (240 angles, many photons, weak rings) (held out in round 18)
    "oil_tube_rod_fine": dict(tube="centred", tilt=0.03, support="rod", medium=0.2, angles=240, photons=4e4,
                              rings=0.012, cupping=0.1, motion=0.5),
    # a dry sample on a pin, no tube, a fast scan of 60 angles (streaks), 2x thick slices (held
    # out in round 19)
    "pin_sparse_angles": dict(tube=None, support="pin", z_spacing=2, angles=60, photons=3e4, rings=0.01,
                              cupping=0.15, motion=0.5),
    # a strongly tilted centred tube of water, the sample on a pin, 3x thick slices, 1 px of
    # motion (held out in round 20)
    "tilted_water_tube_pin": dict(tube="centred", tilt=0.15, support="pin", medium=0.15, z_spacing=3, angles=180,
                                  photons=2.5e4, rings=0.015, cupping=0.2, motion=1.0),
    # a slightly tilted off-axis open tube of buffer (a tenth of the sample's attenuation) on a
    # rod, 2x thick slices, 150 angles, strong cupping, fewer photons, stronger rings, 1.2 px of
    # motion (held out in round 21)
    "buffer_tube_rod_cupping": dict(tube="off_axis", tilt=0.06, support="rod", medium=0.1, z_spacing=2, angles=150,
                                    photons=2e4, rings=0.02, cupping=0.3, motion=1.2),
    # a dry sample on a pin in an upright centred capillary, 4x thick slices, 120 angles, cupping
    # 0.2, 0.8 px of motion (held out in round 22)
    "thick_dry_capillary_pin": dict(tube="centred", support="pin", z_spacing=4, angles=120, photons=2.5e4, rings=0.015,
                                    cupping=0.2, motion=0.8),
    # a sample in agarose (a fifth of its attenuation) filling a barely tilted centred tube, on a
    # pin, 3x thick slices, 150 angles, 0.7 px of motion (held out in round 23)
    "agarose_tube_pin_3x": dict(tube="centred", tilt=0.05, support="pin", medium=0.2, z_spacing=3, angles=150,
                                photons=3e4, rings=0.012, cupping=0.15, motion=0.7),
    # a dry sample on a rod in a slightly tilted centred tube, thin slices, a fast noisy scan (90
    # angles, 1.5e4 photons), stronger rings, 1.5 px of motion (held out in round 24)
    "fast_tube_rod": dict(tube="centred", tilt=0.08, support="rod", angles=90, photons=1.5e4, rings=0.02, cupping=0.1,
                          motion=1.5),
    # a sample in a block of resin (a quarter of its attenuation) on a rod, no tube, 3x thick
    # slices, 120 angles, cupping 0.2, 1 px of motion (held out in round 25)
    "resin_block_rod_3x": dict(tube=None, support="rod", medium=0.25, z_spacing=3, angles=120, photons=2e4,
                               rings=0.015, cupping=0.2, motion=1.0),
    # a dry sample on a pin in a strongly tilted off-axis open tube, 2x thick slices, 150
    # angles, weak cupping, 1.8 px of motion, weak rings, many photons (held out in round 26)
    "tilted_tube_pin_motion": dict(tube="off_axis", tilt=0.18, support="pin", z_spacing=2, angles=150,
                                   photons=3.5e4, rings=0.01, cupping=0.08, motion=1.8),
    # a sample on a rod in a barely tilted off-axis open tube of saline (an eighth of its
    # attenuation), 4x thick slices, 150 angles, cupping 0.18 (held out in round 27)
    "saline_tube_rod_4x": dict(tube="off_axis", tilt=0.04, support="rod", medium=0.12, z_spacing=4, angles=150,
                               photons=2.5e4, rings=0.015, cupping=0.18, motion=0.6),
    # a dry sample on a rod, no tube, 4x thick slices, 100 angles, strong rings and cupping, few
    # photons, 1.2 px of motion (held out in round 28)
    "bare_rod_4x_rings": dict(tube=None, support="rod", z_spacing=4, angles=100, photons=1.5e4, rings=0.025,
                              cupping=0.25, motion=1.2),
    # a sample resting on the floor of a slightly tilted centred closed tube of gel (0.3 of its
    # attenuation), 2x thick slices, 120 angles, stronger rings (held out in round 29)
    "gel_tube_floor_2x": dict(tube="centred", tilt=0.07, support=None, floor=True, medium=0.3, z_spacing=2,
                              angles=120, photons=2e4, rings=0.02, cupping=0.2, motion=1.0),
    # a dry sample on a rod in a tilted off-axis open tube, 3x thick slices, 120 angles, cupping
    # 0.2, 1.4 px of motion (held out in round 30)
    "off_axis_tube_rod_3x": dict(tube="off_axis", tilt=0.1, support="rod", z_spacing=3, angles=120,
                                 photons=2e4, rings=0.018, cupping=0.2, motion=1.4),
    # a sample on the floor of an upright centred closed capillary of oil (0.18 of its
    # attenuation), 4x thick slices, 100 angles, cupping 0.15 (held out in round 31)
    "oil_capillary_floor_4x": dict(tube="centred", support=None, floor=True, medium=0.18, z_spacing=4,
                                   angles=100, photons=2e4, rings=0.015, cupping=0.15, motion=0.8),
    # a sample on a rod in a tilted centred tube of ethanol (0.08 of its attenuation), 2x thick
    # slices, 140 angles, few photons, strong cupping, 1 px of motion (held out in round 32)
    "ethanol_tube_rod_2x": dict(tube="centred", tilt=0.12, support="rod", medium=0.08, z_spacing=2,
                                angles=140, photons=1.2e4, rings=0.012, cupping=0.25, motion=1.0),
    # a sample in agar (0.22 of its attenuation) filling a tilted off-axis open tube, on a pin,
    # 3x thick slices, 110 angles, stronger rings, 1.3 px of motion (held out in round 33)
    "agar_tube_pin_3x": dict(tube="off_axis", tilt=0.09, support="pin", medium=0.22, z_spacing=3,
                             angles=110, photons=1.8e4, rings=0.02, cupping=0.22, motion=1.3),
    # a sample on the floor of a closed off-axis tube of buffer (0.1 of its attenuation), thin
    # slices, 160 angles, weak rings, strong cupping (held out in round 34)
    "buffer_tube_floor": dict(tube="off_axis", tilt=0.03, support=None, floor=True, medium=0.1,
                              angles=160, photons=2.5e4, rings=0.01, cupping=0.3, motion=0.7),
    # a sample on a pin in an upright centred capillary of resin (0.3 of its attenuation), 2x
    # thick slices, 130 angles, 1 px of motion (held out in round 35)
    "resin_capillary_pin_2x": dict(tube="centred", support="pin", medium=0.3, z_spacing=2, angles=130,
                                   photons=2e4, rings=0.015, cupping=0.2, motion=1.0),
    # a dry sample on a rod in a barely tilted off-axis capillary, 3x thick slices, a fast scan
    # (80 angles), few photons, 1 px of motion (held out in round 36)
    "dry_capillary_rod_fast": dict(tube="off_axis", tilt=0.04, support="rod", z_spacing=3, angles=80,
                                   photons=1.5e4, rings=0.015, cupping=0.15, motion=1.0),
    # a sample in gel (0.25 of its attenuation) on the floor of an upright centred closed tube,
    # 3x thick slices, 120 angles, 1.2 px of motion (held out in round 37)
    "gel_tube_floor_3x": dict(tube="centred", support=None, floor=True, medium=0.25, z_spacing=3,
                              angles=120, photons=2e4, rings=0.015, cupping=0.2, motion=1.2),
    # a sample on a pin in a slightly tilted off-axis tube of oil (0.18 of its attenuation), 2x
    # thick slices, 140 angles, stronger rings, 0.8 px of motion (held out in round 38)
    "oil_tube_pin_2x": dict(tube="off_axis", tilt=0.06, support="pin", medium=0.18, z_spacing=2,
                            angles=140, photons=2.5e4, rings=0.02, cupping=0.25, motion=0.8),
    # a sample on a rod in a barely tilted centred capillary of water (0.15 of its attenuation),
    # 3x thick slices, 110 angles, 1 px of motion (held out in round 39)
    "water_capillary_rod_3x": dict(tube="centred", tilt=0.05, support="rod", medium=0.15, z_spacing=3,
                                   angles=110, photons=2e4, rings=0.02, cupping=0.2, motion=1.0),
    # a sample in agarose (0.2 of its attenuation) on the floor of a tilted off-axis closed
    # capillary, 2x thick slices, 160 angles, strong cupping (held out in round 40)
    "agarose_capillary_floor_2x": dict(tube="off_axis", tilt=0.08, support=None, floor=True, medium=0.2,
                                       z_spacing=2, angles=160, photons=2.5e4, rings=0.015, cupping=0.25,
                                       motion=0.6),
    # a sample on a rod in a tilted off-axis open tube filled with resin (0.28 of its
    # attenuation), 4x thick slices, 130 angles, 1.1 px of motion (held out in round 41)
    "resin_tube_rod_4x": dict(tube="off_axis", tilt=0.07, support="rod", medium=0.28, z_spacing=4,
                              angles=130, photons=2e4, rings=0.018, cupping=0.2, motion=1.1),
    # a sample on a pin in a slightly tilted centred open tube of glycerol (a dense liquid, 0.32
    # of its attenuation), thin slices, a clean scan (200 angles) (held out in round 42)
    "glycerol_tube_pin_fine": dict(tube="centred", tilt=0.04, support="pin", medium=0.32, angles=200,
                                   photons=3.5e4, rings=0.012, cupping=0.15, motion=0.5),
    # a sample on the floor of a slightly tilted off-axis closed capillary of ethanol (0.08 of
    # its attenuation), 3x thick slices, a fast noisy scan (90 angles, 1.5e4 photons), stronger
    # rings, 1.2 px of motion (held out in round 43)
    "ethanol_capillary_floor_3x": dict(tube="off_axis", tilt=0.05, support=None, floor=True, medium=0.08,
                                       z_spacing=3, angles=90, photons=1.5e4, rings=0.02, cupping=0.2, motion=1.2),
    # a sample on a rod in a strongly tilted off-axis open tube of water (0.15 of its
    # attenuation), 2x thick slices, 100 angles, strong cupping, 1.5 px of motion (held out in round 44)
    "tilted_water_tube_rod_2x": dict(tube="off_axis", tilt=0.15, support="rod", medium=0.15, z_spacing=2,
                                     angles=100, photons=2e4, rings=0.015, cupping=0.25, motion=1.5),
    # a sample on a pin in a block of light agarose (0.15 of its attenuation), no tube, 2x
    # thick slices, 140 angles, 0.8 px of motion (held out in round 45)
    "agarose_block_pin_2x": dict(tube=None, support="pin", medium=0.15, z_spacing=2, angles=140,
                                 photons=2.5e4, rings=0.015, cupping=0.2, motion=0.8),
    # a dry sample on the floor of a tilted centred closed capillary, 2x thick slices, 110
    # angles, stronger rings, 1 px of motion (held out in round 46)
    "dry_tilted_capillary_floor_2x": dict(tube="centred", tilt=0.12, support=None, floor=True, z_spacing=2,
                                          angles=110, photons=2e4, rings=0.02, cupping=0.15, motion=1.0),
    # a sample on a rod in a barely tilted off-axis open capillary of oil (0.2 of its
    # attenuation), 3x thick slices, 130 angles, 1.3 px of motion (held out in round 47)
    "oil_capillary_rod_3x": dict(tube="off_axis", tilt=0.04, support="rod", medium=0.2, z_spacing=3,
                                 angles=130, photons=2.5e4, rings=0.015, cupping=0.2, motion=1.3),
    # a sample on a rod in a block of paraffin (0.35 of its attenuation), no tube, 2x thick
    # slices, 150 angles, strong cupping, 0.7 px of motion (held out in round 48)
    "paraffin_block_rod_2x": dict(tube=None, support="rod", medium=0.35, z_spacing=2, angles=150,
                                  photons=3e4, rings=0.012, cupping=0.25, motion=0.7),
    # a sample on a pin in a slightly tilted centred open capillary of saline (0.12 of its
    # attenuation), thin slices, 160 angles, 0.9 px of motion (held out in round 49)
    "saline_capillary_pin_fine": dict(tube="centred", tilt=0.06, support="pin", medium=0.12, angles=160,
                                      photons=3e4, rings=0.015, cupping=0.2, motion=0.9),
    # a sample on a pin in a tilted off-axis open tube of buffer (0.1 of its attenuation), 4x
    # thick slices, 120 angles, 1.2 px of motion (held out in round 50)
    "buffer_tilted_tube_pin_4x": dict(tube="off_axis", tilt=0.1, support="pin", medium=0.1, z_spacing=4,
                                      angles=120, photons=2e4, rings=0.018, cupping=0.2, motion=1.2),
    # a sample embedded free in a block of epoxy resin (0.4 of its attenuation), no tube and no
    # support, 3x thick slices, 140 angles, 0.9 px of motion (held out in round 51)
    "epoxy_block_free_3x": dict(tube=None, support=None, medium=0.4, z_spacing=3, angles=140,
                                photons=2.5e4, rings=0.015, cupping=0.22, motion=0.9),
    # a sample on the floor of a tilted off-axis closed tube of saline (0.12 of its attenuation),
    # 4x thick slices, 150 angles, 1 px of motion (held out in round 52)
    "saline_tilted_tube_floor_4x": dict(tube="off_axis", tilt=0.1, support=None, floor=True, medium=0.12,
                                        z_spacing=4, angles=150, photons=3e4, rings=0.012, cupping=0.18, motion=1.0),
    # a sample on a rod in a slightly tilted centred open capillary of agar (0.22 of its
    # attenuation), 4x thick slices, 130 angles, 1.1 px of motion (held out in round 53)
    "agar_capillary_rod_4x": dict(tube="centred", tilt=0.05, support="rod", medium=0.22, z_spacing=4,
                                  angles=130, photons=2.5e4, rings=0.016, cupping=0.2, motion=1.1),
    # a sample on the floor of a tilted centred closed capillary of glycerol (0.3 of its
    # attenuation), 3x thick slices, 140 angles, 1 px of motion (held out in round 54)
    "glycerol_capillary_floor_3x": dict(tube="centred", tilt=0.1, support=None, floor=True, medium=0.3, z_spacing=3,
                                        angles=140, photons=2e4, rings=0.014, cupping=0.18, motion=1.0),
    # a sample on a pin in an upright off-axis open tube of water (0.15 of its attenuation), 2x
    # thick slices, 170 angles, 1.3 px of motion (held out in round 55)
    "water_tube_pin_2x": dict(tube="off_axis", support="pin", medium=0.15, z_spacing=2, angles=170,
                              photons=3e4, rings=0.013, cupping=0.16, motion=1.3),
    # a sample on a pin in a strongly tilted centred open capillary of gel (0.28 of its
    # attenuation), 3x thick slices, 120 angles, 1.2 px of motion (held out in round 56)
    "gel_tilted_capillary_pin_3x": dict(tube="centred", tilt=0.14, support="pin", medium=0.28, z_spacing=3,
                                        angles=120, photons=2e4, rings=0.017, cupping=0.2, motion=1.2),
    # a sample on a pin in a slightly tilted off-axis open capillary of glycerol (0.32 of its
    # attenuation), 4x thick slices, 110 angles, 1 px of motion (held out in round 57)
    "glycerol_capillary_pin_4x": dict(tube="off_axis", tilt=0.07, support="pin", medium=0.32, z_spacing=4,
                                      angles=110, photons=2e4, rings=0.016, cupping=0.22, motion=1.0),
    # a sample embedded free in a block of agarose (0.18 of its attenuation), no tube and no
    # support, thin slices, 150 angles, 1.1 px of motion (held out in round 58)
    "agarose_block_free_fine": dict(tube=None, support=None, medium=0.18, angles=150, photons=2.5e4,
                                    rings=0.013, cupping=0.18, motion=1.1),
    # a sample on a rod in a strongly tilted off-axis open capillary of saline (0.12 of its
    # attenuation), thin slices, 170 angles, 1 px of motion (held out in round 59)
    "saline_tilted_capillary_rod_fine": dict(tube="off_axis", tilt=0.13, support="rod", medium=0.12, angles=170,
                                             photons=3e4, rings=0.014, cupping=0.2, motion=1.0),
    # a sample on the floor of a slightly tilted centred closed tube of paraffin (0.35 of its
    # attenuation), 3x thick slices, 130 angles, 1 px of motion (held out in round 60)
    "paraffin_tube_floor_3x": dict(tube="centred", tilt=0.05, support=None, floor=True, medium=0.35, z_spacing=3,
                                   angles=130, photons=2.5e4, rings=0.015, cupping=0.22, motion=1.0),
    # a sample on the floor of a tilted off-axis closed tube of oil (0.2 of its attenuation), 2x
    # thick slices, 140 angles, 1.2 px of motion (held out in round 61)
    "oil_tilted_tube_floor_2x": dict(tube="off_axis", tilt=0.09, support=None, floor=True, medium=0.2, z_spacing=2,
                                     angles=140, photons=2.5e4, rings=0.014, cupping=0.2, motion=1.2),
    # a sample on a rod in a slightly tilted centred open capillary of buffer (0.1 of its
    # attenuation), 2x thick slices, 160 angles, 0.8 px of motion (held out in round 62)
    "buffer_capillary_rod_2x": dict(tube="centred", tilt=0.04, support="rod", medium=0.1, z_spacing=2,
                                    angles=160, photons=3e4, rings=0.013, cupping=0.18, motion=0.8),
    # a sample on the floor of a tilted off-axis closed capillary of water (0.15 of its
    # attenuation), 3x thick slices, 120 angles, 1.5 px of motion (held out in round 63)
    "water_tilted_capillary_floor_3x": dict(tube="off_axis", tilt=0.1, support=None, floor=True, medium=0.15,
                                            z_spacing=3, angles=120, photons=2e4, rings=0.016, cupping=0.2, motion=1.5),
    # a sample on the floor of a strongly tilted off-axis closed tube of gel (0.28 of its
    # attenuation), 4x thick slices, 110 angles, 1.3 px of motion (held out in round 64)
    "gel_tilted_tube_floor_4x": dict(tube="off_axis", tilt=0.12, support=None, floor=True, medium=0.28,
                                     z_spacing=4, angles=110, photons=2e4, rings=0.016, cupping=0.24, motion=1.3),
    # a dry sample on a pin in a slightly tilted centred capillary, thin slices, 200 angles, 0.6
    # px of motion, strong rings (held out in round 65)
    "dry_tilted_capillary_pin_fine": dict(tube="centred", tilt=0.06, support="pin", angles=200, photons=3e4,
                                          rings=0.03, cupping=0.15, motion=0.6),
    # a sample on the floor of a tilted centred closed tube of resin (0.28 of its attenuation),
    # 2x thick slices, 140 angles, 1 px of motion (held out in round 66)
    "resin_tilted_tube_floor_2x": dict(tube="centred", tilt=0.07, support=None, floor=True, medium=0.28,
                                       z_spacing=2, angles=140, photons=2.5e4, rings=0.014, cupping=0.22, motion=1.0),
    # a sample on a pin in a strongly tilted off-axis open tube of saline (0.12 of its
    # attenuation), 3x thick slices, 150 angles, 1.1 px of motion (held out in round 67)
    "saline_tilted_tube_pin_3x": dict(tube="off_axis", tilt=0.12, support="pin", medium=0.12, z_spacing=3,
                                      angles=150, photons=2.5e4, rings=0.015, cupping=0.2, motion=1.1),
    # a sample on a rod in a tilted centred open tube of agar (0.22 of its attenuation), 2x
    # thick slices, 130 angles, 0.9 px of motion (held out in round 68)
    "agar_tilted_tube_rod_2x": dict(tube="centred", tilt=0.09, support="rod", medium=0.22, z_spacing=2,
                                    angles=130, photons=2.5e4, rings=0.016, cupping=0.2, motion=0.9),
    # a sample on the floor of a tilted off-axis closed capillary of buffer (0.1 of its
    # attenuation), 4x thick slices, 120 angles, 1 px of motion (held out in round 69)
    "buffer_tilted_capillary_floor_4x": dict(tube="off_axis", tilt=0.1, support=None, floor=True, medium=0.1,
                                             z_spacing=4, angles=120, photons=2e4, rings=0.017, cupping=0.2, motion=1.0),
    # a sample on the floor of an upright centred closed tube of oil (0.18 of its attenuation),
    # thin slices, 180 angles, 0.7 px of motion (held out in round 70)
    "oil_tube_floor_fine": dict(tube="centred", support=None, floor=True, medium=0.18, angles=180, photons=3e4,
                                rings=0.012, cupping=0.16, motion=0.7),
    # a sample on a rod in a tilted off-axis open tube of glycerol (0.3 of its attenuation),
    # 4x thick slices, 110 angles, 1.2 px of motion (held out in round 71)
    "glycerol_tilted_tube_rod_4x": dict(tube="off_axis", tilt=0.1, support="rod", medium=0.3, z_spacing=4,
                                        angles=110, photons=2e4, rings=0.018, cupping=0.22, motion=1.2),
    # a dry sample on a rod in a tilted off-axis open tube, 3x thick slices, 130 angles, 1 px of
    # motion (held out in round 72)
    "dry_tilted_tube_rod_3x": dict(tube="off_axis", tilt=0.08, support="rod", z_spacing=3, angles=130,
                                   photons=2.5e4, rings=0.016, cupping=0.18, motion=1.0),
    # a sample on a rod in a tilted centred open capillary of ethanol (0.08 of its attenuation),
    # 2x thick slices, 140 angles, 1.1 px of motion (held out in round 73)
    "ethanol_tilted_capillary_rod_2x": dict(tube="centred", tilt=0.11, support="rod", medium=0.08, z_spacing=2,
                                            angles=140, photons=2.5e4, rings=0.015, cupping=0.2, motion=1.1),
    # a sample on a pin in a tilted centred open capillary of paraffin (0.35 of its
    # attenuation), 2x thick slices, 150 angles, 0.9 px of motion (held out in round 74)
    "paraffin_tilted_capillary_pin_2x": dict(tube="centred", tilt=0.09, support="pin", medium=0.35, z_spacing=2,
                                             angles=150, photons=2.5e4, rings=0.014, cupping=0.2, motion=0.9),
    # a sample on the floor of a tilted off-axis closed tube of water (0.15 of its attenuation),
    # 2x thick slices, 160 angles, 1 px of motion (held out in round 75)
    "water_tilted_tube_floor_2x": dict(tube="off_axis", tilt=0.07, support=None, floor=True, medium=0.15, z_spacing=2,
                                       angles=160, photons=3e4, rings=0.013, cupping=0.18, motion=1.0),
    # a dry sample on a pin in a tilted off-axis open tube, 2x thick slices, 150 angles, strong
    # rings, 1.2 px of motion (held out in round 76)
    "dry_tilted_tube_pin_2x": dict(tube="off_axis", tilt=0.1, support="pin", z_spacing=2, angles=150,
                                   photons=2.5e4, rings=0.018, cupping=0.18, motion=1.2),
    # a sample on a rod in a slightly tilted off-axis open capillary of gel (0.25 of its
    # attenuation), 2x thick slices, 140 angles, 1 px of motion (held out in round 77)
    "gel_capillary_rod_2x": dict(tube="off_axis", tilt=0.06, support="rod", medium=0.25, z_spacing=2,
                                 angles=140, photons=2.5e4, rings=0.015, cupping=0.2, motion=1.0),
    # a sample on the floor of an upright off-axis closed tube of saline (0.12 of its
    # attenuation), 3x thick slices, 130 angles, 0.9 px of motion (held out in round 78)
    "saline_tube_floor_3x": dict(tube="off_axis", support=None, floor=True, medium=0.12, z_spacing=3,
                                 angles=130, photons=2.5e4, rings=0.014, cupping=0.19, motion=0.9),
    # a dry sample on the floor of an upright centred closed capillary, 4x thick slices, 120
    # angles, 0.8 px of motion (held out in round 79)
    "dry_capillary_floor_4x": dict(tube="centred", support=None, floor=True, z_spacing=4, angles=120,
                                   photons=2.5e4, rings=0.015, cupping=0.17, motion=0.8),
    # a sample on the floor of a tilted off-axis closed capillary of agar (0.22 of its
    # attenuation), 3x thick slices, 140 angles, 1.1 px of motion (held out in round 80)
    "agar_tilted_capillary_floor_3x": dict(tube="off_axis", tilt=0.08, support=None, floor=True, medium=0.22, z_spacing=3,
                                           angles=140, photons=2.5e4, rings=0.016, cupping=0.2, motion=1.1),
    # a sample on a pin in a tilted centred open capillary of oil (0.18 of its attenuation), 2x
    # thick slices, 150 angles, 0.9 px of motion (held out in round 81)
    "oil_tilted_capillary_pin_2x": dict(tube="centred", tilt=0.07, support="pin", medium=0.18, z_spacing=2,
                                        angles=150, photons=2.5e4, rings=0.014, cupping=0.19, motion=0.9),
    # a sample on a rod in a tilted off-axis open capillary of resin (0.28 of its attenuation), 3x
    # thick slices, 130 angles, 1 px of motion (held out in round 82)
    "resin_tilted_capillary_rod_3x": dict(tube="off_axis", tilt=0.09, support="rod", medium=0.28, z_spacing=3,
                                          angles=130, photons=2.5e4, rings=0.015, cupping=0.21, motion=1.0),
    # a dry sample on a pin in an upright off-axis open tube, 4x thick slices, 110 angles, 1 px of
    # motion (held out in round 83)
    "dry_tube_pin_4x": dict(tube="off_axis", support="pin", z_spacing=4, angles=110, photons=2e4, rings=0.016,
                            cupping=0.18, motion=1.0),
    # a sample on the floor of a slightly tilted centred closed tube of ethanol (0.08 of its
    # attenuation), 4x thick slices, 120 angles, 0.8 px of motion (held out in round 84)
    "ethanol_tube_floor_4x": dict(tube="centred", tilt=0.04, support=None, floor=True, medium=0.08, z_spacing=4,
                                  angles=120, photons=2.2e4, rings=0.015, cupping=0.2, motion=0.8),
    # a sample on a pin in an upright off-axis open capillary of paraffin (0.33 of its
    # attenuation), 3x thick slices, 140 angles, 0.9 px of motion (held out in round 85)
    "paraffin_capillary_pin_3x": dict(tube="off_axis", support="pin", medium=0.33, z_spacing=3, angles=140,
                                      photons=2.4e4, rings=0.014, cupping=0.2, motion=0.9),
    # a dry sample on the floor of a tilted off-axis closed tube, 3x thick slices, 130 angles, 1.1
    # px of motion (held out in round 86)
    "dry_tilted_tube_floor_3x": dict(tube="off_axis", tilt=0.08, support=None, floor=True, z_spacing=3, angles=130,
                                     photons=2.3e4, rings=0.015, cupping=0.19, motion=1.1),
    # a sample on a pin in a slightly tilted centred open capillary of water (0.15 of its
    # attenuation), 4x thick slices, 120 angles, 1 px of motion (held out in round 87)
    "water_tilted_capillary_pin_4x": dict(tube="centred", tilt=0.06, support="pin", medium=0.15, z_spacing=4,
                                          angles=120, photons=2.4e4, rings=0.016, cupping=0.18, motion=1.0),
    # a sample on the floor of an upright off-axis closed tube of glycerol (0.3 of its
    # attenuation), 2x thick slices, 150 angles, 0.9 px of motion (held out in round 88)
    "glycerol_tube_floor_2x": dict(tube="off_axis", support=None, floor=True, medium=0.3, z_spacing=2, angles=150,
                                   photons=2.5e4, rings=0.014, cupping=0.2, motion=0.9),
    # a dry sample on a pin in a barely tilted off-axis open capillary, 3x thick slices, 100
    # angles, 1.2 px of motion (held out in round 89)
    "dry_capillary_pin_3x": dict(tube="off_axis", tilt=0.03, support="pin", z_spacing=3, angles=100, photons=2e4,
                                 rings=0.018, cupping=0.17, motion=1.2),
    # a sample on a rod in an upright centred open tube of saline (0.12 of its attenuation), 2x
    # thick slices, 160 angles, 0.8 px of motion (held out in round 90)
    "saline_tube_rod_2x": dict(tube="centred", support="rod", medium=0.12, z_spacing=2, angles=160, photons=2.6e4,
                               rings=0.013, cupping=0.18, motion=0.8),
    # a sample on a pin in a tilted off-axis open tube of agarose gel (0.24 of its attenuation),
    # 4x thick slices, 130 angles, 1 px of motion (held out in round 91)
    "agarose_tilted_tube_pin_4x": dict(tube="off_axis", tilt=0.07, support="pin", medium=0.24, z_spacing=4,
                                       angles=130, photons=2.3e4, rings=0.015, cupping=0.19, motion=1.0),
    # a dry sample on a rod in an upright off-axis open tube, 2x thick slices, 140 angles, 0.9 px
    # of motion (held out in round 92)
    "dry_tube_rod_2x": dict(tube="off_axis", support="rod", z_spacing=2, angles=140, photons=2.4e4, rings=0.014,
                            cupping=0.18, motion=0.9),
    # a sample on a rod in a tilted centred open tube of buffer (0.1 of its attenuation), 3x thick
    # slices, 140 angles, 1 px of motion (held out in round 93)
    "buffer_tilted_tube_rod_3x": dict(tube="centred", tilt=0.06, support="rod", medium=0.1, z_spacing=3,
                                      angles=140, photons=2.5e4, rings=0.015, cupping=0.2, motion=1.0),
    # a sample on a rod in an upright centred open tube of gel (0.27 of its attenuation), 3x thick
    # slices, 150 angles, 0.9 px of motion (held out in round 94)
    "gel_tube_rod_3x": dict(tube="centred", support="rod", medium=0.27, z_spacing=3, angles=150, photons=2.4e4,
                            rings=0.014, cupping=0.19, motion=0.9),
    # a dry sample on a rod in a tilted centred open capillary, 3x thick slices, 120 angles, 1 px
    # of motion (held out in round 95)
    "dry_tilted_capillary_rod_3x": dict(tube="centred", tilt=0.08, support="rod", z_spacing=3, angles=120,
                                        photons=2.2e4, rings=0.016, cupping=0.19, motion=1.0),
    # a sample on a pin in an upright off-axis open capillary of oil (0.16 of its attenuation), 2x
    # thick slices, 140 angles, 0.9 px of motion (held out in round 96)
    "oil_capillary_pin_2x": dict(tube="off_axis", support="pin", medium=0.16, z_spacing=2, angles=140, photons=2.4e4,
                                 rings=0.015, cupping=0.18, motion=0.9),
    # a sample on a pin in a tilted off-axis open tube of resin (0.3 of its attenuation), 3x thick
    # slices, 130 angles, 1 px of motion (held out in round 97)
    "resin_tilted_tube_pin_3x": dict(tube="off_axis", tilt=0.06, support="pin", medium=0.3, z_spacing=3,
                                     angles=130, photons=2.3e4, rings=0.015, cupping=0.2, motion=1.0),
    # a dry sample on a rod in an upright centred open capillary, 4x thick slices, 110 angles,
    # 1.1 px of motion (held out in round 98)
    "dry_capillary_rod_4x": dict(tube="centred", support="rod", z_spacing=4, angles=110, photons=2.2e4,
                                 rings=0.016, cupping=0.18, motion=1.1),
    # a sample on a pin in a tilted off-axis open tube of ethanol (0.08 of its attenuation), 2x
    # thick slices, 150 angles, 0.9 px of motion (held out in round 99)
    "ethanol_tilted_tube_pin_2x": dict(tube="off_axis", tilt=0.07, support="pin", medium=0.08, z_spacing=2,
                                       angles=150, photons=2.4e4, rings=0.014, cupping=0.19, motion=0.9),
    # a sample on the floor of an upright centred closed tube of agar (0.23 of its attenuation), 4x
    # thick slices, 120 angles, 1 px of motion (held out in round 100)
    "agar_tube_floor_4x": dict(tube="centred", support=None, floor=True, medium=0.23, z_spacing=4,
                               angles=120, photons=2.3e4, rings=0.015, cupping=0.19, motion=1.0),
    # a dry sample on a pin in an upright centred open tube, 3x thick slices, 140 angles, 1 px of
    # motion (held out in round 101)
    "dry_tube_pin_3x": dict(tube="centred", support="pin", z_spacing=3, angles=140, photons=2.3e4,
                            rings=0.015, cupping=0.18, motion=1.0),
    # a sample on a rod in a tilted centred open tube of oil (0.18 of its attenuation), 3x thick
    # slices, 130 angles, 1.1 px of motion (held out in round 102)
    "oil_tilted_tube_rod_3x": dict(tube="centred", tilt=0.05, support="rod", medium=0.18, z_spacing=3,
                                   angles=130, photons=2.2e4, rings=0.016, cupping=0.2, motion=1.1),
    # a sample on a rod in an upright off-axis open tube of paraffin (0.33 of its attenuation), 2x
    # thick slices, 150 angles, 0.9 px of motion (held out in round 103)
    "paraffin_tube_rod_2x": dict(tube="off_axis", support="rod", medium=0.33, z_spacing=2, angles=150,
                                 photons=2.4e4, rings=0.014, cupping=0.18, motion=0.9),
    # a dry sample on the floor of a tilted off-axis closed tube, 2x thick slices, 130 angles, 1 px
    # of motion (held out in round 104)
    "dry_tilted_tube_floor_2x": dict(tube="off_axis", tilt=0.06, support=None, floor=True, z_spacing=2,
                                     angles=130, photons=2.3e4, rings=0.015, cupping=0.18, motion=1.0),
    # a sample on a rod in an upright off-axis open tube of water (0.15 of its attenuation), 4x
    # thick slices, 120 angles, 1 px of motion (held out in round 105)
    "water_tube_rod_4x": dict(tube="off_axis", support="rod", medium=0.15, z_spacing=4, angles=120,
                              photons=2.2e4, rings=0.016, cupping=0.19, motion=1.0),
    # a sample on a pin in a tilted off-axis open tube of gel (0.26 of its attenuation), 2x thick
    # slices, 140 angles, 1 px of motion (held out in round 106)
    "gel_tilted_tube_pin_2x": dict(tube="off_axis", tilt=0.08, support="pin", medium=0.26, z_spacing=2,
                                   angles=140, photons=2.3e4, rings=0.015, cupping=0.19, motion=1.0),
    # a dry sample on the floor of an upright centred closed capillary, 3x thick slices, 120
    # angles, 1.1 px of motion (held out in round 107)
    "dry_capillary_floor_3x": dict(tube="centred", support=None, floor=True, z_spacing=3, angles=120,
                                   photons=2.2e4, rings=0.016, cupping=0.17, motion=1.1),
    # a sample on the floor of an upright centred closed capillary of saline (0.12 of its
    # attenuation), 2x thick slices, 140 angles, 1 px of motion (held out in round 108)
    "saline_capillary_floor_2x": dict(tube="centred", support=None, floor=True, medium=0.12, z_spacing=2,
                                      angles=140, photons=2.3e4, rings=0.015, cupping=0.18, motion=1.0),
    # a sample on a pin in a tilted centred open capillary of glycerol (0.31 of its attenuation),
    # 3x thick slices, 130 angles, 1 px of motion (held out in round 109)
    "glycerol_tilted_capillary_pin_3x": dict(tube="centred", tilt=0.07, support="pin", medium=0.31, z_spacing=3,
                                             angles=130, photons=2.3e4, rings=0.015, cupping=0.19, motion=1.0),
    # a dry sample on a pin in a tilted centred open capillary, 4x thick slices, 120 angles, 1.1 px
    # of motion (held out in round 110)
    "dry_tilted_capillary_pin_4x": dict(tube="centred", tilt=0.06, support="pin", z_spacing=4, angles=120,
                                        photons=2.2e4, rings=0.016, cupping=0.18, motion=1.1),
    # a sample on the floor of an upright off-axis closed tube of water (0.15 of its attenuation),
    # 3x thick slices, 140 angles, 1 px of motion (held out in round 111)
    "water_tube_floor_3x": dict(tube="off_axis", support=None, floor=True, medium=0.15, z_spacing=3, angles=140,
                                photons=2.3e4, rings=0.015, cupping=0.18, motion=1.0),
    # a sample on a rod in an upright off-axis open tube of agarose (0.22 of its attenuation), 2x
    # thick slices, 150 angles, 0.9 px of motion (held out in round 112)
    "agarose_tube_rod_2x": dict(tube="off_axis", support="rod", medium=0.22, z_spacing=2, angles=150,
                                photons=2.4e4, rings=0.014, cupping=0.18, motion=0.9),
    # a dry sample on the floor of an upright off-axis closed tube, 4x thick slices, 130 angles, 1
    # px of motion (held out in round 113)
    "dry_tube_floor_4x": dict(tube="off_axis", support=None, floor=True, z_spacing=4, angles=130, photons=2.3e4,
                              rings=0.015, cupping=0.19, motion=1.0),
    # a sample on a pin in an upright centred open capillary of ethanol (0.08 of its attenuation),
    # 3x thick slices, 140 angles, 1 px of motion (held out in round 114)
    "ethanol_capillary_pin_3x": dict(tube="centred", support="pin", medium=0.08, z_spacing=3, angles=140,
                                     photons=2.3e4, rings=0.015, cupping=0.18, motion=1.0),
    # a sample on the floor of an upright centred closed capillary of resin (0.3 of its
    # attenuation), 2x thick slices, 150 angles, 0.9 px of motion (held out in round 115)
    "resin_capillary_floor_2x": dict(tube="centred", support=None, floor=True, medium=0.3, z_spacing=2, angles=150,
                                     photons=2.4e4, rings=0.014, cupping=0.19, motion=0.9),
    # a dry sample on a rod in an upright centred open capillary, 2x thick slices, 150 angles, 0.9
    # px of motion (held out in round 116)
    "dry_capillary_rod_2x": dict(tube="centred", support="rod", z_spacing=2, angles=150, photons=2.4e4, rings=0.014,
                                 cupping=0.18, motion=0.9),
    # a sample on a pin in an upright centred open capillary of buffer (0.1 of its attenuation),
    # 4x thick slices, 120 angles, 1.1 px of motion (held out in round 117)
    "buffer_capillary_pin_4x": dict(tube="centred", support="pin", medium=0.1, z_spacing=4, angles=120,
                                    photons=2.2e4, rings=0.016, cupping=0.18, motion=1.1),
    # a sample on a pin in an upright off-axis open tube of paraffin (0.34 of its attenuation), 3x
    # thick slices, 140 angles, 1 px of motion (held out in round 118)
    "paraffin_tube_pin_3x": dict(tube="off_axis", support="pin", medium=0.34, z_spacing=3, angles=140,
                                 photons=2.3e4, rings=0.015, cupping=0.19, motion=1.0),
    # a dry sample on a pin in a tilted off-axis open tube, 4x thick slices, 130 angles, 1 px of
    # motion (held out in round 119)
    "dry_tilted_tube_pin_4x": dict(tube="off_axis", tilt=0.09, support="pin", z_spacing=4, angles=130,
                                   photons=2.3e4, rings=0.015, cupping=0.18, motion=1.0),
    # a sample on a pin in a tilted centred open capillary of saline (0.12 of its attenuation), 2x
    # thick slices, 150 angles, 0.9 px of motion (held out in round 120)
    "saline_tilted_capillary_pin_2x": dict(tube="centred", tilt=0.1, support="pin", medium=0.12, z_spacing=2,
                                           angles=150, photons=2.4e4, rings=0.014, cupping=0.18, motion=0.9),
    # a sample on a rod in an upright centred open tube of agar (0.23 of its attenuation), 3x thick
    # slices, 140 angles, 1 px of motion (held out in round 121)
    "agar_tube_rod_3x": dict(tube="centred", support="rod", medium=0.23, z_spacing=3, angles=140,
                             photons=2.3e4, rings=0.015, cupping=0.19, motion=1.0),
    # a dry sample on a pin in a tilted centred open capillary, 2x thick slices, 150 angles, 0.9 px
    # of motion (held out in round 122)
    "dry_tilted_capillary_pin_2x": dict(tube="centred", tilt=0.08, support="pin", z_spacing=2, angles=150,
                                        photons=2.4e4, rings=0.014, cupping=0.18, motion=0.9),
    # a sample on the floor of an upright centred closed capillary of water (0.15 of its
    # attenuation), 4x thick slices, 130 angles, 1 px of motion (held out in round 123)
    "water_capillary_floor_4x": dict(tube="centred", support=None, floor=True, medium=0.15, z_spacing=4,
                                     angles=130, photons=2.3e4, rings=0.015, cupping=0.18, motion=1.0),
    # a sample on a pin in an upright off-axis open tube of gel (0.27 of its attenuation), 3x thick
    # slices, 140 angles, 1 px of motion (held out in round 124)
    "gel_tube_pin_3x": dict(tube="off_axis", support="pin", medium=0.27, z_spacing=3, angles=140,
                            photons=2.3e4, rings=0.015, cupping=0.19, motion=1.0),
    # a dry sample on a rod in a slightly tilted off-axis open tube, 4x thick slices, 120 angles,
    # 1.1 px of motion (held out in round 125)
    "dry_tube_rod_4x": dict(tube="off_axis", tilt=0.05, support="rod", z_spacing=4, angles=120,
                            photons=2.2e4, rings=0.016, cupping=0.18, motion=1.1),
    # a sample on the floor of an upright off-axis closed tube of oil (0.18 of its attenuation), 3x
    # thick slices, 140 angles, 1 px of motion (held out in round 126)
    "oil_tube_floor_3x": dict(tube="off_axis", support=None, floor=True, medium=0.18, z_spacing=3, angles=140,
                              photons=2.3e4, rings=0.015, cupping=0.18, motion=1.0),
    # a sample on a pin in a tilted centred open capillary of agarose (0.22 of its attenuation), 3x
    # thick slices, 140 angles, 1 px of motion (held out in round 127)
    "agarose_tilted_capillary_pin_3x": dict(tube="centred", tilt=0.06, support="pin", medium=0.22, z_spacing=3,
                                            angles=140, photons=2.3e4, rings=0.015, cupping=0.19, motion=1.0),
    # a dry sample on a pin in an upright centred open capillary, 4x thick slices, 120 angles, 1.1
    # px of motion (held out in round 128)
    "dry_capillary_pin_4x": dict(tube="centred", support="pin", z_spacing=4, angles=120, photons=2.2e4, rings=0.016,
                                 cupping=0.18, motion=1.1),
    # a sample on a pin in an upright off-axis open tube of saline (0.12 of its attenuation), 4x
    # thick slices, 120 angles, 1.1 px of motion (held out in round 129)
    "saline_tube_pin_4x": dict(tube="off_axis", support="pin", medium=0.12, z_spacing=4, angles=120, photons=2.2e4,
                               rings=0.016, cupping=0.18, motion=1.1),
    # a sample on a rod in an upright off-axis open tube of glycerol (0.31 of its attenuation), 2x
    # thick slices, 150 angles, 0.9 px of motion (held out in round 130)
    "glycerol_tube_rod_2x": dict(tube="off_axis", support="rod", medium=0.31, z_spacing=2, angles=150, photons=2.4e4,
                                 rings=0.014, cupping=0.19, motion=0.9),
    # a dry sample on a rod in a tilted off-axis open tube, 4x thick slices, 130 angles, 1 px of
    # motion (held out in round 131)
    "dry_tilted_tube_rod_4x": dict(tube="off_axis", tilt=0.07, support="rod", z_spacing=4, angles=130, photons=2.3e4,
                                   rings=0.015, cupping=0.19, motion=1.0),
    # a sample on a rod in a tilted off-axis open tube of ethanol (0.08 of its attenuation), 3x
    # thick slices, 140 angles, 1 px of motion (held out in round 132)
    "ethanol_tilted_tube_rod_3x": dict(tube="off_axis", tilt=0.06, support="rod", medium=0.08, z_spacing=3, angles=140,
                                       photons=2.3e4, rings=0.015, cupping=0.18, motion=1.0),
    # a sample on a rod in a tilted centred open tube of paraffin (0.33 of its attenuation), 4x
    # thick slices, 130 angles, 1 px of motion (held out in round 133)
    "paraffin_tilted_tube_rod_4x": dict(tube="centred", tilt=0.06, support="rod", medium=0.33, z_spacing=4, angles=130,
                                        photons=2.3e4, rings=0.015, cupping=0.19, motion=1.0),
    # a dry sample on a rod in an upright centred open tube, 3x thick slices, 140 angles, 1.1 px
    # of motion (held out in round 134)
    "dry_tube_rod_3x": dict(tube="centred", support="rod", z_spacing=3, angles=140, photons=2.4e4, rings=0.014,
                            cupping=0.18, motion=1.1),
    # a sample on a pin in an upright off-axis open tube of buffer (0.1 of its attenuation), 3x
    # thick slices, 140 angles, 1 px of motion (held out in round 135)
    "buffer_tube_pin_3x": dict(tube="off_axis", support="pin", medium=0.1, z_spacing=3, angles=140, photons=2.3e4,
                               rings=0.015, cupping=0.18, motion=1.0),
    # a sample on a pin in an upright centred open capillary of agar (0.22 of its attenuation), 2x
    # thick slices, 150 angles, 0.9 px of motion (held out in round 136)
    "agar_capillary_pin_2x": dict(tube="centred", support="pin", medium=0.22, z_spacing=2, angles=150, photons=2.4e4,
                                  rings=0.014, cupping=0.18, motion=0.9),
    # a dry sample on the floor of a tilted centred closed capillary, 3x thick slices, 140 angles,
    # 1 px of motion (held out in round 137)
    "dry_tilted_capillary_floor_3x": dict(tube="centred", tilt=0.06, support=None, floor=True, z_spacing=3, angles=140,
                                          photons=2.3e4, rings=0.015, cupping=0.19, motion=1.0),
    # a sample on a rod in an upright centred open capillary of saline (0.12 of its attenuation),
    # 3x thick slices, 140 angles, 1 px of motion (held out in round 138)
    "saline_capillary_rod_3x": dict(tube="centred", support="rod", medium=0.12, z_spacing=3, angles=140, photons=2.3e4,
                                    rings=0.015, cupping=0.18, motion=1.0),
    # a sample on the floor of an upright centred closed capillary of gel (0.27 of its
    # attenuation), 3x thick slices, 140 angles, 1 px of motion (held out in round 139)
    "gel_capillary_floor_3x": dict(tube="centred", support=None, floor=True, medium=0.27, z_spacing=3, angles=140,
                                   photons=2.3e4, rings=0.015, cupping=0.19, motion=1.0),
    # a sample on a rod in a tilted centred open capillary of oil (0.18 of its attenuation), 2x
    # thick slices, 150 angles, 0.9 px of motion (held out in round 140)
    "oil_tilted_capillary_rod_2x": dict(tube="centred", tilt=0.06, support="rod", medium=0.18, z_spacing=2, angles=150,
                                        photons=2.4e4, rings=0.014, cupping=0.18, motion=0.9),
    # a dry sample on a pin in a tilted centred open tube, 3x thick slices, 140 angles, 1 px of
    # motion (held out in round 141)
    "dry_tilted_tube_pin_3x": dict(tube="centred", tilt=0.08, support="pin", z_spacing=3, angles=140, photons=2.3e4,
                                   rings=0.015, cupping=0.19, motion=1.0),
    # a sample on the floor of an upright off-axis closed tube of resin (0.3 of its attenuation),
    # 3x thick slices, 140 angles, 1 px of motion (held out in round 142)
    "resin_tube_floor_3x": dict(tube="off_axis", support=None, floor=True, medium=0.3, z_spacing=3, angles=140,
                                photons=2.3e4, rings=0.015, cupping=0.2, motion=1.0),
    # a sample on the floor of an upright centred closed capillary of buffer (0.1 of its
    # attenuation), 3x thick slices, 140 angles, 1 px of motion (held out in round 143)
    "buffer_capillary_floor_3x": dict(tube="centred", support=None, floor=True, medium=0.1, z_spacing=3, angles=140,
                                      photons=2.3e4, rings=0.015, cupping=0.18, motion=1.0),
    # a dry sample on a rod in a tilted centred open capillary, 2x thick slices, 150 angles,
    # 0.9 px of motion (held out in round 144)
    "dry_tilted_capillary_rod_2x": dict(tube="centred", tilt=0.06, support="rod", z_spacing=2, angles=150, photons=2.4e4,
                                        rings=0.014, cupping=0.18, motion=0.9),
    # a sample on a rod in an upright centred open capillary of agarose (0.22 of its
    # attenuation), 3x thick slices, 140 angles, 1 px of motion (held out in round 145)
    "agarose_capillary_rod_3x": dict(tube="centred", support="rod", medium=0.22, z_spacing=3, angles=140, photons=2.3e4,
                                     rings=0.015, cupping=0.18, motion=1.0),
    # a sample on a pin in an upright centred open capillary of water (0.15 of its
    # attenuation), 3x thick slices, 140 angles, 1 px of motion (held out in round 146)
    "water_capillary_pin_3x": dict(tube="centred", support="pin", medium=0.15, z_spacing=3, angles=140, photons=2.3e4,
                                   rings=0.015, cupping=0.18, motion=1.0),
    # a dry sample on the floor of an upright off-axis closed tube, 3x thick slices, 140 angles,
    # 1 px of motion (held out in round 147)
    "dry_tube_floor_3x": dict(tube="off_axis", support=None, floor=True, z_spacing=3, angles=140, photons=2.3e4,
                              rings=0.015, cupping=0.19, motion=1.0),
    # a sample on the floor of an upright centred closed capillary of paraffin (0.33 of its
    # attenuation), 3x thick slices, 140 angles, 1 px of motion (held out in round 148)
    "paraffin_capillary_floor_3x": dict(tube="centred", support=None, floor=True, medium=0.33, z_spacing=3, angles=140,
                                        photons=2.3e4, rings=0.015, cupping=0.19, motion=1.0),
    # a sample on the floor of an upright off-axis closed tube of saline (0.12 of its
    # attenuation), 2x thick slices, 150 angles, 0.9 px of motion (held out in round 149)
    "saline_tube_floor_2x": dict(tube="off_axis", support=None, floor=True, medium=0.12, z_spacing=2, angles=150,
                                 photons=2.4e4, rings=0.014, cupping=0.18, motion=0.9),
    # a sample on a pin in an upright off-axis dry tube, 2x thick slices, 150 angles, 0.8 px of
    # motion (held out in round 150)
    "dry_tube_pin_2x": dict(tube="off_axis", support="pin", z_spacing=2, angles=150, photons=2.5e4, rings=0.016,
                            cupping=0.2, motion=0.8),
    # a sample on a rod in an upright centred open capillary of glycerol (0.31 of its
    # attenuation), 2x thick slices, 150 angles, 0.9 px of motion (held out in round 151)
    "glycerol_capillary_rod_2x": dict(tube="centred", support="rod", medium=0.31, z_spacing=2, angles=150,
                                      photons=2.4e4, rings=0.015, cupping=0.18, motion=0.9),
    # a sample on the floor of an upright centred closed capillary of oil (0.18 of its
    # attenuation), 2x thick slices, 140 angles, 1 px of motion (held out in round 152)
    "oil_capillary_floor_2x": dict(tube="centred", support=None, floor=True, medium=0.18, z_spacing=2, angles=140,
                                   photons=2.3e4, rings=0.015, cupping=0.19, motion=1.0),
    # a sample on a rod in a tilted off-axis dry tube, 2x thick slices, 150 angles, 0.8 px of
    # motion (held out in round 153)
    "dry_tilted_tube_rod_2x": dict(tube="off_axis", tilt=0.07, support="rod", z_spacing=2, angles=150, photons=2.5e4,
                                   rings=0.016, cupping=0.2, motion=0.8),
    # a sample on a pin in a tilted off-axis tube of agar (0.22 of its attenuation), 3x thick
    # slices, 140 angles, 1 px of motion (held out in round 154)
    "agar_tilted_tube_pin_3x": dict(tube="off_axis", tilt=0.08, support="pin", medium=0.22, z_spacing=3, angles=140,
                                    photons=2.3e4, rings=0.015, cupping=0.19, motion=1.0),
    # a sample on a rod in a tilted off-axis tube of water (0.15 of its attenuation), 3x thick
    # slices, 140 angles, 1 px of motion (held out in round 155)
    "water_tilted_tube_rod_3x": dict(tube="off_axis", tilt=0.07, support="rod", medium=0.15, z_spacing=3, angles=140,
                                     photons=2.3e4, rings=0.015, cupping=0.19, motion=1.0),
    # a dry sample on a rod in an upright centred open capillary, 3x thick slices, 140 angles,
    # 1 px of motion (held out in round 156)
    "dry_capillary_rod_3x": dict(tube="centred", support="rod", z_spacing=3, angles=140, photons=2.3e4, rings=0.015,
                                 cupping=0.19, motion=1.0),
    # a sample on a pin in an upright centred open capillary of gel (0.26 of its attenuation), 2x
    # thick slices, 150 angles, 0.9 px of motion (held out in round 157)
    "gel_capillary_pin_2x": dict(tube="centred", support="pin", medium=0.26, z_spacing=2, angles=150, photons=2.4e4,
                                 rings=0.015, cupping=0.18, motion=0.9),
    # a sample on a rod in an upright off-axis open tube of buffer (0.1 of its attenuation), 2x
    # thick slices, 150 angles, 0.9 px of motion (held out in round 158)
    "buffer_tube_rod_2x": dict(tube="off_axis", support="rod", medium=0.1, z_spacing=2, angles=150, photons=2.4e4,
                               rings=0.015, cupping=0.18, motion=0.9),
    # a dry sample on the floor of an upright off-axis closed tube, 2x thick slices, 150 angles,
    # 0.9 px of motion (held out in round 159)
    "dry_tube_floor_2x": dict(tube="off_axis", support=None, floor=True, z_spacing=2, angles=150, photons=2.4e4,
                              rings=0.015, cupping=0.18, motion=0.9),
    # a sample on a pin in a tilted centred capillary of resin (0.3 of its attenuation), 2x thick
    # slices, 150 angles, 0.9 px of motion (held out in round 160)
    "resin_tilted_capillary_pin_2x": dict(tube="centred", tilt=0.06, support="pin", medium=0.3, z_spacing=2, angles=150,
                                          photons=2.4e4, rings=0.015, cupping=0.18, motion=0.9),
    # a sample on a rod in an upright centred open capillary of ethanol (0.08 of its
    # attenuation), 3x thick slices, 140 angles, 1 px of motion (held out in round 161)
    "ethanol_capillary_rod_3x": dict(tube="centred", support="rod", medium=0.08, z_spacing=3, angles=140, photons=2.3e4,
                                     rings=0.015, cupping=0.19, motion=1.0),
    # a dry sample on a pin in a tilted centred capillary, 3x thick slices, 140 angles, 1 px of
    # motion (held out in round 162)
    "dry_tilted_capillary_pin_3x": dict(tube="centred", tilt=0.06, support="pin", z_spacing=3, angles=140, photons=2.3e4,
                                        rings=0.015, cupping=0.19, motion=1.0),
    # a sample on the floor of a tilted off-axis closed tube of agarose (0.22 of its attenuation),
    # 2x thick slices, 150 angles, 0.9 px of motion (held out in round 163)
    "agarose_tilted_tube_floor_2x": dict(tube="off_axis", tilt=0.09, support=None, floor=True, medium=0.22, z_spacing=2,
                                         angles=150, photons=2.4e4, rings=0.015, cupping=0.18, motion=0.9),
    # a sample on a pin in an upright off-axis capillary of saline (0.12 of its attenuation), 4x
    # thick slices, 130 angles, 1.1 px of motion (held out in round 164)
    "saline_capillary_pin_4x": dict(tube="off_axis", support="pin", medium=0.12, z_spacing=4, angles=130, photons=2.2e4,
                                    rings=0.016, cupping=0.2, motion=1.1),
    # a dry sample on the floor of an upright centred closed capillary, 2x thick slices, 150
    # angles, 0.9 px of motion (held out in round 165)
    "dry_capillary_floor_2x": dict(tube="centred", support=None, floor=True, z_spacing=2, angles=150, photons=2.4e4,
                                   rings=0.015, cupping=0.18, motion=0.9),
    # a sample on a pin in a tilted off-axis tube of paraffin (0.33 of its attenuation), 2x thick
    # slices, 150 angles, 0.9 px of motion (held out in round 166)
    "paraffin_tilted_tube_pin_2x": dict(tube="off_axis", tilt=0.08, support="pin", medium=0.33, z_spacing=2, angles=150,
                                        photons=2.4e4, rings=0.015, cupping=0.18, motion=0.9),
    # a sample on a rod in a tilted centred open capillary of buffer (0.1 of its attenuation), 2x
    # thick slices, 150 angles, 0.9 px of motion (held out in round 167)
    "buffer_tilted_capillary_rod_2x": dict(tube="centred", tilt=0.07, support="rod", medium=0.1, z_spacing=2, angles=150,
                                           photons=2.4e4, rings=0.015, cupping=0.18, motion=0.9),
    # a dry sample on a pin in an upright centred capillary, 2x thick slices, 150 angles, 0.9 px
    # of motion (held out in round 168)
    "dry_capillary_pin_2x": dict(tube="centred", support="pin", z_spacing=2, angles=150, photons=2.4e4, rings=0.015,
                                 cupping=0.18, motion=0.9),
    # a sample on the floor of a tilted off-axis closed tube of glycerol (0.31 of its
    # attenuation), 3x thick slices, 140 angles, 1 px of motion (held out in round 169)
    "glycerol_tilted_tube_floor_3x": dict(tube="off_axis", tilt=0.1, support=None, floor=True, medium=0.31, z_spacing=3,
                                          angles=140, photons=2.3e4, rings=0.015, cupping=0.19, motion=1.0),
    # a sample on a pin in an upright off-axis open tube of water (0.15 of its attenuation), 3x
    # thick slices, 140 angles, 1 px of motion (held out in round 170)
    "water_tube_pin_3x": dict(tube="off_axis", support="pin", medium=0.15, z_spacing=3, angles=140, photons=2.3e4,
                              rings=0.015, cupping=0.19, motion=1.0),
    # a dry sample on the floor of a tilted off-axis closed tube, 4x thick slices, 130 angles,
    # 1.1 px of motion (held out in round 171)
    "dry_tilted_tube_floor_4x": dict(tube="off_axis", tilt=0.08, support=None, floor=True, z_spacing=4, angles=130,
                                     photons=2.2e4, rings=0.016, cupping=0.2, motion=1.1),
    # a sample on a rod in a tilted off-axis tube of resin (0.3 of its attenuation), 3x thick
    # slices, 140 angles, 1 px of motion (held out in round 172)
    "resin_tilted_tube_rod_3x": dict(tube="off_axis", tilt=0.07, support="rod", medium=0.3, z_spacing=3, angles=140,
                                     photons=2.3e4, rings=0.015, cupping=0.19, motion=1.0),
    # a sample on the floor of a tilted off-axis closed tube of ethanol (0.08 of its attenuation),
    # 2x thick slices, 150 angles, 0.9 px of motion (held out in round 173)
    "ethanol_tilted_tube_floor_2x": dict(tube="off_axis", tilt=0.08, support=None, floor=True, medium=0.08, z_spacing=2,
                                         angles=150, photons=2.4e4, rings=0.015, cupping=0.18, motion=0.9),
    # a dry sample on a rod in a tilted centred capillary, 4x thick slices, 130 angles, 1.1 px of
    # motion (held out in round 174)
    "dry_tilted_capillary_rod_4x": dict(tube="centred", tilt=0.06, support="rod", z_spacing=4, angles=130,
                                        photons=2.2e4, rings=0.016, cupping=0.2, motion=1.1),
    # a sample on a pin in a tilted off-axis tube of gel (0.27 of its attenuation), 4x thick
    # slices, 130 angles, 1.1 px of motion (held out in round 175)
    "gel_tilted_tube_pin_4x": dict(tube="off_axis", tilt=0.08, support="pin", medium=0.27, z_spacing=4, angles=130,
                                   photons=2.2e4, rings=0.016, cupping=0.2, motion=1.1),
    # a sample on the floor of a tilted centred closed capillary of oil (0.18 of its attenuation),
    # 3x thick slices, 140 angles, 1 px of motion (held out in round 176)
    "oil_tilted_capillary_floor_3x": dict(tube="centred", tilt=0.06, support=None, floor=True, medium=0.18, z_spacing=3,
                                          angles=140, photons=2.3e4, rings=0.015, cupping=0.19, motion=1.0),
    # a dry sample on the floor of a tilted centred closed capillary, 4x thick slices, 130 angles,
    # 1.1 px of motion (held out in round 177)
    "dry_tilted_capillary_floor_4x": dict(tube="centred", tilt=0.07, support=None, floor=True, z_spacing=4, angles=130,
                                          photons=2.2e4, rings=0.016, cupping=0.2, motion=1.1),
    # a sample on a rod in a tilted centred capillary of gel (0.28 of its attenuation), 3x thick
    # slices, 140 angles, 1 px of motion (held out in round 178)
    "gel_tilted_capillary_rod_3x": dict(tube="centred", tilt=0.06, support="rod", medium=0.28, z_spacing=3,
                                        angles=140, photons=2.3e4, rings=0.015, cupping=0.19, motion=1.0),
    # a sample on a rod in a tilted off-axis tube of saline (0.12 of its attenuation), 3x thick
    # slices, 140 angles, 1 px of motion (held out in round 179)
    "saline_tilted_tube_rod_3x": dict(tube="off_axis", tilt=0.08, support="rod", medium=0.12, z_spacing=3,
                                      angles=140, photons=2.3e4, rings=0.015, cupping=0.19, motion=1.0),
    # a dry sample on a pin with no tube, 3x thick slices, 120 angles, 1 px of motion (held out
    # in round 180)
    "dry_bare_pin_3x": dict(tube=None, support="pin", z_spacing=3, angles=120, photons=2e4, rings=0.02, cupping=0.2,
                            motion=1.0),
    # a sample on the floor of a tilted centred closed capillary of agarose (0.22 of its
    # attenuation), 4x thick slices, 130 angles, 1.1 px of motion (held out in round 181)
    "agarose_tilted_capillary_floor_4x": dict(tube="centred", tilt=0.07, support=None, floor=True, medium=0.22,
                                              z_spacing=4, angles=130, photons=2.2e4, rings=0.016, cupping=0.2, motion=1.1),
    # a sample on a pin in a tilted off-axis tube of water (0.15 of its attenuation), 2x thick
    # slices, 150 angles, 0.9 px of motion (held out in round 182)
    "water_tilted_tube_pin_2x": dict(tube="off_axis", tilt=0.08, support="pin", medium=0.15, z_spacing=2,
                                     angles=150, photons=2.4e4, rings=0.015, cupping=0.18, motion=0.9),
    # a dry sample on a rod with no tube, 2x thick slices, 150 angles, 0.9 px of motion (held
    # out in round 183)
    "dry_bare_rod_2x": dict(tube=None, support="rod", z_spacing=2, angles=150, photons=2.4e4, rings=0.015, cupping=0.18,
                            motion=0.9),
    # a sample on a pin in an upright off-axis tube of paraffin (0.32 of its attenuation), 4x
    # thick slices, 130 angles, 1.1 px of motion (held out in round 184)
    "paraffin_tube_pin_4x": dict(tube="off_axis", support="pin", medium=0.32, z_spacing=4, angles=130, photons=2.2e4,
                                 rings=0.016, cupping=0.2, motion=1.1),
    # a sample on the floor of an upright off-axis closed tube of buffer (0.1 of its
    # attenuation), 3x thick slices, 140 angles, 1.0 px of motion (held out in round 185)
    "buffer_tube_floor_3x": dict(tube="off_axis", support=None, floor=True, medium=0.1, z_spacing=3, angles=140,
                                 photons=2.3e4, rings=0.015, cupping=0.19, motion=1.0),
    # a dry sample on a pin with no tube, 4x thick slices, 130 angles, 1.1 px of motion (held
    # out in round 186)
    "dry_bare_pin_4x": dict(tube=None, support="pin", z_spacing=4, angles=130, photons=2.2e4, rings=0.016, cupping=0.2,
                            motion=1.1),
    # a sample on a rod in an upright centred capillary of agar (0.24 of its attenuation), 3x
    # thick slices, 140 angles, 1.0 px of motion (held out in round 187)
    "agar_capillary_rod_3x": dict(tube="centred", support="rod", medium=0.24, z_spacing=3, angles=140, photons=2.3e4,
                                  rings=0.015, cupping=0.19, motion=1.0),
    # a sample on a pin in a tilted centred capillary of saline (0.12 of its attenuation), 3x
    # thick slices, 140 angles, 1.0 px of motion (held out in round 188)
    "saline_tilted_capillary_pin_3x": dict(tube="centred", tilt=0.06, support="pin", medium=0.12, z_spacing=3,
                                           angles=140, photons=2.3e4, rings=0.015, cupping=0.19, motion=1.0),
    # a dry sample on a rod with no tube, 3x thick slices, 140 angles, 1.0 px of motion (held
    # out in round 189)
    "dry_bare_rod_3x": dict(tube=None, support="rod", z_spacing=3, angles=140, photons=2.3e4, rings=0.015, cupping=0.19,
                            motion=1.0),
    # a sample on a pin in an upright centred capillary of resin (0.3 of its attenuation), 3x
    # thick slices, 140 angles, 1.0 px of motion (held out in round 190)
    "resin_capillary_pin_3x": dict(tube="centred", support="pin", medium=0.3, z_spacing=3, angles=140, photons=2.3e4,
                                   rings=0.015, cupping=0.19, motion=1.0),
    # a sample on a rod in an upright off-axis tube of ethanol (0.08 of its attenuation), 3x
    # thick slices, 140 angles, 1.0 px of motion (held out in round 191)
    "ethanol_tube_rod_3x": dict(tube="off_axis", support="rod", medium=0.08, z_spacing=3, angles=140, photons=2.3e4,
                                rings=0.015, cupping=0.19, motion=1.0),
    # a dry sample on a pin with no tube, 2x thick slices, 150 angles, 0.9 px of motion (held
    # out in round 192)
    "dry_bare_pin_2x": dict(tube=None, support="pin", z_spacing=2, angles=150, photons=2.4e4, rings=0.015, cupping=0.18,
                            motion=0.9),
    # a sample on a rod in an upright off-axis tube of gel (0.26 of its attenuation), 4x thick
    # slices, 130 angles, 1.1 px of motion (held out in round 193)
    "gel_tube_rod_4x": dict(tube="off_axis", support="rod", medium=0.26, z_spacing=4, angles=130, photons=2.2e4,
                            rings=0.016, cupping=0.2, motion=1.1),
    # a sample on a pin in an upright off-axis tube of oil (0.18 of its attenuation), 4x thick
    # slices, 130 angles, 1.1 px of motion (held out in round 194)
    "oil_tube_pin_4x": dict(tube="off_axis", support="pin", medium=0.18, z_spacing=4, angles=130, photons=2.2e4,
                            rings=0.016, cupping=0.2, motion=1.1),
    # a dry sample on a rod with no tube, 4x thick slices, 130 angles, 1.1 px of motion (held
    # out in round 195)
    "dry_bare_rod_4x": dict(tube=None, support="rod", z_spacing=4, angles=130, photons=2.2e4, rings=0.016, cupping=0.2,
                            motion=1.1),
    # a sample on a rod in an upright centred capillary of paraffin (0.32 of its attenuation),
    # 2x thick slices, 150 angles, 0.9 px of motion (held out in round 196)
    "paraffin_capillary_rod_2x": dict(tube="centred", support="rod", medium=0.32, z_spacing=2, angles=150,
                                      photons=2.4e4, rings=0.015, cupping=0.18, motion=0.9),
    # a sample on a rod in an upright centred capillary of water (0.15 of its attenuation), 4x
    # thick slices, 130 angles, 1.1 px of motion (held out in round 197)
    "water_capillary_rod_4x": dict(tube="centred", support="rod", medium=0.15, z_spacing=4, angles=130, photons=2.2e4,
                                   rings=0.016, cupping=0.2, motion=1.1),
    # a dry sample on a pin with no tube, thin slices, 200 angles, 0.6 px of motion (held out in
    # round 198)
    "dry_bare_pin_fine": dict(tube=None, support="pin", angles=200, photons=3e4, rings=0.02, cupping=0.15, motion=0.6),
    # a sample on a pin in an upright centred capillary of agarose (0.21 of its attenuation), 4x
    # thick slices, 120 angles, 1.2 px of motion (held out in round 199)
    "agarose_capillary_pin_4x": dict(tube="centred", support="pin", medium=0.21, z_spacing=4, angles=120, photons=2.1e4,
                                     rings=0.017, cupping=0.21, motion=1.2),
    # a sample on a pin in a slightly tilted capillary of buffer (0.1 of its attenuation) off the
    # axis, 2x thick slices, 150 angles, 0.9 px of motion (held out in round 200)
    "buffer_capillary_pin_2x": dict(tube="off_axis", tilt=0.06, support="pin", medium=0.1, z_spacing=2, angles=150, photons=2.4e4,
                                    rings=0.015, cupping=0.18, motion=0.9),
    # a dry sample on a pin in a slightly tilted centred tube, thin slices, 200 angles, 0.6 px of
    # motion (held out in round 201)
    "dry_tube_pin_fine": dict(tube="centred", tilt=0.05, support="pin", angles=200, photons=3e4, rings=0.015, cupping=0.15,
                              motion=0.6),
    # a sample on a rod in a capillary of resin (0.29 of its attenuation) off the axis, 4x thick
    # slices, 120 angles, 1.2 px of motion (held out in round 202)
    "resin_capillary_rod_4x": dict(tube="off_axis", support="rod", medium=0.29, z_spacing=4, angles=120, photons=2e4, rings=0.017,
                                   cupping=0.21, motion=1.2),
    # a sample on a pin in a tilted tube of oil (0.17 of its attenuation) off the axis, 3x thick
    # slices, 140 angles, 1 px of motion (held out in round 203)
    "oil_tilted_tube_pin_3x": dict(tube="off_axis", tilt=0.1, support="pin", medium=0.17, z_spacing=3, angles=140, photons=2.3e4,
                                   rings=0.015, cupping=0.19, motion=1.0),
    # a dry sample on a rod in a tube off the axis, thin slices, 200 angles, 0.6 px of motion
    # (held out in round 204)
    "dry_tube_rod_fine": dict(tube="off_axis", support="rod", angles=200, photons=3e4, rings=0.018, cupping=0.15, motion=0.6),
    # a sample on a rod in a slightly tilted centred capillary of glycerol (0.31 of its
    # attenuation), 4x thick slices, 120 angles, 1.1 px of motion (held out in round 205)
    "glycerol_capillary_rod_4x": dict(tube="centred", tilt=0.05, support="rod", medium=0.31, z_spacing=4, angles=120, photons=2.1e4,
                                      rings=0.016, cupping=0.2, motion=1.1),
    # a sample on a rod in an upright centred capillary of saline (0.12 of its attenuation),
    # 4x thick slices, 130 angles, 1.1 px of motion (held out in round 206)
    "saline_capillary_rod_4x": dict(tube="centred", support="rod", medium=0.12, z_spacing=4, angles=130, photons=2.2e4, rings=0.016,
                                    cupping=0.2, motion=1.1),
    # a sample on a rod in a slightly tilted centred capillary in air, thin slices, 190 angles,
    # 0.7 px of motion (held out in round 207)
    "dry_capillary_rod_fine": dict(tube="centred", tilt=0.04, support="rod", angles=190, photons=2.8e4, rings=0.02, cupping=0.15,
                                   motion=0.7),
    # a sample on the floor of an off-axis tube of agar (0.24 of its attenuation), 2x thick
    # slices, 140 angles, 1.0 px of motion (held out in round 208)
    "agar_tube_floor_2x": dict(tube="off_axis", support=None, floor=True, medium=0.24, z_spacing=2, angles=140, photons=2.3e4,
                               rings=0.017, cupping=0.2, motion=1.0),
    # a sample on a pin in an off-axis tube of ethanol (0.09 of its attenuation), 4x thick
    # slices, 130 angles, 1.1 px of motion (held out in round 209)
    "ethanol_tube_pin_4x": dict(tube="off_axis", support="pin", medium=0.09, z_spacing=4, angles=130, photons=2.2e4, rings=0.016,
                                cupping=0.19, motion=1.1),
    # a sample on a pin in a tilted off-axis tube in air, thin slices, 180 angles, 0.8 px of
    # motion (held out in round 210)
    "dry_tilted_tube_pin_fine": dict(tube="off_axis", tilt=0.07, support="pin", angles=180, photons=2.7e4, rings=0.022, cupping=0.16,
                                     motion=0.8),
    # a sample on a pin in a slightly tilted centred capillary of paraffin (0.33 of its
    # attenuation), 4x thick slices, 120 angles, 1.2 px of motion (held out in round 211)
    "paraffin_capillary_pin_4x": dict(tube="centred", tilt=0.05, support="pin", medium=0.33, z_spacing=4, angles=120, photons=2.1e4,
                                      rings=0.017, cupping=0.21, motion=1.2),
    # a sample on a pin in an upright centred capillary of water (0.15 of its attenuation), 2x
    # thick slices, 150 angles, 0.9 px of motion (held out in round 212)
    "water_capillary_pin_2x": dict(tube="centred", support="pin", medium=0.15, z_spacing=2, angles=150, photons=2.4e4, rings=0.015,
                                   cupping=0.18, motion=0.9),
    # a sample on a rod in air with no tube, thin slices, 170 angles, 0.7 px of motion (held out
    # in round 213)
    "dry_bare_rod_fine": dict(tube=None, support="rod", angles=170, photons=2.6e4, rings=0.019, cupping=0.16, motion=0.7),
    # a sample on a rod in a slightly tilted centred capillary of gel (0.27 of its attenuation),
    # 4x thick slices, 125 angles, 1.1 px of motion (held out in round 214)
    "gel_capillary_rod_4x": dict(tube="centred", tilt=0.05, support="rod", medium=0.27, z_spacing=4, angles=125, photons=2.1e4,
                                 rings=0.017, cupping=0.2, motion=1.1),
    # a sample on the floor of a tilted centred tube of buffer (0.1 of its attenuation), 3x
    # thick slices, 140 angles, 1.0 px of motion (held out in round 215)
    "buffer_tilted_tube_floor_3x": dict(tube="centred", tilt=0.06, support=None, floor=True, medium=0.1, z_spacing=3, angles=140,
                                        photons=2.3e4, rings=0.016, cupping=0.19, motion=1.0),
    # a sample on a rod in a tilted centred capillary in air, thin slices, 190 angles, 0.6 px of
    # motion (held out in round 216)
    "dry_tilted_capillary_rod_fine": dict(tube="centred", tilt=0.06, support="rod", angles=190, photons=2.9e4, rings=0.021,
                                          cupping=0.15, motion=0.6),
    # a sample on a pin in an off-axis tube of resin (0.3 of its attenuation), 4x thick slices,
    # 120 angles, 1.2 px of motion (held out in round 217)
    "resin_tube_pin_4x": dict(tube="off_axis", support="pin", medium=0.3, z_spacing=4, angles=120, photons=2.0e4, rings=0.017,
                              cupping=0.21, motion=1.2),
    # a sample on the floor of a tilted centred capillary of ethanol (0.08 of its attenuation), 3x
    # thick slices, 145 angles, 0.9 px of motion (held out in round 218)
    "ethanol_tilted_capillary_floor_3x": dict(tube="centred", tilt=0.05, support=None, floor=True, medium=0.08, z_spacing=3,
                                              angles=145, photons=2.4e4, rings=0.016, cupping=0.18, motion=0.9),
    # a dry sample on the floor of a tilted tube off the axis, thin slices, 185 angles, 0.7 px of
    # motion (held out in round 219)
    "dry_tilted_tube_floor_fine": dict(tube="off_axis", tilt=0.07, support=None, floor=True, angles=185, photons=2.8e4, rings=0.02,
                                       cupping=0.16, motion=0.7),
    # a sample on the floor of a tube of agarose (0.22 of its attenuation) off the axis, 3x thick
    # slices, 135 angles, 1.0 px of motion (held out in round 220)
    "agarose_tube_floor_3x": dict(tube="off_axis", support=None, floor=True, medium=0.22, z_spacing=3, angles=135, photons=2.2e4,
                                  rings=0.016, cupping=0.2, motion=1.0),
    # a sample on a pin in a tilted tube of water (0.14 of its attenuation) off the axis, thin
    # slices, 190 angles, 0.7 px of motion (held out in round 221)
    "water_tilted_tube_pin_fine": dict(tube="off_axis", tilt=0.06, support="pin", medium=0.14, angles=190, photons=2.9e4, rings=0.02,
                                       cupping=0.16, motion=0.7),
    # a dry sample on the floor of an upright centred capillary, thin slices, 195 angles, 0.6 px
    # of motion (held out in round 222)
    "dry_capillary_floor_fine": dict(tube="centred", support=None, floor=True, angles=195, photons=3.0e4, rings=0.019, cupping=0.15,
                                     motion=0.6),
    # a sample on the floor of a tilted centred capillary of paraffin (0.32 of its attenuation), 4x
    # thick slices, 125 angles, 1.1 px of motion (held out in round 223)
    "paraffin_tilted_capillary_floor_4x": dict(tube="centred", tilt=0.06, support=None, floor=True, medium=0.32, z_spacing=4,
                                               angles=125, photons=2.1e4, rings=0.017, cupping=0.2, motion=1.1),
    # a sample on a pin in a tilted centred capillary of buffer (0.1 of its attenuation), thin
    # slices, 185 angles, 0.7 px of motion (held out in round 224)
    "buffer_tilted_capillary_pin_fine": dict(tube="centred", tilt=0.06, support="pin", medium=0.1, angles=185, photons=2.8e4,
                                             rings=0.02, cupping=0.16, motion=0.7),
    # a dry sample on the floor of a tilted centred capillary, thin slices, 190 angles, 0.6 px of
    # motion (held out in round 225)
    "dry_tilted_capillary_floor_fine": dict(tube="centred", tilt=0.07, support=None, floor=True, angles=190, photons=2.9e4,
                                            rings=0.02, cupping=0.15, motion=0.6),
    # a sample on a rod in a tilted tube of gel (0.26 of its attenuation) off the axis, 2x thick
    # slices, 140 angles, 1.0 px of motion (held out in round 226)
    "gel_tilted_tube_rod_2x": dict(tube="off_axis", tilt=0.06, support="rod", medium=0.26, z_spacing=2, angles=140, photons=2.3e4,
                                   rings=0.016, cupping=0.19, motion=1.0),
    # a sample on a pin in a tube of saline (0.12 of its attenuation) off the axis, thin slices,
    # 190 angles, 0.7 px of motion (held out in round 227)
    "saline_tube_pin_fine": dict(tube="off_axis", support="pin", medium=0.12, angles=190, photons=2.9e4, rings=0.02, cupping=0.16,
                                 motion=0.7),
    # a dry sample on a pin in an upright centred capillary, thin slices, 195 angles, 0.6 px of
    # motion (held out in round 228)
    "dry_capillary_pin_fine": dict(tube="centred", support="pin", angles=195, photons=2.9e4, rings=0.019, cupping=0.15, motion=0.6),
    # a sample on the floor of a tilted centred capillary of glycerol (0.31 of its attenuation), 2x
    # thick slices, 150 angles, 0.9 px of motion (held out in round 229)
    "glycerol_tilted_capillary_floor_2x": dict(tube="centred", tilt=0.06, support=None, floor=True, medium=0.31, z_spacing=2,
                                               angles=150, photons=2.4e4, rings=0.017, cupping=0.18, motion=0.9),
    # a sample on a rod in an upright centred capillary of ethanol (0.09 of its attenuation), thin
    # slices, 195 angles, 0.6 px of motion (held out in round 230)
    "ethanol_capillary_rod_fine": dict(tube="centred", support="rod", medium=0.09, angles=195, photons=2.9e4, rings=0.02,
                                       cupping=0.15, motion=0.6),
    # a dry sample on the floor of an upright tube off the axis, thin slices, 190 angles, 0.7 px of
    # motion (held out in round 231)
    "dry_tube_floor_fine": dict(tube="off_axis", support=None, floor=True, angles=190, photons=2.9e4, rings=0.018, cupping=0.16,
                                motion=0.7),
    # a sample on a pin in a tilted centred capillary of agar (0.24 of its attenuation), 2x thick
    # slices, 150 angles, 0.9 px of motion (held out in round 232)
    "agar_tilted_capillary_pin_2x": dict(tube="centred", tilt=0.06, support="pin", medium=0.24, z_spacing=2, angles=150,
                                         photons=2.4e4, rings=0.017, cupping=0.18, motion=0.9),
    # a sample on a pin in an upright tube of oil (0.18 of its attenuation) off the axis, thin
    # slices, 190 angles, 0.7 px of motion (held out in round 233)
    "oil_tube_pin_fine": dict(tube="off_axis", support="pin", medium=0.18, angles=190, photons=2.9e4, rings=0.018, cupping=0.16,
                              motion=0.7),
    # a dry sample on a rod in a tilted tube off the axis, thin slices, 185 angles, 0.7 px of
    # motion (held out in round 234)
    "dry_tilted_tube_rod_fine": dict(tube="off_axis", tilt=0.07, support="rod", angles=185, photons=2.8e4, rings=0.02, cupping=0.16,
                                     motion=0.7),
    # a sample on the floor of a tilted tube of paraffin (0.32 of its attenuation) off the axis, 2x
    # thick slices, 145 angles, 1.0 px of motion (held out in round 235)
    "paraffin_tilted_tube_floor_2x": dict(tube="off_axis", tilt=0.07, support=None, floor=True, medium=0.32, z_spacing=2,
                                          angles=145, photons=2.3e4, rings=0.017, cupping=0.19, motion=1.0),
    # a sample on a rod in an upright centred capillary of buffer (0.1 of its attenuation), thin
    # slices, 190 angles, 0.6 px of motion (held out in round 236)
    "buffer_capillary_rod_fine": dict(tube="centred", support="rod", medium=0.1, angles=190, photons=2.9e4, rings=0.019,
                                      cupping=0.15, motion=0.6),
    # a dry sample on a pin in a tilted tube off the axis, thin slices, a fast scan (90 angles), few
    # photons, 1.0 px of motion (held out in round 237)
    "dry_tilted_tube_pin_fast": dict(tube="off_axis", tilt=0.07, support="pin", angles=90, photons=1.6e4, rings=0.018, cupping=0.17,
                                     motion=1.0),
    # a sample on the floor of an upright tube of resin (0.3 of its attenuation) off the axis, thin
    # slices, 185 angles, 0.7 px of motion (held out in round 238)
    "resin_tube_floor_fine": dict(tube="off_axis", support=None, floor=True, medium=0.3, angles=185, photons=2.8e4, rings=0.018,
                                  cupping=0.17, motion=0.7),
    # a sample on a rod in an upright tube of water (0.14 of its attenuation) off the axis, thin
    # slices, 190 angles, 0.7 px of motion (held out in round 239)
    "water_tube_rod_fine": dict(tube="off_axis", support="rod", medium=0.14, angles=190, photons=2.9e4, rings=0.019, cupping=0.16,
                                motion=0.7),
    # a dry sample on the floor of an upright centred capillary, thin slices, a fast scan (95
    # angles), 1.0 px of motion (held out in round 240)
    "dry_capillary_floor_fast": dict(tube="centred", support=None, floor=True, angles=95, photons=1.6e4, rings=0.017, cupping=0.16,
                                     motion=1.0),
    # a sample on a pin in an upright centred capillary of gel (0.26 of its attenuation), thin
    # slices, 190 angles, 0.7 px of motion (held out in round 241)
    "gel_capillary_pin_fine": dict(tube="centred", support="pin", medium=0.26, angles=190, photons=2.9e4, rings=0.018, cupping=0.16,
                                   motion=0.7),
    # a sample on the floor of a tilted tube of ethanol (0.09 of its attenuation) off the axis,
    # thin slices, 185 angles, 0.8 px of motion (held out in round 242)
    "ethanol_tilted_tube_floor_fine": dict(tube="off_axis", tilt=0.06, support=None, floor=True, medium=0.09, angles=185,
                                           photons=2.8e4, rings=0.018, cupping=0.16, motion=0.8),
    # a dry sample on a rod in an upright tube off the axis, thin slices, a fast scan (90 angles),
    # 1.0 px of motion (held out in round 243)
    "dry_tube_rod_fast": dict(tube="off_axis", support="rod", angles=90, photons=1.6e4, rings=0.018, cupping=0.16, motion=1.0),
    # a sample on a pin in an upright tube of agarose (0.22 of its attenuation) off the axis, thin
    # slices, 185 angles, 0.8 px of motion (held out in round 244)
    "agarose_tube_pin_fine": dict(tube="off_axis", support="pin", medium=0.22, angles=185, photons=2.8e4, rings=0.018, cupping=0.16,
                                  motion=0.8),
    # a sample on a rod in a tilted centred capillary of oil (0.18 of its attenuation), thin
    # slices, 190 angles, 0.7 px of motion (held out in round 245)
    "oil_tilted_capillary_rod_fine": dict(tube="centred", tilt=0.05, support="rod", medium=0.18, angles=190, photons=2.9e4,
                                          rings=0.019, cupping=0.15, motion=0.7),
    # a dry sample on a pin in a tilted centred capillary, thin slices, a fast scan (90 angles),
    # 1.0 px of motion (held out in round 246)
    "dry_tilted_capillary_pin_fast": dict(tube="centred", tilt=0.05, support="pin", angles=90, photons=1.6e4, rings=0.017,
                                          cupping=0.15, motion=1.0),
    # a sample on a rod in an upright centred capillary of paraffin (0.32 of its attenuation), thin
    # slices, 190 angles, 0.7 px of motion (held out in round 247)
    "paraffin_capillary_rod_fine": dict(tube="centred", support="rod", medium=0.32, angles=190, photons=2.9e4, rings=0.018,
                                        cupping=0.16, motion=0.7),
    # a sample on the floor of a tilted off-axis tube of saline (0.12 of its attenuation), thin
    # slices, 185 angles, 0.8 px of motion (held out in round 248)
    "saline_tilted_tube_floor_fine": dict(tube="off_axis", tilt=0.06, support=None, floor=True, medium=0.12, angles=185,
                                          photons=2.8e4, rings=0.019, cupping=0.17, motion=0.8),
    # a dry sample on the floor of a tilted off-axis tube, thin slices, a fast scan (95 angles),
    # 1.0 px of motion (held out in round 249)
    "dry_tilted_tube_floor_fast": dict(tube="off_axis", tilt=0.06, support=None, floor=True, angles=95, photons=1.6e4, rings=0.018,
                                       cupping=0.16, motion=1.0),
    # a sample on the floor of a tilted centred capillary of resin (0.3 of its attenuation), thin
    # slices, 190 angles, 0.7 px of motion (held out in round 250)
    "resin_tilted_capillary_floor_fine": dict(tube="centred", tilt=0.05, support=None, floor=True, medium=0.3, angles=190,
                                              photons=2.9e4, rings=0.018, cupping=0.16, motion=0.7),
    # a sample on the floor of an upright centred capillary of water (0.14 of its attenuation),
    # thin slices, 185 angles, 0.8 px of motion (held out in round 251)
    "water_capillary_floor_fine": dict(tube="centred", support=None, floor=True, medium=0.14, angles=185, photons=2.8e4, rings=0.019,
                                       cupping=0.16, motion=0.8),
    # a dry sample on a pin in an upright off-axis tube, thin slices, a fast scan (90 angles),
    # 1.0 px of motion (held out in round 252)
    "dry_tube_pin_fast": dict(tube="off_axis", support="pin", angles=90, photons=1.6e4, rings=0.017, cupping=0.15, motion=1.0),
    # a sample on the floor of a tilted centred capillary of gel (0.26 of its attenuation), thin
    # slices, 185 angles, 0.8 px of motion (held out in round 253)
    "gel_tilted_capillary_floor_fine": dict(tube="centred", tilt=0.06, support=None, floor=True, medium=0.26, angles=185,
                                            photons=2.8e4, rings=0.018, cupping=0.17, motion=0.8),
    # a sample on the floor of an upright off-axis tube of ethanol (0.09 of its attenuation), thin
    # slices, 190 angles, 0.7 px of motion (held out in round 254)
    "ethanol_tube_floor_fine": dict(tube="off_axis", support=None, floor=True, medium=0.09, angles=190, photons=2.9e4, rings=0.018,
                                    cupping=0.16, motion=0.7),
    # a dry sample on a pin in an upright centred capillary, thin slices, a fast scan (90 angles),
    # 1.0 px of motion (held out in round 255)
    "dry_capillary_pin_fast": dict(tube="centred", support="pin", angles=90, photons=1.6e4, rings=0.017, cupping=0.15, motion=1.0),
    # a sample on the floor of a tilted off-axis tube of agar (0.24 of its attenuation), thin
    # slices, 185 angles, 0.8 px of motion (held out in round 256)
    "agar_tilted_tube_floor_fine": dict(tube="off_axis", tilt=0.06, support=None, floor=True, medium=0.24, angles=185,
                                        photons=2.8e4, rings=0.018, cupping=0.17, motion=0.8),
    # a sample on a rod in an upright off-axis tube of buffer (0.1 of its attenuation), thin
    # slices, 190 angles, 0.7 px of motion (held out in round 257)
    "buffer_tube_rod_fine": dict(tube="off_axis", support="rod", medium=0.1, angles=190, photons=2.9e4, rings=0.019, cupping=0.16,
                                 motion=0.7),
    # a dry sample on the floor of an upright off-axis tube, thin slices, a fast scan (95 angles),
    # 1.0 px of motion (held out in round 258)
    "dry_tube_floor_fast": dict(tube="off_axis", support=None, floor=True, angles=95, photons=1.6e4, rings=0.017, cupping=0.15,
                                motion=1.0),
    # a sample on a pin in an upright off-axis tube of paraffin (0.32 of its attenuation), thin
    # slices, 185 angles, 0.8 px of motion (held out in round 259)
    "paraffin_tube_pin_fine": dict(tube="off_axis", support="pin", medium=0.32, angles=185, photons=2.8e4, rings=0.018,
                                   cupping=0.17, motion=0.8),
    # a sample on the floor of an upright off-axis tube of saline (0.12 of its attenuation), thin
    # slices, a fast scan (95 angles), 1.0 px of motion (held out in round 260)
    "saline_tube_floor_fast": dict(tube="off_axis", support=None, floor=True, medium=0.12, angles=95, photons=1.6e4, rings=0.017,
                                   cupping=0.16, motion=1.0),
    # a dry sample on the floor of a tilted centred capillary, thin slices, a fast scan (90
    # angles), 1.0 px of motion (held out in round 261)
    "dry_tilted_capillary_floor_fast": dict(tube="centred", tilt=0.06, support=None, floor=True, angles=90, photons=1.6e4,
                                            rings=0.017, cupping=0.15, motion=1.0),
    # a sample on the floor of an upright off-axis tube of glycerol (0.31 of its attenuation), 3x
    # thick slices, 140 angles, 0.8 px of motion (held out in round 262)
    "glycerol_tube_floor_3x": dict(tube="off_axis", support=None, floor=True, medium=0.31, z_spacing=3, angles=140, photons=2.3e4,
                                   rings=0.018, cupping=0.17, motion=0.8),
    # a sample on a rod in an upright off-axis tube of water (0.14 of its attenuation), 2x thick
    # slices, 150 angles, 0.9 px of motion (held out in round 263)
    "water_tube_rod_2x": dict(tube="off_axis", support="rod", medium=0.14, z_spacing=2, angles=150, photons=2.4e4, rings=0.018,
                              cupping=0.17, motion=0.9),
    # a dry sample on a rod in a tilted off-axis tube, 2x thick slices, a fast scan (95 angles),
    # 1.0 px of motion (held out in round 264)
    "dry_tilted_tube_rod_2x_fast": dict(tube="off_axis", tilt=0.06, support="rod", z_spacing=2, angles=95, photons=1.6e4,
                                        rings=0.017, cupping=0.15, motion=1.0),
    # a sample on a pin in an upright off-axis tube of resin (0.3 of its attenuation), thin slices,
    # a fast scan (95 angles), 1.0 px of motion (held out in round 265)
    "resin_tube_pin_fast": dict(tube="off_axis", support="pin", medium=0.3, angles=95, photons=1.6e4, rings=0.017, cupping=0.16,
                                motion=1.0),
    # a sample on a pin in a tilted off-axis tube of oil (0.18 of its attenuation), thin slices, a
    # fast scan (95 angles), 1.0 px of motion (held out in round 266)
    "oil_tilted_tube_pin_fast": dict(tube="off_axis", tilt=0.06, support="pin", medium=0.18, angles=95, photons=1.6e4, rings=0.017,
                                     cupping=0.16, motion=1.0),
    # a dry sample on a rod in an upright centred capillary, 2x thick slices, a fast scan (90
    # angles), 1.0 px of motion (held out in round 267)
    "dry_capillary_rod_2x_fast": dict(tube="centred", support="rod", z_spacing=2, angles=90, photons=1.6e4, rings=0.017,
                                      cupping=0.15, motion=1.0),
    # a sample on the floor of a tilted off-axis tube of agarose (0.22 of its attenuation), thin
    # slices, a fast scan (95 angles), 1.0 px of motion (held out in round 268)
    "agarose_tilted_tube_floor_fast": dict(tube="off_axis", tilt=0.06, support=None, floor=True, medium=0.22, angles=95,
                                           photons=1.6e4, rings=0.017, cupping=0.16, motion=1.0),
    # a sample on a rod in an upright centred capillary of saline (0.12 of its attenuation), thin
    # slices, a fast scan (95 angles), 1.0 px of motion (held out in round 269)
    "saline_capillary_rod_fast": dict(tube="centred", support="rod", medium=0.12, angles=95, photons=1.6e4, rings=0.017,
                                      cupping=0.16, motion=1.0),
    # a dry sample on a pin in a tilted centred capillary, 2x thick slices, a fast scan (90
    # angles), 1.0 px of motion (held out in round 270)
    "dry_tilted_capillary_pin_2x_fast": dict(tube="centred", tilt=0.06, support="pin", z_spacing=2, angles=90, photons=1.6e4,
                                             rings=0.017, cupping=0.15, motion=1.0),
    # a sample on a rod in an upright off-axis tube of gel (0.26 of its attenuation), 2x thick
    # slices, a fast scan (95 angles), 1.0 px of motion (held out in round 271)
    "gel_tube_rod_2x_fast": dict(tube="off_axis", support="rod", medium=0.26, z_spacing=2, angles=95, photons=1.6e4, rings=0.017,
                                 cupping=0.16, motion=1.0),
    # a sample on a pin in a tilted centred capillary of buffer (0.1 of its attenuation), thin
    # slices, a fast scan (95 angles), 1.0 px of motion (held out in round 272)
    "buffer_tilted_capillary_pin_fast": dict(tube="centred", tilt=0.06, support="pin", medium=0.1, angles=95, photons=1.6e4,
                                             rings=0.017, cupping=0.16, motion=1.0),
    # a dry sample on a rod in an upright off-axis tube, 3x thick slices, a fast scan (95 angles),
    # 1.0 px of motion (held out in round 273)
    "dry_tube_rod_3x_fast": dict(tube="off_axis", support="rod", z_spacing=3, angles=95, photons=1.6e4, rings=0.017,
                                 cupping=0.15, motion=1.0),
    # a sample on a pin in an upright off-axis tube of agar (0.24 of its attenuation), thin slices,
    # a fast scan (95 angles), 1.0 px of motion (held out in round 274)
    "agar_tube_pin_fast": dict(tube="off_axis", support="pin", medium=0.24, angles=95, photons=1.6e4, rings=0.017, cupping=0.16,
                               motion=1.0),
    # a sample on a pin in a tilted centred capillary of water (0.14 of its attenuation), thin
    # slices, a fast scan (95 angles), 1.0 px of motion (held out in round 275)
    "water_tilted_capillary_pin_fast": dict(tube="centred", tilt=0.06, support="pin", medium=0.14, angles=95, photons=1.6e4,
                                            rings=0.017, cupping=0.16, motion=1.0),
    # a dry sample on the floor of a tilted off-axis tube, 2x thick slices, a fast scan (95
    # angles), 1.0 px of motion (held out in round 276)
    "dry_tilted_tube_floor_2x_fast": dict(tube="off_axis", tilt=0.06, support=None, floor=True, z_spacing=2, angles=95,
                                          photons=1.6e4, rings=0.017, cupping=0.15, motion=1.0),
    # a sample on a rod in an upright centred capillary of resin (0.3 of its attenuation), 2x thick
    # slices, a fast scan (95 angles), 1.0 px of motion (held out in round 277)
    "resin_capillary_rod_2x_fast": dict(tube="centred", support="rod", medium=0.3, z_spacing=2, angles=95, photons=1.6e4,
                                        rings=0.017, cupping=0.16, motion=1.0),
    # a sample on the floor of a tilted off-axis tube of ethanol (0.16 of its attenuation), 2x
    # thick slices, a fast scan (95 angles), 1.0 px of motion (held out in round 278)
    "ethanol_tilted_tube_floor_2x_fast": dict(tube="off_axis", tilt=0.06, support=None, floor=True, medium=0.16, z_spacing=2,
                                              angles=95, photons=1.6e4, rings=0.017, cupping=0.16, motion=1.0),
    # a dry sample on the floor of an upright centred capillary, 3x thick slices, a fast scan (90
    # angles), 1.0 px of motion (held out in round 279)
    "dry_capillary_floor_3x_fast": dict(tube="centred", support=None, floor=True, z_spacing=3, angles=90, photons=1.6e4,
                                        rings=0.017, cupping=0.15, motion=1.0),
    # a sample on a pin in a tilted centred capillary of paraffin (0.32 of its attenuation), thin
    # slices, a fast scan (95 angles), 1.0 px of motion (held out in round 280)
    "paraffin_tilted_capillary_pin_fast": dict(tube="centred", tilt=0.06, support="pin", medium=0.32, angles=95,
                                               photons=1.6e4, rings=0.017, cupping=0.16, motion=1.0),
    # a sample on a rod in a tilted off-axis tube of saline (0.12 of its attenuation), 2x thick
    # slices, a fast scan (95 angles), 1.0 px of motion (held out in round 281)
    "saline_tilted_tube_rod_2x_fast": dict(tube="off_axis", tilt=0.06, support="rod", medium=0.12, z_spacing=2, angles=95,
                                           photons=1.6e4, rings=0.017, cupping=0.16, motion=1.0),
    # a dry sample on a pin in a tilted off-axis tube, 2x thick slices, a fast scan (95 angles),
    # 1.0 px of motion (held out in round 282)
    "dry_tilted_tube_pin_2x_fast": dict(tube="off_axis", tilt=0.06, support="pin", z_spacing=2, angles=95, photons=1.6e4,
                                        rings=0.017, cupping=0.15, motion=1.0),
    # a sample on the floor of an upright centred capillary of water (0.14 of its attenuation), 2x
    # thick slices, a fast scan (95 angles), 1.0 px of motion (held out in round 283)
    "water_capillary_floor_2x_fast": dict(tube="centred", support=None, floor=True, medium=0.14, z_spacing=2, angles=95,
                                          photons=1.6e4, rings=0.017, cupping=0.16, motion=1.0),
    # held out from round 284 on: a sample on a rod in an upright off-axis tube of agarose (0.22 of
    # its attenuation), thin slices, a fast scan (95 angles), 1.0 px of motion
    "held_out_agarose_tube_rod_fast": dict(tube="off_axis", support="rod", medium=0.22, angles=95, photons=1.6e4, rings=0.017,
                                           cupping=0.16, motion=1.0),
}


def sample_from_volume(volume: np.ndarray) -> np.ndarray:
    """The sample of a clean real volume: its Otsu-box crop, scaled to [0, 1] (Z, Y, X)."""
    v = np.asarray(volume, np.float32)
    mask = ndimage.binary_opening(v > threshold_otsu(v))
    crop = v[box_from_mask(mask).slices]
    low, high = np.percentile(crop, (1, 99.5))
    return np.clip((crop - low) / max(high - low, 1e-6), 0, 1)


def simulate_tomography(sample: np.ndarray, shape: tuple[int, int, int] = (96, 128, 128), seed: int = 0, tube: str | None = "centred",
                        tilt: float = 0.0, support: str = "rod", z_spacing: int = 1, angles: int = 180, photons: float = 3e4,
                        rings: float = 0.01, cupping: float = 0.15, motion: float = 0.5, floor: bool = False,
                        medium: float = 0.0) -> CTScene:
    """Project and reconstruct a scene holding ``sample`` (values in [0, 1]); ``shape`` is the
    output (Z, N, N) with ``z_spacing`` times thicker slices than pixels (anisotropic voxels).
    ``support`` is "rod", "pin" or None; ``floor`` closes the tube under the sample (it rests on
    it); ``medium`` (a fraction of the sample's attenuation) fills the tube with a liquid, or
    without a tube embeds the sample in a block of gel."""
    rng = np.random.default_rng(seed)
    nz, n = shape[0] * z_spacing, shape[1]
    if shape[1] != shape[2]:
        raise PretextInputError("parallel-beam slices are square: shape[1] must equal shape[2]")
    mu, sample_mask = place_objects(sample, nz, n, rng, tube, tilt, support, floor, medium)
    theta = np.linspace(0.0, 180.0, angles, endpoint=False)
    gain = 1 + rings * rng.standard_normal(n)  # per detector pixel, left uncorrected: rings
    gain[rng.choice(n, size=max(1, n // 64), replace=False)] *= 1 - 10 * rings  # a few weak pixels (0.9 at rings=0.01)
    recon = np.empty((nz, n, n), np.float32)
    shifts = np.cumsum(rng.normal(0, motion / 4, size=(nz, angles)), axis=1).clip(-motion, motion)
    for z in range(nz):
        p = radon(mu[z], theta, circle=True)  # (N, angles) line integrals
        p = p * (1 - cupping * p / (1 + p))  # beam hardening: dense paths look thinner (cupping)
        counts = rng.poisson(photons * gain[:, None] * np.exp(-p))
        p = -np.log(np.maximum(counts, 1) / photons)
        for a in range(angles):  # the sample moving by a fraction of a pixel to a few pixels
            p[:, a] = ndimage.shift(p[:, a], shifts[z, a], order=1, mode="nearest")
        recon[z] = iradon(p, theta, filter_name="ramp", circle=True)
    if z_spacing > 1:  # thick slices: the average of z_spacing thin ones
        recon = recon[: shape[0] * z_spacing].reshape(shape[0], z_spacing, n, n).mean(axis=1)
        sample_mask = sample_mask[: shape[0] * z_spacing].reshape(shape[0], z_spacing, n, n).any(axis=1)
    low, high = np.percentile(recon, (0.1, 99.99))
    volume = (np.clip((recon - low) / (high - low), 0, 1) * 60000).astype(np.uint16)
    return CTScene(volume, box_from_mask(sample_mask), sample_mask)


def place_objects(sample, nz: int, n: int, rng, tube, tilt: float, support: str | None, floor: bool = False,
                  medium: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Attenuation per pixel (Z, N, N) and the sample's mask: sample, tube (maybe closed and
    filled), rod or pin."""
    if floor and tube is None:
        raise PretextInputError("a floor needs a tube")
    mu = np.zeros((nz, n, n), np.float32)
    field = n / 2 - 3  # the reconstruction circle
    side = int(rng.uniform(0.25, 0.38) * n)  # the sample's in-plane size
    depth = int(rng.uniform(0.3, 0.5) * nz)
    scale = (depth / sample.shape[0], side / sample.shape[1], side / sample.shape[2])
    body = ndimage.zoom(sample.astype(np.float32), scale, order=1)[:depth, :side, :side]
    d, h, w = body.shape
    radius = np.hypot(h, w) / 2
    centre = np.array([(n - 1) / 2, (n - 1) / 2])
    if tube == "off_axis" or tube is None:  # somewhere inside the field, away from the axis
        reach = field - radius - 6
        centre = centre + rng.uniform(-1, 1, 2) * reach * 0.6
    z0 = int(rng.integers(int(0.1 * nz), max(int(0.1 * nz) + 1, nz - d - int(0.25 * nz))))
    y0, x0 = int(round(centre[0] - h / 2)), int(round(centre[1] - w / 2))
    mu[z0:z0 + d, y0:y0 + h, x0:x0 + w] = 0.02 * body
    mask = np.zeros(mu.shape, bool)
    mask[z0:z0 + d, y0:y0 + h, x0:x0 + w] = body > 0.15
    # the sample displaces a liquid or gel everywhere it is, cavities it encloses included: its
    # parts dimmer than the medium stay dimmer (fat in water), not the medium's level
    solid = ndimage.binary_fill_holes(mask) if medium else mask
    yy, xx = np.mgrid[:n, :n]
    if tube is not None:  # a tube around the sample, over part of the height, maybe tilted
        inner, wall = radius + rng.uniform(2, 6), max(2.0, 0.03 * n)
        t0, t1 = int(rng.uniform(0, 0.5) * z0), nz - int(rng.uniform(0, 0.15) * nz)
        bottom = min(z0 + d + int(np.ceil(wall)), nz) if floor else t1  # the floor: z0 + d to bottom
        liquid = 0.02 * medium * rng.uniform(0.8, 1.2) if medium else 0.0
        for z in range(t0, bottom):
            cy, cx = centre + tilt * (z - (z0 + d / 2)) * np.array([0.3, 1.0])
            r = np.hypot(yy - cy, xx - cx)
            mu[z][(r >= inner) & (r < inner + wall) & ~mask[z]] += 0.012
            if floor and z >= z0 + d:
                mu[z][(r < inner) & ~mask[z]] += 0.012
            elif liquid:  # the liquid fills the tube around the sample (the sample displaces it)
                mu[z][(r < inner) & ~solid[z]] = np.maximum(mu[z][(r < inner) & ~solid[z]], liquid)
    if tube is None and medium:  # no tube: the sample embedded in a block of gel (agarose, resin)
        gel = 0.02 * medium * rng.uniform(0.8, 1.2)
        reach, above, below = radius + rng.uniform(2, 8), int(rng.uniform(2, 8)), int(rng.uniform(1, 4))
        inside = np.hypot(yy - centre[0], xx - centre[1]) < reach
        for z in range(max(0, z0 - above), min(nz, z0 + d + below)):
            mu[z][inside & ~solid[z]] = np.maximum(mu[z][inside & ~solid[z]], gel)
    if support is None:
        return mu, mask
    thick = max(2.0, (0.035 if support == "rod" else 0.015) * n)
    oy, ox = centre + rng.uniform(-0.2, 0.2, 2) * radius  # under the sample, not quite centred
    under = np.hypot(yy - oy, xx - ox) < thick
    for z in range(z0 + d - 2, nz):  # from inside the sample's base to the volume's face
        mu[z][under & ~mask[z]] += 0.03 if support == "rod" else 0.04
    return mu, mask
