"""The canonical tables of the warehouse (DESIGN.md, "Canonical tables").

``TABLES`` maps each table to its columns and DuckDB types, in order. Parsers return DataFrames
with a subset of these columns; the build fills the rest with NULL and casts. ``STATE_COLUMNS``
names the columns that hold a state: parsers put the source's raw identifier there, the build
resolves it to a code (see ``names.py``).

Positions (``votes.position``): ``yes``, ``no``, ``abstain``, ``non_voting`` (present, not voting),
``absent``. Non-members have no row.
"""
from __future__ import annotations

SCHEMA_VERSION = 2

TABLES: dict[str, dict[str, str]] = {
    "states": {
        "iso3": "VARCHAR",  # ISO 3166-1 alpha-3; historical states keep their own (SUN, YUG, CSK, DDR, ZAR, YMD, YAR)
        "name": "VARCHAR",  # current or last name
        "m49": "INTEGER",
        "admitted": "DATE",  # UN admission
        "left": "DATE",  # end of UN membership under this code (dissolution, merger)
        "successor": "VARCHAR",  # iso3 of the continuing or successor state
        "un_member": "BOOLEAN",  # a UN member today
        "status": "VARCHAR",  # member, historical, observer, other
        "source": "VARCHAR",
    },
    "state_names": {
        "name": "VARCHAR",
        "iso3": "VARCHAR",
        "valid_from": "DATE",
        "valid_to": "DATE",
        "kind": "VARCHAR",  # official, short, other, alias, iso2, iso3
        "source": "VARCHAR",
    },
    "groups": {
        "group_id": "VARCHAR",  # AFRICAN, ASIA_PACIFIC, EEG, GRULAC, WEOG, OIC, NAM, G77, EU, ...
        "name": "VARCHAR",
        "kind": "VARCHAR",  # regional, political, economic, military
        "source": "VARCHAR",
    },
    "group_members": {
        "group_id": "VARCHAR",
        "iso3": "VARCHAR",
        "since": "DATE",
        "until": "DATE",
        "status": "VARCHAR",  # member, observer, ...
        "source": "VARCHAR",  # source name, or 'errata' for a correction
    },
    "errata": {
        "errata_id": "VARCHAR",
        "source": "VARCHAR",
        "what": "VARCHAR",
        "correction": "VARCHAR",
        "citation": "VARCHAR",
    },
    "bodies": {
        "body_id": "VARCHAR",  # GA, SC, HRC, CHR, CERD, CCPR, ...
        "name": "VARCHAR",
        "kind": "VARCHAR",  # charter, subsidiary, treaty
        "size": "INTEGER",
        "source": "VARCHAR",
    },
    "memberships": {
        "body_id": "VARCHAR",
        "iso3": "VARCHAR",
        "term_start": "DATE",
        "term_end": "DATE",
        "how": "VARCHAR",  # elected, lots, derived, reinstated (after a suspension: a term is cut around it)
        "source": "VARCHAR",
    },
    "membership_years": {
        "body_id": "VARCHAR",
        "year": "INTEGER",
        "iso3": "VARCHAR",
        "regional_group": "VARCHAR",
        "n_votes": "INTEGER",  # roll calls it took part in that year
        "how": "VARCHAR",  # derived (from roll calls), lots, elected
        "source": "VARCHAR",
    },
    "instruments": {
        "instrument_id": "VARCHAR",  # ICERD, ICCPR, ICCPR-OP1, ...
        "title": "VARCHAR",
        "adopted": "DATE",
        "in_force": "DATE",
        "parent": "VARCHAR",
        "body_id": "VARCHAR",
        "core": "BOOLEAN",
        "ga_resolution": "VARCHAR",
        "source": "VARCHAR",
    },
    "ratifications": {
        "instrument_id": "VARCHAR",
        "iso3": "VARCHAR",
        "status": "VARCHAR",  # party, signatory, none
        "year": "INTEGER",  # ratification or accession (party), else NULL
        "signed": "INTEGER",  # year of signature where a correction gives it (the source has none)
        "note": "VARCHAR",
        "source": "VARCHAR",
    },
    "declarations": {
        # Article-level acceptance of a treaty body's competence (ICERD art. 14, CAT art. 22, CPED
        # art. 31 individual complaints; CAT art. 21, ICCPR art. 41 inter-state): not in any mirrored
        # source, loaded from a user's CSV (``rightsregime build --declarations FILE``).
        "instrument_id": "VARCHAR",
        "article": "VARCHAR",  # e.g. '14', '22', '31'
        "iso3": "VARCHAR",
        "year": "INTEGER",  # year the declaration was made
        "withdrawn": "INTEGER",  # year withdrawn, else NULL
        "citation": "VARCHAR",  # UN Treaty Collection page or document symbol
        "source": "VARCHAR",
    },
    "ilo_conventions": {
        "convention": "VARCHAR",  # C029, P029, C105, C087, C098, C100, C111, C138, C182, C155, C187
        "title": "VARCHAR",
        "family": "VARCHAR",  # forced labour, freedom of association, discrimination, child labour, safety and health
        "adopted": "DATE",
        "in_force": "DATE",
        "fundamental_since": "INTEGER",  # 1998 Declaration (C182: 1999); C155 and C187 since 2022
        "source": "VARCHAR",
    },
    "ilo_ratifications": {
        "convention": "VARCHAR",
        "iso3": "VARCHAR",
        "year": "INTEGER",  # year of ratification
        "denounced": "INTEGER",  # year of denunciation, else NULL
        "note": "VARCHAR",
        "source": "VARCHAR",
    },
    "practice_scores": {
        # Human rights practice (outcomes, never engagement): Fariss latent scores, PTS.
        "iso3": "VARCHAR",
        "year": "INTEGER",
        "measure": "VARCHAR",  # fariss_theta (higher = more respect), pts_a / pts_h / pts_s (1 best .. 5 worst)
        "value": "DOUBLE",  # NULL when the source gives no score (note says why)
        "sd": "DOUBLE",
        "lower": "DOUBLE",  # 2.5 % quantile (Fariss)
        "upper": "DOUBLE",  # 97.5 % quantile
        "note": "VARCHAR",
        "source": "VARCHAR",
    },
    "decisions": {
        "decision_id": "VARCHAR",  # '<source>:<native id>', unique
        "body_id": "VARCHAR",  # GA, SC, HRC, CHR
        "symbol": "VARCHAR",  # A/RES/68/262, A/HRC/RES/37/23, A/HRC/37/L.36/Add.1 ...
        "draft_symbol": "VARCHAR",
        "kind": "VARCHAR",  # resolution, decision, amendment, motion, paragraph, draft
        "amends": "VARCHAR",  # decision_id of the text an amendment amends
        "title": "VARCHAR",
        "date": "DATE",
        "year": "INTEGER",
        "session": "VARCHAR",
        "agenda_item": "VARCHAR",
        "subjects": "VARCHAR",  # '; '-separated subject or issue tags
        "sponsors": "VARCHAR",  # main sponsors as the source gives them
        "modality": "VARCHAR",  # recorded, without a vote, non-recorded, unknown
        "outcome": "VARCHAR",  # adopted, rejected, withdrawn, unknown
        "yes": "INTEGER",  # the chosen tally (tallies.py): every consumer reads these four
        "no": "INTEGER",
        "abstain": "INTEGER",
        "non_voting": "INTEGER",
        "official_yes": "INTEGER",  # official totals as the source gives them (NULL when it has none)
        "official_no": "INTEGER",
        "official_abstain": "INTEGER",
        "official_non_voting": "INTEGER",
        "tally_basis": "VARCHAR",  # the rule that chose the tally (regime/data/tally_rules.csv)
        "tally_disputed": "BOOLEAN",  # the evidence does not settle it
        "important": "BOOLEAN",  # unvotes: on the US State Department list of important votes (not a Charter important question)
        "url": "VARCHAR",
        "source": "VARCHAR",
    },
    "votes": {
        "decision_id": "VARCHAR",
        "iso3": "VARCHAR",
        "position": "VARCHAR",  # yes, no, abstain, non_voting, absent
        "source": "VARCHAR",
    },
    "citations": {  # where a curated row (the supplement) comes from
        "decision_id": "VARCHAR",
        "citation": "VARCHAR",  # UN document symbol, press release, or named secondary source with URL
        "confidence": "VARCHAR",  # C corroborated, M widely reported
        "note": "VARCHAR",
        "source": "VARCHAR",
    },
    "tallies": {  # one row per decision with a count: the evidence and the chosen tally
        "decision_id": "VARCHAR",
        "symbol": "VARCHAR",
        "body_id": "VARCHAR",
        "date": "DATE",
        "outcome": "VARCHAR",
        "members": "INTEGER",  # members able to vote that day (Council seats filled, Commission size)
        "official_yes": "INTEGER",
        "official_no": "INTEGER",
        "official_abstain": "INTEGER",
        "official_non_voting": "INTEGER",
        "roll_call_yes": "INTEGER",
        "roll_call_no": "INTEGER",
        "roll_call_abstain": "INTEGER",
        "roll_call_non_voting": "INTEGER",
        "roll_call_absent": "INTEGER",
        "second_yes": "INTEGER",  # the second harvest's roll call (hrc-amendments-tsujamin)
        "second_no": "INTEGER",
        "second_abstain": "INTEGER",
        "second_non_voting": "INTEGER",
        "published_yes": "INTEGER",  # a published record (regime/data/tally_corrections.csv)
        "published_no": "INTEGER",
        "published_abstain": "INTEGER",
        "published_non_voting": "INTEGER",
        "yes": "INTEGER",  # the chosen tally
        "no": "INTEGER",
        "abstain": "INTEGER",
        "non_voting": "INTEGER",
        "absent": "INTEGER",
        "chosen": "VARCHAR",  # official, roll_call, published
        "basis": "VARCHAR",  # reason code: the first rule of regime/data/tally_rules.csv that holds
        "disputed": "BOOLEAN",
        "why": "VARCHAR",
        "citation": "VARCHAR",  # for a published record
    },
    "membership_events": {  # regime/data/hrc_membership_events.csv
        "body_id": "VARCHAR",
        "iso3": "VARCHAR",
        "event": "VARCHAR",  # suspended, reinstated, withdrew, elected
        "date": "DATE",
        "replaces": "VARCHAR",
        "term_end": "DATE",
        "decided_by": "VARCHAR",
        "confidence": "VARCHAR",
        "citation": "VARCHAR",
    },
    "upr_recommendations": {
        "recommendation_id": "INTEGER",
        "cycle": "INTEGER",
        "session": "INTEGER",
        "under_review": "VARCHAR",  # state under review (iso3)
        "recommending": "VARCHAR",  # recommending state (iso3)
        "text": "VARCHAR",
        "response": "VARCHAR",  # supported, noted, NULL
        "action_category": "INTEGER",  # UPR Info 1 (minimal) .. 5 (specific)
        "issues": "VARCHAR",
        "joint_id": "INTEGER",  # same text, same review, several recommending states
        "duplicate_of": "INTEGER",  # exact duplicate row of this recommendation_id
        "source": "VARCHAR",
    },
    "upr_pledges": {
        "pledge_id": "INTEGER",
        "session": "INTEGER",
        "under_review": "VARCHAR",
        "text": "VARCHAR",
        "issues": "VARCHAR",
        "source": "VARCHAR",
    },
    "upr_reviews": {
        "session": "INTEGER",
        "cycle": "INTEGER",
        "under_review": "VARCHAR",
        "year": "INTEGER",
        "source": "VARCHAR",
    },
    "reference_ideal_points": {
        "iso3": "VARCHAR",
        "period": "VARCHAR",  # 'year' or 'session'
        "year": "INTEGER",
        "session": "INTEGER",
        "value": "DOUBLE",
        "lower": "DOUBLE",  # 5% quantile
        "upper": "DOUBLE",  # 95% quantile
        "n_votes": "INTEGER",
        "source": "VARCHAR",
    },
    # -- mechanisms the mirror lacks: filled by 'rightsregime import KIND FILE' (warehouse/imports.py,
    # docs/imports.md) and by the package's cited rows (regime/data/import_*.csv). Every row has a citation.
    "sp_mandates": {
        "mandate_id": "VARCHAR", "title": "VARCHAR", "mandate_kind": "VARCHAR",  # thematic, country
        "iso3": "VARCHAR", "created": "DATE", "created_by": "VARCHAR", "ended": "DATE",
        "citation": "VARCHAR", "source": "VARCHAR",
    },
    "sp_visits": {
        "mandate_id": "VARCHAR", "iso3": "VARCHAR", "requested": "DATE",
        "status": "VARCHAR",  # requested, accepted, declined, pending, completed
        "visit_start": "DATE", "visit_end": "DATE", "report_symbol": "VARCHAR",
        "citation": "VARCHAR", "source": "VARCHAR",
    },
    "standing_invitations": {
        "iso3": "VARCHAR", "since": "DATE", "citation": "VARCHAR", "source": "VARCHAR",
    },
    "treaty_reviews": {
        "body_id": "VARCHAR", "iso3": "VARCHAR", "cycle": "INTEGER", "report_due": "DATE", "submitted": "DATE",
        "reviewed": "DATE", "status": "VARCHAR",  # due, submitted, reviewed, overdue
        "symbol": "VARCHAR", "citation": "VARCHAR", "source": "VARCHAR",
    },
    "treaty_body_members": {
        "body_id": "VARCHAR", "expert": "VARCHAR", "nationality": "VARCHAR", "term_start": "DATE",
        "term_end": "DATE", "citation": "VARCHAR", "source": "VARCHAR",
    },
    "ngo_applications": {
        "ngo": "VARCHAR", "session": "VARCHAR", "year": "INTEGER",
        "outcome": "VARCHAR",  # recommended, deferred, closed, rejected, withdrawn
        "questions_by": "VARCHAR",  # '; '-separated ISO3, one row each in ngo_questions
        "symbol": "VARCHAR", "citation": "VARCHAR", "source": "VARCHAR",
    },
    "ngo_questions": {
        "ngo": "VARCHAR", "session": "VARCHAR", "year": "INTEGER", "iso3": "VARCHAR", "source": "VARCHAR",
    },
    "joint_statements": {
        "statement_id": "VARCHAR", "forum": "VARCHAR", "date": "DATE", "symbol": "VARCHAR", "lead": "VARCHAR",
        "concerning": "VARCHAR", "stance": "VARCHAR",  # critical, supportive, other
        "title": "VARCHAR", "signatories": "VARCHAR",  # '; '-separated ISO3, one row each in the table below
        "citation": "VARCHAR", "source": "VARCHAR",
    },
    "joint_statement_signatories": {
        "statement_id": "VARCHAR", "iso3": "VARCHAR", "source": "VARCHAR",
    },
    # -- end of the imported mechanisms
    "quarantine": {
        "source": "VARCHAR",
        "file": "VARCHAR",
        "row": "VARCHAR",
        "reason": "VARCHAR",
        "raw": "VARCHAR",
    },
    "reconciliation": {
        "decision_id": "VARCHAR",
        "symbol": "VARCHAR",
        "what": "VARCHAR",  # e.g. 'yes total', 'position of CHN', 'roll call lists non-member'
        "expected": "VARCHAR",
        "found": "VARCHAR",
        "source": "VARCHAR",
    },
    "load_summary": {
        "source": "VARCHAR",
        "read": "INTEGER",
        "loaded": "INTEGER",
        "merged": "INTEGER",
        "quarantined": "INTEGER",
        "seconds": "DOUBLE",
    },
    "meta": {
        "key": "VARCHAR",
        "value": "VARCHAR",
    },
    # Derived at the end of the build from the tables above (warehouse/scopes.py): one row per
    # decision, its scope as procedure/classify.py decides it.
    "decision_scopes": {
        "decision_id": "VARCHAR",
        "scope": "VARCHAR",  # country-specific, thematic
        "reason": "VARCHAR",  # the rule that decided it
        "states": "VARCHAR",  # ISO3 of the states concerned, '; '-separated
    },
}

# Columns that hold a state; parsers put raw identifiers here and the build resolves them.
STATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "votes": ("iso3",),
    "ratifications": ("iso3",),
    "group_members": ("iso3",),
    "memberships": ("iso3",),
    "membership_years": ("iso3",),
    "upr_recommendations": ("under_review", "recommending"),
    "upr_pledges": ("under_review",),
    "upr_reviews": ("under_review",),
    "reference_ideal_points": ("iso3",),
    "ilo_ratifications": ("iso3",),
    "practice_scores": ("iso3",),
    "declarations": ("iso3",),
}

# One row per key: a second row that resolves to the same key is quarantined (two names, one state).
UNIQUE_KEYS: dict[str, tuple[str, ...]] = {
    "votes": ("decision_id", "iso3"),
    "ilo_ratifications": ("convention", "iso3"),
    "practice_scores": ("iso3", "year", "measure"),
    "declarations": ("instrument_id", "article", "iso3"),
}

from ..regime import POSITIONS  # noqa: E402,F401  (one home: regime.Position)


def ddl(table: str) -> str:
    cols = ", ".join(f'"{c}" {t}' for c, t in TABLES[table].items())
    return f'CREATE TABLE "{table}" ({cols})'
