"""Commands for the everyday questions: how did a state vote (``votes``), how split was each group
(``splits``), who could switch (``switchers``), how do states compare (``compare``).

Each command calls one resource function (:mod:`rightsregime.resources`) and renders it: a rich
table readable at 80 columns, ``--json`` (the resource's document), ``--csv`` (its main table),
``--chart`` (PNG and SVG through :mod:`rightsregime.charts`, with the chart's data as CSV beside).
Heavy libraries are imported inside the commands, so ``rightsregime --help`` stays fast.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from . import app
from ._options import BodyOption, ChartOption, CsvOption, DbOption, JsonOption, YearsOption, console, err_console, open_regime
from ._render import machine_readable, print_notes, write_chart
from ._render import shorten as short



# -- rendering helpers ---------------------------------------------------------------------------
def tally(r) -> str:
    """'20-11-14' from a row with yes/no/abstain (blank when unknown)."""
    vals = [r.get(k) for k in ("yes", "no", "abstain")]
    if any(v is None or v != v for v in vals[:2]):
        return ""
    return "-".join(str(int(v)) if v == v and v is not None else "?" for v in vals)


# -- votes ---------------------------------------------------------------------------------------
@app.command()
def votes(
    state: Annotated[str, typer.Option("--state", help="The state: ISO3 code or name (CHN, 'China').", metavar="STATE")],
    position: Annotated[Optional[str], typer.Option(
        "--position", help="Only its votes of this kind: yes, no, abstain, non_voting.", metavar="POSITION")] = None,
    scope: Annotated[Optional[str], typer.Option(
        "--scope", help="country-specific or thematic (as 'rightsregime classify' decides).", metavar="SCOPE")] = None,
    body: BodyOption = None,
    years: YearsOption = None,
    subject: Annotated[Optional[str], typer.Option(
        "--subject", help="Words in the subject tags or the title (e.g. 'death penalty').", metavar="TEXT")] = None,
    concerning: Annotated[Optional[str], typer.Option(
        "--concerning", help="Only texts about this state (named in the title or subjects), e.g. LKA.", metavar="STATE")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Most recent rows to show (0 = all).", metavar="N")] = 50,
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
    chart: ChartOption = None,
):
    """How did a state vote? The recorded decisions with its position, the outcome and the tally.

    Example: rightsregime votes --state CHN --position no --scope country-specific --body HRC
    """
    from ..resources.positions import state_votes

    with open_regime(db) as reg:
        res = state_votes(reg, state, position=position, scope=scope, body=body, years=years,
                          subject=subject, concerning=concerning, limit=limit or None)
        full = state_votes(reg, state, position=position, scope=scope, body=body, years=years,
                           subject=subject, concerning=concerning) if chart and limit else res
        if chart:  # the state's seats: the chart tells 'not a member' from 'no recorded vote'
            from ..resources.warehouse import state as state_profile

            profile = state_profile(reg, res["state"]).data
    if chart:
        from ..charts import member_years, position_bars

        record = full["decisions"]
        if record.empty:
            err_console.print("No decision to chart.")
        else:
            seats = member_years(profile, sorted(set(record["body_id"])))
            write_chart(position_bars(record, title=f"How {res['state_name']} voted, "
                                      f"{_slice_words(res.params)}", sources=res.sources, members=seats), chart)
    if machine_readable(res, json=json, csv=csv):
        return
    by = res["by_position"]
    console.print(f"[bold]{res['state_name']} ({res['state']})[/]: {res['count']:,} recorded decision{'' if res['count'] == 1 else 's'} "
                  f"({_slice_words(res.params)}): {by['yes']} yes, {by['no']} no, {by['abstain']} abstain"
                  + (f", {by['non_voting']} present not voting" if by["non_voting"] else ""), highlight=False)
    rows = res["decisions"].to_dict("records")
    # Symbols and dates are never split; the title takes what is left of the width, cut at a word.
    sym_w = max([len(str(r["symbol"])) for r in rows] + [6])
    t = Table(show_lines=False, pad_edge=False, box=None, header_style="bold", padding=(0, 1, 0, 0))
    widths = {"symbol": sym_w, "date": 10, "vote": 4, "result": 8, "tally": 8}
    for col, w in widths.items():
        t.add_column(col, no_wrap=True, min_width=w)
    t.add_column("title", no_wrap=True, overflow="ellipsis")
    room = max(12, console.width - sum(widths.values()) - len(widths) - 1)
    for r in rows:
        outcome = {"adopted": "[green]adopted[/]", "rejected": "[red]rejected[/]"}.get(r["outcome"], str(r["outcome"]))
        t.add_row(str(r["symbol"]), "" if r["date"] != r["date"] else str(r["date"])[:10],
                  _VOTE.get(r["position"], r["position"]), outcome, tally(r), short(r["title"], room))
    console.print(t)
    print_notes(res)


_VOTE = {"abstain": "abst", "non_voting": "nv"}


def _slice_words(params: dict) -> str:
    words = []
    if params.get("position"):
        words.append(f"voted {params['position']}")
    if params.get("scope"):
        words.append(params["scope"])
    if params.get("concerning"):
        words.append(f"on {params['concerning']}")
    if params.get("subject"):
        words.append(f"'{params['subject']}'")
    words.append(params.get("body") or "all bodies")
    yr = params.get("years")
    if yr:
        words.append(str(yr[0]) if yr[0] == yr[1] else f"{yr[0]}-{yr[1]}")
    return ", ".join(words)


# -- splits --------------------------------------------------------------------------------------
@app.command()
def splits(
    symbol: Annotated[str, typer.Argument(help="A recorded decision: A/HRC/RES/46/1, A/RES/68/262, ...", metavar="SYMBOL")],
    groups: Annotated[Optional[str], typer.Option(
        "--groups", help="Groups to show, comma-separated (default: the regional groups and EU, OIC, "
        "NAM, G77, ALBA, ASEAN, BRICS, OAS).", metavar="GROUPS")] = None,
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
    chart: ChartOption = None,
):
    """How split was each group on a decision: per regional group and bloc, its members' positions
    and its cohesion (Hix-Noury-Roland), naming the most divided group.

    Example: rightsregime splits A/HRC/RES/46/1 --chart 46-1.png
    """
    from ..resources.splits import decision_splits

    with open_regime(db) as reg:
        res = decision_splits(reg, symbol, groups=[g for g in groups.split(",") if g.strip()] if groups else None)
    if chart:
        from ..charts import split_bars

        write_chart(split_bars(res["splits"], title=f"{res['symbol']}: how each group voted",
                               sources=res.sources, note=short(res["title"], 90)), chart)
    if machine_readable(res, json=json, csv=csv):
        return
    console.print(f"[bold]{res['symbol']}[/] {res['body']} {res['date'] or ''}: {res['outcome']} "
                  f"{tally(res['totals'])}", highlight=False)
    console.print(short(res["title"], 160), highlight=False)
    print_splits(res)
    print_notes(res)


def group_label(r) -> str:
    """A group's name when short, else its code (GRULAC, WEOG, OIC...)."""
    name = str(r.get("name") or r["group_id"])
    return name if len(name) <= 20 else str(r["group_id"])


def print_splits(res) -> None:
    """The split table of a :func:`~rightsregime.resources.splits.decision_splits` resource, and the
    most divided group (also used by ``decision SYMBOL``)."""
    table = res["splits"]
    if table.empty:
        return
    t = Table(title="Split and cohesion by group", pad_edge=False, box=None, header_style="bold")
    t.add_column("group", no_wrap=True, min_width=18)
    for col, label in (("yes", "yes"), ("no", "no"), ("abstain", "abst"), ("non_voting", "nv"),
                       ("absent", "abs")):
        t.add_column(label, justify="right")
    t.add_column("plurality", no_wrap=True, min_width=17)
    t.add_column("cohesion", justify="right", min_width=8)
    for r in table.to_dict("records"):
        coh = "" if r["cohesion"] != r["cohesion"] else f"{r['cohesion']:.2f}"
        t.add_row(group_label(r), *(str(r[c]) for c in ("yes", "no", "abstain", "non_voting", "absent")),
                  str(r["plurality"] or ""), coh)
    console.print(t)
    d = res["most_divided"]
    if d:
        console.print(f"Most divided: [bold]{d['name']}[/] (cohesion {d['cohesion']:.2f}, "
                      f"{d['plurality']}, {d['voting']} voting)", highlight=False)


# -- switchers -----------------------------------------------------------------------------------
@app.command()
def switchers(
    symbol: Annotated[str, typer.Argument(help="A recorded decision: A/HRC/RES/17/19, A/RES/68/262, ...", metavar="SYMBOL")],
    years_back: Annotated[int, typer.Option("--years-back", help="Years of votes before the decision "
                                            "to measure agreement on.", metavar="YEARS")] = 3,
    n: Annotated[int, typer.Option("--n", help="Members to list.", metavar="N")] = 10,
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
    chart: ChartOption = None,
):
    """Who could switch: the members nearest to changing sides on a vote, by their agreement with
    its supporters and opponents over the preceding years, and the fewest changes that flip it.

    Example: rightsregime switchers A/HRC/RES/17/19 --years-back 3
    """
    from ..resources.switchers import switchers as resource

    with open_regime(db) as reg:
        res = resource(reg, symbol, years_back=years_back, n=n)
    if chart:
        from ..charts import lean_scatter

        write_chart(lean_scatter(res["members"], title=f"{res['symbol']}: who could switch",
                                 sources=res.sources, label_top=n,
                                 note=f"Agreement over the {years_back} years before the vote"), chart)
    if machine_readable(res, json=json, csv=csv):
        return
    print_switchers(res)
    print_notes(res)


def print_switchers(res) -> None:
    """The nearest members of a :func:`~rightsregime.resources.switchers.switchers` resource (also
    printed by ``pivotal SYMBOL``)."""
    console.print(f"[bold]{res['symbol']}[/] {res['date']}: {res['outcome']}; fewest changes to flip "
                  f"it: {res['min_flips'] if res['min_flips'] is not None else 'none possible'}", highlight=False)
    t = Table(title="Members nearest to switching", pad_edge=False, box=None, header_style="bold")
    t.add_column("#", justify="right")
    t.add_column("state", no_wrap=True, min_width=22)
    t.add_column("voted", no_wrap=True)
    t.add_column("with yes", justify="right")
    t.add_column("with no", justify="right")
    t.add_column("lean", justify="right")
    for r in res["nearest"].to_dict("records"):
        t.add_row(str(int(r["rank"])), f"{short(r['state'], 16)} ({r['iso3']})", _VOTE.get(r["position"], r["position"]),
                  f"{r['with_supporters']:.2f}", f"{r['with_opponents']:.2f}", f"{r['lean']:+.2f}")
    console.print(t)


def switchers_for(db, symbol: str):
    """The switchers resource for ``pivotal SYMBOL`` (None when the vote has no roll call to use)."""
    from ..errors import EstimationError
    from ..resources.switchers import switchers as resource

    try:
        with open_regime(db) as reg:
            return resource(reg, symbol)
    except EstimationError as exc:
        err_console.print(f"Nearest members not shown: {exc}")
        return None


def splits_for(db, symbol: str):
    """The splits resource for ``decision SYMBOL``."""
    from ..resources.splits import decision_splits

    with open_regime(db) as reg:
        return decision_splits(reg, symbol)


# -- compare -------------------------------------------------------------------------------------
@app.command()
def compare(
    states: Annotated[Optional[str], typer.Argument(help="States, comma-separated: CHN,IND,BRA,ZAF.", metavar="STATES")] = None,
    neighbours: Annotated[Optional[str], typer.Option(
        "--neighbours", help="A state and the UN members of its M49 subregion (instead of STATES), e.g. CHN.",
        metavar="STATE")] = None,
    with_: Annotated[str, typer.Option("--with", help="References to compare against: states or "
                                       "groups (EU), comma-separated.", metavar="STATES")] = "USA,RUS,EU",
    body: Annotated[str, typer.Option("--body", help="Body whose votes measure agreement: HRC, CHR or GA.", metavar="BODY")] = "HRC",
    years: YearsOption = None,
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
    chart: ChartOption = None,
):
    """Compare states side by side: ratifications of the 18 instruments (scrutiny protocols marked),
    HRC/CHR membership, agreement with each other and with references, UPR received and made.

    Example: rightsregime compare CHN,IND,BRA,ZAF --with USA,RUS,EU --body HRC

    Example: rightsregime compare --neighbours CHN   (China, Japan, Mongolia and the two Koreas)
    """
    from ..errors import UsageError
    from ..resources.compare import compare_states
    from ..resources.compare import neighbours as near

    from .. import params

    params.years(years)  # a malformed --years is reported first, in the same words as everywhere
    if bool(states) == bool(neighbours):
        raise UsageError("name the states to compare (compare CHN,IND) or one state with --neighbours CHN, "
                         "one of the two.",
                         option="STATES")
    with open_regime(db) as reg:
        chosen = [s for s in states.split(",") if s.strip()] if states else None
        if neighbours:
            region, others = near(reg, neighbours)
            if not others:
                raise UsageError(f"--neighbours {neighbours}: no other UN member in its subregion; name the states.",
                                 option="--neighbours")
            chosen = [reg.lookup_state(neighbours), *others]
            err_console.print(f"{chosen[0]} and the UN members of its subregion, {region} (UN M49): "
                              f"{', '.join(others)}", highlight=False)
        res = compare_states(reg, chosen, references=[s for s in with_.split(",") if s.strip()], body=body, years=years)
    if chart:
        from ..charts import time_series

        series = res["agreement_by_year"]
        first = res.params["references"][0] if res.params["references"] else None
        series = series[series["partner"] == first] if first else series
        series = series.assign(label=series["state"].map(res["names"]))
        ref = res["names"].get(first, first)
        write_chart(time_series(series, y="index", series="label", n="n_common", names=None,
                                title=f"Agreement with {ref} in the {res['body']}, by year",
                                ylabel="agreement index",
                                ylim=(0, 1), sources=res.sources, n_label="shared votes\n(max)"), chart)
    if machine_readable(res, json=json, csv=csv):
        return
    print_compare(res)
    print_notes(res)


def print_compare(res) -> None:
    codes = res["states"]
    rat = res["ratifications"]
    t = Table(title="Ratifications (year; s = signed only; * scrutiny procedure)", title_justify="left", pad_edge=False,
              box=None, header_style="bold")
    t.add_column("instrument", no_wrap=True, min_width=12)
    for c in codes:
        t.add_column(c, justify="right")
    for r in rat.to_dict("records"):
        t.add_row(r["instrument_id"] + (" *" if r["scrutiny"] else ""), *(str(r[c]) for c in codes))
    console.print(t)
    t = Table(title="Membership, UPR", title_justify="left", pad_edge=False, box=None, header_style="bold")
    t.add_column("", no_wrap=True)
    for c in codes:
        t.add_column(c, justify="right")
    prof = res["profile"].set_index("iso3")
    for col, label in (("name", "name"), ("hrc_years", "HRC years"), ("chr_years", "CHR years"),
                       ("parties", "instruments (of 18)"), ("upr_received", "UPR recs received"),
                       ("upr_supported_share", "  supported"), ("upr_made", "UPR recs made")):
        cells = []
        for c in codes:
            v = prof.loc[c, col]
            cells.append(f"{v:.0%}" if col == "upr_supported_share" and v == v else short(v, 14) if isinstance(v, str) else str(v))
        t.add_row(label, *cells)
    console.print(t)
    ag = res["agreement"]
    t = Table(title=f"Agreement index, {res['body']} {res['years_label']}", title_justify="left", pad_edge=False, box=None,
              header_style="bold")
    t.add_column("", no_wrap=True)
    for c in ag.columns:
        t.add_column(c, justify="right")
    for code, row in ag.iterrows():
        t.add_row(code, *("" if v != v else f"{v:.2f}" for v in row))
    console.print(t)


# -- blocs --nested ------------------------------------------------------------------------------
def show_nested_blocs(db, body, years, seed, *, n_boot: int = 20, json: bool = False, csv: bool = False,
                      chart=None) -> None:
    """``blocs --nested``: stable communities at several scales and how they nest."""
    from ..resources.blocs_nested import nested_blocs

    with open_regime(db) as reg:
        res = nested_blocs(reg, body=body, years=years, n_boot=n_boot, seed=seed)
    if chart:
        from ..charts import icicle

        write_chart(icicle(res["communities"], title=f"Blocs at several scales, {res['body']}"
                           + (f" {res.params['years'][0]}-{res.params['years'][1]}" if res.params["years"] else ""),
                           sources=res.sources), chart)
    if machine_readable(res, json=json, csv=csv):
        return
    t = Table(title=f"Stable blocs at several scales, {res['body']}", pad_edge=False, box=None,
              header_style="bold")
    for col, just in (("bloc", "left"), ("in", "left"), ("size", "right"), ("stab.", "right"),
                      ("cohes.", "right"), ("core members", "left")):
        t.add_column(col, justify=just, no_wrap=col != "core members", overflow="fold")
    for r in res["communities"].to_dict("records"):
        indent = "  " * int(r["level"])
        core = " ".join(r["core"])
        t.add_row(indent + r["community"], r["parent"] if isinstance(r["parent"], str) else "", str(r["size"]),
                  f"{r['stability']:.2f}", "" if r["cohesion"] != r["cohesion"] else f"{r['cohesion']:.2f}",
                  short(core, 200))
    console.print(t)
    print_notes(res)
