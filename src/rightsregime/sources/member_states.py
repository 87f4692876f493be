"""UN Member States authority file of the Dag Hammarskjöld Library (record 4082085).

One CSV row per *name* a member state has borne, with the dates the name was in use (``Start
date``/``End date``), its M49 and ISO code, other names, the earlier/later name and the admitting
resolution. The parser turns it into two canonical tables:

* ``state_names``: one row per name in one validity spell: the ``Member State`` name (once per
  spell) and each of its ``Other Names`` (spanning the row's spells), ``kind`` ``official`` or
  ``other``. The French, Spanish, Arabic, Chinese and Russian columns are not loaded: no source
  names states in those languages.
* ``states``: one row per code, derived from its names: ``admitted`` is the start of UN membership
  *under this code* (the earliest spell), ``left`` the end of the last spell when no spell is open,
  ``un_member`` whether a spell is open today, ``status`` ``member`` or ``historical``. For a
  continuing state the UN's own admission date is that of its predecessor (RUS continues SUN from
  24 Oct 1945): follow ``successor`` back. ``successor`` lists the successor codes separated by
  ';', the continuing state first (YUG: ``SRB;BIH;HRV;MKD;SVN``). Observers and other entities
  that sources vote or speak as (Holy See, Palestine, the Republic of China's seat before 1971)
  come from the curated ``regime/data/states_extra.csv``.

What a record is (for the row accounting): one name of one CSV row in one spell, as above; the
``states`` rows are counted under ``states (derived)``, and the curated rows under their files
(each entity of ``states_extra.csv`` gives a ``states`` and a ``state_names`` row).
The row without name or code (``Unknown``) is quarantined.

Caveats of the file, and how they are read (SOURCES.md section 6):

* Multi-valued dates (Cameroon, Cambodia, DR Congo, Egypt, CAR, Syria, Yugoslavia): ``Start
  date`` and ``End date`` are comma-separated lists read pairwise as spells; the last start has no
  end when there are fewer ends (the name is in use today). Hence only 188 empty ``End date``
  cells although 193 members have an open spell.
* "United Republic of Cameroon" ends (1975-02-03) before it starts (1975-03-10): corrected by
  erratum E008.
* Codes are the file's ISO codes, with the recodings of ``RECODE`` (the warehouse keeps separate
  codes for states that merged or split, DESIGN.md "Canonical tables").
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import ParseError
from ..regime import data_path
from . import _errata
from ._base import Parsed, Source, quarantine_frame, read_csv_checked
from ._fetch import load_registry

NAME = "un-member-states"
FILE = "official_un_member_states_raw.csv"
BASE = ("https://raw.githubusercontent.com/sunstoneinstitute/sunstone-py/"
        "415cf207a15406b40968d7d73f2a2107a2dfe33c/tests/testdata/UNMembersProject/")
SOURCE = Source(
    name=NAME,
    title="United Nations Member States Authority File (2025-10-08)",
    home="https://digitallibrary.un.org/record/4082085",
    base_url=BASE,
    licence="CC-BY-NC-3.0-IGO",
    citation=("United Nations Dag Hammarskjöld Library, 'UN Member States' authority file, "
              "member_states_auths_2025-10-08.csv, https://digitallibrary.un.org/record/4082085 "
              "(copy in sunstoneinstitute/sunstone-py @ 415cf20)."),
    coverage="UN members 1945-2025: every name with its dates, M49 and ISO code",
    files=load_registry(NAME, BASE),
)

# The file's code for a name -> the warehouse code. Keyed by name, because the file gives some
# predecessor states their successor's code.
RECODE = {
    # Merged with Democratic Yemen into Yemen on 22 May 1990 (file: YEM, M49 886).
    "Yemen Arab Republic": "YAR",
    # Renamed Burkina Faso in 1984; the same member (file: ISO 3166-3 HVO).
    "Upper Volta": "BFA",
    # Egypt's name 1958-1971; Egypt's membership continued (file: UAR, M49 M09). Syria's own
    # spells (1945-1958, from 1961) stay SYR.
    "United Arab Republic": "EGY",
    # United with Zanzibar in 1964; Tanzania continues Tanganyika's membership (file: I08).
    "Tanganyika": "TZA",
    # Member for four months (16 Dec 1963 - 26 Apr 1964) before the union; no ISO code exists
    # (file: I07), so the Correlates of War abbreviation is used.
    "Zanzibar": "ZAN",
}

# Historical codes -> successor codes, continuing state first (Scope Notes of the file; DESIGN.md).
SUCCESSORS = {
    "SUN": "RUS",  # the Russian Federation continues the USSR's membership (24 Dec 1991)
    "YUG": "SRB;BIH;HRV;MKD;SVN",  # FRY (under YUG to 2003) became Serbia and Montenegro, then Serbia
    "CSK": "CZE;SVK",  # dissolved 1 Jan 1993; both admitted 19 Jan 1993
    "DDR": "DEU",  # acceded to the Federal Republic, 3 Oct 1990
    "YAR": "YEM",  # merged 22 May 1990
    "YMD": "YEM",
    "ZAR": "COD",  # Zaire was the Democratic Republic of the Congo's name, 1971-1997
    "ZAN": "TZA",  # united with Tanganyika, 26 Apr 1964
}


def _dates(cell: str) -> list[pd.Timestamp]:
    return [pd.Timestamp(d.strip()) for d in cell.split(",") if d.strip()]


def spells(start: str, end: str) -> list[tuple[pd.Timestamp, pd.Timestamp | None]]:
    """Pair a row's start and end dates into spells; the last start may be open.

    >>> spells("1960-09-20, 1984-02-04", "1975-03-09")
    [(Timestamp('1960-09-20 00:00:00'), Timestamp('1975-03-09 00:00:00')), (Timestamp('1984-02-04 00:00:00'), None)]
    """
    starts, ends = _dates(start), _dates(end)
    if len(ends) > len(starts):
        raise ValueError(f"more end dates ({end!r}) than start dates ({start!r})")
    return [(s, ends[i] if i < len(ends) else None) for i, s in enumerate(starts)]


def split_other_names(cell: str) -> list[str]:
    """Split ``Other Names`` on ', ', re-joining inverted names ('Macedonia, the Former ... of').

    >>> split_other_names("Macedonia, the Former Yugoslav Republic of, FYROM")
    ['Macedonia, the Former Yugoslav Republic of', 'FYROM']
    >>> split_other_names("Former Yugoslav Republic of Macedonia, the")
    ['Former Yugoslav Republic of Macedonia, the']
    """
    out: list[str] = []
    for part in (p.strip() for p in cell.split(", ")):
        if not part:
            continue
        # A piece starting in lower case continues an inverted name ('..., the ... of').
        if out and part[0].islower():
            out[-1] = f"{out[-1]}, {part}"
        else:
            out.append(part)
    return out


def read_extra() -> pd.DataFrame:
    """The curated entities no UN member file holds (observers, the ROC seat before 1971)."""
    with data_path("states_extra.csv").open(encoding="utf-8") as fh:
        extra = pd.read_csv(fh, dtype=str, keep_default_na=False)
    out = pd.DataFrame({
        "iso3": extra["iso3"],
        "name": extra["name"],
        "m49": pd.to_numeric(extra["m49"].replace("", None), errors="coerce").astype("Int64"),
        "admitted": pd.to_datetime(extra["admitted"].replace("", None)),
        "left": pd.to_datetime(extra["left"].replace("", None)),
        "successor": extra["successor"].replace("", None),
        "un_member": False,
        "status": extra["status"],
        "source": "regime/data/states_extra.csv",
    })
    return out


def parse(paths: dict[str, Path]) -> Parsed:
    path = paths[FILE]
    # Every member since 1945 (193 today, more with those that left): fewer was cut short.
    raw = read_csv_checked(path, source=NAME, min_rows=193, what="member states")
    expected = {"Member State", "M49 Code", "ISO Code", "Start date", "End date", "Other Names"}
    if not expected <= set(raw.columns):
        raise ParseError(f"{NAME}/{FILE}: expected columns {sorted(expected)}, found {list(raw.columns)}.",
                         source=NAME, file=str(path))
    quarantine = []
    names = []
    for i, row in raw.iterrows():
        name, code = row["Member State"].strip(), row["ISO Code"].strip()
        if not code or not row["Start date"].strip() or name in ("", "Unknown"):
            quarantine.append({"file": FILE, "row": str(i), "reason": "no state name, code or start date",
                               "raw": f"{name!r} {code!r}"})
            continue
        code = RECODE.get(name, code)
        try:
            row_spells = spells(row["Start date"], row["End date"])
        except ValueError as exc:
            raise ParseError(f"{NAME}/{FILE}: row {i + 2} ({name}): {exc}.", source=NAME, file=str(path),
                             line=i + 2) from exc
        for start, end in row_spells:
            names.append({"name": name, "iso3": code, "valid_from": start, "valid_to": end,
                          "kind": "official", "m49": row["M49 Code"].strip(), "row": i})
        first, last = row_spells[0][0], row_spells[-1][1]
        for other in split_other_names(row["Other Names"]):
            names.append({"name": other, "iso3": code, "valid_from": first, "valid_to": last,
                          "kind": "other", "m49": row["M49 Code"].strip(), "row": i})
    names = pd.DataFrame(names)
    # Errata on names work on text dates; keep the others as timestamps.
    names["valid_to"] = names["valid_to"].astype(object)
    names, removed = _errata.apply(names.assign(key=names["name"]), NAME, "state_names", "key", "iso3")
    names = names.drop(columns="key")
    names["valid_from"] = pd.to_datetime(names["valid_from"])
    names["valid_to"] = pd.to_datetime(names["valid_to"])
    for _, r in removed.iterrows():
        quarantine.append({"file": FILE, "row": str(r["row"]), "reason": r["reason"], "raw": r["name"]})
    bad = names["valid_to"].notna() & (names["valid_to"] < names["valid_from"])
    if bad.any():
        r = names.loc[bad].iloc[0]
        raise ParseError(f"{NAME}/{FILE}: name {r['name']!r} ends before it starts; add an erratum.",
                         source=NAME, file=str(path))

    states = derive_states(names)
    extra = read_extra()
    clash = set(extra["iso3"]) & set(states["iso3"])
    if clash:
        raise ParseError(f"regime/data/states_extra.csv: codes {sorted(clash)} are already in {NAME}.",
                         file="regime/data/states_extra.csv")
    states = pd.concat([states, extra], ignore_index=True)
    state_names = names[["name", "iso3", "valid_from", "valid_to", "kind"]].assign(source=NAME)
    extra_names = extra[["name", "iso3"]].assign(valid_from=extra["admitted"], valid_to=extra["left"],
                                                 kind="official", source=extra["source"])
    state_names = pd.concat([state_names, extra_names], ignore_index=True)
    errata = _errata.errata_table(NAME)
    return Parsed(
        tables={"states": states, "state_names": state_names.reset_index(drop=True), "errata": errata},
        read={FILE: len(names) + len(quarantine), "states (derived)": len(states) - len(extra),
              # each curated entity gives a states row and a state_names row
              "regime/data/states_extra.csv": 2 * len(extra), _errata.ERRATA_FILE: len(errata)},
        quarantine=quarantine_frame(quarantine),
    )


def derive_states(names: pd.DataFrame) -> pd.DataFrame:
    """One ``states`` row per code from its official names' spells (see the module docstring)."""
    official = names.loc[names["kind"] == "official"]
    rows = []
    for code, g in official.groupby("iso3", sort=True):
        is_open = g["valid_to"].isna()
        if is_open.any():
            current = g.loc[is_open].sort_values("valid_from").iloc[-1]
            left = pd.NaT
        else:
            current = g.sort_values("valid_to").iloc[-1]
            left = g["valid_to"].max()
        m49 = pd.to_numeric(current["m49"], errors="coerce")
        rows.append({
            "iso3": code,
            "name": current["name"],
            "m49": m49,
            "admitted": g["valid_from"].min(),
            "left": left,
            "successor": None if is_open.any() else SUCCESSORS.get(code),
            "un_member": bool(is_open.any()),
            "status": "member" if is_open.any() else "historical",
            "source": NAME,
        })
    out = pd.DataFrame(rows)
    out["m49"] = out["m49"].astype("Int64")
    return out
