"""How split was each group on one decision: per regional group and bloc, the members' positions
and the group's Hix-Noury-Roland cohesion, naming the most divided group.

A tied plurality (the Asia-Pacific Group's 5 no and 5 abstain on A/HRC/RES/46/1) is reported as a
tie with its cohesion score, never an error.
"""
from __future__ import annotations

from ..regime.coverage import coverage_notes, source_for_symbol
from ._base import Resource


def decision_splits(reg, symbol: str, *, groups: list[str] | None = None) -> Resource:
    """Per regional group and bloc (EU, OIC, NAM, G77, ...): members yes / no / abstain / not
    voting / absent, the plurality (or the tie), and the cohesion; the most divided group."""
    import pandas as pd

    from ..analysis.cohesion import SPLIT_BLOCS, group_splits, most_divided, resolve_group
    from ..errors import UnknownSymbol

    try:
        doc = reg.decision(symbol)
    except UnknownSymbol as exc:
        hint = source_for_symbol(symbol)
        if hint:
            raise UnknownSymbol(f"{exc} {hint}", symbol=symbol) from None
        raise
    table = reg.groups()
    if groups:
        wanted = [resolve_group(g, table) for g in groups]
    else:
        wanted = [*table.loc[table["kind"] == "regional", "group_id"], *SPLIT_BLOCS]
    positions = pd.DataFrame({"iso3": list(doc["votes"]), "position": list(doc["votes"].values())})
    splits = group_splits(positions, reg.group_members(), table, date=doc["date"], group_ids=wanted)
    divided = most_divided(splits)
    notes = []
    if positions.empty:
        notes.append(f"{doc['symbol']} has no roll call in the sources ({doc['modality'] or 'modality unknown'}): "
                     "there is no split to show.")
    if doc.get("derived_absent"):
        notes.append(f"{len(doc['derived_absent'])} UN members with no recorded position are counted as absent.")
    if doc.get("mismatches"):
        notes.append("The roll call disagrees with the official totals: "
                     + "; ".join(f"{m['what']} expected {m['expected']}, found {m['found']}" for m in doc["mismatches"]))
    notes.append("Cohesion: Hix-Noury-Roland agreement index over yes, no and abstain (1 = all alike, "
                 "0 = an even three-way split); a tied plurality is shown as a tie.")
    year = int(doc["date"][:4]) if doc.get("date") else None
    notes += coverage_notes(doc["body"], (year, year) if year else None)
    return Resource(
        kind="decision_splits",
        params={"symbol": doc["symbol"], "groups": wanted},
        data={"symbol": doc["symbol"], "decision_id": doc["decision_id"], "title": doc["title"],
              "body": doc["body"], "date": doc["date"], "outcome": doc["outcome"], "totals": doc["totals"],
              "most_divided": None if divided is None else {k: divided[k] for k in
                                                            ("group_id", "name", "plurality", "cohesion", "voting")},
              "splits": splits},
        main="splits", notes=notes,
        sources=["un-groups-blocs", doc.get("source") or ""],
    )


__all__ = ["decision_splits"]
