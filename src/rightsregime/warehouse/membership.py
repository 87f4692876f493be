"""Who sat on the Human Rights Council (and the Commission before it), derived from the roll calls.

No source lists the members by term, but a recorded vote lists every member of the body on that day,
whatever it did (yes, no, abstain, present not voting, absent). So a state on a roll call is taken as a
member that year, and the years are then checked against what is known of the body:

* the seats: 47 on the Council, 13 African, 13 Asia-Pacific, 6 Eastern European, 8 Latin American and
  Caribbean, 7 Western European and others (GA res 60/251 para 7); the Commission's size by year;
* the 2006 lots (``regime/data/hrc_2006_lots.csv``) that gave the first members 1-, 2- or 3-year terms;
* curated events (``regime/data/hrc_membership_events.csv``): suspensions, withdrawals, by-elections.

A roll call that lists a state which held no seat (a group over its seats, the state listed on a
handful of the year's votes only) or a state after it withdrew is not believed: the listing is reported
as a ``reconciliation`` row ('roll call lists non-member', 'roll call lists suspended member') and the
state is not counted. A year whose groups still do not add up is reported ('membership <year> <group>').

Council years: 19 June to 18 June from the first session (19 Jun 2006) to June 2011; GA res 65/281 moved
the Council to the calendar year, so the 2011 Council year runs 19 Jun-31 Dec 2011 and later ones are
calendar years. Members elected in 2009-2011 had their terms extended to 31 December (2012-2014), so
those terms span four Council years; there was no election for a term starting in 2012.

Terms (``memberships``) are cut from consecutive member years: 2006 by the lots, 2007-2008 three years
(June-June), 2009-2011 four Council years (extended), from 2013 three calendar years.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from ..regime import HRC_SEATS, HRC_SIZE
from ..regime.commission import chr_size
from ..regime.council import (council_year, council_years, hrc_2006_lots, membership_events, term_dates,
                              term_years)
from .schema import TABLES

RECONCILIATION_COLUMNS = list(TABLES["reconciliation"])
MEMBERSHIP_YEAR_COLUMNS = list(TABLES["membership_years"])
MEMBERSHIP_COLUMNS = list(TABLES["memberships"])


def load_lots() -> pd.DataFrame:
    """The 2006 lots: iso3, regional_group, term_years (1, 2, 3), term_start, term_end (``regime.council``)."""
    return hrc_2006_lots()


def load_events() -> pd.DataFrame:
    """Suspensions, reinstatements, withdrawals and by-elections (``regime.council.membership_events``)."""
    return membership_events()


def drop_not_sitting(decisions: pd.DataFrame, votes: pd.DataFrame, events: pd.DataFrame | None = None,
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Council roll-call rows of a member that could not sit that day (suspended, or withdrawn until
    its seat was refilled: ``regime.council.not_sitting_on``) with no vote (absent, non_voting).

    Non-members have no row in ``votes``; these are listings, not votes. Returns (kept, dropped) where
    ``dropped`` has a ``reason`` column. A vote cast by such a member is kept (the membership check
    reports it as a source fault).
    """
    from ..regime.council import not_sitting_on

    events = load_events() if events is None else events
    hrc = decisions.loc[decisions["body_id"].eq("HRC"), ["decision_id", "date"]].dropna(subset=["date"])
    hrc = hrc[hrc["decision_id"].isin(votes["decision_id"].unique())]
    if hrc.empty:
        return votes, votes.iloc[0:0].assign(reason=pd.Series(dtype=object))
    days = pd.to_datetime(hrc["date"]).dt.date
    out_by_day = {d: not_sitting_on(d, events) for d in set(days)}
    absent = {did: out_by_day[d] for did, d in zip(hrc["decision_id"], days) if out_by_day[d]}
    if not absent:
        return votes, votes.iloc[0:0].assign(reason=pd.Series(dtype=object))
    cand = votes["decision_id"].isin(absent) & votes["position"].isin(["absent", "non_voting"])
    hit = cand.copy()
    if cand.any():  # (pandas refuses an empty list assigned to an empty selection)
        hit[cand] = [iso in absent[did] for did, iso in zip(votes.loc[cand, "decision_id"], votes.loc[cand, "iso3"])]
    why = {}
    for e in events.itertuples():
        why.setdefault(e.iso3, []).append(f"{e.event} {e.date} ({e.decided_by})")
    dropped = votes[hit].copy()
    dropped["reason"] = ["listed on a Council roll call while it could not sit: " + "; ".join(why.get(i, []))
                         for i in dropped["iso3"]]
    return votes[~hit], dropped


def _split_suspensions(terms: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Cut a term around a suspension that ended in reinstatement: the member sat until the day before
    the suspension and again from the reinstatement (Libya, 1 March-18 November 2011). The second part
    is marked ``how = 'reinstated'``."""
    from datetime import timedelta

    rows = terms.to_dict("records")
    for e in events[events["event"] == "suspended"].itertuples():
        back = events[(events["iso3"] == e.iso3) & (events["event"] == "reinstated") & (events["date"] > e.date)]
        if back.empty:
            continue
        again = back["date"].min()
        out = []
        for r in rows:
            if (r["body_id"] == e.body_id and r["iso3"] == e.iso3 and r["term_start"] < e.date
                    and r["term_end"] >= e.date):
                out.append({**r, "term_end": e.date - timedelta(days=1)})
                if again <= r["term_end"]:
                    out.append({**r, "term_start": again, "how": "reinstated"})
            else:
                out.append(r)
        rows = out
    return pd.DataFrame(rows, columns=terms.columns)


def members_on(memberships: pd.DataFrame, day, body: str = "HRC") -> list[str]:
    """Members of ``body`` sitting on ``day`` according to the ``memberships`` spells (sorted iso3)."""
    day = pd.Timestamp(day)
    m = memberships[memberships["body_id"] == body]
    hit = (pd.to_datetime(m["term_start"]) <= day) & (pd.to_datetime(m["term_end"]) >= day)
    return sorted(m.loc[hit, "iso3"])


def _rec(decision_id, symbol, what, expected, found, source) -> dict:
    return {"decision_id": decision_id, "symbol": symbol, "what": what, "expected": expected,
            "found": found, "source": source}


def _listings(decisions: pd.DataFrame, votes: pd.DataFrame) -> pd.DataFrame:
    """One row per state listed on a Council or Commission roll call, with its year."""
    dec = decisions.loc[decisions["body_id"].isin(["HRC", "CHR"]),
                        ["decision_id", "body_id", "symbol", "date", "source"]].dropna(subset=["date"])
    rows = votes.loc[votes["decision_id"].isin(dec["decision_id"]), ["decision_id", "iso3", "position"]]
    rows = rows.dropna(subset=["iso3"]).merge(dec, on="decision_id")
    rows["date"] = pd.to_datetime(rows["date"])
    rows["year"] = rows["date"].dt.year
    hrc = rows["body_id"] == "HRC"
    rows.loc[hrc, "year"] = council_years(rows.loc[hrc, "date"])
    rows["day"] = rows["date"].dt.date
    return rows


def _event_checks(rows: pd.DataFrame, events: pd.DataFrame) -> tuple[pd.Series, list[dict]]:
    """Listings the events contradict: after a withdrawal, before a by-election, during a suspension."""
    not_member = pd.Series(False, index=rows.index)
    out: list[dict] = []
    for ev in events.itertuples(index=False):
        mine = (rows["body_id"] == ev.body_id) & (rows["iso3"] == ev.iso3)
        if ev.event == "withdrew":
            # Until the end of the term it left: the successor's term end, else that Council year.
            successor = events[(events["event"] == "elected") & (events["replaces"] == ev.iso3)
                               & (events["date"] >= ev.date)]
            until_year = council_year(successor["term_end"].min()) if len(successor) else council_year(ev.date)
            hit = mine & (rows["day"] > ev.date) & (rows["year"] <= until_year)
            what, expected = "roll call lists non-member", f"{ev.iso3} withdrew on {ev.date}"
            not_member |= hit
        elif ev.event == "elected":
            hit = mine & (rows["day"] < ev.date) & (rows["year"] == council_year(ev.date))
            what, expected = "roll call lists non-member", f"{ev.iso3} elected on {ev.date}"
            not_member |= hit
        elif ev.event == "suspended":
            back = events[(events["iso3"] == ev.iso3) & (events["event"] == "reinstated") & (events["date"] > ev.date)]
            until = back["date"].min() if len(back) else date.max
            hit = mine & (rows["day"] >= ev.date) & (rows["day"] < until)
            what, expected = "roll call lists suspended member", f"{ev.iso3} suspended {ev.date} ({ev.decided_by})"
        else:
            continue
        for r in rows[hit].itertuples(index=False):
            out.append(_rec(r.decision_id, r.symbol, what, expected, r.position, r.source))
    return not_member, out


def _seat_check(counts: pd.DataFrame, events: pd.DataFrame, recs: list[dict]) -> set[tuple[str, int, str]]:
    """Drop, group by group and year, the states a group holds beyond its seats (fewest listings first).

    A by-election (the elected state and the one it replaced both on the year's roll calls) adds a seat
    holder, not a seat. Returns the (body, year, iso3) dropped; appends the years that still do not add up.
    """
    dropped: set[tuple[str, int, str]] = set()
    successions = events[events["event"] == "elected"]
    protected = {("HRC", council_year(e.date), e.iso3) for e in successions.itertuples()} | {
        ("HRC", council_year(e.date), e.replaces) for e in successions.itertuples()}
    hrc = counts[counts["body_id"] == "HRC"]
    for (body, year, group), g in hrc.groupby(["body_id", "year", "regional_group"], dropna=False, sort=True):
        seats = HRC_SEATS.get(group)
        if seats is None:
            recs.append(_rec(None, None, f"membership {year} {group}", "a regional group",
                             "none: " + ", ".join(sorted(g["iso3"])), g["source"].iloc[0]))
            continue
        holders = set(g["iso3"])
        seats += sum(1 for e in successions.itertuples() if council_year(e.date) == year
                     and e.iso3 in holders and e.replaces in holders)
        order = g.assign(_p=[(body, year, i) in protected for i in g["iso3"]]).sort_values(["_p", "n_listed"])
        while len(order) > seats and not order["_p"].iloc[0]:
            dropped.add((body, year, order["iso3"].iloc[0]))
            order = order.iloc[1:]
        if len(order) != seats:
            recs.append(_rec(None, None, f"membership {year} {group}", str(seats),
                             f"{len(order)}: " + ", ".join(sorted(order["iso3"])), g["source"].iloc[0]))
    # The Commission: total size only (its seats by group changed over the years).
    for (body, year), g in counts[counts["body_id"] == "CHR"].groupby(["body_id", "year"]):
        size = chr_size(int(year))
        order = g.sort_values("n_listed")
        while size is not None and len(order) > size and order["share"].iloc[0] < 0.5:
            dropped.add((body, year, order["iso3"].iloc[0]))
            order = order.iloc[1:]
        if size is not None and len(order) != size:
            recs.append(_rec(None, None, f"membership {year} CHR", str(size), str(len(order)), g["source"].iloc[0]))
    return dropped


def _terms(years: pd.DataFrame, lots: pd.DataFrame, events: pd.DataFrame, last_year: int,
           recs: list[dict]) -> pd.DataFrame:
    """Cut each Council member's consecutive years into terms."""
    lot_years = dict(zip(lots["iso3"], lots["term_years"]))
    elected = {(e.iso3, council_year(e.date)): e for e in events[events["event"] == "elected"].itertuples()}
    withdrew = {e.iso3: e.date for e in events[events["event"] == "withdrew"].itertuples()}
    out = []
    hrc = years[years["body_id"] == "HRC"]
    for iso3, g in hrc.groupby("iso3"):
        ys = sorted(int(y) for y in g["year"])
        source = g["source"].iloc[0]
        runs, start = [], ys[0]
        for prev, nxt in zip(ys, ys[1:] + [None]):
            if nxt != prev + 1:
                runs.append((start, prev))
                start = nxt
        for run_start, run_end in runs:
            s, consecutive = run_start, 0
            while s <= run_end:
                how = "derived"
                if (iso3, s) in elected:  # by-election to the rest of another member's term
                    ev = elected[(iso3, s)]
                    first, last = ev.date, ev.term_end
                    n = council_year(last) - s + 1
                    how = "elected"
                elif s == 2006:
                    n = lot_years.get(iso3)
                    if n is None:
                        recs.append(_rec(None, None, f"membership term {iso3} 2006", "a 2006 lot", "none", source))
                        n = 3
                    first, last = term_dates(2006, n)
                    how = "lots"
                else:
                    n = term_years(s)
                    if n is None:  # no election for a term starting in 2012
                        recs.append(_rec(None, None, f"membership term {iso3} {s}", "a term start (no election for 2012)",
                                         f"member years {run_start}-{run_end}", source))
                        n = 3
                    first, last = term_dates(s, n)
                end_year = s + n - 1
                if end_year > run_end and run_end < last_year:
                    if iso3 in withdrew and council_year(withdrew[iso3]) == run_end:
                        last = withdrew[iso3]
                    else:
                        recs.append(_rec(None, None, f"membership term {iso3} {s}",
                                         f"member {s}-{end_year}", f"member {s}-{run_end}", source))
                consecutive += how != "elected"  # a by-election completes another member's term
                if consecutive > 2:
                    recs.append(_rec(None, None, f"membership term {iso3} {s}",
                                     "at most two consecutive terms (GA res 60/251 para 7)",
                                     f"term {consecutive} in a row", source))
                out.append({"body_id": "HRC", "iso3": iso3, "term_start": first, "term_end": last,
                            "how": how, "source": source})
                s = end_year + 1
    return pd.DataFrame(out, columns=MEMBERSHIP_COLUMNS)


def derive_membership(decisions: pd.DataFrame, votes: pd.DataFrame, regional_groups: pd.DataFrame,
                      *, events: pd.DataFrame | None = None, lots: pd.DataFrame | None = None,
                      ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``(membership_years, memberships, reconciliation)`` for the Council (terms too) and the Commission.

    ``regional_groups`` has columns ``iso3, group_id`` (one regional group per state).
    """
    events = load_events() if events is None else events
    lots = load_lots() if lots is None else lots
    rows = _listings(decisions, votes)
    if rows.empty:
        return (pd.DataFrame(columns=MEMBERSHIP_YEAR_COLUMNS), pd.DataFrame(columns=MEMBERSHIP_COLUMNS),
                pd.DataFrame(columns=RECONCILIATION_COLUMNS))
    recs: list[dict] = []
    not_member, event_recs = _event_checks(rows, events)
    recs += event_recs
    counted = rows[~not_member]
    groups = regional_groups.drop_duplicates("iso3").set_index("iso3")["group_id"]
    roll_calls = counted.groupby(["body_id", "year"])["decision_id"].nunique().rename("roll_calls")
    counts = (counted.groupby(["body_id", "year", "iso3"])
              .agg(n_listed=("decision_id", "nunique"), source=("source", "first")).reset_index()
              .merge(roll_calls.reset_index(), on=["body_id", "year"]))
    counts["share"] = counts["n_listed"] / counts["roll_calls"]
    counts["regional_group"] = counts["iso3"].map(groups)
    dropped = _seat_check(counts, events, recs)
    if dropped:
        out = pd.DataFrame(sorted(dropped), columns=["body_id", "year", "iso3"]).assign(_drop=True)
        hit = counted.merge(out, on=["body_id", "year", "iso3"], how="left")["_drop"].fillna(False).to_numpy(bool)
        for r in counted[hit].itertuples(index=False):
            recs.append(_rec(r.decision_id, r.symbol, "roll call lists non-member",
                             f"{r.iso3} held no {r.body_id} seat in {r.year}", r.position, r.source))
        keep = counts.merge(out, on=["body_id", "year", "iso3"], how="left")["_drop"].isna().to_numpy(bool)
        counts = counts[keep]
    years = pd.DataFrame({
        "body_id": counts["body_id"].values, "year": counts["year"].astype(int).values,
        "iso3": counts["iso3"].values, "regional_group": counts["regional_group"].values,
        "n_votes": counts["n_listed"].astype(int).values, "how": "derived", "source": counts["source"].values,
    })
    # The first members must be the 47 of the 2006 lots.
    first = set(years.loc[(years["body_id"] == "HRC") & (years["year"] == 2006), "iso3"])
    if first:
        lotted = set(lots["iso3"])
        for iso3 in sorted(first - lotted):
            recs.append(_rec(None, None, f"membership 2006 {iso3}", "not in the 2006 lots", "on the 2006 roll calls",
                             years["source"].iloc[0]))
        for iso3 in sorted(lotted - first):
            recs.append(_rec(None, None, f"membership 2006 {iso3}", "in the 2006 lots", "on no 2006 roll call",
                             years["source"].iloc[0]))
    last_year = int(years.loc[years["body_id"] == "HRC", "year"].max()) if (years["body_id"] == "HRC").any() else 0
    terms = _split_suspensions(_terms(years, lots, events, last_year, recs), events)
    years = years.sort_values(["body_id", "year", "iso3"]).reset_index(drop=True)
    return years, terms, pd.DataFrame(recs, columns=RECONCILIATION_COLUMNS)


def seats_by_group(membership_years: pd.DataFrame, body: str = "HRC") -> pd.DataFrame:
    """Members per year and regional group (a wide table: one column per group, plus 'total')."""
    sub = membership_years[membership_years["body_id"] == body]
    table = pd.crosstab(sub["year"], sub["regional_group"].fillna("none"))
    table["total"] = table.sum(axis=1)
    return table


__all__ = ["derive_membership", "council_year", "term_dates", "term_years", "load_lots", "load_events",
           "seats_by_group", "HRC_SIZE", "drop_not_sitting", "members_on", "council_years", "chr_size"]
