"""Published UN General Assembly ideal points (Bailey, Strezhnev & Voeten) as reference estimates.

Files (mirror folder ``voeten-idealpoints``), verbatim copies of Harvard Dataverse
doi:10.7910/DVN/LEJUQZ kept in two GitHub repositories (the registry pins each file's URL):

* ``Idealpointestimates1946-2025.tab`` (tab-separated): one row per state and calendar year,
  ``ccode, iso3c, Countryname, year, NVotesFP, IdealPointFP, Q5%FP, Q10%FP, Q50%FP, Q90%FP, Q95%FP``.
  11,610 rows, 1946-2025.
* ``IdealpointestimatesAll_Jun2024.csv``: one row per state and GA session, a row number, ``ccode,
  session, NVotesAll, IdealPointAll, QO%All`` (the 0% quantile, written with a letter O), ``Q5%All,
  Q10%All, Q50%All, Q90%All, Q95%All, Q100%All, iso3c, Countryname`` and the share of votes agreeing
  with the USA, Russia, Brazil, China, India and Israel (not loaded). 11,238 rows, sessions 1-78.

A record is a row of either file. It becomes one ``reference_ideal_points`` row: ``period`` is
``'year'`` (``year`` set) or ``'session'`` (``session`` set); ``value`` is the ideal point
(``IdealPointFP`` / ``IdealPointAll``), ``lower`` and ``upper`` the 5% and 95% quantiles, ``n_votes``
the number of votes it rests on, and ``iso3`` the file's ``iso3c`` (the build resolves it, helped by
``state_date``, a date inside the period: ``YUG`` runs to 2025 for Serbia, ``RUS`` from 1946 for the
USSR, ``TWN`` holds China's seat to 1971). A row
is quarantined when its ideal point, quantiles or vote count are not numbers, or when it has no
``iso3c`` and its Correlates of War ``ccode`` is coded nowhere else in either file; a missing
``iso3c`` with a known ``ccode`` is filled from the code used for that ``ccode`` (there are none in
the pinned files).

Corrections and caveats:

* The session file codes South Yemen (ccode 680, "Yemen People's Republic", sessions 22-44) as
  ``YAR``, North Yemen's code, so YAR has two estimates in those sessions. The year file codes it
  ``YMD``. Each ``ccode`` therefore takes the ``iso3c`` the year file gives it (23 rows corrected).
* West Germany (ccode 260, to 1989 / session 45) and Germany (255) share ``DEU``; their spans do not
  overlap.
* The 1946-2025 file ends with two odd years: 2024 rests on at most 8 votes per state and 2025 on
  up to 158, which looks like an artefact of assigning sessions to calendar years. The USA jumps
  from 2.10 (2024) to 3.36 (2025). Use 2024-2025 with care.
* There is no codebook in the mirror; the column meanings follow the file headers and the paper.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import ParseError
from ._base import Parsed, Source, quarantine_frame, read_csv_checked, require_complete, states_in_period
from ._fetch import load_registry

BASE = "https://raw.githubusercontent.com/s-geffroy/cvs/785841648a18b7d2bd20eccb8b36daba83fc3e2b/data_sources/un_voting/"

SOURCE = Source(
    name="voeten-idealpoints",
    title="UN General Assembly ideal point estimates (Bailey, Strezhnev & Voeten)",
    home="https://doi.org/10.7910/DVN/LEJUQZ",
    base_url=BASE,
    licence="CC0 1.0 (Harvard Dataverse doi:10.7910/DVN/LEJUQZ)",
    citation="Bailey, Michael A., Anton Strezhnev and Erik Voeten (2017). Estimating Dynamic State Preferences "
    "from United Nations Voting Data. Journal of Conflict Resolution 61(2): 430-456. Data: Voeten, Strezhnev "
    "and Bailey, United Nations General Assembly Voting Data, Harvard Dataverse, doi:10.7910/DVN/LEJUQZ.",
    coverage="Ideal points per calendar year 1946-2025 (198 states) and per GA session 1-78 (to 2024, 197 states)",
    files=load_registry("voeten-idealpoints", BASE),
)

YEAR_FILE = "Idealpointestimates1946-2025.tab"
SESSION_FILE = "IdealpointestimatesAll_Jun2024.csv"

# period -> (file, period column, value, lower, upper, n_votes)
LAYOUT = {
    "year": (YEAR_FILE, "year", "IdealPointFP", "Q5%FP", "Q95%FP", "NVotesFP"),
    "session": (SESSION_FILE, "session", "IdealPointAll", "Q5%All", "Q95%All", "NVotesAll"),
}


def _read(path: Path, file: str, needed: list[str]) -> pd.DataFrame:
    sep = "\t" if file.endswith(".tab") else ","
    # Decoded, tokenised and its last row whole (hand-made test files are tiny: no row floor).
    frame = read_csv_checked(path, source=SOURCE.name, min_rows=1, what="estimates", sep=sep,
                             encoding=None)
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ParseError(
            f"{SOURCE.name}/{file}: line 1: expected the columns {needed}, missing {missing} "
            f"(found {list(frame.columns)}). Restore the Dataverse file or update sources/voeten.py.",
            source=SOURCE.name, file=str(path), line=1,
        )
    # Sorted by state, so a copy cut at a line end still spans every year but lacks the last
    # states: count the states of the file's final period (2025; session 78, 2023-24), 190 and 192
    # in the pinned files, of 193 members.
    column, final = ("year", 2025) if file == YEAR_FILE else ("session", 78)
    if file in (YEAR_FILE, SESSION_FILE):
        require_complete(states_in_period(frame, column, "ccode", final), 180, source=SOURCE.name,
                         path=path, what=f"states with an estimate for {column} {final}",
                         basis="the UN has 193 members")
    return frame


def _codes(frame: pd.DataFrame) -> dict[str, str]:
    """ccode -> iso3c as a file uses it (rows with an iso3c only)."""
    coded = frame[~frame["iso3c"].isin(["", "NA"])]
    return dict(zip(coded["ccode"], coded["iso3c"]))


def _estimates(frame: pd.DataFrame, period: str, codes: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    file, period_col, value, lower, upper, n_votes = LAYOUT[period]
    numbers = {c: pd.to_numeric(frame[c], errors="coerce") for c in (period_col, value, lower, upper, n_votes)}
    iso3 = frame["ccode"].map(codes).fillna(frame["iso3c"]).where(lambda s: ~s.isin(["", "NA"]))
    reasons = pd.Series("", index=frame.index, dtype=object)
    for col, number in numbers.items():
        reasons = reasons.mask(number.isna() & (reasons == ""), f"{col} is not a number")
    reasons = reasons.mask(iso3.isna() & (reasons == ""), "no iso3c, and its ccode has no iso3c elsewhere")
    key = pd.DataFrame({"iso3": iso3, "t": numbers[period_col]})
    reasons = reasons.mask(key.duplicated() & key.notna().all(axis=1) & (reasons == ""),
                           f"second estimate for the same iso3c and {period_col}")
    bad = reasons != ""
    quarantine = quarantine_frame([
        {"file": file, "row": str(i + 2), "reason": reason,
         "raw": f"{r.ccode} | {r.iso3c} | {r.Countryname} | {getattr(r, period_col)}"}
        for i, reason, r in zip(frame.index[bad], reasons[bad], frame[bad].itertuples())
    ])
    ok = ~bad
    out = pd.DataFrame({
        "iso3": iso3[ok],
        "period": period,
        "year": numbers[period_col][ok] if period == "year" else None,
        "session": numbers[period_col][ok] if period == "session" else None,
        "value": numbers[value][ok],
        "lower": numbers[lower][ok],
        "upper": numbers[upper][ok],
        "n_votes": numbers[n_votes][ok].astype("Int64"),
        "source": SOURCE.name,
    })
    out["year"] = out["year"].astype("Int64")
    out["session"] = out["session"].astype("Int64")
    out["state_date"] = _state_dates(out, period)
    return out.reset_index(drop=True), quarantine


def _state_dates(out: pd.DataFrame, period: str) -> pd.Series:
    """A date inside each estimate's period, for codes whose state changed (YUG is Serbia from 2006).

    Mid-year for calendar years; for GA sessions, 1 October of the opening year (session 1 opened
    in January 1946, each later one in September of year 1945 + session).
    """
    if period == "year":
        year = out["year"]
    else:
        year = (out["session"] + 1945).clip(lower=1946)
    month_day = "-07-01" if period == "year" else "-10-01"
    dates = pd.to_datetime(year.astype(str) + month_day)
    # The People's Republic took China's seat on 25 Oct 1971 (GA res 2758 (XXVI)); the estimates the
    # file codes CHN for 1971 / session 26 are the PRC's, so date them after the change of seat.
    prc_1971 = (out["iso3"].astype(str) == "CHN") & (year == 1971)
    dates[prc_1971] = pd.Timestamp("1971-12-31")
    return dates.dt.date


def parse(paths: dict[str, Path]) -> Parsed:
    years = _read(paths[YEAR_FILE], YEAR_FILE, ["ccode", "iso3c", "Countryname", *LAYOUT["year"][1:]])
    sessions = _read(paths[SESSION_FILE], SESSION_FILE, ["ccode", "iso3c", "Countryname", *LAYOUT["session"][1:]])
    # One ccode -> iso3c map for both files; the year file's codes win (it codes South Yemen YMD
    # where the session file says YAR).
    codes = {**_codes(sessions), **_codes(years)}
    by_year, q_year = _estimates(years, "year", codes)
    by_session, q_session = _estimates(sessions, "session", codes)
    return Parsed(
        tables={"reference_ideal_points": pd.concat([by_year, by_session], ignore_index=True)},
        read={YEAR_FILE: len(years), SESSION_FILE: len(sessions)},
        quarantine=pd.concat([q_year, q_session], ignore_index=True),
    )
