"""Who could switch on a recorded vote: the fewest changes that flip it (procedure/pivotal.py) and
the members nearest to changing sides, by their agreement with the text's supporters and
opponents over the years before the vote (analysis/switchers.py)."""
from __future__ import annotations

from ..regime.coverage import coverage_notes
from .. import params as parse
from ._base import Resource
from ._common import per_request, shared

# The body's own rule set, used to count the changes that flip the outcome.
_RULES_OF_BODY = {"HRC": "hrc", "CHR": "chr", "GA": "ga-plenary"}


def switchers(reg, symbol: str, *, years_back: int = 3, n: int = 10, rules: str | None = None) -> Resource:
    """The members nearest to switching on ``symbol``: ranked candidates with their agreement
    with supporters and opponents over the ``years_back`` years before the vote (same body)."""
    import pandas as pd

    from ..analysis.switchers import switch_candidates
    from ..errors import EstimationError
    from ..procedure import load_rules
    from ..procedure import pivotal as find_pivotal
    from ..resources.procedure import recorded_vote as decision_record

    years_back = parse.count(years_back, option="--years-back", low=1, high=80, what="number of years")
    n = parse.count(n, option="--n", low=1, high=1000, what="number of states")
    doc = reg.decision(symbol)
    if not doc["votes"] or doc["date"] is None:
        raise EstimationError(f"{doc['symbol']} has no roll call in the sources: nobody's position to "
                              "compare.")
    day = pd.Timestamp(doc["date"])
    start = day - pd.DateOffset(years=years_back)
    where = f"{doc['body']} votes from {start.date()} to the day before {doc['date']}"
    # The agreement of every pair of members over the period depends on the body and the day only:
    # every text voted that day shares it (a server builds it once per day, not once per page).
    n_votes, agree = shared(reg, ("agreement before", doc["body"], str(start.date()), str(day.date())),
                            lambda: _agreement_before(reg, doc["body"], start, day, where))
    if n_votes < 5:
        raise EstimationError(f"Too few votes in {where} ({n_votes}) to compare "
                              "members; widen --years-back.")
    table = switch_candidates(None, doc["votes"], doc["outcome"], where=where, agree=agree)
    names = reg.states().set_index("iso3")["name"]
    table.insert(1, "state", table["iso3"].map(names))
    record = decision_record(reg, doc["symbol"])
    rule_set = load_rules(rules or _RULES_OF_BODY.get(doc["body"], "hrc"))
    rule = rule_set.rule_for(record["kind"], country_specific=record["country_specific"])
    # The same search as the pivotal resource's for this vote and rule set (once a page).
    piv = per_request(reg, ("pivotal", record["symbol"], rule_set.name),
                      lambda: find_pivotal(record["tally"], rule, members=record["tally"].members,
                                           positions=record["positions"]))
    candidates = table[table["candidate"]]
    notes = [f"Agreement: Lijphart/Voeten index over {n_votes} {where}; lean = "
             "agreement with the supporters (yes) minus agreement with the opponents (no).",
             "Candidates are the members whose change could help flip the outcome (for an adopted text "
             "its yes voters and abstainers; for a rejected one its no voters and abstainers), "
             "nearest to the other side first."]
    notes += coverage_notes(doc["body"], (start.year, day.year))
    return Resource(
        kind="switchers",
        params={"symbol": doc["symbol"], "years_back": years_back, "rules": rule_set.name, "n": n},
        data={"symbol": doc["symbol"], "title": doc["title"], "body": doc["body"], "date": doc["date"],
              "outcome": doc["outcome"], "min_flips": piv.min_flips, "margin": piv.margin,
              "flips": piv.flips[:3], "nearest": candidates.head(n).reset_index(drop=True),
              "members": table},
        main="members", notes=notes, sources=[doc.get("source") or ""],
    )


def _agreement_before(reg, body: str, start, day, where: str):
    """(number of votes, agreement matrix) of ``body``'s votes from ``start`` to the day before ``day``;
    no matrix below five votes."""
    from ..analysis.alignment import agreement_matrix
    from ..analysis.switchers import MIN_COMMON

    history = reg.sql("SELECT v.decision_id, v.iso3, v.position FROM votes v JOIN decisions d "
                      "USING (decision_id) WHERE d.body_id = ? AND d.date >= ? AND d.date < ?",
                      [body, start, day])
    n = int(history["decision_id"].nunique())
    return n, (agreement_matrix(history, min_common=MIN_COMMON, where=where) if n >= 5 else None)


__all__ = ["switchers"]
