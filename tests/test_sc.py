"""Security Council sources: the veto list 1946-2022 and the SC rows of the 2025 3DL extract.

Facts from the Dag Hammarskjöld Library's veto list (research.un.org/en/docs/sc/quick/veto) as
the file holds it: 214 vetoed drafts to 8 July 2022; 121 vetoes by the USSR (90) and Russia (31),
82 by the United States, 29 by the United Kingdom, 17 by China, 16 by France.
"""
from __future__ import annotations


import pandas as pd
import pytest

from rightsregime.sources import sc_vetoes, unga_2025

@pytest.fixture(scope="module")
def vetoes(parse_source):
    return parse_source(sc_vetoes)


@pytest.fixture(scope="module")
def sc25(parse_source):
    return parse_source(unga_2025)


def test_214_vetoed_drafts_rejected_in_the_council(vetoes):
    dec = vetoes.tables["decisions"]
    assert len(dec) == 214
    assert dec["decision_id"].is_unique
    assert set(dec["body_id"]) == {"SC"}
    assert set(dec["kind"]) == {"draft"}
    assert set(dec["outcome"]) == {"rejected"}
    assert vetoes.n_read == len(dec) + len(vetoes.tables["votes"]) + len(vetoes.quarantine) == 214 + 265


def test_vetoes_by_permanent_member(vetoes):
    votes = vetoes.tables["votes"]
    assert set(votes["position"]) == {"no"}
    by_member = votes["iso3"].value_counts().to_dict()
    assert by_member == {"USSR": 90, "USA": 82, "Russia": 31, "UK": 29, "China": 17, "France": 16}
    assert by_member["USSR"] + by_member["Russia"] == 121  # Soviet and Russian vetoes


def test_joint_vetoes_are_one_draft_with_several_members(vetoes):
    dec = vetoes.tables["decisions"].set_index("symbol")
    votes = vetoes.tables["votes"]
    # 31 October 1977: France, the UK and the US vetoed three drafts on South Africa (S/12310-12).
    joint = votes[votes["decision_id"] == dec.loc["S/12311/Rev.1", "decision_id"]]
    assert sorted(joint["iso3"]) == ["France", "UK", "USA"]
    # 26 May 2022: China and Russia on the DPRK draft.
    dprk = votes[votes["decision_id"] == dec.loc["S/2022/431", "decision_id"]]
    assert sorted(dprk["iso3"]) == ["China", "Russia"]


def test_the_file_ends_in_july_2022_without_s_2022_720(vetoes):
    dec = vetoes.tables["decisions"]
    last = dec.loc[dec["date"].idxmax()]
    assert (last["symbol"], last["date"]) == ("S/2022/538", pd.Timestamp("2022-07-08"))
    assert "S/2022/720" not in set(dec["symbol"])  # Russia, 30 September 2022: missing from the source


def test_draft_symbols_are_read_from_the_draft_column(vetoes):
    dec = vetoes.tables["decisions"]
    assert dec["symbol"].isna().sum() == 23  # early vetoes known only by their meeting (S/PV.n)
    assert (dec["symbol"].dropna() == dec["draft_symbol"].dropna()).all()
    assert sc_vetoes.draft_symbol("S/9696 and Corr.1 & 2") == "S/9696"
    assert sc_vetoes.draft_symbol("S/PV.3038") is None
    first = dec.iloc[0]
    assert (first["date"], first["subjects"]) == (pd.Timestamp("1946-02-16"), "Lebanon; Middle East")


def test_veto_votes_carry_their_date(vetoes):
    votes = vetoes.tables["votes"]
    china = votes.loc[votes["iso3"] == "China", "state_date"]
    # China's first veto in the list: Bangladesh's admission, 25 August 1972 (S/10771), after the
    # People's Republic took the seat; the date lets the resolver tell it from the Republic of China.
    assert china.min() == pd.Timestamp("1972-08-25")
    assert votes.loc[votes["iso3"] == "USSR", "state_date"].max() < pd.Timestamp("1991-12-26")


def test_2025_council_rows(sc25):
    dec, votes = sc25.tables["decisions"], sc25.tables["votes"]
    sc = dec[dec["body_id"] == "SC"].set_index("decision_id")
    assert len(sc) == 44
    sc_votes = votes[votes["decision_id"].isin(sc.index)]
    assert sorted(sc_votes["iso3"].unique()) == [
        "CHN", "DNK", "DZA", "FRA", "GBR", "GRC", "GUY", "KOR", "PAK", "PAN", "RUS", "SLE", "SOM", "SVN", "USA"]
    assert (sc_votes.groupby("decision_id").size() == 15).all()
    tally = sc_votes.pivot_table(index="decision_id", columns="position", aggfunc="size", fill_value=0)
    tally = tally.reindex(index=sc.index, columns=["yes", "no", "abstain", "non_voting"], fill_value=0)
    for col in ("yes", "no", "abstain", "non_voting"):
        assert (tally[col] == sc[col]).all(), col
    # Resolution 2797 (2025) on MINURSO, 31 October 2025: Algeria did not vote.
    minurso = sc.reset_index().set_index("symbol").loc["S/RES/2797(2025)"]
    assert (minurso["yes"], minurso["no"], minurso["abstain"], minurso["non_voting"]) == (11, 0, 3, 1)
    assert _position(sc_votes, minurso["decision_id"], "DZA") == "non_voting"


def _position(votes, decision_id, iso3):
    row = votes[(votes["decision_id"] == decision_id) & (votes["iso3"] == iso3)]
    return row["position"].iloc[0]


def test_vetoes_in_the_warehouse_resolve_the_ussr_and_russia_apart(reg):
    votes = reg.votes(body="SC", kind="draft")
    counts = votes.loc[votes["decision_id"].str.startswith("unsc-vetoes:"), "iso3"].value_counts().to_dict()
    assert counts == {"SUN": 90, "USA": 82, "RUS": 31, "GBR": 29, "CHN": 17, "FRA": 16}
