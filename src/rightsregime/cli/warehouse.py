"""Commands over the warehouse: build, sources, state, states, decision, decisions, export, checks."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from ..errors import RightsRegimeError
from ..params import year_ranges
from . import app
from ._options import (BodyOption, CsvOption, DbOption, JsonOption, KindOption, LimitOption, SourcesOption,
                       SubjectOption, YearsOption, console, err_console, open_regime)
from ._render import cell, render, shorten, table

POSITION_STYLE = {"yes": "green", "no": "red", "abstain": "yellow", "non_voting": "magenta", "absent": "dim"}


# -- build ---------------------------------------------------------------------------------------
@app.command()
def build(
    db: DbOption = None,
    sources: SourcesOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.", metavar="")] = False,
    undl: Annotated[Optional[list[Path]], typer.Option(
        "--undl-ga", help="An official UN Digital Library GA voting CSV to load as well (repeatable).",
        exists=True, dir_okay=False, metavar="FILE")] = None,
    declarations: Annotated[Optional[list[Path]], typer.Option(
        "--declarations", help="A CSV of article-level declarations (ICERD 14, CAT 22, CPED 31...; "
        "docs/monitoring.md) to load as well (repeatable).", exists=True, dir_okay=False,
        metavar="FILE")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace the file at --db even if it is not a rightsregime warehouse.", metavar="")] = False,
):
    """Build the warehouse from every source (atomic: the previous one stays until the new one is complete).

    Example: rightsregime build --sources ~/mirror -q
    """
    from ..warehouse.build import build as run_build, check_balanced

    summary = run_build(db, sources_dir=sources, progress=not (quiet or json or csv), undl_files=undl,
                        declarations_files=declarations, force=force)
    from ..resources import warehouse as res

    def text(r):
        summary = r["sources"]
        t = Table(title=f"Warehouse built: {r['path']} ({r['seconds']:.1f} s)")
        for col in ("source", "read", "loaded", "merged", "quarantined", "seconds"):
            t.add_column(col, justify="left" if col == "source" else "right")
        for row in summary.to_dict("records"):
            t.add_row(row["source"], f"{row['read']:,}", f"{row['loaded']:,}", f"{row['merged']:,}",
                      f"{row['quarantined']:,}", f"{row['seconds']:.2f}")
        totals = summary[["read", "loaded", "merged", "quarantined"]].sum()
        t.add_row("total", *(f"{int(totals[c]):,}" for c in ("read", "loaded", "merged", "quarantined")), "",
                  style="bold")
        console.print(t)

    r = res.build_summary(summary)
    render(r, json=json, csv=csv, text=text)
    if r["unbalanced"]:
        err_console.print(f"[yellow]Warning:[/] rows do not add up for {', '.join(r['unbalanced'])}.")


# -- sources -------------------------------------------------------------------------------------
sources_app = typer.Typer(help="The public sources: list, check, hash, fetch.\n\nExample: rightsregime sources "
                          "--sources ~/mirror", invoke_without_command=True,
                          no_args_is_help=False)
app.add_typer(sources_app, name="sources")


@sources_app.callback()
def sources_list(ctx: typer.Context, sources: SourcesOption = None, json: JsonOption = False,
                 csv: CsvOption = False, db: DbOption = None):
    """List each source with its coverage, licence, citation and whether its files are present and intact.

    Example: rightsregime sources --sources ~/mirror
    """
    if ctx.invoked_subcommand is not None:
        return
    from ..resources import warehouse as res

    def text(r):
        # One block per source: four long texts side by side do not fit 80 columns.
        from rich.markup import escape

        for row in r["sources"].to_dict("records"):
            style = "green" if row["status"].startswith("present") else "red"
            console.print(f"[bold]{row['source']}[/]  [{style}]{escape(row['status'])}[/]")
            for label in ("coverage", "licence", "citation"):
                console.print(f"  {label}: {escape(str(row[label]))}", highlight=False)

    render(res.sources(sources), json=json, csv=csv, text=text)


@sources_app.command("hash")
def sources_hash(folder: Annotated[Path, typer.Argument(exists=True, file_okay=False, metavar="FOLDER")],
                 db: DbOption = None):
    """Print registry lines (name sha256:hex) for every file under FOLDER, to paste in sources/registry/.

    Example: rightsregime sources hash ~/mirror/unvotes
    """
    from ..sources._fetch import make_registry

    typer.echo(make_registry(folder), nl=False)


@sources_app.command("fetch")
def sources_fetch(
    name: Annotated[Optional[str], typer.Argument(help="Source name (default: all).", metavar="[SOURCE]")] = None,
    force: Annotated[bool, typer.Option("--force", help="Download again even if cached.", metavar="")] = False,
    db: DbOption = None,
):
    """Download sources into the user cache, verifying each file's hash.

    Example: rightsregime sources fetch unvotes
    """
    from .._paths import cache_dir
    from ..sources import by_name
    from ..sources._fetch import fetch_file, locate

    mods = by_name()
    if name and name not in mods:
        from ..errors import SourceError, closest

        hint = closest(name, mods)
        raise SourceError(f"Unknown source {name!r}." + (f" Did you mean {hint[0]}?" if hint else "")
                          + f" Sources: {', '.join(mods)}.")
    for m in ([mods[name]] if name else mods.values()):
        if force:
            for f in m.SOURCE.files:
                fetch_file(m.SOURCE, f, cache_dir() / m.SOURCE.name / f.name)
        else:
            locate(m.SOURCE, None, download=True)
        err_console.print(f"{m.SOURCE.name}: {len(m.SOURCE.files)} files verified in {cache_dir() / m.SOURCE.name}")


# -- states --------------------------------------------------------------------------------------
@app.command()
def states(db: DbOption = None, json: JsonOption = False, csv: CsvOption = False):
    """List states with codes, names, UN admission and regional group.

    Example: rightsregime states --csv > states.csv
    """
    from ..resources import warehouse as res

    with open_regime(db) as reg:
        r = res.states(reg)

    def text(r):
        df = r["states"]
        df = df.assign(admitted=df["admitted"].map(lambda v: cell(v)[:10]),
                       left=df["left"].map(lambda v: cell(v)[:10]))
        console.print(table(df, ["iso3", "name", "admitted", "left", "regional_group", "status"],
                            labels={"regional_group": "group"}, widths={"name": 30}))

    render(r, json=json, csv=csv, text=text)


@app.command()
def state(
    code: Annotated[str, typer.Argument(help="ISO3 code or name, e.g. CHN or 'China'.", metavar="STATE")],
    db: DbOption = None,
    json: JsonOption = False,
):
    """A state's profile: names, groups, memberships, ratifications, voting record, UPR engagement.

    UPR action categories (UPR Info's scale, after McMahon 2012): 1 minimal action, 2 continuing action, 3 considering action, 4 general action, 5 specific action. UPR data stop in 2014; ratifications are as of mid-2022.

    Example: rightsregime state CHN
    """
    from ..resources import warehouse as res

    with open_regime(db) as reg:
        r = res.state(reg, code)
    render(r, json=json, text=lambda r: _print_profile(r.data))


def _print_profile(doc: dict) -> None:
    console.rule(f"[bold]{doc['name']}[/] ({doc['iso3']})")
    console.print(f"UN member since {doc['admitted'] or '-'}" + (f", until {doc['left']}" if doc["left"] else "")
                  + (f"; successor {doc['successor']}" if doc.get("successor") else ""))
    if doc["names"]:
        spells = [f"{n['name']}" + (f" [{n['iso3']}]" if n["iso3"] != doc["iso3"] else "")
                  + f" ({str(n['valid_from'] or '')[:4]}-{str(n['valid_to'] or '')[:4]})" for n in doc["names"]]
        console.print("Names: " + "; ".join(spells))
    console.print(f"Regional group: {doc['regional_group'] or '-'}")
    blocs = [g["group_id"] for g in doc["groups"] if g["kind"] != "regional"]
    console.print("Blocs: " + (", ".join(blocs) or "-"))
    for body, years in doc["memberships"].items():
        console.print(f"{body} member: {year_ranges(years)}")
    t = Table(title="Ratifications (18 instruments)")
    for col in ("instrument", "status", "year"):
        t.add_column(col)
    for inst, r in doc["ratifications"].items():
        style = {"party": "green", "signatory": "yellow"}.get(r["status"], "dim")
        t.add_row(inst, f"[{style}]{r['status']}[/]", str(r["year"] or ""))
    console.print(t)
    ilo = doc.get("ilo_conventions", {})
    if ilo:
        done = [f"{c} {r['year']}" + (f" (denounced {r['denounced']})" if r["denounced"] else "")
                for c, r in ilo.items() if r["year"]]
        console.print(f"ILO fundamental conventions ({len(done)} of {len(ilo)}): " + (", ".join(done) or "none")
                      + "; not ratified: " + (", ".join(c for c, r in ilo.items() if not r["year"]) or "-"))
    t = Table(title="Voting record")
    for col in ("body", "yes", "no", "abstain", "non_voting", "absent"):
        t.add_column(col, justify="right")
    for body, c in doc["voting"].items():
        t.add_row(body, *(f"{c.get(p, 0):,}" for p in ("yes", "no", "abstain", "non_voting", "absent")))
    console.print(t)
    for focal, bodies in doc["agreement"].items():
        t = Table(title=f"Agreement with {focal} (share of identical positions)")
        decades = sorted({d for b in bodies.values() for d in b})
        t.add_column("body")
        for d in decades:
            t.add_column(d, justify="right")
        for body, by_dec in bodies.items():
            t.add_row(body, *(f"{by_dec[d]['agreement']:.2f}" if d in by_dec else "" for d in decades))
        console.print(t)
    categories = doc.get("upr_action_categories", {})
    for side in ("received", "made"):
        u = doc["upr"][side]
        parts = ", ".join(f"{k} {v:,}" for k, v in u["by_response"].items())
        console.print(f"UPR recommendations {side}: {u['total']:,} ({parts or 'none'})")
        if u["by_action_category"]:
            cats = "; ".join(f"{c} {categories.get(int(c), '')}".rstrip() + ": "
                             + ", ".join(f"{k} {v}" for k, v in d.items())
                             for c, d in sorted(u["by_action_category"].items()))
            console.print(f"  by action category: {cats}", highlight=False)
    if categories and any(doc["upr"][s]["by_action_category"] for s in ("received", "made")):
        console.print("  (UPR Info action categories, after McMahon 2012: 1 minimal action, "
                      "2 continuing, 3 considering, 4 general, 5 specific action)", style="dim")


# -- decisions -----------------------------------------------------------------------------------
@app.command()
def decision(
    symbol: Annotated[str, typer.Argument(help="Symbol (A/HRC/RES/37/23, A/RES/68/262, a draft or amendment) "
                                          "or decision_id.", metavar="SYMBOL")],
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
):
    """One decision: title, body, date, agenda, sponsors, outcome, totals, every member's position by group.

    --csv writes the roll call: one row per member with its name, regional group and position.

    Example: rightsregime decision A/HRC/RES/37/23
    """
    from ..resources import warehouse as res

    with open_regime(db) as reg:
        r = res.decision(reg, symbol)
    render(r, json=json, csv=csv, text=lambda r: _print_decision(r.data, db))


def _blank(v) -> bool:
    return v is None or v == "" or (isinstance(v, float) and v != v)


def _print_decision(doc: dict, db=None) -> None:
    console.rule(f"[bold]{doc['symbol']}[/]  {doc['body']}  {doc['date'] or ''}")
    console.print(f"[bold]{doc['title'] or ''}[/]")
    for label, key in (("Kind", "kind"), ("Draft", "draft_symbol"), ("Amends", "amends"), ("Session", "session"),
                       ("Agenda item", "agenda_item"), ("Subjects", "subjects"), ("Sponsors", "sponsors"),
                       ("Modality", "modality")):
        if not _blank(doc.get(key)):
            console.print(f"{label}: {doc[key]}")
    if doc.get("note"):
        console.print(f"[italic]{doc['note']}[/]")
    color = {"adopted": "green", "rejected": "red"}.get(doc["outcome"], "yellow")
    console.print(f"Outcome: [{color}]{doc['outcome']}[/]")
    t = doc["totals"]
    c = doc["roll_call_counts"]
    ev = doc.get("tally")
    if ev:  # the chosen tally, its basis, and the other counts where they differ
        def fig(x):
            return "-".join("?" if x[k] is None else str(x[k]) for k in ("yes", "no", "abstain")) + (
                f", {x['non_voting']} non-voting" if x.get("non_voting") else "")
        flag = " [bold red]disputed[/]" if ev["disputed"] else ""
        console.print(f"Tally: [bold]{fig(ev['chosen'])}[/] ({ev['basis']}: {ev['why']}){flag}")
        labels = {"official": "Official totals", "roll_call": "Roll call", "second_harvest": "Second harvest",
                  "published": "Published record"}
        for k in ev["differ"]:
            console.print(f"  {labels[k]}: {fig(ev[k])}")
        if ev.get("citation"):
            console.print(f"  Source: {ev['citation']}")
        if ev.get("note"):
            console.print(f"  {ev['note']}")
    elif any(v is not None for v in t.values()):
        console.print("Official totals: " + "-".join("?" if t[k] is None else str(t[k]) for k in ("yes", "no", "abstain"))
                      + (f", {t['non_voting']} non-voting" if t.get("non_voting") else ""))
    if doc["votes"]:
        console.print(f"Roll call: {c['yes']}-{c['no']}-{c['abstain']}, {c['non_voting']} non-voting, {c['absent']} absent"
                      + (f" (UN members with no recorded position: {len(doc['derived_absent'])})" if doc["derived_absent"] else ""))
        groups = Table(title="Positions by regional group", title_justify="left")
        groups.add_column("group", no_wrap=True)
        for p in ("yes", "no", "abstain", "non_voting", "absent"):
            groups.add_column(p, overflow="fold")
        for group in sorted(doc["by_group"]):
            cells = doc["by_group"][group]
            groups.add_row(group, *(" ".join(sorted(cells.get(p, []))) for p in ("yes", "no", "abstain", "non_voting", "absent")))
        console.print(groups)
    if doc["mismatches"]:
        console.print("[bold red]Mismatches:[/]")
        for m in doc["mismatches"]:
            console.print(f"  {m['what']}: expected {m['expected']}, found {m['found']} ({m['source']})")
    elif doc["votes"] and (doc.get("official_totals") or {}).get("yes") is not None:
        console.print("[green]Roll call agrees with the official totals.[/]")
    for a in doc["amendments"]:
        label = "Motion" if a["kind"] == "motion" else "Amendment"
        console.print(f"{label} {a['symbol']}: {a['outcome']} ({a['yes']}-{a['no']}-{a['abstain']})")
    for c in doc.get("citations", []):
        console.print(f"Source ({'corroborated' if c['confidence'] == 'C' else 'widely reported'}): "
                      f"{c['citation']}", highlight=False)
    if doc["other_records"]:
        console.print(f"Other records with this symbol: {', '.join(doc['other_records'])}")
    if doc["votes"]:  # issue 9: the split of each group and bloc, and the most divided
        from .questions import print_splits, splits_for

        print_splits(splits_for(db, doc["decision_id"]))


@app.command()
def decisions(
    body: Annotated[Optional[str], typer.Option("--body", help="GA, SC, HRC or CHR (comma-separated).",
                                                metavar="BODY")] = None,
    years: YearsOption = None,
    text: Annotated[Optional[str], typer.Option("--text", help="Words in the title or symbol (matched literally).",
                                                metavar="TEXT")] = None,
    kind: Annotated[Optional[str], typer.Option(
        "--kind", help="resolution, decision, amendment, motion, paragraph, draft (comma-separated).",
        metavar="KIND")] = None,
    outcome: Annotated[Optional[str], typer.Option("--outcome", help="adopted, rejected, withdrawn, "
                                                   "not considered, unknown.", metavar="OUTCOME")] = None,
    subject: Annotated[Optional[str], typer.Option("--subject", help="Subject or issue tag (substring).",
                                                   metavar="TEXT")] = None,
    scope: Annotated[Optional[str], typer.Option(
        "--scope", help="country-specific or thematic (as 'rightsregime classify' decides).",
        metavar="SCOPE")] = None,
    concerning: Annotated[Optional[str], typer.Option(
        "--concerning", help="Only texts about this state (named in the title or subjects), e.g. LKA.",
        metavar="STATE")] = None,
    voted: Annotated[Optional[list[str]], typer.Option(
        "--voted", help="Only recorded votes where this state took this position, e.g. CHN=no "
        "(repeatable: every condition must hold).", metavar="STATE=POSITION")] = None,
    limit: LimitOption = 50,
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
):
    """Search decisions: by body, years, words, kind, outcome, subject, scope, the state a text
    concerns, and who voted how.

    Example: rightsregime decisions --scope country-specific --concerning LKA --voted CHN=no
    """
    from ..resources import warehouse as res

    with open_regime(db) as reg:
        r = res.decisions(reg, body=body, years=years, text=text, kind=kind, outcome=outcome,
                          subject=subject, scope=scope, concerning=concerning, voted=voted,
                          limit=limit)

    def show(r):
        df = r["decisions"]
        df = df.assign(votes=[("" if _blank(y) else f"{int(y)}-{int(n)}-{int(a)}")
                              for y, n, a in zip(df["yes"], df["no"], df["abstain"])],
                       date=df["date"].map(lambda v: cell(v)[:10]))
        # One body in the answer: say it once in the title and leave its column to the titles.
        bodies = sorted(set(df["body_id"].dropna()))
        one = len(bodies) == 1
        columns = ["symbol", *([] if one else ["body_id"]), "date", "outcome", "votes", "title"]
        console.print(table(df, columns, labels={"body_id": "body"},
                            title=f"{r['count']:,} decisions" + (f" ({bodies[0]})" if one else "")))

    render(r, json=json, csv=csv, text=show)


# -- checks and export ---------------------------------------------------------------------------
@app.command()
def quarantine(db: DbOption = None, json: JsonOption = False, csv: CsvOption = False,
               source: Annotated[Optional[str], typer.Option("--source", help="Only this source.",
                                                             metavar="SOURCE")] = None,
               limit: LimitOption = 50):
    """Source rows that could not be loaded, with the reason.

    Example: rightsregime quarantine --source hrc-voting
    """
    from ..resources import warehouse as res

    with open_regime(db) as reg:
        r = res.quarantine(reg, source=source, limit=limit)

    def text(r):
        console.print(table(r["summary"], ["source", "reason", "rows"],
                            title=f"{r['count']:,} quarantined rows", widths={"reason": 50}))

    render(r, json=json, csv=csv, text=text)


@app.command()
def reconciliation(db: DbOption = None, json: JsonOption = False, csv: CsvOption = False,
                   what: Annotated[Optional[str], typer.Option(
                       "--what", help="Only rows whose 'what' contains this.", metavar="TEXT")] = None,
                   limit: LimitOption = 50):
    """Roll calls that disagree with official totals, disagreements between harvests, membership checks.

    Example: rightsregime reconciliation --what outcome
    """
    from ..resources import warehouse as res

    with open_regime(db) as reg:
        r = res.reconciliation(reg, what=what, limit=limit)

    def text(r):
        console.print(table(r["rows"], ["symbol", "what", "expected", "found", "source"],
                            title=f"{r['count']:,} reconciliation rows, {r['decisions']:,} decisions",
                            widths={"what": 30, "expected": 30, "found": 30}))

    render(r, json=json, csv=csv, text=text)


@app.command()
def export(
    directory: Annotated[str, typer.Argument(help="Folder to write one file per table into.", metavar="DIR")],
    format: Annotated[str, typer.Option("--format", help="parquet or csv.", metavar="FORMAT")] = "parquet",
    tables: Annotated[Optional[str], typer.Option(
        "--tables", metavar="TABLES", help="Only a slice, as flat tables: votes (one row per state and decision, with "
        "names, group, scope, outcome) and/or decisions (with scope), comma-separated.")] = None,
    body: Annotated[Optional[str], typer.Option("--body", metavar="BODY", help="With --tables: GA, HRC, CHR or SC.")] = None,
    years: Annotated[Optional[str], typer.Option("--years", metavar="YEARS", help="With --tables: a year or a range.")] = None,
    db: DbOption = None,
):
    """Write every table of the warehouse to DIR as Parquet or CSV, or with --tables a slice of
    the record as flat tables.

    Example: rightsregime export out/ --tables votes,decisions --body HRC --years 2016-2022
    """
    from .. import params as parse

    target = parse.path(directory, option="DIR")
    fmt = parse.choices(format, ("parquet", "csv"), option="--format", what="format")[0]
    if tables or body or years:  # the slice, from the export resource
        from ..resources.export import slice_tables, write_tables

        with open_regime(db) as reg:
            res = slice_tables(reg, tables=tables or "votes,decisions", body=body, years=years)
        for path in write_tables({k: res[k] for k in res.params["tables"]}, target, fmt):
            err_console.print(f"{path.stem}: {path} ({res['counts'][path.stem]:,} rows)", highlight=False)
        for note in res.notes:
            err_console.print(f"Note: {note}")
        return
    from ..warehouse.export import export_tables

    with open_regime(db) as reg:
        export_tables(reg, target, fmt,
                      on_written=lambda table, path: err_console.print(f"{table}: {path}",
                                                                       markup=False, highlight=False))


# -- membership ----------------------------------------------------------------------------------
@app.command()
def members(
    body: Annotated[str, typer.Option("--body", help="HRC or CHR.", metavar="BODY")] = "HRC",
    year: Annotated[Optional[int], typer.Option(
        "--year", help="One year: its members by regional group, with mid-year changes.", metavar="YEAR")] = None,
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
):
    """Membership of the Council (or Commission) year by year, by regional group, from the roll calls.

    HRC years are Council years: June to June until 2011, calendar years from 2012 (GA res 65/281).
    A year with more states than seats names who left and who took the seat.

    Example: rightsregime members --year 2022
    """
    from ..resources import warehouse as res

    with open_regime(db) as reg:
        r = res.members(reg, body=body, year=year)
    render(r, json=json, csv=csv, text=_print_members)


def _print_members(r) -> None:
    from ..regime import REGIONAL_GROUPS

    seats = r["seats"]
    if r.params["year"] is not None:
        t = Table(title=f"{r['body']} members, {r['year']}: "
                  f"{sum(len(v) for v in r['members'].values())} states", title_justify="left")
        t.add_column("group", no_wrap=True)
        t.add_column("seats", justify="right")
        t.add_column("members", overflow="fold")
        for g, codes in r["members"].items():
            t.add_row(g, f"{len(codes)}/{seats[g]}" if g in seats else str(len(codes)), " ".join(codes))
        console.print(t)
        for c in r["changes"]:
            console.print(f"{c['iso3']} {c['what']} on {c['date']}")
        for e in r["events"]:  # the cited events behind the changes (suspensions, by-elections)
            console.print(f"{e['iso3']} {e['event']} on {e['date']} ({e['decided_by']})")
        return
    t = Table(title=f"{r['body']} membership by year (states listed in the roll calls)", title_justify="left")
    t.add_column("year")
    groups = list(REGIONAL_GROUPS)
    for g in groups + ["total"]:
        t.add_column(g, justify="right")
    for row in r["by_year"].to_dict("records"):
        cells = []
        for g in groups:
            style = "" if g not in seats or row[g] == seats[g] else "yellow"
            cells.append(f"[{style}]{row[g]}[/]" if style else str(row[g]))
        t.add_row(str(row["year"]), *cells, str(row["total"]))
    console.print(t)
