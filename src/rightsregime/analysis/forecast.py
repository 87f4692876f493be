"""The whip count: how each member will vote on a draft, with the reasons, the tally and the odds.

A :class:`VoteForecaster` learns from the record (the canonical ``votes`` frame and a decisions
frame saying, for each text, its date, session, kind, the state it concerns and its main sponsors)
how members' positions follow from their own past votes on texts about the same state, by the same
sponsors or on the same subject, their regional group's, and their agreement with the sponsors and
with the state concerned (:mod:`._features`). The default model is a regularised multinomial
logistic regression (:class:`MultinomialLogit`); any classifier with ``fit(X, y)``,
``predict_proba(X)`` and ``get_params()`` may replace it (``VoteForecaster(model=...)``).

From the members' probabilities, :func:`tally_distribution` gives the exact distribution of the
tally (each member votes independently given the features: a Poisson-binomial in three
categories), hence the expected tally with an interval, the probability of adoption under any rule
(:func:`adoption_probability`) and the swing members (:func:`swing_members`).

No look-ahead: :func:`forecast_draft` fits on the record strictly before ``as_of`` and every
feature uses texts dated before it. The backtest is in :mod:`._backtest`.

>>> from rightsregime.analysis.forecast import VoteForecaster, Draft   # doctest: +SKIP
>>> model = VoteForecaster().fit(votes, decisions, groups)             # doctest: +SKIP
>>> model.predict_proba(Draft("2021-03-22", concerning="LKA").rows(["CHN", "GBR"]))  # doctest: +SKIP
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import EstimationError
from . import _features
from ._base import Estimator, Interval, Options, check_is_fitted
from ._features import CLASSES, KIND_WORDS, KINDS

Adopts = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]


def simple_majority(yes, no, present_not_voting):
    """The Council's own rule: more yes than no among members present and voting."""
    return (yes > no) & (yes >= 1)


# ---------------------------------------------------------------------------------------- model
class MultinomialLogit(Estimator):
    """L2-regularised multinomial logistic regression on standardised features (Newton steps).

    ``C`` is the inverse strength of the penalty on the summed log-loss, as in scikit-learn;
    ``warm_start`` starts a refit from the previous coefficients (the backtest refits once a
    session on a slightly longer record).
    """

    _parameter_constraints = {
        "C": [Interval(float, 0, None, closed="neither")],
        "max_iter": [Interval(int, 1, None)],
        "tol": [Interval(float, 0, None, closed="neither")],
        "warm_start": [Options((True, False))],
    }

    def __init__(self, C=1.0, *, max_iter=50, tol=1e-7, warm_start=False):
        self.C = C
        self.warm_start = warm_start
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X: np.ndarray, y: np.ndarray) -> "MultinomialLogit":
        """Newton-Raphson on the penalised log-likelihood (yes is the reference class, so the
        other classes' coefficients are log-odds against yes); a few steps suffice."""
        self._validate_params()
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=int)
        if X.shape[0] == 0 or X.shape[0] != y.shape[0]:
            raise EstimationError(f"MultinomialLogit needs rows to fit; got {X.shape[0]} rows and "
                                  f"{y.shape[0]} labels.")
        K = len(CLASSES)
        mean = X.mean(axis=0)
        scale = X.std(axis=0)
        scale[scale < 1e-9] = 1.0
        Z = np.hstack([(X - mean) / scale, np.ones((X.shape[0], 1))])
        n, F = Z.shape
        onehot = np.eye(K)[y][:, 1:]
        ridge = np.full(F, 1.0 / self.C)
        ridge[-1] = 1e-8  # the intercepts are (almost) not shrunk
        ridge = np.tile(ridge, K - 1)

        def objective(B):
            logits = np.hstack([np.zeros((n, 1)), Z @ B])
            top = logits.max(axis=1, keepdims=True)
            log_norm = top[:, 0] + np.log(np.exp(logits - top).sum(axis=1))
            value = log_norm.sum() - (logits[:, 1:] * onehot).sum() - \
                (logits[np.arange(n), 0] * (y == 0)).sum()
            return value + 0.5 * (ridge * B.T.ravel() ** 2).sum(), np.exp(logits - log_norm[:, None])

        B = np.zeros((F, K - 1))
        if self.warm_start and getattr(self, "coef_", None) is not None and \
                self.coef_.shape == (K, F - 1):
            # Back to the standardised scale of this fit.
            B[:-1] = (self.coef_[1:] * scale[None, :]).T
            B[-1] = self.intercept_[1:] + self.coef_[1:] @ mean
        value, P = objective(B)
        self.converged_ = False
        for it in range(1, self.max_iter + 1):
            R = P[:, 1:] - onehot
            grad = (Z.T @ R).T.ravel() + ridge * B.T.ravel()
            H = np.empty(((K - 1) * F, (K - 1) * F))
            for a in range(K - 1):
                for b in range(a, K - 1):
                    w = P[:, a + 1] * ((a == b) - P[:, b + 1])
                    block = Z.T @ (Z * w[:, None])
                    H[a * F:(a + 1) * F, b * F:(b + 1) * F] = block
                    H[b * F:(b + 1) * F, a * F:(a + 1) * F] = block.T
            H[np.diag_indices_from(H)] += ridge
            step = np.linalg.solve(H, grad).reshape(K - 1, F).T
            t = 1.0
            while True:
                new_value, new_P = objective(B - t * step)
                if new_value <= value or t < 1e-4:
                    break
                t /= 2
            B, P, change, value = B - t * step, new_P, value - new_value, new_value
            if abs(change) <= self.tol * max(1.0, abs(value)):
                self.converged_ = True
                break
        full = np.hstack([np.zeros((F, 1)), B])
        self.coef_ = full[:-1].T / scale[None, :]          # (K, F) on the original scale
        self.intercept_ = full[-1] - self.coef_ @ mean
        self.classes_ = np.arange(K)
        self.n_iter_ = it
        return self

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        check_is_fitted(self, "coef_")
        return np.asarray(X, dtype=float) @ self.coef_.T + self.intercept_

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        logits = self.decision_function(X)
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)


def one_blas_thread():
    """A context where BLAS uses one thread. The products here are small (tens of features by
    tens of thousands of rows); a multi-threaded OpenBLAS on a busy 2-core machine spends 50 times
    longer waiting for its threads than computing (measured: 1.6 s against 0.03 s per product)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def clone(model):
    """A fresh, unfitted copy of a model with the same parameters."""
    return type(model)(**model.get_params())


# ---------------------------------------------------------------------------------------- drafts
@dataclass(frozen=True)
class Draft:
    """A text to forecast, as known on the eve of the vote (``as_of``)."""

    as_of: str | pd.Timestamp
    concerning: str | None = None
    sponsors: tuple[str, ...] = ()
    kind: str = "resolution"
    title: str | None = None
    subjects: str | None = None
    draft_id: str = "draft"

    def rows(self, members: Sequence[str]) -> pd.DataFrame:
        """One row per member, the frame :meth:`VoteForecaster.predict_proba` takes."""
        return pd.DataFrame({
            "draft_id": self.draft_id, "iso3": list(members),
            "as_of": pd.Timestamp(self.as_of), "kind": self.kind, "concerning": self.concerning,
            "sponsors": [tuple(self.sponsors)] * len(members), "title": self.title,
            "subjects": self.subjects})


# ------------------------------------------------------------------------------------ estimator
class VoteForecaster(Estimator):
    """Forecast members' positions (yes, no, abstain) on a text from their record.

    Parameters
    ----------
    model : classifier or None, default None
        Any object with ``fit(X, y)``, ``predict_proba(X)`` and ``get_params()`` (a fresh copy is
        fitted); None: :class:`MultinomialLogit` with ``C=1.0``.
    half_life : float, default 3.0
        Years after which an earlier vote counts half as much.
    prior_strength : float, default 3.0
        Weight, in votes, of the regional group's behaviour in a member's shares: a member with
        little history on a kind of text is given its group's.
    min_history : int, default 10
        Members with fewer earlier positions than this are reported as forecast from their group's
        behaviour (``basis = 'group'``).

    Attributes
    ----------
    history_ : the record in array form (:class:`._features.History`)
    model_ : the fitted classifier
    classes_ : ('yes', 'no', 'abstain'), the column order of :meth:`predict_proba`
    n_rows_ : number of (text, member) positions the model was fitted on
    feature_names_ : list of str
    """

    _parameter_constraints = {
        "half_life": [Interval(float, 0, None, closed="neither")],
        "prior_strength": [Interval(float, 0, None, closed="neither")],
        "min_history": [Interval(int, 0, None)],
    }

    def __init__(self, model=None, *, half_life=3.0, prior_strength=3.0, min_history=10):
        self.model = model
        self.half_life = half_life
        self.prior_strength = prior_strength
        self.min_history = min_history

    def _model(self):
        return MultinomialLogit() if self.model is None else clone(self.model)

    def fit(self, votes: pd.DataFrame, decisions: pd.DataFrame,
            groups: Mapping[str, str] | None = None) -> "VoteForecaster":
        """Learn from the record: ``votes`` (decision_id, iso3, position), ``decisions``
        (decision_id, date, session, kind, concerning, sponsors, title, subjects) and ``groups``
        (ISO3 -> regional group). Returns ``self``."""
        self._validate_params()
        with one_blas_thread():
            return self._fit(votes, decisions, groups)

    def _fit(self, votes, decisions, groups) -> "VoteForecaster":
        _require(votes, ("decision_id", "iso3", "position"), "votes")
        _require(decisions, ("decision_id", "date", "kind"), "decisions")
        history = _features.build_history(votes, decisions, dict(groups or {}))
        if history.positions.shape[0] == 0:
            raise EstimationError("No recorded yes, no or abstain positions to learn from; widen "
                                  "the slice (earlier --as-of, another --body).")
        targets, rows = training_rows(history, decisions)
        X = _features.design(history, targets, rows, half_life=self.half_life,
                             prior_strength=self.prior_strength).X
        y = history.positions[rows[0], rows[1]].argmax(axis=1)
        self.model_ = self._model().fit(X, y)
        self.feature_means_ = X.mean(axis=0)
        self.history_ = history
        self.classes_ = CLASSES
        self.n_rows_ = int(len(y))
        self.feature_names_ = _features.feature_names()
        return self

    def _design(self, drafts: pd.DataFrame):
        check_is_fitted(self, "model_")
        _require(drafts, ("iso3", "as_of"), "drafts")
        drafts = drafts.reset_index(drop=True)
        key = drafts["draft_id"] if "draft_id" in drafts else pd.Series("draft", index=drafts.index)
        first = ~key.duplicated()
        frame = drafts[first].rename(columns={"as_of": "date"}).reset_index(drop=True)
        targets = _features.describe_texts(frame)
        history = self.history_.with_states(drafts["iso3"])
        t_idx = pd.Index(key[first]).get_indexer(key)
        s_idx = history.states.get_indexer(drafts["iso3"])
        return history, _features.design(history, targets, (t_idx, s_idx), half_life=self.half_life,
                                         prior_strength=self.prior_strength)

    def predict_proba(self, drafts: pd.DataFrame) -> np.ndarray:
        """(n, 3) probabilities of yes, no and abstain for each row (draft_id, iso3, as_of, kind,
        concerning, sponsors, title, subjects), e.g. :meth:`Draft.rows`."""
        if not len(drafts):
            return np.zeros((0, 3))
        with one_blas_thread():
            design = self._design(drafts)[1]
            return self.model_.predict_proba(design.X)

    def predict(self, drafts: pd.DataFrame) -> np.ndarray:
        """The most likely position of each row."""
        return np.asarray(CLASSES)[self.predict_proba(drafts).argmax(axis=1)]

    def score(self, votes: pd.DataFrame, drafts: pd.DataFrame) -> float:
        """Mean log-probability of the recorded positions in ``votes`` (aligned with ``drafts``);
        higher is better."""
        p = self.predict_proba(drafts)
        code = votes["position"].map({c: i for i, c in enumerate(CLASSES)}).to_numpy()
        return float(np.mean(np.log(np.maximum(p[np.arange(len(p)), code], 1e-15))))

    def explain(self, drafts: pd.DataFrame, *, n_reasons: int = 3) -> pd.DataFrame:
        """Per row: probabilities, the most likely position, the basis (own record or group's),
        and the reasons that weigh most (contributions to the log-odds of the most likely
        position against the others, grouped by kind of evidence)."""
        with one_blas_thread():
            history, d = self._design(drafts)
            p = self.model_.predict_proba(d.X)
        best = p.argmax(axis=1)
        coef = getattr(self.model_, "coef_", None)
        out = pd.DataFrame({"iso3": drafts["iso3"].to_numpy(),
                            "p_yes": p[:, 0], "p_no": p[:, 1], "p_abstain": p[:, 2],
                            "most_likely": np.asarray(CLASSES)[best],
                            "n_past_votes": d.n_past.astype(int),
                            "basis": np.where(d.n_past >= self.min_history, "own record", "group")})
        group = history.groups[d.state]
        out["group"] = pd.Series([history.group_names[g] if g >= 0 else None for g in group],
                                 dtype=object)
        means = self.feature_means_
        out["reasons"] = [_reasons(i, d, best[i], coef, means, n_reasons) for i in range(len(out))]
        return out


def _require(frame: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    missing = [c for c in columns if c not in frame]
    if missing:
        raise EstimationError(f"The {name} frame lacks the column(s) {', '.join(missing)}; "
                              f"it has {', '.join(map(str, frame.columns))}.")


def training_rows(history: _features.History, decisions: pd.DataFrame):
    """Targets (every recorded text, as on the eve of its session) and the observed rows."""
    d = decisions.set_index("decision_id")
    ids = history.texts["decision_id"]
    session = d["session"].reindex(ids) if "session" in d else pd.Series(None, index=ids)
    cutoff = _features.session_cutoffs(pd.DataFrame({
        "decision_id": ids.to_numpy(), "session": session.to_numpy(),
        "date": history.texts["date"].to_numpy()}))
    targets = history.texts.copy()
    targets["cutoff"] = cutoff.to_numpy()
    j, s = np.nonzero(history.observed)
    return targets, (j, s)


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


_GROUPED = {"sponsor_agreement_known": "sponsor_agreement",
            "concerned_agreement_known": "concerned_agreement"}


def _feature_kind(name: str) -> str:
    head = name.split("_")[0]
    if head in KINDS:
        return head
    if name.startswith("last_alike"):
        return "last_alike"
    return _GROUPED.get(name, name)


def _reasons(i: int, d: _features.Design, best: int, coef, means, n: int) -> list[str]:
    """Readable evidence for the most likely position, strongest first: each kind of evidence is
    scored by how far it pushes the log-odds of that position against the others, compared with
    an average member and text of the training record."""
    kinds = [_feature_kind(f) for f in d.names]
    if coef is None:
        push = np.ones(len(d.names))
    else:
        contrast = coef[best] - np.delete(coef, best, axis=0).mean(axis=0)
        push = contrast * (d.X[i] - means)
    scores: dict[str, float] = {}
    for kind, w in zip(kinds, push):
        scores[kind] = scores.get(kind, 0.0) + float(w)
    det = d.details
    words = []
    for kind, score in sorted(scores.items(), key=lambda kv: -kv[1]):
        if score <= 0 or len(words) >= n:
            break
        text = None
        if kind in KINDS and det[f"{kind}_weight"][i] >= 0.5:
            share = det[f"{kind}_member"][i]
            text = f"{KIND_WORDS[kind]}: " + ", ".join(
                f"{c} {_pct(share[k])}" for k, c in enumerate(CLASSES))
        elif kind in KINDS:
            share = det[f"{kind}_group"][i]
            text = f"{KIND_WORDS[kind]} (its regional group's record): " + ", ".join(
                f"{c} {_pct(share[k])}" for k, c in enumerate(CLASSES))
        elif kind == "last_alike" and det["last_alike"][i] >= 0:
            text = f"last vote on a text about the same state or subject: {CLASSES[det['last_alike'][i]]}"
        elif kind == "sponsor_agreement" and not np.isnan(det["sponsor_agreement"][i]):
            text = f"agrees with the sponsors {_pct(det['sponsor_agreement'][i])} of the time"
        elif kind == "concerned_agreement" and not np.isnan(det["concerned_agreement"][i]):
            text = (f"agrees with the state concerned {_pct(det['concerned_agreement'][i])} "
                    "of the time")
        elif kind == "is_sponsor" and det["is_sponsor"][i]:
            text = "is a main sponsor"
        elif kind == "is_concerned" and det["is_concerned"][i]:
            text = "is the state concerned"
        if text:
            words.append(text)
    return words


# ----------------------------------------------------------------------------------------- tally
def tally_distribution(p: np.ndarray) -> np.ndarray:
    """Exact joint distribution of (yes, no) counts, shape (n+1, n+1), when member i votes yes,
    no or abstain with probabilities ``p[i]`` independently; abstentions are the rest."""
    p = np.asarray(p, dtype=float)
    n = len(p)
    joint = np.zeros((n + 1, n + 1))
    joint[0, 0] = 1.0
    for py, pn, pa in p:
        new = joint * pa
        new[1:, :] += joint[:-1, :] * py
        new[:, 1:] += joint[:, :-1] * pn
        joint = new
    return joint


def _adoption_grid(n: int, adopts: Adopts) -> np.ndarray:
    yes, no = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    abstain = n - yes - no
    return np.asarray(adopts(yes, no, np.maximum(abstain, 0)), dtype=bool) & (abstain >= 0)


def adoption_probability(p: np.ndarray, adopts: Adopts = simple_majority) -> float:
    """P(adopted) under a rule given as ``adopts(yes, no, present_not_voting) -> bool array``."""
    joint = tally_distribution(p)
    return float(joint[_adoption_grid(len(p), adopts)].sum())


def expected_tally(p: np.ndarray, *, level: float = 0.9) -> pd.DataFrame:
    """Expected yes, no and abstain with a central ``level`` interval from the exact distribution."""
    joint = tally_distribution(p)
    n = len(p)
    marginals = {"yes": joint.sum(axis=1), "no": joint.sum(axis=0)}
    idx = np.add.outer(np.arange(n + 1), np.arange(n + 1))
    abstain = np.zeros(n + 1)
    np.add.at(abstain, n - idx[idx <= n], joint[idx <= n])
    marginals["abstain"] = abstain
    lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2
    rows = []
    for name, dist in marginals.items():
        cdf = np.cumsum(dist)
        rows.append({"position": name, "expected": float(dist @ np.arange(n + 1)),
                     "lower": int(np.searchsorted(cdf, lo_q - 1e-12)),
                     "upper": int(np.searchsorted(cdf, hi_q - 1e-12)), "level": level})
    return pd.DataFrame(rows)


def swing_members(members: Sequence[str], p: np.ndarray, adopts: Adopts = simple_majority) -> pd.DataFrame:
    """How much each member moves the odds: P(adopted) if it votes yes, abstains or votes no (the
    others as forecast); ``leverage`` = largest minus smallest; ``swing`` = leverage times the
    chance it is not already where it is most likely (1 - its top probability). Ranked by swing."""
    p = np.asarray(p, dtype=float)
    n = len(p)
    grid = _adoption_grid(n, adopts)
    rows = []
    for i, code in enumerate(members):
        rest = tally_distribution(np.delete(p, i, axis=0))
        cond = {}
        for k, (dy, dn) in zip(CLASSES, ((1, 0), (0, 1), (0, 0))):
            shifted = np.zeros((n + 1, n + 1))
            shifted[dy:dy + n, dn:dn + n] = rest
            cond[k] = float(shifted[grid].sum())
        leverage = max(cond.values()) - min(cond.values())
        rows.append({"iso3": code, "p_adopted_if_yes": cond["yes"],
                     "p_adopted_if_abstain": cond["abstain"], "p_adopted_if_no": cond["no"],
                     "leverage": leverage, "swing": leverage * (1 - float(p[i].max()))})
    out = pd.DataFrame(rows)
    return out.sort_values(["swing", "leverage"], ascending=False).reset_index(drop=True)


# ------------------------------------------------------------------------------------- forecast
@dataclass
class Forecast:
    """The result of :func:`forecast_draft`."""

    members: pd.DataFrame              # explain() rows, by member
    tally: pd.DataFrame                # expected yes/no/abstain with interval
    p_adopted: float
    swing: pd.DataFrame
    n_training_rows: int
    history_until: pd.Timestamp | None
    notes: list[str] = field(default_factory=list)


def forecast_draft(votes: pd.DataFrame, decisions: pd.DataFrame, groups: Mapping[str, str],
                   draft: Draft, members: Sequence[str], *, adopts: Adopts = simple_majority,
                   forecaster: VoteForecaster | None = None, level: float = 0.9) -> Forecast:
    """Forecast ``draft`` for ``members`` from the record strictly before ``draft.as_of``.

    The record on or after ``as_of`` is dropped before anything is fitted, so nothing that happened
    later can move the forecast.
    """
    as_of = pd.Timestamp(draft.as_of)
    dates = pd.to_datetime(decisions["date"])
    past = decisions[dates < as_of]
    past_votes = votes[votes["decision_id"].isin(set(past["decision_id"]))]
    model = clone(forecaster) if forecaster is not None else VoteForecaster()
    model.fit(past_votes, past, groups)
    rows = draft.rows(list(members))
    table = model.explain(rows)
    p = table[["p_yes", "p_no", "p_abstain"]].to_numpy()
    notes = []
    new = table[table["basis"] == "group"]
    if len(new):
        notes.append(f"{len(new)} member(s) with fewer than {model.min_history} earlier positions "
                     f"are forecast from their regional group's behaviour: "
                     f"{', '.join(new['iso3'])}.")
    last = pd.to_datetime(past["date"]).max() if len(past) else None
    return Forecast(table, expected_tally(p, level=level), adoption_probability(p, adopts),
                    swing_members(list(members), p, adopts), model.n_rows_, last, notes)


__all__ = ["VoteForecaster", "MultinomialLogit", "Draft", "Forecast", "forecast_draft",
           "tally_distribution", "adoption_probability", "expected_tally", "swing_members",
           "simple_majority", "clone", "CLASSES"]
