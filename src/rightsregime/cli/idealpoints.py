"""``rightsregime idealpoints``: per state-year ideal points with intervals, and trajectories.

Python: ``IdealPoints(...).fit(reg.votes(body="GA", years="1946-2019")).tidy()``.
"""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from . import app
from ._options import ChartOption, CsvOption, DbOption, JsonOption, console, open_regime, save_chart
from ._render import render, table

CHART_DEFAULT = ("USA", "CHN", "RUS")


@app.command()
def idealpoints(
    body: Annotated[str, typer.Option(
        "--body", help="GA, HRC or CHR; several joined by commas are fitted jointly (states "
        "sitting in both bridge them).", metavar="BODY")] = "GA",
    years: Annotated[Optional[str], typer.Option(
        "--years", help="A year or a range, e.g. 1946-2019 (default: the whole record).", metavar="YEARS")] = None,
    states: Annotated[Optional[str], typer.Option(
        "--states", help="Only these states in the output and the chart, comma-separated "
        "(ISO3 or names); the chart defaults to USA, CHN, RUS.", metavar="STATES")] = None,
    dimensions: Annotated[int, typer.Option("--dimensions", help="Dimensions (1 to 3).", metavar="N")] = 1,
    bootstrap: Annotated[int, typer.Option(
        "--bootstrap", help="Parametric bootstrap replicates for the intervals (0: approximate "
        "posterior intervals, narrower; at most 200: each replicate is a whole fit).", metavar="N")] = 0,
    static: Annotated[bool, typer.Option(
        "--static", help="One position per state for the whole slice instead of one a year.", metavar="")] = False,
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the bootstrap.", metavar="N")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar on stderr.", metavar="")] = False,
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
    chart: ChartOption = None,
):
    """Ideal points per state and year from recorded votes (dynamic ordinal IRT, United States
    positive), with 95 % intervals and the number of votes behind each estimate.

    Example: rightsregime idealpoints --body HRC --years 2006-2026 --states CHN,USA,BRA --chart ip.png
    """
    from ..resources import idealpoints as res

    with open_regime(db) as reg:
        r = res.idealpoints(reg, body=body, years=years, states=states, dimensions=dimensions,
                            bootstrap=bootstrap, static=static, seed=seed,
                            progress=not (quiet or json or csv),  # a bar only for a reader at a terminal
                            warn=lambda m: typer.echo(f"Warning: {m}", err=True))
        names = reg.state_names() if chart is not None else None
    render(r, json=json, csv=csv, text=lambda r: _print(r.data, r["estimates"], r.chosen))
    if chart is not None:
        _chart(r.model.tidy(), r.chosen or list(CHART_DEFAULT), r.data, chart, names)


def _print(doc: dict, estimates, chosen) -> None:
    console.print(
        f"{doc['body']} {doc['years'][0]}-{doc['years'][1]}: {doc['n_decisions']:,} contested roll "
        f"calls ({doc['n_unanimous_left_out']:,} unanimous left out), {doc['n_states']} states, "
        f"{doc['n_votes']:,} votes; {doc['model']}, {doc['sign']}; intervals {doc['intervals']}.",
        highlight=False)
    shown = estimates
    title = "Ideal points"
    if not chosen and "year" in shown and shown["year"].notna().any():
        last = shown["year"].max()
        shown = shown[shown["year"] == last].sort_values("value", ascending=False)
        title = f"Ideal points in {last} (all years: --json, or --states)"
    console.print(table(shown, title=title))


def _chart(estimates: pd.DataFrame, chosen: list[str], doc: dict, path, names=None) -> None:
    if "dimension" not in estimates and estimates["year"].notna().any():
        # issue 9: the shared chart (real year axis, full names, USSR and Russia as one line)
        from ..charts import spell_bodies, trajectories
        from ._render import write_chart

        write_chart(trajectories(estimates, chosen, names=names,
                                 title=f"Ideal points, {spell_bodies(doc['body'])} {doc['years'][0]}-{doc['years'][1]}",
                                 ylabel=f"ideal point ({doc['sign']})",
                                 sources="unvotes (Voeten), hrc-voting, unga-2025-3dl",
                                 note=f"Bands: {doc['intervals']}"), path)
        return
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    dims = sorted(estimates["dimension"].unique()) if "dimension" in estimates else [None]
    fig, axes = plt.subplots(len(dims), 1, figsize=(9, 4.5 * len(dims)), squeeze=False)
    for ax, dim in zip(axes[:, 0], dims):
        part = estimates if dim is None else estimates[estimates["dimension"] == dim]
        for iso3 in chosen:
            s = part[part["iso3"] == iso3].sort_values("year")
            if s.empty:
                continue
            if s["year"].isna().all():  # static model: one point per state
                ax.errorbar([iso3], s["value"], yerr=[s["value"] - s["lower"], s["upper"] - s["value"]],
                            fmt="o", capsize=4)
                continue
            x = s["year"].to_numpy(dtype=float)
            (line,) = ax.plot(x, s["value"], label=iso3)
            ax.fill_between(x, s["lower"].to_numpy(dtype=float), s["upper"].to_numpy(dtype=float),
                            color=line.get_color(), alpha=0.2, linewidth=0)
        ax.axhline(0, color="grey", linewidth=0.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel("ideal point" + (f" (dimension {dim})" if dim else ""))
        if ax.get_legend_handles_labels()[0]:
            ax.legend()
    axes[0, 0].set_title(f"Ideal points, {doc['body']} {doc['years'][0]}-{doc['years'][1]} "
                         f"({doc['sign']}; bands: {doc['intervals']})", fontsize=10)
    save_chart(fig, path, estimates[estimates["iso3"].isin(chosen)])
