"""The value every resource function returns: plain data, ready for a table, JSON, CSV or HTML."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass
class Resource:
    """The answer to one question.

    ``kind`` names the question (``"decision"``, ``"votes"``, ``"pivotal"``...). ``params`` are the
    parameters as understood after parsing (echoed in JSON so an answer says what it answers).
    ``data`` holds scalars, dicts, lists and DataFrames; ``main`` names the DataFrame in ``data``
    that ``--csv`` writes. ``notes`` are sentences a reader must see beside the figures: coverage
    of the sources for the years asked, approximations, rows left out ("showing 50 of 657").
    ``sources`` are the source names the answer rests on (for the credit line of charts and pages).
    """

    kind: str
    params: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    main: str | None = None
    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def table(self, name: str | None = None):
        """The DataFrame ``name`` (default: the main one), for CSV and HTML tables."""
        key = name or self.main
        if key is None:
            raise KeyError(f"resource {self.kind!r} has no main table")
        return self.data[key]

    def to_dict(self) -> dict[str, Any]:
        """The JSON document: params, data (DataFrames as lists of records), notes, sources."""
        doc = {"kind": self.kind, "params": self.params, **self.data}
        # A document whose data already has "sources" (the sources listing) keeps its own.
        doc.setdefault("notes", self.notes)
        doc.setdefault("sources", self.sources)
        return to_plain(doc)


def to_plain(obj: Any) -> Any:
    """Recursively turn DataFrames, numpy scalars, NaN/NaT, dates and sets into JSON-ready values."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        pd = None
    if pd is not None:
        if isinstance(obj, pd.DataFrame):
            return [to_plain(r) for r in obj.to_dict("records")]
        if isinstance(obj, pd.Series):
            return to_plain(obj.to_dict())
        if obj is pd.NA or obj is pd.NaT:
            return None
        if isinstance(obj, pd.Timestamp):
            return obj.date().isoformat() if obj == obj.normalize() else obj.isoformat()
    if isinstance(obj, dict):
        return {str(k): to_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_plain(v) for v in obj]
    if isinstance(obj, (set, frozenset)):
        return sorted(to_plain(v) for v in obj)
    if isinstance(obj, float):
        return None if (math.isnan(obj) or math.isinf(obj)) else obj
    if isinstance(obj, (date, datetime)):
        return obj.isoformat()
    if hasattr(obj, "item") and not isinstance(obj, (str, bytes)):
        try:
            return to_plain(obj.item())
        except (ValueError, AttributeError):
            pass
    if hasattr(obj, "to_dict") and callable(obj.to_dict):
        return to_plain(obj.to_dict())
    return obj
