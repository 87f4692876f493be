"""UPR recommendations, pledges and reviews of sessions 1-20, parsed straight from the mirror.

Source: UPR Info database export in rochelleterman/uprs (Terman & Voeten 2018); the checks are
those of the mirror's SOURCES.md and can be recounted in the CSVs.
"""
from __future__ import annotations

import pandas as pd
import pytest

from rightsregime.errors import ParseError
from rightsregime.sources import upr
from rightsregime.sources._fetch import locate


@pytest.fixture(scope="module")
def paths(sources):
    return locate(upr.SOURCE, sources)


@pytest.fixture(scope="module")
def parsed(paths):
    return upr.parse(paths)


@pytest.fixture(scope="module")
def recs(parsed):
    return parsed.tables["upr_recommendations"]


def test_sessions_1_to_20_hold_41066_recommendations(parsed, recs):
    assert len(recs) == 41_066
    assert recs["recommendation_id"].is_unique
    assert sorted(recs["session"].unique()) == list(range(1, 21))
    assert recs.groupby("cycle")["session"].agg(["min", "max"]).to_dict("index") == {
        1: {"min": 1, "max": 12}, 2: {"min": 13, "max": 20}}
    # 17-20.csv holds sessions 18-20 only, despite its name
    assert parsed.read["v.2/Data/CSVs/17-20.csv"] == 7_984
    assert recs.loc[recs["session"] >= 18].shape[0] == 7_984


def test_every_record_is_loaded_merged_or_quarantined(parsed):
    loaded = sum(len(t) for t in parsed.tables.values())
    assert parsed.n_read == loaded + parsed.merged + len(parsed.quarantine)
    assert parsed.quarantine.empty  # every row of the pinned files parses


@pytest.mark.parametrize("state, session, supported, noted", [
    ("China", 4, 55, 83),  # first review, February 2009
    ("China", 17, 207, 77),  # second review, October 2013
    ("United States", 9, 183, 97),  # first review, November 2010
])
def test_responses_of_a_review(recs, state, session, supported, noted):
    review = recs[(recs["under_review"] == state) & (recs["session"] == session)]
    assert review["response"].value_counts().to_dict() == {"supported": supported, "noted": noted}


def test_responses_and_action_categories_use_the_codebook_terms(recs):
    assert set(recs["response"]) == {"supported", "noted"}
    assert set(recs["action_category"]) == {1, 2, 3, 4, 5}
    first = recs.iloc[0]  # Afghanistan, session 5, recommended by Austria
    assert (first["under_review"], first["recommending"], first["session"]) == ("Afghanistan", "Austria", 5)
    assert first["issues"] == "Rights of the Child; Women's rights"
    assert first["action_category"] == 5


def test_exact_duplicate_rows_point_at_their_first_copy(recs):
    dups = recs[recs["duplicate_of"].notna()]
    assert len(dups) == 2
    pairs = {(r.under_review, r.session, r.recommending, r.duplicate_of) for r in dups.itertuples()}
    assert pairs == {("Lesotho", 8, "Chad", 11_857), ("Tonga", 15, "United Kingdom", 32_094)}
    by_id = recs.set_index("recommendation_id")
    for r in dups.itertuples():
        assert by_id.loc[r.duplicate_of, "text"] == r.text


def test_joint_recommendation_split_by_state_shares_one_id(recs):
    # Belgium, session 11: UPR Info lists one NHRI recommendation once per each of 13 states.
    nhri = recs[(recs["under_review"] == "Belgium") & (recs["session"] == 11)
                & recs["text"].str.startswith("Establish an independent national human rights institution")]
    group = recs[recs["joint_id"] == nhri["joint_id"].iloc[0]]
    assert len(group) == 13
    assert group["recommending"].nunique() == 13
    assert {"Palestine", "Russian Federation", "Norway"} <= set(group["recommending"])
    assert group["joint_id"].iloc[0] == group["recommendation_id"].min()


def test_every_joint_group_has_one_review_and_several_states(recs):
    joint = recs[recs["joint_id"].notna()]
    per_group = joint.groupby("joint_id").agg(
        sessions=("session", "nunique"), states=("under_review", "nunique"),
        recommending=("recommending", "nunique"), texts=("text", lambda t: t.map(upr.normalise_text).nunique()))
    assert (per_group[["sessions", "states", "texts"]] == 1).all().all()
    assert (per_group["recommending"] >= 2).all()
    assert len(per_group) == 721 and len(joint) == 1_907


def test_the_same_state_twice_is_not_a_joint_recommendation(recs):
    # Moldova's monitoring recommendation to Montenegro appears twice (the second with a trailing
    # space); it is neither an exact duplicate nor joint.
    rows = recs[(recs["under_review"] == "Montenegro")
                & recs["text"].str.startswith("Establish a mechanism for monitoring the number of cases")]
    assert list(rows["recommending"]) == ["Moldova", "Moldova"]
    assert rows["joint_id"].isna().all() and rows["duplicate_of"].isna().all()


def test_text_is_decoded_as_mac_roman(recs):
    assert recs["text"].str.contains("Guaraní", regex=False).sum() == 3
    assert recs["text"].str.contains("vis-à-vis", regex=False).any()
    assert not recs["text"].str.contains("[\x80-\x9f]", regex=True).any()  # no C1 controls (latin-1 misreading)


def test_unattributed_recommendations_have_no_recommending_state(recs):
    unknown = recs[recs["recommending"].isna()]
    assert len(unknown) == 9
    assert set(unknown["under_review"]) == {"Indonesia"} and set(unknown["session"]) == {1}


def test_observers_recommend_but_are_not_reviewed(recs):
    # South Sudan (independent 9 July 2011) recommends from session 14 (2012) on; its first review came
    # after session 20 (upr-years: 2016), so within sessions 1-20 it is never under review.
    assert set(recs["recommending"].dropna()) - set(recs["under_review"]) == {"Holy See", "Palestine",
                                                                             "South Sudan"}
    assert recs["under_review"].nunique() == 192
    assert recs["recommending"].nunique() == 168  # 169 distinct 'From' values less '(Unknown)'


def test_state_date_is_the_opening_of_the_session(recs):
    china = recs[(recs["under_review"] == "China") & (recs["session"] == 4)]
    assert set(china["state_date"].astype(str)) == {"2009-02-02"}


def test_pledges_are_kept_apart(parsed, recs):
    pledges = parsed.tables["upr_pledges"]
    assert len(pledges) == 947
    assert pledges["pledge_id"].is_unique
    assert set(pledges.columns) >= {"session", "under_review", "text", "issues"}
    assert "response" not in pledges.columns
    # Yemen's session-5 pledges list two texts twice; both copies are kept
    yemen = pledges[(pledges["under_review"] == "Yemen") & (pledges["session"] == 5)]
    assert yemen["text"].duplicated().sum() == 2
    assert not recs["text"].isin(pledges["text"]).all()


def test_reviews_by_session_and_later_second_cycle(parsed, recs):
    reviews = parsed.tables["upr_reviews"]
    held = reviews[reviews["session"].notna()]
    # sessions.csv's 305 rows include South Sudan at session 11 (May 2011), before it existed: that
    # row restates Sudan's review and is merged, so the first cycle reviewed the 192 UN members of 2008.
    assert len(held) == 304
    assert held.groupby("cycle").size().to_dict() == {1: 192, 2: 112}
    later = reviews[reviews["session"].isna()]
    assert len(later) == 81 and set(later["cycle"]) == {2} and set(later["year"]) == {2015, 2016}
    # 112 upr-years rows whose two reviews are both in sessions.csv, and the South Sudan row above
    assert parsed.merged == 113
    china = held[held["under_review"] == "China"].sort_values("session")
    assert china[["session", "cycle", "year"]].values.tolist() == [[4, 1, 2009], [17, 2, 2013]]
    # every review with recommendations is a review in sessions.csv, and the reverse
    pairs = set(zip(held["under_review"], held["session"].astype(int)))
    assert set(zip(recs["under_review"], recs["session"])) == pairs


def test_second_cycle_years_agree_with_upr_years(parsed, paths):
    """The session calendar gives the same number of second-cycle reviews per year as upr-years.csv."""
    reviews = parsed.tables["upr_reviews"]
    ours = reviews[reviews["cycle"] == 2].groupby("year").size().to_dict()
    theirs = pd.read_csv(paths["upr-years.csv"], lineterminator="\r")["review2"].value_counts().to_dict()
    assert ours == theirs == {2012: 28, 2013: 42, 2014: 42, 2015: 42, 2016: 39}


def test_cycle_of_session():
    assert [upr.cycle_of(s) for s in (1, 12, 13, 26, 27, 40, 41)] == [1, 1, 2, 2, 3, 3, 4]
    with pytest.raises(ValueError):
        upr.cycle_of(0)


def test_normalise_text_ignores_case_spacing_and_final_stop():
    assert upr.normalise_text("Ratify  the ICCPR. ") == upr.normalise_text("ratify the ICCPR")
    assert upr.normalise_text("Ratify the ICCPR") != upr.normalise_text("Ratify the ICESCR")


def _with_file(paths, tmp_path, name, content: bytes):
    target = tmp_path / name.replace("/", "_")
    target.write_bytes(content)
    return {**paths, name: target}


def test_bad_rows_are_quarantined_with_a_reason(paths, tmp_path):
    header = ",".join(upr.COLUMNS)
    rows = [
        header,
        'Chile,GRULAC,,"Ratify OP-CAT",Peru,GRULAC,,Accepted,5,International instruments,5',
        'Chile,GRULAC,,"Ratify OP-CAT",Peru,GRULAC,,Maybe,5,International instruments,5',
        'Chile,GRULAC,,"Ratify OP-CAT",Peru,GRULAC,,Noted,7,International instruments,5',
        'Chile,GRULAC,,"Ratify OP-CAT",Peru,GRULAC,,Noted,4,International instruments,44',
        'Chile,GRULAC,,"Ratify OP-CAT",Peru,GRULAC',
        'Chile,GRULAC,,"Abolish\rthe death penalty",Italy,WEOG,EU,Noted,5,Death penalty,5',
    ]
    # The bad rows come first, then the real file's rows (the parser refuses a file that lacks the
    # states sessions.csv lists for its sessions: a hand-made file alone would look truncated).
    real = paths["v.2/Data/CSVs/1-5.csv"].read_bytes().split(b"\r", 1)[1]
    content = "\r".join(rows).encode("mac_roman") + b"\r" + real
    parsed = upr.parse(_with_file(paths, tmp_path, "v.2/Data/CSVs/1-5.csv", content))
    q = parsed.quarantine
    assert sorted(q["row"].astype(int)) == [3, 4, 5, 6]
    reasons = dict(zip(q["row"].astype(int), q["reason"]))
    assert reasons[3].startswith("Response is not one of")
    assert reasons[4].startswith("Action is not a UPR Info action category")
    assert reasons[5].startswith("Session is not a UPR session 1-20")
    assert reasons[6] == "expected 11 fields, found 6"
    recs = parsed.tables["upr_recommendations"]
    chile = recs[recs["recommendation_id"] <= 6]  # the rows of the replaced first file
    # the CR inside the quoted text stays in its row; ids count quarantined rows too
    assert chile["text"].tolist() == ["Ratify OP-CAT", "Abolish the death penalty"]
    assert chile["recommendation_id"].tolist() == [1, 6]
    assert parsed.n_read == sum(len(t) for t in parsed.tables.values()) + parsed.merged + len(q)


def test_a_changed_header_is_a_parse_error(paths, tmp_path):
    content = "To,Text,From\rChile,Ratify OP-CAT,Peru".encode("mac_roman")
    with pytest.raises(ParseError, match=r"upr-terman/v.2/Data/CSVs/6-9.csv: line 1: expected the columns"):
        upr.parse(_with_file(paths, tmp_path, "v.2/Data/CSVs/6-9.csv", content))


def test_source_descriptor_names_licence_and_citation():
    assert upr.SOURCE.name == "upr-terman"
    assert "Review of International Organizations" in upr.SOURCE.citation
    assert "No licence file" in upr.SOURCE.licence
    assert {f.name for f in upr.SOURCE.files} >= set(upr.RECOMMENDATION_FILES) | {upr.PLEDGE_FILE}

