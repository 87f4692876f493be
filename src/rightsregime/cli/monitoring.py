"""``rightsregime commitments``, ``treaty-map`` and ``compliance``: the monitoring half of the regime.

Python: ``from rightsregime.resources import monitoring; monitoring.commitments(reg, "CHN")``,
``monitoring.treaty_map(reg, "OPCAT")``, ``monitoring.compliance(reg, "CHN", ["USA"])``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from . import app
from ._options import ChartOption, CsvOption, DbOption, JsonOption, console, open_regime
from ._render import render, write_chart

CREDIT = "Source: rightsregime"


def _states(text: str | None) -> list[str]:
    return [s.strip() for s in (text or "").split(",") if s.strip()]


def _year_range(text: str, option: str) -> tuple[int, int]:
    """Through the one parameter parser (a reversed or malformed range exits 2 everywhere)."""
    from .. import params

    span = params.years(text, option=option)
    if span is None:
        raise params.UsageError(f"{option}: give a year or a range such as 2000-2021.", option=option)
    return span


def _weights(text: str | None) -> dict[str, float]:
    from ..analysis.compliance import DEFAULT_WEIGHTS

    out = {}
    for part in _states(text):
        name, _, value = part.partition("=")
        try:
            w = float(value)
        except ValueError:
            w = -1.0
        if name not in DEFAULT_WEIGHTS or w < 0:
            raise typer.BadParameter(f"{part!r}: give component=weight (weight >= 0), components: "
                                     f"{', '.join(DEFAULT_WEIGHTS)}.", param_hint="'--weights'")
        out[name] = w
    return out


def _render(resource, json: bool, csv: bool, printer) -> None:
    # The notes follow the printer's tables, as every command prints them (render).
    render(resource, json=json, csv=csv, text=printer)


def _credit(fig, resource, extra: str = "") -> None:
    fig.text(0.01, 0.005, f"{CREDIT}; data: {', '.join(resource.sources)}. {extra}".strip(), fontsize=7,
             color="#555555", ha="left", va="bottom")


def _fmt(v, pct: bool = False) -> str:
    if v is None or v != v:
        return "-"
    return f"{v:.0%}" if pct else (f"{v:.2f}" if isinstance(v, float) else str(v))


# -- commitments ---------------------------------------------------------------------------------
@app.command()
def commitments(
    state: Annotated[str, typer.Argument(help="ISO3 code or name, e.g. CHN.", metavar="STATE")],
    compare: Annotated[Optional[str], typer.Option("--compare", help="Other states, comma-separated.", metavar="STATES")] = None,
    year: Annotated[Optional[int], typer.Option("--year", help="Year of the snapshot and peer ranks "
                                                "(default 2023).", metavar="YEAR")] = None,
    db: DbOption = None, json: JsonOption = False, csv: CsvOption = False, chart: ChartOption = None,
):
    """Treaty commitments over time: each of the 18 UN instruments and 11 ILO conventions with its
    status, year and lag from opening; obligations against scrutiny accepted; peers in the regional
    group and blocs.

    Example: rightsregime commitments CHN --compare IND,BRA
    """
    from ..resources import monitoring

    with open_regime(db) as reg:
        res = monitoring.commitments(reg, state, _states(compare), year)
    _render(res, json, csv, _print_commitments)
    if chart is not None:
        _chart_commitments(res, chart)


def _print_commitments(res) -> None:
    console.rule(f"[bold]{res['name']}[/] ({res['state']}): commitments")
    t = Table(title="Instruments (obligations, scrutiny, ILO)")
    for col in ("family", "instrument", "opened", "status", "year", "lag"):
        t.add_column(col, justify="right" if col in ("opened", "year", "lag") else "left")
    for r in res["instruments"].to_dict("records"):
        style = "green" if r["status"] == "party" else "yellow" if r["status"] in ("signatory",) else "dim"
        t.add_row(r["family"], r["instrument_id"], str(r["opened"]), f"[{style}]{r['status']}[/]",
                  _fmt(r["year"]), _fmt(r["lag"]))
    console.print(t)
    t = Table(title=f"In {res.params['year']}: parties / instruments open")
    for col in ("state", "obligations", "scrutiny", "ILO", "gap (obligations - scrutiny)"):
        t.add_column(col, justify="right")
    for r in res["summary"].to_dict("records"):
        t.add_row(r["iso3"], f"{r['obligations']}/{r['obligations_open']}", f"{r['scrutiny']}/{r['scrutiny_open']}",
                  f"{r['ilo']}/{r['ilo_open']}", _fmt(r["gap"]))
    console.print(t)
    if len(res["peers"]):
        t = Table(title="Against its groups (rank 1 = most committed)")
        for col in ("group", "measure", "value", "group mean", "rank"):
            t.add_column(col, justify="left" if col in ("group", "measure") else "right")
        for r in res["peers"].to_dict("records"):
            t.add_row(r["group_id"], r["measure"], _fmt(r["value"]), _fmt(r["group_mean"]),
                      f"{r['rank']} of {r['n_members']}")
        console.print(t)


def _chart_commitments(res, path: Path) -> None:
    import matplotlib.pyplot as plt

    data = res["over_time"]
    data = data[data["year"] >= 1966]
    iso3 = res["state"]
    fig, axes = plt.subplots(1, 3, figsize=(13, 4.4), sharey=True)
    regional = res["peers"]["group_id"].iloc[0] if len(res["peers"]) else None
    for ax, fam, label in zip(axes, ("obligations", "scrutiny", "ilo"),
                              ("Obligations: 9 core treaties + 3 protocols", "Scrutiny: complaints, inquiry, visits",
                               "ILO fundamental conventions")):
        for code, g in data.groupby("iso3", sort=False):
            ax.step(g["year"], g[f"{fam}_share"], where="post", lw=2.4 if code == iso3 else 1.3,
                    label=code, color=None if code != iso3 else "#c0392b")
        if regional:
            gm = res["group_means"]
            gm = gm[(gm["group_id"] == "UN") & (gm["year"] >= 1966)]
            if len(gm):
                ax.plot(gm["year"], gm[f"{fam}_share"], ls="--", color="grey", lw=1, label="UN members' mean")
        last = data[data["iso3"] == iso3].iloc[-1]
        ax.set_title(f"{label}\n(n = {int(last[f'{fam}_open'])} open in {int(last['year'])})", fontsize=9)
        ax.set_xlabel("year")
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("share of open instruments accepted")
    axes[0].legend(fontsize=8, loc="upper left")
    fig.suptitle(f"{res['name']}: obligations accepted, scrutiny accepted, 1966-{int(data['year'].max())}")
    _credit(fig, res, "UN status mid-2022 (years only); ILO to 2026.")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    write_chart(fig, path, data=res.table() if res.main else None)
    plt.close(fig)


# -- treaty map ----------------------------------------------------------------------------------
STATUS_COLOURS = {"party": "#1b7837", "denounced": "#d6604d", "signatory": "#fdb863", "not yet party": "#a6dba0",
                  "none": "#bababa"}


@app.command("treaty-map")
def treaty_map(
    instrument: Annotated[str, typer.Argument(help="UN instrument (ICCPR, OPCAT, ...) or ILO convention (C029, ...).", metavar="INSTRUMENT")],
    year: Annotated[Optional[int], typer.Option("--year", help="Status in this year (default 2023).", metavar="YEAR")] = None,
    db: DbOption = None, json: JsonOption = False, csv: CsvOption = False, chart: ChartOption = None,
):
    """Every UN member's status under one instrument (party, signatory, none), and a world map of it
    drawn offline.

    Example: rightsregime treaty-map OPCAT --chart opcat.png
    """
    from ..resources import monitoring

    with open_regime(db) as reg:
        res = monitoring.treaty_map(reg, instrument, year)
    _render(res, json, csv, _print_map)
    if chart is not None:
        _chart_map(res, chart)


def _print_map(res) -> None:
    console.rule(f"[bold]{res['instrument']}[/]: {res['title']} ({res.params['year']})")
    t = Table()
    t.add_column("status")
    t.add_column("states", justify="right")
    t.add_column("examples")
    states = res["states"]
    for status, n in res["counts"].items():
        t.add_row(status, str(n), ", ".join(states.loc[states["status"] == status, "iso3"].head(12)))
    console.print(t)


def _chart_map(res, path: Path) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from ..regime.crosswalk import iso2_pairs
    from ._worldmap import draw_world

    iso2 = {}
    for code2, code3 in iso2_pairs():  # the first ISO2 of each country (GB, not UK)
        iso2.setdefault(code3, code2)
    states = res["states"]
    colours = {iso2[c]: STATUS_COLOURS.get(s, "#bababa") for c, s in zip(states["iso3"], states["status"]) if c in iso2}
    fig, ax = plt.subplots(figsize=(12, 6.6))
    drawn = draw_world(ax, colours, default="#f0f0f0")
    counts = res["counts"]
    handles = [Patch(facecolor=STATUS_COLOURS[s], label=f"{s} ({counts[s]})") for s in STATUS_COLOURS if s in counts]
    handles.append(Patch(facecolor="#f0f0f0", edgecolor="#999999", label="not a UN member / no data"))
    ax.legend(handles=handles, loc="lower left", fontsize=9, frameon=False, title=f"UN member states (n = {len(states)})")
    when = (f"status in {res.params['year']}" if res.sources != ["hr-treaty-ratification"] or res.params["year"] < 2022
            else "status as of mid-2022")
    ax.set_title(f"{res['title']} ({res['instrument']}): {when}", fontsize=11)
    missing = sorted(set(iso2.get(c, c) for c in states["iso3"]) - drawn)
    _credit(fig, res, f"Outlines: pygal_maps_world (LGPL); {len(missing)} small states not drawn.")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    write_chart(fig, path, data=res.table() if res.main else None)
    plt.close(fig)


# -- compliance ----------------------------------------------------------------------------------
@app.command()
def compliance(
    state: Annotated[str, typer.Argument(help="ISO3 code or name, e.g. CHN.", metavar="STATE")],
    compare: Annotated[Optional[str], typer.Option("--compare", help="Other states, comma-separated.", metavar="STATES")] = None,
    years: Annotated[str, typer.Option("--years", help="Years shown, e.g. 2008-2021.", metavar="YEARS")] = "2000-2023",
    weights: Annotated[Optional[str], typer.Option(
        "--weights", help="Component weights, e.g. upr_reviewer=0,country_votes=2 (default 1 each).", metavar="WEIGHTS")] = None,
    bodies: Annotated[str, typer.Option("--bodies", help="Bodies whose votes on country texts count.", metavar="BODIES")] = "HRC,GA",
    include_occupied: Annotated[bool, typer.Option(
        "--include-occupied", help="Count texts on Israel and the occupied territories as country texts.", metavar="")] = False,
    promises_chart: Annotated[Optional[Path], typer.Option(
        "--promises-chart", help="Write the 'empty promises' chart (all states, 2000-2021) to this file.",
        dir_okay=False, metavar="FILE")] = None,
    db: DbOption = None, json: JsonOption = False, csv: CsvOption = False, chart: ChartOption = None,
):
    """Formal against substantive engagement per year (a decomposable index; weights are parameters),
    with practice (Fariss, PTS) beside it, never mixed in.

    Example: rightsregime compliance CHN --years 2008-2021
    """
    from ..resources import monitoring

    span = _year_range(years, "--years")
    w = _weights(weights)
    body_list = tuple(b.strip().upper() for b in bodies.split(",") if b.strip())
    if not body_list or set(body_list) - {"HRC", "GA", "CHR"}:
        raise typer.BadParameter(f"{bodies!r}: use HRC, GA, CHR or several joined by commas.", param_hint="'--bodies'")
    with open_regime(db) as reg:
        res = monitoring.compliance(reg, state, _states(compare), w, span, body_list,
                                    include_occupied=include_occupied)
    _render(res, json, csv, _print_compliance)
    if chart is not None:
        _chart_compliance(res, chart)
    if promises_chart is not None:
        _chart_promises(res, promises_chart)


def _print_compliance(res) -> None:
    console.rule(f"[bold]{res['state']}[/]: formal and substantive engagement, practice beside")
    t = Table()
    for col in ("state", "year", "formal", "substantive", "gap", "Fariss (95%)", "PTS", "thin"):
        t.add_column(col, justify="left" if col == "state" else "right")
    for r in res["index"].to_dict("records"):
        f = "-" if r["fariss"] != r["fariss"] else f"{r['fariss']:.2f} ({r['fariss_lower']:.2f}, {r['fariss_upper']:.2f})"
        t.add_row(r["iso3"], str(r["year"]), f"{_fmt(r['formal_index'])} ({r['n_formal']})",
                  f"{_fmt(r['substantive_index'])} ({r['n_substantive']})", _fmt(r["engagement_gap"]), f,
                  _fmt(r["pts"]), "thin" if r["thin"] else "")
    console.print(t)
    comps = res["components"]
    last = comps.loc[(comps["iso3"] == res["state"]) & comps["value"].notna()]
    if len(last):
        y = int(last["year"].max())
        t = Table(title=f"{res['state']} {y}: components and their inputs")
        for col in ("family", "component", "value", "inputs", "95% interval"):
            t.add_column(col, justify="left" if col in ("family", "component") else "right")
        for r in comps.loc[(comps["iso3"] == res["state"]) & (comps["year"] == y)].to_dict("records"):
            inputs = "-" if r["of"] != r["of"] else f"{int(r['n'])} of {int(r['of'])}"
            ci = "-" if r["lower"] != r["lower"] else f"{r['lower']:.2f}-{r['upper']:.2f}"
            t.add_row(r["family"], r["component"], _fmt(r["value"]), inputs + (" (thin)" if r["thin"] else ""), ci)
        console.print(t)


def _chart_compliance(res, path: Path) -> None:
    import matplotlib.pyplot as plt
    import numpy as np

    idx = res["index"]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(13, 4.6))
    for code, g in idx.groupby("iso3", sort=False):
        g = g.set_index("year").reindex(range(int(idx["year"].min()), int(idx["year"].max()) + 1))
        line, = a1.plot(g.index, g["formal_index"], lw=2 if code == res["state"] else 1.2, label=f"{code} formal")
        a1.plot(g.index, g["substantive_index"], lw=2 if code == res["state"] else 1.2, ls="--",
                color=line.get_color(), label=f"{code} substantive")
        a2.plot(g.index, g["fariss"], lw=2 if code == res["state"] else 1.2, color=line.get_color(), label=code)
        a2.fill_between(g.index, g["fariss_lower"], g["fariss_upper"], color=line.get_color(), alpha=0.12)
    a1.set_ylim(0, 1.02)
    a1.set_title("Engagement index (solid formal, dashed substantive)\nUPR inputs 2008-2014 only; fewer components "
                 "outside", fontsize=9)
    a1.set_xlabel("year")
    a1.legend(fontsize=7, ncol=2)
    a1.grid(alpha=0.3)
    a2.set_title("Practice: Fariss latent physical integrity score (95% interval)\nhigher = more respect; "
                 "ends 2021", fontsize=9)
    a2.set_xlabel("year")
    a2.axhline(0, color="grey", lw=0.6)
    a2.legend(fontsize=8)
    a2.grid(alpha=0.3)
    fig.suptitle(f"Formal against substantive engagement, and practice: {', '.join(idx['iso3'].unique())}")
    _credit(fig, res, "Gaps are years without data.")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    write_chart(fig, path, data=res.table() if res.main else None)
    plt.close(fig)
    del np


def _chart_promises(res, path: Path) -> None:
    import matplotlib.pyplot as plt

    p = res["empty_promises"]
    start, end = res.params["empty_promises_span"]
    iso3 = res["state"]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(13, 5))
    jitter = (p["iso3"].map(hash) % 100 / 100 - 0.5) * 0.02
    empty = p["empty_promise"]
    a1.scatter(p.loc[~empty, "ratification_change"] + jitter[~empty], p.loc[~empty, "practice_change"], s=14,
               color="#4393c3", alpha=0.7, label=f"practice improved or no new ratification (n = {int((~empty).sum())})")
    a1.scatter(p.loc[empty, "ratification_change"] + jitter[empty], p.loc[empty, "practice_change"], s=14,
               color="#d6604d", alpha=0.7, label=f"ratified more, practice not better (n = {int(empty.sum())})")
    me = p[p["iso3"] == iso3]
    if len(me):
        a1.scatter(me["ratification_change"], me["practice_change"], s=80, color="black", zorder=3)
        a1.annotate(iso3, (me["ratification_change"].iloc[0], me["practice_change"].iloc[0]),
                    xytext=(6, 4), textcoords="offset points", fontweight="bold")
    a1.axhline(0, color="grey", lw=0.7)
    a1.axvline(0, color="grey", lw=0.7)
    a1.set_xlabel(f"change in ratification breadth {start}-{end} (share of obligation instruments)")
    a1.set_ylabel(f"change in Fariss score {start}-{end}")
    a1.set_title(f"'Empty promises' across {len(p)} states (Hathaway 2002; Hafner-Burton & Tsutsui 2005)", fontsize=9)
    a1.legend(fontsize=8, loc="lower left")
    a1.grid(alpha=0.3)
    # The state's own trajectory, year by year, in (breadth, practice) space.
    comps = res["components"]
    traj = comps[(comps["iso3"] == iso3) & (comps["component"] == "ratification_breadth")][["year", "value"]]
    idx = res["index"]
    traj = traj.merge(idx[idx["iso3"] == iso3][["year", "fariss", "fariss_lower", "fariss_upper"]], on="year")
    traj = traj.dropna(subset=["fariss"])
    a2.errorbar(traj["value"], traj["fariss"], yerr=[traj["fariss"] - traj["fariss_lower"],
                                                    traj["fariss_upper"] - traj["fariss"]],
                fmt="-o", ms=3, lw=1, color="black", ecolor="#bbbbbb", capsize=0)
    for _, r in traj.iloc[[0, len(traj) // 2, -1]].iterrows() if len(traj) else []:
        a2.annotate(str(int(r["year"])), (r["value"], r["fariss"]), xytext=(5, -10), textcoords="offset points",
                    fontsize=8)
    a2.scatter(p["ratification_breadth_end"], p["fariss_end"], s=10, color="#cccccc", zorder=0,
               label=f"all states in {end}")
    a2.set_xlabel("ratification breadth (share of open obligation instruments)")
    a2.set_ylabel("Fariss score (95% interval)")
    a2.set_title(f"{iso3}'s trajectory, year by year", fontsize=9)
    a2.legend(fontsize=8)
    a2.grid(alpha=0.3)
    _credit(fig, res)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    write_chart(fig, path, data=res.table() if res.main else None)
    plt.close(fig)
