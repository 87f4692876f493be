"""Build the warehouse from every source: atomic and repeatable.

Steps: locate and verify every file (nothing is parsed until every file is present and intact) ->
parse each source -> resolve state identifiers -> merge second harvests -> derive (reconciliation,
membership) -> write a new DuckDB file next to the target -> ``os.replace`` it over the old one.
Any failure before the swap leaves the previous warehouse untouched and removes the temporary file.
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
from ..errors import ParseError, RightsRegimeError, WarehouseError
from ..regime import BODIES
from ..sources import modules as source_modules
from ..sources._base import QUARANTINE_COLUMNS, Parsed
from ..sources._fetch import file_sha256, locate
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
    select = ", ".join(f'TRY_CAST("{c}" AS {t}) AS "{c}"' if t != "VARCHAR" else f'CAST("{c}" AS VARCHAR)'
                       for c, t in TABLES[table].items())
    con.execute(f'INSERT INTO "{table}" SELECT {select} FROM _incoming')
    con.unregister("_incoming")


def _bodies() -> pd.DataFrame:
    return pd.DataFrame(
        [{"body_id": k, "name": n, "kind": kind, "size": size, "source": "rightsregime"}
         for k, (n, kind, size) in BODIES.items()]
    )


def build(path=None, *, sources_dir=None, progress: bool = False, undl_files=None,
          declarations_files=None) -> pd.DataFrame:
    """Build the warehouse at ``path`` and return the load summary (one row per source).

    ``declarations_files``: CSVs of article-level declarations (``sources/declarations.py``).
    """
    from . import membership, merge, validate
    from .names import StateResolver

    path = Path(path) if path is not None else default_db_path()
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
        merge_into = {m.SOURCE.name: m.SOURCE.merge_into for m in mods if m.SOURCE.merge_into}
        if "undl-ga" in loads:
            merge_into["undl-ga"] = "unvotes"
        for secondary, primary in merge_into.items():
            if secondary not in loads or primary not in loads:
                continue
            t0 = time.perf_counter()
            added, rec, merged = merge.merge_second_harvest(loads[primary].parsed.tables,
                                                            loads[secondary].parsed.tables)
            loads[secondary].parsed.tables = dict(added)
            loads[secondary].parsed.merged = merged
            reconciliation_frames.append(rec)
            loads[secondary].seconds += time.perf_counter() - t0
        for ld in loads.values():
            if bar is not None and ld.name in tasks:
                step(ld.name, "resolved")

        # 5. Gather canonical tables.
        tables: dict[str, pd.DataFrame] = {}
        for table in TABLES:
            if table in ("quarantine", "reconciliation", "load_summary", "meta", "bodies"):
                continue
            tables[table] = _concat([ld.parsed.tables.get(table) for ld in loads.values()], table)
        tables["bodies"] = _bodies()

        # 6. Derived tables and checks.
        tables["decisions"], corrected = validate.correct_outcomes(
            tables["decisions"], _concat(reconciliation_frames, "reconciliation"))
        reconciliation_frames.append(corrected)
        reconciliation_frames.append(validate.reconcile_totals(tables["decisions"], tables["votes"]))
        regional = tables["group_members"].merge(
            tables["groups"].loc[tables["groups"]["kind"] == "regional", ["group_id"]], on="group_id"
        )[["iso3", "group_id"]].drop_duplicates("iso3")
        years, terms, rec = membership.derive_membership(tables["decisions"], tables["votes"], regional)
        tables["membership_years"] = _concat([tables.get("membership_years"), years], "membership_years")
        tables["memberships"] = _concat([tables.get("memberships"), terms], "memberships")
        reconciliation_frames.append(rec)
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
        }
        for name, paths in located.items():
            meta[f"files:{name}"] = str(len(paths))
        tables["meta"] = pd.DataFrame({"key": list(meta), "value": list(meta.values())})

        # 7. Write a new file next to the target, then swap it in.
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.building-{os.getpid()}")
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            if leftover.exists():
                leftover.unlink()
        try:
            con = duckdb.connect(str(tmp))
            try:
                for table in TABLES:
                    _write(con, table, tables.get(table))
                _create_indexes(con)
                con.execute("CHECKPOINT")
            finally:
                con.close()
            os.replace(tmp, path)
        except BaseException:
            for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
                if leftover.exists():
                    leftover.unlink()
            raise
        wal = path.with_name(path.name + ".wal")
        if wal.exists():  # a stale log from the previous file must not be replayed onto the new one
            wal.unlink()

    summary = tables["load_summary"].copy()
    summary.attrs["seconds"] = time.perf_counter() - started
    summary.attrs["path"] = str(path)
    return summary


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
