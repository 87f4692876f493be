"""Country mandates from the record: series of CHR/HRC country texts per state, with cited events."""
from __future__ import annotations

import csv
from importlib import resources as importlib_resources

from ._base import Resource

EVENTS_FILE = "country_mandates.csv"
EVENT_KINDS = ("created", "re-created", "ended")


def load_events():
    """The cited events of ``regime/data/country_mandates.csv`` as a DataFrame."""
    import pandas as pd

    path = importlib_resources.files("rightsregime.regime").joinpath("data", EVENTS_FILE)
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    frame = pd.DataFrame(rows, columns=["iso3", "event", "year", "symbol", "mandate", "confidence", "citation"])
    frame["year"] = frame["year"].astype(int)
    bad = sorted(set(frame["event"]) - set(EVENT_KINDS))
    if bad:  # a shipped file, so a bug rather than a user error
        raise ValueError(f"{EVENTS_FILE}: unknown event kinds {bad}; expected {EVENT_KINDS}")
    return frame


def mandates(reg, *, state: str | None = None) -> Resource:
    """Country mandate series (state, family, first and last text, renewals, status) and every text
    with its vote; ``state`` narrows to one state. Lists the country texts that could not be placed."""
    from ..analysis import mandates as m
    from ..procedure.classify import classify_decision, load_overrides
    from ..procedure.replay import state_gazetteer

    decisions = reg.sql("""SELECT decision_id, body_id, symbol, kind, title, date, year, agenda_item, subjects,
                                  modality, outcome, yes, no, abstain
                           FROM decisions WHERE body_id IN ('CHR', 'HRC')""")
    gazetteer = state_gazetteer(reg.state_name_pairs())
    overrides = load_overrides()

    def scope_of(row):
        scope = classify_decision(row, gazetteer, overrides)
        return scope.country_specific, scope.states

    placed, unplaced = m.country_texts(decisions, scope_of)
    last_year = int(decisions["year"].max())
    texts = m.mandate_series(placed)
    series = m.series_table(texts, last_year=last_year)
    events = m.attach_events(series, load_events())
    states = reg.states()
    names = dict(zip(states["iso3"], states["name"]))
    iso3 = None
    if state:
        iso3 = reg.lookup_state(state)
        series = series[series["iso3"] == iso3]
        texts = texts[texts["iso3"] == iso3]
        events = events[events["iso3"] == iso3]
    series.insert(1, "name", series["iso3"].map(names))
    # Created / ended as the record shows them, overridden by a cited event where there is one.
    series["created"] = series["first_year"]
    series["created_by"] = series["first_symbol"] + " (first text in the record)"
    series["ended"] = series["status"].where(series["status"] != "continuing", "")
    texts = texts.assign(date=texts["date"].map(lambda d: d.date() if hasattr(d, "date") else d))
    cited = dict(zip(events["symbol"], events["event"]))
    texts["role"] = [f"{cited[s]} (cited)" if s in cited else r for s, r in zip(texts["symbol"], texts["role"])]
    series["milestones"] = ""
    for ev in events.dropna(subset=["series_id"]).itertuples(index=False):
        at = series["series_id"] == ev.series_id
        first = series.loc[at, "first_year"]
        if ev.event in ("created", "re-created") and len(first) and abs(int(first.iloc[0]) - ev.year) <= 1:
            series.loc[at, "created"] = ev.year
            series.loc[at, "created_by"] = f"{ev.symbol} ({ev.event}, cited)"
        elif ev.event in ("created", "re-created"):
            # A new mandate inside a continuing series (Sri Lanka's OHCHR evidence project, 2021):
            # the series keeps its start; the event is a milestone.
            series.loc[at, "milestones"] = series.loc[at, "milestones"] + f"{ev.year} {ev.symbol}: {ev.mandate} ({ev.event}, cited); "
        else:
            series.loc[at, "ended"] = f"{ev.year} ({ev.symbol}, cited)"
    series["milestones"] = series["milestones"].str.rstrip("; ")
    notes = [f"Derived from the titles of adopted CHR and HRC texts (hrc-voting; record to {last_year}): a series "
             "is a state's run of texts of one kind no more than two years apart (2006 not counted); it has lapsed "
             "when it stops before the last year of the record. Created/ended dates marked 'cited' come from "
             "regime/data/country_mandates.csv.",
             f"{len(unplaced)} country-kind texts could not be placed on one state (see 'unplaced')."]
    if state and series.empty:
        notes.append(f"No CHR/HRC country texts on {iso3} in the record.")
    unmatched = events[events["series_id"].isna()]
    if len(unmatched):
        notes.append(f"{len(unmatched)} cited events fit no series in the record: "
                     + "; ".join(f"{e.iso3} {e.event} {e.year}" for e in unmatched.itertuples()) + ".")
    return Resource(
        kind="mandates", params={"state": iso3},
        data={"series": series, "texts": texts[["series_id", "role", "iso3", "family", "body_id", "symbol", "date",
                                                "title", "modality", "yes", "no", "abstain"]],
              "events": events, "unplaced": unplaced if not state else unplaced.iloc[0:0]},
        main="series", notes=notes, sources=["hrc-voting"])
