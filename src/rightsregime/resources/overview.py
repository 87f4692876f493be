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
    coverage = reg.coverage_by_body()
    instruments = reg.instruments()[["instrument_id", "title", "adopted", "body_id", "core"]]
    return Resource(
        "overview", data={
            "bodies": [{"body_id": b, "name": name, "kind": kind, "size": size}
                       for b, (name, kind, size) in BODIES.items()],
            "instruments": instruments, "coverage": coverage,
            "rows": int(summary["loaded"].sum()) if len(summary) else 0},
        main="coverage", notes=list(GAPS), sources=summary["source"].tolist())


def search(reg, q: str, *, limit: int = 50) -> Resource:
    """States whose code or name, decisions whose symbol or title, and subjects containing ``q``."""
    q = (q or "").strip()
    data = {"states": [], "decisions": [], "decisions_total": 0, "subjects": []}
    if q:
        data["states"] = reg.search_states(q)
        data["decisions_total"], data["decisions"] = reg.search_decisions(q, limit=limit)
        data["subjects"] = reg.search_subjects(q)
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
