"""Commands over the warehouse: build, sources, state, states, decision, decisions, export, checks."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import pandas as pd
import typer
from rich.table import Table

from ..errors import RightsRegimeError
from . import app
from ._options import DbOption, JsonOption, SourcesOption, console, emit_json, err_console, open_regime

POSITION_STYLE = {"yes": "green", "no": "red", "abstain": "yellow", "non_voting": "magenta", "absent": "dim"}


# -- build ---------------------------------------------------------------------------------------
@app.command()
def build(
    db: DbOption = None,
    sources: SourcesOption = None,
    json: JsonOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
    undl: Annotated[Optional[list[Path]], typer.Option(
        "--undl-ga", help="An official UN Digital Library GA voting CSV to load as well (repeatable).",
        exists=True, dir_okay=False)] = None,
):
    """Build the warehouse from every source (atomic: the previous one stays until the new one is complete)."""
    from ..warehouse.build import build as run_build, check_balanced

    summary = run_build(db, sources_dir=sources, progress=not quiet and not json, undl_files=undl)
    if json:
        emit_json({"path": summary.attrs["path"], "seconds": round(summary.attrs["seconds"], 2),
                   "sources": summary.to_dict("records")})
        return
    table = Table(title=f"Warehouse built: {summary.attrs['path']} ({summary.attrs['seconds']:.1f} s)")
    for col in ("source", "read", "loaded", "merged", "quarantined", "seconds"):
        table.add_column(col, justify="left" if col == "source" else "right")
    for r in summary.to_dict("records"):
        table.add_row(r["source"], f"{r['read']:,}", f"{r['loaded']:,}", f"{r['merged']:,}",
                      f"{r['quarantined']:,}", f"{r['seconds']:.2f}")
    totals = summary[["read", "loaded", "merged", "quarantined"]].sum()
    table.add_row("total", *(f"{int(totals[c]):,}" for c in ("read", "loaded", "merged", "quarantined")), "",
                  style="bold")
    console.print(table)
    unbalanced = check_balanced(summary)
    if len(unbalanced):
        err_console.print(f"[yellow]Warning:[/] rows do not add up for {', '.join(unbalanced['source'])}.")


# -- sources -------------------------------------------------------------------------------------
sources_app = typer.Typer(help="The public sources: list, check, hash, fetch.", invoke_without_command=True,
                          no_args_is_help=False)
app.add_typer(sources_app, name="sources")


@sources_app.callback()
def sources_list(ctx: typer.Context, sources: SourcesOption = None, json: JsonOption = False):
    """List each source with its coverage, licence, citation and whether its files are present and intact."""
    if ctx.invoked_subcommand is not None:
        return
    from ..sources import modules
    from ..sources._fetch import locate
    from ..errors import SourceError, SourceFileMissing

    rows = []
    for m in modules():
        s = m.SOURCE
        try:
            locate(s, sources, download=False)
            state = "present, intact"
        except SourceError as exc:
            state = "missing" if isinstance(exc, SourceFileMissing) else "ALTERED"
            state += f": {exc.file}" if exc.file else ""
        rows.append({"source": s.name, "title": s.title, "coverage": s.coverage, "licence": s.licence,
                     "citation": s.citation, "home": s.home, "files": len(s.files), "status": state,
                     "codebook_only": s.codebook_only})
    if json:
        emit_json({"sources": rows})
        return
    table = Table(show_lines=True)
    table.add_column("source", no_wrap=True)
    for col in ("coverage", "licence", "citation", "status"):
        table.add_column(col, overflow="fold")
    for r in rows:
        style = "green" if r["status"].startswith("present") else "red"
        table.add_row(r["source"], r["coverage"], r["licence"], r["citation"], f"[{style}]{r['status']}[/]")
    console.print(table)


@sources_app.command("hash")
def sources_hash(folder: Annotated[Path, typer.Argument(exists=True, file_okay=False)]):
    """Print registry lines (name sha256:hex) for every file under FOLDER, to paste in sources/registry/."""
    from ..sources._fetch import make_registry

    typer.echo(make_registry(folder), nl=False)


@sources_app.command("fetch")
def sources_fetch(
    name: Annotated[Optional[str], typer.Argument(help="Source name (default: all).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Download again even if cached.")] = False,
):
    """Download sources into the user cache, verifying each file's hash."""
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
def states(db: DbOption = None, json: JsonOption = False):
    """List states with codes, names, UN admission and regional group."""
    with open_regime(db) as reg:
        df = reg.states()
    if json:
        emit_json({"states": df.to_dict("records")})
        return
    table = Table()
    for col in ("iso3", "name", "admitted", "left", "regional_group", "status"):
        table.add_column(col)
    for r in df.to_dict("records"):
        table.add_row(*(("" if pd.isna(r[c]) else str(r[c])[:10] if c in ("admitted", "left") else str(r[c]))
                        for c in ("iso3", "name", "admitted", "left", "regional_group", "status")))
    console.print(table)


@app.command()
def state(
    code: Annotated[str, typer.Argument(help="ISO3 code or name, e.g. CHN or 'China'.")],
    db: DbOption = None,
    json: JsonOption = False,
):
    """A state's profile: names, groups, memberships, ratifications, voting record, UPR engagement."""
    with open_regime(db) as reg:
        doc = reg.state_profile(code)
    if json:
        emit_json(doc)
        return
    _print_profile(doc)


def _years_ranges(years: list[int]) -> str:
    if not years:
        return "-"
    out, start, prev = [], years[0], years[0]
    for y in years[1:] + [None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        out.append(f"{start}" if start == prev else f"{start}-{prev}")
        if y is not None:
            start = prev = y
    return ", ".join(out)


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
        console.print(f"{body} member: {_years_ranges(years)}")
    t = Table(title="Ratifications (18 instruments)")
    for col in ("instrument", "status", "year"):
        t.add_column(col)
    for inst, r in doc["ratifications"].items():
        style = {"party": "green", "signatory": "yellow"}.get(r["status"], "dim")
        t.add_row(inst, f"[{style}]{r['status']}[/]", str(r["year"] or ""))
    console.print(t)
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
    for side in ("received", "made"):
        u = doc["upr"][side]
        parts = ", ".join(f"{k} {v:,}" for k, v in u["by_response"].items())
        console.print(f"UPR recommendations {side}: {u['total']:,} ({parts or 'none'})")
        if u["by_action_category"]:
            cats = "; ".join(f"cat {c}: " + ", ".join(f"{k} {v}" for k, v in d.items())
                             for c, d in sorted(u["by_action_category"].items()))
            console.print(f"  by action category: {cats}")


# -- decisions -----------------------------------------------------------------------------------
@app.command()
def decision(
    symbol: Annotated[str, typer.Argument(help="Symbol (A/HRC/RES/37/23, A/RES/68/262, a draft or amendment) or decision_id.")],
    db: DbOption = None,
    json: JsonOption = False,
):
    """One decision: title, body, date, agenda, sponsors, outcome, totals, every member's position by group."""
    with open_regime(db) as reg:
        doc = reg.decision(symbol)
    if json:
        emit_json(doc)
        return
    console.rule(f"[bold]{doc['symbol']}[/]  {doc['body']}  {doc['date'] or ''}")
    console.print(f"[bold]{doc['title'] or ''}[/]")
    for label, key in (("Kind", "kind"), ("Draft", "draft_symbol"), ("Amends", "amends"), ("Session", "session"),
                       ("Agenda item", "agenda_item"), ("Subjects", "subjects"), ("Sponsors", "sponsors"),
                       ("Modality", "modality")):
        if doc.get(key) and not (isinstance(doc[key], float) and pd.isna(doc[key])):
            console.print(f"{label}: {doc[key]}")
    if doc.get("note"):
        console.print(f"[italic]{doc['note']}[/]")
    color = {"adopted": "green", "rejected": "red"}.get(doc["outcome"], "yellow")
    console.print(f"Outcome: [{color}]{doc['outcome']}[/]")
    t = doc["totals"]
    c = doc["roll_call_counts"]
    if any(v is not None for v in t.values()):
        console.print("Official totals: " + "-".join("?" if t[k] is None else str(t[k]) for k in ("yes", "no", "abstain"))
                      + (f", {t['non_voting']} non-voting" if t.get("non_voting") else ""))
    if doc["votes"]:
        console.print(f"Roll call: {c['yes']}-{c['no']}-{c['abstain']}, {c['non_voting']} non-voting, {c['absent']} absent"
                      + (f" (UN members with no recorded position: {len(doc['derived_absent'])})" if doc["derived_absent"] else ""))
        table = Table(title="Positions by regional group")
        table.add_column("group")
        for p in ("yes", "no", "abstain", "non_voting", "absent"):
            table.add_column(p, overflow="fold")
        for group in sorted(doc["by_group"]):
            cells = doc["by_group"][group]
            table.add_row(group, *(" ".join(sorted(cells.get(p, []))) for p in ("yes", "no", "abstain", "non_voting", "absent")))
        console.print(table)
    if doc["mismatches"]:
        console.print("[bold red]Mismatches:[/]")
        for m in doc["mismatches"]:
            console.print(f"  {m['what']}: expected {m['expected']}, found {m['found']} ({m['source']})")
    elif doc["votes"] and any(v is not None for v in t.values()):
        console.print("[green]Roll call agrees with the official totals.[/]")
    for a in doc["amendments"]:
        console.print(f"Amendment {a['symbol']}: {a['outcome']} ({a['yes']}-{a['no']}-{a['abstain']})")
    if doc["other_records"]:
        console.print(f"Other records with this symbol: {', '.join(doc['other_records'])}")


@app.command()
def decisions(
    body: Annotated[Optional[str], typer.Option(help="GA, SC, HRC or CHR (comma-separated).")] = None,
    year: Annotated[Optional[str], typer.Option(help="A year or a range, e.g. 2021 or 2006-2026.")] = None,
    text: Annotated[Optional[str], typer.Option(help="Words in the title or symbol.")] = None,
    kind: Annotated[Optional[str], typer.Option(help="resolution, decision, amendment, motion, paragraph, draft.")] = None,
    outcome: Annotated[Optional[str], typer.Option(help="adopted, rejected, withdrawn.")] = None,
    subject: Annotated[Optional[str], typer.Option(help="Subject or issue tag (substring).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows (0 = all).")] = 50,
    db: DbOption = None,
    json: JsonOption = False,
):
    """Search decisions."""
    with open_regime(db) as reg:
        df = reg.decisions(body=body, years=year, kind=kind, outcome=outcome, text=text, subject=subject)
    total = len(df)
    if limit:
        df = df.head(limit)
    cols = ["decision_id", "symbol", "body_id", "date", "kind", "outcome", "yes", "no", "abstain", "title"]
    if json:
        emit_json({"count": total, "decisions": df[cols + ["modality", "subjects", "sponsors"]].to_dict("records")})
        return
    table = Table(title=f"{total:,} decisions" + (f" (first {limit})" if limit and total > limit else ""))
    for c in ("symbol", "body", "date", "kind", "outcome", "votes", "title"):
        table.add_column(c, overflow="fold")
    for r in df.to_dict("records"):
        votes = "" if pd.isna(r["yes"]) else f"{int(r['yes'])}-{int(r['no'])}-{int(r['abstain'])}"
        table.add_row(str(r["symbol"]), r["body_id"], "" if pd.isna(r["date"]) else str(r["date"])[:10],
                      str(r["kind"]), str(r["outcome"]), votes, str(r["title"] or "")[:90])
    console.print(table)


# -- checks and export ---------------------------------------------------------------------------
@app.command()
def quarantine(db: DbOption = None, json: JsonOption = False,
               source: Annotated[Optional[str], typer.Option(help="Only this source.")] = None):
    """Source rows that could not be loaded, with the reason."""
    with open_regime(db) as reg:
        df = reg.quarantine()
    if source:
        df = df[df["source"] == source]
    if json:
        emit_json({"count": len(df), "rows": df.to_dict("records")})
        return
    summary = df.groupby(["source", "reason"]).size().reset_index(name="rows").sort_values("rows", ascending=False)
    table = Table(title=f"{len(df):,} quarantined rows")
    for c in ("source", "reason", "rows"):
        table.add_column(c, overflow="fold")
    for r in summary.head(60).to_dict("records"):
        table.add_row(r["source"], r["reason"], str(r["rows"]))
    console.print(table)


@app.command()
def reconciliation(db: DbOption = None, json: JsonOption = False,
                   what: Annotated[Optional[str], typer.Option(help="Only rows whose 'what' contains this.")] = None):
    """Roll calls that disagree with official totals, disagreements between harvests, membership checks."""
    with open_regime(db) as reg:
        df = reg.reconciliation()
    if what:
        df = df[df["what"].str.contains(what, case=False, na=False)]
    if json:
        emit_json({"count": len(df), "rows": df.to_dict("records")})
        return
    table = Table(title=f"{len(df):,} reconciliation rows, {df['decision_id'].nunique():,} decisions")
    for c in ("symbol", "what", "expected", "found", "source"):
        table.add_column(c, overflow="fold")
    for r in df.head(200).to_dict("records"):
        table.add_row(*(str(r[c]) if r[c] is not None else "" for c in ("symbol", "what", "expected", "found", "source")))
    console.print(table)


@app.command()
def export(
    directory: Annotated[Path, typer.Argument(help="Folder to write one file per table into.", file_okay=False)],
    format: Annotated[str, typer.Option("--format", help="parquet or csv.")] = "parquet",
    db: DbOption = None,
):
    """Write every table of the warehouse to DIR as Parquet or CSV."""
    from ..warehouse.schema import TABLES

    fmt = format.lower()
    if fmt not in ("parquet", "csv"):
        raise RightsRegimeError(f"--format {format!r}: use parquet or csv.")
    directory.mkdir(parents=True, exist_ok=True)
    with open_regime(db) as reg:
        for table in TABLES:
            target = directory / f"{table}.{fmt}"
            tmp = target.with_name(f".{target.name}.part")
            opts = "(FORMAT PARQUET)" if fmt == "parquet" else "(FORMAT CSV, HEADER)"
            reg.con.execute(f"COPY \"{table}\" TO '{tmp}' {opts}")
            tmp.replace(target)
            err_console.print(f"{table}: {target}")


# -- membership ----------------------------------------------------------------------------------
@app.command()
def members(
    body: Annotated[str, typer.Option(help="HRC or CHR.")] = "HRC",
    year: Annotated[Optional[int], typer.Option(help="One year: its members by regional group, with mid-year changes.")] = None,
    db: DbOption = None,
    json: JsonOption = False,
):
    """Membership of the Council (or Commission) year by year, by regional group, from the roll calls.

    HRC years are Council years: June to June until 2011, calendar years from 2012 (GA res 65/281).
    A year with more states than seats names who left and who took the seat."""
    from ..regime import HRC_SEATS, REGIONAL_GROUPS

    body = body.upper()
    with open_regime(db) as reg:
        years = reg.membership_years(body)
        terms = reg.memberships(body)
    if years.empty:
        raise RightsRegimeError(f"No membership recorded for body {body!r}; use HRC or CHR.")
    groups = list(REGIONAL_GROUPS)
    counts = (years.pivot_table(index="year", columns="regional_group", values="iso3", aggfunc="count")
              .reindex(columns=groups).fillna(0).astype(int))
    counts["total"] = counts.sum(axis=1)
    # Mid-term changes: terms that end or start inside a year (suspension, withdrawal, by-election).
    ts, te = pd.to_datetime(terms["term_start"]), pd.to_datetime(terms["term_end"])
    changes = terms.assign(
        left=te.where(~te.dt.strftime("%m-%d").isin(["12-31", "06-18"])),
        joined=ts.where(terms["how"] == "elected"))
    if year is not None:
        sel = years[years["year"] == year]
        if sel.empty:
            raise RightsRegimeError(f"No {body} membership recorded for {year}; years: "
                                    f"{int(years['year'].min())}-{int(years['year'].max())}.")
        doc = {"body": body, "year": year, "members": {}, "changes": []}
        for g in groups:
            doc["members"][g] = sorted(sel.loc[sel["regional_group"] == g, "iso3"])
        for r in changes.itertuples():
            for what, when in (("left", r.left), ("joined", r.joined)):
                if pd.notna(when) and when.year == year:
                    doc["changes"].append({"iso3": r.iso3, "what": what, "date": when.date().isoformat()})
        if json:
            emit_json(doc)
            return
        table = Table(title=f"{body} members, {year}: {len(sel)} states")
        table.add_column("group")
        table.add_column("seats", justify="right")
        table.add_column("members", overflow="fold")
        for g in groups:
            seats = HRC_SEATS.get(g, "") if body == "HRC" else ""
            table.add_row(g, f"{len(doc['members'][g])}/{seats}" if seats else str(len(doc["members"][g])),
                          " ".join(doc["members"][g]))
        console.print(table)
        for c in doc["changes"]:
            console.print(f"{c['iso3']} {c['what']} on {c['date']}")
        return
    if json:
        emit_json({"body": body, "by_year": [{"year": int(y), **{g: int(r[g]) for g in groups}, "total": int(r["total"])}
                                             for y, r in counts.iterrows()]})
        return
    table = Table(title=f"{body} membership by year (states listed in the roll calls)")
    table.add_column("year")
    for g in groups + ["total"]:
        table.add_column(g, justify="right")
    for y, r in counts.iterrows():
        cells = []
        for g in groups:
            seats = HRC_SEATS[g] if body == "HRC" else None
            style = "" if seats is None or r[g] == seats else "yellow"
            cells.append(f"[{style}]{r[g]}[/]" if style else str(r[g]))
        table.add_row(str(y), *cells, str(r["total"]))
    console.print(table)
    if body == "HRC":
        console.print("Seats: " + ", ".join(f"{g} {n}" for g, n in HRC_SEATS.items())
                      + ". Years above a group's seats had a member leave mid-year; see --year.")
