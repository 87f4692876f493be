"""The ideal-points resource: per state-year positions with intervals, from recorded votes."""
from __future__ import annotations

from .. import params as parse
from ..errors import EstimationError, RightsRegimeError, UsageError
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
    if chosen:
        absent = [s for s in chosen if s not in set(tidy["iso3"])]
        if absent:
            raise RightsRegimeError(
                f"No estimate for {', '.join(absent)} in {','.join(bodies)} "
                f"{parse.describe_years(span)}: it cast no contested vote there.")
        estimates = tidy[tidy["iso3"].isin(chosen)].reset_index(drop=True)
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
                 data=data, main="estimates", sources=["unvotes", "hrc-voting"])
    r.model, r.chosen = model, chosen
    return r


__all__ = ["idealpoints"]
