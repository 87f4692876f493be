"""A state's voting record, decisions filtered by scope and by who voted how, and the flat
(denormalised) votes table: pure functions of DataFrames.

The decisions frame is the warehouse's ``decisions`` table (``decision_id, symbol, body_id, date,
year, kind, title, outcome, yes, no, abstain, subjects, ...``); scopes come from
:func:`rightsregime.procedure.classify.classify_frame` (``scope, reason, states``).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from ..errors import UsageError

SCOPES = ("country-specific", "thematic")
POSITIONS = ("yes", "no", "abstain", "non_voting", "absent")


def check_scope(scope: str | None) -> str | None:
    """The scope as the classifier spells it, or one clear error."""
    if scope is None:
        return None
    key = scope.strip().lower().replace("_", "-").replace(" ", "-")
    key = {"country": "country-specific", "countryspecific": "country-specific"}.get(key, key)
    if key not in SCOPES:
        raise UsageError(f"--scope {scope!r}: use country-specific or thematic.", option="--scope")
    return key


def with_scope(decisions: pd.DataFrame, scopes: pd.DataFrame) -> pd.DataFrame:
    """``decisions`` with the columns ``scope``, ``scope_reason`` and ``concerning`` (the ISO3 of
    the states a country-specific text names, '; '-separated)."""
    out = decisions.copy()
    out["scope"] = scopes["scope"].to_numpy()
    out["scope_reason"] = scopes["reason"].to_numpy()
    out["concerning"] = scopes["states"].to_numpy()
    return out


def select(decisions: pd.DataFrame, *, scope: str | None = None, concerning: str | None = None,
           subject: str | None = None) -> pd.DataFrame:
    """Decisions of a scope, naming a state (``concerning``, ISO3), or whose subject tags or title
    contain ``subject`` (case-insensitive)."""
    if decisions.empty:
        return decisions
    keep = pd.Series(True, index=decisions.index)
    if scope:
        keep &= decisions["scope"] == scope
    if concerning:
        keep &= decisions["concerning"].fillna("").astype(str).str.split("; ").map(lambda s: concerning in s)
    if subject:
        text = decisions["subjects"].fillna("").astype(str) + " " + decisions["title"].fillna("").astype(str)
        keep &= text.str.contains(subject, case=False, regex=False)
    return decisions[keep]


def state_record(decisions: pd.DataFrame, votes: pd.DataFrame, iso3: str, *,
                 position: str | None = None) -> pd.DataFrame:
    """The decisions on which ``iso3`` has a recorded position, with that position and the
    decision's outcome and official tally, newest first. ``votes`` holds ``decision_id, iso3,
    position`` (other states' rows are ignored)."""
    mine = votes.loc[votes["iso3"] == iso3, ["decision_id", "position"]].drop_duplicates("decision_id")
    out = decisions.merge(mine, on="decision_id", how="inner")
    if position:
        out = out[out["position"] == position]
    out = out.sort_values(["date", "symbol"], ascending=[False, True], na_position="last")
    cols = [c for c in ("decision_id", "symbol", "body_id", "date", "year", "kind", "scope", "concerning",
                        "title", "position", "outcome", "yes", "no", "abstain") if c in out]
    out = out[cols].reset_index(drop=True)
    out.insert(0, "iso3", iso3)
    return out


def parse_voted(text: str | Iterable[str] | None) -> list[tuple[str, str]]:
    """'CHN=no,USA=yes' (or a list of 'STATE=POSITION') -> [('CHN', 'no'), ('USA', 'yes')];
    the states are as typed (resolve them to ISO3 before :func:`voted`)."""
    if not text:
        return []
    items = text.split(",") if isinstance(text, str) else list(text)
    pairs = []
    for item in items:
        if not item.strip():
            continue
        state, sep, pos = item.partition("=")
        pos = pos.strip().lower().replace("-", "_").replace(" ", "_")
        if not sep or not state.strip() or pos not in POSITIONS:
            raise UsageError(f"--voted {item.strip()!r}: write STATE=POSITION, e.g. CHN=no, with a "
                             f"position among {', '.join(POSITIONS)}.", option="--voted")
        pairs.append((state.strip(), pos))
    return pairs


def voted(decisions: pd.DataFrame, votes: pd.DataFrame, conditions: Iterable[tuple[str, str]]) -> pd.DataFrame:
    """Decisions on which every (ISO3, position) condition held."""
    keep = pd.Series(True, index=decisions.index)
    for iso3, position in conditions:
        ids = votes.loc[(votes["iso3"] == iso3) & (votes["position"] == position), "decision_id"]
        keep &= decisions["decision_id"].isin(set(ids))
    return decisions[keep]


def denormalise(votes: pd.DataFrame, decisions: pd.DataFrame, states: pd.DataFrame,
                scopes: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per state and decision, every column a reader needs: ``symbol, body_id, date, title,
    kind, scope, iso3, state, regional_group, position, outcome`` (plus ``decision_id``).

    ``states`` holds ``iso3, name, regional_group``; ``scopes`` the classifier's frame for
    ``decisions`` (aligned on its index), or None to leave ``scope`` empty."""
    d = decisions.copy()
    d["scope"] = scopes["scope"].to_numpy() if scopes is not None else None
    d = d[["decision_id", "symbol", "body_id", "date", "title", "kind", "scope", "outcome"]]
    s = states[["iso3", "name", "regional_group"]].rename(columns={"name": "state"})
    out = votes[["decision_id", "iso3", "position"]].merge(d, on="decision_id", how="inner")
    out = out.merge(s, on="iso3", how="left")
    cols = ["symbol", "body_id", "date", "title", "kind", "scope", "iso3", "state", "regional_group",
            "position", "outcome", "decision_id"]
    return out[cols].sort_values(["date", "decision_id", "iso3"], ignore_index=True)


def names_of(states: pd.DataFrame) -> Mapping[str, str]:
    """ISO3 -> name, for labels."""
    return dict(zip(states["iso3"], states["name"]))


__all__ = ["SCOPES", "POSITIONS", "check_scope", "with_scope", "select", "state_record", "parse_voted",
           "voted", "denormalise", "names_of"]
