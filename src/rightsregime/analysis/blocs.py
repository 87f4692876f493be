"""Voting blocs found in the record: co-voting networks, Leiden communities, followed over time.

For each period and body the co-voting network has one node per state that cast at least
``min_votes`` votes and one edge per pair sharing at least ``min_common`` decisions, weighted by
their agreement (the Lijphart/Voeten index of :mod:`.alignment`) *above the chamber's mean pair
agreement*. In consensus-heavy bodies nearly every pair agrees most of the time, so the raw index
gives an almost uniform dense graph; subtracting the mean (and dropping pairs below it) keeps the
affinities that set states apart. ``baseline=None`` keeps the raw index.

Communities come from the Leiden algorithm (Traag, Waltman and van Eck 2019, *Scientific Reports*
9: 5233; package ``leidenalg``) maximising weighted modularity (``RBConfigurationVertexPartition``)
with a fixed seed, so a run is reproducible. Leiden is run again with ``n_seeds - 1`` further seeds
and each bloc's ``stability`` is the mean share of runs in which two of its members fall in the
same community (1: every run agrees), so a bloc that depends on the seed shows it. The reported ``modularity`` is igraph's weighted
modularity of the partition (``partition.modularity`` would ignore the weights).

Blocs are followed across periods by matching each period's blocs to the previous period's with
the Hungarian algorithm on member Jaccard similarity; a match needs ``min_jaccard``. Matched blocs
share a ``lineage`` (B1, B2, ... in order of first appearance). Each bloc carries its members, its
cohesion (Hix-Noury-Roland, :mod:`.cohesion`), its mean internal agreement, its most distinctive
votes (largest gap between the bloc's mean position and the rest of the body's, yes = 1,
abstain = 0.5, no = 0) and its overlap with named groups (Jaccard, and the share of the bloc in the
group, among the group's members voting in that period).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import EstimationError
from .alignment import CASTING, SCORES, agreement_matrix, describe_slice, slice_votes
from .cohesion import decision_cohesion, spells_from_list

MIN_VOTES = 20
MIN_COMMON = 20
MIN_STATES = 6


def split_periods(years: tuple[int, int], length: int | None) -> list[tuple[int, int]]:
    """(1998, 2005), 4 -> [(1998, 2001), (2002, 2005)]; length None -> one period."""
    lo, hi = years
    if not length:
        return [(lo, hi)]
    return [(start, min(start + length - 1, hi)) for start in range(lo, hi + 1, length)]


def period_label(period: tuple[int, int]) -> str:
    return str(period[0]) if period[0] == period[1] else f"{period[0]}-{period[1]}"


@dataclass
class PeriodNetwork:
    """One period's co-voting network and partition (kept for drawing)."""

    period: str
    states: list[str]
    weights: np.ndarray  # square, 0 where no edge
    membership: list[int]  # bloc index per state
    modularity: float
    quality: float
    n_decisions: int


@dataclass
class Blocs:
    """Result of :func:`find_blocs`; ``blocs`` has one row per bloc and period."""

    blocs: pd.DataFrame
    distinctive: pd.DataFrame
    overlap: pd.DataFrame
    periods: pd.DataFrame
    networks: list[PeriodNetwork] = field(default_factory=list)

    def to_dict(self, *, n_distinctive: int = 5, n_overlap: int = 3) -> dict:
        """The JSON document: ``{"blocs": [{"members": [...], "cohesion", ...}], "periods": [...]}``."""
        out = []
        for row in self.blocs.itertuples(index=False):
            key = (self.distinctive["period"] == row.period) & (self.distinctive["bloc"] == row.bloc)
            ov = (self.overlap["period"] == row.period) & (self.overlap["bloc"] == row.bloc)
            out.append({
                "period": row.period, "bloc": int(row.bloc), "lineage": row.lineage,
                "members": list(row.members), "size": int(row.size), "cohesion": row.cohesion,
                "mean_agreement": row.mean_agreement, "stability": row.stability,
                "matched_previous_jaccard": row.matched_jaccard,
                "distinctive_votes": self.distinctive[key].head(n_distinctive)
                .drop(columns=["period", "bloc"]).to_dict("records"),
                "named_groups": self.overlap[ov].head(n_overlap).drop(columns=["period", "bloc"]).to_dict("records"),
            })
        return {"blocs": out, "periods": self.periods.to_dict("records")}


def _network(votes: pd.DataFrame, *, min_votes: int, min_common: int, baseline: str | None, where: str):
    cast = votes[votes["position"].isin(CASTING)]
    if cast.empty:
        raise EstimationError(f"No recorded votes in {where}; choose years in which the body voted by roll call.")
    active = cast["iso3"].value_counts()
    active = active[active >= min_votes].index
    if len(active) < MIN_STATES:
        raise EstimationError(f"Only {len(active)} state(s) cast {min_votes}+ votes in {where}; "
                              f"at least {MIN_STATES} are needed to look for blocs. Widen the period.")
    agree = agreement_matrix(cast[cast["iso3"].isin(active)], min_common=min_common, where=where).index
    w = agree.to_numpy(dtype=float).copy()
    np.fill_diagonal(w, np.nan)
    if baseline == "mean":
        w = w - np.nanmean(w)
    w = np.where(np.isnan(w) | (w <= 0), 0.0, w)
    keep = w.sum(axis=1) > 0  # a state with no edge cannot belong to a bloc
    return list(agree.index[keep]), w[np.ix_(keep, keep)], agree.loc[keep, keep]


def _import_igraph():
    """igraph imports matplotlib.pyplot when it is imported, for its own drawing, which is not used
    here (networks are drawn with networkx): that costs about a second of a command that needs
    none. matplotlib is hidden while igraph loads (igraph then keeps a stub for its own drawing);
    a chart asked for later imports matplotlib as usual."""
    import sys

    if "igraph" in sys.modules or "matplotlib" in sys.modules:
        import igraph

        return igraph
    sys.modules["matplotlib"] = None  # makes 'import matplotlib' raise ImportError
    try:
        import igraph
    finally:
        del sys.modules["matplotlib"]
    return igraph


def _leiden(states: list[str], w: np.ndarray, resolution: float, seed: int):
    ig = _import_igraph()
    import leidenalg as la

    i, j = np.nonzero(np.triu(w, k=1))
    graph = ig.Graph(n=len(states), edges=list(zip(i.tolist(), j.tolist())), edge_attrs={"weight": w[i, j]})
    part = la.find_partition(graph, la.RBConfigurationVertexPartition, weights="weight",
                             resolution_parameter=resolution, seed=seed, n_iterations=-1)
    membership = list(part.membership)
    modularity = graph.modularity(membership, weights="weight", resolution=resolution)
    return membership, float(modularity), float(part.quality())


def _co_assignment(states: list[str], w: np.ndarray, resolution: float, seed: int, n_seeds: int) -> np.ndarray:
    """Share of Leiden runs (seeds ``seed .. seed + n_seeds - 1``) putting each pair together."""
    together = np.zeros((len(states), len(states)))
    for k in range(max(n_seeds, 1)):
        labels = np.asarray(_leiden(states, w, resolution, seed + k)[0])
        together += labels[:, None] == labels[None, :]
    return together / max(n_seeds, 1)


def _relabel_by_size(membership: list[int]) -> list[int]:
    """Bloc 0 is the largest, ties broken by first member, so labels do not depend on Leiden's."""
    sizes = pd.Series(membership).value_counts()
    order = sorted(sizes.index, key=lambda b: (-sizes[b], membership.index(b)))
    new = {old: k for k, old in enumerate(order)}
    return [new[b] for b in membership]


def _distinctive(votes: pd.DataFrame, members: list[str], n: int) -> pd.DataFrame:
    cast = votes[votes["position"].isin(CASTING)].copy()
    cast["score"] = cast["position"].map(SCORES)
    cast["inside"] = cast["iso3"].isin(members)
    means = cast.groupby(["decision_id", "inside"])["score"].mean().unstack()
    if True not in means or False not in means:
        return pd.DataFrame(columns=["decision_id", "symbol", "title", "year", "bloc_mean", "rest_mean", "gap"])
    means = means.dropna().rename(columns={True: "bloc_mean", False: "rest_mean"})
    means["gap"] = means["bloc_mean"] - means["rest_mean"]
    means = means.reindex(means["gap"].abs().sort_values(ascending=False).index).head(n).reset_index()
    meta_cols = [c for c in ("symbol", "title", "year") if c in votes]
    meta = votes[["decision_id", *meta_cols]].drop_duplicates("decision_id")
    out = means.merge(meta, on="decision_id", how="left")
    return out[["decision_id", *meta_cols, "bloc_mean", "rest_mean", "gap"]]


def _overlap(members: list[str], voters: set[str], group_members: pd.DataFrame | None, names: dict) -> pd.DataFrame:
    if group_members is None or group_members.empty:
        return pd.DataFrame(columns=["group_id", "name", "jaccard", "share_of_bloc", "share_of_group", "n_shared"])
    bloc = set(members)
    rows = []
    for gid, g in group_members.groupby("group_id"):
        present = set(g["iso3"]) & voters  # the group as seated in this body and period
        if not present:
            continue
        shared = len(bloc & present)
        if not shared:
            continue
        rows.append({"group_id": gid, "name": names.get(gid, gid),
                     "jaccard": shared / len(bloc | present), "share_of_bloc": shared / len(bloc),
                     "share_of_group": shared / len(present), "n_shared": shared})
    return pd.DataFrame(rows).sort_values("jaccard", ascending=False, ignore_index=True) if rows else \
        pd.DataFrame(columns=["group_id", "name", "jaccard", "share_of_bloc", "share_of_group", "n_shared"])


def _match(prev: list[set], cur: list[set], min_jaccard: float) -> dict[int, tuple[int, float]]:
    """Current bloc -> (previous bloc, Jaccard) by the Hungarian algorithm on Jaccard similarity."""
    if not prev or not cur:  # the first period: nothing to match (and scipy.optimize, 1 s to import, stays unloaded)
        return {}
    from scipy.optimize import linear_sum_assignment

    jac = np.array([[len(a & b) / len(a | b) for a in prev] for b in cur])
    rows, cols = linear_sum_assignment(-jac)
    return {int(r): (int(c), float(jac[r, c])) for r, c in zip(rows, cols) if jac[r, c] >= min_jaccard}


def find_blocs(
    votes: pd.DataFrame,
    *,
    periods: Sequence[tuple[int, int]],
    group_members: pd.DataFrame | None = None,
    group_names: dict[str, str] | None = None,
    min_votes: int = MIN_VOTES,
    min_common: int = MIN_COMMON,
    resolution: float = 1.0,
    baseline: str | None = "mean",
    min_jaccard: float = 0.3,
    n_distinctive: int = 10,
    seed: int = 0,
    n_seeds: int = 10,
    body: str | None = None,
) -> Blocs:
    """Blocs in ``votes`` (one body) for each period in ``periods`` (inclusive year ranges)."""
    blocs_rows, dist_rows, ov_rows, period_rows, networks = [], [], [], [], []
    previous: list[tuple[set, str]] = []
    next_lineage = 1
    names = group_names or {}
    for period in periods:
        label = period_label(period)
        where = describe_slice(body, period)
        sub = slice_votes(votes, years=period)
        states, w, agree = _network(sub, min_votes=min_votes, min_common=min_common, baseline=baseline, where=where)
        membership, modularity, quality = _leiden(states, w, resolution, seed)
        membership = _relabel_by_size(membership)
        together = _co_assignment(states, w, resolution, seed, n_seeds)
        n_decisions = int(sub.loc[sub["position"].isin(CASTING), "decision_id"].nunique())
        networks.append(PeriodNetwork(label, states, w, membership, modularity, quality, n_decisions))
        period_rows.append({"period": label, "n_states": len(states), "n_decisions": n_decisions,
                            "n_blocs": len(set(membership)), "modularity": modularity, "quality": quality})
        voters = set(states)
        members_of = [sorted(s for s, b in zip(states, membership) if b == k) for k in range(len(set(membership)))]
        matches = _match([p[0] for p in previous], [set(m) for m in members_of], min_jaccard)
        current = []
        for k, members in enumerate(members_of):
            if k in matches:
                lineage, jac = previous[matches[k][0]][1], matches[k][1]
            else:
                lineage, jac = f"B{next_lineage}", None
                next_lineage += 1
            current.append((set(members), lineage))
            per = decision_cohesion(sub, spells_from_list(members)) if len(members) > 1 else pd.DataFrame()
            inner = agree.loc[members, members].to_numpy(dtype=float)
            idx = [states.index(m) for m in members]
            pair_share = together[np.ix_(idx, idx)][~np.eye(len(idx), dtype=bool)]
            blocs_rows.append({
                "period": label, "bloc": k, "lineage": lineage, "size": len(members), "members": members,
                "cohesion": float(per["cohesion"].mean()) if len(per) else 1.0,
                "mean_agreement": float(np.nanmean(inner[~np.eye(len(members), dtype=bool)])) if len(members) > 1 else 1.0,
                "stability": float(pair_share.mean()) if len(members) > 1 else 1.0,
                "matched_jaccard": jac,
            })
            d = _distinctive(sub, members, n_distinctive)
            d.insert(0, "bloc", k)
            d.insert(0, "period", label)
            dist_rows.append(d)
            o = _overlap(members, voters, group_members, names)
            o.insert(0, "bloc", k)
            o.insert(0, "period", label)
            ov_rows.append(o)
        previous = current
    return Blocs(pd.DataFrame(blocs_rows), pd.concat(dist_rows, ignore_index=True),
                 pd.concat(ov_rows, ignore_index=True), pd.DataFrame(period_rows), networks)


def draw_network(network: PeriodNetwork, ax, *, seed: int = 0, labels: bool = True) -> None:
    """Draw one period's co-voting network on a matplotlib axis, coloured by bloc."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(range(len(network.states)))
    i, j = np.nonzero(np.triu(network.weights, k=1))
    graph.add_weighted_edges_from(zip(i.tolist(), j.tolist(), network.weights[i, j].tolist()))
    pos = nx.spring_layout(graph, weight="weight", seed=seed)
    colours = [f"C{b % 10}" for b in network.membership]
    strong = [(a, b) for a, b, d in graph.edges(data=True) if d["weight"] >= np.quantile(network.weights[i, j], 0.75)]
    nx.draw_networkx_edges(graph, pos, edgelist=strong, ax=ax, alpha=0.15, width=0.5)
    nx.draw_networkx_nodes(graph, pos, node_color=colours, node_size=60, ax=ax)
    if labels:
        nx.draw_networkx_labels(graph, pos, {k: s for k, s in enumerate(network.states)}, font_size=5, ax=ax)
    ax.set_title(f"{network.period}: {len(set(network.membership))} blocs, modularity {network.modularity:.2f}")
    ax.set_axis_off()
