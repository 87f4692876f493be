"""Country mandates read off the record: which states the CHR and the HRC kept under a country text.

The warehouse has no list of special procedures, but the texts that create and renew them are in
``decisions``: "Situation of human rights in Myanmar", "Technical assistance ... for Somalia",
"Promoting reconciliation, accountability and human rights in Sri Lanka". So:

1. **Country texts** (:func:`country_texts`): adopted CHR/HRC resolutions and decisions whose
   title is of a country kind (:data:`FAMILIES`: situation, assistance, accountability, mandate)
   and which the classifier of ``procedure/classify.py`` finds country-specific, naming exactly one
   state (in the title, else in the subjects). UPR outcomes are not country texts (every state is
   reviewed in turn). A country-specific text naming no state, or several, goes to the
   **unplaced** list with the reason.
2. **Series** (:func:`mandate_series`): a state's texts of one family, in date order, form one
   series while they follow each other at most ``max_gap`` years apart (default 2: most country
   mandates are renewed every year, some every two years, Cambodia's and Sri Lanka's; 2006 does not count: the
   Commission's last session adopted no texts and the Council began in June 2006). The first text
   is the series' start, the others its renewals; a series that stops before the last year of the
   record has **lapsed**. The vote on each text (recorded or without a vote) is kept.
3. **Cited events** (``regime/data/country_mandates.csv``): what the titles cannot say (that
   HRC res 5/1 ended the Belarus and Cuba mandates in 2007; that HRC res 20/13 re-created a
   Special Rapporteur on Belarus in 2012 after a 2011 text that only asked for a report) is a
   small cited table, each row with its citation and confidence, joined to the series it falls in.

Everything here is a pure function of DataFrames; ``resources/mandates.py`` reads the warehouse.
"""
from __future__ import annotations

import re

import pandas as pd

# Title patterns of the texts that carry a country mandate, by family (first match wins).
FAMILIES: tuple[tuple[str, re.Pattern], ...] = (
    # Texts on an occupation ("Human rights in the occupied Syrian Golan") concern the occupier's
    # conduct, not the situation inside the state named: a series of their own.
    ("occupation", re.compile(r"\boccupied\b|\boccupation\b", re.I)),
    ("mandate", re.compile(r"\b(mandate of|discontinuation of the mandate)\b.*\b(special rapporteur|independent "
                           r"expert|rapporteur)\b", re.I)),
    ("accountability", re.compile(r"\b(reconciliation|accountability)\b", re.I)),
    ("assistance", re.compile(r"\b(technical (assistance|cooperation)|advisory services|assistance to|capacity[- ]"
                              r"building)\b", re.I)),
    ("situation", re.compile(r"\b(situation of human rights|human rights situation|situation of the human rights|"
                             r"human rights and humanitarian situation|"
                             r"question of (the )?(violation of )?human rights|violations? of human rights in|"
                             r"human rights in)\b", re.I)),
)
UPR_OUTCOME = re.compile(r"^\s*outcome of the universal periodic", re.I)
BODIES = ("CHR", "HRC")
NO_TEXT_YEARS = frozenset({2006})  # CHR 62nd session adopted no texts; HRC from June 2006


def family_of(title: str | None) -> str | None:
    """The country-text family a title belongs to, or None.

    >>> family_of("Situation of human rights in Belarus")
    'situation'
    >>> family_of("Promoting reconciliation, accountability and human rights in Sri Lanka")
    'accountability'
    >>> family_of("Outcome of the universal periodic review : Belarus") is None
    True
    >>> family_of("Human rights in the occupied Syrian Golan")
    'occupation'
    >>> family_of("The grave and deteriorating human rights and humanitarian situation in the Syrian Arab Republic")
    'situation'

    """
    if not title or UPR_OUTCOME.match(title):
        return None
    for family, pattern in FAMILIES:
        if pattern.search(title):
            return family
    return None


def country_texts(decisions: pd.DataFrame, scope_of) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(placed, unplaced) country texts among ``decisions`` (CHR/HRC, adopted resolutions/decisions).

    ``scope_of(row) -> (country_specific, states)`` is the classifier of ``procedure/classify.py``
    (title, then agenda item, then subjects). A text of a country kind (:func:`family_of`) that the
    classifier finds country-specific and naming one state is **placed** on that state; one it
    finds country-specific but naming no state, or several, is **unplaced**, with the reason.
    Thematic texts ("Mandate of the Special Rapporteur on the right to food") are neither.
    """
    d = decisions[decisions["body_id"].isin(BODIES) & decisions["kind"].isin(["resolution", "decision"])
                  & decisions["outcome"].eq("adopted")].copy()
    d["family"] = d["title"].map(family_of)
    d = d[d["family"].notna()]
    scopes = [scope_of(row) for row in d.to_dict("records")]
    d["country"] = [c for c, _ in scopes]
    named = pd.Series([tuple(states) for _, states in scopes], index=d.index, dtype=object)
    d = d[d["country"]]
    named = named[d.index]
    d["n_states"] = named.map(len)
    d["iso3"] = named.map(lambda t: t[0] if len(t) == 1 else None)
    d["states_named"] = named.map("; ".join)
    placed = d[d["n_states"] == 1]
    unplaced = d[d["n_states"] != 1].copy()
    unplaced["reason"] = [
        "country-specific (agenda item) but names no state" if n == 0 else f"names {n} states ({names})"
        for n, names in zip(unplaced["n_states"], unplaced["states_named"])]
    cols = ["decision_id", "body_id", "symbol", "date", "year", "title", "family", "modality", "yes", "no",
            "abstain"]
    return (placed[["iso3", *cols]].sort_values(["iso3", "family", "date"], ignore_index=True),
            unplaced[[*cols, "states_named", "reason"]].sort_values("date", ignore_index=True))


def _years_apart(a: int, b: int) -> int:
    """Years from a to b, not counting the years in which no texts could be adopted."""
    return (b - a) - sum(1 for y in NO_TEXT_YEARS if a < y < b)


MAX_GAP = 2  # years between texts within one series: country mandates run one year, some two (Cambodia, Sri Lanka)


def mandate_series(texts: pd.DataFrame, *, max_gap: int = MAX_GAP) -> pd.DataFrame:
    """Assign each placed text to a series; returns ``texts`` with ``series_id`` and ``role``
    (``first in record`` or ``renewal``), and the series themselves via :func:`series_table`."""
    if texts.empty:
        return texts.assign(series_id=pd.Series(dtype=object), role=pd.Series(dtype=object))
    out = []
    for (iso3, family), part in texts.sort_values("date").groupby(["iso3", "family"], sort=True):
        start, prev = None, None
        for idx, row in part.iterrows():
            year = int(row["year"])
            if prev is None or _years_apart(prev, year) > max_gap:
                start = year
                role = "first in record"
            else:
                role = "renewal"
            out.append((idx, f"{iso3}-{family}-{start}", role))
            prev = year
    ids = pd.DataFrame(out, columns=["_idx", "series_id", "role"]).set_index("_idx")
    return texts.join(ids)


def series_table(texts: pd.DataFrame, *, last_year: int, max_gap: int = MAX_GAP) -> pd.DataFrame:
    """One row per series: state, family, bodies, first and last text, renewals, votes, status."""
    cols = ["series_id", "iso3", "family", "bodies", "first_year", "first_symbol", "last_year", "last_symbol",
            "n_texts", "renewals", "recorded_votes", "status"]
    if texts.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for sid, part in texts.sort_values("date").groupby("series_id", sort=False):
        first, last = part.iloc[0], part.iloc[-1]
        lapsed = _years_apart(int(last["year"]), last_year) > max_gap
        rows.append({
            "series_id": sid, "iso3": first["iso3"], "family": first["family"],
            "bodies": "; ".join(dict.fromkeys(part["body_id"])),
            "first_year": int(first["year"]), "first_symbol": first["symbol"],
            "last_year": int(last["year"]), "last_symbol": last["symbol"],
            "n_texts": int(len(part)), "renewals": int(len(part) - 1),
            "recorded_votes": int(part["modality"].eq("recorded").sum()),
            "status": f"lapsed after {int(last['year'])}" if lapsed else "continuing",
        })
    return pd.DataFrame(rows, columns=cols).sort_values(["iso3", "first_year"], ignore_index=True)


def attach_events(series: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Join cited events (``iso3, event, year, symbol, mandate, citation, confidence``) to series.

    A ``created``/``re-created`` event belongs to the series of the state running from at most one
    year before it to its end; an ``ended`` event to the series that last ran before it (at most
    two years, the time a mandate runs on after its last renewal). Events that fit no series are
    returned with ``series_id`` NA, never dropped.
    """
    out = []
    for ev in events.itertuples(index=False):
        candidates = series[series["iso3"] == ev.iso3]
        if ev.event == "ended":
            fit = candidates[(candidates["last_year"] <= ev.year) & (candidates["last_year"] >= ev.year - 2)]
            fit = fit.sort_values("last_year", ascending=False)
        else:
            fit = candidates[(candidates["first_year"] <= ev.year + 1) & (candidates["last_year"] >= ev.year)]
            fit = fit.sort_values("first_year", ascending=False)
        prefer = fit[fit["family"] == "situation"] if (fit["family"] == "situation").any() else fit
        out.append({**ev._asdict(), "series_id": prefer["series_id"].iloc[0] if len(prefer) else pd.NA})
    return pd.DataFrame(out, columns=[*events.columns, "series_id"])


__all__ = ["FAMILIES", "family_of", "country_texts", "mandate_series", "series_table", "attach_events"]
