"""The home page: the regime in one picture (drawn from the project's own tables of instruments,
bodies and seats) and the record over time, on the real record.

Facts: the 18 instruments are 9 core treaties and 9 optional protocols; ten treaty bodies watch
them (CERD, CCPR, CESCR, CEDAW, CAT, SPT, CRC, CMW, CRPD, CED: OHCHR, "Human rights treaty bodies");
the Council has 47 seats, 13 African, 13 Asia-Pacific, 6 Eastern European, 8 Latin American and
Caribbean, 7 Western European and others (GA res 60/251, para 7). The Council's draft decision
A/HRC/51/L.6 on Xinjiang fell 17-19-11 on 6 October 2022 (Associated Press, J. Keaten, "UN rights
body rejects Western bid to debate Xinjiang abuses", 6 October 2022): one of its closest votes.
"""
from __future__ import annotations

import re

import pytest



@pytest.fixture(scope="module")
def home(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.text


def test_the_regime_in_one_picture(home):
    svg = re.search(r"<svg[^>]*class=\"regime-map\".*?</svg>", home, re.S).group(0)
    assert "Instruments (18)" in svg and "+ 9 optional protocols" in svg
    assert "Treaty bodies (10)" in svg and "CERD, CCPR, CESCR, CEDAW, CAT," in svg
    assert "Human Rights Council (47)" in svg and "13 AFR, 13 APG, 6 EEG, 8 GRULAC, 7 WEOG" in svg
    for core in ("ICERD", "ICCPR", "ICESCR", "CEDAW", "CAT", "CRC", "ICMW", "CRPD", "CPED"):
        assert f">{core}</text>" in svg
    assert 'href="/decisions?body=HRC"' in svg  # the boxes lead into the record
    assert "<script" not in svg


def test_the_record_over_time(client, home):
    assert "/decision/A/HRC/51/L.6" in home and "17-19-11" in home
    doc = client.get("/api/overview").json()
    assert "regime-map" not in str(doc)  # the picture is drawn by the page, not served as data
    for measure in ("recorded", "contested"):
        chart = client.get(f"/chart/activity/{measure}.svg")
        assert chart.status_code == 200 and "Source: unvotes" in chart.text
    assert client.get("/chart/activity/bogus.svg").status_code == 422


def test_methods_page_counts_each_tally_rule(client, reg):
    """Each rule's count of decisions adds up to the decisions with a chosen tally, and the last
    rule's count is the disputed tallies (docs/tallies.md)."""
    doc = client.get("/api/methods").json()
    counts = {r["basis"]: r["decisions"] for r in doc["tally_rules"]}
    total = reg.sql("SELECT count(*) AS n FROM decisions WHERE tally_basis IS NOT NULL")["n"].iloc[0]
    disputed = reg.sql("SELECT count(*) AS n FROM decisions WHERE tally_disputed")["n"].iloc[0]
    assert sum(counts.values()) == total and counts["disputed"] == disputed > 0
    hrc = next(r for r in doc["rule_sets"] if r["rule_set"] == "hrc")
    assert "HRC res 5/1" in hrc["source"]
    assert [r["action"] for r in doc["upr_categories"]][::4] == ["minimal action", "specific action"]
    page = client.get("/methods")
    assert page.status_code == 200 and "Lijphart" in page.text and 'href="/methods"' in page.text
