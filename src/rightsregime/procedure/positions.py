"""A positions file a user writes (``iso3,position`` per line), read with one clear line per fault.

The file is the user's, not a public source, so nothing about it is trusted: it may be missing, a
folder, binary, UTF-16 from a spreadsheet, have a stray byte deep inside, an unterminated quote,
a code that is not a state. Each becomes an :class:`~rightsregime.errors.InputFileError` naming the
file and the line, with what to do.
"""
from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Mapping
from pathlib import Path

from ..errors import InputFileError, RuleSetError, UsageError, closest
from .majority import MAX_MEMBERS, normalise_position

# Larger than any body's file could be (1,000 members at 40 bytes a line): refuse before reading.
MAX_BYTES = 1_000_000


def _text_of(path: Path, where: str) -> str:
    try:
        raw = path.read_bytes() if path.stat().st_size <= MAX_BYTES else None
    except FileNotFoundError:
        raise InputFileError(f"{where} {path}: file not found.", file=str(path)) from None
    except IsADirectoryError:
        raise InputFileError(f"{where} {path}: is a folder; give a CSV file.", file=str(path)) from None
    except PermissionError:
        raise InputFileError(f"{where} {path}: permission denied; make it readable.",
                             file=str(path)) from None
    if path.is_dir():
        raise InputFileError(f"{where} {path}: is a folder; give a CSV file.", file=str(path))
    if raw is None:
        raise InputFileError(f"{where} {path}: larger than {MAX_BYTES // 1_000_000} MB; a positions "
                             f"file has one line per member (at most {MAX_MEMBERS:,}).", file=str(path))
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in raw[:8192]:
        kind = "UTF-16 text" if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "binary"
        raise InputFileError(f"{where} {path}: {kind}, not a UTF-8 CSV; save it as CSV (UTF-8) with "
                             "a header 'iso3,position'.", file=str(path))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise InputFileError(f"{where} {path}, line {line}: byte {raw[exc.start]:#04x} is not UTF-8; "
                             "save the file as CSV (UTF-8).", file=str(path), line=line) from None


def read_positions(path: str | Path, *, known: Mapping[str, str] | None = None,
                   where: str = "--positions") -> dict[str, str]:
    """A positions CSV (``iso3,position``) -> {ISO3: position}.

    ``known`` (ISO3 -> name, e.g. the warehouse's states) makes an unknown code an error with the
    closest known codes; without it codes are checked for shape only.
    """
    path = Path(path)
    text = _text_of(path, where)
    if "\x00" in text:
        line = text[:text.index("\x00")].count("\n") + 1
        raise InputFileError(f"{where} {path}, line {line}: a NUL byte; the file is not text. Save "
                             "it as CSV (UTF-8).", file=str(path), line=line)
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error as exc:
        raise InputFileError(f"{where} {path}, line 1: not a CSV header ({exc}).", file=str(path),
                             line=1) from None
    header = [h.strip().lower() for h in fieldnames if h is not None]
    if "iso3" not in header or "position" not in header:
        found = ",".join(fieldnames) or "nothing"
        raise InputFileError(f"{where} {path}: expected a header 'iso3,position', found "
                             f"{found[:60]!r}.", file=str(path), line=1)
    positions: dict[str, str] = {}
    line = last = 1
    try:
        for row in reader:
            line = reader.line_num
            row = {k.strip().lower(): (v or "").strip() for k, v in row.items()
                   if isinstance(k, str) and isinstance(v, (str, type(None)))}
            raw_code = row.get("iso3", "")
            iso3 = raw_code.upper()
            if len(iso3) != 3 or not iso3.isascii() or not iso3.isalpha():
                raise InputFileError(f"{where} {path}, line {line}: '{raw_code[:20]}' is not an ISO3 "
                                     "code.", file=str(path), line=line)
            if known is not None and iso3 not in known:
                hint = closest(iso3, known, n=3)
                named = [f"{h} ({known[h]})" for h in hint]
                raise InputFileError(
                    f"{where} {path}, line {line}: unknown state code '{iso3}'."
                    + (f" Did you mean {' or '.join(named)}?" if named else "")
                    + " See 'rightsregime states'.", file=str(path), line=line)
            if iso3 in positions:
                raise InputFileError(f"{where} {path}, line {line}: {iso3} is listed twice.",
                                     file=str(path), line=line)
            try:
                positions[iso3] = normalise_position(row.get("position", ""), where=f"{path}, line {line}")
            except RuleSetError as exc:
                raise InputFileError(str(exc), file=str(path), line=line) from None
            if len(positions) > MAX_MEMBERS:
                raise InputFileError(f"{where} {path}: more than {MAX_MEMBERS:,} members listed; a "
                                     "body has at most that many.", file=str(path), line=line)
            last = line
    except csv.Error as exc:  # the row after the last one read whole is the faulty one
        why = str(exc).replace("unexpected end of data", "a quoted field is not closed")
        raise InputFileError(f"{where} {path}, line {last + 1}: malformed CSV ({why}).",
                             file=str(path), line=last + 1) from None
    if not positions:
        raise InputFileError(f"{where} {path}: no rows under the header.", file=str(path))
    return positions


def check_one_vote(symbol: str | None, positions_file, totals: Mapping[str, int | None]) -> None:
    """A vote is given one way only: a recorded SYMBOL, --positions FILE, or the totals.

    ``totals`` maps option names (``--yes``...) to their values (None when not given)."""
    given = [name for name, value in totals.items() if value is not None]
    if positions_file is not None and given:
        raise UsageError(f"--positions cannot be combined with {', '.join(given)}: the positions "
                         "give the totals; use one or the other.")
    if symbol is not None and (positions_file is not None or given):
        other = "--positions" if positions_file is not None else ", ".join(given)
        raise UsageError(f"a recorded decision ({symbol}) cannot be combined with {other}: its "
                         "roll call gives the totals; use one or the other.")
