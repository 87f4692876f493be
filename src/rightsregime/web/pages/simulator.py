"""Simulator: start from a recorded decision or a blank membership, change positions or the rule
set, and see the outcome, the margin and the pivotal members."""
from __future__ import annotations

from collections.abc import Mapping

from ...errors import RuleSetError

from ...regime import POSITIONS  # noqa: E402  (one home: regime.Position)
MAX_MEMBERS = 1000  # the size of any body a user may simulate (the GA has 193)


def _int(params: Mapping[str, str], key: str, default: int, *, lo: int = 0, hi: int = MAX_MEMBERS) -> int:
    raw = params.get(key)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise RuleSetError(f"{key}={raw!r}: give a whole number.") from None
    if not lo <= value <= hi:
        raise RuleSetError(f"{key}={value}: must be between {lo} and {hi}.")
    return value


def document(reg, params: Mapping[str, str]) -> dict:
    from ...procedure import decide, make_tally, tally_positions
    from ...procedure import pivotal as find_pivotal
    from ...resources.procedure import recorded_vote as decision_record
    from ...procedure.rules import BUILTIN

    rules_name = params.get("rules") or "hrc"
    if rules_name not in BUILTIN:
        raise RuleSetError(f"Unknown rule set {rules_name!r}. Rule sets: {', '.join(BUILTIN)}.")
    rules = BUILTIN[rules_name]
    symbol = (params.get("symbol") or "").strip()
    doc = {"title": "Simulator", "rules": rules_name, "rule_sets": list(BUILTIN), "symbol": symbol,
           "positions": None, "changed": []}
    country_specific = params.get("country_specific") in ("1", "true", "on")
    kind = "resolution"
    if symbol:
        record = decision_record(reg, symbol)
        kind, country_specific = record["kind"], record["country_specific"] or country_specific
        positions = dict(record["positions"] or {})
        doc.update(symbol=record["symbol"], text_title=record["title"], recorded=record["recorded"])
        for iso3 in list(positions):
            new = params.get(f"p_{iso3}")
            if new and new != positions[iso3]:
                if new not in POSITIONS:
                    raise RuleSetError(f"p_{iso3}={new!r}: a position is one of {', '.join(POSITIONS)}.")
                doc["changed"].append({"iso3": iso3, "from": positions[iso3], "to": new})
                positions[iso3] = new
        members = record["tally"].members
        if positions:
            tally = tally_positions(positions, members=members)
            doc["positions"] = sorted(positions.items())
        else:  # totals only (no roll call): change them as numbers
            t = record["tally"]
            tally = make_tally(_int(params, "yes", t.yes), _int(params, "no", t.no),
                               _int(params, "abstain", t.abstain), t.non_voting, members=members)
    else:
        members = _int(params, "members", rules.members or 47, lo=1)
        yes, no = _int(params, "yes", 24), _int(params, "no", 15)
        abstain = _int(params, "abstain", members - yes - no if members >= yes + no else 0)
        if yes + no + abstain > members:
            raise RuleSetError(f"{yes} yes + {no} no + {abstain} abstain is more than {members} members.")
        tally = make_tally(yes, no, abstain, 0, members=members)
    rule = rules.rule_for(kind, country_specific=country_specific)
    result = decide(tally, rule, members=tally.members)
    piv = find_pivotal(tally, rule, members=tally.members, positions=dict(doc["positions"] or []) or None)
    doc.update(kind=kind, country_specific=country_specific, outcome=result.to_dict(),
               pivotal=piv.to_dict(), tally={"yes": tally.yes, "no": tally.no, "abstain": tally.abstain,
                                             "non_voting": tally.non_voting, "members": tally.members})
    return doc
