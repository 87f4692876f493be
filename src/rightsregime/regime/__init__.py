"""The regime's vocabulary: positions, bodies, regional groups and the curated facts no source holds.

Pure Python, no I/O at import. Curated facts live as small cited files in ``regime/data/``.
"""
from __future__ import annotations

from enum import Enum
from importlib import resources


class Position(str, Enum):
    """A state's position on a decision. Abstaining is not voting (GA rule 126 / 86)."""

    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"
    PRESENT_NOT_VOTING = "non_voting"
    ABSENT = "absent"


# Positions as the warehouse spells them, in this order everywhere.
POSITIONS: tuple[str, ...] = tuple(p.value for p in Position)

# The states every profile compares a state with: the reference points of the alignment literature
# (agreement with the United States, Voeten 2000) and of the project's own question (China's alignment
# in the Council before and after 2013, DESIGN.md).
FOCAL_STATES: tuple[str, ...] = ("USA", "CHN")


# The UN's five regional groups, with the seats each holds on the Human Rights Council
# (GA res 60/251 para 7).
REGIONAL_GROUPS: dict[str, str] = {
    "AFRICAN": "African Group",
    "ASIA_PACIFIC": "Asia-Pacific Group",
    "EEG": "Eastern European Group",
    "GRULAC": "Latin American and Caribbean Group",
    "WEOG": "Western European and Others Group",
}
HRC_SEATS: dict[str, int] = {"AFRICAN": 13, "ASIA_PACIFIC": 13, "EEG": 6, "GRULAC": 8, "WEOG": 7}
HRC_SIZE = 47

# UPR Info's action categories of a recommendation, from the least to the most demanding
# (UPR Info database; McMahon 2012).
UPR_ACTION_CATEGORIES: dict[int, str] = {
    1: "minimal action", 2: "continuing action", 3: "considering action", 4: "general action",
    5: "specific action",
}

BODIES: dict[str, tuple[str, str, int | None]] = {
    # body_id: (name, kind, size)
    "GA": ("General Assembly", "charter", None),
    "SC": ("Security Council", "charter", 15),
    "HRC": ("Human Rights Council", "subsidiary", HRC_SIZE),
    "CHR": ("Commission on Human Rights", "subsidiary", None),  # 18 from 1947 to 53 from 1992: commission.chr_size
    "UPR": ("Universal Periodic Review Working Group", "subsidiary", HRC_SIZE),
    "CERD": ("Committee on the Elimination of Racial Discrimination", "treaty", 18),
    "CCPR": ("Human Rights Committee", "treaty", 18),
    "CESCR": ("Committee on Economic, Social and Cultural Rights", "treaty", 18),
    "CEDAW": ("Committee on the Elimination of Discrimination against Women", "treaty", 23),
    "CAT": ("Committee against Torture", "treaty", 10),
    "SPT": ("Subcommittee on Prevention of Torture", "treaty", 25),
    "CRC": ("Committee on the Rights of the Child", "treaty", 18),
    "CMW": ("Committee on Migrant Workers", "treaty", 14),
    "CRPD": ("Committee on the Rights of Persons with Disabilities", "treaty", 18),
    "CED": ("Committee on Enforced Disappearances", "treaty", 10),
}


def data_path(name: str):
    """Path of a curated data file shipped in ``regime/data``."""
    return resources.files(__name__).joinpath("data", name)
