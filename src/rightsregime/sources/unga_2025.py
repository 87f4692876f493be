"""General Assembly and Security Council recorded votes of 2025: the 3DL extract of the UN Digital Library.

One file, ``un_votes_2025_processed.csv``: one row per recorded vote (192 GA, 44 SC, 15 January to
29 December 2025, sessions 79-80), with the UN Digital Library record (``Link``, ``token``), the
symbol (``Resolution``), ``Title``, ``Date``, the official ``YES/NO/ABSTAIN/NO-VOTE COUNT`` and
one column per Member State (ISO3) holding ``YES``, ``NO``, ``ABSTAIN`` or nothing.

What a record is: a CSV row (-> one ``decisions`` row) and a vote cell of a member of the body
that voted (-> one ``votes`` row). In a GA row every one of the 191 state columns is a member's
cell; in an SC row the cells of the 15 members of the Council are (the states whose column holds
a position in some SC row); the other cells of an SC row belong to non-members and are not
records.

Reading a blank cell, from the official totals. In every GA row the YES, NO and ABSTAIN cells
add up exactly to the official counts and the blank cells to ``NO-VOTE COUNT`` minus 2, with 193
members in all: a blank is a member that did not vote, and the two members missing from the
file's columns (Afghanistan and Venezuela) are both among the non-voting in every GA row (the
extract seems to have dropped columns that were blank throughout). Their votes are not in the
file, so no ``votes`` rows are made for them; the reconciliation will show a non-voting count two
short of the official one. The UN's "non-voting" does not tell absence from presence without
voting, so a blank member cell is loaded as ``non_voting``. In SC rows a blank member cell is
again non-voting (Algeria on resolution 2797 (2025), MINURSO, NO-VOTE COUNT 1).

Columns: ``decision_id`` is ``unga-2025-3dl:<token>`` (the UN Digital Library record number);
``symbol`` is in the official form (``A/RES/80/84[B]``); ``kind`` is ``resolution`` (``A/RES``,
``S/RES``) or ``decision`` (``A/DEC``); the texts carry a number, so ``outcome`` is ``adopted``;
``subjects`` are the extract's ``tags`` (UNBIS thesaurus terms assigned by the extract's author
with a language model, not by the Library), deduplicated and joined with '; '. The columns
``country``, ``subregion`` and ``continent`` (geographic tags of the same kind) are not loaded.

Licence: the repository has no licence file; the data are the UN Digital Library's (UN terms of
use: non-commercial use with attribution).
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ParseError
from ._base import Parsed, Source, quarantine_frame, read_csv_checked
from ._fetch import load_registry
from ._un_symbols import official_ga_symbol

NAME = "unga-2025-3dl"
BASE = "https://raw.githubusercontent.com/HZloto/unga-2025/46fa27efae8b05d522b89bbdcdcd564a96e49cef/data/"
SOURCE = Source(
    name=NAME,
    title="UN General Assembly and Security Council votes 2025 (3DL extract of the UN Digital Library)",
    home="https://github.com/HZloto/unga-2025",
    base_url=BASE,
    licence="no licence file; UN Digital Library terms of use (non-commercial use with attribution)",
    citation=(
        "3DL Data Driven Decision Lab, un_votes_2025_processed.csv (HZloto/unga-2025, commit 46fa27e), "
        "from United Nations Digital Library voting records, 2025."
    ),
    coverage="GA (192) and SC (44) recorded votes, 15 January - 29 December 2025",
    files=load_registry(NAME, BASE),
)

FILE = "un_votes_2025_processed.csv"
META = ["Link", "token", "Title", "Council", "Resolution", "Date",
        "YES COUNT", "NO COUNT", "ABSTAIN COUNT", "NO-VOTE COUNT"]
BODIES = {"General Assembly": "GA", "Security Council": "SC"}
CELL_POSITIONS = {"YES": "yes", "NO": "no", "ABSTAIN": "abstain", "": "non_voting"}
_STATE_COLUMN = re.compile(r"^[A-Z]{3}$")
_CATALOGUE_SUFFIX = r"\s*:\s*(?:resolution|decision)\s*/\s*adopted by.*$"


def _symbol(raw: str, body: str) -> str:
    raw = re.sub(r"\s+", " ", raw.strip())
    if body == "GA":
        return official_ga_symbol(raw) or raw
    return raw.replace(" ", "")


def _session(symbol: str) -> str | None:
    m = re.match(r"^A/(?:RES|DEC)/((?:ES-|S-)?\d+)/", symbol)
    return m.group(1) if m else None


def _subjects(tags: str) -> str | None:
    terms = [t.strip() for t in tags.split(",") if t.strip()]
    return "; ".join(dict.fromkeys(terms)) or None


def parse(paths: dict[str, Path]) -> Parsed:
    path = paths[FILE]
    # The pinned extract holds 236 recorded votes of 2025; 200 leaves room for a corrected edition
    # and still refuses a copy cut short (half of it is 118).
    df = read_csv_checked(path, source=NAME, min_rows=200, what="recorded votes")
    missing = [c for c in META if c not in df.columns]
    if missing:
        raise ParseError(
            f"{path}: columns {missing} missing (found {list(df.columns)[:16]}...); the extract changed layout.",
            source=NAME, file=str(path),
        )
    states = [c for c in df.columns if _STATE_COLUMN.match(c)]
    cells = df[states].to_numpy(dtype=object)
    quarantine = []

    body = df["Council"].map(BODIES)
    counts = df[["YES COUNT", "NO COUNT", "ABSTAIN COUNT", "NO-VOTE COUNT"]].apply(pd.to_numeric, errors="coerce")
    date = pd.to_datetime(df["Date"], format="%Y-%m-%d", errors="coerce")
    unknown_cell = ~np.isin(cells, list(CELL_POSITIONS))
    bad_row = (body.isna() | date.isna() | counts.isna().any(axis=1) | ~df["token"].str.isdigit()
               | df["token"].duplicated(keep="first")).to_numpy()
    for i in np.flatnonzero(bad_row):
        reason = ("unknown body " + repr(df["Council"].iat[i])) if pd.isna(body.iat[i]) else (
            "bad date, count or token" if not df["token"].duplicated(keep="first").iat[i] else "duplicate token")
        quarantine.append({"file": FILE, "row": str(i + 2), "reason": reason,
                           "raw": ",".join(df.loc[i, META].astype(str))})

    # Members of the Council: the states with a position in some SC row.
    is_sc = (body == "SC").to_numpy() & ~bad_row
    council = (cells[is_sc] != "").any(axis=0) if is_sc.any() else np.zeros(len(states), bool)
    member_cell = np.where((body == "GA").to_numpy()[:, None], True, council[None, :]) & ~bad_row[:, None]
    n_records = int((~bad_row).sum() + member_cell.sum() + bad_row.sum())

    # Cells with an unreadable value are quarantined one by one.
    for i, j in zip(*np.nonzero(member_cell & unknown_cell)):
        quarantine.append({"file": FILE, "row": str(i + 2), "reason": f"unknown vote {cells[i, j]!r} for {states[j]}",
                           "raw": f"{df['Resolution'].iat[i]},{states[j]},{cells[i, j]}"})
    take = member_cell & ~unknown_cell
    rows, cols = np.nonzero(take)

    ok = ~bad_row
    decision_id = (NAME + ":" + df["token"]).to_numpy(dtype=object)
    symbols = [_symbol(r, b) if isinstance(b, str) else r for r, b in zip(df["Resolution"], body)]
    title = df["Title"].str.replace(_CATALOGUE_SUFFIX, "", regex=True).str.strip()
    decisions = pd.DataFrame({
        "decision_id": decision_id,
        "body_id": body.to_numpy(dtype=object),
        "symbol": symbols,
        "kind": np.where(df["Resolution"].str.startswith("A/DEC"), "decision", "resolution"),
        "title": title.to_numpy(dtype=object),
        "date": date.to_numpy(),
        "year": date.dt.year.astype("Int64").array,
        "session": [_session(s) for s in symbols],
        "subjects": [_subjects(t) for t in df["tags"]] if "tags" in df.columns else None,
        "modality": "recorded",
        "outcome": "adopted",
        "yes": counts["YES COUNT"].astype("Int64").array,
        "no": counts["NO COUNT"].astype("Int64").array,
        "abstain": counts["ABSTAIN COUNT"].astype("Int64").array,
        "non_voting": counts["NO-VOTE COUNT"].astype("Int64").array,
        "url": df["Link"].to_numpy(dtype=object),
        "source": NAME,
    })[ok].reset_index(drop=True)
    votes = pd.DataFrame({
        "decision_id": decision_id[rows],
        "iso3": np.asarray(states, dtype=object)[cols],
        "position": pd.Series(cells[rows, cols]).map(CELL_POSITIONS).to_numpy(dtype=object),
        "source": NAME,
    })
    return Parsed(tables={"decisions": decisions, "votes": votes}, read={FILE: n_records},
                  quarantine=quarantine_frame(quarantine))
