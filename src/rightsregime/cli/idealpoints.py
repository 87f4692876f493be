"""``rightsregime idealpoints``: per state-year ideal points with intervals, and trajectories.

Python: ``IdealPoints(...).fit(reg.votes(body="GA", years="1946-2019")).tidy()``.
"""
from __future__ import annotations

from typing import Annotated, Optional

import pandas as pd
import typer
from rich.table import Table

from ..errors import EstimationError, RightsRegimeError
from . import app
from ._options import ChartOption, DbOption, JsonOption, console, emit_json, open_regime, save_chart

BODIES = ("GA", "HRC", "CHR")
CHART_DEFAULT = ("USA", "CHN", "RUS")


def _bodies(body: str) -> list[str]:
    bodies = [b.strip().upper() for b in body.split(",") if b.strip()]
    unknown = [b for b in bodies if b not in BODIES]
    if not bodies or unknown:
        raise typer.BadParameter(
            f"{body!r}: use GA, HRC or CHR, or several joined by commas (GA,HRC fits them "
            "jointly).", param_hint="'--body'")
    return bodies


def _years(years: str | None) -> tuple[int, int] | None:
    if years is None:
        return None
    try:
        parts = [int(p) for p in years.split("-")]
    except ValueError:
        parts = []
    if len(parts) not in (1, 2) or parts[0] > parts[-1]:
        raise typer.BadParameter(f"{years!r}: give a year or a range such as 1946-2019.",
                                 param_hint="'--years'")
    return parts[0], parts[-1]


def _votes(reg, bodies: list[str], years) -> pd.DataFrame:
    # Only the columns the model reads (issue 9: titles and subjects of 870k rows cost 600 MB).
    frames = [reg.vote_rows(body=b, years=years) for b in bodies]
    frames = [f for f in frames if not f.empty]
    if not frames:
        span = f" in {years[0]}-{years[1]}" if years else ""
        raise EstimationError(f"No recorded votes for {','.join(bodies)}{span}; "
                              "check --body and --years.")
    return pd.concat(frames, ignore_index=True)


@app.command()
def idealpoints(
    body: Annotated[str, typer.Option(
        "--body", help="GA, HRC or CHR; several joined by commas are fitted jointly (states "
        "sitting in both bridge them).")] = "GA",
    years: Annotated[Optional[str], typer.Option(
        "--years", help="A year or a range, e.g. 1946-2019 (default: the whole record).")] = None,
    states: Annotated[Optional[str], typer.Option(
        "--states", help="Only these states in the output and the chart, comma-separated "
        "(ISO3 or names); the chart defaults to USA, CHN, RUS.")] = None,
    dimensions: Annotated[int, typer.Option("--dimensions", help="Dimensions (1 to 3).")] = 1,
    bootstrap: Annotated[int, typer.Option(
        "--bootstrap", help="Parametric bootstrap replicates for the intervals (0: approximate "
        "posterior intervals, narrower).")] = 0,
    static: Annotated[bool, typer.Option(
        "--static", help="One position per state for the whole slice instead of one a year.")] = False,
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the bootstrap.")] = 0,
    db: DbOption = None,
    json: JsonOption = False,
    chart: ChartOption = None,
):
    """Ideal points per state and year from recorded votes (dynamic ordinal IRT, United States
    positive), with 95 % intervals and the number of votes behind each estimate."""
    import warnings

    from ..analysis._base import ConvergenceWarning
    from ..analysis.ideal_points import IdealPoints

    bodies = _bodies(body)
    span = _years(years)
    reg = open_regime(db)
    chosen = [reg.lookup_state(s.strip()) for s in states.split(",") if s.strip()] if states else None
    votes = _votes(reg, bodies, span)
    model = IdealPoints(dimensions, dynamic=not static, n_bootstrap=bootstrap, progress=True,
                        random_state=seed)
    try:
        model._validate_params()
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--dimensions' / '--bootstrap'") from None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        model.fit(votes)
    for w in caught:
        typer.echo(f"Warning: {w.message}", err=True)
    estimates = model.tidy()
    if chosen:
        absent = [s for s in chosen if s not in set(estimates["iso3"])]
        if absent:
            raise RightsRegimeError(
                f"No estimate for {', '.join(absent)} in {','.join(bodies)}"
                f"{' ' + years if years else ''}: it cast no contested vote there.")
        estimates = estimates[estimates["iso3"].isin(chosen)].reset_index(drop=True)
    doc = _document(model, bodies, estimates)
    if json:
        emit_json(doc)
    else:
        _print(doc, estimates, chosen)
    if chart is not None:
        names = dict(zip(*reg.states()[["iso3", "name"]].to_numpy().T))
        _chart(model.tidy(), chosen or list(CHART_DEFAULT), doc, chart, names)


def _document(model, bodies, estimates: pd.DataFrame) -> dict:
    tidy = model.tidy()
    decisions = model.decision_params_
    return {
        "body": ",".join(bodies),
        "years": [int(decisions["year"].min()), int(decisions["year"].max())],
        "model": "dynamic ordinal IRT" if model.dynamic else "static ordinal IRT",
        "n_dimensions": model.n_dimensions,
        "intervals": (f"95% parametric bootstrap, {model.n_bootstrap} replicates"
                      if model.n_bootstrap else "95% approximate posterior (Laplace)"),
        "sign": f"{model.anchor_} positive" if model.anchor_ else "higher: more often yes",
        "n_decisions": int(len(decisions)),
        "n_unanimous_left_out": int(model.n_unanimous_),
        "n_states": int(tidy["iso3"].nunique()),
        "n_votes": int(decisions["n_votes"].sum()),
        "n_iter": int(model.n_iter_),
        "converged": bool(model.converged_),
        "log_likelihood": float(model.log_likelihood_),
        "estimates": estimates.to_dict(orient="records"),
    }


def _print(doc: dict, estimates: pd.DataFrame, chosen) -> None:
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
    table = Table(title=title)
    for col in shown.columns:
        table.add_column(col, justify="left" if col == "iso3" else "right")
    for row in shown.itertuples(index=False):
        table.add_row(*["" if pd.isna(v) else f"{v:.3f}" if isinstance(v, float) else str(v)
                        for v in row])
    console.print(table)


def _chart(estimates: pd.DataFrame, chosen: list[str], doc: dict, path, names=None) -> None:
    if "dimension" not in estimates and estimates["year"].notna().any():
        # issue 9: the shared chart (real year axis, full names, USSR and Russia as one line)
        from ..charts import trajectories
        from .questions import write_chart

        write_chart(trajectories(estimates, chosen, names=names,
                                 title=f"Ideal points, {doc['body']} {doc['years'][0]}-{doc['years'][1]}",
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
    save_chart(fig, path)
    plt.close(fig)
