"""Sponsor parsing on the catalogue's own formats, and the texts China led, on the real warehouse."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from rightsregime.analysis.leadership import led_texts, leadership_by_year, parse_sponsors, sponsorships
from rightsregime.errors import EstimationError, UnknownState


# -- parsing: strings as the OHCHR catalogue writes them (hrc-voting resolutions.csv main_sponsors)
def test_parse_a_plain_list():
    assert [e.name for e in parse_sponsors("China, Egypt, India, Russian Federation, Venezuela (Bolivarian Republic of)")] \
        == ["China", "Egypt", "India", "Russian Federation", "Venezuela (Bolivarian Republic of)"]


def test_parse_on_behalf_of_a_group_in_parentheses():
    (e,) = parse_sponsors("Côte d’Ivoire (on behalf of the Group of African States)")
    assert e.name == "Côte d'Ivoire" and e.group_id == "AFRICAN" and e.exceptions == ()


def test_parse_bare_on_behalf_with_exceptions_after_a_comma():
    (e,) = parse_sponsors("Pakistan on behalf of the Organization of Islamic Cooperation, except Albania and Tunisia")
    assert (e.name, e.group_id, e.exceptions) == ("Pakistan", "OIC", ("Albania", "Tunisia"))


def test_parse_unnamed_group_and_joined_names():
    entries = parse_sponsors("South Africa, Saudi Arabia and Egypt on behalf of a group of countries")
    assert [e.name for e in entries] == ["South Africa", "Saudi Arabia and Egypt"]
    assert entries[1].on_behalf_of == "a group of countries" and entries[1].group_id is None


def test_parse_missing_separator_and_several_groups():
    entries = parse_sponsors("Hungary (on behalf of the European Union)United Kingdom of Great Britain and "
                             "Northern Ireland, Germany")
    assert [e.name for e in entries] == ["Hungary", "United Kingdom of Great Britain and Northern Ireland", "Germany"]
    assert entries[0].group_id == "EU"
    entries = parse_sponsors("Uruguay (on behalf of Group of Latin American and Caribbean States, except Argentina "
                             "and Paraguay), Cyprus (on behalf of the European Union)")
    assert [(e.name, e.group_id, e.exceptions) for e in entries] == [
        ("Uruguay", "GRULAC", ("Argentina", "Paraguay")), ("Cyprus", "EU", ())]


def test_parse_empty():
    assert parse_sponsors(None) == [] and parse_sponsors("  ") == []


# -- on the warehouse -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def hrc_decisions(reg):
    return reg.decisions(body="HRC")


@pytest.fixture(scope="module")
def spons(reg, hrc_decisions):
    def resolve(name):
        try:
            return reg.lookup_state(name)
        except UnknownState:
            return None

    return sponsorships(hrc_decisions, resolve, group_members=reg.group_members())


def test_every_sponsor_name_resolves_but_the_president(spons):
    """Only non-states are left unresolved (the President of the Council tables some texts)."""
    assert set(spons.unresolved["name"]) <= {"President of the Human Rights Council"}


def test_african_group_texts_expand_to_its_members(spons, hrc_decisions):
    """A text tabled by a state 'on behalf of the Group of African States' counts every African Group
    member as a sponsor (the tabling state as main sponsor, the others as group sponsors)."""
    via = spons.frame[(spons.frame["via_group"] == "AFRICAN") & (spons.frame["role"] == "group")]
    assert via["decision_id"].nunique() > 5
    one = spons.frame[spons.frame["decision_id"] == via["decision_id"].iloc[0]]  # the tabling state too
    assert {"NGA", "KEN", "ZAF", "EGY"} <= set(one["iso3"]) and len(one) >= 50


def test_oic_exception_leaves_albania_out(spons, hrc_decisions):
    texts = hrc_decisions[hrc_decisions["sponsors"].fillna("").str.contains("except Albania")]["decision_id"]
    assert len(texts) > 0
    rows = spons.frame[spons.frame["decision_id"].isin(texts) & (spons.frame["via_group"] == "OIC")]
    assert "ALB" not in set(rows["iso3"]) and "SAU" in set(rows["iso3"])


def test_texts_china_led_and_how_they_fared(spons, hrc_decisions):
    """China's 'mutually beneficial cooperation' text A/HRC/RES/37/23 (28-1-17, the catalogue leaves
    its sponsor empty: cited supplement) and 'contribution of development' A/HRC/RES/53/28 (30-12-5,
    sponsor in the catalogue)."""
    led = led_texts(spons, hrc_decisions, "CHN").set_index("symbol")
    r37 = led.loc["A/HRC/RES/37/23"]
    assert (r37["fate"], r37["margin"], r37["basis"]) == ("adopted by recorded vote", 27, "supplement")
    r53 = led.loc["A/HRC/RES/53/28"]
    assert (r53["yes"], r53["no"], r53["abstain"], r53["basis"]) == (30, 12, 5, "source")
    # Before 2013 China led almost nothing; after, dozens of texts (mostly amendments to others' drafts).
    per_year = leadership_by_year(led.reset_index())
    assert per_year.loc[per_year["year"] < 2013, "n_texts"].sum() <= 3
    assert per_year.loc[per_year["year"] >= 2013, "n_texts"].sum() > 50


def test_no_led_text_is_an_estimation_error(spons, hrc_decisions):
    with pytest.raises(EstimationError, match="No text in the slice names TUV"):
        led_texts(spons, hrc_decisions, "TUV")


def test_cli_leadership_json(warehouse_path, tmp_path):
    from rightsregime.cli import app

    result = CliRunner().invoke(app, ["leadership", "CHN", "--kind", "resolution", "--json",
                                      "--chart", str(tmp_path / "l.png"), "--db", str(warehouse_path)])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    symbols = {t["symbol"] for t in doc["texts"]}
    assert {"A/HRC/RES/37/23", "A/HRC/RES/53/28"} <= symbols
    assert {t["kind"] for t in doc["texts"]} == {"resolution"}
    assert (tmp_path / "l.png").stat().st_size > 1000


def test_cosponsorship_network_china_and_russia(spons):
    """China and Russia are named together as main sponsors more often than any other pair with China."""
    from rightsregime.analysis.leadership import co_sponsors, cosponsorship_pairs

    edges = cosponsorship_pairs(spons)
    with_china = edges[(edges["state"] == "CHN") | (edges["partner"] == "CHN")]
    top = with_china.iloc[0]
    assert {top["state"], top["partner"]} == {"CHN", "RUS"}
    assert co_sponsors(spons, "CHN").iloc[0]["iso3"] == "RUS"
    assert top["n_texts"] == co_sponsors(spons, "CHN").iloc[0]["n_texts"]
