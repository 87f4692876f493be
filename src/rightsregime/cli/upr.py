"""Commands over the monitoring record: upr, leniency, mandates, import.

Thin: each command calls one resource function (``rightsregime.resources.upr`` / ``.mandates`` /
``rightsregime.warehouse.imports``) and renders the Resource as rich tables, ``--json``
(``resource.to_dict()``) or ``--csv`` (its main table). Heavy imports stay inside the commands.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import app
from ._options import ChartOption, DbOption, JsonOption, console, emit_json, open_regime, save_chart

CsvOption = Annotated[bool, typer.Option("--csv", help="Print the main table as CSV to stdout.")]


def _cell(x, digits: int = 2) -> str:
    if x is None:
        return ""
    if isinstance(x, float):
        if x != x:
            return ""
        return f"{x:.{digits}f}"
    try:
        import pandas as pd

        if pd.isna(x):
            return ""
    except (TypeError, ValueError):
        pass
    return str(x)


def _pct(x) -> str:
    return "" if x is None or x != x else f"{100 * x:.0f}%"


def _table(title: str, frame, columns: list[tuple[str, str]], limit: int | None = None, pct=()) -> None:
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_lines=False)
    for _, header in columns:
        table.add_column(header)
    rows = frame if limit is None else frame.head(limit)
    for rec in rows.to_dict("records"):
        table.add_row(*[(_pct(rec.get(c)) if c in pct else _cell(rec.get(c))) for c, _ in columns])
    console.print(table)
    if limit is not None and len(frame) > limit:
        console.print(f"[dim]showing {limit} of {len(frame)}[/]")


def _output(resource, as_json: bool, as_csv: bool) -> bool:
    """Print JSON or CSV if asked; True when done."""
    if as_json:
        emit_json(resource.to_dict())
        return True
    if as_csv:
        resource.table().to_csv(sys.stdout, index=False)
        return True
    return False


def _notes(resource) -> None:
    for note in resource.notes:
        console.print(f"[dim]{note}[/]", soft_wrap=True)


@app.command("upr")
def upr_command(
    state: Annotated[str, typer.Argument(help="State code or name, e.g. CHN.")],
    as_: Annotated[str, typer.Option("--as", help="under_review (received) or recommending (made).")] = "under_review",
    cycle: Annotated[Optional[int], typer.Option("--cycle", help="UPR cycle: 1 (sessions 1-12) or 2 (13-26).")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Rows shown per table.")] = 15,
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    chart: ChartOption = None,
) -> None:
    """A state's UPR record: reviews, responses, action categories, issues, counterparts.

    Python: rightsregime.resources.upr.upr(reg, state, as_=..., cycle=...).
    """
    from ..resources.upr import upr, upr_chart

    with open_regime(db) as reg:
        resource = upr(reg, state, as_=as_, cycle=cycle)
    if chart:
        save_chart(upr_chart(resource), chart)
    if _output(resource, as_json, as_csv):
        return
    p = resource.params
    received = p["as"] == "under_review"
    console.print(f"[bold]{p['name']} ({p['state']})[/]: UPR recommendations "
                  f"{'received' if received else 'made'}{' in cycle ' + str(p['cycle']) if p['cycle'] else ''}")
    if received:
        _table("Reviews", resource["reviews"], [
            ("cycle", "cycle"), ("session", "session"), ("n", "recs"), ("distinct", "distinct"),
            ("supported", "supported"), ("noted", "noted"), ("acceptance", "accepted"),
            ("specific_share", "specific (5)"), ("minimal_share", "minimal (1)"),
            ("recommending_states", "states")], pct=("acceptance", "specific_share", "minimal_share"))
    else:
        _table("Recommendations made, by session", resource["reviews"], [
            ("cycle", "cycle"), ("session", "session"), ("n", "recs"), ("states_addressed", "states"),
            ("supported", "supported"), ("noted", "noted"), ("acceptance", "accepted"),
            ("specific_share", "specific (5)"), ("mean_category", "mean category")],
            pct=("acceptance", "specific_share"))
    _table("By action category (UPR Info: 1 minimal ... 5 specific)", resource["by_category"], [
        ("action_category", "#"), ("category", "category"), ("meaning", "what it asks"), ("n", "recs"),
        ("share", "share"), ("acceptance", "accepted"), ("acceptance_low", "low"), ("acceptance_high", "high")],
        pct=("share", "acceptance", "acceptance_low", "acceptance_high"))
    s = resource["specific"]
    console.print(f"Specific (category 5): {s['specific']} of {s['n']} = {_pct(s['share'])} "
                  f"(95% {_pct(s['share_low'])}-{_pct(s['share_high'])}); accepted {_pct(s['specific_acceptance'])}")
    _table("By issue", resource["by_issue"], [
        ("issue", "issue"), ("n", "recs"), ("acceptance", "accepted"), ("specific_share", "specific"),
        ("mean_category", "mean category"), ("thin", "thin")], limit=limit, pct=("acceptance", "specific_share"))
    who = "Recommending states" if received else "States addressed"
    side = "recommending" if received else "under_review"
    _table(who, resource["counterparts"], [
        (side, "state"), ("name", "name"), ("n", "recs"), ("mean_category", "mean category"),
        ("minimal_share", "minimal"), ("specific_share", "specific"), ("acceptance", "accepted"),
        ("top_issue", "top issue")], limit=limit, pct=("minimal_share", "specific_share", "acceptance"))
    _notes(resource)
