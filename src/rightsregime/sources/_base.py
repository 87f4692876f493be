"""What a source module declares (:class:`Source`) and what its parser returns (:class:`Parsed`).

Contract for ``parse(paths) -> Parsed``:

* ``paths`` maps each file name of the registry (e.g. ``"data/un_votes.rda"``) to a local path
  whose hash has already been checked.
* ``Parsed.tables`` maps canonical table names (see ``warehouse/schema.py``) to DataFrames whose
  columns are a subset of that table's columns. State columns (``STATE_COLUMNS`` in
  ``warehouse/schema.py``) hold the *raw* identifier the source uses (a name, ISO2 or ISO3 code);
  the build resolves them to codes and quarantines what it cannot resolve. A parser may add a
  ``state_date`` column (a date) that tells the resolver when the name was used.
* Every record read is accounted for: it becomes exactly one table row, or one row of
  ``Parsed.quarantine`` (columns ``file, row, reason, raw``), or is counted in ``Parsed.merged``
  (matched a record of another source and kept only for cross-checking). ``Parsed.read`` counts
  records per file; what a record is (a CSV row, a vote cell of a wide table) is said in the
  parser's docstring. The build checks read == loaded + merged + quarantined.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

QUARANTINE_COLUMNS = ["file", "row", "reason", "raw"]


@dataclass(frozen=True)
class SourceFile:
    name: str  # path inside the source folder, e.g. "data/un_votes.rda"
    sha256: str
    url: str  # public location


@dataclass(frozen=True)
class Source:
    """A public source: where it lives, its licence and citation, and its hashed files."""

    name: str  # folder name in the mirror, e.g. "unvotes"
    title: str
    home: str  # repository or record page
    base_url: str  # pinned base URL that file names are appended to
    licence: str
    citation: str
    coverage: str
    files: tuple[SourceFile, ...] = ()
    # Name of another source whose decisions this one's are merged into by symbol (second harvest).
    merge_into: str | None = None
    # Codebook-only sources are listed but not loaded.
    codebook_only: bool = False

    def file(self, name: str) -> SourceFile:
        for f in self.files:
            if f.name == name:
                return f
        raise KeyError(name)


@dataclass
class Parsed:
    tables: dict[str, pd.DataFrame]
    read: dict[str, int]
    quarantine: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=QUARANTINE_COLUMNS))
    merged: int = 0

    @property
    def n_read(self) -> int:
        return int(sum(self.read.values()))


def quarantine_frame(rows: list[dict] | None = None) -> pd.DataFrame:
    """A quarantine DataFrame with the standard columns (``file, row, reason, raw``)."""
    return pd.DataFrame(rows or [], columns=QUARANTINE_COLUMNS)
