"""Two views beside the state page, drawn on request: a state's positions year by year, and the
world map of how alike every state votes with it (with the table as CSV), on the real record.

Facts checked: the Russian Federation voted with China on nearly every recorded Council vote they
shared (A/HRC/RES/46/1 and every Xinjiang or Hong Kong text: both no); the United States and
China nearly never (any of the same roll calls). China sat out the Council in 2013 and 2020 under
the two-consecutive-terms rule (GA res 60/251 para 7).
"""
from __future__ import annotations

import csv
import io
import re

import pytest



@pytest.fixture(scope="module")
def partners(client):
    response = client.get("/state/CHN/partners.csv?body=HRC")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    return {r["partner"]: r for r in csv.DictReader(io.StringIO(response.text))}


def test_every_partner_with_its_agreement(partners, reg):
    assert float(partners["RUS"]["index"]) > 0.9 and float(partners["USA"]["index"]) < 0.2
    rows = reg.sql("""SELECT x.position AS pa, y.position AS pb FROM votes x
                      JOIN votes y ON y.decision_id = x.decision_id AND y.iso3 = 'RUS'
                      JOIN decisions d ON d.decision_id = x.decision_id
                      WHERE x.iso3 = 'CHN' AND d.body_id = 'HRC'
                        AND x.position IN ('yes', 'no', 'abstain') AND y.position IN ('yes', 'no', 'abstain')""")
    assert int(partners["RUS"]["n_common"]) == len(rows)
    assert all(int(r["n_common"]) >= 20 for r in partners.values())


def test_the_map_colours_every_partner_once(client, partners):
    svg = client.get("/chart/state-map/CHN.svg?body=HRC").text
    legend = [int(n) for n in re.findall(r"\((\d+)\)</text>", svg)]
    assert sum(legend) == len(partners)  # each partner in exactly one class
    assert "<title>CHN: China itself</title>" in svg
    assert "<title>RUS: 0.80-1.00: nearly always alike</title>" in svg
    assert "<title>USA: 0.00-0.20: nearly always apart</title>" in svg


def test_positions_by_year_and_the_page_links_both(client, reg):
    svg = client.get("/chart/state-votes/CHN.svg?body=HRC").text
    cast = reg.sql("""SELECT count(*) AS n FROM votes v JOIN decisions d USING (decision_id)
                      WHERE v.iso3 = 'CHN' AND d.body_id = 'HRC' AND d.modality = 'recorded'
                        AND v.position IN ('yes', 'no', 'abstain', 'non_voting')""")["n"].iloc[0]
    assert f"{cast:,} recorded votes" in svg and "How China voted in the Human Rights Council" in svg
    assert "not a member" in svg  # 2013 and 2020: off the Council by the two-term rule
    page = client.get("/state/CHN?body=HRC").text
    assert "/chart/state-votes/CHN.svg?body=HRC" in page and "/chart/state-map/CHN.svg?body=HRC" in page


def test_unknown_state_and_body(client):
    assert client.get("/chart/state-map/ZZZ.svg").status_code == 404
    assert client.get("/state/CHN/partners.csv?body=SC").status_code == 400
