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

from rich import box
from rich.table import Table

from ..errors import UsageError
from ._options import console, emit_json, err_console

# Columns that must never wrap: a split symbol or date cannot be copied back into a command.
NO_WRAP = {"symbol", "iso3", "date", "decision_id", "draft_symbol", "period", "year", "votes",
           "body", "body_id", "partner", "group", "state", "admitted", "left", "regional_group",
           "source", "outcome", "recorded", "replayed", "kind"}
NUMERIC_DIGITS = 3
# Lists (terms, member codes) wrap between items.
FOLD = {"terms", "members", "changes"}
# Columns of free text, shortened at a word boundary to make the table fit the terminal.
FREE_TEXT = {"title", "name", "reason", "note", "members", "what", "subjects", "citation",
             "coverage", "licence", "status", "why"}


def shorten(text, width: int) -> str:
    """``text`` cut at a word boundary to fit ``width`` characters, with an ellipsis if cut."""
    text = "" if text is None or text != text else " ".join(str(text).split())
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
    widths = {"title": 60, "name": 24, **(widths or {})}
    # A light box (no vertical rules) leaves the 80 columns to the data.
    t = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False,
              collapse_padding=True)
    rows = [[cell(v, digits) for v in row] for row in df[columns].itertuples(index=False)]
    # Free text (titles, names, reasons) gives way; codes, symbols, dates and numbers keep their
    # full width, never split or cropped.
    free = [c for c in columns if (c in widths or c in FREE_TEXT) and c not in FOLD]
    need = {c: max([len(r[i]) for r in rows] + [len(labels.get(c, c))])
            for i, c in enumerate(columns)}
    room = (console.width or 80) - 2 * len(columns)  # each column costs 2 characters of padding
    fixed = sum(need[c] if c not in FOLD else 12 for c in columns if c not in free)
    budget = max(12, room - fixed)
    # Share the room left among the free-text columns: the narrow ones take what they need, the
    # wide ones split the rest (so a short 'expected' is not cut while the title has room).
    caps = {c: min(need[c], widths.get(c, budget)) for c in free}
    pending = sorted(free, key=caps.get)
    for k, c in enumerate(pending):
        share = budget // (len(pending) - k)
        need[c] = max(min(caps[c], share), min(caps[c], len(labels.get(c, c)), 8))
        budget = max(0, budget - need[c])
    for i, c in enumerate(columns):
        numeric = c in right or (pd.api.types.is_numeric_dtype(df[c]) and c not in ("year", "session"))
        if c in free:
            rows = [r[:i] + [shorten(r[i], need[c])] + r[i + 1:] for r in rows]
        if c in FOLD:  # lists of codes or terms: wrapped between items, never cropped
            t.add_column(labels.get(c, c), overflow="fold")
            continue
        t.add_column(labels.get(c, c), justify="right" if numeric else "left",
                     no_wrap=True, min_width=need[c] if c not in free else None,
                     max_width=need[c] if c in free else None, overflow="ellipsis")
    for r in rows:
        t.add_row(*r)
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
    # A year held as a float (a column with gaps) is written 2018, not 2018.0.
    for col in df.columns:
        if str(col).endswith("year") and pd.api.types.is_float_dtype(df[col]):
            values = df[col].dropna()
            if (values == values.round()).all():
                df[col] = df[col].astype("Int64")
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


def write_chart(chart, path, data=None) -> list:
    """Write a chart for ``--chart PATH``: PNG and SVG (whichever suffix was typed) and the chart's
    data as CSV beside them, each file moved into place only when complete. ``chart`` is a
    :class:`rightsregime.charts.Chart` or a bare matplotlib figure (then ``data``, if given, is
    its CSV). The one chart writer of every command."""
    from ..charts import Chart, save

    if not isinstance(chart, Chart):
        import pandas as pd

        chart = Chart(figure=chart, data=data if data is not None else pd.DataFrame())
    written = save(chart, path)
    err_console.print("Chart written to " + ", ".join(str(p) for p in written), highlight=False)
    return written


def machine_readable(resource, *, json: bool, csv: bool) -> bool:
    """Print ``--json`` or ``--csv`` if asked (returns True); else the caller prints its text."""
    if json or csv:
        render(resource, json=json, csv=csv)
        return True
    return False


__all__ = ["render", "machine_readable", "table", "shorten", "cell", "print_notes", "write_csv",
           "write_chart"]
