"""Home: what the regime is, what the data covers and where it stops; the search results page."""
from __future__ import annotations

from ...resources import overview as overview_resource


def document(reg) -> dict:
    res = overview_resource.overview(reg)
    return {"title": "The UN human rights regime, as data", **res.data, "notes": res.notes,
            "sources": res.sources}


def search(reg, q: str) -> dict:
    res = overview_resource.search(reg, q)
    return {"title": f"Search: {res.params['q']}" if res.params["q"] else "Search",
            "q": res.params["q"], **res.data, "notes": res.notes}
