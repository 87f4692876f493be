"""What the warehouse holds, and where it stops; a search across states, decisions and subjects."""
from __future__ import annotations

from ..regime import BODIES
from ._base import Resource

# Where the record stops, said once for every page and command that covers years.
GAPS = (
    "General Assembly per-country votes for 2020-2024 are not in the sources (unvotes stops in 2019; "
    "the 2025 extract covers 2025 only).",
    "The Commission's harvest holds adopted texts only: rejected drafts and procedural motions are "
    "absent unless a cited supplement adds them.",
    "UPR recommendations stop at session 20 (October 2014).",
    "Treaty ratifications are the status of mid-2022, by year only.",
)


def overview(reg) -> Resource:
    """Bodies, instruments and, per body, the decisions held with their years."""
    summary = reg.load_summary()
    coverage = reg.sql("""SELECT body_id, count(*) AS decisions, min(year) AS first, max(year) AS last,
                                 count(*) FILTER (WHERE modality = 'recorded') AS recorded
                          FROM decisions GROUP BY body_id ORDER BY decisions DESC""")
    instruments = reg.instruments()[["instrument_id", "title", "adopted", "body_id", "core"]]
    return Resource(
        "overview", data={
            "bodies": [{"body_id": b, "name": name, "kind": kind, "size": size}
                       for b, (name, kind, size) in BODIES.items()],
            "instruments": instruments, "coverage": coverage,
            "rows": int(summary["loaded"].sum()) if len(summary) else 0},
        main="coverage", notes=list(GAPS), sources=summary["source"].tolist())


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` literally (its % and _ are not wildcards)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search(reg, q: str, *, limit: int = 50) -> Resource:
    """States whose code or name, decisions whose symbol or title, and subjects containing ``q``."""
    q = (q or "").strip()
    data = {"states": [], "decisions": [], "decisions_total": 0, "subjects": []}
    if q:
        needle = _like(q.lower())
        data["states"] = reg.sql("""
            SELECT DISTINCT s.iso3, s.name FROM states s LEFT JOIN state_names n USING (iso3)
            WHERE lower(s.iso3) = ? OR lower(s.name) LIKE ? ESCAPE '\\' OR lower(n.name) LIKE ? ESCAPE '\\'
            ORDER BY s.name LIMIT 20""", [q.lower(), needle, needle])
        total = reg.sql("""SELECT count(*) AS n FROM decisions
                           WHERE lower(title) LIKE ? ESCAPE '\\' OR lower(symbol) LIKE ? ESCAPE '\\'""",
                        [needle, needle])
        data["decisions_total"] = int(total["n"].iloc[0])
        data["decisions"] = reg.sql("""
            SELECT symbol, body_id, date, kind, outcome, title FROM decisions
            WHERE lower(title) LIKE ? ESCAPE '\\' OR lower(symbol) LIKE ? ESCAPE '\\'
            ORDER BY date DESC NULLS LAST, symbol LIMIT ?""", [needle, needle, limit])
        data["subjects"] = reg.sql("""
            SELECT trim(s) AS subject, count(*) AS decisions
            FROM (SELECT unnest(string_split(subjects, ';')) AS s FROM decisions WHERE subjects IS NOT NULL)
            WHERE lower(s) LIKE ? ESCAPE '\\' GROUP BY 1 ORDER BY decisions DESC LIMIT 20""", [needle])
    notes = []
    if data["decisions_total"] > limit:
        notes.append(f"Showing the {limit} most recent of {data['decisions_total']:,} decisions.")
    return Resource("search", params={"q": q, "limit": limit}, data=data, main="decisions", notes=notes)


def iso2_codes() -> dict[str, str]:
    """ISO3 -> ISO 3166 alpha-2, from the project's one crosswalk (for map outlines keyed by alpha-2)."""
    from ..regime.crosswalk import iso2_pairs

    codes: dict[str, str] = {}
    for iso2, iso3 in iso2_pairs():
        codes.setdefault(iso3, iso2)  # the first pattern is the code in use (GR before EL)
    return codes
