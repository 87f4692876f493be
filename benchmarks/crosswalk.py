"""How far does country_converter (coco) agree with the project's own state resolver?

Runs coco beside ``StateResolver`` (warehouse/names.py with regime/data/state_aliases.csv) and the
COW crosswalk (regime/crosswalk.py) on every state identifier the sources use:

* COW numbers of the Political Terror Scale, translated by coco's Gleditsch-Ward column, against
  the ISO3 the PTS row resolves to through its M49 code or name (a COW code is not an ISO code);
* ISO2 codes of the ILO and treaty-status files;
* M49 codes of the PTS;
* state names of the PTS, the ILO file and the treaty-status files.

Prints, per kind, how many identifiers both resolve alike, where they disagree, and which coco
does not know. The figures decide what the project adopts from coco (COW where its Gleditsch-Ward
number is the COW number) and what it keeps in its own curated rows.

Usage: python benchmarks/crosswalk.py [--db FILE] [--show 15]
"""
from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

import pandas as pd


def _identifiers(sources: Path) -> dict[str, pd.DataFrame]:
    pts = pd.read_csv(sources / "political-terror-scale" / "PTS-2024.csv", encoding="latin-1", dtype=str,
                      keep_default_na=False)
    ilo = pd.read_csv(sources / "ilo-core-conventions" / "ilo-core-conventions.csv", dtype=str, keep_default_na=False)
    treaty = pd.concat([pd.read_csv(f, dtype=str, keep_default_na=False)[["iso2", "member"]]
                        for f in sorted((sources / "hr-treaty-ratification").glob("hr_status_*.csv"))])
    u = pts[["Country", "COW_Code_N", "UN_Code_N", "Year"]]
    return {
        "pts": u.groupby(["Country", "COW_Code_N", "UN_Code_N"], as_index=False)["Year"].max(),
        "iso2": pd.DataFrame({"code": sorted(set(ilo["country_iso"]) | set(treaty["iso2"]))}),
        "names": pd.DataFrame({"name": sorted(set(pts["Country"]) | set(ilo["country"]) | set(treaty["member"]))}),
    }


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=os.environ.get("RIGHTSREGIME_DB"))
    ap.add_argument("--sources", default=os.environ.get("RIGHTSREGIME_SOURCES"))
    ap.add_argument("--show", type=int, default=15)
    args = ap.parse_args(argv)
    logging.getLogger("country_converter").setLevel(logging.ERROR)

    import country_converter as coco

    import rightsregime as rr
    from rightsregime.regime.crosswalk import coco_table, cow_to_iso3

    table = coco_table()
    cc = coco.CountryConverter(country_data=table.replace("", None))
    gw = {g: i for g, i in zip(table["GWcode"], table["ISO3"]) if g}
    m49 = {m: i for m, i in zip(table["UNcode"], table["ISO3"]) if m}
    ids = _identifiers(Path(args.sources))
    figures = {}
    with rr.open(args.db) as reg:
        res = reg.resolver

        def report(kind, frame, ours, theirs, label):
            # coco answers a list when a name matches several countries: counted as not known.
            theirs = [None if isinstance(t, list) or pd.isna(t) else str(t) for t in theirs]
            ours = [None if pd.isna(o) else str(o) for o in ours]
            both = frame.assign(ours=pd.Series(ours, index=frame.index, dtype=object),
                                coco=pd.Series(theirs, index=frame.index, dtype=object))
            known = both["coco"].notna() & both["ours"].notna()
            agree = known & (both["coco"] == both["ours"])
            differ = both[known & ~agree]
            unknown = both[both["coco"].isna() & both["ours"].notna()]
            neither = both[both["coco"].isna() & both["ours"].isna()]
            only_coco = both[both["coco"].notna() & both["ours"].isna()]
            figures[kind] = {"identifiers": len(both), "agree": int(agree.sum()), "differ": len(differ),
                             "coco_unknown": len(unknown), "ours_unknown": len(only_coco), "neither": len(neither)}
            f = figures[kind]
            print(f"\n{kind}: {f['identifiers']} identifiers; agree {f['agree']} "
                  f"({f['agree'] / max(1, f['agree'] + f['differ']):.1%} of those both know); differ {f['differ']}; "
                  f"coco does not know {f['coco_unknown']}; we do not know {f['ours_unknown']}; neither {f['neither']}")
            for title, part in (("differ", differ), ("coco does not know", unknown), ("we do not know", only_coco)):
                if len(part):
                    print(f"  {title}: " + "; ".join(f"{r[label]} -> ours {r['ours']}, coco {r['coco']}"
                                                     for _, r in part.head(args.show).iterrows()))

        pts = ids["pts"]
        # What the PTS row means, without COW: its M49 code, else its name (dated at its last year).
        dates = pd.to_datetime(pts["Year"] + "-07-01")
        ident = pts["UN_Code_N"].where(pts["UN_Code_N"].str.fullmatch(r"\d+"), pts["Country"])
        truth = res.resolve(ident, dates)
        cow = pts.loc[pts["COW_Code_N"].str.fullmatch(r"\d+")]
        report("COW (PTS) via coco Gleditsch-Ward", cow.assign(label=cow["Country"] + " " + cow["COW_Code_N"]),
               truth[cow.index], cow["COW_Code_N"].map(gw), "label")
        report("COW (PTS) via the project's crosswalk", cow.assign(label=cow["Country"] + " " + cow["COW_Code_N"]),
               truth[cow.index], cow_to_iso3(pd.to_numeric(cow["COW_Code_N"]), dates[cow.index]), "label")
        un = pts.loc[pts["UN_Code_N"].str.fullmatch(r"\d+")].drop_duplicates("UN_Code_N")
        report("M49 (PTS)", un.assign(label=un["Country"] + " " + un["UN_Code_N"]), res.resolve(un["UN_Code_N"]),
               un["UN_Code_N"].map(m49), "label")
        iso2 = ids["iso2"]
        report("ISO2 (ILO, treaty status)", iso2, res.resolve(iso2["code"]),
               cc.convert(iso2["code"].tolist(), src="ISO2", to="ISO3", not_found=None), "code")
        names = ids["names"]
        report("names (PTS, ILO, treaty status)", names, res.resolve(names["name"]),
               # coco returns a name it cannot place unchanged.
               [c if c != n else None for c, n in zip(cc.convert(names["name"].tolist(), to="ISO3",
                                                                 not_found=None), names["name"])], "name")
    return figures


if __name__ == "__main__":
    main()
