"""Human Rights Council recorded votes 2006-2024, amendments included: a second, independent harvest.

B. Tsujamin's scrape of the OHCHR Search Library "Voting" collection (``tsujamin/unhrc-nominate``,
written for a 2024 thesis on W-NOMINATE ideal points in the Council). It holds the same OHCHR records
as ``hrc-voting``, so the build merges it into that source by symbol (``merge_into``): what it alone
has is added, what both have is cross-checked, disagreements become ``reconciliation`` rows.

Records read from ``votes.sqlite3`` (opened read-only with Python's sqlite3):

* table ``resolutions``: one record per row = one decision voted on (974), keyed by its symbol
  (``name``); ``passed`` 0/1 gives the outcome, ``type`` the kind (resolution, decision, amendment).
* table ``votes``: one record per row = one state's vote on one decision (45,387). ``NO_VOTE`` (a
  state on the roll call that cast no vote) is loaded as ``non_voting``: the harvest does not tell
  absence from presence without voting, so the merge treats ``absent`` and ``non_voting`` alike.

The ``countries`` table (GLOBAL_NORTH/GLOBAL_SOUTH) is the author's own label and is not read.
No licence file: the repository is public, and the votes are public UN records.
"""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pandas as pd

from ..errors import ParseError
from ._base import Parsed, Source, quarantine_frame
from ._fetch import load_registry
from .hrc_voting import repair_symbol, session_of

NAME = "hrc-amendments-tsujamin"
BASE = "https://raw.githubusercontent.com/tsujamin/unhrc-nominate/9c7d142b8889a18f11b1dfe7e1530000e7c2b90f/"
DATABASE = "votes.sqlite3"

SOURCE = Source(
    name=NAME,
    title="UNHRC-Nominate: Human Rights Council recorded votes including amendments (second harvest)",
    home="https://github.com/tsujamin/unhrc-nominate",
    base_url=BASE,
    licence="no licence file (public repository; the votes are public UN records)",
    citation="Tsujamin, B. (2024). unhrc-nominate [Software and data]. https://github.com/tsujamin/unhrc-nominate",
    coverage="HRC recorded votes 2006-06-29 to 2024-10-11: 974 decisions, 45,387 country votes",
    files=load_registry(NAME, BASE),
    merge_into="hrc-voting",
)

POSITION = {"YES": "yes", "NO": "no", "ABSTAIN": "abstain", "NO_VOTE": "non_voting"}
KIND = {"resolution": "resolution", "decision": "decision", "amendment": "amendment"}
# 'A/61/53 (Part 1, Annex I) -4.Implementation of ... -INDIGENOUS PEOPLES - DECLARATIONS'
_AGENDA = re.compile(r"^(?P<report>.*?)\s-(?P<no>\d+[a-z]?)\.\s*(?P<title>.*?)\s-(?P<subjects>[^-].*)?$", re.S)


def _split_agenda(text: str | None) -> tuple[str | None, str | None]:
    if not text:
        return None, None
    m = _AGENDA.match(text)
    if not m:
        return None, None
    item = f"{m['no']} {m['title'].strip()}".strip()
    tags = [t.strip() for t in (m["subjects"] or "").split(" - ") if t.strip()]
    return item or None, "; ".join(dict.fromkeys(tags)) or None


def _title(summary: str | None) -> str | None:
    if not summary:
        return None
    return re.sub(r"\s*:\s*(resolution|decision|amendment)\s*/.*$", "", summary.strip(), flags=re.S) or None


def _read(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    uri = f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1"
    try:
        con = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise ParseError(f"{path}: cannot open as SQLite ({exc}).", source=NAME, file=str(path)) from exc
    try:
        decisions = pd.read_sql_query(
            "SELECT rowid, name, vote_date, summary, agenda, passed, type FROM resolutions ORDER BY rowid", con)
        votes = pd.read_sql_query(
            "SELECT rowid, resolution_name, country_short, vote FROM votes ORDER BY rowid", con)
    except (sqlite3.Error, pd.errors.DatabaseError) as exc:
        raise ParseError(f"{path}: expected tables 'resolutions' and 'votes' of unhrc-nominate ({exc}).",
                         source=NAME, file=str(path)) from exc
    finally:
        con.close()
    return decisions, votes


def parse(paths: dict[str, Path]) -> Parsed:
    raw, raw_votes = _read(paths[DATABASE])
    symbol = raw["name"].map(repair_symbol)
    agenda = raw["agenda"].map(_split_agenda)
    date = pd.to_datetime(raw["vote_date"], format="%Y/%m/%d", errors="coerce")
    decisions = pd.DataFrame({
        "decision_id": NAME + ":" + raw["name"],
        "body_id": "HRC",
        "symbol": symbol,
        "kind": raw["type"].map(KIND),
        "title": raw["summary"].map(_title),
        "date": date.dt.date,
        "year": date.dt.year.astype("Int64"),
        "session": symbol.map(session_of),
        "agenda_item": [a[0] for a in agenda],
        "subjects": [a[1] for a in agenda],
        "modality": "recorded",
        "outcome": raw["passed"].map({1: "adopted", 0: "rejected"}).fillna("unknown"),
        "url": "https://undocs.org/" + symbol,
        "source": NAME,
    })
    bad_decision = decisions["kind"].isna() | date.isna()
    quarantine = [
        {"file": f"{DATABASE}:resolutions", "row": str(r), "reason": "unknown type or unreadable date",
         "raw": f"{n} {d} {t}"}
        for r, n, d, t in zip(raw.loc[bad_decision, "rowid"], raw.loc[bad_decision, "name"],
                              raw.loc[bad_decision, "vote_date"], raw.loc[bad_decision, "type"])
    ]
    decisions = decisions.loc[~bad_decision]

    votes = pd.DataFrame({
        "decision_id": NAME + ":" + raw_votes["resolution_name"],
        "iso3": raw_votes["country_short"],
        "position": raw_votes["vote"].map(POSITION),
        "source": NAME,
    })
    orphan = ~votes["decision_id"].isin(decisions["decision_id"])
    bad_vote = votes["position"].isna() | orphan
    quarantine += [
        {"file": f"{DATABASE}:votes", "row": str(r),
         "reason": "decision not in table resolutions" if o else f"unknown vote code {v!r}",
         "raw": f"{n} {c} {v}"}
        for r, n, c, v, o in zip(raw_votes.loc[bad_vote, "rowid"], raw_votes.loc[bad_vote, "resolution_name"],
                                 raw_votes.loc[bad_vote, "country_short"], raw_votes.loc[bad_vote, "vote"],
                                 orphan[bad_vote])
    ]
    votes = votes.loc[~bad_vote]
    return Parsed(
        tables={"decisions": decisions.reset_index(drop=True), "votes": votes.reset_index(drop=True)},
        read={f"{DATABASE}:resolutions": len(raw), f"{DATABASE}:votes": len(raw_votes)},
        quarantine=quarantine_frame(quarantine),
    )
