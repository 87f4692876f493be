"""Confidence intervals for shares, one implementation for every measure that reports a rate
(UPR acceptance, the compliance components)."""
from __future__ import annotations

import numpy as np


def wilson(k, n, z: float = 1.96) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval (lower, upper) for ``k`` successes in ``n`` trials (scalars or arrays);
    NaN where ``n`` is 0. Unlike the normal approximation it stays inside [0, 1] and does not
    collapse to a point at 0 or n successes, so a rate on six recommendations looks as thin as it is
    (Wilson, E. B. (1927) JASA 22(158): 209-212)."""
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        den = 1 + z ** 2 / n
        centre = (p + z ** 2 / (2 * n)) / den
        half = z * np.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2)) / den
    return np.where(n > 0, centre - half, np.nan), np.where(n > 0, centre + half, np.nan)


__all__ = ["wilson"]
