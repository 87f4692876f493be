"""The comparison page and the alignment map in a real browser (Debian's chromium, headless, via Playwright): a state
and its neighbours with both charts loaded, readable on a phone, the form, and a table downloaded.
Screenshots are kept under test-output/screenshots/.

Fixtures (the server on loopback, chromium's path and flags) are those of test_browser.py; facts
of the record (China signed the ICCPR in 1998 and has not ratified it) as in test_web_compare.py.
"""
from __future__ import annotations

import csv
import io

import pytest

from test_browser import SHOTS, server  # noqa: F401  (server is a fixture)
from test_browser_state import _charts_loaded, _open, browser  # noqa: F401  (browser is a fixture)


@pytest.mark.parametrize("width", [1200, 390])
def test_china_and_its_neighbours(browser, server, width):  # noqa: F811
    context, page, response, errors = _open(browser, server + "/compare?neighbours=CHN", width)
    assert response.status == 200
    assert "Eastern Asia" in page.locator("p.lead").inner_text()
    assert page.locator("figure img").count() == 2 and _charts_loaded(page) == []
    iccpr = page.locator("#treaties ~ div table tr", has_text="ICCPR").first.inner_text()
    assert "\ts\t" in iccpr  # China: signed only
    assert errors == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1  # tables scroll inside
    page.screenshot(path=str(SHOTS / f"compare-CHN-neighbours-{width}.png"), full_page=True)
    context.close()


def test_the_form_compares_named_states_and_a_table_downloads(browser, server):  # noqa: F811
    context, page, response, errors = _open(browser, server + "/compare", 1200)
    page.get_by_label("States", exact=True).fill("India, Pakistan, Bangladesh")
    page.get_by_label("Votes of").select_option("GA")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_load_state("networkidle")
    assert "states=" in page.url and page.locator("h1").inner_text() == "Compare: India, Pakistan, Bangladesh"
    assert _charts_loaded(page) == []
    with page.expect_download() as info:
        page.locator("a.download").first.click()
    rows = list(csv.DictReader(io.StringIO(open(info.value.path(), encoding="utf-8").read())))
    assert [r["iso3"] for r in rows] == ["IND", "PAK", "BGD"]
    assert errors == []
    context.close()


@pytest.mark.parametrize("width", [1200, 390])
def test_alignment_map_between_two_poles(browser, server, width):  # noqa: F811
    """The alignment map (/poles): the chart loads, the table lists France with the United States
    (France voted with it on the Council of 2016-2022: test_poles.py), nothing scrolls sideways."""
    context, page, response, errors = _open(browser, server + "/poles?body=HRC&years=2016-2022", width)
    assert response.status == 200 and _charts_loaded(page) == []
    assert "France" in page.locator("table").inner_text()
    assert errors == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    page.screenshot(path=str(SHOTS / f"poles-HRC-2016-2022-{width}.png"), full_page=True)
    context.close()
