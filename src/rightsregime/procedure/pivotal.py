"""Who was pivotal: the fewest changes of position that flip an outcome, and who could flip it alone.

A change moves one member from one position to another (yes to no, no to abstain, abstain to yes,
absent to present...). Under every rule in :mod:`.rules` the outcome depends only on four counts:
yes, no, present-not-voting (abstentions and members present who did not vote count alike) and
absent. So the search is exact and cheap: every tally reachable from the recorded one (the same
members, any positions) is tested at once with numpy, and the number of members who must change to
reach a tally is the number who leave their position, ``sum(max(0, before - after))``. The HRC
(47 members) has 19,600 tallies to test, the GA (193) 1.2 million.

>>> from rightsregime.procedure import BUILTIN, make_tally, pivotal
>>> p = pivotal(make_tally(23, 19, 3, members=47), BUILTIN["hrc"].default)   # HRC res 17/19
>>> p.outcome, p.min_flips
('adopted', 2)
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

import numpy as np

from .majority import Tally, adopted_counts, decide, normalise_position, required_yes
from .rules import Rule

# The four classes the outcome depends on; reports name each by the position it stands for.
_CLASSES = ("yes", "no", "abstain", "absent")


@dataclass(frozen=True)
class Pivotal:
    outcome: str
    min_flips: int | None  # None: no change of positions can flip it (e.g. quorum impossible)
    flips: list[dict] = field(default_factory=list)  # minimal sets of changes, one dict each
    pivotal: list[str] = field(default_factory=list)  # members whose single change flips it
    pivotal_positions: list[str] = field(default_factory=list)  # positions a single change flips from
    margin: int = 0
    required: int = 0
    present_and_voting: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


def _class_of(position: str) -> str:
    return "abstain" if position == "non_voting" else position


def pivotal(tally: Tally, rule: Rule, *, members: int | None = None,
            positions: Mapping[str, str] | None = None, max_alternatives: int = 12) -> Pivotal:
    """The fewest position changes that flip the outcome of ``tally`` under ``rule``.

    ``positions`` (member -> position) lets the result name the pivotal members; without it only
    positions are named. Absent members can change only when ``members`` (or ``tally.members``) is
    known.
    """
    members = members if members is not None else tally.members
    now = decide(tally, rule, members=members)
    before = np.array([tally.yes, tally.no, tally.abstain + tally.non_voting,
                       0 if members is None else members - tally.present])
    total = int(before.sum())
    was_adopted = now.outcome == "adopted"
    best, found = None, []
    # One slab per yes count keeps memory small for the GA (193 members: 1.2 million tallies).
    for y in range(total + 1):
        rest = total - y
        n, p = np.meshgrid(np.arange(rest + 1), np.arange(rest + 1), indexing="ij")
        n, p = n.ravel(), p.ravel()
        keep = n + p <= rest
        if members is None:  # nobody is known to be absent, so nobody can come or go
            keep &= n + p == rest
        n, p = n[keep], p[keep]
        x = rest - n - p
        after = np.stack([np.full_like(n, y), n, p, x])
        flipped = adopted_counts(y, n, p, members, rule) != was_adopted
        if not flipped.any():
            continue
        cost = np.maximum(before[:, None] - after, 0).sum(axis=0)
        slab_best = int(cost[flipped].min())
        if best is not None and slab_best > best:
            continue
        if best is None or slab_best < best:
            best, found = slab_best, []
        found.extend(after[:, i] for i in np.flatnonzero(flipped & (cost == slab_best)))
    if best is None:
        return Pivotal(now.outcome, None, [], [], [], now.margin, now.required,
                       now.present_and_voting)
    found = found[:max_alternatives]
    alternatives = [_changes(before, a) for a in found]
    flips = [{"changes": changes,
              "result": dict(zip(("yes", "no", "abstain", "absent"), map(int, a)))}
             for changes, a in zip(alternatives, found)]
    single_from: list[str] = []
    if best == 1:
        single_from = sorted({c["from"] for alt in alternatives for c in alt})
    names: list[str] = []
    if positions is not None and single_from:
        names = sorted(m for m, pos in positions.items()
                       if _class_of(normalise_position(pos)) in single_from)
    return Pivotal(now.outcome, best, flips, names, single_from, now.margin, now.required,
                   now.present_and_voting)


def _changes(before: np.ndarray, after: np.ndarray) -> list[dict]:
    """One way to move members from the classes that shrink to the classes that grow."""
    out = [[_CLASSES[i], int(before[i] - after[i])] for i in range(4) if before[i] > after[i]]
    into = [[_CLASSES[i], int(after[i] - before[i])] for i in range(4) if after[i] > before[i]]
    changes: list[dict] = []
    for source in out:
        while source[1] > 0:
            target = next(t for t in into if t[1] > 0)
            k = min(source[1], target[1])
            changes.append({"from": source[0], "to": target[0], "count": k})
            source[1] -= k
            target[1] -= k
    return changes


def margin_votes(tally: Tally, rule: Rule, *, members: int | None = None) -> int:
    """Yes votes above (positive) or below (negative) the number required."""
    pnv = tally.abstain + tally.non_voting
    if rule.of == "present-and-voting":
        denominator = tally.yes + tally.no
    elif rule.of == "present":
        denominator = tally.yes + tally.no + pnv
    else:
        denominator = members if members is not None else tally.members
    return tally.yes - required_yes(denominator, rule)


__all__ = ["Pivotal", "pivotal", "margin_votes"]
