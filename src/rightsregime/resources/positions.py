"""Questions about positions: how did a state vote, which decisions match who voted how, and the
flat votes table for export.

* :func:`state_votes` - ``rightsregime votes --state CHN [--position no] [--scope ...]``;
* :func:`filter_decisions` - the scope / concerning / voted filters that ``decisions`` applies;
* :func:`votes_table` - one row per state and decision with names, group, scope and outcome.
"""
from __future__ import annotations

from .. import params as parse
from ..regime.coverage import coverage_notes
from ._base import Resource
from ._common import coverage_notes as common_coverage_notes
from ._common import limit_rows, state_code, years_and_bodies

# Notes every answer from the roll calls carries.
_ABSENT_NOTE = ("Only decisions taken by a recorded vote on which the state has a recorded position "
                "are listed (in the GA record an absent member has no row).")


def _classified(reg, decisions):
    """``decisions`` with scope and the states concerned (procedure/classify.py), as the build
    classified them (``decision_scopes``), else classified now."""
    from ..analysis.record import with_scope

    scopes = reg.decision_scopes(decisions)
    if scopes is None:
        from ..procedure.classify import classify_frame
        from ..procedure.replay import state_gazetteer

        scopes = classify_frame(decisions, state_gazetteer(reg.state_name_pairs()))
    return with_scope(decisions, scopes)


def _positions(reg, iso3s, decision_ids=None):
    """The positions of some states (all their recorded votes): a few thousand rows per state."""
    import pandas as pd

    codes = list(dict.fromkeys(iso3s))
    if not codes:
        return pd.DataFrame(columns=["decision_id", "iso3", "position"])
    marks = ", ".join("?" * len(codes))
    return reg.sql(f"SELECT decision_id, iso3, position FROM votes WHERE iso3 IN ({marks})", codes)


def state_votes(reg, state: str, *, position: str | None = None, scope: str | None = None,
                body: str | None = None, years=None, subject: str | None = None,
                concerning: str | None = None, limit: int | None = None) -> Resource:
    """How a state voted: the recorded decisions (newest first) with its position, the outcome and
    the official tally, filtered by position, scope (country-specific or thematic), body, years,
    subject (tags or title) and the state a text concerns."""
    from ..analysis.record import select, state_record

    iso3 = state_code(reg, state)
    pos = parse.position(position, option="--position") if position else None
    scope = parse.scope(scope)
    about = state_code(reg, concerning) if concerning else None
    yr, body = years_and_bodies(years, body)
    decisions = reg.decisions(body=body, years=yr, modality="recorded")
    mine = _positions(reg, [iso3])
    decisions = decisions[decisions["decision_id"].isin(set(mine["decision_id"]))]
    if scope or about or subject:
        decisions = select(_classified(reg, decisions) if (scope or about) else decisions,
                           scope=scope, concerning=about, subject=subject)
    else:
        decisions = _classified(reg, decisions)
    table = state_record(decisions, mine, iso3, position=pos)
    counts = table["position"].value_counts().reindex(["yes", "no", "abstain", "non_voting"], fill_value=0)
    notes = [_ABSENT_NOTE, *common_coverage_notes(reg, body, yr)]
    name = reg.state_names().get(iso3, iso3)
    r = Resource(
        kind="state_votes",
        params={"state": iso3, "position": pos, "scope": scope, "body": body, "years": yr,
                "subject": subject, "concerning": about},
        data={"state": iso3, "state_name": name, "count": len(table),
              "by_position": {k: int(v) for k, v in counts.items()}},
        main="decisions", notes=notes, sources=_sources(table),
    )
    limit_rows(r, "decisions", table, limit, what="decisions (the most recent first)")
    return r


def _sources(frame) -> list[str]:
    bodies = set(frame["body_id"]) if "body_id" in frame and len(frame) else set()
    out = []
    if "GA" in bodies:
        out += ["unvotes (Voeten, CC0)", "unga-2025-3dl"]
    if bodies & {"HRC", "CHR"}:
        out += ["hrc-voting (OHCHR Search Library)"]
    return out


def filter_decisions(reg, decisions, *, scope: str | None = None, concerning: str | None = None,
                     voted=None):
    """The filters of ``decisions --scope --concerning --voted STATE=POSITION`` on a frame of
    decisions (as ``reg.decisions()`` returns): the matching rows, with ``scope`` and
    ``concerning`` columns added when a scope filter was asked for. ``voted`` is 'CHN=no,USA=yes'
    or a list of such pairs; the states may be codes or names."""
    from ..analysis.record import check_scope, parse_voted, select
    from ..analysis.record import voted as voted_filter

    scope = check_scope(scope)
    about = state_code(reg, concerning) if concerning else None
    conditions = [(state_code(reg, s), p) for s, p in parse_voted(voted)]
    # Who voted how first: it is a cheap join and leaves few texts for the classifier (slow).
    if conditions:
        votes = _positions(reg, [c[0] for c in conditions])
        decisions = voted_filter(decisions, votes, conditions)
    if scope or about:
        decisions = select(_classified(reg, decisions.reset_index(drop=True)), scope=scope,
                           concerning=about)
    return decisions


def votes_table(reg, *, body: str | None = None, years=None, scope: bool = True) -> Resource:
    """The denormalised votes of a slice: symbol, body, date, title, kind, scope, ISO3, state name,
    regional group, position, outcome (one row per state and decision)."""
    from ..analysis.record import denormalise
    from ..procedure.classify import classify_frame
    from ..procedure.replay import state_gazetteer

    yr, body = years_and_bodies(years, body)
    decisions = reg.decisions(body=body, years=yr)
    votes = reg.sql("SELECT v.decision_id, v.iso3, v.position FROM votes v JOIN decisions d "
                    "USING (decision_id) " + _where(body, yr), _params(body, yr))
    scopes = classify_frame(decisions, state_gazetteer(reg.state_name_pairs())) if scope else None
    table = denormalise(votes, decisions, reg.states(), scopes)
    return Resource(kind="votes_table", params={"body": body, "years": yr},
                    data={"count": len(table), "votes": table}, main="votes",
                    notes=coverage_notes(body or "GA,HRC,CHR", yr), sources=_sources(table))


def _where(body, yr) -> str:
    clauses = []
    if body:
        clauses.append(f"d.body_id IN ({', '.join('?' * len(body.split(',')))})")
    if yr:
        clauses.append("d.year BETWEEN ? AND ?")
    return ("WHERE " + " AND ".join(clauses)) if clauses else ""


def _params(body, yr) -> list:
    return (body.split(",") if body else []) + (list(yr) if yr else [])


__all__ = ["state_votes", "filter_decisions", "votes_table"]
