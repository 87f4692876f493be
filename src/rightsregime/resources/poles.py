"""Where every state stands between two poles: its agreement with one reference state (say the
United States) against its agreement with another (China), on a body's recorded votes in a period.

The alignment map of the hrc-voting dashboard, over the GA and the Commission too. Unlike an ideal
point, each coordinate reads directly: 0.8 on the x axis means the state voted as the first pole
did on about four votes in five (abstention counting half).
"""
from __future__ import annotations

from ._base import Resource
from ._common import coverage_notes, describe, vote_slice

DEFAULT_POLES = ("USA", "CHN")


def poles(reg, x: str = DEFAULT_POLES[0], y: str = DEFAULT_POLES[1], *, body: str = "HRC", years=None,
          min_common: int = 20) -> Resource:
    """Every state that voted in the slice, with its agreement (Lijphart/Voeten index) and the
    number of votes shared with each pole; a state sharing fewer than ``min_common`` votes with a
    pole has no value on that axis (it is listed, not placed)."""
    import pandas as pd

    from .. import params as parse
    from ..analysis.alignment import focal_agreement
    from .coincidence import _sources
    from ..errors import RightsRegimeError

    body = ",".join(parse.bodies(body or "HRC", valid=parse.VOTING_BODIES))
    if "," in body:
        raise parse.UsageError(f"--body {body!r}: give one body: GA, HRC or CHR.", option="--body")
    px, py = reg.lookup_state(x), reg.lookup_state(y)
    if px == py:
        raise parse.UsageError(f"the two poles are the same state ({px}); name two different states.",
                               option="--x")
    votes, slice_ = vote_slice(reg, body, years)
    where = describe(slice_)
    present = set(votes["iso3"])
    missing = [p for p in (px, py) if p not in present]
    if missing:
        raise RightsRegimeError(f"{' and '.join(missing)} cast no recorded vote in {where}: choose poles "
                                "that sat on the body in those years (e.g. USA and CHN in the GA).")
    table = None
    for axis, pole in (("x", px), ("y", py)):
        a = focal_agreement(votes, pole, by=None, min_common=min_common, where=where)
        a = a[["partner", "index", "n_common"]].rename(columns={"partner": "iso3", "index": f"agree_{axis}",
                                                                "n_common": f"n_{axis}"})
        table = a if table is None else table.merge(a, on="iso3", how="outer")
    # Each pole sits at 1 on its own axis: it always votes as itself.
    n_self = votes.loc[votes["position"].isin(["yes", "no", "abstain"])].groupby("iso3").size()
    for pole, axis in ((px, "x"), (py, "y")):
        table.loc[table["iso3"] == pole, [f"agree_{axis}", f"n_{axis}"]] = [1.0, int(n_self.get(pole, 0))]
    states = reg.states().set_index("iso3")
    table["name"] = table["iso3"].map(states["name"]).fillna(table["iso3"])
    table["regional_group"] = table["iso3"].map(states["regional_group"])
    for col in ("n_x", "n_y"):
        table[col] = table[col].fillna(0).astype(int)
    table = table[["iso3", "name", "regional_group", "agree_x", "n_x", "agree_y", "n_y"]]
    table = table.sort_values(["agree_x", "name"], ascending=[False, True], na_position="last").reset_index(drop=True)
    placed = table.dropna(subset=["agree_x", "agree_y"])
    names = {px: states["name"].get(px, px), py: states["name"].get(py, py)}
    notes = coverage_notes(reg, body, tuple(slice_["years"]) if slice_["years"] else None) + [
        "Agreement: Lijphart/Voeten index (identical votes, plus half the votes where one abstained, over "
        f"the votes both cast); a state sharing fewer than {min_common} votes with a pole is listed without "
        "a value on that axis.",
        f"{len(placed)} of {len(table)} states placed on both axes."]
    return Resource("poles", params={"x": px, "y": py, "min_common": min_common, **slice_},
                    data={"x": px, "y": py, "names": names, "where": where, "states": table,
                          "placed": int(len(placed)), "n_decisions": int(votes["decision_id"].nunique())},
                    main="states", notes=notes, sources=_sources(body, slice_))


def pole_labels(frame: "pd.DataFrame", n: int = 16) -> list[str]:  # noqa: F821
    """The states worth a name on the map: the two poles, then, one at a time, the state farthest
    from every state already named (farthest-point sampling). Outliers and each cluster get a
    name; a dense cluster does not get them all."""
    import numpy as np

    placed = frame.dropna(subset=["agree_x", "agree_y"]).reset_index(drop=True)
    if placed.empty:
        return []
    xy = placed[["agree_x", "agree_y"]].to_numpy(dtype=float)
    chosen = placed.index[(placed["agree_x"] == 1) | (placed["agree_y"] == 1)].tolist() or [0]
    nearest = np.min(np.linalg.norm(xy[:, None, :] - xy[chosen][None, :, :], axis=2), axis=1)
    while len(chosen) < min(n, len(placed)):
        k = int(np.argmax(nearest))
        if nearest[k] == 0:
            break
        chosen.append(k)
        nearest = np.minimum(nearest, np.linalg.norm(xy - xy[k], axis=1))
    return placed.loc[chosen, "iso3"].tolist()


__all__ = ["DEFAULT_POLES", "pole_labels", "poles"]
