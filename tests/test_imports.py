"""Import formats for the mechanisms the mirror lacks (warehouse/imports.py, docs/imports.md).

The shipped rows are checked against their documents: A/HRC/41/G/17 (annex to the letter dated
12 July 2019) lists 50 signatories, the State of Palestine included, and Cuba, Pakistan and the
Russian Federation among them; the letter of 8 July 2019 on Xinjiang was signed by 22 states
(Reuters; list from Amnesty International Canada).
"""
from __future__ import annotations

import shutil

import pytest

import rightsregime as rr
from rightsregime.errors import ImportFormatError, UsageError
from rightsregime.warehouse import imports

GOOD_VISITS = """mandate_id,iso3,requested,status,visit_start,visit_end,report_symbol,citation
SR-TORTURE,CHN,2004,completed,2005-11-20,2005-12-02,E/CN.4/2006/6/Add.6,"E/CN.4/2006/6/Add.6 (report of the mission to China)"
"""


@pytest.fixture()
def writable(warehouse_path, tmp_path):
    """A copy of the session warehouse that a test may write to."""
    path = tmp_path / "copy.duckdb"
    shutil.copy(warehouse_path, path)
    return path


def test_shipped_joint_statements_match_their_documents(reg):
    js = reg.table("joint_statements").set_index("statement_id")
    sig = reg.table("joint_statement_signatories")
    supportive = set(sig.loc[sig["statement_id"] == "XJ-2019-07-12", "iso3"])
    critical = set(sig.loc[sig["statement_id"] == "XJ-2019-07-08", "iso3"])
    assert js.loc["XJ-2019-07-12", "symbol"] == "A/HRC/41/G/17"
    assert len(supportive) == 50 and {"CUB", "PAK", "RUS", "PSE"} <= supportive
    assert len(critical) == 22 and {"JPN", "CAN", "GBR"} <= critical and "USA" not in critical
    assert not supportive & critical
    assert js["citation"].str.len().min() > 50


def test_a_bad_row_is_named_and_nothing_is_loaded(writable, tmp_path):
    bad = tmp_path / "visits.csv"
    bad.write_text(GOOD_VISITS + "SR-FOOD,XXQ,2010-13-01,maybe,,,,\n", encoding="utf-8")
    with rr.open(writable, read_only=False) as reg:
        with pytest.raises(ImportFormatError, match=r"visits\.csv: 1 bad row\(s\); nothing was loaded") as err:
            imports.import_file(reg, "sp-visits", bad)
        fault = err.value.rows[0]
        assert fault.startswith("visits.csv: line 3:")
        for part in ("iso3 'XXQ': unknown state", "requested '2010-13-01'", "status 'maybe'", "citation is empty"):
            assert part in fault
        assert reg.sql("SELECT count(*) AS n FROM sp_visits")["n"].iloc[0] == 0


def test_a_good_file_loads_and_reimport_replaces(writable, tmp_path):
    good = tmp_path / "visits.csv"
    good.write_text(GOOD_VISITS, encoding="utf-8")
    with rr.open(writable, read_only=False) as reg:
        first = imports.import_file(reg, "sp-visits", good)
        again = imports.import_file(reg, "sp-visits", good)
        rows = reg.table("sp_visits")
    assert (first["rows"], again["replaced"], len(rows)) == (1, 1, 1)
    assert rows.loc[0, "status"] == "completed" and rows.loc[0, "source"] == "import:visits.csv"


def test_joint_statement_import_fills_signatories_and_rejects_repeats(writable, tmp_path):
    f = tmp_path / "js.csv"
    header = "statement_id,forum,date,symbol,lead,concerning,stance,title,signatories,citation\n"
    row = 'T1,HRC50,2022-06-14,,NLD,CHN,critical,Test,"Netherlands; Canada; CAN",A/HRC/50/X (test citation)\n'
    f.write_text(header + row + row, encoding="utf-8")
    with rr.open(writable, read_only=False) as reg:
        with pytest.raises(ImportFormatError, match="line 3: repeats line 2"):
            imports.import_file(reg, "joint-statements", f)
        f.write_text(header + row, encoding="utf-8")
        imports.import_file(reg, "joint-statements", f)
        sig = reg.sql("SELECT iso3 FROM joint_statement_signatories WHERE statement_id = 'T1' ORDER BY iso3")
    assert sig["iso3"].tolist() == ["CAN", "NLD"]  # names resolved, the repeated Canada counted once


def test_header_faults_and_unknown_kinds():
    v = imports.read_csv_text("iso3,since,note\nCHN,2000,x\n", imports.kind_of("standing-invitations"), file="s.csv")
    assert v.faults == ["s.csv: line 1: header lacks the required column(s) ['citation']; has unknown column(s) "
                        "['note']. Expected columns: ['iso3', 'since', 'citation']."]
    with pytest.raises(UsageError, match="Unknown import kind 'visits'"):
        imports.kind_of("visits")


def test_absent_mechanisms_are_said_to_be_absent(reg):
    from rightsregime.resources.upr import mechanisms

    res = mechanisms(reg, "CHN")
    cov = res["coverage"].set_index("kind")
    assert cov.loc["sp-visits", "status"] == "absent"
    assert cov.loc["joint-statements", "status"] == "loaded"
    assert any("Absent from this warehouse" in n for n in res.notes)
    assert set(res["joint_statements"]["statement_id"]) == {"XJ-2019-07-08", "XJ-2019-07-12"}


def test_cli_import_exit_codes(writable, tmp_path, capsys):
    from rightsregime.cli import main

    bad = tmp_path / "inv.csv"
    bad.write_text("iso3,since,citation\nNOPE,2001,x\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["import", "standing-invitations", str(bad), "--db", str(writable)])
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "inv.csv: 1 bad row(s); nothing was loaded" in err and "line 2" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as exit_:
        main(["import", "visits", str(bad), "--db", str(writable)])
    assert exit_.value.code == 2
