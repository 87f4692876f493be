"""Write the warehouse's tables to files (Parquet or CSV), one per table.

Every path reaches DuckDB as a bound parameter, never spliced into SQL: a folder named
``x'; DROP TABLE votes; --`` is a folder name like any other. Each file is written under a temporary
name next to its target and renamed into place, so a failed or interrupted export leaves no
half-written table behind.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path

import duckdb

from ..errors import MachineFault, UsageError, WarehouseError, describe_os_error
from .schema import TABLES

FORMATS = {"parquet": "(FORMAT PARQUET)", "csv": "(FORMAT CSV, HEADER)"}


def quote_identifier(name: str) -> str:
    """A DuckDB identifier, quoted: double quotes inside are doubled."""
    return '"' + str(name).replace('"', '""') + '"'


def export_tables(reg, directory, fmt: str = "parquet", *, tables: Iterable[str] | None = None,
                  on_written: Callable[[str, Path], None] | None = None) -> list[Path]:
    """Write each table of ``reg`` (a :class:`~rightsregime.warehouse.queries.Regime`) to
    ``directory/<table>.<fmt>``; returns the files written."""
    fmt = str(fmt).strip().lower()
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r}: use {' or '.join(FORMATS)}.")
    names = list(TABLES) if tables is None else list(tables)
    unknown = [t for t in names if t not in TABLES]
    if unknown:
        raise UsageError(f"Unknown table {unknown[0]!r}; tables: {', '.join(TABLES)}.")
    # A warehouse built before a derived table existed (decision_scopes) lacks it: every table it
    # holds is written; one asked for by name and absent is named, with the way to get it.
    held = {name for (name,) in reg.con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
    if tables is None:
        names = [t for t in names if t in held]
    elif missing := [t for t in names if t not in held]:
        raise WarehouseError(f"Table {missing[0]!r} is not in this warehouse (built by an earlier "
                             "version); run 'rightsregime build' to add it.")
    directory = Path(directory)
    if str(directory).strip() == "":
        raise UsageError("export: give a folder to write into, e.g. 'rightsregime export tables/'.")
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory}: is a file, not a folder; give a folder to write into.")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MachineFault(describe_os_error(exc), file=str(directory), errno=exc.errno) from None
    if not os.access(directory, os.W_OK | os.X_OK):
        raise MachineFault(f"{directory}: permission denied; choose a folder you may write to.",
                           file=str(directory))
    written = []
    for table in names:
        target = directory / f"{table}.{fmt}"
        part = target.with_name(f".{target.name}.part")
        try:
            reg.con.execute(f"COPY {quote_identifier(table)} TO $path {FORMATS[fmt]}",
                            {"path": str(part)})
            part.replace(target)
        except duckdb.Error as exc:
            raise MachineFault(f"{target}: could not be written ({_first_line(exc)}); check the "
                               "folder's permissions and free space.", file=str(target)) from None
        except OSError as exc:
            raise MachineFault(describe_os_error(exc), file=str(target), errno=exc.errno) from None
        finally:
            with contextlib.suppress(OSError):
                part.unlink()
        written.append(target)
        if on_written is not None:
            on_written(table, target)
    return written


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
