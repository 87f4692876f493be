"""Commands for the rules of procedure: outcome, pivotal, replay, rules, classify, eligible, elect.

Thin: parse, call :mod:`rightsregime.procedure`, render. Errors are
:class:`~rightsregime.errors.RightsRegimeError` subclasses and become one line at the boundary.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from ..errors import RuleSetError
from . import app
from ._options import ChartOption, DbOption, JsonOption, console, emit_json, open_regime, save_chart

RulesOption = Annotated[str, typer.Option(
    "--rules", help="A built-in rule set (hrc, chr, ga-plenary, ga-committee, china-2007, "
    "abstain-counts-as-no, absolute-majority) or the path of a .toml file.")]
PositionsOption = Annotated[Optional[Path], typer.Option(
    "--positions", help="CSV with columns iso3,position (yes, no, abstain, non_voting, absent).",
    dir_okay=False)]
MembersOption = Annotated[Optional[int], typer.Option(
    "--members", help="Size of the body (default: the rule set's, e.g. 47 for hrc).")]
MajorityOption = Annotated[Optional[str], typer.Option(
    "--majority", help="Override the rule's majority: simple, two-thirds, absolute, N/D or "
    "'more than N/D'.")]


def _with_majority(rule, majority: str | None):
    """The rule with its majority replaced by --majority (same words as the TOML key)."""
    if majority is None:
        return rule
    from dataclasses import replace

    from ..procedure.rules import parse_majority

    return replace(rule, **parse_majority(majority, where="--majority"))


def read_positions(path: Path) -> dict[str, str]:
    """A positions CSV (iso3,position) -> {ISO3: position}; one clear line for any problem."""
    from ..procedure.majority import normalise_position

    if not path.exists():
        raise RuleSetError(f"--positions {path}: file not found.")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        if "iso3" not in header or "position" not in header:
            raise RuleSetError(f"--positions {path}: expected a header 'iso3,position', found "
                               f"{','.join(reader.fieldnames or []) or 'nothing'}.")
        positions: dict[str, str] = {}
        for line, row in enumerate(reader, start=2):
            row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
            iso3 = row["iso3"].upper()
            if len(iso3) != 3 or not iso3.isalpha():
                raise RuleSetError(f"--positions {path}, line {line}: '{row['iso3']}' is not an ISO3 code.")
            if iso3 in positions:
                raise RuleSetError(f"--positions {path}, line {line}: {iso3} is listed twice.")
            positions[iso3] = normalise_position(row["position"], where=f"{path}, line {line}")
    if not positions:
        raise RuleSetError(f"--positions {path}: no rows.")
    return positions


def _tally_from_options(rules, yes, no, abstain, non_voting, members, positions_file):
    from ..procedure import make_tally, tally_positions

    size = members if members is not None else rules.members
    if positions_file is not None:
        positions = read_positions(positions_file)
        return tally_positions(positions, members=size), positions, size
    if yes is None or no is None:
        raise RuleSetError("Give the totals (--yes N --no N [--abstain N]), --positions FILE, or a "
                           "decision SYMBOL.")
    return make_tally(yes, no, abstain, non_voting, members=size), None, size


def _decision_tally(db, symbol, rules, members):
    """Tally, positions and metadata of a recorded decision, from the warehouse."""
    from ..procedure.replay import decision_record

    with open_regime(db) as reg:
        return decision_record(reg, symbol, members=members)


def _the_vote(db, symbol, rule_set, yes, no, abstain, non_voting, members, positions, kind,
              country_specific, important, majority):
    """The vote that `outcome` and `pivotal` judge: a recorded decision (``symbol``) or the totals or
    positions given as options, with the rule that applies to it. Returns (record or None, tally,
    positions, body size, rule, kind, country_specific)."""
    record = None
    if symbol is not None:
        record = _decision_tally(db, symbol, rule_set, members)
        tally, positions_map = record["tally"], record["positions"]
        country_specific = country_specific or record["country_specific"]
        kind = record["kind"] if kind == "resolution" else kind
        size = tally.members
    else:
        tally, positions_map, size = _tally_from_options(rule_set, yes, no, abstain, non_voting,
                                                         members, positions)
    rule = _with_majority(rule_set.rule_for(kind, country_specific=country_specific,
                                            important=important), majority)
    return record, tally, positions_map, size, rule, kind, country_specific


@app.command()
def outcome(
    symbol: Annotated[Optional[str], typer.Argument(help="A recorded decision (symbol) to decide "
                                                    "under --rules.")] = None,
    rules: RulesOption = "hrc",
    yes: Annotated[Optional[int], typer.Option("--yes", help="Votes in favour.")] = None,
    no: Annotated[Optional[int], typer.Option("--no", help="Votes against.")] = None,
    abstain: Annotated[int, typer.Option("--abstain", help="Abstentions.")] = 0,
    non_voting: Annotated[int, typer.Option("--non-voting", help="Present, not voting.")] = 0,
    members: MembersOption = None,
    positions: PositionsOption = None,
    kind: Annotated[str, typer.Option("--kind", help="resolution, decision, amendment or motion.")] = "resolution",
    country_specific: Annotated[bool, typer.Option("--country-specific", help="The text concerns one state.")] = False,
    important: Annotated[bool, typer.Option("--important", help="An important question (GA two thirds).")] = False,
    sponsors: Annotated[Optional[int], typer.Option("--sponsors", help="Member sponsors (tabling condition).")] = None,
    majority: MajorityOption = None,
    db: DbOption = None,
    json: JsonOption = False,
):
    """Decide a vote under a rule set: adopted or rejected, the majority required, and why."""
    from ..procedure import decide, load_rules

    rule_set = load_rules(rules)
    record, tally, positions_map, size, rule, kind, country_specific = _the_vote(
        db, symbol, rule_set, yes, no, abstain, non_voting, members, positions, kind, country_specific,
        important, majority)
    result = decide(tally, rule, members=size, sponsors=sponsors)
    doc = {"rules": rule_set.name, "kind": kind, "country_specific": country_specific,
           "important": important, **result.to_dict()}
    if record is not None:
        doc = {"symbol": record["symbol"], "title": record["title"],
               "recorded": record["recorded"], **doc}
    if json:
        emit_json(doc)
        return
    head = f"[bold]{result.outcome.upper()}[/] under {rule_set.name}"
    if record is not None:
        head = f"{record['symbol']}: " + head + f" (recorded: {record['recorded']})"
    console.print(head)
    console.print(f"  {result.yes} yes, {result.no} no, {result.abstain} abstain"
                  + (f", {result.non_voting} present not voting" if result.non_voting else "")
                  + (f", {result.absent} absent" if result.absent else ""))
    console.print(f"  present and voting {result.present_and_voting}; required {result.required} "
                  f"yes ({result.rule}); margin {result.margin:+d}")
    console.print(f"  {result.reason}")


@app.command()
def pivotal(
    symbol: Annotated[Optional[str], typer.Argument(help="A recorded decision (symbol).")] = None,
    rules: RulesOption = "hrc",
    yes: Annotated[Optional[int], typer.Option("--yes")] = None,
    no: Annotated[Optional[int], typer.Option("--no")] = None,
    abstain: Annotated[int, typer.Option("--abstain")] = 0,
    non_voting: Annotated[int, typer.Option("--non-voting")] = 0,
    members: MembersOption = None,
    positions: PositionsOption = None,
    kind: Annotated[str, typer.Option("--kind")] = "resolution",
    country_specific: Annotated[bool, typer.Option("--country-specific")] = False,
    important: Annotated[bool, typer.Option("--important")] = False,
    majority: MajorityOption = None,
    db: DbOption = None,
    json: JsonOption = False,
):
    """Who was pivotal: the fewest changes of position that flip the outcome, and who alone could."""
    from ..procedure import load_rules
    from ..procedure import pivotal as find_pivotal

    rule_set = load_rules(rules)
    record, tally, positions_map, size, rule, kind, country_specific = _the_vote(
        db, symbol, rule_set, yes, no, abstain, non_voting, members, positions, kind, country_specific,
        important, majority)
    result = find_pivotal(tally, rule, members=size, positions=positions_map)
    doc = {"rules": rule_set.name, **result.to_dict()}
    if record is not None:
        doc = {"symbol": record["symbol"], "title": record["title"], **doc}
    nearest = None
    if record is not None:  # issue 9: the members nearest to switching, by their record
        from .questions import switchers_for

        nearest = switchers_for(db, record["symbol"])
        if nearest is not None:
            doc["nearest_to_switching"] = nearest["nearest"].to_dict("records")
    if json:
        emit_json(doc)
        return
    name = record["symbol"] if record else "The vote"
    console.print(f"{name}: [bold]{result.outcome}[/] under {rule_set.name}; margin "
                  f"{result.margin:+d} (required {result.required} of {result.present_and_voting} "
                  "present and voting)")
    if result.min_flips is None:
        console.print("  No change of positions by these members can flip it.")
        return
    console.print(f"  Fewest changes to flip it: {result.min_flips}")
    for alt in result.flips[:6]:
        console.print("    " + "; ".join(f"{c['count']} {c['from']} -> {c['to']}" for c in alt["changes"]))
    if result.pivotal:
        console.print(f"  Pivotal members (one change flips it): {', '.join(result.pivotal)}")
    if nearest is not None:
        from .questions import print_switchers

        print_switchers(nearest)
    elif result.pivotal_positions:
        console.print(f"  Any one member voting {', '.join(result.pivotal_positions)} could flip it.")


@app.command(name="rules")
def list_rules(json: JsonOption = False):
    """The built-in rule sets, in words."""
    from ..procedure.rules import BUILTIN

    if json:
        emit_json({name: {"title": rs.title, "source": rs.source, "members": rs.members,
                          "lines": rs.describe()} for name, rs in BUILTIN.items()})
        return
    for rs in BUILTIN.values():
        for line in rs.describe():
            console.print(line, highlight=False)
        console.print()


@app.command()
def replay(
    rules: RulesOption = "china-2007",
    body: Annotated[Optional[str], typer.Option("--body", help="HRC, CHR or both (HRC,CHR).")] = "HRC",
    years: Annotated[Optional[str], typer.Option("--years", help="e.g. 2006-2026.")] = None,
    swap_member: Annotated[Optional[str], typer.Option(
        "--swap-member", help="OUT=IN: replace member OUT by state IN, whose positions are taken "
        "from its GA votes on the same subjects.")] = None,
    db: DbOption = None,
    json: JsonOption = False,
    chart: ChartOption = None,
):
    """Replay every recorded decision under other rules: flips per year and a paralysis index."""
    from ..procedure import load_rules
    from ..procedure.replay import replay_regime

    rule_set = load_rules(rules)
    with open_regime(db) as reg:
        result = replay_regime(reg, rule_set, body=body, years=years, swap_member=swap_member)
    if chart is not None:  # issue 9: the shared chart (real year axis, outcome colours, texts behind each point)
        import pandas as pd

        from ..charts import replay_years
        from .questions import write_chart

        write_chart(replay_years(pd.DataFrame(result.by_year), title=f"The record replayed under {result.rules}",
                                 sources="hrc-voting (OHCHR Search Library)", note=result.title), chart)
    if json:
        emit_json(result.to_dict())
        return
    console.print(f"[bold]{rule_set.name}[/]: {rule_set.title}", highlight=False)
    for note in result.notes:
        console.print(f"  note: {note}", highlight=False)
    table = Table("year", "texts", "recorded votes", "country texts", "flips", "failing country texts",
                  "paralysis index")
    for row in result.by_year:
        table.add_row(str(row["year"]), str(row["texts"]), str(row["recorded_votes"]),
                      str(row["country_specific"]), str(row["flips"]),
                      str(row["country_specific_failed"]),
                      "" if row["paralysis_index"] is None else f"{row['paralysis_index']:.2f}")
    console.print(table)
    if result.flips:
        flips = Table("symbol", "date", "title", "recorded", "counterfactual", "votes", "margin")
        flips.columns[0].no_wrap = flips.columns[1].no_wrap = True
        for f in result.flips:
            title = f["title"] or ""
            flips.add_row(f["symbol"], str(f["date"]), title if len(title) <= 48 else title[:47] + "…",
                          f["recorded"], f["counterfactual"] + (" (not tabled)" if f.get("why") else ""),
                          f"{f['yes']}-{f['no']}-{f['abstain']}", f"{f['margin']:+d}")
        console.print(flips)


@app.command()
def classify(
    symbol: Annotated[str, typer.Argument(help="A decision symbol.")],
    db: DbOption = None,
    json: JsonOption = False,
):
    """Country-specific or thematic, and the rule that decided it."""
    from ..procedure.classify import classify_decision
    from ..procedure.replay import state_gazetteer

    with open_regime(db) as reg:
        row = reg.find_decisions(symbol).iloc[0]
        verdict = classify_decision(row.to_dict(), state_gazetteer(reg))
    doc = {"symbol": row["symbol"], "title": row["title"], **verdict.to_dict()}
    if json:
        emit_json(doc)
        return
    console.print(f"{doc['symbol']}: [bold]{verdict.scope}[/] ({verdict.reason})", highlight=False)


@app.command()
def eligible(
    year: Annotated[int, typer.Argument(help="Election year (October), e.g. 2027.")],
    db: DbOption = None,
    json: JsonOption = False,
):
    """HRC members who may not stand in YEAR's election (two consecutive terms, GA res 60/251 para 7)."""
    from ..procedure.elections import ineligible
    from ..procedure.replay import hrc_terms

    with open_regime(db) as reg:
        terms = hrc_terms(reg)
    found = ineligible(terms, year)
    if json:
        emit_json({"year": year, "ineligible": found.to_dict("records")})
        return
    if found.empty:
        console.print(f"No member is barred from the {year} election by the two-term rule "
                      "(on the recorded membership).")
        return
    table = Table("iso3", "group", "terms (start-end)", "why")
    for r in found.itertuples():
        table.add_row(r.iso3, str(r.regional_group or ""), r.terms, r.reason)
    console.print(f"Members who may not stand in the {year} election:")
    console.print(table)


@app.command()
def elect(
    candidate: Annotated[list[str], typer.Option(
        "--candidate", help="ISO3=SUPPORT (share of GA members voting for it, 0-1), repeatable; "
        "or ISO3=V1,V2,... the votes it received in each recorded ballot.")],
    seats: Annotated[Optional[int], typer.Option("--seats", help="Seats to fill (default: the "
                                                  "group's seats in --year's cohort).")] = None,
    year: Annotated[Optional[int], typer.Option("--year", help="Election year (sets the cohort's "
                                                "seats and the majority: 96 in 2006, 97 after).")] = None,
    group: Annotated[Optional[str], typer.Option("--group", help="Regional group: AFRICAN, "
                                                 "ASIA_PACIFIC, EEG, GRULAC, WEOG.")] = None,
    electorate: Annotated[Optional[int], typer.Option("--electorate", help="GA members (193).")] = None,
    majority: Annotated[Optional[int], typer.Option(
        "--majority", help="Votes needed (default: absolute majority of the electorate, 97 of 193).")] = None,
    seed: Annotated[int, typer.Option("--seed")] = 0,
    json: JsonOption = False,
):
    """Simulate an HRC election in one regional group: absolute majority, restricted ballots."""
    from ..procedure.elections import ga_members, parse_candidates, run_election, seats_in_election

    if seats is None:
        if year is None or group is None:
            raise RuleSetError("Give --seats, or --year and --group to take the seats from the cohort.")
        table = seats_in_election(year)
        key = group.strip().upper().replace("-", "_")
        if key not in table:
            raise RuleSetError(f"--group {group!r}: use one of {', '.join(table)}.")
        seats = table[key]
    if electorate is None:
        electorate = ga_members(year) if year is not None else 193
    support, ballots = parse_candidates(candidate)
    result = run_election(seats, support=support, ballots=ballots, electorate=electorate,
                          majority=majority, seed=seed)
    if json:
        emit_json({"year": year, "group": group, **result.to_dict()})
        return
    if result.clean_slate:
        console.print("Clean slate: as many candidates as seats.")
    for b in result.ballots:
        console.print(f"  ballot {b['ballot']} ({b['kind']}): "
                      + ", ".join(f"{k} {v}" for k, v in sorted(b['votes'].items(), key=lambda kv: -kv[1]))
                      + (f"  -> elected {', '.join(b['elected'])}" if b['elected'] else ""))
    console.print(f"Elected ({result.majority} votes needed): {', '.join(result.elected) or 'none'}"
                  + ("" if result.complete else f"; {seats - len(result.elected)} seat(s) unfilled"))


@app.command(name="hrc-lots")
def hrc_lots(json: JsonOption = False):
    """The 2006 first election's lots, and the cohorts (seats per regional group) they created."""
    from ..procedure.elections import cohort_seats, first_election_terms

    terms = first_election_terms()
    cohorts = cohort_seats()
    if json:
        emit_json({"terms": terms.to_dict("records"), "cohorts": cohorts})
        return
    for years, group in terms.groupby("term_years"):
        console.print(f"{years}-year terms (to June {2006 + years}), {len(group)} members: "
                      + ", ".join(group["iso3"]), highlight=False)
    for size, seats in cohorts.items():
        console.print(f"cohort of {size}: " + ", ".join(f"{g} {n}" for g, n in seats.items()),
                      highlight=False)


@app.command()
def reproduce(
    body: Annotated[str, typer.Option("--body", help="HRC, CHR or HRC,CHR.")] = "HRC,CHR",
    db: DbOption = None,
    json: JsonOption = False,
):
    """Replay the record under each body's own rules; list every outcome not reproduced, and why."""
    from ..procedure.replay import reproduce_regime

    with open_regime(db) as reg:
        found = reproduce_regime(reg, body=body)
    if json:
        emit_json({"body": body, "not_reproduced": found.to_dict("records")})
        return
    if found.empty:
        console.print("Every recorded outcome is reproduced by the body's own rules.")
        return
    table = Table("symbol", "date", "recorded", "replayed", "reason")
    table.columns[0].no_wrap = table.columns[1].no_wrap = True
    for r in found.itertuples():
        table.add_row(r.symbol or r.decision_id, str(r.date), r.recorded, str(r.replayed or "-"),
                      r.reason)
    console.print(table)


@app.command(name="hrc-terms")
def hrc_terms_command(
    year: Annotated[Optional[int], typer.Option("--year", help="Members sitting in July of this year.")] = None,
    state: Annotated[Optional[str], typer.Option("--state", help="One state's terms (code or name).")] = None,
    db: DbOption = None,
    json: JsonOption = False,
):
    """HRC membership with terms (the warehouse's, derived from the roll calls, the 2006 lots and the recorded
    suspensions and by-elections)."""
    from ..procedure.replay import hrc_terms

    with open_regime(db) as reg:
        terms = hrc_terms(reg)
        if state:
            terms = terms[terms["iso3"] == reg.lookup_state(state)]
    if year is not None:
        import pandas as pd

        from ..procedure.elections import council_year_of

        # The composition sitting in July of that year (terms ran June-June until 2012).
        council_year = int(council_year_of(pd.Series([pd.Timestamp(year, 7, 1)])).iloc[0])
        terms = terms[(terms["election_year"] <= council_year) & (council_year < terms["term_end_year"])]
    if json:
        emit_json({"year": year, "state": state, "terms": terms.to_dict("records")})
        return
    table = Table("iso3", "group", "elected", "term", "consecutive", "how", "note")
    for t in terms.itertuples():
        table.add_row(t.iso3, str(t.regional_group or ""), str(t.election_year),
                      f"{t.term_start_year}-{t.term_end_year}", str(t.consecutive), t.how,
                      "left before the term ended" if t.left_early else "")
    console.print(table)
    console.print(f"{len(terms)} term(s)")


@app.command()
def sequence(
    symbol: Annotated[str, typer.Argument(help="A recorded resolution or decision.")],
    rules: RulesOption = "abstain-counts-as-no",
    db: DbOption = None,
    json: JsonOption = False,
):
    """The votes on a text (motions, amendments, the text as amended) in order, under its own rules
    and under --rules, each result carried forward."""
    from ..procedure.sessions import text_sequence

    with open_regime(db) as reg:
        doc = text_sequence(reg, symbol, rules)
    if json:
        emit_json(doc)
        return
    console.print(f"{doc['symbol']}: {doc['title']} ({doc['body']}, "
                  f"{'country-specific' if doc['country_specific'] else 'thematic'})", highlight=False)
    table = Table("step", "symbol", "stage", "recorded", doc["own_rules"]["rules"], doc["counterfactual"]["rules"])
    table.columns[1].no_wrap = table.columns[2].no_wrap = True
    own = {s["symbol"]: s for s in doc["own_rules"]["steps"]}
    alt = {s["symbol"]: s for s in doc["counterfactual"]["steps"]}
    for i, sym in enumerate(dict.fromkeys([*own, *alt]), start=1):
        step = own.get(sym) or alt.get(sym)
        votes = f" {step['yes']}-{step['no']}-{step['abstain']}" if "yes" in step else ""
        table.add_row(str(i), sym, step["stage"], str(doc["recorded"].get(sym, "")),
                      own.get(sym, {}).get("outcome", "-") + votes, alt.get(sym, {}).get("outcome", "-"))
    console.print(table)
    console.print(f"Final: {doc['own_rules']['final']} under {doc['own_rules']['rules']}; "
                  f"{doc['counterfactual']['final']} under {doc['counterfactual']['rules']}"
                  + (f" (amended by {', '.join(doc['counterfactual']['amended_by'])})"
                     if doc["counterfactual"]["amended_by"] else ""))
    for note in doc["notes"]:
        console.print(note, style="dim", highlight=False)
