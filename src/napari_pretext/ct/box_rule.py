"""Every constant of the box rules in one object, in units that do not depend on the downscale.

Lengths are fractions of the volume's largest side (2 px at 128 px is 4 px at 256 px), in
physical units when the voxel size is known (thick slices: fewer voxels along z);
the rest are ratios of sizes or fractions of voxels. A :class:`BoxRule` is stored in every
``Localization`` and box JSON, so a box says how it was made; the steps can be switched off
one by one (the ablation in docs/ct_guide.md).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from ..core.errors import PretextInputError

BOX_RULES = ("guided", "top")  # guided: see guided_box.py; top: the paper's largest hot region


@dataclass(frozen=True)
class BoxRule:
    name: str = "guided"
    top_fraction: float = 0.03  # the hot region: this fraction of the heatmap's voxels
    # guided rule: the bright object is found with Otsu over the hot region's voxels (else over
    # the whole volume) ...
    local_threshold: bool = True
    # ... and rejected (background) when its box is over this many times the hot region's box
    max_growth: float = 8.0
    # containers (a tube around the sample): what they hold is mostly inside (fraction of its
    # voxels) and at least this fraction of the volume's voxels (not a speck)
    containers: bool = True
    container_span: float = 0.4  # of the volume's slices (z): a closed tube may end near the sample's base
    container_prism: float = 0.7  # of its slices: filled cross-section within 25 % of the median
    held_fraction: float = 0.5
    min_content: float = 0.0002
    # thin full-height walls (ring artefacts) joined to the sample: present in this fraction of
    # the slices, at most about twice this width (fraction of the largest side)
    walls: bool = True
    wall_presence: float = 0.5
    wall_width: float = 2 / 128
    # ... and of the parts left that the hot voxels touch, one under this share of the largest
    # is a speck, however densely they mark it: it comes after the others (round 177)
    speck_share: float = 0.05
    # a ring's arc the sample holds on to that runs beside it on out to a face of the volume is
    # taken off too, not only one in slices where the sample has a bulk (round 184; off by
    # default since round 190: its first unseen action ran a box down a pin)
    arcs_to_faces: bool = False
    # supports (mounting rod, pin) entering from a face: thin (at most this fraction of the
    # object's largest cross-section) over at least this length (fraction of the largest side)
    supports: bool = True
    support_fraction: float = 0.5
    support_length: float = 3 / 128
    # ... its footprint taken over up to this many of its first slices while each is thin, where
    # that length is one slice (3x-4x thick slices): one slice's footprint is narrower than the
    # support where a tube ends within it or the support's blur wavers (docs/ct_guide.md, twelfth round)
    support_footprint: int = 3
    # ... and on through a second prism where its section widens by at most this factor (area)
    # and runs at least as far again: the rod passing from air into the liquid of a tube ending
    # above the face (docs/ct_guide.md, seventeenth round)
    support_widening: float = 4.0
    # mounts: a rod or pin brighter than the sample, chosen alone (or with ring artefacts joined
    # to it, once the walls step drops them), is set aside and the object sought again: it
    # enters from a face, at most this wide (of the largest side) and this many times longer than wide
    mounts: bool = True
    mount_width: float = 0.12
    mount_elongation: float = 2.0
    # edges: the object grows by one voxel into its neighbours at least this fraction of the way
    # from its surroundings' level to its own (a voxel the sample fills in part, a thick slice it
    # only enters, is dimmer than the threshold: partial volume)
    edges: bool = True
    edge_contrast: float = 0.3
    # ... in thick slices only: voxels at least this many times longer along one axis than
    # along another (the voxel size known). On cubic voxels the step grew boxes a voxel past the
    # sample: without it the error was lower on most unseen rounds and no goal was lost there;
    # the two goals it saved were thick slices (docs/ct_guide.md, "The edges step in thick slices only")
    edge_thickness: float = 1.5
    # media: a sample in a liquid or gel (ct/medium.py): the medium is the object's dominant
    # intensity mode, holding this share of its filled cross-sections within this many spreads
    # of its level, at least this far from the air's level to the object's bright level, its
    # spread at most this fraction of its level above the air's (uniform: noise and cupping
    # only; a sample's tissue spreads wider, measured in docs/ct_guide.md); the sample it holds is
    # at least this share of the cross-sections in its slices (so is what a container holds when
    # the model does not point at it, in the slices where it is thick); their outer layer is a tube's
    # wall (which encloses the sample too) when at least this share of it is not the medium;
    # what fills this share of a slice's inside is a tube's floor or cap, not the sample (in a
    # medium or in a dry tube, guided_box.peeled); a slice's filled section under this share of
    # what the sections above and below both cover has lost its wall (it dipped below the
    # threshold) and is given theirs; beyond the sample (by over this many slices: its dim tip
    # may lie there), slices whose enclosed region lies (this share of it) where this share of
    # the medium's slices enclose something, as bright, only repeat what every slice shows
    # (ring artefacts, the axis's spot) and leave the box; the enclosed regions over or under
    # the sample's largest with at least this fraction of its size within its footprint are
    # pieces of it (a sample as dense as the medium in parts is cut across; docs/ct_guide.md,
    # nineteenth round); where the medium so encloses nothing large enough, its parts thinner
    # than this many walls' widths are opened away (a sample the medium runs through in thin
    # strands; nineteenth round, second part); a medium fills a prism (its container, its
    # mould): at least this share of it lies in slices whose filled section is within this
    # fraction of the median area (a sample's flat body narrows to its ends: docs/ct_guide.md,
    # "The demo's flat body")
    media: bool = True
    medium_share: float = 0.3
    medium_band: float = 2.5
    medium_contrast: float = 0.1
    medium_flatness: float = 0.2
    medium_hole: float = 0.05
    medium_wall: float = 0.5
    medium_floor: float = 0.9
    medium_break: float = 0.5
    medium_margin: int = 3
    medium_repeat: float = 0.8
    medium_piece: float = 0.2
    medium_texture: float = 1.5
    medium_air: float = 0.8
    medium_prism: float = 0.7
    medium_section: float = 0.1
    # an end slice of what the medium holds at least this many times the slice beside it is the
    # medium's end (a tube's floor, the liquid's surface in a thick slice), not the sample
    # (measured on the cached scenes after round 178: docs/ct_guide.md, "The medium's end (after round 178)")
    medium_end: float = 3.0
    # a medium in which nothing is told apart is doubted (the box flagged) when at least this
    # share of the sections' outer layer is above its band: a denser tube's wall holds it
    # (docs/ct_guide.md, "Twenty-third round")
    medium_dense_wall: float = 0.15
    # ring arcs near the axis, which a medium encloses with the sample, are set apart from it by
    # their gradient's direction: the sample is what is held whose gradient's radial share (from
    # the slices' centre) is under ring_seed, grown through what is under ring_stop; only where the
    # filled sections lie off the axis by at least ring_offset of their radius (measured on the
    # cached scenes after round 171: docs/ct_guide.md, "Ring arcs in a medium (after round 169)").
    # Off by default since round 176: on the unseen rounds 172-176 three of the seven boxes it
    # changed lost sample (a concrete 8.4 %)
    medium_rings: bool = False
    ring_seed: float = 0.8
    ring_stop: float = 0.95
    ring_offset: float = 0.1
    # a box the media step gave that is unstable (stability, as `confident`, under media_unsure)
    # where the box without the step is stable (at least media_sure_without) and holds at least
    # media_inside of it is set aside for that one: a sample's own uniform part (a concrete's
    # cement paste) taken for a medium, the box one of its grains (measured on the tuning scenes
    # after round 144, taken after round 148; media_inside after round 152, where the box
    # without the step was a capillary's floor: docs/ct_guide.md, "An unstable box in a medium")
    media_fallback: bool = True
    media_unsure: float = 0.2
    media_sure_without: float = 0.5
    media_inside: float = 0.9
    # a medium fills its tube (a liquid wets the wall, a gel is cast in it): an object a tube
    # holds apart from its wall, air between them, holds none; its uniform part is its own (a
    # concrete's cement paste; docs/ct_guide.md, "A medium fills its tube (after round 157)")
    media_in_tube: bool = True
    # tails: a thin end along z (sections under this share of the largest, at least this run
    # long) before a slice this many times larger than all of it does not taper: a rod's stub, a
    # pin or ring pieces, not a sample's tip; this length of it is kept (lengths: fractions of the
    # largest side; measured: docs/ct_guide.md, "Twenty-first round")
    tails: bool = True
    tail_fraction: float = 0.15
    tail_jump: float = 1.5
    tail_keep: float = 2 / 128
    tail_run: float = 6 / 128
    # air: where the object the whole volume's threshold gives (where the hot region points) has
    # the air's level around it, the rule takes that threshold instead of the local one, which
    # can split a sample in air, unless a medium is found in what it gives (ct/air.py): around
    # the object, an in-plane shell from air_near to air_out (of the largest side), its 75th
    # percentile above the far air (beyond air_far) under air_level of the way to the object's
    # bright level (chosen on the tuning scenes up to round 84, held out on rounds 85-96:
    # docs/ct_guide.md, "The air step"). Off by default since round 162: on the unseen rounds
    # it won no goal and cost three, on the cached scenes and the real volumes it was a wash
    # (docs/ct_guide.md, "The air step off by default")
    air: bool = False
    air_near: float = 2 / 128
    air_out: float = 5 / 128
    air_far: float = 12 / 128
    air_level: float = 0.1
    # ...nor where what it gives holds a liquid's mode by the media step's test with air_flatness
    # times its flatness and a level under air_ceiling of the way from the air to the object's
    # bright level: a liquid's column in its tube passes the air test (after round 127:
    # docs/ct_guide.md, "The air step's guard against liquids")
    air_flatness: float = 2.0
    air_ceiling: float = 0.5
    # confidence: the box's stability (smallest IoU with the boxes of half and twice the top
    # fraction); below this the box is flagged "check by hand" (measured, docs/ct_guide.md:
    # 0.9 finds 5 of the 8 bad boxes of the tuning families where 0.8 found 2)
    confident: float = 0.9
    # a second opinion: the IoU of the box with the box of the same rule with the other threshold
    # (without its local threshold, or with it where the air step took the whole volume's), and a
    # third: without its media step; below this they disagree and the box is flagged "check by
    # hand" (docs/ct_guide.md, "A second opinion", "A third opinion")
    agreement: float = 0.7
    # ... and where the second opinion so disagrees, its box is taken in the box's place (still
    # flagged, its confidence the first box's, its wide box the first box's widened to hold it,
    # so that the cautious crop holds the box shown): judged beside the rule on the unseen
    # rounds 263-278 by a test set before round 273 (docs/ct_guide.md, "The other threshold's box
    # taken where the two disagree")
    other_threshold: bool = True

    def __post_init__(self):
        if isinstance(self.top_fraction, bool) or not isinstance(self.top_fraction, (int, float)) or not 0 < self.top_fraction < 1:
            raise PretextInputError(f"the top fraction must be between 0 and 1 (e.g. 0.03), not {self.top_fraction!r}.")
        if self.name not in BOX_RULES:
            raise PretextInputError(f"the box rule must be one of {', '.join(BOX_RULES)}, not {self.name!r}.")
        for f in fields(self):
            value = getattr(self, f.name)
            if f.type == "bool" and not isinstance(value, bool):
                raise PretextInputError(f"box rule setting {f.name} must be true or false, not {value!r}.")
            if f.type == "float" and (isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0):
                raise PretextInputError(f"box rule setting {f.name} must be a positive number, not {value!r}.")
            if f.type == "int" and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
                raise PretextInputError(f"box rule setting {f.name} must be a whole number of at least 1, not {value!r}.")

    def voxels(self, length: float, shape: tuple[int, ...], spacing: tuple[float, ...] | None = None, axis: int = 1) -> int:
        """A length (fraction of the largest side) in voxels along ``axis`` of a volume of
        ``shape`` whose voxels are ``spacing`` apart (any unit; None: cubic voxels)."""
        spacing = spacing or (1.0,) * len(shape)
        return max(1, round(length * max(n * s for n, s in zip(shape, spacing)) / spacing[axis]))

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "BoxRule":
        """A rule from JSON (a box file, a config): unknown keys are refused, missing ones default."""
        if not isinstance(d, dict):
            raise PretextInputError("a box rule is a JSON object of settings, like {\"name\": \"guided\", \"top_fraction\": 0.03}.")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(d) - known)
        if unknown:
            raise PretextInputError(f"unknown box rule setting {unknown[0]!r}; known: {', '.join(sorted(known))}.")
        return cls(**d)

    def but(self, **changes) -> "BoxRule":
        return replace(self, **changes)

    def takes_second_opinion(self, agreement: float | None) -> bool:
        """Whether the second opinion's box takes the box's place: they overlap ``agreement``
        (IoU; None without a second opinion) under ``agreement`` and the rule has ``other_threshold``."""
        return self.other_threshold and agreement is not None and agreement < self.agreement

    def switched(self, step: str) -> tuple[str, "BoxRule"]:
        """("air on", the rule with the air step on): ``step`` (one of :data:`GUIDED_STEPS`) the
        other way, off where this rule has it, on where it does not (an ablation's arm)."""
        on = getattr(self, step)
        return f"{step} {'off' if on else 'on'}", self.but(**{step: not on})


# the guided rule's steps, each can be switched (BoxRule.switched; air and medium_rings are off by default)
GUIDED_STEPS = ("local_threshold", "containers", "walls", "supports", "mounts", "edges", "media", "medium_rings", "tails", "air",
                "other_threshold")


# what the user knows and the rule cannot see: a sample mounted dry has no liquid or gel around
# it, so the media step has nothing to find there, and what it finds anyway is the sample's own
# uniform part (a concrete's cement paste: unseen rounds 189, 192, 195 and 198; docs/ct_guide.md, "A dry sample")
DRY_HELP = ("the sample is dry, in air (no liquid or gel around it): the box rule does not look for a medium (its media step off), "
            "which can take a sample's own uniform part, such as a concrete's cement paste, for one (the threshold method has no such step)")


def sample_rule(rule: BoxRule | None, dry: bool) -> BoxRule | None:
    """``rule`` (None: the defaults) for a sample the user says is ``dry``: its media step off."""
    return (rule or BoxRule()).but(media=False) if dry else rule


def load_rule(path: str | Path) -> BoxRule:
    """The rule of a box file written earlier (its ``"rule"``), or of a JSON file holding a rule."""
    from ..core.outputs import read_json_file

    path = Path(path)
    data = read_json_file(path, "box rule")
    if isinstance(data, dict) and "start" in data:  # a box file
        if not isinstance(data.get("rule"), dict):
            raise PretextInputError(f"the box file {path.name} records no rule (a threshold box, or written before rules were recorded).")
        data = data["rule"]
    return BoxRule.from_dict(data)
