"""Who leads: main sponsorship of texts, and how each state's texts fared.

The sponsor field (``decisions.sponsors``) holds the *main sponsors* as the OHCHR catalogue gives
them (MARC 500 "Main sponsors :" note), in forms such as::

    Russian Federation
    China, Egypt, India, Russian Federation, Venezuela (Bolivarian Republic of)
    Côte d’Ivoire (on behalf of the Group of African States)
    Pakistan on behalf of the Organization of Islamic Cooperation, except Albania and Tunisia
    South Africa, Saudi Arabia and Egypt on behalf of a group of countries
    Hungary (on behalf of the European Union)United Kingdom of Great Britain and Northern Ireland, Germany

:func:`parse_sponsors` splits such a text into sponsoring states, each with the group it spoke
for (if any) and the group's stated exceptions. :func:`sponsorships` resolves names to ISO3 codes
and expands a group to its member states (where ``group_members`` knows the group, as at the
decision's date), giving one row per state and text with its ``role``: ``main`` (named as a main
sponsor; ``order`` 1 is the first named, usually the pen-holder) or ``group`` (a member of a group
on whose behalf a main sponsor acted). Nothing is dropped silently: names that cannot be resolved
and groups whose members are unknown are returned alongside.

The field is sparse: the catalogue records main sponsors for about 1,100 of 6,346 CHR/HRC texts,
nearly all from 2013 on. A few texts whose sponsor is well documented elsewhere but missing from
the catalogue are supplied from :data:`SUPPLEMENT`, each with its citation, and marked
``basis = 'supplement'``. The data names main sponsors only, so "co-sponsorship" here means
being a main sponsor of the same text (the core group), not the full co-sponsor list.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from ..errors import EstimationError

# Texts whose main sponsor the catalogue leaves empty, with the evidence. Sources quoted in
# [C] corroborated in a cited source, [M] widely reported, not checked here.
SUPPLEMENT: dict[str, tuple[str, str]] = {
    "A/HRC/RES/35/21": ("China", "[C] People's Daily (Arabic), 2017: first China-tabled development resolution"),
    "A/HRC/RES/37/23": ("China", "[C] US explanation of vote on L.36, geneva.usmission.gov 2018-03-23; right-docs.org"),
    "A/HRC/RES/41/19": ("China", "[C] Xinhua 2019-07-13 (xinhuanet.com/english/2019-07/13/c_138222020.htm)"),
    "A/HRC/RES/43/21": ("China", "[M] the 'mutually beneficial cooperation' series tabled by China"),
    "A/HRC/RES/46/13": ("China", "[M] the 'mutually beneficial cooperation' series tabled by China"),
    "A/HRC/RES/47/11": ("China", "[M] the 'contribution of development' series tabled by China"),
}

# Phrases naming a group -> group_id in group_members (first match wins; order matters).
GROUP_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"african", "AFRICAN"),
    (r"islamic|\boic\b", "OIC"),
    (r"european union|\beu\b", "EU"),
    (r"non-aligned", "NAM"),
    (r"latin american|grulac", "GRULAC"),
    (r"gulf cooperation|\bgcc\b", "GCC"),
    (r"arab", "ARAB"),
    (r"like-minded", "LMG"),
    (r"group of 77|\bg-?77\b", "G77"),
    (r"eastern european", "EEG"),
    (r"western european", "WEOG"),
    (r"asia", "ASIA_PACIFIC"),
)

FATES = ("adopted without a vote", "adopted by recorded vote", "adopted (non-recorded)", "adopted",
         "rejected", "withdrawn", "not considered", "unknown")


@dataclass(frozen=True)
class SponsorEntry:
    """One main sponsor as written, with the group it spoke for and the group's exceptions."""

    name: str
    on_behalf_of: str | None = None
    group_id: str | None = None
    exceptions: tuple[str, ...] = ()


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("`", "'")
    text = re.sub(r"\)(?=[A-Za-z])", "), ", text)  # 'Union)United Kingdom' -> 'Union), United Kingdom'
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"\s+,", ",", text).strip().strip(",;. ")


def _split_top(text: str) -> list[str]:
    """Split on commas and semicolons outside parentheses."""
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        if ch in ",;" and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur).strip())
    return [p for p in parts if p]


def group_id_of(phrase: str) -> str | None:
    """'the Group of African States' -> 'AFRICAN'; 'a group of States' -> None (unnamed)."""
    low = phrase.lower()
    for pattern, gid in GROUP_PATTERNS:
        if re.search(pattern, low):
            return gid
    return None


def _split_exceptions(phrase: str) -> tuple[str, tuple[str, ...]]:
    m = re.search(r"[,]?\s*\bexcept\b\s*(.*)$", phrase, flags=re.I)
    if not m:
        return phrase.strip(), ()
    names = re.split(r",\s*|\s+and\s+", m.group(1).strip())
    return phrase[: m.start()].strip(), tuple(n.strip() for n in names if n.strip())


def parse_sponsors(text: str | None) -> list[SponsorEntry]:
    """Split a main-sponsors text into :class:`SponsorEntry` items (names not yet resolved).

    >>> [e.name for e in parse_sponsors("China, Russian Federation")]
    ['China', 'Russian Federation']
    >>> e = parse_sponsors("Pakistan (on behalf of the Organization of Islamic Cooperation, except Albania)")[0]
    >>> e.name, e.group_id, e.exceptions
    ('Pakistan', 'OIC', ('Albania',))
    """
    if text is None or (isinstance(text, float) and pd.isna(text)) or not str(text).strip():
        return []
    entries: list[SponsorEntry] = []
    for token in _split_top(_clean(str(text))):
        if re.match(r"(?i)^except\b", token) and entries and entries[-1].on_behalf_of:
            # 'X on behalf of the OIC, except Albania': the exception came after a bare comma.
            last = entries.pop()
            extra = _split_exceptions(token)[1]
            entries.append(SponsorEntry(last.name, last.on_behalf_of, last.group_id, last.exceptions + extra))
            continue
        m = re.search(r"\(?\s*\bon behalf of\b\s*(.*?)\)?\s*$", token, flags=re.I)
        if m:
            head = token[: m.start()].strip()
            phrase, exceptions = _split_exceptions(m.group(1).strip())
            entries.append(SponsorEntry(head, phrase, group_id_of(phrase), exceptions))
        else:
            entries.append(SponsorEntry(token))
    return entries


def _name_variants(name: str) -> list[str]:
    """Forms to try in turn: as written, without a leading 'the', without a parenthesis."""
    out = [name]
    if name.lower().startswith("the "):
        out.append(name[4:])
    bare = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
    if bare and bare not in out:
        out.append(bare)
    return out


def _resolve_names(name: str, resolve: Callable[[str], str | None]) -> list[str] | None:
    """ISO3 codes for a sponsor's name; 'A and B' is split only when the whole is not a state."""
    for variant in _name_variants(name):
        code = resolve(variant)
        if code:
            return [code]
    if re.search(r"\band\b", name):
        parts = [p.strip() for p in re.split(r"\s+and\s+", name) if p.strip()]
        codes = [_resolve_names(p, resolve) for p in parts]
        if all(codes):
            return [c for cs in codes for c in cs]
    return None


@dataclass
class Sponsorships:
    """Result of :func:`sponsorships`."""

    frame: pd.DataFrame  # decision_id, iso3, role, order, via_group, basis
    unresolved: pd.DataFrame = field(default_factory=pd.DataFrame)  # decision_id, name
    unexpanded: pd.DataFrame = field(default_factory=pd.DataFrame)  # decision_id, group, group_id


def _member_spells(group_members: pd.DataFrame | None) -> dict[str, list[tuple]]:
    """group_id -> [(iso3, since, until)] of full members, parsed once (not once per text)."""
    if group_members is None or group_members.empty:
        return {}
    rows = group_members
    if "status" in rows:
        rows = rows[rows["status"].fillna("member").str.lower().isin(["member", "full", "full member"])]
    since = pd.to_datetime(rows["since"]) if "since" in rows else pd.Series(pd.NaT, index=rows.index)
    until = pd.to_datetime(rows["until"]) if "until" in rows else pd.Series(pd.NaT, index=rows.index)
    spells: dict[str, list[tuple]] = {}
    for gid, iso3, a, b in zip(rows["group_id"], rows["iso3"], since, until):
        spells.setdefault(gid, []).append((iso3, None if pd.isna(a) else a, None if pd.isna(b) else b))
    return spells


def _members_at(spells: dict[str, list[tuple]], gid: str | None, when) -> list[str] | None:
    if gid is None or gid not in spells:
        return None
    if when is None or pd.isna(when):
        return sorted({iso3 for iso3, _, _ in spells[gid]})
    when = pd.Timestamp(when)
    return sorted({iso3 for iso3, a, b in spells[gid] if (a is None or a <= when) and (b is None or b >= when)})


def sponsorships(
    decisions: pd.DataFrame,
    resolve: Callable[[str], str | None],
    *,
    group_members: pd.DataFrame | None = None,
    supplement: bool = True,
) -> Sponsorships:
    """One row per (text, sponsoring state) from ``decisions.sponsors``.

    ``resolve`` maps a state name to ISO3 or None (the warehouse's name resolver, as at any date).
    """
    rows, unresolved, unexpanded = [], [], []
    texts = decisions[["decision_id", "symbol", "date", "sponsors"]].copy()
    texts["basis"] = "source"
    if supplement:
        missing = texts["sponsors"].isna() & texts["symbol"].isin(list(SUPPLEMENT))
        texts.loc[missing, "sponsors"] = texts.loc[missing, "symbol"].map(lambda s: SUPPLEMENT[s][0])
        texts.loc[missing, "basis"] = "supplement"
    texts = texts[texts["sponsors"].notna()]
    cache: dict[str, list[str] | None] = {}
    spells = _member_spells(group_members)

    def codes_of(name: str) -> list[str] | None:
        if name not in cache:
            cache[name] = _resolve_names(name, resolve) if name else None
        return cache[name]

    for did, when, text, basis in zip(texts["decision_id"], texts["date"], texts["sponsors"], texts["basis"]):
        seen: set[str] = set()
        for order, entry in enumerate(parse_sponsors(text), start=1):
            codes = codes_of(entry.name)
            if not codes:
                if entry.name:
                    unresolved.append({"decision_id": did, "name": entry.name})
            else:
                for code in codes:
                    if code not in seen:
                        seen.add(code)
                        rows.append({"decision_id": did, "iso3": code, "role": "main", "order": order,
                                     "via_group": entry.group_id or entry.on_behalf_of, "basis": basis})
            if entry.on_behalf_of:
                members = _members_at(spells, entry.group_id, when)
                if members is None:
                    unexpanded.append({"decision_id": did, "group": entry.on_behalf_of, "group_id": entry.group_id})
                    continue
                excluded = {c for n in entry.exceptions for c in (codes_of(n) or [])}
                for code in members:
                    if code not in seen and code not in excluded:
                        seen.add(code)
                        rows.append({"decision_id": did, "iso3": code, "role": "group", "order": None,
                                     "via_group": entry.group_id, "basis": basis})
    frame = pd.DataFrame(rows, columns=["decision_id", "iso3", "role", "order", "via_group", "basis"])
    return Sponsorships(frame, pd.DataFrame(unresolved, columns=["decision_id", "name"]),
                        pd.DataFrame(unexpanded, columns=["decision_id", "group", "group_id"]))


def fate_of(outcome, modality) -> str:
    """How a text fared: adopted without a vote, adopted by recorded vote, rejected, withdrawn..."""
    outcome = outcome if isinstance(outcome, str) else "unknown"
    if outcome != "adopted":
        return outcome if outcome in FATES else "unknown"
    return {"without a vote": "adopted without a vote", "recorded": "adopted by recorded vote",
            "non-recorded": "adopted (non-recorded)"}.get(modality, "adopted")


def led_texts(
    spons: Sponsorships,
    decisions: pd.DataFrame,
    state: str,
    *,
    roles: tuple[str, ...] = ("main",),
) -> pd.DataFrame:
    """Texts ``state`` sponsored in ``roles`` with their fate: ``symbol, year, body_id, kind, title,
    role, order, via_group, co_sponsors, fate, yes, no, abstain, margin, basis`` (margin = yes - no)."""
    mine = spons.frame[(spons.frame["iso3"] == state) & spons.frame["role"].isin(roles)]
    if mine.empty:
        raise EstimationError(f"No text in the slice names {state} as a sponsor ({', '.join(roles)}). The "
                              "sponsor field is recorded mainly from 2013 on; widen the years or the body.")
    # Fellow main sponsors of these texts only, gathered with a dict (a groupby-apply over every
    # text of the record took 0.4 s for a few dozen texts led).
    mains = spons.frame[(spons.frame["role"] == "main") & spons.frame["decision_id"].isin(mine["decision_id"])]
    co: dict = {}
    for d, s in zip(mains["decision_id"].tolist(), mains["iso3"].tolist()):
        co.setdefault(d, set()).add(s)
    cols = [c for c in ("decision_id", "symbol", "date", "year", "body_id", "kind", "title", "outcome", "modality",
                        "yes", "no", "abstain") if c in decisions]
    out = mine.merge(decisions[cols], on="decision_id")
    out["co_sponsors"] = [sorted(x for x in co.get(d, ()) if x != state) for d in out["decision_id"]]
    out["fate"] = [fate_of(o, m) for o, m in zip(out.get("outcome"), out.get("modality"))]
    out["margin"] = out["yes"] - out["no"] if {"yes", "no"} <= set(out) else pd.NA
    return out.sort_values(["date", "symbol"], ignore_index=True)


def leadership_by_year(led: pd.DataFrame) -> pd.DataFrame:
    """Per year: texts led and their fates (``n_texts`` and one column per fate), mean margin."""
    counts = pd.crosstab(led["year"], led["fate"])
    counts = counts.reindex(columns=[f for f in FATES if f in counts.columns])
    counts.insert(0, "n_texts", counts.sum(axis=1))
    counts["mean_margin"] = led.groupby("year")["margin"].mean()
    return counts.reset_index()


def top_sponsors(spons: Sponsorships, decisions: pd.DataFrame, *, n: int = 20) -> pd.DataFrame:
    """States ranked by texts they were a main sponsor of (with the share adopted)."""
    mains = spons.frame[spons.frame["role"] == "main"].merge(
        decisions[["decision_id", "outcome"]], on="decision_id")
    out = mains.groupby("iso3").agg(n_texts=("decision_id", "nunique"),
                                    adopted=("outcome", lambda s: float((s == "adopted").mean())))
    return out.sort_values("n_texts", ascending=False).head(n).reset_index()


def co_sponsors(spons: Sponsorships, state: str) -> pd.DataFrame:
    """States named as main sponsors alongside ``state``, with the number of shared texts."""
    mains = spons.frame[spons.frame["role"] == "main"]
    texts = mains.loc[mains["iso3"] == state, "decision_id"].unique()
    partners = mains[mains["decision_id"].isin(texts) & (mains["iso3"] != state)]
    return (partners.groupby("iso3")["decision_id"].nunique().rename("n_texts")
            .sort_values(ascending=False).reset_index())


def cosponsorship_pairs(spons: Sponsorships) -> pd.DataFrame:
    """The co-sponsorship network as an edge list: every pair of states named as main sponsors of
    the same text, with the number of such texts (``state, partner, n_texts``, state < partner)."""
    mains = spons.frame.loc[spons.frame["role"] == "main", ["decision_id", "iso3"]].drop_duplicates()
    pairs = mains.merge(mains, on="decision_id", suffixes=("", "_partner"))
    pairs = pairs[pairs["iso3"] < pairs["iso3_partner"]]
    out = pairs.groupby(["iso3", "iso3_partner"]).size().rename("n_texts").reset_index()
    out = out.rename(columns={"iso3": "state", "iso3_partner": "partner"})
    return out.sort_values(["n_texts", "state", "partner"], ascending=[False, True, True], ignore_index=True)
