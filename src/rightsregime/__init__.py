"""rightsregime: an executable model of the United Nations human rights regime.

>>> import rightsregime as rr
>>> reg = rr.open()                       # doctest: +SKIP
>>> reg.decisions(body="HRC", years=(2018, 2018)).head()   # doctest: +SKIP
"""
from __future__ import annotations

from .errors import (
    EstimationError,
    HashMismatch,
    InputFileError,
    LimitExceeded,
    LookupFailed,
    MachineFault,
    NotAWarehouse,
    NotFittedError,
    ParseError,
    RightsRegimeError,
    RuleSetError,
    SchemaOutdated,
    SourceError,
    SourceFileMissing,
    UnknownState,
    UnknownSymbol,
    UsageError,
    ImportFormatError,
    WarehouseError,
    WarehouseLocked,
    WarehouseMissing,
)

__version__ = "0.1.0"


def open(path=None, *, read_only: bool = True):  # noqa: A001 - the API the issue asks for
    """Open the warehouse (default: ``$RIGHTSREGIME_DB`` or the user data dir) as a :class:`Regime`."""
    from .warehouse.queries import Regime

    return Regime(path, read_only=read_only)


def build(path=None, *, sources_dir=None, progress: bool = False, force: bool = False):
    """Build the warehouse from every source (atomic: a new file swapped in). Returns the load summary.

    A file at ``path`` that is not a rightsregime warehouse is refused unless ``force``."""
    from .warehouse.build import build as _build

    return _build(path, sources_dir=sources_dir, progress=progress, force=force)


__all__ = [
    "open",
    "build",
    "__version__",
    "RightsRegimeError",
    "SourceError",
    "SourceFileMissing",
    "HashMismatch",
    "ParseError",
    "WarehouseError",
    "WarehouseMissing",
    "SchemaOutdated",
    "LookupFailed",
    "UnknownState",
    "UnknownSymbol",
    "UsageError",
    "WarehouseLocked",
    "RuleSetError",
    "EstimationError",
    "NotFittedError",
    "NotAWarehouse",
    "UsageError",
    "LimitExceeded",
    "InputFileError",
    "MachineFault",
    "ImportFormatError",
]
