"""The terminal answers everyday questions (issue 9): decisions filtered by scope, the state a
text concerns and who voted how; where the data stops; tables at 80 columns with counts of what
was left out; help that names the bodies and the UPR action categories. Facts from the public
record; counts computed here from the warehouse tables, independently of the resource code."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from rightsregime import params
from rightsregime.errors import UnknownSymbol, UsageError
from rightsregime.resources import warehouse


def run(*args, db=None, columns: int = 80):
    cmd = [sys.executable, "-m", "rightsregime", *args]
    if db is not None:
        cmd += ["--db", str(db)]
    env = {**os.environ, "MPLBACKEND": "Agg", "COLUMNS": str(columns)}
    return subprocess.run(cmd, capture_output=True, text=True, env=env)


def _count(reg, sql: str, args=()) -> int:
    return int(reg.sql(sql, list(args)).iloc[0, 0])


# -- decisions --scope --concerning --voted ------------------------------------------------------
def test_voted_keeps_the_recorded_votes_where_the_state_took_that_position(reg):
    """Every HRC text on which China voted no, counted here straight from the votes table."""
    expected = _count(reg, """SELECT count(DISTINCT d.decision_id) FROM decisions d JOIN votes v
                              USING (decision_id) WHERE d.body_id = 'HRC' AND v.iso3 = 'CHN'
                              AND v.position = 'no'""")
    r = warehouse.decisions(reg, body="HRC", voted=["CHN=no"], limit=0)
    assert r["count"] == expected > 100
    assert r.params["voted"] == ["CHN=no"]


def test_voted_is_repeatable_and_every_condition_must_hold(reg):
    """China no and the United States yes on the same HRC text (both on the roll call)."""
    expected = _count(reg, """SELECT count(*) FROM (
        SELECT decision_id FROM votes WHERE iso3 = 'CHN' AND position = 'no'
        INTERSECT SELECT decision_id FROM votes WHERE iso3 = 'USA' AND position = 'yes')
        JOIN decisions d USING (decision_id) WHERE d.body_id = 'HRC'""")
    r = warehouse.decisions(reg, body="HRC", voted=["CHN=no", "United States=yes"], limit=0)
    assert r["count"] == expected > 0
    assert r.params["voted"] == ["CHN=no", "USA=yes"]


def test_china_voted_against_the_four_recorded_sri_lanka_resolutions(reg):
    """The Council's recorded votes on Sri Lanka: A/HRC/RES/19/2 (22 Mar 2012, 24-15-8), 25/1
    (27 Mar 2014, 23-12-12), 46/1 (23 Mar 2021, 22-11-14) and 51/1 (6 Oct 2022, 20-7-20); China
    voted against each (OHCHR press releases of those days; 30/1 of 2015 and 40/1 of 2019 were
    adopted without a vote)."""
    r = warehouse.decisions(reg, scope="country-specific", concerning="LKA", voted="CHN=no", limit=0)
    got = r["decisions"]
    assert list(got["symbol"]) == ["A/HRC/RES/19/2", "A/HRC/RES/25/1", "A/HRC/RES/46/1",
                                   "A/HRC/RES/51/1"]
    tallies = {s: (y, n, a) for s, y, n, a in got[["symbol", "yes", "no", "abstain"]].itertuples(index=False)}
    assert tallies["A/HRC/RES/46/1"] == (22, 11, 14) and tallies["A/HRC/RES/51/1"] == (20, 7, 20)
    assert set(got["scope"]) == {"country-specific"}


def test_a_malformed_voted_pair_is_a_usage_mistake(reg):
    with pytest.raises(UsageError, match="--voted 'CHN': write STATE=POSITION"):
        warehouse.decisions(reg, voted="CHN")
    with pytest.raises(UsageError, match="--voted 'maybe': unknown position"):
        warehouse.decisions(reg, voted="CHN=maybe")
    with pytest.raises(UsageError, match="--scope 'regional': unknown scope"):
        warehouse.decisions(reg, scope="regional")


def test_decisions_cli_takes_the_filters(warehouse_path):
    """The command as the README shows it, at 80 columns, with the count of rows."""
    p = run("decisions", "--scope", "country-specific", "--concerning", "LKA", "--voted", "CHN=no",
            "--json", db=warehouse_path)
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert doc["total"] == 4 and doc["limit"] == 50
    assert doc["params"]["concerning"] == "LKA" and doc["params"]["scope"] == "country-specific"


# -- where the data stops ------------------------------------------------------------------------
def test_ga_decisions_of_2021_say_the_per_country_votes_are_not_held(reg):
    """The GA roll calls of 2020-2024 are in the UN Digital Library's voting data (record
    4060887), not in the mirror: an empty answer says so."""
    r = warehouse.decisions(reg, body="GA", years="2021")
    assert r["count"] == 0
    assert any("2020-2024" in n and "4060887" in n for n in r.notes)


def test_a_ga_symbol_not_held_names_the_digital_library(reg):
    """A/RES/75/183 (moratorium on the death penalty, 16 Dec 2020) is of GA session 75."""
    with pytest.raises(UnknownSymbol, match=r"session 75 \(2020-2021\).*UN Digital Library"):
        warehouse.decision(reg, "A/RES/75/183")


def test_a_commission_symbol_not_held_names_the_commission_harvest(warehouse_path):
    p = run("decision", "E/CN.4/RES/2010/1", db=warehouse_path)
    assert p.returncode == 1
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and "Commission on Human Rights" in lines[0]


def test_a_state_profile_says_where_its_sources_stop(reg):
    """China's profile: UPR data end in 2014 (sessions 1-20), ratifications of mid-2022."""
    r = warehouse.state(reg, "CHN")
    text = " ".join(r.notes)
    assert "October 2014" in text and "mid-2022" in text and "McMahon" in text


# -- 80 columns ----------------------------------------------------------------------------------
def test_long_results_say_how_many_were_left_out_in_the_table_and_the_json(warehouse_path):
    p = run("reconciliation", "--limit", "5", db=warehouse_path)
    assert p.returncode == 0, p.stderr
    m = re.search(r"showing 5 of ([\d,]+) reconciliation rows; --limit 0 for all", p.stdout)
    assert m
    doc = json.loads(run("reconciliation", "--limit", "5", "--json", db=warehouse_path).stdout)
    assert doc["limit"] == 5 and doc["total"] == int(m.group(1).replace(",", "")) > 5
    assert len(doc["rows"]) == 5


@pytest.mark.parametrize("args", [
    ("decisions", "--body", "HRC", "--years", "2021", "--limit", "20"),
    ("votes", "--state", "CHN", "--body", "HRC", "--years", "2021", "--limit", "20"),
    ("reconciliation", "--limit", "20"),
])
def test_tables_fit_80_columns_and_never_split_a_symbol(args, warehouse_path):
    """Every line fits 80 columns and every symbol of the JSON appears whole in the table."""
    p = run(*args, db=warehouse_path)
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    doc = json.loads(run(*args, "--json", db=warehouse_path).stdout)
    rows = doc["rows"] if "rows" in doc else doc["decisions"]
    words = set(p.stdout.split())
    assert rows and all(r["symbol"] in words for r in rows)


# -- help and parameters -------------------------------------------------------------------------
@pytest.mark.parametrize("args", [
    ("decisions", "--body", "UNGA"),
    ("votes", "--state", "CHN", "--body", "UNGA"),
    ("members", "--body", "UNGA"),
    ("compare", "CHN,IND", "--body", "UNGA"),
    ("leniency", "CHN", "--body", "UNGA"),
])
def test_an_unknown_body_is_named_with_the_valid_ones(args, warehouse_path):
    p = run(*args, db=warehouse_path)
    assert p.returncode == 2
    assert "--body 'UNGA': unknown body." in p.stderr and "Use one of:" in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1


def test_hrc_terms_of_china_as_the_readme_shows(warehouse_path):
    """China sat on the Council 2006-2012, 2014-2019 and 2021-2026: "China had previously served two
    consecutive terms from 2006-2012", elected on 12 Nov 2013 for 2014-2016 (Human Rights in China,
    press release of 12 Nov 2013); re-elected on 28 Oct 2016 for 2017-2019 (Xinhua, ecns.cn
    2016-10-29); elected at the GA elections of 13 Oct 2020 and 10 Oct 2023 for 2021-2026."""
    p = run("hrc-terms", "CHN", "--json", db=warehouse_path)
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    years = set()
    for r in doc["terms"]:
        years |= set(range(r["term_start_year"], r["term_end_year"] + 1))
    assert params.year_ranges(years) == "2006-2012, 2014-2019, 2021-2026"


def test_upr_help_explains_the_action_categories():
    p = run("upr", "--help")
    assert p.returncode == 0
    text = " ".join(p.stdout.replace("│", " ").split())
    assert "1 minimal action" in text and "5 specific action" in text and "McMahon" in text


def test_year_ranges_reads_as_a_reader_scans():
    assert params.year_ranges([2006, 2007, 2008, 2011, 2013, 2014]) == "2006-2008, 2011, 2013-2014"
    assert params.year_ranges([]) == "-"
    assert params.year_ranges([1999]) == "1999"


def test_version_is_printed():
    import rightsregime

    p = run("--version")
    assert p.returncode == 0 and p.stdout.strip() == f"rightsregime {rightsregime.__version__}"


# -- compare and export against the public record ------------------------------------------------
def test_compare_puts_the_ratification_years_side_by_side(reg):
    """UN Treaty Collection (status of treaties, chapter IV): China acceded to ICERD in 1981 and
    ratified ICESCR in 2001, signed the ICCPR (1998) without ratifying; India ratified the ICCPR in
    1979 and signed CAT (1997) only; South Africa ratified ICESCR in 2015 and OPCAT in 2019;
    Brazil ratified CPED in 2010. OPCAT (visits) is a scrutiny protocol."""
    from rightsregime.resources.compare import compare_states

    r = compare_states(reg, ["CHN", "IND", "BRA", "ZAF"], references=["USA"], body="HRC")
    rat = r["ratifications"].set_index("instrument_id")
    assert str(rat.loc["ICERD", "CHN"]) == "1981" and str(rat.loc["ICESCR", "CHN"]) == "2001"
    assert rat.loc["ICCPR", "CHN"] == "s" and rat.loc["CAT", "IND"] == "s"
    assert str(rat.loc["ICCPR", "IND"]) == "1979"
    assert str(rat.loc["ICESCR", "ZAF"]) == "2015" and str(rat.loc["OPCAT", "ZAF"]) == "2019"
    assert str(rat.loc["CPED", "BRA"]) == "2010"
    assert bool(rat.loc["OPCAT", "scrutiny"]) and not bool(rat.loc["ICERD", "scrutiny"])
    assert any("mid-2022" in n for n in r.notes) and any("2014" in n for n in r.notes)


def test_export_writes_the_flat_votes_of_a_slice(tmp_path, warehouse_path):
    """A/HRC/RES/46/1 on Sri Lanka (23 Mar 2021) was adopted 22-11-14 (OHCHR press release of 23
    March 2021): the exported flat votes table holds those positions, with names and groups."""
    import pandas as pd

    p = run("export", str(tmp_path / "out"), "--body", "HRC", "--years", "2016-2022",
            "--tables", "votes,decisions", "--format", "csv", db=warehouse_path)
    assert p.returncode == 0, p.stderr
    votes = pd.read_csv(tmp_path / "out" / "votes.csv")
    assert {"symbol", "body_id", "date", "title", "kind", "scope", "iso3", "state",
            "regional_group", "position", "outcome"} <= set(votes.columns)
    lka = votes[votes["symbol"] == "A/HRC/RES/46/1"]
    counts = lka["position"].value_counts()
    assert (counts["yes"], counts["no"], counts["abstain"]) == (22, 11, 14)
    assert lka.set_index("iso3").loc["CHN", "state"] == "China"
    assert votes["date"].str[:4].astype(int).between(2016, 2022).all()
    decisions = pd.read_csv(tmp_path / "out" / "decisions.csv")
    assert set(lka["decision_id"]) <= set(decisions["decision_id"])


def test_a_decisions_roll_call_is_its_csv_table(reg):
    """A/HRC/RES/46/1 (23 Mar 2021): 22 yes, 11 no, 14 abstentions; China (Asia-Pacific) against,
    Argentina (GRULAC) in favour (OHCHR press release of 23 March 2021)."""
    r = warehouse.decision(reg, "A/HRC/RES/46/1")
    roll = r.table().set_index("iso3")
    counts = roll["position"].value_counts()
    assert (counts["yes"], counts["no"], counts["abstain"]) == (22, 11, 14)
    assert tuple(roll.loc["CHN", ["name", "regional_group", "position"]]) == ("China", "ASIA_PACIFIC", "no")
    assert roll.loc["ARG", "position"] == "yes"
