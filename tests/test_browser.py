"""The observatory in a real browser: Debian's chromium, headless, driven by Playwright.

A user finds how a state voted, filters the explorer, changes a vote in the simulator and sees
the outcome change, and downloads a table. A screenshot of each page is kept under
test-output/screenshots/ to be looked at.
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[1] / "test-output" / "screenshots"
# Flags that keep chromium off the network on a closed machine (it would otherwise try Google's hosts).
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("chromium is not installed: .ci/run must install Debian's chromium")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def server(warehouse_path):
    import uvicorn

    from rightsregime.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(warehouse_path), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True)
        pg = context.new_page()
        pg.set_default_timeout(20_000)
        yield pg
        browser.close()


@pytest.mark.parametrize("name, path, expect", [
    ("home", "/", "What the data covers"),
    ("state", "/state/CHN", "China (CHN)"),
    ("decision", "/decision/A/HRC/RES/37/23", "Promoting mutually beneficial cooperation"),
    ("explorer", "/decisions?body=HRC&years=2018", "decisions"),
    ("simulator", "/simulate?symbol=A/HRC/RES/17/19", "Outcome"),
    ("sources", "/sources", "Quarantine"),
    ("topics", "/topics", "How texts were adopted"),
    ("topic", "/topic/SRI LANKA", "Topic: Sri Lanka"),
    ("not-found", "/state/CHI", "Did you mean"),
])
def test_each_page_loads(page, server, name, path, expect):
    response = page.goto(server + path)
    assert response.status == (404 if name == "not-found" else 200)
    assert expect in page.content()
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_search_then_open_a_state(page, server):
    page.goto(server + "/")
    page.get_by_label("Find a state, a decision (symbol or words) or a subject").fill("Sri Lanka")
    page.get_by_role("button", name="Search").last.click()
    page.get_by_role("link", name="Sri Lanka").first.click()
    assert "/state/LKA" in page.url and "Sri Lanka (LKA)" in page.content()


def test_explorer_filter_narrows_the_table(page, server, reg):
    page.goto(server + "/decisions")
    page.get_by_label("Body").select_option("HRC")
    page.get_by_label("Years").fill("2021")
    page.get_by_label("Outcome").select_option("rejected")
    page.get_by_role("button", name="Filter").click()
    expected = len(reg.decisions(body="HRC", years="2021", outcome="rejected"))
    assert f"<strong>{expected}</strong> decisions" in page.content()


def test_simulator_vote_change_flips_the_outcome(page, server):
    """A/HRC/RES/17/19 was adopted 23-19-3; two members switching yes -> no reject it."""
    page.goto(server + "/simulate?symbol=A/HRC/RES/17/19&rules=hrc")
    assert page.locator("#outcome").inner_text() == "adopted"
    yes = [s for s in page.locator(".positions select").all() if s.input_value() == "yes"][:2]
    for select in yes:
        select.select_option("no")
    page.locator("#recompute").click()
    assert page.locator("#outcome").inner_text() == "rejected"
    page.screenshot(path=str(SHOTS / "simulator-changed.png"), full_page=False)


def test_download_the_explorer_csv(page, server, reg):
    page.goto(server + "/decisions?body=HRC&years=2018")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download CSV").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert text.count("\n") == len(reg.decisions(body="HRC", years="2018")) + 1
