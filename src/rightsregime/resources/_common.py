"""Helpers shared by the resource modules: names beside codes, row limits, slices of the votes."""
from __future__ import annotations

from .. import params as parse
from ._base import Resource

# Terminal tables and JSON show at most this many rows unless --limit says otherwise.
DEFAULT_LIMIT = 50


def with_names(df, reg, column: str = "iso3", name_column: str | None = None):
    """``df`` with the state's name beside each code in ``column`` (readers know names, not codes)."""
    if column not in df.columns or df.empty:
        return df
    names = reg.state_names()
    target = name_column or ("name" if column == "iso3" else f"{column}_name")
    if target in df.columns:
        return df
    out = df.copy()
    out.insert(list(out.columns).index(column) + 1, target, out[column].map(names))
    return out


def state_code(reg, text: str) -> str:
    """The ISO3 code of a state typed by a user. A code the warehouse holds is taken as it is (the
    full name resolver takes about 2 s to build, too slow for a command that is only given codes);
    anything else goes through ``reg.lookup_state`` (names, aliases, the closest matches)."""
    key = str(text).strip().upper()
    if len(key) == 3 and key in reg.state_names():
        return key
    return reg.lookup_state(text)


def limit_rows(resource: Resource, key: str, df, limit: int | None, *, what: str = "rows"):
    """Keep the first ``limit`` rows of ``df`` in ``resource.data[key]``; record the total, the limit
    and a note a reader sees ("showing 50 of 657 ...; --limit 0 for all") in the table and JSON."""
    total = len(df)
    limit = parse.limit(limit)
    resource.params["limit"] = limit or 0
    resource.data.setdefault("count", total)
    # Said at the top of the JSON too, so a reader of 50 rows knows there were 657.
    resource.data.setdefault("limit", limit or 0)
    resource.data.setdefault("total", total)
    shown = df if limit is None else df.head(limit)
    resource.data[key] = shown.reset_index(drop=True)
    if len(shown) < total:
        resource.notes.append(f"showing {len(shown):,} of {total:,} {what}; --limit 0 for all")
    return shown


def coverage_notes(reg, bodies, span) -> list[str]:
    """What a reader must know about the record for these bodies and years: a sentence when the
    years asked run past the record held (the answer then covers less than the question), then the
    cited coverage of the sources for those years (``regime/coverage.py``: GA per-country votes of
    2020-2024 not held, the Commission's adopted texts only...). Say so rather than return fewer
    rows without a word."""
    from ..regime.coverage import coverage_notes as source_notes

    if isinstance(bodies, str):
        bodies = [b for b in bodies.split(",") if b]
    notes = []
    held = reg.year_span(",".join(bodies) if bodies else None) if span is not None else None
    if held is not None and (span[0] < held[0] or span[1] > held[1]):
        notes.append(f"The record of {','.join(bodies) if bodies else 'all bodies'} held here covers "
                     f"{held[0]}-{held[1]}; the years asked, {parse.describe_years(span)}, run past it.")
    if not bodies and span is None:
        # No body and no years: one line on the gaps, not every caveat of every source.
        return notes + [gaps_note()]
    return notes + source_notes(bodies or None, span)


def gaps_note() -> str:
    """One sentence naming the spans the sources do not hold (for questions over every body)."""
    from ..regime.coverage import spans

    gaps = [f"{s.body_id} {s.from_year}-{s.to_year}" if s.from_year != s.to_year else f"{s.body_id} {s.from_year}"
            for s in spans() if s.held == "no"]
    return ("Not held: per-country votes of " + ", ".join(gaps) + "; CHR holds adopted texts only, "
            "SC only vetoes before 2025. Give --body or --years for the details; "
            "'rightsregime sources' lists each source's coverage.")


def unknown_symbol(symbol: str, exc):
    """``exc`` (an :class:`~rightsregime.errors.UnknownSymbol`) with, when the symbol's pattern
    tells its body and year, the known source that would hold it (A/RES -> UN Digital Library
    voting data, A/HRC/RES -> the OHCHR library, E/CN.4 -> the Commission's reports)."""
    from ..errors import UnknownSymbol
    from ..regime.coverage import source_for_symbol

    hint = source_for_symbol(symbol)
    return UnknownSymbol(f"{exc} {hint}", symbol=symbol) if hint else exc


def vote_slice(reg, body=None, years=None, subject=None, kind=None):
    """The lean votes frame of a slice (the columns the measures need) and the parsed slice."""
    bodies = parse.bodies(body, valid=parse.VOTING_BODIES)
    span = parse.years(years, body=bodies)
    kinds = parse.kinds(kind)
    subject = parse.text(subject, option="--subject")
    body_text = ",".join(bodies) if bodies else None
    # A whole body's record (the state page's agreement, for every state) is read once per server
    # process (0.25 s for the GA); a slice with a subject or a kind is read each time. The frame is
    # shared, so each caller gets a shallow copy (pandas copy-on-write: changing it changes no other).
    read = lambda: reg.votes(body=body_text, years=span, kind=",".join(kinds) if kinds else None,  # noqa: E731
                             subject=subject, lean=True)
    votes = (shared(reg, ("vote slice", body_text, tuple(span) if span else None), read).copy(deep=False)
             if subject is None and not kinds else read())
    return votes, {"body": body_text, "years": list(span) if span else None, "subject": subject,
                   "kind": ",".join(kinds) if kinds else None}


def describe(slice_: dict) -> str:
    """Words for a slice: 'HRC 2013-2019, subject "death penalty"'."""
    from ..analysis.alignment import describe_slice

    return describe_slice(slice_["body"], tuple(slice_["years"]) if slice_["years"] else None,
                          slice_["subject"], slice_["kind"])


def years_and_bodies(years, body) -> tuple:
    """``--years`` and ``--body`` as typed, through the one parameter parser: ((first, last) or
    None, "GA,HRC" or None). Only the bodies with roll calls are accepted."""
    from .. import params

    found = params.bodies(body, valid=params.VOTING_BODIES)
    return params.years(years, body=found), ",".join(found) if found else None


def shared(reg, key: tuple, build):
    """``build()``, kept for the life of the process when the caller's warehouse object offers a
    memo (the observatory's: emptied when the warehouse is rebuilt), else built now. For results
    that depend on the warehouse only, not on the question (the gazetteer, the agreement matrix
    of a body's years before a day): a server builds them once, not once per page. The value is
    shared: callers must not change it."""
    memo = getattr(reg, "shared_memo", None)
    return memo(key, build) if callable(memo) else build()


def per_request(reg, key: tuple, build):
    """``build()`` once per request when the caller's warehouse object offers a request memo (the
    observatory's pages build several resources over one record), else built now. Shared: callers
    must not change it."""
    memo = getattr(reg, "request_memo", None)
    return memo(key, build) if callable(memo) else build()
