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


# -- the decision page (issue 10, item 3) ----------------------------------------------------------
def test_decision_page_46_1_chosen_tally_beside_the_official_one(client):
    """A/HRC/RES/46/1 (Sri Lanka, 23 March 2021) was adopted 22-11-14 (PTI via devdiscourse.com and
    Ada Derana, 23 March 2021, with the three lists of states); OHCHR's harvest prints 20 in favour.
    The page shows the published 22-11-14 as the tally, with the official 20-11-14 beside it."""
    html = client.get("/decision/A/HRC/RES/46/1").text
    assert '<strong id="tally">22-11-14</strong>' in html
    doc = client.get("/api/decision/A/HRC/RES/46/1").json()
    records = {row["record"].split(" ")[0]: row for row in doc["tallies"]}
    assert (records["chosen"]["yes"], records["chosen"]["no"], records["chosen"]["abstain"]) == (22, 11, 14)
    assert records["official"]["yes"] == 20 and records["official"]["differs"] == "differs"


def test_decision_page_46_1_asia_pacific_split_is_the_most_divided(client):
    """On 46/1 the Asia-Pacific members split 3 yes (Fiji, Marshall Islands, Republic of Korea), 5 no
    (Bangladesh, China, Pakistan, Philippines, Uzbekistan) and 5 abstain (Bahrain, India, Indonesia,
    Japan, Nepal): a tied plurality, and the most divided regional group (same press reports)."""
    doc = client.get("/api/decision/A/HRC/RES/46/1").json()
    apg = next(s for s in doc["splits"]["splits"] if s["group_id"] == "ASIA_PACIFIC")
    assert (apg["yes"], apg["no"], apg["abstain"]) == (3, 5, 5) and apg["plurality"].startswith("tie")
    assert doc["splits"]["most_divided"]["group_id"] == "ASIA_PACIFIC"
    weog = next(s for s in doc["splits"]["splits"] if s["group_id"] == "WEOG")
    assert (weog["yes"], weog["no"], weog["abstain"]) == (7, 0, 0) and weog["cohesion"] == 1
    html = client.get("/decision/A/HRC/RES/46/1").text
    assert 'id="most-divided">Asia-Pacific Group<' in html and 'id="split-ASIA_PACIFIC"' in html


def test_decision_page_46_1_pivotal_switchers_and_every_rule_set(client):
    """22-11 under the Council's simple majority: each yes turning no narrows the gap by two, so five
    leave it adopted at 17-16 and the sixth flips it. Under China's 2007 proposal (two thirds of those
    present and voting for a country-specific text) 46/1 still passes: 22 of 33 is exactly two
    thirds. The members nearest to switching are among its 14 abstainers (it was adopted)."""
    doc = client.get("/api/decision/A/HRC/RES/46/1").json()
    assert doc["pivotal"]["min_flips"] == 6 and doc["pivotal"]["rules"] == "hrc"
    china = next(r for r in doc["under_rules"] if r["rules"] == "china-2007")
    assert china["outcome"] == "adopted" and china["required"] == 22 and china["margin"] == 0
    abstainers = {c for c, p in doc["votes"].items() if p == "abstain"}
    nearest = doc["switchers"]["nearest"]
    assert nearest and {r["iso3"] for r in nearest} <= abstainers
    html = client.get("/decision/A/HRC/RES/46/1").text
    assert 'id="min-flips">6<' in html and 'id="switchers"' in html and "china-2007" in html


def test_decision_page_lists_the_amendments_voted_on_32_2(client):
    """A/HRC/RES/32/2 (SOGI Independent Expert, 30 June 2016): eleven OIC amendments were put to the
    vote, seven passed; the text as amended was adopted 23-18-6 (UN Geneva meeting summary of 30 June
    2016; ARC International, 'The voting results')."""
    doc = client.get("/api/decision/A/HRC/RES/32/2").json()
    steps = doc["sequence"]["steps"]
    amendments = [s for s in steps if s["stage"] == "amendment"]
    assert len(amendments) == 11 and sum(s["recorded"] == "adopted" for s in amendments) == 7
    text = steps[-1]
    assert text["symbol"] == "A/HRC/RES/32/2" and (text["yes"], text["no"], text["abstain"]) == (23, 18, 6)
    assert 'id="sequence"' in client.get("/decision/A/HRC/RES/32/2").text


@pytest.mark.parametrize("symbol", [
    "A/HRC/RES/46/1",      # HRC, roll call, a corrected tally
    "A/RES/68/262",        # GA, 193 members (Ukraine's territorial integrity, 100-11-58)
    "E/CN.4/RES/2005/1",   # the Commission
    "A/HRC/51/L.6",        # a supplement: the rejected draft decision on Xinjiang
    "A/HRC/51/L.64",       # an amendment: the page shows the text it amends
    "A/HRC/RES/51/23",     # adopted without a vote: no roll call
    "A/HRC/3/L.8",         # a draft with no positions and no modality
])
def test_decision_page_of_every_kind_answers_without_error(client, symbol):
    """Every body and kind of record gives a page; what cannot be shown says why, never a 5xx."""
    r = client.get(f"/decision/{symbol}")
    assert r.status_code == 200 and "Traceback" not in r.text
    doc = client.get(f"/api/decision/{symbol}").json()
    assert doc["symbol"] == symbol
    if not doc["votes"]:
        assert doc.get("splits") is None and "no roll call" in doc["unavailable"]["splits"]


def test_xinjiang_draft_rejected_19_17_11(client):
    """A/HRC/51/L.6, the draft decision to debate the situation in Xinjiang, was rejected on 6 October
    2022 by 19 against, 17 in favour and 11 abstentions (UN press release, HRC 6 October 2022)."""
    doc = client.get("/api/decision/A/HRC/51/L.6").json()
    assert doc["outcome"] == "rejected"
    hrc = next(r for r in doc["under_rules"] if r["rules"] == "hrc")
    assert hrc["outcome"] == "rejected" and doc["tally"]["chosen"]["yes"] == 17
    assert doc["tally"]["chosen"]["no"] == 19 and doc["tally"]["chosen"]["abstain"] == 11


# -- the explorer (item 4) ------------------------------------------------------------------------
def test_explorer_scope_filter_matches_the_command_line(client, warehouse_path):
    """HRC 2021, country-specific: the explorer's count is what `rightsregime decisions --body HRC
    --years 2021 --scope country-specific` prints, and it holds 46/1 (Sri Lanka) and S-33/1 (Ethiopia,
    17 December 2021) but not 46/19 (the right to food, thematic)."""
    import json as jsonlib

    from typer.testing import CliRunner

    from rightsregime.cli import app

    out = CliRunner().invoke(app, ["decisions", "--body", "HRC", "--years", "2021", "--scope",
                                   "country-specific", "--limit", "0", "--json", "--db", str(warehouse_path)])
    assert out.exit_code == 0, out.output
    cli = jsonlib.loads(out.output)
    doc = client.get("/api/decisions?body=HRC&years=2021&scope=country-specific&per_page=500").json()
    assert doc["total"] == cli["count"] == len(doc["rows"]) > 0
    symbols = {r["symbol"] for r in doc["rows"]}
    assert {"A/HRC/RES/46/1", "A/HRC/RES/S-33/1"} <= symbols and "A/HRC/RES/46/19" not in symbols
    assert symbols == {d["symbol"] for d in cli["decisions"]}


def test_explorer_csv_has_exactly_the_rows_shown(client):
    """The CSV of a filter is the filtered table: the same symbols in the same order as the page."""
    q = "body=HRC&years=2021&scope=country-specific&sort=-yes&per_page=500"
    shown = [r["symbol"] for r in client.get(f"/api/decisions?{q}").json()["rows"]]
    rows = list(csv.DictReader(io.StringIO(client.get(f"/decisions.csv?{q}").text)))
    assert [r["symbol"] for r in rows] == shown and {r["scope"] for r in rows} == {"country-specific"}


def test_explorer_a_states_vote(client, reg):
    """CHN=no: every decision listed has China's recorded position no (checked against the votes
    table); 46/1 (China voted no) is in it."""
    doc = client.get("/api/decisions?body=HRC&years=2021&voted=CHN%3Dno&per_page=500").json()
    symbols = {r["symbol"] for r in doc["rows"]}
    assert "A/HRC/RES/46/1" in symbols
    for sym in symbols:
        assert reg.decision(sym)["votes"].get("CHN") == "no"
    assert client.get("/api/decisions?voted=CHN%3Dmaybe").status_code == 400
    html = client.get("/decisions?body=HRC&years=2021&voted=CHN%3Dno&sort=yes").text
    assert 'aria-sort="ascending"' in html


# -- the simulator's replay (item 5) --------------------------------------------------------------
def test_replay_of_a_period_with_its_chart(client):
    """Under china-2007 the Council's country-specific texts need two thirds: 46/1 (22 of 33) still
    passes, A/HRC/RES/S-33/1 on Ethiopia (21-15-11, UN press release 17 December 2021) would fail
    (21 < 24 of 36)."""
    doc = client.get("/api/replay?rules=china-2007&body=HRC&years=2021").json()
    flipped = {f["symbol"] for f in doc["flips"]}
    assert "A/HRC/RES/S-33/1" in flipped and "A/HRC/RES/46/1" not in flipped
    assert [r["year"] for r in doc["by_year"]] == [2021]
    html = client.get("/replay?rules=china-2007&body=HRC&years=2021").text
    assert 'id="replay-chart"' in html and "/chart/replay.svg?rules=china-2007" in html
    svg = client.get("/chart/replay.svg?rules=china-2007&body=HRC&years=2021")
    assert svg.headers["content-type"].startswith("image/svg+xml") and b"paralysis index" in svg.content
    assert client.get("/api/replay?rules=nope").status_code == 400
    assert "/replay" in client.get("/simulate").text


def test_simulator_46_1_under_china_2007_needs_22_of_33(client):
    """The simulator's answer is the `outcome` resource's: 22 yes of 33 present and voting, 22 needed."""
    doc = client.get("/api/simulate?symbol=A/HRC/RES/46/1&rules=china-2007").json()
    o = doc["outcome"]
    assert o["outcome"] == "adopted" and o["required"] == 22 and o["present_and_voting"] == 33


# -- the caches (item 5) --------------------------------------------------------------------------
def test_a_page_served_again_comes_from_the_cache_with_its_headers(client):
    """The second identical request is replayed from memory: same body, and the security headers
    are still on it (they were stored with the response)."""
    first = client.get("/decision/A/HRC/RES/37/23")
    again = client.get("/decision/A/HRC/RES/37/23")
    assert again.status_code == 200 and again.content == first.content
    assert again.headers["x-frame-options"] == "DENY" and "script-src 'self'" in again.headers["content-security-policy"]
    assert client.get("/state/NOPE").status_code == 404 == client.get("/state/NOPE").status_code  # errors not kept


def test_a_rebuilt_warehouse_empties_the_caches(tmp_path):
    """The caches are keyed on the warehouse file's stamp (mtime, size): a file replaced by a build
    makes every cached document stale."""
    from rightsregime.web.cache import DocumentCache, WarehouseStamp

    db = tmp_path / "w.duckdb"
    db.write_bytes(b"one")
    cache = DocumentCache(stamp=WarehouseStamp(db, every=0))
    assert cache.get("home", lambda: "built from one") == "built from one"
    assert cache.get("home", lambda: "rebuilt") == "built from one"
    db.write_bytes(b"two, longer")
    assert cache.peek("home") is None and cache.get("home", lambda: "rebuilt") == "rebuilt"
