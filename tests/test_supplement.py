"""The curated supplement: decisive votes no harvest holds (issue 7, item 2).

Every figure asserted here is in the citation of its row in ``regime/data/supplement_decisions.csv``;
the tests check that the warehouse carries them, that the row accounting adds up, and that the rules
of procedure treat a carried no-action motion as the end of the draft.
"""
from __future__ import annotations

import pandas as pd
import pytest

from rightsregime.sources import supplement

# (year, symbol, outcome, yes, no, abstain, citation in the row)
CHINA_MOTIONS = [
    (1995, "E/CN.4/1995/motion-china", "rejected", 22, 22, 9),   # NYT 8 Mar 1995
    (1996, "E/CN.4/1996/motion-china", "adopted", 27, 20, 6),    # Xinhua 23 Apr 1996, AP
    (1997, "E/CN.4/1997/motion-china", "adopted", 27, 17, 9),    # UN press release HR/CN/804
    (1999, "E/CN.4/1999/motion-china", "adopted", 22, 17, 14),   # US State Dept, UN Watch
    (2000, "E/CN.4/2000/motion-china", "adopted", 22, 18, 12),   # UN press release HR/CN/00/51
    (2001, "E/CN.4/2001/motion-china", "adopted", 23, 17, 12),   # HRIC 18 Apr 2001, State Dept
    (2004, "E/CN.4/2004/motion-china", "adopted", 28, 16, 9),    # State Dept 16 Apr 2004, OHCHR
]


def _one(reg, symbol):
    found = reg.sql("SELECT * FROM decisions WHERE symbol = ?", [symbol])
    assert len(found) == 1, f"{symbol}: {len(found)} rows"
    return found.iloc[0]


@pytest.mark.parametrize("year,symbol,outcome,yes,no,abstain", CHINA_MOTIONS)
def test_chr_no_action_motions_on_china_carry_their_cited_totals(reg, year, symbol, outcome, yes, no,
                                                                  abstain):
    """The CHR no-action motions on China, 1995-2004, with the totals their citations give."""
    row = _one(reg, symbol)
    assert (row["body_id"], row["kind"], row["outcome"], int(row["year"])) == ("CHR", "motion", outcome, year)
    assert (row["yes"], row["no"], row["abstain"]) == (yes, no, abstain)
    assert row["source"] == "rightsregime-supplement"


@pytest.mark.parametrize("symbol,yes,no,abstain", [
    ("E/CN.4/DEC/1990/106", 17, 15, 11),   # People's Daily chronology, 19 Apr 2000: 17-15-11
    ("E/CN.4/DEC/1993/110", 22, 17, 12),   # same chronology: 22-17-12
])
def test_harvest_decisions_on_china_are_no_action_motions_on_a_draft(reg, symbol, yes, no, abstain):
    """The CHR harvest's decisions of 1990-1994 on China decided not to act on a draft: the supplement
    makes them motions that block their draft, keeping the harvest's figures."""
    row = _one(reg, symbol)
    assert row["kind"] == "motion" and row["source"] == "hrc-voting"
    assert (row["yes"], row["no"], row["abstain"]) == (yes, no, abstain)
    draft = reg.sql("SELECT * FROM decisions WHERE decision_id = ?", [row["amends"]]).iloc[0]
    assert (draft["outcome"], draft["modality"]) == ("no action", "not voted")
    rec = reg.reconciliation()
    assert ((rec["decision_id"] == row["decision_id"]) & rec["what"].str.startswith("kind")).any()


def test_1992_no_total_of_the_harvest_is_contradicted_by_the_supplement(reg):
    """E/CN.4/DEC/1992/116: the harvest's official no total is 5, its roll call 15; the People's
    Daily chronology (19 Apr 2000) reports 27-15-11. The disagreement is listed, not hidden."""
    rec = reg.reconciliation()
    rows = rec[(rec["symbol"] == "E/CN.4/DEC/1992/116") & (rec["source"] == "rightsregime-supplement")]
    got = dict(zip(rows["what"], zip(rows["expected"], rows["found"])))
    assert got["official no total (second harvest)"] == ("5", "15")


def test_1995_draft_was_voted_and_rejected_after_the_motion_failed(reg):
    """1995: the motion failed on a tie (22-22-9), the EU draft was then rejected 20-21-12
    (NYT 8 Mar 1995; Los Angeles Times 9 Mar 1995)."""
    draft = _one(reg, "E/CN.4/1995/draft-china")
    assert (draft["kind"], draft["outcome"], draft["yes"], draft["no"], draft["abstain"]) == \
        ("resolution", "rejected", 20, 21, 12)
    motion = _one(reg, "E/CN.4/1995/motion-china")
    assert motion["amends"] == draft["decision_id"]


def test_1995_motion_roll_call_names_each_member(reg):
    """The London dispatch of 8 Mar 1995 lists all 53 votes: China and India for the motion, the
    United States and Russia against, Brazil and Mexico abstaining."""
    row = _one(reg, "E/CN.4/1995/motion-china")
    frame = reg.sql("SELECT iso3, position FROM votes WHERE decision_id = ?", [row["decision_id"]])
    votes = dict(zip(frame["iso3"], frame["position"]))
    assert len(votes) == 53
    assert (votes["CHN"], votes["IND"], votes["USA"], votes["RUS"], votes["BRA"], votes["MEX"]) == \
        ("yes", "yes", "no", "no", "abstain", "abstain")


def test_xinjiang_draft_decision_2022_is_rejected_17_19_11(reg):
    """A/HRC/51/L.6 (6 Oct 2022), a debate on Xinjiang: rejected 17-19-11 (UN HRC, Reuters, VOA);
    India and Ukraine abstained, Qatar and Indonesia voted against (WION, Uyghur Times)."""
    row = _one(reg, "A/HRC/51/L.6")
    assert (row["body_id"], row["kind"], row["outcome"]) == ("HRC", "decision", "rejected")
    assert (row["yes"], row["no"], row["abstain"]) == (17, 19, 11)
    votes = reg.sql("SELECT iso3, position FROM votes WHERE decision_id = ?", [row["decision_id"]])
    pos = dict(zip(votes["iso3"], votes["position"]))
    assert (pos["IND"], pos["UKR"], pos["QAT"], pos["IDN"], pos["SOM"]) == \
        ("abstain", "abstain", "no", "no", "yes")
    assert votes["position"].value_counts().to_dict() == {"no": 19, "yes": 17, "abstain": 11}


def test_every_supplement_row_is_cited_with_a_confidence_mark():
    """No row ships without a citation and a C/M mark (the parser would quarantine it)."""
    for frame in (supplement.read_decisions(), supplement.read_positions()):
        assert (frame["citation"].str.len() > 20).all()
        assert frame["confidence"].isin(["C", "M"]).all()


def test_supplement_row_accounting_adds_up(reg):
    """read == loaded + merged + quarantined; merged: the four harvest decisions of 1990-1994 on China
    and A/RES/57/199 (unvotes)."""
    s = reg.sql("SELECT * FROM load_summary WHERE source = 'rightsregime-supplement'").iloc[0]
    n_dec, n_pos = len(supplement.read_decisions()), len(supplement.read_positions())
    assert s["read"] == 2 * n_dec + n_pos
    assert s["read"] == s["loaded"] + s["merged"] + s["quarantined"]
    assert (s["merged"], s["quarantined"]) == (5, 0)


def test_uncited_row_is_quarantined(monkeypatch):
    """A row without a citation is not loaded: it becomes a quarantine row naming the file and line."""
    real = supplement.read_decisions()
    bad = real.copy()
    bad.loc[0, "citation"] = ""
    monkeypatch.setattr(supplement, "read_decisions", lambda: bad)
    parsed = supplement.parse()
    assert len(parsed.tables["decisions"]) == len(real) - 1
    q = parsed.quarantine.iloc[0]
    assert (q["file"], q["row"]) == (supplement.DECISIONS_FILE, "2") and "no citation" in q["reason"]


def test_sequence_on_a_china_draft_shows_the_motion_and_no_vote(reg):
    """E/CN.4/2004 draft on China: the no-action motion (28-16-9) carried, so the draft was never
    voted; under the CHR's own rules the sequence reproduces that."""
    from rightsregime.resources import procedure as res

    doc = res.sequence(reg, "E/CN.4/2004/draft-china", "chr").data
    steps = doc["own_rules"]["steps"]
    assert [(s["stage"], s["outcome"]) for s in steps] == [("motion: no-action", "adopted"),
                                                          ("text", "not voted")]
    assert (steps[0]["yes"], steps[0]["no"], steps[0]["abstain"]) == (28, 16, 9)
    assert doc["own_rules"]["final"] == "no action"


def test_sequence_from_the_motion_symbol_finds_its_draft(reg):
    """Asking for the motion (E/CN.4/DEC/1990/106) shows the sequence of the draft it blocked."""
    from rightsregime.resources import procedure as res

    doc = res.sequence(reg, "E/CN.4/DEC/1990/106", "chr").data
    assert doc["symbol"] == "E/CN.4/1990/draft-china"
    assert doc["own_rules"]["final"] == "no action"


def test_replay_says_which_motions_would_fail_and_unblock_a_draft(reg):
    """1999 (22-17-14): counting abstentions as no (22 of 53 present) the motion fails, so the draft
    would have been voted; the replay names it and does not invent the draft's fate."""
    from rightsregime.resources import procedure as res

    result = res.replay(reg, "abstain-counts-as-no", body="CHR", years="1999-1999").result
    flipped = {f["symbol"]: f["counterfactual"] for f in result.flips}
    assert flipped.get("E/CN.4/1999/motion-china") == "rejected"
    assert any("E/CN.4/1999/motion-china" in n and "put to the vote" in n for n in result.notes)
    doc = res.sequence(reg, "E/CN.4/1999/draft-china", "abstain-counts-as-no").data
    assert doc["counterfactual"]["final"].startswith("put to the vote")


def test_reproduce_reproduces_the_supplement_outcomes(reg):
    """Under the CHR's and the HRC's own rules every supplement vote comes out as recorded: the 1995
    tie rejects the motion; 17-19 rejects the Xinjiang draft decision."""
    from rightsregime.resources import procedure as res

    found = res.reproduce(reg, body="HRC,CHR")["not_reproduced"]
    ours = found[found["decision_id"].str.startswith("rightsregime-supplement:")]
    assert ours.empty, ours[["symbol", "reason"]].to_string()


def test_decision_document_carries_the_citation(reg):
    """`decision` shows where a supplement row comes from, also for a row merged into a harvest:
    A/HRC/51/L.6 cites Reuters' 19-17-11 report; E/CN.4/DEC/1992/116 the People's Daily chronology."""
    doc = reg.decision("A/HRC/51/L.6")
    assert [c["confidence"] for c in doc["citations"]] == ["C"]
    assert "brecorder.com" in doc["citations"][0]["citation"]
    merged = reg.decision("E/CN.4/DEC/1992/116")
    assert merged["source"] == "hrc-voting"
    assert "People's Daily" in merged["citations"][0]["citation"]
    draft = reg.decision("E/CN.4/2004/draft-china")
    assert [(a["kind"], a["outcome"]) for a in draft["amendments"]] == [("motion", "adopted")]
