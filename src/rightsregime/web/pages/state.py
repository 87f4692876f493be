"""State page: profile, membership, ratifications, voting, agreement over time, ideal points, UPR,
compliance, partners, texts led.

Every section is a resource of :mod:`rightsregime.resources` (the same the command line prints:
``state``, ``commitments``, ``align``, ``idealpoints``, ``upr``, ``compliance``, ``leadership``);
this module only puts them side by side and draws their charts from the finished document, so a
chart never runs a second query.
"""
from __future__ import annotations

from ...params import year_ranges
from .. import svg

# Reference states for the agreement chart when the user names none: the poles and the large
# emerging powers, plus (added per state) its own regional group's plurality position.
DEFAULT_PARTNERS = ("USA", "CHN", "RUS", "IND", "BRA", "ZAF")
MAX_PARTNERS = 8
IDEAL_POINTS_BODY = "GA"  # the longest record, and the one every state votes in
LED_SHOWN = 25
CREDIT = "rightsregime, from {sources}. Agreement: Lijphart/Voeten index (abstention counts half)."
# Where each body's roll calls come from (the credit line of its charts).
ROLL_CALLS = {"GA": "unvotes (Voeten) to 2019, unga-2025-3dl for 2025", "HRC": "hrc-voting",
              "CHR": "hrc-voting (Commission roll calls)"}


def one_blas_thread():
    """BLAS on one thread while a page is computed. The server answers several requests at once,
    and the products here are small: a two-thread OpenBLAS on a busy 2-core machine spends most of
    its time waiting for its threads (measured: 101 x 570 agreement products 38 times slower with
    two threads than with one at a load average of 6)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def ideal_points_fit(reg, body: str = IDEAL_POINTS_BODY):
    """The whole-body ideal-point fit (slow: about 7 s for the GA), as a Resource without the model
    object, small enough to keep in the server's cache for every state page."""
    from ...resources import idealpoints

    with one_blas_thread():
        res = idealpoints.idealpoints(reg, body=body)
    res.model = None  # the estimator holds the vote matrix: keep only the tidy estimates
    return res


def stored_fit(reg, body: str = IDEAL_POINTS_BODY):
    """:func:`ideal_points_fit`, read from the results kept beside the warehouse for its build
    (:class:`~..store.PeriodStore`) when another process or an earlier run has fitted it; else fitted
    and kept there."""
    from ...resources._base import Resource
    from ..store import PeriodStore, build_key

    def fit():
        res = ideal_points_fit(reg, body)
        scalars = {k: v for k, v in res.data.items() if k != "estimates"}
        return res.data["estimates"], {"data": scalars, "params": res.params, "notes": res.notes,
                                       "sources": res.sources}

    estimates, meta = PeriodStore(reg.path, build_key(reg)).frame_with_meta(("idealpoints", body), fit)
    return Resource("idealpoints", params=meta["params"], data={**meta["data"], "estimates": estimates},
                    main="estimates", notes=meta["notes"], sources=meta["sources"])


def background_priority() -> None:
    """Lower the calling thread's priority (Linux: each thread has its own nice value), so that work
    started ahead of any request (fits, warming the common pages) gives way to the requests."""
    import os
    import threading

    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except (AttributeError, OSError):  # not Linux, or not allowed: run at the normal priority
        pass


def _partners(reg, code: str, with_: str | None, regional_group: str | None) -> list[str]:
    """The chosen partners, validated: states (codes or names) or groups; at most MAX_PARTNERS."""
    from ... import params as parse
    from ...analysis.cohesion import resolve_group
    from ...errors import RightsRegimeError, UnknownState

    if not with_:
        return [p for p in DEFAULT_PARTNERS if p != code] + ([regional_group] if regional_group else [])
    chosen = []
    for name in parse.names(with_, option="with"):
        try:
            chosen.append(reg.lookup_state(name))
        except UnknownState as exc:
            try:
                chosen.append(resolve_group(name, reg.groups()))
            except RightsRegimeError:
                raise exc from None
    chosen = [c for c in dict.fromkeys(chosen) if c != code]
    if not chosen or len(chosen) > MAX_PARTNERS:
        raise parse.UsageError(f"with={with_!r}: name 1 to {MAX_PARTNERS} other states or groups, "
                               "comma-separated (e.g. with=USA,FRA,EU).", option="with")
    return chosen


class BackgroundFits:
    """Ideal-point fits made once per warehouse file and process, in a background thread at a lower
    priority (read from beside the warehouse when kept there: :func:`stored_fit`), so that no
    request waits for one: a state page asked for before its fit is ready says it is being computed
    (and is not cached), the next one shows it. Keyed by the warehouse file (path, size, mtime) and
    the body; nothing about a user."""

    def __init__(self):
        import threading

        self._lock = threading.Lock()
        self._done: dict = {}
        self._running: set = set()

    def get(self, warehouse_path, open_regime, body: str):
        """The fit (a Resource), or None while it is computed; ``open_regime()`` gives the thread its
        own read-only view of the warehouse. A failed fit is returned as the exception."""
        import os
        import threading

        st = os.stat(warehouse_path)
        key = (str(warehouse_path), st.st_size, st.st_mtime_ns, body)
        with self._lock:
            if key in self._done:
                return self._done[key]
            if key in self._running:
                return None
            self._running.add(key)

        def run():
            background_priority()
            try:
                reg = open_regime()
                try:
                    result = stored_fit(reg, body)
                finally:
                    reg.con.close()
            except Exception as exc:  # shown on the page as one sentence, not raised in a thread
                result = exc
            with self._lock:
                self._done[key] = result
                self._running.discard(key)

        threading.Thread(target=run, name=f"ideal-points-{body}", daemon=True).start()
        return None

    def wait(self, warehouse_path, body: str, timeout: float = 300.0):
        """Block until the fit of ``body`` is done (for scripts and tests); returns it."""
        import os
        import time

        st = os.stat(warehouse_path)
        key = (str(warehouse_path), st.st_size, st.st_mtime_ns, body)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self._lock:
                if key in self._done:
                    return self._done[key]
            time.sleep(0.2)
        raise TimeoutError(f"ideal points of {body} not ready after {timeout:.0f} s")


FITS = BackgroundFits()  # one per process: every app over the same warehouse file shares the fit


def document(reg, code: str, *, with_: str | None = None, body: str = "GA", ideal=None) -> dict:
    """The page's document. ``ideal(body)`` returns the ideal-point fit of a body, None while it is
    being computed, or the exception that stopped it; without ``ideal`` the fit is computed here."""
    with one_blas_thread():
        return _document(reg, code, with_=with_, body=body, ideal=ideal)


def _document(reg, code: str, *, with_, body, ideal) -> dict:
    from ... import params as parse
    from ...errors import LookupFailed, RightsRegimeError
    from ...resources import alignment, monitoring, upr, warehouse
    from ...resources._base import to_plain

    body = parse.body(body, option="body", valid=parse.VOTING_BODIES)
    profile = warehouse.state(reg, code)
    code = profile.params["state"]
    doc = to_plain(profile.data)
    doc["title"] = f"{doc['name']} ({code})"
    names = reg.state_names()
    notes, sources = [], set(profile.sources)

    # Membership: the years sat on the Commission and the Council, and the terms behind them.
    doc["membership_spells"] = {b: year_ranges(years) for b, years in doc["memberships"].items()}

    # Ratifications: the commitments resource (opening year, family: obligations or scrutiny).
    commit = monitoring.commitments(reg, code)
    rows = to_plain(commit.data["instruments"])
    doc["ratification_rows"] = [dict(r, instrument=r["instrument_id"], scrutiny=r["family"] == "scrutiny",
                                     signed=doc["ratifications"].get(r["instrument_id"], {}).get("status") == "signatory")
                                for r in rows if r["family"] != "ilo"]
    doc["party_count"] = sum(r["status"] == "party" for r in doc["ratification_rows"])
    doc["ratification_notes"] = commit.notes[1:2]

    # Agreement with chosen partners over time, and the nearest and farthest partners.
    partners = _partners(reg, code, with_, doc.get("regional_group"))
    agreement = {"body": body, "partners": partners, "with": with_ or "", "error": None}
    try:
        res = alignment.align(reg, code, body=body, by="year", with_=",".join(partners))
        series = to_plain(res.data["series"])
        labels = {p: _label(p, names) for p in res.params["partners"]}
        short = {p: p.strip("[]").replace("ASIA_PACIFIC", "APG") for p in labels}
        agreement.update(measure=res.data["measure"], where=res.data["where"], labels=labels,
                         series=series, nearest=to_plain(res.data["nearest"]),
                         farthest=to_plain(res.data["farthest"]), table=_wide(series, list(labels)),
                         short=short, notes=res.notes + _succession_notes(res.params["partners"]), n_votes=sum(r["n_common"] for r in series))
        sources.update(res.sources)
    except LookupFailed:
        raise
    except RightsRegimeError as exc:
        agreement["error"] = str(exc)
    doc["agreement_by_year"] = agreement

    # Ideal points (GA, cached fit): the state's trajectory with its interval, and the chamber median.
    fit = ideal(IDEAL_POINTS_BODY) if ideal else ideal_points_fit(reg)
    if fit is None or isinstance(fit, Exception):
        doc["ideal_points"] = {"body": IDEAL_POINTS_BODY, "points": [], "status": "computing" if fit is None else "failed",
                               "message": (f"The ideal points of the {IDEAL_POINTS_BODY} are being computed (once per "
                                           "server process, about 10 s): reload the page in a moment.")
                               if fit is None else f"The ideal points could not be computed: {fit}"}
        return _finish(doc, reg, code, sources, notes)
    est = fit.data["estimates"]
    mine = est[est["iso3"] == code].sort_values("year")
    median = est.groupby("year")["value"].median()
    doc["ideal_points"] = {
        "body": fit.data["body"], "model": fit.data["model"], "sign": fit.data["sign"],
        "intervals": fit.data["intervals"], "n_decisions": fit.data["n_decisions"],
        "years": fit.data["years"], "points": to_plain(mine[["year", "value", "lower", "upper", "n_votes"]]),
        "median": {int(y): float(v) for y, v in median.items()},
        "n_votes": int(mine["n_votes"].sum()) if len(mine) else 0, "status": "ready"}
    return _finish(doc, reg, code, sources, notes)


def _finish(doc: dict, reg, code: str, sources: set, notes: list) -> dict:
    from ...errors import RightsRegimeError
    from ...resources import alignment, monitoring, upr
    from ...resources._base import to_plain

    # UPR received and made, compliance: only when the state has them.
    doc["upr_detail"] = {}
    for side, role in (("received", "under_review"), ("made", "recommending")):
        u = upr.upr(reg, code, as_=role)
        if len(u.data["recommendations"]):
            doc["upr_detail"][side] = {"by_category": to_plain(u.data["by_category"]),
                                       "sessions": sorted({int(x) for x in u.data["recommendations"]["session"]}),
                                       "n": int(len(u.data["recommendations"])), "specific": to_plain(u.data["specific"])}
    doc["upr_notes"] = [upr.COVERAGE]
    try:
        comp = monitoring.compliance(reg, code)
        idx = comp.data["index"]
        doc["compliance"] = to_plain(idx[["year", "formal_index", "n_formal", "substantive_index",
                                          "n_substantive", "engagement_gap", "fariss", "pts"]].round(3))
        doc["compliance_notes"] = comp.notes[:1]
        sources.update(comp.sources)
    except RightsRegimeError as exc:
        doc["compliance"], doc["compliance_notes"] = [], [str(exc)]

    # Texts led as main sponsor (OHCHR catalogue, mostly from 2013).
    try:
        lead = alignment.leadership(reg, code)
        texts = lead.data["texts"]
        doc["led"] = {"count": int(len(texts)), "by_year": to_plain(lead.data["by_year"]), "shown": LED_SHOWN,
                      "texts": to_plain(texts.sort_values("year", ascending=False, kind="stable")[
                          ["symbol", "year", "body_id", "kind", "title", "fate", "yes", "no", "abstain"]]),
                      "coverage": lead.data["coverage"], "notes": lead.notes}
    except RightsRegimeError as exc:  # led none: the resource says so, and why the record may miss it
        doc["led"] = {"count": 0, "by_year": [], "shown": LED_SHOWN, "texts": [], "notes": [str(exc)],
                      "coverage": "main sponsors as recorded by the OHCHR catalogue, mostly from 2013"}
    doc["notes"] = notes
    doc["sources"] = sorted(sources | {"hr-treaty-ratification", "upr-terman"})
    return doc


def _succession_notes(partners: list[str]) -> list[str]:
    """Successor states keep their own codes in the record: say so where a line starts late."""
    if "RUS" in partners:
        return ["The USSR's votes (to 1991) are held under its own code, SUN: add SUN to compare with it."]
    return []


def _label(code: str, names: dict) -> str:
    if code.startswith("["):
        return f"{code.strip('[]').replace('_', '-').title()} group (plurality)"
    return names.get(code, code)


def _wide(series: list[dict], partners: list[str]) -> list[dict]:
    """Year rows, per partner the index and the number of shared votes behind it."""
    by_year: dict[int, dict] = {}
    for r in series:
        row = by_year.setdefault(int(r["period"]), {"year": int(r["period"])})
        row[r["partner"]] = {"index": r["index"], "n": r["n_common"]}
    return [by_year[y] for y in sorted(by_year)]


# -- charts, drawn from the finished document ---------------------------------------------------

def agreement_svg(doc: dict) -> bytes:
    """The shared newspaper chart (:func:`rightsregime.charts.time_series`, as ``align --chart``):
    a line per partner on a real year axis, gaps where no votes are held, votes per point below."""
    import pandas as pd

    from ...charts import time_series

    a = doc["agreement_by_year"]
    if a.get("error"):
        return svg.message(a["error"])
    chart = time_series(pd.DataFrame(a["series"]).rename(columns={"period": "year"}), y="index", series="partner",
                        n="n_common", names=a["labels"], ylim=(0, 1), n_label="votes shared",
                        title=f"{doc['name']}: agreement with chosen states, {a['where']}, by year",
                        ylabel="agreement index (1 = always alike)", sources=ROLL_CALLS[a["body"]],
                        note="Lijphart/Voeten index, abstention counts half; grey: no recorded votes held")
    return svg.chart_svg(chart)


def ideal_points_svg(doc: dict) -> bytes:
    """The shared trajectory chart (:func:`rightsregime.charts.trajectories`, as ``idealpoints
    --chart``): the state's ideal point per year with its 95% interval."""
    import pandas as pd

    from ...charts import trajectories

    ip = doc["ideal_points"]
    if ip["status"] != "ready":
        return svg.message(ip["message"])
    if not ip["points"]:
        return svg.message(f"No ideal point: {doc['name']} cast no contested vote in the {ip['body']} record held.")
    chart = trajectories(pd.DataFrame(ip["points"]).assign(iso3=doc["iso3"]), [doc["iso3"]],
                         names={doc["iso3"]: doc["name"]}, continuity={},
                         title=f"{doc['name']}: ideal point in the {ip['body']} by year ({ip['sign']})",
                         sources=ROLL_CALLS[ip["body"]],
                         note=f"rightsregime {ip['model']} over {ip['n_decisions']:,} contested votes; {ip['intervals']}")
    # A year with no estimate on either side (2025 after the GA gap of 2020-2024) would be a line of
    # length zero: draw it as a point with its interval.
    years = {p["year"] for p in ip["points"]}
    alone = [p for p in ip["points"] if p["year"] - 1 not in years and p["year"] + 1 not in years]
    if alone:
        ax = chart.figure.axes[0]
        colour = ax.lines[0].get_color() if ax.lines else "#0072B2"
        ax.errorbar([p["year"] for p in alone], [p["value"] for p in alone],
                    yerr=[[p["value"] - p["lower"] for p in alone], [p["upper"] - p["value"] for p in alone]],
                    fmt="o", markersize=3.5, color=colour, elinewidth=1.2, capsize=2)
    return svg.chart_svg(chart)


def membership_svg(doc: dict) -> bytes:
    rows = {"Commission (CHR)": doc["memberships"].get("CHR", []), "Council (HRC)": doc["memberships"].get("HRC", [])}
    return svg.year_spells(rows, title=f"{doc['name']}: years as a member of the Commission and the Council",
                           credit_line="Membership from the roll calls and the 2006 lots (hrc-voting, unvotes); rightsregime.")


def compliance_svg(doc: dict) -> bytes:
    import pandas as pd

    from ...charts import time_series

    rows = pd.DataFrame(doc["compliance"])
    long = pd.concat([rows.assign(measure="formal engagement", value=rows["formal_index"], n=rows["n_formal"]),
                      rows.assign(measure="substantive engagement", value=rows["substantive_index"],
                                  n=rows["n_substantive"])], ignore_index=True)
    chart = time_series(long[["year", "measure", "value", "n"]], y="value", series="measure", n="n",
                        n_label="inputs", ylim=(0, 1), ylabel="index (0-1)",
                        title=f"{doc['name']}: formal and substantive engagement ({len(rows)} years)",
                        sources="hr-treaty-ratification, upr-terman, hrc-voting, unvotes",
                        note="rightsregime compliance measure (docs/monitoring.md)")
    return svg.chart_svg(chart)


def ratification_svg(doc: dict) -> bytes:
    """Each instrument on its own line: open from adoption, a dot at ratification (a hollow one for a
    protocol that accepts scrutiny), 'signed' when the state signed only."""
    rows = doc["ratification_rows"]
    fig, ax = svg.new_figure(8, 5.4)
    for i, r in enumerate(rows):
        ax.plot([r["opened"], 2022], [i, i], color="#dddddd", lw=2, zorder=1)
        if r["status"] == "party" and r["year"]:
            ax.plot([r["opened"], r["year"]], [i, i], color="#9bb7d9", lw=2, zorder=2)
            ax.scatter([r["year"]], [i], s=40, zorder=3, color="#1f5fa8",
                       facecolors="white" if r["scrutiny"] else "#1f5fa8", linewidths=1.5)
        elif r["signed"]:
            ax.text(2022.5, i, "signed", va="center", fontsize=7, color="#8a6d00")
    ax.set_yticks(range(len(rows)), [r["instrument"] + (" ◇" if r["scrutiny"] else "") for r in rows], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(1960, 2027)
    ax.set_xlabel("year (line: open for ratification; dot: ratified; hollow dot and ◇: scrutiny protocol)", fontsize=8)
    ax.set_title(f"{doc['name']}: party to {doc['party_count']} of the {len(rows)} human rights instruments",
                 fontsize=11, loc="left")
    svg.credit(fig, "Source: UN Treaty Collection via hr-treaty-ratification (status of mid-2022, years only). "
                    "rightsregime.")
    return svg.figure_svg(fig)
