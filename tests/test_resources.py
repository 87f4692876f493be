"""The resource layer on the real warehouse: each resource returns the documented facts, and the
layers keep to their roles (no warehouse SQL in cli/, procedure/ or analysis/; no JSON assembled in
cli/). Facts from the public record, cited in each docstring."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from rightsregime.errors import UnknownState, UsageError
from rightsregime.resources import Resource
from rightsregime.resources import alignment, procedure, warehouse

SRC = Path(__file__).resolve().parents[1] / "src" / "rightsregime"


def test_decision_res_37_23(reg):
    """A/HRC/RES/37/23 (23 Mar 2018, mutually beneficial cooperation): 28-1-17, the United States
    alone against."""
    r = warehouse.decision(reg, "A/HRC/RES/37/23")
    assert isinstance(r, Resource) and r.kind == "decision"
    t = r["totals"]
    assert (t["yes"], t["no"], t["abstain"]) == (28, 1, 17)
    assert [s for s, p in r["votes"].items() if p == "no"] == ["USA"]
    doc = r.to_dict()
    # The decision document's own "kind" (the text's kind) wins over the resource's name.
    assert doc["kind"] == "resolution" and doc["params"] == {"symbol": "A/HRC/RES/37/23"}
    assert doc["sources"] == ["hrc-voting"]


def test_decisions_limit_is_recorded(reg):
    """HRC 2021 texts on cooperation include A/HRC/RES/46/13 (26-15-6)."""
    r = warehouse.decisions(reg, body="hrc", years="2021", text="cooperation", limit=2)
    assert r.params["body"] == ["HRC"] and r.params["years"] == [2021, 2021] and r.params["limit"] == 2
    assert len(r["decisions"]) == 2 and r["count"] > 2
    assert r.notes == [f"showing 2 of {r['count']} decisions; --limit 0 for all"]
    every = warehouse.decisions(reg, body="HRC", years="2021", text="cooperation", limit=0)
    row = every["decisions"].set_index("symbol").loc["A/HRC/RES/46/13"]
    assert (row["yes"], row["no"], row["abstain"]) == (26, 15, 6)
    assert every.notes == [] and every.params["limit"] == 0


def test_decisions_refuse_unknown_values(reg):
    with pytest.raises(UsageError, match="unknown body"):
        warehouse.decisions(reg, body="UNGA")
    with pytest.raises(UsageError, match="outside the record of HRC"):
        warehouse.decisions(reg, body="HRC", years="1990")


def test_members_2022(reg):
    """2022: Russia suspended 7 April (GA res ES-11/3), Czechia elected to the seat 10 May."""
    r = warehouse.members(reg, year=2022)
    assert {"iso3": "RUS", "what": "left", "date": "2022-04-07"} in r["changes"]
    assert {"iso3": "CZE", "what": "joined", "date": "2022-05-10"} in r["changes"]
    listed = r["member_list"]
    assert listed.loc[listed["iso3"] == "CHN", "name"].item() == "China"


def test_members_by_year_48_in_2018_and_2022(reg):
    """Two Council years had 48 states on the roll: 2018 (the United States left on 19 June 2018,
    Iceland elected 13 July) and 2022 (Russia suspended, Czechia elected)."""
    by_year = warehouse.members(reg)["by_year"].set_index("year")["total"]
    assert sorted(by_year[by_year == 48].index) == [2018, 2022]


def test_state_china(reg):
    """China: CAT ratified 1988 (OHCHR treaty status); UPR action categories explained."""
    r = warehouse.state(reg, "China")
    assert r.params == {"state": "CHN"}
    assert r["ratifications"]["CAT"] == {"status": "party", "year": 1988}
    assert r["upr_action_categories"][1] == "minimal action"
    assert r["upr_action_categories"][5] == "specific action"


def test_unknown_state_names_closest_codes(reg):
    with pytest.raises(UnknownState, match=r"Unknown state 'CHI'.*CHN"):
        warehouse.state(reg, "CHI")


def test_quarantine_unknown_source_lists_sources(reg):
    with pytest.raises(UsageError, match="unknown source.*hrc-voting"):
        warehouse.quarantine(reg, source="nope")


def test_reconciliation_counts_and_limit(reg):
    r = warehouse.reconciliation(reg, limit=10)
    assert len(r["rows"]) == 10 and r["count"] > 10
    assert r.notes[0].startswith("showing 10 of ")


def test_pivotal_res_17_19(reg):
    """A/HRC/RES/17/19 (17 Jun 2011, SOGI), 23-19-3: a one-vote margin; two changes flip it."""
    r = procedure.pivotal(reg, "A/HRC/RES/17/19")
    assert (r["outcome"], r["min_flips"], r["margin"]) == ("adopted", 2, 1)


def test_outcome_of_ga_68_262_under_absolute_majority(reg):
    """A/RES/68/262 (27 Mar 2014), 100-11-58: 97 of the 193 members needed, 3 to spare."""
    r = procedure.outcome(reg, "A/RES/68/262", rules="absolute-majority")
    assert (r["outcome"], r["members"], r["required"], r["margin"]) == ("adopted", 193, 97, 3)


def test_outcome_from_totals_needs_no_warehouse():
    """HRC res 17/19's totals, 23-19-3, pass under the Council's own rules (simple majority)."""
    r = procedure.outcome(None, rules="hrc", yes=23, no=19, abstain=3)
    assert r["outcome"] == "adopted" and r["required"] == 22


def test_outcome_refuses_totals_with_positions():
    with pytest.raises(UsageError, match="not both"):
        procedure.outcome(None, yes=1, no=1, positions={"CHN": "yes"})


def test_replay_china_2007_flips_sri_lanka_2012(reg):
    """A/HRC/RES/19/2 (22 Mar 2012), 24-15-8: two thirds of 39 is 26, so it would have failed."""
    r = procedure.replay(reg, "china-2007", years="2012")
    flips = r["flips"].set_index("symbol")
    assert (flips.loc["A/HRC/RES/19/2", "yes"], flips.loc["A/HRC/RES/19/2", "no"]) == (24, 15)
    assert r["by_year"]["year"].tolist() == [2012] and r.main == "by_year"


def test_classify_dprk_resolution(reg):
    """A/HRC/RES/46/17 (23 Mar 2021): situation of human rights in the DPRK, country-specific."""
    r = procedure.classify(reg, "A/HRC/RES/46/17")
    assert r["scope"] == "country-specific" and "PRK" in r["reason"]


def test_hrc_terms_and_eligible(reg):
    """China's terms: 2006-09 (by lot), 2009-12, 2014-16, 2017-19, 2021-23, 2024-26; the United
    States could not stand in 2015 after two consecutive terms (GA res 60/251 para 7)."""
    terms = procedure.hrc_terms(reg, state="China")["terms"]
    assert list(zip(terms["term_start_year"], terms["term_end_year"])) == [
        (2006, 2009), (2009, 2012), (2014, 2016), (2017, 2019), (2021, 2023), (2024, 2026)]
    assert "USA" in set(procedure.eligible(reg, 2015)["ineligible"]["iso3"])
    with pytest.raises(UsageError, match="the Council's first election was in 2006"):
        procedure.eligible(reg, 1800)


def test_sequence_res_32_2(reg):
    """A/HRC/RES/32/2 (30 Jun 2016): eleven amendments, then the text as amended, 23-18-6."""
    r = procedure.sequence(reg, "A/HRC/RES/32/2")
    steps = r["steps"]
    assert len(steps) == 12 and steps["stage"].iloc[-1] == "text as amended"
    assert (steps["yes"].iloc[-1], steps["no"].iloc[-1], steps["abstain"].iloc[-1]) == (23, 18, 6)


def test_hrc_lots_2006():
    """The 2006 lots gave 14 one-year, 15 two-year and 18 three-year terms (47 members)."""
    terms = procedure.hrc_lots()["terms"]
    assert terms.groupby("term_years").size().to_dict() == {1: 14, 2: 15, 3: 18}


def test_align_names_partners_and_refuses_bad_periods(reg):
    """In HRC 2018, A/HRC/RES/37/23: China yes, the United States no, so CHN and USA disagree."""
    r = alignment.align(reg, "CHN", body="HRC", years="2018", with_="USA")
    assert r["state"] == "CHN" and {"partner", "name", "index"} <= set(r["nearest"].columns)
    assert r["nearest"]["index"].min() >= r["farthest"]["index"].max()
    assert r["series"]["partner"].tolist() == ["USA"]
    with pytest.raises(UsageError, match="--by 'bogus'"):
        alignment.align(reg, "CHN", by="bogus")
    with pytest.raises(UsageError, match="Use one of: GA, HRC, CHR"):
        alignment.align(reg, "CHN", body="SC")


# -- the layers keep to their roles -------------------------------------------------------------

SQL = re.compile(r"\b(SELECT|INSERT|COPY|CREATE TABLE)\b[^\n]*\b(FROM|INTO|TO|AS)\b|\.sql\(|\.execute\(|"
                 r"\.con\b|duckdb")


@pytest.mark.parametrize("layer", ["cli", "procedure", "analysis"])
def test_no_warehouse_sql_outside_warehouse_and_resources(layer):
    """Issue 9: only warehouse/ and resources/ talk to the warehouse."""
    offenders = [f"{p.relative_to(SRC)}:{n}" for p in sorted((SRC / layer).rglob("*.py"))
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
                 if SQL.search(line) and not line.lstrip().startswith("#")]
    assert offenders == []


def test_no_json_assembled_in_cli():
    """The CLI prints ``resource.to_dict()`` through one renderer; no command builds a document."""
    calls = [f"{p.name}:{n}" for p in sorted((SRC / "cli").glob("*.py"))
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
             if "emit_json(" in line and p.name not in ("_options.py", "_render.py")]
    assert calls == []


def test_one_year_parser():
    """Issue 9: the four year parsers are gone in favour of rightsregime.params.years."""
    for p in SRC.rglob("*.py"):
        text = p.read_text(encoding="utf-8")
        assert "def parse_years" not in text and "def _years(" not in text, p


def test_years_past_the_record_are_said(reg):
    """The Council first sat in June 2006: asking for 2000-2007 says the record starts in 2006."""
    r = warehouse.decisions(reg, body="HRC", years="2000-2007", limit=0)
    assert r.notes[0].startswith("The record of HRC held here covers 2006-")
    assert r["decisions"]["date"].min().year == 2006
