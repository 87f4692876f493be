"""The order of votes on a draft, and how each result carries forward.

GA committee rules, which the HRC applies (res 5/1 annex rule 7(a)); numbers from the GA rules of procedure
(A/520/Rev.20; [M]: committee numbering from memory, plenary equivalents in brackets):

1. procedural motions first, in the precedence of rule 119 (77): suspend the meeting, adjourn the
   meeting, adjourn debate on the item (the "no-action motion", rule 116 (74)), close debate; a
   motion disputing competence (rule 121 (79)) comes before the proposal too;
2. amendments before the proposal, the one furthest removed in substance first (rule 130 (90));
   an adopted amendment can make others moot (``excludes``);
3. division (rule 129 (89)): parts voted separately; if every operative part is rejected the
   proposal is rejected as a whole, otherwise what remains is voted as a whole;
4. the text as amended, last.

Results carry forward: an adopted no-action motion means no vote on the text; an adopted
suspension or adjournment of the meeting postpones it; rejected amendments leave the text unchanged.
How far an amendment is "removed in substance" is the chair's judgement: it is data here
(``Proposal.removal``, higher first, ties in order of submission).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ..errors import RuleSetError
from .majority import Outcome, Tally, decide
from .rules import RuleSet

# Rule 119 (77) precedence, then competence (rule 121 (79)).
MOTION_PRECEDENCE = ("suspension", "adjournment-of-meeting", "no-action", "closure", "competence")
_MOTION_ALIASES = {"adjournment-of-debate": "no-action", "no-action-motion": "no-action",
                   "adjourn-debate": "no-action", "suspend": "suspension",
                   "adjourn-meeting": "adjournment-of-meeting", "closure-of-debate": "closure"}


@dataclass(frozen=True)
class Proposal:
    """A text, amendment, part or motion that may be put to the vote."""

    symbol: str
    kind: str = "resolution"  # resolution, decision, amendment, motion, part
    motion: str | None = None  # for kind == "motion": one of MOTION_PRECEDENCE
    removal: int = 0  # amendments: how far removed in substance (higher is voted first)
    submitted: int = 0  # order of submission (breaks ties)
    excludes: tuple[str, ...] = ()  # amendments made moot if this one is adopted
    operative: bool = True  # parts: an operative part (as opposed to a preambular one)
    target: str | None = None  # motions: the amendment a no-action motion concerns (else the text)


@dataclass(frozen=True)
class Step:
    symbol: str
    stage: str  # "motion: no-action", "amendment", "part", "text as amended", "text"
    outcome: str  # adopted, rejected, not voted
    detail: Outcome | None = None
    note: str = ""


@dataclass
class VotingRecord:
    """What happened to a draft: each vote taken in order, and the final result."""

    text: str
    steps: list[Step] = field(default_factory=list)
    final: str = "rejected"  # adopted, rejected, no action, postponed, not considered
    amended_by: list[str] = field(default_factory=list)
    parts_removed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"text": self.text, "final": self.final, "amended_by": self.amended_by,
                "parts_removed": self.parts_removed,
                "steps": [{"symbol": s.symbol, "stage": s.stage, "outcome": s.outcome,
                           "note": s.note,
                           **({"yes": s.detail.yes, "no": s.detail.no, "abstain": s.detail.abstain,
                               "required": s.detail.required} if s.detail else {})}
                          for s in self.steps]}


def motion_kind(name: str) -> str:
    key = name.strip().lower().replace(" ", "-").replace("_", "-")
    key = _MOTION_ALIASES.get(key, key)
    if key not in MOTION_PRECEDENCE:
        raise RuleSetError(f"Unknown motion '{name}'; use one of {', '.join(MOTION_PRECEDENCE)}.")
    return key


def voting_order(text: Proposal, amendments: Sequence[Proposal] = (),
                 motions: Sequence[Proposal] = (), parts: Sequence[Proposal] = ()) -> list[tuple[Proposal, str]]:
    """The order in which the rules put things to the vote, as (proposal, stage) pairs."""
    ordered_motions = sorted(motions, key=lambda m: (MOTION_PRECEDENCE.index(motion_kind(m.motion or m.symbol)),
                                                     m.submitted))
    ordered_amendments = sorted(amendments, key=lambda a: (-a.removal, a.submitted))
    plan: list[tuple[Proposal, str]] = [(m, f"motion: {motion_kind(m.motion or m.symbol)}")
                                        for m in ordered_motions]
    plan += [(a, "amendment") for a in ordered_amendments]
    plan += [(p, "part") for p in sorted(parts, key=lambda p: p.submitted)]
    plan.append((text, "text as amended" if amendments else "text"))
    return plan


Decider = Callable[[Proposal, str], "Outcome | str | None"]


def conduct(text: Proposal, decide_step: Decider, *, amendments: Sequence[Proposal] = (),
            motions: Sequence[Proposal] = (), parts: Sequence[Proposal] = ()) -> VotingRecord:
    """Put everything to the vote in order and carry each result forward.

    ``decide_step(proposal, stage)`` returns an :class:`Outcome`, or the string ``"adopted"`` /
    ``"rejected"`` for a decision taken without a vote, or None when the motion was not moved.
    """
    result = VotingRecord(text.symbol)
    moot: set[str] = set()
    for proposal, stage in voting_order(text, amendments, motions, parts):
        if proposal.symbol in moot:
            result.steps.append(Step(proposal.symbol, stage, "not voted",
                                     note="moot: an adopted amendment or no-action motion excluded it"))
            continue
        decided = decide_step(proposal, stage)
        if decided is None:
            continue
        detail = decided if isinstance(decided, Outcome) else None
        outcome = decided.outcome if detail else str(decided)
        result.steps.append(Step(proposal.symbol, stage, outcome, detail))
        if stage.startswith("motion: ") and outcome == "adopted" and proposal.target \
                and proposal.target != text.symbol:
            moot.add(proposal.target)  # no action on one amendment: the rest goes on
        elif stage.startswith("motion: ") and outcome == "adopted":
            kind = stage.removeprefix("motion: ")
            final = {"no-action": "no action", "suspension": "postponed",
                     "adjournment-of-meeting": "postponed", "competence": "not considered"}.get(kind)
            if final:  # closure only ends debate; the others stop the vote on the text
                result.final = final
                # The text is listed, not voted, so a reader sees what the motion stopped.
                result.steps.append(Step(text.symbol, "text as amended" if amendments else "text",
                                         "not voted", note=f"{final}: the {kind} motion {proposal.symbol} "
                                         "was adopted"))
                return result
        elif stage == "amendment" and outcome == "adopted":
            result.amended_by.append(proposal.symbol)
            moot.update(proposal.excludes)
        elif stage == "part" and outcome != "adopted":
            result.parts_removed.append(proposal.symbol)
            operative = [p for p in parts if p.operative]
            if operative and all(p.symbol in result.parts_removed for p in operative):
                result.final = "rejected"
                result.steps.append(Step(text.symbol, "text", "not voted",
                                         note="every operative part was rejected (rule 129)"))
                return result
        elif stage in ("text", "text as amended"):
            result.final = outcome
    return result


def conduct_with_tallies(text: Proposal, rules: RuleSet, tallies: Mapping[str, Tally | str], *,
                         amendments: Sequence[Proposal] = (), motions: Sequence[Proposal] = (),
                         parts: Sequence[Proposal] = (), country_specific: bool = False,
                         members: int | None = None) -> VotingRecord:
    """:func:`conduct` with recorded tallies (or 'adopted'/'rejected' for votes not recorded)."""

    def decide_step(proposal: Proposal, stage: str):
        if proposal.symbol not in tallies:
            if proposal.kind == "motion":
                return None
            raise RuleSetError(f"No tally for {proposal.symbol} ({stage}); give one for every "
                               "amendment, part and text put to the vote.")
        tally = tallies[proposal.symbol]
        if isinstance(tally, str):
            return tally
        kind = "motion" if stage.startswith("motion") else proposal.kind
        rule = rules.rule_for(kind, country_specific=country_specific and kind != "amendment")
        return decide(tally, rule, members=members if members is not None else rules.members)

    return conduct(text, decide_step, amendments=amendments, motions=motions, parts=parts)


__all__ = ["Proposal", "Step", "VotingRecord", "voting_order", "conduct", "conduct_with_tallies",
           "motion_kind", "MOTION_PRECEDENCE"]
