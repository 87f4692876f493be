"""General Assembly roll calls 1946-2019: the R package ``unvotes`` (Voeten's data).

Files: ``data/un_roll_calls.rda`` (one row per roll call), ``data/un_votes.rda`` (one row per
country and roll call; absent and non-member rows were dropped by the package, so only yes, no
and abstain appear) and ``data/un_roll_call_issues.rda`` (issue tags of roll calls).

What a record is: a row of ``un_roll_calls`` (-> one ``decisions`` row) or a row of ``un_votes``
(-> one ``votes`` row). Rows of ``un_roll_call_issues`` are attributes of a roll call, folded
into ``decisions.subjects``; one whose roll call is unknown is read and quarantined.

How the columns are read (codebooks ``man/*.Rd``):

* ``decision_id`` is ``unvotes:<rcid>``; ``session`` is Voeten's regular-session number.
* ``kind``: ``amendment`` where ``amend`` is 1, else ``paragraph`` where ``para`` is 1 or the code
  names a section voted separately (``R/33/116A/IV``), else ``motion`` where the description is a
  procedural motion (adjournment, no action, closure...), else ``resolution``. ``amend`` and
  ``para`` were coded systematically only until 1985, so later separate votes on paragraphs
  and amendments are flagged only where the package flags them.
* ``symbol`` (official form, see ``_un_symbols``) is set on ``resolution`` rows whose ``unres``
  is a resolution number: Voeten's ``R/<session>/<number><part>`` from the 18th session on, and
  ``A/RES/...`` from 2016. Before the 18th session the number is that of the document voted on,
  not the resolution, so the symbol is left empty. The special-session codes ``SS/``, ``ESS/``
  and ``GOAR/`` are not resolution numbers either. On amendment, paragraph and motion rows the
  symbol is empty and ``amends`` holds the ``decision_id`` of the vote on the resolution as a
  whole when exactly one such roll call exists.
* ``outcome``: unvotes has neither totals nor outcomes, and the roll call alone does not tell
  (an important question needs two thirds; the package does not say which were). A resolution
  number is given only to an adopted text, so a ``resolution`` row with a symbol is ``adopted``;
  every other row is ``unknown``, including the 15 pairs of ``resolution`` rows that share a
  symbol (Voeten's later additions of separate votes, not flagged as paragraph or amendment:
  which of the two was the vote on the whole text is not known).
* ``title`` is ``descr`` where it is a title (from the 1980s; without the catalogue suffix
  ": resolution / adopted by the General Assembly"), else the topic in ``short`` (early roll
  calls, whose ``descr`` describes the vote, and speech excerpts). ``important`` is the U.S.
  State Department's "important vote" flag, empty before the 38th session (1983), when its
  reports began; ``subjects`` joins the issue names with '; '.
* ``votes.iso3`` holds the package's country *name* and ``state_date`` the roll-call date, so the
  resolver can tell the Yemen Arab Republic from Yemen and the USSR from Russia ("Russia" is
  used for both).

Correction: the package names unified Yemen "Yemen Arab Republic" in session 45 (autumn 1990,
after unification on 22 May 1990; 84 votes), following the COW list in which the Republic of
Yemen continues North Yemen; those votes are passed as "Yemen".

Known faults of the source: many day-of-month values of older roll calls are wrong (resolution
3379 (XXX), adopted on 10 November 1975, is dated 1975-11-01; 2758 (XXVI)'s China votes of 25
October 1971 are dated 1971-10-07), and ``unres`` has typing errors (``R/677/46``), which give no
symbol.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ParseError
from ._base import Parsed, Source, quarantine_frame
from ._fetch import load_registry
from ._un_symbols import voeten_unres_symbol

NAME = "unvotes"
BASE = "https://raw.githubusercontent.com/cran/unvotes/73ca68e96bcb8dafef6686aad11fb810bf97be15/"
SOURCE = Source(
    name=NAME,
    title="unvotes: United Nations General Assembly Voting Data (R package 0.3.0)",
    home="https://github.com/dgrtwo/unvotes",
    base_url=BASE,
    licence="package MIT; data CC0 (Erik Voeten, Harvard Dataverse)",
    citation=(
        "Erik Voeten, 'Data and Analyses of Voting in the UN General Assembly', in Routledge Handbook "
        "of International Organization (2013), hdl:1902.1/12379; David Robinson and Mine "
        "Cetinkaya-Rundel, unvotes R package 0.3.0 (2021)."
    ),
    coverage="General Assembly plenary roll calls, sessions 1-74 (1946-2019)",
    files=load_registry(NAME, BASE),
)

ROLL_CALLS = "data/un_roll_calls.rda"
VOTES = "data/un_votes.rda"
ISSUES = "data/un_roll_call_issues.rda"
POSITIONS = {"yes": "yes", "no": "no", "abstain": "abstain"}
YEMEN_UNIFIED = np.datetime64("1990-05-22")

# A roll call on a procedural motion rather than on a text (rule 74 adjournment, 116 no action,
# closure, priority, censure...).
_MOTION = (
    r"(?i)^\s*TO\s+(?:ADOPT|REJECT)\b[^.;]{0,60}\bMOTION\b"
    r"|put to the vote the motion|no action be taken|not to take action|to take no action"
)
_NOT_A_TITLE = r"^(?:TO [A-Z]|The (?:Acting )?President\b)"
# Also catches the catalogue's own typos and truncations ("adopted by the General Assemby").
_CATALOGUE_SUFFIX = r"\s*:\s*resolution\s*/\s*adopted by.*$"


def _read_rda(path: Path, expected: tuple[str, ...]) -> pd.DataFrame:
    import pyreadr

    from ..errors import interrupts_deferred

    try:
        with interrupts_deferred():  # a stop mid-parse is delivered after it, not inside Cython's callbacks
            frames = pyreadr.read_r(str(path))
    except Exception as exc:  # pyreadr raises its own LibrdataError and friends
        from ..errors import stop_requested

        if stop_requested():  # the stop signal, swallowed inside pyreadr: not the file's fault
            raise KeyboardInterrupt from None
        raise ParseError(
            f"{path}: not a readable R data file ({exc}). Restore the file from the registry.",
            source=NAME, file=str(path),
        ) from exc
    if len(frames) != 1:
        raise ParseError(f"{path}: expected one data frame, found {list(frames)}.", source=NAME, file=str(path))
    df = next(iter(frames.values()))
    missing = [c for c in expected if c not in df.columns]
    if missing:
        raise ParseError(
            f"{path}: columns {missing} missing (found {list(df.columns)}); the package layout changed.",
            source=NAME, file=str(path),
        )
    return df


def _take_strings(values, codes: np.ndarray) -> pd.Series:
    """``values[codes]`` as a string column, gathered in Arrow (870k Python strings cost ~0.3 s)."""
    import pyarrow as pa

    return pd.Series(pd.array(pa.array(list(values), type=pa.large_string()).take(pa.array(codes)), dtype="str"))


def _kinds(calls: pd.DataFrame, section: np.ndarray) -> np.ndarray:
    amend = pd.to_numeric(calls["amend"], errors="coerce").to_numpy() == 1
    para = (pd.to_numeric(calls["para"], errors="coerce").to_numpy() == 1) | section
    motion = calls["descr"].fillna("").str.contains(_MOTION, regex=True).to_numpy()
    return np.select([amend, para, motion], ["amendment", "paragraph", "motion"], "resolution")


def _decisions(calls: pd.DataFrame, issues: pd.DataFrame) -> pd.DataFrame:
    session = pd.to_numeric(calls["session"], errors="coerce").astype("Int64")
    parsed = [voeten_unres_symbol(u, s) for u, s in zip(calls["unres"], session.astype(object))]
    symbol = np.array([p[0] for p in parsed], dtype=object)
    section = np.array([p[1] for p in parsed], dtype=bool)
    kind = _kinds(calls, section)
    rcid = calls["rcid"].astype("int64").to_numpy()
    decision_id = pd.Series([f"{NAME}:{r}" for r in rcid], dtype=object)

    # The vote on the whole resolution: the only 'resolution' roll call carrying that symbol. Where
    # two carry it (a separate vote the package did not flag), neither is known to be the whole.
    has_symbol = (kind == "resolution") & pd.notna(symbol)
    shared = pd.Series(symbol).where(has_symbol).duplicated(keep=False).to_numpy() & has_symbol
    is_res = has_symbol & ~shared
    whole = dict(zip(symbol[is_res], decision_id.to_numpy()[is_res]))
    amends = np.where(
        np.isin(kind, ["amendment", "paragraph", "motion"]),
        pd.Series(symbol).map(whole).to_numpy(dtype=object), None,
    )
    symbol_out = np.where(kind == "resolution", symbol, None)

    short = calls["short"].fillna("").str.replace(_CATALOGUE_SUFFIX, "", regex=True).str.strip()
    descr = calls["descr"].fillna("").str.replace(_CATALOGUE_SUFFIX, "", regex=True).str.strip()
    # From the 1980s ``descr`` is the resolution's title and ``short`` a subject heading; before,
    # ``descr`` describes the vote ("TO ADOPT A CUBAN AMENDMENT ...") and ``short`` is the topic.
    # Speech excerpts ("The President: I shall now put to the vote ...") are not titles either.
    title_like = (descr != "") & ~descr.str.match(_NOT_A_TITLE) & (descr.str.len() <= 300)
    title = descr.where(title_like, short.where(short != "", descr.str.slice(0, 200))).replace("", None)
    date = pd.to_datetime(calls["date"].astype(str), errors="coerce")

    subjects = (
        issues.assign(issue=issues["issue"].astype(str))
        .sort_values(["rcid", "issue"])
        .groupby("rcid")["issue"].agg("; ".join)
    )
    # The State Department's reports began in 1983: the codebook says from the 39th session, but
    # the 38th (1983) already has 8 important votes. An earlier 0 means "not classified".
    important = pd.to_numeric(calls["importantvote"], errors="coerce").where(session.to_numpy() >= 38)
    return pd.DataFrame({
        "decision_id": decision_id,
        "body_id": "GA",
        "symbol": symbol_out,
        "kind": kind,
        "amends": amends,
        "title": title.to_numpy(dtype=object),
        "date": date.to_numpy(),
        "year": date.dt.year.astype("Int64").array,
        "session": session.astype(str).replace("<NA>", None).to_numpy(dtype=object),
        "subjects": pd.Series(rcid).map(subjects).to_numpy(dtype=object),
        "modality": "recorded",
        "outcome": np.where(is_res, "adopted", "unknown"),
        "important": pd.array(important.map({1.0: True, 0.0: False}), dtype="boolean"),
        "source": NAME,
    })


def _check_complete(paths: dict[str, Path], calls: pd.DataFrame, idx: np.ndarray, bad: np.ndarray) -> None:
    """The three files describe one record: every roll call has its votes (all 6,202 in the pinned
    files), and a vote names a roll call of the file. A bad record here and there is quarantined;
    more than 1% is a file cut short or swapped for another edition, and is refused."""
    without = int((np.bincount(idx[~bad], minlength=len(calls)) == 0).sum())  # O(n): no sort
    if without > len(calls) // 100:
        raise ParseError(f"{paths[VOTES]}: {without:,} of the {len(calls):,} roll calls have no vote; the file "
                         "looks truncated or from another edition: restore it from the registry.",
                         source=NAME, file=str(paths[VOTES]))
    if bad.sum() > len(bad) // 100:
        raise ParseError(f"{paths[VOTES]}: {int(bad.sum()):,} of {len(bad):,} votes name an unknown roll call or "
                         f"position; {paths[ROLL_CALLS]} looks truncated or from another edition: restore the "
                         "files from the registry.", source=NAME, file=str(paths[ROLL_CALLS]))


def parse(paths: dict[str, Path]) -> Parsed:
    calls = _read_rda(paths[ROLL_CALLS], ("rcid", "session", "importantvote", "date", "unres", "amend", "para",
                                          "short", "descr"))
    votes = _read_rda(paths[VOTES], ("rcid", "country", "vote"))
    issues = _read_rda(paths[ISSUES], ("rcid", "issue"))
    quarantine = []

    dup = calls["rcid"].duplicated(keep="first")
    for i in np.flatnonzero(dup.to_numpy()):
        quarantine.append({"file": ROLL_CALLS, "row": str(i + 1), "reason": "duplicate rcid",
                           "raw": str(calls.iloc[i].to_dict())})
    calls = calls[~dup].reset_index(drop=True)
    known = calls["rcid"].astype("int64")

    orphan_issue = ~issues["rcid"].astype("int64").isin(known)
    for i in np.flatnonzero(orphan_issue.to_numpy()):
        quarantine.append({"file": ISSUES, "row": str(i + 1), "reason": "issue tag of an unknown roll call",
                           "raw": str(issues.iloc[i].to_dict())})
    decisions = _decisions(calls, issues[~orphan_issue])

    # Votes, vectorised: 870k rows, no Python loop.
    rcid = votes["rcid"].to_numpy().astype("int64")
    vote = votes["vote"].astype("category")
    position_of_code = np.array([POSITIONS.get(str(c)) for c in vote.cat.categories] + [None], dtype=object)
    position_code = vote.cat.codes.to_numpy()  # -1 for a missing vote: the last entry, None
    idx = pd.Index(known).get_indexer(rcid)
    bad = (idx < 0) | pd.isna(position_of_code[position_code]) | votes["country"].isna().to_numpy()
    for i in np.flatnonzero(bad):
        reason = "vote on an unknown roll call" if idx[i] < 0 else (
            "country missing" if pd.isna(votes["country"].iat[i]) else f"unknown vote {votes['vote'].iat[i]!r}")
        quarantine.append({"file": VOTES, "row": str(i + 1), "reason": reason, "raw": str(votes.iloc[i].to_dict())})
    ok = ~bad
    good = idx[ok]
    _check_complete(paths, calls, idx, bad)
    state_date = decisions["date"].to_numpy()[good]
    country = votes["country"][ok].reset_index(drop=True)
    # Voeten follows the COW state list, in which unified Yemen continues the Yemen Arab Republic:
    # the 84 votes of session 45 (after unification on 22 May 1990) are the Republic of Yemen's.
    unified = (country == "Yemen Arab Republic").to_numpy() & (state_date >= YEMEN_UNIFIED)
    if unified.any():
        country = country.where(~unified, "Yemen")
    vote_table = pd.DataFrame({
        "decision_id": _take_strings(decisions["decision_id"], good),
        "iso3": country,
        "position": _take_strings(position_of_code[:-1], position_code[ok]),
        "state_date": state_date,
        "source": NAME,
    })
    return Parsed(
        tables={"decisions": decisions, "votes": vote_table},
        read={ROLL_CALLS: int(len(calls) + dup.sum()), VOTES: int(len(votes)), ISSUES: int(orphan_issue.sum())},
        quarantine=quarantine_frame(quarantine),
    )
