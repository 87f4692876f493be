"""Explorer: decisions filtered by body, years, kind, outcome, subject and text; sorted; paged; CSV."""

import io
from dataclasses import dataclass
from typing import Literal, Optional

from fastapi import Query


COLUMNS = ("symbol", "body_id", "date", "kind", "outcome", "yes", "no", "abstain", "title")
SORTABLE = Literal["date", "-date", "symbol", "-symbol", "yes", "-yes", "no", "-no", "body_id", "-body_id"]


@dataclass
class Filters:
    """The explorer's query string, validated by FastAPI (bad values are a 422, never a 500)."""

    body: Optional[Literal["GA", "SC", "HRC", "CHR"]] = Query(None, description="Body")
    years: Optional[str] = Query(None, max_length=9, pattern=r"^\d{4}(-\d{4})?$", description="2021 or 2006-2026")
    kind: Optional[Literal["resolution", "decision", "amendment", "motion", "paragraph", "draft"]] = Query(None)
    outcome: Optional[Literal["adopted", "rejected", "withdrawn", "unknown"]] = Query(None)
    text: Optional[str] = Query(None, max_length=200, description="Words in the title or symbol")
    subject: Optional[str] = Query(None, max_length=200, description="Subject tag (part of)")
    sort: SORTABLE = Query("-date")
    page: int = Query(1, ge=1, le=100_000)
    per_page: int = Query(50, ge=1, le=500)


def _frame(reg, q: Filters):
    df = reg.decisions(body=q.body, years=q.years, kind=q.kind, outcome=q.outcome, text=q.text,
                       subject=q.subject)
    key = q.sort.lstrip("-")
    return df.sort_values([key, "symbol"], ascending=not q.sort.startswith("-"), na_position="last",
                          kind="stable")


def document(reg, q: Filters) -> dict:
    df = _frame(reg, q)
    total = len(df)
    start = (q.page - 1) * q.per_page
    from ...resources._base import to_plain

    rows = df.iloc[start:start + q.per_page][list(COLUMNS)]
    rows = to_plain(rows.astype({c: "Int64" for c in ("yes", "no", "abstain")}))  # 21, not 21.0
    params = {k: v for k, v in vars(q).items() if v not in (None, "")}
    return {"title": "Explorer: decisions", "filters": params, "total": total, "page": q.page,
            "per_page": q.per_page, "pages": max(1, -(-total // q.per_page)), "rows": rows,
            "columns": COLUMNS}


def csv(reg, q: Filters) -> str:
    buf = io.StringIO()
    _frame(reg, q)[list(COLUMNS) + ["modality", "subjects", "sponsors", "source"]].to_csv(buf, index=False)
    return buf.getvalue()
