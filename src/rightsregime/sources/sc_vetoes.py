"""Security Council vetoes 1946-2022 (world-politics-datalab, from the Dag Hammarskjöld Library list).

File ``unsc_vetoes_1946_sept2022.csv``: one row per vetoed draft resolution, with ``date``
(month/day/year), ``draft`` (the draft's symbol, or for some early vetoes only the meeting record
``S/PV.n``), ``meeting_record``, ``agenda_item``, ``crisis_topic``, ``region`` and the vetoing
permanent members by name in ``member_veto1``-``member_veto3`` ("USSR", "Russia", "USA", "UK",
"France", "China").

What a record is: a CSV row (-> one ``decisions`` row: body SC, kind ``draft``, outcome
``rejected``) and a vetoing member named in ``member_veto1``-``3`` (-> one ``votes`` row, position
``no``, with ``state_date`` so that "China" before 1971 is the Republic of China and "USSR" the
Soviet Union). The file does not give the other members' votes nor the totals.

Choices and known faults:

* The README calls ``member_veto1``-``3`` dummies; they hold names, and the names are used. The
  P5 dummy columns (``China`` ... ``UK``) are incomplete: 26 rows name a vetoing member whose dummy
  is 0 (e.g. the 1975-76 US vetoes, S/11795 and S/11796), so they are not read.
* ``decision_id`` is ``unsc-vetoes:<row>`` (1-based data row): the draft column is not unique
  (three vetoes at meeting S/PV.49 share it). ``symbol`` and ``draft_symbol`` hold the draft's
  symbol, the first ``S/...`` document symbol in ``draft`` ("S/9696 and Corr.1 & 2" -> S/9696);
  when ``draft`` is only a meeting record (``S/PV.49``) or a typing error (``S/PV.3038``) they are
  empty and the meeting stays in no column.
* ``title`` and ``agenda_item`` are the Council's agenda item; ``subjects`` joins the source's
  ``crisis_topic`` and ``region``.
* The last veto in the file is that of 8 July 2022 (S/2022/538, Syria), despite the file name. The
  Russian veto of 30 September 2022 (S/2022/720, the purported annexation of four Ukrainian
  regions) and every later veto are missing; they are not added here.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ParseError
from ._base import Parsed, Source, quarantine_frame, read_csv_checked
from ._fetch import load_registry

NAME = "unsc-vetoes"
BASE = "https://raw.githubusercontent.com/world-politics-datalab/vetoes-un-security-council/661c5246872143cf16e500e4e7f2f70a45df5ac8/"
SOURCE = Source(
    name=NAME,
    title="List of UN Security Council vetoes, 1946-2022",
    home="https://github.com/world-politics-datalab/vetoes-un-security-council",
    base_url=BASE,
    licence="MIT",
    citation=(
        "Carlos L. Yordan, List of UN Security Council Vetoes (1946-2022), world-politics-datalab/"
        "vetoes-un-security-council (2023), from the Dag Hammarskjöld Library, "
        "https://research.un.org/en/docs/sc/quick/veto"
    ),
    coverage="vetoed draft resolutions, 16 February 1946 - 8 July 2022",
    files=load_registry(NAME, BASE),
)

FILE = "unsc_vetoes_1946_sept2022.csv"
LAST_YEAR = 2022
COLUMNS = ["date", "draft", "meeting_record", "agenda_item", "crisis_topic", "region",
           "member_veto1", "member_veto2", "member_veto3"]
VETO_COLUMNS = ["member_veto1", "member_veto2", "member_veto3"]
PERMANENT_MEMBER_NAMES = {"USSR", "Russia", "USA", "UK", "France", "China"}
_DRAFT = re.compile(r"S/(?!PV\.)\d+(?:/\d+)?(?:/(?:Rev|Corr|Add)\.\d+)*")


def draft_symbol(text: str) -> str | None:
    """The first draft symbol in the ``draft`` cell; ``None`` for a meeting record.

    >>> draft_symbol("S/9696 and Corr.1 & 2")
    'S/9696'
    >>> draft_symbol("S/2022/538"), draft_symbol("S/PV.49")
    ('S/2022/538', None)
    """
    m = _DRAFT.search(text or "")
    return m.group(0) if m else None


def parse(paths: dict[str, Path]) -> Parsed:
    path = paths[FILE]
    # The pinned file lists 216 vetoes, 1946 to 8 July 2022 (its name: to September 2022), in date
    # order: a copy cut short has fewer rows and ends years early.
    df = read_csv_checked(path, source=NAME, min_rows=200, what="vetoes")
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise ParseError(f"{path}: columns {missing} missing (found {list(df.columns)}).", source=NAME, file=str(path))
    last = pd.to_numeric(df["year"], errors="coerce").max()
    if not last >= LAST_YEAR:
        raise ParseError(f"{NAME}: {path}: the last veto is of {last:.0f}, but the file's name says it runs "
                         f"to September {LAST_YEAR}; the file looks truncated: restore it from the source.",
                         source=NAME, file=str(path))

    date = pd.to_datetime(df["date"], format="%m/%d/%Y", errors="coerce")
    names = df[VETO_COLUMNS].apply(lambda c: c.str.strip())
    unknown = ~names.isin(PERMANENT_MEMBER_NAMES) & (names != "")
    bad_row = (date.isna() | (names == "").all(axis=1) | unknown.any(axis=1)).to_numpy()
    quarantine = [
        {"file": FILE, "row": str(i + 2), "reason": "bad date, no vetoing member or unknown member name",
         "raw": ",".join(df.loc[i, COLUMNS])}
        for i in np.flatnonzero(bad_row)
    ]
    ok = ~bad_row
    decision_id = np.array([f"{NAME}:{i + 1}" for i in range(len(df))], dtype=object)
    draft = [draft_symbol(d) for d in df["draft"]]
    subjects = (df["crisis_topic"].str.strip() + "; " + df["region"].str.strip()).str.strip("; ")
    decisions = pd.DataFrame({
        "decision_id": decision_id,
        "body_id": "SC",
        "symbol": draft,
        "draft_symbol": draft,
        "kind": "draft",
        "title": df["agenda_item"].str.strip().replace("", None),
        "date": date.to_numpy(),
        "year": date.dt.year.astype("Int64").array,
        "agenda_item": df["agenda_item"].str.strip().replace("", None),
        "subjects": subjects.replace("", None),
        "modality": "recorded",
        "outcome": "rejected",
        "source": NAME,
    })[ok].reset_index(drop=True)

    long = names[ok].stack()
    long = long[long != ""]
    rows = long.index.get_level_values(0).to_numpy()
    votes = pd.DataFrame({
        "decision_id": decision_id[rows],
        "iso3": long.to_numpy(dtype=object),
        "position": "no",
        "state_date": date.to_numpy()[rows],
        "source": NAME,
    })
    n_names = int((names[ok] != "").to_numpy().sum())
    return Parsed(tables={"decisions": decisions, "votes": votes},
                  read={FILE: int(ok.sum()) + n_names + int(bad_row.sum())},
                  quarantine=quarantine_frame(quarantine))
