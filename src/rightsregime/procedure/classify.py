"""Country-specific or thematic: which texts a rule such as China's 2007 proposal would reach.

The rule, in order (the first that applies decides):

1. **Override.** ``procedure/data/scope_overrides.csv`` (``symbol,scope,reason,citation``) fixes a
   text the rules below get wrong; users may pass their own file of the same shape.
2. **UPR outcomes are thematic.** HRC agenda item 6 decisions adopt the outcome of the review of
   one state, but every state is reviewed in turn: they are not country resolutions (5/1 annex,
   section I).
3. **A title naming a state** (or an occupied territory: Palestine, the Golan...) is
   country-specific. Names come from the warehouse's ``states`` and ``state_names`` tables plus
   the short hand-made list ``procedure/data/country_terms.csv`` (demonyms, territories).
4. **HRC agenda items 4 and 7** (situations that require the Council's attention; Palestine and
   other occupied Arab territories) are country-specific even when the title names no state.
   The CHR's equivalents are matched by title: "question of the violation of human rights ... in
   any part of the world" and "... in the occupied Arab territories".
5. **Agenda items 10 and 2** (technical assistance; the High Commissioner's report) hold both
   kinds: country-specific only when the title or the subjects name a state (rule 3 or 6).
6. **Subjects naming a state** (OHCHR subject tags such as "SYRIAN ARAB REPUBLIC") are
   country-specific.
7. Otherwise **thematic**.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

from ..errors import RuleSetError

COUNTRY = "country-specific"
THEMATIC = "thematic"

# Names too short or too common to mean a state in a title ("Chad" is fine; "Man" would not be).
_MIN_NAME_LENGTH = 4


@dataclass(frozen=True)
class Scope:
    scope: str  # country-specific | thematic
    reason: str
    states: tuple[str, ...] = ()  # ISO3 of the states named

    @property
    def country_specific(self) -> bool:
        return self.scope == COUNTRY

    def to_dict(self) -> dict:
        return asdict(self)


def _data_file(name: str) -> Path:
    return Path(str(resources.files(__package__).joinpath("data", name)))


def load_country_terms() -> list[tuple[str, str]]:
    """(term, ISO3) pairs from ``procedure/data/country_terms.csv``: demonyms and territories."""
    with _data_file("country_terms.csv").open(newline="", encoding="utf-8") as handle:
        return [(row["term"], row["iso3"]) for row in csv.DictReader(
            line for line in handle if not line.startswith("#"))]


def load_overrides(path: str | Path | None = None) -> dict[str, Scope]:
    """symbol -> Scope from an override file (the shipped one by default)."""
    file = Path(path) if path is not None else _data_file("scope_overrides.csv")
    if not file.exists():
        raise RuleSetError(f"Scope override file {file} not found.")
    out: dict[str, Scope] = {}
    with file.open(newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for line, row in enumerate(rows, start=2):
            scope = (row.get("scope") or "").strip()
            if scope not in (COUNTRY, THEMATIC):
                raise RuleSetError(f"{file}, line {line}: scope {scope!r} must be '{COUNTRY}' or "
                                   f"'{THEMATIC}'.")
            symbol = re.sub(r"\s+", "", row["symbol"]).upper()
            out[symbol] = Scope(scope, f"override: {row.get('reason', '').strip()}")
    return out


def _normalise(text) -> str:
    """One spelling of apostrophes, accents and spaces ("Cote d’Ivoire" is "Côte d'Ivoire")."""
    text = str(text).replace("\u2019", "'").replace("`", "'")
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.split())


_WORD = re.compile(r"[\w'.-]+")


class Gazetteer:
    """Finds state names in text, longest first, as whole words, case-insensitively.

    Names are matched as sequences of words (so "Niger" is not found in "Nigeria"); results are
    cached per text because titles repeat from year to year.
    """

    def __init__(self, names: Iterable[tuple[str, str]]):
        table: dict[tuple[str, ...], str] = {}
        for name, iso3 in names:
            words = tuple(w.strip(".") for w in _WORD.findall(_normalise(name).lower()))
            if iso3 and words and len(" ".join(words)) >= _MIN_NAME_LENGTH:
                table.setdefault(words, iso3)
        self._iso3 = table
        self._longest = max((len(k) for k in table), default=0)
        # Longest name starting with each word: most words start no name at all.
        self._starts: dict[str, int] = {}
        for key in table:
            self._starts[key[0]] = max(self._starts.get(key[0], 0), len(key))
        self._cache: dict[str, tuple[str, ...]] = {}

    def find(self, text: str | None) -> tuple[str, ...]:
        if not text or not self._iso3:
            return ()
        if text in self._cache:
            return self._cache[text]
        words = [w.strip(".") for w in _WORD.findall(_normalise(text).lower())]
        found: list[str] = []
        i = 0
        while i < len(words):
            longest = self._starts.get(words[i], 0)
            for n in range(min(longest, len(words) - i), 0, -1):
                iso3 = self._iso3.get(tuple(words[i:i + n]))
                if iso3:
                    found.append(iso3)
                    i += n
                    break
            else:
                i += 1
        result = tuple(dict.fromkeys(found))
        self._cache[text] = result
        return result


def gazetteer_from_names(names: Iterable[tuple[str, str]]) -> Gazetteer:
    """A gazetteer from (name, ISO3) pairs plus the shipped demonyms and territories."""
    return Gazetteer([*names, *load_country_terms()])


_CHR_COUNTRY_ITEMS = re.compile(r"violation of human rights.*(any part of the world|occupied arab)"
                                r"|occupied arab territories", re.I)


# The HRC agenda of res 5/1 (from the 6th session, 2007): an item counts only when its title has
# the 5/1 wording, because sessions 1-5 numbered a different agenda (their item 4 was the
# implementation of GA res 60/251).
_HRC_ITEMS = {"2": "annual report", "4": "require", "6": "universal periodic review",
              "7": "palestin", "10": "technical assistance"}


def _item_number(agenda_item: str | None) -> str | None:
    if not agenda_item:
        return None
    m = re.match(r"\s*(\d+)\.?\s*(.*)", str(agenda_item), re.S)
    if not m:
        return None
    number, title = m.group(1), m.group(2).lower()
    words = _HRC_ITEMS.get(number)
    return number if words and words in title else None


def classify_decision(decision: Mapping, gazetteer: Gazetteer,
                      overrides: Mapping[str, Scope] | None = None) -> Scope:
    """Scope of one decision (a mapping with symbol, body_id, title, agenda_item, subjects)."""
    overrides = load_overrides() if overrides is None else overrides
    symbol = re.sub(r"\s+", "", str(decision.get("symbol") or "")).upper()
    if symbol and symbol in overrides:
        return overrides[symbol]
    title = decision.get("title")
    title = "" if title is None or title != title else str(title)  # NaN: a GA roll call without a title
    agenda = decision.get("agenda_item")
    agenda = None if agenda is None or agenda != agenda else str(agenda)
    subjects = decision.get("subjects")
    subjects = None if subjects is None or subjects != subjects else str(subjects)
    body = decision.get("body_id")
    item = _item_number(agenda)
    if (body == "HRC" and item == "6") or re.match(r"(?i)\s*outcome of the universal periodic", title):
        return Scope(THEMATIC, "UPR outcome (item 6): every state is reviewed in turn")
    named = gazetteer.find(title)
    if named:
        return Scope(COUNTRY, f"title names {', '.join(named)}", named)
    if body == "HRC" and item in ("4", "7"):
        return Scope(COUNTRY, f"HRC agenda item {item}")
    if body == "CHR" and agenda and _CHR_COUNTRY_ITEMS.search(agenda):
        named = gazetteer.find(subjects)
        return Scope(COUNTRY, "CHR agenda item on violations in a part of the world or the "
                     "occupied Arab territories", named)
    named = gazetteer.find(subjects)
    if named:
        return Scope(COUNTRY, f"subjects name {', '.join(named)}", named)
    if item in ("10", "2") and body == "HRC":
        return Scope(THEMATIC, f"HRC agenda item {item}, no state named")
    return Scope(THEMATIC, "no state named, not a country agenda item")


def classify_frame(decisions, gazetteer: Gazetteer, overrides: Mapping[str, Scope] | None = None):
    """Scope of every row of a decisions DataFrame: a DataFrame (scope, reason, states)."""
    import pandas as pd

    overrides = load_overrides() if overrides is None else overrides
    cols = [c for c in ("symbol", "body_id", "title", "agenda_item", "subjects") if c in decisions]
    scopes = [classify_decision(dict(zip(cols, row)), gazetteer, overrides)
              for row in decisions[cols].itertuples(index=False, name=None)]
    return pd.DataFrame({"scope": [s.scope for s in scopes], "reason": [s.reason for s in scopes],
                         "states": ["; ".join(s.states) for s in scopes]}, index=decisions.index)


__all__ = ["Scope", "Gazetteer", "gazetteer_from_names", "classify_decision", "classify_frame",
           "load_overrides", "load_country_terms", "COUNTRY", "THEMATIC"]
