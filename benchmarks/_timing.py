"""The timing preamble every benchmark shares: repeats, best and median, peak memory, the
machine's load, the side-by-side ratio and the CSV of result rows.

A benchmark script imports it as ``from _timing import timed, ...`` (Python puts the script's own
folder first on ``sys.path``). Wall times are taken with ``time.perf_counter`` after a
``gc.collect()``; peak memory is measured on one extra run under ``tracemalloc``, never on a timed
run, because tracing slows numpy and pandas down several times. The load average is printed
beside the figures because this project's machines are shared: a figure taken at a load of 8 on
2 cores is an upper bound, and says so.
"""
from __future__ import annotations

import csv
import gc
import os
import resource
import statistics
import time
import tracemalloc
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable, Iterable


@dataclass(frozen=True)
class Timing:
    """Wall seconds of each timed run, the last run's result, and (when traced) the peak MB."""

    times: tuple[float, ...]
    result: Any
    peak_mb: float | None = None

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def timed(fn: Callable[[], Any], repeat: int = 3, *, traced_peak: bool = False) -> Timing:
    """Run ``fn`` ``repeat`` times (at least once), each after ``gc.collect()``; with
    ``traced_peak``, one more untimed run under tracemalloc gives the peak Python memory (MB)."""
    times, result = [], None
    for _ in range(max(1, repeat)):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    peak = None
    if traced_peak:
        gc.collect()
        tracemalloc.start()
        try:
            fn()
            peak = tracemalloc.get_traced_memory()[1] / 2**20
        finally:
            tracemalloc.stop()
    return Timing(tuple(times), result, peak)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (``ru_maxrss`` is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ratio(baseline: float | None, figure: float | None) -> float | None:
    """How many times longer the baseline takes; None when either is missing or zero."""
    if not baseline or not figure or baseline != baseline or figure != figure:
        return None
    return baseline / figure


def ratio_line(label: str, baseline: float | None, figure: float | None, *, digits: int = 0,
               note: str = "") -> str:
    """``ratio LABEL: 267x`` (``n/a`` when a side failed), with an optional note in brackets."""
    r = ratio(baseline, figure)
    text = "n/a" if r is None else f"{r:,.{digits}f}x"
    return f"ratio {label}: {text}" + (f" ({note})" if note else "")


def machine_line() -> str:
    """The load average and core count, and this process's peak resident memory so far."""
    one, five, fifteen = os.getloadavg()
    return (f"machine: load average (1, 5, 15 min) {one:.1f} {five:.1f} {fifteen:.1f} on "
            f"{os.cpu_count()} cores; peak resident memory of this run {peak_rss_mb():,.0f} MB")


def write_rows(path: str | os.PathLike | None, rows: Iterable[Any]) -> None:
    """Write result rows (dataclasses) to CSV, one column per field; nothing when no path."""
    rows = list(rows)
    if not path or not rows:
        return
    with Path(path).open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(asdict(rows[0])))
        writer.writeheader()
        writer.writerows(asdict(r) for r in rows)
