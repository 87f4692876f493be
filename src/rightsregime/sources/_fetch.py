"""Locate, download and verify source files. Knows no particular source.

Lookup order for each file: the mirror folder (``--sources`` or ``RIGHTSREGIME_SOURCES``), then the
user cache, then a download from the file's pinned public URL into the cache (temp file, verify,
``os.replace``). A file found in a mirror with the wrong hash is an error, never silently replaced:
the mirror is the user's own copy.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .._paths import cache_dir, mirror_dir
from ..errors import HashMismatch, ParseError, SourceFileMissing
from ._base import Source, SourceFile

REGISTRY_DIR = Path(__file__).parent / "registry"


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_registry(source_name: str, base_url: str) -> tuple[SourceFile, ...]:
    """Read ``registry/<source>.txt``: ``name sha256:hex [url]`` per line, ``#`` comments."""
    path = REGISTRY_DIR / f"{source_name}.txt"
    files = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) not in (2, 3) or not parts[1].startswith("sha256:"):
            raise ParseError(
                f"{path}:{lineno}: expected 'name sha256:<hex> [url]', found {line!r}. Fix the registry line.",
                file=str(path), line=lineno,
            )
        name, digest = parts[0], parts[1].removeprefix("sha256:")
        url = parts[2] if len(parts) == 3 else base_url.rstrip("/") + "/" + name
        files.append(SourceFile(name=name, sha256=digest, url=url))
    return tuple(files)


def plan(path: Path, known_hash: str) -> str:
    """What to do with a cached file: ``use`` it, ``download`` it, or ``replace`` it."""
    if not path.exists():
        return "download"
    if path.is_dir():  # a folder where the file belongs: download over it fails, so say so
        raise SourceFileMissing(f"{path} is a folder, not a cached file; remove it and run again.",
                                file=str(path))
    return "use" if file_sha256(path) == known_hash else "replace"


def _mismatch(source: Source, f: SourceFile, path: Path, found: str) -> HashMismatch:
    return HashMismatch(
        f"{source.name}/{f.name}: sha256 {found[:12]}… does not match the registry (expected "
        f"{f.sha256[:12]}…); file not used. Restore the original file, run 'rightsregime sources fetch "
        f"{source.name} --force', or update sources/registry/{source.name}.txt if the source changed.",
        source=source.name, file=str(path),
    )


def locate(
    source: Source,
    sources_dir: Path | None = None,
    *,
    download: bool = True,
    client_factory: Callable | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, Path]:
    """Return a verified local path for every file of ``source``.

    Raises :class:`SourceFileMissing` when a file is nowhere to be found (and download is off or
    fails) and :class:`HashMismatch` when a mirror file has been altered.
    """
    mirror = sources_dir if sources_dir is not None else mirror_dir()
    paths: dict[str, Path] = {}
    for f in source.files:
        if mirror is not None:
            candidate = Path(mirror) / source.name / f.name
            if candidate.is_dir():
                raise SourceFileMissing(
                    f"{source.name}/{f.name}: {candidate} is a folder, not the file; remove it and "
                    f"put the file there (see 'rightsregime sources').",
                    source=source.name, file=str(candidate),
                )
            if candidate.exists():
                found = file_sha256(candidate)
                if found != f.sha256:
                    raise _mismatch(source, f, candidate, found)
                paths[f.name] = candidate
                continue
            # A mirror named by --sources or RIGHTSREGIME_SOURCES is the user's choice: a file
            # missing from it is reported as such, not downloaded behind their back.
            how = "--sources" if sources_dir is not None else "RIGHTSREGIME_SOURCES"
            raise SourceFileMissing(
                f"{source.name}/{f.name}: missing from the mirror {Path(mirror) / source.name} "
                f"(named by {how}). Put the file there (see 'rightsregime sources'), or "
                f"{'drop --sources' if how == '--sources' else 'unset RIGHTSREGIME_SOURCES'} "
                "to use the user cache and download it.",
                source=source.name, file=str(candidate),
            )
        cached = cache_dir() / source.name / f.name
        action = plan(cached, f.sha256)
        if action == "use":
            paths[f.name] = cached
            continue
        if not download:
            raise SourceFileMissing(
                f"{source.name}/{f.name}: not in the mirror ({mirror}) nor the cache ({cached}). "
                f"Set RIGHTSREGIME_SOURCES to a mirror folder or run 'rightsregime sources fetch {source.name}'.",
                source=source.name, file=str(cached),
            )
        fetch_file(source, f, cached, client_factory=client_factory, progress=progress)
        paths[f.name] = cached
    return paths


def fetch_file(source: Source, f: SourceFile, target: Path, *, client_factory=None, progress=None,
               retries: int = 3) -> Path:
    """Download ``f`` to ``target``: temp file in the target folder, verify, then ``os.replace``."""
    import httpx

    target.parent.mkdir(parents=True, exist_ok=True)
    client_factory = client_factory or (lambda: httpx.Client(follow_redirects=True, timeout=60))
    last_error: Exception | None = None
    for attempt in range(retries):
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-", suffix=target.name)
        try:
            h = hashlib.sha256()
            with os.fdopen(fd, "wb") as out, client_factory() as client:
                with client.stream("GET", f.url) as response:
                    response.raise_for_status()
                    total = int(response.headers.get("content-length") or 0)
                    done = 0
                    for chunk in response.iter_bytes():
                        out.write(chunk)
                        h.update(chunk)
                        done += len(chunk)
                        if progress:
                            progress(f.name, done, total)
            if h.hexdigest() != f.sha256:
                raise _mismatch(source, f, Path(f.url), h.hexdigest())
            os.replace(tmp, target)
            return target
        except HashMismatch:
            os.unlink(tmp)
            raise
        except Exception as exc:  # network errors: retry with a growing wait
            last_error = exc
            if os.path.exists(tmp):
                os.unlink(tmp)
            if attempt + 1 < retries:
                time.sleep(2 ** attempt)
    raise SourceFileMissing(
        f"{source.name}/{f.name}: download from {f.url} failed ({type(last_error).__name__}: "
        f"{str(last_error).splitlines()[0] if str(last_error) else 'no answer'}). "
        f"Check the network, or set RIGHTSREGIME_SOURCES to a local mirror.",
        source=source.name, file=str(target),
    )


def make_registry(folder: Path) -> str:
    """Registry text (``name sha256:hex``) for every file under ``folder``, sorted."""
    lines = []
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        lines.append(f"{path.relative_to(folder).as_posix()} sha256:{file_sha256(path)}")
    return "\n".join(lines) + "\n"
