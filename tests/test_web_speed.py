"""The observatory's first views and load (issue 10): what a server computes once, and what it keeps
beside the warehouse. Real warehouse, real pages; counts, never times."""
from __future__ import annotations

import copy
import shutil
import threading

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")


def _cursor(reg):
    """A view of the warehouse with its own DuckDB cursor (what each server request gets)."""
    mine = copy.copy(reg)
    mine.con = reg.con.cursor()
    return mine


def test_concurrent_requests_for_one_cold_decision_page_build_it_once(reg):
    """Single flight: four requests arriving together for the same uncached decision page build it
    once; the others wait and receive the same document. A/HRC/RES/46/1 (Sri Lanka, 23 March 2021)
    was adopted 22-11-14 (PTI via devdiscourse.com, 23 March 2021)."""
    from rightsregime.web.cache import DocumentCache
    from rightsregime.web.pages import decision as decision_page

    cache, built, results = DocumentCache(), [], []
    start = threading.Barrier(4)

    def visitor():
        mine = _cursor(reg)
        start.wait()

        def build():
            built.append(threading.get_ident())
            return decision_page.document(mine, "A/HRC/RES/46/1")

        results.append(cache.get(("decision", "A/HRC/RES/46/1"), build))

    threads = [threading.Thread(target=visitor) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(built) == 1 and cache.builds == 1
    assert len(results) == 4 and all(r is results[0] for r in results)
    chosen = results[0]["tally"]["chosen"]
    assert (chosen["yes"], chosen["no"], chosen["abstain"]) == (22, 11, 14)


def test_a_failed_build_is_not_kept_and_the_next_request_builds_again(reg):
    """An unknown symbol raises (a 404 page) and nothing is cached: the next request tries again.
    A/HRC/RES/37/99 does not exist (the 37th session's resolutions end at 37/41)."""
    from rightsregime.errors import UnknownSymbol
    from rightsregime.web.cache import DocumentCache
    from rightsregime.web.pages import decision as decision_page

    cache = DocumentCache()
    for _ in range(2):
        with pytest.raises(UnknownSymbol):
            cache.get(("decision", "A/HRC/RES/37/99"), lambda: decision_page.document(reg, "A/HRC/RES/37/99"))
    assert cache.builds == 2


def test_texts_voted_the_same_day_share_what_does_not_depend_on_the_text(reg):
    """A/HRC/RES/46/1 and 46/2 were both voted on 23 March 2021 (OHCHR, HRC 46th session
    resolutions): the second page reuses the states, groups, gazetteer and the members' agreement
    over the three years before that day from the process's memo (nothing new built), and shows the
    same switchers as a page built without the memo."""
    from rightsregime.web.cache import DocumentCache
    from rightsregime.web.pages import decision as decision_page

    memo = DocumentCache()
    first = decision_page.document(reg, "A/HRC/RES/46/1", memo)
    built = memo.builds
    assert built >= 5  # states, groups, members, gazetteer, the agreement before 23 March 2021
    second = decision_page.document(reg, "A/HRC/RES/46/2", memo)
    assert memo.builds == built
    assert first["date"] == second["date"] == "2021-03-23"
    alone = decision_page.document(reg, "A/HRC/RES/46/2")
    assert second["switchers"]["nearest"] == alone["switchers"]["nearest"]
    assert second["pivotal"] == alone["pivotal"] and second["under_rules"] == alone["under_rules"]


@pytest.fixture()
def own_warehouse(warehouse_path, tmp_path):
    """A copy of the session's warehouse, so that its results folder and its build can change."""
    target = tmp_path / "rightsregime.duckdb"
    shutil.copy(warehouse_path, target)
    return target


def _rebuilt(path):
    """What a rebuild changes for the results kept beside it: the ``meta`` table (built_at)."""
    import duckdb

    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = '2099-01-01T00:00:00+00:00' WHERE key = 'built_at'")
    con.close()


def test_a_fit_kept_beside_the_warehouse_is_reused_and_dropped_after_a_rebuild(own_warehouse):
    """The Council's ideal points (47 members a year, res 60/251): fitted once and written beside the
    warehouse; a second process (a new store over the same file) reads the same estimates instead of
    fitting; after a rebuild (a new build key) the file of the old build is not read but removed."""
    import pandas as pd

    import rightsregime as rr
    from rightsregime.web.pages.state import stored_fit
    from rightsregime.web.store import PeriodStore, build_key

    with rr.open(own_warehouse) as reg:
        first = stored_fit(reg, "HRC")
        key = build_key(reg)
        kept = sorted(p.name for p in PeriodStore(own_warehouse, key).dir.iterdir() if not p.name.startswith("."))
        assert len(kept) == 1 and kept[0].startswith(key + ".idealpoints-HRC")
        again = PeriodStore(own_warehouse, key)
        estimates, meta = again.frame_with_meta(("idealpoints", "HRC"), lambda: pytest.fail("fitted again"))
        assert again.reads == 1 and meta["data"]["body"] == "HRC"
        pd.testing.assert_frame_equal(estimates, first.data["estimates"])
        per_year = estimates.groupby("year")["iso3"].nunique()
        assert per_year.loc[2021] == 47
    _rebuilt(own_warehouse)
    with rr.open(own_warehouse) as reg:
        assert build_key(reg) != key
        store = PeriodStore(own_warehouse, build_key(reg))
        fitted = []
        store.frame_with_meta(("idealpoints", "HRC"), lambda: fitted.append(1) or (first.data["estimates"], {}))
        assert fitted == [1] and store.reads == 0
        assert not [p for p in store.dir.iterdir() if p.name.startswith(key)]


def test_blocs_api_defaults_to_the_page_period_and_a_new_app_reads_it_from_disk(own_warehouse):
    """``/api/blocs`` without ``years`` answers for the page's default period (HRC 2016-2022); the
    Council had 47 members in each of those years (GA res 60/251), so 47 states are placed in the
    network of 2021. A second app over the same warehouse (a restarted server, a second worker)
    reads the default page from beside the warehouse instead of computing it."""
    from fastapi.testclient import TestClient

    from rightsregime.web import create_app

    app = create_app(own_warehouse)
    with TestClient(app) as c:
        default = c.get("/api/blocs")
        assert default.status_code == 200
        assert (default.json()["body"], default.json()["years"]) == ("HRC", "2016-2022")
        one_year = c.get("/api/blocs?body=HRC&years=2021").json()
        assert one_year["network"]["n_states"] == 47
    assert app.state.store.writes == 2 and app.state.store.reads == 0
    app.state.base.close()
    second = create_app(own_warehouse)
    with TestClient(second) as c:
        assert c.get("/api/blocs?body=HRC&years=2021").json() == one_year
        svg = c.get("/chart/blocs/network.svg?body=HRC&years=2021")
        assert svg.status_code == 200 and b"<svg" in svg.content
    assert second.state.store.reads == 1
    second.state.base.close()
