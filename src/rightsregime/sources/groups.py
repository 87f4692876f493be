"""UN regional groups and political, economic and military blocs (datenoio/internacia-db).

One YAML file per group under ``data/intblocks/<kind>/``; ``includes:`` lists the members by
ISO 3166-1 alpha-2 code with a status (member, observer). The membership lists are drawn from
Wikidata (CC0); the repository is MIT. They are lists as of late 2025: no dates, so ``since`` and
``until`` are NULL.

What a record is: the group itself (-> one ``groups`` row) and each entry of ``includes:`` (-> one
``group_members`` row, ``iso3`` holding the raw ISO2 code for the resolver). Entries removed by a
reviewed erratum (``regime/data/errata.csv``) are quarantined with the erratum's reason; the
errata rows of this source become ``errata`` rows (counted under that file).

Group ids follow the regime's vocabulary (``regime.REGIONAL_GROUPS``): AFRICANGROUP -> AFRICAN,
ASIAPACIFICGROUP -> ASIA_PACIFIC, G-77 -> G77; the others keep the file's id. ``kind`` is the
folder: ``regional`` (unregionalblocks), ``political``, ``economic``, ``military``.

Known faults, corrected by errata E001-E004 (SOURCES.md section 7): ASIAPACIFICGROUP also lists
Armenia and Azerbaijan (EEG) and Australia and New Zealand (WEOG): 58 - 4 = 54. Reviewed and kept
(E005-E007): the United States and Türkiye in WEOG (both counted with WEOG for elections) and
Kiribati in Asia-Pacific. After correction the five groups hold 54 / 54 / 23 / 33 / 29 of the 193
members, each in exactly one group; this agrees with the regional groups of upr-terman (193 states
under review) and of hrc-voting's data.js (150 current states). The files list today's members
only, so E019-E027 add the historical codes with an ``until`` date (SUN, YUG, CSK, DDR in EEG, as
hrc-voting has them; YAR, YMD, TWN in Asia-Pacific; ZAR, ZAN in the African Group); these rows
have ``source`` 'regime/data/errata.csv'.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from ..errors import ParseError
from ..regime import REGIONAL_GROUPS
from . import _errata
from ._base import Parsed, Source, quarantine_frame
from ._fetch import load_registry

NAME = "un-groups-blocs"
BASE = "https://raw.githubusercontent.com/datenoio/internacia-db/6f69d8418a55ba4a9c6d0134831e41444170cb0e/"
SOURCE = Source(
    name=NAME,
    title="Internacia DB: UN regional groups and international blocs",
    home="https://github.com/datenoio/internacia-db",
    base_url=BASE,
    licence="MIT (repository); membership data from Wikidata, CC0",
    citation=("Dateno, internacia-db, data/intblocks (commit 6f69d84, 2025-12-20), "
              "https://github.com/datenoio/internacia-db; membership from Wikidata."),
    coverage="5 UN regional groups and 15 blocs, membership as of late 2025 (undated)",
    files=load_registry(NAME, BASE),
)

GROUP_IDS = {"AFRICANGROUP": "AFRICAN", "ASIAPACIFICGROUP": "ASIA_PACIFIC", "G-77": "G77"}
KINDS = {"unregionalblocks": "regional", "political": "political", "economic": "economic",
         "military": "military"}


def _check_count(doc: dict, name: str, path: Path) -> None:
    """Each file states its own total, ``membership_count`` (members, not observers), after the
    ``includes:`` list: a copy cut short lacks the key, or lists fewer members than it says."""
    count = doc.get("membership_count")
    if not isinstance(count, int) or isinstance(count, bool):
        raise ParseError(f"{NAME}/{name}: no 'membership_count' after the member list (found "
                         f"{count!r}); the file is cut short: restore it from the source.",
                         source=NAME, file=str(path))
    entries = doc["includes"] if isinstance(doc["includes"], list) else []
    if not all(isinstance(e, dict) and e.get("id") for e in entries):
        raise ParseError(f"{NAME}/{name}: an entry of 'includes:' has no 'id'; the file is damaged: "
                         "restore it from the source.", source=NAME, file=str(path))
    members = sum(1 for e in entries if (e.get("status") or "member") == "member")
    if members != count:
        raise ParseError(f"{NAME}/{name}: lists {members} members but its membership_count is {count}; "
                         "the file is damaged or cut short: restore it from the source.",
                         source=NAME, file=str(path))


def parse(paths: dict[str, Path]) -> Parsed:
    groups, members, read = [], [], {}
    for name, path in sorted(paths.items()):
        if not name.startswith("data/intblocks/") or not name.endswith(".yaml"):
            continue  # README.md, LICENSE
        folder = name.split("/")[2]
        if folder not in KINDS:
            raise ParseError(f"{NAME}/{name}: unknown folder {folder!r}; expected one of {sorted(KINDS)}.",
                             source=NAME, file=str(path))
        with open(path, encoding="utf-8") as fh:
            # libyaml's C loader when present: the pure-Python one takes seconds on these files
            doc = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        if not isinstance(doc, dict) or "id" not in doc or "includes" not in doc:
            raise ParseError(f"{NAME}/{name}: expected a mapping with 'id' and 'includes'.",
                             source=NAME, file=str(path))
        _check_count(doc, name, path)
        group_id = GROUP_IDS.get(doc["id"], doc["id"])
        kind = KINDS[folder]
        groups.append({"group_id": group_id, "kind": kind, "source": NAME,
                       "name": REGIONAL_GROUPS.get(group_id, doc.get("name") or group_id)})
        for n, entry in enumerate(doc["includes"]):
            members.append({"group_id": group_id, "iso3": str(entry.get("id", "")).strip(),
                            "status": entry.get("status") or "member", "source": NAME,
                            "_file": name, "_row": n, "_name": entry.get("name")})
        read[name] = 1 + len(doc["includes"])

    members = pd.DataFrame(members)
    members, removed = _errata.apply(members, NAME, "group_members", "group_id", "iso3")
    members["status"] = members["status"].fillna("member")
    members["source"] = members["source"].fillna(_errata.ERRATA_FILE)
    members["until"] = pd.to_datetime(members["until"]) if "until" in members else pd.NaT
    members["since"] = pd.to_datetime(members["since"]) if "since" in members else pd.NaT
    quarantine = quarantine_frame([
        {"file": r["_file"], "row": str(r["_row"]), "reason": r["reason"],
         "raw": f"{r['group_id']} {r['iso3']} ({r['_name']})"}
        for _, r in removed.iterrows()
    ])
    errata = _errata.errata_table(NAME)
    read[_errata.ERRATA_FILE] = len(errata) + _errata.added(NAME, "group_members")
    members = members.drop(columns=["_file", "_row", "_name"]).reset_index(drop=True)
    return Parsed(
        tables={"groups": pd.DataFrame(groups), "group_members": members, "errata": errata},
        read=read,
        quarantine=quarantine,
    )
