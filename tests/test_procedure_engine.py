"""Pivotal members, the order of votes, the classification of texts and HRC elections, on cases a
reader can check by hand (regime-rules.md sections 1, 2 and 6)."""
from __future__ import annotations

import pytest

from rightsregime.errors import RuleSetError
from rightsregime.procedure import BUILTIN, Proposal, conduct_with_tallies, make_tally, pivotal, voting_order
from rightsregime.procedure.classify import Gazetteer, classify_decision, load_overrides
from rightsregime.procedure.elections import (
    absolute_majority,
    cohort_seats,
    first_election_terms,
    ineligible,
    run_election,
    seats_in_election,
    terms_from_roll_calls,
)

HRC = BUILTIN["hrc"]

# A/HRC/RES/37/23 (23 Mar 2018), regime-rules.md section 6: 28-1-17, Tunisia present not voting.
RES_37_23 = {
    **dict.fromkeys("AGO ARE BDI BRA CHL CHN CIV COD CUB ECU EGY ETH IRQ KEN KGZ MEX MNG NGA NPL "
                    "PAK PAN PHL QAT SAU SEN TGO VEN ZAF".split(), "yes"),
    "USA": "no",
    **dict.fromkeys("AFG AUS BEL CHE DEU ESP GBR GEO HRV HUN JPN KOR PER RWA SVK SVN UKR".split(), "abstain"),
    "TUN": "non_voting",
}


def test_hrc_17_19_needed_two_changes_to_fail():
    """23-19-3: one yes turning no leaves 22-20 (adopted); two make 21-21, a tie that rejects."""
    result = pivotal(make_tally(23, 19, 3, members=47), HRC.default)
    assert (result.outcome, result.min_flips, result.margin) == ("adopted", 2, 1)
    assert {"changes": [{"from": "yes", "to": "no", "count": 2}],
            "result": {"yes": 21, "no": 21, "abstain": 3, "absent": 2}} in result.flips
    assert result.pivotal == []


def test_a_one_vote_margin_makes_every_yes_voter_pivotal():
    """22-21 with 4 absent: any yes voter turning no (21-22), or an absent member coming to vote
    no (22-22, a tie), defeats it."""
    positions = {f"Y{i:02d}": "yes" for i in range(22)} | {f"N{i:02d}": "no" for i in range(21)}
    result = pivotal(make_tally(22, 21, members=47), HRC.default, positions=positions)
    assert result.min_flips == 1
    assert result.pivotal == sorted(f"Y{i:02d}" for i in range(22))
    assert result.pivotal_positions == ["absent", "yes"]


def test_res_37_23_needs_fourteen_changes():
    """28-1-17 under hrc: 28 yes of 29 voting; 14 yes turning no give 14-15."""
    from rightsregime.procedure import tally_positions

    tally = tally_positions(RES_37_23, members=47)
    result = pivotal(tally, HRC.default, positions=RES_37_23)
    assert (tally.yes, tally.no, tally.abstain, tally.non_voting) == (28, 1, 17, 1)
    assert result.min_flips == 14 and result.pivotal == []


def test_a_rejected_text_can_be_flipped_from_the_no_side():
    """17-19-11 rejected: two changes (two no to yes) make 19-17."""
    result = pivotal(make_tally(17, 19, 11, members=47), HRC.default)
    assert result.outcome == "rejected" and result.min_flips == 2
    assert any(f["changes"] == [{"from": "no", "to": "yes", "count": 2}] for f in result.flips)


def test_ga_suspension_two_thirds_pivotal():
    """ES-11/3 93-24-58 (two thirds of present and voting): 16 changes bring yes below two thirds."""
    rules = BUILTIN["ga-plenary"]
    result = pivotal(make_tally(93, 24, 58, members=193), rules.important)
    assert result.min_flips == 16  # 15 yes->no give 78-39 (exactly 2/3, adopted); one more fails


# -- order of votes ------------------------------------------------------------------------------

def test_order_motions_then_amendments_furthest_removed_first_then_text():
    text = Proposal("L.1")
    amendments = [Proposal("L.5", "amendment", removal=1, submitted=1),
                  Proposal("L.6", "amendment", removal=3, submitted=2),
                  Proposal("L.7", "amendment", removal=3, submitted=3)]
    motions = [Proposal("closure", "motion", motion="closure"),
               Proposal("adjourn debate", "motion", motion="no-action")]
    order = [(p.symbol, stage) for p, stage in voting_order(text, amendments, motions)]
    assert order == [("adjourn debate", "motion: no-action"), ("closure", "motion: closure"),
                     ("L.6", "amendment"), ("L.7", "amendment"), ("L.5", "amendment"),
                     ("L.1", "text as amended")]


def test_adopted_no_action_motion_means_no_vote_on_the_text():
    """A no-action motion adopted (hand-made counts): the draft is never put to the vote."""
    text = Proposal("E/CN.4/2004/L.37")
    motion = Proposal("no-action", "motion", motion="no-action")
    record = conduct_with_tallies(text, BUILTIN["chr"], {"no-action": make_tally(28, 16, 9, members=53),
                                                         text.symbol: make_tally(10, 30, 13, members=53)},
                                  motions=[motion])
    assert record.final == "no action"
    assert [(s.symbol, s.outcome) for s in record.steps] == [("no-action", "adopted"),
                                                             ("E/CN.4/2004/L.37", "not voted")]


def test_rejected_amendments_leave_the_text_unchanged_and_adopted_ones_make_others_moot():
    text = Proposal("L.24")
    amendments = [Proposal("L.39", "amendment", removal=2, excludes=("L.40",)),
                  Proposal("L.40", "amendment", removal=1), Proposal("L.41", "amendment")]
    tallies = {"L.39": make_tally(27, 17, 3, members=47), "L.40": make_tally(20, 20, 7, members=47),
               "L.41": make_tally(15, 25, 7, members=47), "L.24": make_tally(32, 0, 15, members=47)}
    record = conduct_with_tallies(text, HRC, tallies, amendments=amendments)
    assert record.amended_by == ["L.39"] and record.final == "adopted"
    assert [(s.symbol, s.outcome) for s in record.steps] == [
        ("L.39", "adopted"), ("L.40", "not voted"), ("L.41", "rejected"), ("L.24", "adopted")]


def test_division_rejecting_every_operative_part_rejects_the_whole():
    text = Proposal("L.9")
    parts = [Proposal("OP1", "part", submitted=1), Proposal("OP2", "part", submitted=2),
             Proposal("PP3", "part", submitted=3, operative=False)]
    tallies = {"OP1": make_tally(10, 20, members=47), "OP2": make_tally(12, 20, members=47),
               "PP3": make_tally(30, 2, members=47), "L.9": make_tally(30, 2, members=47)}
    record = conduct_with_tallies(text, HRC, tallies, parts=parts)
    assert record.final == "rejected" and record.parts_removed == ["OP1", "OP2"]


def test_unknown_motion_is_one_line():
    with pytest.raises(RuleSetError, match="Unknown motion 'filibuster'"):
        voting_order(Proposal("L.1"), motions=[Proposal("filibuster", "motion", motion="filibuster")])


# -- classification ------------------------------------------------------------------------------

GAZ = Gazetteer([("Sri Lanka", "LKA"), ("Islamic Republic of Iran", "IRN"), ("Iran", "IRN"),
                 ("Georgia", "GEO"), ("Niger", "NER"), ("Nigeria", "NGA"), ("Syrian", "SYR"),
                 ("Palestinian", "PSE"), ("Golan", "SYR")])


@pytest.mark.parametrize("decision, scope", [
    ({"symbol": "A/HRC/RES/19/2", "body_id": "HRC", "title": "Promoting reconciliation and "
      "accountability in Sri Lanka", "agenda_item": "2 Annual report of the High Commissioner"},
     "country-specific"),
    ({"symbol": "A/HRC/RES/17/19", "body_id": "HRC", "title": "Human rights, sexual orientation and "
      "gender identity", "agenda_item": "8 Follow-up to the Vienna Declaration"}, "thematic"),
    ({"symbol": "A/HRC/RES/37/23", "body_id": "HRC", "title": "Promoting mutually beneficial "
      "cooperation in the field of human rights", "agenda_item": "3 Promotion and protection"},
     "thematic"),
    ({"symbol": "A/HRC/RES/49/30", "body_id": "HRC", "title": "Human rights in the occupied "
      "Syrian Golan", "agenda_item": "7 Human rights situation in Palestine"}, "country-specific"),
    ({"symbol": "A/HRC/RES/S-1/1", "body_id": "HRC", "title": "Human rights situation in the "
      "occupied territories", "agenda_item": "7 Human rights situation in Palestine"},
     "country-specific"),
    ({"symbol": "A/HRC/RES/43/37", "body_id": "HRC", "title": "Cooperation with Georgia",
      "agenda_item": "10 Technical assistance and capacity-building"}, "country-specific"),
    ({"symbol": "A/HRC/RES/36/28", "body_id": "HRC", "title": "Technical assistance and "
      "capacity-building in the field of human rights", "agenda_item": "10 Technical assistance"},
     "thematic"),
    ({"symbol": "A/HRC/DEC/8/101", "body_id": "HRC", "title": "Outcome of the universal periodic "
      "review: Sri Lanka", "agenda_item": "6 Universal periodic review"}, "thematic"),
])
def test_classify_on_texts_a_reader_can_check(decision, scope):
    assert classify_decision(decision, GAZ, overrides={}).scope == scope


def test_names_match_on_word_boundaries():
    assert GAZ.find("Situation in the Niger") == ("NER",)
    assert GAZ.find("Situation in Nigeria") == ("NGA",)


def test_override_file_wins(tmp_path):
    path = tmp_path / "overrides.csv"
    path.write_text("symbol,scope,reason,citation\nA/HRC/RES/17/19,country-specific,test,none\n")
    overrides = load_overrides(path)
    decision = {"symbol": "a/hrc/res/17/19", "body_id": "HRC", "title": "Human rights, sexual "
                "orientation and gender identity"}
    assert classify_decision(decision, GAZ, overrides=overrides).scope == "country-specific"
    bad = tmp_path / "bad.csv"
    bad.write_text("symbol,scope,reason,citation\nX,countryish,test,none\n")
    with pytest.raises(RuleSetError, match="scope 'countryish' must be"):
        load_overrides(bad)


# -- elections -------------------------------------------------------------------------------

def test_2006_lots_reproduce_the_staggered_cohorts():
    """14 one-year, 15 two-year and 18 three-year terms; cohorts 4/4/2/2/2, 4/4/2/3/2, 5/5/2/3/3."""
    terms = first_election_terms()
    assert len(terms) == 47 and terms["term_years"].value_counts().to_dict() == {3: 18, 2: 15, 1: 14}
    assert cohort_seats() == {
        14: {"AFRICAN": 4, "ASIA_PACIFIC": 4, "EEG": 2, "GRULAC": 2, "WEOG": 2},
        15: {"AFRICAN": 4, "ASIA_PACIFIC": 4, "EEG": 2, "GRULAC": 3, "WEOG": 2},
        18: {"AFRICAN": 5, "ASIA_PACIFIC": 5, "EEG": 2, "GRULAC": 3, "WEOG": 3}}
    assert terms.groupby("regional_group").size().to_dict() == {
        "AFRICAN": 13, "ASIA_PACIFIC": 13, "EEG": 6, "GRULAC": 8, "WEOG": 7}


def test_seats_follow_the_cohorts():
    """Observed: 2016 elected 14, 2017 elected 15, 2015 elected 18 (regime-rules.md section 1)."""
    assert sum(seats_in_election(2016).values()) == 14
    assert sum(seats_in_election(2017).values()) == 15
    assert sum(seats_in_election(2015).values()) == 18


def test_absolute_majority_of_ga_members():
    assert absolute_majority(2006) == 96 and absolute_majority(2007) == 97 and absolute_majority(2025) == 97


def test_two_consecutive_terms_bar_re_election_on_a_hand_made_roll_call():
    """A member from the 2006 three-year lot, re-elected in 2009, may not stand in 2012."""
    import pandas as pd

    # One roll call per Council year (June-June until 2012, calendar years from 2013).
    dates = ["2006-07-01", "2007-09-01", "2008-09-01", "2009-09-01", "2010-09-01", "2011-09-01",
             "2013-03-01", "2014-03-01", "2015-03-01", "2016-03-01"]
    rows = []
    for i, date in enumerate(dates):
        rows.append({"decision_id": f"d{i}", "date": date, "iso3": "MEX"})
        if date < "2013" or date >= "2014":
            rows.append({"decision_id": f"d{i}", "date": date, "iso3": "CHN"})
        if date < "2013":
            rows.append({"decision_id": f"d{i}", "date": date, "iso3": "CUB"})
    terms = terms_from_roll_calls(pd.DataFrame(rows))
    chn = terms[terms["iso3"] == "CHN"]
    assert chn[["term_start_year", "term_end_year", "consecutive"]].values.tolist() == [
        [2006, 2009, 1], [2009, 2012, 2], [2014, 2016, 1]]
    assert ineligible(terms, 2012)["iso3"].tolist() == ["CHN", "CUB", "MEX"]
    assert ineligible(terms, 2016).empty


def test_clean_slate_elects_everyone_with_the_majority():
    result = run_election(2, ballots=[{"FIN": 180, "NLD": 170}])
    assert result.clean_slate and result.elected == ["FIN", "NLD"] and result.majority == 97


def test_restricted_ballots_fill_the_last_seat():
    """Six seats, seven candidates; the first ballot elects four, restricted ballots the rest."""
    ballots = [{"A": 150, "B": 140, "C": 120, "D": 110, "E": 96, "F": 90, "G": 60},
               {"E": 95, "F": 100, "G": 40},
               {"E": 97, "G": 30}]
    result = run_election(6, ballots=ballots)
    assert result.elected == ["A", "B", "C", "D", "F", "E"]
    assert [b["kind"] for b in result.ballots] == ["first", "restricted", "restricted"]
    assert set(result.ballots[1]["votes"]) == {"E", "F", "G"}  # at most twice the 2 seats left, ties kept


def test_simulation_is_seeded():
    support = {"RUS": 0.45, "UKR": 0.6, "POL": 0.55}
    a = run_election(2, support=support, seed=3)
    b = run_election(2, support=support, seed=3)
    assert a.to_dict() == b.to_dict()
