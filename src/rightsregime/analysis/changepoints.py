"""When did a state's alignment with a focal state (or group) shift, by how much, how surely?

The series is the state's yearly agreement with the focal state or group (the Lijphart/Voeten
index of :mod:`.alignment`; for a group, agreement with the group's plurality position). Change
points are found by binary segmentation of a mean-shift model: each year's agreement ``y_t`` is
normal around its segment's mean with variance ``sigma^2 / n_t`` (``n_t`` the decisions both took
a position on that year), so busy years weigh more but the year-to-year scatter sets the noise
level. The best single split of a segment maximises the likelihood ratio

    LR = T * log(RSS_without / RSS_with)     (weighted residual sums of squares, T years),

and is kept when LR exceeds the penalty ``3 log T`` (the modified BIC usual for a mean shift at an
unknown location, as the default "MBIC" of R's changepoint package: the location costs more
than an ordinary parameter), each side holding at least ``min_years`` years. Segments are split again until no split pays.

Uncertainty comes from a bootstrap of decisions within years: each replicate redraws, for every
year, as many decisions as it had (with replacement), recomputes the yearly series and re-estimates
the split inside the same segment. The percentile interval of the change year and of the shift
(after minus before) are reported, with the share of replicates that put the change in the same
year. Deterministic given ``random_state``.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import EstimationError
from .alignment import MISSING, check_state, position_matrix, with_group_as_state

MIN_YEARS = 2


def agreement_scores(votes: pd.DataFrame, state: str, focal: str, *, where: str = "the slice") -> pd.DataFrame:
    """Per decision on which both took a position: ``decision_id, year, score`` with score 1
    (same position), 0.5 (one abstained) or 0 (opposite sides)."""
    state = check_state(votes, state, where)
    focal = check_state(votes, focal, where)
    pm = position_matrix(votes)
    a, b = pm.row(state).astype(np.int16), pm.row(focal).astype(np.int16)
    both = (a != MISSING) & (b != MISSING)
    score = 1.0 - np.abs(a - b) / 2.0
    years = votes.drop_duplicates("decision_id").set_index("decision_id")["year"]
    out = pd.DataFrame({"decision_id": pm.decisions[both], "score": score[both]})
    out["year"] = years.reindex(out["decision_id"]).to_numpy().astype(int)
    if out.empty:
        raise EstimationError(f"{state} and {focal} never both voted in {where}.")
    # The bootstrap redraws decisions by their place in each year: that place must not depend on
    # the order the warehouse returned rows in (DuckDB scans in parallel, so it varies run to run
    # and two runs with the same seed differed in the fourth decimal).
    return out.sort_values(["year", "decision_id"], ignore_index=True)


def yearly(scores: pd.DataFrame) -> pd.DataFrame:
    """``year, n, agreement`` from per-decision scores."""
    out = scores.groupby("year")["score"].agg(n="size", agreement="mean").reset_index()
    return out


def _best_split(y: np.ndarray, w: np.ndarray, min_years: int) -> tuple[int, float]:
    """Index k of the best split (left = [:k], right = [k:]) and its LR; (-1, 0) if none fits."""
    t = len(y)
    if t < 2 * min_years:
        return -1, 0.0
    cw, cs, cq = np.cumsum(w), np.cumsum(w * y), np.cumsum(w * y * y)
    total = cq[-1] - cs[-1] ** 2 / cw[-1]
    k = np.arange(min_years, t - min_years + 1)
    left = cq[k - 1] - cs[k - 1] ** 2 / cw[k - 1]
    rw, rs, rq = cw[-1] - cw[k - 1], cs[-1] - cs[k - 1], cq[-1] - cq[k - 1]
    right = rq - rs ** 2 / rw
    rss = np.maximum(left + right, 1e-12 * max(total, 1e-12))
    best = int(np.argmin(rss))
    lr = t * np.log(max(total, 1e-300) / rss[best]) if total > 0 else 0.0
    return int(k[best]), float(lr)


@dataclass(frozen=True)
class _Segment:
    start: int
    stop: int  # exclusive


def _segment_mean(y, w, lo, hi):
    return float(np.sum(w[lo:hi] * y[lo:hi]) / np.sum(w[lo:hi]))


def _bootstrap_years(scores: pd.DataFrame, years: np.ndarray, n_boot: int, rng) -> np.ndarray:
    """(n_boot, n_years) yearly means from decisions redrawn within each year."""
    out = np.empty((n_boot, len(years)))
    scores = scores.sort_values(["year", "decision_id"]) if "decision_id" in scores else scores
    groups = scores.groupby("year")["score"]
    for j, year in enumerate(years):
        x = groups.get_group(year).to_numpy()
        counts = rng.multinomial(len(x), np.full(len(x), 1.0 / len(x)), size=n_boot)
        out[:, j] = counts @ x / len(x)
    return out


def change_points(
    scores: pd.DataFrame,
    *,
    max_changes: int = 3,
    min_years: int = MIN_YEARS,
    n_boot: int = 1000,
    level: float = 0.9,
    random_state: int | None = 0,
) -> pd.DataFrame:
    """Change points in the yearly agreement behind ``scores`` (from :func:`agreement_scores`).

    One row per accepted change: ``year`` (first year of the new level), ``before``, ``after``,
    ``shift``, ``shift_lower``, ``shift_upper``, ``year_lower``, ``year_upper``, ``support`` (share of
    replicates placing the change in that same year), ``lr``, ``penalty``, ``years_before``,
    ``years_after`` and the decisions behind each side. Empty when no split beats the penalty.
    """
    series = yearly(scores)
    if len(series) < 2 * min_years:
        raise EstimationError(f"Only {len(series)} year(s) with shared votes; at least {2 * min_years} "
                              "are needed to look for a change in alignment.")
    y = series["agreement"].to_numpy(float)
    w = series["n"].to_numpy(float)
    years = series["year"].to_numpy()
    rng = np.random.default_rng(random_state)
    boot = _bootstrap_years(scores, years, n_boot, rng) if n_boot else None
    penalty = 3.0 * np.log(len(y))

    accepted: list[tuple[_Segment, int, float]] = []
    queue = [_Segment(0, len(y))]
    while queue and len(accepted) < max_changes:
        # Split the segment whose best split gains most first (greedy binary segmentation).
        cands = [(seg, *_best_split(y[seg.start:seg.stop], w[seg.start:seg.stop], min_years)) for seg in queue]
        cands = [c for c in cands if c[1] > 0 and c[2] > penalty]
        if not cands:
            break
        seg, k, lr = max(cands, key=lambda c: c[2])
        queue.remove(seg)
        accepted.append((seg, seg.start + k, lr))
        queue += [_Segment(seg.start, seg.start + k), _Segment(seg.start + k, seg.stop)]

    alpha = (1.0 - level) / 2.0
    rows = []
    for seg, cut, lr in sorted(accepted, key=lambda a: a[1]):
        before = _segment_mean(y, w, seg.start, cut)
        after = _segment_mean(y, w, cut, seg.stop)
        row = {"year": int(years[cut]), "before": before, "after": after, "shift": after - before,
               "lr": lr, "penalty": penalty,
               "years_before": f"{years[seg.start]}-{years[cut - 1]}",
               "years_after": f"{years[cut]}-{years[seg.stop - 1]}",
               "n_before": int(w[seg.start:cut].sum()), "n_after": int(w[cut:seg.stop].sum())}
        if boot is not None:
            b_years, b_shift = [], []
            ws = w[seg.start:seg.stop]
            for rep in boot[:, seg.start:seg.stop]:
                k, _ = _best_split(rep, ws, min_years)
                if k < 0:
                    continue
                b_years.append(years[seg.start + k])
                b_shift.append(_segment_mean(rep, ws, k, len(ws)) - _segment_mean(rep, ws, 0, k))
            b_years, b_shift = np.array(b_years), np.array(b_shift)
            row.update({
                "year_lower": int(np.quantile(b_years, alpha, method="lower")),
                "year_upper": int(np.quantile(b_years, 1 - alpha, method="higher")),
                "shift_lower": float(np.quantile(b_shift, alpha)),
                "shift_upper": float(np.quantile(b_shift, 1 - alpha)),
                "support": float(np.mean(b_years == years[cut])),
            })
        rows.append(row)
    cols = ["year", "before", "after", "shift", "shift_lower", "shift_upper", "year_lower", "year_upper",
            "support", "lr", "penalty", "years_before", "years_after", "n_before", "n_after"]
    return pd.DataFrame(rows).reindex(columns=cols)


def alignment_shifts(
    votes: pd.DataFrame,
    state: str,
    against: str,
    *,
    members: Iterable[str] | None = None,
    where: str = "the slice",
    **kwargs,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Change points in ``state``'s yearly agreement with ``against``: a state code, or a group
    code when ``members`` lists the group's states (then the group's plurality position is used).

    Returns ``(series, changes)``: the yearly series (``year, n, agreement``) and the change points.
    """
    if members is not None:
        code = f"[{against.upper()}]"
        # A member is compared with the rest of its group, not with a line it helped draw.
        others = [m for m in members if m.upper() != state.upper()]
        votes = with_group_as_state(votes, others, code)
        against = code
    scores = agreement_scores(votes, state, against, where=where)
    return yearly(scores), change_points(scores, **kwargs)
