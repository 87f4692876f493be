"""The command line, end to end on the real warehouse: documents, exit codes, one-line errors."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest


def run(*args, db=None):
    cmd = [sys.executable, "-m", "rightsregime", *args]
    if db is not None:
        cmd += ["--db", str(db)]
    return subprocess.run(cmd, capture_output=True, text=True)


def test_decision_json_document_for_hrc_37_23(warehouse_path):
    """A/HRC/RES/37/23 (23 Mar 2018): 28-1-17, the United States alone against, Tunisia not voting."""
    proc = run("decision", "A/HRC/RES/37/23", "--json", db=warehouse_path)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert {"symbol", "body", "date", "title", "kind", "outcome", "totals", "votes"} <= set(doc)
    assert doc["symbol"] == "A/HRC/RES/37/23" and doc["body"] == "HRC" and doc["date"] == "2018-03-23"
    assert doc["outcome"] == "adopted"
    assert doc["totals"]["yes"] == 28 and doc["totals"]["no"] == 1 and doc["totals"]["abstain"] == 17
    assert [s for s, p in doc["votes"].items() if p == "no"] == ["USA"]
    # Tunisia: '.' in data.js, counted as the 1 non-voting member in the official totals
    assert doc["votes"]["CHN"] == "yes" and doc["votes"]["TUN"] == "non_voting"


def test_decision_json_for_ga_68_262(warehouse_path):
    """A/RES/68/262 (27 Mar 2014, territorial integrity of Ukraine): 100-11-58."""
    doc = json.loads(run("decision", "A/RES/68/262", "--json", db=warehouse_path).stdout)
    positions = list(doc["votes"].values())
    assert (positions.count("yes"), positions.count("no"), positions.count("abstain")) == (100, 11, 58)
    assert doc["votes"]["UKR"] == "yes" and doc["votes"]["RUS"] == "no"
    assert doc["body"] == "GA" and doc["date"] == "2014-03-27"


def test_decision_text_output_groups_members(warehouse_path):
    proc = run("decision", "a/hrc/res/37/23", db=warehouse_path)
    assert proc.returncode == 0
    assert "Promoting mutually beneficial cooperation" in proc.stdout
    assert "WEOG" in proc.stdout and "AFRICAN" in proc.stdout


def test_unknown_symbol_is_one_line_with_suggestions(warehouse_path):
    proc = run("decision", "A/HRC/RES/37/230", db=warehouse_path)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: Unknown symbol 'A/HRC/RES/37/230'.")
    assert "Did you mean" in lines[0]


def test_unknown_state_suggests_closest(warehouse_path):
    proc = run("state", "CHI", db=warehouse_path)
    assert proc.returncode == 1
    line = proc.stderr.strip()
    assert line.startswith("Error: Unknown state 'CHI'") and "CHN" in line and "\n" not in line


def test_state_json_for_china(warehouse_path):
    doc = json.loads(run("state", "CHN", "--json", db=warehouse_path).stdout)
    assert doc["iso3"] == "CHN" and doc["regional_group"] == "ASIA_PACIFIC"
    assert doc["ratifications"]["CAT"] == {"status": "party", "year": 1988}
    assert doc["ratifications"]["ICCPR"]["status"] == "signatory"
    assert len(doc["ratifications"]) == 18
    # China sat out 2013 and 2020 under the two-consecutive-terms rule
    hrc = doc["memberships"]["HRC"]
    assert 2012 in hrc and 2013 not in hrc and 2014 in hrc and 2020 not in hrc and 2021 in hrc
    assert doc["voting"]["GA"]["yes"] > 1000
    assert doc["agreement"]["USA"]["GA"]["1990s"]["agreement"] < 0.5
    assert doc["upr"]["received"]["total"] > 0


def test_state_accepts_names_and_old_names(warehouse_path):
    doc = json.loads(run("state", "Swaziland", "--json", db=warehouse_path).stdout)
    assert doc["iso3"] == "SWZ"


def test_decisions_search_filters(warehouse_path):
    doc = json.loads(run("decisions", "--body", "HRC", "--year", "2021", "--text", "cooperation", "--json",
                         db=warehouse_path).stdout)
    assert doc["count"] >= 1
    assert all(d["body_id"] == "HRC" and d["date"].startswith("2021") for d in doc["decisions"])
    assert any(d["symbol"] == "A/HRC/RES/46/13" for d in doc["decisions"])
    rejected = json.loads(run("decisions", "--body", "HRC", "--kind", "amendment", "--outcome", "rejected",
                              "--limit", "0", "--json", db=warehouse_path).stdout)
    assert rejected["count"] > 100
    assert all(d["kind"] == "amendment" and d["outcome"] == "rejected" for d in rejected["decisions"])


def test_sources_lists_licences_and_integrity(sources):
    proc = run("sources", "--json")
    doc = json.loads(proc.stdout)
    by_name = {s["source"]: s for s in doc["sources"]}
    assert by_name["hrc-voting"]["licence"].startswith("PolyForm Noncommercial")
    assert all(s["status"] == "present, intact" for s in doc["sources"])


def test_missing_warehouse_is_a_clear_error(tmp_path):
    proc = run("state", "CHN", db=tmp_path / "none.duckdb")
    assert proc.returncode == 1
    assert proc.stderr.strip().startswith("Error: No warehouse at") and "rightsregime build" in proc.stderr


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_writes_every_table(warehouse_path, tmp_path, fmt):
    import pandas as pd

    from rightsregime.warehouse.schema import TABLES

    out = tmp_path / fmt
    proc = run("export", str(out), "--format", fmt, db=warehouse_path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.{fmt}" for t in TABLES)
    reader = pd.read_parquet if fmt == "parquet" else pd.read_csv
    assert len(reader(out / f"votes.{fmt}")) > 900_000


def test_usage_mistakes_exit_2_without_traceback():
    for args in (["nosuch"], ["outcome", "--yes", "x"], ["hrc-terms", "--year"]):
        proc = run(*args)
        assert proc.returncode == 2, args
        assert "Traceback" not in proc.stderr and "Error:" in proc.stderr


def test_vetoed_draft_names_the_vetoing_members(warehouse_path):
    """S/2017/172 (Syria, chemical weapons sanctions, 28 Feb 2017): vetoed by Russia and China."""
    doc = json.loads(run("decision", "S/2017/172", "--json", db=warehouse_path).stdout)
    assert doc["body"] == "SC" and doc["outcome"] == "rejected"
    assert doc["votes"] == {"CHN": "no", "RUS": "no"}
    assert "only the vetoing" in doc["note"]


def test_bad_year_range_is_one_line(warehouse_path):
    proc = run("decisions", "--year", "abc", db=warehouse_path)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "Error: --years 'abc': give a year (2021) or a range (2006-2026)."


@pytest.mark.parametrize("args, message", [
    (["decisions", "--years", "2026-2006"], "Error: --years '2026-2006': the range runs backwards; write 2006-2026."),
    (["align", "CHN", "--years", "2026-2006"], "Error: --years '2026-2006': the range runs backwards; write 2006-2026."),
    (["replay", "--years", "2026-2006"], "Error: --years '2026-2006': the range runs backwards; write 2006-2026."),
    (["idealpoints", "--years", "2026-2006"], "Error: --years '2026-2006': the range runs backwards; write 2006-2026."),
    (["decisions", "--body", "UNGA"], "Error: --body 'UNGA': unknown body. Did you mean GA? Use one of: GA, SC, HRC, CHR."),
    (["decisions", "--years", "1800"], "Error: --years '1800': outside the record, which covers 1946-2026."),
    (["eligible", "1800"], "Error: YEAR 1800: give a year from 2006 to 2027 (the Council's first election was in 2006)."),
    (["export", ""], "Error: DIR: give a path (an empty name would write into the current folder)."),
    (["align", "CHN", "--by", "bogus"], "Error: --by 'bogus': use year, decade, a number of years, or all."),
])
def test_usage_mistakes_are_one_line_and_exit_2_everywhere(warehouse_path, args, message):
    """Issue 8 items 7-8: one parser, one behaviour: a reversed range, an unknown body, a year out of
    the record exit 2 with one line in every command."""
    proc = run(*args, db=warehouse_path)
    assert (proc.returncode, proc.stderr.strip()) == (2, message)


def test_unknown_kind_outcome_and_source_list_the_valid_values(warehouse_path):
    for args, valid in ((["decisions", "--kind", "bogus"], "resolution, decision, amendment"),
                        (["decisions", "--outcome", "bogus"], "adopted, rejected, withdrawn"),
                        (["quarantine", "--source", "nope"], "hrc-voting")):
        proc = run(*args, db=warehouse_path)
        assert proc.returncode == 2 and "unknown" in proc.stderr and valid in proc.stderr, args


def test_text_search_matches_percent_literally(warehouse_path):
    """Issue 8 item 7: '%' is a character, not a wildcard: only titles holding a percent sign."""
    doc = json.loads(run("decisions", "--text", "%", "--limit", "0", "--json", db=warehouse_path).stdout)
    assert 0 < doc["count"] < 100
    assert all("%" in (d["title"] or "") + (d["symbol"] or "") for d in doc["decisions"])


def test_decisions_json_says_the_limit_applied(warehouse_path):
    doc = json.loads(run("decisions", "--body", "HRC", "--json", db=warehouse_path).stdout)
    assert doc["params"]["limit"] == 50 and len(doc["decisions"]) == 50 and doc["count"] > 3000
    assert f"showing 50 of {doc['count']:,} decisions; --limit 0 for all" in doc["notes"]


def test_hrc_terms_takes_the_state_as_argument(warehouse_path):
    """README: 'rightsregime hrc-terms CHN'; China's first term 2006-2009 (drawn by lot)."""
    doc = json.loads(run("hrc-terms", "CHN", "--json", db=warehouse_path).stdout)
    assert doc["terms"][0]["term_start_year"] == 2006 and doc["terms"][0]["term_end_year"] == 2009
    assert {t["iso3"] for t in doc["terms"]} == {"CHN"}


def test_locked_warehouse_is_reported_as_locked(warehouse_path, tmp_path):
    """Issue 8 item 8: a lock held by another process is not a missing warehouse."""
    import shutil

    import duckdb

    db = tmp_path / "locked.duckdb"
    shutil.copy(warehouse_path, db)
    con = duckdb.connect(str(db))  # a writer holds the lock
    try:
        proc = run("states", db=db)
    finally:
        con.close()
    assert proc.returncode == 1 and "is locked by another process" in proc.stderr


def test_version_and_every_command_takes_db():
    from rightsregime import __version__

    assert run("--version").stdout.strip() == f"rightsregime {__version__}"
    proc = run("hrc-lots", "--db", "x.duckdb", "--json")
    assert proc.returncode == 0 and json.loads(proc.stdout)["cohorts"]


def test_members_2022_russia_suspended_czechia_elected(warehouse_path):
    """2022: Russia suspended 7 April (GA res ES-11/3), Czechia elected to the seat 10 May."""
    doc = json.loads(run("members", "--year", "2022", "--json", db=warehouse_path).stdout)
    assert {"iso3": "RUS", "what": "left", "date": "2022-04-07"} in doc["changes"]
    assert {"iso3": "CZE", "what": "joined", "date": "2022-05-10"} in doc["changes"]
    assert len(doc["members"]["EEG"]) == 7 and len(doc["members"]["AFRICAN"]) == 13
    by_year = json.loads(run("members", "--json", db=warehouse_path).stdout)["by_year"]
    y2019 = next(r for r in by_year if r["year"] == 2019)
    assert (y2019["AFRICAN"], y2019["ASIA_PACIFIC"], y2019["EEG"], y2019["GRULAC"], y2019["WEOG"]) == (13, 13, 6, 8, 7)
