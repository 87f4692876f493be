"""How long do the state and blocs pages take, cold and warm?

Each page is requested through the app in-process (FastAPI's TestClient, no network): *cold* is
the first request in a fresh process (every resource computed); *warm* is the same request again
(the page comes from the process's document cache). The General Assembly ideal-point fit (about
870k votes) runs in a background thread started by the first state page: the script times how long
after that request the fit is ready, then the state page with the fit in it (cold and warm), and a
second state (``--other``). Side by side, the baseline: the previous state page's only input, the
``state`` resource (``rightsregime state CHN``), timed alone.

Usage: python benchmarks/state_page.py [--db FILE] [--state CHN] [--other FRA] [--repeat 3]
"""
from __future__ import annotations

import argparse
import os
import statistics
import time
import warnings


def timed(client, url: str) -> float:
    t = time.perf_counter()
    r = client.get(url)
    elapsed = time.perf_counter() - t
    if r.status_code != 200:
        raise SystemExit(f"{url}: HTTP {r.status_code}: {r.text[:200]}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=os.environ.get("RIGHTSREGIME_DB"))
    ap.add_argument("--state", default="CHN")
    ap.add_argument("--other", default="FRA")
    ap.add_argument("--repeat", type=int, default=3, help="warm requests per page (median shown)")
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    os.environ.setdefault("MPLBACKEND", "Agg")
    from fastapi.testclient import TestClient

    import rightsregime as rr
    from rightsregime.resources import warehouse
    from rightsregime.web import create_app

    reg = rr.open(args.db)
    t = time.perf_counter()
    warehouse.state(reg, args.state)
    baseline = time.perf_counter() - t

    from rightsregime.web.pages.state import FITS

    client = TestClient(create_app(args.db))
    print(f"{'page':55} {'cold s':>8} {'warm ms':>8}")

    def row(url, label=None):
        cold = timed(client, url)
        warm = statistics.median(timed(client, url) for _ in range(args.repeat))
        print(f"{label or url:55} {cold:8.2f} {warm * 1000:8.1f}")

    start = time.perf_counter()
    row(f"/state/{args.state}", f"/state/{args.state} (fit still running)")
    FITS.wait(reg.path, "GA")
    print(f"{'GA ideal-point fit ready, after the first request':55} {time.perf_counter() - start:8.2f}")
    for url in (f"/state/{args.state}", f"/state/{args.other}", "/blocs?body=HRC&years=2016-2022",
                f"/chart/state/{args.state}/agreement.svg", "/chart/blocs/network.svg?body=HRC&years=2016-2022"):
        row(url)
    print(f"{'baseline: the state resource alone (' + args.state + ')':55} {baseline:8.2f}")


if __name__ == "__main__":
    main()
