"""Sources page: every source with coverage, licence and citation, and what validation found
(quarantine, reconciliation, chosen tallies): the resources ``sources_held``, ``quarantine`` and
``reconciliation`` (the last two are the commands of the same names)."""
from __future__ import annotations

import io

from ...errors import LookupFailed

VALIDATION_TABLES = ("quarantine", "reconciliation")


def document(reg) -> dict:
    from ...resources import warehouse as warehouse_res

    res = warehouse_res.sources_held(reg)
    return {"title": "Sources and what to trust", **res.to_dict()}


def csv(reg, table: str) -> str:
    from ...resources import warehouse as warehouse_res

    if table not in VALIDATION_TABLES:
        raise LookupFailed(f"No table {table!r} here; tables: {', '.join(VALIDATION_TABLES)}.")
    res = getattr(warehouse_res, table)(reg, limit=0)
    buf = io.StringIO()
    res.table().to_csv(buf, index=False)
    return buf.getvalue()
