"""The ideal-points resource: per state-year positions with intervals, from recorded votes."""
from __future__ import annotations

from .. import params as parse
from ..errors import EstimationError, RightsRegimeError, UsageError
from ..charts import CONTINUITY
from ._base import Resource
from ._common import with_names


def idealpoints(reg, *, body: str = "GA", years=None, states: str | None = None, dimensions: int = 1,
                bootstrap: int = 0, static: bool = False, seed: int = 0, progress: bool = False,
                warn=None) -> Resource:
    """Ideal points per state and year (dynamic ordinal IRT, United States positive) with 95%
    intervals and the number of votes behind each estimate. ``warn`` receives convergence
    warnings as text. The Resource's ``model`` is the fitted estimator (for the chart)."""
    import warnings

    import pandas as pd

    from ..analysis._base import ConvergenceWarning
    from ..analysis.ideal_points import IdealPoints

    bodies = parse.bodies(body, valid=parse.VOTING_BODIES)
    if not bodies:
        raise UsageError("--body: give GA, HRC or CHR, or several joined by commas.", option="--body")
    span = parse.years(years, body=bodies)
    chosen = parse.states(states, reg.lookup_state, option="--states") if states else None
    # Only the columns the model reads (titles and subjects of 870k rows cost 600 MB).
    frames = [f for f in (reg.vote_rows(body=b, years=span) for b in bodies) if not f.empty]
    if not frames:
        raise EstimationError(f"No recorded votes for {','.join(bodies)} in "
                              f"{parse.describe_years(span)}; check --body and --years.")
    votes = pd.concat(frames, ignore_index=True)
    model = IdealPoints(dimensions, dynamic=not static, n_bootstrap=bootstrap, progress=progress,
                        random_state=seed)
    try:
        model._validate_params()
    except ValueError as exc:
        raise UsageError(f"--dimensions / --bootstrap: {exc}") from None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        model.fit(votes)
    for w in caught:
        if warn is not None:
            warn(str(w.message))
    tidy = model.tidy()
    estimates = tidy
    present = set(tidy["iso3"])
    if chosen:
        # A successor asked for brings its predecessor's years (the USSR before the Russian Federation).
        wanted = set(chosen) | {CONTINUITY[c][0] for c in chosen if c in CONTINUITY}
        absent = [s for s in chosen if s not in present
                  and not (s in CONTINUITY and CONTINUITY[s][0] in present)]
        if absent:
            raise RightsRegimeError(
                f"No estimate for {', '.join(absent)} in {','.join(bodies)} "
                f"{parse.describe_years(span)}: it cast no contested vote there.")
        estimates = tidy[tidy["iso3"].isin(wanted)].reset_index(drop=True)
    notes = [_sign_note(model.anchor_, bodies)]
    for successor, (before, _) in CONTINUITY.items():
        if {successor, before} <= set(estimates["iso3"]):
            # One line in the table as in the chart: the predecessor's rows carry the successor's line.
            line = estimates["iso3"].where(estimates["iso3"] != before, successor)
            estimates = estimates.assign(line=line)
            first = int(estimates.loc[estimates["iso3"] == successor, "year"].min()) \
                if estimates["year"].notna().any() else None
            notes.append(f"{successor} continues {before}'s seat (the Russian Federation continued the "
                         "USSR's UN membership, 24 December 1991): their rows share line "
                         f"{successor}" + (f", and the chart draws one line marked at {first}." if first else "."))
    decisions = model.decision_params_
    data = {
        "body": ",".join(bodies),
        "years": [int(decisions["year"].min()), int(decisions["year"].max())],
        "model": "dynamic ordinal IRT" if model.dynamic else "static ordinal IRT",
        "n_dimensions": model.n_dimensions,
        "intervals": (f"95% parametric bootstrap, {model.n_bootstrap} replicates"
                      if model.n_bootstrap else "95% approximate posterior (Laplace)"),
        "sign": f"{model.anchor_} positive" if model.anchor_ else "higher: more often yes",
        "n_decisions": int(len(decisions)),
        "n_unanimous_left_out": int(model.n_unanimous_),
        "n_states": int(tidy["iso3"].nunique()),
        "n_votes": int(decisions["n_votes"].sum()),
        "n_iter": int(model.n_iter_),
        "converged": bool(model.converged_),
        "log_likelihood": float(model.log_likelihood_),
        "estimates": estimates,
    }
    r = Resource("idealpoints", params={"body": ",".join(bodies), "years": list(span) if span else None,
                                        "states": chosen, "dimensions": dimensions,
                                        "bootstrap": bootstrap, "static": static, "seed": seed},
                 data=data, main="estimates", notes=notes, sources=["unvotes", "hrc-voting"])
    r.model, r.chosen = model, chosen
    return r


def _sign_note(anchor: str | None, bodies) -> str:
    """Which state fixes the direction of the scale, and why that one (issue 9: on an HRC slice
    without the United States the scale flipped and China came out at +2.4)."""
    from ..analysis.ideal_points import SIGN_ANCHORS

    order = ", ".join(SIGN_ANCHORS)
    if anchor is None:
        return (f"Sign: none of the anchor states ({order}) voted in this slice; higher positions are "
                "those that voted yes more often.")
    if anchor == SIGN_ANCHORS[0]:
        return "Sign: the United States is positive (as on the Bailey-Strezhnev-Voeten scale)."
    return (f"Sign: the United States cast no contested vote in {','.join(bodies)} here, so {anchor} is "
            f"held positive instead (the first present of {order}); scales of different slices stay comparable "
            "in direction.")


__all__ = ["idealpoints"]
