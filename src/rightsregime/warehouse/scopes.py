"""The scope of every decision (country-specific or thematic, the states it concerns), worked out
once at build time into the table ``decision_scopes``.

``decisions --concerning LKA`` and ``votes --scope ...`` used to run the classifier
(:func:`rightsregime.procedure.classify.classify_frame`) over all 13,017 decisions on every call:
0.65 s of CPU for an answer the build can give once. The build calls the same function, with the
same gazetteer (``STATE_NAME_PAIRS_SQL``, the warehouse's state names), and stamps the table with a
fingerprint of the classifier's code and data files; a reader uses the table only while the
fingerprint still matches, so an edited override list or classifier never serves stale scopes (the
answer is then classified live, as before, until the next build).
"""
from __future__ import annotations

import hashlib
from importlib import resources

# Every (name, iso3) the warehouse knows, official and alternative (not the codes): the gazetteer
# that tells country-specific texts from thematic ones. One query for the build and the readers.
STATE_NAME_PAIRS_SQL = ("SELECT name, iso3 FROM states WHERE name IS NOT NULL "
                        "UNION SELECT name, iso3 FROM state_names WHERE name IS NOT NULL "
                        "AND coalesce(kind, '') NOT IN ('iso2', 'iso3')")
META_KEY = "classifier"
# What decides a scope: the classifier's code and its two curated lists.
_INPUTS = ("classify.py", "replay.py", "data/scope_overrides.csv", "data/country_terms.csv")


def fingerprint() -> str:
    """A hash of the classifier's code and data: equal fingerprints give equal scopes."""
    digest = hashlib.sha256()
    for name in _INPUTS:
        digest.update(name.encode())
        digest.update(resources.files("rightsregime.procedure").joinpath(*name.split("/")).read_bytes())
    return digest.hexdigest()[:16]


def classify_all(con):
    """``decision_scopes`` rows for every decision in the (new) warehouse ``con``: decision_id,
    scope, reason and the states concerned ('; '-separated ISO3)."""
    # The classifier belongs to procedure/ (the rules); the build runs it once so that readers
    # need not. Imported here, not at the top, so the warehouse layer loads without it.
    from ..procedure.classify import classify_frame
    from ..procedure.replay import state_gazetteer

    decisions = con.execute("SELECT decision_id, symbol, body_id, title, agenda_item, subjects "
                            "FROM decisions").df()
    scopes = classify_frame(decisions, state_gazetteer(con.execute(STATE_NAME_PAIRS_SQL).df()))
    return scopes.assign(decision_id=decisions["decision_id"].to_numpy())[
        ["decision_id", "scope", "reason", "states"]]


__all__ = ["STATE_NAME_PAIRS_SQL", "META_KEY", "fingerprint", "classify_all"]
