"""Commission on Human Rights (1946-2006) and Human Rights Council (2006-) decisions and roll calls.

A harvest of the OHCHR Search Library "Voting" collection by Ł. Szoszkiewicz (``lszoszk/hrc-voting``).

Records read:

* ``data/csv/resolutions.csv``: one record per CSV row = one catalogued decision (6,346: resolutions,
  decisions, presidential statements, amendments and motions, recorded or not). Each becomes one
  ``decisions`` row with the official totals (MARC 996).
* ``dashboard/data.js``: one record per roll-call cell, a state's vote on a recorded decision (80,158).
  Each becomes one ``votes`` row. The payload's ``res`` list (1,705 recorded decisions) is linked to the
  CSV rows by record id (``res[i].id`` = ``record_id``); a cell whose decision does not link is
  quarantined.

Vote codes (README legend, MARC 967$d): ``Y`` yes, ``N`` no, ``A`` abstain, ``.`` absent ("did not
participate"), ``-`` (blank in the catalogue) a state listed in the roll call with no position
recorded. Blank cells are loaded as ``non_voting``: the official non-voting total counts them with the
absent ones, and keeping them apart from ``absent`` lets the membership check catch roll calls that
list a state that held no seat (Libya after its suspension in 2011, for instance).

Corrections: a missing slash in fifteen HRC decision symbols (``A/HRC/DEC22/117`` -> ``A/HRC/DEC/22/117``)
and a missing bracket in two CHR ones (``E/CN.4/RESII)``) are repaired so that the symbols can be looked
up; whitespace inside symbols is dropped; nothing else is altered.

Vocabulary beyond the schema comments: ``kind`` 'presidential statement' (48 A/HRC/PRST texts) and
``outcome`` 'not considered' (33 amendments the Council never took up); ``modality`` is NULL for texts
withdrawn or not considered, which were never acted on. ``session`` of year-numbered CHR symbols (``E/CN.4/RES/2005/12``) is the year minus 1944 (the
Commission met once a year from its 1st session in 1947 to its 61st in 2005).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ParseError
from ._base import Parsed, Source, quarantine_frame, read_csv_checked
from ._fetch import load_registry

NAME = "hrc-voting"
BASE = "https://raw.githubusercontent.com/lszoszk/hrc-voting/193f2d414c94613d8850b81d47abbec990b47d7b/"
RESOLUTIONS = "data/csv/resolutions.csv"
PAYLOAD = "dashboard/data.js"

SOURCE = Source(
    name=NAME,
    title="OHCHR Voting Records: Commission on Human Rights and Human Rights Council",
    home="https://github.com/lszoszk/hrc-voting",
    base_url=BASE,
    licence="PolyForm Noncommercial 1.0.0 (code and data; commercial use needs the author's licence)",
    citation=(
        "Szoszkiewicz, Ł. (2026). OHCHR Voting Records — CHR · HRC (v1.0.0) [Software]. Zenodo. "
        "https://doi.org/10.5281/zenodo.21281232"
    ),
    coverage="CHR 1946-2006 and HRC 2006-2026: 6,346 decisions, 1,705 recorded votes with 80,158 country votes",
    files=load_registry(NAME, BASE),
)

BODY = {"Commission on Human Rights": "CHR", "Human Rights Council": "HRC"}
POSITION = {"Y": "yes", "N": "no", "A": "abstain", ".": "absent", "-": "non_voting"}

# MARC 591$a vote types -> modality; withdrawn and not-considered texts were never acted on (NULL).
MODALITY = {
    "RECORDED": "recorded",
    "RECORDED, adopted at a closed meeting": "recorded",
    "ADOPTED WITHOUT VOTE": "without a vote",
    "NON-RECORDED": "non-recorded",
    "NON-RECORDED, adopted unanimously": "non-recorded",
    "NON-RECORDED, no voting information available": "unknown",
    "WITHDRAWN": None,
    "NOT CONSIDERED": None,
}

# A document symbol inside free text ("Draft resolution A/HRC/34/L.9 as amended").
_SYMBOL_IN_TEXT = re.compile(r"(?:A/HRC|E/CN\.4)/[A-Za-z0-9.\-/]*[A-Za-z0-9]")
# An L-document, possibly bare ("L.41") when the text gives only its number.
_L_DOC = re.compile(r"(?:(?:A/HRC|E/CN\.4)/(?:S-)?\d+/)?L\.\d+(?:/Rev\.\d+)?(?:/Add\.\d+)?")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_to_int(text: str) -> int:
    total, prev = 0, 0
    for ch in reversed(text):
        value = _ROMAN[ch]
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    return total


def repair_symbol(symbol: str) -> str:
    """The catalogue's symbol with whitespace removed and two typing slips repaired."""
    s = re.sub(r"\s+", "", symbol or "")
    s = re.sub(r"^A/HRC/(RES|DEC)(\d)", r"A/HRC/\1/\2", s)  # A/HRC/DEC22/117
    s = re.sub(r"^E/CN\.4/RES([IVXL]+)\)$", r"E/CN.4/RES(\1)", s)  # E/CN.4/RESII)
    return s


def session_of(symbol: str) -> str | None:
    """The session a symbol names: '37', 'S-33', 'OM-1' (organisational meeting), CHR '61'."""
    if m := re.match(r"^A/HRC/(?:RES|DEC|PRST)/(S-\d+|\d+)/", symbol):
        return m.group(1)
    if m := re.match(r"^A/HRC/(?:RES|DEC)/OM/(\d+)/", symbol):
        return f"OM-{m.group(1)}"
    if m := re.match(r"^A/HRC/(S-\d+|\d+)/L\.", symbol):
        return m.group(1)
    if m := re.match(r"^E/CN\.4/(?:RES|DEC)/(\d{4})/(S-\d+)/", symbol):
        return m.group(2)
    if m := re.match(r"^E/CN\.4/(?:RES|DEC)/(S-\d+)/", symbol):
        return m.group(1)
    if m := re.match(r"^E/CN\.4/(?:RES|DEC)/(\d{4})(?:/|$)", symbol):
        return str(int(m.group(1)) - 1944)
    if m := re.search(r"^E/CN\.4/\D.*?[(\[]([IVXL]+)[)\]]", symbol):  # E/CN.4/RES/7(XXVII), .../II[X]
        return str(roman_to_int(m.group(1)))
    return None


def kind_of(symbol: str, title: str, draft: str) -> str:
    """resolution, decision, amendment, motion or presidential statement, from title and symbol."""
    if re.search(r"\bNo action by vote\b", draft, re.I):
        return "motion"  # a no-action motion on an amendment (HRC 26 and 29, 'Protection of the family')
    if re.search(r"\bamendment\s*/?\s*$", title) or draft.startswith("Amendment"):
        return "amendment"
    if re.search(r"presidential statement\s*/?\s*$", title) or "/PRST/" in symbol:
        return "presidential statement"
    if re.search(r"\bdecision\s*/?\s*$", title) or "/DEC" in symbol:
        return "decision"
    return "resolution"


def _qualify(doc: str, like: str) -> str:
    """Give a bare 'L.41' the prefix of a full symbol of the same session."""
    if doc.startswith("L."):
        prefix = like[: like.index("L.")] if "L." in like else ""
        return prefix + doc
    return doc


def amendment_symbols(draft: str, symbol: str) -> tuple[str | None, str | None]:
    """(amendment, amended draft) from 'Amendment X to draft resolution Y' or 'Amendment to Y X ...'."""
    docs = _L_DOC.findall(draft)
    if draft.startswith("Amendment to") and len(docs) >= 2:
        target, amendment = docs[0], docs[1]
    elif len(docs) >= 2:
        amendment, target = docs[0], docs[1]
    else:
        return (docs[0] if docs else symbol or None), None
    amendment = _qualify(amendment, symbol)
    return amendment, _qualify(target, amendment)


def draft_symbol_of(draft: str) -> str | None:
    """The draft a text was adopted from ('Draft resolution A/HRC/34/L.9 as amended' -> A/HRC/34/L.9)."""
    if not re.match(r"(?i)^draft (resolution|decision|decsion|presidential)", draft):
        return None
    m = _SYMBOL_IN_TEXT.search(draft)
    return m.group(0) if m else None


def outcome_of(kind: str, symbol: str, vote_type: str, draft: str, yes, no) -> str:
    """adopted, rejected, withdrawn, 'not considered' or unknown."""
    if vote_type == "WITHDRAWN":
        return "withdrawn"
    if vote_type == "NOT CONSIDERED":
        return "not considered"
    if re.search(r"(?i)\breject", draft):
        return "rejected"
    if kind == "motion":
        return "adopted" if pd.notna(yes) and pd.notna(no) and yes > no else "rejected"
    if re.search(r"(?i)\badopted\b", draft):
        return "adopted"
    # The catalogue holds adopted texts (RES/DEC/PRST symbols, or none in the early CHR years) plus
    # the L-documents (drafts, amendments) that were voted on; only the latter can have failed.
    if kind in ("resolution", "decision", "presidential statement") and "/L." not in (symbol or ""):
        return "adopted"
    if pd.notna(yes) and pd.notna(no):
        return "adopted" if yes > no else "rejected"  # a tie is rejected (rule 133)
    return "unknown"


def _agenda_item(no: str, title: str) -> str | None:
    no = no.strip().rstrip(".")
    title = re.sub(r"\s*-\s*$", "", title.strip())
    text = " ".join(p for p in (no, title) if p)
    return text or None


def _subjects(text: str) -> str | None:
    tags = [t.strip() for t in text.split(" - ") if t.strip()]
    return "; ".join(dict.fromkeys(tags)) or None


def read_payload(path: Path) -> dict:
    """The dashboard payload: ``window.DATA = {...};`` parsed as JSON."""
    try:
        text = Path(path).read_text(encoding="utf-8").strip()
    except UnicodeDecodeError as exc:
        raise ParseError(f"{path}: a byte that is not UTF-8 at byte {exc.start}; the file is damaged: "
                         "restore it from the source.", source=NAME, file=str(path)) from None
    prefix = "window.DATA = "
    if not text.startswith(prefix):
        raise ParseError(f"{path}: expected the file to start with {prefix!r}, found {text[:30]!r}.",
                         source=NAME, file=str(path), line=1)
    try:
        return json.loads(text[len(prefix):].rstrip(";"))
    except json.JSONDecodeError as exc:
        raise ParseError(f"{path}: the payload is not valid JSON ({exc}); the file is truncated or "
                         "damaged: restore it from the source.", source=NAME, file=str(path)) from exc


def parse_decisions(path: Path) -> pd.DataFrame:
    # The harvest holds 6,346 records; the payload's own count is checked against it in parse().
    raw = read_csv_checked(path, source=NAME, min_rows=1000, what="records")
    expected = {"record_id", "symbol", "title", "date", "body", "vote_type", "draft", "yes", "no",
                "abstain", "nonvoting", "agenda_item_no", "agenda_item_title", "agenda_subject",
                "main_sponsors", "url_resolution", "record_url"}
    if missing := expected - set(raw.columns):
        raise ParseError(f"{path}: columns {sorted(missing)} missing; is this hrc-voting's resolutions.csv?",
                         source=NAME, file=str(path), line=1)
    symbol = raw["symbol"].map(repair_symbol)
    title = raw["title"].str.strip()
    draft = raw["draft"].str.strip()
    kind = [kind_of(s, t, d) for s, t, d in zip(symbol, title, draft)]
    totals = {c: pd.to_numeric(raw[c].replace("", None), errors="coerce").astype("Int64")
              for c in ("yes", "no", "abstain", "nonvoting")}
    draft_symbol, amended = [], []
    for s, d, k in zip(symbol, draft, kind):
        if k in ("amendment", "motion"):
            amendment, target = amendment_symbols(d, s)
            draft_symbol.append(amendment)
            amended.append(target)
        else:
            draft_symbol.append(draft_symbol_of(d))
            amended.append(None)
    out = pd.DataFrame({
        "decision_id": NAME + ":" + raw["record_id"],
        "body_id": raw["body"].map(BODY),
        "symbol": symbol.replace("", None),
        "draft_symbol": draft_symbol,
        "kind": kind,
        "title": title.str.replace(r"\s*:\s*(resolution|decision|amendment|presidential statement)\s*/\s*$", "",
                                   regex=True),
        "date": pd.to_datetime(raw["date"], errors="coerce").dt.date,
        "year": pd.to_numeric(raw["year"], errors="coerce").astype("Int64"),
        "session": symbol.map(session_of),
        "agenda_item": [_agenda_item(n, t) for n, t in zip(raw["agenda_item_no"], raw["agenda_item_title"])],
        "subjects": raw["agenda_subject"].map(_subjects),
        "sponsors": raw["main_sponsors"].str.strip().replace("", None),
        "modality": raw["vote_type"].map(MODALITY),
        "outcome": [outcome_of(k, s, v, d, y, n) for k, s, v, d, y, n in
                    zip(kind, symbol, raw["vote_type"], draft, totals["yes"], totals["no"])],
        "yes": totals["yes"],
        "no": totals["no"],
        "abstain": totals["abstain"],
        "non_voting": totals["nonvoting"],
        "url": raw["url_resolution"].replace("", None).fillna(raw["record_url"]),
        "source": NAME,
    })
    out["amends"] = link_amendments(out, pd.Series(amended, index=out.index))
    return out


def _strip_revision(symbol):
    return re.sub(r"/Rev\.\d+$", "", symbol) if isinstance(symbol, str) else symbol


def link_amendments(decisions: pd.DataFrame, amended: pd.Series) -> pd.Series:
    """decision_id of the text each amendment (or motion) amends: the decision adopted from that draft,
    or else the L-document itself when it was voted on under its own symbol (a rejected draft)."""
    by_draft: dict[str, str] = {}
    for key_of in (_strip_revision, lambda s: s):  # exact symbols win over revision-less ones
        for col in ("symbol", "draft_symbol"):
            sub = decisions.loc[decisions["kind"].isin(["resolution", "decision"]) & decisions[col].notna()]
            for sym, did in zip(sub[col], sub["decision_id"]):
                by_draft[key_of(sym)] = did
    return amended.map(lambda s: by_draft.get(s) or by_draft.get(_strip_revision(s)) if isinstance(s, str) else None)


def parse_votes(path: Path, record_ids: set[str]) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """(votes, quarantine, cells read) from the payload's per-state vote strings."""
    data = read_payload(path)
    try:
        res_ids = np.array([str(r["id"]) for r in data["res"]], dtype=object)
        per_state = data["votes"]
    except (KeyError, TypeError) as exc:
        raise ParseError(f"{path}: payload lacks 'res' or 'votes' ({exc}).", source=NAME, file=str(path)) from exc
    iso, idx, codes = [], [], []
    for state, cells in per_state.items():
        r, v = cells["r"], cells["v"]
        if len(r) != len(v):
            raise ParseError(f"{path}: state {state} has {len(r)} decisions but {len(v)} vote codes.",
                             source=NAME, file=str(path))
        iso.extend([state] * len(r))
        idx.extend(r)
        codes.extend(v)
    idx = np.asarray(idx, dtype=np.int64)
    codes = pd.Series(codes, dtype=object)
    ids = pd.Series(res_ids[idx])
    frame = pd.DataFrame({
        "decision_id": NAME + ":" + ids,
        "iso3": iso,
        "position": codes.map(POSITION),
        "source": NAME,
    })
    unlinked = ~ids.isin(record_ids)
    bad_code = frame["position"].isna()
    bad = unlinked | bad_code
    quarantine = quarantine_frame([
        {"file": PAYLOAD, "row": f"votes[{s}] res[{i}]",
         "reason": ("decision not in resolutions.csv" if u else f"unknown vote code {c!r}"),
         "raw": f"{s} {rid} {c}"}
        for s, i, rid, c, u in zip(frame.loc[bad, "iso3"], idx[bad.to_numpy()], ids[bad], codes[bad], unlinked[bad])
    ])
    return frame.loc[~bad].reset_index(drop=True), quarantine, len(frame)


def parse(paths: dict[str, Path]) -> Parsed:
    decisions = parse_decisions(paths[RESOLUTIONS])
    # The two files are one harvest: the payload lists every record (resAll), so the CSV must hold
    # as many; a CSV cut short at a line boundary is caught here.
    listed = len(read_payload(paths[PAYLOAD]).get("resAll", []) or [])
    if listed and listed != len(decisions):
        raise ParseError(f"{NAME}: {paths[RESOLUTIONS]} holds {len(decisions):,} records but the "
                         f"harvest's payload lists {listed:,}; one of the files is truncated or from "
                         "another harvest: restore both from the source.", source=NAME,
                         file=str(paths[RESOLUTIONS]))
    record_ids = set(decisions["decision_id"].str.removeprefix(NAME + ":"))
    votes, quarantine, n_cells = parse_votes(paths[PAYLOAD], record_ids)
    # The harvest codes the Commission's 'China' CHN throughout; the date lets the resolver give the
    # votes cast before 25 Oct 1971 to the Republic of China (TWN), which then held the seat.
    when = decisions.set_index("decision_id")["date"]
    votes["state_date"] = votes["decision_id"].map(when).to_numpy()
    return Parsed(
        tables={"decisions": decisions, "votes": votes},
        read={RESOLUTIONS: len(decisions), PAYLOAD: n_cells},
        quarantine=quarantine,
    )


def linked_payload(path: Path, record_ids: set[str]) -> tuple[int, int]:
    """(recorded decisions in the payload, how many link to a resolutions.csv row by record id)."""
    data = read_payload(path)
    ids = [str(r["id"]) for r in data["res"]]
    return len(ids), sum(i in record_ids for i in ids)


def regional_groups(path: Path) -> pd.DataFrame:
    """The UN regional group the harvest gives each of its states (``iso3, group_id``), for cross-checks."""
    countries = read_payload(path).get("countries", [])
    frame = pd.DataFrame(countries, columns=["iso3", "group"]).rename(columns={"group": "group_id"})
    return frame[frame["group_id"].astype(bool)].reset_index(drop=True)
