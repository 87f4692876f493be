"""The decision rules on votes from the public record, and the rule-set loader.

Facts from regime-rules.md: HRC res 37/23 28-1-17 adopted; HRC res 17/19 23-19-3 adopted; GA res
ES-11/3 (suspension of Russia) 93-24-58 needed two thirds of the 117 yes and no votes, 78.
"""
from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rightsregime.errors import RuleSetError
from rightsregime.procedure import (
    BUILTIN,
    decide,
    load_rules,
    make_tally,
    rules_from_mapping,
    tally_positions,
)

HRC = BUILTIN["hrc"].default


def test_hrc_37_23_adopted_28_1_17():
    """A/HRC/RES/37/23 (2018): 28-1-17, Tunisia present without voting; 15 of 29 needed."""
    result = decide(make_tally(28, 1, 17, 1, members=47), HRC)
    assert (result.outcome, result.required, result.present_and_voting) == ("adopted", 15, 29)


def test_hrc_17_19_adopted_by_one_vote():
    """A/HRC/RES/17/19 (SOGI, 2011): 23-19-3; 22 of 42 needed, one vote to spare."""
    result = decide(make_tally(23, 19, 3, members=47), HRC)
    assert (result.outcome, result.required, result.margin) == ("adopted", 22, 1)


def test_tie_rejects():
    result = decide(make_tally(23, 23, 1, members=47), HRC)
    assert result.outcome == "rejected" and result.tie and "tie" in result.reason


def test_ga_suspension_of_russia_two_thirds_of_present_and_voting():
    """GA res ES-11/3 (7 Apr 2022): 93-24-58; abstainers do not count, two thirds of 117 is 78."""
    rules = load_rules("ga-plenary")
    result = decide(make_tally(93, 24, 58, members=193), rules.rule_for("resolution", important=True))
    assert (result.outcome, result.required, result.present_and_voting) == ("adopted", 78, 117)
    assert decide(make_tally(77, 40, 58, members=193), rules.important).outcome == "rejected"


def test_abstentions_count_against_under_the_counterfactual():
    """17/19 (23-19-3) survives if abstentions count (23 > 45/2); 51/1 (20-7-20) does not (20 < 24)."""
    rule = BUILTIN["abstain-counts-as-no"].default
    assert decide(make_tally(23, 19, 3, members=47), rule).outcome == "adopted"
    assert decide(make_tally(20, 7, 20, members=47), rule).outcome == "rejected"  # 51/1 Sri Lanka


def test_absolute_majority_of_members():
    """HRC elections: 97 of 193 GA members; 96 of 191 in 2006."""
    rule = BUILTIN["absolute-majority"].default
    assert decide(make_tally(97, 0, 0, members=193), rule).required == 97
    assert decide(make_tally(96, 0, 0, members=191), rule).outcome == "adopted"
    assert decide(make_tally(96, 0, 0, members=193), rule).outcome == "rejected"


def test_china_2007_country_texts_need_two_thirds_thematic_unchanged():
    """HRC res 19/2 (Sri Lanka, 2012): 24-15-8 passes by majority but not by two thirds (26 of 39)."""
    rules = load_rules("china-2007")
    tally = make_tally(24, 15, 8, members=47)
    assert decide(tally, rules.rule_for("resolution", country_specific=True)).outcome == "rejected"
    assert decide(tally, rules.rule_for("resolution", country_specific=False)).outcome == "adopted"
    # The tabling condition: one third of 47 members is 16 sponsors.
    not_tabled = decide(make_tally(40, 2, 5, members=47), rules.country_specific, sponsors=15)
    assert not_tabled.outcome == "rejected" and not_tabled.sponsors_required == 16


def test_quorum_majority_of_members_present():
    result = decide(make_tally(10, 3, 2, members=47), HRC)
    assert result.outcome == "rejected" and not result.quorum_met and result.quorum == 24


def test_impossible_totals_raise_one_line():
    with pytest.raises(RuleSetError, match="Impossible totals: .* 59 members present, but the body has 47"):
        make_tally(40, 19, members=47)
    with pytest.raises(RuleSetError, match="Impossible totals: yes = -1"):
        make_tally(-1, 3)


def test_positions_are_counted():
    positions = {"CHN": "yes", "USA": "no", "CUB": "Y", "GBR": "abstain", "TUN": "non_voting"}
    tally = tally_positions(positions, members=47)
    assert (tally.yes, tally.no, tally.abstain, tally.non_voting, tally.absent) == (2, 1, 1, 1, 42)


def test_unknown_rule_set_suggests_the_nearest():
    with pytest.raises(RuleSetError, match="Unknown rule set 'china2007'. Did you mean china-2007"):
        load_rules("china2007")


def test_user_rule_set_from_toml(tmp_path):
    path = tmp_path / "three-fifths.toml"
    path.write_text('name = "three-fifths"\nextends = "hrc"\n[default]\nmajority = "3/5"\n'
                    '[country_specific]\nmajority = "two-thirds"\ntable_sponsors = 16\n')
    rules = load_rules(str(path))
    assert rules.default.share == Fraction(3, 5) and not rules.default.strict
    assert rules.country_specific.table_sponsors == 16
    assert decide(make_tally(27, 18, 2, members=47), rules.default).outcome == "adopted"  # 27 of 45
    assert decide(make_tally(26, 18, 3, members=47), rules.default).outcome == "rejected"  # 26.4 needed


def test_malformed_toml_is_one_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[default\nmajority = "simple"\n')
    with pytest.raises(RuleSetError, match=r"bad.toml: not valid TOML"):
        load_rules(str(bad))
    with pytest.raises(RuleSetError, match="unknown key 'majorty'"):
        rules_from_mapping({"name": "x", "default": {"majorty": "simple"}})
    with pytest.raises(RuleSetError, match="majority = 'most'"):
        rules_from_mapping({"name": "x", "default": {"majority": "most"}})
    with pytest.raises(RuleSetError, match="missing 'name'"):
        rules_from_mapping({"default": {}})


# -- properties -------------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=60)
rule_sets = st.sampled_from(sorted(BUILTIN))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["yes", "no", "abstain", "non_voting", "absent"]), min_size=1,
                max_size=60), st.randoms(use_true_random=False), rule_sets)
def test_outcome_is_invariant_to_the_order_of_members(positions, random, name):
    rules = BUILTIN[name]
    members = {f"M{i:02d}": p for i, p in enumerate(positions)}
    shuffled = list(members.items())
    random.shuffle(shuffled)
    a = decide(tally_positions(members), rules.default, members=len(positions))
    b = decide(tally_positions(dict(shuffled)), rules.default, members=len(positions))
    assert a.outcome == b.outcome and a.required == b.required


@settings(max_examples=300, deadline=None)
@given(counts, counts, counts, st.integers(min_value=1, max_value=40))
def test_adding_abstentions_never_changes_a_simple_majority_outcome(yes, no, abstain, extra):
    for name in ("hrc", "chr", "ga-committee"):
        rule = BUILTIN[name].default
        before = decide(make_tally(yes, no, abstain), rule)
        after = decide(make_tally(yes, no, abstain + extra), rule)
        assert before.outcome == after.outcome


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=96), counts, st.integers(min_value=0, max_value=5), rule_sets,
       st.sampled_from(["resolution", "amendment", "motion"]), st.booleans(), st.booleans())
def test_a_tie_always_rejects(half, abstain, absent, name, kind, country, important):
    """A yes-no tie rejects under every built-in rule, whatever the abstentions and absences."""
    rule = BUILTIN[name].rule_for(kind, country_specific=country, important=important)
    tally = make_tally(half, half, abstain, members=2 * half + abstain + absent)
    assert decide(tally, rule).outcome == "rejected"
