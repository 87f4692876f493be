"""Explorer: decisions filtered by body, years, kind, scope, subject, outcome, a state's vote and text;
sorted; paged; the CSV is exactly the filtered table.

The rows are :func:`rightsregime.resources.warehouse.decisions` (what ``rightsregime decisions``
prints for the same filters); this page only sorts and pages them.
"""

import io
from dataclasses import dataclass
from typing import Literal, Optional

from fastapi import Query

COLUMNS = ("symbol", "body_id", "date", "kind", "outcome", "yes", "no", "abstain", "title")
# What the CSV adds to the columns shown: the filtered table, with what a reader needs to cite it.
CSV_EXTRA = ("modality", "subjects", "sponsors")
SORT_KEYS = ("date", "symbol", "yes", "no", "abstain", "body_id", "kind", "outcome")
SORTABLE = Literal["date", "-date", "symbol", "-symbol", "yes", "-yes", "no", "-no", "abstain", "-abstain",
                   "body_id", "-body_id", "kind", "-kind", "outcome", "-outcome"]


@dataclass
class Filters:
    """The explorer's query string, validated by FastAPI (bad values are a 422, never a 500)."""

    body: Optional[Literal["GA", "SC", "HRC", "CHR"]] = Query(None, description="Body")
    years: Optional[str] = Query(None, max_length=9, pattern=r"^\d{4}(-\d{4})?$", description="2021 or 2006-2026")
    kind: Optional[Literal["resolution", "decision", "amendment", "motion", "paragraph", "draft"]] = Query(None)
    scope: Optional[Literal["country-specific", "thematic"]] = Query(
        None, description="country-specific (names a state) or thematic")
    outcome: Optional[Literal["adopted", "rejected", "withdrawn", "unknown"]] = Query(None)
    voted: Optional[str] = Query(None, max_length=200, pattern=r"^[^=,]+=[A-Za-z_ ]+(,[^=,]+=[A-Za-z_ ]+)*$",
                                 description="STATE=POSITION, comma-separated (CHN=no,USA=yes)")
    text: Optional[str] = Query(None, max_length=200, description="Words in the title or symbol")
    subject: Optional[str] = Query(None, max_length=200, description="Subject tag (part of)")
    sort: SORTABLE = Query("-date")
    page: int = Query(1, ge=1, le=100_000)
    per_page: int = Query(50, ge=1, le=500)

    def key(self) -> tuple:
        """The cache key of the filtered table (sorting and paging do not change it)."""
        return (self.body, self.years, self.kind, self.scope, self.outcome, self.voted, self.text, self.subject)


def resource(reg, q: Filters):
    """The decisions resource for these filters (all rows: the page pages them)."""
    from ...resources import warehouse as warehouse_res

    return warehouse_res.decisions(reg, body=q.body, years=q.years, kind=q.kind, outcome=q.outcome,
                                   text=q.text, subject=q.subject, scope=q.scope, voted=q.voted, limit=0)


def _sorted(df, sort: str):
    key = sort.lstrip("-")
    return df.sort_values([key, "symbol"], ascending=not sort.startswith("-"), na_position="last",
                          kind="stable")


def document(res, q: Filters) -> dict:
    """The page: one page of the sorted table, the total, the filters and the resource's notes."""
    from ...resources._base import to_plain

    df = _sorted(res["decisions"], q.sort)
    total = len(df)
    start = (q.page - 1) * q.per_page
    rows = df.iloc[start:start + q.per_page][list(COLUMNS)]
    rows = to_plain(rows.astype({c: "Int64" for c in ("yes", "no", "abstain")}))  # 21, not 21.0
    params = {k: v for k, v in vars(q).items() if v not in (None, "")}
    return {"title": "Explorer: decisions", "kind": "decisions", "filters": params, "params": to_plain(res.params),
            "total": total, "page": q.page, "per_page": q.per_page, "pages": max(1, -(-total // q.per_page)),
            "rows": rows, "columns": COLUMNS, "sort_keys": SORT_KEYS,
            "notes": [n for n in res.notes if "--limit" not in n], "sources": res.sources}


def csv(res, q: Filters) -> str:
    """Every filtered row, in the page's order, with the columns shown and those needed to cite it."""
    buf = io.StringIO()
    df = _sorted(res["decisions"], q.sort)
    df = df.astype({c: "Int64" for c in ("yes", "no", "abstain")})
    extra = [c for c in ("scope", "concerning") if c in df.columns]
    df[list(COLUMNS) + list(CSV_EXTRA) + extra].to_csv(buf, index=False)
    return buf.getvalue()
