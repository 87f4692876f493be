"""Resolve the state identifiers sources use (names, ISO2, ISO3, M49) to warehouse codes.

:class:`StateResolver` is built from the ``states`` and ``state_names`` tables (the UN Member
States authority file plus ``regime/data/states_extra.csv``) and the curated
``regime/data/state_aliases.csv``, whose rows are of four kinds:

* ``iso2``: a withdrawn ISO 3166-1 alpha-2 code (YU, CS, DD, TP...); the others come from
  country_converter (``regime/crosswalk.py``), which agreed with all 197 the project had curated;
* ``code``: another three-letter code a source uses (hrc-voting's GER, ISO 3166-3 codes);
* ``name``: a spelling no UN file has ("Congo - Kinshasa", "DPR Korea", "St. Vincent & Grenadines");
* ``period``: a *code* that meant another state for a while. Every identifier resolving to
  ``name`` (a code) and dated within ``valid_from``..``valid_to`` resolves to ``iso3`` instead:
  "Russia" before 24 Dec 1991 is the USSR, "Yemen" before 22 May 1990 the Yemen Arab Republic,
  "Yugoslavia" from 4 Feb 2003 Serbia (and Montenegro), the Democratic Republic of the Congo
  1971-1997 Zaire, "China" before 25 Oct 1971 the Republic of China.

Names are compared through a normalised key (:func:`normalise`): case-folded, accents and
apostrophes dropped, '&' read as 'and', 'St' as 'Saint', other punctuation as spaces, a leading
'the' dropped; an inverted name ("Korea, Republic of") is also tried the other way round.

When a key means several states (a name whose meaning changed), the dated entry that contains the
date wins; without a date, the curated alias wins, then the official name, then the other names;
among those, the entry still in use. A key that stays ambiguous resolves to nothing (<NA>), and the
build quarantines the row: nothing is guessed.
"""
from __future__ import annotations

import html
import numbers
import re
import unicodedata

import pandas as pd

from ..errors import ParseError, UnknownState, closest
from ..regime import data_path
from ..regime.crosswalk import iso2_pairs

ALIASES_FILE = "regime/data/state_aliases.csv"
_RANK = {"alias": 0, "official": 1, "other": 2}
_CODE3 = re.compile(r"[A-Z][A-Z0-9]{2}")
_CODE2 = re.compile(r"[A-Z]{2}")
_DIGITS = re.compile(r"\d{1,3}")
_EARLIEST, _LATEST = pd.Timestamp("1900-01-01"), pd.Timestamp("2200-01-01")


def normalise(name: str) -> str:
    """The comparison key of a state name.

    >>> normalise("Côte d’Ivoire") == normalise("Cote d'Ivoire")
    True
    >>> normalise("St. Vincent & the Grenadines")
    'saint vincent and the grenadines'
    >>> normalise("The Gambia")
    'gambia'
    """
    s = html.unescape(str(name))
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")
    s = s.casefold().replace("&", " and ")
    s = re.sub(r"['`]", "", s)
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    tokens = ["saint" if t == "st" else t for t in s.split()]
    if tokens and tokens[0] == "the":
        tokens = tokens[1:]
    return " ".join(tokens)


def _name_keys(value: str) -> list[str]:
    keys = [normalise(value)]
    if "," in value:
        head, _, tail = value.partition(",")
        keys.append(normalise(f"{tail} {head}"))
    return keys


def load_aliases() -> pd.DataFrame:
    with data_path("state_aliases.csv").open(encoding="utf-8") as fh:
        df = pd.read_csv(fh, dtype=str, keep_default_na=False)
    bad = df.loc[~df["kind"].isin(["iso2", "code", "name", "period"])]
    if len(bad):
        raise ParseError(f"{ALIASES_FILE}: row {bad.index[0] + 2} has kind {bad.iloc[0]['kind']!r}; "
                         "expected iso2, code, name or period.", file=ALIASES_FILE, line=int(bad.index[0]) + 2)
    for col in ("valid_from", "valid_to"):
        df[col] = pd.to_datetime(df[col].replace("", None))
    return df


class StateResolver:
    """Map raw state identifiers to warehouse codes, date-aware where a name changed meaning.

    Parameters
    ----------
    states, state_names : DataFrame
        The canonical tables (``iso3, name, m49`` and ``name, iso3, valid_from, valid_to, kind``).
    aliases : DataFrame, optional
        Rows as in ``regime/data/state_aliases.csv`` (read from there by default).
    """

    def __init__(self, states: pd.DataFrame, state_names: pd.DataFrame | None = None,
                 aliases: pd.DataFrame | None = None):
        aliases = load_aliases() if aliases is None else aliases
        self._names = dict(zip(states["iso3"], states["name"]))
        known = set(self._names)
        stray = sorted(set(aliases["iso3"]) - known)
        if stray:
            raise ParseError(f"{ALIASES_FILE}: codes {stray} are not in the states table; add them to "
                             "regime/data/states_extra.csv or fix the alias.", file=ALIASES_FILE)
        entries: list[tuple[str, str, object, object, int]] = []
        for code in states["iso3"]:
            entries.append((f"C:{code}", code, pd.NaT, pd.NaT, 0))
        # An M49 code shared by a historical code (ZAR and COD: 180) means today's state.
        by_m49 = states.loc[states["m49"].notna()]
        if "un_member" in by_m49:
            by_m49 = by_m49.sort_values("un_member", ascending=False, kind="stable")
        for code, m49 in zip(by_m49["iso3"], by_m49["m49"]):
            if f"M:{int(m49)}" not in {e[0] for e in entries}:
                entries.append((f"M:{int(m49)}", code, pd.NaT, pd.NaT, 0))
        for code, name in zip(states["iso3"], states["name"]):
            entries.append((normalise(name), code, pd.NaT, pd.NaT, _RANK["official"]))
        if state_names is not None and len(state_names):
            sn = state_names.assign(valid_from=pd.to_datetime(state_names["valid_from"]),
                                    valid_to=pd.to_datetime(state_names["valid_to"]))
            for r in sn.itertuples(index=False):
                rank = _RANK.get(r.kind, _RANK["other"])
                entries.append((normalise(r.name), r.iso3, r.valid_from, r.valid_to, rank))
        # Current ISO2 codes from country_converter (the field's standard table); the curated
        # aliases (rank 0) win over them (rank 1) wherever both speak, e.g. withdrawn codes.
        for iso2, code in iso2_pairs():
            if code in known:
                entries.append((f"C2:{iso2}", code, pd.NaT, pd.NaT, _RANK["official"]))
        for r in aliases.itertuples(index=False):
            if r.kind == "period":
                continue
            key = {"iso2": f"C2:{r.name}", "code": f"C:{r.name}"}.get(r.kind, None)
            entries.append((key or normalise(r.name), r.iso3, r.valid_from, r.valid_to, _RANK["alias"]))
        table = pd.DataFrame(entries, columns=["key", "iso3", "valid_from", "valid_to", "rank"])
        table = table.loc[table["key"] != ""].drop_duplicates()
        self._periods = aliases.loc[aliases["kind"] == "period", ["name", "iso3", "valid_from", "valid_to"]]
        self._default: dict[str, str | None] = {}
        self._dated: dict[str, pd.DataFrame] = {}
        self.ambiguous: dict[str, list[str]] = {}
        # Most keys name one state: settle those with plain dicts, and group only the few keys
        # that name several (a pandas groupby over ~1,300 keys cost 0.7 s of every command).
        codes_of: dict[str, dict[str, None]] = {}
        for key, code in zip(table["key"].tolist(), table["iso3"].tolist()):
            codes_of.setdefault(key, {})[code] = None
        shared = [k for k, codes in codes_of.items() if len(codes) > 1]
        for key, codes in codes_of.items():
            self._default[key] = next(iter(codes)) if len(codes) == 1 else None
        for key, g in table.loc[table["key"].isin(shared)].groupby("key", sort=False):
            self._dated[key] = g.sort_values("rank")
            self._default[key] = self._pick_default(key, g)
        # For 'Did you mean ...?': codes and the names in use, each mapped to its code.
        self._suggest = {code: code for code in known}
        for code, name in self._names.items():
            self._suggest.setdefault(name, code)
        for r in aliases.loc[aliases["kind"] == "name"].itertuples(index=False):
            self._suggest.setdefault(r.name, r.iso3)

    def _pick_default(self, key: str, g: pd.DataFrame) -> str | None:
        best = g.loc[g["rank"] == g["rank"].min()]
        undated = best.loc[best["valid_from"].isna() & best["valid_to"].isna()]
        for pool in (undated, best.loc[best["valid_to"].isna()], best):
            if pool.empty:
                continue
            if pool is best and best["valid_to"].notna().all():
                pool = best.loc[best["valid_to"] == best["valid_to"].max()]
            codes = pool["iso3"].unique()
            if len(codes) == 1:
                return codes[0]
            self.ambiguous[key] = sorted(codes)
            return None
        return None

    # -- keys -------------------------------------------------------------------------------
    def _key(self, value) -> str | None:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return None
        if isinstance(value, numbers.Integral) or (isinstance(value, float) and value.is_integer()):
            key = f"M:{int(value)}"
            return key if key in self._default else None
        s = str(value).strip()
        if not s:
            return None
        candidates = []
        if _CODE3.fullmatch(s):
            candidates.append(f"C:{s}")
        elif _CODE2.fullmatch(s):
            candidates.append(f"C2:{s}")
        elif _DIGITS.fullmatch(s):
            candidates.append(f"M:{int(s)}")
        candidates += _name_keys(s)
        for key in candidates:
            if key in self._default:
                return key
        return None

    # -- public API -------------------------------------------------------------------------
    def resolve(self, values: pd.Series, dates: pd.Series | None = None) -> pd.Series:
        """Codes for ``values`` (ISO3, ISO2, M49 or names), <NA> where unknown or ambiguous.

        ``dates`` (aligned with ``values``) tell when each identifier was used; without them a
        name means what it means today (or last meant).
        """
        values = pd.Series(values)
        uniq = pd.unique(values.dropna())
        keys = values.map({v: self._key(v) for v in uniq})
        out = keys.map(self._default).astype(object)
        if dates is not None:
            if not (isinstance(dates, pd.Series) and dates.index.equals(values.index)):
                if len(dates) != len(values):
                    raise ValueError(f"resolve: {len(values)} values but {len(dates)} dates")
                dates = pd.Series(list(dates), index=values.index)  # aligned by position
            dates = pd.to_datetime(dates, errors="coerce")
            has_date = dates.notna()
            dated_keys = keys.isin(list(self._dated)) & has_date
            for key in pd.unique(keys[dated_keys]):
                rows = dated_keys & (keys == key)
                done = pd.Series(False, index=values.index)
                g = self._dated[key]
                g = g.assign(width=g["valid_to"].fillna(_LATEST) - g["valid_from"].fillna(_EARLIEST))
                for e in g.sort_values(["rank", "width"]).itertuples(index=False):
                    inside = rows & ~done
                    if pd.notna(e.valid_from):
                        inside &= dates >= e.valid_from
                    if pd.notna(e.valid_to):
                        inside &= dates <= e.valid_to
                    out[inside] = e.iso3
                    done |= inside
            for p in self._periods.itertuples(index=False):
                hit = has_date & (out == p.name)
                if pd.notna(p.valid_from):
                    hit &= dates >= p.valid_from
                if pd.notna(p.valid_to):
                    hit &= dates <= p.valid_to
                out[hit] = p.iso3
        return out.astype("string")

    def code_of(self, value) -> str | None:
        """The code for a code or name, or None: no suggestions, no pandas, for resolving many
        names quickly (sponsor lists). Same keys as :meth:`lookup`, names as meant today."""
        tries = [value]
        if isinstance(value, str) and value.strip().isalpha() and len(value.strip()) <= 3:
            tries.insert(0, value.strip().upper())
        for attempt in tries:
            key = self._key(attempt)
            code = self._default.get(key) if key else None
            if isinstance(code, str):
                return code
        return None

    def lookup(self, query: str) -> str:
        """The code for a code or name a user typed; :class:`UnknownState` with suggestions if none."""
        tries = [query]
        if isinstance(query, str) and query.strip().isalpha() and len(query.strip()) <= 3:
            tries.insert(0, query.strip().upper())  # 'chn' typed for CHN
        for attempt in tries:
            code = self.resolve(pd.Series([attempt])).iloc[0]
            if pd.notna(code):
                return str(code)
        hits = []
        for h in closest(str(query), list(self._suggest), n=8):
            c = self._suggest[h]
            if c not in hits:
                hits.append(c)
        hits = hits[:2]
        if hits:
            options = " or ".join(f"{c} ({self._names[c]})" for c in hits)
            msg = f"Unknown state '{query}'. Did you mean {options}? See 'rightsregime states'."
        else:
            msg = f"Unknown state '{query}'. See 'rightsregime states' for the codes and names."
        raise UnknownState(msg, state=str(query))

    def name_of(self, iso3: str) -> str:
        """The current (or last) name of a code."""
        try:
            return self._names[iso3]
        except KeyError:
            raise UnknownState(f"Unknown state code '{iso3}'. See 'rightsregime states'.", state=iso3) from None

    @property
    def codes(self) -> list[str]:
        return sorted(self._names)
