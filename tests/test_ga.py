"""General Assembly sources: unvotes (1946-2019), the 2025 3DL extract and the official UNDL file.

Facts checked against the UN record: A/RES/68/262 (Territorial integrity of Ukraine, 27 March
2014) 100-11-58; A/RES/60/251 (Human Rights Council, 15 March 2006) 170-4-3; A/RES/3379 (XXX)
72-35-32; A/RES/ES-11/7 (24 February 2025) 93-18-65.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from rightsregime.errors import ParseError
from rightsregime.sources import undl_ga, unga_2025, unvotes
from rightsregime.sources._un_symbols import official_ga_symbol, voeten_unres_symbol

FIXTURE = Path(__file__).parent / "fixtures" / "undl_ga_sample.csv"
@pytest.fixture(scope="module")
def uv(parse_source):
    return parse_source(unvotes)


@pytest.fixture(scope="module")
def ga25(parse_source):
    return parse_source(unga_2025)


def _tally(votes: pd.DataFrame, decision_id: str) -> dict[str, int]:
    return votes.loc[votes["decision_id"] == decision_id, "position"].value_counts().to_dict()


def _accounted(parsed) -> int:
    return sum(len(df) for df in parsed.tables.values()) + len(parsed.quarantine) + parsed.merged


# --- unvotes -------------------------------------------------------------------------------------

def test_unvotes_reads_every_roll_call_and_vote(uv):
    dec, votes = uv.tables["decisions"], uv.tables["votes"]
    assert len(dec) == 6_202
    assert len(votes) == 869_937
    assert dec["decision_id"].is_unique
    assert uv.n_read == _accounted(uv)
    assert set(votes["position"]) == {"yes", "no", "abstain"}  # the package dropped absences


def test_crimea_resolution_68_262_is_100_11_58(uv):
    dec, votes = uv.tables["decisions"], uv.tables["votes"]
    row = dec.set_index("symbol").loc["A/RES/68/262"]
    assert row["decision_id"] == "unvotes:5309"
    assert row["date"] == pd.Timestamp("2014-03-27")
    assert (row["kind"], row["outcome"], row["body_id"], row["session"]) == ("resolution", "adopted", "GA", "68")
    assert row["title"] == "Territorial integrity of Ukraine"
    assert _tally(votes, "unvotes:5309") == {"yes": 100, "abstain": 58, "no": 11}


@pytest.mark.parametrize("symbol, expected", [
    ("A/RES/60/251", {"yes": 170, "no": 4, "abstain": 3}),  # Human Rights Council
    ("A/RES/3379(XXX)", {"yes": 72, "no": 35, "abstain": 32}),  # consecutive numbering, roman session
])
def test_named_resolutions_have_their_recorded_totals(uv, symbol, expected):
    dec = uv.tables["decisions"]
    (decision_id,) = dec.loc[dec["symbol"] == symbol, "decision_id"]
    assert _tally(uv.tables["votes"], decision_id) == expected


def test_unvotes_kinds_and_outcomes(uv):
    dec = uv.tables["decisions"]
    assert dec["kind"].value_counts().to_dict() == {
        "resolution": 4_986, "paragraph": 872, "amendment": 311, "motion": 33}
    # Adopted = a resolution roll call with its own resolution number; the rest cannot be told.
    assert dec["outcome"].value_counts().to_dict() == {"adopted": 4_446, "unknown": 1_756}
    assert dec.loc[dec["kind"] != "resolution", "symbol"].isna().all()
    assert set(dec["modality"]) == {"recorded"}


def test_amendments_point_at_the_vote_on_their_resolution(uv):
    dec = uv.tables["decisions"].set_index("decision_id")
    amends = dec["amends"].dropna()
    assert len(amends) == 338
    assert amends.isin(dec.index).all()
    assert (dec.loc[amends.to_numpy(), "kind"] == "resolution").all()


def test_issue_tags_become_subjects(uv):
    dec = uv.tables["decisions"]
    tagged = dec["subjects"].dropna()
    # 5,745 issue rows over the roll calls, none orphaned
    assert tagged.str.count("; ").sum() + len(tagged) == 5_745
    assert dec.set_index("symbol").loc["A/RES/60/251", "subjects"] == "Human rights"
    assert int(dec["important"].sum()) == 411
    assert dec.loc[dec["session"].astype(int) < 38, "important"].isna().all()  # not yet classified


def test_votes_carry_the_roll_call_date_for_name_resolution(uv):
    votes = uv.tables["votes"]
    yar = votes.loc[votes["iso3"] == "Yemen Arab Republic", "state_date"]
    yemen = votes.loc[votes["iso3"] == "Yemen", "state_date"]
    assert yar.max() < pd.Timestamp("1990-05-22") <= yemen.min()  # unification, 22 May 1990


# --- symbols -------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, official", [
    ("A/RES/68/262", "A/RES/68/262"),
    ("A/RES/80/84 B", "A/RES/80/84[B]"),
    ("a/res/2200 A (XXI)", "A/RES/2200(XXI)[A]"),
    ("A/RES/2200(XXI)[A]", "A/RES/2200(XXI)[A]"),
    ("A/RES/377(V)[A-C]", "A/RES/377(V)[A-C]"),
    ("A/RES/ES-11/7", "A/RES/ES-11/7"),
    ("A/DEC/80/506", None),
    ("S/RES/2797(2025)", None),
])
def test_official_ga_symbol(raw, official):
    assert official_ga_symbol(raw) == official


@pytest.mark.parametrize("unres, session, expected", [
    ("R/68/262", 68, ("A/RES/68/262", False)),
    ("R/21/2200A", 21, ("A/RES/2200(XXI)[A]", False)),
    ("R/18/1904", 18, ("A/RES/1904(XVIII)", False)),
    ("R/42/70/A", 42, ("A/RES/42/70[A]", False)),
    ("R/33/116A/IV", 33, ("A/RES/33/116[A]", True)),
    ("R/61/128AB", 61, ("A/RES/61/128[A-B]", False)),
    ("R/3/931A", 3, (None, False)),  # before session 18 the number is a document's, not the resolution's
    ("R/677/46", 67, (None, False)),  # typing error in the source
    ("ESS/1/126A", 11, (None, False)),
])
def test_voeten_unres_codes(unres, session, expected):
    assert voeten_unres_symbol(unres, session) == expected


# --- unga-2025-3dl -------------------------------------------------------------------------------

def test_3dl_es_11_7_is_93_18_65(ga25):
    dec = ga25.tables["decisions"].set_index("symbol")
    row = dec.loc["A/RES/ES-11/7"]
    assert row["date"] == pd.Timestamp("2025-02-24")
    assert (row["yes"], row["no"], row["abstain"], row["non_voting"]) == (93, 18, 65, 17)
    assert (row["body_id"], row["session"], row["decision_id"]) == ("GA", "ES-11", "unga-2025-3dl:4076672")
    # Afghanistan and Venezuela have no column, so two of the 17 non-voting are not in the roll call.
    assert _tally(ga25.tables["votes"], row["decision_id"]) == {
        "yes": 93, "abstain": 65, "no": 18, "non_voting": 15}


def test_3dl_every_ga_roll_call_matches_its_official_counts(ga25):
    dec, votes = ga25.tables["decisions"], ga25.tables["votes"]
    ga = dec[dec["body_id"] == "GA"].set_index("decision_id")
    assert len(ga) == 192
    tally = (votes[votes["decision_id"].isin(ga.index)]
             .pivot_table(index="decision_id", columns="position", aggfunc="size", fill_value=0)
             .reindex(ga.index, fill_value=0))
    assert (tally["yes"] == ga["yes"]).all()
    assert (tally["no"] == ga["no"]).all()
    assert (tally["abstain"] == ga["abstain"]).all()
    assert (tally["non_voting"] == ga["non_voting"] - 2).all()  # AFG and VEN
    assert not votes["iso3"].isin(["AFG", "VEN"]).any()
    assert (ga["yes"] + ga["no"] + ga["abstain"] + ga["non_voting"] == 193).all()


def test_3dl_accounts_for_every_member_cell(ga25):
    dec, votes = ga25.tables["decisions"], ga25.tables["votes"]
    assert dec["body_id"].value_counts().to_dict() == {"GA": 192, "SC": 44}
    assert len(votes) == 192 * 191 + 44 * 15
    assert ga25.n_read == _accounted(ga25) == 37_568
    assert set(dec.loc[dec["kind"] == "decision", "symbol"]) == {"A/DEC/80/506"}
    assert {"A/RES/80/84[A]", "A/RES/80/84[B]"} <= set(dec["symbol"])


# --- undl-ga (official file; hand-made fixture) --------------------------------------------------

def test_undl_codebook_source_is_not_loaded_but_merges_into_unvotes():
    assert undl_ga.SOURCE.codebook_only
    assert undl_ga.SOURCE.merge_into == "unvotes"
    assert [f.name for f in undl_ga.SOURCE.files] == ["2024_09_12_ga_resolutions_voting_md.md"]


def test_undl_fixture_round_trip():
    parsed = undl_ga.parse_undl_csv(FIXTURE)
    dec = parsed.tables["decisions"].set_index("symbol")
    votes = parsed.tables["votes"]
    assert list(dec.index) == ["A/RES/99/1", "A/RES/99/2", "A/RES/99/3[B]", "A/DEC/99/501"]
    assert list(dec["kind"]) == ["resolution", "resolution", "resolution", "decision"]
    assert list(dec["modality"]) == ["recorded", "without a vote", "recorded", "recorded"]
    assert dec.loc["A/RES/99/1", "decision_id"] == "undl-ga:9900001"
    assert dec.loc["A/RES/99/1", "title"] == "MADE-UP EXAMPLE, recorded vote (test fixture, not a UN record)"
    assert dec.loc["A/RES/99/3[B]", "draft_symbol"] == "A/C.3/99/L.3"
    # NV and a blank on a recorded vote are both non-voting; the official totals agree.
    assert _tally(votes, "undl-ga:9900001") == {"yes": 1, "no": 1, "abstain": 1, "non_voting": 2}
    assert tuple(dec.loc["A/RES/99/1", ["yes", "no", "abstain", "non_voting"]]) == (1, 1, 1, 2)
    assert _tally(votes, "undl-ga:9900002") == {}  # adopted without a vote: no roll call
    assert pd.isna(dec.loc["A/RES/99/2", "yes"])
    assert votes["state_date"].min() == pd.Timestamp("2099-12-01")
    assert parsed.n_read == _accounted(parsed) == 4 + 15


def test_undl_reads_the_later_column_names(tmp_path):
    later = {"ms_codes": "ms_code", "ms_names": "ms_name", "ms_votes": "ms_vote", "resolutions": "resolution",
             "agenda_titles": "agenda_title", "yes": "total_yes", "no": "total_no",
             "abstentions": "total_abstentions", "non-voting": "total_non_voting", "total-voting": "total_ms"}
    df = pd.read_csv(FIXTURE, dtype=str, keep_default_na=False).rename(columns=later).drop(columns="modality")
    df["ms_vote"] = df["ms_vote"].replace("NV", "X")
    path = tmp_path / "ga_voting_2026.csv"
    df.to_csv(path, index=False)
    parsed = undl_ga.parse_undl_csv(path)
    dec = parsed.tables["decisions"].set_index("symbol")
    assert dec.loc["A/RES/99/2", "modality"] == "without a vote"  # no modality column: nobody voted
    assert _tally(parsed.tables["votes"], "undl-ga:9900004") == {"yes": 3, "no": 1, "non_voting": 1}


def test_undl_quarantines_unknown_vote_codes(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8").replace("9900003,KEN,KENYA,Y,", "9900003,KEN,KENYA,MAYBE,")
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    parsed = undl_ga.parse_undl_csv(path)
    assert parsed.quarantine["reason"].tolist() == ["unknown vote code"]
    assert parsed.n_read == _accounted(parsed)


def test_undl_refuses_another_layout(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(ParseError, match=r"other\.csv: not the UN Digital Library GA voting layout"):
        undl_ga.parse_undl_csv(path)


def test_find_undl_files_lists_only_csv_in_the_mirror_folder(tmp_path):
    assert undl_ga.find_undl_files(tmp_path) == []
    folder = tmp_path / "undl-ga"
    folder.mkdir()
    (folder / "2024_09_12_ga_resolutions_voting_md.md").write_text("codebook")
    (folder / "2024_09_12_ga_voting.csv").write_text("undl_id\n")
    assert undl_ga.find_undl_files(tmp_path) == [folder / "2024_09_12_ga_voting.csv"]


# --- in the warehouse (the real build) ----------------------------------------------------------

def test_crimea_vote_in_the_warehouse_names_states_by_code(reg):
    votes = reg.votes(body="GA", years=2014)
    crimea = votes[votes["symbol"] == "A/RES/68/262"].set_index("iso3")["position"]
    assert len(crimea) == 169
    assert (crimea["UKR"], crimea["RUS"], crimea["CHN"]) == ("yes", "no", "abstain")


def test_unvotes_names_resolve_by_date_in_the_warehouse(reg):
    states = reg.sql("""
        SELECT v.iso3, min(d.date) AS first, max(d.date) AS last FROM votes v JOIN decisions d USING (decision_id)
        WHERE d.source = 'unvotes' AND v.iso3 IN ('SUN', 'RUS', 'YAR', 'YEM', 'TWN') GROUP BY v.iso3
    """).set_index("iso3")
    assert states.loc["SUN", "last"] < pd.Timestamp("1991-12-26") <= states.loc["RUS", "first"]
    assert states.loc["YAR", "last"] < pd.Timestamp("1990-05-22") <= states.loc["YEM", "first"]
    assert states.loc["TWN", "last"] < pd.Timestamp("1971-10-25")  # GA res 2758 (XXVI)
