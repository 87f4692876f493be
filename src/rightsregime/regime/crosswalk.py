"""One crosswalk for state codes: Correlates of War (COW) numbers and ISO2 codes to ISO3.

ISO3, M49 and names are resolved by :class:`~rightsregime.warehouse.names.StateResolver`, which
takes its ISO2 codes from coco too (:func:`iso2_pairs`): all 197 undated ISO2 rows the project
had curated that coco also gives agreed and were dropped; the withdrawn codes coco lacks (YU, CS,
DD, YD, ZR, TP, BU, DY, HV) stay in ``regime/data/state_aliases.csv``;
COW numbers are not ISO numbers (710 is China in COW, 710 is South Africa in M49), so sources that
identify states by COW (Fariss, the Political Terror Scale) translate them here first.

The general case comes from the field's standard converter, ``country_converter`` (coco), whose
``GWcode`` column holds the Gleditsch-Ward numbers: these give the same state as COW for 185 of the
201 COW codes of the Political Terror Scale, another state for 3 (315, 680, 970) and nothing for 11
(``benchmarks/crosswalk.py`` prints the figures). Where they differ (Germany 255 against 260,
Czechia 316, Yemen 679/680, Vietnam 816, four Pacific states) and for the historical states, the
curated, cited rows of ``regime/data/cow_codes.csv`` win. A code
whose meaning changed is dated there (260 West Germany to 2 Oct 1990, 255 Germany from 3 Oct 1990);
the resolver's period rules then make 365 the USSR before 24 Dec 1991 and 345 Serbia from 2003.

coco 1.3.2 cannot read its own table under pandas 3 (Namibia's ISO2 ``NA`` becomes missing and the
constructor fails), so its data file is read here directly, with missing-value parsing off.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from . import data_path

COW_FILE = "regime/data/cow_codes.csv"


@lru_cache(maxsize=1)
def coco_table() -> pd.DataFrame:
    """coco's country table (``name_short, ISO2, ISO3, UNcode, GWcode, regex, ...``), all strings."""
    from country_converter import country_converter as cc

    return pd.read_csv(cc.COUNTRY_DATA_FILE, sep="\t", dtype=str, keep_default_na=False)


def un_subregions() -> dict[str, str]:
    """ISO3 -> the state's subregion in the UN's M49 standard (Statistics Division, "Standard
    country or area codes for statistical use", series M no. 49): 'Eastern Asia', 'Western Africa'.
    Neighbours for a comparison are the states of one subregion (coco carries the M49 table)."""
    table = coco_table()
    return {iso3: region for iso3, region in zip(table["ISO3"], table["UNregion"]) if iso3 and region}


def iso2_pairs() -> list[tuple[str, str]]:
    """(ISO2, ISO3) from coco, every alternative of its ISO2 patterns (``^GR$|^EL$``: GR and EL)."""
    pairs = []
    for pattern, iso3 in zip(coco_table()["ISO2"], coco_table()["ISO3"]):
        for code in pattern.split("|"):
            code = code.strip("^$")
            if len(code) == 2 and code.isalpha() and iso3:
                pairs.append((code.upper(), iso3))
    return pairs


@lru_cache(maxsize=1)
def curated_cow() -> pd.DataFrame:
    with data_path("cow_codes.csv").open(encoding="utf-8") as fh:
        df = pd.read_csv(fh, dtype=str, keep_default_na=False)
    df["cow"] = df["cow"].astype(int)
    for col in ("valid_from", "valid_to"):
        df[col] = pd.to_datetime(df[col].replace("", None))
    return df


@lru_cache(maxsize=1)
def cow_table() -> pd.DataFrame:
    """``cow, iso3, valid_from, valid_to, basis`` (``coco`` or ``curated``): every COW number known."""
    coco = coco_table()
    coco = coco.loc[coco["GWcode"].str.fullmatch(r"\d+") & (coco["ISO3"] != "")]
    base = pd.DataFrame({"cow": coco["GWcode"].astype(int), "iso3": coco["ISO3"],
                         "valid_from": pd.NaT, "valid_to": pd.NaT, "basis": "coco"})
    own = curated_cow().assign(basis="curated")[["cow", "iso3", "valid_from", "valid_to", "basis"]]
    base = base.loc[~base["cow"].isin(own["cow"])]
    return pd.concat([own, base], ignore_index=True).sort_values("cow", kind="stable").reset_index(drop=True)


def cow_to_iso3(cow: pd.Series, dates: pd.Series) -> pd.Series:
    """The ISO3 code of each COW number at each date; <NA> where the number means no state we code.

    >>> import pandas as pd
    >>> cow_to_iso3(pd.Series([710, 260, 255, 817]), pd.Series(pd.to_datetime(["2020-07-01"] * 4))).tolist()
    ['CHN', <NA>, 'DEU', <NA>]
    """
    cow = pd.to_numeric(pd.Series(cow), errors="coerce")
    dates = pd.to_datetime(pd.Series(list(dates), index=cow.index))
    out = pd.Series(pd.NA, index=cow.index, dtype="string")
    table = cow_table()
    table = table.loc[table["cow"].isin(cow.dropna().astype(int).unique())]
    for r in table.itertuples(index=False):
        hit = (cow == r.cow) & out.isna()
        if pd.notna(r.valid_from):
            hit &= dates >= r.valid_from
        if pd.notna(r.valid_to):
            hit &= dates <= r.valid_to
        if r.iso3:
            out[hit] = r.iso3
    return out
