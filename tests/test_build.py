"""The build: every row accounted for, repeatable, atomic, and a clear stop on a bad source file."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from rightsregime.errors import HashMismatch, SourceFileMissing
from rightsregime.warehouse.build import build, check_balanced
from rightsregime.warehouse.schema import TABLES


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _mirror_with(tmp_path: Path, sources: Path, source: str, file: str, change) -> Path:
    """A mirror that links every source folder except one file, which `change` alters."""
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    for folder in sources.iterdir():
        if folder.is_dir() and folder.name != source:
            (mirror / folder.name).symlink_to(folder)
    shutil.copytree(sources / source, mirror / source)
    target = mirror / source / file
    target.chmod(0o644)
    change(target)
    return mirror


def test_every_source_row_is_loaded_merged_or_quarantined(reg):
    summary = reg.load_summary()
    assert len(summary) >= 10
    assert check_balanced(summary).empty, check_balanced(summary).to_string()
    # the quarantine table holds exactly the rows the summary counts
    q = reg.sql("SELECT source, count(*) AS n FROM quarantine GROUP BY source")
    counted = dict(zip(summary["source"], summary["quarantined"]))
    for source, n in zip(q["source"], q["n"]):
        assert counted[source] == n


def test_rebuild_gives_the_same_tables(warehouse_path, sources, tmp_path):
    again = tmp_path / "again.duckdb"
    build(again, sources_dir=sources)
    a = duckdb.connect(str(warehouse_path), read_only=True)
    b = duckdb.connect(str(again), read_only=True)
    try:
        for table in TABLES:
            if table in ("meta", "load_summary"):
                continue
            q = f'SELECT count(*), coalesce(sum(hash(t)), 0) FROM (SELECT * FROM "{table}") t'
            assert a.execute(q).fetchone() == b.execute(q).fetchone(), table
    finally:
        a.close()
        b.close()


@pytest.mark.parametrize(
    "source, file, change, error",
    [
        ("hrc-voting", "dashboard/data.js", lambda p: p.write_bytes(p.read_bytes()[: 100_000]), HashMismatch),
        ("upr-terman", "v.2/Data/CSVs/1-5.csv",
         lambda p: p.write_bytes(p.read_bytes().decode("latin-1").encode("utf-8")), HashMismatch),
        ("unvotes", "data/un_votes.rda", lambda p: p.unlink(), SourceFileMissing),
    ],
    ids=["truncated", "re-encoded", "missing"],
)
def test_bad_source_file_stops_build_and_keeps_previous_warehouse(
        warehouse_path, sources, tmp_path, source, file, change, error):
    mirror = _mirror_with(tmp_path, sources, source, file, change)
    db = tmp_path / "kept.duckdb"
    shutil.copy(warehouse_path, db)
    before = _sha(db)
    with pytest.raises(error, match=f"{source}/{file}"):
        build(db, sources_dir=mirror)
    assert _sha(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.duckdb", "mirror"]


def test_cli_build_with_bad_file_prints_one_line_and_exits_1(sources, tmp_path):
    mirror = _mirror_with(tmp_path, sources, "hrc-voting", "data/csv/resolutions.csv",
                          lambda p: p.write_bytes(p.read_bytes()[:-10]))
    proc = subprocess.run([sys.executable, "-m", "rightsregime", "build", "--quiet", "--sources", str(mirror),
                           "--db", str(tmp_path / "x.duckdb")], capture_output=True, text=True)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: hrc-voting/data/csv/resolutions.csv: sha256")
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "x.duckdb").exists()
