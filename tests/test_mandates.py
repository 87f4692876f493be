"""Country mandates derived from the CHR/HRC record (hrc-voting) with cited events.

Facts: the Belarus mandate of the Commission lapsed when the Council did not renew it with its
institution-building package of 18 June 2007 (RFE/RL 19 Jun 2007; OHCHR release 12 Jun 2007); the
Council appointed a new Special Rapporteur on Belarus by res 20/13 of 5 July 2012, adopted 22-5-20
(resolution text; CRIN); the Iran mandate was created by HRC res 16/9 of 24 March 2011, 22-7-14
(OHCHR press release).
"""
from __future__ import annotations

import json

import pandas as pd
import pytest

from rightsregime.analysis import mandates as m
from rightsregime.resources.mandates import load_events, mandates


@pytest.fixture(scope="module")
def everything(reg):
    return mandates(reg)


def test_belarus_mandate_ended_2007_and_recreated_2012(reg):
    res = mandates(reg, state="BLR")
    series = res["series"].set_index("series_id")
    chr_run = series.loc["BLR-situation-2003"]
    assert (chr_run["first_symbol"], chr_run["last_symbol"]) == ("E/CN.4/RES/2003/14", "E/CN.4/RES/2005/13")
    assert chr_run["ended"].startswith("2007")
    hrc_run = series.loc["BLR-situation-2011"]
    assert hrc_run["created"] == 2012 and "A/HRC/RES/20/13" in hrc_run["created_by"]
    assert hrc_run["status"] == "continuing"
    texts = res["texts"].set_index("symbol")
    assert tuple(texts.loc["A/HRC/RES/20/13", ["yes", "no", "abstain"]]) == (22, 5, 20)
    assert texts.loc["A/HRC/RES/17/24", "role"] == "first in record"  # 2011: asked for a report only


def test_iran_mandate_created_by_16_9_with_its_vote(reg):
    res = mandates(reg, state="IRN")
    hrc = res["series"].set_index("series_id").loc["IRN-situation-2011"]
    assert "A/HRC/RES/16/9" in hrc["created_by"]
    texts = res["texts"].set_index("symbol")
    assert tuple(texts.loc["A/HRC/RES/16/9", ["yes", "no", "abstain"]]) == (22, 7, 14)
    # The Commission's own Iran series ran in the 1980s-1990s and lapsed before the Council.
    assert res["series"].set_index("series_id").loc["IRN-situation-1982", "status"].startswith("lapsed")


def test_sri_lanka_2021_mandate_is_a_milestone_of_the_2012_series(reg):
    """HRC res 19/2 (2012) opened the accountability texts on Sri Lanka; 46/1 (2021) gave OHCHR its
    evidence mandate inside that continuing, roughly biennial series."""
    series = mandates(reg, state="LKA")["series"].set_index("series_id").loc["LKA-accountability-2012"]
    assert series["first_symbol"] == "A/HRC/RES/19/2" and series["created"] == 2012
    assert "A/HRC/RES/46/1" in series["milestones"]


def test_myanmar_series_runs_from_1992_across_the_2006_gap(everything):
    """CHR res 1992/58 is the first Myanmar text; the series runs on through the Council without a
    break, the Commission's 2006 session having adopted no texts."""
    mmr = everything["series"][everything["series"]["iso3"] == "MMR"].set_index("series_id")
    first = mmr.loc["MMR-situation-1992"]
    assert first["first_symbol"] == "E/CN.4/RES/1992/58" and first["bodies"] == "CHR; HRC"


def test_every_cited_event_fits_a_series(everything):
    assert everything["events"]["series_id"].notna().all()
    assert set(load_events()["confidence"]) <= {"C", "M"}
    assert load_events()["citation"].str.len().min() > 40


def test_unplaced_texts_are_listed_with_their_reason(everything):
    unplaced = everything["unplaced"].set_index("symbol")
    assert unplaced.loc["E/CN.4/DEC/1994/109", "reason"] == "names 2 states (IND; PAK)"  # Jammu and Kashmir
    assert (unplaced["reason"] != "").all()


def test_classifier_families():
    assert m.family_of("Situation of human rights in Belarus") == "situation"
    assert m.family_of("Technical assistance and capacity-building for Somalia in the field of human rights") \
        == "assistance"
    assert m.family_of("Promoting reconciliation, accountability and human rights in Sri Lanka") == "accountability"
    assert m.family_of("Outcome of the universal periodic review : Belarus") is None
    assert m.family_of("The right to food") is None
    assert m.family_of("Human rights in the occupied Syrian Golan") == "occupation"


def test_series_split_on_a_gap_but_not_on_2006():
    """2005 -> 2008 is two text years (2006 had none): one series; 2008 -> 2011 is three: a new one."""
    texts = pd.DataFrame({"iso3": "XXX", "family": "situation", "body_id": "CHR",
                          "symbol": ["a", "b", "c", "d"], "year": [2004, 2005, 2008, 2011],
                          "date": pd.to_datetime(["2004-04-01", "2005-04-01", "2008-06-01", "2011-03-01"]),
                          "modality": "recorded"})
    out = m.mandate_series(texts)
    assert out["series_id"].tolist() == ["XXX-situation-2004"] * 3 + ["XXX-situation-2011"]
    table = m.series_table(out, last_year=2014)
    assert table["status"].tolist() == ["lapsed after 2008", "lapsed after 2011"]


def test_biennial_mandates_stay_one_series(everything):
    """Cambodia's texts under item 10 come every two years (2008-2025 in the record): one series."""
    khm = everything["series"][(everything["series"]["iso3"] == "KHM")
                               & (everything["series"]["family"] == "assistance")]
    assert khm["last_year"].max() == 2025
    assert (khm["last_year"] >= 2025).sum() == 1 and khm.loc[khm["last_year"] == 2025, "n_texts"].iloc[0] >= 9


def test_cli_mandates_state(warehouse_path, capsys):
    from rightsregime.cli import main

    main(["mandates", "--state", "BLR", "--db", str(warehouse_path), "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert doc["params"]["state"] == "BLR"
    assert {s["series_id"] for s in doc["series"]} >= {"BLR-situation-2003", "BLR-situation-2011"}
