"""Resources over the voting record: agreement (align), cohesion, shifts, blocs, leadership.

Each reads the slice of votes from the warehouse (``reg.votes(..., lean=True)``) and hands frames
to :mod:`rightsregime.analysis`.
"""
from __future__ import annotations

from .. import params as parse
from ..errors import RightsRegimeError, UnknownState
from ._base import Resource
from ._common import coverage_notes, describe, vote_slice, with_names


def _notes(reg, slice_) -> list[str]:
    bodies = slice_["body"].split(",") if slice_["body"] else None
    return coverage_notes(reg, bodies, tuple(slice_["years"]) if slice_["years"] else None)

DEFAULT_FOCAL = ("USA", "CHN", "RUS")
AGREEMENT_MEASURE = ("index = (identical + half agreements / 2) / shared votes (Lijphart 1963; "
                     "Voeten)")


def _expand_focal(reg, votes, names: list[str], exclude: str | None = None):
    """Resolve partners: a state code or name, or a group (compared through the group's plurality
    position as the pseudo-state '[GROUP]'; ``exclude``, the state being compared, is left out of
    its own group's plurality)."""
    from ..analysis.alignment import with_group_as_state
    from ..analysis.cohesion import member_spells, resolve_group

    codes = []
    groups = members = None
    for name in names:
        try:
            codes.append(reg.lookup_state(name))
            continue
        except UnknownState as exc:
            state_error = exc
        if groups is None:
            groups, members = reg.groups(), reg.group_members()
        try:
            gid = resolve_group(name, groups)
        except RightsRegimeError:
            raise state_error from None
        code = f"[{gid}]"
        group = [m for m in member_spells(members, gid)["iso3"] if m != exclude]
        votes = with_group_as_state(votes, group, code)
        codes.append(code)
    return votes, codes


def _group_spells(reg, name: str):
    """Spells (iso3, since, until) for a group typed by the user, or for 'A,B,C'."""
    from ..analysis.cohesion import member_spells, resolve_group, spells_from_list

    if "," in name:
        return name, spells_from_list(parse.states(name, reg.lookup_state, option="GROUP"))
    gid = resolve_group(name, reg.groups())
    return gid, member_spells(reg.group_members(), gid)


def align(reg, state: str, *, body=None, years=None, by: str = "year", with_: str | None = None,
          subject=None, kind=None, n: int = 10, min_common: int = 20) -> Resource:
    """Agreement of a state with every other: nearest and farthest partners, and agreement with
    chosen partners per period (Lijphart/Voeten index: abstention counts as half agreement)."""
    from ..analysis.alignment import focal_agreement, partners

    code = reg.lookup_state(state)
    period_by = parse.periods(by)
    votes, slice_ = vote_slice(reg, body, years, subject, kind)
    where = describe(slice_)
    ranked = partners(votes, code, n=n, min_common=min_common, where=where)
    wanted = parse.names(with_, option="--with") if with_ else [f for f in DEFAULT_FOCAL if f != code]
    votes, focal = _expand_focal(reg, votes, wanted, exclude=code)
    series = focal_agreement(votes, code, by=period_by, partners=focal, where=where)
    return Resource("align", params={"state": code, "by": by, "partners": focal, **slice_},
                    data={"state": code, "slice": slice_, "where": where, "measure": AGREEMENT_MEASURE,
                          "nearest": with_names(ranked["nearest"], reg, "partner", "name"),
                          "farthest": with_names(ranked["farthest"], reg, "partner", "name"),
                          "series": series},
                    main="series", notes=_notes(reg, slice_), sources=["unvotes", "hrc-voting"])


def cohesion(reg, group: str, *, body=None, years=None, by: str = "year", subject=None, kind=None
             ) -> Resource:
    """Cohesion of a group (Hix-Noury-Roland agreement index) per period, and its members'
    defection rates (votes against the group's plurality)."""
    from ..analysis.cohesion import defections, group_cohesion

    gid, spells = _group_spells(reg, group)
    period_by = parse.periods(by)
    votes, slice_ = vote_slice(reg, body, years, subject, kind)
    where = describe(slice_)
    table = group_cohesion(votes, spells, by=period_by, where=where)
    defect = defections(votes, spells)
    return Resource("cohesion", params={"group": gid, "by": by, **slice_},
                    data={"group": gid, "members": sorted(spells["iso3"].unique()), "slice": slice_,
                          "where": where, "measure": "Hix-Noury-Roland agreement index (2005)",
                          "cohesion": table, "defections": with_names(defect, reg)},
                    main="cohesion", notes=_notes(reg, slice_),
                    sources=["unvotes", "hrc-voting", "un-groups-blocs"])


def shifts(reg, state: str, *, against: str, body=None, years=None, subject=None,
           max_changes: int = 3, min_years: int = 2, n_boot: int = 1000, seed: int = 0) -> Resource:
    """When a state's yearly agreement with focal states or groups shifted, by how much, with 90%
    bootstrap intervals for the year and the size of the shift."""
    import pandas as pd

    # Bounded (issue 8): --boot 10^11 once ran out of memory; 10,000 replicates already give
    # stable 90% intervals, and a record of 80 years allows no more than 80 shifts.
    n_boot = parse.count(n_boot, option="--boot", low=0, high=10_000, what="number of bootstrap replicates")
    max_changes = parse.count(max_changes, option="--max-changes", low=1, high=80, what="number of shifts")

    from ..analysis.alignment import check_state
    from ..analysis.changepoints import agreement_scores, change_points, yearly

    code = reg.lookup_state(state)
    votes, slice_ = vote_slice(reg, body, years, subject)
    where = describe(slice_)
    check_state(votes, code, where)
    results = []
    for name in parse.names(against, option="--against"):
        v, (focal,) = _expand_focal(reg, votes, [name], exclude=code)
        scores = agreement_scores(v, code, focal, where=where)
        changes = change_points(scores, max_changes=max_changes, min_years=min_years, n_boot=n_boot,
                                random_state=seed)
        results.append({"focal": focal, "series": yearly(scores), "changes": changes})
    table = pd.concat([r["changes"].assign(focal=r["focal"]) for r in results], ignore_index=True) \
        if results else pd.DataFrame()
    return Resource("shifts", params={"state": code, "against": [r["focal"] for r in results],
                                      "seed": seed, "boot": n_boot, **slice_},
                    data={"state": code, "slice": slice_, "where": where,
                          "method": "binary segmentation of yearly agreement (weighted mean shift, "
                                    "penalty 3 log T); bootstrap of decisions within years, 90% intervals",
                          "against": results, "changes": table},
                    main="changes", notes=_notes(reg, slice_), sources=["unvotes", "hrc-voting"])


def blocs(reg, *, body: str = "HRC", years=None, period_length: int | None = None,
          resolution: float = 1.0, min_votes: int = 20, seed: int = 0, n_seeds: int = 10):
    resolution = parse.number(resolution, option="--resolution", low=0.0, high=100.0, inclusive=False,
                               what="Leiden resolution")
    # Each seed is one more Leiden run per period: --seeds 10^8 ran for minutes before it was
    # stopped (issue 8, item 6); 100 is ten times the default.
    n_seeds = parse.count(n_seeds, option="--seeds", low=1, high=100, what="number of seeds")
    if period_length is not None:
        period_length = parse.count(period_length, option="--period-length", low=1, high=100, what="number of years")
    """Voting blocs (Leiden communities of the co-voting network), followed across periods, with
    cohesion, distinctive votes and overlap with named groups. The Resource's ``result`` is the
    :class:`~rightsregime.analysis.blocs.BlocResult` (for the network chart)."""
    from ..analysis.blocs import find_blocs, split_periods

    bodies = parse.bodies(body, valid=parse.VOTING_BODIES)
    if not bodies or len(bodies) != 1:
        raise parse.UsageError(f"--body {body!r}: give one body: GA, HRC or CHR.", option="--body")
    body = bodies[0]
    votes, slice_ = vote_slice(reg, body, years)
    if votes.empty:
        raise RightsRegimeError(f"No recorded votes for body {body} in "
                                f"{parse.describe_years(tuple(slice_['years']) if slice_['years'] else None)}; "
                                "bodies with roll calls: GA, HRC, CHR.")
    span = tuple(slice_["years"]) if slice_["years"] else (int(votes["year"].min()), int(votes["year"].max()))
    groups, members = reg.groups(), reg.group_members()
    members = members[members["group_id"] != "UN"]
    names = dict(zip(groups["group_id"], groups["name"]))
    result = find_blocs(votes, periods=split_periods(span, period_length), group_members=members,
                        group_names=names, min_votes=min_votes, resolution=resolution, seed=seed,
                        n_seeds=n_seeds, body=body)
    titles = reg.decisions(body=body, years=span).set_index("decision_id")["title"]
    result.distinctive["title"] = result.distinctive["decision_id"].map(titles)
    doc = result.to_dict()
    r = Resource("blocs", params={"body": body, "years": list(span), "resolution": resolution,
                                  "seed": seed, "seeds": n_seeds},
                 data={**doc, "body": body, "years": list(span),
                       "method": f"Leiden (RBConfiguration, weighted), seed {seed}, resolution "
                                 f"{resolution}, stability over {n_seeds} seeds; edges: agreement "
                                 "index above the period's mean",
                       "bloc_table": result.blocs},
                 main="bloc_table", sources=["unvotes", "hrc-voting", "un-groups-blocs"])
    r.result = result
    return r


def leadership(reg, state: str, *, body=None, years=None, kind=None, include_groups: bool = False
               ) -> Resource:
    """Texts a state led as main sponsor, year by year, and how they fared, with its usual
    co-sponsors."""
    from ..analysis.leadership import (co_sponsors, cosponsorship_pairs, leadership_by_year,
                                       led_texts, sponsorships)

    code = reg.lookup_state(state)
    bodies = parse.bodies(body)
    span = parse.years(years, body=bodies)
    decisions = reg.decisions(body=",".join(bodies) if bodies else None, years=span, kind=kind)

    spons = sponsorships(decisions, reg.resolver.code_of, group_members=reg.group_members())
    roles = ("main", "group") if include_groups else ("main",)
    led = led_texts(spons, decisions, code, roles=roles)
    cols = ["symbol", "year", "body_id", "kind", "title", "role", "via_group", "co_sponsors", "fate",
            "yes", "no", "abstain", "margin", "basis"]
    slice_ = {"body": ",".join(bodies) if bodies else None, "years": list(span) if span else None,
              "kind": kind}
    return Resource("leadership", params={"state": code, **slice_},
                    data={"state": code, "slice": slice_,
                          "texts": led[[c for c in cols if c in led]].reset_index(drop=True),
                          "by_year": leadership_by_year(led),
                          "co_sponsors": with_names(co_sponsors(spons, code), reg),
                          "cosponsorship_network": cosponsorship_pairs(spons),
                          "coverage": "main sponsors as recorded by the OHCHR catalogue (mostly 2013 "
                                      "on), plus a few cited supplements"},
                    main="texts", notes=["Main sponsors are recorded mostly from 2013 on (OHCHR "
                                         "catalogue), plus a few cited supplements."],
                    sources=["hrc-voting"])


__all__ = ["align", "cohesion", "shifts", "blocs", "leadership"]
