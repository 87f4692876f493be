"""Sources page: every source with coverage, licence and citation, and what validation found."""
from __future__ import annotations

import io

from ...errors import LookupFailed

VALIDATION_TABLES = ("quarantine", "reconciliation")


def document(reg) -> dict:
    from ...sources import modules

    loaded = reg.load_summary().set_index("source")
    quarantine = reg.quarantine()
    reconciliation = reg.reconciliation()
    rows = []
    for m in modules():
        s = m.SOURCE
        counts = loaded.loc[s.name].to_dict() if s.name in loaded.index else {}
        rows.append({"source": s.name, "title": s.title, "coverage": s.coverage, "licence": s.licence,
                     "citation": s.citation, "home": s.home,
                     "read": counts.get("read"), "loaded": counts.get("loaded"),
                     "merged": counts.get("merged"),
                     "quarantined": int((quarantine["source"] == s.name).sum())})
    what = (reconciliation.groupby("what").size().sort_values(ascending=False).rename("rows")
            .reset_index())
    from ...resources._base import to_plain

    return {"title": "Sources and what to trust", "sources": to_plain(rows),
            "quarantine_columns": list(quarantine.columns), "quarantine": to_plain(quarantine.head(200)),
            "quarantine_total": len(quarantine), "reconciliation_by_what": to_plain(what),
            "reconciliation_total": len(reconciliation)}


def csv(reg, table: str) -> str:
    if table not in VALIDATION_TABLES:
        raise LookupFailed(f"No table {table!r} here; tables: {', '.join(VALIDATION_TABLES)}.")
    buf = io.StringIO()
    (reg.quarantine() if table == "quarantine" else reg.reconciliation()).to_csv(buf, index=False)
    return buf.getvalue()
