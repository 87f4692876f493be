"""Cohesion of a group of states and its members' defections.

Cohesion is the Hix-Noury-Roland agreement index of the group on each decision,

    AI = (max(Y, N, A) - ((Y + N + A) - max(Y, N, A)) / 2) / (Y + N + A),

with Y, N, A the members voting yes, no and abstaining (Hix, Noury and Roland 2005, "Power to the
parties: cohesion and competition in the European Parliament, 1979-2001", *British Journal of
Political Science* 35(2): 209-234). AI is 1 when all members take the same position and 0 when
they split evenly three ways. A period's cohesion is the mean AI over the decisions on which at
least two members cast a vote; absent members and members present but not voting are left out.

A member *defects* when its position differs from the group's plurality position on a decision
(decisions where the plurality is tied are left out, since the group had no line to defect from).

Group membership can change (EU enlargement, OIC accessions): with a ``group_members`` frame
(``group_id, iso3, since, until``) a state counts as a member only on decisions dated inside its
spell; open dates mean no limit.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..errors import EstimationError, UnknownGroup, closest
from .alignment import CASTING, period_of

# Names users type for the groups the warehouse holds (group_members.group_id), lower-cased.
GROUP_ALIASES: dict[str, str] = {
    "african group": "AFRICAN", "group of african states": "AFRICAN", "africa": "AFRICAN",
    "asia-pacific group": "ASIA_PACIFIC", "asia-pacific": "ASIA_PACIFIC", "asia pacific": "ASIA_PACIFIC",
    "group of asian states": "ASIA_PACIFIC", "asian group": "ASIA_PACIFIC", "apg": "ASIA_PACIFIC",
    "eastern european group": "EEG", "group of eastern european states": "EEG",
    "latin american and caribbean group": "GRULAC",
    "group of latin american and caribbean states": "GRULAC",
    "western european and others group": "WEOG", "group of western european and other states": "WEOG",
    "organization of islamic cooperation": "OIC", "organisation of islamic cooperation": "OIC",
    "organization of the islamic conference": "OIC",
    "non-aligned movement": "NAM", "movement of non-aligned countries": "NAM",
    "group of 77": "G77", "g-77": "G77", "g 77": "G77", "group of 77 and china": "G77",
    "european union": "EU",
}
MIN_MEMBERS = 2


def hnr_index(yes, no, abstain) -> np.ndarray:
    """Hix-Noury-Roland agreement index from member counts (arrays); NaN when nobody voted."""
    counts = np.stack([np.asarray(yes, float), np.asarray(no, float), np.asarray(abstain, float)])
    total = counts.sum(axis=0)
    top = counts.max(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, (top - 0.5 * (total - top)) / total, np.nan)


def resolve_group(name: str, groups: pd.DataFrame) -> str:
    """The ``group_id`` for what a user typed ('OIC', 'g-77', 'African Group'), or UnknownGroup."""
    ids = {str(g).upper(): str(g) for g in groups["group_id"]}
    key = name.strip()
    if key.upper() in ids:
        return ids[key.upper()]
    compact = key.upper().replace("-", "").replace(" ", "").replace("_", "")
    for gid in ids:
        if gid.replace("-", "").replace("_", "") == compact:
            return ids[gid]
    alias = GROUP_ALIASES.get(key.lower())
    if alias and alias in ids:
        return ids[alias]
    if "name" in groups:
        by_name = {str(n).lower(): str(g) for g, n in zip(groups["group_id"], groups["name"]) if isinstance(n, str)}
        if key.lower() in by_name:
            return by_name[key.lower()]
    hint = closest(key.upper(), list(ids))
    tip = f" Did you mean {' or '.join(hint)}?" if hint else ""
    raise UnknownGroup(f"Unknown group '{name}'.{tip} Known groups: {', '.join(sorted(ids))}; "
                       "or pass states as a comma-separated list of ISO3 codes.")


def member_spells(group_members: pd.DataFrame, group_id: str) -> pd.DataFrame:
    """Membership spells of one group (``iso3, since, until``), full members only when the status
    column says so (observers do not vote with the group)."""
    rows = group_members[group_members["group_id"] == group_id]
    if "status" in rows:
        full = rows["status"].fillna("member").str.lower().isin(["member", "full", "full member"])
        rows = rows[full]
    if rows.empty:
        raise UnknownGroup(f"Group '{group_id}' has no members in group_members.")
    cols = [c for c in ("iso3", "since", "until") if c in rows]
    return rows[cols].reset_index(drop=True)


def spells_from_list(states: Iterable[str]) -> pd.DataFrame:
    """Open-ended spells for a user's list of states."""
    return pd.DataFrame({"iso3": [s.strip().upper() for s in states if s.strip()]})


def member_votes(votes: pd.DataFrame, spells: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``votes`` cast by members, each on a decision dated inside its membership spell."""
    rows = votes[votes["iso3"].isin(spells["iso3"].unique())]
    if not {"since", "until"} & set(spells.columns) or "date" not in rows:
        return rows
    merged = rows.reset_index().merge(spells, on="iso3")
    date = pd.to_datetime(merged["date"])
    inside = pd.Series(True, index=merged.index)
    if "since" in merged:
        since = pd.to_datetime(merged["since"])
        inside &= since.isna() | (date >= since)
    if "until" in merged:
        until = pd.to_datetime(merged["until"])
        inside &= until.isna() | (date <= until)
    keep = merged.loc[inside, "index"].unique()
    return votes.loc[np.sort(keep)]


def decision_cohesion(votes: pd.DataFrame, spells: pd.DataFrame, *, min_members: int = MIN_MEMBERS) -> pd.DataFrame:
    """Per decision: members voting yes / no / abstain, the plurality position and the AI."""
    cast = member_votes(votes, spells)
    cast = cast[cast["position"].isin(CASTING)]
    counts = cast.groupby(["decision_id", "position"], observed=True).size().unstack(fill_value=0)
    counts = counts.reindex(columns=list(CASTING), fill_value=0)
    counts = counts[counts.sum(axis=1) >= min_members]
    out = counts.rename(columns=str).reset_index()
    out["voting"] = counts.sum(axis=1).to_numpy()
    out["cohesion"] = hnr_index(out["yes"], out["no"], out["abstain"])
    top = counts.max(axis=1)
    tied = counts.eq(top, axis=0).sum(axis=1) > 1
    out["plurality"] = counts.idxmax(axis=1).where(~tied).to_numpy()
    meta_cols = [c for c in ("year", "body_id", "symbol", "title") if c in votes]
    meta = votes[["decision_id", *meta_cols]].drop_duplicates("decision_id")
    return out.merge(meta, on="decision_id", how="left")


def group_cohesion(
    votes: pd.DataFrame,
    spells: pd.DataFrame,
    *,
    by="year",
    min_members: int = MIN_MEMBERS,
    min_decisions: int = 1,
    where: str = "the slice",
) -> pd.DataFrame:
    """Mean Hix-Noury-Roland index of the group per period (and per body when the slice has
    several): ``period, body_id, n_decisions, mean_voting, cohesion``."""
    per = decision_cohesion(votes, spells, min_members=min_members)
    if per.empty:
        raise EstimationError(f"No decision in {where} on which at least {min_members} members of the "
                              "group voted; check the group's membership and the years.")
    per["period"] = period_of(per["year"], by).to_numpy() if "year" in per else "all"
    keys = ["period"] + (["body_id"] if "body_id" in per and per["body_id"].nunique() > 1 else [])
    out = per.groupby(keys, sort=True).agg(
        n_decisions=("decision_id", "size"), mean_voting=("voting", "mean"), cohesion=("cohesion", "mean"),
    ).reset_index()
    out = out[out["n_decisions"] >= min_decisions].reset_index(drop=True)
    if out.empty:
        raise EstimationError(f"No period in {where} has {min_decisions} or more decisions with the group voting.")
    return out


def defections(
    votes: pd.DataFrame,
    spells: pd.DataFrame,
    *,
    min_members: int = MIN_MEMBERS,
) -> pd.DataFrame:
    """Each member's votes against the group's plurality: ``iso3, n_votes, n_defections,
    defection_rate`` (decisions with a tied plurality are left out), highest rate first; empty when the group
    tied on every decision."""
    per = decision_cohesion(votes, spells, min_members=min_members).dropna(subset=["plurality"])
    cast = member_votes(votes, spells)
    cast = cast[cast["position"].isin(CASTING)].merge(per[["decision_id", "plurality"]], on="decision_id")
    if cast.empty:
        # Every decision was a tie (e.g. the Asia-Pacific Group's 5-5 on A/HRC/RES/46/1): the
        # cohesion is still measured; there is just no line to defect from, so no defection.
        return pd.DataFrame({"iso3": pd.Series(dtype=object), "n_votes": pd.Series(dtype="int64"),
                             "n_defections": pd.Series(dtype="int64"),
                             "defection_rate": pd.Series(dtype=float)})
    cast["defected"] = cast["position"] != cast["plurality"]
    out = cast.groupby("iso3").agg(n_votes=("defected", "size"), n_defections=("defected", "sum")).reset_index()
    out["defection_rate"] = out["n_defections"] / out["n_votes"]
    return out.sort_values(["defection_rate", "n_votes"], ascending=[False, False], ignore_index=True)


# ---------------------------------------------------------------------------------------------
# One decision: how each group split

# Blocs shown beside the five regional groups when a decision's splits are asked for: the
# coalitions that table or oppose texts in the Council and the Assembly.
SPLIT_BLOCS = ("EU", "OIC", "NAM", "G77", "ALBA", "ASEAN", "BRICS", "OAS")
_SPLIT_POSITIONS = ("yes", "no", "abstain", "non_voting", "absent")


def _in_spell(spells: pd.DataFrame, date) -> pd.Series:
    inside = pd.Series(True, index=spells.index)
    if date is None or pd.isna(date):
        return inside
    day = pd.Timestamp(date)
    if "since" in spells:
        since = pd.to_datetime(spells["since"])
        inside &= since.isna() | (since <= day)
    if "until" in spells:
        until = pd.to_datetime(spells["until"])
        inside &= until.isna() | (until >= day)
    return inside


def group_splits(positions: pd.DataFrame, group_members: pd.DataFrame, groups: pd.DataFrame, *,
                 date=None, group_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """How each group split on one decision.

    ``positions`` holds ``iso3, position`` for the decision (members with no recorded position may
    be given as ``absent``); ``groups`` is the groups table (``group_id, kind, name``). A state
    counts for a group when its membership spell covers ``date``. Returns one row per group with
    members in the roll call: ``group_id, name, kind, members, yes, no, abstain, non_voting,
    absent, voting, plurality, cohesion`` (Hix-Noury-Roland over yes/no/abstain; NaN below two
    voting). A tied plurality is reported as ``"tie: no = abstain"``, never an error.
    """
    wanted = list(group_ids) if group_ids is not None else None
    kinds = groups.set_index("group_id")
    rows = []
    pos = dict(zip(*positions.drop_duplicates("iso3")[["iso3", "position"]].to_numpy().T)) if len(positions) else {}
    # All groups in one pass over the membership table, in plain Python (a pandas filter per group
    # cost 0.1-0.3 s of a decision page; the table has about a thousand rows).
    spells = group_members
    if wanted is not None:
        spells = spells[spells["group_id"].isin(wanted)]
    if "status" in spells:
        spells = spells[spells["status"].fillna("member").str.lower().isin(["member", "full", "full member"])]
    spells = spells.loc[_in_spell(spells, date)]
    members_of: dict[str, dict[str, None]] = {}
    for gid, iso3 in zip(spells["group_id"].tolist(), spells["iso3"].tolist()):
        members_of.setdefault(gid, {})[iso3] = None
    for gid, members in members_of.items():
        here = [pos[m] for m in members if m in pos and isinstance(pos[m], str)]
        if not here:
            continue
        counts = {p: here.count(p) for p in _SPLIT_POSITIONS}
        voting = counts["yes"] + counts["no"] + counts["abstain"]
        cast = {p: counts[p] for p in CASTING}
        top = max(cast.values())
        leaders = [p for p in CASTING if cast[p] == top] if voting else []
        plurality = leaders[0] if len(leaders) == 1 else ("tie: " + " = ".join(leaders) if leaders else None)
        cohesion = float(hnr_index([counts["yes"]], [counts["no"]], [counts["abstain"]])[0]) \
            if voting >= MIN_MEMBERS else np.nan
        rows.append({"group_id": gid, "name": kinds["name"].get(gid, gid) if "name" in kinds else gid,
                     "kind": kinds["kind"].get(gid) if "kind" in kinds else None,
                     "members": len(here), **counts, "voting": voting,
                     "plurality": plurality, "cohesion": cohesion})
    out = pd.DataFrame(rows, columns=["group_id", "name", "kind", "members", *_SPLIT_POSITIONS,
                                      "voting", "plurality", "cohesion"])
    order = {"regional": 0}
    out["_k"] = out["kind"].map(order).fillna(1)
    out["_o"] = out["group_id"].map({g: i for i, g in enumerate(wanted or [])})
    return out.sort_values(["_k", "_o", "group_id"]).drop(columns=["_k", "_o"]).reset_index(drop=True)


def most_divided(splits: pd.DataFrame) -> dict | None:
    """The group with the lowest cohesion among those with at least two members voting (the larger
    group first on equal scores), as a record; None when no group had two members voting."""
    ok = splits.dropna(subset=["cohesion"])
    if ok.empty:
        return None
    row = ok.sort_values(["cohesion", "voting"], ascending=[True, False]).iloc[0]
    return row.to_dict()
