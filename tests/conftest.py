"""Shared fixtures: the warehouse is built once per test session from the real sources."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def sources_dir() -> Path:
    env = os.environ.get("RIGHTSREGIME_SOURCES")
    path = Path(env) if env else REPO.parent / "shared" / "data"
    if not path.is_absolute():
        path = (Path.cwd() / path).resolve()
    return path


@pytest.fixture(scope="session")
def sources() -> Path:
    path = sources_dir()
    if not path.exists():
        pytest.exit(f"Source mirror not found at {path}: set RIGHTSREGIME_SOURCES", returncode=4)
    return path


@pytest.fixture(scope="session")
def warehouse_path(tmp_path_factory, sources) -> Path:
    """A warehouse built once from the mirror (the real build, not a fake)."""
    from rightsregime.warehouse.build import build

    db = tmp_path_factory.mktemp("warehouse") / "rightsregime.duckdb"
    build(db, sources_dir=sources, progress=False)
    return db


@pytest.fixture(scope="session")
def reg(warehouse_path):
    import rightsregime as rr

    regime = rr.open(warehouse_path)
    yield regime
    regime.close()


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch, sources):
    """Each test sees only the mirror setting, not the developer's own RIGHTSREGIME_* variables."""
    for key in list(os.environ):
        if key.startswith("RIGHTSREGIME_"):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("RIGHTSREGIME_SOURCES", str(sources))


@pytest.fixture(scope="session")
def parse_source(sources):
    """Parse a source module's files from the mirror once per session: ``parse_source(unvotes)``."""
    from rightsregime.sources._fetch import locate

    cache = {}

    def parse(module):
        if module.SOURCE.name not in cache:
            cache[module.SOURCE.name] = module.parse(locate(module.SOURCE, sources))
        return cache[module.SOURCE.name]

    return parse


@pytest.fixture
def copy_source(sources, tmp_path):
    """Copy a source's files from the mirror so a test can damage the copy, never the mirror:
    ``copy_source(hrc_voting)`` (into ``tmp_path``) or ``copy_source(module, into=folder)`` returns
    ``{file name in the registry: path of the copy}``."""
    import shutil

    def copy(module, into: Path | None = None) -> dict[str, Path]:
        paths = {}
        for f in module.SOURCE.files:
            target = (into or tmp_path) / module.SOURCE.name / f.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(sources / module.SOURCE.name / f.name, target)
            paths[f.name] = target
        return paths

    return copy


def cut_file(path: Path, share: float = 0.5, *, by: str = "auto") -> None:
    """Keep the first ``share`` of a file, as a download cut short would: of its lines (LF, or CR
    in the old-Mac UPR files), each kept whole, or of its bytes (``by="bytes"``, and always for a
    binary file or a file of one line)."""
    data = path.read_bytes()
    end = b"\n" if data.count(b"\n") > 2 else b"\r" if data.count(b"\r") > 2 else None
    if by == "bytes" or end is None or path.suffix in (".rda", ".sqlite3"):
        path.write_bytes(data[: int(len(data) * share)])
        return
    lines = data.split(end)
    path.write_bytes(end.join(lines[: int(len(lines) * share)]) + end)


@pytest.fixture(name="cut_file", scope="session")
def cut_file_fixture():
    """``cut_file(path, share=0.5, by="auto"|"bytes")``: see :func:`cut_file`."""
    return cut_file


@pytest.fixture(scope="session")
def benchmark_module():
    """Load a script of benchmarks/ as a module: ``benchmark_module("_timing")``. Its folder goes on
    ``sys.path`` as when the script runs, so its own ``from _timing import ...`` works."""
    import importlib.util
    import sys

    folder = REPO / "benchmarks"

    def load(name: str):
        if str(folder) not in sys.path:
            sys.path.append(str(folder))
        spec = importlib.util.spec_from_file_location(f"bench_{name.lstrip('_')}", folder / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
        return module

    return load


@pytest.fixture
def cli(capsys, monkeypatch, tmp_path, warehouse_path):
    """Run ``rightsregime ARGS`` in-process in an empty folder: (exit code, stdout, stderr)."""
    from rightsregime.cli import main

    monkeypatch.setenv("RIGHTSREGIME_DB", str(warehouse_path))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.chdir(tmp_path)

    def run(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            main([str(a) for a in argv])
            code = 0
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture(scope="module")
def client(warehouse_path):
    """The observatory over the test warehouse, served in-process."""
    from fastapi.testclient import TestClient

    from rightsregime.web import create_app

    with TestClient(create_app(warehouse_path), raise_server_exceptions=False) as c:
        yield c
