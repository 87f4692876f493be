"""The one renderer: a :class:`~rightsregime.resources.Resource` to the terminal, JSON or CSV.

Every command ends with :func:`render` (as sqlite-utils' commands end with ``output_options``):
``--json`` prints ``resource.to_dict()``, ``--csv`` writes the main table, otherwise the command's
own printer (or a plain table) draws rich tables readable at 80 columns: names beside codes,
titles shortened at a word boundary with an ellipsis, symbols never split, and the notes
(coverage, "showing 50 of 657; --limit 0 for all") printed under the tables.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from rich.table import Table

from ..errors import UsageError
from ._options import console, emit_json

# Columns that must never wrap: a split symbol or date cannot be copied back into a command.
NO_WRAP = {"symbol", "iso3", "date", "decision_id", "draft_symbol", "period", "year", "votes",
           "body", "body_id", "partner", "group", "state"}
NUMERIC_DIGITS = 3


def shorten(text, width: int) -> str:
    """``text`` cut at a word boundary to fit ``width`` characters, with an ellipsis if cut."""
    text = "" if text is None else " ".join(str(text).split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if " " in cut[width // 2:]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-") + "…"


def cell(value, digits: int = NUMERIC_DIGITS) -> str:
    """A table cell: blank for missing, rounded floats, lists joined, anything else as text."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    try:
        if value != value:  # NaN, NaT
            return ""
    except (TypeError, ValueError):
        pass
    if str(value) in ("<NA>", "NaT"):
        return ""
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    if hasattr(value, "item") and not isinstance(value, str):
        return cell(value.item(), digits)
    if hasattr(value, "date") and hasattr(value, "hour"):  # a Timestamp at midnight: the day
        return str(value)[:10] if str(value).endswith("00:00:00") else str(value)
    return str(value)


def table(df, columns: Sequence[str] | None = None, *, title: str | None = None,
          labels: dict[str, str] | None = None, widths: dict[str, int] | None = None,
          digits: int = NUMERIC_DIGITS, right: Sequence[str] = ()) -> Table:
    """A rich table of ``df``'s ``columns``: numbers right-aligned, symbols unsplit, long text
    (title, name, reason, members...) shortened to ``widths`` (default 40 for titles)."""
    import pandas as pd

    columns = [c for c in (columns or list(df.columns)) if c in df.columns]
    labels = labels or {}
    widths = {"title": 40, "name": 22, **(widths or {})}
    t = Table(title=title, title_justify="left")
    for c in columns:
        numeric = c in right or (pd.api.types.is_numeric_dtype(df[c]) and c not in ("year", "session"))
        t.add_column(labels.get(c, c), justify="right" if numeric else "left",
                     no_wrap=c in NO_WRAP or c in widths, overflow="fold")
    for row in df[columns].itertuples(index=False):
        cells = []
        for c, v in zip(columns, row):
            text = cell(v, digits)
            cells.append(shorten(text, widths[c]) if c in widths else text)
        t.add_row(*cells)
    return t


def print_notes(resource) -> None:
    for note in resource.notes:
        console.print(f"[dim]Note: {note}[/]", highlight=False)


def write_csv(resource) -> None:
    if resource.main is None:
        raise UsageError(f"'{resource.kind}' has no table to write as CSV; use --json.",
                         option="--csv")
    import pandas as pd

    df = resource.table()
    if not isinstance(df, pd.DataFrame):
        df = pd.DataFrame(df)
    # Lists (members of a bloc, positions by group) become one space-separated cell.
    df = df.apply(lambda s: s.map(lambda v: " ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
                  if s.dtype == object else s)
    df.to_csv(sys.stdout, index=False)


def render(resource, *, json: bool = False, csv: bool = False,
           text: Callable | None = None) -> None:
    """Print ``resource`` as JSON, CSV or (default) with ``text(resource)`` then its notes."""
    if json and csv:
        raise UsageError("Give --json or --csv, not both.", option="--csv")
    if json:
        emit_json(resource.to_dict())
        return
    if csv:
        write_csv(resource)
        return
    if text is not None:
        text(resource)
    elif resource.main is not None:
        console.print(table(resource.table(), title=resource.kind))
    print_notes(resource)


__all__ = ["render", "table", "shorten", "cell", "print_notes", "write_csv"]
