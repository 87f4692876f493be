"""Who was pivotal: the fewest changes of position that flip an outcome, and who could flip it alone.

A change moves one member from one position to another (yes to no, no to abstain, abstain to yes,
absent to present...). Under every rule in :mod:`.rules` the outcome depends only on four counts:
yes, no, present-not-voting (abstentions and members present who did not vote count alike) and
absent, and the number of members who must change to reach a tally is the number who leave their
position, ``sum(max(0, before - after))``.

The search is exact and, for a close vote, near-linear: for each (yes, no) pair the tallies that
adopt form one interval of present-not-voting counts (the rule's share bounds it from above when
abstentions count, the quorum from below), and the cost along that line is convex with a known
minimum, so each pair is settled in closed form; and since reaching y yes (n no) votes costs at
least |y - yes| (|n - no|) changes, only pairs within the fewest changes of the vote are visited
(a few for a close vote; at worst, a lopsided one, the square of the fewest changes).
:data:`~.majority.MAX_MEMBERS` bounds what any command accepts.
:func:`_exhaustive_search` (every tally, cubic) is kept as the reference the tests compare with.

>>> from rightsregime.procedure import BUILTIN, make_tally, pivotal
>>> p = pivotal(make_tally(23, 19, 3, members=47), BUILTIN["hrc"].default)   # HRC res 17/19
>>> p.outcome, p.min_flips
('adopted', 2)
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

import numpy as np

from .majority import Tally, adopted_counts, check_body_size, decide, normalise_position, required_yes
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
    check_body_size(members if members is not None else tally.present)
    now = decide(tally, rule, members=members)
    before = np.array([tally.yes, tally.no, tally.abstain + tally.non_voting,
                       0 if members is None else members - tally.present])
    was_adopted = now.outcome == "adopted"
    best, found = _search(before, members, rule, was_adopted, max_alternatives)
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


def _search(before: np.ndarray, members: int | None, rule: Rule, was_adopted: bool,
            limit: int) -> tuple[int | None, list[np.ndarray]]:
    """The fewest changes that flip the outcome, and the first ``limit`` tallies reached with that
    many (ordered by yes, then no, then present-not-voting, as :func:`_exhaustive_search`)."""
    by, bn, bp, bx = (int(v) for v in before)
    total = by + bn + bp + bx
    a, b = rule.share.numerator, rule.share.denominator
    strict = rule.strict and rule.tie == "rejects"
    quorum = members is not None and bool(rule.quorum)
    best, found = None, []
    # A change leaves one class and joins another, so reaching y yes votes costs at least |y - by|,
    # and n no votes at least |n - bn|. Visiting y outward from by, the search stops once |y - by|
    # exceeds the best cost found, and scans only the n within that cost of bn: a close vote (the
    # usual question) is settled in a few slabs of a few tallies; the cost grows with the square of
    # the fewest changes, not of the body.
    for y in sorted(range(total + 1), key=lambda v: (abs(v - by), v)):
        if best is not None and abs(y - by) > best:
            break
        n_low, n_high = 0, total - y
        if best is not None:
            n_low, n_high = max(0, bn - best), min(total - y, bn + best)
        if n_low > n_high:
            continue
        n = np.arange(n_low, n_high + 1, dtype=np.int64)
        rest = total - y - n  # present-not-voting plus absent, for each n
        # The line of tallies (y, n, p, rest - p): p from 0 to rest, or only rest when nobody is
        # known to be absent (then nobody can come or go).
        low = rest.copy() if members is None else np.zeros_like(rest)
        high = rest.copy()
        # The tallies on the line that adopt: [adopt_low, adopt_high], when `adopts`.
        adopts = np.full(n.shape, y >= 1)
        adopt_low, adopt_high = low.copy(), high.copy()
        if rule.of == "present-and-voting":
            lhs, rhs = y * b, a * (y + n)
            adopts &= (lhs > rhs) if strict else (lhs >= rhs)
        elif rule.of == "members":
            if members is None:
                adopted_counts(y, 0, 0, None, rule)  # raises the rule's own message
            lhs, rhs = y * b, a * members
            adopts &= (lhs > rhs) if strict else (lhs >= rhs)
        elif a > 0:  # "present": y*b > a*(y + n + p), an upper bound on p
            slack = y * b - a * (y + n)
            adopt_high = np.minimum(adopt_high, ((slack - 1) if strict else slack) // a)
        if quorum:  # (y + n + p) * qb > qa * members, a lower bound on p
            qa, qb = rule.quorum.numerator, rule.quorum.denominator
            adopt_low = np.maximum(adopt_low, (qa * members - (y + n) * qb) // qb + 1)
        adopts &= adopt_low <= adopt_high
        if was_adopted:  # flipped: the line outside the adopting interval (two pieces at most)
            pieces = [(low, np.where(adopts, np.minimum(adopt_low - 1, high), high)),
                      (np.where(adopts, np.maximum(adopt_high + 1, low), high + 1), high)]
        else:
            pieces = [(np.where(adopts, adopt_low, high + 1), np.where(adopts, adopt_high, low - 1))]
        # Cost along the line: fixed part for y and n, then |p| part, convex in p with its
        # minimum between bp and rest - bx; its level set {cost <= t} is [bp - t, rest - bx + t].
        fixed = max(0, by - y) + np.maximum(0, bn - n)
        turn = np.minimum(bp, rest - bx)
        costs, points = [], []
        for lo, hi in pieces:
            p = np.clip(turn, lo, hi)
            cost = fixed + np.maximum(0, bp - p) + np.maximum(0, bx - (rest - p))
            costs.append(np.where(lo <= hi, cost, np.iinfo(np.int64).max))
        cheapest = np.minimum.reduce(costs)
        slab_best = int(cheapest.min())
        if slab_best == np.iinfo(np.int64).max or (best is not None and slab_best > best):
            continue
        if best is None or slab_best < best:
            best, found = slab_best, []
        mine = 0  # the first `limit` of this slab, in (no, p) order
        for i in np.flatnonzero(cheapest == slab_best):
            if mine >= limit:
                break
            t = slab_best - int(fixed[i])
            for (lo, hi), cost in zip(pieces, costs):
                if cost[i] != slab_best:
                    continue
                first, last = max(int(lo[i]), bp - t), min(int(hi[i]), int(rest[i]) - bx + t)
                for p in range(first, min(last, first + limit - mine - 1) + 1):
                    found.append(np.array([y, int(n[i]), p, int(rest[i]) - p]))
                    mine += 1
    found.sort(key=lambda t: tuple(int(v) for v in t))
    return best, found[:limit]


def _exhaustive_search(before: np.ndarray, members: int | None, rule: Rule, was_adopted: bool,
                       limit: int) -> tuple[int | None, list[np.ndarray]]:
    """Every reachable tally tested (cubic in the body's size): the reference for the tests."""
    total = int(before.sum())
    best, found = None, []
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
        flipped = np.broadcast_to(adopted_counts(y, n, p, members, rule) != was_adopted, n.shape)
        if not flipped.any():
            continue
        cost = np.maximum(before[:, None] - after, 0).sum(axis=0)
        slab_best = int(cost[flipped].min())
        if best is not None and slab_best > best:
            continue
        if best is None or slab_best < best:
            best, found = slab_best, []
        found.extend(after[:, i] for i in np.flatnonzero(flipped & (cost == slab_best)))
    return best, found[:limit]


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
