"""Universal Periodic Review recommendations, sessions 1-20 (UPR Info database, via Terman & Voeten).

Files (mirror folder ``upr-terman``):

* ``v.2/Data/CSVs/{1-5,6-9,10-13,14-17,17-20}.csv``: one row per recommendation and recommending
  state, columns ``To, To-Rgrp, To-Org, Text, From, From-Rgrp, From-Org, Response, Action, Issue,
  Session``. ``17-20.csv`` holds sessions 18-20 despite its name. 41,066 rows.
* ``v.2/Data/CSVs/voluntary.csv``: the same layout, 947 voluntary pledges (``Response`` is
  ``Voluntary Pledge``, ``From`` is the state under review itself).
* ``sessions.csv``: the state under review at each session 1-20 (305 reviews).
* ``upr-years.csv``: review and report years of cycles 1 and 2 for 193 states.

What a record is, and where it goes:

* a recommendation CSV row -> one ``upr_recommendations`` row, or quarantine (wrong number of
  fields, a session, response or action category outside the codebook, an empty state or text);
* a ``voluntary.csv`` row -> one ``upr_pledges`` row, kept apart from recommendations (a pledge is
  made by the state to itself and has no response), or quarantine;
* a ``sessions.csv`` row -> one ``upr_reviews`` row (session, cycle, year of the session);
* an ``upr-years.csv`` row (one state) -> one ``upr_reviews`` row with no session when its second
  review came after session 20 (2015-2016); otherwise both its reviews are already rows from
  ``sessions.csv`` and the record is counted as merged (read only to cross-check the years). The
  report years are not loaded.

Format. The CSVs are old-Mac text: CR line endings and **Mac Roman** bytes. The usual advice
(``encoding='latin-1'``) reads ASCII correctly but turns the 86 accented letters into C1 control
characters ("Guaran\\x92" for "Guaraní", "vis-\\x88-vis" for "vis-à-vis"); Mac Roman decodes them
all. The rows are split with the ``csv`` module, which honours quotes, so a CR inside a quoted text
would stay in its field (there is none in these files; any CR or LF in a text becomes a space).
``From`` holds ``&#40;Unknown&#41;`` (HTML-escaped "(Unknown)") for 9 Indonesian recommendations
of session 1 that UPR Info could not attribute: they are loaded with ``recommending`` NULL.

Derived columns:

* ``recommendation_id``: 1-based position over the five files in session order, counting every row
  read (quarantined ones too), so ids do not move when a quarantine rule changes. The files are
  pinned by hash, so the ids are stable.
* ``cycle``: sessions 1-12 are the first cycle, 13-26 the second (HRC res 5/1 and 16/21: a first cycle of 12 sessions, 2008-2011).
* ``response``: UPR Info ``Accepted`` -> ``supported``, ``Noted`` -> ``noted`` (the Council's terms).
* ``issues``: UPR Info's comma-separated themes, re-joined with ``'; '`` like ``decisions.subjects``.
* ``joint_id``: UPR Info splits a joint recommendation into one row per recommending state. Rows of
  the same session and state under review whose normalised text (:func:`normalise_text`) is
  identical and which come from two or more recommending states share a ``joint_id``: the smallest
  ``recommendation_id`` of the group. Other rows have NULL. Identical wording from states that did
  not act jointly (two states each asking "Ratify OP-CAT") cannot be told apart and is grouped too.
* ``duplicate_of``: a row identical in all 11 fields to an earlier row points at that first copy
  (2 such rows: Lesotho session 8, Tonga session 15). Both copies are kept.
* ``state_date``: the opening day of the session, to help resolve names used at that time.

A rule of the world, applied: no state is reviewed before it exists (:data:`STATE_BEGINS`). 33
recommendations of Sudan's review (session 11, May 2011) are filed under ``South Sudan``, which
became independent on 9 July 2011; they are loaded under Sudan, and sessions.csv's row for South
Sudan at session 11, which restates Sudan's review, is counted as merged. Known oddity kept:
``upr-years.csv`` puts Haiti's first review in 2010; it took place at session 12 (October 2011),
after the earthquake postponement.
"""
from __future__ import annotations

import csv
import html
import io
from pathlib import Path

import pandas as pd

from ..errors import ParseError
from ._base import Parsed, Source, quarantine_frame
from ._fetch import load_registry

BASE = "https://raw.githubusercontent.com/rochelleterman/uprs/986898e98047b8828c47a515b24e161910b88134/"

SOURCE = Source(
    name="upr-terman",
    title="Universal Periodic Review recommendations, sessions 1-20 (UPR Info database export)",
    home="https://github.com/rochelleterman/uprs",
    base_url=BASE,
    licence="No licence file (the authors keep all rights); recommendations from the UPR Info database "
    "(upr-info.org)",
    citation="Terman, Rochelle and Erik Voeten (2018). The relational politics of shame: evidence from the "
    "universal periodic review. Review of International Organizations 13(1): 1-23. Data: UPR Info database.",
    coverage="UPR sessions 1-20 (April 2008 - November 2014): 41,066 recommendations and 947 voluntary "
    "pledges; review years of cycles 1-2 (to 2016)",
    files=load_registry("upr-terman", BASE),
)

RECOMMENDATION_FILES = (
    "v.2/Data/CSVs/1-5.csv",
    "v.2/Data/CSVs/6-9.csv",
    "v.2/Data/CSVs/10-13.csv",
    "v.2/Data/CSVs/14-17.csv",
    "v.2/Data/CSVs/17-20.csv",  # sessions 18-20
)
PLEDGE_FILE = "v.2/Data/CSVs/voluntary.csv"
SESSIONS_FILE = "sessions.csv"
YEARS_FILE = "upr-years.csv"

COLUMNS = ["To", "To-Rgrp", "To-Org", "Text", "From", "From-Rgrp", "From-Org", "Response", "Action",
           "Issue", "Session"]
RESPONSES = {"Accepted": "supported", "Noted": "noted"}
PLEDGE_RESPONSE = "Voluntary Pledge"
UNKNOWN_STATE = "(Unknown)"

# Opening day of each UPR Working Group session covered here, used for the review year and as the
# date a state's name was used. Sessions 1-7, 13, 14, 17 and 20 checked against OHCHR/UN Geneva
# releases (ungeneva.org 2008-09 meeting summary; ohchr.org press releases 2013-10, 2014-11;
# crin.org and wfuna.org session summaries); the rest from the OHCHR UPR sessions page [M].
SESSION_OPENED: dict[int, str] = {
    1: "2008-04-07", 2: "2008-05-05", 3: "2008-12-01", 4: "2009-02-02", 5: "2009-05-04",
    6: "2009-11-30", 7: "2010-02-08", 8: "2010-05-03", 9: "2010-11-01", 10: "2011-01-24",
    11: "2011-05-02", 12: "2011-10-03", 13: "2012-05-21", 14: "2012-10-22", 15: "2013-01-21",
    16: "2013-04-22", 17: "2013-10-21", 18: "2014-01-27", 19: "2014-04-28", 20: "2014-10-27",
}
LAST_SESSION = max(SESSION_OPENED)


def cycle_of(session: int) -> int:
    """The UPR cycle of a Working Group session (1: sessions 1-12, 2: 13-26, 3: 27-40, 4: 41-)."""
    if session < 1:
        raise ValueError(f"UPR sessions start at 1, got {session}")
    for cycle, last in ((1, 12), (2, 26), (3, 40)):
        if session <= last:
            return cycle
    return 4


def normalise_text(text: str) -> str:
    """The wording of a recommendation with case, spacing and closing punctuation ignored.

    UPR Info copies a joint recommendation once per recommending state, sometimes with a stray
    trailing space or full stop, so those differences must not split a joint recommendation.

    >>> normalise_text("Ratify  OP-CAT. ") == normalise_text("ratify OP-CAT")
    True
    """
    return " ".join(text.split()).rstrip(".;, ").casefold()


def _read_rows(path: Path, file: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line number, fields) rows of an old-Mac CSV (Mac Roman, CR line ends).

    Quotes are honoured, so a line break inside a quoted text stays in its field and the line
    number is that of the row's first line.
    """
    text = path.read_bytes().decode("mac_roman")
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, line = [], 1
    for fields in reader:
        if fields:  # a final line ending leaves an empty row
            rows.append((line, fields))
        line = reader.line_num + 1
    if not rows:
        raise ParseError(f"{SOURCE.name}/{file}: the file is empty; expected a header row.",
                         source=SOURCE.name, file=str(path), line=1)
    # A short row inside the file is one bad record (quarantined by the caller); a short *last* row
    # is a file cut mid-row (these files have no final line end to tell the two apart otherwise).
    if len(rows) > 1 and len(rows[-1][1]) < len(rows[0][1]):
        line, fields = rows[-1]
        raise ParseError(f"{SOURCE.name}/{file}: line {line}: the last row has {len(fields)} of "
                         f"{len(rows[0][1])} fields; the file is cut short: restore it from the source.",
                         source=SOURCE.name, file=str(path), line=line)
    return rows[0][1], rows[1:]


def _check_header(header: list[str], expected: list[str], path: Path, file: str) -> None:
    if header != expected:
        raise ParseError(
            f"{SOURCE.name}/{file}: line 1: expected the columns {expected}, found {header}. "
            f"The file is not the pinned UPR Info export; restore it or update sources/upr.py.",
            source=SOURCE.name, file=str(path), line=1,
        )


def _clean(series: pd.Series) -> pd.Series:
    """Fields with HTML entities decoded, CR/LF runs made one space, and ends stripped."""
    odd = (series.str.contains("&", regex=False) | series.str.contains("\r", regex=False)
           | series.str.contains("\n", regex=False))
    if odd.any():
        series = series.mask(odd, series[odd].map(lambda s: " ".join(html.unescape(s).split())))
    return series.str.strip()


def _recommendation_frame(path: Path, file: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of one UPR Info CSV with their line numbers, and quarantine rows for bad field counts."""
    header, rows = _read_rows(path, file)
    _check_header(header, COLUMNS, path, file)
    good, bad = [], []
    for order, (lineno, row) in enumerate(rows):
        if len(row) == len(COLUMNS):
            good.append([lineno, order, *row])
        else:
            bad.append({"file": file, "row": str(lineno),
                        "reason": f"expected {len(COLUMNS)} fields, found {len(row)}",
                        "raw": ",".join(row)[:500]})
    names = ["line", "order", *COLUMNS]
    columns = list(zip(*good)) if good else [()] * len(names)
    return pd.DataFrame(dict(zip(names, columns))), quarantine_frame(bad)


def _validate(frame: pd.DataFrame, file: str, responses: set[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split rows into those that can be loaded and quarantine rows, each with one reason."""
    session = pd.to_numeric(frame["Session"], errors="coerce")
    action = pd.to_numeric(frame["Action"], errors="coerce")
    reasons = pd.Series("", index=frame.index, dtype=object)
    checks = [
        (session.isna() | (session < 1) | (session > LAST_SESSION) | (session % 1 != 0),
         f"Session is not a UPR session 1-{LAST_SESSION}"),
        (~frame["Response"].isin(responses), f"Response is not one of {sorted(responses)}"),
        (action.isna() | ~action.isin([1, 2, 3, 4, 5]), "Action is not a UPR Info action category 1-5"),
        (frame["To"].str.strip() == "", "no state under review (To is empty)"),
        (frame["Text"].str.strip() == "", "empty text"),
    ]
    for failed, reason in checks:  # first failing check wins
        reasons = reasons.mask(failed & (reasons == ""), reason)
    bad = reasons != ""
    quarantine = quarantine_frame([
        {"file": file, "row": str(line), "reason": f"{reason} (found {row.Session!r} / {row.Response!r} / "
         f"{row.Action!r})", "raw": f"{row.To} | {row.From} | {row.Text}"[:500]}
        for line, reason, row in zip(frame.loc[bad, "line"], reasons[bad], frame[bad].itertuples())
    ])
    ok = frame[~bad].copy()
    ok["session"] = session[~bad].astype(int)
    ok["action_category"] = action[~bad].astype(int)
    return ok, quarantine


def _issues(series: pd.Series) -> pd.Series:
    issues = series.str.replace(",", "; ", regex=False).str.strip("; ")
    return issues.where(issues != "")


# A state that did not exist at a session's opening cannot be under review: a row naming it is its
# predecessor's. South Sudan: independence 9 July 2011 (admitted by GA res 65/308, 14 July 2011);
# UPR session 11 opened 2 May 2011 and reviewed Sudan (A/HRC/18/16, report of the Working Group on
# the Universal Periodic Review: Sudan).
STATE_BEGINS = {"South Sudan": ("2011-07-09", "Sudan")}


def predecessor_before_existence(names: pd.Series, dates: pd.Series) -> pd.Series:
    """``names`` with each state named before it existed (:data:`STATE_BEGINS`) replaced by the
    state it came from."""
    out = names.copy()
    for name, (begins, predecessor) in STATE_BEGINS.items():
        early = (names == name) & (pd.to_datetime(dates) < pd.Timestamp(begins))
        out[early] = predecessor
    return out


def _state_date(session: pd.Series) -> pd.Series:
    return pd.to_datetime(session.map(SESSION_OPENED)).dt.date


def _recommendations(paths: dict[str, Path]) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, int]]:
    frames, quarantines, read = [], [], {}
    offset = 0
    for file in RECOMMENDATION_FILES:
        frame, bad_fields = _recommendation_frame(paths[file], file)
        read[file] = len(frame) + len(bad_fields)
        frame["recommendation_id"] = offset + frame["order"] + 1
        offset += read[file]
        frame["file"] = file
        frames.append(frame)
        quarantines.append(bad_fields)
    raw = pd.concat(frames, ignore_index=True)

    # Exact duplicates are judged on the raw fields, before any cleaning.
    first_copy = raw.groupby(COLUMNS, sort=False)["recommendation_id"].transform("min")
    raw["duplicate_of"] = first_copy.where(first_copy != raw["recommendation_id"])

    parts = []
    for file, frame in raw.groupby("file", sort=False):
        ok, bad = _validate(frame, file, set(RESPONSES))
        parts.append(ok)
        quarantines.append(bad)
    ok = pd.concat(parts, ignore_index=True)

    recommending = _clean(ok["From"])
    out = pd.DataFrame({
        "recommendation_id": ok["recommendation_id"].astype("int64"),
        "cycle": ok["session"].map(cycle_of).astype("int64"),
        "session": ok["session"].astype("int64"),
        "under_review": _clean(ok["To"]),
        "recommending": recommending.where(recommending != UNKNOWN_STATE),
        "text": _clean(ok["Text"]),
        "response": ok["Response"].map(RESPONSES),
        "action_category": ok["action_category"].astype("int64"),
        "issues": _issues(ok["Issue"]),
        "duplicate_of": ok["duplicate_of"].astype("Int64"),
        "state_date": _state_date(ok["session"]),
        "source": SOURCE.name,
    })
    out["under_review"] = predecessor_before_existence(out["under_review"], out["state_date"])
    out["joint_id"] = joint_ids(out)
    return out, pd.concat(quarantines, ignore_index=True), read


def joint_ids(recommendations: pd.DataFrame) -> pd.Series:
    """``joint_id`` for each row: the first ``recommendation_id`` of its joint recommendation, or NA.

    A joint recommendation is a group of rows with the same ``session``, ``under_review`` and
    normalised ``text`` made by at least two distinct ``recommending`` states.
    """
    key = [recommendations["session"], recommendations["under_review"],
           recommendations["text"].map(normalise_text)]
    grouped = recommendations.groupby(key, sort=False)
    n_states = grouped["recommending"].transform("nunique")
    first = grouped["recommendation_id"].transform("min")
    return first.where(n_states >= 2).astype("Int64")


def _pledges(path: Path) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    frame, bad_fields = _recommendation_frame(path, PLEDGE_FILE)
    ok, bad = _validate(frame, PLEDGE_FILE, {PLEDGE_RESPONSE})
    out = pd.DataFrame({
        "pledge_id": (ok["order"] + 1).astype("int64"),
        "session": ok["session"].astype("int64"),
        "under_review": _clean(ok["To"]),
        "text": _clean(ok["Text"]),
        "issues": _issues(ok["Issue"]),
        "state_date": _state_date(ok["session"]),
        "source": SOURCE.name,
    })
    return out, pd.concat([bad_fields, bad], ignore_index=True), len(frame) + len(bad_fields)


def _reviews(sessions_path: Path, years_path: Path) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, int], int]:
    """Reviews of sessions 1-20 from sessions.csv, plus second-cycle reviews after session 20."""
    header, rows = _read_rows(sessions_path, SESSIONS_FILE)
    _check_header(header, ["", "To", "To_COW", "Session"], sessions_path, SESSIONS_FILE)
    quarantine, loaded = [], []
    pre_merged = 0
    for lineno, row in rows:
        session = int(row[3]) if len(row) == 4 and row[3].isdigit() else None
        if session not in SESSION_OPENED or not row[1].strip():
            quarantine.append({"file": SESSIONS_FILE, "row": str(lineno),
                               "reason": f"expected a state and a session 1-{LAST_SESSION}", "raw": ",".join(row)})
            continue
        name = row[1].strip()
        opened = pd.Timestamp(SESSION_OPENED[session])
        if name in STATE_BEGINS and opened < pd.Timestamp(STATE_BEGINS[name][0]):
            pre_merged += 1  # restates the predecessor's review of that session
            continue
        loaded.append({"session": session, "cycle": cycle_of(session), "under_review": name,
                       "year": int(SESSION_OPENED[session][:4]), "state_date": opened.date()})

    header, years = _read_rows(years_path, YEARS_FILE)
    _check_header(header, ["country", "review1", "review2", "report1", "report2"], years_path, YEARS_FILE)
    last_covered_year = int(SESSION_OPENED[LAST_SESSION][:4])
    merged = pre_merged
    for lineno, row in years:
        review2 = row[2] if len(row) == 5 else ""
        if not review2.isdigit() or not row[0].strip():
            quarantine.append({"file": YEARS_FILE, "row": str(lineno),
                               "reason": "expected a state and a second-cycle review year", "raw": ",".join(row)})
        elif int(review2) <= last_covered_year:
            merged += 1  # both reviews are sessions.csv rows; this record only confirms their years
        else:
            loaded.append({"session": None, "cycle": 2, "under_review": row[0].strip(), "year": int(review2),
                           "state_date": pd.Timestamp(f"{review2}-01-01").date()})
    out = pd.DataFrame(loaded, columns=["session", "cycle", "under_review", "year", "state_date"])
    out["session"] = out["session"].astype("Int64")
    out["source"] = SOURCE.name
    return out, quarantine_frame(quarantine), {SESSIONS_FILE: len(rows), YEARS_FILE: len(years)}, merged


def _check_complete(paths: dict[str, Path], read: dict[str, int], recommendations: pd.DataFrame,
                    reviews: pd.DataFrame, pledges: pd.DataFrame) -> None:
    """The files are sorted by state, so a copy cut at a line end parses and only lacks the last
    states. sessions.csv is the source's own list of who was reviewed when: each recommendation
    file must name every state reviewed in the sessions it holds (all do in the pinned files), and
    sessions.csv must list every session 1-20 (13 to 17 states each). upr-years.csv lists the 193
    members; voluntary.csv has no total (the pinned file: 947 pledges of 149 states)."""
    from ._base import require_complete

    import numpy as np

    reviewed = reviews.dropna(subset=["session"])
    # ids run on from file to file (see _recommendations): file i holds ids up to bounds[i]
    bounds = np.cumsum([read[file] for file in RECOMMENDATION_FILES])
    pairs = pd.DataFrame({
        "file": np.searchsorted(bounds, recommendations["recommendation_id"].to_numpy(), side="left"),
        "session": recommendations["session"].to_numpy(),
        "state": recommendations["under_review"].to_numpy(dtype=object),
    }).drop_duplicates()
    for i, file in enumerate(RECOMMENDATION_FILES):
        held = pairs[pairs["file"] == i]
        due = set(reviewed.loc[reviewed["session"].isin(set(held["session"])), "under_review"])
        absent = sorted(due - set(held["state"]))
        if len(absent) > 3:
            raise ParseError(f"{SOURCE.name}/{file}: no recommendation to {len(absent)} of the {len(due)} states "
                             f"sessions.csv lists for its sessions (e.g. {', '.join(absent[:3])}); the file "
                             "looks truncated: restore it from the source.", source=SOURCE.name,
                             file=str(paths[file]))
    per_session = reviewed.groupby("session").size()
    short = [s for s in range(1, LAST_SESSION + 1) if per_session.get(s, 0) < 10]
    if short:
        raise ParseError(f"{SOURCE.name}/{SESSIONS_FILE}: sessions {short[:5]} list fewer than 10 states under "
                         "review (13 to 17 in the pinned file); the file looks truncated: restore it from "
                         "the source.", source=SOURCE.name, file=str(paths[SESSIONS_FILE]))
    require_complete(read[YEARS_FILE], 190, source=SOURCE.name, path=paths[YEARS_FILE],
                     what="states", basis="it lists the review years of each of the 193 members")
    require_complete(read[PLEDGE_FILE], 700, source=SOURCE.name, path=paths[PLEDGE_FILE], what="pledges",
                     basis="the pinned file holds 947")


def parse(paths: dict[str, Path]) -> Parsed:
    recommendations, quarantine, read = _recommendations(paths)
    pledges, pledge_quarantine, read[PLEDGE_FILE] = _pledges(paths[PLEDGE_FILE])
    reviews, review_quarantine, review_read, merged = _reviews(paths[SESSIONS_FILE], paths[YEARS_FILE])
    read.update(review_read)
    _check_complete(paths, read, recommendations, reviews, pledges)
    return Parsed(
        tables={"upr_recommendations": recommendations, "upr_pledges": pledges, "upr_reviews": reviews},
        read=read,
        quarantine=pd.concat([quarantine, pledge_quarantine, review_quarantine], ignore_index=True),
        merged=merged,
    )
