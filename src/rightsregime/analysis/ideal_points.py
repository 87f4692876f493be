"""Ideal points: where each state stands, year by year, from its recorded votes.

A dynamic ordinal item-response model: yes, abstain and no are ordered categories (absence and
present-not-voting are missing, not positions), and each state's position follows a Gaussian
random walk across years so that estimates are comparable over time, in the spirit of Bailey,
Strezhnev and Voeten (2017). It is fitted in seconds by closed-form block updates (Kalman smoother
along the years, a weighted regression per roll call) in the style of Imai, Lo and Olmsted's
``emIRT``; intervals come from a parametric bootstrap run on every core. The numerical core is
:mod:`rightsregime.analysis._dynirt`; the model is written out in ``docs/ideal_points.md``.

>>> import rightsregime as rr                                   # doctest: +SKIP
>>> from rightsregime.analysis.ideal_points import IdealPoints   # doctest: +SKIP
>>> reg = rr.open()                                              # doctest: +SKIP
>>> model = IdealPoints(random_state=0).fit(reg.votes(body="GA", years=(1990, 2019)))  # doctest: +SKIP
>>> model.tidy().query("iso3 == 'USA'").tail(1)                  # doctest: +SKIP
"""
from __future__ import annotations

import os
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.linalg import eigsh

from ..errors import EstimationError
from . import _dynirt
from ._base import ConvergenceWarning, Estimator, Interval, Options, check_is_fitted, find_stack_level

# yes / abstain / no are ordered; the rest of the vocabulary (non_voting, absent) is missing data.
POSITION_CODES = {"no": 0, "abstain": 1, "yes": 2}
SIGN_ANCHOR = "USA"  # the published Bailey-Strezhnev-Voeten scale puts the United States positive
# When the United States is not in the slice (an HRC year it was not a member), the first of these
# present anchors the sign: on the published scale (Bailey, Strezhnev and Voeten 2017, JCR 61(2);
# the reference_ideal_points table) they sit at the positive end beside the United States. Without
# any of them an HRC slice of 2019 put China at +2.4 (issue 9).
SIGN_ANCHORS = (SIGN_ANCHOR, "GBR", "CAN", "AUS", "FRA", "DEU", "NLD", "SWE", "NOR", "DNK", "JPN")
MIN_STATES = 10
MIN_DECISIONS = 20
Z95 = 1.959963984540054


class IdealPoints(Estimator):
    """Dynamic ordinal ideal points of states from roll-call votes.

    Parameters
    ----------
    n_dimensions : int, default 1
        Dimensions of the policy space (1 to 3). With more than one, dimensions are rotated to
        their principal axes, the first explaining the most variation.
    dynamic : bool, default True
        Positions follow a random walk across years (one estimate per state and year). If False,
        one position per state for the whole slice (``year`` is missing in :meth:`tidy`).
    random_walk_variance : float, default 0.05
        Variance of a state's yearly step. Smaller values give smoother trajectories.
    max_iter : int, default 500
        Maximum number of block updates.
    tol : float, default 1e-3
        Stop when the root-mean-square change of the positions between updates is at most this.
    n_bootstrap : int, default 0
        Parametric bootstrap replicates for the intervals. With 0, intervals are the approximate
        posterior (Laplace) intervals of the fit, which are narrower.
    n_jobs : int or None, default None
        Processes for the bootstrap (None: every core).
    progress : bool, default False
        Show progress bars on stderr during the fit (updates, with the change in positions
        against ``tol``) and the bootstrap.
    random_state : int or None, default None
        Seed of the bootstrap; the point estimates do not depend on it.

    Attributes
    ----------
    ideal_points_ : DataFrame
        Index (iso3, year); columns ``value``, ``lower``, ``upper`` (95 %; suffixed ``_1``,
        ``_2``... with several dimensions) and ``n_votes`` (votes behind the estimate).
    decision_params_ : DataFrame
        Index decision_id; ``year``, ``alpha`` (intercept), ``beta`` (discrimination; ``beta_k``
        with several dimensions), ``tau`` (width of the abstention band), ``n_votes``.
    n_iter_ : int
    log_likelihood_ : float
        Log-likelihood of the votes used, at the estimates.
    converged_ : bool
    n_unanimous_ : int
        Roll calls left out because every state took the same position (they carry no
        information on positions).
    anchor_ : str or None
        The state whose first-dimension position is positive (``USA`` when present).
    """

    _parameter_constraints = {
        "n_dimensions": [Interval(int, 1, 3)],
        "dynamic": [Options((True, False))],
        "random_walk_variance": [Interval(float, 0, None, closed="neither")],
        "max_iter": [Interval(int, 1, None)],
        "tol": [Interval(float, 0, None, closed="neither")],
        "n_bootstrap": [Interval(int, 0, 200)],  # bounded: each replicate is a full fit (GA 1946-2019: ~7 s)
        "n_jobs": [None, Interval(int, 1, None)],
        "progress": [Options((True, False))],
        "random_state": [None, Interval(int, 0, None)],
    }

    def __init__(self, n_dimensions=1, *, dynamic=True, random_walk_variance=0.05, max_iter=500,
                 tol=1e-3, n_bootstrap=0, n_jobs=None, progress=False, random_state=None):
        self.n_dimensions = n_dimensions
        self.dynamic = dynamic
        self.random_walk_variance = random_walk_variance
        self.max_iter = max_iter
        self.tol = tol
        self.n_bootstrap = n_bootstrap
        self.n_jobs = n_jobs
        self.progress = progress
        self.random_state = random_state

    # ------------------------------------------------------------------ fitting
    def fit(self, votes: pd.DataFrame) -> "IdealPoints":
        """Estimate positions from the canonical long ``votes`` frame.

        ``votes`` has one row per state and roll call: ``decision_id``, ``iso3``, ``position``
        and ``year`` (or ``date``), as :meth:`Regime.votes` returns it. Rows with a position other
        than yes, no or abstain are missing data. Returns ``self``.
        """
        self._validate_params()
        layout = _layout(votes, dynamic=self.dynamic)
        d = self.n_dimensions
        if d >= layout.n_states:
            raise EstimationError(
                f"Cannot place {layout.n_states} states in {d} dimensions; ask for fewer dimensions."
            )
        start = _dynirt.initial_params(layout.data, _svd_start(layout, d))
        omega2 = self.random_walk_variance if self.dynamic else 1.0
        with _fit_progress(self, layout) as callback:
            result = _dynirt.fit(layout.data, start, omega2=omega2, max_iter=self.max_iter,
                                 tol=self.tol, callback=callback)
        if not result.converged:
            warnings.warn(
                f"IdealPoints did not converge in {self.max_iter} updates (tol={self.tol:g}); "
                "raise max_iter or tol.",
                ConvergenceWarning,
                stacklevel=find_stack_level(),
            )
        params, anchor = _orient(layout, result.params)
        lower = upper = None
        if self.n_bootstrap:
            lower, upper = _bootstrap(layout, params, omega2, self)
        self._layout = layout
        self._params = params
        self.anchor_ = anchor
        self.n_iter_ = result.n_iter
        self.converged_ = result.converged
        self.log_likelihood_ = result.log_likelihood
        self.n_unanimous_ = layout.n_unanimous
        self.ideal_points_ = _ideal_points_frame(layout, params, lower, upper)
        self.decision_params_ = _decision_frame(layout, params)
        return self

    # ------------------------------------------------------------------ using a fit
    def tidy(self) -> pd.DataFrame:
        """One row per state, year (and dimension when several): ``iso3, year, value, lower,
        upper, n_votes``; for JSON, CSV and charts."""
        check_is_fitted(self, "ideal_points_")
        frame = self.ideal_points_.reset_index()
        d = self._params.d
        if d == 1:
            return frame[["iso3", "year", "value", "lower", "upper", "n_votes"]]
        parts = []
        for k in range(1, d + 1):
            part = frame[["iso3", "year", f"value_{k}", f"lower_{k}", f"upper_{k}", "n_votes"]]
            part = part.rename(columns={f"value_{k}": "value", f"lower_{k}": "lower",
                                        f"upper_{k}": "upper"})
            parts.append(part.assign(dimension=k))
        out = pd.concat(parts, ignore_index=True).sort_values(["iso3", "year", "dimension"])
        return out[["iso3", "year", "dimension", "value", "lower", "upper", "n_votes"]].reset_index(
            drop=True)

    def predict(self, votes: pd.DataFrame) -> np.ndarray:
        """P(yes) for each row (``decision_id``, ``iso3``) of a votes frame; NaN where the fit has
        no estimate (a roll call or state-year it did not see, or a unanimous roll call)."""
        return self._category_probabilities(votes)[:, 2]

    def predict_proba(self, votes: pd.DataFrame) -> np.ndarray:
        """(n, 3) probabilities of no, abstain and yes for each row."""
        return self._category_probabilities(votes)

    def score(self, votes: pd.DataFrame) -> float:
        """Mean log-probability of the recorded positions (yes, abstain, no) that the fit can
        predict; higher is better."""
        probs = self._category_probabilities(votes)
        code = votes["position"].map(POSITION_CODES).to_numpy(dtype=float)
        ok = ~np.isnan(code) & ~np.isnan(probs[:, 0])
        if not ok.any():
            raise EstimationError("None of these votes can be scored: no roll call or state-year "
                                  "of them was in the fit.")
        p = probs[ok, code[ok].astype(int)]
        return float(np.mean(np.log(np.maximum(p, 1e-300))))

    def _category_probabilities(self, votes: pd.DataFrame) -> np.ndarray:
        check_is_fitted(self, "ideal_points_")
        layout, p = self._layout, self._params
        item = pd.Index(layout.decisions).get_indexer(votes["decision_id"].astype(str))
        state = pd.Index(layout.states).get_indexer(votes["iso3"].astype(str))
        out = np.full((len(votes), 3), np.nan)
        ok = (item >= 0) & (state >= 0)
        period = np.zeros(len(votes), dtype=int)
        if layout.dynamic:
            period = layout.item_period[np.where(item >= 0, item, 0)]
            ok &= (period >= layout.data.start[np.where(state >= 0, state, 0)])
            ok &= (period <= layout.data.end[np.where(state >= 0, state, 0)])
        cell = state * layout.data.n_periods + period
        mu = p.alpha[item[ok]] + np.einsum("nk,nk->n", p.beta[item[ok]], p.mean[cell[ok]])
        out[ok] = _dynirt.category_probabilities(mu, p.tau[item[ok]])
        return out


# ---------------------------------------------------------------------- data layout
class _Layout:
    """Index maps from the votes frame to the arrays of the numerical core."""

    def __init__(self, data, decisions, states, years, item_period, n_unanimous, dynamic):
        self.data = data
        self.dynamic = dynamic
        self.decisions = decisions  # decision_id per item index
        self.states = states  # iso3 per state index
        self.years = years  # calendar year per period (one entry, NaN, when static)
        self.item_period = item_period
        self.n_unanimous = n_unanimous

    @property
    def n_states(self) -> int:
        return len(self.states)


def _layout(votes: pd.DataFrame, *, dynamic: bool) -> _Layout:
    missing = [c for c in ("decision_id", "iso3", "position") if c not in votes.columns]
    if "year" not in votes.columns and "date" not in votes.columns:
        missing.append("year")
    if missing:
        raise ValueError(
            f"The votes frame lacks column(s) {', '.join(missing)}; pass the canonical votes "
            "frame (decision_id, iso3, position, year), e.g. reg.votes(body='GA')."
        )
    # Integer codes from the start: factorizing the (Arrow-backed) string columns directly keeps
    # the 870k-row GA record out of Python string objects (issue 9: peak memory 1.1 GB -> <400 MB).
    p_codes, p_uniques = pd.factorize(votes["position"], use_na_sentinel=True)
    lookup = np.array([POSITION_CODES.get(str(u), -1) for u in p_uniques] + [-1], dtype=np.int8)
    code = lookup[p_codes]  # the sentinel -1 indexes the trailing -1
    keep = code >= 0
    if "year" in votes.columns:
        year = pd.to_numeric(votes["year"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    else:
        year = pd.to_datetime(votes["date"], errors="coerce").dt.year.to_numpy(dtype=float, na_value=np.nan)
    ids, iso3 = votes["decision_id"], votes["iso3"]
    ids = ids if pd.api.types.is_string_dtype(ids) and not pd.api.types.is_object_dtype(ids) else ids.astype(str)
    iso3 = iso3 if pd.api.types.is_string_dtype(iso3) and not pd.api.types.is_object_dtype(iso3) else iso3.astype(str)
    item, decisions = pd.factorize(ids, sort=True)
    state, states = pd.factorize(iso3, sort=True)
    keep &= (item >= 0) & (state >= 0)
    code, year, item, state = code[keep], year[keep], item[keep], state[keep]
    # A roll call on which everyone took the same position says nothing about positions.
    lo = np.full(len(decisions), 3, dtype=np.int8)
    hi = np.full(len(decisions), -1, dtype=np.int8)
    np.minimum.at(lo, item, code)
    np.maximum.at(hi, item, code)
    seen = np.bincount(item, minlength=len(decisions)) > 0
    contested = lo < hi
    n_unanimous = int((seen & ~contested).sum())
    keep_row = contested[item] & ~np.isnan(year)
    item, code, year, state = item[keep_row], code[keep_row], year[keep_row], state[keep_row]
    # Renumber roll calls and states to those left (codes stay in sorted order of the ids).
    item_used, item = np.unique(item, return_inverse=True)
    state_used, state = np.unique(state, return_inverse=True)
    decisions = np.asarray(decisions)[item_used]
    states = np.asarray(states)[state_used]
    # One canonical order of the votes (roll call, then state): the fit sums over votes with
    # bincount, and floating sums depend on their order, which the warehouse does not fix (DuckDB
    # scans in parallel). Same data and seed, same digits.
    order = np.lexsort((state, item))
    item, code, year, state = item[order], code[order], year[order], state[order]
    if len(decisions) < MIN_DECISIONS or len(states) < MIN_STATES:
        raise EstimationError(
            f"Too little to estimate ideal points: {len(decisions)} contested roll calls and "
            f"{len(states)} voting states in this slice ({n_unanimous} unanimous roll calls left "
            f"out); at least {MIN_DECISIONS} roll calls and {MIN_STATES} states are needed. "
            "Widen the years or add a body."
        )
    # A roll call belongs to one year: the first date recorded for it.
    item_year = np.full(len(decisions), np.inf)
    np.minimum.at(item_year, item, year)
    item_year = item_year.astype(int)
    if dynamic:
        first = int(item_year.min())
        years = np.arange(first, int(item_year.max()) + 1)
        item_period = item_year - first
    else:
        years = np.array([np.nan])
        item_period = np.zeros(len(decisions), dtype=int)
    T, S = len(years), len(states)
    period = item_period[item]
    start = np.full(S, T, dtype=int)
    end = np.zeros(S, dtype=int)
    np.minimum.at(start, state, period)
    np.maximum.at(end, state, period)
    data = _dynirt.sort_votes(item, state * T + period, code, n_items=len(decisions), n_states=S,
                              n_periods=T, start=start, end=end)
    layout = _Layout(data, np.asarray(decisions, dtype=object), np.asarray(states, dtype=object),
                     years, item_period, n_unanimous, dynamic)
    layout.item_year = item_year
    return layout


def _svd_start(layout: _Layout, d: int) -> np.ndarray:
    """Static starting positions: leading singular vectors of the centred state x roll-call
    matrix (yes +1, abstain 0, no -1, missing 0), scaled to unit variance."""
    data = layout.data
    state = data.cell // data.n_periods
    value = np.choose(data.y, [-1.0, 0.0, 1.0])
    count = np.bincount(data.item, minlength=data.n_items)
    centred = value - (np.bincount(data.item, value, minlength=data.n_items) / count)[data.item]
    matrix = sparse.csr_matrix((centred, (state, data.item)), shape=(data.n_states, data.n_items))
    # Left singular vectors from the small states x states Gram matrix: a sparse product and a
    # 200 x 200 eigenproblem by ARPACK, where a dense SVD (or LAPACK's eigh) of the wide matrix thrashes threaded BLAS on a
    # busy machine (5 s against 0.2 s measured).
    gram = (matrix @ matrix.T).toarray()
    values, vectors = eigsh(gram, k=d, v0=np.ones(data.n_states))  # ARPACK; fixed start vector
    order = np.argsort(values)[::-1]
    x = vectors[:, order] * np.sqrt(np.maximum(values[order], 0.0))
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    return x


def _orient(layout: _Layout, p: _dynirt.Params) -> tuple[_dynirt.Params, str | None]:
    """Rotate to principal axes (several dimensions) and fix signs: the anchor state positive.

    The likelihood and the isotropic priors are unchanged by a rotation or a reflection of every
    position with its roll calls' discriminations, so this only chooses how to report them.
    """
    voted = np.bincount(layout.data.cell, minlength=layout.data.n_cells) > 0
    mean, beta, cov = p.mean, p.beta, p.cov
    if p.d > 1:
        _, vecs = np.linalg.eigh(np.cov(mean[voted].T))
        rot = vecs[:, ::-1]
        mean, beta = mean @ rot, beta @ rot
        cov = np.einsum("ki,cij,jl->ckl", rot, cov, rot)
    present = set(layout.states)
    anchor = next((a for a in SIGN_ANCHORS if a in present), None)
    if anchor is not None:
        s = list(layout.states).index(anchor)
        cells = [s * layout.data.n_periods + t for t in range(layout.data.n_periods)
                 if voted[s * layout.data.n_periods + t]]
        direction = mean[cells].mean(axis=0)
    else:  # without any anchor state: higher positions vote yes more often
        direction = beta.mean(axis=0)
    signs = np.where(direction < 0, -1.0, 1.0)
    cov = cov * signs[None, :, None] * signs[None, None, :]
    return _dynirt.Params(p.alpha, beta * signs, p.tau, mean * signs, cov), anchor


# ---------------------------------------------------------------------- progress
class _fit_progress:
    """A progress bar of the fit's updates on stderr (``progress=True``): a long GA fit takes tens
    of seconds; the bar shows the update and how far the positions still move against ``tol``."""

    def __init__(self, model: "IdealPoints", layout: "_Layout"):
        self.model, self.layout, self.bar = model, layout, None

    def __enter__(self):
        if not self.model.progress:
            return None
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[info]}"),
                            TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        self.bar.start()
        n = len(self.layout.data.y)
        self.task = self.bar.add_task(f"Fitting ideal points ({n:,} votes)", total=self.model.max_iter, info="")

        def callback(it, ll, change):
            self.bar.update(self.task, completed=it, info=f"update {it}, change {change:.2g} (tol {self.model.tol:g})")

        return callback

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        return False


# ---------------------------------------------------------------------- bootstrap
_WORKER: dict = {}


def _init_worker(data, params, omega2, max_iter, tol):
    _WORKER.update(data=data, params=params, omega2=omega2, max_iter=max_iter, tol=tol)


def _replicate(seed: np.random.SeedSequence) -> np.ndarray:
    """Positions refitted on votes simulated from the fit (warm start at the fit)."""
    w = _WORKER
    rng = np.random.default_rng(seed)
    data = _dynirt.simulate(w["data"], w["params"], rng)
    result = _dynirt.fit(data, w["params"], omega2=w["omega2"], max_iter=w["max_iter"], tol=w["tol"])
    return result.params.mean


def _bootstrap(layout: _Layout, params: _dynirt.Params, omega2: float, model: IdealPoints):
    """95 % intervals from ``n_bootstrap`` parametric replicates, on every core.

    Each replicate has its own seed spawned from ``random_state``, so the result does not depend
    on the number of processes or the order they finish in.
    """
    from rich.console import Console
    from rich.progress import Progress

    n = model.n_bootstrap
    seeds = np.random.SeedSequence(model.random_state).spawn(n)
    jobs = model.n_jobs or os.cpu_count() or 1
    voted = np.bincount(layout.data.cell, minlength=layout.data.n_cells) > 0
    reference = params.mean[voted]
    draws = np.empty((n, int(voted.sum()), params.d))
    args = (layout.data, params, omega2, model.max_iter, model.tol)
    with Progress(console=Console(stderr=True), disable=not model.progress, transient=True) as bar:
        task = bar.add_task("Bootstrap", total=n)
        if jobs == 1:
            _init_worker(*args)
            results = ((i, _replicate(seed)) for i, seed in enumerate(seeds))
            for i, mean in results:
                draws[i] = _align(mean[voted], reference)
                bar.advance(task)
        else:
            with ProcessPoolExecutor(max_workers=min(jobs, n), initializer=_init_worker,
                                     initargs=args) as pool:
                futures = {pool.submit(_replicate, seed): i for i, seed in enumerate(seeds)}
                for future in as_completed(futures):
                    draws[futures[future]] = _align(future.result()[voted], reference)
                    bar.advance(task)
    # Refits shrink extreme positions towards the centre (the priors act twice), so the raw
    # percentiles can miss the estimate itself: place the replicates' spread around the estimate.
    centre = np.median(draws, axis=0)
    lower = np.full(params.mean.shape, np.nan)
    upper = np.full(params.mean.shape, np.nan)
    lower[voted] = reference + np.percentile(draws, 2.5, axis=0) - centre
    upper[voted] = reference + np.percentile(draws, 97.5, axis=0) - centre
    return lower, upper


def _align(x: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Rotate or reflect a replicate onto the point estimate (orthogonal Procrustes)."""
    u, _, vt = np.linalg.svd(x.T @ reference)
    return x @ (u @ vt)


# ---------------------------------------------------------------------- result frames
def _ideal_points_frame(layout, p, lower, upper) -> pd.DataFrame:
    data = layout.data
    T = data.n_periods
    n_votes = np.bincount(data.cell, minlength=data.n_cells)
    voted = np.flatnonzero(n_votes > 0)
    if lower is None:
        sd = np.sqrt(np.einsum("cii->ci", p.cov))
        lower, upper = p.mean - Z95 * sd, p.mean + Z95 * sd
    year = layout.years[voted % T]
    frame = pd.DataFrame({
        "iso3": layout.states[voted // T].astype(str),
        "year": pd.array(np.where(np.isnan(year.astype(float)), np.nan, year), dtype="Int64"),
    })
    if p.d == 1:
        frame["value"], frame["lower"], frame["upper"] = (
            p.mean[voted, 0], lower[voted, 0], upper[voted, 0])
    else:
        for k in range(p.d):
            frame[f"value_{k + 1}"] = p.mean[voted, k]
            frame[f"lower_{k + 1}"] = lower[voted, k]
            frame[f"upper_{k + 1}"] = upper[voted, k]
    frame["n_votes"] = n_votes[voted]
    return frame.set_index(["iso3", "year"])


def _decision_frame(layout, p) -> pd.DataFrame:
    frame = pd.DataFrame({"decision_id": layout.decisions.astype(str), "year": layout.item_year})
    frame["alpha"] = p.alpha
    if p.d == 1:
        frame["beta"] = p.beta[:, 0]
    else:
        for k in range(p.d):
            frame[f"beta_{k + 1}"] = p.beta[:, k]
    frame["tau"] = p.tau
    frame["n_votes"] = np.bincount(layout.data.item, minlength=layout.data.n_items)
    return frame.set_index("decision_id")


def correlation_with_reference(estimates: pd.DataFrame, reference: pd.DataFrame) -> dict:
    """Pearson r between estimates and published ones, matched on (iso3, year).

    Returns ``pooled`` (every state-year), ``median_within_year`` (median over years of the
    cross-state r, years with at least 10 matched states), ``n`` (matched state-years) and
    ``by_year`` (a Series).
    """
    est = estimates[["iso3", "year", "value"]].copy()
    ref = reference[["iso3", "year", "value"]].rename(columns={"value": "reference"})
    est["year"] = pd.to_numeric(est["year"]).astype("Int64")
    ref["year"] = pd.to_numeric(ref["year"]).astype("Int64")
    joined = est.merge(ref, on=["iso3", "year"]).dropna(subset=["value", "reference"])
    if len(joined) < 3:
        raise EstimationError("Fewer than 3 state-years match the reference estimates.")
    by_year = {}
    for year, group in joined.groupby("year"):
        if len(group) >= 10:
            by_year[int(year)] = float(np.corrcoef(group["value"], group["reference"])[0, 1])
    by_year = pd.Series(by_year, name="r", dtype=float)
    return {
        "pooled": float(np.corrcoef(joined["value"], joined["reference"])[0, 1]),
        "median_within_year": float(by_year.median()) if len(by_year) else float("nan"),
        "n": int(len(joined)),
        "by_year": by_year,
    }


__all__ = ["IdealPoints", "ConvergenceWarning", "correlation_with_reference"]
