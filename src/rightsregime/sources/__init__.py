"""One module per public source. Each declares ``SOURCE`` (where it lives, licence, citation, hashed
files) and ``parse(paths) -> Parsed``. Nothing outside this package knows a source's format.

``MODULES`` lists them in build order: states and groups first (the name resolver is built from
them), then the records that name states.
"""
from __future__ import annotations

import importlib
from types import ModuleType

MODULES = (
    "member_states",
    "groups",
    "treaty_status",
    "unvotes",
    "unga_2025",
    "sc_vetoes",
    "hrc_voting",
    "hrc_amendments",
    "upr",
    "voeten",
    "undl_ga",
    "ilo",
    "fariss",
    "pts",
)


def modules() -> list[ModuleType]:
    """The source modules present in this installation, in build order."""
    found = []
    for name in MODULES:
        try:
            found.append(importlib.import_module(f"{__name__}.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
    return found


def by_name() -> dict[str, ModuleType]:
    return {m.SOURCE.name: m for m in modules()}
