"""One best tally per decision, chosen by ordered, cited rules, with the evidence kept beside it.

A recorded decision can have up to four counts that disagree: the official totals the harvest
catalogued, the first harvest's roll call (one position per state), the second harvest's roll call
(``hrc-amendments-tsujamin``) and a published record (``regime/data/tally_corrections.csv``). The rules
in ``regime/data/tally_rules.csv`` are tried in order and the first that holds chooses a tally and
names its ``basis``; where none settles it the roll call is counted and the decision is ``disputed``.
Every consumer then reads the chosen tally from ``decisions.yes/no/abstain/non_voting``; the
official figures stay in ``decisions.official_*`` and the whole evidence in the ``tallies`` table.

Two checks come from rules of the world rather than from the sources:

* a tally adds up to the members able to vote that day (``members``): 47 on the Council less a
  suspended member or a seat left vacant (``regime.council.seats_filled``), the Commission's size by
  year (``regime.commission.chr_size``); the General Assembly's size is not checked;
* under the bodies' rule (a majority of members present and voting; a tie rejects) a tally gives an
  outcome, which can be compared with the recorded one.

Pure functions of DataFrames; the build calls :func:`choose_tallies` and :func:`apply_tallies`.
"""
from __future__ import annotations

import csv

import numpy as np
import pandas as pd

from ..regime import data_path
from .merge import normalise_symbol

COUNTS = ("yes", "no", "abstain", "non_voting")
# Sources whose roll calls list only some members (the Security Council veto list gives the vetoing
# permanent members' votes only): they are not counts.
PARTIAL_ROLL_CALLS = ("unsc-vetoes",)
TALLY_COLUMNS = [
    "decision_id", "symbol", "body_id", "date", "outcome", "members",
    "official_yes", "official_no", "official_abstain", "official_non_voting",
    "roll_call_yes", "roll_call_no", "roll_call_abstain", "roll_call_non_voting", "roll_call_absent",
    "second_yes", "second_no", "second_abstain", "second_non_voting",
    "published_yes", "published_no", "published_abstain", "published_non_voting",
    "yes", "no", "abstain", "non_voting", "absent", "chosen", "basis", "disputed", "why", "citation",
]


def load_rules() -> pd.DataFrame:
    """The ordered rules (order, basis, chooses, disputed (bool), when, why)."""
    with data_path("tally_rules.csv").open(encoding="utf-8") as fh:
        rules = pd.DataFrame(list(csv.DictReader(fh)))
    rules["order"] = rules["order"].astype(int)
    rules["disputed"] = rules["disputed"].eq("yes")
    return rules.sort_values("order").reset_index(drop=True)


def load_corrections() -> pd.DataFrame:
    """Published tallies: symbol, date, yes, no, abstain, non_voting, confidence, citation."""
    with data_path("tally_corrections.csv").open(encoding="utf-8") as fh:
        rows = pd.DataFrame(list(csv.DictReader(fh)))
    for col in COUNTS:
        rows[col] = pd.to_numeric(rows[col]).astype("int64")
    rows["key"] = rows["symbol"].map(normalise_symbol)
    return rows


def roll_call_counts(votes: pd.DataFrame) -> pd.DataFrame:
    """Per decision: yes, no, abstain, non_voting, absent (index decision_id)."""
    cols = [*COUNTS, "absent"]
    if votes.empty:
        return pd.DataFrame(columns=cols, dtype="int64")
    counts = votes.groupby(["decision_id", "position"]).size().unstack(fill_value=0)
    return counts.reindex(columns=cols, fill_value=0)


def relabel_non_voting(decisions: pd.DataFrame, votes: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Council and Commission members the official record counts as non-voting, stored as non_voting.

    The harvest marks a member without a vote '.' (absent); the official totals count the same member
    as non-voting (A/HRC/RES/35/21: 30-13-3 and 1 non-voting, Paraguay; OHCHR voting record of the 35th session).
    Where the official non-voting total equals the roll call's members without a vote, those members
    are the record's non-voting ones. Returns (votes, rows relabelled).
    """
    dec = decisions.loc[decisions["body_id"].isin(["HRC", "CHR"]) & decisions["modality"].eq("recorded"),
                        ["decision_id", "non_voting"]]
    official_nv = pd.to_numeric(dec.set_index("decision_id")["non_voting"], errors="coerce")
    official_nv = official_nv[official_nv > 0]
    if official_nv.empty:
        return votes, 0
    counts = roll_call_counts(votes[votes["decision_id"].isin(official_nv.index)])
    counts = counts.reindex(official_nv.index).dropna()
    without_vote = counts["absent"] + counts["non_voting"]
    hit = counts.index[(counts["absent"] > 0) & (without_vote == official_nv.reindex(counts.index))]
    mask = votes["decision_id"].isin(hit) & votes["position"].eq("absent")
    if not mask.any():
        return votes, 0
    votes = votes.copy()
    votes.loc[mask, "position"] = "non_voting"
    return votes, int(mask.sum())


def members_sitting(body: str, day, year, events: pd.DataFrame | None = None) -> int | None:
    """Members able to vote on ``day``: the Council's filled seats, the Commission's size (else None)."""
    from ..regime.commission import chr_size
    from ..regime.council import seats_filled

    if body == "HRC" and day is not None and not pd.isna(day):
        return seats_filled(pd.Timestamp(day).date(), events)
    if body == "CHR" and year is not None and not pd.isna(year):
        return chr_size(int(year))
    return None


def _adopts(yes, no):
    """The bodies' rule: adopted when yes exceeds no (majority of present and voting; a tie rejects)."""
    return "adopted" if yes > no else "rejected"


def _evidence(decisions: pd.DataFrame, votes: pd.DataFrame, second: pd.DataFrame | None,
              corrections: pd.DataFrame, events: pd.DataFrame | None) -> pd.DataFrame:
    dec = decisions[["decision_id", "symbol", "body_id", "date", "year", "outcome", "modality", *COUNTS]].copy()
    for col in COUNTS:
        dec[f"official_{col}"] = pd.to_numeric(dec.pop(col), errors="coerce")
    rc = roll_call_counts(votes).add_prefix("roll_call_")
    out = dec.merge(rc, left_on="decision_id", right_index=True, how="left")
    if second is not None and len(second):
        sec = second.reindex(columns=list(COUNTS)).add_prefix("second_")
        out = out.merge(sec, left_on="decision_id", right_index=True, how="left")
    for col in COUNTS:
        out[f"second_{col}"] = out.get(f"second_{col}", np.nan)
    out["key"] = out["symbol"].map(normalise_symbol)
    pub = corrections.rename(columns={c: f"published_{c}" for c in COUNTS})
    pub = pub.assign(pdate=pd.to_datetime(pub["date"]))[["key", "pdate", "citation", *[f"published_{c}" for c in COUNTS]]]
    out = out.merge(pub, on="key", how="left")
    same_day = out["pdate"].isna() | (pd.to_datetime(out["date"]) == out["pdate"])
    for col in [*[f"published_{c}" for c in COUNTS], "citation"]:
        out.loc[~same_day, col] = np.nan
    out = out.drop(columns=["key", "pdate"]).drop_duplicates("decision_id")
    # Only decisions with something to count.
    has_official = out[["official_yes", "official_no"]].notna().all(axis=1)
    has_rc = out["roll_call_yes"].notna()
    out = out[has_official | has_rc].reset_index(drop=True)
    from ..regime.commission import chr_size
    from ..regime.council import HRC_SIZE, _spans, membership_events

    vacant = _spans(membership_events() if events is None else events)[1]
    days = pd.to_datetime(out["date"])
    sizes = {}
    members = []
    for body, day, year in zip(out["body_id"], days, out["year"]):
        key = (body, None if pd.isna(day) else day.date(), None if pd.isna(year) else int(year))
        if key not in sizes:
            if body == "HRC" and key[1] is not None:
                sizes[key] = HRC_SIZE - sum(1 for _, first, last in vacant if first <= key[1] <= last)
            elif body == "CHR":
                sizes[key] = chr_size(key[2])
            else:
                sizes[key] = None
        members.append(sizes[key])
    out["members"] = members
    return out


def _choose(r, rules: list[dict]) -> tuple[str, str]:
    """(basis, chosen) for one decision: the first rule that holds."""
    def get(prefix):
        vals = [r[f"{prefix}_{c}"] for c in COUNTS]
        if pd.isna(vals[0]) or pd.isna(vals[1]):
            return None
        return tuple(0 if pd.isna(v) else int(v) for v in vals)

    official, second, published = get("official"), get("second"), get("published")
    roll = None
    if not pd.isna(r["roll_call_yes"]):
        roll = tuple(int(r[f"roll_call_{c}"]) for c in COUNTS) + (int(r["roll_call_absent"]),)
    outcome = r["outcome"] if r["outcome"] in ("adopted", "rejected") else None
    members = r["members"]

    def total(t):
        return sum(t) if t is not None else None

    def gives_outcome(t):
        return outcome is None or _adopts(t[0], t[1]) == outcome

    def complete(t):
        return members is not None and not pd.isna(members) and total(t) == int(members)

    checks = {
        "errata": lambda: published is not None,
        "agree": lambda: official is not None and roll is not None and official[:3] == roll[:3],
        "official_only": lambda: official is not None and roll is None,
        "rollcall_only": lambda: roll is not None and official is None,
        "swapped_columns": lambda: (official[0] == roll[0] and official[1] == roll[2] and official[2] == roll[1]
                                    and official[1] != official[2] and gives_outcome(roll)),
        "rollcall_complete": lambda: (complete(roll) and not complete(official)
                                      and gives_outcome(roll) and gives_outcome(official)),
        "totals_complete": lambda: (complete(official) and not complete(roll)
                                    and gives_outcome(roll) and gives_outcome(official)),
        "totals_outcome_agree": lambda: outcome is not None and not gives_outcome(roll) and gives_outcome(official),
        "rollcall_outcome_agree": lambda: outcome is not None and not gives_outcome(official) and gives_outcome(roll),
        "totals_second_harvest": lambda: second is not None and second[:3] == official[:3] and second[:3] != roll[:3],
        "disputed": lambda: True,
    }
    for rule in rules:
        check = checks.get(rule["basis"])
        if check is None:
            raise ValueError(f"regime/data/tally_rules.csv: no check for basis {rule['basis']!r}")
        if check():
            return rule["basis"], rule["chooses"]
    return "disputed", "roll_call"


def choose_tallies(decisions: pd.DataFrame, votes: pd.DataFrame, *, second: pd.DataFrame | None = None,
                   corrections: pd.DataFrame | None = None, rules: pd.DataFrame | None = None,
                   events: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``tallies`` table: one row per decision with a count, the evidence and the chosen tally.

    ``second`` is the second harvest's roll-call counts per (first-harvest) decision_id.
    """
    rules = load_rules() if rules is None else rules
    corrections = load_corrections() if corrections is None else corrections
    partial = decisions.loc[decisions["source"].isin(PARTIAL_ROLL_CALLS), "decision_id"]
    votes = votes[~votes["decision_id"].isin(partial)]
    ev = _evidence(decisions, votes, second, corrections, events)
    if ev.empty:
        return pd.DataFrame(columns=TALLY_COLUMNS)
    rule_rows = rules.to_dict("records")
    by_basis = {r["basis"]: r for r in rule_rows}
    chosen = [_choose(r, rule_rows) for r in ev.to_dict("records")]
    ev["basis"] = [b for b, _ in chosen]
    ev["chosen"] = [c for _, c in chosen]
    ev["disputed"] = [bool(by_basis[b]["disputed"]) if b in by_basis else True for b in ev["basis"]]
    ev["why"] = [by_basis[b]["when"] if b in by_basis else "" for b in ev["basis"]]
    source_of = {"official": "official", "roll_call": "roll_call", "published": "published"}
    for col in COUNTS:
        picks = {k: pd.to_numeric(ev[f"{v}_{col}"], errors="coerce") for k, v in source_of.items()}
        value = np.select([ev["chosen"].eq(k) for k in picks], [picks[k] for k in picks], default=np.nan)
        ev[col] = pd.array(np.where(pd.isna(value), None, value), dtype="Int64")
    # Non-voting in the official totals may hold absent members too, and even a member that could
    # not sit (Libya's rights suspended in 1 Mar-17 Nov 2011 are counted as 1 non-voting): the chosen
    # non-voting count is the record's, capped by the members sitting that day; absent is what those
    # members leave over (never below zero).
    ev["non_voting"] = ev["non_voting"].fillna(0)
    sitting = pd.to_numeric(ev["members"], errors="coerce")
    room = (sitting - (ev["yes"] + ev["no"] + ev["abstain"]).astype("float")).clip(lower=0)
    over = sitting.notna() & (ev["non_voting"].astype("float") > room)
    ev.loc[over, "non_voting"] = room[over].astype("int64")
    present = ev["yes"] + ev["no"] + ev["abstain"] + ev["non_voting"]
    from_roll_call = ev["chosen"].eq("roll_call")
    absent = np.where(from_roll_call, ev["roll_call_absent"].fillna(0),
                      (pd.to_numeric(ev["members"], errors="coerce") - present.astype("float")).clip(lower=0))
    ev["absent"] = pd.array(np.where(pd.isna(absent), None, absent), dtype="Int64")
    ev.loc[~ev["chosen"].eq("published"), "citation"] = None
    ev["members"] = pd.array(ev["members"], dtype="Int64")
    return ev.reindex(columns=TALLY_COLUMNS)


def apply_tallies(decisions: pd.DataFrame, tallies: pd.DataFrame) -> pd.DataFrame:
    """``decisions`` with the chosen counts in yes/no/abstain/non_voting, the official ones in
    ``official_*`` and the rule that chose in ``tally_basis`` (plus ``tally_disputed``)."""
    out = decisions.copy()
    for col in COUNTS:
        out[f"official_{col}"] = out[col]
    t = tallies.set_index("decision_id")
    idx = out["decision_id"]
    has = idx.isin(t.index)
    for col in COUNTS:
        out[col] = out[col].astype(object)
        out.loc[has, col] = idx[has].map(t[col]).astype(object).to_numpy()
    out["tally_basis"] = idx.map(t["basis"])
    out["tally_disputed"] = idx.map(t["disputed"])
    return out


def _figures(r, prefix: str) -> str | None:
    vals = [r.get(f"{prefix}_{c}") for c in ("yes", "no", "abstain")]
    if any(v is None or pd.isna(v) for v in vals):
        return None
    return "-".join(str(int(v)) for v in vals)


def tally_choices(tallies: pd.DataFrame) -> pd.DataFrame:
    """One ``reconciliation`` row per decision whose counts disagree: what was chosen and why.

    ``what`` = 'tally chosen (<basis>)' (or '... disputed'), ``expected`` = every count the evidence
    holds, ``found`` = the chosen tally and where it comes from.
    """
    from .schema import TABLES

    quiet = ("agree", "official_only", "rollcall_only")
    rows = []
    for r in tallies[~tallies["basis"].isin(quiet)].to_dict("records"):
        evidence = [f"{label} {fig}" for label, prefix in (("official", "official"), ("roll call", "roll_call"),
                                                           ("second harvest", "second"), ("published", "published"))
                    if (fig := _figures(r, prefix))]
        chosen = "-".join(str(int(r[c])) for c in ("yes", "no", "abstain"))
        rows.append({"decision_id": r["decision_id"], "symbol": r["symbol"],
                     "what": f"tally chosen ({r['basis']})" + (": disputed" if r["disputed"] and r["basis"] != "disputed" else ""),
                     "expected": "; ".join(evidence), "found": f"{chosen} from the {r['chosen'].replace('_', ' ')}",
                     "source": "rightsregime"})
    return pd.DataFrame(rows, columns=list(TABLES["reconciliation"]))


def second_harvest_counts(primary_ids: pd.Series, secondary_ids: pd.Series, secondary_votes: pd.DataFrame) -> pd.DataFrame:
    """The second harvest's roll-call counts keyed by the first harvest's decision_id (absent counted
    with non_voting, as that harvest does not tell them apart)."""
    pair = pd.Series(primary_ids.to_numpy(), index=secondary_ids.to_numpy())
    votes = secondary_votes[secondary_votes["decision_id"].isin(pair.index)]
    counts = roll_call_counts(votes)
    counts["non_voting"] = counts["non_voting"] + counts["absent"]
    counts = counts.drop(columns="absent")
    counts.index = counts.index.map(pair)
    return counts


__all__ = ["choose_tallies", "apply_tallies", "tally_choices", "relabel_non_voting", "load_rules", "load_corrections",
           "roll_call_counts", "second_harvest_counts", "members_sitting", "TALLY_COLUMNS"]
