"""Checks the build runs on the canonical tables: a recorded vote's roll call against its official totals.

A source that gives both the official totals of a recorded vote (yes, no, abstain, non-voting) and the
roll call (one position per state) can contradict itself: a state left out of the roll call, a position
catalogued in the wrong column, the roll call of another vote attached to a record. Nothing is
corrected here; each contradiction becomes a ``reconciliation`` row that says what the record states
(``expected``, the official total) and what the roll call adds up to (``found``).

``non_voting`` in the official totals counts every member that cast no vote, so the roll call's
``absent`` and ``non_voting`` positions are added up against it.
"""
from __future__ import annotations

import pandas as pd

from .schema import TABLES

RECONCILIATION_COLUMNS = list(TABLES["reconciliation"])
TOTALS = ("yes", "no", "abstain", "non_voting")


def roll_call_tally(votes: pd.DataFrame) -> pd.DataFrame:
    """Counts per decision (index decision_id; columns yes, no, abstain, non_voting incl. absent)."""
    if votes.empty:
        return pd.DataFrame(columns=list(TOTALS), dtype="int64")
    position = votes["position"].replace({"absent": "non_voting"})
    tally = votes.groupby([votes["decision_id"], position]).size().unstack(fill_value=0)
    return tally.reindex(columns=list(TOTALS), fill_value=0)


def reconcile_totals(decisions: pd.DataFrame, votes: pd.DataFrame) -> pd.DataFrame:
    """Reconciliation rows for every recorded decision whose roll call disagrees with its official totals.

    One row per disagreeing total (``what`` = 'yes total', 'no total', 'abstain total', 'non_voting
    total'), plus one row ('roll call') for a recorded decision that has no roll call at all. Decisions without official totals (most GA sources) are not checked.
    """
    columns = ["decision_id", "symbol", "source", "modality", *TOTALS]
    dec = decisions.reindex(columns=columns)
    dec = dec[dec["modality"] == "recorded"]
    rows = []
    # isin against the distinct ids: arrow-backed strings compare element by element in Python otherwise
    no_roll_call = ~dec["decision_id"].isin(votes["decision_id"].unique())
    for did, sym, src in zip(dec.loc[no_roll_call, "decision_id"], dec.loc[no_roll_call, "symbol"],
                             dec.loc[no_roll_call, "source"]):
        rows.append({"decision_id": did, "symbol": sym, "what": "roll call", "expected": "a roll call",
                     "found": "none", "source": src})
    dec = dec[~no_roll_call]
    official = dec[list(TOTALS)].apply(pd.to_numeric, errors="coerce")
    has_totals = official[["yes", "no", "abstain"]].notna().all(axis=1)
    dec, official = dec[has_totals], official[has_totals]
    tally = roll_call_tally(votes[votes["decision_id"].isin(dec["decision_id"])])
    found = tally.reindex(dec["decision_id"]).set_axis(dec.index)
    present = found["yes"].notna()
    found = found.fillna(0)
    for col in TOTALS:
        want = official[col].fillna(0) if col == "non_voting" else official[col]
        bad = present & want.notna() & (want != found[col])
        for did, sym, src, x, y in zip(dec.loc[bad, "decision_id"], dec.loc[bad, "symbol"], dec.loc[bad, "source"],
                                       want[bad], found.loc[bad, col]):
            rows.append({"decision_id": did, "symbol": sym, "what": f"{col} total",
                         "expected": str(int(x)), "found": str(int(y)), "source": src})
    return pd.DataFrame(rows, columns=RECONCILIATION_COLUMNS)


def mismatching_decisions(reconciliation: pd.DataFrame, totals=("yes", "no", "abstain")) -> set[str]:
    """Decisions with at least one disagreeing total among ``totals`` (the harvest's own count uses
    yes/no/abstain only)."""
    whats = {f"{t} total" for t in totals}
    return set(reconciliation.loc[reconciliation["what"].isin(whats), "decision_id"])


def correct_outcomes(decisions: pd.DataFrame, reconciliation: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Correct a recorded outcome that both other witnesses contradict.

    Where the two harvests disagree on an outcome (``what == 'outcome'``), the official totals decide
    under the body's rule for these texts (a simple majority of members present and voting; a tie
    rejects): if they side with the second harvest, the first harvest's label is a cataloguing slip
    (e.g. A/HRC/7/L.39, adopted 27-17-3 but labelled rejected) and is corrected. Each correction is a
    reconciliation row ``outcome corrected``, so nothing changes silently. Returns (decisions,
    new reconciliation rows).
    """
    disputed = reconciliation.loc[reconciliation["what"] == "outcome", ["decision_id", "expected", "found"]]
    if disputed.empty:
        return decisions, pd.DataFrame(columns=RECONCILIATION_COLUMNS)
    dec = decisions.set_index("decision_id")
    rows = []
    decisions = decisions.copy()
    for did, recorded, second in disputed.itertuples(index=False):
        if did not in dec.index:
            continue
        yes, no = pd.to_numeric(dec.at[did, "yes"], errors="coerce"), pd.to_numeric(dec.at[did, "no"], errors="coerce")
        if pd.isna(yes) or pd.isna(no):
            continue  # no totals: nothing to decide with, the disagreement stays listed
        by_totals = "adopted" if yes > no else "rejected"
        if by_totals == second != recorded and dec.at[did, "outcome"] == recorded:
            decisions.loc[decisions["decision_id"] == did, "outcome"] = by_totals
            rows.append({"decision_id": did, "symbol": dec.at[did, "symbol"],
                         "what": "outcome corrected (official totals and second harvest agree)",
                         "expected": recorded, "found": by_totals, "source": dec.at[did, "source"]})
    return decisions, pd.DataFrame(rows, columns=RECONCILIATION_COLUMNS)
