"""The timing preamble the benchmark scripts share (benchmarks/_timing.py)."""
from __future__ import annotations

import csv
from dataclasses import dataclass

import pytest


@pytest.fixture
def t(benchmark_module):
    return benchmark_module("_timing")


def test_timed_runs_each_repeat_and_keeps_the_result(t):
    calls = []
    run = t.timed(lambda: calls.append(1) or len(calls), 3)
    assert len(run.times) == 3 and calls == [1, 1, 1] and run.result == 3
    assert run.best <= run.median and run.peak_mb is None


def test_traced_peak_sees_a_known_allocation_in_an_extra_untimed_run(t):
    """A 40 MiB buffer allocated inside the function shows as at least 40 MiB of traced peak."""
    calls = []
    run = t.timed(lambda: calls.append(bytearray(40 * 2**20)) and None, 1, traced_peak=True)
    assert len(calls) == 2 and len(run.times) == 1
    assert 40 <= run.peak_mb < 200


def test_ratio_line_and_missing_sides(t):
    assert t.ratio_line("baseline / vectorised", 112.0, 0.42) == "ratio baseline / vectorised: 267x"
    assert t.ratio_line("x", 1.5, 0.6, digits=1, note="sampled") == "ratio x: 2.5x (sampled)"
    assert t.ratio_line("x", float("nan"), 1.0) == "ratio x: n/a"
    assert t.ratio(1.0, 0.0) is None


def test_machine_line_and_rows_to_csv(t, tmp_path):
    assert t.machine_line().startswith("machine: load average (1, 5, 15 min) ")
    assert t.peak_rss_mb() > 10  # a Python process with pytest loaded holds more than 10 MB

    @dataclass(frozen=True)
    class Row:
        what: str
        seconds: float

    out = tmp_path / "rows.csv"
    t.write_rows(out, [Row("a", 1.5), Row("b", 2.0)])
    assert list(csv.DictReader(out.open())) == [{"what": "a", "seconds": "1.5"},
                                                {"what": "b", "seconds": "2.0"}]
    t.write_rows(None, [Row("a", 1.5)])  # no path: nothing written, no error
