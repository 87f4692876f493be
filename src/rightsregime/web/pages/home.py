"""Home: what the regime is, what the data covers and where it stops; the search results page."""
from __future__ import annotations

from ...resources import overview as overview_resource
from ...resources._base import to_plain


def document(reg) -> dict:
    res = overview_resource.overview(reg)
    record = overview_resource.activity(reg)
    divided = record["most_divided"]
    return {"title": "The UN human rights regime, as data", **to_plain(res.data), "notes": res.notes,
            "sources": res.sources, "by_year": to_plain(record["by_year"]),
            "most_divided": to_plain(divided[divided["body_id"].isin(["HRC", "CHR"])]),
            "activity_notes": record.notes[:1]}


def activity_svg(doc: dict, measure: str) -> bytes:
    """Recorded votes per year by body, or the share of them contested, on a real year axis (the
    GA's 2020-2024 gap shown as a gap)."""
    import pandas as pd

    from ...charts import BODY_NAMES, time_series
    from .. import svg

    t = pd.DataFrame(doc["by_year"])
    t = t[t["body_id"].isin(["GA", "CHR", "HRC"])]
    names = {b: BODY_NAMES[b] for b in ("GA", "CHR", "HRC")}
    sources = "unvotes (Voeten), unga-2025-3dl, hrc-voting (OHCHR)"
    if measure == "recorded":
        chart = time_series(t, y="recorded", series="body_id", names=names, ylabel="recorded votes on texts",
                            title="Recorded votes per year, by body", sources=sources,
                            note="Texts put to a roll call (amendments and motions apart); the GA's per-country "
                                 "votes of 2020-2024 are not held")
    else:
        # A share of one or two votes says nothing: fewer than five recorded votes leave a gap.
        t = t[t["recorded"] >= 5].assign(share=lambda f: f["contested"] / f["recorded"])
        chart = time_series(t, y="share", series="body_id", n="recorded", names=names, ylim=(0, 1),
                            ylabel="share of recorded votes", n_label="recorded votes",
                            title="How contested: share of recorded votes with at least a quarter on the losing side",
                            sources=sources, note="A gap: fewer than 5 recorded votes held in the record that year")
    return svg.chart_svg(chart)


def search(reg, q: str) -> dict:
    res = overview_resource.search(reg, q)
    return {"title": f"Search: {res.params['q']}" if res.params["q"] else "Search",
            "q": res.params["q"], **to_plain(res.data), "notes": res.notes}


# -- the regime in one picture --------------------------------------------------------------------
# Three columns: the instruments, the bodies that make and watch them, the procedures they run;
# arrows for who does what to whom. Drawn from the project's own tables (instruments, bodies,
# seats), every box a link into the record.
def regime_svg(doc: dict) -> str:
    from html import escape

    from ...regime import BODIES, HRC_SEATS, HRC_SIZE

    instruments = doc["instruments"]
    core = [i for i in instruments if i.get("core")]
    protocols = len(instruments) - len(core)
    treaty_bodies = [b for b, (_, kind, _) in BODIES.items() if kind == "treaty"]
    short = {"AFRICAN": "AFR", "ASIA_PACIFIC": "APG"}
    seats = ", ".join(f"{n} {short.get(g, g)}" for g, n in HRC_SEATS.items())  # 13 African, ..., 7 WEOG
    W, H, top = 980, 560, 70
    cols = {"instruments": 20, "bodies": 345, "procedures": 670}
    width = 290
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" class="regime-map" '
           'aria-labelledby="regime-title regime-desc" font-family="sans-serif">',
           '<title id="regime-title">The UN human rights regime: instruments, bodies and procedures</title>',
           f'<desc id="regime-desc">{len(instruments)} instruments ({len(core)} core treaties and {protocols} optional '
           f'protocols) watched by {len(treaty_bodies)} treaty bodies; the General Assembly elects the {HRC_SIZE} members '
           'of the Human Rights Council, which runs the Universal Periodic Review and the special procedures.</desc>',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>']
    for key, label in (("instruments", f"Instruments ({len(instruments)})"), ("bodies", "Bodies"),
                       ("procedures", "Procedures")):
        out.append(f'<text x="{cols[key]}" y="40" font-size="20" font-weight="700" fill="#1b1b1b">{label}</text>')

    def box(x, y, w, h, title, sub="", href=None, fill="#eef3fa", stroke="#174a86"):
        inner = (f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="6" fill="{fill}" stroke="{stroke}"/>'
                 f'<text x="{x + 10}" y="{y + 21}" font-size="14" font-weight="600" fill="#1b1b1b">{escape(title)}</text>')
        for k, line in enumerate(sub.split("\n") if sub else []):
            inner += f'<text x="{x + 10}" y="{y + 39 + 15 * k}" font-size="11.5" fill="#333">{escape(line)}</text>'
        out.append(f'<a href="{escape(href)}">{inner}</a>' if href else inner)

    # Instruments: the core treaties, two per row, and the protocols.
    for k, inst in enumerate(core):
        x = cols["instruments"] + (k % 2) * 148
        y = top + (k // 2) * 52
        box(x, y, 140, 44, inst["instrument_id"], (inst.get("adopted") or "")[:4], fill="#f6f1e7", stroke="#8a6d3b")
    y_protocols = top + ((len(core) + 1) // 2) * 52
    box(cols["instruments"], y_protocols, width - 2, 62, f"+ {protocols} optional protocols",
        "complaints, inquiries and visits (scrutiny),\nthe death penalty, children in armed conflict",
        fill="#f6f1e7", stroke="#8a6d3b")

    # Bodies.
    b = cols["bodies"]
    box(b, top, width, 62, "General Assembly", "all UN members; adopts the treaties,\nelects the Council's members",
        href="/decisions?body=GA")
    box(b, top + 84, width, 78, f"Human Rights Council ({HRC_SIZE}), since 2006",
        f"before it the Commission (1946-2006);\nseats by regional group: {seats}", href="/decisions?body=HRC")
    box(b, top + 184, width, 48, "Universal Periodic Review", "every state reviewed by its peers", href="/state/CHN#upr")
    box(b, top + 254, width, 48, "Special procedures", "rapporteurs and working groups")
    box(b, top + 324, width, 62, f"Treaty bodies ({len(treaty_bodies)})",
        ", ".join(treaty_bodies[:5]) + ",\n" + ", ".join(treaty_bodies[5:]), fill="#f6f1e7", stroke="#8a6d3b")

    # Procedures.
    p = cols["procedures"]
    procedures = [
        ("Resolutions", "adopted by a majority of members\npresent and voting", "/decisions?body=HRC&outcome=rejected"),
        ("No-action motions, amendments", "procedure used to stop or change a text", "/decisions?kind=motion"),
        ("Elections by regional group", "the Assembly fills the Council's seats", "/blocs"),
        ("Review and recommendations", "states accept or note what peers ask", "/state/CHN#upr"),
        ("Country visits by invitation", "a state must consent to a visit", None),
        ("State reporting, complaints", "reports to each committee; complaints\nwhere a protocol is accepted", "/compare?neighbours=CHN"),
    ]
    for k, (title, sub, href) in enumerate(procedures):
        box(p, top + k * 72, width, 60, title, sub, href=href, fill="#eef6ee", stroke="#2f6b3a")

    def arrow(x1, y1, x2, y2, label):
        out.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#555" stroke-width="1.4" marker-end="url(#arrow)"/>'
                   f'<text x="{(x1 + x2) / 2}" y="{(y1 + y2) / 2 - 5}" font-size="10.5" fill="#555" text-anchor="middle">{escape(label)}</text>')

    arrow(b + 150, top + 62, b + 150, top + 84, "")  # the Assembly elects the Council
    out.append(f'<text x="{b + 158}" y="{top + 77}" font-size="10.5" fill="#555">elects</text>')
    arrow(b + 60, top + 162, b + 60, top + 184, "")
    # The Council creates the special procedures' mandates: round the UPR box by the left gutter.
    out.append(f'<polyline points="{b},{top + 150} {b - 16},{top + 150} {b - 16},{top + 278} {b - 2},{top + 278}" '
               'fill="none" stroke="#555" stroke-width="1.4" marker-end="url(#arrow)"/>'
               f'<text x="{b - 20}" y="{top + 222}" font-size="10.5" fill="#555" text-anchor="end">mandates</text>')
    arrow(cols["instruments"] + width - 2, y_protocols + 40, b, top + 355, "")
    out.append(f'<text x="{b - 6}" y="{top + 372}" font-size="10.5" fill="#555" text-anchor="end">monitored by</text>')
    arrow(b + width, top + 110, p, top + 30, "")
    arrow(b + width, top + 208, p, top + 246, "")
    arrow(b + width, top + 278, p, top + 318, "")
    arrow(b + width, top + 355, p, top + 390, "")
    out.append(f'<text x="20" y="{H - 14}" font-size="11" fill="#555">Boxes are links into the record. Sources: '
               'the UN Charter, GA res 60/251 (the Council and its seats), the treaties themselves; rightsregime.</text>')
    out.append("</svg>")
    return "".join(out)
