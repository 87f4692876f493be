"""The state resolver: every identifier the sources use maps to a code, date-aware where a name
changed meaning. Built from the real un-member-states file and the curated aliases."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from rightsregime.errors import UnknownState
from rightsregime.sources import member_states
from rightsregime.sources._fetch import locate
from rightsregime.warehouse.names import StateResolver, normalise


@pytest.fixture(scope="module")
def resolver(sources):
    parsed = member_states.parse(locate(member_states.SOURCE, sources))
    return StateResolver(parsed.tables["states"], parsed.tables["state_names"])


def one(resolver, value, date=None):
    dates = None if date is None else pd.Series([pd.Timestamp(date)])
    out = resolver.resolve(pd.Series([value]), dates).iloc[0]
    return None if pd.isna(out) else out


@pytest.mark.parametrize("value, date, code", [
    # codes of every kind
    ("CHN", None, "CHN"), ("CN", None, "CHN"), ("156", None, "CHN"), (840, None, "USA"),
    ("NA", None, "NAM"), ("GER", None, "DEU"), ("TP", None, "TLS"),
    # the USSR and Russia
    ("USSR", None, "SUN"), ("Soviet Union", None, "SUN"), ("Russian Federation", None, "RUS"),
    ("Russia", "1980-01-01", "SUN"), ("Russia", "2000-01-01", "RUS"), ("RU", "1991-12-23", "SUN"),
    ("RUS", "1991-12-24", "RUS"),
    # Yugoslavia and its successors
    ("Yugoslavia", "1980-01-01", "YUG"), ("Yugoslavia", "2010-01-01", "SRB"), ("YU", "2003-06-05", "SRB"),
    ("YUG", "2002-12-20", "YUG"), ("Serbia and Montenegro", None, "SRB"), ("Serbia", None, "SRB"),
    ("Montenegro", None, "MNE"), ("Bosnia & Herzegovina", None, "BIH"),
    # Czechoslovakia, and the ISO2 code CS that later meant Serbia and Montenegro
    ("Czechoslovakia", None, "CSK"), ("CS", None, "CSK"), ("CS", "1980-01-01", "CSK"),
    ("CS", "2004-01-01", "SRB"), ("Czech Republic", None, "CZE"), ("Czechia", None, "CZE"),
    # the two Germanys
    ("German Democratic Republic", None, "DDR"), ("East Germany", None, "DDR"), ("DD", None, "DDR"),
    ("Federal Republic of Germany", "1980-01-01", "DEU"), ("Germany", "1985-01-01", "DEU"),
    ("Germany, Federal Republic of", None, "DEU"), ("German Federal Republic", None, "DEU"),
    # the two Yemens
    ("Yemen", "1980-01-01", "YAR"), ("Yemen", "2000-01-01", "YEM"), ("YE", "1985-06-01", "YAR"),
    ("Yemen", None, "YEM"), ("Yemen Arab Republic", None, "YAR"), ("Yemen People's Republic", None, "YMD"),
    ("Democratic Yemen", None, "YMD"), ("YD", None, "YMD"),
    # Zaire and the Congos
    ("Zaire", None, "ZAR"), ("Zaïre", None, "ZAR"), ("Congo - Kinshasa", "1985-01-01", "ZAR"),
    ("Congo - Kinshasa", "2000-01-01", "COD"), ("COD", "1997-05-17", "COD"),
    ("Democratic Republic of the Congo", None, "COD"), ("Democratic Republic of Congo", None, "COD"),
    ("Congo, Democratic Republic of the", None, "COD"), ("Congo", None, "COG"),
    ("Republic of Congo", None, "COG"), ("Congo - Brazzaville", None, "COG"),
    # Tanganyika, Zanzibar, the United Arab Republic
    ("Tanganyika", None, "TZA"), ("Tanzania", None, "TZA"), ("Zanzibar", None, "ZAN"), ("UAR", None, "EGY"),
    # renamed states
    ("Swaziland", None, "SWZ"), ("Eswatini", None, "SWZ"), ("Turkey", None, "TUR"), ("Türkiye", None, "TUR"),
    ("Turkiye", None, "TUR"), ("Côte d'Ivoire", None, "CIV"), ("Cote d'Ivoire", None, "CIV"),
    ("Côte d’Ivoire", None, "CIV"), ("Ivory Coast", None, "CIV"), ("Cape Verde", None, "CPV"),
    ("Cabo Verde", None, "CPV"), ("Burma", None, "MMR"), ("Myanmar", None, "MMR"),
    ("Myanmar (Burma)", None, "MMR"), ("Macedonia", None, "MKD"), ("North Macedonia", None, "MKD"),
    ("Macedonia FYR", None, "MKD"), ("The former Yugoslav Republic of Macedonia", None, "MKD"),
    ("Upper Volta", None, "BFA"), ("Dahomey", None, "BEN"), ("Ceylon", None, "LKA"),
    # the Koreas
    ("Republic of Korea", None, "KOR"), ("South Korea", None, "KOR"), ("Korea, Republic of", None, "KOR"),
    ("North Korea", None, "PRK"), ("DPR Korea", None, "PRK"), ("Democratic People's Republic of Korea", None, "PRK"),
    ("Korea, Democratic People's Republic of", None, "PRK"),
    # China's seat, observers
    ("Taiwan", None, "TWN"), ("China", "1955-12-13", "TWN"), ("China", "1990-01-01", "CHN"),
    ("Holy See", None, "VAT"), ("Palestine", None, "PSE"),
    # spellings
    ("St Kitts & Nevis", None, "KNA"), ("St. Vincent & Grenadines", None, "VCT"),
    ("São Tomé & Príncipe", None, "STP"), ("Micronesia", None, "FSM"), ("Viet Nam", None, "VNM"),
    ("Iran (Islamic Republic of)", None, "IRN"), ("Bolivia", None, "BOL"), ("USA", None, "USA"), ("UK", None, "GBR"),
])
def test_resolves(resolver, value, date, code):
    assert one(resolver, value, date) == code


@pytest.mark.parametrize("value", ["&#40;Unknown&#41;", "Atlantis", "", "XX", "ZZZ"])
def test_unknown_identifiers_come_back_missing(resolver, value):
    assert one(resolver, value) is None


def test_resolve_is_vectorised_and_keeps_the_index(resolver):
    values = pd.Series(["Russia", "Russia", None, "Yemen"], index=[10, 11, 12, 13])
    dates = pd.Series(pd.to_datetime(["1975-01-01", "2015-01-01", "2015-01-01", None]), index=values.index)
    out = resolver.resolve(values, dates)
    assert list(out.index) == [10, 11, 12, 13]
    assert list(out.fillna("-")) == ["SUN", "RUS", "-", "YEM"]


def test_normalise():
    assert normalise("Côte d’Ivoire") == normalise("COTE D'IVOIRE") == "cote divoire"
    assert normalise("Antigua & Barbuda") == "antigua and barbuda"
    assert normalise("The Bahamas") == "bahamas"


def test_lookup_codes_and_names(resolver):
    assert resolver.lookup("chn") == "CHN"
    assert resolver.lookup("Swaziland") == "SWZ"
    assert resolver.lookup("USSR") == "SUN"
    assert resolver.name_of("SUN") == "USSR"
    assert resolver.name_of("SWZ") == "Eswatini"


def test_lookup_unknown_state_suggests_the_closest(resolver):
    with pytest.raises(UnknownState, match=r"^Unknown state 'CHI'\. Did you mean CHN \(China\) or CHL \(Chile\)\? "
                                          r"See 'rightsregime states'\.$"):
        resolver.lookup("CHI")


def test_name_of_unknown_code(resolver):
    with pytest.raises(UnknownState, match="Unknown state code 'XYZ'"):
        resolver.name_of("XYZ")


def test_every_identifier_of_the_ratification_and_group_files_resolves(resolver, sources):
    import yaml

    ids = set()
    for f in (sources / "hr-treaty-ratification").glob("hr_status_*.csv"):
        ids |= set(pd.read_csv(f, dtype=str, keep_default_na=False)["iso2"])
    for f in (sources / "un-groups-blocs" / "data" / "intblocks").rglob("*.yaml"):
        ids |= {e["id"] for e in yaml.safe_load(f.read_text(encoding="utf-8"))["includes"]}
    out = resolver.resolve(pd.Series(sorted(ids)))
    # 'MS' (Montserrat) and 'S' (South Sudan) are corrected by errata E016/E017 before resolution.
    assert sorted(pd.Series(sorted(ids))[out.isna()]) == ["MS", "S"]


def test_every_identifier_of_upr_and_hrc_voting_resolves(resolver, sources):
    names = set()
    for f in (sources / "upr-terman" / "v.2" / "Data" / "CSVs").glob("*.csv"):
        df = pd.read_csv(f, encoding="latin-1", lineterminator="\r", dtype=str, keep_default_na=False)
        names |= set(df["To"]) | set(df["From"])
    unresolved = sorted(n for n, c in zip(sorted(names), resolver.resolve(pd.Series(sorted(names)))) if pd.isna(c))
    assert unresolved == ["&#40;Unknown&#41;"]
    text = (sources / "hrc-voting" / "dashboard" / "data.js").read_text(encoding="utf-8").strip()
    data = json.loads(text[text.index("=") + 1:].rstrip(";"))
    keys = pd.Series(sorted(data["votes"]))
    assert resolver.resolve(keys).notna().all()


def test_every_unvotes_country_resolves_on_its_vote_dates(resolver, sources):
    pyreadr = pytest.importorskip("pyreadr")
    votes = pyreadr.read_r(str(sources / "unvotes" / "data" / "un_votes.rda"))["un_votes"]
    calls = pyreadr.read_r(str(sources / "unvotes" / "data" / "un_roll_calls.rda"))["un_roll_calls"]
    votes = votes.merge(calls[["rcid", "date"]], on="rcid")
    codes = resolver.resolve(votes["country"], votes["date"])
    assert codes.notna().all()
    russia = codes[votes["country"] == "Russia"]
    assert set(russia) == {"SUN", "RUS"}
    assert (codes[votes["country"] == "Yugoslavia"].value_counts().to_dict()) == {"YUG": 3918, "SRB": 1556}
