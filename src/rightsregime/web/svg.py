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
