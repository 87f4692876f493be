"""The rules of procedure as code: majorities, ties, quorum, amendments, no-action motions,
elections, and alternative rule sets; replay of history under any of them.

Pure functions of counts, position mappings and DataFrames; the warehouse is read only by
:mod:`.replay` helpers that take a :class:`~rightsregime.warehouse.queries.Regime`.

>>> from rightsregime.procedure import load_rules, make_tally, decide
>>> decide(make_tally(93, 24, 58, members=193), load_rules("ga-plenary").important).required
78
"""
from __future__ import annotations

from .majority import (
    Outcome,
    Tally,
    adopted_counts,
    decide,
    make_tally,
    normalise_position,
    required_yes,
    tally_positions,
)
from .order import Proposal, VotingRecord, conduct, conduct_with_tallies, voting_order
from .pivotal import Pivotal, pivotal
from .rules import BUILTIN, Rule, RuleSet, load_rules, load_toml, rules_from_mapping

__all__ = [
    "BUILTIN", "Rule", "RuleSet", "load_rules", "load_toml", "rules_from_mapping",
    "Tally", "Outcome", "make_tally", "tally_positions", "decide", "adopted_counts",
    "required_yes", "normalise_position",
    "Proposal", "VotingRecord", "voting_order", "conduct", "conduct_with_tallies",
    "Pivotal", "pivotal",
]
