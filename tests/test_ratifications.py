"""Ratifications of the 18 instruments, parsed from the real mirror (hr-treaty-ratification).

Facts from the UN Treaty Collection (SOURCES.md section 3; regime-rules.md section 7).
"""
from __future__ import annotations

import pandas as pd
import pytest

from rightsregime.regime.instruments import load_instruments
from rightsregime.sources import treaty_status
from rightsregime.sources._fetch import locate


@pytest.fixture(scope="module")
def parsed(sources):
    return treaty_status.parse(locate(treaty_status.SOURCE, sources))


@pytest.fixture(scope="module")
def rat(parsed):
    return parsed.tables["ratifications"].set_index(["instrument_id", "iso3"])


def test_18_instruments_by_193_states(parsed):
    r = parsed.tables["ratifications"]
    assert len(r) == 18 * 193
    assert r.groupby("instrument_id").size().eq(193).all()
    assert not r.duplicated(["instrument_id", "iso3"]).any()
    assert set(r["status"]) == {"party", "signatory", "none"}


def test_china(rat):
    assert rat.loc[("CAT", "CN"), "status"] == "party" and rat.loc[("CAT", "CN"), "year"] == 1988
    assert rat.loc[("ICCPR", "CN"), "status"] == "signatory"  # signed 5 Oct 1998, not ratified
    assert rat.loc[("ICESCR", "CN"), "year"] == 2001
    assert rat.loc[("CEDAW", "CN"), "year"] == 1980


def test_united_states(rat):
    assert rat.loc[("ICCPR", "US"), "status"] == "party" and rat.loc[("ICCPR", "US"), "year"] == 1992
    assert rat.loc[("CRC", "US"), "status"] == "signatory"
    assert rat.loc[("CEDAW", "US"), "status"] == "signatory"


def test_cat_has_171_un_member_parties(parsed):
    r = parsed.tables["ratifications"]
    assert ((r["instrument_id"] == "CAT") & (r["status"] == "party")).sum() == 171


def test_errata_on_the_covenants(rat, parsed):
    """Solomon Islands and Tuvalu are not ICCPR parties, Tuvalu no ICESCR party; Kiribati acceded
    to the ICCPR in 2019. ICCPR: 174 UN-member parties in the file, 173 after correction."""
    assert rat.loc[("ICCPR", "SB"), "status"] == "none"
    assert rat.loc[("ICCPR", "TV"), "status"] == "none"
    assert rat.loc[("ICESCR", "TV"), "status"] == "none"
    assert pd.isna(rat.loc[("ICESCR", "TV"), "year"])
    assert rat.loc[("ICCPR", "KI"), "status"] == "party" and rat.loc[("ICCPR", "KI"), "year"] == 2019
    assert rat.loc[("ICCPR", "KI"), "note"].startswith("corrected by errata E012")
    r = parsed.tables["ratifications"]
    assert ((r["instrument_id"] == "ICCPR") & (r["status"] == "party")).sum() == 173


def test_namibia_is_not_read_as_missing(rat):
    assert rat.loc[("CRC", "NA"), "status"] == "party" and rat.loc[("CRC", "NA"), "year"] == 1990


def test_op_crc_ic_file_faults(rat, parsed):
    assert rat.loc[("OP-CRC-IC", "SS"), "status"] == "none"  # written 'S' in the file (E016)
    assert ("OP-CRC-IC", "MS") not in rat.index  # Montserrat removed (E017) ...
    assert rat.loc[("OP-CRC-IC", "GA"), "status"] == "party"  # ... Gabon added (E018)
    assert "errata E017" in parsed.quarantine["reason"].iloc[0]


def test_denounced_protocols_are_not_parties(rat):
    assert rat.loc[("ICCPR-OP1", "JM"), "status"] == "none"
    assert rat.loc[("ICCPR-OP1", "TT"), "status"] == "none"


def test_every_record_is_accounted_for(parsed):
    loaded = sum(len(t) for t in parsed.tables.values())
    assert parsed.n_read == loaded + len(parsed.quarantine) + parsed.merged


def test_instruments_are_curated_and_cited():
    inst = load_instruments().set_index("instrument_id")
    assert len(inst) == 18 and int(inst["core"].sum()) == 9
    assert inst.loc["CAT", "adopted"] == pd.Timestamp("1984-12-10")
    assert inst.loc["CAT", "in_force"] == pd.Timestamp("1987-06-26")
    assert inst.loc["OPCAT", "body_id"] == "SPT" and inst.loc["OPCAT", "parent"] == "CAT"
    assert inst.loc["CRPD", "adopted"] == pd.Timestamp("2006-12-13")
    assert inst.loc["ICESCR", "body_id"] == "CESCR"
    assert set(inst["body_id"]) == {"CERD", "CCPR", "CESCR", "CEDAW", "CAT", "SPT", "CRC", "CMW", "CRPD", "CED"}
    assert (inst["citation"].str.len() > 10).all()
