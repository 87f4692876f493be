"""What the warehouse holds, and where it stops; a search across states, decisions and subjects."""
from __future__ import annotations

from ..regime import BODIES
from ._base import Resource

# Where the record stops, said once for every page and command that covers years.
GAPS = (
    "General Assembly per-country votes for 2020-2024 are not in the sources (unvotes stops in 2019; "
    "the 2025 extract covers 2025 only).",
    "The Commission's harvest holds adopted texts only: rejected drafts and procedural motions are "
    "absent unless a cited supplement adds them.",
    "UPR recommendations stop at session 20 (October 2014).",
    "Treaty ratifications are the status of mid-2022, by year only.",
)


def overview(reg) -> Resource:
    """Bodies, instruments and, per body, the decisions held with their years."""
    summary = reg.load_summary()
    coverage = reg.coverage_by_body()
    instruments = reg.instruments()[["instrument_id", "title", "adopted", "body_id", "core"]]
    return Resource(
        "overview", data={
            "bodies": [{"body_id": b, "name": name, "kind": kind, "size": size}
                       for b, (name, kind, size) in BODIES.items()],
            "instruments": instruments, "coverage": coverage,
            "rows": int(summary["loaded"].sum()) if len(summary) else 0},
        main="coverage", notes=list(GAPS), sources=summary["source"].tolist())


# A recorded vote is "contested" when at least a quarter of those voting yes or no voted against
# the side that won, and "close" when the margin is under a tenth of them.
CONTESTED_SHARE = 0.25


def activity(reg, *, n_divided: int = 5, min_voting: int = 20) -> Resource:
    """The record year by year and body by body (texts decided, how many put to a recorded vote,
    how many of those contested), and each body's ``n_divided`` most divided recorded votes on a
    text with a symbol (smallest margin between yes and no among at least ``min_voting`` voting
    yes or no)."""
    import numpy as np
    import pandas as pd

    d = reg.decisions()
    d = d[d["kind"].isin(["resolution", "decision", "draft"]) & d["year"].notna()]
    recorded = d["modality"] == "recorded"
    yes, no = d["yes"].astype("Float64"), d["no"].astype("Float64")
    minority = np.minimum(yes, no) / (yes + no)
    contested = recorded & (minority >= CONTESTED_SHARE).fillna(False)
    by_year = (d.assign(recorded=recorded, without_vote=d["modality"] == "without a vote", contested=contested)
               .groupby(["body_id", "year"]).agg(texts=("decision_id", "size"), recorded=("recorded", "sum"),
                                                 without_vote=("without_vote", "sum"), contested=("contested", "sum"))
               .reset_index())
    by_year["year"] = by_year["year"].astype(int)
    voted = d[recorded & ((yes + no) >= min_voting).fillna(False) & d["symbol"].notna()].copy()
    voted["margin"] = (voted["yes"] - voted["no"]).abs() / (voted["yes"] + voted["no"])
    divided = (voted.sort_values(["margin", "date"], ascending=[True, False]).groupby("body_id").head(n_divided)
               .sort_values(["body_id", "margin", "date"], ascending=[True, True, False])
               [["symbol", "body_id", "date", "title", "outcome", "yes", "no", "abstain", "margin"]]
               .reset_index(drop=True))
    divided["margin"] = divided["margin"].round(3)
    notes = [f"Texts: resolutions, decisions and drafts put to the body (amendments, paragraphs and motions apart). "
             f"Contested: a recorded vote in which at least {CONTESTED_SHARE:.0%} of those voting yes or no were on "
             f"the losing side. Most divided: the smallest margin between yes and no, among votes with at least "
             f"{min_voting} yes or no.", *GAPS[:2]]
    return Resource("activity", params={"n_divided": n_divided, "min_voting": min_voting},
                    data={"by_year": by_year, "most_divided": divided}, main="by_year", notes=notes,
                    sources=sorted(set(d["source"].dropna())))


# What every figure of the project rests on, in words a reader can check against the code: the
# vote codes, the measures and their sources. The methods page prints these beside live counts.
POSITIONS = (
    ("yes", "voted in favour"), ("no", "voted against"), ("abstain", "abstained: present and voting, but "
     "not counted in a majority of those present and voting"),
    ("non_voting", "present, not voting (announced, or listed so in the roll call)"),
    ("absent", "a member of the body with no recorded position on that vote"),
)
MEASURES = (
    ("Agreement index", "Lijphart (1963) and Voeten: identical votes plus half the votes where one of the two "
     "abstained, over the votes both cast (yes, no or abstain); 1 = always alike. Pairs sharing fewer than 20 "
     "votes get no value."),
    ("Cohesion", "Hix, Noury and Roland (2005) agreement index of a group's members on a vote, over yes, no and "
     "abstain: 1 = all alike, 0 = an even three-way split; a tied plurality is shown as a tie."),
    ("Communities (blocs)", "Leiden communities of the agreement network, kept when stable across resamples of "
     "the votes; at several resolutions, nested, each with its core members."),
    ("Ideal points", "a dynamic ordinal item-response model (yes > abstain > no, absence missing, positions "
     "following a random walk), fitted by Fisher scoring with a Kalman smoother; sign anchored on a named state."),
    ("Pivotal members", "the fewest changes of position that flip the outcome under a rule set; members nearest to "
     "switching ranked by their agreement with the text's supporters against its opponents in the preceding years."),
    ("Scope", "country-specific when the title or subjects name a state (a country situation), thematic otherwise; "
     "the same classification the command line's 'classify' prints."),
    ("Contested", "a recorded vote in which at least a quarter of those voting yes or no were on the losing side."),
)


def methods(reg) -> Resource:
    """The vote codes, the rules of procedure built in, how one tally is chosen per decision (with how
    many decisions each rule settled), the measures, and the UPR action categories."""
    import pandas as pd

    from ..regime import UPR_ACTION_CATEGORIES
    from ..warehouse.tallies import load_rules
    from .procedure import rules

    used = reg.sql("SELECT tally_basis AS basis, count(*) AS decisions FROM decisions "
                   "WHERE tally_basis IS NOT NULL GROUP BY 1")
    tally = load_rules().merge(used, on="basis", how="left")
    tally["decisions"] = tally["decisions"].fillna(0).astype(int)
    rule_sets = pd.DataFrame([{"rule_set": name, "title": r["title"], "source": r["source"]}
                              for name, r in rules()["rule_sets"].items()])
    return Resource("methods", data={
        "positions": pd.DataFrame(POSITIONS, columns=["position", "meaning"]),
        "rule_sets": rule_sets, "tally_rules": tally[["order", "basis", "chooses", "when", "why", "decisions"]],
        "measures": pd.DataFrame(MEASURES, columns=["measure", "definition"]),
        "upr_categories": pd.DataFrame(sorted(UPR_ACTION_CATEGORIES.items()), columns=["category", "action"]),
    }, main="tally_rules", notes=list(GAPS), sources=[])


def search(reg, q: str, *, limit: int = 50) -> Resource:
    """States whose code or name, decisions whose symbol or title, and subjects containing ``q``."""
    q = (q or "").strip()
    data = {"states": [], "decisions": [], "decisions_total": 0, "subjects": []}
    if q:
        data["states"] = reg.search_states(q)
        data["decisions_total"], data["decisions"] = reg.search_decisions(q, limit=limit)
        data["subjects"] = reg.search_subjects(q)
    notes = []
    if data["decisions_total"] > limit:
        notes.append(f"Showing the {limit} most recent of {data['decisions_total']:,} decisions.")
    return Resource("search", params={"q": q, "limit": limit}, data=data, main="decisions", notes=notes)


def iso2_codes() -> dict[str, str]:
    """ISO3 -> ISO 3166 alpha-2, from the project's one crosswalk (for map outlines keyed by alpha-2)."""
    from ..regime.crosswalk import iso2_pairs

    codes: dict[str, str] = {}
    for iso2, iso3 in iso2_pairs():
        codes.setdefault(iso3, iso2)  # the first pattern is the code in use (GR before EL)
    return codes
