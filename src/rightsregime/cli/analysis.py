"""Commands over the voting record: align, cohesion, shifts, blocs, leadership.

Each is a thin layer over ``rightsregime.analysis``: read the slice from the warehouse, call the
measure, print a table (or ``--json``), draw a chart (``--chart``).
"""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from . import app
from ._options import (BodyOption, ChartOption, CsvOption, DbOption, JsonOption, KindOption, SubjectOption,
                       YearsOption, console, open_regime)
from ._render import cell, render, table

ByOption = Annotated[str, typer.Option("--by", help="Periods: year, decade, a number of years, or all.",
                                       metavar="PERIOD")]


def _fmt(x, digits: int = 3) -> str:
    return cell(x, digits)


# -- align ---------------------------------------------------------------------------------------
@app.command()
def align(
    state: Annotated[str, typer.Argument(help="State: ISO3 code or name (CHN, 'China').", metavar="STATE")],
    body: BodyOption = None,
    years: YearsOption = None,
    by: ByOption = "year",
    with_: Annotated[Optional[str], typer.Option(
        "--with", help="Partners to follow over time, comma-separated (states or groups such as EU); "
        "default USA, CHN, RUS.", metavar="STATES")] = None,
    subject: SubjectOption = None,
    kind: KindOption = None,
    n: Annotated[int, typer.Option("--n", help="Nearest and farthest partners to list.", metavar="N")] = 10,
    min_common: Annotated[int, typer.Option("--min-common", help="Fewest shared votes for a pair to count.", metavar="N")] = 20,
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
    chart: ChartOption = None,
):
    """Agreement of a state with every other: nearest and farthest partners, and agreement with
    chosen partners per period (Lijphart/Voeten index: abstention counts as half agreement).

    Example: rightsregime align CHN --body HRC --years 2006-2026 --with USA,EU
    """
    from ..resources import alignment as res

    with open_regime(db) as reg:
        r = res.align(reg, state, body=body, years=years, by=by, with_=with_, subject=subject,
                      kind=kind, n=n, min_common=min_common)
    code, where, series = r["state"], r["where"], r["series"]

    def text(r):
        for side in ("nearest", "farthest"):
            console.print(table(r[side], ["partner", "name", "n_common", "identical", "index"],
                                title=f"{code}: {side} partners, {where}",
                                labels={"n_common": "shared votes"}))
        wide = series.pivot(index="period", columns="partner", values="index").reset_index()
        wide.columns = [str(c) for c in wide.columns]
        console.print(table(wide, title=f"{code}: agreement index by {by}"))

    render(r, json=json, csv=csv, text=text)
    if chart:  # issue 9: the shared newspaper chart (real year axis, votes per point, full names)
        from ..charts import spell_bodies, time_series
        from ._render import write_chart as save

        names = {p: _partner_name(db, p) for p in series["partner"].unique()}
        save(time_series(series.rename(columns={"period": "year"}), y="index", series="partner", n="n_common",
                         names=names, title=f"{_name(db, code)}: agreement in the {spell_bodies(where)}",
                         ylabel="agreement index", ylim=(0, 1), n_label="shared votes (max)",
                         sources="unvotes (Voeten), hrc-voting, unga-2025-3dl", note=_gap_note(r["slice"])),
             chart)


# -- cohesion ------------------------------------------------------------------------------------
@app.command()
def cohesion(
    group: Annotated[str, typer.Argument(help="Group (OIC, EU, AFRICAN, NAM, G77, ...) or states 'CHN,RUS,CUB'.", metavar="GROUP")],
    body: BodyOption = None,
    years: YearsOption = None,
    by: ByOption = "year",
    subject: SubjectOption = None,
    kind: KindOption = None,
    top: Annotated[int, typer.Option("--top", help="Members with the most defections to list.", metavar="N")] = 10,
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
    chart: ChartOption = None,
):
    """Cohesion of a group (Hix-Noury-Roland agreement index) per period, and its members' defection
    rates (votes against the group's plurality).

    Example: rightsregime cohesion OIC --body HRC --by decade
    """
    from ..resources import alignment as res

    with open_regime(db) as reg:
        r = res.cohesion(reg, group, body=body, years=years, by=by, subject=subject, kind=kind)
    gid, where, cohesion_table = r["group"], r["where"], r["cohesion"]

    def text(r):
        console.print(table(cohesion_table, title=f"Cohesion of {gid}, {where}"))
        console.print(table(r["defections"].head(top), ["iso3", "name", "n_votes", "n_defections",
                                                          "defection_rate"],
                            title=f"Defections from {gid}'s plurality",
                            labels={"n_votes": "votes", "n_defections": "defections",
                                    "defection_rate": "rate"}))

    render(r, json=json, csv=csv, text=text)
    if chart:  # issue 9: the shared newspaper chart (real year axis, decisions per point)
        from ..charts import spell_bodies, time_series
        from ._render import write_chart as save

        save(time_series(cohesion_table.rename(columns={"period": "year"}), y="cohesion",
                         series="body_id" if "body_id" in cohesion_table else None, n="n_decisions",
                         title=f"Cohesion of {_group_name(db, gid, full=True)}, {spell_bodies(where)}", ylabel="agreement index (Hix-Noury-Roland)",
                         ylim=(0, 1), n_label="decisions", sources="unvotes (Voeten), hrc-voting, un-groups-blocs",
                         note=_gap_note(r["slice"])),
             chart)


# -- shifts --------------------------------------------------------------------------------------
@app.command()
def shifts(
    state: Annotated[str, typer.Argument(help="State whose alignment may have shifted (ISO3 or name).", metavar="STATE")],
    against: Annotated[str, typer.Option("--against", help="Focal states or groups, comma-separated (USA, EU).",
                                              metavar="STATES")],
    body: BodyOption = None,
    years: YearsOption = None,
    subject: SubjectOption = None,
    max_changes: Annotated[int, typer.Option("--max-changes", help="Most change points to report.", metavar="N")] = 3,
    min_years: Annotated[int, typer.Option("--min-years", help="Fewest years on each side of a change.", metavar="N")] = 2,
    n_boot: Annotated[int, typer.Option("--boot", help="Bootstrap replicates for the intervals.", metavar="N")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the bootstrap.", metavar="N")] = 0,
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
    chart: ChartOption = None,
):
    """When a state's yearly agreement with a focal state or group shifted, by how much, with 90%
    bootstrap intervals for the year and the size of the shift.

    Example: rightsregime shifts CHN --against USA --body GA
    """
    from ..resources import alignment as res

    with open_regime(db) as reg:
        r = res.shifts(reg, state, against=against, body=body, years=years, subject=subject,
                       max_changes=max_changes, min_years=min_years, n_boot=n_boot, seed=seed)
    code, where = r["state"], r["where"]
    results = [(a["focal"], a["series"], a["changes"]) for a in r["against"]]

    def text(r):
        for focal, series, changes in results:
            if changes.empty:
                console.print(f"{code} vs {focal}, {where}: no change point beats the penalty "
                              f"({len(series)} years, mean agreement {series['agreement'].mean():.3f}).")
                continue
            rows = changes.assign(
                years90=[f"{int(a)}-{int(b)}" if a == a else "" for a, b in zip(changes["year_lower"], changes["year_upper"])],
                shift_text=[f"{v:+.3f}" for v in changes["shift"]],
                shift90=[f"{a:+.3f} to {b:+.3f}" for a, b in zip(changes["shift_lower"], changes["shift_upper"])])
            console.print(table(rows, ["year", "years90", "before", "after", "shift_text", "shift90", "support", "lr"],
                                title=f"{code} vs {focal}: shifts in agreement, {where}",
                                labels={"years90": "90% years", "shift_text": "shift", "shift90": "90% shift",
                                        "lr": "LR"}, right=("shift_text", "shift90")))

    render(r, json=json, csv=csv, text=text)
    if chart:  # issue 9: the shared chart (real year axis, votes per point, change years marked)
        import pandas as pd

        from ..charts import spell_bodies, time_series
        from ._render import write_chart

        frames, marks, spans = [], [], []
        for focal, series, changes in results:
            frames.append(series.assign(partner=focal))
            for c in changes.itertuples(index=False):
                marks.append((c.year - 0.5, f"{focal.strip('[]')} {c.year} ({c.shift:+.2f})"))
                if pd.notna(c.year_lower):
                    spans.append((c.year_lower, c.year_upper, focal))
        names = {f: _partner_name(db, f) for f, _, _ in results}
        write_chart(time_series(pd.concat(frames, ignore_index=True), y="agreement", series="partner", n="n",
                                names={k: f"with {v}" for k, v in names.items()},
                                title=f"{_name(db, code)}: agreement and its shifts, {spell_bodies(where)}",
                                ylabel="agreement index", ylim=(0, 1), marks=marks, spans=spans,
                                n_label="shared votes (max)", sources="unvotes (Voeten), hrc-voting, unga-2025-3dl",
                                note="; ".join(filter(None, ["Dashed: change points; shaded: their 90% "
                                                             "bootstrap interval", _gap_note(r["slice"])]))),
                    chart)


def _gap_note(slice_) -> str | None:
    """What the chart's gaps mean where the sources hold no votes (GA per-country votes of
    2020-2024), from the package's cited coverage rows."""
    from ..regime.coverage import spans

    bodies = (slice_.get("body") or "GA,HRC,CHR").split(",")
    years = slice_.get("years")
    held_not = [s.note.split(";")[0] for s in spans() if s.body_id in bodies and s.held == "no"
                and (not years or (s.from_year <= years[1] and s.to_year >= years[0]))]
    return ". ".join(held_not) or None


def _name(db, code: str) -> str:
    """A state's name for a chart title or legend (the code itself if unknown)."""
    global _NAMES
    if _NAMES is None:
        with open_regime(db) as reg:
            _NAMES = reg.state_names()
    return _NAMES.get(code, code)


_NAMES = None


def _partner_name(db, code: str) -> str:
    """A partner in a legend: a state's name, or a group compared through its plurality."""
    if code.startswith("["):
        return f"{_group_name(db, code[1:-1])} (majority position)"
    return _name(db, code)


def _group_name(db, gid: str, *, full: bool = False) -> str:
    """A group's short name for a legend: its id when the full name is long (OIC, not the
    Organisation of Islamic Cooperation spelled out), else the name ('African Group'); with
    ``full`` (a title), the name and the id: 'Organisation of the Islamic Conference (OIC)'."""
    with open_regime(db) as reg:
        groups = reg.groups()
    name = dict(zip(groups["group_id"], groups["name"])).get(gid, gid)
    if full:
        return name if name == gid or len(str(name)) <= 28 else f"{name} ({gid})"
    return name if len(str(name)) <= 28 else gid


# -- blocs ---------------------------------------------------------------------------------------
@app.command()
def blocs(
    body: Annotated[str, typer.Option("--body", help="GA, HRC or CHR.", metavar="BODY")] = "HRC",
    years: YearsOption = None,
    period_length: Annotated[Optional[int], typer.Option(
        "--period-length", help="Split the years into periods of this many years (blocs followed across them).",
        metavar="N")] = None,
    resolution: Annotated[float, typer.Option("--resolution", help="Leiden resolution (higher: more, smaller blocs).", metavar="NUMBER")] = 1.0,
    min_votes: Annotated[int, typer.Option("--min-votes", help="Fewest votes for a state to be placed.", metavar="N")] = 20,
    seed: Annotated[int, typer.Option("--seed", help="Leiden seed.", metavar="N")] = 0,
    n_seeds: Annotated[int, typer.Option("--seeds", help="Leiden runs behind each bloc's stability.", metavar="N")] = 10,
    nested: Annotated[bool, typer.Option(
        "--nested", help="Blocs at several scales: communities stable across resolutions and "
        "resamples of the votes, and how they nest (no resolution to tune).", metavar="")] = False,
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
    chart: ChartOption = None,
):
    """Voting blocs found in the record (Leiden communities of the co-voting network), followed
    across periods, with cohesion, distinctive votes and overlap with named groups.

    Example: rightsregime blocs --body HRC --years 2006-2026 --period-length 5
    """
    if nested:  # blocs at several scales (resources/blocs_nested.py)
        from .questions import show_nested_blocs

        return show_nested_blocs(db, body, years, seed, json=json, chart=chart)
    from ..resources import alignment as res

    with open_regime(db) as reg:
        r = res.blocs(reg, body=body, years=years, period_length=period_length, resolution=resolution,
                      min_votes=min_votes, seed=seed, n_seeds=n_seeds)
    result = r.result

    def text(r):
        for p in result.periods.itertuples(index=False):
            rows = []
            for b in result.blocs[result.blocs["period"] == p.period].itertuples(index=False):
                ov = result.overlap[(result.overlap["period"] == p.period) & (result.overlap["bloc"] == b.bloc)]
                near = ", ".join(f"{o.group_id} {o.share_of_bloc:.0%}" for o in ov.head(2).itertuples()) if len(ov) else ""
                rows.append({"bloc": b.lineage, "size": b.size, "cohesion": b.cohesion,
                             "stability": b.stability, "groups": near, "members": " ".join(b.members)})
            import pandas as pd

            console.print(table(pd.DataFrame(rows), title=f"{r['body']} {p.period}: {p.n_blocs} blocs among "
                                f"{p.n_states} states, {p.n_decisions} votes, modularity {p.modularity:.2f}",
                                labels={"groups": "named groups (% of bloc)"}))

    render(r, json=json, csv=csv, text=text)
    if chart:  # issue 9: legend (size, cohesion, named group), full body name, credit, CSV beside
        from ..charts import BODY_NAMES, bloc_networks
        from ._render import write_chart

        write_chart(bloc_networks(result, seed=seed, sources="unvotes (Voeten), hrc-voting, un-groups-blocs",
                                  title=f"Voting blocs in the {BODY_NAMES.get(r['body'], r['body'])}, "
                                        f"{r['years'][0]}-{r['years'][1]}"), chart)


# -- leadership ----------------------------------------------------------------------------------
@app.command()
def leadership(
    state: Annotated[str, typer.Argument(help="State (ISO3 or name).", metavar="STATE")],
    body: BodyOption = None,
    years: YearsOption = None,
    kind: KindOption = None,
    include_groups: Annotated[bool, typer.Option(
        "--include-groups", help="Also count texts tabled on behalf of a group the state belongs to.", metavar="")] = False,
    limit: Annotated[int, typer.Option("--limit", help="Most recent texts to list (0 = all).", metavar="N")] = 30,
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
    chart: ChartOption = None,
):
    """Texts a state led as main sponsor, year by year, and how they fared (adopted without a vote,
    by vote and with what margin, rejected, withdrawn), with its usual co-sponsors.

    Example: rightsregime leadership CHN --body HRC
    """
    from ..resources import alignment as res

    with open_regime(db) as reg:
        r = res.leadership(reg, state, body=body, years=years, kind=kind, include_groups=include_groups)
    code, per_year = r["state"], r["by_year"]

    from .. import params as parse

    limit = parse.limit(limit)

    def text(r):
        led = r["texts"]
        shown = len(led) if not limit else min(limit, len(led))
        # The table lists the most recent texts; the per-year table below counts them all.
        led = led.sort_values("year", ascending=False, kind="stable").head(shown)
        led = led.assign(vote=[f"{int(y)}-{int(n)}-{int(a)}" if y == y and n == n and y is not None else ""
                               for y, n, a in zip(led["yes"], led["no"], led["abstain"])])
        console.print(table(led, ["symbol", "year", "kind", "fate", "vote", "title"],
                            title=f"Texts {code} led, {body or 'all bodies'} {years or ''}".strip()))
        if shown < len(r["texts"]):
            console.print(f"[dim]Showing the {shown} most recent of {len(r['texts']):,} texts; --limit 0 for all "
                          "(or --csv).[/]", highlight=False)
        console.print(table(per_year, title=f"{code}: texts led per year and their fate", digits=1))
        partners = r["co_sponsors"]
        if len(partners):
            console.print("Most frequent fellow main sponsors: "
                          + ", ".join(f"{p.iso3} ({p.n_texts})" for p in partners.head(10).itertuples()))

    render(r, json=json, csv=csv, text=text)
    if chart:  # issue 9: the shared chart (real year axis, outcome colours: rejected is red)
        from ..charts import stacked_years
        from ._render import write_chart

        fates = [c for c in per_year.columns if c not in ("year", "n_texts", "mean_margin")]
        write_chart(stacked_years(per_year, columns=fates, title=f"{_name(db, code)}: texts it led as main sponsor, and their fate",
                                  ylabel="texts led (main sponsor)", sources="hrc-voting (OHCHR catalogue)"), chart)


# -- coincidence, outvoted -----------------------------------------------------------------------
OneBodyOption = Annotated[str, typer.Option("--body", help="GA, HRC or CHR (one body).", metavar="BODY")]


def _credit_sources(r) -> str:
    spelled = {"unvotes": "unvotes (Voeten, UN General Assembly voting data)",
               "unga-2025-3dl": "UN Digital Library (GA 2025)",
               "hrc-voting": "hrc-voting (OHCHR voting records)"}
    return ", ".join(spelled.get(s, s) for s in r.sources)


@app.command()
def coincidence(
    states: Annotated[Optional[str], typer.Option(
        "--states", help="States to compare, comma-separated (default: 18 poles and swing states, "
        "USA ... CHN, RUS, CUB, VEN).", metavar="STATES")] = None,
    body: OneBodyOption = "HRC",
    years: YearsOption = None,
    min_common: Annotated[int, typer.Option("--min-common", help="Fewest shared votes for a pair "
                                            "to get an index.", metavar="N")] = 20,
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
    chart: ChartOption = None,
):
    """How often chosen states voted alike in a body and period: the coincidence matrix
    (Lijphart/Voeten agreement index, abstention half agreement), with the votes each pair shared.

    Example: rightsregime coincidence --body GA --years 2019 --states USA,ISR,GBR,FRA,CHN,RUS
    """
    from .. import params as parse
    from ..resources import coincidence as res

    min_common = parse.count(min_common, option="--min-common", low=1, high=100_000,
                             what="number of shared votes")
    with open_regime(db) as reg:
        r = res.coincidence(reg, states, body=body, years=years, min_common=min_common)

    def text(r):
        # Indices x 100 as whole numbers: 18 states fit 80 columns.
        matrix = r["matrix"].set_index("iso3")
        shown = matrix.apply(lambda col: col.map(lambda v: "" if v != v else f"{round(v * 100):d}"))
        console.print(table(shown.reset_index(), title=f"Agreement x 100, {r['where']}",
                            right=list(shown.columns)))
        others = r["pairs"]["n_common"]
        console.print(f"[dim]Each pair shared {int(others.min()):,}-{int(others.max()):,} recorded votes; "
                      "100 = always alike, 0 = always opposed.[/]", highlight=False)

    render(r, json=json, csv=csv, text=text)
    if chart is not None:
        from ..charts import coincidence_matrix, spell_bodies
        from ._render import write_chart

        write_chart(coincidence_matrix(r["pairs"], r["states"], names=r["names"],
                                       title=f"How often they voted alike, {spell_bodies(r['where'])}",
                                       sources=_credit_sources(r),
                                       note=". ".join(filter(None, [_gap_note(r.params), *(
                                           n.rstrip(".") for n in r.notes if n.startswith("Not voting"))]))),
                    chart)


@app.command()
def outvoted(
    body: OneBodyOption = "HRC",
    years: YearsOption = None,
    n: Annotated[int, typer.Option("--n", help="States to list at each end.", metavar="N")] = 15,
    min_sided: Annotated[int, typer.Option("--min-sided", help="Fewest yes/no votes for a state to "
                                           "be ranked.", metavar="N")] = 20,
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
    chart: ChartOption = None,
):
    """Who was most often outvoted in a body and period: the share of each state's yes/no votes
    cast on the losing side (no on a text adopted, yes on one rejected), with 95% intervals.

    Example: rightsregime outvoted --body GA --years 2019 --chart outvoted.png
    """
    from .. import params as parse
    from ..resources import coincidence as res

    n = parse.count(n, option="--n", low=1, high=300, what="number of states")
    min_sided = parse.count(min_sided, option="--min-sided", low=1, high=100_000, what="number of votes")
    with open_regime(db) as reg:
        r = res.outvoted(reg, body=body, years=years, n=n, min_sided=min_sided)
    columns = ["iso3", "name", "sided", "outvoted", "share", "low", "high", "abstain"]
    labels = {"sided": "yes/no", "low": "95% low", "high": "high", "abstain": "abst."}

    def text(r):
        console.print(table(r["ranking"], columns, labels=labels, digits=2,
                            title=f"Most often outvoted, {r['where']} ({r['count']} states ranked)"))
        console.print(table(r["least"], columns, labels=labels, digits=2, title="Least often outvoted"))

    render(r, json=json, csv=csv, text=text)
    if chart is not None:
        from ..charts import outvoted_bars, spell_bodies
        from ._render import write_chart

        write_chart(outvoted_bars(r["ranking"], title=f"Most often on the losing side, {spell_bodies(r['where'])}",
                                  sources=_credit_sources(r), note=_gap_note(r.params)), chart)


@app.command()
def poles(
    x: Annotated[str, typer.Option("--x", help="The first reference state (across).", metavar="STATE")] = "USA",
    y: Annotated[str, typer.Option("--y", help="The second reference state (up).", metavar="STATE")] = "CHN",
    body: OneBodyOption = "HRC",
    years: YearsOption = None,
    min_common: Annotated[int, typer.Option("--min-common", help="Fewest shared votes with a pole "
                                            "for a value on its axis.", metavar="N")] = 20,
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
    chart: ChartOption = None,
):
    """Where every state stands between two reference states: its agreement with each (the
    alignment map; Lijphart/Voeten index, abstention half agreement), with the votes shared.

    Example: rightsregime poles --x USA --y CHN --body GA --years 2010-2019 --chart poles.png
    """
    from .. import params as parse
    from ..resources import poles as res

    min_common = parse.count(min_common, option="--min-common", low=1, high=100_000,
                             what="number of shared votes")
    with open_regime(db) as reg:
        r = res.poles(reg, x, y, body=body, years=years, min_common=min_common)
    columns = ["iso3", "name", "regional_group", "agree_x", "n_x", "agree_y", "n_y"]
    labels = {"regional_group": "group", "agree_x": f"with {r['x']}", "n_x": "votes",
              "agree_y": f"with {r['y']}", "n_y": "votes"}

    def text(r):
        console.print(table(r["states"], columns, labels=labels, digits=2,
                            title=f"Agreement with {r['names'][r['x']]} and {r['names'][r['y']]}, {r['where']} "
                                  f"({r['placed']} states placed)"))

    render(r, json=json, csv=csv, text=text)
    if chart is not None:
        from ..charts import pole_map, spell_bodies
        from ._render import write_chart

        write_chart(pole_map(r["states"], x_name=r["names"][r["x"]], y_name=r["names"][r["y"]],
                             labels=res.pole_labels(r["states"]), sources=_credit_sources(r),
                             title=f"Between {r['names'][r['x']]} and {r['names'][r['y']]}: {spell_bodies(r['where'])}",
                             note=f"{r['placed']} states placed, {r['n_decisions']:,} recorded votes"), chart)
