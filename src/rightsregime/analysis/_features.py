"""Features of a member's vote on a text, computed from the record strictly before a cutoff date.

Pure functions of the votes frame and a decisions frame; nothing here reads the warehouse. The
forecast (:mod:`.forecast`) and its backtest share them, so that a text voted in a session is
described exactly as a draft would be on the eve of that session.

For a text ``t`` (a past decision or a draft) and a member ``m``, every feature is a weighted
summary of ``m``'s (or its regional group's) recorded positions on earlier texts ``j``:

* ``recent``: every earlier text, weighted by recency (half-life ``half_life`` years);
* ``state``: texts about the same state concerned (same kind of text: a resolution is compared
  with resolutions, an amendment with amendments, because an amendment to a country text is
  usually moved by the text's opponents);
* ``sponsors``: texts with the same main sponsors (Jaccard overlap of the sponsor sets);
* ``text``: texts with the same words in the title and the OHCHR subject tags (Jaccard overlap),
  which is how a recurring resolution ("Situation of human rights in Belarus") finds its past.

Each summary is the share of yes, no and abstain, shrunk towards the regional group's share (a
member with little history gets its group's behaviour), plus the weight of evidence behind it.
Pairwise agreement (share of identical positions) with the sponsors and with the state concerned,
and whether the member is a sponsor or the state concerned, complete the picture.

No look-ahead: only texts dated strictly before the cutoff enter any feature. The cutoff of a
recorded text is the first voting day of its session, so every text of a session is described as
on the eve of the session; a draft's cutoff is the forecast's ``as_of`` date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

CLASSES = ("yes", "no", "abstain")
KINDS = ("recent", "state", "sponsors", "text")
KIND_WORDS = {
    "recent": "all recent votes",
    "state": "texts on the same state",
    "sponsors": "texts by the same sponsors",
    "text": "texts on the same subject",
}
_DAY = np.timedelta64(1, "D")
SIMILAR_HALF_LIFE_FACTOR = 3.0
MIN_TEXT_SIMILARITY = 0.5
_STOP = {"the", "of", "in", "and", "to", "on", "a", "an", "for", "with", "by", "at", "its", "all",
         "human", "rights", "right", "resolution", "decision", "draft", "situation", "amendment",
         "amendments", "promotion", "protection", "council"}


def text_words(*texts) -> frozenset[str]:
    """Content words of a title and subject tags (lower case, without the words all texts share)."""
    out: set[str] = set()
    for text in texts:
        if isinstance(text, str):
            out.update(w for w in re.findall(r"[a-z]+", text.lower()) if w not in _STOP and len(w) > 2)
    return frozenset(out)


def kind_class(kind) -> str:
    """Amendments and motions are compared among themselves, texts (resolutions, decisions) too."""
    return "amendment" if kind in ("amendment", "motion") else "text"


def as_codes(value) -> frozenset[str]:
    """ISO3 codes from a tuple/list/set or a string joined by ';', ',' or spaces."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return frozenset()
    if isinstance(value, str):
        return frozenset(c for c in re.split(r"[;,\s]+", value.upper()) if c)
    return frozenset(str(c).upper() for c in value if isinstance(c, str) and c)


def describe_texts(frame: pd.DataFrame) -> pd.DataFrame:
    """The text attributes features use: date, cutoff, kind class, state concerned, sponsors, words.

    ``frame`` has ``date`` (or ``as_of``), ``kind``, ``concerning`` (ISO3 or empty), ``sponsors``
    (ISO3 codes), ``title`` and ``subjects``; ``cutoff`` defaults to the date.
    """
    out = pd.DataFrame(index=frame.index)
    out["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    cutoff = frame["cutoff"] if "cutoff" in frame else frame["date"]
    out["cutoff"] = pd.to_datetime(cutoff).astype("datetime64[ns]")
    out["kind_class"] = [kind_class(k) for k in frame.get("kind", pd.Series("resolution", index=frame.index))]
    concerning = frame.get("concerning", pd.Series(None, index=frame.index))
    out["concerning"] = [c if isinstance(c, str) and c else None for c in concerning]
    out["sponsors"] = [as_codes(s) for s in frame.get("sponsors", pd.Series(None, index=frame.index))]
    titles = frame.get("title", pd.Series(None, index=frame.index))
    subjects = frame.get("subjects", pd.Series(None, index=frame.index))
    out["words"] = [text_words(t, s) for t, s in zip(titles, subjects)]
    return out


@dataclass
class History:
    """The record in array form: texts sorted by date, states, one-hot positions."""

    texts: pd.DataFrame          # describe_texts() rows, plus decision_id, sorted by date
    states: pd.Index             # ISO3
    groups: np.ndarray           # index into group_names per state (-1: none known)
    group_names: tuple[str, ...]
    positions: np.ndarray        # (J, S, 3) one-hot yes/no/abstain; zeros where no position

    @property
    def observed(self) -> np.ndarray:
        return self.positions.sum(axis=2)

    def with_states(self, extra) -> "History":
        """The same record over more states (members who never sat get empty rows)."""
        new = [s for s in dict.fromkeys(extra) if s not in self.states]
        if not new:
            return self
        states = self.states.append(pd.Index(new))
        pad = np.zeros((self.positions.shape[0], len(new), 3))
        return History(self.texts, states, np.concatenate([self.groups, np.full(len(new), -1)]),
                       self.group_names, np.concatenate([self.positions, pad], axis=1))

    def regroup(self, group_of) -> "History":
        """Set the regional group of each state from a mapping ISO3 -> group."""
        index = {g: i for i, g in enumerate(self.group_names)}
        groups = np.array([index.get(group_of.get(s), -1) for s in self.states])
        return History(self.texts, self.states, groups, self.group_names, self.positions)


def build_history(votes: pd.DataFrame, decisions: pd.DataFrame, group_of) -> History:
    """The record from a votes frame (decision_id, iso3, position) and its decisions.

    Only yes, no and abstain are positions; non-voting and absence are no evidence either way.
    Decisions without any such position are left out.
    """
    position = votes["position"].to_numpy(dtype=object)
    keep = np.isin(position, CLASSES)
    v = pd.DataFrame({"decision_id": votes["decision_id"].to_numpy(dtype=object)[keep],
                      "iso3": votes["iso3"].to_numpy(dtype=object)[keep],
                      "position": position[keep]})
    d = decisions[decisions["decision_id"].isin(set(v["decision_id"]))].copy()
    d = d.sort_values(["date", "decision_id"], kind="stable").reset_index(drop=True)
    texts = describe_texts(d)
    texts.insert(0, "decision_id", d["decision_id"].to_numpy())
    states = pd.Index(sorted(v["iso3"].unique()))
    group_names = tuple(sorted({g for g in (group_of.get(s) for s in states) if g}))
    gindex = {g: i for i, g in enumerate(group_names)}
    groups = np.array([gindex.get(group_of.get(s), -1) for s in states], dtype=int)
    positions = np.zeros((len(d), len(states), 3))
    j = pd.Index(d["decision_id"]).get_indexer(v["decision_id"])
    s = states.get_indexer(v["iso3"])
    c = np.select([v["position"].to_numpy() == p for p in CLASSES], [0, 1, 2])
    keep = j >= 0
    positions[j[keep], s[keep], c[keep]] = 1.0
    return History(texts, states, groups, group_names, positions)


def _jaccard(a: list[frozenset], b: list[frozenset]) -> np.ndarray:
    vocab = {w: i for i, w in enumerate(sorted(set().union(*a, *b)))}
    if not vocab:
        return np.zeros((len(a), len(b)))

    def incidence(sets):
        rows = [i for i, s in enumerate(sets) for _ in s]
        cols = [vocab[w] for s in sets for w in s]
        return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sets), len(vocab)))

    A, B = incidence(a), incidence(b)
    inter = (A @ B.T).toarray()
    size_a = np.asarray(A.sum(axis=1)).ravel()
    size_b = np.asarray(B.sum(axis=1)).ravel()
    union = size_a[:, None] + size_b[None, :] - inter
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(union > 0, inter / union, 0.0)


def weights(history: History, targets: pd.DataFrame, half_life: float) -> dict[str, np.ndarray]:
    """(T, J) weights of each earlier text for each target, by kind of similarity."""
    h = history.texts
    hist_date = h["date"].to_numpy()
    cutoff = targets["cutoff"].to_numpy()
    before = hist_date[None, :] < cutoff[:, None]
    age_years = (cutoff[:, None] - hist_date[None, :]) / _DAY / 365.25
    age_years = np.maximum(age_years, 0)
    recency = np.where(before, 0.5 ** (age_years / half_life), 0.0)
    # A text on the same state or by the same sponsors stays telling for longer than a member's
    # general habits: its weight halves every SIMILAR_HALF_LIFE_FACTOR half-lives.
    slow = np.where(before, 0.5 ** (age_years / (half_life * SIMILAR_HALF_LIFE_FACTOR)), 0.0)
    same_class = targets["kind_class"].to_numpy()[:, None] == h["kind_class"].to_numpy()[None, :]
    tc = targets["concerning"].to_numpy(dtype=object)
    hc = h["concerning"].to_numpy(dtype=object)
    same_state = (tc[:, None] == hc[None, :]) & (pd.notna(tc)[:, None]) & same_class
    sponsors = _jaccard(list(targets["sponsors"]), list(h["sponsors"])) * same_class
    text = _jaccard(list(targets["words"]), list(h["words"])) * same_class
    return {"recent": recency, "state": slow * same_state, "sponsors": slow * sponsors,
            "text": slow * text}


def _group_positions(history: History) -> np.ndarray:
    """(J, G, 3): each group's shares of yes/no/abstain among its members voting on each text."""
    G = len(history.group_names)
    out = np.zeros((history.positions.shape[0], G, 3))
    for g in range(G):
        members = history.positions[:, history.groups == g, :].sum(axis=1)
        total = members.sum(axis=1, keepdims=True)
        out[:, g, :] = np.divide(members, total, out=np.zeros_like(members), where=total > 0)
    return out


def agreement_at(history: History, cutoffs: np.ndarray, half_life: float):
    """Agreement of every pair of states as of each cutoff: (U, S, S) smoothed share of identical
    positions and (U, S, S) weight of the votes they shared (0: never voted together).

    One pass over the texts in date order: the decayed sums are kept undecayed (scaled by
    2 ** (age / half_life) from a reference date) so each cutoff is a prefix sum.
    """
    cutoffs = np.sort(np.unique(cutoffs))
    h_dates = history.texts["date"].to_numpy()
    S = len(history.states)
    ref = h_dates.min() if len(h_dates) else np.datetime64("2000-01-01")
    scale = 2.0 ** (((h_dates - ref) / _DAY / 365.25) / half_life)
    Y = history.positions
    O = history.observed
    num = np.zeros((S, S))
    den = np.zeros((S, S))
    agree = np.zeros((len(cutoffs), S, S))
    shared = np.zeros((len(cutoffs), S, S))
    start = 0
    for u, c in enumerate(cutoffs):
        stop = int(np.searchsorted(h_dates, c, side="left"))
        if stop > start:
            w = scale[start:stop]
            for k in range(3):
                block = Y[start:stop, :, k]
                num += block.T @ (block * w[:, None])
            block = O[start:stop]
            den += block.T @ (block * w[:, None])
            start = stop
        back = 2.0 ** (-((c - ref) / _DAY / 365.25) / half_life)
        agree[u] = (num * back + 1.0) / (den * back + 2.0)
        shared[u] = den * back
    return cutoffs, agree, shared


@dataclass
class Design:
    """Feature matrix for (target, state) rows, with what a reader needs to explain it."""

    X: np.ndarray                 # (n, F)
    names: list[str]
    target: np.ndarray            # row -> target index
    state: np.ndarray             # row -> state index in history.states
    evidence: np.ndarray          # (n,) weight of the member's own recent record
    n_past: np.ndarray            # (n,) the member's earlier positions (unweighted count)
    details: dict[str, np.ndarray]  # readable parts: member/group shares per kind, agreements


def feature_names() -> list[str]:
    names = []
    for k in KINDS:
        names += [f"{k}_member_log_{c}" for c in CLASSES]
        names += [f"{k}_group_log_{c}" for c in CLASSES]
        names.append(f"{k}_evidence")
    names += ["sponsor_agreement", "sponsor_agreement_known", "concerned_agreement",
              "concerned_agreement_known", "is_sponsor", "is_concerned", "amendment",
              "country_specific"]
    names += [f"last_alike_{c}" for c in CLASSES]
    return names


def design(history: History, targets: pd.DataFrame, rows: tuple[np.ndarray, np.ndarray], *,
           half_life: float = 3.0, prior_strength: float = 3.0) -> Design:
    """Features for the rows (target index, state index) of targets described by
    :func:`describe_texts` (with ``cutoff``)."""
    t_idx, s_idx = (np.asarray(rows[0], dtype=int), np.asarray(rows[1], dtype=int))
    T, S = len(targets), len(history.states)
    J = history.positions.shape[0]
    W = weights(history, targets, half_life)
    Y = history.positions.reshape(J, S * 3)
    O = history.observed
    Yg = _group_positions(history)
    G = Yg.shape[1]
    Og = (Yg.sum(axis=2) > 0).astype(float)
    group_of_row = history.groups[s_idx]
    columns, details = [], {}
    own_recent = None
    for k in KINDS:
        w = W[k]
        pooled_num = w @ Y.reshape(J, S, 3).sum(axis=1)  # (T, 3)
        pooled = (pooled_num + 1.0) / (pooled_num.sum(axis=1, keepdims=True) + 3.0)
        g_num = (w @ Yg.reshape(J, G * 3)).reshape(T, G, 3) if G else np.zeros((T, 0, 3))
        g_den = w @ Og if G else np.zeros((T, 0))
        g_share = (g_num + prior_strength * pooled[:, None, :]) / (g_den[..., None] + prior_strength)
        row_group = np.where(group_of_row[:, None] >= 0,
                             g_share[t_idx, np.maximum(group_of_row, 0)] if G else pooled[t_idx],
                             pooled[t_idx])
        m_num = (w @ Y).reshape(T, S, 3)[t_idx, s_idx]
        m_den = (w @ O)[t_idx, s_idx]
        m_share = (m_num + prior_strength * row_group) / (m_den[:, None] + prior_strength)
        columns += [np.log(m_share), np.log(row_group), np.log1p(m_den)[:, None]]
        details[f"{k}_member"] = m_share
        details[f"{k}_group"] = row_group
        details[f"{k}_weight"] = m_den
        if k == "recent":
            own_recent = m_den
    # Agreement with the sponsors and with the state concerned, as of each target's cutoff.
    cutoffs, agree, shared = agreement_at(history, targets["cutoff"].to_numpy(), half_life)
    u_of_target = np.searchsorted(cutoffs, targets["cutoff"].to_numpy())
    state_pos = {s: i for i, s in enumerate(history.states)}
    n = len(t_idx)
    sp_agree_t = np.full((T, S), 0.5)
    sp_known_t = np.zeros((T, S))
    cc_agree_t = np.full((T, S), 0.5)
    cc_known_t = np.zeros((T, S))
    is_sponsor_t = np.zeros((T, S))
    is_concerned_t = np.zeros((T, S))
    for t, (sp, c) in enumerate(zip(targets["sponsors"], targets["concerning"])):
        u = u_of_target[t]
        cols = [state_pos[x] for x in sp if x in state_pos]
        if cols:
            is_sponsor_t[t, cols] = 1.0
            known = shared[u][:, cols] > 0
            known[cols, np.arange(len(cols))] = False  # a sponsor's agreement with itself
            count = known.sum(axis=1)
            total = np.where(known, agree[u][:, cols], 0.0).sum(axis=1)
            sp_known_t[t] = count > 0
            sp_agree_t[t] = np.where(count > 0, total / np.maximum(count, 1), 0.5)
        ci = state_pos.get(c, -1) if c else -1
        if ci >= 0:
            is_concerned_t[t, ci] = 1.0
            known = shared[u][:, ci] > 0
            known[ci] = False
            cc_known_t[t] = known
            cc_agree_t[t] = np.where(known, agree[u][:, ci], 0.5)
    sp_agree, sp_known = sp_agree_t[t_idx, s_idx], sp_known_t[t_idx, s_idx]
    cc_agree, cc_known = cc_agree_t[t_idx, s_idx], cc_known_t[t_idx, s_idx]
    is_sponsor, is_concerned = is_sponsor_t[t_idx, s_idx], is_concerned_t[t_idx, s_idx]
    last, found = last_position(history, targets, (t_idx, s_idx))
    amendment = (targets["kind_class"].to_numpy() == "amendment").astype(float)[t_idx]
    country = pd.notna(targets["concerning"].to_numpy(dtype=object)).astype(float)[t_idx]
    last_onehot = np.eye(3)[last] * (found == 1)[:, None]
    columns += [c[:, None] for c in (sp_agree, sp_known, cc_agree, cc_known, is_sponsor,
                                     is_concerned, amendment, country)]
    columns.append(last_onehot)
    details.update(sponsor_agreement=np.where(sp_known > 0, sp_agree, np.nan),
                   concerned_agreement=np.where(cc_known > 0, cc_agree, np.nan),
                   is_sponsor=is_sponsor, is_concerned=is_concerned,
                   last_alike=np.where(found == 1, last, -1))
    X = np.hstack(columns) if n else np.zeros((0, len(feature_names())))
    before = history.texts["date"].to_numpy()[None, :] < targets["cutoff"].to_numpy()[:, None]
    n_past = (before.astype(float) @ O)[t_idx, s_idx] if n else np.zeros(0)
    return Design(X, feature_names(), t_idx, s_idx, own_recent, n_past, details)


def last_position(history: History, targets: pd.DataFrame, rows) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the member's last position (class index) on an earlier text about the same state
    (for a thematic text: the earlier text(s) whose title and subjects are most alike, Jaccard >=
    0.5), else on any earlier text of the same kind, else yes; and where it came from (1: an alike
    text, 2: any text, 0: none)."""
    t_idx, s_idx = (np.asarray(rows[0], dtype=int), np.asarray(rows[1], dtype=int))
    h = history.texts
    dates = h["date"].to_numpy()
    O = history.observed
    Y = history.positions
    sim = _jaccard(list(targets["words"]), list(h["words"]))
    out = np.zeros(len(t_idx), dtype=int)
    source = np.zeros(len(t_idx), dtype=int)
    order = np.argsort(t_idx, kind="stable")
    bounds = np.searchsorted(t_idx[order], np.arange(len(targets) + 1))
    h_class = h["kind_class"].to_numpy()
    h_state = h["concerning"].to_numpy(dtype=object)
    cut = targets["cutoff"].to_numpy()
    t_class = targets["kind_class"].to_numpy()
    t_state = targets["concerning"].to_numpy(dtype=object)
    for t in range(len(targets)):
        sel = order[bounds[t]:bounds[t + 1]]
        if not len(sel):
            continue
        earlier = (dates < cut[t]) & (h_class == t_class[t])
        if t_state[t] is not None:
            alike = earlier & (h_state == t_state[t])
        else:
            s = np.where(earlier, sim[t], 0.0)
            alike = (s >= MIN_TEXT_SIMILARITY) & (s >= s.max())
        choice = np.zeros(len(sel), dtype=int)
        found = np.zeros(len(sel), dtype=int)
        for level, mask in ((1, alike), (2, earlier)):
            cand = np.nonzero(mask)[0]
            if not len(cand):
                continue
            sub = O[np.ix_(cand, s_idx[sel])] > 0       # (c, rows)
            has = sub.any(axis=0) & (found == 0)
            last = len(cand) - 1 - np.argmax(sub[::-1], axis=0)
            pos = Y[cand[last], s_idx[sel]].argmax(axis=1)
            choice[has] = pos[has]
            found[has] = level
        out[sel] = choice
        source[sel] = found
    return out, source


def session_cutoffs(decisions: pd.DataFrame) -> pd.Series:
    """First voting day of each decision's session: the eve from which a session is forecast."""
    key = decisions["session"].astype(str).where(decisions["session"].notna(),
                                                 decisions["decision_id"].astype(str))
    first = pd.to_datetime(decisions["date"]).groupby(key).transform("min")
    return first
