"""Membership events (suspensions, withdrawals, by-elections) from one cited table, and what uses them.

Facts: GA res 65/265 suspended Libya's rights of membership on 1 March 2011 (adopted without a vote);
GA res 66/11 restored them on 18 November 2011 (123-4-6); the United States left on 19 June 2018 and
Iceland was elected to its seat on 13 July 2018 to 31 December 2019; GA res ES-11/3 suspended Russia
on 7 April 2022 (93-24-58), which withdrew the same day; Czechia was elected to its seat on 10 May
2022 to 31 December 2023 (citations in ``regime/data/hrc_membership_events.csv``).
"""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

from rightsregime.regime.council import membership_events, not_sitting_on, seats_filled


def run(*args, db=None):
    cmd = [sys.executable, "-m", "rightsregime", *args]
    if db is not None:
        cmd += ["--db", str(db)]
    return subprocess.run(cmd, capture_output=True, text=True)


def test_every_event_is_cited_and_dated():
    events = membership_events()
    assert set(events["event"]) == {"suspended", "reinstated", "withdrew", "elected"}
    assert events["citation"].str.len().min() > 60 and events["confidence"].isin(["C", "M"]).all()
    libya = events[events["iso3"] == "LBY"].set_index("event")["date"].to_dict()
    assert libya == {"suspended": date(2011, 3, 1), "reinstated": date(2011, 11, 18)}
    assert events.loc[events["iso3"] == "ISL", "term_end"].tolist() == [date(2019, 12, 31)]


def test_seats_filled_on_a_date():
    """47 seats; one fewer while Libya was suspended and while a withdrawn member's seat was vacant."""
    assert seats_filled(date(2011, 2, 28)) == 47
    assert seats_filled(date(2011, 3, 1)) == 46
    assert seats_filled(date(2011, 11, 17)) == 46
    assert seats_filled(date(2011, 11, 18)) == 47
    assert seats_filled(date(2018, 7, 12)) == 46 and seats_filled(date(2018, 7, 13)) == 47
    assert seats_filled(date(2022, 4, 7)) == 46 and seats_filled(date(2022, 5, 10)) == 47


def test_who_could_not_sit():
    assert not_sitting_on(date(2011, 6, 1)) == {"LBY"}
    assert not_sitting_on(date(2018, 9, 1)) == {"USA"}  # until the end of the term Iceland completed
    assert not_sitting_on(date(2021, 3, 23)) == set()  # the United States sat again from 2022 (elected)


def test_libya_not_a_member_while_suspended(reg):
    """No membership spell of Libya covers 1 March-17 November 2011; it sits before and after."""
    assert "LBY" in reg.members_on("2011-02-28")
    assert "LBY" not in reg.members_on("2011-03-01") and "LBY" not in reg.members_on("2011-11-17")
    assert "LBY" in reg.members_on("2011-11-18")
    assert len(reg.members_on("2011-06-01")) == 46


def test_members_2011_names_the_suspension(warehouse_path):
    proc = run("members", "--year", "2011", db=warehouse_path)
    assert proc.returncode == 0, proc.stderr
    assert "LBY suspended on 2011-03-01 (GA res 65/265" in proc.stdout
    assert "LBY reinstated on 2011-11-18 (GA res 66/11" in proc.stdout
    doc = json.loads(run("members", "--year", "2011", "--json", db=warehouse_path).stdout)
    assert [(e["iso3"], e["event"]) for e in doc["events"]] == [("LBY", "suspended"), ("LBY", "reinstated")]
    assert {"iso3": "LBY", "what": "left", "date": "2011-02-28"} in doc["changes"]


def test_suspended_listings_are_not_votes(reg):
    """31 roll calls of 2011 list Libya while suspended (never with a vote): not in ``votes``."""
    libya = reg.sql("""SELECT count(*) AS n FROM votes v JOIN decisions d USING (decision_id)
                       WHERE v.iso3 = 'LBY' AND d.body_id = 'HRC' AND d.date BETWEEN '2011-03-01' AND '2011-11-17'""")
    assert int(libya["n"].iloc[0]) == 0


def test_replay_counts_46_members_while_libya_was_suspended(reg):
    """A roll call of the 16th session (March 2011) is counted against 46 members, not 47."""
    from rightsregime.procedure.replay import tallies

    dec = reg.decisions(body="HRC", years=2011)
    dec = dec[(dec["date"] >= "2011-03-01") & (dec["date"] < "2011-11-18") & (dec["modality"] == "recorded")]
    votes = reg.sql("SELECT decision_id, iso3, position FROM votes WHERE decision_id IN (SELECT unnest(?))",
                    [dec["decision_id"].tolist()])
    out = tallies(dec, votes)
    assert len(out) > 10 and (out["members"] == 46).all()
