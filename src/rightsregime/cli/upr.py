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

from .. import params
from . import app
from ._options import ChartOption, CsvOption, DbOption, JsonOption, console, open_regime
from ._render import machine_readable, render, write_chart



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
    rows = frame if not limit else frame.head(limit)
    for rec in rows.to_dict("records"):
        table.add_row(*[(_pct(rec.get(c)) if c in pct else _cell(rec.get(c))) for c, _ in columns])
    console.print(table)
    if limit and len(frame) > limit:
        console.print(f"[dim]showing {limit} of {len(frame):,} rows; --limit 0 for all[/]")


def _notes(resource) -> None:
    from ._render import print_notes

    print_notes(resource)


@app.command("upr")
def upr_command(
    state: Annotated[str, typer.Argument(help="State code or name, e.g. CHN.", metavar="STATE")],
    as_: Annotated[str, typer.Option("--as", help="under_review (received) or recommending (made).", metavar="ROLE")] = "under_review",
    cycle: Annotated[Optional[int], typer.Option("--cycle", help="UPR cycle: 1 (sessions 1-12) or 2 (13-26).", metavar="CYCLE")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Rows shown per table (0: all).", metavar="N")] = 15,
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    chart: ChartOption = None,
) -> None:
    """A state's UPR record: reviews, responses, action categories, issues, counterparts.

    UPR action categories (UPR Info's scale, after McMahon 2012): 1 minimal action (addressed to others, or asks to seek or share assistance), 2 continuing action, 3 considering action, 4 general action, 5 specific action (a precise, verifiable step). The UPR data stop in 2014.

    Example: rightsregime upr CHN --as recommending --cycle 2 --chart upr.png

    Python: rightsregime.resources.upr.upr(reg, state, as_=..., cycle=...).
    """
    from ..resources.upr import upr, upr_chart

    with open_regime(db) as reg:
        resource = upr(reg, state, as_=as_, cycle=cycle)
    if chart:
        write_chart(upr_chart(resource), chart, data=resource["by_category"])
    if machine_readable(resource, json=as_json, csv=as_csv):
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


# The table keeps what fits 80 columns; --json carries vs_own, minimal_gap and issue_distance too.
# Voting agreement for the UPR measures comes from the GA or the Council (params.body checks it).
_AGREEMENT_BODIES = ("GA", "HRC")


_DYAD_COLUMNS = [("n", "recs"), ("mean_category", "mean cat."), ("leniency", "leniency"),
                 ("leniency_low", "low"), ("leniency_high", "high"), ("vs_others", "vs others"),
                 ("agreement", "agreement")]


@app.command("leniency")
def leniency_command(
    state: Annotated[str, typer.Argument(help="State code or name, e.g. CHN.", metavar="STATE")],
    min_n: Annotated[int, typer.Option("--min-n", help="Dyads with fewer recommendations are thin (not ranked).", metavar="N")] = 5,
    limit: Annotated[int, typer.Option("--limit", help="Rows per table.", metavar="N")] = 10,
    body: Annotated[str, typer.Option("--body", help="Voting agreement from GA or HRC roll calls, 2008-2014.", metavar="BODY")] = "GA",
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    chart: ChartOption = None,
) -> None:
    """Who goes easy on a state in the UPR, and on whom it goes easy (dyadic leniency, 2008-2014).

    UPR action categories (UPR Info's scale, after McMahon 2012): 1 minimal action (addressed to others, or asks to seek or share assistance), 2 continuing action, 3 considering action, 4 general action, 5 specific action (a precise, verifiable step). The UPR data stop in 2014.

    Example: rightsregime leniency CHN --min-n 5 --chart reviewers.png

    Python: rightsregime.resources.upr.leniency(reg, state, min_n=...).
    """
    from ..resources.upr import leniency, leniency_chart

    if min_n < 1:
        from ..errors import UsageError

        raise UsageError(f"--min-n {min_n}: use a positive number of recommendations.")
    with open_regime(db) as reg:
        resource = leniency(reg, state, min_n=min_n, limit=limit, body=params.body(body, valid=_AGREEMENT_BODIES))
    if chart:
        write_chart(leniency_chart(resource), chart, data=resource["reviewers"])
    if machine_readable(resource, json=as_json, csv=as_csv):
        return
    name = resource.params["name"]
    for key, title, side in (("softest_reviewers", f"Softest reviewers of {name}", "recommending"),
                             ("hardest_reviewers", f"Hardest reviewers of {name}", "recommending"),
                             ("goes_easy_on", f"States {name} goes easy on", "under_review"),
                             ("goes_hard_on", f"States {name} is hard on", "under_review")):
        frame = resource[key]
        if frame.empty:
            console.print(f"[dim]{title}: none with {min_n}+ recommendations.[/]")
            continue
        _table(title, frame, [(f"{side}_name", "state"), *_DYAD_COLUMNS])
    rec = resource["reciprocity"]
    corr = resource["agreement_correlation"]
    console.print(f"Leniency of {name}'s reviewers vs their {resource.params['body']} voting agreement with it: r = {_cell(corr['r'])} "
                  f"(95% {_cell(corr['low'])} to {_cell(corr['high'])}, {corr['n']} reviewers). "
                  f"Reciprocal pairs: {rec['pairs']}.")
    _notes(resource)


@app.command("partners")
def partners_command(
    min_n: Annotated[int, typer.Option("--min-n", help="Dyads with fewer recommendations are thin.", metavar="N")] = 5,
    body: Annotated[str, typer.Option("--body", help="Voting agreement from GA or HRC roll calls, 2008-2014.", metavar="BODY")] = "GA",
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    chart: ChartOption = None,
) -> None:
    """Terman & Voeten (2018) on the mirror: are UPR recommendations softer between strategic partners?

    UPR action categories (UPR Info's scale, after McMahon 2012): 1 minimal action (addressed to others, or asks to seek or share assistance), 2 continuing action, 3 considering action, 4 general action, 5 specific action (a precise, verifiable step). The UPR data stop in 2014.

    Example: rightsregime partners --body HRC --chart partners.svg

    Python: rightsregime.resources.upr.strategic_partners(reg).
    """
    from ..resources.upr import partners_chart, strategic_partners

    with open_regime(db) as reg:
        resource = strategic_partners(reg, min_n=min_n, body=params.body(body, valid=_AGREEMENT_BODIES))
    if chart:
        write_chart(partners_chart(resource), chart, data=resource["regressions"])
    if machine_readable(resource, json=as_json, csv=as_csv):
        return
    _table("Fixed-effects regressions (recommender and state-under-review effects; SE clustered by dyad)",
           resource["regressions"], [("y", "outcome"), ("x", "dyadic covariate"), ("beta", "slope"), ("se", "SE"),
                                     ("low", "low"), ("high", "high"), ("n", "recs"), ("clusters", "dyads")])
    c, r = resource["leniency_agreement_correlation"], resource["reciprocity"]
    console.print(f"Dyad leniency vs {resource.params['body']} agreement: r = {_cell(c['r'])} ({_cell(c['low'])} to {_cell(c['high'])}, "
                  f"{c['n']} dyads with {min_n}+ recommendations). Reciprocity: r = {_cell(r['r'])} "
                  f"({_cell(r['low'])} to {_cell(r['high'])}, {r['pairs']} pairs).")
    _notes(resource)


@app.command("mandates")
def mandates_command(
    state: Annotated[Optional[str], typer.Option("--state", help="Only the series on this state, e.g. BLR.", metavar="STATE")] = None,
    unplaced: Annotated[bool, typer.Option("--unplaced", help="List the country texts not placed on one state.", metavar="")] = False,
    limit: Annotated[int, typer.Option("--limit", help="Rows per table (0: all).", metavar="N")] = 40,
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Country mandates read off the CHR/HRC record: series of country texts, renewals and their votes.

    Example: rightsregime mandates --state BLR

    Python: rightsregime.resources.mandates.mandates(reg, state=...).
    """
    from ..resources.mandates import mandates

    with open_regime(db) as reg:
        resource = mandates(reg, state=state)
    if machine_readable(resource, json=as_json, csv=as_csv):
        return
    _table("Country mandate series (CHR/HRC texts of one kind on one state)", resource["series"], [
        ("iso3", "state"), ("family", "kind"), ("bodies", "body"), ("created", "created"), ("created_by", "by"),
        ("last_year", "last text"), ("renewals", "renewals"), ("recorded_votes", "votes"), ("ended", "ended"),
        *([("milestones", "milestones")] if state else [])],
        limit=None if state else limit)
    if state:
        texts = resource["texts"].assign(vote=lambda f: [
            f"{int(y)}-{int(n)}-{int(a)}" if m == "recorded" and y == y and n == n and a == a else (m or "")
            for y, n, a, m in
            zip(f["yes"], f["no"], f["abstain"], f["modality"])])
        _table("Texts", texts, [("series_id", "series"), ("role", "role"), ("symbol", "symbol"), ("date", "date"),
                                ("vote", "vote (yes-no-abstain)")])
        if not resource["events"].empty:
            _table("Cited events", resource["events"], [("event", "event"), ("year", "year"), ("symbol", "symbol"),
                                                         ("mandate", "mandate"), ("confidence", "conf.")])
    if unplaced:
        _table("Not placed on one state", resource["unplaced"], [("symbol", "symbol"), ("year", "year"),
                                                                 ("title", "title"), ("reason", "reason")])
    _notes(resource)


@app.command("import")
def import_command(
    kind: Annotated[str, typer.Argument(help="sp-mandates, sp-visits, standing-invitations, treaty-reviews, "
                                        "treaty-members, ngo-applications or joint-statements.", metavar="KIND")],
    file: Annotated[Path, typer.Argument(help="UTF-8 CSV in the format of docs/imports.md.", dir_okay=False, metavar="FILE")],
    check: Annotated[bool, typer.Option("--check", help="Validate only; load nothing.", metavar="")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Load a CSV of a mechanism the public sources lack (visits, treaty reviews, joint statements...).

    Every bad row is named with its fault and nothing is loaded; a good file is loaded in one
    transaction (re-importing a file of the same name replaces its rows).

    Example: rightsregime import sp-visits visits.csv --check

    Python:
    rightsregime.warehouse.imports.import_file(reg, kind, file).
    """
    from ..warehouse import imports

    k = imports.kind_of(kind)
    if check:
        with open_regime(db) as reg:
            v = imports.validate_file(file, k, lookup=reg.lookup_state)
        imports.raise_if_faulty(v, file.name)
        result = {"kind": k.name, "table": k.table, "file": str(file), "rows": int(len(v.rows)), "loaded": False}
    else:
        from .. import open as rr_open

        with rr_open(db, read_only=False) as reg:
            result = {**imports.import_file(reg, k.name, file), "loaded": True}
    if as_json:
        from ..resources import Resource

        render(Resource("import", params={"kind": k.name, "file": str(file)}, data=result), json=True)
        return
    verb = "loaded into" if result["loaded"] else "valid for"
    console.print(f"{file.name}: {result['rows']} row(s) {verb} {result['table']}"
                  + (f" (replacing {result['replaced']} from an earlier import)" if result.get("replaced") else "")
                  + ".")


@app.command("mechanisms")
def mechanisms_command(
    state: Annotated[str, typer.Argument(help="State code or name, e.g. CHN.", metavar="STATE")],
    db: DbOption = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """What the warehouse holds on a state's engagement with the mechanisms the sources lack
    (visits, treaty reviews, NGO questions, joint statements), and which are absent.

    Example: rightsregime mechanisms CHN

    Python: rightsregime.resources.upr.mechanisms(reg, state).
    """
    from ..resources.upr import mechanisms

    with open_regime(db) as reg:
        resource = mechanisms(reg, state)
    if machine_readable(resource, json=as_json, csv=as_csv):
        return
    _table(f"Imported mechanisms: {resource.params['name']}", resource["coverage"], [
        ("kind", "kind"), ("rows_loaded", "rows (all states)"), ("rows_on_state", "on this state"),
        ("status", "status")])
    if not resource["joint_statements"].empty:
        _table("Joint statements signed or concerning it", resource["joint_statements"], [
            ("date", "date"), ("forum", "forum"), ("symbol", "symbol"), ("stance", "stance"),
            ("concerning", "about"), ("role", "role"), ("n_signatories", "signatories")])
    _notes(resource)
