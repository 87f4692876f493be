"""Who could switch: the members of a vote nearest to changing sides.

The number of changes that flip an outcome (:mod:`rightsregime.procedure.pivotal`) says how many,
not who. Who is read from the record before the vote: each member's mean agreement (Lijphart /
Voeten index, :mod:`.alignment`) with the text's supporters (members voting yes) and with its
opponents (members voting no) over the preceding years. ``lean = with_supporters -
with_opponents``: a member voting yes whose lean is near zero or negative usually votes with the
opponents, and is the likeliest to leave the majority.

A change that flips an adopted text moves a yes vote away, or an abstention to no; one that flips
a rejected text moves a no vote or an abstention to yes. So the candidates are, for an adopted
text, its yes voters and abstainers ranked by lean from the opponents' side; for a rejected text,
its no voters and abstainers ranked by lean from the supporters' side.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..errors import EstimationError
from .alignment import agreement_matrix

MIN_COMMON = 10


def switch_candidates(history: pd.DataFrame, positions: Mapping[str, str], outcome: str, *,
                      min_common: int = MIN_COMMON, where: str = "the preceding years",
                      agree=None) -> pd.DataFrame:
    """Every member of the vote with ``with_supporters``, ``with_opponents``, ``lean``, ``n_common``
    (decisions shared with the others, mean), ``candidate`` (its change could help flip the
    outcome) and ``rank`` (1 = nearest to switching, among candidates), sorted by rank.

    ``history`` is the votes frame (``decision_id, iso3, position``) of the decisions before the
    vote; ``positions`` the vote's roll call (iso3 -> position); ``outcome`` 'adopted' or 'rejected';
    ``agree``: :func:`.alignment.agreement_matrix` of ``history`` when the caller already has it
    (it depends on the period only, not on the vote: every text voted on one day shares it).
    """
    supporters = [s for s, p in positions.items() if p == "yes"]
    opponents = [s for s, p in positions.items() if p == "no"]
    if not supporters or not opponents:
        raise EstimationError("The vote has no supporters or no opponents: nobody can switch sides "
                              "between them.")
    if agree is None:
        agree = agreement_matrix(history, min_common=min_common, where=where)
    # Positional numpy reads (one member's row at a time through .loc cost 0.5 s per decision page).
    labels = list(agree.index.index)
    at = {s: i for i, s in enumerate(labels)}
    # Own copies: the matrix may be shared with other pages (the diagonal is blanked below).
    index = np.array(agree.index.reindex(index=labels, columns=labels).to_numpy(dtype=float), copy=True)
    common = np.array(agree.n_common.reindex(index=labels, columns=labels).to_numpy(dtype=float), copy=True)
    sup_all = [at[s] for s in supporters if s in at]
    opp_all = [at[s] for s in opponents if s in at]

    # Every member's mean over the supporters' and the opponents' columns at once, itself left out
    # (the diagonal); a loop over the members cost 15-30 ms of a decision page.
    np.fill_diagonal(index, np.nan)
    np.fill_diagonal(common, np.nan)

    def means(matrix, cols):
        if not cols:
            return np.full(len(labels), np.nan)
        block = matrix[:, cols]
        seen = (~np.isnan(block)).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(seen > 0, np.nansum(block, axis=1) / np.maximum(seen, 1), np.nan)

    with_sup, with_opp, shared = means(index, sup_all), means(index, opp_all), means(common, sup_all + opp_all)
    rows = []
    for iso3, pos in positions.items():
        if pos not in ("yes", "no", "abstain", "non_voting"):
            continue
        r = at.get(iso3)
        if r is None:
            rows.append({"iso3": iso3, "position": pos, "with_supporters": np.nan, "with_opponents": np.nan,
                         "n_common": 0.0})
            continue
        others = [c for c in sup_all + opp_all if c != r]
        rows.append({"iso3": iso3, "position": pos,
                     "with_supporters": float(with_sup[r]), "with_opponents": float(with_opp[r]),
                     "n_common": float(shared[r]) if others else 0.0})
    out = pd.DataFrame(rows)
    out["lean"] = out["with_supporters"] - out["with_opponents"]
    adopted = outcome == "adopted"
    movable = ("yes", "abstain", "non_voting") if adopted else ("no", "abstain", "non_voting")
    out["candidate"] = out["position"].isin(movable) & out["lean"].notna()
    # Nearest to the other side first: for an adopted text the lowest lean, for a rejected the highest.
    # Rounded: leans equal but for the last bits of float noise are a tie, kept in roll-call order.
    out["toward_other_side"] = (-out["lean"] if adopted else out["lean"]).round(12)
    out = out.sort_values(["candidate", "toward_other_side"], ascending=[False, False], na_position="last")
    out["rank"] = np.where(out["candidate"], np.arange(1, len(out) + 1), np.nan)
    return out.drop(columns=["toward_other_side"]).reset_index(drop=True)


__all__ = ["switch_candidates", "MIN_COMMON"]
