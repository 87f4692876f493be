"""The numerical core of :class:`~rightsregime.analysis.ideal_points.IdealPoints`.

A dynamic ordinal item-response model in the style of Imai, Lo and Olmsted's ``emIRT``
(``dynIRT`` for the random walk, ``ordIRT`` for three ordered categories):

    y*_ij = alpha_j + beta_j . x_{i,t(j)} + e_ij,      e_ij ~ N(0, 1)
    position = no       if y* < 0
               abstain  if 0 <= y* < tau_j
               yes      if y* >= tau_j
    x_{i,first} ~ N(0, I),   x_{i,t} = x_{i,t-1} + w,   w ~ N(0, omega2 I),   and x_{i,t} ~ N(0, I)
    alpha_j ~ N(0, 25),  beta_j ~ N(0, I)

Absence is missing, not a category. Each round of updates has closed forms: the derivatives of
each vote's log-likelihood in its linear predictor (the gradient is E[e | position], the E-step of
data augmentation), a Kalman (Rauch-Tung-Striebel) smoother along each state's years for the
Gaussian q(x) (every state at once, one loop over years), a weighted ridge regression per roll
call for (alpha_j, beta_j) using E[x] and E[x x'], and one Newton step on the observed likelihood
for the abstention band tau_j (an ECME step, Liu and Rubin 1994: the likelihood is concave in tau,
and the data-augmented likelihood gives tau no update). The weights are the curvature of each
vote's log-likelihood (Fisher scoring); with unit weights this is emIRT's EM. Each year's positions
are centred on the states voting that year (the likelihood cannot see a common shift).
Everything is a gather or a ``bincount`` over the votes, so a round costs O(votes).

Arrays: ``item`` (roll call of each vote), ``cell`` (state-year of each vote, ``state * T +
period``), ``y`` (0 no, 1 abstain, 2 yes). No pandas here.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

SQRT2 = np.sqrt(2.0)
SQRT_2_OVER_PI = np.sqrt(2.0 / np.pi)
LOG_SQRT_2PI = 0.5 * np.log(2.0 * np.pi)
PRIOR_ALPHA_VAR = 25.0  # roll-call intercepts: weak, lopsided votes need large ones
PRIOR_BETA_VAR = 1.0  # discriminations: N(0, 1); a weaker prior lets the scale drift
PRIOR_LEVEL_VAR = 1.0  # every state-year also N(0, 1): anchors each year's spread
PRIOR_START_VAR = 1.0  # a state's first position: N(0, 1) fixes the scale
TAU_BOUNDS = (1e-3, 8.0)


@dataclass(frozen=True)
class VoteData:
    item: np.ndarray  # int32, roll call index of each vote
    cell: np.ndarray  # int32, state * n_periods + period
    y: np.ndarray  # int8, 0 no / 1 abstain / 2 yes
    n_items: int
    n_states: int
    n_periods: int
    start: np.ndarray  # first period of each state (with votes)
    end: np.ndarray  # last period of each state
    n_yes: int  # votes are sorted yes, no, abstain: each category is a slice
    n_no: int

    @property
    def n_cells(self) -> int:
        return self.n_states * self.n_periods


@dataclass(frozen=True)
class Params:
    alpha: np.ndarray  # (J,)
    beta: np.ndarray  # (J, d)
    tau: np.ndarray  # (J,)
    mean: np.ndarray  # (C, d) posterior mean of each state-year
    cov: np.ndarray  # (C, d, d) posterior covariance

    @property
    def d(self) -> int:
        return self.beta.shape[1]


@dataclass(frozen=True)
class FitResult:
    params: Params
    n_iter: int
    log_likelihood: float
    converged: bool


def mills(a: np.ndarray) -> np.ndarray:
    """phi(a) / (1 - Phi(a)), stable for every a (via the scaled complementary error function)."""
    return SQRT_2_OVER_PI / special.erfcx(a / SQRT2)


def _log_interval(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """log(Phi(b) - Phi(a)) for a < b, stable in both tails."""
    upper = (a + b) > 0  # mostly above zero: use the upper tail, log Q(a) + log(1 - Q(b)/Q(a))
    hi = np.where(upper, special.log_ndtr(-a), special.log_ndtr(b))
    lo = np.where(upper, special.log_ndtr(-b), special.log_ndtr(a))
    return hi + np.log1p(-np.exp(np.minimum(lo - hi, -1e-300)))


def linear_predictor(data: VoteData, p: Params) -> np.ndarray:
    if p.d == 1:
        return p.alpha[data.item] + p.beta[data.item, 0] * p.mean[data.cell, 0]
    return p.alpha[data.item] + np.einsum("nk,nk->n", p.beta[data.item], p.mean[data.cell])


@dataclass
class VoteTerms:
    """Per-vote derivatives of log P(position | mu): gradient g, curvature w = -d2/dmu2 (0 < w <= 1),
    and the same for the abstention band tau; plus the log-probability."""

    g: np.ndarray
    w: np.ndarray
    g_tau: np.ndarray
    h_tau: np.ndarray
    log_p: np.ndarray


def vote_terms(data: VoteData, mu: np.ndarray, tau: np.ndarray) -> VoteTerms:
    """Derivatives of the ordered-probit log-likelihood of each vote at ``mu``.

    Votes are sorted yes, no, abstain (see :func:`sort_votes`), so each category is a slice. The
    gradient ``g`` is also E[e | position], the data-augmentation E-step (EM is ``w = 1``).
    """
    ny, nn = data.n_yes, data.n_yes + data.n_no
    t = tau[data.item]
    # yes: e > tau - mu;  no: -e > mu.  Both are an upper tail e' > c with mills ratio m(c).
    c = np.empty_like(mu)
    np.subtract(t[:ny], mu[:ny], out=c[:ny])
    c[ny:nn] = mu[ny:nn]
    # Far below -35 the tail probability is 1 to double precision; clip so erfcx cannot overflow.
    c = np.maximum(c[:nn], -35.0)
    m = mills(c)
    g = np.empty_like(mu)
    w = np.empty_like(mu)
    log_p = np.empty_like(mu)
    g[:ny] = m[:ny]
    g[ny:nn] = -m[ny:]
    w[:nn] = m * (m - c)
    log_p[:nn] = -0.5 * c * c - LOG_SQRT_2PI - np.log(m)
    g_tau = np.zeros_like(mu)
    h_tau = np.zeros_like(mu)
    g_tau[:ny] = -m[:ny]
    h_tau[:ny] = -w[:ny]
    # abstain: 0 < y* < tau, i.e. a < e < b
    a = -mu[nn:]
    b = t[nn:] - mu[nn:]
    log_d = _log_interval(a, b)
    with np.errstate(over="ignore", under="ignore"):
        ra = np.exp(-0.5 * a * a - LOG_SQRT_2PI - log_d)  # phi(a) / D
        rb = np.exp(-0.5 * b * b - LOG_SQRT_2PI - log_d)  # phi(b) / D
    ga = ra - rb
    g[nn:] = ga
    w[nn:] = np.clip(ga * ga - (a * ra - b * rb), 1e-12, 1.0)
    log_p[nn:] = log_d
    g_tau[nn:] = rb
    h_tau[nn:] = -rb * (b + rb)
    np.clip(w, 1e-12, 1.0, out=w)
    return VoteTerms(g, w, g_tau, h_tau, log_p)


def log_probabilities(mu: np.ndarray, tau: np.ndarray, y: np.ndarray) -> np.ndarray:
    """log P(position | mu, tau) of each vote (any order)."""
    out = np.empty_like(mu)
    yes, no, abst = y == 2, y == 0, y == 1
    out[yes] = special.log_ndtr(mu[yes] - tau[yes])
    out[no] = special.log_ndtr(-mu[no])
    out[abst] = _log_interval(-mu[abst], tau[abst] - mu[abst])
    return out


def category_probabilities(mu: np.ndarray, tau: np.ndarray) -> np.ndarray:
    """(n, 3) probabilities of no, abstain, yes."""
    p_no = special.ndtr(-mu)
    p_yes = special.ndtr(mu - tau)
    return np.column_stack([p_no, np.clip(1.0 - p_no - p_yes, 0.0, 1.0), p_yes])


def _tau_newton(data: VoteData, terms: VoteTerms, tau: np.ndarray) -> np.ndarray:
    """One Newton step per roll call on the observed log-likelihood in tau (concave)."""
    g = np.bincount(data.item, terms.g_tau, minlength=data.n_items)
    h = np.bincount(data.item, terms.h_tau, minlength=data.n_items)
    step = np.where(h < -1e-10, -g / np.minimum(h, -1e-10), 0.0)
    step = np.clip(step, -0.5, 0.5)
    return np.clip(tau + step, *TAU_BOUNDS)


def kalman_smoother(P: np.ndarray, h: np.ndarray, data: VoteData, omega2: float):
    """Posterior mean and covariance of every state-year given information (P, h) per cell.

    ``P`` (C, d, d) and ``h`` (C, d) are the precision and the precision-weighted mean that a
    state-year's votes contribute. A state's chain starts afresh at its first period with N(0, I)
    and follows a random walk; with ``n_periods == 1`` this is the static model.
    """
    S, T = data.n_states, data.n_periods
    d = h.shape[-1]
    P = P.reshape(S, T, d, d) + np.eye(d) / PRIOR_LEVEL_VAR
    h = h.reshape(S, T, d)
    eye = np.eye(d)
    m_f = np.empty((S, T, d))
    C_f = np.empty((S, T, d, d))
    m_prev = np.zeros((S, d))
    C_prev = np.broadcast_to(eye * PRIOR_START_VAR, (S, d, d)).copy()
    for t in range(T):
        fresh = (t <= data.start)[:, None]
        mp = np.where(fresh, 0.0, m_prev)
        Cp = np.where(fresh[:, :, None], eye * PRIOR_START_VAR, C_prev + eye * omega2)
        Ip = np.linalg.inv(Cp)
        C = np.linalg.inv(Ip + P[:, t])
        m = np.einsum("sij,sj->si", C, np.einsum("sij,sj->si", Ip, mp) + h[:, t])
        m_f[:, t], C_f[:, t] = m, C
        m_prev, C_prev = m, C
    m_s = m_f.copy()
    C_s = C_f.copy()
    for t in range(T - 2, -1, -1):
        Cpred = C_f[:, t] + eye * omega2
        J = C_f[:, t] @ np.linalg.inv(Cpred)
        m_new = m_f[:, t] + np.einsum("sij,sj->si", J, m_s[:, t + 1] - m_f[:, t])
        C_new = C_f[:, t] + J @ (C_s[:, t + 1] - Cpred) @ np.swapaxes(J, 1, 2)
        # The chain is cut before a state's first period: earlier cells keep their filter values.
        linked = (t + 1 > data.start)[:, None]
        m_s[:, t] = np.where(linked, m_new, m_f[:, t])
        C_s[:, t] = np.where(linked[:, :, None], C_new, C_f[:, t])
    return m_s.reshape(S * T, d), C_s.reshape(S * T, d, d)


def sort_votes(item, cell, y, *, n_items, n_states, n_periods, start, end) -> VoteData:
    """VoteData with the votes ordered yes, no, abstain (stable within a category)."""
    order = np.argsort(np.choose(y, [1, 2, 0]).astype(np.int8), kind="stable")
    y = np.asarray(y, dtype=np.int8)[order]
    return VoteData(
        item=np.ascontiguousarray(item[order], dtype=np.int32),
        cell=np.ascontiguousarray(cell[order], dtype=np.int32),
        y=y, n_items=n_items, n_states=n_states, n_periods=n_periods,
        start=np.asarray(start), end=np.asarray(end),
        n_yes=int((y == 2).sum()), n_no=int((y == 0).sum()),
    )


def _x_information(data: VoteData, p: Params, w: np.ndarray, r: np.ndarray):
    """Precision and information vector each state-year gets from its votes.

    The quadratic approximation of a vote's log-likelihood in x is ``-w/2 (r - beta.x)^2``: ``w``
    the curvature and ``r`` the working response minus alpha.
    """
    d, C = p.d, data.n_cells
    b = p.beta[data.item]
    P = np.empty((C, d, d))
    for k in range(d):
        for l in range(k, d):
            P[:, k, l] = np.bincount(data.cell, w * b[:, k] * b[:, l], minlength=C)
            P[:, l, k] = P[:, k, l]
    wr = w * r
    h = np.column_stack([np.bincount(data.cell, b[:, k] * wr, minlength=C) for k in range(d)])
    return P, h


def _item_update(data: VoteData, mean: np.ndarray, cov: np.ndarray, w: np.ndarray, z: np.ndarray):
    """Weighted ridge regression of the working response on (1, E[x]) per roll call.

    E[x x'] (the posterior covariance of x) enters the normal equations, as in emIRT's variational
    updates, so uncertain state-years pull the discrimination less.
    """
    d, J = mean.shape[1], data.n_items
    m = mean[data.cell]
    X = np.column_stack([np.ones(len(z)), m])
    A = np.empty((J, d + 1, d + 1))
    for k in range(d + 1):
        for l in range(k, d + 1):
            v = X[:, k] * X[:, l]
            if k > 0 and l > 0:
                v = v + cov[data.cell, k - 1, l - 1]
            A[:, k, l] = np.bincount(data.item, w * v, minlength=J)
            A[:, l, k] = A[:, k, l]
    wz = w * z
    rhs = np.column_stack([np.bincount(data.item, X[:, k] * wz, minlength=J) for k in range(d + 1)])
    A += np.diag([1.0 / PRIOR_ALPHA_VAR] + [1.0 / PRIOR_BETA_VAR] * d)
    coef = np.linalg.solve(A, rhs[:, :, None])[:, :, 0]
    return coef[:, 0], coef[:, 1:]


def initial_params(data: VoteData, x_static: np.ndarray) -> Params:
    """Start from static positions (one per state, e.g. from an SVD) copied to every year."""
    d = x_static.shape[1]
    mean = np.repeat(x_static, data.n_periods, axis=0)
    cov = np.broadcast_to(np.eye(d) * 0.1, (data.n_cells, d, d)).copy()
    tau = np.ones(data.n_items)
    z = np.choose(data.y, [-0.8, 0.5, 1.8]).astype(float)
    alpha, beta = _item_update(data, mean, cov, np.ones(len(z)), z)
    return Params(alpha, beta, tau, mean, cov)


def _step(data: VoteData, p: Params, omega2: float, scoring: bool,
          center: bool) -> tuple[Params, float]:
    """One round of block updates from ``p``; returns the new parameters and the log-likelihood
    at ``p``."""
    mu = linear_predictor(data, p)
    terms = vote_terms(data, mu, p.tau)
    ll = float(terms.log_p.sum())
    # tau's step needs only these terms and the current tau: take it first and let the per-vote
    # arrays go before the position and roll-call updates allocate theirs (lower peak memory on
    # the 870k-vote GA record, same numbers).
    tau = _tau_newton(data, terms, p.tau)
    g, w = terms.g, terms.w
    del terms
    if scoring:
        z = g / w
        z += mu
    else:
        w = np.ones_like(mu)
        z = mu + g
    del g, mu
    P, h = _x_information(data, p, w, z - p.alpha[data.item])
    mean, cov = kalman_smoother(P, h, data, omega2)
    if center:
        mean = center_years(data, mean)
    alpha, beta = _item_update(data, mean, cov, w, z)
    return Params(alpha, beta, tau, mean, cov), ll


def center_years(data: VoteData, mean: np.ndarray) -> np.ndarray:
    """Shift each year's positions so that the states voting that year average zero.

    A common shift of every state in one year is invisible to the likelihood (the year's roll
    calls absorb it); this fixes it as the distance from the average member of the year.
    """
    S, T = data.n_states, data.n_periods
    voted = (np.bincount(data.cell, minlength=data.n_cells) > 0).reshape(S, T)
    x = mean.reshape(S, T, -1)
    n = np.maximum(voted.sum(axis=0), 1)
    shift = np.einsum("st,std->td", voted, x) / n[:, None]
    return (x - shift[None]).reshape(mean.shape)


def fit(data: VoteData, start: Params, *, omega2: float, max_iter: int, tol: float,
        center: bool = True, scoring: bool = True, callback=None) -> FitResult:
    """Block updates of q(x), the roll calls and tau from ``start`` until the positions settle:
    converged when the root-mean-square change of the state-year means is at most ``tol``.

    With ``scoring`` each block takes a Fisher-scoring (Newton) step: the weights ``w`` are the
    curvature of each vote's log-likelihood. Without it the weights are 1 and the working response
    is E[y*], which is exactly the data-augmentation EM of emIRT; it climbs to the same optimum
    but needs many more iterations on lopsided General Assembly votes, where w is small.
    """
    p = start
    converged = False
    ll = -np.inf
    it = 0
    voted = np.bincount(data.cell, minlength=data.n_cells) > 0
    for it in range(1, max_iter + 1):
        new, ll = _step(data, p, omega2, scoring, center)
        change = float(np.sqrt(np.mean((new.mean[voted] - p.mean[voted]) ** 2)))
        p = new
        if callback is not None:
            callback(it, ll, change)
        if change <= tol:
            converged = True
            break
    mu = linear_predictor(data, p)
    ll = float(vote_terms(data, mu, p.tau).log_p.sum())
    return FitResult(p, it, ll, converged)


def simulate(data: VoteData, p: Params, rng: np.random.Generator) -> VoteData:
    """Positions drawn from the fitted model for the same (roll call, state-year) pairs."""
    mu = linear_predictor(data, p)
    ystar = mu + rng.standard_normal(len(mu))
    tau = p.tau[data.item]
    y = np.where(ystar < 0, 0, np.where(ystar < tau, 1, 2)).astype(np.int8)
    return sort_votes(data.item, data.cell, y, n_items=data.n_items, n_states=data.n_states,
                      n_periods=data.n_periods, start=data.start, end=data.end)
