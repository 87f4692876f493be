"""The Commission on Human Rights (1946-2006): its size by year, from one cited file (``chr_size.csv``).

The Commission of 18 states first met in January 1947; in 1946 only the 'nuclear' Commission of
individuals sat, so no state held a seat and :func:`chr_size` is ``None`` for 1946. ECOSOC enlarged it
to 21 (1962), 32 (1967), 43 (1980) and 53 (from the 1992 session).
"""
from __future__ import annotations

import csv
from functools import lru_cache

from . import data_path

FIRST_SESSION_YEAR = 1947
LAST_SESSION_YEAR = 2006


@lru_cache(maxsize=1)
def chr_sizes() -> tuple[tuple[int, int], ...]:
    """(since_year, size) steps, oldest first, as curated in ``regime/data/chr_size.csv``."""
    with data_path("chr_size.csv").open(encoding="utf-8") as fh:
        rows = [(int(r["since_year"]), int(r["size"])) for r in csv.DictReader(fh)]
    return tuple(sorted(rows))


def chr_size(year: int | None) -> int | None:
    """Members of the Commission in ``year`` (None before 1947, after 2006 or if unknown).

    >>> chr_size(1946), chr_size(1947), chr_size(1991), chr_size(1992)
    (None, 18, 43, 53)
    """
    if year is None or year < FIRST_SESSION_YEAR or year > LAST_SESSION_YEAR:
        return None
    size = None
    for since, n in chr_sizes():
        if year >= since:
            size = n
    return size
