"""The UN Digital Library's "General Assembly Voting Data" (official, record 4060887).

The official CSV (about 364 MB, one row per Member State per resolution, 1946 to the latest
session) is too large for the registry's mirror, which holds only its codebook
(``2024_09_12_ga_resolutions_voting_md.md``); :data:`SOURCE` is therefore ``codebook_only``. A user
who downloads the file from https://digitallibrary.un.org/record/4060887 and puts it in
``<mirror>/undl-ga/`` gets it loaded: :func:`find_undl_files` lists it and :func:`parse_undl_csv`
reads it. It is the official source for GA votes after 2019, which ``unvotes`` lacks; where both
hold a resolution (same official symbol) the build keeps the ``unvotes`` decision and uses this
one to cross-check (``merge_into="unvotes"``).

Layout (codebook of 12 September 2024): ``undl_id, ms_codes, ms_names, ms_votes, resolutions,
title, modality, draft, committee_report, meeting, agenda_titles, subjects, date, yes, no,
abstentions, non-voting, total-voting, undl_link``. Later releases rename some columns
(``ms_code, ms_name, ms_vote, resolution, agenda_title, total_yes, total_no, total_abstentions,
total_non_voting, total_ms``) and add ``session`` and ``vote_note``; both spellings are read.

What a record is: a resolution (a distinct ``undl_id``; -> one ``decisions`` row, read from its
first row) and a CSV row carrying a member's vote (-> one ``votes`` row); a malformed row is one
record, quarantined. The rows of a resolution adopted without a vote carry no vote and only
repeat the resolution's data, so they are not records beyond the resolution itself. (The build's
merge with ``unvotes`` then counts the decisions and votes it matches as merged.)

Vote codes: ``Y`` yes, ``N`` no, ``A`` abstain, ``NV`` (and ``X`` in later releases) non-voting.
The codebook does not define a blank vote; on a recorded vote the UN counts every member that
did not vote as "non-voting", absent or present, so a blank there is loaded as ``non_voting``.
Each row is a Member State *at the time of the vote*, so there are no non-member rows.

``decision_id`` is ``undl-ga:<undl_id>``; ``symbol`` is the official form (``_un_symbols``);
``kind`` is ``resolution`` or ``decision`` (``A/DEC/...``); the file lists adopted texts only, so
``outcome`` is ``adopted``; ``modality`` is ``recorded`` or ``without a vote``.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ParseError
from ._base import Parsed, Source, quarantine_frame
from ._fetch import load_registry
from ._un_symbols import official_ga_symbol

NAME = "undl-ga"
BASE = "https://raw.githubusercontent.com/Gunelmaas/SNA_team16/53275192c2ceaf20eb31305d0698bf58e81970ca/"
SOURCE = Source(
    name=NAME,
    title="United Nations General Assembly Voting Data (UN Digital Library)",
    home="https://digitallibrary.un.org/record/4060887",
    base_url=BASE,
    licence="United Nations; non-commercial use with attribution (UN terms of use)",
    citation=(
        "United Nations Dag Hammarskjöld Library, General Assembly Voting Data, United Nations, 2024, "
        "downloaded from https://digitallibrary.un.org/record/4060887, [download date]"
    ),
    coverage="GA resolutions adopted by vote, 1946 to the 78th session (codebook only in the mirror)",
    files=load_registry(NAME, BASE),
    merge_into="unvotes",
    codebook_only=True,
)

# Canonical column -> spellings in the releases (2024 first).
COLUMNS: dict[str, tuple[str, ...]] = {
    "undl_id": ("undl_id",),
    "ms_code": ("ms_codes", "ms_code"),
    "ms_name": ("ms_names", "ms_name"),
    "ms_vote": ("ms_votes", "ms_vote"),
    "resolution": ("resolutions", "resolution"),
    "title": ("title",),
    "modality": ("modality",),
    "draft": ("draft",),
    "meeting": ("meeting",),
    "agenda_title": ("agenda_titles", "agenda_title"),
    "subjects": ("subjects",),
    "date": ("date",),
    "session": ("session",),
    "yes": ("yes", "total_yes"),
    "no": ("no", "total_no"),
    "abstain": ("abstentions", "total_abstentions"),
    "non_voting": ("non-voting", "total_non_voting"),
    "undl_link": ("undl_link",),
}
REQUIRED = ("undl_id", "ms_code", "ms_vote", "resolution", "date")
VOTE_CODES = {"Y": "yes", "N": "no", "A": "abstain", "NV": "non_voting", "X": "non_voting"}
_CATALOGUE_SUFFIX = r"\s*:\s*(?:resolution|decision)\s*/\s*adopted by.*$"


def find_undl_files(mirror_dir: Path | str | None) -> list[Path]:
    """The official voting CSVs a user has put in ``<mirror>/undl-ga/`` (sorted; none if absent)."""
    if mirror_dir is None:
        return []
    folder = Path(mirror_dir) / NAME
    return sorted(p for p in folder.glob("*.csv") if p.is_file()) if folder.is_dir() else []


def parse(paths: dict[str, Path]) -> Parsed:
    """The registry holds only the codebook: nothing to load (see :func:`parse_undl_csv`)."""
    return Parsed(tables={}, read={})


def _read(path: Path) -> pd.DataFrame:
    try:
        header = pd.read_csv(path, nrows=0, encoding="utf-8-sig").columns
    except UnicodeDecodeError as exc:
        line = _line_of_byte(path, exc.start)
        raise ParseError(f"{path}, line {line}: a byte that is not UTF-8 ({exc.reason}); save the "
                         "file as CSV (UTF-8) and run again.", source=NAME, file=str(path),
                         line=line) from None
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ParseError(f"{path}: not a readable CSV ({exc}).", source=NAME, file=str(path)) from exc
    found = {c.strip().lower(): c for c in header}
    rename = {}
    for canonical, spellings in COLUMNS.items():
        for s in spellings:
            if s in found:
                rename[found[s]] = canonical
                break
    missing = [c for c in REQUIRED if c not in rename.values()]
    if missing:
        raise ParseError(
            f"{path}: not the UN Digital Library GA voting layout: columns {missing} missing "
            f"(header is {','.join(header)}). Expected the columns of the 2024 codebook.",
            source=NAME, file=str(path),
        )
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, usecols=list(rename),
                         encoding="utf-8-sig", engine="pyarrow")
    except Exception:  # the pyarrow engine refuses some quoting that the C engine reads
        try:
            df = pd.read_csv(path, dtype=str, keep_default_na=False, usecols=list(rename),
                             encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            line = _line_of_byte(path, exc.start)
            raise ParseError(f"{path}, line {line}: a byte that is not UTF-8 ({exc.reason}); save "
                             "the file as CSV (UTF-8) and run again.", source=NAME, file=str(path),
                             line=line) from None
        except (pd.errors.ParserError, ValueError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ParseError(f"{path}: malformed CSV ({first}); an unterminated quote or a line "
                             "with too many fields. Fix the file or download it again.",
                             source=NAME, file=str(path)) from None
    df = df.rename(columns=rename)
    for c in COLUMNS:
        if c not in df.columns:
            df[c] = ""
        else:
            df[c] = df[c].fillna("").astype(str).str.strip()
    return df


def _line_of_byte(path: Path, offset: int) -> int:
    """The line (from 1) that holds byte ``offset`` of ``path``, read in chunks."""
    lines, seen = 1, 0
    with open(path, "rb") as handle:
        while seen < offset:
            chunk = handle.read(min(1 << 20, offset - seen))
            if not chunk:
                break
            lines += chunk.count(b"\n")
            seen += len(chunk)
    return lines


def _modality(df: pd.DataFrame, has_vote: pd.Series) -> pd.Series:
    """Per row: ``without a vote`` when the modality says so or, lacking a modality, no member voted."""
    text = df["modality"].str.lower()
    any_vote = has_vote.groupby(df["undl_id"]).transform("any")
    return pd.Series(
        np.where(text.str.contains("without"), "without a vote",
                 np.where(text != "", "recorded", np.where(any_vote, "recorded", "without a vote"))),
        index=df.index,
    )


def _session(symbol: str) -> str | None:
    m = re.match(r"^A/(?:RES|DEC)/((?:ES-|S-)?\d+)/", symbol or "")
    if m:
        return m.group(1)
    m = re.match(r"^A/RES/\d+\(((?:ES-|S-)?[IVXL]+)\)", symbol or "")
    return m.group(1) if m else None


def parse_undl_csv(path: Path | str) -> Parsed:
    """Read one official GA voting CSV into ``decisions`` and ``votes`` (see the module docstring)."""
    path = Path(path)
    df = _read(path)
    code = df["ms_vote"].str.upper()
    position = code.map(VOTE_CODES)
    date = pd.to_datetime(df["date"].str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    modality = _modality(df, position.notna())
    recorded = modality == "recorded"
    # A blank vote on a recorded vote: a member that did not vote.
    position = position.where(~(recorded & (code == "")), "non_voting")

    bad = (df["undl_id"] == "") | (df["resolution"] == "") | date.isna()
    bad |= (df["ms_code"] == "") & (code != "")
    bad |= (code != "") & code.map(VOTE_CODES).isna()
    bad |= (~recorded) & (code != "")  # a vote on a text said to be adopted without one
    reasons = np.select(
        [df["undl_id"] == "", df["resolution"] == "", date.isna(), (df["ms_code"] == "") & (code != ""),
         (code != "") & code.map(VOTE_CODES).isna()],
        ["no undl_id", "no resolution symbol", "bad date", "no member code", "unknown vote code"],
        "vote on a text adopted without a vote",
    )
    file = path.name
    quarantine = [
        {"file": file, "row": str(i + 2), "reason": str(reasons[i]),
         "raw": ",".join(df.loc[i, ["undl_id", "ms_code", "ms_vote", "resolution", "date"]])}
        for i in np.flatnonzero(bad.to_numpy())
    ]

    good = df[~bad]
    first = ~good["undl_id"].duplicated(keep="first")
    heads = good[first]
    symbols = [official_ga_symbol(s) or re.sub(r"\s+", "", s) for s in heads["resolution"]]
    head_date = date[~bad][first]
    totals = {k: pd.to_numeric(heads[k], errors="coerce").astype("Int64").array
              for k in ("yes", "no", "abstain", "non_voting")}
    sessions = [s or _session(sym) for s, sym in zip(heads["session"], symbols)]
    decisions = pd.DataFrame({
        "decision_id": (NAME + ":" + heads["undl_id"]).to_numpy(dtype=object),
        "body_id": "GA",
        "symbol": symbols,
        "draft_symbol": heads["draft"].replace("", None).to_numpy(dtype=object),
        "kind": np.where(heads["resolution"].str.upper().str.startswith("A/DEC"), "decision", "resolution"),
        "title": heads["title"].str.replace(_CATALOGUE_SUFFIX, "", regex=True).replace("", None).to_numpy(dtype=object),
        "date": head_date.to_numpy(),
        "year": head_date.dt.year.astype("Int64").array,
        "session": sessions,
        "agenda_item": heads["agenda_title"].replace("", None).to_numpy(dtype=object),
        "subjects": heads["subjects"].str.replace(r"\s*[|;]\s*", "; ", regex=True)
                                     .replace("", None).to_numpy(dtype=object),
        "modality": modality[~bad][first].to_numpy(dtype=object),
        "outcome": "adopted",
        **totals,
        "url": heads["undl_link"].replace("", None).to_numpy(dtype=object),
        "source": NAME,
    })

    with_vote = position[~bad].notna()
    v = good[with_vote]
    votes = pd.DataFrame({
        "decision_id": (NAME + ":" + v["undl_id"]).to_numpy(dtype=object),
        "iso3": v["ms_code"].to_numpy(dtype=object),
        "position": position[~bad][with_vote].to_numpy(dtype=object),
        "state_date": date[~bad][with_vote].to_numpy(),
        "source": NAME,
    })
    # Records: each resolution (-> its decision), each row with a vote (-> a vote) and each bad row.
    read = len(decisions) + len(votes) + len(quarantine)
    return Parsed(tables={"decisions": decisions, "votes": votes}, read={file: read},
                  quarantine=quarantine_frame(quarantine))
