"""Universal Periodic Review measures: responses, action categories, issues, who recommends to whom.

Pure functions of the ``upr_recommendations`` frame (one row per recommendation *and* recommending
state, as UPR Info splits joint recommendations; columns ``recommendation_id, cycle, session,
under_review, recommending, text, response, action_category, issues, joint_id, duplicate_of``).

Counting. UPR Info's figures, and the published checks (China session 4: 55 supported / 83 noted),
count **rows**: a recommendation made jointly by three states counts three times, once per
recommending state. Those are the counts shown by default. Beside them, :func:`data_quality` says
how many rows are copies of a joint recommendation (``joint_id``), how many are exact duplicates
(``duplicate_of``: both copies kept), how many have no recommending state, and how many texts carry
encoding faults; ``distinct`` counts (joint recommendations once, duplicates dropped) are given
with every review so nothing is silently merged or dropped.

Action categories (UPR Info's coding of what a recommendation asks the state to do; category 5 is
UPR Info's "specific action", the rest follow its database documentation; McMahon 2012,
"The Universal Periodic Review: a work in progress", Friedrich-Ebert-Stiftung):

1. minimal action: addressed to other states, or asks the state to seek or share assistance;
2. continuing action: asks the state to continue what it already does ("continue to ...");
3. considering action: asks it to consider a change ("consider ratifying ...");
4. general action: a change in general terms ("take measures to ...", "promote ...");
5. specific action: a precise, verifiable step ("ratify the OP-CAT", "abolish the death penalty").

Acceptance rates carry Wilson 95% intervals, so a rate on 6 recommendations looks as thin as it is.
"""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from .intervals import wilson  # one implementation for every rate

ACTION_CATEGORIES: dict[int, tuple[str, str]] = {
    1: ("minimal action", "addressed to other states, or asks to seek or share assistance or information"),
    2: ("continuing action", "asks the state to continue an existing effort"),
    3: ("considering action", "asks the state to consider a change"),
    4: ("general action", "asks for action in general terms"),
    5: ("specific action", "asks for a precise, verifiable step"),
}
SPECIFIC = 5
MINIMAL = 1
THIN = 20  # below this many recommendations a rate is flagged as thin

# Characters that only appear when bytes were decoded with the wrong code page: C1 controls
# (latin-1 read of Mac Roman), the replacement character, and classic UTF-8-as-latin-1 pairs.
_MOJIBAKE = r"[\x80-\x9f\ufffd]|Ã[\x80-\xbf]|â€"


def category_label(category) -> str:
    """'5 specific action' for 5; '' for a missing category."""
    if category is None or (isinstance(category, float) and math.isnan(category)):
        return ""
    name = ACTION_CATEGORIES.get(int(category), ("unknown", ""))[0]
    return f"{int(category)} {name}"


def tagged(recs: pd.DataFrame, issues) -> pd.Series:
    """Whether each recommendation carries any of ``issues`` among its '; '-separated UPR Info tags."""
    pattern = r"(?:^|;)\s*(?:" + "|".join(re.escape(i) for i in sorted(issues)) + r")\s*(?:;|$)"
    return recs["issues"].fillna("").str.contains(pattern, regex=True).astype(bool)


def _counts(frame: pd.DataFrame, by: list[str], issues=None) -> pd.DataFrame:
    """Rows per group (``n``), answered (a response), supported and noted, the same for the
    specific (category 5) ones, and with ``issues`` for those tagged with any of them."""
    answered = frame["response"].notna()
    supported = frame["response"].eq("supported")
    specific = frame["action_category"].eq(SPECIFIC)
    flags = {"_s": supported, "_n": frame["response"].eq("noted"), "_a": answered, "_spec": specific,
             "_spec_s": supported & specific, "_spec_a": answered & specific}
    named = {"n": ("_s", "size"), "supported": ("_s", "sum"), "noted": ("_n", "sum"), "answered": ("_a", "sum"),
             "specific": ("_spec", "sum"), "specific_supported": ("_spec_s", "sum"),
             "specific_answered": ("_spec_a", "sum")}
    if issues is not None:
        on_issue = tagged(frame, issues)
        flags.update(_iss_s=supported & on_issue, _iss_a=answered & on_issue)
        named.update(issue_supported=("_iss_s", "sum"), issue_answered=("_iss_a", "sum"))
    out = frame.assign(**flags).groupby(by, dropna=False).agg(**named).reset_index()
    for col in named:
        out[col] = out[col].astype(int)
    return out


def _with_acceptance(out: pd.DataFrame) -> pd.DataFrame:
    """The acceptance rate (supported / supported or noted), its Wilson interval, and the thin flag."""
    answered = out["supported"] + out["noted"]
    out["acceptance"] = out["supported"] / answered.where(answered > 0)
    out["acceptance_low"], out["acceptance_high"] = wilson(out["supported"], answered)
    out["thin"] = answered < THIN
    return out


def _rates(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Counts of supported and noted rows per group, the acceptance rate and its interval."""
    return _with_acceptance(_counts(frame, by))


def review_counts(recs: pd.DataFrame, keys=("cycle", "session", "under_review"), *, issues=None) -> pd.DataFrame:
    """The recommendations each review received, one row per ``keys``: ``n`` rows (each recommending
    state of a joint recommendation counted, as UPR Info counts), ``answered``, ``supported``,
    ``noted``, ``specific`` (category 5) with ``specific_supported`` and ``specific_answered`` and,
    given ``issues`` (UPR Info tags), ``issue_supported`` and ``issue_answered`` for those tagged with
    any of them. The one count behind :func:`by_review` and the compliance table's UPR inputs."""
    return _counts(recs, list(keys), issues)


def distinct_count(frame: pd.DataFrame) -> int:
    """Recommendations counted once: joint copies collapsed to one, exact duplicates left out."""
    kept = frame[frame["duplicate_of"].isna()]
    joint = kept["joint_id"]
    return int(joint.isna().sum() + joint.dropna().nunique())


def by_review(recs: pd.DataFrame) -> pd.DataFrame:
    """One row per review (cycle, session, state under review): rows, distinct, supported, noted,
    acceptance with interval, share of specific (category 5) and of minimal (category 1) recommendations."""
    if recs.empty:
        return pd.DataFrame(columns=["cycle", "session", "under_review", "n", "distinct", "supported", "noted",
                                     "acceptance", "acceptance_low", "acceptance_high", "specific_share",
                                     "minimal_share", "recommending_states", "thin"])
    keys = ["cycle", "session", "under_review"]
    out = _with_acceptance(review_counts(recs, keys))
    grouped = recs.groupby(keys)
    out = out.merge(grouped.apply(distinct_count, include_groups=False).rename("distinct").reset_index(), on=keys)
    out = out.merge(grouped["recommending"].nunique().rename("recommending_states").reset_index(), on=keys)
    out = out.merge(grouped["action_category"].apply(lambda s: (s == MINIMAL).mean())
                    .rename("minimal_share").reset_index(), on=keys)
    out["specific_share"] = out["specific"] / out["n"]
    return out[["cycle", "session", "under_review", "n", "distinct", "supported", "noted", "acceptance",
                "acceptance_low", "acceptance_high", "specific_share", "minimal_share",
                "recommending_states", "thin"]]


def by_category(recs: pd.DataFrame) -> pd.DataFrame:
    """Acceptance by action category 1-5 (every category listed, even when empty), with labels."""
    out = _rates(recs, ["action_category"]).set_index("action_category")
    out = out.reindex(list(ACTION_CATEGORIES))
    for col in ("n", "supported", "noted", "specific"):
        out[col] = out[col].fillna(0).astype(int)
    out["thin"] = out["thin"].fillna(True).astype(bool)
    out["share"] = out["n"] / max(int(out["n"].sum()), 1)
    out["category"] = [ACTION_CATEGORIES[c][0] for c in out.index]
    out["meaning"] = [ACTION_CATEGORIES[c][1] for c in out.index]
    out = out.reset_index()
    return out[["action_category", "category", "meaning", "n", "share", "supported", "noted", "acceptance",
                "acceptance_low", "acceptance_high", "thin"]]


def explode_issues(recs: pd.DataFrame) -> pd.DataFrame:
    """One row per recommendation and issue ('; '-separated ``issues``); no issue becomes '(none)'."""
    issues = recs["issues"].fillna("(none)").str.split(";")
    out = recs.assign(issue=issues).explode("issue")
    out["issue"] = out["issue"].str.strip().replace("", "(none)")
    return out


def by_issue(recs: pd.DataFrame) -> pd.DataFrame:
    """Acceptance and share of specific recommendations per issue, most frequent issue first.

    A recommendation tagged with three issues counts once under each, so the counts add up to more
    than the recommendations.
    """
    if recs.empty:
        return pd.DataFrame(columns=["issue", "n", "supported", "noted", "acceptance", "acceptance_low",
                                     "acceptance_high", "specific_share", "mean_category", "thin"])
    exploded = explode_issues(recs)
    out = _rates(exploded, ["issue"])
    mean = exploded.groupby("issue")["action_category"].mean().rename("mean_category").reset_index()
    out = out.merge(mean, on="issue")
    out["specific_share"] = out["specific"] / out["n"]
    out = out.sort_values(["n", "issue"], ascending=[False, True], ignore_index=True)
    return out[["issue", "n", "supported", "noted", "acceptance", "acceptance_low", "acceptance_high",
                "specific_share", "mean_category", "thin"]]


def counterparts(recs: pd.DataFrame, side: str = "recommending") -> pd.DataFrame:
    """Who recommends what to whom: per counterpart (``side``: the recommending states of a state
    under review, or ``under_review`` for the states a recommender addressed), the number of
    recommendations, mean action category, shares of minimal and specific ones, acceptance, and
    the counterpart's most frequent issue."""
    if side not in ("recommending", "under_review"):
        raise ValueError(f"side must be 'recommending' or 'under_review', got {side!r}")
    cols = [side, "n", "mean_category", "minimal_share", "specific_share", "supported", "noted", "acceptance",
            "acceptance_low", "acceptance_high", "top_issue", "thin"]
    frame = recs.assign(**{side: recs[side].fillna("(unknown)")})
    if frame.empty:
        return pd.DataFrame(columns=cols)
    out = _rates(frame, [side])
    g = frame.groupby(side)["action_category"]
    stats = pd.DataFrame({"mean_category": g.mean(), "minimal_share": g.apply(lambda s: (s == MINIMAL).mean())})
    out = out.merge(stats.reset_index(), on=side)
    out["specific_share"] = out["specific"] / out["n"]
    exploded = explode_issues(frame)
    exploded = exploded[exploded["issue"] != "(none)"]
    top = (exploded.groupby([side, "issue"]).size().rename("k").reset_index()
           .sort_values([side, "k", "issue"], ascending=[True, False, True]).drop_duplicates(side))
    out = out.merge(top[[side, "issue"]].rename(columns={"issue": "top_issue"}), on=side, how="left")
    out = out.sort_values(["n", side], ascending=[False, True], ignore_index=True)
    return out[cols]


def data_quality(recs: pd.DataFrame) -> dict:
    """What the counts include: joint copies, exact duplicates, unknown recommenders, encoding faults."""
    text = recs["text"].fillna("")
    # astype(bool): on no rows these are empty object Series, whose sum is '' rather than 0.
    faults = text.str.contains(_MOJIBAKE, regex=True).astype(bool)
    non_ascii = text.map(lambda s: not s.isascii()).astype(bool)
    joint = recs["joint_id"].dropna()
    return {
        "rows": int(len(recs)),
        "distinct_recommendations": distinct_count(recs) if len(recs) else 0,
        "joint_rows": int(len(joint)),
        "joint_recommendations": int(joint.nunique()),
        "exact_duplicates": int(recs["duplicate_of"].notna().sum()),
        "unknown_recommending": int(recs["recommending"].isna().sum()),
        "no_response": int(recs["response"].isna().sum()),
        "no_issue": int(recs["issues"].isna().sum()),
        "non_ascii_texts": int(non_ascii.sum()),
        "encoding_faults": int(faults.sum()),
        "encoding_fault_ids": [int(i) for i in recs.loc[faults, "recommendation_id"].head(20)],
    }


def specific_share(recs: pd.DataFrame) -> dict:
    """Share of specific (category 5) recommendations, with a Wilson interval, and their acceptance."""
    n = len(recs)
    k = int(recs["action_category"].eq(SPECIFIC).sum())
    low, high = wilson(k, n)
    spec = recs[recs["action_category"].eq(SPECIFIC)]
    answered = int(spec["response"].isin(["supported", "noted"]).sum())
    acc = float(spec["response"].eq("supported").sum() / answered) if answered else float("nan")
    return {"n": n, "specific": k, "share": k / n if n else float("nan"),
            "share_low": float(low), "share_high": float(high), "specific_acceptance": acc}


__all__ = ["ACTION_CATEGORIES", "category_label", "wilson", "by_review", "by_category", "by_issue",
           "explode_issues", "counterparts", "data_quality", "specific_share", "distinct_count", "review_counts",
           "tagged"]
