"""Ratifications of the ILO fundamental conventions and protocol (ofosos/dc-scorecard, 2026).

One CSV, ``ilo-core-conventions.csv``: one row per ILO member State (187), ``country,
country_iso`` (ISO2; read with ``keep_default_na=False``: Namibia is ``NA``), then the year of
ratification of each of C087, C098, C029, P029, C105, C100, C111, C138, C182, C155, C187; an empty
cell means not ratified. A denunciation is written in the cell: ``1958 (denounced 1990)``
(Malaysia C105; Singapore C105 ``1965 (denounced 1979)``).

What a record is: a non-empty convention cell (-> one ``ilo_ratifications`` row: ``convention``,
``iso3`` holding the raw ISO2 for the resolver, ``year``, ``denounced`` year or NULL). A cell that
is neither a year nor a year with a denunciation is quarantined with its text. States that are not
UN members or observers (the Cook Islands) have no warehouse code and go to quarantine at
resolution. The ``ilo_conventions`` table (titles, families, adoption and entry into force) comes
from the curated ``regime/data/ilo_conventions.csv`` and is counted under that file.

Provenance (SOURCES.md section 12): the repository's README says the table was extracted from
NORMLEX with a language model, so it is of moderate confidence. Checked values are recorded as
``keep`` errata (E-ILO-01 .. E-ILO-06 in ``regime/data/errata.csv``): China C029 and C105 2022,
Republic of Korea C029/C087/C098 2021, United States C182 1999, C182 ratified by every member
(Tonga last, 2020), Japan C105 2022 and C187 2007, and the thirteen States outside C105 in 2021.
Not checked and doubtful: C155 years of 2026 (Japan's Diet approved C155 in May 2025; the deposit
date was not found). Year only; no exact dates, no in-force status (an ILO convention enters into
force for a State twelve months after its ratification is registered).
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..errors import ParseError
from ..regime import data_path
from . import _errata
from ._base import Parsed, Source, quarantine_frame, read_csv_checked, require_complete
from ._fetch import load_registry

NAME = "ilo-core-conventions"
FILE = "ilo-core-conventions.csv"
CONVENTIONS_FILE = "regime/data/ilo_conventions.csv"
BASE = "https://raw.githubusercontent.com/ofosos/dc-scorecard/4b421280812edee439ca2cf4ddb14d144bcc94e8/"
SOURCE = Source(
    name=NAME,
    title="Ratifications of the ILO fundamental conventions (from NORMLEX)",
    home="https://github.com/ofosos/dc-scorecard",
    base_url=BASE,
    licence="no licence file; the facts are the ILO's (NORMLEX ratification records)",
    citation=("ofosos, dc-scorecard, ilo-core-conventions.csv (commit 4b42128), extracted from ILO "
              "NORMLEX, https://normlex.ilo.org; moderate confidence, checked values in errata E-ILO-*."),
    coverage="187 ILO member States x 11 fundamental conventions and protocol, ratification years to 2026",
    files=load_registry(NAME, BASE),
)

CONVENTIONS = ("C087", "C098", "C029", "P029", "C105", "C100", "C111", "C138", "C182", "C155", "C187")
_CELL = re.compile(r"(\d{4})(?:\s*\(denounced (\d{4})\))?")


def load_conventions() -> pd.DataFrame:
    """The curated ``ilo_conventions`` table (with ``confidence`` and ``citation``)."""
    with data_path("ilo_conventions.csv").open(encoding="utf-8") as fh:
        df = pd.read_csv(fh, dtype=str, keep_default_na=False)
    df["adopted"] = pd.to_datetime(df["adopted"])
    df["in_force"] = pd.to_datetime(df["in_force"])
    df["fundamental_since"] = df["fundamental_since"].astype(int)
    return df


def parse(paths: dict[str, Path]) -> Parsed:
    raw = read_csv_checked(paths[FILE], source=NAME, min_rows=0, encoding="utf-8")
    missing = [c for c in ("country", "country_iso", *CONVENTIONS) if c not in raw.columns]
    if missing:
        raise ParseError(f"{NAME}/{FILE}: line 1: missing columns {missing} (found {list(raw.columns)}). "
                         "Restore the pinned file or update sources/ilo.py.", source=NAME, file=str(paths[FILE]),
                         line=1)
    # One row per ILO member State (187 in the pinned file); a copy cut short has fewer.
    require_complete(len(raw), 180, source=NAME, path=paths[FILE], what="member States",
                     basis="the ILO has 187 member States")
    ok, quarantine = _cells(raw)
    return _finish(ok, quarantine, n_read=int((raw[list(CONVENTIONS)].apply(lambda c: c.str.strip()) != "").sum().sum()))


def _cells(raw: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    """The non-empty convention cells in long form, and the quarantine rows of unreadable ones."""
    long = raw.melt(id_vars=["country", "country_iso"], value_vars=list(CONVENTIONS),
                    var_name="convention", value_name="cell", ignore_index=False)
    long["line"] = long.index + 2
    long["cell"] = long["cell"].str.strip()
    long = long.loc[long["cell"] != ""]
    parts = long["cell"].str.fullmatch(_CELL.pattern)
    bad = long.loc[~parts]
    quarantine = [{"file": FILE, "row": str(r.line), "reason": f"{r.convention} cell {r.cell!r} is not a year "
                   "or 'YYYY (denounced YYYY)'", "raw": f"{r.country} | {r.country_iso} | {r.cell}"}
                  for r in bad.itertuples()]
    return long.loc[parts], quarantine


def _finish(ok: pd.DataFrame, quarantine: list[dict], n_read: int) -> Parsed:
    years = ok["cell"].str.extract(_CELL.pattern)
    table = pd.DataFrame({
        "convention": ok["convention"].values,
        "iso3": ok["country_iso"].str.strip().values,
        "year": years[0].values,
        "denounced": years[1].values,
        "note": None,
        "source": NAME,
    })
    table, removed = _errata.apply(table, NAME, "ilo_ratifications", "convention", "iso3")
    for _, r in removed.iterrows():
        quarantine.append({"file": FILE, "row": "", "reason": r["reason"], "raw": f"{r['convention']} {r['iso3']}"})
    table["year"] = pd.to_numeric(table["year"]).astype("Int64")
    table["denounced"] = pd.to_numeric(table["denounced"]).astype("Int64")
    table.loc[table["denounced"].notna(), "note"] = "denounced " + table["denounced"].astype(str)
    conventions = load_conventions().drop(columns=["confidence", "citation"]).assign(source=CONVENTIONS_FILE)
    errata = _errata.errata_table(NAME)
    return Parsed(
        tables={"ilo_ratifications": table.reset_index(drop=True), "ilo_conventions": conventions,
                "errata": errata},
        read={FILE: n_read, CONVENTIONS_FILE: len(conventions),
              _errata.ERRATA_FILE: len(errata) + _errata.added(NAME, "ilo_ratifications")},
        quarantine=quarantine_frame(quarantine),
    )
