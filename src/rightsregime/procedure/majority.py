"""From a tally to an outcome: present and voting, the required majority, ties, quorum, tabling.

Pure functions of counts. The arithmetic is integer-only (shares are fractions ``a/b`` and every
comparison is cross-multiplied), so a two-thirds majority of 117 is exactly 78 and a 23-23 tie is a
tie. The same core, :func:`adopted_counts`, works on numpy arrays, which :mod:`.pivotal` uses to
test every reachable tally at once.

>>> from rightsregime.procedure import BUILTIN, decide, make_tally
>>> decide(make_tally(28, 1, 17, members=47), BUILTIN["hrc"].default).outcome    # HRC res 37/23
'adopted'
>>> decide(make_tally(23, 23, 1, members=47), BUILTIN["hrc"].default).outcome    # a tie rejects
'rejected'
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from fractions import Fraction

from ..errors import LimitExceeded, RuleSetError
from .rules import Rule

from ..regime import POSITIONS  # noqa: E402  (one home: regime.Position)
_ALIASES = {
    "y": "yes", "yes": "yes", "n": "no", "no": "no", "a": "abstain", "abstain": "abstain",
    "abstention": "abstain", "nv": "non_voting", "non_voting": "non_voting",
    "non-voting": "non_voting", "present_not_voting": "non_voting", "no_vote": "non_voting",
    "not voting": "non_voting", "absent": "absent", "x": "absent", ".": "absent",
}


def normalise_position(value: str, *, where: str = "position") -> str:
    """A position as the warehouse spells it (yes, no, abstain, non_voting, absent)."""
    key = str(value).strip().lower()
    if key not in _ALIASES:
        raise RuleSetError(f"{where}: unknown position {value!r}; use one of {', '.join(POSITIONS)}.")
    return _ALIASES[key]


@dataclass(frozen=True)
class Tally:
    """Counts of positions on one text. ``absent`` is known only when ``members`` is."""

    yes: int
    no: int
    abstain: int = 0
    non_voting: int = 0
    members: int | None = None

    @property
    def present_and_voting(self) -> int:
        # GA rule 126 / 86: members who abstain are considered as not voting.
        return self.yes + self.no

    @property
    def present(self) -> int:
        return self.yes + self.no + self.abstain + self.non_voting

    @property
    def absent(self) -> int | None:
        return None if self.members is None else self.members - self.present


# The largest body any command accepts. The GA, the largest, has 193 members; the bound keeps every
# search (pivotal, replay) bounded in time and memory whatever numbers are typed.
MAX_MEMBERS = 1000


def check_body_size(members: int | None, where: str = "--members") -> None:
    """Refuse a body larger than :data:`MAX_MEMBERS` with one clear line."""
    if members is not None and members > MAX_MEMBERS:
        raise LimitExceeded(f"{where} {members:,}: a body has at most {MAX_MEMBERS:,} members here "
                            "(the General Assembly, the largest, has 193); give a smaller number.")


def make_tally(yes: int, no: int, abstain: int = 0, non_voting: int = 0, *,
               members: int | None = None) -> Tally:
    """A checked :class:`Tally`: no negative counts, no more members present than the body has."""
    counts = {"yes": yes, "no": no, "abstain": abstain, "non_voting": non_voting}
    for name, value in counts.items():
        if value is None or int(value) != value or value < 0:
            raise RuleSetError(f"Impossible totals: {name} = {value!r} must be a whole number >= 0.")
    tally = Tally(int(yes), int(no), int(abstain), int(non_voting), members)
    check_body_size(members)
    check_body_size(tally.present, "yes + no + abstain + non-voting =")
    if members is not None and tally.present > members:
        raise RuleSetError(
            f"Impossible totals: {tally.yes}+{tally.no}+{tally.abstain}+{tally.non_voting} = "
            f"{tally.present} members present, but the body has {members} members; check the "
            "totals or give --members.")
    return tally


def tally_positions(positions: Mapping[str, str] | Iterable[str], *,
                    members: int | None = None) -> Tally:
    """Count a mapping member -> position (or a plain list of positions).

    Members listed as ``absent`` count towards ``members`` when ``members`` is not given.
    """
    values = positions.values() if isinstance(positions, Mapping) else positions
    counts = Counter(normalise_position(p) for p in values)
    listed = sum(counts.values())
    if members is None and counts.get("absent"):
        members = listed
    if members is not None and listed > members:
        raise RuleSetError(f"Impossible positions: {listed} members listed but the body has "
                           f"{members}; check the file or give --members.")
    return make_tally(counts["yes"], counts["no"], counts["abstain"], counts["non_voting"],
                      members=members)


def _denominator(yes, no, present_not_voting, members, rule: Rule):
    if rule.of == "present-and-voting":
        return yes + no
    if rule.of == "present":
        return yes + no + present_not_voting
    if members is None:
        raise RuleSetError(f"The rule '{rule.describe()}' counts all members: give the body's size "
                           "(--members, or 'members' in the rule set).")
    return members


def adopted_counts(yes, no, present_not_voting, members, rule: Rule):
    """True where a text with these counts is adopted under ``rule`` (ints or numpy arrays).

    ``present_not_voting`` is abstentions plus members present who did not vote. Tabling is not
    checked here (it is not a matter of votes); quorum is, when ``members`` is known.
    """
    a, b = rule.share.numerator, rule.share.denominator
    denominator = _denominator(yes, no, present_not_voting, members, rule)
    if rule.strict and rule.tie == "rejects":
        passes = yes * b > a * denominator
    else:
        passes = yes * b >= a * denominator
    passes = passes & (yes >= 1)  # nobody voting yes adopts nothing, whatever the share
    if members is not None and rule.quorum:
        qa, qb = rule.quorum.numerator, rule.quorum.denominator
        passes = passes & ((yes + no + present_not_voting) * qb > qa * members)
    return passes


def required_yes(denominator: int, rule: Rule) -> int:
    """The fewest yes votes that adopt, for a given denominator (at least 1)."""
    exact = rule.share * denominator
    if rule.strict and rule.tie == "rejects":
        needed = int(exact) + 1 if exact == int(exact) else -(-exact.numerator // exact.denominator)
    else:
        needed = -(-exact.numerator // exact.denominator)
    return max(1, needed)


def quorum_needed(members: int | None, rule: Rule) -> int | None:
    """Members who must be present for a decision (more than ``rule.quorum`` of the members)."""
    if members is None or not rule.quorum:
        return None
    return int(rule.quorum * members) + 1


def sponsors_needed(members: int | None, rule: Rule) -> int | None:
    """Member sponsors needed to table a text (a share of the members, rounded up, or a number)."""
    if not rule.table_sponsors:
        return None
    if isinstance(rule.table_sponsors, int):
        return rule.table_sponsors
    if members is None:
        raise RuleSetError("The tabling condition is a share of the members: give the body's size.")
    exact = rule.table_sponsors * members
    return -(-exact.numerator // exact.denominator)


@dataclass(frozen=True)
class Outcome:
    """The result of applying a rule to a tally, with the numbers that decided it."""

    outcome: str  # adopted | rejected
    required: int  # yes votes needed given this denominator
    present_and_voting: int
    present: int
    denominator: int
    yes: int
    no: int
    abstain: int
    non_voting: int
    absent: int | None
    members: int | None
    margin: int  # yes - required: >= 0 adopted by that many spare votes, < 0 short by that many
    tie: bool
    quorum: int | None
    quorum_met: bool
    sponsors_required: int | None
    sponsors: int | None
    tabled: bool | None  # None: tabling condition not checked (no sponsor count)
    reason: str
    rule: str

    def to_dict(self) -> dict:
        return asdict(self)


def decide(tally: Tally, rule: Rule, *, members: int | None = None,
           sponsors: int | None = None) -> Outcome:
    """Apply ``rule`` to ``tally``: adopted or rejected, and why.

    ``members`` (else ``tally.members``) enables the quorum check and absolute majorities;
    ``sponsors`` (member sponsors of the text) enables the tabling condition. A text that could not
    be tabled is reported as rejected, with the reason.
    """
    members = members if members is not None else tally.members
    if members is not None and tally.present > members:
        raise RuleSetError(f"Impossible totals: {tally.present} members present, but the body has "
                           f"{members} members.")
    pnv = tally.abstain + tally.non_voting
    denominator = _denominator(tally.yes, tally.no, pnv, members, rule)
    required = required_yes(denominator, rule)
    tie = bool(rule.strict and rule.share * denominator == tally.yes and tally.yes > 0)
    need_quorum = quorum_needed(members, rule)
    quorum_met = need_quorum is None or tally.present >= need_quorum
    need_sponsors = sponsors_needed(members, rule)
    tabled = None if need_sponsors is None or sponsors is None else sponsors >= need_sponsors
    adopted = bool(adopted_counts(tally.yes, tally.no, pnv, members, rule))
    if tabled is False:
        adopted, reason = False, (f"not tabled: {sponsors} member sponsors, {need_sponsors} needed")
    elif not quorum_met:
        reason = (f"no quorum: {tally.present} present, {need_quorum} needed of {members} members "
                  "(give --members if the body was smaller)")
    elif tie and not adopted:
        reason = f"tie: {tally.yes} of {denominator} is exactly {_words(rule.share)}; a tie rejects"
    elif adopted:
        reason = f"{tally.yes} yes, {required} needed ({rule.describe()})"
    else:
        reason = f"{tally.yes} yes, {required} needed ({rule.describe()})"
    return Outcome(
        outcome="adopted" if adopted else "rejected", required=required,
        present_and_voting=tally.present_and_voting, present=tally.present,
        denominator=denominator, yes=tally.yes, no=tally.no, abstain=tally.abstain,
        non_voting=tally.non_voting, absent=None if members is None else members - tally.present,
        members=members, margin=tally.yes - required, tie=tie, quorum=need_quorum,
        quorum_met=quorum_met, sponsors_required=need_sponsors, sponsors=sponsors, tabled=tabled,
        reason=reason, rule=rule.describe())


def _words(share: Fraction) -> str:
    return {Fraction(1, 2): "half", Fraction(2, 3): "two thirds"}.get(share, str(share))


__all__ = ["Tally", "Outcome", "make_tally", "tally_positions", "decide", "adopted_counts",
           "required_yes", "quorum_needed", "sponsors_needed", "normalise_position", "POSITIONS"]
