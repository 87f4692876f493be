"""UPR questions: a state's reviews (as state under review or as recommending state) and leniency."""
from __future__ import annotations

from ..errors import UsageError
from ._base import Resource

SOURCE = "upr-terman"
ROLES = ("under_review", "recommending")
COVERAGE = ("UPR data cover Working Group sessions 1-20 (April 2008 - November 2014): the whole first "
            "cycle and sessions 13-20 of the second (upr-terman, UPR Info database).")


# The five-point scale of UPR Info's database, devised by Edward R. McMahon: how much a
# recommendation asks of the state under review, from 1 (minimal action) to 5 (specific action).
ACTION_SCALE_CITATION = ("E. R. McMahon, 'The Universal Periodic Review: A Work in Progress', "
                         "Friedrich-Ebert-Stiftung, Geneva, September 2012; UPR Info, 'Framing the "
                         "Picture: UPR Info Database Action Category', 26 May 2020")


def action_categories_note() -> str:
    """The action categories in words, with the scale's source: printed wherever they appear."""
    from ..analysis.upr import ACTION_CATEGORIES

    return ("Action categories (UPR Info's scale, after McMahon): " + "; ".join(
        f"{k} {name} ({meaning})" for k, (name, meaning) in ACTION_CATEGORIES.items())
        + f". Source: {ACTION_SCALE_CITATION}.")


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
    notes.append(action_categories_note())
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


# -- leniency between states ---------------------------------------------------------------------

REGIONAL = {"AFRICAN", "ASIA_PACIFIC", "EEG", "GRULAC", "WEOG"}
ALLIANCES = {"NATO", "CSTO", "SCO"}  # military groups in un-groups-blocs, the closest to alliance ties
BLOCS = {"OIC", "EU", "ALBA", "CIS", "ASEAN", "BRICS"}  # political blocs that coordinate in Geneva
AGREEMENT_YEARS = (2008, 2014)  # the years of UPR sessions 1-20


def _dyad_table(reg, min_n: int, body: str):
    """All dyads with leniency measures and their covariates, plus the recommendation rows."""
    from ..analysis import leniency as ln
    from ..analysis.alignment import agreement_matrix

    recs = reg.upr_recommendations()
    dy = ln.dyads(recs, min_n=min_n)
    votes = reg.votes(body=body, years=AGREEMENT_YEARS)
    agreement = agreement_matrix(votes, where=f"{body} {AGREEMENT_YEARS[0]}-{AGREEMENT_YEARS[1]}").pairs()
    members = reg.group_members()
    dy = ln.dyadic_covariates(dy, agreement, members, REGIONAL, BLOCS)
    alliance = ln.dyadic_covariates(dy[["recommending", "under_review"]], None, members, REGIONAL, ALLIANCES)
    dy["shared_alliance"] = alliance["shared_bloc"].to_numpy()
    rows = ln.usable(recs).merge(dy[["recommending", "under_review", "agreement", "same_region", "shared_bloc",
                                     "shared_alliance"]], on=["recommending", "under_review"], how="left")
    rows["specific"] = (rows["action_category"] == 5).astype(float)
    rows["minimal"] = (rows["action_category"] == 1).astype(float)
    rows["category"] = rows["action_category"].astype(float)
    rows["supported"] = rows["response"].eq("supported").astype(float).where(rows["response"].notna())
    return recs, dy, rows


def strategic_partners(reg, *, body: str = "GA", min_n: int = 5) -> Resource:
    """The Terman-Voeten test on the mirror: are recommendations softer between voting partners?

    Regressions of a recommendation's action category (and of its being specific, or minimal) on
    the dyad's GA voting agreement 2008-2014, same regional group, shared bloc and shared military
    alliance, each with recommender and state-under-review fixed effects, SE clustered by dyad.
    """
    from ..analysis import leniency as ln

    recs, dy, rows = _dyad_table(reg, min_n, body)
    fits = []
    for y in ("category", "specific", "minimal"):
        for x in ("agreement", "same_region", "shared_bloc", "shared_alliance"):
            fits.append(ln.fe_regression(rows, y, x))
    # The paper's second finding: criticism from partners is accepted more often. Among specific
    # recommendations (the ones states note), is acceptance higher from voting partners?
    spec = rows[rows["action_category"] == 5]
    for x in ("agreement", "shared_bloc"):
        fits.append({**ln.fe_regression(spec, "supported", x), "y": "supported (specific only)"})
    import pandas as pd

    fits = pd.DataFrame(fits)
    corr = ln.correlation(dy.loc[~dy["thin"], "leniency"], dy.loc[~dy["thin"], "agreement"])
    notes = [COVERAGE,
             f"Voting agreement: Lijphart/Voeten index over {body} recorded votes {AGREEMENT_YEARS[0]}-"
             f"{AGREEMENT_YEARS[1]} (analysis/alignment.py). Group memberships are current lists "
             "(un-groups-blocs), not dated spells.",
             "Left out of the dyadic measures: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in
                                                               ln.left_out(recs).items()) + ".",
             action_categories_note()]
    return Resource(kind="strategic_partners", params={"body": body, "years": list(AGREEMENT_YEARS), "min_n": min_n},
                    data={"regressions": fits, "leniency_agreement_correlation": corr,
                          "reciprocity": ln.reciprocity(dy, min_n=min_n),
                          "by_region": _by_flag(dy, "same_region"), "by_bloc": _by_flag(dy, "shared_bloc"),
                          "by_alliance": _by_flag(dy, "shared_alliance"), "n_recommendations": int(len(rows)),
                          "by_agreement": _by_agreement(rows),
                          "n_dyads": int(len(dy))},
                    main="regressions", notes=notes,
                    sources=[SOURCE, "unvotes" if body == "GA" else "hrc-voting", "un-groups-blocs"])


def _by_agreement(rows, bins: int = 10):
    """Mean action category and share specific by decile of the dyad's GA agreement, with n and a
    95% interval of the mean (recommendations as the unit; the regression gives the clustered test)."""
    import numpy as np
    import pandas as pd

    data = rows[rows["agreement"].notna()].copy()
    data["bin"] = pd.qcut(data["agreement"], bins, duplicates="drop")
    g = data.groupby("bin", observed=True)
    out = g.agg(agreement_low=("agreement", "min"), agreement_high=("agreement", "max"),
                agreement_mean=("agreement", "mean"), n=("category", "size"), dyads=("recommending", "size"),
                mean_category=("category", "mean"), sd=("category", "std"),
                specific_share=("specific", "mean")).reset_index(drop=True)
    out["dyads"] = g.apply(lambda f: f[["recommending", "under_review"]].drop_duplicates().shape[0],
                           include_groups=False).to_numpy()
    half = 1.959964 * out["sd"] / np.sqrt(out["n"])
    out["category_low"], out["category_high"] = out["mean_category"] - half, out["mean_category"] + half
    return out.drop(columns=["sd"])


def partners_chart(resource: Resource):
    """Mean action category of recommendations by decile of GA voting agreement between the pair."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    b = resource["by_agreement"]
    fig, ax = plt.subplots(figsize=(8, 5))
    ax.errorbar(b["agreement_mean"], b["mean_category"],
                yerr=[b["mean_category"] - b["category_low"], b["category_high"] - b["mean_category"]],
                fmt="o-", color="#3b6ea5", capsize=3, label="mean action category per decile (95% interval)")
    ax.text(0.99, 0.97, f"each point: a tenth of the recommendations (n = {b['n'].min():,}-{b['n'].max():,}),\n"
            "raw means; the slope in the title holds each recommender\nand each reviewed state fixed",
            transform=ax.transAxes, ha="right", va="top", fontsize=8, color="#333333")
    body = resource.params["body"]
    ax.set_xlabel(f"{body} voting agreement between recommending state and state under review, 2008-2014 "
                  "(decile means)")
    ax.set_ylabel("UPR Info action category\n(1 minimal ... 5 specific)")
    ax.set_ylim(1, 5)
    fit = resource["regressions"]
    row = fit[(fit["y"] == "category") & (fit["x"] == "agreement")].iloc[0]
    ax.set_title("Voting partners give softer UPR recommendations (sessions 1-20, 2008-2014)\n"
                 f"within-recommender, within-reviewed-state slope {row['beta']:.2f} "
                 f"(95% {row['low']:.2f} to {row['high']:.2f}), {int(row['n']):,} recommendations", fontsize=10)
    ax.legend(fontsize=8, loc="lower left")
    votes = "UN General Assembly roll calls (unvotes)" if body == "GA" else "Human Rights Council roll calls (hrc-voting)"
    fig.text(0.01, 0.005, f"Sources: UPR Info database via Terman & Voeten (2018); {votes}. Chart: rightsregime.",
             fontsize=7, color="#555555")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig


def _by_flag(dy, flag: str) -> list[dict]:
    out = []
    for value, part in dy.groupby(flag):
        w = part["n"]
        out.append({flag: bool(value), "dyads": int(len(part)), "recommendations": int(w.sum()),
                    "mean_leniency": float((part["leniency"] * w).sum() / w.sum()),
                    "mean_category": float((part["mean_category"] * w).sum() / w.sum())})
    return out


def leniency(reg, state: str, *, min_n: int = 5, body: str = "GA", limit: int = 10) -> Resource:
    """A state's softest and hardest reviewers, and the states it goes easy on (and hard on)."""
    from ..analysis import leniency as ln

    iso3 = reg.lookup_state(state)
    recs, dy, _ = _dyad_table(reg, min_n, body)
    names = state_names(reg)
    dy.insert(1, "recommending_name", dy["recommending"].map(names))
    dy.insert(3, "under_review_name", dy["under_review"].map(names))
    received = dy[dy["under_review"] == iso3].sort_values("leniency", ascending=False, ignore_index=True)
    given = dy[dy["recommending"] == iso3].sort_values("leniency", ascending=False, ignore_index=True)
    solid_r = received[~received["thin"]]
    solid_g = given[~given["thin"]]
    soft_r, hard_r = solid_r[solid_r["leniency"] > 0], solid_r[solid_r["leniency"] < 0].iloc[::-1]
    soft_g, hard_g = solid_g[solid_g["leniency"] > 0], solid_g[solid_g["leniency"] < 0].iloc[::-1]
    notes = [COVERAGE,
             "Leniency: expected minus observed UPR Info action category (1 minimal ... 5 specific), the "
             "expectation from the recommender's and the reviewed state's own averages (two-way additive "
             "model); positive = softer than expected. 95% intervals analytic.",
             f"Dyads with fewer than {min_n} recommendations are marked thin and not ranked "
             f"({int(received['thin'].sum())} of {len(received)} reviewers of {iso3}; "
             f"{int(given['thin'].sum())} of {len(given)} states {iso3} addressed).",
             "Left out: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in ln.left_out(recs).items()) + ".",
             action_categories_note()]
    if received.empty and given.empty:
        notes.append(f"{iso3} neither received nor made UPR recommendations in the data.")
    mine = ln.reciprocity(dy[(dy["recommending"] == iso3) | (dy["under_review"] == iso3)], min_n=min_n)
    return Resource(
        kind="leniency",
        params={"state": iso3, "name": names.get(iso3, iso3), "min_n": min_n, "body": body},
        data={"softest_reviewers": soft_r.head(limit), "hardest_reviewers": hard_r.head(limit),
              "goes_easy_on": soft_g.head(limit), "goes_hard_on": hard_g.head(limit),
              "reviewers": received, "addressed": given, "reciprocity": mine,
              "agreement_correlation": ln.correlation(solid_r["leniency"], solid_r["agreement"])},
        main="reviewers", notes=notes, sources=[SOURCE, "unvotes" if body == "GA" else "hrc-voting", "un-groups-blocs"])


def leniency_chart(resource: Resource):
    """Dot-and-interval chart of the softest and hardest reviewers of a state."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    soft, hard = resource["softest_reviewers"], resource["hardest_reviewers"]
    frame = pd.concat([soft, hard]).drop_duplicates("recommending").sort_values("leniency")
    fig, ax = plt.subplots(figsize=(8, 0.32 * max(len(frame), 6) + 1.5))
    y = range(len(frame))
    colours = ["#3b6ea5" if v > 0 else "#c8553d" for v in frame["leniency"]]
    ax.hlines(list(y), frame["leniency_low"], frame["leniency_high"], color="#999999")
    ax.scatter(frame["leniency"], list(y), c=colours, zorder=3)
    ax.axvline(0, color="black", lw=0.8)
    from matplotlib.lines import Line2D

    ax.legend(handles=[Line2D([], [], marker="o", ls="", color="#3b6ea5", label="softer than expected"),
                       Line2D([], [], marker="o", ls="", color="#c8553d", label="harder than expected"),
                       Line2D([], [], color="#999999", label="95% interval")], fontsize=8, loc="lower right")
    ax.set_yticks(list(y), [f"{n} (n={k})" for n, k in zip(frame["recommending_name"], frame["n"])], fontsize=8)
    ax.set_xlabel("leniency: expected minus observed action category (positive = softer)")
    ax.set_title(f"Softest and hardest UPR reviewers of {resource.params['name']}, 2008-2014\n"
                 "(dots: mean over the dyad's recommendations; bars: 95% interval)", fontsize=10)
    fig.text(0.01, 0.005, "Source: UPR Info database, sessions 1-20, via Terman & Voeten (2018). "
             "Chart: rightsregime.", fontsize=7, color="#555555")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig


def mechanisms(reg, state: str) -> Resource:
    """Coverage of the imported mechanisms for a state, and the joint statements it signed or that
    concern it. Says which kinds are absent from the warehouse."""
    from ..warehouse.imports import coverage

    iso3 = reg.lookup_state(state)
    cov = coverage(reg, iso3)
    js = reg.sql("""
        SELECT j.statement_id, CAST(j.date AS VARCHAR) AS date, j.forum, j.symbol, j.stance, j.concerning, j.title, j.citation,
               CASE WHEN s.iso3 IS NOT NULL THEN 'signatory' ELSE 'concerned' END AS role,
               (SELECT count(*) FROM joint_statement_signatories x WHERE x.statement_id = j.statement_id)
                   AS n_signatories
        FROM joint_statements j
        LEFT JOIN joint_statement_signatories s ON s.statement_id = j.statement_id AND s.iso3 = ?
        WHERE s.iso3 IS NOT NULL OR j.concerning = ?
        ORDER BY j.date""", [iso3, iso3])
    absent = cov.loc[cov["rows_loaded"] == 0, "kind"].tolist()
    notes = ["These mechanisms have no public machine-readable source in the mirror: the tables hold what "
             "users import ('rightsregime import KIND FILE', docs/imports.md) and the package's few cited rows."]
    if absent:
        notes.append("Absent from this warehouse (no rows loaded): " + ", ".join(absent) + "; load them with "
                     "'rightsregime import KIND FILE'. Measures that need them say so rather than show zero.")
    names = state_names(reg)
    return Resource(kind="mechanisms", params={"state": iso3, "name": names.get(iso3, iso3)},
                    data={"coverage": cov, "joint_statements": js}, main="coverage", notes=notes,
                    sources=["rightsregime (cited rows)", "user imports"])
