"""Latent human rights protection scores (Fariss), version 4.02, 1946-2021.

One CSV, ``LHRS-v4.02-2021.csv``: one row per country-year (11,665 rows, 201 Correlates of War
units), a leftover unnamed row index, ``YEAR``, ``COW`` (the Correlates of War number: 2 is the
United States, 710 China), the input indicators (CIRI, PTS, killings, torture, ...; not loaded)
and the posterior of the latent variable: ``theta_mean`` (higher means more respect for physical
integrity rights), ``theta_sd``, ``theta_q025``, ``theta_q975``.

What a record is: a CSV row (-> one ``practice_scores`` row, ``measure = 'fariss_theta'``, ``value``
the posterior mean, ``sd``, ``lower``/``upper`` the 2.5 % and 97.5 % quantiles). The COW number is
translated by :func:`rightsregime.regime.crosswalk.cow_to_iso3` (coco's codes, with the curated
historical states of ``regime/data/cow_codes.csv``) as it stood on 1 July of the year (365 is
the USSR before 24 Dec 1991, 345 Serbia from 2003). No date goes to the resolver: its rule that
'China' before 25 Oct 1971 means the Republic of China's UN seat must not turn COW 710, the People's
Republic from 1949, into Taiwan (COW 713). Fariss codes Czechoslovakia 316, not 315, before 1993
(a dated crosswalk row). A row is quarantined when its
COW number means no state the warehouse codes (817, the Republic of Vietnam, 1954-1975) or its
theta is not a number. Checked: China 2019/2020/2021 -1.40/-1.62/-1.71; United States 2021 -0.14
(SOURCES.md section 13).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import ParseError
from ..regime.crosswalk import cow_to_iso3, curated_cow
from ._base import Parsed, Source, quarantine_frame, read_csv_checked, require_complete, states_in_period
from ._fetch import load_registry

NAME = "fariss-lhrs"
FILE = "LHRS-v4.02-2021.csv"
BASE = ("https://raw.githubusercontent.com/CJFariss/Human-Rights-Latent-Variable/"
        "2f1892e748998fea0c5f1d39995e4e3d07085308/LHRS-V4/LHRS-V4.02-2021/")
SOURCE = Source(
    name=NAME,
    title="Latent Human Rights Protection Scores, version 4.02 (Fariss)",
    home="https://github.com/CJFariss/Human-Rights-Latent-Variable",
    base_url=BASE,
    licence="no licence file in the repository; published on Harvard Dataverse doi:10.7910/DVN/RQ85GK",
    citation=("Fariss, C. J. (2014). Respect for Human Rights has Improved Over Time. American Political "
              "Science Review 108(2): 297-318; Fariss, C. J. (2019). Yes, Human Rights Practices Are Improving "
              "Over Time. APSR 113(3): 868-881. Data v4.02, doi:10.7910/DVN/RQ85GK."),
    coverage="1946-2021, 201 COW units, posterior mean, sd and 95% interval of the latent score",
    files=load_registry(NAME, BASE),
)
COLUMNS = ["YEAR", "COW", "theta_mean", "theta_sd", "theta_q025", "theta_q975"]


def parse(paths: dict[str, Path]) -> Parsed:
    raw = read_csv_checked(paths[FILE], source=NAME, what="country-years")
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise ParseError(f"{NAME}/{FILE}: line 1: missing columns {missing}. Restore the pinned file or update "
                         "sources/fariss.py.", source=NAME, file=str(paths[FILE]), line=1)
    # Sorted by COW code: a copy cut short keeps every year but loses the last states. The pinned
    # file scores 194 states in 2021, its final year.
    require_complete(states_in_period(raw, "YEAR", "COW", 2021), 180, source=NAME, path=paths[FILE],
                     what="states scored for 2021", basis="the UN has 193 members")
    num = {c: pd.to_numeric(raw[c], errors="coerce") for c in COLUMNS}
    dates = pd.to_datetime(num["YEAR"].astype("Int64").astype(str) + "-07-01", errors="coerce")
    iso3 = cow_to_iso3(num["COW"], dates)
    names = dict(zip(curated_cow()["cow"], curated_cow()["name"]))
    reasons = pd.Series("", index=raw.index, dtype=object)
    for col in ("YEAR", "COW", "theta_mean"):
        reasons = reasons.mask(num[col].isna() & (reasons == ""), f"{col} is not a number")
    no_code = iso3.isna() & (reasons == "")
    reasons[no_code] = [f"COW code {c} ({names.get(int(c), 'unknown')}) in {int(y)} has no warehouse state code"
                        for c, y in zip(num["COW"][no_code], num["YEAR"][no_code])]
    bad = reasons != ""
    quarantine = quarantine_frame([
        {"file": FILE, "row": str(i + 2), "reason": reasons[i], "raw": f"COW {raw.at[i, 'COW']} | {raw.at[i, 'YEAR']}"}
        for i in raw.index[bad]])
    ok = ~bad
    table = pd.DataFrame({
        "iso3": iso3[ok].astype(object),
        "year": num["YEAR"][ok].astype("Int64"),
        "measure": "fariss_theta",
        "value": num["theta_mean"][ok],
        "sd": num["theta_sd"][ok],
        "lower": num["theta_q025"][ok],
        "upper": num["theta_q975"][ok],
        "note": "COW " + raw.loc[ok, "COW"],
        "source": NAME,
    }).reset_index(drop=True)
    return Parsed(tables={"practice_scores": table}, read={FILE: len(raw)}, quarantine=quarantine)
