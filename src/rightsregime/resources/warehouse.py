"""Resources over the warehouse's records: states, a state, decisions, a decision, membership,
the sources, and the checks (quarantine, reconciliation)."""
from __future__ import annotations

from .. import params as parse
from ..errors import UsageError
from ._base import Resource
from ._common import DEFAULT_LIMIT, coverage_notes, limit_rows, state_code, unknown_symbol, with_names


def build_summary(summary) -> Resource:
    """What a build read, loaded, merged and quarantined per source (``warehouse.build``'s summary)."""
    from ..warehouse.build import check_balanced

    unbalanced = check_balanced(summary)
    return Resource("build", data={"path": summary.attrs["path"],
                                   "seconds": round(summary.attrs["seconds"], 2),
                                   "sources": summary.reset_index(drop=True),
                                   "unbalanced": list(unbalanced["source"]) if len(unbalanced) else []},
                    main="sources")


def states(reg) -> Resource:
    """States with codes, names, UN admission and regional group."""
    df = reg.states()
    return Resource("states", data={"count": len(df), "states": df}, main="states",
                    sources=["un-member-states", "un-groups-blocs"])


def state(reg, code: str) -> Resource:
    """A state's profile: names, groups, memberships, ratifications, voting record, UPR engagement.
    UPR action categories are UPR Info's, from 1 (minimal action) to 5 (specific action)."""
    from ..regime import UPR_ACTION_CATEGORIES

    from ..regime.coverage import topic_notes
    from .upr import action_categories_note

    doc = reg.state_profile(code)
    notes = [*coverage_notes(reg, sorted(doc["voting"]) or None, None),
             *topic_notes("ratifications"), *topic_notes("upr")]
    if any(doc["upr"][side]["by_action_category"] for side in ("received", "made")):
        notes.append(action_categories_note())
    return Resource("state", params={"state": doc["iso3"]},
                    data={**doc, "upr_action_categories": UPR_ACTION_CATEGORIES}, notes=notes)


def decision(reg, symbol: str) -> Resource:
    """One decision: title, body, date, agenda, sponsors, outcome, totals, every member's position.
    A symbol not held raises :class:`~rightsregime.errors.UnknownSymbol` naming the known source
    that would hold it."""
    from ..errors import UnknownSymbol

    try:
        doc = reg.decision(symbol)
    except UnknownSymbol as exc:
        raise unknown_symbol(symbol, exc) from None
    import pandas as pd

    year = int(doc["date"][:4]) if doc.get("date") else None
    group_of = {iso3: group for group, cells in doc["by_group"].items()
                for codes in cells.values() for iso3 in codes}
    # The roll call as a table (--csv): one row per member, its name and regional group beside.
    positions = pd.DataFrame({"iso3": list(doc["votes"]), "position": list(doc["votes"].values())},
                             columns=["iso3", "position"])
    positions.insert(1, "regional_group", positions["iso3"].map(group_of))
    positions = with_names(positions, reg)
    return Resource("decision", params={"symbol": symbol}, data={**doc, "positions": positions},
                    main="positions", sources=[doc["source"]],
                    notes=coverage_notes(reg, [doc["body"]], (year, year)) if year else [])


def decisions(reg, *, body=None, years=None, text=None, kind=None, outcome=None, subject=None,
              scope=None, concerning=None, voted=None,
              limit: int | None = DEFAULT_LIMIT) -> Resource:
    """Decisions matching the filters, oldest first (``limit`` 0 or None: all).

    ``scope`` (country-specific or thematic, as ``classify`` decides) and ``concerning`` (a state a
    text names) add the columns ``scope`` and ``concerning``; ``voted`` ('CHN=no,USA=yes', or a
    list of such pairs; every condition must hold) keeps the recorded votes on which those states
    took those positions."""
    from .positions import filter_decisions

    bodies = parse.bodies(body)
    span = parse.years(years, body=bodies)
    scope = parse.scope(scope)
    conditions = voted_conditions(voted)
    df = reg.decisions(body=",".join(bodies) if bodies else None, years=span, kind=kind,
                       outcome=outcome, text=text, subject=subject)
    about = state_code(reg, concerning) if concerning else None
    resolved = [(state_code(reg, s), p) for s, p in conditions]
    if scope or about or resolved:
        df = filter_decisions(reg, df, scope=scope, concerning=about,
                              voted=[f"{s}={p}" for s, p in resolved])
    cols = ["decision_id", "symbol", "body_id", "date", "kind", "outcome", "yes", "no", "abstain",
            "title", "modality", "subjects", "sponsors"]
    cols += [c for c in ("scope", "concerning") if c in df.columns]
    r = Resource("decisions", params={"body": bodies, "years": list(span) if span else None,
                                      "text": parse.text(text), "kind": parse.kinds(kind),
                                      "outcome": parse.outcomes(outcome),
                                      "subject": parse.text(subject), "scope": scope,
                                      "concerning": about,
                                      "voted": [f"{s}={p}" for s, p in resolved] or None},
                 main="decisions", notes=coverage_notes(reg, bodies, span),
                 sources=_decision_sources(bodies))
    if resolved:
        r.notes.append("--voted keeps decisions taken by a recorded vote on which each state named "
                       "took that position (in the GA record an absent member has no row).")
    limit_rows(r, "decisions", df[cols], limit, what="decisions")
    return r


def voted_conditions(voted) -> list[tuple[str, str]]:
    """'CHN=no,USA=yes' or ['CHN=no', 'USA=yes'] -> [('CHN', 'no'), ('USA', 'yes')], the states as
    typed and the positions through the one parser (a malformed pair is a usage mistake)."""
    if not voted:
        return []
    items = voted.split(",") if isinstance(voted, str) else [i for v in voted for i in str(v).split(",")]
    pairs = []
    for item in (i.strip() for i in items):
        if not item:
            continue
        state, sep, pos = item.partition("=")
        if not sep or not state.strip():
            raise UsageError(f"--voted {item!r}: write STATE=POSITION, e.g. CHN=no.", option="--voted")
        pairs.append((state.strip(), parse.position(pos, option="--voted")))
    return pairs


def _decision_sources(bodies) -> list[str]:
    wanted = set(bodies or ("GA", "SC", "HRC", "CHR"))
    out = []
    if "GA" in wanted:
        out += ["unvotes", "unga-2025-3dl"]
    if wanted & {"HRC", "CHR"}:
        out += ["hrc-voting", "hrc-amendments-tsujamin"]
    if "SC" in wanted:
        out += ["unsc-vetoes", "unga-2025-3dl"]
    return list(dict.fromkeys(out))


def quarantine(reg, *, source: str | None = None, limit: int | None = DEFAULT_LIMIT) -> Resource:
    """Source rows that could not be loaded, with the reason; a summary by source and reason."""
    from ..sources import by_name

    df = reg.quarantine()
    if source:
        known = sorted(set(by_name()))
        if source not in known:
            raise UsageError(f"--source {source!r}: unknown source. Use one of: {', '.join(known)}.",
                             option="--source")
        df = df[df["source"] == source]
    summary = (df.groupby(["source", "reason"]).size().reset_index(name="rows")
               .sort_values("rows", ascending=False).reset_index(drop=True))
    r = Resource("quarantine", params={"source": source}, data={"summary": summary}, main="rows")
    limit_rows(r, "rows", df.reset_index(drop=True), limit, what="quarantined rows")
    return r


def reconciliation(reg, *, what: str | None = None, limit: int | None = DEFAULT_LIMIT) -> Resource:
    """Roll calls that disagree with official totals, disagreements between harvests."""
    df = reg.reconciliation()
    what = parse.text(what, option="--what")
    if what:
        df = df[df["what"].str.contains(what, case=False, na=False, regex=False)]
    r = Resource("reconciliation", params={"what": what},
                 data={"decisions": int(df["decision_id"].nunique())}, main="rows")
    limit_rows(r, "rows", df.reset_index(drop=True), limit, what="reconciliation rows")
    return r


def members(reg, *, body: str = "HRC", year: int | None = None) -> Resource:
    """Membership of the Council (or Commission) year by year, by regional group, from the roll
    calls; for one year, its members by group with the mid-year changes."""
    import pandas as pd

    from ..regime import HRC_SEATS, REGIONAL_GROUPS

    body = parse.body(body, valid=("HRC", "CHR"))
    years = reg.membership_years(body)
    terms = reg.memberships(body)
    groups = list(REGIONAL_GROUPS)
    counts = (years.pivot_table(index="year", columns="regional_group", values="iso3", aggfunc="count")
              .reindex(columns=groups).fillna(0).astype(int))
    counts["total"] = counts.sum(axis=1)
    # Mid-term changes: terms that end or start inside a year (suspension, withdrawal, by-election).
    ts, te = pd.to_datetime(terms["term_start"]), pd.to_datetime(terms["term_end"])
    changes = terms.assign(left=te.where(~te.dt.strftime("%m-%d").isin(["12-31", "06-18"])),
                           joined=ts.where(terms["how"].isin(["elected", "reinstated"])))
    seats = HRC_SEATS if body == "HRC" else {}
    if year is None:
        by_year = counts.reset_index()
        by_year.columns.name = None
        return Resource("members", params={"body": body, "year": None},
                        data={"body": body, "seats": seats, "by_year": by_year}, main="by_year",
                        notes=(["Seats: " + ", ".join(f"{g} {n}" for g, n in HRC_SEATS.items())
                                + ". Years above a group's seats had a member leave mid-year; "
                                "see --year."] if body == "HRC" else []),
                        sources=["hrc-voting"])
    lo, hi = int(years["year"].min()), int(years["year"].max())
    year = parse.single_year(year, option="--year")
    sel = years[years["year"] == year]
    if sel.empty:
        raise UsageError(f"--year {year}: no {body} membership recorded; years: {lo}-{hi}.",
                         option="--year")
    names = reg.state_names()
    member_rows = [{"group": g, "seats": seats.get(g), "iso3": iso3, "name": names.get(iso3)}
                   for g in groups for iso3 in sorted(sel.loc[sel["regional_group"] == g, "iso3"])]
    found = [{"iso3": r.iso3, "what": what, "date": when.date().isoformat()}
             for r in changes.itertuples() for what, when in (("left", r.left), ("joined", r.joined))
             if pd.notna(when) and when.year == year]
    events = reg.membership_events()
    events = [{"iso3": e.iso3, "event": e.event, "date": pd.Timestamp(e.date).date().isoformat(),
               "decided_by": e.decided_by, "citation": e.citation}
              for e in events[(events["body_id"] == body) & (pd.to_datetime(events["date"]).dt.year == year)].itertuples()]
    return Resource("members", params={"body": body, "year": year},
                    data={"body": body, "year": year, "events": events,
                          "members": {g: sorted(sel.loc[sel["regional_group"] == g, "iso3"]) for g in groups},
                          "seats": seats, "changes": found,
                          "member_list": pd.DataFrame(member_rows)},
                    main="member_list", sources=["hrc-voting"])


def sources(sources_dir=None) -> Resource:
    """Each source with its coverage, licence, citation and whether its files are present and intact."""
    import pandas as pd

    from ..errors import SourceError, SourceFileMissing
    from ..sources import modules
    from ..sources._fetch import locate

    rows = []
    for m in modules():
        s = m.SOURCE
        try:
            locate(s, sources_dir, download=False)
            status = "present, intact"
        except SourceError as exc:
            status = "missing" if isinstance(exc, SourceFileMissing) else "ALTERED"
            status += f": {exc.file}" if exc.file else ""
        rows.append({"source": s.name, "title": s.title, "coverage": s.coverage, "licence": s.licence,
                     "citation": s.citation, "home": s.home, "files": len(s.files), "status": status,
                     "codebook_only": s.codebook_only})
    return Resource("sources", data={"sources": pd.DataFrame(rows)}, main="sources")


__all__ = ["states", "state", "decision", "decisions", "quarantine", "reconciliation", "members",
           "sources"]
