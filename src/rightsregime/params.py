"""The one parameter parser: years, bodies, kinds, outcomes, positions, states, groups, limits.

Every command, resource and API call parses what a user typed through these functions, so a
reversed range, an unknown body or a year outside the record gets the same one-line answer
everywhere: a :class:`~rightsregime.errors.UsageError` (exit 2) naming the option, what was wrong
and the valid values. Names typed by users that only the warehouse can check (states, groups) are
resolved by the resource layer with the warehouse's own resolver; they raise
:class:`~rightsregime.errors.LookupFailed` subclasses (exit 1) with the closest matches.

Pure: no warehouse, no pandas at import (``rightsregime --help`` must stay fast).

>>> years("2006-2026")
(2006, 2026)
>>> years(2021)
(2021, 2021)
>>> bodies("hrc,ga")
['HRC', 'GA']
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from .errors import UsageError, closest

# The record starts with the first session of the General Assembly and of the Commission (1946).
FIRST_YEAR = 1946

# Bodies that take decisions held in the warehouse, and the years each existed (regime facts:
# the Commission's last session was in 2006; the Council was created by GA res 60/251 of 15 March
# 2006 and met first on 19 June 2006).
DECISION_BODIES: dict[str, tuple[int, int | None]] = {
    "GA": (1946, None), "SC": (1946, None), "HRC": (2006, None), "CHR": (1946, 2006),
}
# Bodies with roll calls (per-state positions) in the sources.
VOTING_BODIES = ("GA", "HRC", "CHR")
KINDS = ("resolution", "decision", "amendment", "motion", "paragraph", "draft",
         "presidential statement")
OUTCOMES = ("adopted", "rejected", "withdrawn", "not considered", "unknown")
POSITIONS = ("yes", "no", "abstain", "non_voting", "absent")
_POSITION_ALIASES = {
    "y": "yes", "n": "no", "a": "abstain", "abstention": "abstain", "nv": "non_voting",
    "non-voting": "non_voting", "present_not_voting": "non_voting", "not voting": "non_voting",
    "no_vote": "non_voting", "x": "absent", ".": "absent",
}
SCOPES = ("country-specific", "thematic")


def last_year() -> int:
    """The latest year a record can hold: this year (sessions end in December)."""
    return max(date.today().year, 2026)


def _fail(option: str, value, what: str) -> UsageError:
    return UsageError(f"{option} {value!r}: {what}", option=option)


def years(value, *, option: str = "--years", body: str | Sequence[str] | None = None
          ) -> tuple[int, int] | None:
    """A year or an inclusive range: ``2021``, ``"2006-2026"``, ``"2006–2026"``, ``(2006, 2026)``.

    ``None`` or ``""`` means every year. A reversed range, a malformed value, or years wholly
    outside the record (1946 to this year; for ``body``, the years the body existed) raise
    :class:`UsageError`; a range that overlaps the record is kept (the answer says what it covers).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        if isinstance(value, bool):
            raise TypeError
        if isinstance(value, int):
            lo = hi = value
        elif isinstance(value, str):
            m = re.fullmatch(r"\s*(\d{1,4})\s*(?:[-–:]\s*(\d{1,4})\s*)?", value)
            if not m:
                raise ValueError
            lo = int(m.group(1))
            hi = int(m.group(2)) if m.group(2) else lo
        else:
            lo, hi = (int(v) for v in value)
    except (TypeError, ValueError):
        raise _fail(option, value, "give a year (2021) or a range (2006-2026).") from None
    if lo > hi:
        raise _fail(option, value, f"the range runs backwards; write {hi}-{lo}.")
    first, last = FIRST_YEAR, last_year()
    span_of = "the record"
    names = bodies(body) if isinstance(body, str) else list(body or [])
    if names and all(b in DECISION_BODIES for b in names):
        first = min(DECISION_BODIES[b][0] for b in names)
        ends = [DECISION_BODIES[b][1] for b in names]
        last = last if any(e is None for e in ends) else max(ends)
        span_of = "the record of " + ",".join(names)
    if hi < first or lo > last:
        raise _fail(option, value, f"outside {span_of}, which covers {first}-{last}.")
    return lo, hi


def single_year(value, *, option: str = "YEAR", first: int = FIRST_YEAR, why: str = "") -> int:
    """One year, at least ``first`` (``why`` says what starts then) and at most next year."""
    if isinstance(value, str):
        value = value.strip()
        if not value.isdigit():
            raise _fail(option, value, "give a year such as 2021.")
        value = int(value)
    if value < first or value > last_year() + 1:
        raise _fail(option, value, f"give a year from {first} to {last_year() + 1}"
                    + (f" ({why})." if why else "."))
    return int(value)


def choices(value: str | Iterable[str] | None, valid: Sequence[str], *, option: str, what: str,
            upper: bool = False) -> list[str] | None:
    """Comma-separated values, each one of ``valid`` (case-insensitive); None or '' means all."""
    if value is None:
        return None
    items = value.split(",") if isinstance(value, str) else list(value)
    items = [i.strip() for i in items if i and i.strip()]
    if not items:
        return None
    canon = {v.lower(): v for v in valid}
    out = []
    for item in items:
        key = item.lower()
        if key not in canon:
            hint = closest(item, valid)
            raise UsageError(f"{option} {item!r}: unknown {what}."
                             + (f" Did you mean {' or '.join(hint)}?" if hint else "")
                             + f" Use one of: {', '.join(valid)}.", option=option)
        out.append(canon[key].upper() if upper else canon[key])
    return list(dict.fromkeys(out))


def bodies(value, *, option: str = "--body", valid: Sequence[str] = tuple(DECISION_BODIES)
           ) -> list[str] | None:
    """Body codes (GA, SC, HRC, CHR), comma-separated; unknown ones are named with the valid list."""
    return choices(value, valid, option=option, what="body", upper=True)


def body(value, *, option: str = "--body", valid: Sequence[str] = tuple(DECISION_BODIES)) -> str:
    """Exactly one body."""
    found = bodies(value, option=option, valid=valid)
    if not found or len(found) != 1:
        raise _fail(option, value, f"give one body: {', '.join(valid)}.")
    return found[0]


def kinds(value, *, option: str = "--kind") -> list[str] | None:
    return choices(value, KINDS, option=option, what="kind of text")


def outcomes(value, *, option: str = "--outcome") -> list[str] | None:
    return choices(value, OUTCOMES, option=option, what="outcome")


def scope(value, *, option: str = "--scope") -> str | None:
    found = choices(value, SCOPES, option=option, what="scope")
    return found[0] if found else None


def position(value: str, *, option: str = "--position") -> str:
    """One position as the warehouse spells it (yes, no, abstain, non_voting, absent)."""
    key = str(value).strip().lower()
    key = _POSITION_ALIASES.get(key, key)
    if key not in POSITIONS:
        raise _fail(option, value, f"unknown position; use one of {', '.join(POSITIONS)}.")
    return key


def positions(value, *, option: str = "--position") -> list[str] | None:
    if value is None:
        return None
    items = [i for i in (value.split(",") if isinstance(value, str) else value) if str(i).strip()]
    return list(dict.fromkeys(position(i, option=option) for i in items)) or None


def limit(value: int | None, *, option: str = "--limit") -> int | None:
    """At most this many rows; 0 or None: all."""
    if value is None or value == 0:
        return None
    if value < 0:
        raise _fail(option, value, "give 0 (all rows) or a positive number.")
    return int(value)


def text(value: str | None, *, option: str = "--text") -> str | None:
    """A search text; None or blank: no filter. Matched literally (see :func:`like_pattern`)."""
    if value is None or not value.strip():
        return None
    return value.strip()


def like_pattern(value: str) -> str:
    """A substring pattern for SQL ``ILIKE ... ESCAPE '\\'``: ``%`` and ``_`` match themselves."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def path(value, *, option: str):
    """A file or folder path that is not empty (an empty path would mean the current directory)."""
    from pathlib import Path

    if value is None or not str(value).strip():
        raise UsageError(f"{option}: give a path (an empty name would write into the current "
                         "folder).", option=option)
    return Path(value)


def names(value, *, option: str) -> list[str]:
    """Comma-separated names (states or groups) as typed, blanks dropped."""
    items = [i.strip() for i in (value.split(",") if isinstance(value, str) else value or [])
             if i and i.strip()]
    if not items:
        raise _fail(option, value, "give at least one name.")
    return items


def states(value, resolve: Callable[[str], str], *, option: str = "--state") -> list[str]:
    """Comma-separated states (ISO3 or names) resolved by the warehouse's ``resolve`` (which raises
    :class:`~rightsregime.errors.UnknownState` with the closest codes and their names)."""
    return list(dict.fromkeys(resolve(s) for s in names(value, option=option)))


def periods(value: str | None, *, option: str = "--by"):
    """'year', 'decade', a number of years, or 'all' (None)."""
    if value is None or str(value).strip().lower() == "all":
        return None
    key = str(value).strip().lower()
    if key.isdigit() and int(key) > 0:
        return int(key)
    if key in ("year", "decade"):
        return key
    raise _fail(option, value, "use year, decade, a number of years, or all.")


def year_ranges(years: Iterable[int]) -> str:
    """Years as the ranges a reader scans: ``[2006, 2007, 2008, 2011, 2013, 2014]`` ->
    ``'2006-2008, 2011, 2013-2014'``; '-' for none (terms of membership, years held).

    >>> year_ranges([2016, 2017, 2018, 2019, 2021, 2022, 2023])
    '2016-2019, 2021-2023'
    """
    years = sorted({int(y) for y in years})
    if not years:
        return "-"
    out, start, prev = [], years[0], years[0]
    for y in years[1:] + [None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        out.append(f"{start}" if start == prev else f"{start}-{prev}")
        if y is not None:
            start = prev = y
    return ", ".join(out)


def describe_years(span: tuple[int, int] | None) -> str:
    if span is None:
        return "all years"
    return str(span[0]) if span[0] == span[1] else f"{span[0]}-{span[1]}"


__all__ = ["years", "single_year", "choices", "bodies", "body", "kinds", "outcomes", "scope",
           "position", "positions", "limit", "text", "like_pattern", "path", "names", "states",
           "periods", "describe_years", "year_ranges", "FIRST_YEAR", "DECISION_BODIES", "VOTING_BODIES", "KINDS",
           "OUTCOMES", "POSITIONS", "SCOPES"]
