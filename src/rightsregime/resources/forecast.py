"""Forecast a draft (the whip count) and backtest the forecast on the record.

``forecast(reg, body="HRC", members=2027, concerning="LKA", sponsors=["GBR", "CAN", "DEU"])``
returns a :class:`Resource` with each member's probabilities and reasons, the expected tally with
an interval, P(adoption) under a rule set and the swing members; ``backtest(reg, body="HRC",
start_year=2010)`` the per-session and overall scores beside the baselines.

The record is prepared here (the only layer holding the warehouse): the state each text concerns
(:func:`rightsregime.procedure.classify.classify_frame`), its main sponsors as ISO3 codes
(:func:`rightsregime.analysis.leadership.sponsorships`, groups expanded to their members) and each
state's regional group; :mod:`rightsregime.analysis.forecast` does the rest on DataFrames.
"""
from __future__ import annotations

import pandas as pd

from ..errors import EstimationError, UnknownState
from ._base import Resource

BODIES = ("HRC", "CHR")
SOURCES = ["hrc-voting", "hrc-amendments-tsujamin", "un-groups-blocs"]
TERM_SEATS = 47


class Record:
    """The voting record of a body, ready for the forecast: votes, decisions, groups."""

    def __init__(self, votes: pd.DataFrame, decisions: pd.DataFrame, groups: dict[str, str],
                 names: dict[str, str]):
        self.votes = votes
        self.decisions = decisions
        self.groups = groups
        self.names = names


def _resolver(reg):
    def resolve(name: str):
        try:
            return reg.lookup_state(name)
        except UnknownState:
            return None
    return resolve


def record(reg, body: str = "HRC") -> Record:
    """Recorded votes of ``body`` with each text's state concerned, sponsors and kind."""
    from ..analysis.leadership import sponsorships
    from ..procedure.classify import classify_frame
    from ..procedure.replay import state_gazetteer

    body = _body(body)
    decisions = reg.decisions(body=body, modality="recorded")
    votes = reg.sql("""SELECT v.decision_id, v.iso3, v.position FROM votes v
                       JOIN decisions d USING (decision_id)
                       WHERE d.body_id = ? AND d.modality = 'recorded'""", [body])
    decisions = decisions[decisions["decision_id"].isin(set(votes["decision_id"]))].copy()
    scope = classify_frame(decisions, state_gazetteer(reg.state_name_pairs()))
    decisions["country_specific"] = scope["scope"].eq("country-specific").to_numpy()
    decisions["concerning"] = [s.split("; ")[0] if c and s else None
                               for c, s in zip(decisions["country_specific"], scope["states"])]
    spons = sponsorships(decisions, _resolver(reg), group_members=reg.group_members()).frame
    codes = spons.groupby("decision_id")["iso3"].agg(lambda s: tuple(dict.fromkeys(s)))
    decisions["sponsors"] = [codes.get(d, ()) for d in decisions["decision_id"]]
    states = reg.states()
    groups = {r.iso3: r.regional_group for r in states.itertuples() if isinstance(r.regional_group, str)}
    names = dict(zip(states["iso3"], states["name"]))
    return Record(votes, decisions.reset_index(drop=True), groups, names)


def _body(body: str) -> str:
    """The forecast covers the Council and the Commission (the bodies with sessions of members)."""
    from .. import params

    return params.body(body, valid=BODIES)


def _rule_set(rules: str):
    from ..procedure.rules import load_rules

    return load_rules(rules)


def _adopts(rule_set, *, kind: str, country_specific: bool, members: int):
    from ..procedure.majority import adopted_counts

    rule = rule_set.rule_for(kind, country_specific=country_specific)

    def adopts(yes, no, present_not_voting):
        return adopted_counts(yes, no, present_not_voting, members, rule)
    return adopts, rule


def members_of_year(reg, year: int, body: str = "HRC") -> tuple[list[str], list[str]]:
    """Members sitting in ``year`` (terms covering 1 July, or any day of the year for a future
    one), and sentences on seats not yet filled."""
    m = reg.memberships(body=body)
    start, end = pd.to_datetime(m["term_start"]), pd.to_datetime(m["term_end"])
    mid = pd.Timestamp(year, 7, 1)
    sitting = m[(start <= mid) & (end >= mid)]
    notes = []
    if sitting.empty:
        covering = m[(start.dt.year <= year) & (end.dt.year >= year)]
        sitting = covering
    members = sorted(sitting["iso3"].unique())
    size = TERM_SEATS if body == "HRC" else None
    if size and len(members) < size:
        from ..procedure.elections import GROUP_ORDER

        groups = {r.iso3: r.regional_group for r in reg.states().itertuples()}
        have = pd.Series([groups.get(c) for c in members]).value_counts()
        full = {"AFRICAN": 13, "ASIA_PACIFIC": 13, "EEG": 6, "GRULAC": 8, "WEOG": 7}
        open_seats = {g: full[g] - int(have.get(g, 0)) for g in GROUP_ORDER if full[g] > have.get(g, 0)}
        notes.append(f"{size - len(members)} of the {size} seats for {year} are not yet elected "
                     f"in the record ({', '.join(f'{g} {n}' for g, n in open_seats.items())}); "
                     f"the forecast covers the {len(members)} members whose terms cover {year}.")
    return members, notes


def _states(reg, codes) -> list[str]:
    if codes is None:
        return []
    if isinstance(codes, str):
        codes = [c for c in codes.split(",")]
    return [reg.lookup_state(c.strip()) for c in codes if str(c).strip()]


def forecast(reg, *, body: str = "HRC", members=None, concerning: str | None = None,
             sponsors=None, subject: str | None = None, title: str | None = None,
             kind: str = "resolution", as_of=None, like: str | None = None, rules: str = "hrc",
             level: float = 0.9, data: Record | None = None) -> Resource:
    """The whip count for a draft: per member P(yes/no/abstain) with reasons, the expected tally
    with an interval, P(adoption) under ``rules`` and the swing members."""
    from ..analysis.forecast import Draft, VoteForecaster, forecast_draft

    body = _body(body)
    rule_set = _rule_set(rules)
    rec = data if data is not None else record(reg, body)
    notes: list[str] = []
    like_row = None
    if like:
        found = reg.find_decisions(like)
        like_row = found.iloc[0]
        prepared = rec.decisions[rec.decisions["decision_id"] == like_row["decision_id"]]
        if prepared.empty:
            raise EstimationError(f"--like {like}: {like_row['symbol']} was not put to a recorded "
                                  f"vote in {body}; choose a text adopted by vote.")
        like_row = prepared.iloc[0]
    if as_of is None:
        as_of = pd.Timestamp(like_row["date"]) - pd.Timedelta(days=1) if like_row is not None \
            else pd.Timestamp.today().normalize()
    as_of = pd.Timestamp(as_of)
    if like_row is not None:
        concerning = concerning or like_row["concerning"]
        sponsors = sponsors if sponsors else list(like_row["sponsors"])
        kind = like_row["kind"] if kind == "resolution" else kind
        title = title or like_row["title"]
        subject = subject or like_row["subjects"]
    code = reg.lookup_state(concerning) if concerning else None
    sponsor_codes = _states(reg, sponsors)
    if members is None:
        if like_row is not None:
            ids = rec.votes[rec.votes["decision_id"] == like_row["decision_id"]]
            member_codes = sorted(ids[ids["position"].isin(["yes", "no", "abstain"])]["iso3"])
            notes.append(f"Members: the {len(member_codes)} who voted on {like_row['symbol']}.")
        else:
            member_codes, more = members_of_year(reg, as_of.year, body)
            notes += more
    elif isinstance(members, int) or (isinstance(members, str) and members.strip().isdigit()):
        member_codes, more = members_of_year(reg, int(members), body)
        notes += more
    else:
        member_codes = sorted(set(_states(reg, members)))
    if not member_codes:
        raise EstimationError(f"No members of {body} found for --members {members}; give a year "
                              "with a known membership or a list of states.")
    draft = Draft(as_of, concerning=code, sponsors=tuple(sponsor_codes), kind=kind, title=title,
                  subjects=subject)
    adopts, rule = _adopts(rule_set, kind=kind, country_specific=code is not None,
                           members=len(member_codes))
    result = forecast_draft(rec.votes, rec.decisions, rec.groups, draft, member_codes,
                            adopts=adopts, forecaster=VoteForecaster(), level=level)
    table = result.members
    table.insert(1, "state", [rec.names.get(c, c) for c in table["iso3"]])
    table = table.sort_values(["p_yes", "p_abstain"], ascending=False).reset_index(drop=True)
    swing = result.swing.merge(table[["iso3", "state", "most_likely"]], on="iso3", how="left")
    notes += result.notes
    notes.append("Positions are forecast as if every member is present and votes; absences and "
                 "'present not voting' are not modelled.")
    notes.append(f"Fitted on {result.n_training_rows:,} positions recorded in {body} before "
                 f"{as_of.date()} (last vote {result.history_until.date() if result.history_until is not None else 'none'}).")
    if not sponsor_codes:
        notes.append("No sponsors given: agreement with the sponsors does not enter the forecast.")
    params = {"body": body, "as_of": as_of.date().isoformat(), "concerning": code,
              "concerning_name": rec.names.get(code) if code else None,
              "sponsors": sponsor_codes, "kind": kind, "subject": subject, "title": title,
              "like": None if like_row is None else like_row["symbol"], "rules": rule_set.name,
              "rule": rule.describe(), "members": len(member_codes), "level": level}
    expected = result.tally
    adopted = float(result.p_adopted)
    outcome = None
    if like_row is not None:
        actual = rec.votes[rec.votes["decision_id"] == like_row["decision_id"]]
        outcome = {"symbol": like_row["symbol"], "outcome": like_row["outcome"],
                   "yes": int((actual["position"] == "yes").sum()),
                   "no": int((actual["position"] == "no").sum()),
                   "abstain": int((actual["position"] == "abstain").sum())}
    return Resource("forecast", params,
                    {"p_adopted": adopted, "tally": expected, "members": table, "swing": swing,
                     "recorded": outcome},
                    main="members", notes=notes, sources=SOURCES)


def backtest(reg, *, body: str = "HRC", start_year: int = 2010, rules: str = "hrc",
             progress=None, data: Record | None = None) -> Resource:
    """Per session from ``start_year``: fit on everything before it, forecast every recorded vote
    in it; scores beside the three baselines."""
    from ..analysis._backtest import backtest as run

    body = _body(body)
    rule_set = _rule_set(rules)
    rec = data if data is not None else record(reg, body)
    rule = rule_set.rule_for("resolution")
    from ..procedure.majority import adopted_counts

    def adopts(yes, no, pnv):
        return adopted_counts(yes, no, pnv, None if rule.of != "members" else rule_set.members, rule)

    result = run(rec.votes, rec.decisions, rec.groups, start_year=start_year, adopts=adopts,
                 progress=progress)
    if result.per_session.empty:
        raise EstimationError(f"No recorded votes in {body} from {start_year} with earlier "
                              "history to learn from; choose an earlier --from.")
    notes = list(result.notes)
    notes.append("Baselines name one position; their probabilities are P(recorded | named) from "
                 "their own record before each session (add-one smoothed).")
    notes.append("Outcomes: adopted when P(adopted) > 0.5 (forecast) or when the baseline's "
                 f"positions adopt ({rule.describe()}); margin = yes minus no among members "
                 "recorded as voting.")
    params = {"body": body, "from": start_year, "rules": rule_set.name,
              "sessions": int(len(result.per_session)),
              "positions": int(len(result.predictions)), "texts": int(result.outcomes.shape[0])}
    return Resource("forecast-backtest", params,
                    {"overall": result.overall, "per_session": result.per_session,
                     "calibration": result.calibration, "seconds": result.seconds,
                     "outcomes": result.outcomes},
                    main="per_session", notes=notes, sources=SOURCES)
