"""Charts as SVG documents, drawn on the server (no JavaScript, no network)."""
from __future__ import annotations

import io

SCRUTINY = {"ICCPR-OP1", "OP-CEDAW", "ICESCR-OP", "OP-ICESCR", "OP-CRPD", "OP-CRC-IC", "CRPD-OP", "OPCAT",
            "CRC-OP-IC"}


def figure_svg(fig) -> bytes:
    """Serialise a matplotlib figure as SVG and free it."""
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def new_figure(width: float = 8, height: float = 4.5):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "none"  # text stays text: selectable, searchable, small
    fig, ax = plt.subplots(figsize=(width, height))
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def credit(fig, text: str) -> None:
    """The source line a printed chart carries."""
    fig.text(0.01, -0.02, text, fontsize=7, color="#555555", ha="left", va="top")


# -- charts of the state and blocs pages ----------------------------------------------------------
# Colours distinguishable by most colour-blind readers (Okabe-Ito), then two greys.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999"]


def _year_axis(ax, lo: int, hi: int) -> None:
    """A real calendar axis: ticks on round years, the whole span shown."""
    from matplotlib.ticker import MultipleLocator

    ax.set_xlim(lo - 0.5, hi + 0.5)
    span = hi - lo
    ax.xaxis.set_major_locator(MultipleLocator(10 if span > 40 else 5 if span > 12 else 1))
    ax.grid(axis="y", color="#e5e5e5", lw=0.6)


def _shade_gaps(ax, years_with_data: set[int], lo: int, hi: int, label: str = "no votes held") -> None:
    """Grey bands over runs of years with no data at all, labelled once, so a gap reads as a gap."""
    run, first = [], True
    for y in list(range(lo, hi + 1)) + [None]:
        if y is not None and y not in years_with_data:
            run.append(y)
            continue
        if len(run) >= 2:
            ax.axvspan(run[0] - 0.5, run[-1] + 0.5, color="#f0f0f0", zorder=0, lw=0)
            ax.text((run[0] + run[-1]) / 2, 0.98, label if first else "", transform=ax.get_xaxis_transform(),
                    ha="center", va="top", fontsize=7, color="#666666")
            first = False
        run = []


def yearly_lines(series: dict[str, dict[int, float]], *, title: str, ylabel: str, credit_line: str,
                 ylim=(0, 1), gap_label: str = "no votes held", width: float = 8, height: float = 4.2) -> bytes:
    """One line per series on a year axis; a year without a value breaks the line (no line is drawn
    across it), years where no series has a value are shaded. ``series``: label -> {year: value}."""
    import numpy as np

    years = sorted({y for s in series.values() for y, v in s.items() if v is not None})
    fig, ax = new_figure(width, height)
    if not years:  # nothing to draw: the title says why (an error, or a fit still running)
        ax.set_axis_off()
        ax.set_title(title, fontsize=11, loc="left")
        return figure_svg(fig)
    lo, hi = years[0], years[-1]
    xs = np.arange(lo, hi + 1)
    for i, (label, values) in enumerate(series.items()):
        ys = np.array([np.nan if values.get(int(x)) is None else values[int(x)] for x in xs], dtype=float)
        colour = PALETTE[i % len(PALETTE)]
        ax.plot(xs, ys, color=colour, lw=1.6, label=label, marker="o", markersize=2.5)
    _shade_gaps(ax, set(years), lo, hi, gap_label)
    _year_axis(ax, lo, hi)
    if ylim:
        ax.set_ylim(*ylim)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=11, loc="left")
    # The legend sits right of the plot, so it never covers a line nor runs into the credit line.
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    credit(fig, credit_line)
    return figure_svg(fig)


def band_line(points: list[dict], *, title: str, ylabel: str, credit_line: str, label: str,
              reference: dict[int, float] | None = None, reference_label: str = "",
              width: float = 8, height: float = 3.8) -> bytes:
    """A trajectory with its interval: ``points`` rows have year, value, lower, upper; a missing year
    breaks the line and the band. ``reference`` (year -> value) is drawn as a thin grey line."""
    import numpy as np

    fig, ax = new_figure(width, height)
    if not points:
        ax.text(0.5, 0.5, "no estimate", ha="center", transform=ax.transAxes)
        return figure_svg(fig)
    by_year = {int(p["year"]): p for p in points}
    lo, hi = min(by_year), max(by_year)
    xs = np.arange(lo, hi + 1)
    get = lambda k: np.array([np.nan if (p := by_year.get(int(x))) is None or p[k] is None else p[k]  # noqa: E731
                              for x in xs], dtype=float)
    value, lower, upper = get("value"), get("lower"), get("upper")
    ax.fill_between(xs, lower, upper, where=~np.isnan(lower), color="#9bb7d9", alpha=0.6, lw=0,
                    label="95% interval", interpolate=False)
    ax.plot(xs, value, color="#174a86", lw=1.8, label=label)
    if reference:
        ref = np.array([reference.get(int(x), np.nan) for x in xs], dtype=float)
        ax.plot(xs, ref, color="#777777", lw=1, ls="--", label=reference_label)
    ax.axhline(0, color="#bbbbbb", lw=0.6)
    _shade_gaps(ax, set(by_year), lo, hi, "no estimate")
    _year_axis(ax, lo, hi)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=11, loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    credit(fig, credit_line)
    return figure_svg(fig)


def year_spells(rows: dict[str, list[int]], *, title: str, credit_line: str, span=(1946, 2026),
                width: float = 8, height: float = 1.9) -> bytes:
    """A bar per row (e.g. CHR, HRC) filled for every year in its list: membership at a glance."""
    fig, ax = new_figure(width, height)
    labels = list(rows)
    for i, label in enumerate(labels):
        years = sorted(rows[label])
        runs, start = [], None
        for y, nxt in zip(years, years[1:] + [None]):
            start = y if start is None else start
            if nxt != y + 1:
                runs.append((start, y - start + 1))
                start = None
        ax.broken_barh([(s - 0.5, n) for s, n in runs], (i - 0.35, 0.7), color=PALETTE[i % len(PALETTE)])
        for s, n in runs:
            if n < 8:  # too narrow for a readable label: the table beside the chart gives the years
                continue
            ax.text(s - 0.5 + n / 2, i, f"{s}–{s + n - 1}" if n > 1 else str(s), ha="center", va="center",
                    fontsize=6.5, color="white" if n >= 5 else "#1b1b1b")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_ylim(-0.6, len(labels) - 0.4)
    ax.invert_yaxis()
    _year_axis(ax, *span)
    ax.grid(False)
    ax.set_title(title, fontsize=11, loc="left")
    credit(fig, credit_line)
    return figure_svg(fig)


def network(states: list[str], weights, membership: list[int], *, names: dict[str, str],
            bloc_labels: list[str], title: str, credit_line: str, seed: int = 0) -> bytes:
    """The co-voting network as a hand-written SVG: a node per state (tooltip: name and bloc),
    coloured by community, placed by a spring layout with a fixed seed (same input, same picture),
    the strongest quarter of the edges drawn; legend and credit line below."""
    from html import escape

    import networkx as nx
    import numpy as np

    w = np.asarray(weights, dtype=float)
    graph = nx.Graph()
    graph.add_nodes_from(range(len(states)))
    i, j = np.nonzero(np.triu(w, k=1))
    graph.add_weighted_edges_from(zip(i.tolist(), j.tolist(), w[i, j].tolist()))
    pos = nx.spring_layout(graph, weight="weight", seed=seed, iterations=100)
    xy = np.array([pos[k] for k in range(len(states))]) if states else np.zeros((0, 2))
    size, pad, top = 760, 30, 50
    if len(xy):
        lo, hi = xy.min(axis=0), xy.max(axis=0)
        xy = pad + (xy - lo) / np.where(hi - lo == 0, 1, hi - lo) * (size - 2 * pad)
    legend_rows = (len(bloc_labels) + 1) // 2
    height = top + size + 30 + 22 * legend_rows + 30
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {height}" role="img" '
           f'aria-label="{escape(title)}" font-family="sans-serif">',
           f'<title>{escape(title)}</title><rect width="100%" height="100%" fill="#ffffff"/>',
           f'<text x="{pad}" y="28" font-size="17" font-weight="600">{escape(title)}</text>',
           f'<g transform="translate(0 {top})">']
    if len(i):
        strong = w[i, j] >= np.quantile(w[i, j], 0.75)
        for a, b in zip(i[strong], j[strong]):
            out.append(f'<line x1="{xy[a, 0]:.1f}" y1="{xy[a, 1]:.1f}" x2="{xy[b, 0]:.1f}" y2="{xy[b, 1]:.1f}" '
                       'stroke="#b0b0b0" stroke-opacity="0.35" stroke-width="0.6"/>')
    for k, code in enumerate(states):
        colour = PALETTE[membership[k] % len(PALETTE)]
        tip = f"{names.get(code, code)} ({code}): {bloc_labels[membership[k]] if membership[k] < len(bloc_labels) else ''}"
        out.append(f'<g><title>{escape(tip)}</title><circle cx="{xy[k, 0]:.1f}" cy="{xy[k, 1]:.1f}" r="7" '
                   f'fill="{colour}" stroke="#ffffff" stroke-width="1"/>'
                   f'<text x="{xy[k, 0]:.1f}" y="{xy[k, 1] - 9:.1f}" font-size="9" text-anchor="middle" '
                   f'fill="#1b1b1b">{escape(code)}</text></g>')
    out.append("</g>")
    y = top + size + 20
    for n, label in enumerate(bloc_labels):
        x = pad + (n % 2) * (size // 2)
        yy = y + (n // 2) * 22
        out.append(f'<rect x="{x}" y="{yy}" width="14" height="14" fill="{PALETTE[n % len(PALETTE)]}"/>'
                   f'<text x="{x + 20}" y="{yy + 12}" font-size="12">{escape(label)}</text>')
    out.append(f'<text x="{pad}" y="{height - 10}" font-size="10" fill="#555555">{escape(credit_line)}</text></svg>')
    return "".join(out).encode()
