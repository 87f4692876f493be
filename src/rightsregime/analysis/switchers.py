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
                      min_common: int = MIN_COMMON, where: str = "the preceding years") -> pd.DataFrame:
    """Every member of the vote with ``with_supporters``, ``with_opponents``, ``lean``, ``n_common``
    (decisions shared with the others, mean), ``candidate`` (its change could help flip the
    outcome) and ``rank`` (1 = nearest to switching, among candidates), sorted by rank.

    ``history`` is the votes frame (``decision_id, iso3, position``) of the decisions before the
    vote; ``positions`` the vote's roll call (iso3 -> position); ``outcome`` 'adopted' or 'rejected'.
    """
    supporters = [s for s, p in positions.items() if p == "yes"]
    opponents = [s for s, p in positions.items() if p == "no"]
    if not supporters or not opponents:
        raise EstimationError("The vote has no supporters or no opponents: nobody can switch sides "
                              "between them.")
    agree = agreement_matrix(history, min_common=min_common, where=where)
    # Positional numpy reads (one member's row at a time through .loc cost 0.5 s per decision page).
    labels = list(agree.index.index)
    at = {s: i for i, s in enumerate(labels)}
    index = agree.index.reindex(index=labels, columns=labels).to_numpy(dtype=float)
    common = agree.n_common.reindex(index=labels, columns=labels).to_numpy(dtype=float)
    sup_all = [at[s] for s in supporters if s in at]
    opp_all = [at[s] for s in opponents if s in at]

    def mean(row, cols):
        values = row[cols]
        values = values[~np.isnan(values)]
        return float(values.mean()) if len(values) else np.nan

    rows = []
    for iso3, pos in positions.items():
        if pos not in ("yes", "no", "abstain", "non_voting"):
            continue
        r = at.get(iso3)
        if r is None:
            rows.append({"iso3": iso3, "position": pos, "with_supporters": np.nan, "with_opponents": np.nan,
                         "n_common": 0.0})
            continue
        sup = [c for c in sup_all if c != r]
        opp = [c for c in opp_all if c != r]
        rows.append({"iso3": iso3, "position": pos,
                     "with_supporters": mean(index[r], sup) if sup else np.nan,
                     "with_opponents": mean(index[r], opp) if opp else np.nan,
                     "n_common": mean(common[r], sup + opp) if (sup + opp) else 0.0})
    out = pd.DataFrame(rows)
    out["lean"] = out["with_supporters"] - out["with_opponents"]
    adopted = outcome == "adopted"
    movable = ("yes", "abstain", "non_voting") if adopted else ("no", "abstain", "non_voting")
    out["candidate"] = out["position"].isin(movable) & out["lean"].notna()
    # Nearest to the other side first: for an adopted text the lowest lean, for a rejected the highest.
    out["toward_other_side"] = -out["lean"] if adopted else out["lean"]
    out = out.sort_values(["candidate", "toward_other_side"], ascending=[False, False], na_position="last")
    out["rank"] = np.where(out["candidate"], np.arange(1, len(out) + 1), np.nan)
    return out.drop(columns=["toward_other_side"]).reset_index(drop=True)


__all__ = ["switch_candidates", "MIN_COMMON"]
