"""Locating, verifying and downloading source files (sources/_fetch.py)."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from rightsregime.errors import HashMismatch, ParseError, SourceFileMissing
from rightsregime.sources._base import Source, SourceFile
from rightsregime.sources._fetch import fetch_file, load_registry, locate, make_registry, plan


def _source(files, name="tiny"):
    return Source(name=name, title="t", home="h", base_url="http://127.0.0.1/base/", licence="MIT",
                  citation="c", coverage="none", files=tuple(files))


def test_registry_lines_give_pinned_urls_and_overrides():
    files = load_registry("unvotes", "https://example.org/pinned/")
    by_name = {f.name: f for f in files}
    assert by_name["data/un_votes.rda"].url == "https://example.org/pinned/data/un_votes.rda"
    # man pages come from another repository: the registry line carries its own URL
    assert "dgrtwo/unvotes" in by_name["man/un_votes.Rd"].url
    assert all(len(f.sha256) == 64 for f in files)


def test_malformed_registry_line_names_file_and_line(tmp_path, monkeypatch):
    from rightsregime.sources import _fetch

    (tmp_path / "bad.txt").write_text("# comment\nfile.csv md5:abc\n")
    monkeypatch.setattr(_fetch, "REGISTRY_DIR", tmp_path)
    with pytest.raises(ParseError, match=r"bad.txt:2: expected 'name sha256:<hex> \[url\]'"):
        load_registry("bad", "http://x/")


def test_plan_says_use_download_or_replace(tmp_path):
    f = tmp_path / "a.txt"
    assert plan(f, "0" * 64) == "download"
    f.write_text("hello")
    good = hashlib.sha256(b"hello").hexdigest()
    assert plan(f, good) == "use"
    assert plan(f, "0" * 64) == "replace"


def test_mirror_file_with_wrong_hash_is_refused(tmp_path):
    (tmp_path / "tiny").mkdir()
    (tmp_path / "tiny" / "a.csv").write_text("x,y\n1,2\n")
    src = _source([SourceFile("a.csv", "f" * 64, "http://127.0.0.1/a.csv")])
    with pytest.raises(HashMismatch, match=r"tiny/a.csv: sha256 .* does not match the registry .*file not used"):
        locate(src, tmp_path)


def test_missing_file_in_explicit_mirror_is_a_clear_error(tmp_path):
    (tmp_path / "tiny").mkdir()
    src = _source([SourceFile("a.csv", "f" * 64, "http://127.0.0.1/a.csv")])
    with pytest.raises(SourceFileMissing, match="tiny/a.csv: missing from the mirror .*named by --sources"):
        locate(src, tmp_path)


def test_missing_file_in_env_mirror_is_not_downloaded(tmp_path, monkeypatch):
    """Issue 8 item 8: with RIGHTSREGIME_SOURCES set, a file absent from it is reported as missing
    from that mirror (no download attempt, no advice to set the variable that is set)."""
    (tmp_path / "tiny").mkdir()
    monkeypatch.setenv("RIGHTSREGIME_SOURCES", str(tmp_path))
    src = _source([SourceFile("a.csv", "f" * 64, "http://127.0.0.1:9/a.csv")])
    with pytest.raises(SourceFileMissing, match="missing from the mirror .*named by RIGHTSREGIME_SOURCES"
                       ".*unset RIGHTSREGIME_SOURCES") as info:
        locate(src)
    assert "Set RIGHTSREGIME_SOURCES" not in str(info.value)


def test_real_mirror_files_are_intact(sources):
    from rightsregime.sources import modules

    for m in modules():
        paths = locate(m.SOURCE, sources, download=False)
        assert set(paths) == {f.name for f in m.SOURCE.files}


@pytest.fixture
def loopback(tmp_path):
    """A real HTTP server on 127.0.0.1 serving a folder (the download path, without the internet)."""
    import functools
    import http.server
    import threading

    root = tmp_path / "served"
    root.mkdir()
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_download_verifies_and_swaps_in(tmp_path, loopback):
    root, base = loopback
    body = b"iso3,name\nCHN,China\n"
    (root / "states.csv").write_bytes(body)
    f = SourceFile("states.csv", hashlib.sha256(body).hexdigest(), f"{base}/states.csv")
    target = tmp_path / "cache" / "states.csv"
    fetch_file(_source([f]), f, target)
    assert target.read_bytes() == body
    assert [p.name for p in target.parent.iterdir()] == ["states.csv"]  # no temp file left


def test_download_with_wrong_content_leaves_nothing(tmp_path, loopback):
    root, base = loopback
    (root / "states.csv").write_bytes(b"tampered")
    f = SourceFile("states.csv", "0" * 64, f"{base}/states.csv")
    target = tmp_path / "cache" / "states.csv"
    with pytest.raises(HashMismatch):
        fetch_file(_source([f]), f, target)
    assert not target.exists() and list(target.parent.iterdir()) == []


def test_unreachable_download_is_a_clear_error(tmp_path, loopback):
    root, base = loopback
    f = SourceFile("absent.csv", "0" * 64, f"{base}/absent.csv")
    with pytest.raises(SourceFileMissing, match=r"tiny/absent.csv: download from .* failed .*RIGHTSREGIME_SOURCES"):
        fetch_file(_source([f]), f, tmp_path / "cache" / "absent.csv", retries=1)


def test_make_registry_lists_every_file(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.csv").write_text("b")
    (tmp_path / "a.csv").write_text("a")
    text = make_registry(tmp_path)
    assert text.splitlines() == [
        f"a.csv sha256:{hashlib.sha256(b'a').hexdigest()}",
        f"sub/b.csv sha256:{hashlib.sha256(b'b').hexdigest()}",
    ]
