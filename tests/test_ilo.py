"""ILO fundamental conventions: the ilo-core-conventions source, checked against NORMLEX facts."""
from __future__ import annotations

import pytest


def _ilo(reg, iso3):
    df = reg.sql("SELECT convention, year, denounced FROM ilo_ratifications WHERE iso3 = ? ORDER BY convention", [iso3])
    return {r.convention: (int(r.year), None if r.denounced != r.denounced else int(r.denounced))
            for r in df.itertuples()}


def test_china_ratified_forced_labour_conventions_in_2022(reg):
    """China deposited C029 and C105 on 12 Aug 2022 (ILO press release, errata E-ILO-01); it has
    not ratified C087, C098 or P029 (NORMLEX country profile)."""
    china = _ilo(reg, "CHN")
    assert china["C029"] == (2022, None) and china["C105"] == (2022, None)
    assert not {"C087", "C098", "P029"} & set(china)


def test_united_states_two_of_the_ten(reg):
    """The United States has ratified two of the fundamental conventions: C105 (1991) and C182
    (1999, ILO News 2 Dec 1999)."""
    assert _ilo(reg, "USA") == {"C105": (1991, None), "C182": (1999, None)}


def test_denunciations_are_events(reg):
    """Malaysia ratified C105 in 1958 and denounced it in 1990; Singapore 1965, denounced 1979
    (SOURCES.md section 12)."""
    assert _ilo(reg, "MYS")["C105"] == (1958, 1990)
    assert _ilo(reg, "SGP")["C105"] == (1965, 1979)


def test_c182_universal_and_korea_2021(reg):
    """C182 is ratified by all 187 ILO members, Tonga last in 2020 (AP, 4 Aug 2020); the Cook
    Islands, an ILO member but no UN member, is quarantined, so 186 rows load. Korea deposited
    C029, C087 and C098 on 20 Apr 2021 (MOEL)."""
    n = reg.sql("SELECT count(*) AS n FROM ilo_ratifications WHERE convention = 'C182'")["n"].iloc[0]
    assert n == 186
    assert _ilo(reg, "TON")["C182"] == (2020, None)
    korea = _ilo(reg, "KOR")
    assert {c: korea[c][0] for c in ("C029", "C087", "C098")} == {"C029": 2021, "C087": 2021, "C098": 2021}


def test_unknown_member_goes_to_quarantine(reg):
    """The Cook Islands (CK) ratified C029, C105 and C182 (the file) but has no UN state code."""
    q = reg.sql("SELECT reason FROM quarantine WHERE source = 'ilo-core-conventions'")
    assert len(q) == 3 and q["reason"].str.contains("'CK'").all()


def test_conventions_table_has_the_eleven(reg):
    """Ten fundamental conventions and the 2014 Protocol; C155 and C187 fundamental since 2022."""
    conv = reg.sql("SELECT convention, fundamental_since FROM ilo_conventions")
    assert len(conv) == 11
    assert set(conv.loc[conv["fundamental_since"] == 2022, "convention"]) == {"C155", "C187"}


def test_accounting_balances(reg):
    """Every non-empty cell read is loaded or quarantined."""
    s = reg.load_summary().set_index("source").loc["ilo-core-conventions"]
    assert s["read"] == s["loaded"] + s["quarantined"]


def test_bad_cell_is_quarantined(tmp_path):
    """A cell that is not a year is named in quarantine with its line, not dropped."""
    from rightsregime.sources import ilo

    f = tmp_path / ilo.FILE
    f.write_text("country,country_iso,C087,C098,C029,P029,C105,C100,C111,C138,C182,C155,C187\n"
                 "Atlantis,AT,1950,,,,about 1960,,,,,,\n", encoding="utf-8")
    import pandas as pd

    _, q = ilo._cells(pd.read_csv(f, dtype=str, keep_default_na=False))
    assert [r["row"] for r in q] == ["2"] and "about 1960" in q[0]["reason"]
    with pytest.raises(Exception, match="missing columns"):
        g = tmp_path / "g.csv"
        g.write_text("country,iso\n", encoding="utf-8")
        ilo.parse({ilo.FILE: g})


def test_state_profile_shows_ilo(reg):
    """`state USA` lists the ILO conventions: C105 (1991) and C182 (1999) ratified, C029 not."""
    ilo = reg.state_profile("USA")["ilo_conventions"]
    assert len(ilo) == 11
    assert ilo["C105"]["year"] == 1991 and ilo["C182"]["status"] == "party"
    assert ilo["C029"]["status"] == "none"
    assert reg.state_profile("MYS")["ilo_conventions"]["C105"] == {
        "family": "forced labour", "status": "denounced", "year": 1958, "denounced": 1990}


def test_c105_outsiders_in_2021(reg):
    """In mid-2021 eleven ILO members had not ratified C105 (Brunei, China, Japan, Lao PDR, Marshall
    Islands, Myanmar, Palau, Korea, Timor-Leste, Tonga, Tuvalu) and Malaysia and Singapore had
    denounced it (International Union Rights 28(3-4), 2021; errata E-ILO-06)."""
    members = set(reg.sql("SELECT DISTINCT iso3 FROM ilo_ratifications")["iso3"])
    c105 = reg.sql("SELECT iso3 FROM ilo_ratifications WHERE convention = 'C105' AND year <= 2021 "
                   "AND (denounced IS NULL OR denounced > 2021)")
    outside = members - set(c105["iso3"])
    assert outside == {"BRN", "CHN", "JPN", "LAO", "MHL", "MMR", "PLW", "KOR", "TLS", "TON", "TUV", "MYS", "SGP"}
