"""The one parameter parser (rightsregime.params): every edge of years, bodies, kinds, outcomes,
positions, limits, paths and periods. Usage mistakes are UsageError, exit code 2 (issue 8 items 7-8,
issue 9). Body spans are regime facts: the Council first sat in June 2006 (GA res 60/251), the
Commission's last session was in 2006."""
from __future__ import annotations

import pytest

from rightsregime import params
from rightsregime.errors import UsageError


@pytest.mark.parametrize("value, expected", [
    (None, None), ("", None), ("  ", None), (2021, (2021, 2021)), ("2021", (2021, 2021)),
    ("2006-2026", (2006, 2026)), ("2006–2026", (2006, 2026)), (" 2006 - 2026 ", (2006, 2026)),
    ("2006:2026", (2006, 2026)), ((1990, 2019), (1990, 2019)), ("1900-1950", (1900, 1950)),
])
def test_years_accepts_a_year_or_a_range(value, expected):
    assert params.years(value) == expected


def test_reversed_range_is_a_usage_error_naming_the_fix():
    with pytest.raises(UsageError, match=r"^--years '2026-2006': the range runs backwards; write 2006-2026\.$") as info:
        params.years("2026-2006")
    assert info.value.exit_code == 2 and info.value.option == "--years"


@pytest.mark.parametrize("value", ["abc", "20x1", "2006-", "-2006", "2006-2010-2012", "1e3", True, 3.5])
def test_malformed_years_are_usage_errors(value):
    with pytest.raises(UsageError, match=r"give a year \(2021\) or a range \(2006-2026\)"):
        params.years(value)


def test_years_outside_the_record_say_what_it_covers():
    with pytest.raises(UsageError, match=r"outside the record, which covers 1946-\d{4}"):
        params.years("1800")
    with pytest.raises(UsageError, match=r"outside the record, which covers 1946-"):
        params.years(3000)


def test_years_outside_a_bodys_existence():
    """The Council exists from 2006 and the Commission until 2006."""
    with pytest.raises(UsageError, match=r"outside the record of HRC, which covers 2006-"):
        params.years("1990-2000", body="HRC")
    with pytest.raises(UsageError, match=r"outside the record of CHR, which covers 1946-2006"):
        params.years("2010", body=["CHR"])
    assert params.years("2000-2010", body="HRC") == (2000, 2010)  # overlaps: kept
    assert params.years("1990", body="HRC,CHR") == (1990, 1990)


def test_option_name_is_echoed():
    with pytest.raises(UsageError, match=r"^--year 'x'"):
        params.years("x", option="--year")


def test_bodies_are_canonical_and_unknown_ones_listed():
    assert params.bodies("hrc, ga") == ["HRC", "GA"]
    assert params.bodies("HRC,HRC") == ["HRC"]
    assert params.bodies(None) is None and params.bodies(" , ") is None
    with pytest.raises(UsageError, match=r"^--body 'UNGA': unknown body\. Did you mean GA\? "
                                         r"Use one of: GA, SC, HRC, CHR\.$"):
        params.bodies("UNGA")
    with pytest.raises(UsageError, match="Use one of: GA, HRC, CHR"):
        params.bodies("SC", valid=params.VOTING_BODIES)
    assert params.body("hrc") == "HRC"
    with pytest.raises(UsageError, match="give one body"):
        params.body("GA,HRC")


def test_kinds_and_outcomes_list_the_valid_values():
    assert params.kinds("Resolution,amendment") == ["resolution", "amendment"]
    with pytest.raises(UsageError, match=r"--kind 'bogus': unknown kind of text\..*resolution, decision, amendment"):
        params.kinds("bogus")
    assert params.outcomes("ADOPTED") == ["adopted"]
    assert params.outcomes("not considered") == ["not considered"]
    with pytest.raises(UsageError, match=r"--outcome 'bogus': unknown outcome\..*adopted, rejected, withdrawn"):
        params.outcomes("bogus")


def test_positions_accept_the_usual_spellings():
    assert params.position("Y") == "yes" and params.position("abstention") == "abstain"
    assert params.position("non-voting") == "non_voting" and params.position(".") == "absent"
    assert params.positions("yes,no,yes") == ["yes", "no"]
    with pytest.raises(UsageError, match=r"--position 'maybe': unknown position; use one of yes, no"):
        params.position("maybe")


def test_scope():
    assert params.scope("Country-specific") == "country-specific"
    with pytest.raises(UsageError, match="unknown scope"):
        params.scope("regional")


def test_limit():
    assert params.limit(0) is None and params.limit(None) is None and params.limit(5) == 5
    with pytest.raises(UsageError, match=r"--limit -1: give 0 \(all rows\) or a positive number"):
        params.limit(-1)


def test_like_pattern_escapes_wildcards():
    """Issue 8 item 7: --text '%' matches a literal percent sign, not everything."""
    assert params.like_pattern("%") == "%\\%%"
    assert params.like_pattern("a_b") == "%a\\_b%"
    assert params.like_pattern("c:\\x") == "%c:\\\\x%"
    assert params.text("  ") is None and params.text(" cooperation ") == "cooperation"


def test_empty_path_is_refused():
    """Issue 8 item 7: export "" must not write into the current folder."""
    with pytest.raises(UsageError, match="give a path"):
        params.path("", option="DIR")
    assert str(params.path("out", option="DIR")) == "out"


def test_single_year_bounds():
    """The Council's first election was in 2006: an election year before it is refused."""
    assert params.single_year("2027", first=2006) == 2027
    with pytest.raises(UsageError, match=r"YEAR 1800: give a year from 2006 to \d{4} \(the Council"):
        params.single_year(1800, first=2006, why="the Council's first election was in 2006")
    with pytest.raises(UsageError, match="give a year such as 2021"):
        params.single_year("20x")


def test_periods():
    assert params.periods("year") == "year" and params.periods("decade") == "decade"
    assert params.periods("5") == 5 and params.periods("all") is None
    with pytest.raises(UsageError, match=r"--by 'bogus': use year, decade, a number of years, or all"):
        params.periods("bogus")


def test_states_resolve_through_the_given_resolver_and_drop_duplicates():
    table = {"CHN": "CHN", "CHINA": "CHN", "USA": "USA"}
    assert params.states("CHN, China ,USA", lambda s: table[s.upper()]) == ["CHN", "USA"]
    with pytest.raises(UsageError, match="give at least one name"):
        params.states(" , ", lambda s: s)


def test_every_usage_error_exits_2():
    assert UsageError("x").exit_code == 2


def test_topics_take_their_bodies_through_the_one_parser(reg):
    """Topics and consensus rest on the OHCHR harvest of the Council (from 2006) and the Commission
    (to 2006), which alone records texts adopted without a vote: `--body GA` or a misspelling is a
    usage mistake (exit 2) listing HRC and CHR, as every other --body; 'hrc' is read as HRC and no
    body means both."""
    from rightsregime.resources import topics

    for wrong in ("GA", "UNGA", "HRC,SC"):
        with pytest.raises(UsageError) as err:
            topics.topics(reg, body=wrong)
        assert err.value.exit_code == 2 and "HRC, CHR" in str(err.value)
        assert str(err.value).startswith("--body ")
    assert topics.topics(reg, body="hrc").params["body"] == "HRC"
    assert topics.consensus(reg, body=None).params["body"] == "HRC,CHR"
