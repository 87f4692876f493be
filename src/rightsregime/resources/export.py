"""Export what you need: a slice of the record as flat tables (``votes`` denormalised, and
``decisions`` with their scope), ready for CSV or Parquet.

The writer takes DataFrames (:func:`write_tables`), so the command's file handling stays in one
place and the frames are the same ones the API returns.
"""
from __future__ import annotations

from pathlib import Path

from ..regime.coverage import coverage_notes
from ._base import Resource

TABLES = ("votes", "decisions")


def slice_tables(reg, *, tables=TABLES, body: str | None = None, years=None) -> Resource:
    """The tables of a slice (body, years): ``votes`` one row per state and decision (symbol, body,
    date, title, kind, scope, ISO3, state, regional group, position, outcome) and ``decisions``
    (the warehouse's columns plus scope and the states concerned)."""
    from ..errors import RightsRegimeError
    from ._common import years_and_bodies
    from .positions import _classified, votes_table

    wanted = [t.strip().lower() for t in (tables.split(",") if isinstance(tables, str) else tables) if t.strip()]
    unknown = [t for t in wanted if t not in TABLES]
    if unknown or not wanted:
        raise RightsRegimeError(f"--tables {','.join(unknown) or '(none)'}: choose among {', '.join(TABLES)}.")
    yr, body = years_and_bodies(years, body)
    frames = {}
    if "votes" in wanted:
        frames["votes"] = votes_table(reg, body=body, years=yr)["votes"]
    if "decisions" in wanted:
        frames["decisions"] = _classified(reg, reg.decisions(body=body, years=yr))
    return Resource(kind="export", params={"tables": wanted, "body": body, "years": yr},
                    data={"counts": {k: len(v) for k, v in frames.items()}, **frames},
                    main=wanted[0], notes=coverage_notes(body or "GA,HRC,CHR", yr))


def write_tables(frames: dict, directory: Path, fmt: str = "csv") -> list[Path]:
    """Write each DataFrame to ``directory/<name>.<fmt>`` (csv or parquet), each through a
    temporary file moved into place, so no half-written file is left behind."""
    import os

    from ..errors import RightsRegimeError

    fmt = fmt.lower()
    if fmt not in ("csv", "parquet"):
        raise RightsRegimeError(f"--format {fmt!r}: use csv or parquet.")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in frames.items():
        target = directory / f"{name}.{fmt}"
        tmp = target.with_name(f".{target.name}.part")
        if fmt == "csv":
            frame.to_csv(tmp, index=False)
        else:
            frame.to_parquet(tmp, index=False)
        os.replace(tmp, target)
        written.append(target)
    return written


__all__ = ["slice_tables", "write_tables", "TABLES"]
