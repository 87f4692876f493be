"""How fast the observatory answers under load, beside datasette serving the same tables.

For each page (home, state, decision, explorer) N concurrent clients request it in a loop for S
seconds on loopback; the script prints requests per second, p50 and p95 latency and errors, for
rightsregime's server and for the anchor, datasette over an SQLite export of the same warehouse
tables (datasette's own table and row pages, the nearest equivalents). Both servers run one
uvicorn/datasette process on this 2-core machine, with the load generator beside them.

    python benchmarks/serve.py [--db PATH] [--clients 20] [--seconds 30] [--workers 2] [--no-anchor]

Each page's first request (built from the warehouse, before any cache holds it) is timed too:
"first ms". The load average of the machine is printed before and after (others may share it).

datasette is installed into the running environment when absent (a benchmark-only tool, never a
dependency of the project). Figures go in the README's performance section.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PAGES = {
    "home": ("/", "/"),
    "state": ("/state/CHN", "/warehouse/states/CHN"),
    "decision": ("/decision/A/HRC/RES/46/1", "/warehouse/decisions?symbol=A%2FHRC%2FRES%2F46%2F1"),
    "explorer": ("/decisions?body=HRC&years=2021", "/warehouse/decisions?body_id=HRC&year=2021"),
}


@dataclass(frozen=True)
class Row:
    server: str
    page: str
    requests: int
    errors: int
    rps: float
    p50_ms: float
    p95_ms: float
    first_ms: float | None = None
    success: bool = True
    error: str = ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _get(reader, writer, request: bytes) -> int:
    """One GET on a kept-alive connection: the status; the body is read to its end (Content-Length
    or chunked) and dropped."""
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


async def load(url: str | list[str], clients: int, seconds: float) -> tuple[list[float], int]:
    """``clients`` connections, each sending GET ``url`` again as soon as the answer is in, for
    ``seconds`` (a list of URLs on one host is gone through in turn, shared by the clients). A minimal
    HTTP/1.1 client over asyncio streams: a full client (httpx) spent more of the two cores than the
    servers under test, and measured itself."""
    from itertools import count
    from urllib.parse import urlsplit

    urls = [url] if isinstance(url, str) else list(url)
    parts = urlsplit(urls[0])
    requests = []
    for u in urls:
        p = urlsplit(u)
        path = p.path + (f"?{p.query}" if p.query else "")
        requests.append((f"GET {path} HTTP/1.1\r\nHost: {p.netloc}\r\nAccept-Encoding: gzip\r\n"
                         "Connection: keep-alive\r\n\r\n").encode())
    turn = count()
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def client():
        nonlocal errors
        reader = writer = None
        while time.perf_counter() < stop:
            t0 = time.perf_counter()
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection(parts.hostname, parts.port, limit=2**24)
                if await _get(reader, writer, requests[next(turn) % len(requests)]) >= 400:
                    errors += 1
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
                errors += 1
                if writer is not None:
                    writer.close()
                reader = writer = None
            latencies.append(time.perf_counter() - t0)
        if writer is not None:
            writer.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, errors


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    import httpx

    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer in {timeout} s")


def export_sqlite(db: Path, target: Path) -> None:
    """The tables the pages read, copied into SQLite for datasette (indexes on the filtered columns)."""
    import rightsregime as rr

    with rr.open(db) as reg, sqlite3.connect(target) as con:
        for table in ("states", "decisions", "votes", "ratifications"):
            df = reg.table(table)
            for col in df.columns:
                if str(df[col].dtype).startswith("datetime"):
                    df[col] = df[col].astype(str)
            df.to_sql(table, con, index=False)
        con.execute("CREATE UNIQUE INDEX states_pk ON states(iso3)")
        con.execute("CREATE INDEX decisions_body_year ON decisions(body_id, year)")
        con.execute("CREATE INDEX decisions_symbol ON decisions(symbol)")
        con.execute("CREATE INDEX votes_decision ON votes(decision_id)")


def varied_decisions(db: Path, n: int) -> tuple[list[str], list[str]]:
    """The decision pages of ``n`` recorded HRC decisions (newest first), for both servers."""
    from urllib.parse import quote

    import rightsregime as rr

    with rr.open(db) as reg:
        symbols = (reg.decisions(body="HRC", modality="recorded")
                   .sort_values("date", ascending=False)["symbol"].dropna().head(n).tolist())
    return ([f"/decision/{s}" for s in symbols],
            [f"/warehouse/decisions?symbol={quote(s, safe='')}" for s in symbols])


def first_request_ms(url: str) -> float:
    import httpx

    t0 = time.perf_counter()
    httpx.get(url, timeout=120, headers={"accept-encoding": "gzip"})
    return 1000 * (time.perf_counter() - t0)


def measure(name: str, base: str, paths: dict[str, str], clients: int, seconds: float) -> list[Row]:
    rows = []
    for page, path in paths.items():
        if isinstance(path, list):  # first views: no request is timed alone before the load
            first, target = float("nan"), [base + p for p in path]
        else:
            first, target = first_request_ms(base + path), base + path
        lat, errors = asyncio.run(load(target, clients, seconds))
        lat.sort()
        n = len(lat)
        rows.append(Row(name, page, n, errors, n / seconds, 1000 * statistics.median(lat),
                        1000 * lat[int(0.95 * (n - 1))], first_ms=first, success=errors == 0))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=None)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--workers", type=int, default=2, help="uvicorn worker processes for rightsregime")
    ap.add_argument("--no-anchor", action="store_true", help="skip datasette (a quick run)")
    ap.add_argument("--varied", type=int, default=300, help="also request the decision pages of this many "
                    "different recorded HRC decisions, each once or twice: the pages' first views (0: skip)")
    ap.add_argument("--warm", action="store_true", help="serve as 'rightsregime serve' does (the fit and the "
                    "common pages prepared at startup); without it every page's first request is cold")
    args = ap.parse_args()
    load_before = os.getloadavg()
    from rightsregime._paths import default_db_path

    db = args.db or default_db_path()
    if args.varied:
        PAGES["decisions, first views"] = varied_decisions(db, args.varied)
    rows: list[Row] = []
    port = free_port()
    env = {**os.environ, "RIGHTSREGIME_DB": str(db)}
    # create_app: nothing prepared before the first request (the "first ms" column is a true first
    # view); --warm: serve_app, as 'rightsregime serve' runs (fit and common pages started at once).
    factory = "rightsregime.web.app:serve_app" if args.warm else "rightsregime.web.app:create_app"
    ours = subprocess.Popen([sys.executable, "-m", "uvicorn", factory, "--factory",
                             "--port", str(port), "--workers", str(args.workers), "--log-level", "warning"], env=env)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/static/style.css", ours)  # "/" stays cold for "first ms"
        rows += measure("rightsregime", f"http://127.0.0.1:{port}", {k: v[0] for k, v in PAGES.items()},
                        args.clients, args.seconds)
    finally:
        ours.terminate()
        ours.wait()
    if not args.no_anchor:
        rows += run_anchor(db, args)
    report(rows, args, load_before)


def run_anchor(db: Path, args) -> list[Row]:
    rows: list[Row] = []
    try:
        import datasette  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "datasette"], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_path = Path(tmp) / "warehouse.db"
        export_sqlite(db, sqlite_path)
        port = free_port()
        anchor = subprocess.Popen([sys.executable, "-m", "datasette", "serve", str(sqlite_path), "--port",
                                   str(port), "--setting", "default_page_size", "50"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_until_up(f"http://127.0.0.1:{port}/", anchor)
            rows += measure("datasette", f"http://127.0.0.1:{port}", {k: v[1] for k, v in PAGES.items()},
                            args.clients, args.seconds)
        finally:
            anchor.terminate()
            anchor.wait()
    return rows


def report(rows: list[Row], args, load_before) -> None:
    load_after = os.getloadavg()
    print(f"\n{args.clients} concurrent clients, {args.seconds:.0f} s per page, loopback, {os.cpu_count()} cores; "
          f"rightsregime under uvicorn with {args.workers} worker(s); load average before "
          f"{load_before[0]:.2f}, after {load_after[0]:.2f}\n")
    print(f"{'page':<24} {'server':<13} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'first ms':>9}")
    for r in rows:
        print(f"{r.page:<24} {r.server:<13} {r.rps:>8.1f} {r.p50_ms:>8.1f} {r.p95_ms:>8.1f} {r.errors:>7} "
              f"{r.first_ms:>9.0f}")
    print("\n(first ms: the page's first request, built from the warehouse; the load then repeats it. "
          "'decisions, first views' goes through different decision pages, built as they come.)")
    ours_rows = {r.page: r for r in rows if r.server == "rightsregime"}
    print()
    for r in rows:
        if r.server == "datasette" and r.page in ours_rows:
            print(f"{r.page}: rightsregime p95 / datasette p95 = {ours_rows[r.page].p95_ms / r.p95_ms:.3f}")


if __name__ == "__main__":
    main()
