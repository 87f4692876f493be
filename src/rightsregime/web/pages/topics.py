"""Topics and consensus: browse the subject tags; for a topic, support over time and how every
state voted; the mode of adoption over time and the subjects whose mode flipped."""
from __future__ import annotations

from ...resources import topics as topics_resource
from ...resources._base import to_plain
from .. import svg


def index(reg, body: str | None) -> dict:
    listing = topics_resource.topics(reg, body=body)
    mode = topics_resource.consensus(reg, body=body)
    return {"title": "Topics and consensus", "body": listing.params["body"],
            "topics": to_plain(listing.table()), "by_year": to_plain(mode.table()),
            "flipped": to_plain(mode["flipped"]), "flipped_columns": list(mode["flipped"].columns),
            "notes": listing.notes + mode.notes}


def document(reg, subject: str, body: str | None) -> dict:
    res = topics_resource.topic(reg, subject, body=body)
    return {"title": f"Topic: {res['subject'].title()}", **to_plain(res.data), "body": res.params["body"],
            "notes": res.notes}


def consensus_svg(reg, body: str | None) -> bytes:
    """Texts per year by mode of adoption (stacked bars), amendments withdrawn as a line."""
    res = topics_resource.consensus(reg, body=body)
    t = res.table()
    fig, ax = svg.new_figure(9, 4.5)
    ax.bar(t["year"], t["without_vote"], color="#7a9cc6", label="adopted without a vote")
    ax.bar(t["year"], t["recorded"], bottom=t["without_vote"], color="#174a86", label="put to a recorded vote")
    ax.plot(t["year"], t["amendments_withdrawn"], color="#a32a1f", marker=".", lw=1,
            label="amendments withdrawn")
    ax.set_ylabel("texts (resolutions and decisions)")
    ax.set_title(f"How texts were adopted, {res.params['body']}, {int(t['year'].min())}-{int(t['year'].max())}",
                 fontsize=11)
    ax.legend(frameon=False, fontsize=8)
    svg.credit(fig, f"Source: OHCHR voting records via hrc-voting (Szoszkiewicz 2026); {int(t['texts'].sum()):,} "
                    "texts. Years without a bar hold no text in the harvest. rightsregime.")
    return svg.figure_svg(fig)


def topic_svg(reg, subject: str, body: str | None) -> bytes:
    """Mean support (yes share of yes+no) in recorded votes per year; years with no vote are gaps."""
    import numpy as np
    import pandas as pd

    res = topics_resource.topic(reg, subject, body=body)
    t = res.table().set_index("year")
    years = pd.RangeIndex(int(t.index.min()), int(t.index.max()) + 1)
    t = t.reindex(years)  # missing years become NaN: the line breaks there instead of bridging them
    fig, ax = svg.new_figure(9, 4.2)
    ax.plot(years, t["mean_support"], color="#174a86", marker="o", ms=4, label="mean support in recorded votes")
    for year, n, s in zip(years, t["recorded"], t["mean_support"]):
        if not np.isnan(s):
            ax.annotate(f"n={int(n)}", (year, s), textcoords="offset points", xytext=(0, 6), fontsize=6,
                        ha="center", color="#555")
    ax.axhline(0.5, color="#999", lw=0.8, ls="--")
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("yes / (yes + no)")
    ax.set_title(f"Support for texts on {res['subject'].title()} ({res.params['body']})", fontsize=11)
    ax.legend(frameon=False, fontsize=8, loc="lower left")
    svg.credit(fig, "Source: OHCHR voting records via hrc-voting. n = recorded votes that year; gaps: no "
                    "recorded vote. rightsregime.")
    return svg.figure_svg(fig)
