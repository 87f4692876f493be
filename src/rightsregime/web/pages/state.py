"""State page: profile, membership, ratifications (timeline), voting, agreement, UPR."""
from __future__ import annotations

from .. import svg


def document(reg, code: str) -> dict:
    from ...resources._base import to_plain

    doc = to_plain(reg.state_profile(code))
    ratified = [{"instrument": k, **v, "scrutiny": k in svg.SCRUTINY} for k, v in doc["ratifications"].items()]
    doc = dict(doc)
    doc["title"] = f"{doc['name']} ({doc['iso3']})"
    doc["ratification_rows"] = ratified
    doc["membership_spells"] = {b: _ranges(years) for b, years in doc["memberships"].items()}
    doc["party_count"] = sum(r["status"] == "party" for r in ratified)
    return doc


def _ranges(years: list[int]) -> str:
    if not years:
        return "-"
    out, start, prev = [], years[0], years[0]
    for y in years[1:] + [None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        out.append(f"{start}" if start == prev else f"{start}-{prev}")
        if y is not None:
            start = prev = y
    return ", ".join(out)


def ratification_svg(reg, code: str) -> bytes:
    """Each instrument on its own line: open from adoption, a dot at ratification (a hollow one for a
    protocol that accepts scrutiny), grey when the state is not a party."""
    import pandas as pd

    doc = reg.state_profile(code)
    instruments = reg.instruments().sort_values("adopted")
    fig, ax = svg.new_figure(8, 5.2)
    for i, inst in enumerate(instruments.itertuples()):
        r = doc["ratifications"].get(inst.instrument_id, {"status": "none", "year": None})
        opened = pd.Timestamp(inst.adopted).year
        ax.plot([opened, 2022], [i, i], color="#dddddd", lw=2, zorder=1)
        scrutiny = inst.instrument_id in svg.SCRUTINY
        if r["status"] == "party" and r["year"]:
            ax.scatter([r["year"]], [i], s=40, zorder=3, color="#1f5fa8",
                       facecolors="white" if scrutiny else "#1f5fa8", linewidths=1.5)
            ax.plot([opened, r["year"]], [i, i], color="#9bb7d9", lw=2, zorder=2)
        elif r["status"] == "signatory":
            ax.text(2022.5, i, "signed", va="center", fontsize=7, color="#8a6d00")
    ax.set_yticks(range(len(instruments)), instruments["instrument_id"], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(1960, 2026)
    ax.set_xlabel("year (line: open for ratification; dot: ratified; hollow dot: scrutiny protocol)")
    ax.set_title(f"{doc['name']}: ratification of the 18 human rights instruments", fontsize=11)
    svg.credit(fig, "Source: UN Treaty Collection via world-politics-datalab (status of mid-2022, "
                    "years only). rightsregime.")
    return svg.figure_svg(fig)
