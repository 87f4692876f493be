"""Decision page: the text, its chosen tally beside the other tallies, positions by group and on a
map, group splits with cohesion, the motions and amendments voted with it, pivotal members and those
nearest to switching, and its outcome under every rule set.

Every part is a resource the command line renders too (``decision``, ``splits``, ``sequence``,
``pivotal``, ``switchers``, ``outcome --rules all``); the page only puts them side by side. A part
that cannot be answered for this decision (no roll call, no votes before it) says why in one
sentence instead of failing the page.
"""
from __future__ import annotations

from ...errors import RightsRegimeError
from ...regime import POSITIONS
from .. import worldmap

# Colours readers expect: yes green, no red, abstain amber; grey for not voting and absent.
COLOURS = {"yes": "#2e8b57", "no": "#c0392b", "abstain": "#f0b429", "non_voting": "#9e9e9e",
           "absent": "#cfcfcf"}
# Each body's own rule set (pivotal members are counted under it).
OWN_RULES = {"HRC": "hrc", "CHR": "chr", "GA": "ga-plenary"}
# The records of a vote's totals the warehouse keeps, in the order a reader weighs them.
TALLY_RECORDS = {"official": "official totals (OHCHR harvest)", "roll_call": "roll call (members' positions)",
                 "second_harvest": "second harvest", "published": "published record (press release, summary record)"}


def _part(doc: dict, key: str, build):
    """``build()``'s resource as a plain dict under ``doc[key]``, or the reason it cannot be given."""
    try:
        doc[key] = build().to_dict()
    except RightsRegimeError as exc:
        doc[key] = None
        doc.setdefault("unavailable", {})[key] = str(exc)


def document(reg, symbol: str, shared=None) -> dict:
    """The page's document; ``shared``: the process's memo (a :class:`~..cache.DocumentCache`) for
    what does not depend on the decision (states, groups, gazetteer, the agreement before the day)."""
    from ...resources import procedure as procedure_res
    from ...resources import splits as splits_res
    from ...resources import switchers as switchers_res
    from ...resources import warehouse as warehouse_res

    from ..cache import RequestMemo

    reg = RequestMemo(reg, shared)  # the seven resources below read the same record: once each
    doc = warehouse_res.decision(reg, symbol).to_dict()  # raises UnknownSymbol (404) with the closest
    sym = doc["symbol"]
    doc["title_text"], doc["title"] = doc.get("title"), sym
    names = warehouse_res.states(reg)["states"].set_index("iso3")["name"].to_dict()
    doc["groups"] = [{"group": g, **{p: [(c, names.get(c, c)) for c in sorted(cells.get(p, []))] for p in POSITIONS},
                      "split": {p: len(cells.get(p, [])) for p in POSITIONS}}
                     for g, cells in sorted(doc["by_group"].items())]
    doc["tallies"] = _tallies(doc)
    doc["unavailable"] = {}
    if doc["votes"]:
        _part(doc, "splits", lambda: splits_res.decision_splits(reg, sym))
    _part(doc, "sequence", lambda: procedure_res.sequence(reg, sym))
    _part(doc, "outcomes", lambda: procedure_res.outcomes(reg, sym))
    outcomes = doc.get("outcomes") or {}
    doc["under_rules"] = outcomes.get("rule_sets", [])
    doc["country_specific"] = outcomes.get("country_specific")
    doc["scope_reason"] = outcomes.get("scope_reason")
    if outcomes and (outcomes["tally"]["members"] or 0) <= procedure_res.MAX_MEMBERS:
        own = OWN_RULES.get(doc["body"], "hrc")
        _part(doc, "pivotal", lambda: procedure_res.pivotal(reg, sym, rules=own))
        if doc.get("pivotal"):
            doc["pivotal"]["names"] = [(c, names.get(c, c)) for c in doc["pivotal"]["pivotal"]]
    if doc["votes"] and doc["date"]:
        _part(doc, "switchers", lambda: switchers_res.switchers(reg, sym))
    if doc["votes"] is None or not doc["votes"]:
        doc["unavailable"].setdefault(
            "splits", f"{sym} has no roll call in the sources ({doc.get('modality') or 'modality unknown'}): "
                      "no group split, map or switchers to show.")
    return doc


def _tallies(doc: dict) -> list[dict]:
    """The chosen tally first, then every other record of the totals, marked where it differs."""
    ev = doc.get("tally")
    if not ev:
        return []
    rows = [{"record": f"chosen ({ev['basis']}, from {ev.get('chosen_from') or ev['basis']})",
             **{k: ev["chosen"].get(k) for k in ("yes", "no", "abstain", "non_voting")}, "differs": ""}]
    for key, label in TALLY_RECORDS.items():
        t = ev.get(key)
        if t and any(t.get(k) is not None for k in ("yes", "no", "abstain")):
            rows.append({"record": label, **{k: t.get(k) for k in ("yes", "no", "abstain", "non_voting")},
                         "differs": "differs" if key in ev.get("differ", []) else ""})
    return rows


def map_svg(reg, symbol: str, shared=None) -> bytes:
    from ...resources import warehouse as warehouse_res
    from ...resources.overview import iso2_codes

    from ..cache import RequestMemo

    doc = warehouse_res.decision(RequestMemo(reg, shared), symbol).data
    counts = {p: sum(1 for v in doc["votes"].values() if v == p) for p in POSITIONS}
    legend = [(p.replace("_", " "), COLOURS[p], counts[p]) for p in POSITIONS if counts[p]]
    title = f"{doc['symbol']} ({doc['date'] or 'undated'}): {doc['outcome']}"
    return worldmap.draw(doc["votes"], COLOURS, iso2_of=iso2_codes(), title=title, legend=legend,
                         credit=f"Source: {doc['source']}. Grey outline: not a member of the body or no "
                                "recorded position. rightsregime.")
