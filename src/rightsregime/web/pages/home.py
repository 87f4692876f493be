"""Home: what the regime is, what the data covers and where it stops; the search results page."""
from __future__ import annotations

from ...resources import overview as overview_resource
from ...resources._base import to_plain


def document(reg) -> dict:
    res = overview_resource.overview(reg)
    return {"title": "The UN human rights regime, as data", **to_plain(res.data), "notes": res.notes,
            "sources": res.sources}


def search(reg, q: str) -> dict:
    res = overview_resource.search(reg, q)
    return {"title": f"Search: {res.params['q']}" if res.params["q"] else "Search",
            "q": res.params["q"], **to_plain(res.data), "notes": res.notes}
