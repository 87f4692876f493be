"""Blocs at several scales: communities found at a range of Leiden resolutions, kept when they
survive resamples of the votes, and arranged by how they nest.

A large bloc often hides a tight core (a like-minded group inside the developing-country
majority). One resolution shows one scale; tuning it by hand is guesswork. So:

1. The co-voting network is the one of :mod:`.blocs` (agreement above the chamber's mean).
2. Leiden runs at every resolution of a fixed ladder (:data:`RESOLUTIONS`, coarse to fine).
3. The votes are resampled ``n_boot`` times (decisions drawn with replacement; the network is
   recomputed from the resample) and Leiden is run again at each resolution. A community's
   stability is its mean best Jaccard similarity with the communities of the replicates at the
   same resolution (the clusterwise bootstrap of Hennig 2007, *Computational Statistics & Data
   Analysis* 52(1): 258-271; Hennig reads 0.75 and more as stable). Unstable communities are
   dropped; a community found at several resolutions is kept once, with its range.
4. Nesting: a community is the child of the smallest larger community holding at least 90 % of
   its members. Each community has its cohesion (Hix-Noury-Roland, :mod:`.cohesion`) and its core
   members: those found inside its best match in at least 90 % of the replicates.

Pure numpy and pandas on the votes frame; deterministic given ``seed``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import EstimationError
from .alignment import CASTING, position_matrix
from .blocs import MIN_COMMON, MIN_STATES, MIN_VOTES, _leiden
from .cohesion import decision_cohesion, spells_from_list

RESOLUTIONS = (0.5, 0.75, 1.0, 1.5, 2.0, 3.0)
STABLE = 0.75  # Hennig (2007): clusterwise Jaccard bootstrap mean of 0.75 or more is stable
CORE = 0.9
MIN_SIZE = 3


def _weights(yes, abst, no, counts, min_common):
    """Agreement above the mean (the :mod:`.blocs` network) from indicator matrices and decision
    multiplicities ``counts`` (1 each for the data, resample counts for a replicate)."""
    c = counts.astype(np.float64)
    cast = yes + abst + no
    common = (cast * c) @ cast.T
    same = (yes * c) @ yes.T + (abst * c) @ abst.T + (no * c) @ no.T
    half_one = ((yes + no) * c) @ abst.T
    half = half_one + half_one.T
    with np.errstate(invalid="ignore", divide="ignore"):
        index = np.where(common >= min_common, (same + 0.5 * half) / common, np.nan)
    np.fill_diagonal(index, np.nan)
    w = index - np.nanmean(index)
    return np.where(np.isnan(w) | (w <= 0), 0.0, w)


def _partition(w, resolution, seed):
    keep = w.sum(axis=1) > 0
    labels = np.full(len(w), -1)
    if keep.sum() >= 2:
        idx = np.flatnonzero(keep)
        member, _, _ = _leiden([str(i) for i in idx], w[np.ix_(keep, keep)], resolution, seed)
        labels[idx] = member
    return labels


def _groups(labels) -> list[frozenset[int]]:
    out = {}
    for i, lab in enumerate(labels):
        if lab >= 0:
            out.setdefault(lab, set()).add(i)
    return [frozenset(g) for g in out.values()]


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def nested_blocs(votes: pd.DataFrame, *, n_boot: int = 20, seed: int = 0, min_votes: int = MIN_VOTES,
                 min_common: int = MIN_COMMON, resolutions=RESOLUTIONS, stable: float = STABLE,
                 where: str = "the slice") -> pd.DataFrame:
    """Stable communities at several scales: one row per community, ``community`` (C1 = largest),
    ``parent`` (the community it nests in, or None), ``level`` (depth), ``size``, ``members``,
    ``core`` (members in its best replicate match in 90 %+ of resamples), ``stability``,
    ``resolutions`` (where found), ``cohesion`` (mean HNR index over the slice's decisions)."""
    cast = votes[votes["position"].isin(CASTING)]
    active = cast["iso3"].value_counts()
    active = active[active >= min_votes].index
    if len(active) < MIN_STATES:
        raise EstimationError(f"Only {len(active)} state(s) cast {min_votes}+ votes in {where}; at least "
                              f"{MIN_STATES} are needed to look for blocs. Widen the years.")
    pm = position_matrix(cast[cast["iso3"].isin(active)])
    yes, abst, no = (m.astype(np.float64) for m in pm.indicators(np.float64))
    states = list(pm.states)
    n_dec = len(pm.decisions)
    rng = np.random.default_rng(seed)
    w0 = _weights(yes, abst, no, np.ones(n_dec), min_common)
    ref = {r: _groups(_partition(w0, r, seed)) for r in resolutions}
    reps = []
    for b in range(n_boot):
        counts = rng.multinomial(n_dec, np.full(n_dec, 1.0 / n_dec))
        wb = _weights(yes, abst, no, counts, min_common)
        reps.append({r: _groups(_partition(wb, r, seed + 1 + b)) for r in resolutions})
    found: dict[frozenset, dict] = {}
    for r in resolutions:
        for g in ref[r]:
            if len(g) < MIN_SIZE:
                continue
            scores, hits = [], np.zeros(len(states))
            for rep in reps:
                best = max(rep[r], key=lambda h: _jaccard(g, h), default=frozenset())
                scores.append(_jaccard(g, best))
                for i in g & best:
                    hits[i] += 1
            stability = float(np.mean(scores)) if scores else 1.0
            if stability < stable:
                continue
            entry = found.setdefault(g, {"stability": stability, "resolutions": [], "hits": hits})
            entry["resolutions"].append(r)
            entry["stability"] = max(entry["stability"], stability)
    if not found:
        raise EstimationError(f"No community in {where} is stable across {n_boot} resamples of the votes "
                              f"(Jaccard {stable}+ at any resolution); the record may be too thin.")
    comms = sorted(found, key=lambda g: (-len(g), min(states[i] for i in g)))
    names = {g: f"C{k + 1}" for k, g in enumerate(comms)}
    parent = {}
    for g in comms:
        larger = [h for h in comms if len(h) > len(g) and len(g & h) >= 0.9 * len(g)]
        parent[g] = min(larger, key=len) if larger else None

    def depth(g):
        return 0 if parent[g] is None else 1 + depth(parent[g])

    rows = []
    for g in comms:
        members = sorted(states[i] for i in g)
        hits = found[g]["hits"]
        core = sorted(states[i] for i in g if n_boot == 0 or hits[i] >= CORE * n_boot)
        per = decision_cohesion(cast, spells_from_list(members))
        rows.append({"community": names[g], "parent": names[parent[g]] if parent[g] is not None else None,
                     "level": depth(g), "size": len(g), "stability": found[g]["stability"],
                     "resolutions": ", ".join(f"{r:g}" for r in found[g]["resolutions"]),
                     "cohesion": float(per["cohesion"].mean()) if len(per) else np.nan,
                     "core": core, "members": members})
    out = pd.DataFrame(rows)
    return _tree_order(out)


def _tree_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in depth-first order (each community followed by the ones nested in it)."""
    children: dict = {}
    for r in frame.itertuples(index=False):
        children.setdefault(r.parent if isinstance(r.parent, str) else None, []).append(r.community)
    order: list[str] = []

    def walk(node):
        for child in children.get(node, []):
            order.append(child)
            walk(child)

    walk(None)
    return frame.set_index("community").loc[order].reset_index()


__all__ = ["nested_blocs", "RESOLUTIONS", "STABLE"]
