"""A state's profile: names, groups, memberships, ratifications (UN and ILO), voting record and UPR engagement."""
from __future__ import annotations

import pandas as pd

FOCAL = ("USA", "CHN")
VOTING_BODIES = ("GA", "HRC", "CHR")


def _records(df: pd.DataFrame) -> list[dict]:
    return df.astype(object).where(df.notna(), None).to_dict("records")


def state_profile(reg, iso3: str) -> dict:
    state = reg.sql("SELECT * FROM states WHERE iso3 = ?", [iso3])
    info = state.iloc[0].to_dict() if len(state) else {"iso3": iso3, "name": reg.resolver.name_of(iso3)}
    # Official names over time, including those of predecessor codes (USSR for RUS, Zaire for COD).
    predecessors = reg.sql("""SELECT iso3 FROM states WHERE list_contains(string_split(successor, ';'), ?)""",
                           [iso3])["iso3"].tolist()
    names = reg.sql(f"""SELECT name, iso3, valid_from, valid_to, kind, source FROM state_names
                        WHERE iso3 IN ({', '.join('?' * (1 + len(predecessors)))}) AND kind = 'official'
                        ORDER BY valid_from NULLS FIRST, name""", [iso3, *predecessors])
    groups = reg.sql("""SELECT g.group_id, g.name, g.kind, gm.status, gm.source
                        FROM group_members gm JOIN groups g USING (group_id)
                        WHERE gm.iso3 = ? ORDER BY g.kind DESC, g.group_id""", [iso3])
    regional = groups.loc[groups["kind"] == "regional", "group_id"].tolist()
    years = reg.sql("SELECT body_id, year FROM membership_years WHERE iso3 = ? ORDER BY body_id, year", [iso3])
    memberships = {b: sorted(int(y) for y in g["year"]) for b, g in years.groupby("body_id")}
    terms = reg.sql("""SELECT body_id, term_start, term_end, how FROM memberships WHERE iso3 = ?
                       ORDER BY body_id, term_start""", [iso3])
    rat = reg.sql("""SELECT i.instrument_id, i.title, r.status, r.year
                     FROM instruments i LEFT JOIN ratifications r
                       ON r.instrument_id = i.instrument_id AND r.iso3 = ?
                     ORDER BY i.adopted, i.instrument_id""", [iso3])
    ratifications = {
        r["instrument_id"]: {"status": r["status"] or "none",
                             "year": None if pd.isna(r["year"]) else int(r["year"])}
        for r in rat.to_dict("records")
    }
    ilo = reg.sql("""SELECT c.convention, c.family, r.year, r.denounced
                     FROM ilo_conventions c LEFT JOIN ilo_ratifications r
                       ON r.convention = c.convention AND r.iso3 = ?
                     ORDER BY c.convention""", [iso3])
    ilo_conventions = {
        r["convention"]: {"family": r["family"],
                          "status": "none" if pd.isna(r["year"]) else
                          ("denounced" if not pd.isna(r["denounced"]) else "party"),
                          "year": None if pd.isna(r["year"]) else int(r["year"]),
                          "denounced": None if pd.isna(r["denounced"]) else int(r["denounced"])}
        for r in ilo.to_dict("records")
    }
    counts = reg.sql("""SELECT d.body_id, v.position, count(*) AS n
                        FROM votes v JOIN decisions d USING (decision_id)
                        WHERE v.iso3 = ? GROUP BY ALL ORDER BY ALL""", [iso3])
    voting = {}
    for body, g in counts.groupby("body_id"):
        voting[body] = {p: int(n) for p, n in zip(g["position"], g["n"])}
    agreement = _agreement_by_decade(reg, iso3)
    upr_received = reg.sql("""SELECT coalesce(response, 'no response') AS response, action_category, count(*) AS n
                              FROM upr_recommendations WHERE under_review = ?
                              GROUP BY ALL ORDER BY ALL""", [iso3])
    upr_made = reg.sql("""SELECT coalesce(response, 'no response') AS response, action_category, count(*) AS n
                          FROM upr_recommendations WHERE recommending = ?
                          GROUP BY ALL ORDER BY ALL""", [iso3])
    return {
        "iso3": iso3,
        "name": info.get("name"),
        "m49": None if pd.isna(info.get("m49")) else int(info["m49"]),
        "admitted": None if pd.isna(info.get("admitted")) else pd.Timestamp(info["admitted"]).date().isoformat(),
        "left": None if pd.isna(info.get("left")) else pd.Timestamp(info["left"]).date().isoformat(),
        "successor": info.get("successor") if not pd.isna(info.get("successor")) else None,
        "status": info.get("status"),
        "names": _records(names),
        "predecessors": predecessors,
        "regional_group": regional[0] if regional else None,
        "groups": _records(groups),
        "memberships": memberships,
        "terms": _records(terms),
        "ratifications": ratifications,
        "ilo_conventions": ilo_conventions,
        "voting": voting,
        "agreement": agreement,
        "upr": {
            "received": _upr_summary(upr_received),
            "made": _upr_summary(upr_made),
        },
    }


def _upr_summary(df: pd.DataFrame) -> dict:
    total = {r: int(g["n"].sum()) for r, g in df.groupby("response")}
    by_cat = {}
    for r in df.to_dict("records"):
        cat = "none" if pd.isna(r["action_category"]) else str(int(r["action_category"]))
        by_cat.setdefault(cat, {})[r["response"]] = int(r["n"])
    return {"total": int(df["n"].sum()) if len(df) else 0, "by_response": total, "by_action_category": by_cat}


def _agreement_by_decade(reg, iso3: str) -> dict:
    """Share of identical positions (yes/no/abstain) with the US and China, per body and decade."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for focal in FOCAL:
        if focal == iso3:
            continue
        df = reg.sql("""
            SELECT d.body_id, (d.year // 10) * 10 AS decade,
                   avg(CASE WHEN a.position = b.position THEN 1.0 ELSE 0.0 END) AS agreement,
                   count(*) AS n
            FROM votes a JOIN votes b ON a.decision_id = b.decision_id
            JOIN decisions d ON d.decision_id = a.decision_id
            WHERE a.iso3 = ? AND b.iso3 = ?
              AND a.position IN ('yes', 'no', 'abstain') AND b.position IN ('yes', 'no', 'abstain')
            GROUP BY ALL ORDER BY ALL""", [iso3, focal])
        for r in df.to_dict("records"):
            out.setdefault(focal, {}).setdefault(r["body_id"], {})[f"{int(r['decade'])}s"] = {
                "agreement": round(float(r["agreement"]), 3), "n": int(r["n"])}
    return out
