"""Import format for article-level declarations accepting a treaty body's competence.

No mirrored source holds them (the UN Treaty Collection lists them in each treaty's declarations
and reservations), so users who hold them load a CSV with ``rightsregime build --declarations FILE``:

```
instrument_id,article,state,year,withdrawn,citation
CAT,22,DEU,2001,,"UN Treaty Collection, MTDSG IV-9 (CAT), declarations under article 22"
```

* ``instrument_id`` and ``article``: one of ICERD 14 (individual communications to CERD), CAT 21
  (inter-state) or 22 (individual), CPED 31 (individual) or 32 (inter-state), ICCPR 41
  (inter-state); see :data:`ARTICLES`.
* ``state``: ISO3, ISO2 or a name (resolved like every source; an unknown state is quarantined).
* ``year``: the year the declaration was made, not before the treaty was adopted; ``withdrawn``:
  the year it was withdrawn, or empty.
* ``citation``: required; a row without one is not loaded.

A file with a wrong header or any bad row is refused whole, with one message naming every bad
line and its fault: nothing is dropped silently and nothing half-loaded.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from ..errors import ParseError
from ._base import Parsed, quarantine_frame

NAME = "declarations"
COLUMNS = ("instrument_id", "article", "state", "year", "withdrawn", "citation")
ARTICLES = {("ICERD", "14"): 1965, ("CAT", "21"): 1984, ("CAT", "22"): 1984, ("CPED", "31"): 2006,
            ("CPED", "32"): 2006, ("ICCPR", "41"): 1966}


def _faults(row: dict) -> list[str]:
    faults = []
    key = (row["instrument_id"].strip().upper(), row["article"].strip())
    if key not in ARTICLES:
        faults.append(f"instrument/article {key[0]!r} art. {key[1]!r} is not one of "
                      + ", ".join(f"{i} {a}" for i, a in ARTICLES))
    if not row["state"].strip():
        faults.append("state is empty")
    year = row["year"].strip()
    if not year.isdigit():
        faults.append(f"year {year!r} is not a year")
    elif key in ARTICLES and int(year) < ARTICLES[key]:
        faults.append(f"year {year} is before {key[0]} was adopted ({ARTICLES[key]})")
    withdrawn = row["withdrawn"].strip()
    if withdrawn and (not withdrawn.isdigit() or (year.isdigit() and int(withdrawn) < int(year))):
        faults.append(f"withdrawn {withdrawn!r} is not a year on or after {year}")
    if not row["citation"].strip():
        faults.append("citation is empty (every row must cite where the declaration is recorded)")
    return faults


def parse_declarations_csv(path: Path) -> Parsed:
    """Validate and read a declarations CSV; :class:`ParseError` naming every bad line."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            missing = [c for c in COLUMNS if c not in header]
            if missing:
                raise ParseError(f"{path}: line 1: missing columns {missing}; expected {','.join(COLUMNS)} "
                                 "(see docs/monitoring.md).", source=NAME, file=str(path), line=1)
            rows = list(reader)
    except UnicodeDecodeError as exc:
        raise ParseError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8.",
                         source=NAME, file=str(path)) from None
    bad = []
    for i, row in enumerate(rows, start=2):
        row = {k: (row.get(k) or "") for k in COLUMNS}
        faults = _faults(row)
        if faults:
            bad.append(f"line {i}: " + "; ".join(faults))
    if bad:
        raise ParseError(f"{path}: {len(bad)} bad row(s), nothing loaded: " + " | ".join(bad),
                         source=NAME, file=str(path))
    df = pd.DataFrame(rows, columns=list(COLUMNS)) if rows else pd.DataFrame(columns=list(COLUMNS))
    table = pd.DataFrame({
        "instrument_id": df["instrument_id"].str.strip().str.upper(),
        "article": df["article"].str.strip(),
        "iso3": df["state"].str.strip(),
        "year": pd.to_numeric(df["year"]).astype("Int64"),
        "withdrawn": pd.to_numeric(df["withdrawn"].str.strip().replace("", None)).astype("Int64"),
        "citation": df["citation"].str.strip(),
        "source": f"{NAME}:{path.name}",
    })
    return Parsed(tables={"declarations": table}, read={path.name: len(rows)}, quarantine=quarantine_frame())
