"""Simulator: start from a recorded decision or a blank membership, change positions or the rule
set, and see the outcome, the margin and the pivotal members; replay a period under a rule set.

The answers are the resources ``outcome``, ``pivotal`` and ``replay`` give at the command line: the
page passes them the positions as changed in the form (no state is kept between requests).
"""
from __future__ import annotations

from collections.abc import Mapping

from ...errors import RuleSetError
from ...regime import POSITIONS

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


def _rule_set(params: Mapping[str, str]) -> str:
    from ...procedure.rules import BUILTIN

    name = params.get("rules") or "hrc"
    if name not in BUILTIN:
        raise RuleSetError(f"Unknown rule set {name!r}. Rule sets: {', '.join(BUILTIN)}.")
    return name


def document(reg, params: Mapping[str, str]) -> dict:
    from ...procedure.rules import BUILTIN
    from ...resources import procedure as procedure_res

    rules_name = _rule_set(params)
    symbol = (params.get("symbol") or "").strip()
    doc = {"title": "Simulator", "rules": rules_name, "rule_sets": list(BUILTIN), "symbol": symbol,
           "positions": None, "changed": []}
    country_specific = params.get("country_specific") in ("1", "true", "on")
    kind = "resolution"
    vote: dict = {}
    if symbol:
        record = procedure_res.recorded_vote(reg, symbol)
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
            vote = {"positions": positions, "members": members}
            doc["positions"] = sorted(positions.items())
        else:  # totals only (no roll call): change them as numbers
            t = record["tally"]
            vote = {"yes": _int(params, "yes", t.yes), "no": _int(params, "no", t.no),
                    "abstain": _int(params, "abstain", t.abstain), "non_voting": t.non_voting,
                    "members": members}
    else:
        members = _int(params, "members", BUILTIN[rules_name].members or 47, lo=1)
        yes, no = _int(params, "yes", 24), _int(params, "no", 15)
        abstain = _int(params, "abstain", members - yes - no if members >= yes + no else 0)
        if yes + no + abstain > members:
            raise RuleSetError(f"{yes} yes + {no} no + {abstain} abstain is more than {members} members.")
        vote = {"yes": yes, "no": no, "abstain": abstain, "non_voting": 0, "members": members}
    # reg=None: the resources decide the vote as given here, not the recorded one.
    result = procedure_res.outcome(None, rules=rules_name, kind=kind, country_specific=country_specific, **vote)
    piv = procedure_res.pivotal(None, rules=rules_name, kind=kind, country_specific=country_specific, **vote)
    o = result.data
    doc.update(kind=kind, country_specific=country_specific, outcome=o, pivotal=piv.data,
               tally={"yes": o["yes"], "no": o["no"], "abstain": o["abstain"],
                      "non_voting": o.get("non_voting", 0), "members": vote.get("members")})
    return doc


# -- replay of a period ----------------------------------------------------------------------
REPLAY_BODIES = ("HRC", "CHR", "HRC,CHR")


def replay_resource(reg, rules: str, body: str, years: str | None):
    """``rightsregime replay --rules RULES --body BODY --years YEARS``, as a resource."""
    from ...resources import procedure as procedure_res

    return procedure_res.replay(reg, rules, body=body, years=years)


def replay_document(res) -> dict:
    """The replay page: the per-year table (the chart's data) and the texts whose outcome flips."""
    doc = res.to_dict()
    p = res.params
    return {**doc, "title": f"The record replayed under {p['rules']}", "rule_sets": _rule_sets(),
            "body": p["body"], "years_text": "-".join(str(y) for y in dict.fromkeys(p["years"] or []))}


def _rule_sets() -> list[str]:
    from ...procedure.rules import BUILTIN

    return list(BUILTIN)


def replay_svg(res) -> bytes:
    """The shared replay chart (``replay --chart``): a real year axis with gaps, the texts whose
    outcome flips under the chosen rules each year, the paralysis index, and the number of
    country-specific texts behind each year."""
    import pandas as pd

    from ...charts import replay_years
    from .. import svg

    chart = replay_years(pd.DataFrame(res.result.by_year), title=f"The record replayed under {res.result.rules}",
                         sources="hrc-voting (OHCHR Search Library)", note=res.result.title)
    return svg.figure_svg(chart.figure)
