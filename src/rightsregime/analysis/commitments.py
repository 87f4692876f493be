"""Treaty commitments over time: obligations accepted, scrutiny accepted, and the gap between them.

Pure functions of the canonical frames (``instruments``, ``ratifications``, ``ilo_conventions``,
``ilo_ratifications``, ``declarations``). Three families of commitment, each measured on its own:

* **obligations** (``OBLIGATIONS``): the nine core treaties and the three substantive protocols
  (ICCPR-OP2 on the death penalty, the two CRC protocols on children in armed conflict and on their
  sale). Accepting them binds a state to report, not to be judged on complaints.
* **scrutiny** (``SCRUTINY``): the instruments that let others look in: individual complaints and
  inquiry (ICCPR-OP1, OP-CEDAW, OP-ICESCR, OP-CRPD, OP-CRC-IC) and visits (OPCAT). The article-level
  declarations accepting complaints under ICERD art. 14, CAT art. 22 and CPED art. 31 belong here
  too, but no mirrored source has them: they count only when a ``declarations`` table is loaded
  (``rightsregime build --declarations FILE``), and every measure says whether it was.
* **ILO** (``ilo``): the ten fundamental conventions and the 2014 Protocol, a party from the year
  of ratification until the year of a denunciation.

A state is a party to a UN instrument from its year of ratification or accession on. The treaty
source gives status as of mid-2022 with years only: a party's earlier signature, and withdrawals
other than those corrected by errata (Jamaica and Trinidad and Tobago from ICCPR-OP1), are not
visible. An instrument counts in a year's denominator only once it is open (adopted): OP-ICESCR
from 2008, so a state in 2005 is measured against the instruments that existed in 2005.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

OBLIGATIONS = ("ICERD", "ICCPR", "ICESCR", "CEDAW", "CAT", "CRC", "ICMW", "CPED", "CRPD",
               "ICCPR-OP2", "OP-CRC-AC", "OP-CRC-SC")
COMPLAINTS = ("ICCPR-OP1", "OP-CEDAW", "OP-ICESCR", "OP-CRPD", "OP-CRC-IC")
VISITS = ("OPCAT",)
SCRUTINY = COMPLAINTS + VISITS
# Article-level declarations accepting individual complaints (not in the mirrored sources).
DECLARATIONS = (("ICERD", "14"), ("CAT", "22"), ("CPED", "31"))
FAMILIES = ("obligations", "scrutiny", "ilo")


def family_of(instrument_id: str) -> str:
    if instrument_id in SCRUTINY or " art. " in instrument_id:  # declarations: "CAT art. 22"
        return "scrutiny"
    if instrument_id in OBLIGATIONS:
        return "obligations"
    return "ilo"


def commitment_events(ratifications: pd.DataFrame, instruments: pd.DataFrame,
                      ilo_ratifications: pd.DataFrame | None = None,
                      ilo_conventions: pd.DataFrame | None = None,
                      declarations: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per state and commitment it has made: ``iso3, instrument_id, family, kind, opened,
    year, ended, lag``.

    ``opened`` is the year the instrument was adopted (UN) or adopted by the ILC (ILO); ``lag`` the
    years from opening to ratification; ``ended`` the year of a denunciation or withdrawal.
    ``kind`` says what scrutiny it accepts (``complaints``, ``visits``) or ``obligation`` / ``ilo``.
    """
    opened = dict(zip(instruments["instrument_id"], pd.to_datetime(instruments["adopted"]).dt.year))
    un = ratifications.loc[(ratifications["status"] == "party") & ratifications["year"].notna(),
                           ["iso3", "instrument_id", "year"]].copy()
    un["ended"] = pd.NA
    un["kind"] = np.where(un["instrument_id"].isin(COMPLAINTS), "complaints",
                          np.where(un["instrument_id"].isin(VISITS), "visits", "obligation"))
    frames = [un]
    if ilo_ratifications is not None and len(ilo_ratifications):
        ilo = ilo_ratifications.rename(columns={"convention": "instrument_id", "denounced": "ended"})
        ilo = ilo[["iso3", "instrument_id", "year", "ended"]].assign(kind="ilo")
        frames.append(ilo)
        if ilo_conventions is not None:
            opened.update(zip(ilo_conventions["convention"], pd.to_datetime(ilo_conventions["adopted"]).dt.year))
    if declarations is not None and len(declarations):
        dec = declarations.assign(instrument_id=declarations["instrument_id"] + " art. " + declarations["article"],
                                  kind="complaints", ended=declarations["withdrawn"])
        frames.append(dec[["iso3", "instrument_id", "year", "ended", "kind"]])
        for iid, art in DECLARATIONS:
            opened[f"{iid} art. {art}"] = opened.get(iid)
    events = pd.concat([f for f in frames if len(f)], ignore_index=True)
    events["family"] = [("ilo" if k == "ilo" else "obligations" if k == "obligation" else "scrutiny")
                        for k in events["kind"]]
    events["year"] = pd.to_numeric(events["year"]).astype("Int64")
    events["ended"] = pd.to_numeric(events["ended"]).astype("Int64")
    events["opened"] = events["instrument_id"].map(opened).astype("Int64")
    events["lag"] = (events["year"] - events["opened"]).astype("Int64")
    return events[["iso3", "instrument_id", "family", "kind", "opened", "year", "ended", "lag"]]


def commitment_panel(events: pd.DataFrame, states: list[str], years: range,
                     opened: dict[str, int]) -> pd.DataFrame:
    """Per state and year: commitments in force and open instruments in each family.

    Columns ``iso3, year`` and, for each family ``f``, ``f`` (number party), ``f_open`` (number
    open that year) and ``f_share``; then ``gap`` = obligations share - scrutiny share (how much
    more a state has promised than it lets others check). Vectorised: one pass over the events.
    """
    years = np.asarray(list(years))
    grid = pd.MultiIndex.from_product([sorted(states), years], names=["iso3", "year"]).to_frame(index=False)
    ev = events.loc[events["iso3"].isin(states)]
    out = grid.copy()
    for fam in FAMILIES:
        e = ev.loc[ev["family"] == fam]
        # +1 in the year of ratification, -1 in the year after a denunciation; cumulative sum by year.
        starts = e.groupby(["iso3", "year"]).size().rename("d")
        ends = e.loc[e["ended"].notna()].assign(year=lambda d: d["ended"]).groupby(["iso3", "year"]).size()
        delta = starts.sub(ends, fill_value=0) if len(ends) else starts
        delta = delta.reset_index()
        delta.columns = ["iso3", "year", "d"]
        first = int(years.min())
        delta.loc[delta["year"] < first, "year"] = first
        delta = delta.groupby(["iso3", "year"])["d"].sum()
        cum = grid.merge(delta.reset_index(), on=["iso3", "year"], how="left")["d"].fillna(0)
        cum = cum.groupby(grid["iso3"]).cumsum()
        out[fam] = cum.clip(lower=0).astype(int).values
        ids = [i for i, f in ((i, family_of(i)) for i in opened) if f == fam]
        open_years = np.array([opened[i] for i in ids if opened[i] is not None and not pd.isna(opened[i])])
        out[f"{fam}_open"] = (open_years[None, :] <= out["year"].to_numpy()[:, None]).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[f"{fam}_share"] = np.where(out[f"{fam}_open"] > 0, out[fam] / out[f"{fam}_open"], np.nan)
    out["gap"] = out["obligations_share"] - out["scrutiny_share"]
    return out


def peer_comparison(panel: pd.DataFrame, members: pd.DataFrame, iso3: str, year: int) -> pd.DataFrame:
    """The state against each group it belongs to, in one year: group mean, the state's value and
    its rank among the group's members (1 = most committed), per family share and the gap.

    ``members`` has ``group_id, iso3`` (regional groups and blocs).
    """
    groups = members.loc[members["iso3"] == iso3, "group_id"].unique()
    row = panel.loc[(panel["iso3"] == iso3) & (panel["year"] == year)]
    if row.empty:
        return pd.DataFrame()
    rows = []
    for g in sorted(groups):
        peers = panel.loc[(panel["year"] == year) & panel["iso3"].isin(members.loc[members["group_id"] == g, "iso3"])]
        for measure in ("obligations_share", "scrutiny_share", "ilo_share", "gap"):
            mine = float(row[measure].iloc[0])
            vals = peers[measure].dropna()
            higher = (vals > mine).sum() if measure != "gap" else (vals < mine).sum()
            rows.append({"group_id": g, "measure": measure, "value": mine, "group_mean": float(vals.mean()),
                         "rank": int(higher) + 1, "n_members": int(len(vals))})
    return pd.DataFrame(rows)
