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


def limit_rows(resource: Resource, key: str, df, limit: int | None, *, what: str = "rows"):
    """Keep the first ``limit`` rows of ``df`` in ``resource.data[key]``; record the total, the limit
    and a note a reader sees ("showing 50 of 657 ...; --limit 0 for all") in the table and JSON."""
    total = len(df)
    limit = parse.limit(limit)
    resource.params["limit"] = limit or 0
    resource.data.setdefault("count", total)
    shown = df if limit is None else df.head(limit)
    resource.data[key] = shown.reset_index(drop=True)
    if len(shown) < total:
        resource.notes.append(f"showing {len(shown):,} of {total:,} {what}; --limit 0 for all")
    return shown


def coverage_notes(reg, bodies, span) -> list[str]:
    """A sentence when the years asked run past the record held for these bodies (the answer then
    covers less than the question: say so rather than return fewer rows without a word)."""
    if span is None:
        return []
    held = reg.year_span(",".join(bodies) if bodies else None)
    if held is None:
        return []
    if span[0] < held[0] or span[1] > held[1]:
        return [f"The record of {','.join(bodies) if bodies else 'all bodies'} held here covers "
                f"{held[0]}-{held[1]}; the years asked, {parse.describe_years(span)}, run past it."]
    return []


def vote_slice(reg, body=None, years=None, subject=None, kind=None):
    """The lean votes frame of a slice (the columns the measures need) and the parsed slice."""
    bodies = parse.bodies(body, valid=parse.VOTING_BODIES)
    span = parse.years(years, body=bodies)
    kinds = parse.kinds(kind)
    subject = parse.text(subject, option="--subject")
    body_text = ",".join(bodies) if bodies else None
    votes = reg.votes(body=body_text, years=span, kind=",".join(kinds) if kinds else None,
                      subject=subject, lean=True)
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
