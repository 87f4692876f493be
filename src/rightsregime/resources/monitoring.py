"""The monitoring half of the regime: treaty commitments, an instrument's status map, and formal
versus substantive engagement (``rightsregime commitments``, ``treaty-map``, ``compliance``).

Each function takes the warehouse and plain parameters, reads the frames it needs, calls
:mod:`rightsregime.analysis.commitments` and :mod:`rightsregime.analysis.compliance`, and returns a
:class:`~rightsregime.resources.Resource`.
"""
from __future__ import annotations

import pandas as pd

from ..errors import UnknownInstrument, UsageError
from ._base import Resource

FIRST_YEAR, LAST_YEAR = 1946, 2023
TREATY_SOURCES = ["hr-treaty-ratification", "ilo-core-conventions"]
PRACTICE_SOURCES = ["fariss-lhrs", "political-terror-scale"]


def _tables(reg) -> dict[str, pd.DataFrame]:
    return {
        "instruments": reg.sql("SELECT * FROM instruments"),
        "ratifications": reg.sql("SELECT * FROM ratifications"),
        "ilo_conventions": reg.sql("SELECT * FROM ilo_conventions"),
        "ilo_ratifications": reg.sql("SELECT * FROM ilo_ratifications"),
        "declarations": reg.sql("SELECT * FROM declarations"),
        "states": reg.sql("SELECT iso3, name, status, admitted, \"left\" FROM states"),
    }


def _opened(t: dict) -> dict[str, int]:
    from ..analysis.commitments import DECLARATIONS

    opened = dict(zip(t["instruments"]["instrument_id"], pd.to_datetime(t["instruments"]["adopted"]).dt.year))
    opened.update(zip(t["ilo_conventions"]["convention"], pd.to_datetime(t["ilo_conventions"]["adopted"]).dt.year))
    if len(t["declarations"]):
        for iid, art in DECLARATIONS:
            opened[f"{iid} art. {art}"] = opened[iid]
    return opened


def _panel(reg, years=range(FIRST_YEAR, LAST_YEAR + 1), t=None):
    from ..analysis.commitments import commitment_events, commitment_panel
    from ._common import shared

    def build(t=t):
        t = t or _tables(reg)
        events = commitment_events(t["ratifications"], t["instruments"], t["ilo_ratifications"],
                                   t["ilo_conventions"], t["declarations"])
        states = t["states"].loc[t["states"]["status"].isin(["member", "historical", "observer"]), "iso3"].tolist()
        return events, commitment_panel(events, states, years, _opened(t)), t

    # Every state's panel, whichever state is asked about: a server builds it once per period.
    return build() if t is not None else shared(reg, ("commitment_panel", tuple(years)), build)


def declarations_note(t: dict) -> str:
    if len(t["declarations"]):
        return (f"Article-level declarations loaded ({len(t['declarations'])} rows): ICERD art. 14, CAT art. 22 "
                "and CPED art. 31 count as scrutiny.")
    return ("Article-level declarations (ICERD art. 14, CAT art. 22, CPED art. 31) are absent: no mirrored "
            "source has them, so scrutiny counts the six protocols only. Load them with "
            "'rightsregime build --declarations FILE' (docs/monitoring.md).")


def commitments(reg, state: str, compare: list[str] | None = None, year: int | None = None) -> Resource:
    """Which instruments a state has accepted and when, the lag from opening, and the gap between
    obligations and scrutiny over time, against its regional group and blocs and chosen states."""
    from ..analysis.commitments import family_of, peer_comparison

    iso3 = reg.lookup_state(state)
    others = [reg.lookup_state(s) for s in (compare or [])]
    events, panel, t = _panel(reg)
    year = int(year or LAST_YEAR)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(f"--year {year}: give a year in {FIRST_YEAR}-{LAST_YEAR}.", option="--year")
    opened = _opened(t)
    titles = dict(zip(t["instruments"]["instrument_id"], t["instruments"]["title"]))
    titles.update(zip(t["ilo_conventions"]["convention"], t["ilo_conventions"]["title"]))
    mine = events.loc[events["iso3"] == iso3].set_index("instrument_id")
    status = dict(zip(t["ratifications"].loc[t["ratifications"]["iso3"] == iso3, "instrument_id"],
                      t["ratifications"].loc[t["ratifications"]["iso3"] == iso3, "status"]))
    rows = []
    for iid, opened_year in opened.items():
        e = mine.loc[iid] if iid in mine.index else None
        st = "party" if e is not None else status.get(iid, "none")
        if e is not None and pd.notna(e["ended"]):
            st = f"denounced {int(e['ended'])}"
        rows.append({"instrument_id": iid, "family": family_of(iid),
                     "title": titles.get(iid, iid), "opened": opened_year, "status": st,
                     "year": None if e is None else int(e["year"]),
                     "lag": None if e is None or pd.isna(e["lag"]) else int(e["lag"])})
    instruments = pd.DataFrame(rows)
    instruments["family"] = pd.Categorical(instruments["family"], ["obligations", "scrutiny", "ilo"])
    instruments = instruments.sort_values(["family", "opened", "instrument_id"]).reset_index(drop=True)
    instruments["family"] = instruments["family"].astype(str)
    for col in ("year", "lag"):
        instruments[col] = instruments[col].astype("Int64")
    chosen = [iso3, *others]
    over_time = panel.loc[panel["iso3"].isin(chosen)].reset_index(drop=True)
    members = reg.sql("""SELECT gm.group_id, gm.iso3, g.kind FROM group_members gm JOIN groups g USING (group_id)""")
    peers = peer_comparison(panel, members, iso3, year)
    group_means = (panel.merge(members.loc[members["group_id"].isin(peers["group_id"].unique() if len(peers) else [])],
                               on="iso3").groupby(["group_id", "year"])[["obligations_share", "scrutiny_share",
                                                                          "ilo_share", "gap"]].mean().reset_index())
    snap = panel.loc[(panel["year"] == year) & panel["iso3"].isin(chosen)].set_index("iso3").reindex(chosen).reset_index()
    notes = [declarations_note(t),
             "UN treaty status as of mid-2022 (hr-treaty-ratification), years only; ILO ratifications to 2026 "
             "(ilo-core-conventions, moderate confidence: checked values in errata E-ILO-*).",
             "Shares count only instruments already open in the year (OP-ICESCR from 2008, OPCAT from 2002).",
             f"Peer ranks: 1 = most committed among the group's members in {year} (for the gap, the smallest)."]
    if iso3 not in set(t["ilo_ratifications"]["iso3"]):
        notes.append(f"{iso3} has no ILO ratification in the source (not an ILO member, or none ratified).")
    return Resource(
        kind="commitments",
        params={"state": iso3, "compare": others, "year": year},
        data={"state": iso3, "name": reg.resolver.name_of(iso3), "instruments": instruments,
              "summary": snap, "peers": peers, "over_time": over_time, "group_means": group_means},
        main="instruments", notes=notes, sources=TREATY_SOURCES,
    )


def treaty_map(reg, instrument: str, year: int | None = None) -> Resource:
    """Every state's status under one instrument (UN or ILO) in a year: party, signatory, none."""
    t = _tables(reg)
    ids = {i.upper(): i for i in [*t["instruments"]["instrument_id"], *t["ilo_conventions"]["convention"]]}
    key = instrument.strip().upper()
    if key not in ids:
        from ..errors import closest

        near = closest(key, list(ids), n=2)
        hint = f" Did you mean {' or '.join(near)}?" if near else ""
        raise UnknownInstrument(f"Unknown instrument '{instrument}'.{hint} Known: {', '.join(ids.values())}.")
    iid = ids[key]
    year = int(year or LAST_YEAR)
    states = t["states"].loc[t["states"]["status"] == "member", ["iso3", "name"]]
    if iid in set(t["instruments"]["instrument_id"]):
        r = t["ratifications"].loc[t["ratifications"]["instrument_id"] == iid, ["iso3", "status", "year"]]
        covered = "hr-treaty-ratification"
    else:
        r = t["ilo_ratifications"].loc[t["ilo_ratifications"]["convention"] == iid, ["iso3", "year", "denounced"]]
        r = r.assign(status="party")
        r.loc[r["denounced"].notna() & (r["denounced"] <= year), "status"] = "denounced"
        covered = "ilo-core-conventions"
    m = states.merge(r, on="iso3", how="left")
    m["status"] = m["status"].fillna("none")
    later = (m["status"] == "party") & (m["year"] > year)
    m.loc[later, "status"] = "not yet party"
    counts = m["status"].value_counts().to_dict()
    notes = [f"{counts.get('party', 0)} of {len(m)} UN member states party in {year}."]
    if covered == "ilo-core-conventions":
        notes.append("UN members that are not ILO members (e.g. Andorra, Bhutan, Liechtenstein, Monaco, Nauru, "
                     "the DPRK, Micronesia) show as 'none'.")
    else:
        notes.append("Status as of mid-2022: 'signatory' is today's status, not the status in earlier years.")
        if iid in ("ICERD", "CAT", "CPED", "ICCPR"):
            notes.append(declarations_note(t))
    title = dict(zip(t["instruments"]["instrument_id"], t["instruments"]["title"]))
    title.update(zip(t["ilo_conventions"]["convention"], t["ilo_conventions"]["title"]))
    return Resource(kind="treaty-map", params={"instrument": iid, "year": year},
                    data={"instrument": iid, "title": title[iid], "counts": counts,
                          "states": m.sort_values("iso3").reset_index(drop=True)},
                    main="states", notes=notes, sources=[covered])


# Only texts themselves count (resolutions, decisions, drafts put to the vote): a yes to an amendment or
# a no-action motion on a country text is usually a vote against it.
# Texts on Israel and the occupied territories are the largest single group of country texts and are
# voted on bloc lines; they say little about a state's acceptance of country scrutiny as such.
OCCUPIED = r"(?i)occupied|palestin|israel|golan"


def _country_votes(reg, bodies: tuple[str, ...], years: range, include_occupied: bool = False) -> pd.DataFrame:
    from ..procedure.classify import classify_frame
    from ..procedure.replay import state_gazetteer

    placeholders = ", ".join("?" * len(bodies))
    d = reg.sql(f"""SELECT decision_id, symbol, body_id, coalesce(title, '') AS title, agenda_item, subjects, year
                    FROM decisions d WHERE body_id IN ({placeholders}) AND year BETWEEN ? AND ?
                      AND kind IN ('resolution', 'decision', 'draft')
                      AND EXISTS (SELECT 1 FROM votes v WHERE v.decision_id = d.decision_id)""",
                [*bodies, min(years), max(years)])
    scope = classify_frame(d, state_gazetteer(reg.state_name_pairs()))
    d = d.join(scope)
    keep = d["scope"] == "country-specific"
    if not include_occupied:
        keep &= ~(d["title"].str.contains(OCCUPIED) | d["reason"].eq("HRC agenda item 7")
                  | d["states"].isin(["ISR", "PSE", "ISR; PSE", "PSE; ISR"]))
    d = d.loc[keep, ["decision_id", "year", "states"]].rename(columns={"states": "about"})
    reg.con.register("_country_texts", d)
    try:
        v = reg.sql("""SELECT v.decision_id, v.iso3, c.year, v.position, c.about FROM votes v
                       JOIN _country_texts c USING (decision_id)""")
    finally:
        reg.con.unregister("_country_texts")
    return v


def compliance_inputs(reg, years=range(2000, LAST_YEAR + 1), bodies: tuple[str, ...] = ("HRC", "GA"),
                      include_occupied: bool = False) -> dict:
    """The frames the compliance table is computed from: ``panel, upr, votes, practice`` (and ``tables``)."""
    from ..analysis import compliance as cp

    events, panel, t = _panel(reg, years)
    rec = reg.sql("""SELECT session, under_review, recommending, response, action_category, issues, duplicate_of
                     FROM upr_recommendations""")
    reviews = reg.sql("SELECT session, under_review, year FROM upr_reviews")
    return {
        "panel": panel,
        "upr": cp.upr_inputs(rec, reviews, panel[["iso3", "year"]]),
        "votes": cp.country_vote_inputs(_country_votes(reg, bodies, years, include_occupied)),
        "practice": cp.practice_inputs(reg.sql("SELECT iso3, year, measure, value, lower, upper FROM practice_scores")),
        "tables": t,
    }


def compliance_table(reg, years=range(2000, LAST_YEAR + 1), weights: dict | None = None,
                     bodies: tuple[str, ...] = ("HRC", "GA"), include_occupied: bool = False):
    """The whole compliance table (every state, every year) and the commitments inputs."""
    from ..analysis import compliance as cp
    from ._common import shared

    def build():
        i = compliance_inputs(reg, years, bodies, include_occupied)
        return cp.compliance_table(i["panel"], i["upr"], i["votes"], i["practice"], weights), i["tables"]

    # The table covers every state: a server builds it once (0.9 s), not once per state page.
    key = ("compliance_table", tuple(years), tuple(sorted((weights or {}).items())), tuple(bodies), include_occupied)
    return shared(reg, key, build)


def compliance(reg, state: str, compare: list[str] | None = None, weights: dict | None = None,
               years: tuple[int, int] = (2000, LAST_YEAR), bodies: tuple[str, ...] = ("HRC", "GA"),
               empty_promises_span: tuple[int, int] = (2000, 2021), include_occupied: bool = False) -> Resource:
    """Formal against substantive engagement per year for a state (and others to compare), every
    component with its inputs, practice beside it, and the 'empty promises' pattern across states."""
    from ..analysis import compliance as cp

    iso3 = reg.lookup_state(state)
    others = [reg.lookup_state(s) for s in (compare or [])]
    if years[0] > years[1] or years[0] < FIRST_YEAR or years[1] > LAST_YEAR:
        raise UsageError(f"--years {years[0]}-{years[1]}: give a range within {FIRST_YEAR}-{LAST_YEAR}.", option="--years")
    table, t = compliance_table(reg, range(min(years[0], empty_promises_span[0]),
                                           max(years[1], empty_promises_span[1]) + 1), weights, bodies,
                                  include_occupied)
    chosen = [iso3, *others]
    in_span = table["year"].between(*years)
    rows = table.loc[table["iso3"].isin(chosen) & in_span].reset_index(drop=True)
    index = rows[["iso3", "year", "formal_index", "n_formal", "substantive_index", "n_substantive",
                  "engagement_gap", "thin", "fariss", "fariss_lower", "fariss_upper", "pts"]]
    comps = cp.components_long(rows)
    promises = cp.empty_promises(table, *empty_promises_span)
    w = dict(cp.DEFAULT_WEIGHTS, **(weights or {}))
    thin = rows.loc[rows["thin"], ["iso3", "year"]]
    notes = [
        "Formal: ratification breadth, UPR participation as reviewer, share of recommendations answered, "
        "overall acceptance. Substantive: scrutiny protocols, acceptance of specific (category 5) and of "
        "civil and political rights recommendations, yes votes on country-specific resolutions about others "
        f"({', '.join(bodies)}; texts on Israel and the occupied territories "
        f"{'included' if include_occupied else 'left out'}). Practice (Fariss, PTS) is an outcome, never part of either index.",
        "UPR inputs come from upr_recommendations (sessions 1-20, 2008-2014): a review speaks for a state for "
        f"{cp.LATEST_REVIEW_YEARS} years; outside that the index rests on fewer components (n_formal, n_substantive).",
        declarations_note(t),
        f"Thin: a component resting on fewer than {cp.THIN} inputs; {len(thin)} of {len(rows)} state-years "
        "have one. Each share has a 95 % Wilson interval (components table).",
    ]
    return Resource(
        kind="compliance",
        params={"state": iso3, "compare": others, "years": list(years), "weights": w, "bodies": list(bodies), "include_occupied": include_occupied,
                "empty_promises_span": list(empty_promises_span)},
        data={"state": iso3, "index": index, "components": comps, "empty_promises": promises},
        main="index", notes=notes, sources=[*TREATY_SOURCES, "upr-terman", "hrc-voting", "unvotes", *PRACTICE_SOURCES],
    )
