"""Blocs page: the co-voting network of a body and period with its communities, the communities at
several scales with their core members, regional-group cohesion over time, a coincidence matrix
for chosen states, and the most-often-outvoted ranking.

Each section is a resource (``blocs``, ``blocs --nested``, ``cohesion``, ``coincidence``,
``outvoted``); this module puts them side by side and draws their charts from the finished
document.
"""
from __future__ import annotations

from .. import svg
from .state import ROLL_CALLS, one_blas_thread

DEFAULT_YEARS = {"HRC": "2016-2022", "GA": "2013-2019", "CHR": "2000-2005"}
REGIONAL = ("AFRICAN", "ASIA_PACIFIC", "EEG", "GRULAC", "WEOG")
GROUP_LABEL = {"AFRICAN": "African Group", "ASIA_PACIFIC": "Asia-Pacific Group", "EEG": "Eastern European Group",
               "GRULAC": "Latin American and Caribbean Group", "WEOG": "Western European and Others Group"}


def document(reg, *, body: str | None = None, years: str | None = None, states: str | None = None) -> dict:
    with one_blas_thread():
        return _document(reg, body=body, years=years, states=states)


def _document(reg, *, body, years, states) -> dict:
    from ... import params as parse
    from ...resources import alignment, blocs_nested, coincidence
    from ...resources._base import to_plain

    body = parse.body(body or "HRC", option="body", valid=parse.VOTING_BODIES)
    span = parse.years(years or DEFAULT_YEARS[body], option="years", body=[body])
    years = parse.describe_years(span)
    names = reg.state_names()

    found = alignment.blocs(reg, body=body, years=years)
    net = found.result.networks[0]
    blocs = []
    for b in found.data["blocs"]:
        blocs.append({"label": b["lineage"], "size": b["size"], "cohesion": round(b["cohesion"], 3),
                      "mean_agreement": round(b["mean_agreement"], 3), "stability": round(b["stability"], 3),
                      "members": b["members"],
                      "groups": ", ".join(f"{g['group_id']} ({g['jaccard']:.2f})" for g in b["named_groups"])})
    nested = blocs_nested.nested_blocs(reg, body=body, years=years)
    communities = [{"community": r["community"], "parent": r["parent"], "level": r["level"], "size": r["size"],
                    "stability": round(r["stability"], 3), "cohesion": round(r["cohesion"], 3),
                    "core": r["core"], "core_names": ", ".join(r["core_names"])}
                   for r in to_plain(nested.data["communities"])]

    per_group = to_plain(coincidence.group_cohesion(reg, REGIONAL, body=body, years=years).data["table"])
    cohesion = {g: [r for r in per_group if r["group"] == g] for g in REGIONAL}
    coin = coincidence.coincidence(reg, states, body=body, years=years)
    out = coincidence.outvoted(reg, body=body, years=years)

    period = found.data["periods"][0]
    voters = sorted(set(found.result.networks[0].states))
    return {
        "title": f"Voting blocs: {body} {years}",
        "body": body, "years": years, "states_param": states or "",
        "bodies": list(parse.VOTING_BODIES), "default_years": DEFAULT_YEARS,
        "network": {"states": net.states, "membership": net.membership, "n_states": period["n_states"],
                    "n_decisions": period["n_decisions"], "modularity": round(period["modularity"], 3),
                    "placed": voters},
        "method": found.data["method"],
        "blocs": blocs,
        "communities": communities, "nested_notes": nested.notes,
        "cohesion": cohesion, "cohesion_table": _cohesion_wide(cohesion),
        "coincidence": {"states": coin.data["states"], "names": coin.data["names"],
                        "matrix": to_plain(coin.data["matrix"]), "pairs": to_plain(coin.data["pairs"]),
                        "shared": _shared(to_plain(coin.data["pairs"])),
                        "notes": coin.notes},
        "outvoted": {"ranking": to_plain(out.data["ranking"]), "count": out.data["count"], "notes": out.notes},
        "names": {s: names.get(s, s) for s in voters},
        "notes": found.notes,
        "sources": sorted(set(found.sources) | set(nested.sources)),
    }


def _shared(pairs: list[dict]) -> dict:
    """state -> partner -> votes shared (the tooltip of each matrix cell)."""
    out: dict = {}
    for p in pairs:
        out.setdefault(p["state"], {})[p["partner"]] = p["n_common"]
    return out


def _cohesion_wide(cohesion: dict) -> list[dict]:
    rows: dict[int, dict] = {}
    for gid, table in cohesion.items():
        for r in table:
            row = rows.setdefault(int(r["period"]), {"year": int(r["period"]), "n_decisions": r["n_decisions"]})
            row[gid] = None if r["cohesion"] is None else round(r["cohesion"], 3)
    return [rows[y] for y in sorted(rows)]


def network_svg(reg, doc: dict) -> bytes:
    """The network of the document's body and period; the weights come from the blocs resource
    again (they are not part of the JSON document), so the layout matches the table."""
    from ...resources import alignment

    with one_blas_thread():
        found = alignment.blocs(reg, body=doc["body"], years=doc["years"])
    net = found.result.networks[0]
    labels = [f"{b['label']}: {b['size']} states, cohesion {b['cohesion']:.2f}" for b in doc["blocs"]]
    return svg.network(net.states, net.weights, net.membership, names=doc["names"], bloc_labels=labels,
                       title=f"Co-voting network, {doc['body']} {doc['years']} ({net.n_decisions} votes, "
                             f"{len(net.states)} states)",
                       credit_line="rightsregime: Leiden communities of the agreement network (edges: agreement "
                                   f"above the chamber's mean). Roll calls: {ROLL_CALLS[doc['body']]}.")


def cohesion_svg(doc: dict) -> bytes:
    """The shared newspaper chart (:func:`rightsregime.charts.time_series`, as ``cohesion --chart``)."""
    import pandas as pd

    from ...charts import time_series

    rows = pd.DataFrame([r for g in doc["cohesion"].values() for r in g]).rename(columns={"period": "year"})
    chart = time_series(rows, y="cohesion", series="group", n="n_decisions", names=GROUP_LABEL, ylim=(0, 1),
                        n_label="votes", ylabel="agreement index (Hix-Noury-Roland)",
                        title=f"Cohesion of the regional groups, {doc['body']} {doc['years']}",
                        sources=f"{ROLL_CALLS[doc['body']]} (roll calls), un-groups-blocs (group membership)")
    return svg.chart_svg(chart)
