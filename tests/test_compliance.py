"""Formal versus substantive engagement: a decomposable index with practice beside it."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from rightsregime.analysis import compliance as cp
from rightsregime.resources import monitoring


@pytest.fixture(scope="module")
def whole(reg):
    table, _ = monitoring.compliance_table(reg, range(2000, 2024))
    return table


def _row(table, iso3, year):
    return table.set_index(["iso3", "year"]).loc[(iso3, year)]


def test_wilson_interval_by_hand():
    """0 successes in 6: the Wilson upper bound is z^2 / (n + z^2) = 3.8416 / 9.8416 = 0.390."""
    lo, hi = cp.wilson([0, 5], [6, 10])
    assert lo[0] == pytest.approx(0.0, abs=1e-12) and hi[0] == pytest.approx(0.3903, abs=1e-4)
    assert lo[1] == pytest.approx(0.2366, abs=1e-4) and hi[1] == pytest.approx(0.7634, abs=1e-4)


def test_china_2013_upr_inputs_trace_to_the_table(reg, whole):
    """China's second review (session 17, October 2013): the answered and supported counts are
    those of the upr_recommendations rows of that review (duplicates left out), read here by SQL."""
    counts = reg.sql("""SELECT count(*) AS received, count(response) AS answered,
                               count(*) FILTER (WHERE response = 'supported') AS supported,
                               count(*) FILTER (WHERE action_category = 5 AND response IS NOT NULL) AS cat5
                        FROM upr_recommendations WHERE under_review = 'CHN' AND session = 17
                          AND duplicate_of IS NULL""").iloc[0]
    r = _row(whole, "CHN", 2013)
    assert (r["upr_answered_n"], r["upr_answered_of"]) == (counts["answered"], counts["received"])
    assert (r["upr_accepted_n"], r["upr_accepted_of"]) == (counts["supported"], counts["answered"])
    assert r["specific_accepted_of"] == counts["cat5"]
    assert r["specific_accepted"] < r["upr_accepted"]  # China accepts the specific less than the vague


@pytest.mark.parametrize("iso3, years, supported, answered", [
    ("CHN", (2009, 2012), 55, 138), ("CHN", (2013, 2017), 207, 284), ("USA", (2010, 2014), 183, 280)])
def test_upr_components_carry_the_published_review_counts(whole, iso3, years, supported, answered):
    """The review that speaks for a state from its year for five years gives the UPR components the
    published responses (SOURCES.md section 4: China session 4, February 2009, 55 accepted / 83
    noted; session 17, October 2013, 207 / 77; United States session 9, November 2010, 183 / 97),
    and the same counts for every year up to the next review."""
    for year in range(years[0], years[1] + 1):
        r = _row(whole, iso3, year)
        assert (r["upr_accepted_n"], r["upr_accepted_of"]) == (supported, answered), year
        assert r["upr_answered_of"] == answered, year
    before = _row(whole, iso3, years[0] - 1)
    assert before["upr_accepted_of"] != answered


def test_civil_political_counts_are_those_tagged(reg, whole):
    """China 2013: the cp_accepted component counts the answered recommendations of session 17 that
    carry at least one civil-and-political tag of cp.CP_ISSUES, as counted here by SQL on the tags."""
    tags = ", ".join("'" + t.replace("'", "''") + "'" for t in sorted(cp.CP_ISSUES))
    n = reg.sql(f"""SELECT count(*) FILTER (WHERE response IS NOT NULL) AS answered,
                           count(*) FILTER (WHERE response = 'supported') AS supported
                    FROM upr_recommendations
                    WHERE under_review = 'CHN' AND session = 17 AND duplicate_of IS NULL
                      AND len(list_intersect(list_transform(string_split(issues, ';'), lambda x: trim(x)),
                                             [{tags}])) > 0""").iloc[0]
    r = _row(whole, "CHN", 2013)
    assert (r["cp_accepted_n"], r["cp_accepted_of"]) == (n["supported"], n["answered"])
    assert 0 < n["answered"] < 284


def test_china_accepts_no_scrutiny_instrument(whole):
    """China is party to no complaint protocol and not to OPCAT (UNTC): 0 of 6 in 2013 and 2021."""
    for year in (2013, 2021):
        r = _row(whole, "CHN", year)
        assert (r["scrutiny_acceptance_n"], r["scrutiny_acceptance_of"]) == (0, 6)


def test_practice_never_enters_the_index(reg):
    """Replacing every practice score by another value leaves both indices unchanged."""
    i = monitoring.compliance_inputs(reg, range(2008, 2015))
    a = cp.compliance_table(i["panel"], i["upr"], i["votes"], i["practice"])
    other = i["practice"].assign(fariss=9.0, fariss_lower=8.0, fariss_upper=10.0, pts=1.0)
    b = cp.compliance_table(i["panel"], i["upr"], i["votes"], other)
    cols = ["formal_index", "substantive_index", "engagement_gap"]
    assert (b["fariss"].dropna() == 9.0).all() and not np.allclose(a["fariss"].fillna(0), b["fariss"].fillna(0))
    assert np.allclose(a[cols].to_numpy(dtype=float), b[cols].to_numpy(dtype=float), equal_nan=True)


def test_weights_are_parameters(reg):
    """With weight only on scrutiny acceptance, the substantive index is that component."""
    w = {c: 0.0 for c in cp.SUBSTANTIVE}
    w["scrutiny_acceptance"] = 1.0
    table, _ = monitoring.compliance_table(reg, range(2010, 2012), weights=w)
    assert np.allclose(table["substantive_index"], table["scrutiny_acceptance"], equal_nan=True)
    with pytest.raises(ValueError, match="unknown component"):
        monitoring.compliance_table(reg, range(2010, 2011), weights={"charm": 1.0})


def test_country_votes_count_resolutions_not_amendments(reg, whole):
    """In 2021 China, an HRC member, voted no on the Council's country resolutions it faced (Belarus,
    Eritrea, Syria, Iran ...; hrc-voting) while voting yes to hostile amendments: only texts count, so
    its yes share on country resolutions about others is low."""
    r = _row(whole, "CHN", 2021)
    assert r["country_votes_of"] >= 10 and r["country_votes"] < 0.2


def test_empty_promises_china(reg):
    """China ratified ICESCR (2001), OP-CRC-SC (2002), OP-CRC-AC and CRPD (2008) between 2000 and
    2021 (UNTC) while its Fariss score fell from -1.29 (2000) to -1.71 (2021): the 'empty promises'
    pattern."""
    res = monitoring.compliance(reg, "CHN", ["USA", "IND", "BRA", "ZAF"], years=(2008, 2021))
    p = res["empty_promises"].set_index("iso3").loc["CHN"]
    assert p["ratification_change"] > 0 and p["empty_promise"]
    assert round(p["fariss_start"], 2) == -1.29 and round(p["fariss_end"], 2) == -1.71
    assert set(res["index"]["iso3"]) == {"CHN", "USA", "IND", "BRA", "ZAF"}
    assert any("never part of either index" in n for n in res.notes)


def test_thin_data_is_flagged(whole):
    """A component resting on fewer than 10 inputs is flagged and has a wide interval."""
    comps = cp.components_long(whole)
    thin = comps[comps["thin"] & comps["value"].notna()]
    assert len(thin) > 0 and (thin["of"] < cp.THIN).all()
    assert ((thin["upper"] - thin["lower"]) > 0.2).all()


def _run(*args, db):
    return subprocess.run([sys.executable, "-m", "rightsregime", *args, "--db", str(db)],
                          capture_output=True, text=True)


def test_cli_compliance_json_and_charts(warehouse_path, tmp_path):
    proc = _run("compliance", "CHN", "--compare", "USA,IND,BRA,ZAF", "--years", "2008-2021", "--json",
                "--chart", str(tmp_path / "c.png"), "--promises-chart", str(tmp_path / "p.svg"), db=warehouse_path)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["kind"] == "compliance" and doc["params"]["weights"]["country_votes"] == 1.0
    assert {r["iso3"] for r in doc["index"]} == {"CHN", "USA", "IND", "BRA", "ZAF"}
    assert (tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG" and (tmp_path / "p.svg").exists()


def test_cli_bad_weights_is_a_usage_error(warehouse_path):
    proc = _run("compliance", "CHN", "--weights", "charm=2", db=warehouse_path)
    assert proc.returncode == 2 and "component=weight" in proc.stderr and "Traceback" not in proc.stderr
