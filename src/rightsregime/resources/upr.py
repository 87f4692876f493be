"""UPR questions: a state's reviews (as state under review or as recommending state) and leniency."""
from __future__ import annotations

from ..errors import UsageError
from ._base import Resource

SOURCE = "upr-terman"
ROLES = ("under_review", "recommending")
COVERAGE = ("UPR data cover Working Group sessions 1-20 (April 2008 - November 2014): the whole first "
            "cycle and sessions 13-20 of the second (upr-terman, UPR Info database).")


def _role(as_: str) -> str:
    role = {"under_review": "under_review", "under-review": "under_review", "reviewed": "under_review",
            "recommending": "recommending", "recommender": "recommending"}.get((as_ or "").lower())
    if role is None:
        raise UsageError(f"--as {as_!r}: use 'under_review' (recommendations the state received) or "
                         "'recommending' (recommendations it made).")
    return role


def _cycle(recs, cycle):
    if cycle is None:
        return recs
    if int(cycle) not in (1, 2):
        raise UsageError(f"--cycle {cycle}: the UPR data hold cycles 1 (sessions 1-12) and 2 (sessions 13-20 "
                         "of 13-26); use 1 or 2.")
    return recs[recs["cycle"] == int(cycle)]


def state_names(reg) -> dict[str, str]:
    states = reg.states()
    return dict(zip(states["iso3"], states["name"]))


def upr(reg, state: str, *, as_: str = "under_review", cycle: int | None = None) -> Resource:
    """A state's UPR record: reviews, acceptance by action category and issue, counterparts.

    ``as_='under_review'``: recommendations the state received, by review, and who made them.
    ``as_='recommending'``: recommendations it made, and to whom.
    """
    from ..analysis import upr as m

    role = _role(as_)
    iso3 = reg.lookup_state(state)
    recs = reg.upr_recommendations(**{role: iso3})
    recs = _cycle(recs, cycle)
    names = state_names(reg)
    other = "recommending" if role == "under_review" else "under_review"
    reviews = m.by_review(recs) if role == "under_review" else _made_by_session(recs)
    counter = m.counterparts(recs, side=other)
    counter.insert(1, "name", counter[other].map(names))
    notes = [COVERAGE]
    quality = m.data_quality(recs)
    if recs.empty:
        notes.append(f"No UPR recommendations {'to' if role == 'under_review' else 'from'} {iso3} "
                     f"in the data{' for cycle ' + str(cycle) if cycle else ''}.")
    notes.append("Counts are rows as UPR Info gives them: a joint recommendation counts once per recommending "
                 f"state ({quality['joint_rows']} rows belong to {quality['joint_recommendations']} joint "
                 f"recommendations; {quality['exact_duplicates']} exact duplicates kept; "
                 f"{quality['distinct_recommendations']} distinct recommendations).")
    if quality["unknown_recommending"]:
        notes.append(f"{quality['unknown_recommending']} recommendations have no recommending state (UPR Info: "
                     "'(Unknown)'); they are counted under '(unknown)'.")
    if quality["encoding_faults"]:
        notes.append(f"{quality['encoding_faults']} texts carry encoding faults (ids "
                     f"{quality['encoding_fault_ids']}).")
    notes.append("Action categories (UPR Info): " + "; ".join(
        f"{k} {name} ({meaning})" for k, (name, meaning) in m.ACTION_CATEGORIES.items()) + ".")
    return Resource(
        kind="upr",
        params={"state": iso3, "name": names.get(iso3, iso3), "as": role, "cycle": cycle},
        data={
            "reviews": reviews,
            "by_category": m.by_category(recs),
            "by_issue": m.by_issue(recs),
            "counterparts": counter,
            "specific": m.specific_share(recs),
            "quality": quality,
            "recommendations": recs[["recommendation_id", "cycle", "session", "under_review", "recommending",
                                     "response", "action_category", "issues", "joint_id", "duplicate_of",
                                     "text"]],
        },
        main="recommendations",
        notes=notes,
        sources=[SOURCE],
    )


def _made_by_session(recs):
    """Recommendations a state made, per session: how many, to how many states, how specific."""
    from ..analysis import upr as m

    if recs.empty:
        return m.by_review(recs)
    out = m._rates(recs, ["cycle", "session"])
    g = recs.groupby(["cycle", "session"])
    extra = g.agg(states_addressed=("under_review", "nunique"),
                  mean_category=("action_category", "mean")).reset_index()
    out = out.merge(extra, on=["cycle", "session"])
    out["specific_share"] = out["specific"] / out["n"]
    return out[["cycle", "session", "n", "states_addressed", "supported", "noted", "acceptance", "acceptance_low",
                "acceptance_high", "specific_share", "mean_category", "thin"]]


def upr_chart(resource: Resource):
    """Two panels: acceptance by action category (with intervals and n), and reviews over time."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    cat = resource["by_category"]
    name = resource.params["name"]
    role = resource.params["as"]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 5), gridspec_kw={"width_ratios": [1.1, 1]})
    x = np.arange(len(cat))
    acc = cat["acceptance"].astype(float).to_numpy() * 100
    low = cat["acceptance_low"].astype(float).to_numpy() * 100
    high = cat["acceptance_high"].astype(float).to_numpy() * 100
    ax1.bar(x, np.nan_to_num(acc), color="#3b6ea5", label="share supported")
    ax1.errorbar(x, acc, yerr=[acc - low, high - acc], fmt="none", ecolor="black", capsize=4,
                 label="95% interval (Wilson)")
    for xi, n in zip(x, cat["n"]):
        ax1.text(xi, 3, f"n={n}", ha="center", fontsize=9, color="white", fontweight="bold")
    ax1.set_xticks(x, [f"{c}\n{lab}" for c, lab in zip(cat["action_category"], cat["category"])], fontsize=8)
    ax1.set_ylim(0, 110)
    ax1.set_ylabel("recommendations supported (%)")
    ax1.set_xlabel("UPR Info action category (1 minimal ... 5 specific)")
    who = "received by" if role == "under_review" else "made by"
    ax1.set_title(f"Acceptance by action category, recommendations {who} {name}", fontsize=10)
    ax1.legend(loc="upper right", fontsize=8)

    reviews = resource["reviews"]
    if not reviews.empty:
        from ..sources.upr import SESSION_OPENED
        import pandas as pd

        dates = pd.to_datetime(reviews["session"].map(SESSION_OPENED))
        if role == "under_review":
            ax2.bar(dates, reviews["supported"], width=150, color="#3b6ea5", label="supported")
            ax2.bar(dates, reviews["noted"], width=150, bottom=reviews["supported"], color="#c8553d", label="noted")
            for d, s, n in zip(dates, reviews["session"], reviews["n"]):
                ax2.text(d, n + 3, f"session {s}\nn={n}", ha="center", fontsize=8)
            ax2.set_ylim(0, reviews["n"].max() * 1.18)
            ax2.set_ylabel("recommendations (joint ones once per recommending state)")
            ax2.set_title(f"Reviews of {name}: responses", fontsize=10)
        else:
            ax2.bar(dates, reviews["n"], width=60, color="#7a7a7a", label="recommendations made")
            ax2.set_ylabel("recommendations made")
            ax2.set_title(f"Recommendations made by {name}, per session", fontsize=10)
        ax2.set_xlim(pd.Timestamp("2008-01-01"), pd.Timestamp("2015-06-30"))
        ax2.legend(fontsize=8)
        ax2.set_xlabel("UPR Working Group session (opening date)")
    else:
        ax2.text(0.5, 0.5, "no recommendations in the data", ha="center", transform=ax2.transAxes)
    fig.text(0.01, 0.01, "Source: UPR Info database, sessions 1-20 (2008-2014), via Terman & Voeten (2018), "
             "github.com/rochelleterman/uprs. Chart: rightsregime.", fontsize=8, color="#555555")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig
