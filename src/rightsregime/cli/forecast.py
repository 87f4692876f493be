"""``rightsregime forecast``: the whip count for a draft; ``forecast backtest``: proof on the record.

Thin: parse, call :mod:`rightsregime.resources.forecast`, render the :class:`Resource` as tables,
``--json`` (``resource.to_dict()``), ``--csv`` (the main table) or a chart.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import app
from ._options import ChartOption, DbOption, JsonOption, console, open_regime, save_chart
from ._render import render

forecast_app = typer.Typer(
    name="forecast", pretty_exceptions_enable=False, add_completion=False,
    help="Forecast how each member will vote on a draft (the whip count), or backtest the "
    "forecast on the record ('forecast backtest').\n\nExample: rightsregime forecast --like A/HRC/RES/46/1")
app.add_typer(forecast_app, name="forecast")

CsvOption = Annotated[bool, typer.Option("--csv", help="Print the main table as CSV to stdout.", metavar="")]
CREDIT = ("Source: rightsregime forecast from the OHCHR voting records (Szoszkiewicz 2026, "
          "doi:10.5281/zenodo.21281232) and tsujamin/unhrc-nominate; regional groups from internacia-db.")


def _date(value: str | None, option: str):
    if value is None:
        return None
    import pandas as pd

    try:
        return pd.Timestamp(value)
    except (ValueError, TypeError):
        raise typer.BadParameter(f"{value!r}: give a date such as 2021-03-22.", param_hint=option) from None


@forecast_app.callback(invoke_without_command=True)
def forecast(
    ctx: typer.Context,
    body: Annotated[str, typer.Option("--body", help="HRC or CHR.", metavar="BODY")] = "HRC",
    members: Annotated[Optional[str], typer.Option(
        "--members", help="A year (the members sitting then; for a future year, those whose terms "
        "cover it) or states joined by commas (default: the members of the --as-of year, or those "
        "who voted on --like).", metavar="YEAR|STATES")] = None,
    concerning: Annotated[Optional[str], typer.Option(
        "--concerning", help="The state the draft concerns (ISO3 or name); omit for a thematic text.", metavar="STATE")] = None,
    sponsors: Annotated[Optional[str], typer.Option(
        "--sponsors", help="Main sponsors, ISO3 or names joined by commas.", metavar="STATES")] = None,
    subject: Annotated[Optional[str], typer.Option(
        "--subject", help="Words of the subject, matched against earlier titles and subject tags.", metavar="TEXT")] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="The draft's title, if known.", metavar="TEXT")] = None,
    kind: Annotated[str, typer.Option("--kind", help="resolution, decision or amendment.", metavar="KIND")] = "resolution",
    as_of: Annotated[Optional[str], typer.Option(
        "--as-of", help="Forecast as on this date: only the record before it is used (default: "
        "today, or the day before --like's vote).", metavar="DATE")] = None,
    like: Annotated[Optional[str], typer.Option(
        "--like", help="Take the state concerned, sponsors, kind, title and subjects of a past text "
        "(symbol); the recorded result is shown beside the forecast.", metavar="SYMBOL")] = None,
    rules: Annotated[str, typer.Option(
        "--rules", help="Rule set for P(adoption): hrc, china-2007, ... or a .toml file.", metavar="RULES")] = "hrc",
    top: Annotated[int, typer.Option("--top", help="Swing members to list.", metavar="N")] = 8,
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
    chart: ChartOption = None,
):
    """Per member P(yes/no/abstain) with the reasons that weigh most, the expected tally with a
    90 % interval, P(adoption) under --rules, and the swing members.

    Example: rightsregime forecast --like A/HRC/RES/46/1
    """
    if ctx.invoked_subcommand is not None:
        return
    from ..resources import forecast as res

    if kind not in ("resolution", "decision", "amendment"):
        raise typer.BadParameter(f"{kind!r}: use resolution, decision or amendment.", param_hint="'--kind'")
    if not (concerning or sponsors or subject or title or like):
        raise typer.BadParameter("describe the draft: give --concerning, --sponsors, --subject, "
                                 "--title or --like SYMBOL.", param_hint="'--concerning'")
    if members is not None and members.strip().isdigit() and not 2006 <= int(members) <= 2100:
        raise typer.BadParameter(f"{members!r}: give a Council year (2006 or later) or states.",
                                 param_hint="'--members'")
    when = _date(as_of, "'--as-of'")
    reg = open_regime(db)
    resource = res.forecast(reg, body=body, members=members, concerning=concerning,
                            sponsors=sponsors, subject=subject, title=title, kind=kind, as_of=when,
                            like=like, rules=rules)
    if json:
        render(resource, json=True)
    elif csv:
        _csv(resource.table())
    else:
        _print_forecast(resource, top)
    if chart is not None:
        _chamber_chart(resource, chart)


def _csv(frame) -> None:
    frame = frame.copy()
    if "reasons" in frame:
        frame["reasons"] = frame["reasons"].map(lambda r: "; ".join(r))
    frame.to_csv(sys.stdout, index=False)


def _print_forecast(resource, top: int) -> None:
    from rich.table import Table

    p = resource.params
    head = f"{p['body']} draft"
    if p["like"]:
        head += f" like {p['like']}"
    if p["concerning"]:
        head += f" concerning {p['concerning']}"
    if p["sponsors"]:
        shown = ", ".join(p["sponsors"][:6]) + (" ..." if len(p["sponsors"]) > 6 else "")
        head += f", sponsors {shown}"
    console.print(f"{head}; as of {p['as_of']}; {p['members']} members.", highlight=False)
    table = Table(title="Forecast positions (most likely yes first)")
    for col, justify in (("member", "left"), ("group", "left"), ("yes", "right"), ("no", "right"),
                         ("abst.", "right"), ("likely", "left"), ("basis", "left"),
                         ("the reason that weighs most (all: --json)", "left")):
        table.add_column(col, justify=justify, no_wrap=col != "the reason that weighs most (all: --json)")
    for r in resource.table().itertuples():
        table.add_row(f"{str(r.state).split(' (')[0][:20]} ({r.iso3})", str(r.group or "")[:7], f"{r.p_yes:.2f}",
                      f"{r.p_no:.2f}", f"{r.p_abstain:.2f}", r.most_likely,
                      "own" if r.basis == "own record" else "GROUP", r.reasons[0] if r.reasons else "")
    console.print(table)
    tally = resource["tally"]
    parts = [f"{t.position} {t.expected:.1f} ({t.lower}-{t.upper})" for t in tally.itertuples()]
    console.print(f"Expected tally, {int(100 * tally['level'].iat[0])}% intervals: {'; '.join(parts)}.",
                  highlight=False)
    console.print(f"P(adopted) under {p['rules']} ({p['rule']}): [bold]{resource['p_adopted']:.2f}[/]",
                  highlight=False)
    rec = resource["recorded"]
    if rec:
        console.print(f"Recorded: {rec['symbol']} {rec['outcome']}, {rec['yes']}-{rec['no']}-"
                      f"{rec['abstain']}.", highlight=False)
    swing = Table(title="Swing members: P(adopted) if the member votes yes / abstains / no")
    for col in ("state", "likely", "if yes", "if abstain", "if no", "swing"):
        swing.add_column(col, justify="left" if col in ("state", "likely") else "right")
    for r in resource["swing"].head(top).itertuples():
        swing.add_row(f"{r.state} ({r.iso3})", r.most_likely, f"{r.p_adopted_if_yes:.3f}",
                      f"{r.p_adopted_if_abstain:.3f}", f"{r.p_adopted_if_no:.3f}", f"{r.swing:.4f}")
    console.print(swing)
    for note in resource.notes:
        console.print(f"Note: {note}", highlight=False, style="dim")


# A seat whose most likely position has at least this probability is drawn in full colour;
# below it, pale ("leaning").
_LIKELY = 0.6


def _chamber_chart(resource, path: Path) -> None:
    """The expected chamber: one seat per member on a hemicycle, ordered from no to yes by the
    forecast (P(yes) minus P(no)) and coloured by its most likely position in the project's
    position colours (yes green, no red, abstain grey), pale when that position is below
    ``_LIKELY``; the legend counts the seats of each kind."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.colors import to_rgb
    from matplotlib.lines import Line2D

    from ..charts import POSITION_COLOURS, spell_bodies

    members = resource.table().copy()
    members["lean"] = members["p_yes"] - members["p_no"]
    members["p_most_likely"] = members[["p_yes", "p_no", "p_abstain"]].max(axis=1)
    members = members.sort_values("lean").reset_index(drop=True)
    n = len(members)
    rows = 4 if n > 36 else 3
    radii = np.linspace(1.1, 2.0, rows)
    per_row = np.round(radii / radii.sum() * n).astype(int)
    per_row[-1] += n - per_row.sum()
    seats = []
    for r, k in zip(radii, per_row):
        angles = np.linspace(np.pi, 0, k) if k > 1 else np.array([np.pi / 2])
        seats += [(a, r) for a in angles]
    seats.sort(key=lambda s: (-s[0], s[1]))  # left to right: no-leaning to yes-leaning
    fig, ax = plt.subplots(figsize=(10, 6.4))

    def colour(position: str, likely: bool):
        full = np.array(to_rgb(POSITION_COLOURS[position]))
        return tuple(full if likely else 0.45 * full + 0.55)  # pale: mixed with white

    kinds = {}
    for (angle, r), row in zip(seats, members.itertuples()):
        x, y = r * np.cos(angle), r * np.sin(angle)
        likely = row.p_most_likely >= _LIKELY
        kinds[(row.most_likely, likely)] = kinds.get((row.most_likely, likely), 0) + 1
        ax.scatter(x, y, s=420, color=colour(row.most_likely, likely), edgecolor="#333333", linewidth=0.6,
                   zorder=2)
        ax.text(x, y, row.iso3, ha="center", va="center", fontsize=6.5, zorder=3,
                color="white" if likely and row.most_likely != "abstain" else "black")
    p = resource.params
    tally = resource["tally"].set_index("position")
    level = int(100 * tally["level"].iat[0])
    summary = "; ".join(f"{pos} {tally.at[pos, 'expected']:.1f} ({tally.at[pos, 'lower']}-"
                        f"{tally.at[pos, 'upper']})" for pos in ("yes", "no", "abstain"))
    ax.text(0, 0.45, f"P(adopted) = {resource['p_adopted']:.2f}", ha="center", fontsize=14,
            weight="bold")
    ax.text(0, -0.25, f"expected {summary} ({level}% intervals); n = {n} members", ha="center",
            fontsize=8.5)
    handles = [Line2D([], [], marker="o", linestyle="", markersize=11, markeredgecolor="#333333",
                      markerfacecolor=colour(pos, likely),
                      label=f"{'likely' if likely else 'leaning'} {pos}: {kinds[(pos, likely)]}")
               for pos in ("yes", "abstain", "no") for likely in (True, False) if (pos, likely) in kinds]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=min(6, len(handles)),
              fontsize=8, frameon=False, handletextpad=0.3, columnspacing=1.2,
              title=f"Each seat a member, by its most likely vote (likely: probability {_LIKELY:.0%} or more; "
                    f"leaning: less); ordered from no (left) to yes (right)", title_fontsize=8)
    what = p["like"] or (f"draft concerning {p.get('concerning_name') or p['concerning']}"
                         if p["concerning"] else "thematic draft")
    ax.set_title(f"The expected vote in the {spell_bodies(p['body'])}: {what}, forecast as of {p['as_of']}\n"
                 f"rule: {p['rule']} ({p['rules']})", fontsize=10)
    rec = resource["recorded"]
    if rec:
        ax.text(0, -0.45, f"Recorded: {rec['outcome']} {rec['yes']}-{rec['no']}-{rec['abstain']}",
                ha="center", fontsize=9)
    ax.set_xlim(-2.3, 2.3)
    ax.set_ylim(-0.55, 2.25)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.subplots_adjust(bottom=0.16)
    fig.text(0.01, 0.01, CREDIT, fontsize=6.5, color="dimgray")
    save_chart(fig, path, members)  # the seats' numbers as CSV beside the image


@forecast_app.command("backtest")
def backtest_command(
    body: Annotated[str, typer.Option("--body", help="HRC or CHR.", metavar="BODY")] = "HRC",
    start: Annotated[int, typer.Option("--from", help="First year of sessions to forecast.", metavar="YEAR")] = 2010,
    rules: Annotated[str, typer.Option("--rules", help="Rule set for the outcomes.", metavar="RULES")] = "hrc",
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
    chart: ChartOption = None,
):
    """Per session: fit on everything before it, forecast every recorded vote in it; log loss,
    Brier score, accuracy, macro-F1, calibration, outcome accuracy and margin error beside three
    baselines (last position on the same state, regional group majority, everyone yes).

    Example: rightsregime forecast backtest --body HRC --from 2010
    """
    from ..resources import forecast as res

    if not 1946 <= start <= 2100:
        raise typer.BadParameter(f"{start}: give a year such as 2010.", param_hint="'--from'")
    reg = open_regime(db)
    resource = res.backtest(reg, body=body, start_year=start, rules=rules)
    if json:
        render(resource, json=True)
    elif csv:
        resource.table().to_csv(sys.stdout, index=False)
    else:
        _print_backtest(resource)
    if chart is not None:
        _reliability_chart(resource, chart)


def _print_backtest(resource) -> None:
    from rich.table import Table

    p = resource.params
    console.print(f"{p['body']} backtest from {p['from']}: {p['sessions']} sessions, "
                  f"{p['texts']:,} texts with an outcome, {p['positions']:,} positions.", highlight=False)
    per = resource.table()
    table = Table(title="Per session (log loss: lower is better)")
    for col in ("session", "date", "texts", "positions", "log loss", "last position", "group",
                "all yes", "accuracy", "outcomes right"):
        table.add_column(col, justify="left" if col in ("session", "date") else "right")
    for r in per.itertuples():
        table.add_row(str(r.session), str(r.date), str(r.n_texts), str(r.n_positions),
                      f"{r.forecast_log_loss:.3f}", f"{r.last_position_log_loss:.3f}",
                      f"{r.group_majority_log_loss:.3f}", f"{r.all_yes_log_loss:.3f}",
                      f"{r.forecast_accuracy:.1%}", _share(r.forecast_outcome_accuracy))
    console.print(table)
    overall = Table(title="Overall")
    cols = ("log_loss", "brier", "accuracy", "macro_f1", "outcome_accuracy", "margin_error")
    overall.add_column("method")
    for c in cols:
        overall.add_column(c.replace("_", " "), justify="right")
    for r in resource["overall"].itertuples():
        overall.add_row(r.method, *[f"{getattr(r, c):.3f}" for c in cols])
    console.print(overall)
    cal = Table(title="Calibration: how often a position forecast with this probability came true")
    for col in ("forecast", "n", "mean forecast", "observed"):
        cal.add_column(col, justify="right")
    for r in resource["calibration"].itertuples():
        cal.add_row(r.bin, f"{r.n:,}", _share(r.mean_forecast), _share(r.observed))
    console.print(cal)
    for note in resource.notes:
        console.print(f"Note: {note}", highlight=False)


def _share(x) -> str:
    return "" if x != x else f"{x:.1%}"


def _reliability_chart(resource, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cal = resource["calibration"].dropna(subset=["mean_forecast"])
    p = resource.params
    fig, (ax, hist) = plt.subplots(2, 1, figsize=(7, 8), gridspec_kw={"height_ratios": [3, 1]},
                                   sharex=True)
    ax.plot([0, 1], [0, 1], color="gray", linestyle="--", linewidth=1, label="perfect calibration")
    ax.plot(cal["mean_forecast"], cal["observed"], marker="o", color="#1f5fa8",
            label="forecast (yes, no and abstain pooled)")
    for r in cal.itertuples():
        ax.annotate(f"n={r.n:,}", (r.mean_forecast, r.observed), textcoords="offset points",
                    xytext=(6, -10), fontsize=7, color="dimgray")
    ax.set_ylabel("share that came true")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.legend(loc="upper left")
    overall = resource["overall"].set_index("method")
    from ..charts import spell_bodies

    ax.set_title(f"Calibration of the vote forecast, {spell_bodies(p['body'])} sessions from {p['from']} "
                 f"({p['positions']:,} positions)\nlog loss {overall.at['forecast', 'log_loss']:.3f}; "
                 f"best baseline {overall.drop('forecast')['log_loss'].min():.3f}", fontsize=10)
    hist.bar(cal["mean_forecast"], cal["n"], width=0.06, color="#9ab7d8")
    hist.set_xlabel("forecast probability of a position")
    hist.set_ylabel("forecasts")
    fig.text(0.01, 0.005, CREDIT, fontsize=6, color="dimgray")
    fig.tight_layout(rect=(0, 0.02, 1, 1))
    save_chart(fig, path, resource["calibration"])


__all__ = ["forecast_app"]
