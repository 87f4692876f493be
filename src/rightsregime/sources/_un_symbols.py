"""General Assembly resolution symbols in one official form, so that harvests can be matched.

The form used throughout the warehouse follows the UN Digital Library's voting records:

* sessions 31 and later (from 1976): ``A/RES/68/262``, ``A/RES/ES-10/19``, ``A/RES/S-13/2``;
* sessions 1 to 30 (1946-1975, resolutions numbered consecutively, session in roman numerals):
  ``A/RES/1514(XV)``, ``A/RES/3201(S-VI)``, ``A/RES/2252(ES-V)``;
* a lettered part of a resolution adopted under one number goes in brackets after the symbol:
  ``A/RES/2200(XXI)[A]``, ``A/RES/54/54[K]``; several parts voted together ``A/RES/377(V)[A-C]``.

Sources write the same resolution in many ways ("A/RES/54/54 K", "resolution 2200 A (XXI)",
Voeten's ``R/21/2200A``); :func:`official_ga_symbol` and :func:`voeten_unres_symbol` reduce them to
the form above. Both are pure.
"""
from __future__ import annotations

import re

_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)

# Until the 30th session resolution numbers ran consecutively across sessions (research.un.org,
# "Resolutions"); from the 31st they restart at 1 in each session.
LAST_CONSECUTIVE_SESSION = 30


def roman(n: int) -> str:
    """Roman numeral of a positive integer: ``roman(21) == 'XXI'``."""
    if n <= 0:
        raise ValueError(f"roman numerals need a positive integer, got {n}")
    out = []
    for value, numeral in _ROMAN:
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def _parts(letters: str) -> str:
    """``'A'`` -> ``'[A]'``, ``'AB'`` or ``'A-B'`` -> ``'[A-B]'`` (a run of parts voted together)."""
    letters = letters.replace(" ", "").replace("-", "").replace("[", "").replace("]", "").upper()
    if not letters:
        return ""
    if len(letters) == 1:
        return f"[{letters}]"
    return f"[{letters[0]}-{letters[-1]}]"


_MODERN = re.compile(
    r"^A/RES/(?P<session>(?:ES-|S-)?\d+)/(?P<number>\d+)\s*(?P<letters>\[?[A-Z](?:\s*-\s*[A-Z])?\]?|[A-Z]{2})?$"
)
_OLD = re.compile(
    r"^A/RES/(?P<number>\d+)\s*(?P<pre>[A-Z](?:\s*-\s*[A-Z])?)?\s*\((?P<session>(?:ES-|S-)?[IVXL]+)\)"
    r"\s*(?P<letters>\[?[A-Z](?:\s*-\s*[A-Z])?\]?)?$"
)


def official_ga_symbol(text: str | None) -> str | None:
    """The official form of a GA resolution symbol, or ``None`` if ``text`` is not one.

    >>> official_ga_symbol("A/RES/54/54 K")
    'A/RES/54/54[K]'
    >>> official_ga_symbol("a/res/2200 A (XXI)")
    'A/RES/2200(XXI)[A]'
    >>> official_ga_symbol("A/RES/ES-11/7")
    'A/RES/ES-11/7'
    """
    if text is None:
        return None
    s = re.sub(r"\s+", " ", str(text).strip().upper())
    if not s:
        return None
    m = _MODERN.match(s)
    if m:
        return f"A/RES/{m['session']}/{int(m['number'])}{_parts(m['letters'] or '')}"
    m = _OLD.match(s)
    if m:
        letters = m["letters"] or m["pre"] or ""
        return f"A/RES/{int(m['number'])}({m['session']}){_parts(letters)}"
    return None


_VOETEN = re.compile(r"^R/(?P<session>\d+)/(?P<number>\d+)(?P<letters>[A-Z]{0,2})(?:/(?P<tail>[A-Z]+))?$")
# A trailing "/I", "/XII" after a resolution number names a section voted on separately
# (budget resolutions such as 33/116 A, section IV); "/A".."/D" after a number is a part letter.
_SECTION = re.compile(r"^[IVX]+$")

# Sessions 1-17: in Voeten's data the number after R/<session>/ is the number of the document
# voted on (a report or draft, e.g. R/3/931A for the Universal Declaration, adopted as 217 A (III)),
# not the resolution number; from the 18th session it is the resolution number (R/18/1904 is the
# Declaration on racial discrimination, 1904 (XVIII)).
FIRST_SESSION_WITH_RESOLUTION_NUMBERS = 18


def voeten_unres_symbol(unres: str | None, session: int | None) -> tuple[str | None, bool]:
    """Read Voeten's ``unres`` code: ``(official symbol or None, is a separately voted section)``.

    ``session`` is the roll call's regular session; a code naming another session is not trusted
    (``R/677/46`` in session 67 is a typing error).

    >>> voeten_unres_symbol("R/68/262", 68)
    ('A/RES/68/262', False)
    >>> voeten_unres_symbol("R/21/2200A", 21)
    ('A/RES/2200(XXI)[A]', False)
    >>> voeten_unres_symbol("R/33/116A/IV", 33)
    ('A/RES/33/116[A]', True)
    >>> voeten_unres_symbol("R/3/931A", 3)
    (None, False)
    """
    if unres is None or session is None:
        return None, False
    s = str(unres).strip().upper()
    if s.startswith("A/RES/"):
        return official_ga_symbol(s), False
    m = _VOETEN.match(s)
    if not m:
        return None, False
    code_session, number = int(m["session"]), int(m["number"])
    if code_session != int(session) or code_session < FIRST_SESSION_WITH_RESOLUTION_NUMBERS:
        return None, False
    letters, tail, section = m["letters"], m["tail"], False
    if tail:
        if _SECTION.match(tail):
            section = True
        elif len(tail) == 1 and not letters:
            letters = tail
        else:
            return None, False
    if code_session <= LAST_CONSECUTIVE_SESSION:
        return f"A/RES/{number}({roman(code_session)}){_parts(letters)}", section
    return f"A/RES/{code_session}/{number}{_parts(letters)}", section
