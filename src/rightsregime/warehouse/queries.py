"""Reads from the warehouse, returned as pandas DataFrames (and plain dicts for profiles).

``Regime`` is what ``rightsregime.open()`` returns. It holds one DuckDB connection (read-only by
default, so several readers may share a file) and knows nothing of any source's format.
"""
from __future__ import annotations

import re
import warnings
from pathlib import Path

import duckdb
import pandas as pd

from .. import params as parse
from .._paths import default_db_path
from ..errors import RightsRegimeError, SchemaOutdated, UnknownGroup, UnknownState, UnknownSymbol, WarehouseLocked, WarehouseMissing, closest
from .schema import SCHEMA_VERSION, TABLES

from ..regime import FOCAL_STATES  # noqa: F401  (re-exported: callers read it here)
from ..regime.un_membership import UN_MEMBER_ON_SQL



def normalise_symbol(symbol: str) -> str:
    """Symbols compare without case or spaces: 'a/hrc/res/37/23 ' == 'A/HRC/RES/37/23'."""
    return re.sub(r"\s+", "", str(symbol)).upper()


class Regime:
    """The warehouse, opened. Methods return DataFrames."""

    def __init__(self, path=None, *, read_only: bool = True):
        self.path = Path(path) if path is not None else default_db_path()
        if not self.path.exists():
            raise WarehouseMissing(
                f"No warehouse at {self.path}. Run 'rightsregime build' (with --sources DIR or "
                f"RIGHTSREGIME_SOURCES set to the mirror), or pass --db to point at one."
            )
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            if "lock" in str(exc).lower():
                # Another process (a build, a writer) holds DuckDB's lock: the file is fine.
                holder = re.search(r"PID (\d+)", str(exc))
                raise WarehouseLocked(
                    f"{self.path} is locked by another process"
                    + (f" (PID {holder.group(1)})" if holder else "")
                    + ": wait for it to finish (a build takes a few seconds), then try again.") from None
            raise WarehouseMissing(f"{self.path}: not a readable warehouse ({exc}). Rebuild it with "
                                   f"'rightsregime build'.") from exc
        try:
            # fetchall: DuckDB 2 keeps a half-read result open, which blocks register() and sql()
            rows = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
            version = rows[0] if rows else None
        except duckdb.Error:
            version = None
        if version is None or int(version[0]) != SCHEMA_VERSION:
            self.con.close()
            raise SchemaOutdated(
                f"{self.path} was built by another version of rightsregime (schema "
                f"{version[0] if version else 'unknown'}, expected {SCHEMA_VERSION}). Run 'rightsregime build'."
            )
        self._resolver = None
        self.con.execute("SET enable_progress_bar = false")  # no bars on stderr from library reads

    # -- plumbing ----------------------------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def sql(self, query: str, params=None) -> pd.DataFrame:
        """Run any SQL on the warehouse and return a DataFrame."""
        # Through Arrow: three times faster than .df() on the 900k-row vote frames. execute() (not
        # sql()) so that frames a caller registered on self.con are visible, and a result a caller
        # left half-read does not block the query; the result is read to the end here.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "Arrow output on a DB-API result makes an extra copy"
            table = self.con.execute(query, params or []).to_arrow_table()
        return table.to_pandas(date_as_object=False)

    def table(self, name: str) -> pd.DataFrame:
        if name not in TABLES:
            raise UnknownGroup(f"Unknown table {name!r}. Tables: {', '.join(TABLES)}.")
        from .export import quote_identifier

        return self.sql(f"SELECT * FROM {quote_identifier(name)}")

    def meta(self) -> dict[str, str]:
        return dict(self.con.execute("SELECT key, value FROM meta").fetchall())

    # -- states ------------------------------------------------------------------------------
    @property
    def resolver(self):
        if self._resolver is None:
            from .names import StateResolver

            self._resolver = StateResolver(self.table("states"), self.table("state_names"))
        return self._resolver

    def lookup_state(self, query: str) -> str:
        """A code or name typed by a user -> ISO3, or :class:`UnknownState` with the closest matches."""
        return self.resolver.lookup(query)

    def states(self) -> pd.DataFrame:
        """States with their UN regional group (where they have one)."""
        return self.sql("""
            SELECT s.*, r.group_id AS regional_group
            FROM states s
            LEFT JOIN (SELECT gm.iso3, any_value(gm.group_id) AS group_id
                       FROM group_members gm JOIN groups g USING (group_id)
                       WHERE g.kind = 'regional' GROUP BY gm.iso3) r USING (iso3)
            ORDER BY s.iso3""")

    def groups(self) -> pd.DataFrame:
        return self.sql("SELECT * FROM groups ORDER BY kind, group_id")

    def group_members(self, group_id: str | None = None) -> pd.DataFrame:
        if group_id is None:
            return self.sql("SELECT * FROM group_members ORDER BY group_id, iso3")
        gid = self._group_id(group_id)
        return self.sql("SELECT * FROM group_members WHERE group_id = ? ORDER BY iso3", [gid])

    def _group_id(self, group_id: str) -> str:
        ids = [r[0] for r in self.con.execute("SELECT group_id FROM groups").fetchall()]
        for gid in ids:
            if gid.upper() == str(group_id).upper().replace("-", "").replace(" ", "_") or gid.upper() == str(group_id).upper():
                return gid
        hint = closest(str(group_id), ids)
        raise UnknownGroup(f"Unknown group {group_id!r}." + (f" Did you mean {' or '.join(hint)}?" if hint else "")
                           + f" Groups: {', '.join(sorted(ids))}.")

    # -- decisions and votes -----------------------------------------------------------------
    def decisions(self, body: str | None = None, years=None, kind: str | None = None, *,
                  outcome: str | None = None, text: str | None = None, subject: str | None = None,
                  modality: str | None = None, symbol: str | None = None) -> pd.DataFrame:
        """Decisions filtered by body, years (int, (lo, hi) or 'lo-hi'), kind, outcome, title text, subject."""
        where, params = self._decision_filters(body, years, kind, outcome=outcome, text=text,
                                               subject=subject, modality=modality, symbol=symbol)
        return self.sql(f"SELECT * FROM decisions d {where} ORDER BY date, symbol, decision_id", params)

    def _decision_filters(self, body=None, years=None, kind=None, *, outcome=None, text=None,
                          subject=None, modality=None, symbol=None, alias="d", subject_or_title=False):
        clauses, args = [], []
        bodies = parse.bodies(body)
        if bodies:
            clauses.append(f"{alias}.body_id IN ({', '.join('?' * len(bodies))})")
            args += bodies
        yr = parse.years(years, body=bodies)
        if yr:
            clauses.append(f"{alias}.year BETWEEN ? AND ?")
            args += list(yr)
        kinds = parse.kinds(kind)
        if kinds:
            clauses.append(f"{alias}.kind IN ({', '.join('?' * len(kinds))})")
            args += kinds
        outcomes = parse.outcomes(outcome)
        if outcomes:
            clauses.append(f"{alias}.outcome IN ({', '.join('?' * len(outcomes))})")
            args += outcomes
        if modality:
            clauses.append(f"{alias}.modality = ?")
            args.append(modality.lower())
        text = parse.text(text)
        if text:
            # Literal match: '%' and '_' typed by a user are characters, not wildcards.
            clauses.append(f"({alias}.title ILIKE ? ESCAPE '\\' OR {alias}.symbol ILIKE ? ESCAPE '\\')")
            args += [parse.like_pattern(text)] * 2
        subject = parse.text(subject, option="--subject")
        if subject:
            if subject_or_title:
                clauses.append(f"({alias}.subjects ILIKE ? ESCAPE '\\' OR {alias}.title ILIKE ? ESCAPE '\\')")
                args += [parse.like_pattern(subject)] * 2
            else:
                clauses.append(f"{alias}.subjects ILIKE ? ESCAPE '\\'")
                args.append(parse.like_pattern(subject))
        if symbol:
            clauses.append(f"upper(replace({alias}.symbol, ' ', '')) = ?")
            args.append(normalise_symbol(symbol))
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", args

    def votes(self, body: str | None = None, years=None, kind: str | None = None, *,
              subject: str | None = None, recorded_only: bool = False, lean: bool = False,
              iso3: str | None = None) -> pd.DataFrame:
        """Per-state positions with the decision's body, symbol, date, year, kind, outcome, title,
        agenda item and subjects (``recorded_only``: only decisions taken by a recorded vote).

        ``lean``: only the columns the measures need (decision_id, iso3, position, body_id, symbol,
        date, year, kind), unordered, and ``subject`` matches the subject tags or the title: several
        times faster on the whole GA record (870k rows), which the analysis commands read.
        ``iso3``: one state's positions only (already resolved)."""
        where, args = self._decision_filters(body, years, kind, subject=subject,
                                             subject_or_title=lean)
        extra = []
        if recorded_only:
            extra.append("d.modality = 'recorded'")
        if iso3:
            extra.append("v.iso3 = ?")
            args.append(iso3)
        if extra:
            where = (where + " AND " if where else "WHERE ") + " AND ".join(extra)
        if lean:
            return self.sql(f"""
                SELECT v.decision_id, v.iso3, v.position, d.body_id, d.symbol, d.date, d.year, d.kind
                FROM votes v JOIN decisions d USING (decision_id) {where}""", args)
        return self.sql(f"""
            SELECT v.decision_id, v.iso3, v.position, d.body_id, d.symbol, d.date, d.year, d.kind,
                   d.outcome, d.title, d.agenda_item, d.subjects, d.important
            FROM votes v JOIN decisions d USING (decision_id)
            {where}
            ORDER BY d.date, v.decision_id, v.iso3""", args)

    def positions(self, decision_ids) -> pd.DataFrame:
        """decision_id, iso3, position of the given decisions (any number, bound as a frame)."""
        ids = [decision_ids] if isinstance(decision_ids, str) else list(decision_ids)
        if not ids:
            return pd.DataFrame({"decision_id": pd.Series(dtype=object), "iso3": pd.Series(dtype=object),
                                 "position": pd.Series(dtype=object)})
        if len(ids) == 1:
            return self.sql("SELECT decision_id, iso3, position FROM votes WHERE decision_id = ? "
                            "ORDER BY iso3", ids)
        self.con.register("_rr_ids", pd.DataFrame({"decision_id": ids}))
        try:
            return self.sql("SELECT v.decision_id, v.iso3, v.position FROM votes v "
                            "JOIN _rr_ids USING (decision_id)")
        finally:
            self.con.unregister("_rr_ids")

    def amendments_of(self, decision_id: str, *, decided_only: bool = False) -> pd.DataFrame:
        """Amendments and motions linked to a text (``decisions.amends``), in date order."""
        where = "amends = ?" + (" AND outcome IN ('adopted', 'rejected')" if decided_only else "")
        return self.sql(f"SELECT * FROM decisions WHERE {where} ORDER BY date, decision_id",
                        [decision_id])

    def state_name_pairs(self) -> pd.DataFrame:
        """Every (name, iso3) the warehouse knows, official and alternative (not the codes): the
        gazetteer that tells country-specific texts from thematic ones."""
        from .scopes import STATE_NAME_PAIRS_SQL

        return self.sql(STATE_NAME_PAIRS_SQL)

    def decision_scopes(self, decisions: pd.DataFrame) -> pd.DataFrame | None:
        """The scope of each row of ``decisions`` as the build classified it: a frame on the same
        index with ``scope``, ``reason`` and ``states`` (what ``classify_frame`` returns). None when
        the warehouse predates the table or the classifier changed since the build (the caller
        then classifies live)."""
        from .scopes import META_KEY, fingerprint

        stamped = self.con.execute("SELECT value FROM meta WHERE key = ?", [META_KEY]).fetchall()
        if not stamped or stamped[0][0] != fingerprint():
            return None
        table = self.sql("SELECT decision_id, scope, reason, states FROM decision_scopes")
        found = (decisions[["decision_id"]].reset_index()
                 .merge(table, on="decision_id", how="left", validate="many_to_one"))
        if found["scope"].isna().any():  # a decision the build did not see: classify live
            return None
        out = found.set_index(found.columns[0])[["scope", "reason", "states"]]
        out.index = decisions.index
        out["states"] = out["states"].fillna("")
        return out

    def un_members_on(self, day) -> list[str]:
        """ISO3 codes of the UN members on ``day`` (admitted on or before, not yet left)."""
        found = self.sql(f"SELECT iso3 FROM states WHERE {UN_MEMBER_ON_SQL} ORDER BY iso3", [day, day])
        return found["iso3"].tolist()

    def state_names(self) -> dict[str, str]:
        """ISO3 -> the state's name, for tables that show names beside codes."""
        rows = self.con.execute("SELECT iso3, name FROM states").fetchall()
        return {iso3: name for iso3, name in rows if name}

    def year_span(self, body: str | None = None) -> tuple[int, int] | None:
        """First and last year with decisions (of ``body``, comma-separated allowed)."""
        where, args = self._decision_filters(body)
        lo, hi = self.con.execute(f"SELECT min(year), max(year) FROM decisions d {where}", args).fetchone()
        return None if lo is None else (int(lo), int(hi))

    def vote_rows(self, body: str | None = None, years=None) -> pd.DataFrame:
        """The four columns a model needs (``decision_id, iso3, position, year``) of every recorded
        position in the slice, read with one copy fewer than :meth:`sql` (DuckDB's relation API
        straight to Arrow): on the whole GA record 73 MB of peak memory instead of 117 MB."""
        where, params = self._decision_filters(body, years)
        query = f"""SELECT v.decision_id, v.iso3, v.position, d.year
                    FROM votes v JOIN decisions d USING (decision_id) {where}"""
        frame = self.con.sql(query, params=params).to_arrow_table().to_pandas(date_as_object=False)
        import pyarrow as pa

        pa.default_memory_pool().release_unused()  # hand the Arrow copy's pages back before a fit
        return frame

    def decisions_by_id(self, decision_ids: list[str]) -> pd.DataFrame:
        """The decisions with these ids (any kind), in date order."""
        if not decision_ids:
            return self.sql("SELECT * FROM decisions WHERE false")
        marks = ", ".join("?" * len(decision_ids))
        return self.sql(f"SELECT * FROM decisions WHERE decision_id IN ({marks}) ORDER BY date",
                        list(decision_ids))

    def find_decisions(self, symbol: str) -> pd.DataFrame:
        """Every decision with this symbol (or decision_id), or :class:`UnknownSymbol` with suggestions."""
        found = self.sql("SELECT * FROM decisions WHERE decision_id = ? ORDER BY date", [symbol])
        if found.empty:
            key = normalise_symbol(symbol)
            found = self.sql("""SELECT * FROM decisions
                                WHERE upper(replace(symbol, ' ', '')) = ?
                                   OR upper(replace(draft_symbol, ' ', '')) = ?
                                ORDER BY (kind IN ('resolution', 'decision')) DESC, date, decision_id""",
                             [key, key])
        if found.empty:
            raise UnknownSymbol(self._unknown_symbol_message(symbol), symbol=symbol)
        return found

    def _unknown_symbol_message(self, symbol: str) -> str:
        key = normalise_symbol(symbol)
        # Compare with symbols of the same family (same prefix up to the session) to keep it fast.
        prefix = key.rsplit("/", 1)[0] if "/" in key else key[:3]
        pool = [r[0] for r in self.con.execute(
            "SELECT DISTINCT symbol FROM decisions WHERE symbol IS NOT NULL AND upper(symbol) LIKE ?",
            [prefix[:6] + "%"]).fetchall()]
        hint = closest(key, pool)
        msg = f"Unknown symbol '{symbol}'."
        if hint:
            msg += f" Did you mean {' or '.join(hint)}?"
        return msg + " Search with 'rightsregime decisions --text ...'."

    def decision(self, symbol: str) -> dict:
        """One decision as a document: metadata, official totals, every member's position."""
        found = self.find_decisions(symbol)
        row = found.iloc[0]
        did = row["decision_id"]
        votes = self.positions(did)
        positions = dict(zip(votes["iso3"], votes["position"]))
        derived_absent = self._ga_absentees(row, positions)
        for iso3 in derived_absent:
            positions[iso3] = "absent"
        positions = dict(sorted(positions.items()))
        groups = self.sql("""
            SELECT gm.iso3, gm.group_id FROM group_members gm JOIN groups g USING (group_id)
            WHERE g.kind = 'regional'""")
        group_of = dict(zip(groups["iso3"], groups["group_id"]))
        by_group: dict[str, dict[str, list[str]]] = {}
        for iso3, pos in positions.items():
            by_group.setdefault(group_of.get(iso3, "OTHER"), {}).setdefault(pos, []).append(iso3)
        counted = {p: sum(1 for v in positions.values() if v == p) for p in ("yes", "no", "abstain", "non_voting", "absent")}
        totals = {k: (None if pd.isna(row[k]) else int(row[k])) for k in ("yes", "no", "abstain", "non_voting")}
        tally = self._tally_evidence(did)
        mismatches = self.sql("SELECT what, expected, found, source FROM reconciliation WHERE decision_id = ?", [did])
        related = self.amendments_of(did)[["decision_id", "symbol", "kind", "title", "outcome", "yes", "no", "abstain"]]
        doc = {
            "decision_id": did,
            "symbol": row["symbol"],
            "draft_symbol": row["draft_symbol"],
            "body": row["body_id"],
            "date": None if pd.isna(row["date"]) else pd.Timestamp(row["date"]).date().isoformat(),
            "session": row["session"],
            "title": row["title"],
            "kind": row["kind"],
            "amends": row["amends"],
            "agenda_item": row["agenda_item"],
            "subjects": row["subjects"],
            "sponsors": row["sponsors"],
            "modality": row["modality"],
            "outcome": row["outcome"],
            "totals": totals,  # the chosen tally (see "tally" for its basis and the other counts)
            "official_totals": tally["official"] if tally else None,
            "tally": tally,
            "roll_call_counts": counted,
            "votes": positions,
            "by_group": by_group,
            "derived_absent": derived_absent,
            "note": ("A vetoed draft: the source lists only the vetoing permanent members' votes; the other "
                     "members' positions are unknown." if row["source"] == "unsc-vetoes" else None),
            "mismatches": mismatches.to_dict("records"),
            "amendments": related.to_dict("records"),
            "source": row["source"],
            "url": row["url"],
            "other_records": [d for d in found["decision_id"].tolist() if d != did],
            "citations": self._citations(did, row["symbol"]),
        }
        return doc

    def _citations(self, decision_id: str, symbol) -> list[dict]:
        """Where a curated record comes from (the supplement's rows, also those merged into a harvest)."""
        import duckdb

        ids = [decision_id] + ([f"rightsregime-supplement:{symbol}"] if isinstance(symbol, str) else [])
        try:
            found = self.sql("SELECT citation, confidence, note FROM citations WHERE decision_id IN (?, ?)",
                             (ids + ids)[:2])
        except duckdb.CatalogException:  # a warehouse built before the supplement existed
            return []
        return found.drop_duplicates().to_dict("records")
    def _tally_evidence(self, decision_id: str) -> dict | None:
        """The chosen tally's basis and every count beside it (``tallies`` table), or None."""
        rows = self.sql("SELECT * FROM tallies WHERE decision_id = ?", [decision_id])
        if rows.empty:
            return None
        r = rows.iloc[0]

        def counts(prefix, cols=("yes", "no", "abstain", "non_voting")):
            vals = {c: r[f"{prefix}_{c}"] for c in cols}
            if pd.isna(vals["yes"]):
                return None
            return {c: None if pd.isna(v) else int(v) for c, v in vals.items()}

        chosen = {c: None if pd.isna(r[c]) else int(r[c]) for c in ("yes", "no", "abstain", "non_voting", "absent")}
        others = {"official": counts("official"),
                  "roll_call": counts("roll_call", ("yes", "no", "abstain", "non_voting", "absent")),
                  "second_harvest": counts("second"), "published": counts("published")}
        key = ("yes", "no", "abstain")
        differ = [k for k, v in others.items() if v is not None and tuple(v[c] for c in key) != tuple(chosen[c] for c in key)]
        note = None
        if others["official"] is None:
            note = ("The official totals are not in the sources; the tally is the roll call's count."
                    if r["chosen"] == "roll_call" else None)
        return {"chosen": chosen, "basis": r["basis"], "chosen_from": r["chosen"], "why": r["why"],
                "disputed": bool(r["disputed"]), "members": None if pd.isna(r["members"]) else int(r["members"]),
                "citation": r["citation"] if isinstance(r["citation"], str) else None,
                **others, "differ": differ, "note": note}

    def tallies(self, body: str | None = None, basis: str | None = None) -> pd.DataFrame:
        """The ``tallies`` table: every count of a decision and the chosen one with its basis."""
        clauses, params = [], []
        if body:
            clauses.append("body_id = ?")
            params.append(body.upper())
        if basis:
            clauses.append("basis = ?")
            params.append(basis)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return self.sql(f"SELECT * FROM tallies {where} ORDER BY date, symbol, decision_id", params)

    def membership_events(self) -> pd.DataFrame:
        """Suspensions, reinstatements, withdrawals and by-elections (cited)."""
        return self.sql("SELECT * FROM membership_events ORDER BY date, iso3")

    def members_on(self, day, body: str = "HRC") -> list[str]:
        """States sitting on ``body`` on ``day`` (a suspended member does not sit)."""
        from .membership import members_on

        return members_on(self.memberships(body), day, body.upper())

    def _ga_absentees(self, row, positions: dict) -> list[str]:
        """UN members on the day of a GA roll call with no recorded position.

        The GA sources drop absent members (unvotes keeps only yes/no/abstain), so a member missing
        from the roll call is shown as absent; the list says which positions were derived this way.
        """
        if row["body_id"] != "GA" or not positions or pd.isna(row["date"]):
            return []
        return sorted(set(self.un_members_on(row["date"])) - set(positions))

    # -- instruments, memberships, UPR, references --------------------------------------------
    def instruments(self) -> pd.DataFrame:
        return self.sql("SELECT * FROM instruments ORDER BY adopted")

    def ratifications(self, iso3: str | None = None, instrument: str | None = None) -> pd.DataFrame:
        clauses, params = [], []
        if iso3:
            clauses.append("iso3 = ?")
            params.append(self.lookup_state(iso3))
        if instrument:
            clauses.append("upper(instrument_id) = ?")
            params.append(instrument.upper())
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return self.sql(f"SELECT * FROM ratifications {where} ORDER BY instrument_id, iso3", params)

    def memberships(self, body: str | None = None) -> pd.DataFrame:
        if body:
            return self.sql("SELECT * FROM memberships WHERE body_id = ? ORDER BY term_start, iso3", [body.upper()])
        return self.sql("SELECT * FROM memberships ORDER BY body_id, term_start, iso3")

    def membership_years(self, body: str | None = None) -> pd.DataFrame:
        if body:
            return self.sql("SELECT * FROM membership_years WHERE body_id = ? ORDER BY year, iso3", [body.upper()])
        return self.sql("SELECT * FROM membership_years ORDER BY body_id, year, iso3")

    def upr_recommendations(self, under_review: str | None = None, recommending: str | None = None,
                            session: int | None = None, response: str | None = None,
                            action_category: int | None = None) -> pd.DataFrame:
        clauses, params = [], []
        if under_review:
            clauses.append("under_review = ?")
            params.append(self.lookup_state(under_review))
        if recommending:
            clauses.append("recommending = ?")
            params.append(self.lookup_state(recommending))
        if session is not None:
            clauses.append("session = ?")
            params.append(int(session))
        if response:
            clauses.append("response = ?")
            params.append(response.lower())
        if action_category is not None:
            clauses.append("action_category = ?")
            params.append(int(action_category))
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return self.sql(f"SELECT * FROM upr_recommendations {where} ORDER BY recommendation_id", params)

    def upr_pledges(self) -> pd.DataFrame:
        return self.table("upr_pledges")

    def reference_ideal_points(self, period: str = "year") -> pd.DataFrame:
        return self.sql("SELECT * FROM reference_ideal_points WHERE period = ? ORDER BY iso3, year, session", [period])

    # -- overview, search and subjects (the home page and the topics resources) -------------------
    def coverage_by_body(self) -> pd.DataFrame:
        """Per body: decisions held, first and last year, how many by recorded vote."""
        return self.sql("""SELECT body_id, count(*) AS decisions, min(year) AS first, max(year) AS last,
                                  count(*) FILTER (WHERE modality = 'recorded') AS recorded
                           FROM decisions GROUP BY body_id ORDER BY decisions DESC""")

    def search_states(self, q: str, *, limit: int = 20) -> pd.DataFrame:
        """States whose code is ``q`` or whose name (official or other) contains it."""
        needle = parse.like_pattern(q.lower())
        return self.sql("""
            SELECT DISTINCT s.iso3, s.name FROM states s LEFT JOIN state_names n USING (iso3)
            WHERE lower(s.iso3) = ? OR lower(s.name) LIKE ? ESCAPE '\\' OR lower(n.name) LIKE ? ESCAPE '\\'
            ORDER BY s.name LIMIT ?""", [q.lower(), needle, needle, limit])

    def search_decisions(self, q: str, *, limit: int = 50) -> tuple[int, pd.DataFrame]:
        """How many decisions have ``q`` in their title or symbol, and the ``limit`` most recent."""
        needle = parse.like_pattern(q.lower())
        where = "WHERE lower(title) LIKE ? ESCAPE '\\' OR lower(symbol) LIKE ? ESCAPE '\\'"
        (total,) = self.con.execute(f"SELECT count(*) FROM decisions {where}", [needle, needle]).fetchone()
        found = self.sql(f"""SELECT symbol, body_id, date, kind, outcome, title FROM decisions {where}
                             ORDER BY date DESC NULLS LAST, symbol LIMIT ?""", [needle, needle, limit])
        return int(total), found

    def search_subjects(self, q: str, *, limit: int = 20) -> pd.DataFrame:
        """Subject tags containing ``q``, with their number of decisions."""
        return self.sql("""
            SELECT trim(s) AS subject, count(*) AS decisions
            FROM (SELECT unnest(string_split(subjects, ';')) AS s FROM decisions WHERE subjects IS NOT NULL)
            WHERE lower(s) LIKE ? ESCAPE '\\' GROUP BY 1 ORDER BY decisions DESC LIMIT ?""",
                        [parse.like_pattern(q.lower()), limit])

    def subject_rows(self, bodies: list[str]) -> pd.DataFrame:
        """One row per decision and subject tag (texts and amendments of ``bodies``)."""
        return self.sql(f"""
            SELECT d.decision_id, d.body_id, d.year, d.kind, d.modality, d.outcome, d.yes, d.no, d.abstain,
                   trim(s) AS subject
            FROM decisions d, unnest(string_split(d.subjects, ';')) AS t(s)
            WHERE d.body_id IN ({', '.join('?' * len(bodies))}) AND d.subjects IS NOT NULL
              AND d.kind IN ('resolution', 'decision', 'amendment') AND trim(s) <> ''""", list(bodies))

    def position_counts(self, decision_ids: list[str]) -> pd.DataFrame:
        """Per state: how often it voted yes, no, abstain, or did not vote on these decisions."""
        return self.sql("""
            SELECT v.iso3, s.name, count(*) FILTER (WHERE position = 'yes') AS yes,
                   count(*) FILTER (WHERE position = 'no') AS no,
                   count(*) FILTER (WHERE position = 'abstain') AS abstain,
                   count(*) FILTER (WHERE position IN ('non_voting', 'absent')) AS not_voting
            FROM votes v LEFT JOIN states s USING (iso3)
            WHERE v.decision_id IN (SELECT unnest(?))
            GROUP BY ALL ORDER BY no DESC, abstain DESC, v.iso3""", [list(decision_ids)])

    def quarantine(self) -> pd.DataFrame:
        return self.table("quarantine")

    def reconciliation(self) -> pd.DataFrame:
        return self.table("reconciliation")

    def load_summary(self) -> pd.DataFrame:
        return self.table("load_summary")

    # -- profiles ----------------------------------------------------------------------------
    def state_profile(self, state: str) -> dict:
        """Everything the warehouse knows about one state, as a document (see ``rightsregime state``)."""
        from .profile import state_profile

        return state_profile(self, self.lookup_state(state))
