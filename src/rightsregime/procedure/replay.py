"""Replay the record under any rule set: which texts flip, per year, and a paralysis index.

:func:`tallies` turns the canonical ``decisions`` and ``votes`` tables into one row per decision with
the counts the rules need; :func:`replay` applies a :class:`~.rules.RuleSet` to all of them at
once (numpy, a few milliseconds for the 6,000 CHR/HRC decisions); the ``*_regime`` helpers read
the warehouse.

What is counted, and the assumptions (each also listed in :attr:`ReplayResult.notes`):

* Counts are the warehouse's chosen tally (``decisions.yes/no/abstain/non_voting``, see
  warehouse/tallies.py); a frame without ``tally_basis`` falls back to the official totals where
  the source has them, else the roll call.
* The body's size for a decision is the number of members in its roll call (absent members
  included), else :func:`body_size` for the body and year.
* A text adopted without a vote passes under any rule that only counts votes (nobody asked for
  a vote, so nobody was against it); only recorded votes can flip.
* A tabling condition (china-2007: one third of the members as sponsors) cannot be checked: the
  sources give main sponsors, not the co-sponsors among members. The replay uses the yes votes
  as an upper bound (sponsors vote yes): a recorded text with fewer yes votes than the sponsors
  required could not have been tabled.
* Results carry forward (:mod:`.order`): a flipped amendment means the text voted last would have
  been different (flagged, its own recorded votes still decide it); an adopted no-action motion
  means no vote on the text.
* Texts withdrawn or not considered were never voted on and are left out.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import RuleSetError, UnknownSymbol
from .classify import classify_frame, gazetteer_from_names
from .majority import adopted_counts, make_tally
from .rules import RuleSet, load_rules

VOTED = ("adopted", "rejected")
TEXT_KINDS = ("resolution", "decision", "presidential statement")

def body_size(body: str, year: int | None, day=None) -> int | None:
    """Members of ``body`` in ``year`` (on ``day`` if given) when the roll call does not say (None if
    unknown): the Council's 47 seats less a suspended member or a vacant seat that day
    (``regime.council.seats_filled``), the Commission's size by year (``regime.commission.chr_size``)."""
    from ..regime import HRC_SIZE
    from ..regime.commission import chr_size
    from ..regime.council import seats_filled

    if body == "HRC":
        if day is not None and not pd.isna(day):
            return seats_filled(pd.Timestamp(day).date())
        return HRC_SIZE
    if body == "CHR":
        return chr_size(year)
    return None


def tallies(decisions: pd.DataFrame, votes: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per decision with the counts the rules need.

    Adds ``t_yes, t_no, t_pnv`` (abstain + present not voting), ``members``, ``has_tally`` (a
    recorded vote with counts), ``counts_from`` ('official', 'roll call' or None) and
    ``roll_call_total``.
    """
    out = decisions.copy()
    official = out[["yes", "no"]].notna().all(axis=1)
    if votes is not None and len(votes):
        # groupby-size rather than pivot_table: the same counts, a fifth of the time (a decision
        # page counts one roll call several times).
        counted = votes.groupby(["decision_id", "position"]).size().unstack(fill_value=0)
        for pos in ("yes", "no", "abstain", "non_voting", "absent"):
            if pos not in counted:
                counted[pos] = 0
        counted["roll_call_total"] = counted[["yes", "no", "abstain", "non_voting", "absent"]].sum(axis=1)
        counted = counted.add_prefix("rc_")
        out = out.merge(counted, left_on="decision_id", right_index=True, how="left")
    else:
        for pos in ("yes", "no", "abstain", "non_voting", "absent"):
            out[f"rc_{pos}"] = np.nan
        out["rc_roll_call_total"] = np.nan
    out = out.rename(columns={"rc_roll_call_total": "roll_call_total"})
    has_rc = out["roll_call_total"].fillna(0) > 0
    numbers: dict[str, pd.Series] = {}

    def num(col):  # each column converted once (a 1-row frame spent most of its time here)
        if col not in numbers:
            numbers[col] = pd.to_numeric(out[col], errors="coerce").fillna(0).astype("int64")
        return numbers[col]

    if "tally_basis" in out:
        # The warehouse chose one tally per decision (warehouse/tallies.py): yes/no/abstain/non_voting
        # are the chosen counts, the official ones are official_*.
        has_official = out[["official_yes", "official_no"]].notna().all(axis=1)
        differs = has_official & official & ((num("official_yes") != num("yes")) | (num("official_no") != num("no"))
                                             | (num("official_abstain") != num("abstain")))
        out["totals_contradicted"] = differs
        out["t_yes"], out["t_no"] = num("yes"), num("no")
        out["t_pnv"] = num("abstain") + num("non_voting")
        out["counts_from"] = np.where(official & ~has_official, "roll call", np.where(
            differs, "chosen tally (" + out["tally_basis"].fillna("").astype(str) + ")",
            np.where(official, "official", np.where(has_rc, "roll call", None))))
        out["has_tally"] = official | has_rc
        return _members(out, has_rc)
    # Official totals that contradict both the recorded outcome and the source's own roll call
    # (HRC 31 amendments: no and abstain totals swapped) give way to the roll call.
    if "outcome" in out:
        official_adopts = num("yes") > num("no")
        roll_call_adopts = num("rc_yes") > num("rc_no")
        recorded_adopted = out["outcome"].eq("adopted")
        out["totals_contradicted"] = (official & has_rc & (official_adopts != recorded_adopted)
                                      & (roll_call_adopts == recorded_adopted)
                                      & ((num("yes") != num("rc_yes")) | (num("no") != num("rc_no"))))
        official = official & ~out["totals_contradicted"]
    else:
        out["totals_contradicted"] = False
    out["t_yes"] = np.where(official, num("yes"), num("rc_yes"))
    out["t_no"] = np.where(official, num("no"), num("rc_no"))
    out["t_pnv"] = np.where(official, num("abstain") + num("non_voting"),
                            num("rc_abstain") + num("rc_non_voting"))
    out["counts_from"] = np.where(official, "official", np.where(
        out["totals_contradicted"], "roll call (official totals contradict it and the outcome)",
        np.where(has_rc, "roll call", None)))
    out["has_tally"] = official | has_rc
    return _members(out, has_rc)


def _members(out: pd.DataFrame, has_rc: pd.Series) -> pd.DataFrame:
    """``members``: the roll call's length (absent members included), else the body's size that day."""
    dates = out["date"] if "date" in out else pd.Series(None, index=out.index)
    sizes = [body_size(b, None if pd.isna(y) else int(y), d) for b, y, d in zip(out["body_id"], out["year"], dates)]
    members = np.where(has_rc, out["roll_call_total"].fillna(0), pd.Series(sizes, dtype="float").fillna(0))
    present = out["t_yes"] + out["t_no"] + out["t_pnv"]
    # A roll call that lists fewer members than voted (or no size known) cannot bound the count.
    out["members"] = np.maximum(members.astype("int64"), present.to_numpy())
    out.loc[out["members"] == 0, "members"] = 0
    return out


@dataclass
class ReplayResult:
    rules: str
    title: str
    by_year: list[dict] = field(default_factory=list)
    flips: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    decisions: int = 0
    recorded_votes: int = 0
    frame: pd.DataFrame | None = None  # per-decision detail (not in JSON)

    def to_dict(self) -> dict:
        return {"rules": self.rules, "title": self.title, "decisions": self.decisions,
                "recorded_votes": self.recorded_votes, "by_year": self.by_year,
                "flips": self.flips, "notes": self.notes}


def counterfactual_outcomes(frame: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Apply ``rules`` to every row of :func:`tallies` output that has ``country_specific``.

    Returns ``frame`` with ``rule_scope``, ``counterfactual``, ``required``, ``margin`` and ``why``.
    """
    out = frame.copy(deep=False)
    kinds = out["kind"].fillna("resolution").to_numpy()
    country = out["country_specific"].to_numpy(dtype=bool)
    # Only a flag for Charter art. 18(2) important questions may select the important rule; the
    # sources have none (unvotes' 'importantvote' is the US State Department's list of votes it
    # deemed important), so GA texts replay as simple-majority texts unless a caller adds one.
    important = out["important_question"].fillna(False).to_numpy(dtype=bool) \
        if "important_question" in out else np.zeros(len(out), dtype=bool)
    scope = np.array(["default"] * len(out), dtype=object)
    scope[np.isin(kinds, ["motion"])] = "procedural"
    scope[kinds == "amendment"] = "amendment"
    texts = ~np.isin(kinds, ["motion", "amendment"])
    scope[texts & important] = "important"
    scope[texts & ~important & country] = "country_specific"
    out["rule_scope"] = scope
    yes, no, pnv = (out[c].to_numpy(dtype="int64") for c in ("t_yes", "t_no", "t_pnv"))
    members = out["members"].to_numpy(dtype="int64")
    adopted = np.zeros(len(out), dtype=bool)
    required = np.zeros(len(out), dtype="int64")
    sponsors_short = np.zeros(len(out), dtype=bool)
    for name in np.unique(scope):
        rule = rules.rule_for({"procedural": "motion", "amendment": "amendment"}.get(name, "resolution"),
                              country_specific=name == "country_specific", important=name == "important")
        idx = np.flatnonzero(scope == name)
        m = members[idx]
        known = m > 0
        res = np.zeros(len(idx), dtype=bool)
        if known.any():
            res[known] = adopted_counts(yes[idx][known], no[idx][known], pnv[idx][known],
                                        m[known], rule)
        if (~known).any():
            if rule.of == "members":
                raise RuleSetError(f"Rule set {rules.name} counts all members, but the size of the "
                                   "body is unknown for some decisions.")
            res[~known] = adopted_counts(yes[idx][~known], no[idx][~known], pnv[idx][~known], None, rule)
        den = {"present-and-voting": yes[idx] + no[idx], "present": yes[idx] + no[idx] + pnv[idx],
               "members": m}[rule.of]
        a, b = rule.share.numerator, rule.share.denominator
        if rule.strict and rule.tie == "rejects":
            req = (a * den) // b + 1
        else:
            req = -((-a * den) // b)
        required[idx] = np.maximum(req, 1)
        if rule.table_sponsors:
            need = (rule.table_sponsors if isinstance(rule.table_sponsors, int)
                    else -((-rule.table_sponsors.numerator * m) // rule.table_sponsors.denominator))
            short = yes[idx] < need
            sponsors_short[idx] = short
            res &= ~short
        adopted[idx] = res
    has_tally = out["has_tally"].to_numpy(dtype=bool)
    recorded = out["outcome"].to_numpy(dtype=object)
    cf = np.where(adopted, "adopted", "rejected").astype(object)
    # Without a recorded vote the text stands as recorded (consensus passes any vote-counting rule).
    cf = np.where(has_tally, cf, recorded)
    out["counterfactual"] = cf
    out["required"] = np.where(has_tally, required, 0)
    out["margin"] = np.where(has_tally, yes - required, 0)
    out["why"] = np.where(sponsors_short & has_tally, "not tabled: fewer yes votes than the "
                          "sponsors required", "")
    return out


def carry_forward(frame: pd.DataFrame, baseline: str = "outcome") -> pd.DataFrame:
    """Amendments and motions change what happens to the text they concern (:mod:`.order`).

    Compared with ``baseline`` (the recorded outcome, or the outcome under the body's own rules):
    an amendment or motion whose result changes marks its text ``text_differs``; a no-action motion
    that would now be adopted means the text is not voted ("no action").
    """
    out = frame.copy(deep=False)
    out["text_differs"] = False
    if "amends" not in out or out["amends"].isna().all():
        return out
    linked = out["amends"].notna() & out["kind"].isin(["amendment", "motion"])
    changed = linked & (out["counterfactual"] != out[baseline])
    blocked = changed & (out["kind"] == "motion") & (out["counterfactual"] == "adopted")
    no_action = out["decision_id"].isin(out.loc[blocked, "amends"])
    out.loc[no_action, "counterfactual"] = "no action"
    out["text_differs"] = out["decision_id"].isin(out.loc[changed & ~blocked, "amends"])
    return out


OWN_RULES = {"HRC": "hrc", "CHR": "chr", "GA": "ga-plenary"}


def own_rules_outcomes(frame: pd.DataFrame) -> pd.Series:
    """Each decision's outcome under its own body's rules (hrc, chr, ga-plenary) on its counts."""
    out = pd.Series(frame["outcome"].to_numpy(dtype=object), index=frame.index)
    for body, name in OWN_RULES.items():
        mask = (frame["body_id"] == body).to_numpy()
        if mask.any():
            sub = carry_forward(counterfactual_outcomes(frame.loc[mask], load_rules(name)))
            out.loc[mask] = sub["counterfactual"].to_numpy()
    return out


def prepare(decisions: pd.DataFrame, votes: pd.DataFrame | None, *, gazetteer=None,
            scopes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Everything a replay needs that does not depend on the rules: the decisions acted on, their
    counts, their scope (country-specific or thematic) and their outcome under their own rules."""
    acted = decisions[decisions["outcome"].isin(VOTED)]
    frame = tallies(acted, votes)
    if scopes is None:
        scopes = classify_frame(frame, gazetteer or gazetteer_from_names([]))
    frame["country_specific"] = scopes.reindex(frame.index)["scope"].eq("country-specific").to_numpy()
    frame["own_rules"] = own_rules_outcomes(frame)
    keep = [c for c in _REPLAY_COLUMNS if c in frame]
    return frame[keep].reset_index(drop=True)


# What a replay reads; the rest of the decisions table (URLs, sponsors...) is left behind.
_REPLAY_COLUMNS = ("decision_id", "body_id", "symbol", "kind", "amends", "title", "date", "year",
                   "modality", "outcome", "yes", "no", "abstain", "non_voting", "important_question",
                   "rc_yes", "rc_no", "totals_contradicted", "t_yes", "t_no", "t_pnv",
                   "counts_from", "has_tally", "members", "country_specific", "own_rules",
                   "official_yes", "official_no", "official_abstain", "tally_basis", "tally_disputed")


def replay_prepared(prepared: pd.DataFrame, rules: RuleSet | str) -> ReplayResult:
    """Replay a :func:`prepare`-d frame under ``rules``."""
    rules = load_rules(rules) if isinstance(rules, str) else rules
    frame = carry_forward(counterfactual_outcomes(prepared, rules), baseline="own_rules")
    # A flip is a change the rules make, measured against the body's own rules on the same counts,
    # so that an error in the source (totals that contradict the recorded outcome) is not a flip.
    frame["flipped"] = frame["has_tally"] & (frame["counterfactual"] != frame["own_rules"])
    result = ReplayResult(rules.name, rules.title, decisions=len(frame),
                          recorded_votes=int(frame["has_tally"].sum()), frame=frame)
    result.by_year = _by_year(frame)
    flipped = frame[frame["flipped"]].sort_values(["date", "symbol"])
    result.flips = [
        {"symbol": r.symbol, "decision_id": r.decision_id, "date": _day(r.date), "year": _int(r.year),
         "body": r.body_id, "kind": r.kind, "title": r.title,
         "country_specific": bool(r.country_specific), "recorded": r.outcome,
         "own_rules": r.own_rules, "counterfactual": r.counterfactual, "yes": int(r.t_yes),
         "no": int(r.t_no), "abstain": int(r.t_pnv), "required": int(r.required),
         "margin": int(r.margin), **({"why": r.why} if r.why else {})}
        for r in flipped.itertuples()]
    result.notes = _notes(frame, rules)
    return result


def replay(decisions: pd.DataFrame, votes: pd.DataFrame | None, rules: RuleSet | str, *,
           gazetteer=None, scopes: pd.DataFrame | None = None) -> ReplayResult:
    """Replay recorded decisions (canonical ``decisions`` and ``votes`` tables) under ``rules``."""
    return replay_prepared(prepare(decisions, votes, gazetteer=gazetteer, scopes=scopes), rules)


def _day(value):
    return None if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _int(value):
    return None if pd.isna(value) else int(value)


def _by_year(frame: pd.DataFrame) -> list[dict]:
    """Counts per year, with numpy (this runs once per rule set in a replay of the record)."""
    year = pd.to_numeric(frame["year"], errors="coerce").to_numpy(dtype="float")
    ok = ~np.isnan(year)
    years, inverse = np.unique(year[ok].astype(int), return_inverse=True)
    kind = frame["kind"].to_numpy(dtype=object)
    text = np.isin(kind, TEXT_KINDS)
    country = text & frame["country_specific"].to_numpy(dtype=bool)
    has_tally = frame["has_tally"].to_numpy(dtype=bool)
    flipped = frame["flipped"].to_numpy(dtype=bool)
    own = frame["own_rules"].to_numpy(dtype=object)
    failed = country & (frame["counterfactual"].to_numpy(dtype=object) != "adopted")
    voted = country & has_tally
    columns = {
        "texts": text, "recorded_votes": has_tally, "country_specific": country,
        "country_specific_recorded": voted, "flips": flipped,
        "flips_adopted_to_rejected": flipped & (own == "adopted"),
        "flips_rejected_to_adopted": flipped & (own == "rejected"),
        "country_specific_failed": failed, "recorded_failed": voted & failed,
    }
    sums = {k: np.bincount(inverse, weights=v[ok], minlength=len(years)).astype(int)
            for k, v in columns.items()}
    rows = []
    for i, y in enumerate(years):
        row = {"year": int(y), **{k: int(v[i]) for k, v in sums.items() if k != "recorded_failed"}}
        n, nv = sums["country_specific"][i], sums["country_specific_recorded"][i]
        row["paralysis_index"] = round(sums["country_specific_failed"][i] / n, 4) if n else None
        row["paralysis_index_recorded"] = round(sums["recorded_failed"][i] / nv, 4) if nv else None
        rows.append(row)
    return rows


def _notes(frame: pd.DataFrame, rules: RuleSet) -> list[str]:
    notes = ["Counts: the chosen tally of each decision (official totals where right, else the roll "
             "call or a published record; see 'reconciliation --what tally'); texts adopted without a "
             "vote pass under any vote-counting rule.",
             "Paralysis index: share of the year's country-specific texts (with or without a vote) "
             "that would have failed; paralysis_index_recorded counts recorded votes only."]
    if any(getattr(rules, s) and getattr(rules, s).table_sponsors
           for s in ("default", "country_specific", "important")):
        notes.append("Tabling condition: sponsors among members are not in the sources; the yes "
                     "votes are used as an upper bound on them.")
    unblocked = frame[(frame["kind"] == "motion") & frame["flipped"] & (frame["own_rules"] == "adopted")
                      & frame["amends"].notna()] if "amends" in frame else frame.iloc[0:0]
    if len(unblocked):
        notes.append(f"{len(unblocked)} adopted no-action motion(s) would fail "
                     f"({', '.join(unblocked['symbol'].fillna(unblocked['decision_id']))}): the drafts "
                     "they blocked would have been put to the vote, and the record cannot say how.")
    differs = int(frame["text_differs"].sum())
    if differs:
        notes.append(f"{differs} text(s) would have been voted in a different form (an amendment "
                     "flipped); their own recorded votes still decide them.")
    return notes


def reproduce(decisions: pd.DataFrame, votes: pd.DataFrame | None, *, gazetteer=None,
              reconciliation: pd.DataFrame | None = None) -> pd.DataFrame:
    """Replay each body's record under its own rules (hrc, chr); every decision whose recorded
    outcome is not reproduced, with the reason (data gaps and source errors named).

    ``reconciliation`` (the warehouse table) lets a reason cite a second harvest that disagrees
    with the first about the outcome.
    """
    frame = prepare(decisions, votes, gazetteer=gazetteer)
    bad = frame[frame["has_tally"] & (frame["own_rules"] != frame["outcome"])]
    second: dict[str, tuple[str, str]] = {}
    if reconciliation is not None and len(reconciliation):
        rec = reconciliation[reconciliation["what"] == "outcome"]
        second = {d: (f, src) for d, f, src in zip(rec["decision_id"], rec["found"], rec["source"])}
    rows = []
    for r in bad.itertuples():
        reason = _mismatch_reason(r)
        if r.decision_id in second and second[r.decision_id][0] == r.own_rules:
            found, src = second[r.decision_id]
            reason = (f"source error: {src} (second harvest) records '{found}', as the rules give "
                      f"from the totals {r.t_yes}-{r.t_no}-{r.t_pnv}; the first harvest's "
                      f"'{r.outcome}' is wrong")
        rows.append({"decision_id": r.decision_id, "symbol": r.symbol, "body": r.body_id,
                     "date": _day(r.date), "kind": r.kind, "recorded": r.outcome,
                     "replayed": r.own_rules, "yes": int(r.t_yes), "no": int(r.t_no),
                     "abstain": int(r.t_pnv), "counts_from": r.counts_from, "reason": reason})
    missing = frame[(frame["modality"] == "recorded") & ~frame["has_tally"]]
    for r in missing.itertuples():
        reason = ("data gap: a recorded vote with neither official totals nor a roll call in the "
                  "source (kept as recorded)")
        if r.decision_id in second:
            reason += (f"; {second[r.decision_id][1]} (second harvest, no votes either) records "
                       f"'{second[r.decision_id][0]}'")
        rows.append({"decision_id": r.decision_id, "symbol": r.symbol, "body": r.body_id,
                     "date": _day(r.date), "kind": r.kind, "recorded": r.outcome, "replayed": None,
                     "yes": None, "no": None, "abstain": None, "counts_from": None,
                     "reason": reason})
    for r in frame[frame["totals_contradicted"] & (frame["own_rules"] == frame["outcome"])].itertuples():
        rows.append({"decision_id": r.decision_id, "symbol": r.symbol, "body": r.body_id,
                     "date": _day(r.date), "kind": r.kind, "recorded": r.outcome,
                     "replayed": r.own_rules, "yes": int(r.t_yes), "no": int(r.t_no),
                     "abstain": int(r.t_pnv), "counts_from": r.counts_from,
                     "reason": f"reproduced from the chosen tally ({r.t_yes}-{r.t_no}-{r.t_pnv}, "
                     f"{getattr(r, 'tally_basis', 'roll call')}): the official totals "
                     f"{_int(getattr(r, 'official_yes', r.yes))}-{_int(getattr(r, 'official_no', r.no))}-"
                     f"{_int(getattr(r, 'official_abstain', r.abstain))} differ"})
    columns = ["decision_id", "symbol", "body", "date", "kind", "recorded", "replayed", "yes", "no",
               "abstain", "counts_from", "reason"]
    found = pd.DataFrame(rows, columns=columns)
    return found.astype({c: "Int64" for c in ("yes", "no", "abstain")})


def _mismatch_reason(r) -> str:
    counts = f"{r.t_yes}-{r.t_no}-{r.t_pnv}"
    if r.counts_from == "roll call":
        return f"data gap: no official totals; the roll call (possibly incomplete) gives {counts}"
    if r.t_yes == r.t_no:
        return f"tie {r.t_yes}-{r.t_no}: the rules reject a tie, the source records '{r.outcome}'"
    rc_yes, rc_no = getattr(r, "rc_yes", np.nan), getattr(r, "rc_no", np.nan)
    if pd.notna(rc_yes) and (rc_yes or rc_no):
        agree = int(rc_yes) == r.t_yes and int(rc_no) == r.t_no
        roll = (f"the roll call agrees ({int(rc_yes)}-{int(rc_no)}), so the recorded outcome is "
                "the likely error" if agree else
                f"the roll call gives {int(rc_yes)}-{int(rc_no)}, so the totals are suspect too")
    else:
        roll = "no roll call to check against"
    return (f"source error: official totals {counts} contradict the recorded outcome "
            f"'{r.outcome}'; {roll}")


# -- frames read by the resource layer ---------------------------------------------------------

def state_gazetteer(names: pd.DataFrame):
    """A :class:`~.classify.Gazetteer` from (name, iso3) pairs (``reg.state_name_pairs()``)."""
    if hasattr(names, "state_name_pairs"):
        # Callers written before procedure/ took frames only passed the warehouse itself; ask it
        # for the frame (a method of the warehouse layer, no SQL here) rather than fail.
        names = names.state_name_pairs()
    return gazetteer_from_names(zip(names["name"], names["iso3"]))


def replay_frames(decisions: pd.DataFrame, votes: pd.DataFrame, rules: RuleSet | str, *, gazetteer,
                  swapped: pd.DataFrame | None = None, swap_notes: list[str] | None = None
                  ) -> ReplayResult:
    """:func:`replay` with an optional member swap: ``swapped`` is ``votes`` with OUT's positions
    replaced by IN's (:func:`.swap.swap_votes`); flips are measured against the recorded membership
    under the body's own rules."""
    prepared = prepare(decisions, votes, gazetteer=gazetteer)
    if swapped is not None:
        # Official totals move by the swapped seat (OUT's position out, IN's in).
        changed = _shift_totals(decisions, votes, swapped)
        baseline = prepared.set_index("decision_id")["own_rules"]
        prepared = prepare(changed, swapped, scopes=None, gazetteer=gazetteer)
        prepared["own_rules"] = prepared["decision_id"].map(baseline).fillna(prepared["own_rules"])
    result = replay_prepared(prepared, rules)
    result.notes = list(swap_notes or []) + result.notes
    return result


def _shift_totals(decisions: pd.DataFrame, before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Official totals with each swapped seat's old position taken out and its new one put in."""
    out = decisions.copy()
    rows = after[after["swapped"]]
    old = before.loc[rows.index, "position"]
    cols = ("yes", "no", "abstain", "non_voting")
    delta = pd.DataFrame(0, index=rows["decision_id"].unique(), columns=list(cols))
    for did, was, now in zip(rows["decision_id"], old, rows["position"]):
        if was in cols:
            delta.loc[did, was] -= 1
        if now in cols:
            delta.loc[did, now] += 1
    idx = out["decision_id"].isin(delta.index)
    for col in cols:
        shifted = pd.to_numeric(out.loc[idx, col], errors="coerce") + \
            out.loc[idx, "decision_id"].map(delta[col]).to_numpy()
        out[col] = out[col].astype("Float64")
        out.loc[idx, col] = shifted.clip(lower=0)
    return out


def decision_record(found: pd.DataFrame, votes: pd.DataFrame, gazetteer, *, members: int | None = None,
                    un_members: int | None = None) -> dict:
    """A recorded decision's tally, positions and scope, for ``outcome SYMBOL`` / ``pivotal SYMBOL``.

    ``found``: the decision's rows (first one used); ``votes``: its iso3/position rows;
    ``un_members``: the UN membership on the day (GA roll calls list only those who voted)."""
    row = found.iloc[0]
    positions = dict(zip(votes["iso3"], votes["position"]))
    scope = classify_frame(found.iloc[[0]], gazetteer).iloc[0]
    t = tallies(found.iloc[[0]], votes[["iso3", "position"]].assign(decision_id=row["decision_id"]))
    r = t.iloc[0]
    if not r["has_tally"]:
        raise UnknownSymbol(f"{row['symbol']} was {row['modality'] or 'not recorded'} (outcome: "
                            f"{row['outcome']}): there are no votes to count. Give the totals with "
                            "--yes/--no/--abstain instead.", symbol=str(row["symbol"]))
    size = members if members is not None else (int(r["members"]) or None)
    if members is None and row["body_id"] == "GA" and un_members and un_members >= (size or 0):
        size = un_members
    if r["counts_from"] != "roll call":  # the chosen (or official) totals on the decision
        abstain = int(row["abstain"]) if pd.notna(row["abstain"]) else 0
        nv = int(row["non_voting"]) if pd.notna(row["non_voting"]) else 0
        if size is not None and int(r["t_yes"]) + int(r["t_no"]) + abstain + nv > size:
            nv = max(0, size - int(r["t_yes"]) - int(r["t_no"]) - abstain)  # non-voting totals may count absentees
        tally = make_tally(int(r["t_yes"]), int(r["t_no"]), abstain, nv, members=size)
    else:
        counts = {p: sum(1 for v in positions.values() if v == p) for p in ("yes", "no", "abstain", "non_voting")}
        tally = make_tally(counts["yes"], counts["no"], counts["abstain"], counts["non_voting"], members=size)
    return {"symbol": row["symbol"], "title": row["title"], "recorded": row["outcome"],
            "kind": row["kind"] if row["kind"] in ("amendment", "motion") else "resolution",
            "tally": tally, "positions": positions or None,
            "country_specific": scope["scope"] == "country-specific", "scope_reason": scope["reason"]}


def hrc_terms(memberships: pd.DataFrame, states: pd.DataFrame) -> pd.DataFrame:
    """HRC terms (``reg.memberships('HRC')``) in the election view of
    :func:`.elections.terms_from_memberships`, with each state's regional group (``reg.states()``)."""
    from .elections import terms_from_memberships

    groups = dict(zip(states["iso3"], states["regional_group"]))
    return terms_from_memberships(memberships,
                                  groups={k: v for k, v in groups.items() if isinstance(v, str)})


def replay_chart(result: ReplayResult):
    """Bars: flips per year; line: the paralysis index."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    years = [r["year"] for r in result.by_year]
    fig, ax = plt.subplots(figsize=(10, 4.5))
    ax.bar(years, [r["flips"] for r in result.by_year], color="#c44e52", label="texts that flip")
    ax.set_xlabel("year")
    ax.set_ylabel("texts that flip")
    ax2 = ax.twinx()
    ax2.plot(years, [r["paralysis_index"] if r["paralysis_index"] is not None else np.nan
                     for r in result.by_year], color="#4c72b0", marker="o", label="paralysis index")
    ax2.set_ylim(0, 1)
    ax2.set_ylabel("share of country-specific texts failing")
    ax.set_title(f"Replay under {result.rules}: {result.title}", fontsize=10)
    handles = ax.get_legend_handles_labels()[0] + ax2.get_legend_handles_labels()[0]
    ax.legend(handles, ["texts that flip", "paralysis index"], loc="upper left")
    fig.tight_layout()
    return fig


__all__ = ["tallies", "replay", "reproduce", "counterfactual_outcomes", "carry_forward",
           "ReplayResult", "body_size", "prepare", "replay_prepared", "replay_frames", "decision_record",
           "state_gazetteer", "replay_chart", "hrc_terms"]
