"""Resources for the rules of procedure: outcome, pivotal, rules, replay, reproduce, sequence,
classify, and the Council's elections (eligible, elect, hrc-lots, hrc-terms).

Each reads what it needs from the warehouse and hands frames to :mod:`rightsregime.procedure`.
"""
from __future__ import annotations

from collections.abc import Mapping

from .. import params as parse
from ..errors import RuleSetError, UnknownSymbol, UsageError
from ._base import Resource
from ._common import limit_rows, per_request, shared, with_names

# The Council was created by GA res 60/251 (15 March 2006); its first election was in May 2006.
FIRST_HRC_ELECTION = 2006
# Members of any body a command accepts (the GA has 193; issue 8: cap what any command accepts).
MAX_MEMBERS = 1000


def _gazetteer(reg):
    from ..procedure.replay import state_gazetteer

    # Every state's names (about 15 ms to index): once per process in the observatory.
    return shared(reg, ("gazetteer",), lambda: state_gazetteer(reg.state_name_pairs()))


def recorded_vote(reg, symbol: str, *, members: int | None = None) -> dict:
    """A recorded decision's tally, positions and scope (``outcome SYMBOL``, ``pivotal SYMBOL``)."""
    # The decision page reads it through three resources (outcomes, pivotal, switchers): once.
    record = per_request(reg, ("recorded_vote", symbol, members), lambda: _recorded_vote(reg, symbol, members))
    return {**record, "positions": dict(record["positions"]) if record["positions"] else record["positions"]}


def _recorded_vote(reg, symbol: str, members: int | None) -> dict:
    from ..procedure.replay import decision_record

    found = reg.find_decisions(symbol)
    row = found.iloc[0]
    votes = reg.positions(row["decision_id"])
    un = None
    if row["body_id"] == "GA" and row["date"] is not None and str(row["date"]) != "NaT":
        un = len(reg.un_members_on(row["date"]))
    return decision_record(found, votes, _gazetteer(reg), members=members, un_members=un)


def _members(members: int | None) -> int | None:
    if members is not None and not 1 <= members <= MAX_MEMBERS:
        raise UsageError(f"--members {members}: give a body size from 1 to {MAX_MEMBERS}.",
                         option="--members")
    return members


def _the_vote(reg, symbol, rules, *, yes, no, abstain, non_voting, members, positions, kind,
              country_specific, important, majority):
    """The vote ``outcome`` and ``pivotal`` judge, and the rule that applies to it."""
    from dataclasses import replace

    from ..procedure import make_tally, tally_positions
    from ..procedure.rules import parse_majority

    members = _members(members)
    record = None
    if symbol is not None:
        if reg is None:
            raise UsageError("A decision SYMBOL needs the warehouse.")
        record = recorded_vote(reg, symbol, members=members)
        tally, positions_map = record["tally"], record["positions"]
        country_specific = country_specific or record["country_specific"]
        kind = record["kind"] if kind == "resolution" else kind
        size = tally.members
    else:
        size = members if members is not None else rules.members
        if positions is not None:
            if yes is not None or no is not None:
                raise UsageError("Give either --positions FILE or the totals (--yes/--no), not both.")
            positions_map = dict(positions)
            tally = tally_positions(positions_map, members=size)
        elif yes is None or no is None:
            raise UsageError("Give the totals (--yes N --no N [--abstain N]), --positions FILE, "
                               "or a decision SYMBOL.")
        else:
            positions_map = None
            for name, value in (("--yes", yes), ("--no", no), ("--abstain", abstain),
                                ("--non-voting", non_voting)):
                if value is not None and not 0 <= value <= MAX_MEMBERS:
                    raise UsageError(f"{name} {value}: give a count from 0 to {MAX_MEMBERS}.",
                                     option=name)
            tally = make_tally(yes, no, abstain, non_voting, members=size)
    rule = rules.rule_for(kind, country_specific=country_specific, important=important)
    if majority is not None:
        rule = replace(rule, **parse_majority(majority, where="--majority"))
    return record, tally, positions_map, size, rule, kind, country_specific


def outcome(reg, symbol: str | None = None, *, rules: str = "hrc", yes: int | None = None,
            no: int | None = None, abstain: int = 0, non_voting: int = 0, members: int | None = None,
            positions: Mapping[str, str] | None = None, kind: str = "resolution",
            country_specific: bool = False, important: bool = False, sponsors: int | None = None,
            majority: str | None = None) -> Resource:
    """A vote decided under a rule set: adopted or rejected, the majority required, and why.
    ``reg`` may be None when no SYMBOL is given (totals or positions only)."""
    from ..procedure import decide, load_rules

    rule_set = load_rules(rules)
    record, tally, _, size, rule, kind, country_specific = _the_vote(
        reg, symbol, rule_set, yes=yes, no=no, abstain=abstain, non_voting=non_voting,
        members=members, positions=positions, kind=kind, country_specific=country_specific,
        important=important, majority=majority)
    result = decide(tally, rule, members=size, sponsors=sponsors)
    data = {"rules": rule_set.name, "text_kind": kind, "country_specific": country_specific,
            "important": important, **result.to_dict()}
    if record is not None:
        data = {"symbol": record["symbol"], "title": record["title"], "recorded": record["recorded"],
                **data}
    return Resource("outcome", params={"symbol": symbol, "rules": rule_set.name},
                    data={**data, "decided": _one_row(data)}, main="decided")


# The main tables below are lists of records, not DataFrames: `rules` and `outcome` with totals
# answer without pandas (0.5 s of imports); --csv turns a list into a table when asked.
def _one_row(data: dict) -> list[dict]:
    """The scalars of an answer as a one-row table (what ``--csv`` writes for a single verdict)."""
    return [{k: v for k, v in data.items() if not isinstance(v, (dict, list, tuple))}]


def outcomes(reg, symbol: str) -> Resource:
    """A recorded decision decided under every built-in rule set, beside its recorded outcome (the
    decision page's table; ``outcome SYMBOL --rules all``)."""
    import pandas as pd

    from ..procedure import decide
    from ..procedure.rules import BUILTIN

    record = recorded_vote(reg, symbol)
    tally = record["tally"]
    rows = []
    for name, rule_set in BUILTIN.items():
        rule = rule_set.rule_for(record["kind"], country_specific=record["country_specific"])
        r = decide(tally, rule, members=tally.members)
        rows.append({"rules": name, "title": rule_set.title, "outcome": r.outcome, "required": r.required,
                     "margin": r.margin, "reason": r.reason})
    return Resource("outcomes", params={"symbol": record["symbol"]},
                    data={"symbol": record["symbol"], "title": record["title"], "recorded": record["recorded"],
                          "kind": record["kind"], "country_specific": record["country_specific"],
                          "scope_reason": record["scope_reason"],
                          "tally": {"yes": tally.yes, "no": tally.no, "abstain": tally.abstain,
                                    "non_voting": tally.non_voting, "members": tally.members},
                          "rule_sets": pd.DataFrame(rows)},
                    main="rule_sets")


def pivotal(reg, symbol: str | None = None, *, rules: str = "hrc", yes: int | None = None,
            no: int | None = None, abstain: int = 0, non_voting: int = 0, members: int | None = None,
            positions: Mapping[str, str] | None = None, kind: str = "resolution",
            country_specific: bool = False, important: bool = False,
            majority: str | None = None) -> Resource:
    """The fewest changes of position that flip the outcome, and who alone could."""
    from ..procedure import load_rules
    from ..procedure import pivotal as find_pivotal

    rule_set = load_rules(rules)
    record, tally, positions_map, size, rule, kind, _ = _the_vote(
        reg, symbol, rule_set, yes=yes, no=no, abstain=abstain, non_voting=non_voting,
        members=members, positions=positions, kind=kind, country_specific=country_specific,
        important=important, majority=majority)

    def search():
        return find_pivotal(tally, rule, members=size, positions=positions_map)

    # A recorded vote under a rule set's own rule: the switchers resource asks the same (once a page).
    as_recorded = record is not None and majority is None and members is None and kind == record["kind"] \
        and not important and (not country_specific or record["country_specific"])
    result = per_request(reg, ("pivotal", record["symbol"], rule_set.name), search) if as_recorded else search()
    data = {"rules": rule_set.name, **result.to_dict()}
    if record is not None:
        data = {"symbol": record["symbol"], "title": record["title"], **data}
    return Resource("pivotal", params={"symbol": symbol, "rules": rule_set.name},
                    data={**data, "changes": _changes(data)}, main="changes")


def _changes(data: dict) -> list[dict]:
    """The ways to flip the outcome, flat: one row per change of each way (way 1 may be '2 yes ->
    no'; a way of two changes is two rows), with the tally each way leads to."""
    rows = []
    for way, alternative in enumerate(data["flips"], start=1):
        after = {f"{k}_after": v for k, v in alternative["result"].items()}
        for change in alternative["changes"]:
            rows.append({"way": way, "count": change["count"], "from": change["from"],
                         "to": change["to"], **after})
    return rows


def rules() -> Resource:
    """The built-in rule sets, in words."""
    from ..procedure.rules import BUILTIN, SCOPES

    rows = []  # one row per rule set and kind of text with a rule of its own
    for name, rs in BUILTIN.items():
        for scope in SCOPES:
            rule = getattr(rs, scope)
            if rule is None or (scope != SCOPES[0] and rule == rs.default):
                continue
            applies = "texts" if scope == SCOPES[0] else f"{scope.replace('_', '-')} texts"
            rows.append({"rules": name, "applies_to": applies, "rule": rule.describe(),
                         "members": rs.members, "title": rs.title, "source": rs.source})
    return Resource("rules", data={"rule_sets": {
        name: {"title": rs.title, "source": rs.source, "members": rs.members,
               "lines": rs.describe()} for name, rs in BUILTIN.items()},
        "by_kind": rows}, main="by_kind")


def _swap(reg, decisions, votes, spec: str):
    """Votes with member OUT replaced by state IN (IN's positions taken from its GA votes)."""
    import numpy as np
    import pandas as pd

    from ..procedure.swap import parse_swap, swap_votes

    out_name, new_name = parse_swap(spec)
    out, new = reg.lookup_state(out_name), reg.lookup_state(new_name)
    if out == new:
        raise RuleSetError(f"--swap-member {spec!r}: OUT and IN are the same state ({out}).")
    ga = reg.votes(body="GA", iso3=new)[["title", "year", "position"]]
    ga = ga[ga["title"].notna()].reset_index(drop=True)
    if ga.empty:
        raise RuleSetError(f"--swap-member {spec!r}: {new} has no GA votes in the warehouse to take "
                           "its positions from.")
    ga["year"] = pd.to_numeric(ga["year"], errors="coerce").astype("float").fillna(np.nan)
    return swap_votes(votes, decisions, out, new, ga)


def replay(reg, rules: str = "china-2007", *, body: str | None = "HRC", years=None,
           swap_member: str | None = None):
    """Every recorded decision replayed under other rules: flips per year and a paralysis index.
    Returns a Resource whose ``result`` is the :class:`~rightsregime.procedure.replay.ReplayResult`
    (``by_year`` is the main table)."""
    import pandas as pd

    from ..procedure import load_rules
    from ..procedure.replay import replay_frames

    rule_set = load_rules(rules)
    bodies = parse.bodies(body or "HRC,CHR", valid=("HRC", "CHR"))
    span = parse.years(years, body=bodies)
    decisions = reg.decisions(body=",".join(bodies), years=span)
    if decisions.empty:
        raise UnknownSymbol(f"No decisions of {','.join(bodies)} in {parse.describe_years(span)} "
                            "in the warehouse.")
    votes = reg.positions(decisions.loc[decisions["modality"] == "recorded", "decision_id"])
    swapped, notes = (None, None)
    if swap_member:
        swapped, notes = _swap(reg, decisions, votes, swap_member)
    result = replay_frames(decisions, votes, rule_set, gazetteer=_gazetteer(reg), swapped=swapped,
                           swap_notes=notes)
    doc = result.to_dict()
    res = Resource("replay", params={"rules": rule_set.name, "body": ",".join(bodies),
                                     "years": list(span) if span else None,
                                     "swap_member": swap_member},
                   data={**{k: v for k, v in doc.items() if k not in ("by_year", "flips", "notes")},
                         "by_year": pd.DataFrame(doc["by_year"]), "flips": pd.DataFrame(doc["flips"])},
                   main="by_year", notes=list(doc.get("notes", [])),
                   sources=["hrc-voting"])
    res.result = result  # for the chart
    return res


def reproduce(reg, body: str = "HRC,CHR") -> Resource:
    """The record replayed under each body's own rules: every outcome not reproduced, and why."""
    from ..procedure.replay import reproduce as run_reproduce

    bodies = parse.bodies(body or "HRC,CHR", valid=("HRC", "CHR"))  # "" as typed: the default
    decisions = reg.decisions(body=",".join(bodies))
    votes = reg.positions(decisions.loc[decisions["modality"] == "recorded", "decision_id"])
    found = run_reproduce(decisions, votes, gazetteer=_gazetteer(reg),
                          reconciliation=reg.reconciliation())
    return Resource("reproduce", params={"body": ",".join(bodies)},
                    data={"count": len(found), "not_reproduced": found.reset_index(drop=True)},
                    main="not_reproduced", sources=["hrc-voting"])


def sequence(reg, symbol: str, rules: str = "abstain-counts-as-no") -> Resource:
    """The votes on a text (motions, amendments, the text as amended) in order, under its own
    rules and under ``rules``."""
    import pandas as pd

    from ..procedure.sessions import text_sequence, the_text

    found = reg.find_decisions(symbol)
    amends = found["amends"].dropna()
    text = the_text(found, symbol, reg.decisions_by_id(amends.iloc[:1].tolist()) if len(amends) else None)
    did = text["decision_id"].iloc[0]
    linked = reg.amendments_of(did, decided_only=True)
    votes = reg.positions([did, *linked["decision_id"]])
    doc = text_sequence(text, linked, votes, _gazetteer(reg), rules)
    own = {s["symbol"]: s for s in doc["own_rules"]["steps"]}
    alt = {s["symbol"]: s for s in doc["counterfactual"]["steps"]}
    rows = []
    for i, sym in enumerate(dict.fromkeys([*own, *alt]), start=1):
        step = own.get(sym) or alt.get(sym)
        rows.append({"step": i, "symbol": sym, "stage": step["stage"],
                     "recorded": doc["recorded"].get(sym),
                     "own_rules": own.get(sym, {}).get("outcome"),
                     "yes": step.get("yes"), "no": step.get("no"), "abstain": step.get("abstain"),
                     "counterfactual": alt.get(sym, {}).get("outcome")})
    notes = doc.pop("notes")
    return Resource("sequence", params={"symbol": symbol, "rules": doc["counterfactual"]["rules"]},
                    data={**doc, "steps": pd.DataFrame(rows)}, main="steps", notes=notes)


def classify(reg, symbol: str) -> Resource:
    """Country-specific or thematic, and the rule that decided it."""
    from ..procedure.classify import classify_decision

    row = reg.find_decisions(symbol).iloc[0]
    verdict = classify_decision(row.to_dict(), _gazetteer(reg))
    data = {"symbol": row["symbol"], "title": row["title"], **verdict.to_dict()}
    table = [{**_one_row(data)[0], "states": " ".join(data.get("states") or [])}]
    return Resource("classify", params={"symbol": symbol}, data={**data, "verdict": table},
                    main="verdict")


def _terms(reg):
    from ..procedure.replay import hrc_terms as terms_view

    return terms_view(reg.memberships("HRC"), reg.states())


def hrc_terms(reg, *, year: int | None = None, state: str | None = None) -> Resource:
    """HRC membership with terms, for one year (members sitting in July) or one state."""
    import pandas as pd

    from ..procedure.elections import council_year_of

    terms = _terms(reg)
    code = None
    if state:
        code = reg.lookup_state(state)
        terms = terms[terms["iso3"] == code]
    if year is not None:
        year = parse.single_year(year, option="--year", first=FIRST_HRC_ELECTION,
                                 why="the Council first sat in June 2006")
        # The composition sitting in July of that year (terms ran June-June until 2012).
        council_year = int(council_year_of(pd.Series([pd.Timestamp(year, 7, 1)])).iloc[0])
        terms = terms[(terms["election_year"] <= council_year) & (council_year < terms["term_end_year"])]
    terms = with_names(terms.reset_index(drop=True), reg)
    return Resource("hrc-terms", params={"year": year, "state": code},
                    data={"count": len(terms), "terms": terms}, main="terms",
                    sources=["hrc-voting"])


def eligible(reg, year: int) -> Resource:
    """HRC members who may not stand in YEAR's election (two consecutive terms, GA res 60/251 para 7)."""
    from ..procedure.elections import ineligible

    year = parse.single_year(year, option="YEAR", first=FIRST_HRC_ELECTION,
                             why="the Council's first election was in 2006")
    found = with_names(ineligible(_terms(reg), year).reset_index(drop=True), reg)
    return Resource("eligible", params={"year": year}, data={"year": year, "ineligible": found},
                    main="ineligible", sources=["hrc-voting"])


def elect(candidates: list[str], *, seats: int | None = None, year: int | None = None,
          group: str | None = None, electorate: int | None = None, majority: int | None = None,
          seed: int = 0) -> Resource:
    """Simulate an HRC election in one regional group: absolute majority, restricted ballots."""
    from ..procedure.elections import ga_members, parse_candidates, run_election, seats_in_election

    if year is not None:
        year = parse.single_year(year, option="--year", first=FIRST_HRC_ELECTION,
                                 why="the Council's first election was in 2006")
    # Bounded like every size a user types: the Council has 47 seats, the Assembly under 1,000 members.
    if seats is not None:
        seats = parse.count(seats, option="--seats", low=1, high=47, what="number of seats")
    if electorate is not None:
        electorate = parse.count(electorate, option="--electorate", low=1, high=1000, what="number of voters")
    if majority is not None:
        majority = parse.count(majority, option="--majority", low=1, high=1000, what="number of votes")
    if seats is None:
        if year is None or group is None:
            raise UsageError("Give --seats, or --year and --group to take the seats from the cohort.")
        table = seats_in_election(year)
        key = group.strip().upper().replace("-", "_")
        if key not in table:
            raise UsageError(f"--group {group!r}: use one of {', '.join(table)}.", option="--group")
        seats = table[key]
    if electorate is None:
        electorate = ga_members(year) if year is not None else 193
    support, ballots = parse_candidates(candidates)
    result = run_election(seats, support=support, ballots=ballots, electorate=electorate,
                          majority=majority, seed=seed)
    data = {"year": year, "group": group, **result.to_dict()}
    return Resource("elect", params={"year": year, "group": group, "seats": seats, "seed": seed},
                    data={**data, "votes": _ballot_votes(data)}, main="votes")


def _ballot_votes(data: dict) -> list[dict]:
    """Each candidate's votes in each ballot, and whether that ballot elected it."""
    return [{"ballot": b["ballot"], "kind": b["kind"], "iso3": iso3, "votes": votes,
             "elected": iso3 in b["elected"], "majority": data["majority"]}
            for b in data["ballots"] for iso3, votes in sorted(b["votes"].items(), key=lambda kv: -kv[1])]


def hrc_lots() -> Resource:
    """The 2006 first election's lots, and the cohorts (seats per regional group) they created."""
    from ..procedure.elections import cohort_seats, first_election_terms

    return Resource("hrc-lots", data={"terms": first_election_terms(), "cohorts": cohort_seats()},
                    main="terms")


__all__ = ["outcome", "outcomes", "pivotal", "rules", "replay", "reproduce", "sequence", "classify",
           "hrc_terms", "eligible", "elect", "hrc_lots", "recorded_vote"]
