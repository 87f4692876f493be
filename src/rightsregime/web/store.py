"""Period-level results kept on disk beside the warehouse, so that a restarted server or a second
worker process reads them instead of computing them again.

What is kept: the GA ideal-point fit behind every state page (7 s of CPU on a quiet machine, about
25 s under load) and the blocs pages of the default selection (5-8 s: communities at several scales
over resamples), with the network chart. Nothing about a user.

Where: a folder ``<warehouse file>.results/`` next to the warehouse (the warehouse itself stays
read-only). Each file's name carries the warehouse's build key (a hash of its ``meta`` table: when
it was built, from which source files, by which version of rightsregime), so a rebuilt warehouse
never reads a result of the one before; files of other builds are removed when a new one is
written. Writes are atomic (a temporary file renamed into place), so two workers writing the same
result at once, or a server stopped mid-write, never leave a half-written file. A folder that cannot
be written (a read-only deployment) only means the results are computed in memory, as before.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger("rightsregime.web")

# Files kept per build at most (the default pages of each body and the fit; a user asking for other
# periods gets them computed in memory and kept on disk too, up to this bound).
MAX_FILES = 64


def build_key(reg) -> str:
    """16 hex digits identifying the warehouse's build: its ``meta`` table (build time, source file
    counts, schema and package versions)."""
    meta = sorted(reg.meta().items())
    return hashlib.sha256(json.dumps(meta).encode()).hexdigest()[:16]


class PeriodStore:
    """Results by name, on disk under ``<warehouse>.results/``, for one build of the warehouse."""

    def __init__(self, warehouse_path: str | Path, key: str):
        path = Path(warehouse_path)
        self.dir = path.with_name(path.name + ".results")
        self.key = key
        self.reads = 0  # results read from disk (tests and benchmarks count them)
        self.writes = 0

    def _file(self, name: tuple, suffix: str) -> Path:
        label = "-".join(str(p) for p in name if p is not None)
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in label)[:60]
        digest = hashlib.sha256(repr(name).encode()).hexdigest()[:12]
        return self.dir / f"{self.key}.{safe}.{digest}{suffix}"

    # -- the three kinds of results -----------------------------------------------------------
    def json(self, name: tuple, build: Callable[[], Any]) -> Any:
        """A plain document (dicts, lists, numbers, strings), read back or built and written."""
        return self._through(name, ".json", build,
                             read=lambda p: json.loads(p.read_text(encoding="utf-8")),
                             write=lambda v, f: f.write(json.dumps(v, default=str).encode("utf-8")))

    def blob(self, name: tuple, build: Callable[[], bytes]) -> bytes:
        """Bytes (a chart)."""
        return self._through(name, ".bin", build, read=lambda p: p.read_bytes(), write=lambda v, f: f.write(v))

    def frame_with_meta(self, name: tuple, build: Callable[[], tuple]) -> tuple:
        """(DataFrame, plain dict) kept as Parquet with the dict in the file's metadata (no pickle:
        reading a result never runs code)."""

        def read(p: Path):
            import pyarrow.parquet as pq

            table = pq.read_table(p)
            meta = json.loads(table.schema.metadata[b"rightsregime"].decode())
            return table.to_pandas(), meta

        def write(value, f):
            import pyarrow as pa
            import pyarrow.parquet as pq

            frame, meta = value
            table = pa.Table.from_pandas(frame, preserve_index=False)
            table = table.replace_schema_metadata({**(table.schema.metadata or {}),
                                                   b"rightsregime": json.dumps(meta).encode()})
            pq.write_table(table, f)

        return self._through(name, ".parquet", build, read=read, write=write)

    # -- plumbing -------------------------------------------------------------------------------
    def _through(self, name, suffix, build, *, read, write):
        path = self._file(name, suffix)
        try:
            value = read(path)
            self.reads += 1
            return value
        except FileNotFoundError:
            pass
        except Exception as exc:  # a damaged or foreign file: computed again and replaced
            log.warning("ignoring %s (%s): computing it again", path, exc)
        with self._building(path):
            try:  # another worker may have written it while this one waited for the lock
                value = read(path)
                self.reads += 1
                return value
            except Exception:
                pass
            value = build()
            self._save(path, value, write)
        return value

    def _building(self, path: Path):
        """A lock across processes while one result is built (two workers starting together compute
        it once; the other then reads the file); none where the folder cannot be written."""
        import contextlib

        try:
            import fcntl

            self.dir.mkdir(exist_ok=True)
            handle = open(self.dir / f".lock-{path.stem}", "a+b")  # one lock per result
        except (ImportError, OSError):
            return contextlib.nullcontext()

        @contextlib.contextmanager
        def held():
            try:
                fcntl.flock(handle, fcntl.LOCK_EX)
                yield
            finally:
                handle.close()  # releases the lock

        return held()

    def _save(self, path: Path, value, write) -> None:
        try:
            self.dir.mkdir(exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".writing-", suffix=path.suffix)
            try:
                with os.fdopen(fd, "wb") as f:
                    write(value, f)
                os.chmod(tmp, 0o644)  # readable like the warehouse beside it (mkstemp makes 0600)
                os.replace(tmp, path)  # atomic: a reader sees the old file or the whole new one
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            self.writes += 1
            self._prune()
        except OSError as exc:  # a read-only folder: the result stays in memory only
            log.warning("cannot keep %s beside the warehouse (%s); it stays in memory", path.name, exc)

    def _prune(self) -> None:
        """Remove the files of other builds, and the oldest of this build beyond :data:`MAX_FILES`."""
        mine = []
        for p in self.dir.iterdir():
            if p.name.startswith(".writing-"):  # being written (by this or another worker)
                continue
            if p.name.startswith(".lock-"):  # the locks of other builds' results go with them
                if not p.name.startswith(f".lock-{self.key}."):
                    p.unlink(missing_ok=True)
            elif not p.name.startswith(self.key + "."):
                p.unlink(missing_ok=True)
            else:
                mine.append(p)
        if len(mine) > MAX_FILES:
            mine.sort(key=lambda p: p.stat().st_mtime)
            for p in mine[:len(mine) - MAX_FILES]:
                p.unlink(missing_ok=True)
