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


def message(text: str) -> bytes:
    """A chart-sized SVG that says why there is no chart (an error, a fit still running)."""
    fig, ax = new_figure(8, 1.2)
    ax.set_axis_off()
    ax.text(0, 0.5, text, fontsize=10, va="center", wrap=True)
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
    from matplotlib.ticker import MultipleLocator

    ax.set_yticks(range(len(labels)), labels)
    ax.set_ylim(-0.6, len(labels) - 0.4)
    ax.invert_yaxis()
    ax.set_xlim(span[0] - 0.5, span[1] + 0.5)
    ax.xaxis.set_major_locator(MultipleLocator(10))
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
                   f'<text x="{xy[k, 0]:.1f}" y="{xy[k, 1] - 10:.1f}" font-size="12" text-anchor="middle" '
                   # a white halo keeps a code legible over the edges and its neighbours' dots
                   f'fill="#1b1b1b" stroke="#ffffff" stroke-width="3" paint-order="stroke">{escape(code)}</text></g>')
    out.append("</g>")
    y = top + size + 20
    for n, label in enumerate(bloc_labels):
        x = pad + (n % 2) * (size // 2)
        yy = y + (n // 2) * 22
        out.append(f'<rect x="{x}" y="{yy}" width="14" height="14" fill="{PALETTE[n % len(PALETTE)]}"/>'
                   f'<text x="{x + 20}" y="{yy + 12}" font-size="12">{escape(label)}</text>')
    out.append(f'<text x="{pad}" y="{height - 10}" font-size="10" fill="#555555">{escape(credit_line)}</text></svg>')
    return "".join(out).encode()


def chart_svg(chart) -> bytes:
    """A :class:`rightsregime.charts.Chart` (the charts the command line draws) as SVG, its text
    kept as text (selectable, searchable, a tenth of the size of text drawn as paths)."""
    import matplotlib

    with matplotlib.rc_context({"svg.fonttype": "none"}):
        return figure_svg(chart.figure)
