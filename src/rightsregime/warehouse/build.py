"""Build the warehouse from every source: atomic and repeatable.

Steps: locate and verify every file (nothing is parsed until every file is present and intact) ->
parse each source -> resolve state identifiers -> merge second harvests -> derive (reconciliation,
membership) -> write a new DuckDB file next to the target -> ``os.replace`` it over the old one.
Any failure before the swap leaves the previous warehouse untouched and removes the temporary file;
Ctrl-C and SIGTERM unwind through the same clean-up, and SIGKILL leaves a temporary file that the
next build removes (its process is gone). Signals are held back during the swap itself, so the
target is always either the previous warehouse or the complete new one.

``build`` refuses to replace a file that is not a rightsregime warehouse (unless ``force``), and
writes through a symbolic link to its target, so the link stays a link.
"""
from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from .. import __version__
from .._paths import default_db_path
from ..errors import MachineFault, NotAWarehouse, ParseError, RightsRegimeError, UsageError, WarehouseError
from ..regime import BODIES
from ..sources import modules as source_modules
from ..sources._base import QUARANTINE_COLUMNS, Parsed
from ..sources._fetch import file_sha256, locate
from . import scopes
from .export import quote_identifier as q
from .schema import SCHEMA_VERSION, STATE_COLUMNS, TABLES, UNIQUE_KEYS, ddl


@dataclass
class SourceLoad:
    name: str
    parsed: Parsed
    seconds: float
    quarantine: pd.DataFrame  # parser's plus resolution's, with a 'source' column
    loaded: int = 0


def _progress(enabled: bool):
    if not enabled:
        return contextlib.nullcontext(None)
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("{task.description:<26}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[stage]}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=False,
    )


def _check_columns(source: str, table: str, df: pd.DataFrame) -> None:
    if table not in TABLES:
        raise ParseError(f"{source}: parser returned unknown table {table!r}.", source=source)
    extra = set(df.columns) - set(TABLES[table]) - {"state_date"}
    if extra:
        raise ParseError(f"{source}: table {table!r} has columns not in the schema: {sorted(extra)}.",
                         source=source)


def resolve_states(load: SourceLoad, resolver) -> None:
    """Replace raw state identifiers by codes; rows that do not resolve go to quarantine."""
    for table, df in list(load.parsed.tables.items()):
        cols = [c for c in STATE_COLUMNS.get(table, ()) if c in df.columns]
        if not cols or df.empty:
            load.parsed.tables[table] = df.drop(columns=["state_date"], errors="ignore")
            continue
        dates = df["state_date"] if "state_date" in df.columns else None
        bad = pd.Series(False, index=df.index)
        reasons = pd.Series("", index=df.index, dtype=object)
        df = df.copy()
        for col in cols:
            raw = df[col]
            # Few distinct names over many rows: resolving the categories is twice as fast.
            codes = resolver.resolve(raw.astype("category") if len(raw) > 10_000 else raw, dates)
            missing = codes.isna() & raw.notna() & (raw.astype(str).str.strip() != "")
            reasons[missing & ~bad] = "unknown state " + raw[missing & ~bad].astype(str).map(repr) + f" in {table}.{col}"
            bad |= missing
            df[col] = codes
        if bad.any():
            original = load.parsed.tables[table]
            q = pd.DataFrame({
                "source": load.name,
                "file": table,
                "row": df.index[bad].astype(str),
                "reason": reasons[bad].values,
                # keep the raw identifiers readable in quarantine
                "raw": [", ".join(str(x) for x in vals) for vals in
                        original.loc[bad, cols].itertuples(index=False, name=None)],
            })
            load.quarantine = pd.concat([load.quarantine, q], ignore_index=True)
        df = df.loc[~bad].drop(columns=["state_date"], errors="ignore")
        # A state may appear once per decision (per key): two names resolving to one code is a data fault.
        if table in UNIQUE_KEYS and not df.empty:
            key = list(UNIQUE_KEYS[table])
            dup = df.duplicated(key, keep="first")
            if dup.any():
                what = ("second position of the same state on the same decision" if table == "votes"
                        else f"second row for the same {', '.join(key)}")
                q = pd.DataFrame({
                    "source": load.name, "file": table, "row": df.index[dup].astype(str),
                    "reason": what,
                    "raw": df.loc[dup, key].astype(str).agg(" ".join, axis=1).values,
                })
                load.quarantine = pd.concat([load.quarantine, q], ignore_index=True)
                df = df.loc[~dup]
        load.parsed.tables[table] = df


def _concat(frames: list[pd.DataFrame], table: str) -> pd.DataFrame:
    cols = list(TABLES[table])
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return pd.DataFrame(columns=cols)
    out = pd.concat([f.reindex(columns=cols) for f in frames], ignore_index=True)
    return out


def _write(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
    con.execute(ddl(table))
    if df is None or df.empty:
        return
    df = df.reindex(columns=list(TABLES[table]))
    # Let DuckDB do the casting: object columns of mixed types go in as text first.
    for col, typ in TABLES[table].items():
        if typ == "VARCHAR" and df[col].dtype != object and not pd.api.types.is_string_dtype(df[col]):
            df[col] = df[col].astype("string")
    con.register("_incoming", df)
    # Names and types come from the schema (constants), quoted all the same.
    select = ", ".join(f"TRY_CAST({q(c)} AS {t}) AS {q(c)}" if t != "VARCHAR" else f"CAST({q(c)} AS VARCHAR)"
                       for c, t in TABLES[table].items())
    con.execute(f"INSERT INTO {q(table)} SELECT {select} FROM _incoming")
    con.unregister("_incoming")


def _bodies() -> pd.DataFrame:
    return pd.DataFrame(
        [{"body_id": k, "name": n, "kind": kind, "size": size, "source": "rightsregime"}
         for k, (n, kind, size) in BODIES.items()]
    )


# -- the target file and its temporary files ------------------------------------------------------
_TEMP_MARK = ".building-"
# DuckDB's file header: a checksum (8 bytes), then the magic bytes.
_DUCKDB_MAGIC, _DUCKDB_MAGIC_AT = b"DUCK", 8


def _temp_path(target: Path, pid: int | None = None) -> Path:
    return target.with_name(f".{target.name}{_TEMP_MARK}{os.getpid() if pid is None else pid}")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    except OSError:
        return False
    return True


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove the temporary files (and their ``.wal``) of builds of ``target`` whose process is gone
    (killed, or the machine stopped); those of running builds stay. Returns what was removed."""
    removed = []
    prefix = f".{target.name}{_TEMP_MARK}"
    try:
        candidates = list(target.parent.glob(f"{prefix}*"))
    except OSError:
        return removed
    for leftover in candidates:
        pid_text = leftover.name[len(prefix):].removesuffix(".wal")
        if not pid_text.isdigit():
            continue
        pid = int(pid_text)
        if pid != os.getpid() and _pid_alive(pid):
            continue
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
            removed.append(leftover)
    return removed


def is_warehouse(path: Path) -> bool:
    """Whether ``path`` is a DuckDB file holding a rightsregime ``meta`` table (any schema version)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_DUCKDB_MAGIC_AT + len(_DUCKDB_MAGIC))
    except OSError:
        return False
    if head[_DUCKDB_MAGIC_AT:] != _DUCKDB_MAGIC:
        return False
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return False
    try:
        rows = con.execute("SELECT count(*) FROM meta WHERE key = 'schema_version'").fetchall()
        return bool(rows and rows[0][0])
    except duckdb.Error:
        return False
    finally:
        con.close()


def build_target(path, *, force: bool = False) -> Path:
    """The file a build writes: ``path`` itself, or the target of a symbolic link at ``path``.

    Refuses a folder, and a file that is not a rightsregime warehouse unless ``force`` (an empty
    file holds nothing to lose and is replaced)."""
    path = Path(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    if target.is_dir():
        raise UsageError(f"--db {path}: is a folder; give the path of a warehouse file, e.g. "
                         f"{path / 'rightsregime.duckdb'}.")
    if target.exists() and not force and target.stat().st_size > 0 and not is_warehouse(target):
        raise NotAWarehouse(f"--db {path}: this file is not a rightsregime warehouse, so it was not "
                            "replaced; choose another path, or add --force to replace it.")
    return target


def _pause_for_tests(stage: str) -> None:
    """Let the interruption tests stop a build at a known point: when RIGHTSREGIME_TEST_PAUSE_AT
    names ``stage``, write RIGHTSREGIME_TEST_PAUSE_FILE and wait (for a signal) up to a minute."""
    if os.environ.get("RIGHTSREGIME_TEST_PAUSE_AT") != stage:
        return
    marker = os.environ.get("RIGHTSREGIME_TEST_PAUSE_FILE")
    if marker:
        Path(marker).write_text(f"{stage} {os.getpid()}\n")
    time.sleep(60)


@contextlib.contextmanager
def _signals_held():
    """Hold SIGINT and SIGTERM back (they are delivered on exit), so a swap is never cut in half."""
    import signal

    held = {signal.SIGINT, signal.SIGTERM}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, OSError, ValueError):  # no pthread_sigmask (Windows)
        previous = None
    try:
        yield
    finally:
        if previous is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def build(path=None, *, sources_dir=None, progress: bool = False, undl_files=None,
          declarations_files=None, force: bool = False) -> pd.DataFrame:
    """Build the warehouse at ``path`` and return the load summary (one row per source).

    ``declarations_files``: CSVs of article-level declarations (``sources/declarations.py``).
    ``force`` replaces a file at ``path`` that is not a rightsregime warehouse (refused otherwise)."""
    from . import membership, merge, tallies as tally_rules, validate
    from .names import StateResolver

    path = Path(path) if path is not None else default_db_path()
    target = build_target(path, force=force)
    remove_stale_temporaries(target)
    _pause_for_tests("before-temp")
    sources_dir = Path(sources_dir) if sources_dir is not None else None
    mods = [m for m in source_modules() if not m.SOURCE.codebook_only]
    started = time.perf_counter()
    # A user's declarations file is checked before any source is touched: a bad row fails fast.
    user_declarations = {}
    for f in declarations_files or ():
        from ..sources import declarations

        t0 = time.perf_counter()
        user_declarations[f"declarations:{Path(f).name}"] = (declarations.parse_declarations_csv(Path(f)),
                                                             time.perf_counter() - t0)

    with _progress(progress) as bar:
        tasks = {}
        if bar is not None:
            for m in mods:
                tasks[m.SOURCE.name] = bar.add_task(m.SOURCE.name, total=3, stage="waiting")

        def step(name, stage, advance=1):
            if bar is not None:
                bar.update(tasks[name], advance=advance, stage=stage)

        # 1. Every file present and intact before any work is done.
        located = {}
        for m in mods:
            located[m.SOURCE.name] = locate(m.SOURCE, sources_dir)
            step(m.SOURCE.name, "verified")

        # 2. Parse.
        loads: dict[str, SourceLoad] = {}
        results = _parse_all(mods, located)
        for m in mods:
            parsed, seconds = results[m.SOURCE.name]
            for table, df in parsed.tables.items():
                _check_columns(m.SOURCE.name, table, df)
            q = parsed.quarantine.reindex(columns=QUARANTINE_COLUMNS).copy()
            q.insert(0, "source", m.SOURCE.name)
            loads[m.SOURCE.name] = SourceLoad(m.SOURCE.name, parsed, seconds, q)
            step(m.SOURCE.name, "parsed")

        # Optional official UN Digital Library GA file(s) a user placed in the mirror.
        if undl_files is None:
            undl_files = _find_undl(sources_dir)
        for f in undl_files:
            from ..sources import undl_ga

            t0 = time.perf_counter()
            parsed = undl_ga.parse_undl_csv(Path(f))
            q = parsed.quarantine.reindex(columns=QUARANTINE_COLUMNS).copy()
            q.insert(0, "source", "undl-ga")
            loads["undl-ga"] = SourceLoad("undl-ga", parsed, time.perf_counter() - t0, q)

        # Article-level declarations a user holds (no mirrored source has them), read first above.
        for name, (parsed, seconds) in user_declarations.items():
            q = parsed.quarantine.reindex(columns=QUARANTINE_COLUMNS).copy()
            q.insert(0, "source", name)
            loads[name] = SourceLoad(name, parsed, seconds, q)

        # 3. Resolve states.
        states = _concat([ld.parsed.tables.get("states") for ld in loads.values()], "states")
        names = _concat([ld.parsed.tables.get("state_names") for ld in loads.values()], "state_names")
        resolver = StateResolver(states, names)
        for name, ld in loads.items():
            t0 = time.perf_counter()
            resolve_states(ld, resolver)
            ld.seconds += time.perf_counter() - t0

        # 4. Merge second harvests into the source they duplicate.
        reconciliation_frames = []
        second_counts = []
        merge_into = {m.SOURCE.name: m.SOURCE.merge_into for m in mods if m.SOURCE.merge_into}
        if "undl-ga" in loads:
            merge_into["undl-ga"] = "unvotes"
        for secondary, primary in merge_into.items():
            # A curated supplement re-states records of several sources (merge_into is a tuple).
            primaries = [p for p in ((primary,) if isinstance(primary, str) else primary) if p in loads]
            if secondary not in loads or not primaries:
                continue
            t0 = time.perf_counter()
            primary_tables = loads[primaries[0]].parsed.tables if len(primaries) == 1 else {
                t: pd.concat([loads[p].parsed.tables[t] for p in primaries if t in loads[p].parsed.tables],
                             ignore_index=True) for t in ("decisions", "votes")}
            added, rec, merged, counts = merge.merge_second_harvest(
                primary_tables, loads[secondary].parsed.tables, with_counts=True)
            if isinstance(primary, str):  # a second harvest of one source: its roll call is tally evidence
                second_counts.append(counts)
            loads[secondary].parsed.tables = dict(added)
            loads[secondary].parsed.merged = merged
            reconciliation_frames.append(rec)
            loads[secondary].seconds += time.perf_counter() - t0
        for ld in loads.values():
            if bar is not None and ld.name in tasks:
                step(ld.name, "resolved")

        # 4b. A member that could not sit (suspended, or withdrawn until its seat was refilled) has no
        # place on a roll call: its 'absent' listings go to quarantine (a vote it is recorded as casting
        # stays, and the membership check reports it).
        events = membership.load_events()
        all_decisions = _concat([ld.parsed.tables.get("decisions") for ld in loads.values()], "decisions")
        for ld in loads.values():
            votes = ld.parsed.tables.get("votes")
            if votes is None or votes.empty:
                continue
            kept, dropped = membership.drop_not_sitting(all_decisions, votes, events)
            if len(dropped):
                ld.parsed.tables["votes"] = kept
                ld.quarantine = pd.concat([ld.quarantine, pd.DataFrame({
                    "source": ld.name, "file": "votes", "row": dropped.index.astype(str),
                    "reason": dropped["reason"].values,
                    "raw": (dropped["decision_id"].astype(str) + " " + dropped["iso3"].astype(str)
                            + " " + dropped["position"].astype(str)).values,
                })], ignore_index=True)

        # 5. Gather canonical tables.
        tables: dict[str, pd.DataFrame] = {}
        for table in TABLES:
            if table in ("quarantine", "reconciliation", "load_summary", "meta", "bodies", "tallies",
                         "membership_events", "decision_scopes"):
                continue
            tables[table] = _concat([ld.parsed.tables.get(table) for ld in loads.values()], table)
        tables["bodies"] = _bodies()
        # Cited rows the package ships in the import format (regime/data/import_*.csv, warehouse/imports.py).
        from .imports import shipped_rows

        for table, frame in shipped_rows(resolver.lookup).items():
            tables[table] = _concat([tables.get(table), frame], table)

        # 6. Derived tables and checks.
        if "rightsregime-supplement" in loads:  # what the supplement knows a harvest's decision to be
            from ..sources.supplement import apply_to_harvests

            tables["decisions"], linked = apply_to_harvests(tables["decisions"])
            reconciliation_frames.append(linked)
        tables["decisions"], corrected = validate.correct_outcomes(
            tables["decisions"], _concat(reconciliation_frames, "reconciliation"))
        reconciliation_frames.append(corrected)
        tables["votes"], _ = tally_rules.relabel_non_voting(tables["decisions"], tables["votes"])
        reconciliation_frames.append(validate.reconcile_totals(tables["decisions"], tables["votes"]))
        regional = tables["group_members"].merge(
            tables["groups"].loc[tables["groups"]["kind"] == "regional", ["group_id"]], on="group_id"
        )[["iso3", "group_id"]].drop_duplicates("iso3")
        years, terms, rec = membership.derive_membership(tables["decisions"], tables["votes"], regional)
        tables["membership_years"] = _concat([tables.get("membership_years"), years], "membership_years")
        tables["memberships"] = _concat([tables.get("memberships"), terms], "memberships")
        reconciliation_frames.append(rec)
        # Rules of the world no true record breaks (a protocol before its treaty, a vote before admission),
        # checked on the sources' own figures before a tally is chosen.
        from ..sources.upr import SESSION_OPENED
        from .world_rules import check_world_rules

        reconciliation_frames.append(check_world_rules(tables, SESSION_OPENED))
        # One best tally per decision (tallies.py); every reader then sees the chosen counts.
        second = pd.concat(second_counts) if second_counts else None
        tables["tallies"] = tally_rules.choose_tallies(tables["decisions"], tables["votes"], second=second,
                                                       events=events)
        tables["decisions"] = tally_rules.apply_tallies(tables["decisions"], tables["tallies"])
        reconciliation_frames.append(tally_rules.tally_choices(tables["tallies"]))
        tables["membership_events"] = events
        tables["reconciliation"] = _concat(reconciliation_frames, "reconciliation")
        tables["quarantine"] = _concat([ld.quarantine for ld in loads.values()], "quarantine")

        summary = []
        for ld in loads.values():
            loaded = int(sum(len(df) for df in ld.parsed.tables.values()))
            summary.append({
                "source": ld.name, "read": ld.parsed.n_read, "loaded": loaded,
                "merged": int(ld.parsed.merged), "quarantined": int(len(ld.quarantine)),
                "seconds": round(ld.seconds, 3),
            })
        tables["load_summary"] = pd.DataFrame(summary)
        meta = {
            "schema_version": str(SCHEMA_VERSION),
            "rightsregime_version": __version__,
            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "sources_dir": str(sources_dir or os.environ.get("RIGHTSREGIME_SOURCES", "")),
            scopes.META_KEY: scopes.fingerprint(),
        }
        for name, paths in located.items():
            meta[f"files:{name}"] = str(len(paths))
        tables["meta"] = pd.DataFrame({"key": list(meta), "value": list(meta.values())})

        # 7. Write a new file next to the target, then swap it in.
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = _temp_path(target)
        leftovers = (tmp, tmp.with_name(tmp.name + ".wal"))
        for leftover in leftovers:
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        try:
            try:
                con = duckdb.connect(str(tmp))
            except duckdb.Error as exc:
                raise MachineFault(f"{tmp.parent}: cannot create the new warehouse there "
                                   f"({_first_line(exc)}); check the permissions and free space.",
                                   file=str(tmp)) from None
            try:
                for i, table in enumerate(TABLES):
                    if table == "decision_scopes":  # from the decisions and state names just written
                        tables[table] = scopes.classify_all(con)
                    _write(con, table, tables.get(table))
                    if i == 0:
                        _pause_for_tests("writing")
                _create_indexes(con)
                con.execute("CHECKPOINT")
            except duckdb.IOException as exc:  # disk full, file removed under us
                raise MachineFault(f"{tmp}: writing the new warehouse failed ({_first_line(exc)}); "
                                   "the previous warehouse is unchanged. Free some space and run "
                                   "again.", file=str(tmp)) from None
            finally:
                con.close()
            _pause_for_tests("swap")
            with _signals_held():
                os.replace(tmp, target)
                wal = target.with_name(target.name + ".wal")
                # a stale log of the previous file must not be replayed onto the new one
                with contextlib.suppress(FileNotFoundError):
                    wal.unlink()
        except BaseException:
            for leftover in leftovers:
                with contextlib.suppress(OSError):
                    leftover.unlink()
            raise

    summary = tables["load_summary"].copy()
    summary.attrs["seconds"] = time.perf_counter() - started
    summary.attrs["path"] = str(path)
    return summary


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _parse_one(module_name: str, paths: dict) -> tuple[Parsed, float]:
    import importlib

    module = importlib.import_module(module_name)
    t0 = time.perf_counter()
    try:
        parsed = module.parse(paths)
    except RightsRegimeError:
        raise
    except Exception as exc:  # a layout the parser does not know: name the source
        raise ParseError(
            f"{module.SOURCE.name}: could not parse ({type(exc).__name__}: {exc}). The files match the "
            f"registry hashes, so this is a parser bug: please report it.",
            source=module.SOURCE.name,
        ) from exc
    return parsed, time.perf_counter() - t0


def _parse_all(mods, located) -> dict[str, tuple[Parsed, float]]:
    """Parse every source in turn. Measured: parsing in two forked workers was slower (17 s against
    10 s) because the parsed frames must be pickled back to the parent."""
    return {m.SOURCE.name: _parse_one(m.__name__, located[m.SOURCE.name]) for m in mods}


def _create_indexes(con) -> None:
    # Zone maps make most scans fast; explicit indexes only where lookups are by key.
    con.execute('CREATE INDEX idx_votes_decision ON votes(decision_id)')
    con.execute('CREATE INDEX idx_decisions_symbol ON decisions(symbol)')


def _find_undl(sources_dir: Path | None) -> list[Path]:
    try:
        from ..sources import undl_ga
    except ModuleNotFoundError:
        return []
    from .._paths import mirror_dir

    folder = sources_dir if sources_dir is not None else mirror_dir()
    if folder is None or not hasattr(undl_ga, "find_undl_files"):
        return []
    return list(undl_ga.find_undl_files(Path(folder)))


def check_balanced(summary: pd.DataFrame) -> pd.DataFrame:
    """Sources whose rows read differ from loaded + merged + quarantined."""
    diff = summary["read"] - summary["loaded"] - summary["merged"] - summary["quarantined"]
    return summary.loc[diff != 0].assign(unaccounted=diff[diff != 0])
