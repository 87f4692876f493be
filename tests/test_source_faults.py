"""Source faults found by rules of the world, and their cited corrections (issue 7, item 4)."""
from __future__ import annotations

import pandas as pd
import pytest

from rightsregime.warehouse import world_rules


@pytest.fixture(scope="module")
def rat(reg):
    return reg.ratifications().set_index(["instrument_id", "iso3"])


@pytest.mark.parametrize("instrument,iso3,year,signed", [
    ("ICCPR", "ZAF", 1998, 1994),      # UNTC IV-4: signed 3 Oct 1994, ratified 10 Dec 1998
    ("ICERD", "BRA", 1968, 1966),      # UNTC IV-2: signed 7 Mar 1966, ratified 27 Mar 1968
    ("ICERD", "USA", 1994, 1966),      # UNTC IV-2: signed 28 Sep 1966, ratified 21 Oct 1994
    ("ICERD", "GBR", 1969, 1966),      # UNTC IV-2: signed 11 Oct 1966, ratified 7 Mar 1969
    ("OP-CRPD", "ARG", 2008, 2007),    # UNTC IV-15-a: signed 30 Mar 2007, ratified 2 Sep 2008
])
def test_signature_years_are_corrected_to_ratification_years(rat, instrument, iso3, year, signed):
    """The source gave these states' signature year as the ratification year (errata E056-E062)."""
    row = rat.loc[(instrument, iso3)]
    assert (row["status"], row["year"], row["signed"]) == ("party", year, signed)
    assert "corrected by errata" in row["note"]


@pytest.mark.parametrize("instrument,iso3,year", [
    ("ICCPR", "USA", 1992), ("ICCPR", "GBR", 1976), ("ICCPR", "ARG", 1986),  # UNTC IV-4
    ("CAT", "CHN", 1988),                                                     # UNTC IV-9
    ("ICERD", "IND", 1968), ("ICERD", "CAN", 1970),                           # UNTC IV-2
])
def test_ratification_years_the_source_has_right(rat, instrument, iso3, year):
    """A sample the source gets right (UN Treaty Collection): no signature year, no correction."""
    row = rat.loc[(instrument, iso3)]
    assert (row["status"], row["year"]) == ("party", year)
    assert pd.isna(row["signed"])


def test_no_upr_recommendation_to_south_sudan_before_it_existed(reg):
    """South Sudan became independent on 9 July 2011; session 11 (May 2011) reviewed Sudan. The 33
    rows filed under South Sudan are Sudan's: 200 + 33 = 233 recommendations to Sudan."""
    recs = reg.upr_recommendations()
    s11 = recs[recs["session"] == 11]
    assert (s11["under_review"] == "SSD").sum() == 0
    assert (s11["under_review"] == "SDN").sum() == 233
    reviews = reg.sql("SELECT * FROM upr_reviews WHERE under_review = 'SSD'")
    assert reviews["session"].isna().all()  # its first review came after session 20 (2016)


def test_opcat_adopted_127_4_42_on_18_december_2002(reg):
    """A/RES/57/199: the Assembly adopted the OPCAT on 18 Dec 2002 by 127-4-42, with the United
    States, the Marshall Islands, Nigeria and Palau against (GA/10124). unvotes dates it 5 Dec and
    counts 128 yes: the date is corrected, the extra yes is listed."""
    row = reg.sql("SELECT * FROM decisions WHERE symbol = 'A/RES/57/199'").iloc[0]
    assert str(pd.Timestamp(row["date"]).date()) == "2002-12-18"
    assert (row["yes"], row["no"], row["abstain"]) == (127, 4, 42)
    no = reg.sql("SELECT iso3 FROM votes WHERE decision_id = ? AND position = 'no'", [row["decision_id"]])
    assert set(no["iso3"]) == {"USA", "MHL", "NGA", "PLW"}
    rec = reg.reconciliation()
    rec = rec[rec["symbol"] == "A/RES/57/199"]
    got = set(zip(rec["what"], rec["expected"], rec["found"]))
    assert ("yes total", "127", "128") in got
    assert ("date corrected (supplement)", "2002-12-05", "2002-12-18") in got


def test_world_rules_in_reconciliation(reg):
    """The build lists every violation: after the corrections no ratification precedes its
    instrument and no state is reviewed before admission; two protocol parties remain whose parent
    ratification is later or missing (Romania and Solomon Islands, OP-CRPD)."""
    rec = reg.reconciliation()
    counts = world_rules.summary(rec)
    assert "ratified before the instrument was adopted" not in counts
    assert "under UPR review before UN admission" not in counts
    protocol = rec[rec["what"] == "world rule: protocol party before the parent treaty"]
    assert set(protocol["symbol"]) == {"OP-CRPD ROU", "OP-CRPD SLB"}


def test_world_rules_find_impossible_totals_and_votes(reg):
    """E/CN.4/RES/2005/12: totals of 59 on a Commission of 53. The GA check found Israel's admission
    given as 5 Nov 1949 (it was 11 May 1949, GA res 273 (III)) and Maldives' as 14 Apr 1969 (21 Sep
    1965, GA res 2009 (XX)); corrected by E063/E064, 30 of Israel's 54 flags and Maldives' 159 go.
    What remains are unvotes' wrong days of the month, e.g. the states admitted on 14 Dec 1955
    voting "on 2 Dec"."""
    rec = reg.reconciliation()
    seats = rec[(rec["what"] == "world rule: official totals exceed the seats")
                & (rec["symbol"] == "E/CN.4/RES/2005/12")]
    assert (seats["expected"].iloc[0], seats["found"].iloc[0]) == ("at most 53", "59")
    ga = rec[rec["what"] == "world rule: GA vote outside the state's UN membership"]
    flagged = set(ga["symbol"].str[-3:])
    assert "MDV" not in flagged and {"ESP", "HUN", "ROU"} <= flagged
    # Israel's remaining flags are unvotes' days: votes of the May 1949 meetings dated 2-7 May.
    israel = ga[ga["symbol"].str.endswith(" ISR")]
    assert len(israel) == 24 and israel["found"].str.startswith("voted 1949-05-0").all()
    states = reg.states().set_index("iso3")
    assert str(pd.Timestamp(states.loc["ISR", "admitted"]).date()) == "1949-05-11"
    assert str(pd.Timestamp(states.loc["MDV", "admitted"]).date()) == "1965-09-21"


def test_protocol_rule_on_a_hand_made_case():
    """Edge case: a Protocol party whose parent year is later is flagged; one whose parent is earlier
    is not; the CRC Protocols (open to signatories) are not checked."""
    instruments = pd.DataFrame({"instrument_id": ["ICCPR", "ICCPR-OP1", "CRC", "OP-CRC-AC"],
                                "parent": [None, "ICCPR", None, "CRC"],
                                "adopted": ["1966-12-16", "1966-12-16", "1989-11-20", "2000-05-25"]})
    ratifications = pd.DataFrame({
        "instrument_id": ["ICCPR", "ICCPR-OP1", "ICCPR", "ICCPR-OP1", "CRC", "OP-CRC-AC"],
        "iso3": ["AAA", "AAA", "BBB", "BBB", "USA", "USA"],
        "status": ["party"] * 4 + ["signatory", "party"],
        "year": [1990, 1985, 1980, 1985, None, 2002],
        "source": "test"})
    found = world_rules.protocol_before_parent(ratifications, instruments)
    assert list(found["symbol"]) == ["ICCPR-OP1 AAA"]
    assert world_rules.ratified_before_adopted(ratifications.assign(year=[1960, None, None, None, None, None]),
                                               instruments)["symbol"].tolist() == ["ICCPR AAA"]
