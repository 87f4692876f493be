"""How long do the state and blocs pages take, cold and warm?

Each page is requested through the app in-process (FastAPI's TestClient, no network): *cold* is
the first request in a fresh process (every resource computed); *warm* is the same request again
(the page comes from the process's document cache). The General Assembly ideal-point fit (about
870k votes) runs in a background thread started by the first state page: the script times how long
after that request the fit is ready, then the state page with the fit in it (cold and warm), and a
second state (``--other``). Then the same in a second app, as a restarted server or a second worker
sees it: the fit and the default blocs page are read from the results kept beside the warehouse
(``web/store.py``), removed before the first run unless ``--keep``. Side by side, the baseline: the
previous state page's only input, the ``state`` resource (``rightsregime state CHN``), timed alone.

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
    ap.add_argument("--keep", action="store_true", help="keep the results already beside the warehouse "
                    "(default: remove them first, as after a rebuild)")
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    os.environ.setdefault("MPLBACKEND", "Agg")
    import shutil

    from fastapi.testclient import TestClient

    import rightsregime as rr
    from rightsregime.resources import warehouse
    from rightsregime.web import create_app
    from rightsregime.web.pages import state as state_page

    reg = rr.open(args.db)
    t = time.perf_counter()
    warehouse.state(reg, args.state)
    baseline = time.perf_counter() - t
    results = reg.path.with_name(reg.path.name + ".results")
    if not args.keep:
        shutil.rmtree(results, ignore_errors=True)

    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores\n")
    print(f"{'page':62} {'cold s':>8} {'warm ms':>8}")

    def row(client, url, label=None):
        cold = timed(client, url)
        warm = statistics.median(timed(client, url) for _ in range(args.repeat))
        print(f"{label or url:62} {cold:8.2f} {warm * 1000:8.1f}")

    blocs = "/blocs?body=HRC&years=2016-2022"
    for run, label in ((1, "first process: nothing kept beside the warehouse"),
                       (2, "second process (a restart, another worker): results read from beside it")):
        print(f"-- {label}")
        state_page.FITS = state_page.BackgroundFits()  # what a new process starts with
        client = TestClient(create_app(args.db))
        start = time.perf_counter()
        row(client, f"/state/{args.state}", f"/state/{args.state} (the fit started by this request)")
        state_page.FITS.wait(reg.path, "GA")
        print(f"{'GA ideal points ready, after the first request':62} {time.perf_counter() - start:8.2f}")
        for url in (f"/state/{args.state}", f"/state/{args.other}", blocs,
                    f"/chart/state/{args.state}/agreement.svg", "/chart/blocs/network.svg?body=HRC&years=2016-2022"):
            row(client, url)
    kept = sorted(results.iterdir()) if results.exists() else []
    print(f"\nkept beside the warehouse: {sum(p.stat().st_size for p in kept) / 1e6:.1f} MB in "
          f"{sum(not p.name.startswith('.') for p in kept)} files ({results})")
    print(f"{'baseline: the state resource alone (' + args.state + ')':62} {baseline:8.2f}")


if __name__ == "__main__":
    main()
