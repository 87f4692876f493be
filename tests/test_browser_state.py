"""The state and blocs pages in a real browser (Debian's chromium, headless, via Playwright):
every chart is an SVG that loads, no console error, readable at laptop and phone width (390 px).
Screenshots are kept under test-output/screenshots/ to be looked at.

Fixtures (the server on loopback, chromium's path and flags) are those of test_browser.py.
"""
from __future__ import annotations

import pytest

from test_browser import ARGS, CHROMIUM, SHOTS, server  # noqa: F401  (server is a fixture)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


def _open(browser, url: str, width: int):
    """A page at ``width`` px whose console errors and failed requests are collected."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)  # a cold state page fits the GA ideal points once (about 10 s)
    errors = []
    # A response >= 400 is named by its URL (the console only says "Failed to load resource"); the
    # browser's own request for /favicon.ico is not the page's doing.
    page.on("response", lambda r: errors.append(f"{r.status}: {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    page.on("console", lambda m: errors.append(m.text)
            if m.type == "error" and "Failed to load resource" not in m.text else None)
    page.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))
    response = page.goto(url, wait_until="networkidle")
    return context, page, response, errors


@pytest.fixture(scope="module")
def fitted(server, warehouse_path):  # noqa: F811
    """The GA ideal-point fit, made in the server's background thread, is ready."""
    import urllib.request

    from rightsregime.web.pages.state import FITS

    urllib.request.urlopen(server + "/api/state/CHN", timeout=120).read()  # starts it if needed
    FITS.wait(warehouse_path, "GA")


def _charts_loaded(page) -> list[str]:
    """The src of every chart image that did not load as a picture (naturalWidth 0)."""
    return page.eval_on_selector_all("figure img", "imgs => imgs.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")


@pytest.mark.parametrize("width", [1200, 390])
def test_state_page_charts_render(browser, server, fitted, width):  # noqa: F811
    """China's page: membership, ratifications, agreement, ideal points and engagement charts all
    load; the membership line names its HRC years (China was elected in 2006 and sat every year
    but 2013 and 2020, when term limits kept it off: hrc-voting membership)."""
    context, page, response, errors = _open(browser, server + "/state/CHN", width)
    assert response.status == 200
    assert page.locator("figure img").count() == 7  # membership, ratifications, positions, agreement, ideal points, map, engagement
    assert _charts_loaded(page) == []
    assert "2006-2012, 2014-2019, 2021-2026" in page.locator("#membership ~ div").first.inner_text()
    assert errors == []
    # Nothing wider than the screen on a phone: the page does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    page.screenshot(path=str(SHOTS / f"state-CHN-{width}.png"), full_page=True)
    context.close()


@pytest.mark.parametrize("width", [1200, 390])
def test_blocs_page_charts_render(browser, server, width):  # noqa: F811
    context, page, response, errors = _open(browser, server + "/blocs?body=HRC&years=2016-2022", width)
    assert response.status == 200
    assert _charts_loaded(page) == [] and page.locator("figure img").count() == 2
    assert errors == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    # The network keeps a readable size on a phone (its 12-unit codes drawn at 11 px or more in a
    # 760-unit picture): its box scrolls sideways instead of shrinking it to the screen.
    drawn = page.eval_on_selector("img.network", "i => i.getBoundingClientRect().width")
    assert drawn * 12 / 760 >= 11 if width < 700 else drawn <= width
    page.screenshot(path=str(SHOTS / f"blocs-HRC-2016-2022-{width}.png"), full_page=True)
    context.close()


def test_blocs_form_changes_the_period(browser, server):  # noqa: F811
    """Choosing the Commission and 2000-2005 in the form shows that body and period."""
    context, page, response, errors = _open(browser, server + "/blocs", 1200)
    page.get_by_label("Body").select_option("CHR")
    page.get_by_label("Years").fill("2000-2005")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state("networkidle")
    assert "body=CHR" in page.url and "Voting blocs: CHR 2000-2005" in page.content()
    assert _charts_loaded(page) == []
    context.close()
