"""The scope of every decision worked out once by the build (``decision_scopes``, issue 9): the same
answers as classifying on each call, which `decisions --concerning` and `votes --scope` did."""
from __future__ import annotations

import pandas as pd
import pytest

from rightsregime.procedure.classify import classify_frame
from rightsregime.procedure.replay import state_gazetteer
from rightsregime.resources import warehouse


def _live(reg, decisions):
    return classify_frame(decisions, state_gazetteer(reg.state_name_pairs()))


def test_the_built_scopes_are_the_classifiers_for_every_decision(reg):
    """Each of the warehouse's decisions (13,000 and more: GA, SC, HRC, CHR) has the scope, reason
    and states that procedure/classify.py gives it now."""
    decisions = reg.decisions()
    built = reg.decision_scopes(decisions)
    assert built is not None and len(built) == len(decisions) > 13_000
    pd.testing.assert_frame_equal(built.reset_index(drop=True), _live(reg, decisions).reset_index(drop=True),
                                  check_dtype=False)


@pytest.mark.parametrize("state", ["LKA", "MMR", "PRK", "ISR"])
def test_concerning_keeps_the_same_decisions_as_live_classification(reg, state):
    """`decisions --concerning X` lists exactly the decisions the classifier names X in, for Sri
    Lanka, Myanmar, the DPRK and Israel (each the subject of a series of country texts)."""
    from rightsregime.analysis.record import select, with_scope

    decisions = reg.decisions()
    expected = set(select(with_scope(decisions, _live(reg, decisions)), concerning=state)["symbol"])
    got = set(warehouse.decisions(reg, concerning=state, limit=0)["decisions"]["symbol"])
    assert got == expected and len(got) >= 5


def test_sri_lankas_council_resolutions_are_found(reg):
    """The Council's resolutions on Sri Lanka: A/HRC/RES/19/2 (2012), 22/1 (2013), 25/1 (2014),
    30/1 (2015), 34/1 (2017), 40/1 (2019), 46/1 (2021), 51/1 (2022) (OHCHR press releases of
    those sessions); those held are all found concerning LKA, and every text found names LKA."""
    found = warehouse.decisions(reg, concerning="LKA", body="HRC", limit=0)["decisions"]
    series = {f"A/HRC/RES/{n}/1" for n in (22, 25, 30, 34, 40, 46, 51)} | {"A/HRC/RES/19/2"}
    held = set(reg.decisions(body="HRC")["symbol"]) & series
    assert len(held) >= 6 and held <= set(found["symbol"])
    assert found["concerning"].str.contains("LKA").all()


def test_a_changed_classifier_is_not_served_stale_scopes(reg, monkeypatch):
    """When the classifier's code or lists differ from those of the build (its fingerprint), the
    table is not used and the answer is classified live: the same decisions all the same."""
    from rightsregime.warehouse import scopes

    before = set(warehouse.decisions(reg, concerning="MMR", limit=0)["decisions"]["symbol"])
    monkeypatch.setattr(scopes, "fingerprint", lambda: "edited-since-the-build")
    assert reg.decision_scopes(reg.decisions(body="HRC")) is None
    assert set(warehouse.decisions(reg, concerning="MMR", limit=0)["decisions"]["symbol"]) == before


def test_a_warehouse_built_before_the_table_still_answers_and_exports(warehouse_path, tmp_path):
    """A warehouse of the same schema built before `decision_scopes` existed (here: a copy with the
    table and its stamp removed) answers `--concerning LKA` with the same decisions, classified
    live; `export` writes every table it holds; asking for the missing table by name is a data
    fault (exit 1) that says to rebuild."""
    import shutil

    import duckdb

    import rightsregime as rr
    from rightsregime.errors import WarehouseError
    from rightsregime.warehouse.export import export_tables

    with rr.open(warehouse_path) as current:
        expected = set(warehouse.decisions(current, concerning="LKA", limit=0)["decisions"]["symbol"])
    old = tmp_path / "old.duckdb"
    shutil.copy(warehouse_path, old)
    con = duckdb.connect(str(old))
    con.execute("DROP TABLE decision_scopes")
    con.execute("DELETE FROM meta WHERE key = 'classifier'")
    con.close()
    with rr.open(old) as reg:
        assert reg.decision_scopes(reg.decisions(body="HRC")) is None
        assert set(warehouse.decisions(reg, concerning="LKA", limit=0)["decisions"]["symbol"]) == expected
        written = export_tables(reg, tmp_path / "out", "csv")
        assert "decision_scopes.csv" not in {p.name for p in written} and len(written) > 30
        with pytest.raises(WarehouseError, match="rightsregime build") as err:
            export_tables(reg, tmp_path / "out2", "csv", tables=["decision_scopes"])
        assert err.value.exit_code == 1
