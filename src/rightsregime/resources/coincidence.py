"""Three questions about a body and period asked by the blocs page: how often did these states
vote alike (the coincidence matrix), who was most often on the losing side (the most-often-outvoted
ranking), and how cohesive was each regional group year by year (one read of the votes for all
groups; ``rightsregime cohesion`` answers it for one group with its defections)."""
from __future__ import annotations

from .. import params as parse
from ..errors import RightsRegimeError
from ._base import Resource
from ._common import coverage_notes, describe, vote_slice, with_names

# A spread of the regime's poles and swing states, used when the user names none.
DEFAULT_STATES = ("USA", "GBR", "FRA", "DEU", "JPN", "MEX", "BRA", "ARG", "ZAF", "NGA", "EGY",
                  "PAK", "IND", "IDN", "CHN", "RUS", "CUB", "VEN")


def _one_body(body) -> str:
    bodies = parse.bodies(body or "HRC", valid=parse.VOTING_BODIES)
    if not bodies or len(bodies) != 1:
        raise parse.UsageError(f"--body {body!r}: give one body: GA, HRC or CHR.", option="--body")
    return bodies[0]


def _sources(body: str, slice_: dict) -> list[str]:
    """The sources of one body's recorded votes in the slice (the credit line of a chart): the GA's
    are Voeten's unvotes to 2019 and the UN Digital Library's 2025 roll calls."""
    if body != "GA":
        return ["hrc-voting"]
    first, last = slice_["years"] or (1946, 9999)
    return [name for name, lo, hi in (("unvotes", 1946, 2019), ("unga-2025-3dl", 2025, 9999))
            if first <= hi and last >= lo]


def coincidence(reg, states: str | None = None, *, body: str = "HRC", years=None,
                min_common: int = 20) -> Resource:
    """Agreement (Lijphart/Voeten index) between every pair of the chosen states on a body's
    recorded votes in a period, with the number of votes each pair shared. States absent from the
    slice are named in a note rather than shown as empty rows."""
    import pandas as pd

    from ..analysis.alignment import agreement_matrix

    body = _one_body(body)
    chosen = (parse.states(states, reg.lookup_state, option="--states") if states
              else list(DEFAULT_STATES))
    votes, slice_ = vote_slice(reg, body, years)
    where = describe(slice_)
    present = set(votes["iso3"])
    shown = [s for s in chosen if s in present]
    absent = [s for s in chosen if s not in present]
    if len(shown) < 2:
        raise RightsRegimeError(f"Fewer than two of {', '.join(chosen)} voted in {where}; choose "
                                "states that sat on the body in those years.")
    agree = agreement_matrix(votes[votes["iso3"].isin(shown)], min_common=min_common, where=where)
    index = agree.index.reindex(index=shown, columns=shown).rename_axis(index=None, columns=None)
    common = agree.n_common.reindex(index=shown, columns=shown)
    long = pd.DataFrame([{"state": a, "partner": b, "index": index.loc[a, b],
                          "n_common": int(common.loc[a, b])} for a in shown for b in shown if a != b])
    notes = _notes(reg, slice_)
    if absent:
        notes.append(f"Not voting in {where}: {', '.join(absent)} (not members in those years).")
    notes.append(f"Index = (identical + half agreements / 2) / shared votes; blank when a pair shared "
                 f"fewer than {min_common} votes.")
    names = reg.state_names()
    return Resource("coincidence", params={"states": shown, **slice_},
                    data={"states": shown, "names": {s: names.get(s, s) for s in shown},
                          "where": where, "matrix": index.round(3).rename_axis("iso3").reset_index(),
                          "pairs": long},
                    main="pairs", notes=notes, sources=_sources(body, slice_))


def outvoted(reg, *, body: str = "HRC", years=None, n: int = 15, min_sided: int = 20) -> Resource:
    """States most often on the losing side of a body's recorded votes in a period (voted no on a
    text adopted, or yes on one rejected), with the share's 95% Wilson interval."""
    from ..analysis.outvoted import outvoted as rank

    body = _one_body(body)
    votes, slice_ = vote_slice(reg, body, years)
    span = tuple(slice_["years"]) if slice_["years"] else None
    outcomes = reg.decisions(body=body, years=span).set_index("decision_id")["outcome"]
    table = with_names(rank(votes, outcomes, min_sided=min_sided), reg)
    table["low"] = table["low"].clip(lower=0.0)  # rounding leaves -1e-17 where none was outvoted
    r = Resource("outvoted", params={"n": n, "min_sided": min_sided, **slice_},
                 data={"where": describe(slice_), "count": len(table),
                       "ranking": table.head(n).reset_index(drop=True),
                       "least": table.tail(n).iloc[::-1].reset_index(drop=True)},
                 main="ranking", sources=_sources(body, slice_),
                 notes=_notes(reg, slice_) + [
                     "Outvoted: voted no on a text adopted or yes on one rejected; abstentions take no "
                     f"side and are left out of the share; states with fewer than {min_sided} yes/no "
                     "votes are not ranked."])
    return r


REGIONAL_GROUPS = ("AFRICAN", "ASIA_PACIFIC", "EEG", "GRULAC", "WEOG")


def group_cohesion(reg, groups=REGIONAL_GROUPS, *, body: str = "HRC", years=None) -> Resource:
    """Cohesion (Hix-Noury-Roland agreement index) of each group per year, from one read of the
    slice's votes: ``table`` rows are group, period, n_decisions, mean_voting, cohesion."""
    import pandas as pd

    from ..analysis.cohesion import group_cohesion as per_period
    from ..analysis.cohesion import member_spells

    body = _one_body(body)
    votes, slice_ = vote_slice(reg, body, years)
    where = describe(slice_)
    members = reg.group_members()
    frames = [per_period(votes, member_spells(members, g), by="year", where=where).assign(group=g)
              for g in groups]
    table = pd.concat(frames, ignore_index=True)[["group", "period", "n_decisions", "mean_voting", "cohesion"]]
    return Resource("group_cohesion", params={"groups": list(groups), **slice_},
                    data={"where": where, "measure": "Hix-Noury-Roland agreement index (2005)", "table": table},
                    main="table", notes=_notes(reg, slice_),
                    sources=["unvotes", "hrc-voting", "un-groups-blocs"])


def _notes(reg, slice_) -> list[str]:
    return coverage_notes(reg, [slice_["body"]], tuple(slice_["years"]) if slice_["years"] else None)


__all__ = ["coincidence", "outvoted", "group_cohesion", "DEFAULT_STATES", "REGIONAL_GROUPS"]
