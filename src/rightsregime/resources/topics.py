"""Topics and consensus: the OHCHR subject tags, support for a topic over time and how every state
voted on it, and the mode of adoption (recorded vote or without a vote) year by year."""
from __future__ import annotations

from .. import params as parse
from ._base import Resource

VOTING_BODIES = ("HRC", "CHR")  # the bodies whose harvest records texts adopted without a vote too


def _body(body: str | None) -> list[str]:
    """The bodies asked for (default both): the one parser, so an unknown or uncovered body is a
    usage mistake (exit 2, HTTP 400) that lists the bodies, as everywhere else."""
    try:
        return parse.bodies(body, valid=VOTING_BODIES) or list(VOTING_BODIES)
    except parse.UsageError as exc:
        raise parse.UsageError(f"{exc} Topics and consensus cover the Council and the Commission, "
                               "whose records hold the texts adopted without a vote.",
                               option="--body") from None


def _subject_rows(reg, bodies: list[str]):
    return reg.subject_rows(bodies)


def topics(reg, *, body: str | None = None, min_texts: int = 5) -> Resource:
    """Every subject tag with its number of texts, the share put to a recorded vote, and its years."""
    bodies = _body(body)
    rows = _subject_rows(reg, bodies)
    rows = rows[rows["kind"] != "amendment"]
    g = rows.groupby("subject")
    table = (g.agg(texts=("decision_id", "nunique"), first=("year", "min"), last=("year", "max"))
             .join(g["modality"].apply(lambda m: float((m == "recorded").mean())).rename("share_recorded"))
             .reset_index())
    table = table[table["texts"] >= min_texts].sort_values(["texts", "subject"], ascending=[False, True])
    table["share_recorded"] = table["share_recorded"].round(3)
    return Resource("topics", params={"body": ",".join(bodies), "min_texts": min_texts},
                    data={"topics": table.reset_index(drop=True)}, main="topics",
                    notes=["Subject tags are the OHCHR catalogue's, as the hrc-voting harvest gives them; "
                           "a text may carry several."], sources=["hrc-voting"])


def topic(reg, subject: str, *, body: str | None = None) -> Resource:
    """One subject: texts per year by mode of adoption, support in recorded votes (yes share of yes+no),
    and every state's positions on its recorded votes."""
    from ..errors import LookupFailed, closest

    bodies = _body(body)
    rows = _subject_rows(reg, bodies)
    wanted = rows[rows["subject"].str.upper() == subject.strip().upper()]
    texts_only = wanted[wanted["kind"] != "amendment"]
    if wanted.empty:
        hint = closest(subject.upper(), rows["subject"].unique().tolist())
        raise LookupFailed(f"Unknown subject {subject!r}." + (f" Did you mean {' or '.join(hint)}?" if hint else "")
                           + " See the topics list.")
    name = wanted["subject"].iloc[0]
    by_year = _by_year(wanted)
    ids = texts_only.loc[texts_only["modality"] == "recorded", "decision_id"].unique().tolist()
    positions = reg.position_counts(ids) if ids else None
    notes = []
    if not ids:
        notes.append("No text on this subject was put to a recorded vote: there are no positions to show.")
    return Resource("topic", params={"subject": name, "body": ",".join(bodies)},
                    data={"subject": name, "texts": int(texts_only["decision_id"].nunique()),
                          "recorded": len(ids), "by_year": by_year,
                          "states": positions if positions is not None else []},
                    main="by_year", notes=notes, sources=["hrc-voting"])


def _by_year(rows):
    import pandas as pd

    everything = rows.drop_duplicates("decision_id")
    amendments = everything[everything["kind"] == "amendment"]
    texts = everything[everything["kind"] != "amendment"]
    recorded = texts["modality"] == "recorded"
    support = (texts["yes"] / (texts["yes"] + texts["no"])).where(recorded)
    out = pd.DataFrame({
        "year": texts["year"], "recorded": recorded.astype(int),
        "without_vote": (texts["modality"] == "without a vote").astype(int),
        "rejected": (texts["outcome"] == "rejected").astype(int),
        "support": support})
    g = out.groupby("year")
    table = g[["recorded", "without_vote", "rejected"]].sum()
    table["texts"] = g.size()
    table["mean_support"] = g["support"].mean().round(3)
    am = amendments.assign(voted=amendments["outcome"].isin(["adopted", "rejected"]).astype(int),
                           withdrawn=(amendments["outcome"] == "withdrawn").astype(int))
    am = am.groupby("year")[["voted", "withdrawn"]].sum()
    table["amendments_voted"] = am["voted"].reindex(table.index, fill_value=0).astype(int)
    table["amendments_withdrawn"] = am["withdrawn"].reindex(table.index, fill_value=0).astype(int)
    return table.reset_index()[
        ["year", "texts", "recorded", "without_vote", "rejected", "mean_support", "amendments_voted",
         "amendments_withdrawn"]]


def consensus(reg, *, body: str | None = None, min_texts: int = 6) -> Resource:
    """The mode of adoption year by year, and the subjects whose usual mode flipped between the
    first and the second half of the body's record (recorded share crossing one half)."""
    bodies = _body(body)
    rows = _subject_rows(reg, bodies)
    by_year = _by_year(rows)
    mid = int((rows["year"].min() + rows["year"].max()) // 2)
    texts = rows[rows["kind"] != "amendment"]
    texts = texts.assign(period=(rows["year"] > mid).map({False: "before", True: "after"}),
                        rec=(rows["modality"] == "recorded").astype(float))
    share = texts.pivot_table(index="subject", columns="period", values="rec", aggfunc="mean")
    n = texts.pivot_table(index="subject", columns="period", values="decision_id", aggfunc="nunique")
    both = n.dropna().query("before >= @min_texts and after >= @min_texts").index
    share = share.loc[both]
    flipped = share[(share["before"] - 0.5) * (share["after"] - 0.5) < 0].copy()
    flipped["direction"] = (flipped["after"] > flipped["before"]).map(
        {True: "to recorded votes", False: "to consensus"})
    flipped = (flipped.rename(columns={"before": f"recorded_share_to_{mid}", "after": f"recorded_share_after_{mid}"})
               .round(3).reset_index().sort_values("subject"))
    return Resource("consensus", params={"body": ",".join(bodies), "split_year": mid, "min_texts": min_texts},
                    data={"by_year": by_year, "flipped": flipped}, main="by_year",
                    notes=[f"A subject 'flipped' when the share of its texts put to a recorded vote crosses "
                           f"one half between {int(rows['year'].min())}-{mid} and {mid + 1}-"
                           f"{int(rows['year'].max())}, with at least {min_texts} texts in each half.",
                           "The Commission's harvest holds adopted texts only, so its withdrawn and "
                           "rejected drafts are undercounted."],
                    sources=["hrc-voting"])
