"""HRC membership, terms, the two-consecutive-terms rule, and elections by regional group.

Facts (GA res 60/251 paras 7-8; UN press releases on each election):

* 47 members elected "directly and individually by secret ballot by the majority of the members
  of the General Assembly" (GA res 60/251 para 7): an **absolute majority of all GA members**,
  96 in 2006 (191 members), 97 from 2007 (192, then 193) [C].
* Three-year terms; "not eligible for immediate re-election after two consecutive terms" [C].
* The first election (9 May 2006) was staggered by lots: 14 one-year, 15 two-year and 18
  three-year terms (``regime/data/hrc_2006_lots.csv``) [C]. Each lot became a cohort elected
  every third year, so the seats per regional group in each cohort follow from the lots:
  14 (4/4/2/2/2), 15 (4/4/2/3/2) and 18 (5/5/2/3/3). :func:`cohort_seats` derives them.
* Terms began in June until GA res 65/281 moved them to the calendar year: members elected in
  2007-2011 served from June; those elected from 2012 serve 1 January to 31 December of the
  third year [C for the 1 January starts; the transition mechanics are [M]]. A term elected in
  year E ends in year E + 3 in both regimes.
* Ballots follow GA rule 94 [M]: candidates with the required majority and the most votes are
  elected; further ballots are restricted to the leading candidates (at most twice the seats
  left); after three inconclusive restricted ballots, three unrestricted ones, and so on.

Membership comes from the roll calls (a member is listed in every HRC roll call, absent or not),
so terms are derived: a run of consecutive roll calls listing a state is one stretch of service,
cut into three-year terms of its cohort.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from ..errors import RuleSetError, UsageError

GROUP_ORDER = ("AFRICAN", "ASIA_PACIFIC", "EEG", "GRULAC", "WEOG")


def ga_members(year: int) -> int:
    """UN members at the HRC election of ``year`` (Montenegro joined June 2006, South Sudan July 2011)."""
    if year <= 2006:
        return 191
    return 192 if year <= 2011 else 193


def absolute_majority(year: int) -> int:
    """Votes a candidate needs: more than half of all GA members (96 in 2006, 97 from 2007)."""
    return ga_members(year) // 2 + 1


def load_lots() -> pd.DataFrame:
    """The 2006 lots: iso3, state, regional_group, term_years (1-3), term_end_year.

    Read from the one curated, cited file ``regime/data/hrc_2006_lots.csv`` (``regime.council``).
    """
    from ..regime.council import hrc_2006_lots

    frame = hrc_2006_lots().rename(columns={"name": "state"})
    frame["term_end_year"] = pd.to_datetime(frame["term_end"]).dt.year.astype(int)
    return frame[["iso3", "state", "regional_group", "term_years", "term_end_year"]]


def first_election_terms(lots: pd.DataFrame | None = None) -> pd.DataFrame:
    """The 47 terms of the 2006 election: started June 2006, ended June 2007, 2008 or 2009 by lot."""
    lots = load_lots() if lots is None else lots
    out = lots.assign(election_year=2006, term_start="2006-06-19",
                      term_end=lots["term_end_year"].astype(str) + "-06", how="lots")
    return out[["iso3", "state", "regional_group", "election_year", "term_start", "term_end",
                "term_years", "how"]]


def cohort_seats(lots: pd.DataFrame | None = None) -> dict[int, dict[str, int]]:
    """Seats per regional group in each cohort, keyed by cohort size (14, 15, 18), from the lots."""
    lots = load_lots() if lots is None else lots
    out: dict[int, dict[str, int]] = {}
    for _, group in lots.groupby("term_years"):
        counts = group["regional_group"].value_counts()
        out[len(group)] = {g: int(counts.get(g, 0)) for g in GROUP_ORDER}
    return out


def seats_in_election(year: int, lots: pd.DataFrame | None = None) -> dict[str, int]:
    """Seats per regional group at the election of ``year`` (the cohort whose terms end then)."""
    if year < 2007:
        raise RuleSetError(f"{year}: the first election (2006) filled all 47 seats; cohorts begin in 2007.")
    lots = load_lots() if lots is None else lots
    lot_years = (year - 2007) % 3 + 1  # 2007 renews the 1-year lot, 2008 the 2-year, 2009 the 3-year
    group = lots[lots["term_years"] == lot_years]["regional_group"].value_counts()
    return {g: int(group.get(g, 0)) for g in GROUP_ORDER}


def council_year_start(election_year: int) -> pd.Timestamp:
    """First day of the Council year whose new members were elected in ``election_year`` (``regime.council``)."""
    from ..regime.council import council_year_start as start

    return start(election_year)


def council_year_of(dates: pd.Series) -> pd.Series:
    """Election year of the Council composition sitting on each date (``regime.council.composition_year``)."""
    from ..regime.council import composition_year

    return composition_year(dates)


def members_by_council_year(roll_calls: pd.DataFrame, *, min_share: float = 0.25) -> pd.DataFrame:
    """(council_year, iso3, share) for states listed in at least ``min_share`` of that Council
    year's roll calls.

    Every member is listed in every roll call (absent or not); a state listed only now and then is
    an artefact of the source (a suspended member, an observer recorded as not voting), and a
    member that withdrew mid-year (the United States in June 2018) is still listed in the roll
    calls before it left, hence a low threshold.
    """
    calls = roll_calls[["decision_id", "date"]].drop_duplicates("decision_id")
    calls = calls.assign(council_year=council_year_of(calls["date"]).to_numpy())
    n_calls = calls.groupby("council_year").size()
    listed = roll_calls[["decision_id", "iso3"]].drop_duplicates().merge(
        calls[["decision_id", "council_year"]], on="decision_id")
    share = listed.groupby(["council_year", "iso3"]).size() / n_calls.reindex(
        listed.groupby(["council_year", "iso3"]).size().index.get_level_values(0)).to_numpy()
    out = share.rename("share").reset_index()
    return out[out["share"] >= min_share].reset_index(drop=True)


def terms_from_roll_calls(roll_calls: pd.DataFrame, *, lots: pd.DataFrame | None = None,
                          groups: Mapping[str, str] | None = None,
                          min_share: float = 0.25) -> pd.DataFrame:
    """HRC terms derived from roll calls (columns decision_id, date, iso3; every member listed).

    Membership per Council year comes from :func:`members_by_council_year`; consecutive Council
    years are one stretch of service, cut into the three-year terms of the state's cohort (the 2006
    lot for the first members). One row per term: iso3, regional_group, election_year,
    term_start_year, term_end_year, consecutive (1 for a first term, 2 for an immediate second...),
    how ('lots' or 'derived'), years_seen (Council years in the roll calls), left_early (the last
    Council year seen is before the term's last one, e.g. a withdrawal or a suspension).
    """
    lots = load_lots() if lots is None else lots
    lot_end = dict(zip(lots["iso3"], lots["term_end_year"]))
    groups = {**dict(zip(lots["iso3"], lots["regional_group"])), **dict(groups or {})}
    sitting = members_by_council_year(roll_calls, min_share=min_share)
    last_year_recorded = int(sitting["council_year"].max()) if len(sitting) else None
    rows = []
    for iso3, g in sitting.groupby("iso3"):
        years = np.sort(g["council_year"].astype(int).to_numpy())
        for run in np.split(years, np.flatnonzero(np.diff(years) > 1) + 1):
            first, last = int(run[0]), int(run[-1])
            if first == 2006 and iso3 in lot_end:
                ends, how = [int(lot_end[iso3])], "lots"
            else:
                ends, how = [first + 3], "derived"
            while ends[-1] <= last:  # the Council year elected in year E belongs to the next term
                ends.append(ends[-1] + 3)
            for k, term_end in enumerate(ends, start=1):
                elected = first if k == 1 else ends[k - 2]
                seen = [y for y in run if elected <= y < term_end]
                rows.append({
                    "iso3": iso3, "regional_group": groups.get(iso3), "election_year": elected,
                    "term_start_year": elected + (0 if elected <= 2011 else 1),
                    "term_end_year": term_end, "consecutive": k,
                    "how": how if k == 1 else "derived", "years_seen": len(seen),
                    "left_early": bool(k == len(ends) and last < term_end - 1
                                       and last_year_recorded is not None
                                       and last_year_recorded > last),
                })
    columns = ["iso3", "regional_group", "election_year", "term_start_year", "term_end_year",
               "consecutive", "how", "years_seen", "left_early"]
    return pd.DataFrame(rows, columns=columns).sort_values(["iso3", "election_year"]) \
        .reset_index(drop=True)


def terms_from_memberships(memberships: pd.DataFrame, groups: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The warehouse's HRC terms (``memberships``: iso3, term_start, term_end, how) in the election
    view this module works in: the columns of :func:`terms_from_roll_calls`.

    The warehouse derives the terms once (warehouse/membership.py, checked against the seat pattern,
    the 2006 lots and the curated suspensions and by-elections); this only renames them. A term is
    named by its election year: the year it began for June terms (to 2011) and by-elections, the
    year before for calendar-year terms. Its nominal end is three years after the election, except
    for lots and by-elections, whose end is the one recorded; a member whose recorded end comes
    before the nominal one ``left_early`` (the US in 2018, Russia in 2022).
    """
    groups = dict(groups or {})
    m = memberships.copy()
    # A term cut around a suspension (how 'reinstated' for the part after it) is one term here.
    back = m[m["how"] == "reinstated"]
    for r in back.itertuples():
        before = m[(m["iso3"] == r.iso3) & (m["how"] != "reinstated")
                   & (pd.to_datetime(m["term_end"]) < pd.Timestamp(r.term_start))]
        if len(before):
            m.loc[pd.to_datetime(before["term_end"]).idxmax(), "term_end"] = r.term_end
    m = m[m["how"] != "reinstated"]
    start, end = pd.to_datetime(m["term_start"]), pd.to_datetime(m["term_end"])
    from ..regime.council import FIRST_CALENDAR_TERM

    june_or_by_election = (start < pd.Timestamp(FIRST_CALENDAR_TERM)) | (m["how"] == "elected")
    election = np.where(june_or_by_election, start.dt.year, start.dt.year - 1)
    fixed_end = m["how"].isin(["lots", "elected"]).to_numpy()
    nominal_end = np.where(fixed_end, end.dt.year, election + 3)
    out = pd.DataFrame({
        "iso3": m["iso3"].to_numpy(),
        "regional_group": [groups.get(c) for c in m["iso3"]],
        "election_year": election.astype(int),
        "term_start_year": start.dt.year.to_numpy().astype(int),
        "term_end_year": nominal_end.astype(int),
        "how": m["how"].to_numpy(),
        "years_seen": (end.dt.year - start.dt.year + 1).to_numpy().astype(int),
        "left_early": (end.dt.year.to_numpy() < nominal_end) & ~fixed_end,
    }).sort_values(["iso3", "election_year"]).reset_index(drop=True)
    # Consecutive: re-elected in the year the previous term ended (GA res 60/251 para 7).
    consecutive = []
    for _, g in out.groupby("iso3", sort=False):
        k, prev_end = 0, None
        for e, t in zip(g["election_year"], g["term_end_year"]):
            k = k + 1 if prev_end is not None and e == prev_end else 1
            consecutive.append(k)
            prev_end = t
    out["consecutive"] = consecutive
    columns = ["iso3", "regional_group", "election_year", "term_start_year", "term_end_year",
               "consecutive", "how", "years_seen", "left_early"]
    return out[columns]


def membership_by_year(terms: pd.DataFrame) -> pd.DataFrame:
    """One row per member and Council year (named by the year its new members were elected)."""
    rows = []
    for t in terms.itertuples():
        for year in range(t.election_year, t.term_end_year):
            rows.append({"council_year": year, "iso3": t.iso3, "regional_group": t.regional_group,
                         "term": f"{t.term_start_year}-{t.term_end_year}", "consecutive": t.consecutive})
    return pd.DataFrame(rows).sort_values(["council_year", "iso3"]).reset_index(drop=True)


def ineligible(terms: pd.DataFrame, year: int, *, count_short_terms: bool = True) -> pd.DataFrame:
    """Members who may not stand in ``year``'s election: their term ends that year and is their
    second consecutive one (GA res 60/251 para 7).

    ``count_short_terms`` counts the 1- and 2-year terms of the 2006 lots as terms; whether they
    count is not verified in a primary source, hence a parameter.
    """
    ending = terms[(terms["term_end_year"] == year) & (terms["consecutive"] >= 2)].copy()
    if not count_short_terms:
        lots_first = terms[(terms["how"] == "lots") & (terms["term_end_year"] < 2009)]
        short = set(zip(lots_first["iso3"], lots_first["term_end_year"] + 3))
        ending = ending[~((ending["consecutive"] == 2)
                          & [(i, y) in short for i, y in zip(ending["iso3"], ending["term_end_year"])])]
    spans = terms.groupby("iso3").apply(
        lambda g: ", ".join(f"{a}-{b}" for a, b in zip(g["term_start_year"], g["term_end_year"])),
        include_groups=False)
    ending["terms"] = ending["iso3"].map(spans)
    ending["reason"] = [f"term {s}-{e} is its consecutive term no. {k}" for s, e, k in
                        zip(ending["term_start_year"], ending["term_end_year"], ending["consecutive"])]
    return ending[["iso3", "regional_group", "terms", "term_end_year", "consecutive", "reason"]] \
        .sort_values(["regional_group", "iso3"], na_position="last").reset_index(drop=True)


# -- the election simulator -------------------------------------------------------------------

@dataclass
class Election:
    seats: int
    majority: int
    electorate: int
    candidates: list[str]
    clean_slate: bool
    ballots: list[dict] = field(default_factory=list)
    elected: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return len(self.elected) == self.seats

    def to_dict(self) -> dict:
        return {**asdict(self), "complete": self.complete}


def parse_candidates(specs: Iterable[str]) -> tuple[dict[str, float] | None, list[dict[str, int]] | None]:
    """``ISO3=0.6`` (support share) or ``ISO3=120,101`` (votes per recorded ballot) -> inputs."""
    support: dict[str, float] = {}
    votes: dict[str, list[int]] = {}
    for spec in specs:
        if "=" not in spec:
            raise UsageError(f"--candidate {spec!r}: use ISO3=SUPPORT (0-1) or ISO3=V1,V2,...")
        name, value = (s.strip() for s in spec.split("=", 1))
        name = name.upper()
        try:
            if "," in value or (value.isdigit() and int(value) > 1):
                votes[name] = [int(v) for v in value.split(",") if v.strip()]
            else:
                share = float(value)
                if not 0 <= share <= 1:
                    raise ValueError
                support[name] = share
        except ValueError:
            raise UsageError(f"--candidate {spec!r}: {value!r} is neither a share in [0, 1] nor "
                               "whole vote counts.") from None
    if support and votes:
        raise UsageError("--candidate: give either support shares or recorded votes for all "
                           "candidates, not a mix.")
    if votes:
        rounds = max(len(v) for v in votes.values())
        ballots = [{c: v[i] for c, v in votes.items() if i < len(v)} for i in range(rounds)]
        return None, ballots
    return support, None


def _ballot_kind(n: int) -> str:
    """Ballot n (1-based): first, then 3 restricted, 3 unrestricted, 3 restricted... (rule 94)."""
    if n == 1:
        return "first"
    return "restricted" if ((n - 2) // 3) % 2 == 0 else "unrestricted"


def run_election(seats: int, *, support: Mapping[str, float] | None = None,
                 ballots: list[Mapping[str, int]] | None = None, electorate: int = 193,
                 majority: int | None = None, seed: int = 0, max_ballots: int = 30) -> Election:
    """Fill ``seats`` in one regional group, ballot by ballot.

    Give either ``ballots`` (recorded votes per ballot: they are only counted) or ``support`` (the
    share of the electorate voting for each candidate: votes are drawn binomially, seeded).
    """
    if seats <= 0:
        raise RuleSetError(f"--seats {seats}: at least one seat must be filled.")
    from .majority import check_body_size

    check_body_size(seats, "--seats")
    check_body_size(electorate, "--electorate")
    if (support is None) == (ballots is None):
        raise RuleSetError("Give candidates either with support shares or with recorded ballots.")
    majority = majority if majority is not None else electorate // 2 + 1
    if majority > electorate:
        raise RuleSetError(f"Impossible majority {majority}: the electorate has {electorate} members.")
    candidates = sorted(support or {c for b in ballots for c in b})
    for ballot in ballots or []:
        for c, v in ballot.items():
            if v < 0 or v > electorate:
                raise RuleSetError(f"Impossible votes: {c} has {v} with an electorate of {electorate}.")
    result = Election(seats, majority, electorate, candidates, clean_slate=len(candidates) == seats)
    rng = np.random.default_rng(seed)
    standing = list(candidates)
    previous: dict[str, int] = {}
    for n in range(1, (len(ballots) if ballots is not None else max_ballots) + 1):
        left = seats - len(result.elected)
        eligible = [c for c in standing if c not in result.elected]
        if left == 0 or not eligible:  # every seat filled, or every candidate elected
            break
        kind = _ballot_kind(n)
        if kind == "restricted" and previous:
            ranked = sorted(eligible, key=lambda c: -previous.get(c, 0))
            cutoff = previous.get(ranked[min(len(ranked), 2 * left) - 1], 0)
            eligible = [c for c in ranked if previous.get(c, 0) >= cutoff]  # ties at the cut stay in
        if ballots is not None:
            votes = {c: int(ballots[n - 1].get(c, 0)) for c in eligible}
        else:
            votes = {c: int(rng.binomial(electorate, support[c])) for c in eligible}
        winners = sorted((c for c in eligible if votes[c] >= majority), key=lambda c: -votes[c])
        elected_now = winners[:left]
        if len(winners) > left and votes[winners[left - 1]] == votes[winners[left]]:
            tied = votes[winners[left - 1]]
            elected_now = [c for c in winners[:left] if votes[c] > tied]  # a tie at the last seat: vote again
        result.elected.extend(elected_now)
        result.ballots.append({"ballot": n, "kind": kind, "votes": votes, "elected": elected_now})
        previous = votes
    return result


def ballots_needed(result: Election) -> int:
    return len(result.ballots)


__all__ = ["ga_members", "absolute_majority", "load_lots", "first_election_terms", "cohort_seats",
           "seats_in_election", "terms_from_roll_calls", "terms_from_memberships", "members_by_council_year", "council_year_of",
           "membership_by_year", "ineligible",
           "Election", "run_election", "parse_candidates"]
