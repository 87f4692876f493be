"""Who was a UN member on a date, from the ``states`` table's ``admitted`` and ``left`` dates.

``admitted`` is the day of admission and ``left`` the last day of membership under that code (the
Yemen Arab Republic's ``left`` is 21 May 1990, the Republic of Yemen is admitted on 22 May 1990). So a
state is a member on day D when ``admitted <= D <= left``: a state admitted on the day of a vote takes
part in it, and a state is still a member on its last day.
"""
from __future__ import annotations

import pandas as pd

# The same predicate for SQL readers (parameters: the day, twice).
UN_MEMBER_ON_SQL = 'admitted <= ? AND ("left" IS NULL OR "left" >= ?)'


def is_un_member(admitted, left, day) -> bool:
    """``admitted <= day <= left`` (no ``left``: still a member); a missing admission date is not a member."""
    day = pd.Timestamp(day)
    if admitted is None or pd.isna(admitted) or pd.Timestamp(admitted) > day:
        return False
    return left is None or pd.isna(left) or pd.Timestamp(left) >= day


def un_members_on(states: pd.DataFrame, day) -> list[str]:
    """iso3 of the states (columns iso3, admitted, left) that were UN members on ``day``, sorted."""
    day = pd.Timestamp(day)
    admitted = pd.to_datetime(states["admitted"])
    left = pd.to_datetime(states["left"])
    member = admitted.notna() & (admitted <= day) & (left.isna() | (left >= day))
    return sorted(states.loc[member, "iso3"])
