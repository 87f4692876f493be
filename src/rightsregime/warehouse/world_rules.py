"""Checks that a rule of the world makes, run on the built tables: what no true record can say.

Each check is a pure function of canonical tables that returns ``reconciliation`` rows
(``what`` = ``world rule: ...``; ``symbol`` names the record, e.g. ``OP-CRPD ROU``; ``expected`` is
what the rule requires, ``found`` what the record says). Nothing is changed here: a violation is a
lead for a correction with a citation (``regime/data/errata.csv``, the supplement) or a rule in the
source module, as these checks led to E056-E062 and to the UPR rows of South Sudan.

The rules:

* ``ratified_before_adopted``: no state ratifies an instrument before the General Assembly adopted
  it (``instruments.adopted``).
* ``protocol_before_parent``: only a party to the parent treaty can become a party to the ICCPR's two
  Optional Protocols (OP1 art. 8, OP2 art. 7), the OP-ICESCR (art. 17), the OP-CEDAW (art. 15), the
  OPCAT (art. 27) and the OP-CRPD (art. 10); the Protocol's year cannot precede the parent's. (The
  CRC's Protocols on children in armed conflict and on sale of children are open to signatories of
  the Convention, so the United States' ratifications of 2002 are not violations.)
* ``reviewed_before_admission``: the UPR reviews UN Member States; no state is under review at a
  session that opened before it was admitted.
* ``more_votes_than_members``: the official totals of a CHR or HRC vote cannot exceed the body's
  seats (HRC 47; CHR 53 from 1992, fewer before), nor can its roll call list more members.
* ``voted_outside_membership``: a state votes in the General Assembly only between its admission
  and the day it left (dissolution, merger).
"""
from __future__ import annotations

import pandas as pd

from .schema import TABLES

RECONCILIATION_COLUMNS = list(TABLES["reconciliation"])
PROTOCOLS_NEEDING_PARENT = ("ICCPR-OP1", "ICCPR-OP2", "OP-ICESCR", "OP-CEDAW", "OPCAT", "OP-CRPD")
# Seats of the Commission by the year from which they held (ECOSOC resolutions; the HRC has 47).


def _rows(frame: pd.DataFrame, rule: str, symbol, expected, found, source="world-rules",
          decision_id=None) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(columns=RECONCILIATION_COLUMNS)
    return pd.DataFrame({
        "decision_id": decision_id if decision_id is not None else None,
        "symbol": symbol, "what": f"world rule: {rule}", "expected": expected, "found": found,
        "source": source,
    }).reindex(columns=RECONCILIATION_COLUMNS)


def ratified_before_adopted(ratifications: pd.DataFrame, instruments: pd.DataFrame) -> pd.DataFrame:
    r = ratifications.merge(instruments[["instrument_id", "adopted"]], on="instrument_id")
    adopted = pd.to_datetime(r["adopted"]).dt.year
    bad = r[r["year"].notna() & (pd.to_numeric(r["year"]) < adopted)]
    return _rows(bad, "ratified before the instrument was adopted", bad["instrument_id"] + " " + bad["iso3"],
                 "year >= " + adopted[bad.index].astype(str), bad["year"].astype(str), bad["source"])


def protocol_before_parent(ratifications: pd.DataFrame, instruments: pd.DataFrame) -> pd.DataFrame:
    parent = instruments.set_index("instrument_id")["parent"]
    op = ratifications[ratifications["instrument_id"].isin(PROTOCOLS_NEEDING_PARENT)
                       & (ratifications["status"] == "party")].copy()
    op["parent"] = op["instrument_id"].map(parent)
    both = op.merge(ratifications[["instrument_id", "iso3", "status", "year"]],
                    left_on=["parent", "iso3"], right_on=["instrument_id", "iso3"], how="left",
                    suffixes=("", "_parent"))
    not_party = both["status_parent"] != "party"
    earlier = ~not_party & (pd.to_numeric(both["year"]) < pd.to_numeric(both["year_parent"]))
    bad = both[not_party | earlier]
    found = [f"party {y}; {p} {s}" if s != "party" else f"party {y}; {p} party {int(yp)}"
             for y, p, s, yp in zip(bad["year"], bad["parent"], bad["status_parent"].fillna("none"),
                                    bad["year_parent"])]
    return _rows(bad, "protocol party before the parent treaty", bad["instrument_id"] + " " + bad["iso3"],
                 "party to " + bad["parent"] + " first", found, bad["source"])


def reviewed_before_admission(reviews: pd.DataFrame, states: pd.DataFrame,
                              session_opened: dict[int, str]) -> pd.DataFrame:
    r = reviews[reviews["session"].notna()].merge(states[["iso3", "admitted"]], left_on="under_review",
                                                   right_on="iso3")
    opened = pd.to_datetime(r["session"].astype(int).map(session_opened))
    bad = r[opened < pd.to_datetime(r["admitted"])]
    return _rows(bad, "under UPR review before UN admission",
                 "UPR session " + bad["session"].astype(int).astype(str) + " " + bad["under_review"],
                 "admitted by " + opened[bad.index].dt.date.astype(str),
                 "admitted " + pd.to_datetime(bad["admitted"]).dt.date.astype(str), bad["source"])


def seats(body: str, year) -> int | None:
    """The body's seats in ``year``, from the regime's one home for them (``regime/``)."""
    from ..regime import HRC_SIZE
    from ..regime.commission import chr_size

    if body == "HRC":
        return HRC_SIZE
    if body == "CHR" and pd.notna(year):
        return chr_size(int(year))
    return None


def more_votes_than_members(decisions: pd.DataFrame, votes: pd.DataFrame) -> pd.DataFrame:
    d = decisions[decisions["body_id"].isin(["HRC", "CHR"])].copy()
    d["seats"] = [seats(b, y) for b, y in zip(d["body_id"], d["year"])]
    d = d[d["seats"].notna()]
    totals = d[["yes", "no", "abstain", "non_voting"]].apply(pd.to_numeric, errors="coerce").fillna(0).sum(axis=1)
    import duckdb

    con = duckdb.connect()  # counting a million string keys: DuckDB rather than pandas isin
    try:
        con.register("v", votes[["decision_id"]])
        con.register("d", d[["decision_id"]])
        listed = con.execute("SELECT decision_id, count(*) AS n FROM v JOIN d USING (decision_id) "
                             "GROUP BY decision_id").df().set_index("decision_id")["n"]
    finally:
        con.close()
    d["listed"] = d["decision_id"].map(listed).fillna(0)
    over_totals = d[totals > d["seats"]]
    over_roll = d[d["listed"] > d["seats"]]
    return pd.concat([
        _rows(over_totals, "official totals exceed the seats", over_totals["symbol"],
              "at most " + over_totals["seats"].astype(int).astype(str),
              totals[over_totals.index].astype(int).astype(str), over_totals["source"],
              over_totals["decision_id"]),
        _rows(over_roll, "roll call lists more members than seats", over_roll["symbol"],
              "at most " + over_roll["seats"].astype(int).astype(str),
              over_roll["listed"].astype(int).astype(str), over_roll["source"], over_roll["decision_id"]),
    ], ignore_index=True)


def voted_outside_membership(decisions: pd.DataFrame, votes: pd.DataFrame, states: pd.DataFrame) -> pd.DataFrame:
    import duckdb

    # A join over a million votes: DuckDB, not pandas merges (benchmarks/world_rules.py: 0.48 s
    # against 1.56 s on the full record, on a loaded machine).
    con = duckdb.connect()
    try:
        for name, frame in (("d", decisions[["decision_id", "symbol", "date", "source", "body_id"]]),
                            ("v", votes[["decision_id", "iso3"]]),
                            ("s", states[["iso3", "admitted", "left"]].drop_duplicates("iso3"))):
            con.register(name, frame)
        bad = con.execute("""
            SELECT v.decision_id, v.iso3, d.symbol, d.source, CAST(d.date AS DATE) AS date,
                   CAST(s.admitted AS DATE) AS admitted, CAST(s."left" AS DATE) AS "left"
            FROM v JOIN d USING (decision_id) JOIN s USING (iso3)
            WHERE d.body_id = 'GA' AND (CAST(d.date AS DATE) < CAST(s.admitted AS DATE)
                  OR (s."left" IS NOT NULL AND CAST(d.date AS DATE) >= CAST(s."left" AS DATE)))
            ORDER BY d.date, v.iso3""").df()
    finally:
        con.close()
    return _rows(bad, "GA vote outside the state's UN membership",
                 bad["symbol"].fillna(bad["decision_id"]) + " " + bad["iso3"],
                 "member from " + bad["admitted"].astype(str)
                 + bad["left"].map(lambda x: "" if pd.isna(x) else f" until {pd.Timestamp(x).date()}"),
                 "voted " + bad["date"].astype(str), bad["source"], bad["decision_id"])


def check_world_rules(tables: dict[str, pd.DataFrame], session_opened: dict[int, str] | None = None) -> pd.DataFrame:
    """Every violation of the rules above, as ``reconciliation`` rows."""
    frames = []
    if "ratifications" in tables and "instruments" in tables:
        frames += [ratified_before_adopted(tables["ratifications"], tables["instruments"]),
                   protocol_before_parent(tables["ratifications"], tables["instruments"])]
    if session_opened and "upr_reviews" in tables:
        frames.append(reviewed_before_admission(tables["upr_reviews"], tables["states"], session_opened))
    frames.append(more_votes_than_members(tables["decisions"], tables["votes"]))
    frames.append(voted_outside_membership(tables["decisions"], tables["votes"], tables["states"]))
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=RECONCILIATION_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def summary(reconciliation: pd.DataFrame) -> pd.Series:
    """Violations per rule."""
    rules = reconciliation[reconciliation["what"].str.startswith("world rule: ", na=False)]
    return rules["what"].str.removeprefix("world rule: ").value_counts()
