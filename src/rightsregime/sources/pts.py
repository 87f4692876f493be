"""The Political Terror Scale 1976-2023 (Gibney et al.), as mirrored in Mohsnmonji/Political-Terror_Dashboard.

``PTS-2024.csv`` (latin-1): one row per country-year (10,220 rows, 213 countries and territories):
``Country, Country_OLD, Year, COW_Code_A, COW_Code_N, WordBank_Code_A, UN_Code_N, Region, PTS_A,
PTS_H, PTS_S, NA_Status_A, NA_Status_H, NA_Status_S``. ``PTS_A``, ``PTS_H`` and ``PTS_S`` score the
reports of Amnesty International, Human Rights Watch and the US State Department from 1 (secure rule
of law) to 5 (terror extends to the whole population); ``NA_Status_*`` says why a score is missing
(66 not yet independent, 77 no report, 88 not covered, 99 not a state). ``PTS-Codebook-V220.pdf``
is the codebook (not parsed).

What a record is: a score cell (three per row). It becomes one ``practice_scores`` row, ``measure``
``pts_a`` / ``pts_h`` / ``pts_s``, ``value`` the score, or NULL with the missing-status reason in
``note``. The state is identified by its COW number through the crosswalk
(:func:`rightsregime.regime.crosswalk.cow_to_iso3`), else by its M49 code, else by its name; the
``WordBank_Code_A`` column is not used (it gives World Bank codes that are not ISO3: ADO Andorra,
ZAR for the Democratic Republic of the Congo after 1997, ROM Romania, TMP Timor-Leste, KSV Kosovo,
WBG Palestine). Rows for entities that are not states (Crimea, Gaza, Israel in pre-1967 borders /
in Occupied Territories, the European Union, Somaliland, Russia-Occupied Areas) go to quarantine
at resolution, as do second rows for one state-year (Russia's COW 365 before 1992 and the
'Soviet Union' row both mean the USSR; the scored row is kept). No date goes to the resolver (see
``fariss.py``): the crosswalk's dated rows already give the code of the year.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import ParseError
from ..regime.crosswalk import cow_to_iso3
from ._base import Parsed, Source, quarantine_frame, read_csv_checked, require_complete, states_in_period
from ._fetch import load_registry

NAME = "political-terror-scale"
FILE = "PTS-2024.csv"
LAST_YEAR = 2023  # the 2024 edition rates the year 2023
BASE = "https://raw.githubusercontent.com/Mohsnmonji/Political-Terror_Dashboard/9546967ed2dc279f3f16fc59380745935c45f884/"
SOURCE = Source(
    name=NAME,
    title="Political Terror Scale 1976-2023",
    home="https://www.politicalterrorscale.org",
    base_url=BASE,
    licence="no licence file; the PTS project (UNC Asheville) asks users to cite it",
    citation=("Gibney, M., Cornett, L., Wood, R., Haschke, P., Arnon, D., Pisanò, A., Barrett, G., and Park, B. "
              "(2024). The Political Terror Scale 1976-2023. Mirror: Mohsnmonji/Political-Terror_Dashboard @ 9546967."),
    coverage="1976-2023, 213 countries and territories, scores from Amnesty, HRW and State Department reports",
    files=load_registry(NAME, BASE),
)
MEASURES = {"PTS_A": ("pts_a", "NA_Status_A"), "PTS_H": ("pts_h", "NA_Status_H"), "PTS_S": ("pts_s", "NA_Status_S")}
NA_STATUS = {"66": "not yet independent", "77": "no report", "88": "not covered", "99": "not a state"}
COLUMNS = ["Country", "Year", "COW_Code_N", "UN_Code_N", *MEASURES, *(s for _, s in MEASURES.values())]


def parse(paths: dict[str, Path]) -> Parsed:
    raw = read_csv_checked(paths[FILE], source=NAME, what="country-years", encoding="latin-1")
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise ParseError(f"{NAME}/{FILE}: line 1: missing columns {missing}. Restore the pinned file or update "
                         "sources/pts.py.", source=NAME, file=str(paths[FILE]), line=1)
    # Sorted by country name: a copy cut short keeps every year but loses the last countries.
    require_complete(states_in_period(raw, "Year", "Country", LAST_YEAR), 180, source=NAME, path=paths[FILE],
                     what=f"countries rated for {LAST_YEAR}", basis="the UN has 193 members")
    year = pd.to_numeric(raw["Year"], errors="coerce")
    dates = pd.to_datetime(year.astype("Int64").astype(str) + "-07-01", errors="coerce")
    by_cow = cow_to_iso3(pd.to_numeric(raw["COW_Code_N"], errors="coerce"), dates)
    m49 = raw["UN_Code_N"].where(raw["UN_Code_N"].str.fullmatch(r"\d+"), None)
    ident = by_cow.astype(object).where(by_cow.notna(), m49.where(m49.notna(), raw["Country"]))
    frames, quarantine = [], []
    bad_year = year.isna()
    for i in raw.index[bad_year]:
        for col in MEASURES:
            quarantine.append({"file": FILE, "row": str(i + 2), "reason": f"Year {raw.at[i, 'Year']!r} is not a number",
                               "raw": f"{raw.at[i, 'Country']} | {col}"})
    ok = ~bad_year
    for col, (measure, status_col) in MEASURES.items():
        value = pd.to_numeric(raw[col], errors="coerce")
        status = raw[status_col].map(NA_STATUS)
        note = ("no score: " + status.fillna("status " + raw[status_col])).where(value.isna(), None)
        frames.append(pd.DataFrame({
            "iso3": ident[ok], "year": year[ok].astype("Int64"), "measure": measure, "value": value[ok],
            "note": note[ok], "source": NAME
        }))
    # Where two rows mean one state-year (the 'Soviet Union' row and Russia's COW 365 before 1992;
    # the German Federal Republic and Germany before 1991), the scored one comes first and is kept.
    table = pd.concat(frames, ignore_index=True)
    table = table.iloc[table["value"].isna().argsort(kind="stable")].reset_index(drop=True)
    return Parsed(tables={"practice_scores": table}, read={FILE: len(raw) * len(MEASURES)},
                  quarantine=quarantine_frame(quarantine))
