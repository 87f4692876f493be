"""Backtest of the forecast on the record, session by session, beside three baselines.

For each session from ``start_year``: fit on every position recorded before the session's first
voting day, forecast every recorded position in it (features as on the eve of the session), and
score positions and outcomes. The baselines, scored the same way:

* ``last_position``: each member repeats its last position on a text about the same state (for a
  thematic text: on the earlier text whose title and subjects are most alike, Jaccard >= 0.5), else
  its last position on any earlier text of the same kind, else yes;
* ``group_majority``: each member votes with its regional group's most frequent position in the
  previous session;
* ``all_yes``: everyone votes yes.

A baseline names one position; to give it a log loss it is turned into probabilities by its own
record before the session (P(recorded position | baseline's position), add-one smoothed), which
is the best calibration it could claim.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import _features
from ._features import CLASSES
from .forecast import (Adopts, MultinomialLogit, VoteForecaster, _adoption_grid, clone, one_blas_thread, simple_majority,
                       tally_distribution)

BASELINES = ("last_position", "group_majority", "all_yes")
METHODS = ("forecast",) + BASELINES


@dataclass
class BacktestResult:
    per_session: pd.DataFrame      # session, date, n_texts, n_positions, metric per method
    overall: pd.DataFrame          # method x metric
    calibration: pd.DataFrame      # reliability table of the forecast (one-vs-rest, pooled)
    predictions: pd.DataFrame      # decision_id, iso3, position, p_yes, p_no, p_abstain, baselines
    outcomes: pd.DataFrame         # decision_id, session, outcome, p_adopted, margins
    seconds: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------------ baselines
def group_majority(history: _features.History, targets: pd.DataFrame, rows,
                   session_of: np.ndarray, session_start: dict) -> np.ndarray:
    """Class index per row: the member's regional group's most frequent position in the session
    before the text's (members without a group: everyone's)."""
    t_idx, s_idx = rows
    h_dates = history.texts["date"].to_numpy()
    starts = sorted(set(session_start.values()))
    # Per session (by start date): positions of each group, and of everyone.
    plurality: dict = {}
    hist_start = np.array([session_start[s] for s in session_of])
    for start in starts:
        mask = hist_start == start
        if not mask.any():
            continue
        Y = history.positions[mask]
        per_group = {g: Y[:, history.groups == g].sum(axis=(0, 1)) for g in range(len(history.group_names))}
        per_group[-1] = Y.sum(axis=(0, 1))
        plurality[start] = {g: int(c.argmax()) if c.sum() else 0 for g, c in per_group.items()}
    out = np.zeros(len(t_idx), dtype=int)
    cutoffs = targets["cutoff"].to_numpy()
    prev = {}
    for t in range(len(targets)):
        earlier = [s for s in starts if s < cutoffs[t] and s in plurality]
        prev[t] = earlier[-1] if earlier else None
    for i, (t, s) in enumerate(zip(t_idx, s_idx)):
        p = prev[t]
        if p is not None:
            out[i] = plurality[p].get(history.groups[s], plurality[p][-1])
    return out


def calibrated(train_pred: np.ndarray, train_true: np.ndarray, pred: np.ndarray) -> np.ndarray:
    """Probabilities for a point baseline: P(recorded | named) from its earlier record (+1 each)."""
    table = np.ones((3, 3))
    np.add.at(table, (train_pred, train_true), 1.0)
    table /= table.sum(axis=1, keepdims=True)
    return table[pred]


# -------------------------------------------------------------------------------------- metrics
def position_metrics(p: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """Log loss, Brier score (sum over the three classes), accuracy and macro-F1."""
    n = len(y)
    if n == 0:
        return {"log_loss": np.nan, "brier": np.nan, "accuracy": np.nan, "macro_f1": np.nan}
    onehot = np.eye(3)[y]
    pred = p.argmax(axis=1)
    f1 = []
    for k in range(3):
        tp = np.sum((pred == k) & (y == k))
        fp = np.sum((pred == k) & (y != k))
        fn = np.sum((pred != k) & (y == k))
        f1.append(2 * tp / (2 * tp + fp + fn) if (tp + fp + fn) else 0.0)
    return {"log_loss": float(-np.mean(np.log(np.clip(p[np.arange(n), y], 1e-15, 1)))),
            "brier": float(np.mean(((p - onehot) ** 2).sum(axis=1))),
            "accuracy": float(np.mean(pred == y)), "macro_f1": float(np.mean(f1))}


def reliability(p: np.ndarray, y: np.ndarray, bins: int = 10) -> pd.DataFrame:
    """Pooled one-vs-rest reliability table: per bin of forecast probability, how often the
    position forecast came true."""
    probs = p.ravel()
    hits = np.eye(3)[y].ravel()
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(probs, edges[1:-1]), 0, bins - 1)
    rows = []
    for b in range(bins):
        m = which == b
        rows.append({"bin": f"{edges[b]:.1f}-{edges[b + 1]:.1f}", "n": int(m.sum()),
                     "mean_forecast": float(probs[m].mean()) if m.any() else np.nan,
                     "observed": float(hits[m].mean()) if m.any() else np.nan})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------------- backtest
def backtest(votes: pd.DataFrame, decisions: pd.DataFrame, groups, *, start_year: int = 2010,
             forecaster: VoteForecaster | None = None, adopts: Adopts = simple_majority,
             progress=None) -> BacktestResult:
    """Per session from ``start_year``: fit on the record before it, forecast its recorded votes."""
    with one_blas_thread():
        return _backtest(votes, decisions, groups, start_year=start_year, forecaster=forecaster,
                         adopts=adopts, progress=progress)


def _backtest(votes, decisions, groups, *, start_year, forecaster, adopts, progress) -> BacktestResult:
    clock = time.perf_counter()
    forecaster = forecaster if forecaster is not None else VoteForecaster()
    history = _features.build_history(votes, decisions, dict(groups or {}))
    from .forecast import training_rows

    targets, rows = training_rows(history, decisions)
    design = _features.design(history, targets, rows, half_life=forecaster.half_life,
                              prior_strength=forecaster.prior_strength)
    y = history.positions[rows[0], rows[1]].argmax(axis=1)
    seconds = {"features": time.perf_counter() - clock}

    meta = decisions.set_index("decision_id").reindex(history.texts["decision_id"])
    session_of = meta["session"].astype(str).where(meta["session"].notna(),
                                                   history.texts["decision_id"]).to_numpy()
    cutoff = targets["cutoff"].to_numpy()
    session_start = dict(zip(session_of, cutoff))
    clock = time.perf_counter()
    base_idx = {
        "last_position": _features.last_position(history, targets, rows)[0],
        "group_majority": group_majority(history, targets, rows, session_of, session_start),
        "all_yes": np.zeros(len(y), dtype=int),
    }
    seconds["baselines"] = time.perf_counter() - clock

    row_cutoff = cutoff[rows[0]]
    row_session = session_of[rows[0]]
    order = sorted(session_start, key=lambda s: session_start[s])
    tested = [s for s in order if pd.Timestamp(session_start[s]).year >= start_year]
    probs = {m: np.full((len(y), 3), np.nan) for m in METHODS}
    clock = time.perf_counter()
    template = forecaster._model()
    if isinstance(template, MultinomialLogit):
        template.set_params(warm_start=True)  # each session's fit starts from the previous one
    for n_done, s in enumerate(tested):
        test = row_session == s
        train = row_cutoff < session_start[s]
        train &= ~test
        if not train.any():
            continue
        model = template.fit(design.X[train], y[train]) if template.get_params().get("warm_start") \
            else clone(template).fit(design.X[train], y[train])
        probs["forecast"][test] = model.predict_proba(design.X[test])
        for b in BASELINES:
            probs[b][test] = calibrated(base_idx[b][train], y[train], base_idx[b][test])
        if progress:
            progress(n_done + 1, len(tested))
    seconds["fits"] = time.perf_counter() - clock
    clock = time.perf_counter()

    scored = ~np.isnan(probs["forecast"][:, 0])
    pred = pd.DataFrame({"decision_id": history.texts["decision_id"].to_numpy()[rows[0]],
                         "session": row_session, "iso3": history.states[rows[1]],
                         "position": np.asarray(CLASSES)[y]})
    for m in METHODS:
        for k, c in enumerate(CLASSES):
            pred[f"{m}_{c}"] = probs[m][:, k]
    for b in BASELINES:
        pred[f"{b}_says"] = np.asarray(CLASSES)[base_idx[b]]
    pred = pred[scored].reset_index(drop=True)
    y_s = y[scored]
    outcomes = _outcomes(pred, meta, adopts)

    per_session = []
    for s in [s for s in tested if (pred["session"] == s).any()]:
        m = (pred["session"] == s).to_numpy()
        o = outcomes[outcomes["session"] == s]
        row = {"session": s, "date": pd.Timestamp(session_start[s]).date(),
               "n_texts": int(pred.loc[m, "decision_id"].nunique()), "n_positions": int(m.sum())}
        for meth in METHODS:
            met = position_metrics(pred.loc[m, [f"{meth}_{c}" for c in CLASSES]].to_numpy(), y_s[m])
            met.update(_outcome_metrics(o, meth))
            row.update({f"{meth}_{k}": v for k, v in met.items()})
        per_session.append(row)
    per_session = pd.DataFrame(per_session)
    overall = []
    for meth in METHODS:
        met = position_metrics(pred[[f"{meth}_{c}" for c in CLASSES]].to_numpy(), y_s)
        met.update(_outcome_metrics(outcomes, meth))
        overall.append({"method": meth, **met})
    overall = pd.DataFrame(overall)
    calibration = reliability(pred[[f"forecast_{c}" for c in CLASSES]].to_numpy(), y_s)
    notes = _verdict(overall)
    seconds["scoring"] = time.perf_counter() - clock
    return BacktestResult(per_session, overall, calibration, pred, outcomes, seconds, notes)


def _outcomes(pred: pd.DataFrame, meta: pd.DataFrame, adopts: Adopts) -> pd.DataFrame:
    """Per text: recorded outcome and margin; each method's P(adopted) and expected margin."""
    codes, uniques = pd.factorize(pred["decision_id"], sort=False)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
    y = pred["position"].map({c: i for i, c in enumerate(CLASSES)}).to_numpy()[order]
    probs = {m: pred[[f"{m}_{c}" for c in CLASSES]].to_numpy()[order] for m in METHODS}
    says = {b: pred[f"{b}_says"].map({c: i for i, c in enumerate(CLASSES)}).to_numpy()[order]
            for b in BASELINES}
    session = pred["session"].to_numpy()[order]
    outcome = meta["outcome"].reindex(uniques).to_numpy()
    grids: dict[int, np.ndarray] = {}
    rows = []
    for k, did in enumerate(uniques):
        if outcome[k] not in ("adopted", "rejected"):
            continue
        a, b = bounds[k], bounds[k + 1]
        n = b - a
        if n not in grids:
            grids[n] = _adoption_grid(n, adopts)
        grid = grids[n]
        yy = y[a:b]
        row = {"decision_id": did, "session": session[a], "outcome": outcome[k],
               "actual_margin": int((yy == 0).sum() - (yy == 1).sum()), "n_voting": int(n)}
        p = probs["forecast"][a:b]
        row["forecast_p_adopted"] = float(tally_distribution(p)[grid].sum())
        row["forecast_margin"] = float((p[:, 0] - p[:, 1]).sum())
        for base in BASELINES:
            s = says[base][a:b]
            yes, no = int((s == 0).sum()), int((s == 1).sum())
            row[f"{base}_p_adopted"] = float(grid[yes, no])
            row[f"{base}_margin"] = float(yes - no)
        rows.append(row)
    return pd.DataFrame(rows)


def _outcome_metrics(o: pd.DataFrame, meth: str) -> dict[str, float]:
    if o.empty:
        return {"outcome_accuracy": np.nan, "margin_error": np.nan}
    right = (o[f"{meth}_p_adopted"] > 0.5) == (o["outcome"] == "adopted")
    return {"outcome_accuracy": float(right.mean()),
            "margin_error": float((o[f"{meth}_margin"] - o["actual_margin"]).abs().mean())}


def _verdict(overall: pd.DataFrame) -> list[str]:
    ll = overall.set_index("method")["log_loss"]
    beaten = [b for b in BASELINES if ll["forecast"] < ll[b]]
    if len(beaten) == len(BASELINES):
        return [f"The forecast beats every baseline on log loss ({ll['forecast']:.3f} against "
                + ", ".join(f"{b} {ll[b]:.3f}" for b in BASELINES) + ")."]
    lost = [b for b in BASELINES if b not in beaten]
    return [f"The forecast does NOT beat every baseline on log loss: {', '.join(lost)} "
            f"({', '.join(f'{ll[b]:.3f}' for b in lost)}) against the forecast's "
            f"{ll['forecast']:.3f}."]


__all__ = ["backtest", "BacktestResult", "position_metrics", "reliability", "calibrated",
           "group_majority", "BASELINES", "METHODS"]
