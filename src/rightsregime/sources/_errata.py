"""Reviewed corrections to source data, read from one cited file: ``regime/data/errata.csv``.

A reviewer reads that file alone to see every change made to what a source says. Each row says
which source and canonical table it corrects and how:

* ``remove``: drop the source's row for ``key`` (a group or instrument id, or a name) and
  ``state`` (the identifier *as the source writes it*). The parser quarantines the dropped row with
  the reason ``errata E00x: <correction>``, so the row accounting still adds up.
* ``set``: on that row, set ``field`` to ``value`` (empty means NULL). Several rows may share one
  ``errata_id`` when one correction changes several fields.
* ``add``: add a row the source lacks, with ``key``, ``state`` and ``field`` = ``value`` (further
  ``set`` rows of the same ``errata_id`` fill other fields). The parser counts an added row as a
  record read from ``errata.csv``.
* ``keep``: a reviewed decision to keep the source's row as it is (documented, no change).

``what``, ``correction`` and ``citation`` are given on the first row of an ``errata_id``; those rows
become the canonical ``errata`` table (``errata_id, source, what, correction, citation``).
"""
from __future__ import annotations

import pandas as pd

from ..errors import ParseError
from ..regime import data_path

ERRATA_FILE = "regime/data/errata.csv"
ACTIONS = ("remove", "set", "add", "keep")


def load_errata() -> pd.DataFrame:
    """Every correction row of ``errata.csv`` (strings; empty cells are '')."""
    with data_path("errata.csv").open(encoding="utf-8") as fh:
        df = pd.read_csv(fh, dtype=str, keep_default_na=False)
    bad = df.loc[~df["action"].isin(ACTIONS)]
    if len(bad):
        row = bad.index[0]
        raise ParseError(
            f"{ERRATA_FILE}: row {row + 2} has action {bad.iloc[0]['action']!r}; expected one of "
            f"{', '.join(ACTIONS)}. Fix the row.", file=ERRATA_FILE, line=int(row) + 2,
        )
    return df


def errata_for(source: str) -> pd.DataFrame:
    return load_errata().query("source == @source").reset_index(drop=True)


def errata_table(source: str) -> pd.DataFrame:
    """One ``errata`` row per correction of ``source`` (the canonical table's columns)."""
    rows = errata_for(source)
    if rows.empty:
        return pd.DataFrame(columns=["errata_id", "source", "what", "correction", "citation"])
    first = rows.drop_duplicates("errata_id", keep="first")
    return first[["errata_id", "source", "what", "correction", "citation"]].reset_index(drop=True)


def added(source: str, table: str) -> int:
    """How many rows the errata add to ``source``'s ``table`` (records of errata.csv)."""
    rows = errata_for(source)
    return int(((rows["table"] == table) & (rows["action"] == "add")).sum())


def reason(errata_id: str, source: str) -> str:
    rows = errata_for(source)
    text = rows.loc[rows["errata_id"] == errata_id, "correction"].iloc[0]
    return f"errata {errata_id}: {text}"


def apply(df: pd.DataFrame, source: str, table: str, key_col: str, state_col: str,
          file_col: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply ``source``'s errata for ``table`` to ``df``.

    Rows match on ``df[key_col] == key`` and ``df[state_col] == state``. Returns the corrected frame
    and the removed rows (with an added ``reason`` column). A correction that matches no row is a
    stale erratum: it raises, so the file cannot silently drift from the data it corrects.
    """
    rows = errata_for(source).query("table == @table")
    df = df.copy()
    removed = []
    for _, e in rows.iterrows():
        if e["action"] == "add":
            new = {key_col: e["key"], state_col: e["state"], e["field"]: e["value"] or None}
            df = pd.concat([df, pd.DataFrame([new])], ignore_index=True)
            continue
        hit = (df[key_col].astype(str) == e["key"]) & (df[state_col].astype(str) == e["state"])
        if not hit.any():
            raise ParseError(
                f"{ERRATA_FILE}: {e['errata_id']} ({e['action']} {e['key']}/{e['state']}) matches no row "
                f"of {source} {table}. The source changed or the erratum is wrong: review it.",
                source=source, file=ERRATA_FILE,
            )
        if e["action"] == "remove":
            gone = df.loc[hit].copy()
            gone["reason"] = reason(e["errata_id"], source)
            removed.append(gone)
            df = df.loc[~hit]
        elif e["action"] == "set":
            # Parsers apply errata while fields are still text, and convert types afterwards.
            df.loc[hit, e["field"]] = e["value"] if e["value"] != "" else None
    gone = pd.concat(removed) if removed else df.iloc[0:0].assign(reason=pd.Series(dtype=object))
    return df, gone
