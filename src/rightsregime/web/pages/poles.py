"""Alignment map: every state of a body and period placed between two poles (its agreement with
one reference state against its agreement with another), the view the hrc-voting dashboard calls
"Blocs & alignment". It renders the ``poles`` resource, as ``rightsregime poles`` does."""
from __future__ import annotations

from .. import svg
from .blocs import DEFAULT_YEARS
from .state import ROLL_CALLS


def document(reg, *, body: str | None = None, years: str | None = None, x: str | None = None,
             y: str | None = None) -> dict:
    from ... import params as parse
    from ...resources import poles
    from ...resources._base import to_plain

    body = parse.body(body or "HRC", option="body", valid=parse.VOTING_BODIES)
    span = parse.years(years or DEFAULT_YEARS[body], option="years", body=[body])
    years = parse.describe_years(span)
    res = poles.poles(reg, x or poles.DEFAULT_POLES[0], y or poles.DEFAULT_POLES[1], body=body, years=years)
    names = res["names"]
    table = res["states"]
    return {
        "title": f"Between {names[res['x']]} and {names[res['y']]}: {body} {years}",
        "body": body, "years": years, "x": res["x"], "y": res["y"], "names": names,
        "bodies": list(parse.VOTING_BODIES), "where": res["where"], "placed": res["placed"],
        "n_decisions": res["n_decisions"], "labels": poles.pole_labels(table),
        "states": to_plain(table.round(3)), "notes": res.notes, "sources": res.sources,
    }


def csv(doc: dict) -> str:
    import pandas as pd

    return pd.DataFrame(doc["states"]).to_csv(index=False)


def map_svg(doc: dict) -> bytes:
    import pandas as pd

    from ...charts import pole_map, spell_bodies

    chart = pole_map(pd.DataFrame(doc["states"]), x_name=doc["names"][doc["x"]], y_name=doc["names"][doc["y"]],
                     labels=doc["labels"], title=spell_bodies(doc["title"]), sources=ROLL_CALLS[doc["body"]],
                     note=f"{doc['placed']} states placed, {doc['n_decisions']:,} recorded votes; "
                          "Lijphart/Voeten agreement index")
    return svg.chart_svg(chart)
