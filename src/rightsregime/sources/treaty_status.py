"""Ratification status of the 18 human rights instruments (world-politics-datalab), about mid-2022.

One CSV per instrument (``hr_status_<instrument>.csv``), one row per UN member state (193):
``iso2, member, state party (0/1), year ratification or accession, signatory (0/1), no action
(0/1), status, note``. Taken from the UN Treaty Collection; year only, no exact dates; the Holy
See and Palestine are not covered.

What a record is: a CSV row (-> one ``ratifications`` row: ``instrument_id``, ``iso3`` holding the
raw ISO2 code for the resolver, ``status`` party / signatory / none, ``year`` of ratification or
accession for parties, the source's ``note``). In 10 rows the 0/1 columns disagree with the
``status`` text (e.g. Kazakhstan ICCPR-OP1 ``0,2009,0,0,state party``); the text, which agrees
with the year, is kept and the row's note says so. Belgium's OP-CRC-IC row has no status text:
its year makes it a party. The ``instruments`` table comes from the curated
``regime/data/instruments.csv`` (counted under that file), and this source's errata rows become
``errata`` rows.

Read ``iso2`` with ``keep_default_na=False``: Namibia's code is ``NA``.

Known faults, corrected by errata (SOURCES.md section 3; ``regime/data/errata.csv``):
E009/E010 Solomon Islands and Tuvalu are not parties to the ICCPR (coded as parties since 1976,
"signature tied to the UK's"); E011 the same Tuvalu error in the ICESCR; E012 Kiribati acceded to
the ICCPR in 2019 (coded "no action"). ICCPR parties among UN members: 174 in the file, 173 after
correction. CAT: 171 UN-member parties before and after (no erratum touches it). Found while
parsing: E013/E014 Jamaica (1998) and Trinidad and Tobago (2000) denounced the ICCPR-OP1, which
the file notes but still codes as parties; E015 Brunei Darussalam is coded a party to the ICERD
(1969) although its own 'no action' column is 1 and its note ties it to the UK's ratification,
the same error as E009-E011. The OP-CRC-IC file gives South Sudan the code 'S' (E016) and lists
Montserrat instead of Gabon (E017 removes Montserrat, E018 adds Gabon).

What the year means: the codebook calls it "the year the member state ratified", and for most rows
it is (ICCPR: Argentina 1986, Belgium 1983, the United Kingdom 1976, the United States 1992, all
years of ratification, not of signature). In some rows it is the year of *signature*: South Africa
ICCPR 1994 (signed 3 Oct 1994, ratified 10 Dec 1998), and in the ICERD file every state that signed
in 1966 and ratified later (Brazil, Jamaica, Mexico, the United Kingdom, the United States) carries
1966. E056-E062 correct the rows found so far and record the signature year in ``signed``; the
build's world-rule checks (``warehouse/world_rules.py``) flag what else breaks a rule, such as a
protocol ratified before its parent treaty (Argentina OP-CRPD 2007, corrected by E062).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import ParseError
from ..regime.instruments import INSTRUMENTS_FILE, load_instruments
from . import _errata
from ._base import Parsed, Source, quarantine_frame, read_csv_checked
from ._fetch import load_registry

NAME = "hr-treaty-ratification"
BASE = ("https://raw.githubusercontent.com/world-politics-datalab/"
        "humanrights-treaties-ratification-status/fdb779e6a4a121c3024b4a72e72833a448a2b62d/")
SOURCE = Source(
    name=NAME,
    title="Core United Nations Human Rights Instruments: Their Ratification Status",
    home="https://github.com/world-politics-datalab/humanrights-treaties-ratification-status",
    base_url=BASE,
    licence="no licence file (all rights reserved by the authors); facts from the UN Treaty Collection",
    citation=("World Politics Datalab, humanrights-treaties-ratification-status (commit fdb779e, "
              "2022-08-25), from the UN Treaty Collection, https://treaties.un.org."),
    coverage="193 UN member states x 18 instruments, status about mid-2022, year of ratification",
    files=load_registry(NAME, BASE),
)

STATUS = {"state party": "party", "signatory state": "signatory", "no action": "none"}
COLUMNS = ["iso2", "member", "state party", "year ratification or accession", "signatory",
           "no action", "status"]


def _disagrees(df: pd.DataFrame) -> pd.Series:
    """Rows whose ``status`` text disagrees with the 0/1 columns or the year."""
    party = df["state party"] == "1"
    sign = df["signatory"] == "1"
    none = df["no action"] == "1"
    year = df["year ratification or accession"].str.strip() != ""
    st = df["status"]
    agree = (
        ((st == "state party") & party & ~sign & ~none & year)
        | ((st == "signatory state") & ~party & sign & ~none & ~year)
        | ((st == "no action") & ~party & ~sign & none & ~year)
    )
    return ~agree


def _status(df: pd.DataFrame) -> pd.Series:
    """The ``status`` text where given (it agrees with the year in every row of the 2022 files);
    a row without one is a party if it gives a year, else 'none'."""
    year = df["year ratification or accession"].str.strip() != ""
    fallback = year.map({True: "party", False: "none"})
    return df["status"].map(STATUS).fillna(fallback)


def parse(paths: dict[str, Path]) -> Parsed:
    instruments = load_instruments()
    frames, quarantine, read = [], [], {}
    for _, inst in instruments.iterrows():
        name = inst["file"]
        if name not in paths:
            raise ParseError(f"{NAME}: no file {name} for {inst['instrument_id']} in the registry.",
                             source=NAME, file=name)
        # One row per UN member (193): a file with far fewer was cut short.
        raw = read_csv_checked(paths[name], source=NAME, min_rows=190, what="states")
        missing = set(COLUMNS) - set(raw.columns)
        if missing:
            raise ParseError(f"{NAME}/{name}: missing columns {sorted(missing)}; found {list(raw.columns)}.",
                             source=NAME, file=str(paths[name]))
        read[name] = len(raw)
        note = (raw["note"] if "note" in raw.columns else pd.Series("", index=raw.index)).str.strip()
        odd = _disagrees(raw)
        flag = "the source's 0/1 columns disagree with its status; status kept"
        note = note.where(~odd, (note + "; " + flag).str.lstrip("; "))
        frames.append(pd.DataFrame({
            "instrument_id": inst["instrument_id"],
            "iso3": raw["iso2"].str.strip(),
            "status": _status(raw),
            "year": raw["year ratification or accession"].str.strip().replace("", None),
            "note": note.replace("", None),
            "source": NAME,
            "_file": name,
        }))
    rat = pd.concat(frames, ignore_index=True)
    rat["year"] = rat["year"].astype(object)
    rat["signed"] = None  # only the errata know a signature year (E056-E062)
    rat, removed = _errata.apply(rat, NAME, "ratifications", "instrument_id", "iso3")
    for _, r in removed.iterrows():
        quarantine.append({"file": r["_file"], "row": "", "reason": r["reason"],
                           "raw": f"{r['instrument_id']} {r['iso3']}"})
    fixed = _errata.errata_for(NAME)
    for errata_id, rows in fixed.groupby("errata_id"):
        hit = (rat["instrument_id"] == rows.iloc[0]["key"]) & (rat["iso3"] == rows.iloc[0]["state"])
        previous = rat.loc[hit, "note"].fillna("")
        rat.loc[hit, "note"] = (f"corrected by errata {errata_id}; source note: " + previous).str.removesuffix(
            "; source note: ")
    rat["year"] = pd.to_numeric(rat["year"]).astype("Int64")
    rat["signed"] = pd.to_numeric(rat["signed"]).astype("Int64")
    rat["source"] = NAME
    rat = rat.drop(columns="_file")

    table = instruments.drop(columns=["file", "citation"]).assign(source=INSTRUMENTS_FILE)
    errata = _errata.errata_table(NAME)
    read[INSTRUMENTS_FILE] = len(table)
    read[_errata.ERRATA_FILE] = len(errata) + _errata.added(NAME, "ratifications")
    return Parsed(
        tables={"ratifications": rat, "instruments": table, "errata": errata},
        read=read,
        quarantine=quarantine_frame(quarantine),
    )
