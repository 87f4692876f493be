"""UPR measures and the `upr` command, on the warehouse built from the mirror.

Facts: SOURCES.md section 4 (upr-terman, UPR Info export): China session 4 (February 2009) 55
accepted / 83 noted; China session 17 (October 2013) 207 / 77; United States session 9 (November
2010) 183 / 97. Joint recommendations and duplicates as documented in sources/upr.py.
"""
from __future__ import annotations

import json

import pandas as pd
import pytest

from rightsregime.analysis import upr as m
from rightsregime.errors import UnknownState, UsageError
from rightsregime.resources.upr import upr


@pytest.fixture(scope="module")
def china(reg):
    return upr(reg, "CHN")


@pytest.mark.parametrize("state, session, supported, noted", [
    ("CHN", 4, 55, 83), ("CHN", 17, 207, 77), ("USA", 9, 183, 97)])
def test_review_responses_match_the_published_counts(reg, state, session, supported, noted):
    reviews = upr(reg, state)["reviews"].set_index("session")
    assert (reviews.loc[session, "supported"], reviews.loc[session, "noted"]) == (supported, noted)
    assert reviews.loc[session, "acceptance"] == pytest.approx(supported / (supported + noted))


def test_china_cycles_are_sessions_4_and_17(china, reg):
    """China was reviewed in February 2009 (session 4, cycle 1) and October 2013 (session 17, cycle 2)."""
    assert china["reviews"][["cycle", "session"]].values.tolist() == [[1, 4], [2, 17]]
    second = upr(reg, "CHN", cycle=2)
    assert second["reviews"]["session"].tolist() == [17]
    assert second["quality"]["rows"] == 207 + 77


def test_by_category_adds_up_to_the_reviews_and_explains_each_category(china):
    cat = china["by_category"]
    assert cat["action_category"].tolist() == [1, 2, 3, 4, 5]
    assert cat["n"].sum() == 138 + 284
    assert cat["supported"].sum() == 55 + 207
    assert cat.loc[4, "category"] == "specific action"
    assert all(cat["meaning"].str.len() > 10)


def test_china_accepts_specific_recommendations_less_than_continuing_ones(china):
    """The 'accept the vague, note the specific' pattern, read off the record: category 2 vs 5."""
    cat = china["by_category"].set_index("action_category")
    assert cat.loc[5, "acceptance_high"] < cat.loc[2, "acceptance_low"]
    spec = china["specific"]
    assert spec["specific"] == cat.loc[5, "n"]
    assert spec["share_low"] < spec["share"] < spec["share_high"]


def test_joint_recommendations_and_duplicates_are_counted_not_dropped(reg):
    """China session 4 has 138 rows of which 2 joint recommendations made by 2 states each:
    136 distinct. Lesotho (session 8) holds one of the two exact duplicates of the export."""
    chn = upr(reg, "CHN", cycle=1)
    q = chn["quality"]
    assert (q["rows"], q["joint_rows"], q["joint_recommendations"], q["distinct_recommendations"]) == (138, 4, 2, 136)
    lso = upr(reg, "LSO")["quality"]
    assert lso["exact_duplicates"] == 1
    assert lso["distinct_recommendations"] < lso["rows"]


def test_unknown_recommenders_are_counted(reg):
    """9 Indonesian recommendations of session 1 have no attributed state (UPR Info '(Unknown)')."""
    idn = upr(reg, "IDN", cycle=1)
    assert idn["quality"]["unknown_recommending"] == 9
    assert "(unknown)" in set(idn["counterparts"]["recommending"])
    assert any("no recommending state" in n for n in idn.notes)


def test_as_recommending_lists_the_states_addressed(reg):
    made = upr(reg, "CHN", as_="recommending")
    recs = reg.upr_recommendations(recommending="CHN")
    assert made["counterparts"]["n"].sum() == len(recs)
    assert set(made["counterparts"]["under_review"]) == set(recs["under_review"])


def test_issue_counts_count_each_tag():
    recs = pd.DataFrame({"recommendation_id": [1, 2], "response": ["supported", "noted"],
                         "action_category": [5, 1], "issues": ["Death penalty; Torture", None]})
    out = m.by_issue(recs).set_index("issue")
    assert out.loc["Death penalty", "n"] == 1 and out.loc["(none)", "noted"] == 1
    assert out["n"].sum() == 3


def test_wilson_interval_of_a_known_case():
    """Wilson 95% interval for 55 of 138: about 0.321-0.482 (Agresti & Coull 1998 formula)."""
    low, high = m.wilson(55, 138)
    assert (round(float(low), 3), round(float(high), 3)) == (0.321, 0.482)


def test_bad_parameters_are_usage_errors(reg):
    with pytest.raises(UsageError, match="--as 'sender'"):
        upr(reg, "CHN", as_="sender")
    with pytest.raises(UsageError, match="--cycle 3"):
        upr(reg, "CHN", cycle=3)
    with pytest.raises(UnknownState):
        upr(reg, "XXZ")


def test_cli_json_and_exit_codes(warehouse_path, capsys):
    from rightsregime.cli import main

    main(["upr", "USA", "--db", str(warehouse_path), "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert doc["kind"] == "upr"
    first = doc["reviews"][0]
    assert (first["session"], first["supported"], first["noted"]) == (9, 183, 97)
    with pytest.raises(SystemExit) as exit_:
        main(["upr", "USA", "--db", str(warehouse_path), "--cycle", "7"])
    assert exit_.value.code == 2
    assert "Error: --cycle 7" in capsys.readouterr().err


def test_review_counts_are_the_one_count_behind_reviews_and_compliance(reg):
    """One count per review (analysis.upr.review_counts) gives the published responses (SOURCES.md
    section 4: China session 4, 55 / 83; session 17, 207 / 77; United States session 9, 183 / 97),
    and by_review's counts are exactly its counts for every review of the record."""
    recs = reg.upr_recommendations()
    counts = m.review_counts(recs).set_index(["under_review", "session"])
    for state, session, supported, noted in (("CHN", 4, 55, 83), ("CHN", 17, 207, 77), ("USA", 9, 183, 97)):
        row = counts.loc[(state, session)]
        assert (row["supported"], row["noted"], row["answered"], row["n"]) == (
            supported, noted, supported + noted, supported + noted)
    reviews = m.by_review(recs).set_index(["under_review", "session"])
    assert len(reviews) == len(counts) == 304  # reviews of sessions 1-20 held in the mirror
    for col in ("n", "supported", "noted"):
        assert reviews[col].equals(counts.loc[reviews.index, col])
    assert (reviews["specific_share"] * reviews["n"]).round().astype(int).equals(
        counts.loc[reviews.index, "specific"])


def test_review_counts_by_issue_tag():
    """A recommendation counts for an issue set when any of its '; '-separated tags is in the set."""
    recs = pd.DataFrame({"under_review": ["X"] * 4, "response": ["supported", "noted", "supported", None],
                         "action_category": [5, 5, 2, 5],
                         "issues": ["Death penalty; Torture", "Women's rights", "Women's rights;Torture", None]})
    out = m.review_counts(recs, ["under_review"], issues={"Torture"}).iloc[0]
    assert (out["n"], out["answered"], out["supported"], out["noted"]) == (4, 3, 2, 1)
    assert (out["specific"], out["specific_answered"], out["specific_supported"]) == (3, 2, 1)
    assert (out["issue_answered"], out["issue_supported"]) == (2, 2)
