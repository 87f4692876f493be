"""Import formats for the mechanisms the public mirror lacks, and their validation.

Special procedures (mandates, country visits, standing invitations), treaty body reviews and
membership, NGO accreditation at the ECOSOC Committee on NGOs, and joint statements have no open,
machine-readable source that the mirror could hold. Users who hold such data load it with
``rightsregime import KIND FILE``: a UTF-8 CSV whose header names the columns of :data:`KINDS`
(documented in ``docs/imports.md``). Every row must carry a ``citation``.

Validation reads the whole file first and names **every** bad row with its fault (row numbers are
file lines, the header being line 1); if any row is bad nothing is loaded. A good file is loaded in
one transaction, so a warehouse never holds half a file. Rows keep ``source = 'import:<file name>'``;
importing a file of the same name again replaces its rows. A rebuild starts from the sources and
the package's shipped rows, so imports are re-run after ``rightsregime build``.

The package ships a few cited rows in the same format (``regime/data/import_<kind>.csv``), loaded
by every build with ``source = 'rightsregime'``.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from importlib import resources as importlib_resources
from pathlib import Path

import pandas as pd

from ..errors import ImportFormatError, UnknownState, UsageError


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"  # text, date, int, state, states (a '; '-separated list), enum
    required: bool = False
    choices: tuple[str, ...] = ()
    doc: str = ""


@dataclass(frozen=True)
class Kind:
    """One import format: its table, columns, and (for list columns) the child table they fill."""

    name: str
    table: str
    doc: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # columns that identify a row: a repeated key is a fault
    child: tuple[str, str, str] | None = None  # (list column, child table, child column)
    extra_columns: tuple[str, ...] = field(default=("source",))


CITATION = Column("citation", "text", True, doc="UN document symbol, press release or named source")

KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("sp-mandates", "sp_mandates", "Special procedures mandates (thematic or country).", (
        Column("mandate_id", "text", True, doc="short id, e.g. SR-BLR or SR-FOOD"),
        Column("title", "text", True),
        Column("mandate_kind", "enum", True, ("thematic", "country")),
        Column("iso3", "state", doc="state concerned (country mandates)"),
        Column("created", "date", doc="YYYY-MM-DD or YYYY"),
        Column("created_by", "text", doc="resolution symbol"),
        Column("ended", "date"),
        CITATION), key=("mandate_id",)),
    Kind("sp-visits", "sp_visits", "Country visit requests by special procedures and their status.", (
        Column("mandate_id", "text", True),
        Column("iso3", "state", True, doc="state asked to receive the visit"),
        Column("requested", "date", doc="date of the (first) request"),
        Column("status", "enum", True, ("requested", "accepted", "declined", "pending", "completed")),
        Column("visit_start", "date"),
        Column("visit_end", "date"),
        Column("report_symbol", "text"),
        CITATION), key=("mandate_id", "iso3", "requested")),
    Kind("standing-invitations", "standing_invitations", "States' standing invitations to thematic procedures.", (
        Column("iso3", "state", True),
        Column("since", "date", True),
        CITATION), key=("iso3",)),
    Kind("treaty-reviews", "treaty_reviews", "State reports to treaty bodies: due, submitted, reviewed.", (
        Column("body_id", "enum", True, ("CERD", "CCPR", "CESCR", "CEDAW", "CAT", "SPT", "CRC", "CMW", "CRPD",
                                          "CED")),
        Column("iso3", "state", True),
        Column("cycle", "int", doc="periodic report number"),
        Column("report_due", "date"),
        Column("submitted", "date"),
        Column("reviewed", "date"),
        Column("status", "enum", True, ("due", "submitted", "reviewed", "overdue")),
        Column("symbol", "text", doc="report or concluding observations symbol"),
        CITATION), key=("body_id", "iso3", "cycle")),
    Kind("treaty-members", "treaty_body_members", "Treaty body experts and their nationality.", (
        Column("body_id", "enum", True, ("CERD", "CCPR", "CESCR", "CEDAW", "CAT", "SPT", "CRC", "CMW", "CRPD",
                                          "CED")),
        Column("expert", "text", True),
        Column("nationality", "state", True),
        Column("term_start", "date", True),
        Column("term_end", "date"),
        CITATION), key=("body_id", "expert", "term_start")),
    Kind("ngo-applications", "ngo_applications", "Applications for ECOSOC status at the Committee on NGOs.", (
        Column("ngo", "text", True),
        Column("session", "text", True, doc="Committee session, e.g. 2019 regular"),
        Column("year", "int", True),
        Column("outcome", "enum", True, ("recommended", "deferred", "closed", "rejected", "withdrawn")),
        Column("questions_by", "states", doc="Committee members that asked questions ('; '-separated)"),
        Column("symbol", "text", doc="Committee report symbol"),
        CITATION), key=("ngo", "session", "year"), child=("questions_by", "ngo_questions", "iso3")),
    Kind("joint-statements", "joint_statements", "Joint statements and letters (HRC, GA Third Committee...).", (
        Column("statement_id", "text", True, doc="short id"),
        Column("forum", "text", True, doc="e.g. HRC41, GA74 Third Committee"),
        Column("date", "date", True),
        Column("symbol", "text", doc="UN document symbol, if issued as a document"),
        Column("lead", "state", doc="state that delivered or led it"),
        Column("concerning", "state", doc="state the statement is about"),
        Column("stance", "enum", True, ("critical", "supportive", "other")),
        Column("title", "text", True),
        Column("signatories", "states", True, doc="'; '-separated codes or names"),
        CITATION), key=("statement_id",), child=("signatories", "joint_statement_signatories", "iso3")),
)}


def kind_of(name: str) -> Kind:
    try:
        return KINDS[name.lower().replace("_", "-")]
    except KeyError:
        raise UsageError(f"Unknown import kind {name!r}. Use one of: {', '.join(KINDS)} "
                         "(see docs/imports.md).") from None


SHIPPED_PREFIX = "import_"
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _parse_date(text: str) -> date:
    """YYYY, YYYY-MM or YYYY-MM-DD -> a date (first day of the year or month)."""
    if not _DATE.match(text):
        raise ValueError("expected a date YYYY-MM-DD (or YYYY-MM, YYYY)")
    parts = [int(p) for p in text.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


@dataclass
class Validated:
    kind: Kind
    rows: pd.DataFrame  # main table rows, typed, states resolved
    children: pd.DataFrame | None
    faults: list[str]

    @property
    def ok(self) -> bool:
        return not self.faults


def read_csv_text(text: str, kind: Kind, *, file: str = "<file>", lookup=None) -> Validated:
    """Validate the CSV ``text`` against ``kind``. ``lookup(code) -> iso3`` resolves states (raises
    :class:`UnknownState`). Returns the typed rows and the list of faults, one line each."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return Validated(kind, pd.DataFrame(), None, [f"{file}: the file is empty; expected a header row."])
    names = [c.name for c in kind.columns]
    faults: list[str] = []
    missing = [n for n in names if n not in header and next(c for c in kind.columns if c.name == n).required]
    unknown = [h for h in header if h not in names]
    if missing or unknown:
        msg = f"{file}: line 1: header "
        if missing:
            msg += f"lacks the required column(s) {missing}"
        if unknown:
            msg += ("; " if missing else "") + f"has unknown column(s) {unknown}"
        return Validated(kind, pd.DataFrame(), None, [msg + f". Expected columns: {names}."])
    cache: dict[str, str | None] = {}

    def resolve(value: str) -> str | None:
        if value not in cache:
            try:
                cache[value] = lookup(value) if lookup else value.upper()
            except UnknownState:
                cache[value] = None
        return cache[value]

    records, children, seen = [], [], {}
    line = 1
    for fields in reader:
        line = reader.line_num
        if not any(f.strip() for f in fields):
            continue  # a blank line is not a row
        if len(fields) != len(header):
            faults.append(f"{file}: line {line}: expected {len(header)} fields, found {len(fields)}.")
            continue
        raw = {h: f.strip() for h, f in zip(header, fields)}
        rec, row_faults, members = {}, [], []
        for col in kind.columns:
            value = raw.get(col.name, "")
            if value == "":
                if col.required:
                    row_faults.append(f"{col.name} is empty (required)")
                rec[col.name] = None
                continue
            if col.kind == "date":
                try:
                    rec[col.name] = _parse_date(value)
                except ValueError as exc:
                    row_faults.append(f"{col.name} {value!r}: {exc}")
            elif col.kind == "int":
                if re.fullmatch(r"-?\d+", value):
                    rec[col.name] = int(value)
                else:
                    row_faults.append(f"{col.name} {value!r}: expected a whole number")
            elif col.kind == "enum":
                if value.lower() in col.choices:
                    rec[col.name] = value.lower()
                else:
                    row_faults.append(f"{col.name} {value!r}: expected one of {list(col.choices)}")
            elif col.kind == "state":
                code = resolve(value)
                if code is None:
                    row_faults.append(f"{col.name} {value!r}: unknown state (use an ISO3 code or a UN name)")
                rec[col.name] = code
            elif col.kind == "states":
                parts = [p.strip() for p in value.split(";") if p.strip()]
                bad = [p for p in parts if resolve(p) is None]
                if bad:
                    row_faults.append(f"{col.name}: unknown state(s) {bad}")
                members = list(dict.fromkeys(resolve(p) for p in parts if resolve(p)))
                rec[col.name] = "; ".join(members)
            else:
                rec[col.name] = value
        key = tuple(rec.get(k) for k in kind.key)
        if kind.key and not row_faults:
            if key in seen:
                row_faults.append(f"repeats line {seen[key]} ({', '.join(kind.key)} = {key})")
            else:
                seen[key] = line
        if row_faults:
            faults.append(f"{file}: line {line}: " + "; ".join(row_faults) + ".")
            continue
        records.append(rec)
        if kind.child:
            id_col = kind.key
            for iso3 in members:
                children.append({**{k: rec[k] for k in id_col}, kind.child[2]: iso3})
    rows = pd.DataFrame(records, columns=names)
    child_frame = pd.DataFrame(children) if kind.child else None
    return Validated(kind, rows, child_frame, faults)


def validate_file(path: Path, kind: Kind, lookup=None) -> Validated:
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"{path}: no such file. Give the CSV to import (see docs/imports.md).")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFormatError(f"{path.name}: not UTF-8 text (byte {exc.start}); save the file as UTF-8 CSV. "
                                "Nothing was loaded.", file=str(path)) from None
    return read_csv_text(text, kind, file=path.name, lookup=lookup)


def raise_if_faulty(v: Validated, file: str, *, show: int = 20) -> None:
    if v.ok:
        return
    shown = v.faults[:show]
    more = f" (and {len(v.faults) - show} more)" if len(v.faults) > show else ""
    raise ImportFormatError(
        f"{file}: {len(v.faults)} bad row(s){more}; nothing was loaded. " + " | ".join(shown)
        + " Fix the rows and import again (format: docs/imports.md).", file=file, rows=v.faults)


def import_file(reg, kind_name: str, path: Path) -> dict:
    """Validate ``path`` and load it into the warehouse opened writable as ``reg``, atomically."""
    kind = kind_of(kind_name)
    v = validate_file(Path(path), kind, lookup=reg.lookup_state)
    raise_if_faulty(v, Path(path).name)
    source = f"import:{Path(path).name}"
    con = reg.con
    con.execute("BEGIN TRANSACTION")
    try:
        replaced = _delete_source(con, kind, source)
        _append(con, kind.table, v.rows.assign(source=source))
        if kind.child and v.children is not None and not v.children.empty:
            _append(con, kind.child[1], v.children.assign(source=source))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return {"kind": kind.name, "table": kind.table, "file": str(path), "rows": int(len(v.rows)),
            "children": int(0 if v.children is None else len(v.children)), "replaced": replaced,
            "source": source}


def _delete_source(con, kind: Kind, source: str) -> int:
    from .export import quote_identifier as q

    n = con.execute(f"SELECT count(*) FROM {q(kind.table)} WHERE source = ?", [source]).fetchone()[0]
    con.execute(f"DELETE FROM {q(kind.table)} WHERE source = ?", [source])
    if kind.child:
        con.execute(f"DELETE FROM {q(kind.child[1])} WHERE source = ?", [source])
    return int(n)


def _append(con, table: str, frame: pd.DataFrame) -> None:
    from .export import quote_identifier as q
    from .schema import TABLES

    cols = list(TABLES[table])
    frame = frame.reindex(columns=cols)
    con.register("_import_rows", frame)
    try:
        select = ", ".join(f"CAST({q(c)} AS {t}) AS {q(c)}" for c, t in TABLES[table].items())
        con.execute(f"INSERT INTO {q(table)} SELECT {select} FROM _import_rows")
    finally:
        con.unregister("_import_rows")


def shipped_rows(lookup) -> dict[str, pd.DataFrame]:
    """The package's own cited rows (``regime/data/import_<kind>.csv``), validated like a user's file.

    A fault in a shipped file is a bug in the package: it raises, so no build ships a bad row.
    """
    out: dict[str, pd.DataFrame] = {}
    folder = importlib_resources.files("rightsregime.regime").joinpath("data")
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not (entry.name.startswith(SHIPPED_PREFIX) and entry.name.endswith(".csv")):
            continue
        kind = kind_of(entry.name[len(SHIPPED_PREFIX):-4])
        v = read_csv_text(entry.read_text(encoding="utf-8"), kind, file=f"regime/data/{entry.name}",
                          lookup=lookup)
        raise_if_faulty(v, entry.name)
        out[kind.table] = v.rows.assign(source="rightsregime")
        if kind.child and v.children is not None:
            out[kind.child[1]] = v.children.assign(source="rightsregime")
    return out


def coverage(reg, iso3: str) -> pd.DataFrame:
    """Per import kind: rows about ``iso3`` in the warehouse, or that the kind is absent."""
    from .export import quote_identifier as q

    rows = []
    for kind in KINDS.values():
        total = reg.sql(f"SELECT count(*) AS n FROM {q(kind.table)}")["n"].iloc[0]
        state_cols = [c.name for c in kind.columns if c.kind == "state"]
        n_state = 0
        for col in state_cols:
            n_state += int(reg.sql(f"SELECT count(*) AS n FROM {q(kind.table)} WHERE {q(col)} = ?",
                                   [iso3])["n"].iloc[0])
        if kind.child:
            child = kind.child[1]
            n_state += int(reg.sql(f"SELECT count(*) AS n FROM {q(child)} WHERE iso3 = ?", [iso3])["n"].iloc[0])
        rows.append({"kind": kind.name, "table": kind.table, "rows_loaded": int(total), "rows_on_state": n_state,
                     "status": "absent" if total == 0 else "loaded"})
    return pd.DataFrame(rows)


__all__ = ["KINDS", "Kind", "Column", "kind_of", "read_csv_text", "validate_file", "import_file", "shipped_rows",
           "coverage"]
