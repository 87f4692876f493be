"""Two views of a state drawn on request, beside the state page's document (so the page itself is
no slower): how it voted year by year, and a world map of how alike every other state votes with
it (the "country profile" of the hrc-voting dashboard). Each renders a resource the command line
prints: ``votes --state`` and ``align``."""
from __future__ import annotations

from .. import worldmap
from .state import ROLL_CALLS

# Agreement classes, red (apart) to blue (alike), as the coincidence matrix colours them.
BINS = ((0.8, "0.80-1.00: nearly always alike", "#2166ac"), (0.6, "0.60-0.80", "#67a9cf"),
        (0.4, "0.40-0.60", "#d9d9d9"), (0.2, "0.20-0.40", "#ef8a62"), (0.0, "0.00-0.20: nearly always apart", "#b2182b"))
MIN_COMMON = 20


def agreement_with_all(reg, code: str, body: str):
    """The ``align`` resource of the state on the body, with every partner sharing at least
    MIN_COMMON votes ranked (nearest first)."""
    from ... import params as parse
    from ...resources import alignment

    body = parse.body(body, option="body", valid=parse.VOTING_BODIES)
    return alignment.align(reg, code, body=body, n=1000, min_common=MIN_COMMON)


def partners_csv(reg, code: str, body: str) -> str:
    res = agreement_with_all(reg, code, body)
    return res["nearest"].to_csv(index=False)


def agreement_map_svg(reg, code: str, body: str) -> bytes:
    from ...resources.overview import iso2_codes

    res = agreement_with_all(reg, code, body)
    iso3 = res.params["state"]
    names = reg.state_names()
    categories, colours = {}, {label: colour for _, label, colour in BINS}
    for r in res["nearest"].itertuples(index=False):
        categories[r.partner] = next(label for low, label, _ in BINS if r.index >= low)
    itself = f"{names.get(iso3, iso3)} itself"
    categories[iso3], colours[itself] = itself, "#1b1b1b"
    counts = {label: sum(1 for c in categories.values() if c == label) for label in colours}
    legend = [(label, colour, counts[label]) for label, colour in colours.items() if label != itself]
    title = f"Agreement with {names.get(iso3, iso3)}, {res['where']}"
    return worldmap.draw(categories, colours, iso2_of=iso2_codes(), title=title, legend=legend,
                         credit=f"Source: {ROLL_CALLS[res.params['body']]}. Lijphart/Voeten index (abstention counts "
                                f"half) over the votes both cast; grey outline: fewer than {MIN_COMMON} votes shared "
                                "or not in the record. rightsregime.")


def positions_svg(reg, code: str, body: str) -> bytes:
    """How the state voted per year on the body's recorded votes (the ``votes --state --chart``
    chart): stacked yes, abstain, no, present not voting."""
    from ... import params as parse
    from ...charts import BODY_NAMES, member_years, position_bars
    from ...resources.positions import state_votes
    from ...resources.warehouse import state as state_profile
    from .. import svg

    body = parse.body(body, option="body", valid=parse.VOTING_BODIES)
    res = state_votes(reg, code, body=body)
    record = res["decisions"]
    if record.empty:
        return svg.message(f"{res['state_name']} cast no recorded vote in the {BODY_NAMES[body]} record held.")
    # Years off the body are hatched 'not a member', not taken for years without a vote.
    seats = member_years(state_profile(reg, res["state"]).data, [body])
    chart = position_bars(record, title=f"How {res['state_name']} voted in the {BODY_NAMES[body]}, by year",
                          sources=res.sources, note=f"{len(record):,} recorded votes", members=seats)
    return svg.chart_svg(chart)
