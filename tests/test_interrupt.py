"""A build stopped by SIGINT, SIGTERM or SIGKILL at each point of its life leaves the previous
warehouse byte-identical, exits with the conventional code and message, and leaves nothing
behind once the next build has started.

Each case runs a real build of the real sources in a subprocess and stops it at a known point
with the build's test hook (``RIGHTSREGIME_TEST_PAUSE_AT``: the build writes a marker file and
waits there): ``before-temp`` (started, no temporary file yet), ``writing`` (every source parsed,
the temporary warehouse half written) and ``swap`` (the new warehouse complete, just before
``os.replace``). Exit codes are the shell's: 130 for Ctrl-C (128 + SIGINT), 143 for SIGTERM
(128 + 15). A full build takes about 10 s of CPU, so the cases that need one are the few that
differ: SIGTERM unwinds through the same path as SIGINT (its handler raises KeyboardInterrupt).
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest



def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def start_build(target: Path, stage: str, marker: Path, sources: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RIGHTSREGIME_")}
    env.update(RIGHTSREGIME_SOURCES=str(sources), RIGHTSREGIME_TEST_PAUSE_AT=stage,
               RIGHTSREGIME_TEST_PAUSE_FILE=str(marker), MPLBACKEND="Agg")
    return subprocess.Popen([sys.executable, "-m", "rightsregime", "build", "-q", "--db", str(target)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_for(marker: Path, proc: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if proc.poll() is not None:
            pytest.fail(f"the build ended before reaching the pause point: {proc.stderr.read()}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the build never reached the pause point")
        time.sleep(0.1)


@pytest.fixture
def previous(warehouse_path, tmp_path) -> Path:
    """A copy of the session's warehouse: the 'previous' one a new build would replace."""
    folder = tmp_path / "warehouse"
    folder.mkdir()
    target = folder / "rightsregime.duckdb"
    shutil.copyfile(warehouse_path, target)
    return target


INT = (signal.SIGINT, 130, "Interrupted.")
TERM = (signal.SIGTERM, 143, "Terminated.")


@pytest.mark.slow
@pytest.mark.parametrize("stage, sig, code, message", [
    ("before-temp", *INT), ("writing", *INT), ("swap", *INT),
    ("before-temp", *TERM), ("swap", *TERM),
])
def test_interrupted_build_keeps_previous_warehouse_and_cleans_up(previous, tmp_path, sources, stage,
                                                                   sig, code, message):
    before = sha256(previous)
    marker = tmp_path / "paused"
    proc = start_build(previous, stage, marker, sources)
    wait_for(marker, proc)
    if stage != "before-temp":  # the temporary file exists at these points
        assert any(p.name.startswith(".rightsregime.duckdb.building-") for p in previous.parent.iterdir())
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == code
    assert err.strip().splitlines()[-1] == message and "Traceback" not in err
    assert sha256(previous) == before
    # The unwinding removed the temporary file and its log: only the warehouse is left.
    assert sorted(p.name for p in previous.parent.iterdir()) == ["rightsregime.duckdb"]


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["before-temp", "writing"])
def test_killed_build_keeps_previous_warehouse_and_next_build_removes_its_leftovers(
        previous, tmp_path, sources, stage):
    before = sha256(previous)
    marker = tmp_path / "paused"
    proc = start_build(previous, stage, marker, sources)
    wait_for(marker, proc)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    assert sha256(previous) == before
    leftovers = sorted(p.name for p in previous.parent.iterdir() if p.name != "rightsregime.duckdb")
    if stage == "before-temp":
        assert leftovers == []
    else:  # SIGKILL cannot be caught: its temporary file stays until the next build starts
        assert leftovers and all(f".building-{proc.pid}" in name for name in leftovers)
    # The next build removes them first, even one that then fails (here: no sources at all).
    from rightsregime.errors import SourceFileMissing
    from rightsregime.warehouse.build import build

    empty = tmp_path / "no-sources"
    empty.mkdir()
    with pytest.raises(SourceFileMissing):
        build(previous, sources_dir=empty)
    assert sorted(p.name for p in previous.parent.iterdir()) == ["rightsregime.duckdb"]
    assert sha256(previous) == before


def test_temporaries_of_a_running_build_are_kept(tmp_path):
    """Only files whose process is gone are stale: this process is alive, its file stays."""
    from rightsregime.warehouse.build import remove_stale_temporaries

    target = tmp_path / "rightsregime.duckdb"
    alive = tmp_path / f".rightsregime.duckdb.building-{os.getppid()}"
    alive.write_bytes(b"in progress")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".rightsregime.duckdb.building-{dead.pid}"
    stale.write_bytes(b"left by a killed build")
    stale_wal = tmp_path / f".rightsregime.duckdb.building-{dead.pid}.wal"
    stale_wal.write_bytes(b"log")
    other = tmp_path / ".other.duckdb.building-1"
    other.write_bytes(b"another warehouse's")
    removed = remove_stale_temporaries(target)
    assert sorted(removed) == sorted([stale, stale_wal])
    assert alive.exists() and other.exists()


PARSE_STOPPED = r"""
import os, signal, sys, threading
from pathlib import Path

import pyreadr

from rightsregime.errors import stop_requested
from rightsregime.sources import unvotes

path, how = Path(sys.argv[1]), sys.argv[2]
# Ctrl-C half a second into the parse of un_votes.rda (about 3 s of C code calling back into
# Python), sent from another thread as a terminal's would reach any thread of the process.
threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT)).start()
try:
    if how == "reader":
        unvotes._read_rda(path, ("rcid", "country", "vote"))
    else:
        pyreadr.read_r(str(path))
    print("read to the end")
except KeyboardInterrupt:
    print("interrupted", stop_requested())
except Exception as exc:
    print("failed", type(exc).__name__)
"""


def test_ctrl_c_during_the_ga_parse_is_an_interruption_without_cython_noise(sources):
    """pyreadr's Cython callbacks cannot pass a KeyboardInterrupt on: raised inside one, it is
    printed to stderr as a traceback and "Exception ignored in ..." and the parse fails as if the
    file were damaged (the bare pyreadr.read_r below). The GA reader defers the stop to the end of
    the parse (errors.interrupts_deferred): it is then an ordinary interruption, noted as a stop,
    with nothing on stderr."""
    rda = sources / "unvotes" / "data" / "un_votes.rda"
    env = {k: v for k, v in os.environ.items() if not k.startswith("RIGHTSREGIME_")}

    def run(how):
        return subprocess.run([sys.executable, "-c", PARSE_STOPPED, str(rda), how], env=env,
                              capture_output=True, text=True, timeout=300)

    bare = run("pyreadr")
    assert "Exception ignored in" in bare.stderr and bare.stdout.strip() != "read to the end"
    ours = run("reader")
    assert ours.stdout.strip() == "interrupted True"
    assert ours.stderr == ""
