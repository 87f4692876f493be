"""The Human Rights Council's calendar, terms, first lots and membership events: one home.

Facts (GA res 60/251 and 65/281; cited rows in ``regime/data``):

* 47 seats by regional group (``HRC_SEATS``, GA res 60/251 para 7);
* the first session opened on 19 June 2006 (``COUNCIL_START``); Council years ran 19 June to 18 June
  until June 2011; GA res 65/281 moved the Council to the calendar year, so the 2011 Council year runs
  19 June-31 December 2011 (``CALENDAR_YEARS_FROM``) and later ones are calendar years. Members elected
  in 2009-2011 had their terms extended to 31 December (2012-2014); no election filled a term starting
  in 2012;
* the 2006 lots (``hrc_2006_lots.csv``) that gave the first 47 members 1-, 2- or 3-year terms;
* membership events (``hrc_membership_events.csv``): suspensions, reinstatements, withdrawals and
  by-elections, each dated and cited.

Two ways of naming a year are in use, and both come from these dates: the *Council year* a date falls
in (:func:`council_year`, the warehouse's membership years) and the *composition* sitting on a date,
named by the year its newest members were elected (:func:`composition_year`, the election view).
"""
from __future__ import annotations

import csv
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd

from . import HRC_SEATS, HRC_SIZE, data_path

COUNCIL_START = date(2006, 6, 19)
CALENDAR_YEARS_FROM = date(2011, 6, 19)  # GA res 65/281: the Council year becomes the calendar year
FIRST_CALENDAR_TERM = date(2013, 1, 1)  # first term elected for a calendar year (elected Nov 2012)

__all__ = ["COUNCIL_START", "CALENDAR_YEARS_FROM", "FIRST_CALENDAR_TERM", "HRC_SEATS", "HRC_SIZE",
           "council_year", "council_years", "composition_year", "council_year_start", "term_years",
           "term_dates", "hrc_2006_lots", "membership_events", "seats_filled", "not_sitting_on"]


def council_year(day: date) -> int:
    """The Council year a date falls in.

    >>> council_year(date(2011, 6, 17)), council_year(date(2011, 6, 20)), council_year(date(2012, 3, 1))
    (2010, 2011, 2012)
    """
    if day >= CALENDAR_YEARS_FROM:
        return day.year
    return day.year if (day.month, day.day) >= (6, 19) else day.year - 1


def council_years(dates: pd.Series) -> pd.Series:
    """Vectorised :func:`council_year` (dates as datetime64)."""
    year = dates.dt.year
    before_june = (dates.dt.month < 6) | ((dates.dt.month == 6) & (dates.dt.day < 19))
    early = dates < pd.Timestamp(CALENDAR_YEARS_FROM)
    return year.where(~(early & before_june), year - 1)


def composition_year(dates: pd.Series) -> pd.Series:
    """Election year of the Council composition sitting on each date.

    June 2011 to December 2012 is one composition: terms ending in June 2012 were extended to the end
    of 2012 when terms moved to the calendar year; from 2013 the members elected in year Y sit from
    1 January of Y+1.
    """
    d = pd.to_datetime(dates)
    mid_year = d.dt.year - (d < pd.to_datetime(d.dt.year.astype(str) + "-06-19")).astype(int)
    calendar = d.dt.year - 1
    out = np.where(d < pd.Timestamp(FIRST_CALENDAR_TERM), np.minimum(mid_year, CALENDAR_YEARS_FROM.year), calendar)
    return pd.Series(out, index=d.index)


def council_year_start(election_year: int) -> pd.Timestamp:
    """First day of the Council year whose new members were elected in ``election_year``."""
    if election_year <= CALENDAR_YEARS_FROM.year:  # June terms (the Council first met on 19 June 2006)
        return pd.Timestamp(election_year, COUNCIL_START.month, COUNCIL_START.day)
    return pd.Timestamp(election_year + 1, 1, 1)  # calendar-year terms from 2013 (GA res 65/281)


def term_years(start: int) -> int | None:
    """Council years in a term starting in ``start`` (the 2006 terms come from the lots)."""
    if start in (2007, 2008):
        return 3
    if start in (2009, 2010, 2011):
        return 4  # June start, extended to 31 December by GA res 65/281
    if start >= 2013:
        return 3
    return None  # 2006: lots; 2012: no election


def term_dates(start: int, years: int) -> tuple[date, date]:
    """First and last day of a term of ``years`` Council years starting in Council year ``start``."""
    last = start + years - 1
    first_day = date(start, 6, 19) if start <= 2011 else date(start, 1, 1)
    if last <= 2010:
        last_day = date(last + 1, 6, 18)
    else:
        last_day = date(last, 12, 31)
    return first_day, last_day


def hrc_2006_lots() -> pd.DataFrame:
    """The 2006 lots as curated: iso3, name, regional_group, term_years (int), term_start, term_end, citation."""
    with data_path("hrc_2006_lots.csv").open(encoding="utf-8") as fh:
        frame = pd.DataFrame(list(csv.DictReader(fh)))
    frame["term_years"] = frame["term_years"].astype(int)
    return frame


def membership_events() -> pd.DataFrame:
    """Suspensions, reinstatements, withdrawals and by-elections: body_id, iso3, event, date (date),
    replaces, term_end (date or None), decided_by, confidence, citation."""
    return _events().copy()


@lru_cache(maxsize=1)
def _events() -> pd.DataFrame:
    with data_path("hrc_membership_events.csv").open(encoding="utf-8") as fh:
        frame = pd.DataFrame(list(csv.DictReader(fh)))
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    frame["term_end"] = [None if not v else date.fromisoformat(v) for v in frame["term_end"]]
    return frame


def _spans(events: pd.DataFrame, body: str = "HRC") -> tuple[list, list]:
    """(not_sitting, vacant): lists of (iso3, first_day, last_day) built once from the events.

    Not sitting: a suspended member until the day before its reinstatement; a withdrawn member until
    the end of the term it left (its by-elected successor's term end, else that Council year's end).
    Vacant seat: a suspended member's, while it is suspended and has not withdrawn; a withdrawn
    member's, until the day before its successor's election.
    """
    from datetime import timedelta

    ev = events[events["body_id"] == body]
    rows = list(ev[["iso3", "event", "date", "replaces", "term_end"]].itertuples(index=False, name=None))
    not_sitting, vacant = [], []
    for iso3, event, day, _, _ in rows:
        if event == "suspended":
            back = [d for i, e, d, _, _ in rows if i == iso3 and e == "reinstated" and d > day]
            left = [d for i, e, d, _, _ in rows if i == iso3 and e == "withdrew" and d >= day]
            last = min(back) - timedelta(days=1) if back else date.max
            not_sitting.append((iso3, day, last))
            vacant_last = min([last] + [d - timedelta(days=1) for d in left])
            if vacant_last >= day:
                vacant.append((iso3, day, vacant_last))
        elif event == "withdrew":
            successors = [(d, end) for i, e, d, rep, end in rows if e == "elected" and rep == iso3 and d >= day]
            if successors:
                elected, term_end = min(successors)
                vacant.append((iso3, day, elected - timedelta(days=1)))
                not_sitting.append((iso3, day, term_end))
            else:
                year = council_year(day)
                last = date(year, 12, 31) if day >= CALENDAR_YEARS_FROM else date(year + 1, 6, 18)
                vacant.append((iso3, day, last))
                not_sitting.append((iso3, day, last))
    return not_sitting, vacant


@lru_cache(maxsize=1)
def _default_spans() -> tuple[list, list]:
    return _spans(_events())


def not_sitting_on(day: date, events: pd.DataFrame | None = None, body: str = "HRC") -> set[str]:
    """Members who held a seat but could not sit on ``day``: suspended (from the suspension date to the
    day before reinstatement), or withdrawn (from the withdrawal to the end of the term it left: the
    by-elected successor's term end, else the end of that Council year)."""
    spans = _default_spans()[0] if events is None and body == "HRC" else _spans(events if events is not None else _events(), body)[0]
    return {iso3 for iso3, first, last in spans if first <= day <= last}


def seats_filled(day: date, events: pd.DataFrame | None = None) -> int:
    """Council members able to vote on ``day``: 47, less a suspended member and a seat left vacant
    by a withdrawal until a by-election fills it (Libya 1 Mar-17 Nov 2011; the United States' seat
    19 Jun-12 Jul 2018; Russia's 7 Apr-9 May 2022)."""
    spans = _default_spans()[1] if events is None else _spans(events)[1]
    return HRC_SIZE - sum(1 for _, first, last in spans if first <= day <= last)
