"""Compare states: a state beside its neighbours, or any states a user names, on every kind of
engagement the regime records: treaties accepted (scrutiny protocols marked), seats on the
Commission and the Council, the Universal Periodic Review received and made, and how they vote.

The page puts two resources side by side, the same the command line prints (``compare`` and
``commitments``); its charts are drawn from the finished document, so a chart never runs a query.
"""
from __future__ import annotations

from .. import svg

CREDIT_VOTES = {"GA": "unvotes (Voeten) to 2019, unga-2025-3dl for 2025", "HRC": "hrc-voting",
                "CHR": "hrc-voting (Commission roll calls)"}
TABLES = ("profile", "ratifications", "agreement", "agreement_by_year", "commitments")


def chosen_states(reg, states: str | None, neighbours_of: str | None) -> tuple[list[str], str]:
    """The states to compare (codes, validated) and a caption saying how they were chosen."""
    from ... import params as parse
    from ...resources.compare import MAX_STATES, neighbours
    from ...resources._common import state_code

    if states:
        codes = list(dict.fromkeys(state_code(reg, s) for s in parse.names(states, option="states")))
        if not 2 <= len(codes) <= MAX_STATES:
            raise parse.UsageError(f"states={states!r}: name 2 to {MAX_STATES} states, comma-separated "
                                   "(e.g. states=CHN,IND,BRA,ZAF).", option="states")
        return codes, ""
    if neighbours_of:
        code = state_code(reg, neighbours_of)
        region, near = neighbours(reg, code)
        if not near:
            raise parse.UsageError(f"{code} has no neighbour in its UN subregion to compare with; name the "
                                   "states (e.g. states=CHN,IND).", option="neighbours")
        return [code, *near], (f"{reg.resolver.name_of(code)} and the UN members of its subregion, "
                               f"{region} (UN M49 standard)")
    return [], ""


def document(reg, states: str | None = None, neighbours_of: str | None = None, body: str = "HRC",
             years: str | None = None, with_: str | None = None) -> dict:
    """The comparison page: empty (a form and examples) until states are chosen."""
    from ... import params as parse
    from ...resources import monitoring
    from ...resources._base import to_plain
    from ...resources.compare import compare_states

    codes, caption = chosen_states(reg, states, neighbours_of)
    form = {"states": ",".join(codes), "body": body.upper(), "years": years or "", "with": with_ or ""}
    if not codes:
        return {"title": "Compare states", "states": [], "form": form, "caption": "",
                "examples": [("China and its neighbours", "neighbours=CHN"),
                             ("The BRICS founders on the Council", "states=BRA,RUS,IND,CHN,ZAF"),
                             ("Sri Lanka and its neighbours", "neighbours=LKA"),
                             ("The permanent five in the General Assembly", "states=CHN,FRA,RUS,GBR,USA&body=GA")]}
    body = parse.body(body, option="body", valid=("GA", "HRC", "CHR"))
    res = compare_states(reg, codes, references=(with_ or codes[0],), body=body, years=years)
    names = res["names"]
    reference = res.params["references"][0]  # a state's code, or a group as '[EU]'
    names.setdefault(reference, reference.strip("[]"))
    engaged = monitoring.commitments(reg, codes[0], codes[1:])
    snapshot = engaged["summary"].set_index("iso3")
    profile = res["profile"].copy()
    year = int(engaged.params["year"])
    for family in ("obligations", "scrutiny", "ilo"):
        profile[f"{family}_{year}"] = [
            f"{int(snapshot.loc[c, family])}/{int(snapshot.loc[c, family + '_open'])}" if c in snapshot.index else ""
            for c in codes]
    profile["upr_supported_share"] = profile["upr_supported_share"].round(2)

    agreement = res["agreement"].round(2).rename(columns=names)
    agreement.insert(0, "state", [names.get(c, c) for c in agreement.index])
    by_year = res["agreement_by_year"]
    commitments_by_year = engaged["over_time"][["iso3", "year", "obligations_share", "scrutiny_share"]]
    ratifications = res["ratifications"].rename(columns={"instrument_id": "instrument"})
    ratifications["scrutiny"] = ratifications["scrutiny"].map({True: "scrutiny", False: ""})

    title = "Compare: " + ", ".join(names.get(c, c) for c in codes)
    return {
        "title": title if len(title) <= 90 else f"Compare {len(codes)} states",
        "states": codes, "names": names, "caption": caption, "form": form, "body": body,
        "years_label": res["years_label"], "reference": reference, "reference_name": names.get(reference, reference),
        "year": year, "query": _query(codes, body, years, with_),
        "profile": to_plain(profile), "profile_columns": list(profile.columns),
        "ratifications": to_plain(ratifications), "ratification_columns": list(ratifications.columns),
        "agreement": to_plain(agreement), "agreement_columns": list(agreement.columns),
        "agreement_by_year": to_plain(by_year), "commitments_by_year": to_plain(commitments_by_year),
        "notes": list(dict.fromkeys(res.notes + engaged.notes)),
        "sources": list(dict.fromkeys(res.sources + engaged.sources)),
    }


def _query(codes, body, years, with_) -> str:
    from urllib.parse import urlencode

    q = {"states": ",".join(codes), "body": body}
    if years:
        q["years"] = years
    if with_:
        q["with"] = with_
    return urlencode(q)


def csv(doc: dict, table: str) -> str:
    """One table of the page as CSV (the download link beside each table)."""
    import pandas as pd

    from ...params import UsageError

    if table not in TABLES:
        raise UsageError(f"Unknown table {table!r}; tables: {', '.join(TABLES)}.", option="table")
    if not doc["states"]:
        raise UsageError("Name the states to compare (states=CHN,IND or neighbours=CHN).", option="states")
    return pd.DataFrame(doc[table]).to_csv(index=False)


def agreement_svg(doc: dict) -> bytes:
    """Each state's agreement with the reference by year (the shared newspaper chart, with gaps)."""
    import pandas as pd

    from ...charts import time_series

    rows = pd.DataFrame(doc["agreement_by_year"])
    if rows.empty:
        return svg.message(f"No recorded vote in the {doc['body']} record shared with {doc['reference_name']} "
                           f"for these states ({doc['years_label']}).")
    chart = time_series(rows, y="index", series="state", n="n_common", names=doc["names"], ylim=(0, 1),
                        n_label="votes shared",
                        title=f"Agreement with {doc['reference_name']}, {doc['body']} {doc['years_label']}, by year",
                        ylabel="agreement index (1 = always alike)", sources=CREDIT_VOTES.get(doc["body"], doc["body"]),
                        note="Lijphart/Voeten index, abstention counts half; a gap: no recorded vote shared that year")
    return svg.chart_svg(chart)


def commitments_svg(doc: dict) -> bytes:
    """Share of the open core treaties each state is party to, by year (formal engagement)."""
    import pandas as pd

    from ...charts import time_series

    rows = pd.DataFrame(doc["commitments_by_year"])
    rows = rows[rows["year"] >= 1965]  # ICERD, the first core treaty, opened in 1965
    chart = time_series(rows, y="obligations_share", series="iso3", names=doc["names"], ylim=(0, 1.02),
                        title="Share of the open core human rights treaties each state is party to",
                        ylabel="parties / treaties open", sources="hr-treaty-ratification (UN Treaty Collection)",
                        note="Status of mid-2022, by year of ratification or accession; optional protocols "
                             "of scrutiny counted apart (table)")
    return svg.chart_svg(chart)
