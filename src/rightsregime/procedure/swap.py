"""What a different membership would have done: replace one member by another state.

``--swap-member OUT=IN`` takes OUT's seat in every recorded CHR/HRC vote where OUT sat and gives it
to IN, whose position is **taken from IN's own General Assembly vote on the same subject**: the
GA recorded vote whose title is most like the Council text's (word overlap, Jaccard >= 0.5, within
three years). Where IN has no such GA vote, IN counts as absent, and the notes say how often. It
is a proxy, stated as such: a state's GA vote on the same title is the best public evidence of
how it would have voted in Geneva, not a record of it. GA roll calls for 2020-2024 are a gap in
the sources (unvotes ends in 2019), so Council texts of those years match fewer GA votes.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..errors import RuleSetError

MIN_SIMILARITY = 0.5
YEARS_APART = 3
_STOP = {"the", "of", "in", "and", "to", "on", "a", "an", "for", "with", "by", "at", "its", "all",
         "human", "rights", "right", "resolution", "decision", "draft", "situation"}


def words(title: str | None) -> frozenset[str]:
    """Content words of a title (lower case, without the words every human rights title shares)."""
    if not isinstance(title, str):
        return frozenset()
    return frozenset(w for w in re.findall(r"[a-z]+", title.lower()) if w not in _STOP and len(w) > 2)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def parse_swap(spec: str) -> tuple[str, str]:
    if "=" not in spec:
        raise RuleSetError(f"--swap-member {spec!r}: use OUT=IN, e.g. --swap-member USA=CAN.")
    out, new = (s.strip() for s in spec.split("=", 1))
    if not out or not new:
        raise RuleSetError(f"--swap-member {spec!r}: both OUT and IN are needed (OUT=IN).")
    return out, new


def proxy_positions(council: pd.DataFrame, ga: pd.DataFrame) -> pd.DataFrame:
    """For each Council decision (decision_id, title, year), the newcomer's GA position.

    ``ga`` holds the newcomer's GA votes: title, year, position. Returns decision_id, position,
    ga_title, similarity (position None when nothing similar enough).
    """
    ga = ga.dropna(subset=["title"]).reset_index(drop=True)
    ga_words = [words(t) for t in ga["title"]]
    ga_years = ga["year"].to_numpy(dtype="float")
    index: dict[str, list[int]] = {}
    for i, ws in enumerate(ga_words):
        for w in ws:
            index.setdefault(w, []).append(i)
    rows = []
    for did, title, year in zip(council["decision_id"], council["title"], council["year"]):
        ws = words(title)
        candidates = {i for w in ws for i in index.get(w, ())}
        best, best_score = None, 0.0
        for i in candidates:
            if not pd.isna(year) and abs(ga_years[i] - year) > YEARS_APART:
                continue
            score = similarity(ws, ga_words[i])
            nearer = best is not None and score == best_score and \
                abs(ga_years[i] - year) < abs(ga_years[best] - year)
            if score > best_score or nearer:
                best, best_score = i, score
        if best is not None and best_score >= MIN_SIMILARITY:
            rows.append({"decision_id": did, "position": ga["position"].iat[best],
                         "ga_title": ga["title"].iat[best], "similarity": round(best_score, 3)})
        else:
            rows.append({"decision_id": did, "position": None, "ga_title": None,
                         "similarity": round(best_score, 3)})
    return pd.DataFrame(rows, columns=["decision_id", "position", "ga_title", "similarity"])


def swap_votes(votes: pd.DataFrame, decisions: pd.DataFrame, out: str, new: str,
               ga_votes: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Votes with OUT's seat given to NEW (column ``swapped`` marks the rows changed)."""
    votes = votes.assign(swapped=False)
    sat = votes[(votes["iso3"] == out) & votes["position"].isin(["yes", "no", "abstain", "non_voting", "absent"])]
    already = set(votes.loc[votes["iso3"] == new, "decision_id"])
    targets = decisions[decisions["decision_id"].isin(sat["decision_id"])
                        & ~decisions["decision_id"].isin(already)]
    proxies = proxy_positions(targets[["decision_id", "title", "year"]], ga_votes)
    position = dict(zip(proxies["decision_id"], proxies["position"]))
    mask = (votes["iso3"] == out) & votes["decision_id"].isin(position)
    votes.loc[mask, "iso3"] = new
    votes.loc[mask, "position"] = [position[d] or "absent" for d in votes.loc[mask, "decision_id"]]
    votes.loc[mask, "swapped"] = True
    matched = int(proxies["position"].notna().sum())
    notes = [f"Swap {out} -> {new}: {len(targets)} recorded vote(s) where {out} sat; {new}'s position "
             f"is its GA vote on the most similar GA title (word overlap >= {MIN_SIMILARITY}, within "
             f"{YEARS_APART} years) for {matched}; {len(targets) - matched} had no comparable GA vote "
             f"and count {new} as absent."]
    skipped = len(set(sat["decision_id"]) & already)
    if skipped:
        notes.append(f"{skipped} vote(s) left unchanged: {new} already sat in them.")
    if len(targets):
        share = matched / len(targets)
        notes.append(f"Proxy coverage {share:.0%}; GA roll calls for 2020-2024 are not in the sources.")
    return votes, notes


__all__ = ["swap_votes", "proxy_positions", "parse_swap", "words", "similarity"]
