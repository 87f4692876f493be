"""Charts a newspaper could print, shared by the command line and (later) the web pages.

Every chart here has: a real time axis (a year with no data is a gap in the line, never squeezed
out), the number of votes behind each point (a small panel under the lines), a legend with full
names, a source and credit line, and colours that mean what readers expect (yes and adopted green,
no and rejected red, abstentions grey). :func:`save` writes PNG and SVG and the chart's data as CSV
beside them, so a reader can check every point.

Functions take plain DataFrames and return a :class:`Chart`; nothing here reads the warehouse.
matplotlib is imported inside the functions, so importing this module is cheap.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import RightsRegimeError, UsageError

# Colours readers expect: in favour green, against red, abstaining grey, absent light grey.
POSITION_COLOURS = {"yes": "#1a9850", "no": "#d73027", "abstain": "#969696",
                    "non_voting": "#c7c7c7", "absent": "#e5e5e5"}
OUTCOME_COLOURS = {"adopted": "#1a9850", "adopted without a vote": "#91cf60", "rejected": "#d73027",
                   "withdrawn": "#969696", "not considered": "#c7c7c7"}
# Series colours (colour-blind safe, Okabe-Ito), used in order.
SERIES_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
CREDIT = "Chart: rightsregime"


@dataclass
class Chart:
    """A drawn figure and the data behind it (written beside the image as CSV)."""

    figure: object
    data: pd.DataFrame
    title: str = ""
    notes: list[str] = field(default_factory=list)


def _pyplot():
    import matplotlib

    if matplotlib.get_backend().lower() not in ("agg", "svg", "pdf", "cairo"):
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


# Bodies by their full names in titles (a reader of a newspaper does not know "HRC").
BODY_NAMES = {"GA": "UN General Assembly", "HRC": "Human Rights Council",
              "CHR": "Commission on Human Rights", "SC": "Security Council"}


def spell_bodies(text: str) -> str:
    """'GA 1946-2019' -> 'UN General Assembly 1946-2019' (body codes as whole words only, never
    inside a document symbol: 'A/HRC/RES/46/1' stays as it is)."""
    return re.sub(r"(?<![\w/])(GA|HRC|CHR|SC)(?![\w/])", lambda m: BODY_NAMES[m.group(1)], str(text))


def credit(fig, sources: list[str] | str | None, extra: str | None = None) -> None:
    """The source and credit line at the foot of a figure: 'Source: ... . Chart: rightsregime'."""
    _credit(fig, sources, extra)


def _credit(fig, sources: list[str] | str | None, extra: str | None = None) -> None:
    names = sources if isinstance(sources, str) else ", ".join(sources or [])
    line = (f"Source: {names}. " if names else "") + (f"{extra.rstrip('.')}. " if extra else "") + CREDIT
    fig.text(0.01, 0.005, line, fontsize=7, color="#555555", ha="left", va="bottom", wrap=True)


def _legend_above(fig, ax, n_entries: int, ncol: int) -> None:
    """The legend in rows above the plot, under the title, with room made for it."""
    import math

    rows = max(1, math.ceil(n_entries / ncol))
    ax.legend(fontsize=8, frameon=False, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=ncol)
    fig.subplots_adjust(top=0.9 - 0.035 * rows)


def _year_axes(fig, ax, *, title: str, ylabel: str, legend_entries: int, ncol: int = 3) -> None:
    """The frame of a one-panel chart over years: whole-year ticks, axis labels, the title at the
    top left, no top or right spine, and the legend in rows above the plot."""
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("year")
    ax.set_ylabel(ylabel)
    fig.suptitle(title, x=0.01, ha="left", fontsize=11, fontweight="bold")
    ax.spines[["top", "right"]].set_visible(False)
    _legend_above(fig, ax, legend_entries, ncol)


def period_start(period) -> float | None:
    """The first year of a period label: 2013 -> 2013, '1990-1999' -> 1990, 'all' -> None."""
    if isinstance(period, (int, float)) and not pd.isna(period):
        return float(period)
    m = re.match(r"\s*(\d{4})", str(period))
    return float(m.group(1)) if m else None


def time_series(data: pd.DataFrame, *, y: str, x: str = "year", series: str | None = None,
                n: str | None = None, names: dict | None = None, title: str = "", ylabel: str = "",
                ylim: tuple[float, float] | None = None, sources=None, n_label: str = "votes",
                marks: list[tuple[float, str]] | None = None, note: str | None = None,
                spans: list[tuple[float, float, object]] | None = None) -> Chart:
    """Lines of ``y`` over a real year axis, one per value of ``series`` (labelled by ``names``),
    with the number of votes behind each point (column ``n``) in a panel below.

    Years missing from a series stay gaps: the axis runs over every year from the first to the
    last, and a line is broken where a year has no value (the GA record has no per-country votes
    for 2020-2024; a line must not join 2019 to 2025). ``marks`` draws labelled vertical lines
    (a change point, a succession).
    """
    plt = _pyplot()
    title = spell_bodies(title)  # a newspaper reader does not know 'HRC'
    frame = data.copy()
    frame["_x"] = frame[x].map(period_start)
    if data.empty:
        raise RightsRegimeError(f"Nothing to chart: no {x} value in the data.")
    if frame["_x"].isna().all():  # periods that are not years ('all'): one bar per series
        return _category_bars(data, y=y, x=x, series=series, names=names or {}, title=title,
                              ylabel=ylabel, ylim=ylim, sources=sources, note=note)
    frame = frame.dropna(subset=["_x"])
    names = names or {}
    lo, hi = int(frame["_x"].min()), int(frame["_x"].max())
    step = _step(frame["_x"])
    axis = pd.Index(range(lo, hi + 1, step), name="_x")
    keys = list(dict.fromkeys(frame[series])) if series else [None]
    if n:
        fig, (ax, axn) = plt.subplots(2, 1, figsize=(9, 5.6), sharex=True,
                                      gridspec_kw={"height_ratios": [4, 1], "hspace": 0.08})
    else:
        fig, ax = plt.subplots(figsize=(9, 4.8))
        axn = None
    for k, key in enumerate(keys):
        part = frame if key is None else frame[frame[series] == key]
        line = part.groupby("_x")[y].mean().reindex(axis)  # missing years -> NaN -> a gap
        label = names.get(key, str(key)) if key is not None else (ylabel or y)
        colour = SERIES_COLOURS[k % len(SERIES_COLOURS)]
        ax.plot(line.index, line.to_numpy(dtype=float), color=colour, marker="o", markersize=3,
                linewidth=1.6, label=label)
    for lo_span, hi_span, key in spans or []:  # an interval (e.g. 90% of a change year), in its series' colour
        k = keys.index(key) if key in keys else 0
        ax.axvspan(lo_span - 0.5, hi_span + 0.5, color=SERIES_COLOURS[k % len(SERIES_COLOURS)], alpha=0.08)
    for year, text in marks or []:  # labels on a white ground at the top, readable over the lines
        ax.axvline(year, color="#444444", linestyle="--", linewidth=0.8)
        ax.annotate(text, (year, 0.99), xycoords=("data", "axes fraction"), fontsize=7, color="#333333",
                    rotation=90, va="top", ha="right",
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
    _shade_gaps(ax, frame, axis, step)
    if ylim:
        ax.set_ylim(*ylim)
    ax.set_ylabel(ylabel or y)
    fig.suptitle(title, x=0.01, ha="left", fontsize=11, fontweight="bold")
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    if series or marks:
        _legend_above(fig, ax, len(keys), min(4, max(1, len(keys))))
    if axn is not None:
        counts = frame.groupby("_x")[n].max().reindex(axis)
        axn.bar(counts.index, counts.fillna(0).to_numpy(), width=0.8 * step, color="#9ecae1")
        axn.set_ylabel(n_label, fontsize=8)
        axn.spines[["top", "right"]].set_visible(False)
        axn.tick_params(labelsize=7)
        axn.set_xlabel("year")
    else:
        ax.set_xlabel("year")
    ax.set_xlim(lo - 0.6 * step, hi + 0.6 * step)
    from matplotlib.ticker import MaxNLocator

    if step > 1:  # periods: label each by its span ('1990s', '2006-2010'), not by its first year
        ticks = list(axis)
        labels = [f"{t}s" if step == 10 and t % 10 == 0 else f"{t}-{t + step - 1}" for t in ticks]
        (axn or ax).set_xticks(ticks, labels, rotation=0 if len(ticks) <= 10 else 45,
                               ha="center" if len(ticks) <= 10 else "right")
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    _credit(fig, sources, note)
    fig.subplots_adjust(bottom=0.14)
    out = frame.drop(columns=["_x"])
    return Chart(fig, out.reset_index(drop=True), title)


def _category_bars(data, *, y, x, series, names, title, ylabel, ylim, sources, note) -> Chart:
    plt = _pyplot()
    title = spell_bodies(title)
    labels = [names.get(k, str(k)) for k in (data[series] if series else data[x])]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    ax.bar(labels, data[y].astype(float), color=SERIES_COLOURS[0])
    if ylim:
        ax.set_ylim(*ylim)
    ax.set_ylabel(ylabel or y)
    fig.suptitle(title, x=0.01, ha="left", fontsize=11, fontweight="bold")
    ax.spines[["top", "right"]].set_visible(False)
    _credit(fig, sources, note)
    fig.subplots_adjust(bottom=0.16)
    return Chart(fig, data.reset_index(drop=True), title)


def _step(xs: pd.Series) -> int:
    values = sorted(set(int(v) for v in xs))
    if len(values) < 2:
        return 1
    diffs = {b - a for a, b in zip(values, values[1:])}
    step = min(diffs)
    return step if all(d % step == 0 for d in diffs) else 1


def _shade_gaps(ax, frame: pd.DataFrame, axis: pd.Index, step: int) -> None:
    """A light band over runs of years with no data at all, labelled "no votes in the data": not
    "no votes held", since the body may have voted while the state sat out (China off the Council
    in 2013) or was not seated (South Africa in the GA 1974-1994), or the sources lack the year."""
    present = set(frame["_x"].astype(int))
    missing = [v for v in axis if v not in present]
    runs, start, prev = [], None, None
    for v in missing:
        if start is None:
            start = prev = v
        elif v == prev + step:
            prev = v
        else:
            runs.append((start, prev))
            start = prev = v
    if start is not None:
        runs.append((start, prev))
    for a, b in runs:
        ax.axvspan(a - 0.5 * step, b + 0.5 * step, color="#f0f0f0", zorder=0)
        ax.text((a + b) / 2, 0.02, "no votes in the data", transform=ax.get_xaxis_transform(), fontsize=7,
                rotation=90 if b == a else 0,
                color="#777777", ha="center", va="bottom")


def split_bars(splits: pd.DataFrame, *, title: str = "", sources=None, label: str = "name",
               positions=("yes", "no", "abstain", "non_voting", "absent"), note: str | None = None) -> Chart:
    """Horizontal stacked bars: per group (row), its members by position, in position colours,
    with the group's cohesion written at the end of its bar."""
    plt = _pyplot()
    title = spell_bodies(title)
    rows = splits.iloc[::-1]
    fig, ax = plt.subplots(figsize=(9, 0.42 * len(rows) + 1.6))
    left = pd.Series(0.0, index=rows.index)
    labels = {"non_voting": "present, not voting"}
    # Full names, unless a name is too long for the axis (then the code: ALBA, ASEAN).
    names = [n if len(str(n)) <= 40 else g for n, g in zip(rows[label], rows["group_id"])] \
        if "group_id" in rows else rows[label].astype(str).tolist()
    for pos in positions:
        if pos not in rows or not rows[pos].any():
            continue
        ax.barh(names, rows[pos], left=left, color=POSITION_COLOURS[pos],
                label=labels.get(pos, pos), edgecolor="white", linewidth=0.5)
        left = left + rows[pos]
    if "cohesion" in rows:
        for yi, (tot, coh) in enumerate(zip(left, rows["cohesion"])):
            if pd.notna(coh):
                ax.text(tot + 0.3, yi, f"cohesion {coh:.2f}", va="center", fontsize=7, color="#333333")
    ax.set_xlabel("members")
    ax.set_title(title, loc="left", fontsize=11, fontweight="bold")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=8, frameon=False, ncol=5, loc="lower right", bbox_to_anchor=(1.0, 1.0))
    ax.set_xlim(0, float(left.max()) * 1.25 + 1)
    _credit(fig, sources, note)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return Chart(fig, splits.reset_index(drop=True), title)


def save(chart: Chart, path: Path | str) -> list[Path]:
    """Write the chart as PNG and SVG (the suffix of ``path`` picks the name; both are written) and
    its data as CSV beside them. Each file is written to a temporary name then moved into place."""
    import os

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise UsageError(f"--chart {path}: use a .png or .svg file name (both are written, "
                                "with the chart's data as .csv beside them).")
    path.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in ("png", "svg"):
        target = path.with_suffix(f".{fmt}")
        tmp = target.with_name(f".{target.name}.part")
        chart.figure.savefig(tmp, format=fmt, bbox_inches="tight", dpi=150 if fmt == "png" else None)
        os.replace(tmp, target)
        written.append(target)
    target = path.with_suffix(".csv")
    tmp = target.with_name(f".{target.name}.part")
    chart.data.to_csv(tmp, index=False)
    os.replace(tmp, target)
    written.append(target)
    _pyplot().close(chart.figure)
    return written


__all__ = ["Chart", "credit", "spell_bodies", "BODY_NAMES", "bloc_networks", "time_series", "split_bars", "position_bars", "lean_scatter", "trajectories", "stacked_years", "icicle", "replay_years", "save", "period_start", "POSITION_COLOURS", "member_years",
           "OUTCOME_COLOURS", "SERIES_COLOURS"]


# Years of a state's record told apart by their background: it held no seat (hatched), the data
# lack that year's votes for a body it sat in (light grey, with or without bars), or the body held
# no recorded vote it took part in (lighter grey).
_SHADED_YEARS = {
    "not a member": {"facecolor": "white", "hatch": "////", "edgecolor": "#c4c4c4", "linewidth": 0},
    "not held": {"facecolor": "#e6e6e6", "edgecolor": "none"},
    "no recorded vote": {"facecolor": "#f5f5f5", "edgecolor": "none"},
}


_SHADE_LABELS = {"not a member": "not a member", "not held": "votes not held in the data",
                 "no recorded vote": "no recorded vote"}


def _year_ranges(years: list[int]) -> str:
    """[2020, 2021, 2022, 2025] -> '2020-2022, 2025'."""
    runs: list[list[int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def member_years(profile: dict, bodies) -> dict[str, set[int] | None]:
    """The years a state sat in each body, from its profile (the ``state`` resource's data): the General
    Assembly from admission to departure, the Council and the Commission from ``memberships``.
    None for a body whose seats the profile does not give (its years are never called 'not a
    member')."""
    import datetime

    out: dict[str, set[int] | None] = {}
    for body in bodies:
        if body == "GA" and profile.get("admitted"):
            first = int(str(profile["admitted"])[:4])
            last = int(str(profile["left"])[:4]) if profile.get("left") else datetime.date.today().year
            out[body] = set(range(first, last + 1))
        elif body in (profile.get("memberships") or {}):
            out[body] = {int(y) for y in profile["memberships"][body]}
        else:
            out[body] = None
    return out


def _year_background(year: int, members: dict | None, empty: bool) -> tuple[str, list[str]]:
    """Why a year of a state's record looks as it does: ('not a member' | 'not held' | 'no recorded
    vote' | '', bodies whose votes that year the data do not hold). See _SHADED_YEARS."""
    from .regime.coverage import spans

    if not members:
        return ("no recorded vote" if empty else ""), []
    seated = [b for b, years in members.items() if years is None or year in years]
    if not seated:
        return ("not a member" if empty else ""), []
    lacking = sorted({s.body_id for s in spans() if s.held == "no" and s.from_year <= year <= s.to_year
                      and s.body_id in seated})
    if lacking:
        return "not held", lacking
    return ("no recorded vote" if empty else ""), []


def position_bars(record: pd.DataFrame, *, title: str = "", sources=None, x: str = "year",
                  positions=("yes", "abstain", "no", "non_voting"), note: str | None = None,
                  members: dict | None = None) -> Chart:
    """Stacked bars of positions per year (a state's record): the bars stand on a real year axis,
    so a year with no recorded vote is an empty slot, not a squeezed-out one. ``members`` (body ->
    the years the state sat in it, see :func:`member_years`) tells an empty year in which the state
    held no seat ('not a member') from a year whose votes the data do not hold for a body it sat in
    (shaded even under bars: the GA's 2020-2024) and a year with no recorded vote."""
    from matplotlib.patches import Patch

    plt = _pyplot()
    counts = record.groupby([x, "position"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=[p for p in positions if p in counts.columns], fill_value=0)
    lo, hi = int(counts.index.min()), int(counts.index.max())
    counts = counts.reindex(range(lo, hi + 1), fill_value=0)
    fig, ax = plt.subplots(figsize=(9, 4.6))
    bottom = None
    labels = {"non_voting": "present, not voting"}
    for pos in counts.columns:
        ax.bar(counts.index, counts[pos], bottom=bottom, color=POSITION_COLOURS[pos], width=0.8,
               label=labels.get(pos, pos))
        bottom = counts[pos] if bottom is None else bottom + counts[pos]
    total = counts.sum(axis=1)
    why, lacking = {}, {}
    for year in counts.index:
        reason, bodies = _year_background(int(year), members, total[year] == 0)
        if reason:
            why[int(year)] = reason
            ax.axvspan(year - 0.5, year + 0.5, zorder=0, **_SHADED_YEARS[reason])
        for b in bodies:
            lacking.setdefault(b, []).append(int(year))
    ax.set_ylabel("recorded votes")
    ax.set_xlabel("year")
    title = spell_bodies(title)
    fig.suptitle(title, x=0.01, ha="left", fontsize=11, fontweight="bold")
    ax.spines[["top", "right"]].set_visible(False)
    # Positions in a row at the left; the kinds of shaded year stacked at the right.
    positions_legend = ax.legend(fontsize=8, frameon=False, ncol=4, loc="lower left", bbox_to_anchor=(0.0, 1.0))
    shades = [Patch(label=_SHADE_LABELS[r], **{**_SHADED_YEARS[r], "edgecolor": "#c4c4c4"})
              for r in _SHADED_YEARS if r in why.values()]
    if shades:
        ax.add_artist(positions_legend)
        ax.legend(handles=shades, fontsize=8, frameon=False, ncol=1, loc="lower right", bbox_to_anchor=(1.0, 1.0))
    fig.subplots_adjust(top=0.9 - 0.035 * max(1, len(shades), -(-len(counts.columns) // 4)))
    if lacking:  # which body's votes the grey years lack, in words
        gaps = "; ".join(f"{BODY_NAMES.get(b, b)} {_year_ranges(ys)}" for b, ys in sorted(lacking.items()))
        note = (f"{note.rstrip('.')}. " if note else "") + f"Votes not held in the data: {gaps}"
    _credit(fig, sources, note)
    fig.subplots_adjust(bottom=0.16)
    data = counts.rename_axis(x).reset_index()
    data["total"] = counts.sum(axis=1).to_numpy()
    data["shaded"] = data[x].map(why).fillna("")  # not a member / not held / no recorded vote
    return Chart(fig, data, title)


def _place_labels(ax, points: list[tuple[str, float, float]], fontsize: float = 7) -> None:
    """Name points on axes running 0-1 without two names overprinting: each name sits just above
    and right of its point, moved down a line at a time past the names already placed (with a thin
    line back to its point when moved)."""
    # Text size in axes units, from the axes' size in points (a character is about 0.6 em wide).
    box = ax.get_position()
    width_pt, height_pt = box.width * ax.figure.get_figwidth() * 72, box.height * ax.figure.get_figheight() * 72
    char_w, line_h = 0.6 * fontsize / width_pt, 1.25 * fontsize / height_pt
    placed: list[tuple[float, float, float, float]] = []
    for text, x, y in sorted(points, key=lambda p: -p[2]):
        tx, ty = x + 0.006, y + 0.006
        w = char_w * len(text)
        for _ in range(12):
            if not any(tx < b[1] and b[0] < tx + w and ty < b[3] and b[2] < ty + line_h for b in placed):
                break
            ty -= line_h
        placed.append((tx, tx + w, ty, ty + line_h))
        moved = abs(ty - (y + 0.006)) > 1e-9
        ax.annotate(text, (x, y), xytext=(tx, ty), textcoords="data", fontsize=fontsize, va="bottom",
                    arrowprops={"arrowstyle": "-", "color": "#888888", "linewidth": 0.5} if moved else None)


def lean_scatter(members: pd.DataFrame, *, title: str = "", sources=None, label_top: int = 10,
                 note: str | None = None) -> Chart:
    """Each member of a vote placed by its agreement with the text's supporters (x) and opponents
    (y), coloured by how it voted; the ``label_top`` nearest to switching are named."""
    plt = _pyplot()
    title = spell_bodies(title)
    fig, ax = plt.subplots(figsize=(7.5, 6.5))
    labels = {"non_voting": "present, not voting"}
    for pos in ("yes", "no", "abstain", "non_voting"):
        part = members[members["position"] == pos]
        if part.empty:
            continue
        ax.scatter(part["with_supporters"], part["with_opponents"], s=28, color=POSITION_COLOURS[pos],
                   edgecolor="#333333", linewidth=0.4, label=f"{labels.get(pos, pos)} ({len(part)})")
    top = members[members["rank"] <= label_top] if "rank" in members else members.head(0)
    _place_labels(ax, [(str(getattr(r, "state", r.iso3)), r.with_supporters, r.with_opponents)
                       for r in top.itertuples(index=False)])
    ax.plot([0, 1], [0, 1], color="#999999", linestyle=":", linewidth=0.8)
    ax.text(0.97, 0.03, "closer to the supporters", transform=ax.transAxes, ha="right", fontsize=7, color="#555555")
    ax.text(0.03, 0.97, "closer to the opponents", transform=ax.transAxes, va="top", fontsize=7, color="#555555")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("agreement with the supporters (voted yes)")
    ax.set_ylabel("agreement with the opponents (voted no)")
    fig.suptitle(title, x=0.01, ha="left", fontsize=11, fontweight="bold")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=8, frameon=False, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=4)
    _credit(fig, sources, note)
    fig.subplots_adjust(bottom=0.14)
    return Chart(fig, members.reset_index(drop=True), title)


# The five regional groups in the series colours, and a grey for states without one.
GROUP_NAMES = {"AFRICAN": "African Group", "ASIA_PACIFIC": "Asia-Pacific Group", "EEG": "Eastern European Group",
               "GRULAC": "Latin American and Caribbean Group", "WEOG": "Western European and Others Group"}


def pole_map(states: pd.DataFrame, *, x_name: str, y_name: str, labels: list[str] = (), title: str = "",
             sources=None, note: str | None = None) -> Chart:
    """Each state placed by its agreement with two reference states (``agree_x``, ``agree_y``),
    coloured by regional group, the ``labels`` states named: the alignment map of a period."""
    plt = _pyplot()
    placed = states.dropna(subset=["agree_x", "agree_y"])
    fig, ax = plt.subplots(figsize=(7.5, 7.2))
    groups = list(GROUP_NAMES) + [None]
    for k, group in enumerate(groups):
        part = placed[placed["regional_group"].isna()] if group is None else placed[placed["regional_group"] == group]
        if part.empty:
            continue
        label = GROUP_NAMES.get(group, "no regional group")
        ax.scatter(part["agree_x"], part["agree_y"], s=30, color=SERIES_COLOURS[k] if group else "#999999",
                   edgecolor="#333333", linewidth=0.4, label=f"{label} ({len(part)})", zorder=3)
    named: list[tuple[float, float]] = []
    at = placed.set_index("iso3")
    for code in labels:  # in the order given; a label crowding one already drawn is left out
        if code not in at.index:
            continue
        r = at.loc[code]
        if any(abs(r.agree_x - x) < 0.06 and abs(r.agree_y - y) < 0.025 for x, y in named):
            continue
        named.append((r.agree_x, r.agree_y))
        ax.annotate(r["name"] if len(r["name"]) <= 18 else code, (r.agree_x, r.agree_y), fontsize=7,
                    xytext=(4, 3), textcoords="offset points", zorder=4)
    ax.plot([0, 1], [0, 1], color="#999999", linestyle=":", linewidth=0.8)
    # The corners a bipolar vote leaves empty (no state agrees with both poles, or with neither).
    ax.text(0.97, 0.97, f"above the line: closer to {y_name}", transform=ax.transAxes, ha="right", va="top",
            fontsize=7, color="#555555")
    ax.text(0.03, 0.03, f"below the line: closer to {x_name}", transform=ax.transAxes, fontsize=7, color="#555555")
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel(f"agreement with {x_name} (1 = always alike)")
    ax.set_ylabel(f"agreement with {y_name} (1 = always alike)")
    ax.grid(color="#eeeeee", linewidth=0.6)
    fig.suptitle(title, x=0.01, ha="left", fontsize=11, fontweight="bold")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=7.5, frameon=False, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2)
    fig.subplots_adjust(top=0.84, bottom=0.13)
    _credit(fig, sources, note)
    return Chart(fig, states.reset_index(drop=True), title)


# Successions drawn as one line with a mark: the successor continues the predecessor's seat
# (the Russian Federation continued the USSR's membership on 24 December 1991).
CONTINUITY = {"RUS": ("SUN", "USSR → Russian Federation")}


def trajectories(estimates: pd.DataFrame, states: list[str], *, names: dict | None = None,
                 title: str = "", ylabel: str = "ideal point", sources=None, note: str | None = None,
                 continuity: dict | None = None) -> Chart:
    """Ideal points per year with their intervals (bands), one line per state on a real year axis
    (gaps where a state has no estimate). A state in ``continuity`` (default: the Russian
    Federation after the USSR) is drawn as one line with its predecessor, marked at the change."""
    plt = _pyplot()
    title = spell_bodies(title)
    names = names or {}
    continuity = CONTINUITY if continuity is None else continuity
    fig, ax = plt.subplots(figsize=(9, 4.8))
    rows = []
    lo_year, hi_year = int(estimates["year"].min()), int(estimates["year"].max())
    axis = pd.Index(range(lo_year, hi_year + 1))
    for k, iso3 in enumerate(states):
        colour = SERIES_COLOURS[k % len(SERIES_COLOURS)]
        chain = estimates[estimates["iso3"] == iso3]
        before, mark = continuity.get(iso3, (None, None))
        if before is not None and (estimates["iso3"] == before).any():
            chain = pd.concat([estimates[estimates["iso3"] == before], chain])
            change = int(chain.loc[chain["iso3"] == iso3, "year"].min()) if (chain["iso3"] == iso3).any() else None
            if change is not None:
                ax.axvline(change - 0.5, color=colour, linestyle=":", linewidth=0.9)
                ax.annotate(mark, (change - 0.5, 1.0), xycoords=("data", "axes fraction"), fontsize=7,
                            color=colour, rotation=90, va="top", ha="right",
                            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none",
                                  "alpha": 0.85})
        if chain.empty:
            continue
        s = chain.groupby("year")[["value", "lower", "upper"]].mean().reindex(axis)
        label = names.get(iso3, iso3) + (f" (with {names.get(before, before)} before)" if before and
                                         (chain["iso3"] == before).any() else "")
        ax.plot(s.index, s["value"], color=colour, linewidth=1.6, label=label)
        ax.fill_between(s.index, s["lower"].to_numpy(float), s["upper"].to_numpy(float), color=colour,
                        alpha=0.18, linewidth=0)
        rows.append(chain.assign(line=iso3))
    ax.axhline(0, color="#999999", linewidth=0.6)
    _year_axes(fig, ax, title=title, ylabel=ylabel, legend_entries=len(rows))
    data = pd.concat(rows, ignore_index=True) if rows else estimates.head(0)
    if "n_votes" in data and len(data):  # the votes behind each estimate (all of them in the CSV)
        counts = data["n_votes"].dropna()
        votes = f"Votes behind each estimate: median {int(counts.median())}, fewest {int(counts.min())} (CSV: n_votes)"
        note = f"{note.rstrip('.')}. {votes}" if note else votes
    _credit(fig, sources, note)
    fig.subplots_adjust(bottom=0.16)
    return Chart(fig, data, title)


# Fates of texts (analysis/leadership.py): shades of green for the ways of being adopted.
OUTCOME_COLOURS.update({"adopted by recorded vote": "#006837", "adopted (non-recorded)": "#66bd63",
                        "unknown": "#e5e5e5"})


def stacked_years(counts: pd.DataFrame, *, x: str = "year", columns: list[str], colours: dict | None = None,
                  title: str = "", ylabel: str = "", sources=None, note: str | None = None) -> Chart:
    """Stacked bars per year of ``columns`` of ``counts`` on a real year axis (a year absent from
    ``counts`` is an empty slot), coloured by ``colours`` (default: outcome colours)."""
    plt = _pyplot()
    title = spell_bodies(title)
    colours = colours or OUTCOME_COLOURS
    frame = counts.set_index(x)[columns]
    lo, hi = int(frame.index.min()), int(frame.index.max())
    frame = frame.reindex(range(lo, hi + 1), fill_value=0).fillna(0)
    fig, ax = plt.subplots(figsize=(9, 4.6))
    bottom = None
    for k, col in enumerate(columns):
        ax.bar(frame.index, frame[col], bottom=bottom, width=0.8, label=col,
               color=colours.get(col, SERIES_COLOURS[k % len(SERIES_COLOURS)]))
        bottom = frame[col] if bottom is None else bottom + frame[col]
    _year_axes(fig, ax, title=title, ylabel=ylabel, legend_entries=len(columns))
    _credit(fig, sources, note)
    fig.subplots_adjust(bottom=0.16)
    return Chart(fig, frame.rename_axis(x).reset_index(), title)


def icicle(communities: pd.DataFrame, *, title: str = "", sources=None, note: str | None = None) -> Chart:
    """Nested communities as an icicle: one column per level (coarse to fine), each community a
    block as tall as its size, placed inside its parent, labelled with its name, size and cohesion."""
    plt = _pyplot()
    title = spell_bodies(title)
    frame = communities.copy()
    depth = int(frame["level"].max()) + 1
    fig, ax = plt.subplots(figsize=(9, 6))
    import numpy as np
    from matplotlib.colors import LinearSegmentedColormap

    # viridis without its darkest end, so black labels stay readable on every block
    cmap = LinearSegmentedColormap.from_list("cohesion", plt.cm.viridis(np.linspace(0.15, 0.95, 256)))
    place: dict[str, tuple[float, float]] = {}
    cursor: dict = {}
    top = ~frame["parent"].map(lambda p: isinstance(p, str))
    total = float(frame.loc[top, "size"].sum())
    for r in frame.itertuples(index=False):  # depth-first order: parents come first
        if not isinstance(r.parent, str):
            start = cursor.get(None, 0.0)
            cursor[None] = start + r.size
        else:
            p0, _ = place[r.parent]
            start = cursor.get(r.parent, p0)
            cursor[r.parent] = start + r.size
        place[r.community] = (start, r.size)
        colour = cmap(r.cohesion if r.cohesion == r.cohesion else 0.0)
        ax.barh(start + r.size / 2, 0.95, left=r.level, height=r.size * 0.97, color=colour,
                edgecolor="white")
        core = ", ".join(list(r.core)[:4]) + ("…" if len(r.core) > 4 else "")
        if r.size >= total / 40:
            ax.text(r.level + 0.04, start + r.size / 2, f"{r.community} ({r.size}; {r.cohesion:.2f})\n{core}",
                    va="center", fontsize=6.5, color="white" if r.cohesion < 0.6 else "black")
    ax.set_xlim(0, depth)
    ax.set_ylim(0, total)
    ax.invert_yaxis()
    ax.set_xticks([k + 0.5 for k in range(depth)], [f"level {k}" + (" (coarsest)" if k == 0 else "")
                                                   for k in range(depth)])
    ax.set_yticks([])
    ax.set_ylabel("states")
    ax.spines[["top", "right", "left"]].set_visible(False)
    sm = plt.cm.ScalarMappable(cmap=cmap, norm=plt.Normalize(0, 1))
    fig.colorbar(sm, ax=ax, fraction=0.03, pad=0.01, label="cohesion (Hix-Noury-Roland)")
    fig.suptitle(title, x=0.01, ha="left", fontsize=11, fontweight="bold")
    _credit(fig, sources, note or "Blocks: communities stable across resamples; inside: the blocs nested in them")
    fig.subplots_adjust(bottom=0.1)
    data = frame.assign(members=frame["members"].map(" ".join), core=frame["core"].map(" ".join))
    return Chart(fig, data.drop(columns=[c for c in ("core_names",) if c in data]), title)


def replay_years(by_year: pd.DataFrame, *, title: str = "", sources=None, note: str | None = None) -> Chart:
    """A replay under other rules, year by year on a real axis: bars of the texts whose outcome
    flips (adopted -> rejected in red, rejected -> adopted in green), and the paralysis index
    (share of country-specific texts failing) as a line on its own scale, with the number of
    country-specific texts behind each point."""
    plt = _pyplot()
    title = spell_bodies(title)
    frame = by_year.set_index("year")
    lo, hi = int(frame.index.min()), int(frame.index.max())
    frame = frame.reindex(range(lo, hi + 1))
    fig, (ax, axn) = plt.subplots(2, 1, figsize=(9, 5.6), sharex=True,
                                  gridspec_kw={"height_ratios": [4, 1], "hspace": 0.08})
    down = frame.get("flips_adopted_to_rejected", frame["flips"]).fillna(0)
    up = frame.get("flips_rejected_to_adopted", pd.Series(0, index=frame.index)).fillna(0)
    ax.bar(frame.index, down, color=OUTCOME_COLOURS["rejected"], width=0.8, label="adopted, would be rejected")
    ax.bar(frame.index, up, bottom=down, color=OUTCOME_COLOURS["adopted"], width=0.8,
           label="rejected, would be adopted")
    ax.set_ylabel("texts whose outcome flips")
    ax2 = ax.twinx()
    ax2.plot(frame.index, frame["paralysis_index"].astype(float), color="#0072B2", marker="o", markersize=3,
             label="paralysis index (right scale)")
    ax2.set_ylim(0, 1)
    ax2.set_ylabel("share of country-specific texts failing")
    handles = ax.get_legend_handles_labels()[0] + ax2.get_legend_handles_labels()[0]
    labels = ax.get_legend_handles_labels()[1] + ax2.get_legend_handles_labels()[1]
    ax.legend(handles, labels, fontsize=8, frameon=False, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=3)
    fig.subplots_adjust(top=0.86)
    axn.bar(frame.index, frame["country_specific"].fillna(0), color="#9ecae1", width=0.8)
    axn.set_ylabel("country\ntexts", fontsize=8)
    axn.tick_params(labelsize=7)
    axn.set_xlabel("year")
    from matplotlib.ticker import MaxNLocator

    axn.xaxis.set_major_locator(MaxNLocator(integer=True))
    # A year of margin each side: a replay of one or two years keeps whole-year ticks and thin bars.
    axn.set_xlim(lo - 1, hi + 1)
    if hi - lo < 5:
        axn.set_xticks(range(lo, hi + 1))
    for a in (ax, axn):
        a.spines[["top"]].set_visible(False)
    fig.suptitle(title, x=0.01, ha="left", fontsize=11, fontweight="bold")
    _credit(fig, sources, note)
    fig.subplots_adjust(bottom=0.14)
    return Chart(fig, by_year.reset_index(drop=True), title)


def bloc_networks(result, *, title: str = "", sources=None, seed: int = 0, note: str | None = None) -> Chart:
    """The co-voting network of each period side by side, states coloured by bloc (the same colour
    for a bloc's lineage across periods), with a legend giving each bloc's size, cohesion and the
    named group it overlaps most. The CSV has one row per state and period with its bloc and place."""
    import networkx as nx
    import numpy as np
    from matplotlib.lines import Line2D

    plt = _pyplot()
    title = spell_bodies(title)
    nets = result.networks
    blocs = result.blocs
    lineages = list(dict.fromkeys(blocs["lineage"]))
    colour = {lin: SERIES_COLOURS[k % len(SERIES_COLOURS)] for k, lin in enumerate(lineages)}
    k = len(nets)
    fig, axes = plt.subplots(1, k, figsize=(6.2 * k, 6.6), squeeze=False)
    rows = []
    for ax, net in zip(axes[0], nets):
        here = blocs[blocs["period"] == net.period].set_index("bloc")
        graph = nx.Graph()
        graph.add_nodes_from(range(len(net.states)))
        i, j = np.nonzero(np.triu(net.weights, k=1))
        graph.add_weighted_edges_from(zip(i.tolist(), j.tolist(), net.weights[i, j].tolist()))
        pos = nx.spring_layout(graph, weight="weight", seed=seed)
        cut = np.quantile(net.weights[i, j], 0.75) if len(i) else 0.0
        strong = [(a, b) for a, b, d in graph.edges(data=True) if d["weight"] >= cut]
        nx.draw_networkx_edges(graph, pos, edgelist=strong, ax=ax, alpha=0.12, width=0.5)
        node_colours = [colour[here.at[b, "lineage"]] for b in net.membership]
        nx.draw_networkx_nodes(graph, pos, node_color=node_colours, node_size=90, ax=ax,
                               edgecolors="white", linewidths=0.4)
        nx.draw_networkx_labels(graph, pos, dict(enumerate(net.states)), font_size=5, ax=ax)
        overlap = getattr(result, "overlap", None)
        handles = []
        for b, r in here.iterrows():
            near = ""
            if overlap is not None and len(overlap):
                ov = overlap[(overlap["period"] == net.period) & (overlap["bloc"] == b)]
                if len(ov):
                    top = ov.iloc[0]
                    near = f"; {top['share_of_bloc']:.0%} {top['group_id']}"
            handles.append(Line2D([], [], marker="o", linestyle="", color=colour[r["lineage"]],
                                  label=f"{r['lineage']}: {r['size']} states, cohesion {r['cohesion']:.2f}{near}"))
        ax.legend(handles=handles, fontsize=7.5, frameon=False, loc="upper left", bbox_to_anchor=(0.0, 0.0))
        ax.set_title(f"{net.period}: {net.n_decisions} votes, {len(net.states)} states, "
                     f"modularity {net.modularity:.2f}", fontsize=9, loc="left")
        ax.set_axis_off()
        for n_, iso3 in enumerate(net.states):
            b = net.membership[n_]
            rows.append({"period": net.period, "iso3": iso3, "bloc": here.at[b, "lineage"],
                         "bloc_size": int(here.at[b, "size"]), "x": float(pos[n_][0]), "y": float(pos[n_][1])})
    fig.suptitle(title, x=0.01, ha="left", fontsize=11, fontweight="bold")
    _credit(fig, sources, note or "Lines: the strongest quarter of co-voting ties; a colour is one bloc "
            "followed across periods")
    fig.subplots_adjust(bottom=0.17, top=0.9, wspace=0.08)
    return Chart(fig, pd.DataFrame(rows), title)


def coincidence_matrix(pairs: pd.DataFrame, states: list[str], *, names: dict | None = None,
                       title: str = "", sources=None, note: str | None = None) -> Chart:
    """How often each pair of ``states`` voted alike: a square of agreement indices (0 always
    opposed, 1 always alike), each cell written with its value, the states by their full names, the
    shared votes behind the indices in the note line. ``pairs``: state, partner, index, n_common."""
    import numpy as np

    plt = _pyplot()
    names = names or {}
    index = pairs.pivot(index="state", columns="partner", values="index").reindex(index=states, columns=states)
    labels = [f"{names.get(s, s)} ({s})" if len(str(names.get(s, s))) <= 36 else s for s in states]
    size = 3.2 + 0.42 * len(states)
    fig, ax = plt.subplots(figsize=(size + 2.8, size))
    # Red (rarely alike) through pale yellow to blue (alike): a diverging scale around 0.5; the
    # diagonal (a state with itself) and pairs with too few shared votes stay grey.
    colours = plt.get_cmap("RdYlBu").with_extremes(bad="#e5e5e5")
    image = ax.imshow(np.ma.masked_invalid(index.to_numpy(dtype=float)), cmap=colours, vmin=0, vmax=1)
    for i in range(len(states)):
        for j in range(len(states)):
            value = index.iloc[i, j]
            if i != j and not np.isnan(value):
                ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=6.5,
                        color="white" if value < 0.15 or value > 0.85 else "#222222")
    ax.set_xticks(range(len(states)), states, rotation=90, fontsize=7)
    ax.set_yticks(range(len(states)), labels, fontsize=7)
    ax.tick_params(length=0)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("agreement index (0 always opposed, 1 always alike)", fontsize=8)
    bar.ax.tick_params(labelsize=7)
    fig.suptitle(title, x=0.01, ha="left", fontsize=11, fontweight="bold")
    others = pairs[pairs["state"] != pairs["partner"]]["n_common"]
    shared = (f"Each pair shared {int(others.min()):,}-{int(others.max()):,} recorded votes"
              if len(others) else "")
    _credit(fig, sources, ". ".join(t for t in (shared, note) if t))
    fig.tight_layout(rect=(0, 0.04, 1, 0.97))
    return Chart(fig, pairs.reset_index(drop=True), title)


def outvoted_bars(ranking: pd.DataFrame, *, title: str = "", sources=None, note: str | None = None) -> Chart:
    """States by the share of their yes/no votes cast on the losing side, most outvoted on top,
    each bar with its 95% interval and the number of yes/no votes behind it (n).
    ``ranking``: iso3, name, sided, outvoted, share, low, high."""
    plt = _pyplot()
    rows = ranking.iloc[::-1].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(9, 0.36 * len(rows) + 1.9))
    labels = [str(n) if len(str(n)) <= 34 else str(c) for n, c in zip(rows["name"], rows["iso3"])]
    share = rows["share"].astype(float)
    ax.barh(labels, share, color=POSITION_COLOURS["no"], alpha=0.85,
            label="share of its yes/no votes on the losing side")
    ax.errorbar(share, range(len(rows)), xerr=[share - rows["low"], rows["high"] - share], fmt="none",
                ecolor="#333333", elinewidth=0.9, capsize=2.5, label="95% interval (Wilson)")
    for y, (hi, n) in enumerate(zip(rows["high"], rows["sided"])):
        ax.text(float(hi) + 0.01, y, f"n={int(n)}", va="center", fontsize=7, color="#444444")
    ax.set_xlim(0, 1.08)
    ax.set_xlabel("share outvoted (voted no on a text adopted, or yes on one rejected)")
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="y", labelsize=8)
    fig.suptitle(title, x=0.01, ha="left", fontsize=11, fontweight="bold")
    ax.legend(fontsize=8, frameon=False, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2)
    _credit(fig, sources, ". ".join(t for t in ("n: the state's yes/no votes", note) if t))
    fig.tight_layout(rect=(0, 0.04, 1, 0.96))
    return Chart(fig, ranking.reset_index(drop=True), title)
