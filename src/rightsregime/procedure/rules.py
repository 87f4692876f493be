"""Rule sets: the decision rules of a body as plain, frozen data.

A :class:`RuleSet` says, for each kind of text a body acts on, who counts in the denominator, what
share of it a text needs, what a tie does, how many members must be present, and how many members
must sponsor a text before it may be tabled. The arithmetic lives in :mod:`.majority`; this module
only holds and loads the data, and can describe a rule in words.

Built-in rule sets (:data:`BUILTIN`; sources in ``docs/procedure.md``):

``hrc``
    HRC res 5/1 annex rule 7(a): the rules of GA committees apply. Majority of members present and
    voting (committee rule 125); abstainers are not voting (rule 126); a tie rejects; a majority of
    the 47 members must be present for a decision (rule 108).
``chr``
    The Commission on Human Rights (ECOSOC functional commission rules): the same arithmetic.
``ga-plenary``
    GA plenary: simple majority of present and voting; two thirds of present and voting for
    important questions (Charter art. 18(2), rule 83-86).
``ga-committee``
    Main committees of the GA: simple majority of present and voting for everything.
``china-2007``
    China's June 2007 proposal for the HRC institution-building package: country-specific texts need
    sponsorship by one third of the members to be tabled and two thirds of present and voting to be
    adopted; thematic texts unchanged. The exact thresholds are unverified (press
    reports varied), hence kept as data that a TOML file can change.
``abstain-counts-as-no``
    A counterfactual: abstentions count in the denominator (majority of members present).
``absolute-majority``
    A counterfactual: a majority of all members of the body, present or not (as GA elections to
    the HRC use: 96 of 191 in 2006, 97 of 192/193 from 2007).

User rule sets are TOML files (``rightsregime outcome --rules my.toml``). Keys, all optional except
``name``::

    name = "my-rules"             # how outputs name the rule set
    title = "..."                 # one line shown in tables and charts
    source = "..."                # where the rule comes from
    extends = "hrc"               # start from a built-in (default "hrc") and change what follows
    members = 47                  # size of the body (used by quorum, absolute majorities, tabling)

    [default]                     # texts in general (resolutions, decisions)
    majority = "simple"           # "simple" (more than half), "two-thirds" (at least 2/3),
                                  # "absolute" (more than half of all members), "N/D" (at least N/D)
                                  # or "more than N/D"
    of = "present-and-voting"     # denominator: "present-and-voting" (yes + no), "present"
                                  # (yes + no + abstain + present not voting) or "members"
    tie = "rejects"               # what an exact tie at the threshold does: "rejects" or "adopts"
    quorum = "1/2"                # share of members that must be present to decide: more than
                                  # this share ("1/2" = a majority); "0" disables the check
    table_sponsors = "0"          # share ("1/3") or number (16) of members who must sponsor a text
                                  # before it may be tabled; "0" = none

    [country_specific]            # overrides for texts on one state's situation (see classify.py)
    [important]                   # overrides for important questions (GA Charter art. 18(2))
    [procedural]                  # overrides for motions (no-action, adjournment, closure)
    [amendment]                   # overrides for amendments

Each section inherits from ``[default]`` of the same file, which inherits from the rule set named by
``extends``. A malformed file, an unknown key or an unknown rule set name raises
:class:`~rightsregime.errors.RuleSetError` with one line saying what to fix.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from fractions import Fraction
from pathlib import Path

from ..errors import RuleSetError, closest

DENOMINATORS = ("present-and-voting", "present", "members")
TIES = ("rejects", "adopts")
SCOPES = ("default", "country_specific", "important", "procedural", "amendment")


@dataclass(frozen=True)
class Rule:
    """One decision rule: ``yes`` must reach ``share`` of the denominator ``of``.

    ``strict`` means the share must be exceeded ("more than half"), otherwise reached ("at least two
    thirds"). For a strict rule an exact tie at the threshold is decided by ``tie``.
    """

    share: Fraction = Fraction(1, 2)
    strict: bool = True
    of: str = "present-and-voting"
    tie: str = "rejects"
    quorum: Fraction = Fraction(1, 2)  # more than this share of members present; 0 = unchecked
    table_sponsors: Fraction | int = 0  # share of members (Fraction) or a number (int)

    def describe(self) -> str:
        words = {Fraction(1, 2): "half", Fraction(2, 3): "two thirds", Fraction(3, 5): "three fifths",
                 Fraction(1, 3): "one third"}
        share = words.get(self.share, str(self.share))
        denominator = {"present-and-voting": "members present and voting",
                       "present": "members present (abstentions count)",
                       "members": "all members"}[self.of]
        head = f"{'more than' if self.strict else 'at least'} {share} of {denominator}"
        if self.strict and self.tie == "adopts":
            head += " (a tie adopts)"
        elif self.strict:
            head += " (a tie rejects)"
        if self.table_sponsors:
            head += f"; tabling needs {_share_words(self.table_sponsors)} of the members as sponsors"
        return head


def _share_words(value: Fraction | int) -> str:
    if isinstance(value, Fraction):
        return {Fraction(1, 3): "one third", Fraction(1, 2): "half"}.get(value, str(value))
    return str(value)


@dataclass(frozen=True)
class RuleSet:
    """The rules of a body, by kind of text. ``rule_for`` picks the one that applies."""

    name: str
    title: str
    default: Rule
    source: str = ""
    members: int | None = None
    country_specific: Rule | None = None
    important: Rule | None = None
    procedural: Rule | None = None
    amendment: Rule | None = None

    def rule_for(self, kind: str = "resolution", *, country_specific: bool = False,
                 important: bool = False) -> Rule:
        """The rule for a text of ``kind`` (resolution, decision, amendment, motion, ...).

        Motions take the procedural rule, amendments the amendment rule; otherwise an important
        question takes the important rule and a country-specific text the country rule.
        """
        if kind in ("motion", "no-action", "adjournment", "closure") and self.procedural:
            return self.procedural
        if kind == "amendment":
            return self.amendment or self.default
        if kind in ("motion", "no-action", "adjournment", "closure"):
            return self.default
        if important and self.important:
            return self.important
        if country_specific and self.country_specific:
            return self.country_specific
        return self.default

    def describe(self) -> list[str]:
        lines = [f"{self.name}: {self.title}", f"  texts: {self.default.describe()}"]
        for scope in SCOPES[1:]:
            rule = getattr(self, scope)
            if rule is not None and rule != self.default:
                lines.append(f"  {scope.replace('_', '-')} texts: {rule.describe()}")
        if self.members:
            lines.append(f"  members: {self.members}")
        if self.source:
            lines.append(f"  source: {self.source}")
        return lines


SIMPLE = Rule()
TWO_THIRDS = Rule(share=Fraction(2, 3), strict=False)
# GA plenary rule 67: a majority of members present for a decision; HRC/committees rule 108 likewise.
_5_1 = "HRC res 5/1 annex, rule 7(a) (GA committee rules 108, 125, 126 apply)"

BUILTIN: dict[str, RuleSet] = {
    "hrc": RuleSet(
        "hrc", "Human Rights Council: majority of members present and voting", SIMPLE,
        source=_5_1, members=47),
    "chr": RuleSet(
        "chr", "Commission on Human Rights: majority of members present and voting", SIMPLE,
        source="Rules of procedure of the functional commissions of ECOSOC (rules 51-52); 53 "
        "members from 1992", members=53),
    "ga-plenary": RuleSet(
        "ga-plenary", "GA plenary: simple majority; two thirds for important questions", SIMPLE,
        source="UN Charter art. 18(2)-(3); GA rules of procedure 83-86", members=193,
        important=TWO_THIRDS),
    "ga-committee": RuleSet(
        "ga-committee", "GA main committee: majority of members present and voting", SIMPLE,
        source="GA rules of procedure 125-126 (committees)", members=193),
    "china-2007": RuleSet(
        "china-2007", "China's 2007 proposal: country texts need 1/3 of members to table and 2/3 "
        "of present and voting to adopt", SIMPLE,
        source=("press reports of 18-19 June 2007 on the institution-building package (HRC res 5/1): "
                "one third of members to table, two thirds to adopt as widely reported, the exact wording "
                "unverified; the compromise kept the majority rule (Xinhua, 19 June 2007)"), members=47,
        country_specific=replace(TWO_THIRDS, table_sponsors=Fraction(1, 3))),
    "abstain-counts-as-no": RuleSet(
        "abstain-counts-as-no", "Counterfactual: majority of members present (abstentions count "
        "against)", Rule(of="present"), source="counterfactual", members=47),
    "absolute-majority": RuleSet(
        "absolute-majority", "Counterfactual: majority of all members of the body",
        Rule(of="members"), source="counterfactual (the rule GA res 60/251 para 7 uses for HRC "
        "elections)", members=47),
}


def builtin_names() -> list[str]:
    return list(BUILTIN)


def load_rules(spec: str | Path) -> RuleSet:
    """A built-in rule set by name, or a user rule set from a TOML file path."""
    text = str(spec)
    if text in BUILTIN:
        return BUILTIN[text]
    path = Path(text)
    if path.suffix.lower() == ".toml" or path.exists():
        return load_toml(path)
    hint = closest(text, BUILTIN)
    did_you_mean = f" Did you mean {' or '.join(hint)}?" if hint else ""
    raise RuleSetError(f"Unknown rule set '{text}'.{did_you_mean} Built-in rule sets: "
                       f"{', '.join(BUILTIN)}; or give the path of a .toml file.")


def load_toml(path: Path) -> RuleSet:
    """Read a user rule set (keys in the module docstring)."""
    try:
        doc = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuleSetError(f"Rule set file {path} not found; give a built-in name "
                           f"({', '.join(BUILTIN)}) or the path of a .toml file.") from None
    except IsADirectoryError:
        raise RuleSetError(f"--rules {path}: is a folder; give a built-in name or the path of a "
                           ".toml file.") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RuleSetError(f"{path}: not valid TOML ({exc}); see docs/procedure.md for the keys.") \
            from None
    return rules_from_mapping(doc, where=str(path))


_TOP_KEYS = {"name", "title", "source", "extends", "members", *SCOPES}
_RULE_KEYS = {"majority", "of", "tie", "quorum", "table_sponsors"}


def rules_from_mapping(doc: dict, *, where: str = "rule set") -> RuleSet:
    """Build a :class:`RuleSet` from a parsed TOML mapping (validated key by key)."""
    unknown = set(doc) - _TOP_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise RuleSetError(f"{where}: unknown key '{key}'; allowed: {', '.join(sorted(_TOP_KEYS))}.")
    name = doc.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RuleSetError(f"{where}: missing 'name' (a string naming the rule set).")
    base_name = doc.get("extends", "hrc")
    if base_name not in BUILTIN:
        raise RuleSetError(f"{where}: extends = '{base_name}' is not a built-in rule set "
                           f"({', '.join(BUILTIN)}).")
    base = BUILTIN[base_name]
    members = doc.get("members", base.members)
    if members is not None and (not isinstance(members, int) or isinstance(members, bool)
                                or members <= 0):
        raise RuleSetError(f"{where}: members = {members!r} must be a positive whole number.")
    default = _rule(doc.get("default", {}), base.default, where=f"{where} [default]")
    scoped: dict[str, Rule | None] = {}
    for scope in SCOPES[1:]:
        if scope in doc:
            scoped[scope] = _rule(doc[scope], default, where=f"{where} [{scope}]")
        else:
            inherited = getattr(base, scope)
            # A scope the base left at its default follows this file's [default].
            scoped[scope] = None if inherited is None else inherited
    return RuleSet(name=name.strip(), title=str(doc.get("title", name)), default=default,
                   source=str(doc.get("source", f"user rule set ({where})")), members=members,
                   **scoped)


def _rule(section, base: Rule, *, where: str) -> Rule:
    if not isinstance(section, dict):
        raise RuleSetError(f"{where}: must be a table of keys ({', '.join(sorted(_RULE_KEYS))}).")
    unknown = set(section) - _RULE_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise RuleSetError(f"{where}: unknown key '{key}'; allowed: {', '.join(sorted(_RULE_KEYS))}.")
    changes: dict = {}
    if "majority" in section:
        changes.update(parse_majority(section["majority"], where=where))
    if "of" in section:
        if section["of"] not in DENOMINATORS:
            raise RuleSetError(f"{where}: of = {section['of']!r}; use one of {', '.join(DENOMINATORS)}.")
        changes["of"] = section["of"]
    if "tie" in section:
        if section["tie"] not in TIES:
            raise RuleSetError(f"{where}: tie = {section['tie']!r}; use 'rejects' or 'adopts'.")
        changes["tie"] = section["tie"]
    if "quorum" in section:
        changes["quorum"] = _fraction(section["quorum"], "quorum", where)
    if "table_sponsors" in section:
        value = section["table_sponsors"]
        if isinstance(value, int) and not isinstance(value, bool):
            if value < 0:
                raise RuleSetError(f"{where}: table_sponsors = {value} must not be negative.")
            changes["table_sponsors"] = value
        else:
            changes["table_sponsors"] = _fraction(value, "table_sponsors", where)
    return replace(base, **changes)


def parse_majority(value, *, where: str = "majority") -> dict:
    """``"simple"``, ``"two-thirds"``, ``"absolute"``, ``"N/D"`` or ``"more than N/D"`` -> Rule fields."""
    if not isinstance(value, str):
        raise RuleSetError(f"{where}: majority = {value!r}; use 'simple', 'two-thirds', 'absolute', "
                           "'N/D' or 'more than N/D'.")
    text = value.strip().lower()
    if text == "simple":
        return {"share": Fraction(1, 2), "strict": True}
    if text in ("two-thirds", "two thirds", "2/3"):
        return {"share": Fraction(2, 3), "strict": False}
    if text == "absolute":
        return {"share": Fraction(1, 2), "strict": True, "of": "members"}
    strict = text.startswith("more than ")
    share = _fraction(text.removeprefix("more than ").strip(), "majority", where)
    if not 0 < share <= 1:
        raise RuleSetError(f"{where}: majority = {value!r} must be a share between 0 and 1.")
    return {"share": share, "strict": strict}


def _fraction(value, key: str, where: str) -> Fraction:
    try:
        share = Fraction(str(value).strip())
    except (ValueError, ZeroDivisionError):
        raise RuleSetError(f"{where}: {key} = {value!r} is not a share such as '1/2' or '0.5'.") \
            from None
    if not 0 <= share <= 1:
        raise RuleSetError(f"{where}: {key} = {value!r} must lie between 0 and 1.")
    return share


def rule_fields() -> list[str]:
    return [f.name for f in fields(Rule)]


__all__ = ["Rule", "RuleSet", "BUILTIN", "load_rules", "load_toml", "rules_from_mapping",
           "parse_majority", "builtin_names"]
