"""Compare states side by side: ratifications of the 18 instruments (scrutiny protocols marked),
HRC/CHR membership, agreement with each other and with references (states or groups), UPR
recommendations received and made."""
from __future__ import annotations

from ..regime.coverage import coverage_notes, topic_notes
from ._base import Resource
from ._common import state_code


def _references(reg, votes, names):
    """Resolve references: a state code or name, or a group compared through its plurality
    position as the pseudo-state '[GROUP]'. Returns (votes with group rows, codes, labels)."""
    from ..analysis.alignment import with_group_as_state
    from ..analysis.cohesion import member_spells, resolve_group
    from ..errors import RightsRegimeError, UnknownState

    codes, labels = [], {}
    state_names = reg.state_names()
    group_ids = {g.upper() for g in reg.groups()["group_id"]}
    for name in names:
        try:
            key = str(name).strip().upper()
            if key in group_ids and key not in state_names:  # EU, OIC: no resolver needed
                raise UnknownState(f"Unknown state '{name}'.", state=name)
            code = state_code(reg, name)
            labels[code] = state_names.get(code, code)
        except UnknownState as exc:
            try:
                gid = resolve_group(name, reg.groups())
            except RightsRegimeError:
                raise exc from None
            code = f"[{gid}]"
            members = member_spells(reg.group_members(), gid)["iso3"]
            votes = with_group_as_state(votes, members, code)
            labels[code] = gid
        codes.append(code)
    return votes, codes, labels


MAX_STATES = 8  # side-by-side tables and a legend stay readable up to here


def neighbours(reg, state: str, limit: int = MAX_STATES - 1) -> tuple[str, list[str]]:
    """The state's M49 subregion and the other current UN members in it, at most ``limit``, by name:
    the neighbours a diplomat compares a state with (China: Japan, Mongolia, the two Koreas). In a
    larger subregion those that sat longest on the Commission and the Council come first: the most
    engaged with the regime, the ones a comparison is about."""
    from ..regime.crosswalk import un_subregions

    code = state_code(reg, state)
    regions = un_subregions()
    region = regions.get(code)
    if region is None:
        return "", []
    states = reg.states()
    members = states[(states["status"] == "member") & (states["iso3"] != code)]
    near = members[members["iso3"].map(regions) == region]
    seats = reg.sql("SELECT iso3, count(*) AS n FROM membership_years WHERE body_id IN ('CHR', 'HRC') "
                    "GROUP BY iso3").set_index("iso3")["n"]
    near = near.assign(seats=near["iso3"].map(seats).fillna(0)).sort_values(["seats", "name"],
                                                                             ascending=[False, True])
    return region, near.head(limit).sort_values("name")["iso3"].tolist()


def compare_states(reg, states: list[str], *, references=("USA", "RUS", "EU"), body: str = "HRC",
                   years=None) -> Resource:
    """States side by side (see the module docstring); agreement on ``body``'s votes in ``years``."""
    import pandas as pd

    from ..analysis.alignment import agreement_matrix, focal_agreement
    from ..regime.instruments import load_instruments, load_scrutiny_protocols
    from ._common import years_and_bodies

    codes = list(dict.fromkeys(state_code(reg, s) for s in states))
    yr, body = years_and_bodies(years, body)
    body = body or "HRC"
    state_names = reg.state_names()
    names = {c: state_names.get(c, c) for c in codes}

    # Ratifications: year of ratification or accession, 's' for signed only, '' for nothing.
    inst = load_instruments()
    scrutiny = set(load_scrutiny_protocols()["instrument_id"])
    rat = reg.ratifications()
    rat = rat[rat["iso3"].isin(codes)]
    cell = rat.assign(cell=[("" if pd.isna(y) else str(int(y))) if s == "party" else ("s" if s == "signatory" else "")
                            for s, y in zip(rat["status"], rat["year"])])
    wide = cell.pivot_table(index="instrument_id", columns="iso3", values="cell", aggfunc="first")
    wide = wide.reindex(index=inst["instrument_id"], columns=codes).fillna("")
    wide = wide.rename_axis(None, axis=1).reset_index()
    wide.insert(1, "scrutiny", wide["instrument_id"].isin(scrutiny))
    wide.insert(1, "title", wide["instrument_id"].map(dict(zip(inst["instrument_id"], inst["title"]))))

    # Membership and UPR.
    my = reg.sql("SELECT body_id, iso3, count(DISTINCT year) AS n FROM membership_years "
                 f"WHERE iso3 IN ({', '.join('?' * len(codes))}) GROUP BY 1, 2", codes)
    upr = reg.sql(f"""SELECT iso3, sum(received) AS received, sum(supported) AS supported, sum(made) AS made FROM (
                        SELECT under_review AS iso3, 1 AS received, (response = 'supported')::INT AS supported, 0 AS made
                        FROM upr_recommendations UNION ALL
                        SELECT recommending, 0, 0, 1 FROM upr_recommendations)
                      WHERE iso3 IN ({', '.join('?' * len(codes))}) GROUP BY iso3""", codes).set_index("iso3").astype(float)
    parties = rat[rat["status"] == "party"].groupby("iso3").size()
    profile = pd.DataFrame({
        "iso3": codes, "name": [names[c] for c in codes],
        "hrc_years": [int(my[(my.body_id == "HRC") & (my.iso3 == c)]["n"].sum()) for c in codes],
        "chr_years": [int(my[(my.body_id == "CHR") & (my.iso3 == c)]["n"].sum()) for c in codes],
        "parties": [int(parties.get(c, 0)) for c in codes],
        "upr_received": [int(upr["received"].get(c, 0)) for c in codes],
        "upr_supported_share": [float(upr["supported"].get(c, 0)) / upr["received"].get(c) if upr["received"].get(c) else float("nan") for c in codes],
        "upr_made": [int(upr["made"].get(c, 0)) for c in codes],
    })

    # Agreement with each other and with the references.
    where = f"{body} {yr[0]}-{yr[1]}" if yr else body
    votes = reg.sql("SELECT v.decision_id, v.iso3, v.position, d.year FROM votes v JOIN decisions d "
                    "USING (decision_id) WHERE d.body_id IN (" + ", ".join("?" * len(body.split(","))) + ")"
                    + (" AND d.year BETWEEN ? AND ?" if yr else ""), body.split(",") + (list(yr) if yr else []))
    votes, refs, labels = _references(reg, votes, [r for r in references if r])
    labels.update(names)
    cols = list(dict.fromkeys(codes + refs))
    present = set(votes["iso3"])
    agree = agreement_matrix(votes[votes["iso3"].isin(cols)], where=where)
    index = agree.index.reindex(index=codes, columns=cols)
    for c in codes:
        if c in index.columns:
            index.loc[c, c] = float("nan")
    series = []
    for c in codes:
        if c not in present:
            continue
        partners = [p for p in refs if p in present and p != c]
        if not partners:
            continue
        s = focal_agreement(votes, c, by="year", partners=partners, where=where)
        s["label"] = s["state"].map(labels) + " with " + s["partner"].map(labels)
        series.append(s)
    by_year = pd.concat(series, ignore_index=True) if series else pd.DataFrame(
        columns=["state", "period", "partner", "n_common", "identical", "index", "label"])
    by_year = by_year.rename(columns={"period": "year"})
    notes = [f"Not in the {body} record{'s' if ',' in body else ''} for the years asked: "
             + ", ".join(c for c in codes if c not in present)] if any(c not in present for c in codes) else []
    notes.append("Agreement: Lijphart/Voeten index (abstention counts half); a group (e.g. [EU]) is its "
                 "members' plurality position on each decision.")
    notes += coverage_notes(body, yr) + topic_notes("ratifications") + topic_notes("upr")
    return Resource(
        kind="compare",
        params={"states": codes, "references": refs, "body": body, "years": yr},
        data={"states": codes, "names": labels, "body": body,
              "years_label": f"{yr[0]}-{yr[1]}" if yr else "all years",
              "ratifications": wide, "profile": profile, "agreement": index,
              "agreement_by_year": by_year},
        main="ratifications", notes=notes,
        sources=["hr-treaty-ratification", "hrc-voting", "upr-terman"] + (["unvotes"] if "GA" in body else []),
    )


__all__ = ["MAX_STATES", "compare_states", "neighbours"]
