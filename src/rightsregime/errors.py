"""The exception tree of rightsregime.

Every error a user can act on derives from :class:`RightsRegimeError`; the CLI prints its message
as one line (``Error: ...``) and exits 1, the web API maps it to an HTTP status.

::

    RightsRegimeError
    ├── SourceError                 a public source cannot be used
    │   ├── SourceFileMissing       a file is absent from the mirror, cache and download
    │   ├── HashMismatch            a file's sha256 differs from the registry
    │   └── ParseError              a file is present but not in the expected layout
    ├── WarehouseError              the DuckDB warehouse cannot be used
    │   ├── WarehouseMissing        no warehouse at the path: run 'rightsregime build'
    │   ├── WarehouseLocked         another process holds the warehouse file open for writing
    │   └── SchemaOutdated          the warehouse was built by another schema version
    ├── LookupFailed                a name the user typed is not in the data (404 on the web)
    │   ├── UnknownState
    │   ├── UnknownSymbol
    │   ├── UnknownGroup
    │   └── UnknownInstrument   not one of the 18 UN instruments or the 11 ILO conventions
    ├── UsageError (exit 2)         a parameter the user typed is malformed or out of range
    ├── RuleSetError                an unknown or malformed rule set, or impossible totals
    ├── EstimationError             too little data to estimate a model on the slice asked for
    └── NotFittedError              a model used before ``fit``
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable


class RightsRegimeError(Exception):
    """Root of every error raised on purpose by rightsregime."""

    exit_code = 1
    http_status = 400


class SourceError(RightsRegimeError):
    def __init__(self, message: str, *, source: str | None = None, file: str | None = None):
        super().__init__(message)
        self.source = source
        self.file = file


class SourceFileMissing(SourceError):
    pass


class HashMismatch(SourceError):
    pass


class ParseError(SourceError):
    def __init__(self, message: str, *, source=None, file=None, line: int | None = None):
        super().__init__(message, source=source, file=file)
        self.line = line


class WarehouseError(RightsRegimeError):
    http_status = 500


class WarehouseMissing(WarehouseError):
    pass


class SchemaOutdated(WarehouseError):
    pass


class WarehouseLocked(WarehouseError):
    """The file exists but another process (a build, a writer) holds DuckDB's lock on it."""


class LookupFailed(RightsRegimeError):
    http_status = 404


class UnknownState(LookupFailed):
    def __init__(self, message: str, *, state: str | None = None):
        super().__init__(message)
        self.state = state


class UnknownSymbol(LookupFailed):
    def __init__(self, message: str, *, symbol: str | None = None):
        super().__init__(message)
        self.symbol = symbol


class UnknownGroup(LookupFailed):
    pass


class UnknownInstrument(LookupFailed):
    pass


class UsageError(RightsRegimeError):
    """A parameter as typed cannot be understood: a malformed year, a reversed range, an unknown
    body, kind or outcome. Exit 2, like click's own usage errors; ``option`` names the parameter."""

    exit_code = 2

    def __init__(self, message: str, *, option: str | None = None):
        super().__init__(message)
        self.option = option


class RuleSetError(RightsRegimeError):
    pass


class EstimationError(RightsRegimeError):
    pass


class NotFittedError(RightsRegimeError, AttributeError):
    pass


def closest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The candidates nearest to ``word`` (case-insensitive), for 'Did you mean ...?' messages."""
    candidates = list(dict.fromkeys(c for c in candidates if c))
    lowered = {c.lower(): c for c in candidates}
    hits = difflib.get_close_matches(word.lower(), list(lowered), n=n, cutoff=0.5)
    return [lowered[h] for h in hits]
