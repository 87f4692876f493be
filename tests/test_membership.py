"""Council and Commission membership derived from the roll calls of hrc-voting.

Checked against GA res 60/251 (47 seats: 13 African, 13 Asia-Pacific, 6 Eastern European, 8 Latin
American and Caribbean, 7 Western European and others), the 2006 lots and the curated events
(regime-rules.md section 1; ``regime/data/hrc_2006_lots.csv``, ``hrc_membership_events.csv``).
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from rightsregime.regime import HRC_SEATS
from rightsregime.sources import hrc_voting
from rightsregime.sources._fetch import locate
from rightsregime.warehouse import membership as m


@pytest.fixture(scope="module")
def derived(sources):
    paths = locate(hrc_voting.SOURCE, sources)
    parsed = hrc_voting.parse(paths)
    votes = parsed.tables["votes"]
    votes = votes[~votes.duplicated(["decision_id", "iso3"])]  # as the build keeps them
    groups = hrc_voting.regional_groups(paths["dashboard/data.js"])
    return m.derive_membership(parsed.tables["decisions"], votes, groups)


@pytest.fixture(scope="module")
def years(derived):
    return derived[0]


@pytest.fixture(scope="module")
def terms(derived):
    return derived[1]


@pytest.fixture(scope="module")
def rec(derived):
    return derived[2]


def member_years(years, iso3, body="HRC"):
    return sorted(years.loc[(years["body_id"] == body) & (years["iso3"] == iso3), "year"])


def test_the_2006_lots_file():
    lots = m.load_lots()
    assert len(lots) == 47 and lots["iso3"].is_unique
    assert lots["term_years"].value_counts().to_dict() == {3: 18, 2: 15, 1: 14}
    assert lots["regional_group"].value_counts().to_dict() == HRC_SEATS
    assert (lots.groupby("term_years")["term_end"].first() == ["2007-06-18", "2008-06-18", "2009-06-18"]).all()


def test_council_years():
    assert m.council_year(date(2006, 6, 19)) == 2006
    assert m.council_year(date(2007, 3, 30)) == 2006  # June-June until 2011
    assert m.council_year(date(2011, 6, 17)) == 2010  # res 17/19 was voted by the 2010-11 Council
    assert m.council_year(date(2011, 9, 30)) == 2011
    assert m.council_year(date(2012, 3, 22)) == 2012  # calendar years after GA res 65/281
    assert m.term_dates(2009, 4) == (date(2009, 6, 19), date(2012, 12, 31))  # extended
    assert m.term_dates(2014, 3) == (date(2014, 1, 1), date(2016, 12, 31))


def test_47_members_a_year_13_13_6_8_7(years, rec):
    """Every Council year 2006-2026 adds up, once two by-elections are seen as one seat each: in 2018
    Iceland took the United States' Western European seat, in 2022 Czechia took Russia's Eastern one."""
    table = m.seats_by_group(years)
    assert list(table.index) == list(range(2006, 2027))
    expected = pd.DataFrame({g: [n] * len(table) for g, n in HRC_SEATS.items()}, index=table.index)
    expected.loc[2018, "WEOG"] = 8
    expected.loc[2022, "EEG"] = 7
    pd.testing.assert_frame_equal(table[list(HRC_SEATS)], expected, check_names=False, check_dtype=False)
    assert table["total"].to_dict() == {y: 48 if y in (2018, 2022) else 47 for y in table.index}
    assert not rec["what"].str.startswith("membership").any()  # no year left unexplained


def test_roll_calls_that_list_non_members_are_caught(rec):
    """Four roll calls list states that held no seat; they are not counted, they are reported."""
    listed = rec[rec["what"] == "roll call lists non-member"]
    hrc = listed[listed["expected"].str.contains("held no HRC seat")]
    by_symbol = hrc.groupby("symbol")["expected"].apply(lambda s: sorted(x.split()[0] for x in s)).to_dict()
    nine = ["BRA", "EGY", "HRV", "HUN", "IRQ", "JPN", "RWA", "TUN", "USA"]
    assert by_symbol == {"A/HRC/RES/16/31": ["SVN", "SWZ"],  # 2010-11: 49 states without the check
                         "A/HRC/33/L.34": nine, "A/HRC/33/L.35": nine,  # 2016: 56 states
                         "A/HRC/50/L.48": ["DZA"]}  # 2022: Algeria sat 2014-16 and from 2023
    # Six roll calls of 5-6 Jul 2018 still list the United States (as absent) after it withdrew.
    after = listed[listed["expected"] == "USA withdrew on 2018-06-19"]
    assert len(after) == 6 and set(after["found"]) == {"absent"}


def test_libya_listed_while_suspended(rec):
    """Suspended 1 Mar 2011 (GA res 65/265), reinstated 18 Nov 2011: 31 roll calls list Libya in
    between, never with a vote."""
    suspended = rec[rec["what"] == "roll call lists suspended member"]
    assert len(suspended) == 31
    assert set(suspended["found"]) == {"absent", "non_voting"}


def test_china_member_years_and_terms(years, terms):
    assert member_years(years, "CHN") == [*range(2006, 2013), *range(2014, 2020), *range(2021, 2027)]
    china = terms[terms["iso3"] == "CHN"]
    assert [(str(a), str(b), how) for a, b, how in zip(china["term_start"], china["term_end"], china["how"])] == [
        ("2006-06-19", "2009-06-18", "lots"),
        ("2009-06-19", "2012-12-31", "derived"),
        ("2014-01-01", "2016-12-31", "derived"),
        ("2017-01-01", "2019-12-31", "derived"),
        ("2021-01-01", "2023-12-31", "derived"),
        ("2024-01-01", "2026-12-31", "derived"),
    ]


def test_2022_russia_suspended_and_withdrawn_czechia_elected(years, terms):
    y2022 = years[(years["body_id"] == "HRC") & (years["year"] == 2022)].set_index("iso3")
    assert y2022.loc["RUS", "n_votes"] == 20  # its last roll calls: 1 Apr 2022
    assert y2022.loc["CZE", "n_votes"] == 55  # from 12 May 2022
    russia = terms[(terms["iso3"] == "RUS") & (terms["term_start"] == date(2021, 1, 1))].iloc[0]
    assert russia["term_end"] == date(2022, 4, 7)
    czechia = terms[(terms["iso3"] == "CZE") & (terms["how"] == "elected")].iloc[0]
    assert (czechia["term_start"], czechia["term_end"]) == (date(2022, 5, 10), date(2023, 12, 31))
    assert member_years(years, "RUS")[-1] == 2022


def test_2018_united_states_withdrew_iceland_elected(terms):
    usa = terms[(terms["iso3"] == "USA") & (terms["term_start"] == date(2017, 1, 1))].iloc[0]
    assert usa["term_end"] == date(2018, 6, 19)
    iceland = terms[(terms["iso3"] == "ISL") & (terms["how"] == "elected")].iloc[0]
    assert iceland["term_end"] == date(2019, 12, 31)


def test_terms_follow_the_rules(years, terms, rec):
    """The 2006 members are the 47 of the lots; every later term is three years (four Council years for
    the 2009-2011 cohorts), none a third in a row; only the by-elections break the pattern."""
    first = set(years.loc[(years["body_id"] == "HRC") & (years["year"] == 2006), "iso3"])
    assert first == set(m.load_lots()["iso3"])
    # Libya's 2010-2013 term is cut around its suspension (1 Mar-17 Nov 2011): one 'reinstated' part.
    assert terms["how"].value_counts().to_dict() == {"derived": 296, "lots": 47, "elected": 2, "reinstated": 1}
    assert not rec["what"].str.startswith("membership term").any()
    derived = terms[terms["how"] == "derived"]
    libya = terms[(terms["iso3"] == "LBY") & (terms["term_end"] >= date(2011, 1, 1))
                  & (terms["term_start"] <= date(2012, 12, 31))]
    assert [(str(a), str(b)) for a, b in zip(libya["term_start"], libya["term_end"])] == [
        ("2010-06-19", "2011-02-28"), ("2011-11-18", "2013-12-31")]
    starts = pd.to_datetime(derived["term_start"]).dt.year
    assert set(starts) == {2007, 2008, 2009, 2010, 2011, *range(2013, 2027)}  # no election for 2012


def test_commission_size_by_year(years, rec):
    """18 members from 1947, 21 from 1962, 32 from 1967, 43 from 1980, 53 from 1992, in every year with
    a roll call, once two roll calls listing non-members are set aside."""
    sizes = years[years["body_id"] == "CHR"].groupby("year").size()
    assert all(n == m.chr_size(y) for y, n in sizes.items())
    assert len(sizes) == 47 and sizes.index.min() == 1947 and sizes.index.max() == 2005
    chr_rows = rec[rec["expected"].str.contains("held no CHR seat", na=False)]
    assert chr_rows.groupby("symbol").size().to_dict() == {"E/CN.4/RES/1(XXX)": 5, "E/CN.4/RES/1992/S-2/1": 1}


def test_warehouse_membership(reg):
    per_year = reg.con.execute(
        "SELECT year, count(*) FROM membership_years WHERE body_id = 'HRC' GROUP BY year ORDER BY year"
    ).fetchall()
    assert dict(per_year) == {y: 48 if y in (2018, 2022) else 47 for y in range(2006, 2027)}
    china = reg.memberships(body="HRC")
    china = china[china["iso3"] == "CHN"]
    assert [str(d)[:4] for d in china["term_start"]] == ["2006", "2009", "2014", "2017", "2021", "2024"]
    listed = reg.con.execute(
        "SELECT count(*) FROM reconciliation WHERE what = 'roll call lists non-member'").fetchone()[0]
    assert listed == 27  # 33 less the six 'absent' listings of the United States after it withdrew
    # Those six and Libya's 31 listings while suspended are not votes: they are quarantined.
    gone = reg.con.execute("SELECT count(*) FROM quarantine WHERE reason LIKE 'listed on a Council roll call%'").fetchone()[0]
    assert gone == 37
