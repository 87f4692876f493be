"""Who ends up on the losing side: the most-often-outvoted ranking.

A state is *outvoted* on a recorded vote when it voted against the outcome: ``no`` on a text that
was adopted, ``yes`` on one that was rejected. Abstentions and absences take no side, so they are
counted (``abstain``) but are not part of the share. The public hrc-voting dashboard ranks states
by the share of their votes that differ from the chamber's majority position; taking the outcome
instead keeps the regime's own rule (majority of members present and voting) as the arbiter, and
the two agree on every vote decided by a simple majority.
"""
from __future__ import annotations

import pandas as pd

from .intervals import wilson

MIN_SIDED = 20  # fewer yes/no votes than this and a share says little


def outvoted(votes: pd.DataFrame, outcomes: pd.Series, *, min_sided: int = MIN_SIDED) -> pd.DataFrame:
    """Per state: ``sided`` (yes and no votes on decisions with a known outcome), ``outvoted``
    (those against the outcome), ``share`` with its 95% Wilson interval (``low``, ``high``), and
    ``abstain``. ``outcomes`` maps decision_id to 'adopted' or 'rejected' (others are ignored).
    Sorted from the most often outvoted; states with fewer than ``min_sided`` sided votes left out."""
    decided = outcomes[outcomes.isin(["adopted", "rejected"])]
    v = votes[votes["decision_id"].isin(decided.index)]
    outcome = v["decision_id"].map(decided)
    sided = v["position"].isin(["yes", "no"])
    lost = ((v["position"] == "no") & (outcome == "adopted")) | ((v["position"] == "yes") & (outcome == "rejected"))
    table = pd.DataFrame({"iso3": v["iso3"], "sided": sided, "outvoted": lost,
                          "abstain": v["position"] == "abstain"}).groupby("iso3").sum().astype(int)
    table = table[table["sided"] >= min_sided]
    n, k = table["sided"].to_numpy(float), table["outvoted"].to_numpy(float)
    table["share"] = k / n
    table["low"], table["high"] = wilson(k, n)
    return (table.reset_index().sort_values(["share", "sided"], ascending=[False, False])
            .reset_index(drop=True)[["iso3", "sided", "outvoted", "share", "low", "high", "abstain"]])
