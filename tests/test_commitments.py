"""Treaty commitments over time: obligations, scrutiny, ILO; the treaty map; declarations import."""
from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from rightsregime.analysis.commitments import COMPLAINTS, commitment_events
from rightsregime.resources import monitoring


@pytest.fixture(scope="module")
def china(reg):
    return monitoring.commitments(reg, "CHN", ["USA"], 2023)


def _inst(res, iid):
    return res["instruments"].set_index("instrument_id").loc[iid]


def test_china_party_to_cat_from_1988_with_lag_4(china):
    """China ratified the CAT on 4 Oct 1988 (UN Treaty Collection, MTDSG IV-9); the CAT was adopted
    on 10 Dec 1984 (GA res 39/46): a lag of four years."""
    cat = _inst(china, "CAT")
    assert (cat["status"], cat["year"], cat["lag"]) == ("party", 1988, 4)


def test_china_accepts_no_complaint_protocol_nor_opcat(china):
    """China is party to none of ICCPR-OP1, OP-CEDAW, OP-ICESCR, OP-CRPD, OP-CRC-IC or OPCAT
    (UN Treaty Collection); its scrutiny share is 0 in every year, its ICCPR a signature (1998)."""
    for iid in (*COMPLAINTS, "OPCAT"):
        assert _inst(china, iid)["status"] != "party", iid
    over = china["over_time"]
    assert (over.loc[over["iso3"] == "CHN", "scrutiny"] == 0).all()
    assert _inst(china, "ICCPR")["status"] == "signatory"


def test_china_obligations_in_1990(reg):
    """By 1990 China was party to CEDAW (1980), ICERD (1981) and CAT (1988) (UNTC), out of the eight
    obligation instruments then adopted (ICERD, ICCPR, ICESCR, CEDAW, CAT, CRC and ICCPR-OP2 1989,
    ICMW 1990)."""
    res = monitoring.commitments(reg, "CHN", year=1990)
    row = res["summary"].iloc[0]
    assert (row["obligations"], row["obligations_open"]) == (3, 8)


def test_ilo_family_china_seven_of_ten_fundamental(china):
    """After 12 Aug 2022 China had ratified seven of the ten fundamental ILO conventions (ILO press
    release): C029, C100, C105, C111, C138, C155, C182. P029 is the eleventh instrument, not ratified."""
    row = china["summary"].set_index("iso3").loc["CHN"]
    assert (row["ilo"], row["ilo_open"]) == (7, 11)
    assert _inst(china, "P029")["status"] == "none"


def test_united_states_icerd_corrected_to_1994(china):
    """The source gives the US signature year (1966); the US ratified the ICERD on 21 Oct 1994
    (UNTC MTDSG IV-2, errata E-UN-01)."""
    usa = china["over_time"].set_index(["iso3", "year"])
    assert usa.loc[("USA", 1993), "obligations"] == usa.loc[("USA", 1992), "obligations"]
    assert usa.loc[("USA", 1994), "obligations"] == usa.loc[("USA", 1993), "obligations"] + 2  # ICERD and CAT


def test_peers_china_below_asia_pacific_on_scrutiny(china):
    """China accepts no scrutiny instrument while Asia-Pacific states such as Mongolia, the
    Philippines and Cambodia accept OPCAT (UNTC): its scrutiny share is 0, under the group mean."""
    p = china["peers"].set_index(["group_id", "measure"]).loc[("ASIA_PACIFIC", "scrutiny_share")]
    assert p["value"] == 0 and p["group_mean"] > 0


def test_declarations_absent_is_said(china):
    assert any("declarations" in n and "absent" in n for n in china.notes)


def test_treaty_map_opcat_china_not_party(reg):
    """OPCAT: China has neither signed nor ratified (UNTC MTDSG IV-9-b); Brazil ratified in 2007."""
    res = monitoring.treaty_map(reg, "opcat")
    states = res["states"].set_index("iso3")
    assert states.loc["CHN", "status"] == "none"
    assert states.loc["BRA", "status"] == "party" and states.loc["BRA", "year"] == 2007
    assert res["counts"]["party"] + res["counts"].get("signatory", 0) + res["counts"]["none"] == 193


def test_treaty_map_ilo_denunciation(reg):
    """Malaysia denounced C105 in 1990: party on the 1985 map, denounced on the 2000 map."""
    assert monitoring.treaty_map(reg, "C105", 1985)["states"].set_index("iso3").loc["MYS", "status"] == "party"
    assert monitoring.treaty_map(reg, "C105", 2000)["states"].set_index("iso3").loc["MYS", "status"] == "denounced"


def test_unknown_instrument_suggests(reg):
    from rightsregime.errors import UnknownInstrument

    with pytest.raises(UnknownInstrument, match="Did you mean OPCAT"):
        monitoring.treaty_map(reg, "OPCAD")


def test_declarations_csv_counts_as_scrutiny(tmp_path, reg):
    """A declaration under CAT art. 22 makes a state's scrutiny count rise from its year on."""
    from rightsregime.sources.declarations import parse_declarations_csv

    f = tmp_path / "decl.csv"
    f.write_text("instrument_id,article,state,year,withdrawn,citation\n"
                 "CAT,22,DEU,2001,,UNTC MTDSG IV-9 declarations\n", encoding="utf-8")
    decl = parse_declarations_csv(f).tables["declarations"]
    assert decl.iloc[0][["instrument_id", "article", "iso3", "year"]].tolist() == ["CAT", "22", "DEU", 2001]
    ev = commitment_events(reg.sql("SELECT * FROM ratifications"), reg.sql("SELECT * FROM instruments"),
                           declarations=decl)
    row = ev[(ev["iso3"] == "DEU") & (ev["instrument_id"] == "CAT art. 22")].iloc[0]
    assert (row["family"], row["year"], row["lag"]) == ("scrutiny", 2001, 17)
    from rightsregime.analysis.commitments import commitment_panel

    opened = {"CAT": 1984, "OPCAT": 2002, "ICCPR-OP1": 1966, "CAT art. 22": 1984, "ICERD art. 14": 1965}
    panel = commitment_panel(ev, ["DEU"], range(2000, 2003), opened).set_index("year")
    # Germany: ICCPR-OP1 (1993) in the UNTC record, then the art. 22 declaration from 2001; open:
    # ICCPR-OP1 and the two declarations, OPCAT from its adoption in 2002 (CAT is an obligation).
    assert panel.loc[2000, ["scrutiny", "scrutiny_open"]].tolist() == [1, 3]
    assert panel.loc[2001, ["scrutiny", "scrutiny_open"]].tolist() == [2, 3]
    assert panel.loc[2002, "scrutiny_open"] == 4


def test_declarations_csv_names_every_bad_row(tmp_path):
    from rightsregime.errors import ParseError
    from rightsregime.sources.declarations import parse_declarations_csv

    f = tmp_path / "bad.csv"
    f.write_text("instrument_id,article,state,year,withdrawn,citation\n"
                 "CAT,22,DEU,2001,,ok\n"
                 "CAT,99,FRA,2001,,x\n"
                 "ICERD,14,,1960,,\n", encoding="utf-8")
    with pytest.raises(ParseError) as exc:
        parse_declarations_csv(f)
    msg = str(exc.value)
    assert "2 bad row(s)" in msg and "line 3: instrument/article 'CAT' art. '99'" in msg
    assert "line 4: state is empty; year 1960 is before ICERD was adopted (1965); citation is empty" in msg
    g = tmp_path / "nohead.csv"
    g.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ParseError, match="missing columns"):
        parse_declarations_csv(g)


def _run(*args, db):
    return subprocess.run([sys.executable, "-m", "rightsregime", *args, "--db", str(db)],
                          capture_output=True, text=True)


def test_cli_commitments_json_and_chart(warehouse_path, tmp_path):
    chart = tmp_path / "c.svg"
    proc = _run("commitments", "CHN", "--compare", "USA", "--json", "--chart", str(chart), db=warehouse_path)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    cat = [r for r in doc["instruments"] if r["instrument_id"] == "CAT"][0]
    assert cat["year"] == 1988 and doc["params"]["compare"] == ["USA"]
    assert chart.read_text().lstrip().startswith("<?xml")


def test_cli_treaty_map_chart_and_error(warehouse_path, tmp_path):
    chart = tmp_path / "map.png"
    proc = _run("treaty-map", "OPCAT", "--chart", str(chart), db=warehouse_path)
    assert proc.returncode == 0, proc.stderr
    assert chart.read_bytes()[:4] == b"\x89PNG"
    bad = _run("treaty-map", "OPCAD", db=warehouse_path)
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "Did you mean OPCAT" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_world_map_geometry_ships_offline():
    """The outlines come from the installed package: China and Brazil have paths."""
    from rightsregime.cli._worldmap import country_paths

    paths = country_paths()
    assert len(paths) > 170 and paths["CN"] and paths["BR"] and paths["GB"] and paths["GR"]
    widest = max(p.get_extents().width for p in paths["BR"])
    assert widest > 50
