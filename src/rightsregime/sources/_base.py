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


def read_csv_checked(path, *, source: str, min_rows: int = 1, what: str = "rows", **kwargs) -> pd.DataFrame:
    """``pandas.read_csv`` (text columns, empty cells kept as "") that refuses a damaged file.

    The hash check is not trusted alone (a registry update or a bypass lets any file through), so
    the reader checks what it can see: the file decodes and tokenises, it has at least
    ``min_rows`` rows (the source's own count, or a floor well below it), and its last row is whole
    (a file cut short mid-row leaves the last row's final cells missing, read as NaN, where every
    complete cell reads as text). Faults raise :class:`~rightsregime.errors.ParseError` naming
    the file."""
    from ..errors import ParseError

    kwargs = {"dtype": str, "keep_default_na": False, "encoding": "utf-8", **kwargs}
    try:
        df = pd.read_csv(path, **kwargs)
    except UnicodeDecodeError as exc:
        raise ParseError(f"{source}: {path}: a byte that is not UTF-8 at byte {exc.start} ({exc.reason}); "
                         "the file is damaged: restore it from the source.", source=source,
                         file=str(path)) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ParseError(f"{source}: {path}: not a readable CSV ({first}); the file is damaged: "
                         "restore it from the source.", source=source, file=str(path)) from None
    if len(df) < min_rows:
        raise ParseError(f"{source}: {path}: {len(df):,} {what}, expected at least {min_rows:,}; the file "
                         "looks truncated: restore it from the source.", source=source, file=str(path))
    fields = _last_line_fields(path, kwargs.get("sep", ","))
    if len(df) and fields is not None and fields < len(df.columns):
        raise ParseError(f"{source}: {path}: the last row (row {len(df):,}) has {fields} of "
                         f"{len(df.columns)} fields; the file is cut short: restore it from the "
                         "source.", source=source, file=str(path), line=len(df) + 1)
    return df


def _last_line_fields(path, sep: str) -> int | None:
    """Fields on the file's last line (pandas pads a short last row with empty cells silently), or
    None when that line holds a quote (it may be the end of a multi-line record: not judged)."""
    import csv
    import os

    with open(path, "rb") as handle:
        size = handle.seek(0, os.SEEK_END)
        handle.seek(max(0, size - 65536))
        tail = handle.read().decode("utf-8", errors="replace")
    lines = [line for line in tail.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip()]
    if len(lines) < 2 or '"' in lines[-1]:
        return None
    return len(next(csv.reader([lines[-1]], delimiter=sep or ",")))


def require_complete(count: int, floor: int, *, source: str, path, what: str, basis: str) -> None:
    """Refuse a file that holds fewer than ``floor`` of ``what``: ``basis`` says where the floor comes
    from (the source's own total, or the pinned file's count less a margin for later editions).

    Most of these files are sorted by state, so a copy cut at a line end parses cleanly and only
    lacks the last states: counting what must be there is the one way to see it."""
    from ..errors import ParseError

    if count < floor:
        raise ParseError(f"{source}: {path}: {count:,} {what}, expected at least {floor:,} ({basis}); "
                         "the file looks truncated: restore it from the source.",
                         source=source, file=str(path))


def states_in_period(frame: pd.DataFrame, period_column: str, state_column: str, period) -> int:
    """How many distinct states a file lists for one period (its final year or session)."""
    values = pd.to_numeric(frame[period_column], errors="coerce")
    return int(frame.loc[values == period, state_column].nunique())
