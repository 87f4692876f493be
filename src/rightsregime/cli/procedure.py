"""Commands for the rules of procedure: outcome, pivotal, replay, rules, classify, eligible, elect.

Thin: parse options, call :mod:`rightsregime.resources.procedure`, render the Resource. Errors are
:class:`~rightsregime.errors.RightsRegimeError` subclasses and become one line at the boundary.
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import RuleSetError
from . import app
from ._options import ChartOption, CsvOption, DbOption, JsonOption, console, open_regime, save_chart
from ._render import render, table

RulesOption = Annotated[str, typer.Option(
    "--rules", help="A built-in rule set (hrc, chr, ga-plenary, ga-committee, china-2007, "
    "abstain-counts-as-no, absolute-majority) or the path of a .toml file; for outcome SYMBOL, "
    "all: every built-in rule set.", metavar="RULES")]
PositionsOption = Annotated[Optional[Path], typer.Option(
    "--positions", help="CSV with columns iso3,position (yes, no, abstain, non_voting, absent).",
    dir_okay=False, metavar="FILE")]
MembersOption = Annotated[Optional[int], typer.Option(
    "--members", help="Size of the body (default: the rule set's, e.g. 47 for hrc).", metavar="N")]
MajorityOption = Annotated[Optional[str], typer.Option(
    "--majority", help="Override the rule's majority: simple, two-thirds, absolute, N/D or "
    "'more than N/D'.", metavar="MAJORITY")]
SymbolArgument = Annotated[Optional[str], typer.Argument(
    help="A recorded decision (symbol), e.g. A/HRC/RES/37/23.", metavar="[SYMBOL]")]


def _count(flag: str, help: str):
    return typer.Option(flag, help=help, metavar="N")


def _flag(flag: str, help: str):
    return typer.Option(flag, help=help, metavar="")




def _known_states(db) -> dict[str, str] | None:
    """ISO3 -> name from the warehouse, to check a positions file's codes (None without one)."""
    from ..errors import WarehouseError

    try:
        with open_regime(db) as reg:
            states = reg.states()
    except WarehouseError:
        return None
    return dict(zip(states["iso3"], states["name"]))


def _known_states(db) -> dict[str, str] | None:
    """ISO3 -> name from the warehouse, to check a positions file's codes (None without one)."""
    from ..errors import WarehouseError

    try:
        with open_regime(db) as reg:
            return reg.state_names()
    except WarehouseError:
        return None


def _positions(db, symbol, positions, yes=None, no=None, abstain=None, non_voting=None):
    """The --positions file read and checked (codes against the warehouse), refusing a second source
    of the same vote (a SYMBOL, or --yes/--no)."""
    from ..procedure.positions import check_one_vote, read_positions

    check_one_vote(symbol, positions, {"--yes": yes, "--no": no, "--abstain": abstain or None,
                                       "--non-voting": non_voting or None})
    return read_positions(positions, known=_known_states(db)) if positions is not None else None


def _reg(db, symbol):
    """The warehouse when a recorded decision is asked for; totals alone need none."""
    return open_regime(db) if symbol is not None else None


@app.command()
def outcome(
    symbol: SymbolArgument = None,
    rules: RulesOption = "hrc",
    yes: Annotated[Optional[int], _count("--yes", "Votes in favour.")] = None,
    no: Annotated[Optional[int], _count("--no", "Votes against.")] = None,
    abstain: Annotated[int, _count("--abstain", "Abstentions.")] = 0,
    non_voting: Annotated[int, _count("--non-voting", "Present, not voting.")] = 0,
    members: MembersOption = None,
    positions: PositionsOption = None,
    kind: Annotated[str, typer.Option("--kind", help="resolution, decision, amendment or motion.",
                                      metavar="KIND")] = "resolution",
    country_specific: Annotated[bool, _flag("--country-specific", "The text concerns one state.")] = False,
    important: Annotated[bool, _flag("--important", "An important question (GA two thirds).")] = False,
    sponsors: Annotated[Optional[int], _count("--sponsors", "Member sponsors (tabling condition).")] = None,
    majority: MajorityOption = None,
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
):
    """Decide a vote under a rule set: adopted or rejected, the majority required, and why.
    With a SYMBOL, --rules all decides the recorded vote under every built-in rule set.

    Example: rightsregime outcome --rules china-2007 --yes 23 --no 19 --abstain 5
    """
    from ..resources import procedure as res

    if rules == "all":
        if symbol is None:
            from ..errors import UsageError

            raise UsageError("--rules all needs a decision SYMBOL (the recorded vote to decide).",
                             option="--rules")
        with open_regime(db) as reg:
            r = res.outcomes(reg, symbol)
        render(r, json=json, csv=csv, text=lambda r: console.print(table(
            r["rule_sets"], ["rules", "outcome", "required", "margin", "reason"],
            title=f"{r['symbol']} (recorded: {r['recorded']}) under every rule set", widths={"reason": 40})))
        return
    reg = _reg(db, symbol)
    try:
        r = res.outcome(reg, symbol, rules=rules, yes=yes, no=no, abstain=abstain,
                        non_voting=non_voting, members=members,
                        positions=_positions(db, symbol, positions, yes, no, abstain, non_voting),
                        kind=kind, country_specific=country_specific, important=important,
                        sponsors=sponsors, majority=majority)
    finally:
        if reg is not None:
            reg.close()
    render(r, json=json, csv=csv, text=_print_outcome)


def _print_outcome(r) -> None:
    d = r.data
    head = f"[bold]{d['outcome'].upper()}[/] under {d['rules']}"
    if d.get("symbol"):
        head = f"{d['symbol']}: " + head + f" (recorded: {d['recorded']})"
    console.print(head)
    console.print(f"  {d['yes']} yes, {d['no']} no, {d['abstain']} abstain"
                  + (f", {d['non_voting']} present not voting" if d["non_voting"] else "")
                  + (f", {d['absent']} absent" if d["absent"] else ""))
    console.print(f"  present and voting {d['present_and_voting']}; required {d['required']} "
                  f"yes ({d['rule']}); margin {d['margin']:+d}")
    console.print(f"  {d['reason']}")


@app.command()
def pivotal(
    symbol: SymbolArgument = None,
    rules: RulesOption = "hrc",
    yes: Annotated[Optional[int], _count("--yes", "Votes in favour.")] = None,
    no: Annotated[Optional[int], _count("--no", "Votes against.")] = None,
    abstain: Annotated[int, _count("--abstain", "Abstentions.")] = 0,
    non_voting: Annotated[int, _count("--non-voting", "Present, not voting.")] = 0,
    members: MembersOption = None,
    positions: PositionsOption = None,
    kind: Annotated[str, typer.Option("--kind", help="resolution, decision, amendment or motion.",
                                      metavar="KIND")] = "resolution",
    country_specific: Annotated[bool, _flag("--country-specific", "The text concerns one state.")] = False,
    important: Annotated[bool, _flag("--important", "An important question (GA two thirds).")] = False,
    majority: MajorityOption = None,
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
):
    """Who was pivotal: the fewest changes of position that flip the outcome, and who alone could.

    Example: rightsregime pivotal A/HRC/RES/17/19
    """
    from ..resources import procedure as res

    reg = _reg(db, symbol)
    try:
        r = res.pivotal(reg, symbol, rules=rules, yes=yes, no=no, abstain=abstain,
                        non_voting=non_voting, members=members,
                        positions=_positions(db, symbol, positions, yes, no, abstain, non_voting),
                        kind=kind, country_specific=country_specific, important=important,
                        majority=majority)
    finally:
        if reg is not None:
            reg.close()
    nearest = None
    if r.data.get("symbol"):  # the members nearest to switching, by their record
        from .questions import switchers_for

        nearest = switchers_for(db, r.data["symbol"])
        if nearest is not None:
            r.data["nearest_to_switching"] = nearest["nearest"]
    render(r, json=json, csv=csv, text=lambda r: _print_pivotal(r, nearest))


def _print_pivotal(r, nearest=None) -> None:
    d = r.data
    console.print(f"{d.get('symbol') or 'The vote'}: [bold]{d['outcome']}[/] under {d['rules']}; "
                  f"margin {d['margin']:+d} (required {d['required']} of {d['present_and_voting']} "
                  "present and voting)")
    if d["min_flips"] is None:
        console.print("  No change of positions by these members can flip it.")
        return
    console.print(f"  Fewest changes to flip it: {d['min_flips']}")
    for alt in d["flips"][:6]:
        console.print("    " + "; ".join(f"{c['count']} {c['from']} -> {c['to']}" for c in alt["changes"]))
    if d["pivotal"]:
        console.print(f"  Pivotal members (one change flips it): {', '.join(d['pivotal'])}")
    if nearest is not None:
        from .questions import print_switchers

        print_switchers(nearest)
    elif d["pivotal_positions"]:
        console.print(f"  Any one member voting {', '.join(d['pivotal_positions'])} could flip it.")


@app.command(name="rules")
def list_rules(json: JsonOption = False, csv: CsvOption = False, db: DbOption = None):
    """The built-in rule sets, in words.

    Example: rightsregime rules
    """
    from ..resources import procedure as res

    def text(r):
        for rs in r.data["rule_sets"].values():
            for line in rs["lines"]:
                console.print(line, highlight=False)
            console.print()

    render(res.rules(), json=json, csv=csv, text=text)


@app.command()
def replay(
    rules: RulesOption = "china-2007",
    body: Annotated[Optional[str], typer.Option("--body", help="HRC, CHR or both (HRC,CHR).",
                                                metavar="BODY")] = "HRC",
    years: Annotated[Optional[str], typer.Option("--years", help="A year or a range, e.g. 2006-2026.",
                                                 metavar="YEARS")] = None,
    swap_member: Annotated[Optional[str], typer.Option(
        "--swap-member", help="OUT=IN: replace member OUT by state IN, whose positions are taken "
        "from its GA votes on the same subjects.", metavar="OUT=IN")] = None,
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
    chart: ChartOption = None,
):
    """Replay every recorded decision under other rules: flips per year and a paralysis index.

    Example: rightsregime replay --rules china-2007 --years 2006-2026
    """
    from ..resources import procedure as res

    with open_regime(db) as reg:
        r = res.replay(reg, rules, body=body, years=years, swap_member=swap_member)
    if chart is not None:  # the shared chart: real year axis, outcome colours, texts behind each point
        import pandas as pd

        from ..charts import replay_years
        from ._render import write_chart

        write_chart(replay_years(pd.DataFrame(r.result.by_year), title=f"The record replayed under {r.result.rules}",
                                 sources="hrc-voting (OHCHR Search Library)", note=r.result.title), chart)
    render(r, json=json, csv=csv, text=_print_replay)


def _print_replay(r) -> None:
    console.print(f"[bold]{r.data['rules']}[/]: {r.data['title']}", highlight=False)
    console.print(table(r["by_year"], ["year", "texts", "recorded_votes", "country_specific", "flips",
                                       "country_specific_failed", "paralysis_index"],
                        labels={"recorded_votes": "votes", "country_specific": "country",
                                "country_specific_failed": "failing",
                                "paralysis_index": "paralysis"}, digits=2))
    console.print("country: country-specific texts; failing: those failing under the rules; "
                  "paralysis: failing / country", style="dim")
    flips = r["flips"]
    if len(flips):
        flips = flips.assign(votes=[f"{y}-{n}-{a}" for y, n, a in zip(flips["yes"], flips["no"], flips["abstain"])],
                             counterfactual=[c + (" (not tabled)" if isinstance(w, str) and w else "")
                                             for c, w in zip(flips["counterfactual"],
                                                             flips.get("why", [None] * len(flips)))])
        console.print(table(flips, ["symbol", "date", "title", "recorded", "counterfactual", "votes", "margin"],
                            labels={"counterfactual": "replayed"}))


@app.command()
def classify(
    symbol: Annotated[str, typer.Argument(help="A decision symbol, e.g. A/HRC/RES/46/17.", metavar="SYMBOL")],
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
):
    """Country-specific or thematic, and the rule that decided it.

    Example: rightsregime classify A/HRC/RES/46/17
    """
    from ..resources import procedure as res

    with open_regime(db) as reg:
        r = res.classify(reg, symbol)
    render(r, json=json, csv=csv, text=lambda r: console.print(
        f"{r.data['symbol']}: [bold]{r.data['scope']}[/] ({r.data['reason']})", highlight=False))


@app.command()
def eligible(
    year: Annotated[int, typer.Argument(help="Election year (October), 2006 or later, e.g. 2027.",
                                        metavar="YEAR")],
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
):
    """HRC members who may not stand in YEAR's election (two consecutive terms, GA res 60/251 para 7).

    Example: rightsregime eligible 2027
    """
    from ..resources import procedure as res

    with open_regime(db) as reg:
        r = res.eligible(reg, year)

    def text(r):
        if r["ineligible"].empty:
            console.print(f"No member is barred from the {r['year']} election by the two-term rule "
                          "(on the recorded membership).")
            return
        console.print(f"Members who may not stand in the {r['year']} election:")
        console.print(table(r["ineligible"], ["iso3", "name", "regional_group", "terms", "reason"],
                            labels={"regional_group": "group", "terms": "terms (start-end)", "reason": "why"},
                            widths={"reason": 30}))

    render(r, json=json, csv=csv, text=text)


@app.command()
def elect(
    candidate: Annotated[list[str], typer.Option(
        "--candidate", help="ISO3=SUPPORT (share of GA members voting for it, 0-1), repeatable; "
        "or ISO3=V1,V2,... the votes it received in each recorded ballot.", metavar="ISO3=SUPPORT")],
    seats: Annotated[Optional[int], typer.Option("--seats", help="Seats to fill (default: the "
                                                  "group's seats in --year's cohort).", metavar="N")] = None,
    year: Annotated[Optional[int], typer.Option("--year", help="Election year (sets the cohort's "
                                                "seats and the majority: 96 in 2006, 97 after).",
                                                metavar="YEAR")] = None,
    group: Annotated[Optional[str], typer.Option("--group", help="Regional group: AFRICAN, "
                                                 "ASIA_PACIFIC, EEG, GRULAC, WEOG.", metavar="GROUP")] = None,
    electorate: Annotated[Optional[int], typer.Option("--electorate", help="GA members (193).",
                                                      metavar="N")] = None,
    majority: Annotated[Optional[int], typer.Option(
        "--majority", help="Votes needed (default: absolute majority of the electorate, 97 of 193).",
        metavar="N")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the simulated ballots.",
                                      metavar="N")] = 0,
    json: JsonOption = False,
    csv: CsvOption = False,
    db: DbOption = None,
):
    """Simulate an HRC election in one regional group: absolute majority, restricted ballots.

    Example: rightsregime elect --year 2023 --group EEG --candidate RUS=0.43 --candidate ALB=0.63 --candidate BGR=0.83
    """
    from ..resources import procedure as res

    r = res.elect(candidate, seats=seats, year=year, group=group, electorate=electorate,
                  majority=majority, seed=seed)

    def text(r):
        d = r.data
        if d["clean_slate"]:
            console.print("Clean slate: as many candidates as seats.")
        for b in d["ballots"]:
            console.print(f"  ballot {b['ballot']} ({b['kind']}): "
                          + ", ".join(f"{k} {v}" for k, v in sorted(b['votes'].items(), key=lambda kv: -kv[1]))
                          + (f"  -> elected {', '.join(b['elected'])}" if b['elected'] else ""))
        console.print(f"Elected ({d['majority']} votes needed): {', '.join(d['elected']) or 'none'}"
                      + ("" if d["complete"] else f"; {r.params['seats'] - len(d['elected'])} seat(s) unfilled"))

    render(r, json=json, csv=csv, text=text)


@app.command(name="hrc-lots")
def hrc_lots(json: JsonOption = False, csv: CsvOption = False, db: DbOption = None):
    """The 2006 first election's lots, and the cohorts (seats per regional group) they created.

    Example: rightsregime hrc-lots
    """
    from ..resources import procedure as res

    def text(r):
        for years, group in r["terms"].groupby("term_years"):
            console.print(f"{years}-year terms (to June {2006 + years}), {len(group)} members: "
                          + ", ".join(group["iso3"]), highlight=False)
        for size, seats in r["cohorts"].items():
            console.print(f"cohort of {size}: " + ", ".join(f"{g} {n}" for g, n in seats.items()),
                          highlight=False)

    render(res.hrc_lots(), json=json, csv=csv, text=text)


@app.command()
def reproduce(
    body: Annotated[str, typer.Option("--body", help="HRC, CHR or HRC,CHR.", metavar="BODY")] = "HRC,CHR",
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
):
    """Replay the record under each body's own rules; list every outcome not reproduced, and why.

    Example: rightsregime reproduce --body HRC
    """
    from ..resources import procedure as res

    with open_regime(db) as reg:
        r = res.reproduce(reg, body=body)

    def text(r):
        found = r["not_reproduced"]
        if found.empty:
            console.print("Every recorded outcome is reproduced by the body's own rules.")
            return
        found = found.assign(symbol=found["symbol"].fillna(found["decision_id"]))
        console.print(table(found, ["symbol", "date", "recorded", "replayed", "reason"],
                            widths={"reason": 40}))

    render(r, json=json, csv=csv, text=text)


@app.command(name="hrc-terms")
def hrc_terms_command(
    state: Annotated[Optional[str], typer.Argument(help="One state's terms (code or name), e.g. CHN.",
                                                   metavar="[STATE]")] = None,
    year: Annotated[Optional[int], typer.Option("--year", help="Members sitting in July of this year.",
                                                metavar="YEAR")] = None,
    state_option: Annotated[Optional[str], typer.Option("--state", help="Same as STATE.",
                                                        metavar="STATE")] = None,
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
):
    """HRC membership with terms (derived from the roll calls, the 2006 lots and the recorded
    suspensions and by-elections).

    Example: rightsregime hrc-terms CHN
    """
    from ..resources import procedure as res

    with open_regime(db) as reg:
        r = res.hrc_terms(reg, year=year, state=state or state_option)

    def text(r):
        terms = r["terms"]
        terms = terms.assign(term=[f"{a}-{b}" for a, b in zip(terms["term_start_year"], terms["term_end_year"])],
                             note=["left before the term ended" if x else "" for x in terms["left_early"]])
        console.print(table(terms, ["iso3", "name", "regional_group", "election_year", "term",
                                    "consecutive", "how", "note"],
                            labels={"regional_group": "group", "election_year": "elected", "consecutive": "nth"}))
        console.print(f"{len(terms)} term(s)")

    render(r, json=json, csv=csv, text=text)


@app.command()
def sequence(
    symbol: Annotated[str, typer.Argument(help="A recorded resolution or decision, e.g. A/HRC/RES/32/2.",
                                          metavar="SYMBOL")],
    rules: RulesOption = "abstain-counts-as-no",
    db: DbOption = None,
    json: JsonOption = False,
    csv: CsvOption = False,
):
    """The votes on a text (motions, amendments, the text as amended) in order, under its own rules
    and under --rules, each result carried forward.

    Example: rightsregime sequence A/HRC/RES/32/2 --rules abstain-counts-as-no
    """
    from ..resources import procedure as res

    with open_regime(db) as reg:
        r = res.sequence(reg, symbol, rules)

    def text(r):
        d = r.data
        console.print(f"{d['symbol']}: {d['title']} ({d['body']}, "
                      f"{'country-specific' if d['country_specific'] else 'thematic'})", highlight=False)
        steps = r["steps"]
        steps = steps.assign(own=[(o or "-") + (f" {int(y)}-{int(n)}-{int(a)}" if y == y and y is not None else "")
                                  for o, y, n, a in zip(steps["own_rules"], steps["yes"], steps["no"], steps["abstain"])],
                             counterfactual=steps["counterfactual"].fillna("-"))
        console.print(table(steps, ["step", "symbol", "stage", "recorded", "own", "counterfactual"],
                            labels={"own": d["own_rules"]["rules"], "counterfactual": d["counterfactual"]["rules"]}))
        console.print(f"Final: {d['own_rules']['final']} under {d['own_rules']['rules']}; "
                      f"{d['counterfactual']['final']} under {d['counterfactual']['rules']}"
                      + (f" (amended by {', '.join(d['counterfactual']['amended_by'])})"
                         if d["counterfactual"]["amended_by"] else ""))

    render(r, json=json, csv=csv, text=text)
