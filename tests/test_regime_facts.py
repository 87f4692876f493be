"""One home for the regime's facts (regime/): each fact once, its edges tested, no second copy.

CHR size: 18 states from the first session (1947; in 1946 only the 'nuclear' Commission of individuals
sat), 21 from 1962, 32 from 1967, 43 from 1980, 53 from 1992 (Rudolf, Max Planck Encyclopedia of Public
International Law 2008, para 2; ``regime/data/chr_size.csv``). UN membership: a state admitted on the
day of a vote takes part in it; ``left`` is the last day of membership (Yemen Arab Republic to 21 May
1990, the Republic of Yemen from 22 May 1990).
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from rightsregime import regime
from rightsregime.regime.commission import chr_size
from rightsregime.regime.council import composition_year, council_year
from rightsregime.regime.un_membership import is_un_member, un_members_on

SRC = Path(regime.__file__).resolve().parents[1]


@pytest.mark.parametrize("year, size", [(1946, None), (1947, 18), (1961, 18), (1962, 21), (1967, 32),
                                        (1979, 32), (1980, 43), (1991, 43), (1992, 53), (2006, 53), (2007, None)])
def test_commission_size_edges(year, size):
    assert chr_size(year) == size


def test_un_membership_edges():
    """South Sudan was admitted on 14 July 2011: a member that day, not the day before."""
    assert is_un_member("2011-07-14", None, "2011-07-14")
    assert not is_un_member("2011-07-14", None, "2011-07-13")
    assert is_un_member("1947-09-30", "1990-05-21", "1990-05-21")  # last day of the Yemen Arab Republic
    assert not is_un_member("1947-09-30", "1990-05-21", "1990-05-22")
    states = pd.DataFrame({"iso3": ["YAR", "YEM", "SSD"], "admitted": ["1947-09-30", "1990-05-22", "2011-07-14"],
                           "left": ["1990-05-21", None, None]})
    assert un_members_on(states, "1990-05-21") == ["YAR"] and un_members_on(states, "1990-05-22") == ["YEM"]


def test_un_membership_in_the_warehouse(reg):
    """193 members on 1 January 2025; 192 the day before South Sudan's admission, 193 on that day."""
    states = reg.table("states")
    assert len(un_members_on(states, "2025-01-01")) == 193
    assert len(un_members_on(states, "2011-07-13")) == 192 and len(un_members_on(states, "2011-07-14")) == 193


def test_council_calendar():
    from datetime import date

    assert council_year(date(2006, 6, 19)) == 2006 and council_year(date(2011, 6, 17)) == 2010
    years = composition_year(pd.Series(pd.to_datetime(["2006-06-19", "2012-12-31", "2013-01-01"])))
    assert years.tolist() == [2006, 2011, 2012]


def test_positions_and_focal_states_have_one_home():
    from rightsregime.procedure import majority
    from rightsregime.warehouse import profile, queries, schema

    assert regime.POSITIONS == ("yes", "no", "abstain", "non_voting", "absent")
    assert schema.POSITIONS is regime.POSITIONS and majority.POSITIONS is regime.POSITIONS
    assert queries.FOCAL_STATES is regime.FOCAL_STATES and profile.FOCAL_STATES is regime.FOCAL_STATES


def test_no_module_holds_a_second_copy():
    """The constants that used to be copied (CHR sizes, the Council's first day, the UN-membership
    predicate, the lots file) appear only in regime/."""
    patterns = {
        "CHR size table": re.compile(r"\(\s*19(46|47|92)\s*,\s*(18|53)\s*\)"),
        "Council start": re.compile(r"date\(2006,\s*6,\s*19\)|Timestamp\(2013,\s*1,\s*1\)"),
        "UN membership predicate": re.compile(r'admitted\s*<=\s*\?'),
        "lots file": re.compile(r"hrc_2006_lots\.csv\"\)"),
    }
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("regime/"):
            continue
        text = path.read_text(encoding="utf-8")
        for what, pattern in patterns.items():
            assert not pattern.search(text), f"{rel} holds a copy of the {what}"
