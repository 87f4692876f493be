"""Dyadic agreement: how often two states take the same position, on any slice of the record.

Two measures, both over the decisions on which *both* states cast yes, no or abstain (absence and
present-not-voting carry no position and are left out, as in Voeten's data):

``identical``
    Share of those decisions on which the two positions are identical.

``index``
    Lijphart's index of agreement, IA = (f + g/2) / t, with f the identical positions, g the
    decisions on which one state abstained and the other voted yes or no, t all shared
    decisions (Lijphart 1963, "The Analysis of Bloc Voting in the General Assembly", *APSR*
    57(4): 902-917). Coding yes = 1, abstain = 0.5, no = 0 it equals 1 - mean |x_i - x_j|,
    which is the abstention-as-half-agreement score of Voeten's UN voting data ("agree3un":
    yes 1, abstain 2, no 3, agreement 1 - d/2; Voeten 2000, "Clashing Commitments",
    *International Organization* 54(2); Bailey, Strezhnev and Voeten 2017, *JCR* 61(2)).

Everything is computed from a state x decision position matrix with matrix products, so all
pairs over the whole General Assembly record (870k votes, 200 states) take well under a second
(``benchmarks/alignment.py`` measures it against a per-pair pandas baseline).

The input is the canonical long ``votes`` frame (``decision_id, iso3, position`` and, for
slicing and periods, ``body_id, year, kind, subjects`` as returned by ``reg.votes()``).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import EstimationError, UnknownState, UsageError, closest

# Position scores on the yes-no axis; positions not listed carry no stance and are missing.
SCORES: dict[str, float] = {"yes": 1.0, "abstain": 0.5, "no": 0.0}
CASTING = tuple(SCORES)  # the positions that count as taking a stance
MIN_DECISIONS = 5  # below this a slice gives no estimate, only an EstimationError
MIN_COMMON = 5  # a pair sharing fewer decisions gets NaN rather than a noisy share

# Integer codes in the position matrix: -1 missing, 0 no, 1 abstain, 2 yes.
_CODE = {"no": 0, "abstain": 1, "yes": 2}
MISSING = -1


# ---------------------------------------------------------------------------------------------
# Slicing


def _as_range(years) -> tuple[int, int] | None:
    if years is None:
        return None
    if isinstance(years, int):
        return (years, years)
    lo, hi = years
    return (int(lo), int(hi))


def slice_votes(
    votes: pd.DataFrame,
    *,
    body: str | None = None,
    years=None,
    subject: str | None = None,
    kind: str | Sequence[str] | None = None,
    states: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Rows of ``votes`` in one slice: a body, a year range, a subject tag (case-insensitive
    substring of ``subjects`` or ``title``), a kind of text, a set of states."""
    mask = pd.Series(True, index=votes.index)
    if body is not None and "body_id" in votes:
        mask &= votes["body_id"].str.upper() == body.upper()
    rng = _as_range(years)
    if rng is not None:
        mask &= votes["year"].between(*rng)
    if subject:
        hay = votes["subjects"].fillna("") if "subjects" in votes else pd.Series("", index=votes.index)
        if "title" in votes:
            hay = hay + " | " + votes["title"].fillna("")
        mask &= hay.str.contains(subject, case=False, regex=False)
    if kind is not None and "kind" in votes:
        kinds = [kind] if isinstance(kind, str) else list(kind)
        mask &= votes["kind"].isin(kinds)
    if states is not None:
        mask &= votes["iso3"].isin(list(states))
    return votes[mask]


def describe_slice(body=None, years=None, subject=None, kind=None) -> str:
    """Words for a slice, for error messages: 'HRC 2013-2013, subject "death penalty"'."""
    bits = [body or "all bodies"]
    rng = _as_range(years)
    if rng:
        bits.append(f"{rng[0]}" if rng[0] == rng[1] else f"{rng[0]}-{rng[1]}")
    if subject:
        bits.append(f'subject "{subject}"')
    if kind:
        bits.append(f"kind {kind}")
    return " ".join(bits)


# ---------------------------------------------------------------------------------------------
# The position matrix


@dataclass(frozen=True)
class PositionMatrix:
    """States x decisions, positions coded -1 (no stance), 0 no, 1 abstain, 2 yes."""

    states: pd.Index
    decisions: pd.Index
    codes: np.ndarray  # int8, shape (n_states, n_decisions)

    def indicators(self, dtype=np.float32) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """0/1 matrices for yes, abstain and no."""
        return ((self.codes == 2).astype(dtype), (self.codes == 1).astype(dtype),
                (self.codes == 0).astype(dtype))

    def row(self, iso3: str) -> np.ndarray:
        return self.codes[self.states.get_loc(iso3)]


def position_matrix(votes: pd.DataFrame) -> PositionMatrix:
    """Pivot the long ``votes`` frame into a :class:`PositionMatrix` (one pass, no pivot_table)."""
    # Only three columns travel: copying titles and subjects of 870k rows would cost more than the maths.
    cast = votes.loc[votes["position"].isin(CASTING), ["decision_id", "iso3", "position"]]
    s_codes, states = pd.factorize(cast["iso3"], sort=True)
    d_codes, decisions = pd.factorize(cast["decision_id"], sort=False)
    # Factorize then look up: mapping 870k strings one by one is the slow part otherwise.
    p_codes, p_uniques = pd.factorize(cast["position"])
    pos = np.array([_CODE[u] for u in p_uniques], dtype=np.int8)[p_codes]
    codes = np.full((len(states), len(decisions)), MISSING, dtype=np.int8)
    codes[s_codes, d_codes] = pos
    return PositionMatrix(pd.Index(states, name="iso3"), pd.Index(decisions, name="decision_id"), codes)


def _check_enough(votes: pd.DataFrame, where: str, min_decisions: int = MIN_DECISIONS) -> None:
    n = votes.loc[votes["position"].isin(CASTING), "decision_id"].nunique()
    if n < min_decisions:
        raise EstimationError(
            f"Only {n} recorded vote(s) in {where}; at least {min_decisions} are needed to measure "
            "agreement. Widen the years or drop the subject filter.")


def check_state(votes: pd.DataFrame, iso3: str, where: str, *, record: pd.DataFrame | None = None) -> str:
    """The state's code, upper-cased, if it cast a vote in ``votes``; else a clear error.

    ``record`` (the unsliced frame) tells an unknown code apart from a state absent from the slice.
    """
    code = iso3.strip().upper()
    present = set(votes.loc[votes["position"].isin(CASTING), "iso3"].unique())
    if code in present:
        return code
    if record is not None and code not in set(record["iso3"].unique()):
        hint = closest(code, sorted(set(record["iso3"].unique())))
        tip = f" Did you mean {' or '.join(hint)}?" if hint else ""
        raise UnknownState(f"Unknown state '{iso3}': no votes under that code.{tip} "
                           "See 'rightsregime states'.", state=iso3)
    # Without the whole record a typo cannot be told from a state off the slice: say both.
    raise EstimationError(f"{code} cast no yes/no/abstain vote in {where} (not a member then, absent, or "
                          "not a code used in the record). Choose other years or another body.")


# ---------------------------------------------------------------------------------------------
# Agreement for all pairs


@dataclass(frozen=True)
class Agreement:
    """All-pairs agreement on one slice: three square DataFrames indexed by iso3."""

    index: pd.DataFrame  # Lijphart / Voeten agreement index, NaN below ``min_common``
    identical: pd.DataFrame  # share of identical positions, NaN below ``min_common``
    n_common: pd.DataFrame  # decisions on which both cast yes, no or abstain

    def pairs(self) -> pd.DataFrame:
        """One row per unordered pair: ``state, partner, n_common, identical, index``."""
        states = self.index.index
        i, j = np.triu_indices(len(states), k=1)
        return pd.DataFrame({
            "state": states[i], "partner": states[j],
            "n_common": self.n_common.to_numpy()[i, j],
            "identical": self.identical.to_numpy()[i, j],
            "index": self.index.to_numpy()[i, j],
        })


def agreement_counts(pm: PositionMatrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(shared decisions, identical positions, half agreements) for every pair, by matrix products."""
    # float32 keeps counts exact (below 2**24 decisions) and halves the cost of the products.
    yes, abst, no = pm.indicators(np.float32)
    cast = yes + abst + no
    common = cast @ cast.T
    same = yes @ yes.T + abst @ abst.T + no @ no.T
    # One abstains while the other takes a side: (yes + no) x abstain, both ways round.
    side = yes + no
    half_one = side @ abst.T
    half = half_one + half_one.T
    return common, same, half


def agreement_matrix(votes: pd.DataFrame, *, min_common: int = MIN_COMMON, where: str = "the slice") -> Agreement:
    """Agreement between every pair of states in ``votes`` (already sliced)."""
    _check_enough(votes, where)
    pm = position_matrix(votes)
    common, same, half = (a.astype(np.float64) for a in agreement_counts(pm))
    with np.errstate(invalid="ignore", divide="ignore"):
        identical = np.where(common >= min_common, same / common, np.nan)
        index = np.where(common >= min_common, (same + 0.5 * half) / common, np.nan)
    idx = pm.states
    frame = lambda a: pd.DataFrame(a, index=idx, columns=idx)  # noqa: E731
    return Agreement(frame(index), frame(identical), frame(common.round().astype(np.int64)))


# ---------------------------------------------------------------------------------------------
# A focal state against everyone, period by period


def period_of(years: pd.Series, by) -> pd.Series:
    """Period labels for ``by``: 'year', 'decade', an int (windows of that many years), or None."""
    if by in (None, "all"):
        return pd.Series("all", index=years.index)
    if by == "year":
        return years.astype(int)
    width = 10 if by == "decade" else by
    if isinstance(width, str) and width.strip().isdigit():
        width = int(width)
    if isinstance(width, bool) or not isinstance(width, (int, np.integer)) or not 1 <= width <= 100:
        raise UsageError(f"--by {by!r}: use year, decade, all, or a number of years from 1 to 100.")
    start = (years.astype(int) // width) * width
    return start.astype(str) + "-" + (start + width - 1).astype(str)


def focal_agreement(
    votes: pd.DataFrame,
    state: str,
    *,
    by="year",
    partners: Iterable[str] | None = None,
    min_common: int = MIN_COMMON,
    where: str = "the slice",
) -> pd.DataFrame:
    """Agreement of ``state`` with every other state (or with ``partners``), per period.

    Returns ``period, partner, n_common, identical, index`` (index and identical NaN when the pair
    shares fewer than ``min_common`` decisions in the period). Vectorised: the focal row is
    compared with the whole matrix once, then summed per period.
    """
    _check_enough(votes, where)
    state = check_state(votes, state, where)
    pm = position_matrix(votes)
    period = period_of(votes.drop_duplicates("decision_id").set_index("decision_id")["year"], by)
    labels = period.reindex(pm.decisions).to_numpy()
    focal = pm.row(state)
    codes = pm.codes
    both = (codes != MISSING) & (focal != MISSING)[None, :]
    diff = np.abs(codes.astype(np.int16) - focal.astype(np.int16))  # 0 same, 1 half, 2 opposite
    same = both & (diff == 0)
    half = both & (diff == 1)
    keep = pm.states != state
    if partners is not None:
        wanted = [p.upper() for p in partners]
        missing = [p for p in wanted if p not in pm.states]
        if missing:
            check_state(votes, missing[0], where)
        keep &= pm.states.isin(wanted)
    # One-hot decision -> period, so the per-period sums are three matrix products.
    period_codes, period_labels = pd.factorize(labels, sort=True)
    onehot = np.zeros((len(labels), len(period_labels)))
    onehot[np.arange(len(labels)), period_codes] = 1.0
    n = both[keep] @ onehot
    s = same[keep] @ onehot
    h = half[keep] @ onehot
    with np.errstate(invalid="ignore", divide="ignore"):
        ok = n >= min_common
        identical = np.where(ok, s / n, np.nan)
        index = np.where(ok, (s + 0.5 * h) / n, np.nan)
    n_partners = int(keep.sum())
    rows = [pd.DataFrame({
        "period": np.repeat(np.asarray(period_labels), n_partners),
        "partner": np.tile(np.asarray(pm.states[keep]), len(period_labels)),
        "n_common": n.T.ravel().round().astype(np.int64),
        "identical": identical.T.ravel(),
        "index": index.T.ravel(),
    })]
    out = pd.concat(rows, ignore_index=True)
    out = out[out["n_common"] > 0].sort_values(["period", "partner"], ignore_index=True)
    out.insert(0, "state", state)
    return out


def partners(
    votes: pd.DataFrame,
    state: str,
    *,
    n: int = 10,
    measure: str = "index",
    min_common: int = 20,
    where: str = "the slice",
) -> dict[str, pd.DataFrame]:
    """A state's ``n`` nearest and farthest partners on the slice (pairs sharing at least
    ``min_common`` decisions). Returns ``{"nearest": frame, "farthest": frame}``."""
    table = focal_agreement(votes, state, by=None, min_common=min_common, where=where).dropna(subset=[measure])
    if table.empty:
        raise EstimationError(f"{state.upper()} shares fewer than {min_common} decisions with every "
                              f"other state in {where}; widen the slice.")
    ranked = table.sort_values([measure, "n_common"], ascending=[False, False])
    cols = ["partner", "n_common", "identical", "index"]
    return {"nearest": ranked.head(n)[cols].reset_index(drop=True),
            "farthest": ranked.tail(n).iloc[::-1][cols].reset_index(drop=True)}


def dyad(votes: pd.DataFrame, a: str, b: str, *, by="year", min_common: int = MIN_COMMON,
         where: str = "the slice") -> pd.DataFrame:
    """Agreement between two states per period."""
    return focal_agreement(votes, a, by=by, partners=[b], min_common=min_common, where=where)


# ---------------------------------------------------------------------------------------------
# Agreement with a group's position (a bloc as a pseudo-state)


def plurality_positions(votes: pd.DataFrame, members: Iterable[str]) -> pd.DataFrame:
    """The position most of ``members`` took on each decision (ties: no position).

    Returns ``decision_id, position, n_members`` for decisions where at least one member voted.
    Used to compare a state with a group (China against the EU) and for defection rates.
    """
    cast = votes[votes["iso3"].isin(list(members)) & votes["position"].isin(CASTING)]
    counts = cast.groupby(["decision_id", "position"], observed=True).size().unstack(fill_value=0)
    counts = counts.reindex(columns=list(CASTING), fill_value=0)
    top = counts.max(axis=1)
    n_top = counts.eq(top, axis=0).sum(axis=1)
    plurality = counts.idxmax(axis=1).where(n_top == 1)
    out = pd.DataFrame({"decision_id": counts.index, "position": plurality.to_numpy(),
                        "n_members": counts.sum(axis=1).to_numpy()})
    return out.dropna(subset=["position"]).reset_index(drop=True)


def with_group_as_state(votes: pd.DataFrame, members: Iterable[str], code: str) -> pd.DataFrame:
    """``votes`` plus the group's plurality position as rows under the pseudo-code ``code``."""
    plur = plurality_positions(votes, members)
    meta_cols = [c for c in votes.columns if c not in ("iso3", "position", "source")]
    meta = votes[meta_cols].drop_duplicates("decision_id")
    rows = plur[["decision_id", "position"]].merge(meta, on="decision_id")
    rows["iso3"] = code
    return pd.concat([votes, rows[votes.columns.intersection(rows.columns)]], ignore_index=True)
