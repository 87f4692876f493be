"""Merge a second harvest of the same records into the first (``Source.merge_into``).

Two sources can hold the same votes: ``hrc-amendments-tsujamin`` re-harvests the OHCHR records that
``hrc-voting`` holds, and the official UN Digital Library file re-states the GA votes of ``unvotes``.
The first harvest (primary) stays the record. From the second one the warehouse keeps:

* what only it has: decisions the primary lacks, with their votes, and states' votes on a shared
  decision that the primary's roll call does not list (loaded under the primary's decision);
* one ``reconciliation`` row for every disagreement: a state's position, an official or roll-call
  total, the outcome, the date;
* the count of its records that matched the primary (decisions and votes), for the load summary.

Decisions match by normalised symbol; when a symbol names several primary decisions (the catalogue
sometimes gives two amendments one symbol) the same date wins, then the one whose roll call agrees
best. A secondary decision with no symbol match may still match a primary decision adopted from a
draft of that symbol on the same date.

Pure functions of DataFrames: the build passes the parsed tables of both sources.
"""
from __future__ import annotations

import re

import pandas as pd

from .schema import TABLES

RECONCILIATION_COLUMNS = list(TABLES["reconciliation"])
TOTALS = ("yes", "no", "abstain", "non_voting")
# Harvests that do not tell a state that was away from one present but not voting record both as not
# voting; their positions are compared after this folding. Absent and non_voting stay apart in the
# warehouse itself.
NOT_VOTING = {"absent": "not voting", "non_voting": "not voting"}
NO_ROW = "no row"


def normalise_symbol(symbol) -> str | None:
    """A symbol reduced for matching: upper case, no spaces, no trailing slash or full stop.

    >>> normalise_symbol(" a/hrc/res/37/23 ")
    'A/HRC/RES/37/23'
    >>> normalise_symbol("A/HRC/DEC22/117")
    'A/HRC/DEC/22/117'
    """
    if not isinstance(symbol, str) or not symbol.strip():
        return None
    s = re.sub(r"\s+", "", symbol).upper().rstrip("/.")
    s = re.sub(r"^(A/HRC|A)/(RES|DEC)(\d)", r"\1/\2/\3", s)
    return s


def _source_name(frame: pd.DataFrame, default: str) -> str:
    if "source" in frame.columns and frame["source"].notna().any():
        return str(frame["source"].dropna().iloc[0])
    return default


def _tally(votes: pd.DataFrame) -> pd.DataFrame:
    """Roll-call counts per decision: columns yes, no, abstain, non_voting (absent counted as not voting)."""
    if votes.empty:
        return pd.DataFrame(columns=list(TOTALS))
    position = votes["position"].replace({"absent": "non_voting"})
    tally = votes.groupby([votes["decision_id"], position]).size().unstack(fill_value=0)
    return tally.reindex(columns=list(TOTALS), fill_value=0)


def _agreement(p_id: str, s_votes: pd.DataFrame, p_votes: pd.DataFrame) -> int:
    mine = p_votes[p_votes["decision_id"] == p_id]
    mine = dict(zip(mine["iso3"], mine["position"]))
    return sum(mine.get(iso) == pos for iso, pos in zip(s_votes["iso3"], s_votes["position"]))


def match_decisions(primary: pd.DataFrame, secondary: pd.DataFrame, primary_votes: pd.DataFrame,
                    secondary_votes: pd.DataFrame) -> pd.Series:
    """For each secondary decision_id, the primary decision_id it re-states (missing: no match)."""
    p = pd.DataFrame({"pid": primary["decision_id"].values, "key": primary["symbol"].map(normalise_symbol).values,
                      "pdate": primary["date"].values if "date" in primary else None})
    s = pd.DataFrame({"sid": secondary["decision_id"].values,
                      "key": secondary["symbol"].map(normalise_symbol).values,
                      "sdate": secondary["date"].values if "date" in secondary else None})
    cands = s.dropna(subset=["key"]).merge(p.dropna(subset=["key"]), on="key")
    if "draft_symbol" in primary.columns:  # fallback: the secondary names the draft, same day
        unmatched = s[~s["sid"].isin(cands["sid"])].dropna(subset=["key"])
        drafts = pd.DataFrame({"pid": primary["decision_id"].values,
                               "key": primary["draft_symbol"].map(normalise_symbol).values,
                               "pdate": p["pdate"].values}).dropna(subset=["key"])
        by_draft = unmatched.merge(drafts, on="key")
        cands = pd.concat([cands, by_draft[by_draft["sdate"] == by_draft["pdate"]]], ignore_index=True)
    counts = cands.groupby("sid")["pid"].transform("size")
    out = dict(zip(cands.loc[counts == 1, "sid"], cands.loc[counts == 1, "pid"]))
    taken = set(out.values())
    votes_of = None
    for sid, group in cands[counts > 1].groupby("sid", sort=False):
        same_day = group[group["sdate"] == group["pdate"]]
        group = same_day if len(same_day) else group
        free = group[~group["pid"].isin(taken)]
        group = free if len(free) else group
        if len(group) > 1:
            if votes_of is None:  # only ambiguous symbols need the roll calls
                votes_of = {k: g for k, g in secondary_votes.groupby("decision_id", sort=False)}
            if sid in votes_of:
                scores = [_agreement(pid, votes_of[sid], primary_votes) for pid in group["pid"]]
                group = group.iloc[[max(range(len(scores)), key=scores.__getitem__)]]
        pid = group["pid"].iloc[0]
        taken.add(pid)
        out[sid] = pid
    return pd.Series(out, dtype=object)


def _rec(rows: list[dict], source: str) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=RECONCILIATION_COLUMNS)
    frame["source"] = source
    return frame


def _text(value) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def merge_second_harvest(primary: dict[str, pd.DataFrame], secondary: dict[str, pd.DataFrame],
                         *, fold: dict[str, str] | None = None, with_counts: bool = False,
                         ) -> tuple:
    """Merge ``secondary`` (a second harvest) into ``primary``.

    Returns ``(added, reconciliation, merged)``: the tables of what only the secondary has (its
    unmatched decisions and their votes, plus its votes on shared decisions that the primary's roll
    call lacks, re-keyed to the primary decision), the ``reconciliation`` rows of every disagreement
    (source = the secondary), and how many secondary records matched a primary one (decisions plus
    votes). ``fold`` maps positions to a common label before comparing (default: absent and
    non_voting are both 'not voting'). ``with_counts``: also return the secondary's roll-call counts
    keyed by the primary decision_id (a fourth item), the evidence ``tallies.py`` weighs.
    """
    fold = NOT_VOTING if fold is None else fold
    empty_votes = pd.DataFrame(columns=list(TABLES["votes"]))
    p_dec = primary.get("decisions", pd.DataFrame(columns=list(TABLES["decisions"])))
    p_votes = primary.get("votes", empty_votes)
    s_dec = secondary.get("decisions", pd.DataFrame(columns=list(TABLES["decisions"])))
    s_votes = secondary.get("votes", empty_votes)
    source = _source_name(s_dec, "second harvest")

    matches = match_decisions(p_dec, s_dec, p_votes, s_votes)
    matched = s_dec["decision_id"].isin(matches.index)
    rows: list[dict] = []

    # Decision-level comparison: date, outcome, official totals where both harvests have them, and
    # the roll-call tallies where both have a roll call.
    pair = pd.DataFrame({"sid": matches.index, "pid": matches.values})
    cols = [c for c in ("date", "outcome", *TOTALS) if c in p_dec.columns and c in s_dec.columns]
    pair = pair.merge(p_dec[["decision_id", "symbol", *cols]].rename(columns={"decision_id": "pid"}), on="pid")
    pair = pair.merge(s_dec[["decision_id", *cols]].rename(columns={"decision_id": "sid"}), on="sid",
                      suffixes=("", "_s"))
    for col in [c for c in ("date", "outcome") if c in cols]:
        a, b = pair[col].map(_text), pair[col + "_s"].map(_text)
        bad = a.notna() & b.notna() & (a != b) & (a != "unknown") & (b != "unknown")
        rows += [{"decision_id": pid, "symbol": sym, "what": col, "expected": x, "found": y}
                 for pid, sym, x, y in zip(pair.loc[bad, "pid"], pair.loc[bad, "symbol"], a[bad], b[bad])]
    for col in [c for c in TOTALS if c in cols]:
        a = pd.to_numeric(pair[col], errors="coerce")
        b = pd.to_numeric(pair[col + "_s"], errors="coerce")
        bad = a.notna() & b.notna() & (a != b)
        rows += [{"decision_id": pid, "symbol": sym, "what": f"official {col} total (second harvest)",
                  "expected": _text(x), "found": _text(y)}
                 for pid, sym, x, y in zip(pair.loc[bad, "pid"], pair.loc[bad, "symbol"], a[bad], b[bad])]
    p_tally = _tally(p_votes[p_votes["decision_id"].isin(pair["pid"])])
    s_tally = _tally(s_votes[s_votes["decision_id"].isin(pair["sid"])])
    tallies = pair[["pid", "sid", "symbol"]].merge(p_tally, left_on="pid", right_index=True).merge(
        s_tally, left_on="sid", right_index=True, suffixes=("", "_s"))
    for col in TOTALS:
        bad = tallies[col] != tallies[col + "_s"]
        rows += [{"decision_id": pid, "symbol": sym, "what": f"roll-call {col} count (second harvest)",
                  "expected": str(int(x)), "found": str(int(y))}
                 for pid, sym, x, y in zip(tallies.loc[bad, "pid"], tallies.loc[bad, "symbol"],
                                           tallies.loc[bad, col], tallies.loc[bad, col + "_s"])]

    # Vote-level comparison on shared decisions.
    shared = s_votes[s_votes["decision_id"].isin(matches.index)].copy()
    shared["decision_id"] = shared["decision_id"].map(matches)
    p_shared = p_votes[p_votes["decision_id"].isin(matches.values)]
    p_shared = p_shared.drop_duplicates(["decision_id", "iso3"])  # the build quarantines repeats
    # A secondary record with no roll call at all (a curated supplement giving totals only) says
    # nothing about positions: compare roll calls only where both have one.
    p_shared = p_shared[p_shared["decision_id"].isin(shared["decision_id"].unique())]
    both = p_shared[["decision_id", "iso3", "position"]].merge(
        shared[["decision_id", "iso3", "position"]], on=["decision_id", "iso3"], how="outer",
        suffixes=("_p", "_s"), indicator=True)
    fp = both["position_p"].map(lambda x: fold.get(x, x))
    fs = both["position_s"].map(lambda x: fold.get(x, x))
    differ = (both["_merge"] != "both") | (fp != fs)
    symbols = p_dec.set_index("decision_id")["symbol"]
    diff = both[differ]
    rec_votes = pd.DataFrame({
        "decision_id": diff["decision_id"].values,
        "symbol": diff["decision_id"].map(symbols).values,
        "what": ("position of " + diff["iso3"].astype(str)).values,
        "expected": diff["position_p"].fillna(NO_ROW).values,
        "found": diff["position_s"].fillna(NO_ROW).values,
    })
    n_votes_matched = int((both["_merge"] == "both").sum())

    # What only the secondary has.
    only_dec = s_dec.loc[~matched]
    only_votes = s_votes[s_votes["decision_id"].isin(only_dec["decision_id"])]
    extra_on_shared = shared.merge(p_shared[["decision_id", "iso3"]], on=["decision_id", "iso3"],
                                   how="left", indicator=True)
    extra_on_shared = extra_on_shared[extra_on_shared["_merge"] == "left_only"].drop(columns="_merge")
    added = {
        "decisions": only_dec.reset_index(drop=True),
        "votes": pd.concat([only_votes, extra_on_shared], ignore_index=True),
    }
    for name, table in secondary.items():  # tables other than decisions and votes pass through
        if name not in added:
            added[name] = table
    reconciliation = pd.concat([_rec(rows, source), rec_votes.assign(source=source)], ignore_index=True)
    merged = int(matched.sum()) + n_votes_matched
    if with_counts:
        from .tallies import second_harvest_counts

        counts = second_harvest_counts(pd.Series(matches.values), pd.Series(matches.index), s_votes)
        return added, reconciliation.reindex(columns=RECONCILIATION_COLUMNS), merged, counts
    return added, reconciliation.reindex(columns=RECONCILIATION_COLUMNS), merged
