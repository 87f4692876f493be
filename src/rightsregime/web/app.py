"""Every route of the observatory, one place (as datasette's app.py does).

Each HTML page has a JSON twin under ``/api`` built from the same page function, so the browser
and a script read the same document. The warehouse is opened once per process, read-only; each
request reads through its own DuckDB cursor, so threads never share a connection and no per-user
state is kept in memory.
"""

import copy
import os
import threading
from pathlib import Path
from typing import Annotated, Literal, Optional

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

from .. import __version__
from ..errors import RightsRegimeError
from ..resources._base import to_plain
from .cache import DocumentCache, RequestMemo, ResponseCache, WarehouseStamp
from .store import PeriodStore, build_key
from .pages import decision as decision_page
from .pages import blocs as blocs_page
from .pages import compare as compare_page
from .pages import explorer as explorer_page
from .pages import home as home_page
from .pages import poles as poles_page
from .pages import simulator as simulator_page
from .pages import sources as sources_page
from .pages import state as state_page
from .pages import state_views
from .pages import topics as topics_page

HERE = Path(__file__).parent
# Built ahead of the first visitor by a server started with ``warm`` (``rightsregime serve``): the
# pages most visitors open first, and one decision page (its imports and the shared memo).
WARM_DECISION = "A/HRC/RES/46/1"


class Error(BaseModel):
    """Every error of the API has this envelope."""

    error: str
    status: int


ERRORS = {400: {"model": Error, "description": "A parameter the regime cannot use (e.g. an unknown rule set)"},
          404: {"model": Error, "description": "Unknown state, symbol or page; the message names the closest"},
          422: {"model": Error, "description": "A parameter of the wrong type or out of range"}}
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def serve_app() -> FastAPI:
    """The factory ``rightsregime serve`` gives uvicorn (each worker process calls it): the app,
    warming itself in the background."""
    return create_app(warm=True)


def create_app(db_path: str | Path | None = None, *, warm: bool = False) -> FastAPI:
    """The observatory over the warehouse at ``db_path`` (default: ``$RIGHTSREGIME_DB`` or the
    user data dir), opened read-only. With ``warm``, the GA ideal-point fit starts now and the home
    page, the default blocs page and one decision page are built in a background thread at a lower
    priority, so the first visitors do not wait for them."""
    from .. import open as rr_open

    db_path = db_path or os.environ.get("RIGHTSREGIME_DB") or None
    base = rr_open(db_path)  # read-only; raises WarehouseMissing with the way to build one
    base.resolver  # build the name resolver once, shared (read-only) by every request

    app = FastAPI(title="rightsregime observatory", version=__version__,
                  description="The UN human rights regime: states, decisions, votes, rules and sources.",
                  openapi_url="/api/openapi.json", docs_url=None, redoc_url=None)
    app.state.base = base
    # Period-level results kept beside the warehouse for its build (a restart or a second worker
    # reads them instead of computing them again).
    app.state.store = PeriodStore(base.path, build_key(base))
    stamp = WarehouseStamp(base.path)
    app.state.opened = stamp()
    reopen = threading.Lock()
    cache = DocumentCache(stamp=stamp)
    # What pages share and no page owns (states, groups, the gazetteer, a day's agreement matrix).
    memo = app.state.memo = DocumentCache(maxsize=256, stamp=stamp)
    app.add_middleware(GZipMiddleware, minimum_size=2000)  # the map's outlines shrink fourfold
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(version=__version__)
    from markupsafe import Markup

    # The home page's picture of the regime is inline SVG (its boxes are links; the CSP forbids <object>).
    templates.env.globals["regime_svg"] = lambda doc: Markup(home_page.regime_svg(doc))
    templates.env.filters["num"] = lambda v: "" if v is None else f"{v:,}" if isinstance(v, int) else v
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def regime():
        if stamp() != app.state.opened:  # the warehouse was rebuilt in place: read the new one
            with reopen:
                if stamp() != app.state.opened:
                    # The old connection is left to close when its last cursor goes (requests may
                    # still be reading through it).
                    app.state.base = rr_open(app.state.base.path)
                    app.state.base.resolver
                    app.state.store = PeriodStore(app.state.base.path, build_key(app.state.base))
                    app.state.opened = stamp()
        base = app.state.base
        reg = copy.copy(base)
        reg.con = base.con.cursor()  # a cursor is DuckDB's thread-safe duplicate of the connection
        try:
            yield reg
        finally:
            reg.con.close()

    Reg = Annotated[object, Depends(regime)]

    def page(request: Request, template: str, doc: dict, status: int = 200) -> HTMLResponse:
        return templates.TemplateResponse(request, template, {"doc": doc, "request": request},
                                          status_code=status)

    def api(doc) -> JSONResponse:
        return JSONResponse(to_plain(doc))

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        # A form sends every field; an empty one means "not given", not an invalid value.
        query = request.scope.get("query_string", b"")
        if query:
            from urllib.parse import parse_qsl, urlencode

            kept = [(k, v) for k, v in parse_qsl(query.decode("latin-1"), keep_blank_values=True) if v != ""]
            request.scope["query_string"] = urlencode(kept).encode("latin-1")
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.exception_handler(RightsRegimeError)
    async def regime_error(request: Request, exc: RightsRegimeError):
        status = getattr(exc, "http_status", 400)
        if wants_json(request):
            return JSONResponse({"error": str(exc), "status": status}, status_code=status)
        return page(request, "error.html", {"title": "Not found" if status == 404 else "Cannot answer",
                                            "message": str(exc), "status": status}, status)

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError):
        # One sentence per bad parameter, in words: "years: String should match pattern ...".
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
        if wants_json(request):
            return JSONResponse({"error": problems, "status": 422}, status_code=422)
        return page(request, "error.html", {"title": "Check the parameters", "message": problems,
                                            "status": 422}, 422)

    @app.exception_handler(404)
    async def not_found(request: Request, exc):
        if wants_json(request):
            return JSONResponse({"error": "No such page.", "status": 404}, status_code=404)
        return page(request, "error.html", {"title": "Not found", "status": 404,
                                            "message": f"No page at {request.url.path}."}, 404)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        # Never a stack trace to a user: one sentence, and the details stay in the server log.
        import logging

        logging.getLogger("rightsregime.web").exception("unexpected error on %s", request.url.path)
        message = "Something went wrong on our side; the error was logged."
        if wants_json(request):
            return JSONResponse({"error": message, "status": 500}, status_code=500)
        return page(request, "error.html", {"title": "Error", "message": message, "status": 500}, 500)

    # -- pages and their JSON twins -------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, reg: Reg):
        return page(request, "home.html", cache.get(("home",), lambda: home_page.document(reg)))

    @app.get("/chart/activity/{measure}.svg", include_in_schema=False)
    def activity_chart(measure: Literal["recorded", "contested"], reg: Reg):
        doc = cache.get(("home",), lambda: home_page.document(reg))
        return Response(cache.get((f"activity-{measure}.svg",), lambda: home_page.activity_svg(doc, measure)),
                        media_type="image/svg+xml")

    @app.get("/api/overview", responses=ERRORS, tags=["overview"], summary="What the warehouse holds and where it stops")
    def api_home(reg: Reg):
        return api(cache.get(("home",), lambda: home_page.document(reg)))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search(request: Request, reg: Reg, q: str = Query("", max_length=200)):
        return page(request, "search.html", home_page.search(reg, q))

    @app.get("/api/search", responses=ERRORS, tags=["overview"], summary="States, decisions and subjects matching a text")
    def api_search(reg: Reg, q: Annotated[str, Query(max_length=200)] = ""):
        return api(home_page.search(reg, q))

    # -- state page (pages/state.py) and blocs page (pages/blocs.py) -------------------------------
    With = Annotated[Optional[str], Query(alias="with", max_length=200, description="Partners: states or groups, comma-separated")]
    VotingBody = Annotated[str, Query(max_length=20, description="GA, HRC or CHR")]

    def open_regime():
        reg = copy.copy(base)
        reg.con = base.con.cursor()
        return reg

    def state_doc(reg, code: str, with_: str | None, body: str) -> dict:
        # The GA ideal-point fit (about 7 s) runs once per process in the background and is shared
        # by every state page; a page built before it is ready says so and is rebuilt once it is.
        fit = lambda b: state_page.FITS.get(base.path, open_regime, b)  # noqa: E731
        ready = fit(state_page.IDEAL_POINTS_BODY) is not None
        return cache.get(("state", code.upper(), with_, body.upper(), ready),
                         lambda: state_page.document(RequestMemo(reg, memo), code, with_=with_, body=body,
                                                     ideal=fit))

    def provisional(response, doc: dict):
        # A page built while the ideal-point fit runs says so; the response cache must not keep it,
        # or the page would say "being computed" until the next rebuild.
        if doc["ideal_points"]["status"] != "ready":
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.get("/state/{code}", response_class=HTMLResponse, include_in_schema=False)
    def state(request: Request, code: str, reg: Reg, with_: With = None, body: VotingBody = "GA"):
        doc = state_doc(reg, code, with_, body)
        return provisional(page(request, "state.html", doc), doc)

    @app.get("/api/state/{code}", responses=ERRORS, tags=["states"],
             summary="A state's profile: membership, ratifications, votes, agreement, ideal points, UPR, texts led")
    def api_state(code: str, reg: Reg, with_: With = None, body: VotingBody = "GA"):
        doc = state_doc(reg, code, with_, body)
        return provisional(api(doc), doc)

    @app.get("/chart/ratifications/{code}.svg", include_in_schema=False)
    def ratification_chart(code: str, reg: Reg):
        doc = state_doc(reg, code, None, "GA")
        return Response(cache.get(("ratification.svg", doc["iso3"]), lambda: state_page.ratification_svg(doc)),
                        media_type="image/svg+xml")

    @app.get("/chart/state/{code}/{chart}.svg", include_in_schema=False)
    def state_chart(code: str, chart: Literal["agreement", "idealpoints", "membership", "compliance"], reg: Reg,
                    with_: With = None, body: VotingBody = "GA"):
        doc = state_doc(reg, code, with_, body)
        draw = {"agreement": state_page.agreement_svg, "idealpoints": state_page.ideal_points_svg,
                "membership": state_page.membership_svg, "compliance": state_page.compliance_svg}[chart]
        return provisional(Response(cache.get((f"{chart}.svg", doc["iso3"], with_, body.upper(),
                                               doc["ideal_points"]["status"]), lambda: draw(doc)),
                                    media_type="image/svg+xml"), doc)

    # Drawn on request beside the state page (their own cache entries: the page is no slower).
    @app.get("/chart/state-map/{code}.svg", include_in_schema=False)
    def state_agreement_map(code: str, reg: Reg, body: VotingBody = "GA"):
        iso3 = reg.lookup_state(code)
        return Response(cache.get(("state-map.svg", iso3, body.upper()),
                                  lambda: state_views.agreement_map_svg(reg, iso3, body)), media_type="image/svg+xml")

    @app.get("/chart/state-votes/{code}.svg", include_in_schema=False)
    def state_positions_chart(code: str, reg: Reg, body: VotingBody = "GA"):
        iso3 = reg.lookup_state(code)
        return Response(cache.get(("state-votes.svg", iso3, body.upper()),
                                  lambda: state_views.positions_svg(reg, iso3, body)), media_type="image/svg+xml")

    @app.get("/state/{code}/partners.csv", include_in_schema=False)
    def state_partners_csv(code: str, reg: Reg, body: VotingBody = "GA"):
        iso3 = reg.lookup_state(code)
        return PlainTextResponse(state_views.partners_csv(reg, iso3, body), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": f'attachment; filename="{iso3}-partners-{body.upper()}.csv"'})

    def blocs_doc(reg, body, years, states) -> dict:
        # "/blocs" and "/blocs?body=HRC&years=2016-2022" are one page: one key (an unknown body is
        # left as given, for the page to name the valid ones).
        body = (body or "HRC").strip().upper()
        years = years or blocs_page.DEFAULT_YEARS.get(body)

        def build():
            make = lambda: blocs_page.document(reg, body=body, years=years, states=states)  # noqa: E731
            if states:  # a user's own selection: in memory only (the disk keeps the default pages)
                return make()
            return app.state.store.json(("blocs", body, years or ""), make)

        return cache.get(("blocs", body, years, states), build)

    BlocsYears = Annotated[Optional[str], Query(max_length=20, description="A year or a range, e.g. 2016-2022")]
    BlocsStates = Annotated[Optional[str], Query(max_length=300, description="States for the coincidence matrix")]

    @app.get("/blocs", response_class=HTMLResponse, include_in_schema=False)
    def blocs(request: Request, reg: Reg, body: Annotated[Optional[str], Query(max_length=20)] = None,
              years: BlocsYears = None, states: BlocsStates = None):
        return page(request, "blocs.html", blocs_doc(reg, body, years, states))

    @app.get("/api/blocs", responses=ERRORS, tags=["blocs"],
             summary="Co-voting communities of a body and period, group cohesion, coincidence, most outvoted")
    def api_blocs(reg: Reg, body: Annotated[Optional[str], Query(max_length=20, description="GA, HRC or CHR")] = None,
                  years: Annotated[Optional[str], Query(max_length=20, description=(
                      "A year or a range, e.g. 2016-2022; default: the page's ("
                      + ", ".join(f"{b} {y}" for b, y in blocs_page.DEFAULT_YEARS.items()) + ")"))] = None,
                  states: BlocsStates = None):
        # The same default period as the page (its results are kept beside the warehouse).
        return api(blocs_doc(reg, body, years, states))

    @app.get("/chart/blocs/{chart}.svg", include_in_schema=False)
    def blocs_chart(chart: Literal["network", "cohesion"], reg: Reg,
                    body: Annotated[Optional[str], Query(max_length=20)] = None, years: BlocsYears = None,
                    states: BlocsStates = None):
        doc = blocs_doc(reg, body, years, states)
        if chart == "network":  # the layout recomputes the communities: kept beside the warehouse
            draw = lambda: app.state.store.blob(("blocs-network.svg", doc["body"], doc["years"]),  # noqa: E731
                                                lambda: blocs_page.network_svg(reg, doc))
        else:
            draw = lambda: blocs_page.cohesion_svg(doc)  # noqa: E731
        return Response(cache.get((f"blocs-{chart}.svg", doc["body"], doc["years"]), draw), media_type="image/svg+xml")

    CompareStates = Annotated[Optional[str], Query(max_length=200, description="2 to 8 states, comma-separated, e.g. CHN,IND,BRA,ZAF")]
    Neighbours = Annotated[Optional[str], Query(max_length=60, description="A state compared with the UN members of its M49 subregion, e.g. CHN")]
    CompareWith = Annotated[Optional[str], Query(alias="with", max_length=60,
                                                 description="The state or group every agreement is measured against (default: the first state)")]

    def compare_doc(reg, states, neighbours, body, years, with_) -> dict:
        return cache.get(("compare", states, neighbours, body.upper(), years, with_),
                         lambda: compare_page.document(reg, states, neighbours, body, years, with_))

    @app.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare(request: Request, reg: Reg, states: CompareStates = None, neighbours: Neighbours = None,
                body: VotingBody = "HRC", years: BlocsYears = None, with_: CompareWith = None):
        return page(request, "compare.html", compare_doc(reg, states, neighbours, body, years, with_))

    @app.get("/api/compare", responses=ERRORS, tags=["states"],
             summary="States side by side: treaties, seats, UPR, agreement with each other and over time")
    def api_compare(reg: Reg, states: CompareStates = None, neighbours: Neighbours = None,
                    body: VotingBody = "HRC", years: BlocsYears = None, with_: CompareWith = None):
        return api(compare_doc(reg, states, neighbours, body, years, with_))

    @app.get("/compare/{table}.csv", include_in_schema=False)
    def compare_csv(table: str, reg: Reg, states: CompareStates = None, neighbours: Neighbours = None,
                    body: VotingBody = "HRC", years: BlocsYears = None, with_: CompareWith = None):
        text = compare_page.csv(compare_doc(reg, states, neighbours, body, years, with_), table)
        return PlainTextResponse(text, media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": f'attachment; filename="compare-{table}.csv"'})

    @app.get("/chart/compare/{chart}.svg", include_in_schema=False)
    def compare_chart(chart: Literal["agreement", "commitments"], reg: Reg, states: CompareStates = None,
                      neighbours: Neighbours = None, body: VotingBody = "HRC", years: BlocsYears = None,
                      with_: CompareWith = None):
        doc = compare_doc(reg, states, neighbours, body, years, with_)
        if not doc["states"]:
            from .svg import message

            return Response(message("Name the states to compare."), media_type="image/svg+xml")
        draw = compare_page.agreement_svg if chart == "agreement" else compare_page.commitments_svg
        return Response(cache.get((f"compare-{chart}.svg", doc["query"]), lambda: draw(doc)),
                        media_type="image/svg+xml")

    Pole = Annotated[Optional[str], Query(max_length=60, description="A reference state, e.g. USA")]
    PoleBody = Annotated[Optional[str], Query(max_length=20, description="GA, HRC or CHR")]

    def poles_doc(reg, body, years, x, y) -> dict:
        return cache.get(("poles", body, years, x, y), lambda: poles_page.document(reg, body=body, years=years, x=x, y=y))

    @app.get("/poles", response_class=HTMLResponse, include_in_schema=False)
    def poles(request: Request, reg: Reg, body: PoleBody = None, years: BlocsYears = None, x: Pole = None, y: Pole = None):
        return page(request, "poles.html", poles_doc(reg, body, years, x, y))

    @app.get("/api/poles", responses=ERRORS, tags=["blocs"],
             summary="Every state's agreement with two reference states (the alignment map)")
    def api_poles(reg: Reg, body: PoleBody = None, years: BlocsYears = None, x: Pole = None, y: Pole = None):
        return api(poles_doc(reg, body, years, x, y))

    @app.get("/poles.csv", include_in_schema=False)
    def poles_csv(reg: Reg, body: PoleBody = None, years: BlocsYears = None, x: Pole = None, y: Pole = None):
        return PlainTextResponse(poles_page.csv(poles_doc(reg, body, years, x, y)), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": 'attachment; filename="poles.csv"'})

    @app.get("/chart/poles.svg", include_in_schema=False)
    def poles_chart(reg: Reg, body: PoleBody = None, years: BlocsYears = None, x: Pole = None, y: Pole = None):
        doc = poles_doc(reg, body, years, x, y)
        return Response(cache.get(("poles.svg", doc["body"], doc["years"], doc["x"], doc["y"]),
                                  lambda: poles_page.map_svg(doc)), media_type="image/svg+xml")

    @app.get("/decision/{symbol:path}", response_class=HTMLResponse, include_in_schema=False)
    def decision(request: Request, symbol: str, reg: Reg):
        return page(request, "decision.html", cache.get(("decision", symbol), lambda: decision_page.document(reg, symbol, memo)))

    @app.get("/api/decision/{symbol:path}", responses=ERRORS, tags=["decisions"],
             summary="A decision: tally, positions by group, pivotal members, outcome under every rule set")
    def api_decision(symbol: str, reg: Reg):
        return api(cache.get(("decision", symbol), lambda: decision_page.document(reg, symbol, memo)))

    @app.get("/chart/map.svg", include_in_schema=False)
    def decision_map(reg: Reg, symbol: Annotated[str, Query(max_length=200)]):
        return Response(cache.get(("map.svg", symbol), lambda: decision_page.map_svg(reg, symbol, memo)), media_type="image/svg+xml")

    def filtered(reg, q: explorer_page.Filters):
        return cache.get(("decisions", q.key()), lambda: explorer_page.resource(reg, q))

    @app.get("/decisions", response_class=HTMLResponse, include_in_schema=False)
    def explorer(request: Request, reg: Reg, q: explorer_page.Filters = Depends()):
        return page(request, "explorer.html", explorer_page.document(filtered(reg, q), q))

    @app.get("/api/decisions", responses=ERRORS, tags=["decisions"], summary="Decisions filtered, sorted and paged")
    def api_explorer(reg: Reg, q: explorer_page.Filters = Depends()):
        return api(explorer_page.document(filtered(reg, q), q))

    @app.get("/decisions.csv", include_in_schema=False)
    def explorer_csv(reg: Reg, q: explorer_page.Filters = Depends()):
        return PlainTextResponse(explorer_page.csv(filtered(reg, q), q), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": 'attachment; filename="decisions.csv"'})

    @app.get("/simulate", response_class=HTMLResponse, include_in_schema=False)
    def simulate(request: Request, reg: Reg):
        return page(request, "simulator.html", simulator_page.document(reg, request.query_params))

    @app.get("/api/simulate", responses=ERRORS, tags=["procedure"],
             summary="Outcome, margin and pivotal members of a vote under a rule set")
    def api_simulate(request: Request, reg: Reg,
                     symbol: Annotated[Optional[str], Query(max_length=200)] = None,
                     rules: Annotated[str, Query(max_length=60)] = "hrc"):
        return api(simulator_page.document(reg, request.query_params))

    Rules = Annotated[str, Query(max_length=60, description="A rule set: hrc, china-2007, ...")]
    ReplayBody = Annotated[Literal["HRC", "CHR", "HRC,CHR"], Query(description="HRC, CHR or both")]
    Years = Annotated[Optional[str], Query(max_length=9, pattern=r"^\d{4}(-\d{4})?$", description="2021 or 2006-2026")]

    def replayed(reg, rules: str, body: str, years: str | None):
        simulator_page._rule_set({"rules": rules})  # an unknown rule set is a 400 naming the known ones
        return cache.get(("replay", rules, body, years), lambda: simulator_page.replay_resource(reg, rules, body, years))

    @app.get("/replay", response_class=HTMLResponse, include_in_schema=False)
    def replay(request: Request, reg: Reg, rules: Rules = "china-2007", body: ReplayBody = "HRC", years: Years = None):
        return page(request, "replay.html", simulator_page.replay_document(replayed(reg, rules, body, years)))

    @app.get("/api/replay", responses=ERRORS, tags=["procedure"],
             summary="Every recorded decision of a period replayed under a rule set: flips per year")
    def api_replay(reg: Reg, rules: Rules = "china-2007", body: ReplayBody = "HRC", years: Years = None):
        return api(replayed(reg, rules, body, years).to_dict())

    @app.get("/chart/replay.svg", include_in_schema=False)
    def replay_chart(reg: Reg, rules: Rules = "china-2007", body: ReplayBody = "HRC", years: Years = None):
        res = replayed(reg, rules, body, years)
        return Response(cache.get(("replay.svg", rules, body, years), lambda: simulator_page.replay_svg(res)),
                        media_type="image/svg+xml")

    Body = Annotated[Optional[Literal["HRC", "CHR", "HRC,CHR"]], Query(description="HRC, CHR or both")]

    @app.get("/topics", response_class=HTMLResponse, include_in_schema=False)
    def topics(request: Request, reg: Reg, body: Body = None):
        return page(request, "topics.html", cache.get(("topics", body), lambda: topics_page.index(reg, body)))

    @app.get("/api/topics", responses=ERRORS, tags=["topics"],
             summary="Subject tags, the mode of adoption per year, and the subjects whose mode flipped")
    def api_topics(reg: Reg, body: Body = None):
        return api(cache.get(("topics", body), lambda: topics_page.index(reg, body)))

    @app.get("/topic/{subject}", response_class=HTMLResponse, include_in_schema=False)
    def topic(request: Request, subject: str, reg: Reg, body: Body = None):
        return page(request, "topic.html", cache.get(("topic", subject, body), lambda: topics_page.document(reg, subject, body)))

    @app.get("/api/topic/{subject}", responses=ERRORS, tags=["topics"],
             summary="One subject: support over time and how every state voted")
    def api_topic(subject: str, reg: Reg, body: Body = None):
        return api(cache.get(("topic", subject, body), lambda: topics_page.document(reg, subject, body)))

    @app.get("/chart/consensus.svg", include_in_schema=False)
    def consensus_chart(reg: Reg, body: Body = None):
        return Response(cache.get(("consensus.svg", body), lambda: topics_page.consensus_svg(reg, body)), media_type="image/svg+xml")

    @app.get("/chart/topic.svg", include_in_schema=False)
    def topic_chart(reg: Reg, subject: Annotated[str, Query(max_length=200)], body: Body = None):
        return Response(cache.get(("topic.svg", subject, body), lambda: topics_page.topic_svg(reg, subject, body)), media_type="image/svg+xml")

    def methods_doc(reg) -> dict:
        from ..resources.overview import methods as methods_resource

        def build():
            res = methods_resource(reg)
            return {"title": "Methods", **to_plain(res.data), "notes": res.notes}

        return cache.get(("methods",), build)

    @app.get("/methods", response_class=HTMLResponse, include_in_schema=False)
    def methods(request: Request, reg: Reg):
        return page(request, "methods.html", methods_doc(reg))

    @app.get("/api/methods", responses=ERRORS, tags=["sources"],
             summary="Vote codes, rules of procedure, how one tally is chosen per decision, the measures")
    def api_methods(reg: Reg):
        return api(methods_doc(reg))

    @app.get("/sources", response_class=HTMLResponse, include_in_schema=False)
    def sources(request: Request, reg: Reg):
        return page(request, "sources.html", cache.get(("sources",), lambda: sources_page.document(reg)))

    @app.get("/api/sources", responses=ERRORS, tags=["sources"], summary="Sources, coverage, licences, validation results")
    def api_sources(reg: Reg):
        return api(cache.get(("sources",), lambda: sources_page.document(reg)))

    @app.get("/sources/{table}.csv", include_in_schema=False)
    def validation_csv(table: str, reg: Reg):
        return PlainTextResponse(sources_page.csv(reg, table), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": f'attachment; filename="{table}.csv"'})

    # Outermost: a page already served is replayed from memory, before any other middleware runs.
    app.add_middleware(ResponseCache, stamp=stamp)
    app.state.warmed = threading.Event()
    if warm:
        state_page.FITS.get(base.path, open_regime, state_page.IDEAL_POINTS_BODY)

        def warm_up():
            import logging

            state_page.background_priority()
            reg = open_regime()
            try:
                for name, job in (("home", lambda: cache.get(("home",), lambda: home_page.document(reg))),
                                  ("blocs", lambda: blocs_doc(reg, None, None, None)),
                                  ("decision", lambda: cache.get(("decision", WARM_DECISION),
                                                                 lambda: decision_page.document(reg, WARM_DECISION, memo)))):
                    try:
                        job()
                    except Exception:  # a warehouse without that page: the visitor will see why
                        logging.getLogger("rightsregime.web").warning("could not prepare the %s page", name,
                                                                     exc_info=True)
            finally:
                reg.con.close()
                app.state.warmed.set()

        threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    return app
