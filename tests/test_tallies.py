"""One best tally per decision: the rules (regime/data/tally_rules.csv) and what every consumer reads.

Facts from the public record, each with its source in the docstring; the rules are checked on the
real warehouse (the decisions whose counts disagree) and on tiny hand-made frames.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from rightsregime.warehouse import tallies as t


def run(*args, db=None):
    cmd = [sys.executable, "-m", "rightsregime", *args]
    if db is not None:
        cmd += ["--db", str(db)]
    return subprocess.run(cmd, capture_output=True, text=True)


def row(reg, symbol):
    found = reg.tallies()
    return found[found["symbol"] == symbol].iloc[0]


# -- A/HRC/RES/46/1 (Sri Lanka, 23 Mar 2021): 22-11-14 everywhere ---------------------------------

def test_46_1_is_22_11_14_in_the_api(reg):
    """A/HRC/RES/46/1 was adopted 22-11-14 of 47 (PTI via devdiscourse.com and Ada Derana via
    lankaweb.com, 23 Mar 2021). The harvest's totals say 20-11-14 (adding up to 45); the roll call
    names all 47."""
    doc = reg.decision("A/HRC/RES/46/1")
    assert (doc["totals"]["yes"], doc["totals"]["no"], doc["totals"]["abstain"]) == (22, 11, 14)
    assert doc["tally"]["basis"] == "errata" and not doc["tally"]["disputed"]
    assert doc["tally"]["official"]["yes"] == 20 and "official" in doc["tally"]["differ"]
    assert doc["official_totals"]["yes"] == 20
    listed = reg.decisions(body="HRC", years=2021, text="Sri Lanka")
    assert listed.loc[listed["symbol"] == "A/HRC/RES/46/1", ["yes", "no", "abstain"]].iloc[0].tolist() == [22, 11, 14]
    r = row(reg, "A/HRC/RES/46/1")
    assert (r["members"], r["absent"], r["official_yes"], r["roll_call_yes"]) == (47, 0, 20, 22)


def test_46_1_through_the_commands(warehouse_path):
    """`decision` shows 22-11-14 and the official 20-11-14 beside it; `outcome` counts 22 yes."""
    proc = run("decision", "A/HRC/RES/46/1", db=warehouse_path)
    assert proc.returncode == 0, proc.stderr
    assert "Tally: 22-11-14" in proc.stdout and "Official totals: 20-11-14" in proc.stdout
    doc = json.loads(run("decision", "A/HRC/RES/46/1", "--json", db=warehouse_path).stdout)
    assert doc["totals"]["yes"] == 22 and doc["tally"]["basis"] == "errata"
    out = json.loads(run("outcome", "A/HRC/RES/46/1", "--json", db=warehouse_path).stdout)
    assert (out["outcome"], out["present_and_voting"]) == ("adopted", 33)


def test_pivotal_46_1_needs_six_changes_and_no_absentees(reg, warehouse_path):
    """22-11 with a tie rejecting: five yes votes turned no leave 17-16, the sixth gives 16-17. All
    47 members voted, so no flip starts from an absent member."""
    from rightsregime.resources.procedure import recorded_vote as decision_record

    proc = run("pivotal", "A/HRC/RES/46/1", "--json", db=warehouse_path)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert (doc["outcome"], doc["min_flips"], doc["margin"], doc["present_and_voting"]) == ("adopted", 6, 5, 33)
    for flip in doc["flips"]:
        to_absent = sum(c["count"] for c in flip["changes"] if c["to"] == "absent")
        assert flip["result"].get("absent", 0) == to_absent
    tally = decision_record(reg, "A/HRC/RES/46/1")["tally"]
    assert (tally.yes, tally.no, tally.abstain, tally.non_voting, tally.members) == (22, 11, 14, 0, 47)


def test_china_2007_passes_46_1_at_exactly_two_thirds(warehouse_path):
    """Under China's 2007 proposal (two thirds of those present and voting) 22 of 33 is exactly two
    thirds: the text passes, so the replay does not count it among the texts that fail."""
    doc = json.loads(run("replay", "--rules", "china-2007", "--years", "2021", "--json", db=warehouse_path).stdout)
    assert "A/HRC/RES/46/1" not in {f["symbol"] for f in doc["flips"]}
    assert "A/HRC/RES/46/18" in {f["symbol"] for f in doc["flips"]}  # Iran, 21-12-14: 21 of 33 falls short


# -- the 1992 Commission decision on China ---------------------------------------------------------

def test_chr_1992_china_decision_is_27_15_10(reg, warehouse_path):
    """E/CN.4/DEC/1992/116 (4 Mar 1992, situation in China/Tibet): 27-15-10; the harvest's official
    total has 5 against, the roll call names 15, and only 27+15+10 (+1 not voting) makes the
    Commission's 53 members (ECOSOC res 1990/48)."""
    found = reg.decisions(body="CHR", years=1992, text="China")
    motion = found[found["symbol"] == "E/CN.4/DEC/1992/116"]
    assert motion[["yes", "no", "abstain"]].astype(int).values.tolist() == [[27, 15, 10]]
    assert motion["official_no"].iloc[0] == 5 and motion["tally_basis"].iloc[0] == "rollcall_complete"
    # the draft the motion blocked (the curated supplement) is listed beside it, never voted on
    assert set(found["symbol"]) == {"E/CN.4/DEC/1992/116", "E/CN.4/1992/draft-china"}
    doc = json.loads(run("decisions", "--body", "CHR", "--year", "1992", "--text", "China", "--json",
                         db=warehouse_path).stdout)
    assert ("E/CN.4/DEC/1992/116", 27, 15, 10) in [(d["symbol"], d["yes"], d["no"], d["abstain"])
                                                   for d in doc["decisions"]]


# -- HRC 31 amendments with swapped totals --------------------------------------------------------

def test_hrc31_swapped_totals_give_way_to_the_roll_call(reg):
    """A/HRC/31/L.55 (21 Mar 2016), rejected: the harvest's totals read 15-11-20, which would have
    adopted it; the roll call reads 15-20-11 (no and abstain swapped)."""
    doc = reg.decision("A/HRC/31/L.55")
    assert (doc["outcome"], doc["totals"]["yes"], doc["totals"]["no"], doc["totals"]["abstain"]) == ("rejected", 15, 20, 11)
    assert doc["tally"]["basis"] == "swapped_columns"


def test_leadership_margins_use_the_chosen_tally(reg):
    """Leadership averages yes - no over the texts a state led: for the Russian Federation's HRC 31
    amendment A/HRC/31/L.55 the margin is 15 - 20 = -5, not 15 - 11 = +4."""
    from rightsregime.analysis.leadership import led_texts, sponsorships
    from rightsregime.errors import UnknownState

    def resolve(name):
        try:
            return reg.lookup_state(name)
        except UnknownState:
            return None

    decisions = reg.decisions(body="HRC", years=2016)
    led = led_texts(sponsorships(decisions, resolve, group_members=reg.group_members()), decisions, "RUS")
    led = led.reset_index() if "symbol" not in led.columns else led
    margin = led.loc[led["symbol"] == "A/HRC/31/L.55", "margin"]
    assert margin.tolist() == [-5]


# -- members without a vote ------------------------------------------------------------------------

@pytest.mark.parametrize("symbol, iso3", [("A/HRC/RES/35/21", "PRY"), ("A/HRC/RES/37/23", "TUN"),
                                          ("A/HRC/RES/41/19", "UKR")])
def test_official_non_voting_members_are_non_voting(reg, symbol, iso3):
    """regime-rules.md section 6: 35/21 30-13-3 and 1 non-voting (Paraguay), 37/23 28-1-17 and 1
    (Tunisia), 41/19 33-13-0 and 1 (Ukraine)."""
    doc = reg.decision(symbol)
    assert doc["votes"][iso3] == "non_voting"
    assert doc["totals"]["non_voting"] == 1 and doc["tally"]["chosen"]["absent"] == 0


# -- the GA: official totals where a source has them ------------------------------------------------

def test_ga_without_official_totals_says_so(reg, warehouse_path):
    """A/RES/68/262 (27 Mar 2014): 100-11-58 from the roll call; no staged source has the totals."""
    doc = reg.decision("A/RES/68/262")
    assert doc["official_totals"] is None and doc["tally"]["basis"] == "rollcall_only"
    assert "official totals are not in the sources" in doc["tally"]["note"]
    assert (doc["totals"]["yes"], doc["totals"]["no"], doc["totals"]["abstain"]) == (100, 11, 58)
    assert "official totals are not in the sources" in run("decision", "A/RES/68/262", db=warehouse_path).stdout


def test_ga_2025_official_totals_reconcile(reg):
    """A/RES/ES-11/7 (24 Feb 2025): 93-18-65, the official count and the roll call agree."""
    doc = reg.decision("A/RES/ES-11/7")
    assert doc["tally"]["basis"] == "agree" and doc["official_totals"]["yes"] == 93
    assert (doc["totals"]["yes"], doc["totals"]["no"], doc["totals"]["abstain"]) == (93, 18, 65)


# -- every choice listed, every rule data ----------------------------------------------------------

def test_reconciliation_lists_each_choice(reg):
    rec = reg.reconciliation()
    chosen = rec[rec["what"].str.startswith("tally chosen")]
    disagree = reg.tallies()
    disagree = disagree[~disagree["basis"].isin(["agree", "official_only", "rollcall_only"])]
    assert set(chosen["decision_id"]) == set(disagree["decision_id"])
    r = chosen[chosen["symbol"] == "A/HRC/RES/46/1"].iloc[0]
    assert r["what"] == "tally chosen (errata)" and r["found"] == "22-11-14 from the published"
    assert "official 20-11-14" in r["expected"] and "roll call 22-11-14" in r["expected"]


def test_every_rule_is_data_and_has_a_check():
    rules = t.load_rules()
    assert rules["order"].tolist() == list(range(1, len(rules) + 1))
    assert rules["basis"].iloc[-1] == "disputed" and rules["disputed"].iloc[-1]
    assert set(rules["chooses"]) <= {"official", "roll_call", "published"}
    corrections = t.load_corrections()
    assert corrections["citation"].str.len().min() > 40 and corrections["confidence"].isin(["C", "M"]).all()


def _decide(official, roll, outcome="adopted", members=47, second=None, body="HRC"):
    """Run the rules on one hand-made decision (official and roll call as yes, no, abstain, nv[, absent])."""
    dec = pd.DataFrame([{"decision_id": "x:1", "symbol": "X/1", "body_id": body, "date": pd.Timestamp("2015-03-01"),
                         "year": 2015, "outcome": outcome, "modality": "recorded", "source": "x",
                         **dict(zip(("yes", "no", "abstain", "non_voting"), official or (None,) * 4))}])
    positions = []
    for pos, n in zip(("yes", "no", "abstain", "non_voting", "absent"), roll or ()):
        positions += [pos] * n
    votes = pd.DataFrame({"decision_id": "x:1", "iso3": [f"S{i:02d}" for i in range(len(positions))],
                          "position": positions})
    sec = None
    if second is not None:
        sec = pd.DataFrame([second], columns=["yes", "no", "abstain", "non_voting"], index=["x:1"])
    out = t.choose_tallies(dec, votes, second=sec, corrections=t.load_corrections().iloc[0:0])
    return out.iloc[0]


@pytest.mark.parametrize("official, roll, outcome, second, basis, chosen", [
    ((30, 10, 7, 0), (30, 10, 7, 0, 0), "adopted", None, "agree", (30, 10, 7)),
    ((30, 10, 7, 0), None, "adopted", None, "official_only", (30, 10, 7)),
    (None, (30, 10, 7, 0, 0), "adopted", None, "rollcall_only", (30, 10, 7)),
    ((15, 11, 20, 1), (15, 20, 11, 1, 0), "rejected", None, "swapped_columns", (15, 20, 11)),
    ((20, 11, 14, 0), (22, 11, 14, 0, 0), "adopted", None, "rollcall_complete", (22, 11, 14)),
    ((22, 11, 14, 0), (20, 11, 14, 0, 0), "adopted", None, "totals_complete", (22, 11, 14)),
    ((15, 22, 9, 1), (29, 1, 17, 0, 0), "rejected", None, "totals_outcome_agree", (15, 22, 9)),
    ((20, 18, 9, 0), (17, 21, 9, 0, 0), "rejected", None, "rollcall_outcome_agree", (17, 21, 9)),
    ((19, 21, 4, 3), (11, 21, 12, 3, 0), "rejected", (19, 21, 4, 3), "totals_second_harvest", (19, 21, 4)),
    ((19, 21, 4, 3), (11, 21, 12, 3, 0), "rejected", None, "disputed", (11, 21, 12)),
])
def test_each_rule_on_a_hand_made_decision(official, roll, outcome, second, basis, chosen):
    r = _decide(official, roll, outcome, second=second)
    assert r["basis"] == basis and (r["yes"], r["no"], r["abstain"]) == chosen
    assert bool(r["disputed"]) == (basis == "disputed")


def test_disputed_decisions_are_marked_everywhere(reg, warehouse_path):
    """A/HRC/50/L.32 (7 Jul 2022): totals 19-21-4, roll call 11-21-12; both reject, both add up to
    47, and the second harvest repeats the roll call: nothing settles it."""
    doc = reg.decision("A/HRC/50/L.32")
    assert doc["tally"]["disputed"] and doc["tally"]["basis"] == "disputed"
    assert "disputed" in run("decision", "A/HRC/50/L.32", db=warehouse_path).stdout


def test_partial_roll_calls_are_not_counts(reg):
    """The Security Council veto list gives only the vetoing members' votes: no tally is chosen."""
    vetoes = reg.decisions(body="SC")
    vetoed = vetoes[vetoes["source"] == "unsc-vetoes"]
    assert len(vetoed) > 200 and vetoed["tally_basis"].isna().all() and vetoed["yes"].isna().all()
