"""States and regional groups, parsed from the real mirror (un-member-states, un-groups-blocs).

Facts checked against the UN Dag Hammarskjöld Library member-states file and the UN's list of
regional groups (https://ask.un.org/faq/14521).
"""
from __future__ import annotations

import pandas as pd
import pytest

from rightsregime.sources import groups, member_states
from rightsregime.sources._fetch import locate


@pytest.fixture(scope="module")
def states_parsed(sources):
    return member_states.parse(locate(member_states.SOURCE, sources))


@pytest.fixture(scope="module")
def groups_parsed(sources):
    return groups.parse(locate(groups.SOURCE, sources))


@pytest.fixture(scope="module")
def states(states_parsed):
    return states_parsed.tables["states"].set_index("iso3")


def _balanced(parsed) -> int:
    return parsed.n_read - sum(len(t) for t in parsed.tables.values()) - len(parsed.quarantine) - parsed.merged


def test_193_current_members(states):
    assert int(states["un_member"].sum()) == 193
    assert set(states.loc[states["un_member"], "status"]) == {"member"}


def test_historical_members_and_their_successors(states):
    expected = {
        "SUN": ("1945-10-24", "1991-12-23", "RUS"),
        "YUG": ("1945-10-24", "2003-02-03", "SRB;BIH;HRV;MKD;SVN"),
        "CSK": ("1945-10-24", "1992-12-31", "CZE;SVK"),
        "DDR": ("1973-09-18", "1990-10-02", "DEU"),
        "YAR": ("1947-09-30", "1990-05-21", "YEM"),
        "YMD": ("1967-12-14", "1990-05-21", "YEM"),
        "ZAR": ("1971-10-27", "1997-05-16", "COD"),
        "ZAN": ("1963-12-16", "1964-04-26", "TZA"),
    }
    for code, (admitted, left, successor) in expected.items():
        row = states.loc[code]
        assert row["status"] == "historical", code
        assert row["admitted"] == pd.Timestamp(admitted), code
        assert row["left"] == pd.Timestamp(left), code
        assert row["successor"] == successor, code
        assert not row["un_member"]


def test_observers_and_the_china_seat_come_from_curated_rows(states):
    assert states.loc["VAT", "status"] == "observer" and states.loc["VAT", "name"] == "Holy See"
    assert states.loc["PSE", "status"] == "observer"
    assert states.loc["TWN", "left"] == pd.Timestamp("1971-10-25")  # GA res 2758 (XXVI)
    assert states.loc["TWN", "successor"] == "CHN"


def test_current_names_and_codes(states):
    assert states.loc["TUR", "name"] == "Türkiye"
    assert states.loc["SWZ", "name"] == "Eswatini"
    assert states.loc["DEU", "admitted"] == pd.Timestamp("1973-09-18")  # the FRG's admission
    assert states.loc["YEM", "admitted"] == pd.Timestamp("1990-05-22")
    assert states.loc["CHN", "m49"] == 156


def test_multi_valued_dates_become_spells(states_parsed):
    """Cameroon: '1960-09-20, 1984-02-04' / '1975-03-09'; the United Republic in between (E008)."""
    names = states_parsed.tables["state_names"]
    cmr = names.loc[(names["iso3"] == "CMR") & (names["kind"] == "official")].sort_values("valid_from")
    assert list(cmr["name"]) == ["Cameroon", "United Republic of Cameroon", "Cameroon"]
    assert list(cmr["valid_to"].dt.strftime("%Y-%m-%d").fillna("")) == ["1975-03-09", "1984-02-03", ""]
    khm = names.loc[(names["iso3"] == "KHM") & (names["name"] == "Cambodia")]
    assert len(khm) == 3  # 1955-1970, 1975-1976, from 1990


def test_other_names_keep_inverted_forms(states_parsed):
    names = set(states_parsed.tables["state_names"].query("iso3 == 'MKD'")["name"])
    assert "Macedonia, the Former Yugoslav Republic of" in names
    assert "FYROM" in names


def test_member_states_rows_are_accounted_for(states_parsed):
    assert _balanced(states_parsed) == 0
    assert list(states_parsed.quarantine["reason"]) == ["no state name, code or start date"]


def test_five_regional_groups_after_errata(groups_parsed):
    """54 African, 54 Asia-Pacific (58 listed minus ARM, AZE, AUS, NZL), 23 EEG, 33 GRULAC and
    29 WEOG (with the United States and Türkiye, counted with WEOG for elections) = 193."""
    gm = groups_parsed.tables["group_members"].merge(groups_parsed.tables["groups"], on="group_id")
    current = gm.loc[gm["kind"].eq("regional") & gm["until"].isna()]
    counts = current.groupby("group_id").size().to_dict()
    assert counts == {"AFRICAN": 54, "ASIA_PACIFIC": 54, "EEG": 23, "GRULAC": 33, "WEOG": 29}
    assert current["iso3"].is_unique
    assert {"US", "TR"} <= set(current.loc[current["group_id"] == "WEOG", "iso3"])
    ap = set(current.loc[current["group_id"] == "ASIA_PACIFIC", "iso3"])
    assert not ap & {"AM", "AZ", "AU", "NZ"}


def test_removed_group_rows_are_quarantined_with_their_erratum(groups_parsed):
    q = groups_parsed.quarantine
    assert sorted(q["reason"].str.slice(0, 11)) == ["errata E001", "errata E002", "errata E003", "errata E004"]
    assert _balanced(groups_parsed) == 0


def test_historical_states_get_their_regional_group(groups_parsed):
    gm = groups_parsed.tables["group_members"].set_index("iso3")
    assert gm.loc["SUN", "group_id"] == "EEG"
    assert gm.loc["SUN", "until"] == pd.Timestamp("1991-12-23")
    assert gm.loc["ZAR", "group_id"] == "AFRICAN"


def test_blocs_and_kinds(groups_parsed):
    g = groups_parsed.tables["groups"].set_index("group_id")
    assert g.loc["OIC", "kind"] == "political"
    assert g.loc["EU", "kind"] == "economic"
    assert g.loc["NATO", "kind"] == "military"
    assert g.loc["G77", "kind"] == "political"
    gm = groups_parsed.tables["group_members"]
    assert (gm["group_id"] == "UN").sum() == 193
    eu = gm[gm["group_id"] == "EU"]
    # today's 27 from the source, plus the United Kingdom (1973-2020) from the errata
    assert len(eu) == 28 and eu["until"].notna().sum() == 1 and eu["since"].notna().all()


def test_errata_table_lists_each_correction_once(groups_parsed, states_parsed):
    errata = pd.concat([groups_parsed.tables["errata"], states_parsed.tables["errata"]])
    assert errata["errata_id"].is_unique
    assert errata["citation"].str.len().min() > 20
    assert "E008" in set(states_parsed.tables["errata"]["errata_id"])
