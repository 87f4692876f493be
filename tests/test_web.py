"""The observatory's pages and API, served in-process over the warehouse built from the real sources.

Facts checked against the public record: A/HRC/RES/37/23 was adopted 28-1-17 with the United States
alone against (right-docs.org/doc/a-hrc-res-37-23); China ratified CAT in 1988 and has only signed
the ICCPR (UN Treaty Collection).
"""
from __future__ import annotations

import csv
import io

import pytest


@pytest.fixture(scope="module")
def client(warehouse_path):
    from fastapi.testclient import TestClient

    from rightsregime.web import create_app

    with TestClient(create_app(warehouse_path), raise_server_exceptions=False) as c:
        yield c


def test_decision_page_shows_tally_positions_and_rules(client):
    r = client.get("/decision/A/HRC/RES/37/23")
    assert r.status_code == 200
    html = r.text
    assert "Promoting mutually beneficial cooperation" in html
    assert "28-1-17" in html
    assert 'href="/state/USA"' in html
    assert "china-2007" in html  # the outcome under every rule set
    doc = client.get("/api/decision/A/HRC/RES/37/23").json()
    assert doc["votes"]["USA"] == "no" and doc["votes"]["CHN"] == "yes"
    assert {r["rules"] for r in doc["under_rules"]} >= {"hrc", "china-2007", "abstain-counts-as-no"}
    hrc = next(r for r in doc["under_rules"] if r["rules"] == "hrc")
    assert hrc["outcome"] == "adopted" and hrc["required"] == 15


def test_state_page_shows_ratifications(client):
    doc = client.get("/api/state/CHN").json()
    assert doc["ratifications"]["CAT"] == {"status": "party", "year": 1988}
    assert doc["ratifications"]["ICCPR"]["status"] == "signatory"
    html = client.get("/state/CHN").text
    assert "China (CHN)" in html and "/chart/ratifications/CHN.svg" in html
    svg = client.get("/chart/ratifications/CHN.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml") and b"<svg" in svg.content


def test_unknown_state_and_symbol_are_404_with_closest_matches(client):
    r = client.get("/state/CHI")
    assert r.status_code == 404 and "Did you mean" in r.text and "Traceback" not in r.text
    r = client.get("/api/decision/A/HRC/RES/37/99")
    assert r.status_code == 404 and r.json()["status"] == 404 and "Unknown symbol" in r.json()["error"]


def test_bad_parameters_are_a_page_not_a_stack_trace(client):
    r = client.get("/decisions?years=19x6&per_page=-3")
    assert r.status_code == 422 and "years" in r.text and "Traceback" not in r.text
    assert client.get("/api/decisions?body=UNGA").json()["status"] == 422
    assert client.get("/simulate?rules=../../etc/passwd").status_code == 400


def test_explorer_filters_and_csv_agree_with_the_warehouse(client, reg):
    expected = len(reg.decisions(body="HRC", years="2021", outcome="rejected"))
    doc = client.get("/api/decisions?body=HRC&years=2021&outcome=rejected&per_page=500").json()
    assert doc["total"] == expected == len(doc["rows"]) > 0
    r = client.get("/decisions.csv?body=HRC&years=2021&outcome=rejected")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == expected and {row["outcome"] for row in rows} == {"rejected"}
    assert "attachment" in r.headers["content-disposition"]


def test_simulator_changes_the_outcome(client):
    """A/HRC/RES/17/19 (23-19-3) passes; two members moving from yes to no reject it (23-2 < 19+2)."""
    base = client.get("/api/simulate?symbol=A/HRC/RES/17/19&rules=hrc").json()
    assert base["outcome"]["outcome"] == "adopted" and base["pivotal"]["min_flips"] == 2
    yes = [iso for iso, pos in base["positions"] if pos == "yes"][:2]
    moved = client.get("/api/simulate", params={"symbol": "A/HRC/RES/17/19", "rules": "hrc",
                                                **{f"p_{iso}": "no" for iso in yes}}).json()
    assert moved["outcome"]["outcome"] == "rejected"
    assert sorted(c["iso3"] for c in moved["changed"]) == sorted(yes)


def test_security_headers_on_every_response(client):
    for url in ("/", "/api/overview", "/state/NOPE"):
        h = client.get(url).headers
        assert "script-src 'self'" in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY"


def test_map_is_drawn_offline_with_each_position(client):
    r = client.get("/chart/map.svg?symbol=A/HRC/RES/37/23")
    assert r.status_code == 200 and b"yes (28)" in r.content and b"no (1)" in r.content
    # each state's outline is coloured by its position (China yes, the United States no)
    assert b'<g fill="#2e8b57" stroke="#ffffff" stroke-width="0.6"><title>CHN: yes</title>' in r.content
    assert b'<g fill="#c0392b" stroke="#ffffff" stroke-width="0.6"><title>USA: no</title>' in r.content
    assert b"<image" not in r.content and b"href=\"http" not in r.content


def test_search_finds_states_decisions_and_subjects(client):
    doc = client.get("/api/search?q=Sri Lanka").json()
    assert any(s["iso3"] == "LKA" for s in doc["states"])
    assert any(d["symbol"] == "A/HRC/RES/46/1" for d in doc["decisions"])
    literal = client.get("/api/search?q=%25").json()  # a percent sign matches itself, not everything
    assert literal["decisions_total"] < 100


def test_sources_page_lists_every_source_with_validation(client, reg):
    doc = client.get("/api/sources").json()
    names = {s["source"] for s in doc["sources"]}
    assert {"unvotes", "hrc-voting", "upr-terman"} <= names
    assert doc["quarantine_total"] == len(reg.quarantine())
    assert doc["reconciliation_total"] == len(reg.reconciliation())
    assert client.get("/sources/quarantine.csv").text.count("\n") == len(reg.quarantine()) + 1


def test_topic_page_counts_texts_and_positions(client, reg):
    """Texts tagged CAPITAL PUNISHMENT in the Council and Commission: China voted against every
    recorded one (the moratorium resolutions), never for."""
    doc = client.get("/api/topic/CAPITAL PUNISHMENT").json()
    expected = reg.decisions(body="HRC,CHR", subject="CAPITAL PUNISHMENT")
    texts = expected[expected["kind"].isin(["resolution", "decision"])]
    assert doc["texts"] == len(texts) and doc["recorded"] == int((texts["modality"] == "recorded").sum())
    china = next(s for s in doc["states"] if s["iso3"] == "CHN")
    assert china["yes"] == 0 and china["no"] > 0
    assert client.get("/topic/NO SUCH SUBJECT").status_code == 404
    assert client.get("/chart/topic.svg?subject=CAPITAL PUNISHMENT").status_code == 200


def test_consensus_counts_add_up_to_the_texts(client, reg):
    doc = client.get("/api/topics?body=HRC").json()
    for row in doc["by_year"]:
        assert row["recorded"] + row["without_vote"] <= row["texts"]
    assert sum(t["texts"] for t in doc["topics"]) >= sum(r["texts"] for r in doc["by_year"]) * 0.5
    flipped = {f["subject"]: f["direction"] for f in doc["flipped"]}
    assert flipped.get("ERITREA") == "to recorded votes"  # Eritrea's mandate texts went to votes
