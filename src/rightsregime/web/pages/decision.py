"""Decision page: the text, its tally, positions by group and on a map, pivotal members, and its
outcome under every rule set."""
from __future__ import annotations

from ...errors import RightsRegimeError
from .. import worldmap

from ...regime import POSITIONS  # noqa: E402  (one home: regime.Position)
# Colours readers expect: yes green, no red, abstain amber; grey for not voting and absent.
COLOURS = {"yes": "#2e8b57", "no": "#c0392b", "abstain": "#f0b429", "non_voting": "#9e9e9e",
           "absent": "#cfcfcf"}
OWN_RULES = {"HRC": "hrc", "CHR": "chr", "GA": "ga-plenary"}


def document(reg, symbol: str) -> dict:
    from ...procedure import decide, load_rules
    from ...procedure import pivotal as find_pivotal
    from ...resources.procedure import recorded_vote as decision_record
    from ...procedure.rules import BUILTIN

    from ...resources._base import to_plain

    doc = to_plain(reg.decision(symbol))  # NaN -> None: an empty field shows empty, not 'nan'
    doc["title_text"] = doc.get("title")
    doc["title"] = f"{doc['symbol']}"
    names = dict(zip(*_state_names(reg)))
    doc["groups"] = [{"group": g, **{p: [(c, names.get(c, c)) for c in sorted(cells.get(p, []))] for p in POSITIONS},
                      "split": {p: len(cells.get(p, [])) for p in POSITIONS}}
                     for g, cells in sorted(doc["by_group"].items())]
    doc["under_rules"], doc["pivotal"] = [], None
    try:
        record = decision_record(reg, symbol)
    except RightsRegimeError as exc:
        doc["no_tally"] = str(exc)
        return doc
    tally, kind = record["tally"], record["kind"]
    doc["country_specific"] = record["country_specific"]
    doc["scope_reason"] = record["scope_reason"]
    doc["tally_used"] = {"yes": tally.yes, "no": tally.no, "abstain": tally.abstain,
                         "non_voting": tally.non_voting, "members": tally.members}
    for name, rules in BUILTIN.items():
        rule = rules.rule_for(kind, country_specific=record["country_specific"])
        r = decide(tally, rule, members=tally.members)
        doc["under_rules"].append({"rules": name, "title": rules.title, "outcome": r.outcome,
                                   "required": r.required, "margin": r.margin, "reason": r.reason})
    own = load_rules(OWN_RULES.get(doc["body"], "hrc"))
    rule = own.rule_for(kind, country_specific=record["country_specific"])
    if tally.members is None or tally.members <= 1000:
        p = find_pivotal(tally, rule, members=tally.members, positions=record["positions"])
        doc["pivotal"] = {**p.to_dict(), "rules": own.name,
                          "names": [(c, names.get(c, c)) for c in p.pivotal]}
    return doc


def _state_names(reg):
    states = reg.states()
    return states["iso3"].tolist(), states["name"].tolist()


def map_svg(reg, symbol: str) -> bytes:
    doc = reg.decision(symbol)
    from ...resources.overview import iso2_codes

    iso2_of = iso2_codes()
    counts = {p: sum(1 for v in doc["votes"].values() if v == p) for p in POSITIONS}
    legend = [(p.replace("_", " "), COLOURS[p], counts[p]) for p in POSITIONS if counts[p]]
    title = f"{doc['symbol']} ({doc['date'] or 'undated'}): {doc['outcome']}"
    return worldmap.draw(doc["votes"], COLOURS, iso2_of=iso2_of, title=title, legend=legend,
                         credit=f"Source: {doc['source']}. Grey outline: not a member of the body or no "
                                "recorded position. rightsregime.")
