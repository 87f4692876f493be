"""A recorded text with its amendments and motions, voted again in order under any rule set.

:func:`text_sequence` gathers from the warehouse a text (resolution or decision), the amendments
and motions linked to it (``decisions.amends``), and their counts, and runs them through
:func:`.order.conduct_with_tallies`: once under the body's own rules (which must reproduce the
record) and once under the rules asked for. How far each amendment is "removed in substance" is
not in the sources, so amendments are taken in the order of their L-document numbers (the order
of submission); a no-action motion whose symbol is an amendment's concerns that amendment.
"""
from __future__ import annotations

import re

import pandas as pd

from ..errors import UnknownSymbol
from .majority import make_tally
from .order import Proposal, conduct_with_tallies
from .replay import OWN_RULES, tallies
from .classify import classify_frame
from .rules import RuleSet, load_rules


# What a draft stopped by a no-action motion "scores" when other rules would have let it be voted.
NEVER_VOTED = "put to the vote (outcome unknown: never voted)"


def _l_number(symbol) -> float:
    m = re.search(r"/L\.(\d+)", str(symbol or ""))
    return float(m.group(1)) if m else float("inf")


def _tally_or_outcome(row):
    if row["has_tally"]:
        return make_tally(int(row["t_yes"]), int(row["t_no"]), int(row["t_pnv"]),
                          members=int(row["members"]) or None)
    return row["outcome"] if row["outcome"] in ("adopted", "rejected") else None


def the_text(found: pd.DataFrame, symbol: str, amended: pd.DataFrame | None = None) -> pd.DataFrame:
    """The resolution or decision among the records of ``symbol`` (one row). ``amended``: the
    records of the text that ``found`` amends, if ``symbol`` is a motion or an amendment (its
    sequence is the one of the text it concerns)."""
    texts = found[found["kind"].isin(["resolution", "decision"])]
    if texts.empty and amended is not None:
        texts = amended[amended["kind"].isin(["resolution", "decision"])]
    if texts.empty:
        raise UnknownSymbol(f"{symbol} is a {found['kind'].iloc[0]}, not a text with amendments; "
                            "give the resolution or decision it amends.", symbol=symbol)
    return texts.iloc[[0]]


def text_sequence(text: pd.DataFrame, linked: pd.DataFrame, votes: pd.DataFrame, gazetteer,
                  rules: RuleSet | str) -> dict:
    """The votes on a recorded text in order, under its own rules and under ``rules``.

    ``text``: the text's row (:func:`the_text`); ``linked``: its amendments and motions that were
    decided; ``votes``: the positions on all of them; ``gazetteer``: state names for the scope."""
    rules = load_rules(rules) if isinstance(rules, str) else rules
    frame = pd.concat([text, linked], ignore_index=True) if len(linked) else text.reset_index(drop=True)
    frame = tallies(frame, votes)
    scope = classify_frame(frame.iloc[[0]], gazetteer).iloc[0]
    country = scope["scope"] == "country-specific"
    key = {r["decision_id"]: r for _, r in frame.iterrows()}
    main = frame.iloc[0]
    amendment_symbols = set(frame.loc[frame["kind"] == "amendment", "symbol"])
    proposals, motions, counts = [], [], {}
    for _, r in frame.iloc[1:].sort_values("symbol", key=lambda s: s.map(_l_number)).iterrows():
        label = r["symbol"] or r["decision_id"]
        counts[label] = _tally_or_outcome(r)
        if r["kind"] == "motion":
            target = r["draft_symbol"] if r["draft_symbol"] in amendment_symbols else None
            motions.append(Proposal(label, "motion", motion="no-action", target=target or r["draft_symbol"]))
        else:
            proposals.append(Proposal(label, "amendment", submitted=int(min(_l_number(label), 1e9))))
    text_label = main["symbol"] or main["decision_id"]
    counts[text_label] = _tally_or_outcome(main)
    if main["outcome"] == "no action":
        # Never put to the vote (a no-action motion carried): if other rules let it come to a vote,
        # the record cannot say how that vote would have gone.
        counts[text_label] = NEVER_VOTED
    counts = {k: v for k, v in counts.items() if v is not None}
    text_proposal = Proposal(text_label, main["kind"])
    own = load_rules(OWN_RULES.get(main["body_id"], "hrc"))
    recorded = {(key_r["symbol"] or key_r["decision_id"]): key_r["outcome"] for key_r in key.values()}

    members = int(main["members"]) or None

    def run(rule_set):
        return conduct_with_tallies(text_proposal, rule_set, counts, amendments=proposals,
                                    motions=motions, country_specific=country,
                                    members=members).to_dict()

    own_run, alt_run = run(own), run(rules)
    notes = ["Amendments in the order of their L-document numbers (order of submission); how far "
             "each is removed in substance is not in the sources."]
    alt_steps = {st["symbol"]: st["outcome"] for st in alt_run["steps"]}
    for st in own_run["steps"]:
        if st["stage"].startswith("motion") and st["outcome"] == "adopted" and \
                alt_steps.get(st["symbol"]) == "rejected":
            notes.append(f"Under {rules.name} the no-action motion {st['symbol']} fails: what it "
                         "blocked would have been put to the vote, and the record cannot say how.")
    if alt_run["amended_by"] != own_run["amended_by"]:
        notes.append(f"Under {rules.name} the text would have been voted in a different form; its "
                     "own recorded votes still decide it.")
    return {"symbol": text_label, "title": main["title"], "body": main["body_id"],
            "country_specific": country, "scope_reason": scope["reason"], "recorded": recorded,
            "own_rules": {"rules": own.name, **own_run},
            "counterfactual": {"rules": rules.name, **alt_run}, "notes": notes}


__all__ = ["text_sequence", "the_text"]
