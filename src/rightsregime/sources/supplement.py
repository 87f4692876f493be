"""The decisive votes that no harvest holds: a curated, cited supplement shipped with the package.

The CHR harvest (``hrc-voting``) catalogues adopted texts: the drafts the Commission rejected or never
voted on, and most procedural motions, are absent, among them the no-action motions that stopped every
draft resolution on the situation of human rights in China from 1990 to 2004 (the exception: 1995,
when the motion failed 22-22-9 and the draft itself was rejected 20-21-12). The HRC harvests lack
rejected draft decisions such as A/HRC/51/L.6 (a debate on Xinjiang, rejected 17-19-11 on
6 October 2022). This source adds them from two files in ``regime/data``, each row with a citation
(a UN document or press release, or a named secondary source with its URL) and a confidence mark
(``C`` corroborated by two independent sources or an official record, ``M`` widely reported):

* ``supplement_decisions.csv``: one record per row = one draft, motion or decision: ``symbol`` (the
  document symbol, or a stable id such as ``E/CN.4/1996/motion-china`` when the record gives none),
  ``body``, ``date``, ``session``, ``title``, ``kind`` (resolution, decision, amendment,
  no_action_motion), ``targets`` (the draft a motion or amendment concerns), ``state_concerned``,
  ``outcome`` (adopted, rejected, no action: never voted because a no-action motion carried),
  official ``yes/no/abstain/non_voting`` where reported, ``citation``, ``confidence``, ``note``;
* ``supplement_positions.csv``: one record per row = one state's position on one supplement decision,
  where a public record lists them (``symbol, iso3, position, citation, confidence``).

Rows whose symbol a harvest already holds (the CHR decisions 1990/106, 1992/116, 1993/110 and
1994/108 on China, which are decisions on no-action motions; GA A/RES/57/199) are merged into
``hrc-voting`` and ``unvotes`` like a second harvest (``merge_into``): their totals and dates are
cross-checked in ``reconciliation``, and :func:`apply_to_harvests` records on the harvest's row what
the supplement adds (a motion and the draft it blocked, official totals, a corroborated date). A row without a citation or a confidence mark, with an unknown kind, outcome or position,
or a position on a decision the file does not hold, is quarantined, not loaded.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import ParseError
from ..regime import data_path
from ._base import Parsed, Source, quarantine_frame

NAME = "rightsregime-supplement"
DECISIONS_FILE = "regime/data/supplement_decisions.csv"
POSITIONS_FILE = "regime/data/supplement_positions.csv"

SOURCE = Source(
    name=NAME,
    title="Decisive votes missing from the harvests (curated supplement)",
    home="https://github.com/rightsregime/rightsregime/tree/main/src/rightsregime/regime/data",
    base_url="",
    licence="AGPL-3.0-or-later (this package); the facts are public UN records, each row cites its source",
    citation="rightsregime, regime/data/supplement_decisions.csv and supplement_positions.csv (every row cited)",
    coverage="CHR no-action motions and drafts on China 1990-2004; HRC draft decision A/HRC/51/L.6 (2022)",
    files=(),
    merge_into=("hrc-voting", "unvotes"),
)

DECISION_COLUMNS = ["symbol", "body", "date", "session", "title", "kind", "targets", "state_concerned",
                    "outcome", "yes", "no", "abstain", "non_voting", "citation", "confidence", "note"]
POSITION_COLUMNS = ["symbol", "iso3", "position", "citation", "confidence"]
KIND = {"resolution": "resolution", "decision": "decision", "amendment": "amendment",
        "no_action_motion": "motion"}
OUTCOMES = ("adopted", "rejected", "no action")
POSITIONS = ("yes", "no", "abstain", "non_voting", "absent")
CONFIDENCE = ("C", "M")
TOTALS = ("yes", "no", "abstain", "non_voting")


def decision_id(symbol: str) -> str:
    return f"{NAME}:{symbol}"


def _read(name: str, columns: list[str], file: str) -> pd.DataFrame:
    with data_path(name).open(encoding="utf-8") as fh:
        df = pd.read_csv(fh, dtype=str, keep_default_na=False)
    missing = set(columns) - set(df.columns)
    if missing:
        raise ParseError(f"{file}: missing columns {sorted(missing)}; found {list(df.columns)}. "
                         "Restore the header.", source=NAME, file=file)
    return df.apply(lambda col: col.str.strip())


def read_decisions() -> pd.DataFrame:
    """The supplement's decision rows as written (strings)."""
    return _read("supplement_decisions.csv", DECISION_COLUMNS, DECISIONS_FILE)


def read_positions() -> pd.DataFrame:
    """The supplement's position rows as written (strings)."""
    return _read("supplement_positions.csv", POSITION_COLUMNS, POSITIONS_FILE)


def _decision_fault(r) -> str | None:
    if not r["citation"]:
        return "no citation: a row that cannot be cited is not loaded"
    if r["confidence"] not in CONFIDENCE:
        return f"confidence {r['confidence']!r}; expected C or M"
    if r["kind"] not in KIND:
        return f"kind {r['kind']!r}; expected one of {', '.join(KIND)}"
    if r["outcome"] not in OUTCOMES:
        return f"outcome {r['outcome']!r}; expected one of {', '.join(OUTCOMES)}"
    if pd.isna(pd.to_datetime(r["date"], format="%Y-%m-%d", errors="coerce")):
        return f"date {r['date']!r}; expected YYYY-MM-DD"
    for col in TOTALS:
        if r[col] and not r[col].isdigit():
            return f"{col} total {r[col]!r} is not a count"
    return None


def parse(paths: dict[str, Path] | None = None) -> Parsed:
    raw = read_decisions()
    faults = raw.apply(_decision_fault, axis=1)
    quarantine = [{"file": DECISIONS_FILE, "row": str(i + 2), "reason": f, "raw": s}
                  for i, (f, s) in enumerate(zip(faults, raw["symbol"])) if f]
    dec = raw[faults.isna()]
    ids = dec["symbol"].map(decision_id)
    date = pd.to_datetime(dec["date"], format="%Y-%m-%d")
    # A motion or amendment names the draft it concerns; a draft's own symbol is its draft symbol
    # when it is an L-document (a stable id is not a document).
    is_l_doc = dec["symbol"].str.contains(r"/L\.\d", regex=True)
    decisions = pd.DataFrame({
        "decision_id": ids,
        "body_id": dec["body"],
        "symbol": dec["symbol"],
        "draft_symbol": dec["targets"].where(dec["targets"] != "", dec["symbol"].where(is_l_doc)),
        "kind": dec["kind"].map(KIND),
        "amends": dec["targets"].map(lambda t: decision_id(t) if t else None),
        "title": dec["title"],
        "date": date.dt.date,
        "year": date.dt.year.astype("Int64"),
        "session": dec["session"].replace("", None),
        "subjects": dec["state_concerned"].map(lambda s: f"country situation: {s}" if s else None),
        # A draft stopped by a no-action motion was never put to the vote.
        "modality": dec["outcome"].map(lambda o: "not voted" if o == "no action" else "recorded"),
        "outcome": dec["outcome"],
        **{col: pd.to_numeric(dec[col].replace("", None)).astype("Int64") for col in TOTALS},
        "url": dec["symbol"].where(is_l_doc | dec["symbol"].str.contains("/DEC/")).map(
            lambda s: f"https://undocs.org/{s}" if isinstance(s, str) else None),
        "source": NAME,
    })
    citations = pd.DataFrame({"decision_id": ids, "citation": dec["citation"],
                              "confidence": dec["confidence"], "note": dec["note"].replace("", None),
                              "source": NAME})

    pos = read_positions()
    n_positions = len(pos)
    known = set(dec["symbol"])
    pos_faults = pos.apply(
        lambda r: ("no citation" if not r["citation"] else
                   f"confidence {r['confidence']!r}; expected C or M" if r["confidence"] not in CONFIDENCE else
                   f"position {r['position']!r}; expected one of {', '.join(POSITIONS)}"
                   if r["position"] not in POSITIONS else
                   f"decision {r['symbol']} is not in {DECISIONS_FILE}" if r["symbol"] not in known else None),
        axis=1)
    quarantine += [{"file": POSITIONS_FILE, "row": str(i + 2), "reason": f, "raw": f"{s} {c}"}
                   for i, (f, s, c) in enumerate(zip(pos_faults, pos["symbol"], pos["iso3"])) if f]
    pos = pos[pos_faults.isna()]
    votes = pd.DataFrame({"decision_id": pos["symbol"].map(decision_id), "iso3": pos["iso3"],
                          "position": pos["position"], "source": NAME,
                          "state_date": pos["symbol"].map(dict(zip(dec["symbol"], date)))})
    return Parsed(
        tables={"decisions": decisions.reset_index(drop=True), "votes": votes.reset_index(drop=True),
                "citations": citations.reset_index(drop=True)},
        # The citations table restates each loaded decision row's citation: counted as its own records
        # so that read == loaded + merged + quarantined holds (merged decisions keep their citation).
        read={DECISIONS_FILE: len(raw), POSITIONS_FILE: n_positions,
              f"{DECISIONS_FILE} (citations)": len(citations)},
        quarantine=quarantine_frame(quarantine),
    )


def apply_to_harvests(decisions: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Record on a harvest's decision what the supplement knows about it; every change is listed.

    A supplement row whose symbol a harvest holds was merged away (it re-states that record). Here:

    * a no-action motion: the CHR harvest catalogues the Commission's decisions on the no-action
      motions on China (E/CN.4/DEC/1990/106 ...) as plain decisions; they take ``kind = 'motion'``
      and ``amends`` = the supplement's draft, so ``sequence`` shows the motion before the draft and
      ``replay`` treats it as procedural;
    * official totals the harvest lacks (unvotes has none) are taken from the supplement;
    * a date that a corroborated row (``C``) contradicts is corrected (unvotes dates A/RES/57/199
      5 December 2002; the Assembly adopted it on 18 December, GA/10124).

    Returns (decisions, reconciliation rows saying what changed and why).
    """
    from ..warehouse.merge import normalise_symbol

    sup = read_decisions()
    sup = sup.assign(key=sup["symbol"].map(normalise_symbol)).drop_duplicates("key").set_index("key")
    key = decisions["symbol"].map(normalise_symbol)
    hit = key.isin(sup.index) & (decisions["source"] != NAME)
    decisions = decisions.copy()
    rows = []

    def note(i, what, expected, found):
        rows.append({"decision_id": decisions.at[i, "decision_id"], "symbol": decisions.at[i, "symbol"],
                     "what": what, "expected": expected, "found": found, "source": NAME})

    for i in decisions.index[hit]:
        r = sup.loc[key[i]]
        if r["kind"] == "no_action_motion" and r["targets"] and decisions.at[i, "kind"] != "motion":
            note(i, "kind (supplement: a no-action motion)", decisions.at[i, "kind"], f"motion on {r['targets']}")
            decisions.at[i, "kind"] = "motion"
            decisions.at[i, "amends"] = decision_id(r["targets"])
            decisions.at[i, "draft_symbol"] = r["targets"]
        given = [r[c] for c in TOTALS[:3]]
        if all(given) and all(pd.isna(decisions.at[i, c]) for c in TOTALS[:3]):
            note(i, "official totals (supplement; the source has none)", "none", "-".join(given))
            for c in TOTALS:
                if r[c]:
                    decisions.at[i, c] = int(r[c])
        day = pd.Timestamp(r["date"]).date()
        if r["confidence"] == "C" and pd.notna(decisions.at[i, "date"]) and \
                pd.Timestamp(decisions.at[i, "date"]).date() != day:
            note(i, "date corrected (supplement)", str(pd.Timestamp(decisions.at[i, "date"]).date()), str(day))
            decisions.at[i, "date"] = day
            decisions.at[i, "year"] = day.year
    return decisions, pd.DataFrame(rows, columns=["decision_id", "symbol", "what", "expected", "found",
                                                  "source"])
