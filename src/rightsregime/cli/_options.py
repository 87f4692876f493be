"""Options and helpers shared by every command, defined once so commands cannot drift apart."""
from __future__ import annotations

import json
import math
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    Optional[Path],
    typer.Option("--db", help="Warehouse file (default: $RIGHTSREGIME_DB or the user data dir).",
                 dir_okay=False, metavar="FILE"),
]
SourcesOption = Annotated[
    Optional[Path],
    typer.Option("--sources", help="Mirror folder of the sources, one folder per source "
                 "(default: $RIGHTSREGIME_SOURCES, else the user cache, else download).", file_okay=False,
                 metavar="DIR"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document to stdout.", metavar="")]
CsvOption = Annotated[bool, typer.Option("--csv", help="Write the main table as CSV to stdout.", metavar="")]
LimitOption = Annotated[int, typer.Option("--limit", help="At most this many rows (0: all).", metavar="N")]
BodyOption = Annotated[Optional[str], typer.Option(
    "--body", help="GA, HRC or CHR (comma-separated; default: all).", metavar="BODY")]
YearsOption = Annotated[Optional[str], typer.Option(
    "--years", "--year", help="A year or a range, e.g. 2021 or 2006-2026.", metavar="YEARS")]
SubjectOption = Annotated[Optional[str], typer.Option(
    "--subject", help="Only decisions whose subject tags or title contain this text (e.g. 'Human rights').",
    metavar="TEXT")]
KindOption = Annotated[Optional[str], typer.Option(
    "--kind", help="Only texts of this kind: resolution, decision, amendment, motion (comma-separated).",
    metavar="KIND")]
def _chart_file(value: Optional[Path]) -> Optional[Path]:
    # Checked before the command runs, so a mistyped name costs nothing and exits 2.
    if value is not None and value.suffix.lower() not in (".png", ".svg"):
        raise typer.BadParameter(f"{value}: use a .png or .svg file name (both are written, with the "
                                 "chart's data as .csv beside them).")
    return value


ChartOption = Annotated[
    Optional[Path],
    typer.Option("--chart", help="Write a chart to this file (.png or .svg).", dir_okay=False,
                 metavar="FILE", callback=_chart_file),
]


def open_regime(db: Path | None):
    """Open the warehouse for a command (errors become one-line messages at the boundary)."""
    from .. import open as rr_open

    return rr_open(db)


def _default(obj):
    if isinstance(obj, (date, datetime)):
        return obj.isoformat()
    if hasattr(obj, "item"):  # numpy scalars
        return obj.item()
    if hasattr(obj, "tolist"):
        return obj.tolist()
    if isinstance(obj, set):
        return sorted(obj)
    return str(obj)


def _clean(obj):
    """Replace NaN/NaT/pd.NA by None so the output is valid JSON."""
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    if isinstance(obj, float) and (math.isnan(obj) or math.isinf(obj)):
        return None
    try:
        import pandas as pd

        if obj is pd.NA or obj is pd.NaT:
            return None
        if isinstance(obj, pd.Timestamp):
            return obj.date().isoformat() if obj == obj.normalize() else obj.isoformat()
    except ImportError:  # pragma: no cover
        pass
    if hasattr(obj, "item") and not isinstance(obj, (str, bytes)):
        try:
            return _clean(obj.item())
        except (ValueError, AttributeError):
            pass
    return obj


def emit_json(doc) -> None:
    """Print one JSON document to stdout."""
    sys.stdout.write(json.dumps(_clean(doc), default=_default, ensure_ascii=False, indent=2) + "\n")


def save_chart(fig, path: Path, data=None) -> None:
    """A matplotlib figure for ``--chart``: see :func:`rightsregime.cli._render.write_chart` (PNG,
    SVG and ``data``, the numbers drawn, as CSV); kept so that every command writes charts the same way."""
    from ._render import write_chart

    write_chart(fig, path, data)
