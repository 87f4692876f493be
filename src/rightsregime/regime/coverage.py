"""Where the data stops: which years of which body the sources hold, and which do not.

The facts are cited rows of ``data/coverage.csv`` (one per source and span). Every resource that
covers years adds :func:`coverage_notes` to its notes, so an answer about GA votes in 2021 says
that the per-country votes of 2020-2024 are not held instead of looking like silence.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_FILE = Path(__file__).with_name("data") / "coverage.csv"
# Bodies whose voting record a "votes" question may ask about, and the topic rows of the others.
_TOPIC_OF_BODY = {"UPR": "upr", "TREATIES": "ratifications"}


@dataclass(frozen=True)
class Span:
    topic: str
    body_id: str
    from_year: int
    to_year: int
    held: str  # yes; caveat (held, with a limit to know); partial; no
    note: str
    source: str
    citation: str
    confidence: str


@lru_cache(maxsize=1)
def spans() -> tuple[Span, ...]:
    """Every coverage row of the package, in file order."""
    with _FILE.open(newline="", encoding="utf-8") as handle:
        return tuple(Span(r["topic"], r["body_id"], int(r["from_year"]), int(r["to_year"]), r["held"],
                          r["note"], r["source"], r["citation"], r["confidence"])
                     for r in csv.DictReader(handle))


def _bodies(body) -> list[str]:
    if body is None:
        return ["GA", "HRC", "CHR"]
    if isinstance(body, str):
        return [b.strip().upper() for b in body.split(",") if b.strip()]
    return [str(b).upper() for b in body]


def coverage_notes(body=None, years: tuple[int, int] | None = None) -> list[str]:
    """Sentences on the coverage of the sources for ``body`` (a code, 'GA,HRC', or None for the
    voting bodies) over ``years`` (inclusive range, or None for all): each span that overlaps the
    years and is not held, partly held, or held with a caveat."""
    notes = []
    for b in _bodies(body):
        for s in spans():
            if s.body_id != b:
                continue
            if years is not None and (s.to_year < years[0] or s.from_year > years[1]):
                continue
            if s.held == "yes":  # fully held, nothing a reader must know
                continue
            span = str(s.from_year) if s.from_year == s.to_year else f"{s.from_year}-{s.to_year}"
            notes.append(f"{b} {span}: {s.note}")
    return list(dict.fromkeys(notes))


def topic_notes(topic: str) -> list[str]:
    """The coverage sentences of a non-voting topic ('upr', 'ratifications')."""
    return [s.note for s in spans() if s.topic == topic]


_GA_SESSION = re.compile(r"^A/(?:RES/)?(\d+)/")


def source_for_symbol(symbol: str) -> str | None:
    """For a symbol the warehouse does not hold, the known source that would have it, in one
    sentence; None when the symbol's body and year cannot be told from it."""
    key = re.sub(r"\s+", "", str(symbol)).upper()
    if key.startswith("A/HRC/"):
        return ("Human Rights Council texts are held for 2006-2026 from the OHCHR Search Library; a "
                "symbol missing here may be a text adopted without a vote that the harvest lacks, or "
                "a later session: see https://www.ohchr.org/en/hr-bodies/hrc/documents.")
    if key.startswith("E/CN.4/"):
        return next(f"{s.note} Source: {s.citation}." for s in spans() if s.body_id == "CHR")
    if key.startswith("S/"):
        return ("Security Council votes are held only for vetoed drafts (1946-2022) and 2025; other "
                "resolutions are in the UN Digital Library 'Security Council Voting Data'.")
    m = _GA_SESSION.match(key)
    if m:
        session = int(m.group(1))
        year = 1945 + session  # GA session N opens in September of 1945 + N
        for s in spans():
            if s.body_id == "GA" and s.from_year <= year <= s.to_year and s.held == "no":
                return (f"{symbol} is of GA session {session} ({year}-{year + 1}). {s.note} "
                        f"Source: {s.citation}.")
        if 2019 <= year <= 2024:
            gap = next(s for s in spans() if s.body_id == "GA" and s.held == "no")
            return (f"{symbol} is of GA session {session} ({year}-{year + 1}). {gap.note} "
                    f"Source: {gap.citation}.")
        return (f"{symbol} is of GA session {session}: the held GA sources list recorded votes only; "
                "a resolution adopted without a vote is in the UN Digital Library "
                "(https://digitallibrary.un.org).")
    return None


__all__ = ["Span", "spans", "coverage_notes", "topic_notes", "source_for_symbol"]
