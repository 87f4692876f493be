"""Hostile but fair input: every mistake gets one line on stderr, the right exit code, no
traceback, no "unexpected ... (a bug)", and the warehouse is left byte-identical.

Exit codes (docs/errors.md): 2 for a usage mistake (a bad option value or mix of options), 1 for
a data or environment fault (a file that cannot be read, a folder that cannot be written), 130 on
Ctrl-C, 143 on SIGTERM. Commands run in-process through ``rightsregime.cli.main``, the same entry
point as the installed ``rightsregime`` script.

To add a case, add a row to ``BAD_INPUTS``: the command line (``{name}`` picks a file made by the
``files`` fixture), the exit code and a fragment of the message. The property test at the end
covers new commands and options without new code: it reads each command's own declarations.
"""
from __future__ import annotations

import codecs
import errno
import hashlib
import os
import signal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rightsregime.cli import app, main


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def warehouse_hash(warehouse_path) -> str:
    return sha256(warehouse_path)


@pytest.fixture
def cli(capsys, monkeypatch, tmp_path, warehouse_path, warehouse_hash):
    """Run ``rightsregime ARGS`` in-process in an empty folder: (exit code, stdout, stderr)."""
    monkeypatch.setenv("RIGHTSREGIME_DB", str(warehouse_path))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.chdir(tmp_path)

    def run(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            main([str(a) for a in argv])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = capsys.readouterr()
        assert sha256(warehouse_path) == warehouse_hash, f"the warehouse changed after {argv}"
        return code, out, err

    return run


@pytest.fixture
def files(tmp_path) -> dict[str, str]:
    """Bad files of every kind a user might hand over, by name."""
    made = tmp_path / "made"
    made.mkdir()

    def write(name: str, data: bytes) -> str:
        path = made / name
        path.write_bytes(data)
        return str(path)

    good = "iso3,position\nCHN,yes\nUSA,no\nFRA,abstain\n"
    out = {
        "positions": write("positions.csv", good.encode()),
        "binary": write("binary.csv", bytes(range(256)) * 8),
        "utf16": write("utf16.csv", codecs.BOM_UTF16_LE + good.encode("utf-16-le")),
        "bad_byte": write("bad_byte.csv", b"iso3,position\nCHN,yes\nUSA,n\xffo\n"),
        "unterminated": write("unterminated.csv", b'iso3,position\nCHN,yes\nUSA,"no\nFRA,yes\n'),
        "unknown_code": write("unknown_code.csv", b"iso3,position\nCHN,yes\nUSX,no\n"),
        "not_iso3": write("not_iso3.csv", b"iso3,position\nCHINA,yes\n"),
        "bad_position": write("bad_position.csv", b"iso3,position\nCHN,maybe\n"),
        "twice": write("twice.csv", b"iso3,position\nCHN,yes\nCHN,no\n"),
        "empty": write("empty.csv", b""),
        "header_only": write("header_only.csv", b"iso3,position\n"),
        "plain": write("plain.csv", b"a,b\n1,2\n"),
        "binary_toml": write("rules.toml", b"\x00\x01\x02name = \xff"),
        "folder": str(made),
        "under_file": str(made / "plain.csv" / "sub"),
        "hostile_dir": str(made / "it's a \"dir\"'; DROP TABLE votes; --" / "ü 名"),
    }
    (made / "folder.toml").mkdir()
    (made / "folder.csv").mkdir()
    out["folder_toml"] = str(made / "folder.toml")
    out["folder_csv"] = str(made / "folder.csv")
    out["new_db"] = str(made / "new.duckdb")
    return out


USAGE, FAULT = 2, 1
BAD_INPUTS = [
    # wrong types, out-of-range and huge numbers
    pytest.param(["outcome", "--yes", "abc", "--no", "1"], USAGE, "Invalid value for '--yes'", id="int-not-a-number"),
    pytest.param(["outcome", "--yes", "-1", "--no", "2"], USAGE, "give a count from 0 to 1000", id="negative-count"),
    pytest.param(["outcome", "--yes", "99999999999999999999", "--no", "1"], USAGE, "give a count from 0 to 1000", id="huge-count"),
    pytest.param(["pivotal", "--yes", "5000", "--no", "5000", "--members", "10000"], USAGE, "give a body size from 1 to 1000",
                 id="pivotal-huge-body"),
    pytest.param(["elect", "--candidate", "CHN=0.5", "--seats", "99999"], USAGE, "give a number of seats from 1 to 47", id="elect-huge-seats"),
    pytest.param(["idealpoints", "--bootstrap", "201"], USAGE, "n_bootstrap", id="bootstrap-unbounded"),
    pytest.param(["hrc-terms", "--year", "1000000000000"], USAGE, "give a year from 2006", id="year-overflow"),
    pytest.param(["eligible", "abc"], USAGE, "Invalid value for 'YEAR'", id="year-not-a-number"),
    pytest.param(["align", "CHN", "--by", "bogus"], USAGE, "--by 'bogus'", id="align-by-bogus"),
    pytest.param(["align", "CHN", "--by", "0"], USAGE, "--by '0'", id="align-by-zero"),
    pytest.param(["outcome", "--yes", "3", "--no", "2", "--members", "-5"], USAGE, "give a body size from 1 to 1000", id="negative-body"),
    pytest.param(["switchers", "A/HRC/RES/31/1", "--years-back", "100000000"], USAGE, "give a number of years from 1 to 80",
                 id="switchers-years-back-huge"),
    pytest.param(["switchers", "A/HRC/RES/31/1", "--n", "-3"], USAGE, "from 1 to 1,000", id="switchers-negative-n"),
    pytest.param(["partners", "--min-n", "-4"], USAGE, "--min-n -4: give a number of recommendations of at least 1",
                 id="partners-negative-min-n"),
    pytest.param(["blocs", "--resolution", "-1"], USAGE, "give a Leiden resolution above 0", id="blocs-negative-resolution"),
    pytest.param(["blocs", "--resolution", "nan"], USAGE, "give a Leiden resolution above 0", id="blocs-nan-resolution"),
    pytest.param(["elect", "--candidate", "FRA", "--seats", "2"], USAGE, "use ISO3=SUPPORT", id="elect-bad-candidate"),
    pytest.param(["blocs", "--seeds", "100000000"], USAGE, "give a number of seeds from 1 to 100", id="blocs-seeds-huge"),
    pytest.param(["shifts", "USA", "--against", "CHN", "--boot", "100000000000"], USAGE,
                 "give a number of bootstrap replicates from 0 to 10,000", id="shifts-boot-huge"),
    pytest.param(["outcome"], USAGE, "Give the totals", id="outcome-nothing-to-decide"),
    # values outside the vocabulary or the record: a usage error listing what is valid, never empty
    pytest.param(["decisions", "--kind", "bogus"], USAGE, "unknown kind of text. Use one of: resolution", id="decisions-kind"),
    pytest.param(["decisions", "--body", "XX"], USAGE, "unknown body. Use one of: GA, SC, HRC, CHR", id="decisions-body"),
    pytest.param(["decisions", "--outcome", "bogus"], USAGE, "unknown outcome. Use one of: adopted", id="decisions-outcome"),
    pytest.param(["decisions", "--years", "1800-1810"], USAGE, "outside the record, which covers 1946", id="decisions-years-before"),
    pytest.param(["decisions", "--limit", "-5"], USAGE, "give 0 (all rows) or a positive number", id="decisions-negative-limit"),
    pytest.param(["quarantine", "--source", "nope"], USAGE, "unknown source. Use one of: fariss-lhrs", id="quarantine-source"),
    pytest.param(["eligible", "1800"], USAGE, "give a year from 2006", id="eligible-1800"),
    pytest.param(["export", ""], USAGE, "give a path", id="export-empty-path"),
    pytest.param(["votes", "--state", "USA", "--position", "bogus"], USAGE, "unknown position; use one of yes", id="votes-position"),
    pytest.param(["commitments", "USA", "--year", "1800"], USAGE, "give a year in 1946", id="commitments-year"),
    pytest.param(["replay", "--years", "3000"], USAGE, "outside the record of HRC", id="replay-years-after"),
    # unknown codes and names
    pytest.param(["state", "ZZZ"], FAULT, "Unknown state", id="unknown-state"),
    pytest.param(["decision", "'; DROP TABLE votes; --"], FAULT, "", id="symbol-injection"),
    pytest.param(["outcome", "--rules", "china2007", "--yes", "1", "--no", "2"], FAULT, "Did you mean china-2007",
                 id="unknown-rules"),
    pytest.param(["bogus-command"], USAGE, "No such command", id="unknown-command"),
    # positions files: binary, wrongly encoded, malformed, unknown codes, mixed with totals
    pytest.param(["pivotal", "--positions", "{binary}"], FAULT, "binary, not a UTF-8 CSV", id="positions-binary"),
    pytest.param(["pivotal", "--positions", "{utf16}"], FAULT, "UTF-16 text", id="positions-utf16"),
    pytest.param(["outcome", "--positions", "{bad_byte}"], FAULT, "line 3: byte 0xff is not UTF-8", id="positions-bad-byte"),
    pytest.param(["outcome", "--positions", "{unterminated}"], FAULT, "malformed CSV", id="positions-unterminated-quote"),
    pytest.param(["outcome", "--positions", "{unknown_code}"], FAULT, "unknown state code 'USX'. Did you mean USA",
                 id="positions-unknown-code"),
    pytest.param(["outcome", "--positions", "{not_iso3}"], FAULT, "'CHINA' is not an ISO3 code", id="positions-not-iso3"),
    pytest.param(["outcome", "--positions", "{bad_position}"], FAULT, "unknown position 'maybe'", id="positions-bad-position"),
    pytest.param(["outcome", "--positions", "{twice}"], FAULT, "CHN is listed twice", id="positions-twice"),
    pytest.param(["outcome", "--positions", "{empty}"], FAULT, "expected a header 'iso3,position'", id="positions-empty"),
    pytest.param(["outcome", "--positions", "{header_only}"], FAULT, "no rows", id="positions-header-only"),
    pytest.param(["outcome", "--positions", "{folder_csv}"], USAGE, "is a directory", id="positions-folder"),
    pytest.param(["outcome", "--positions", "{positions}", "--yes", "3", "--no", "1"], USAGE, "cannot be combined with --yes",
                 id="positions-and-totals"),
    pytest.param(["outcome", "A/HRC/RES/37/23", "--yes", "3", "--no", "1"], USAGE, "cannot be combined", id="symbol-and-totals"),
    # rule sets
    pytest.param(["outcome", "--rules", "{folder_toml}", "--yes", "3", "--no", "2"], FAULT, "is a folder", id="rules-folder"),
    pytest.param(["outcome", "--rules", "{binary_toml}", "--yes", "3", "--no", "2"], FAULT, "not valid TOML", id="rules-binary"),
    # export: a path under a file, an unknown format
    pytest.param(["export", "{under_file}"], FAULT, "a part of this path is a file", id="export-under-file"),
    pytest.param(["export", "{plain}"], USAGE, "is a file", id="export-into-file"),
    # a chart name the writer cannot honour: refused before any work, as a usage mistake
    pytest.param(["align", "CHN", "--chart", "{folder}/chart.gif"], USAGE, "use a .png or .svg file name",
                 id="chart-bad-suffix"),
    pytest.param(["export", "{hostile_dir}", "--format", "xml"], USAGE, "--format 'xml'", id="export-bad-format"),
    # build: refuses to replace what is not a warehouse, and folders
    pytest.param(["build", "-q", "--db", "{plain}"], FAULT, "not a rightsregime warehouse", id="build-over-csv"),
    pytest.param(["build", "-q", "--db", "{folder}"], USAGE, "is a directory", id="build-into-folder"),
    pytest.param(["build", "-q", "--db", "{new_db}", "--sources", "{plain}"], USAGE, "is a file", id="build-sources-file"),
    pytest.param(["sources", "hash", "{plain}"], USAGE, "is a file", id="sources-hash-file"),
    # warehouse paths that are not warehouses
    pytest.param(["states", "--db", "{plain}"], FAULT, "", id="open-csv-as-warehouse"),
    pytest.param(["states", "--db", "{under_file}"], FAULT, "No warehouse", id="open-under-file"),
]


@pytest.mark.parametrize("argv, code, fragment", BAD_INPUTS)
def test_bad_input_gets_one_line_and_the_right_exit(cli, files, argv, code, fragment):
    """Each bad input: the exit code of its kind, one line on stderr that says what is wrong."""
    plain_before = Path(files["plain"]).read_bytes()
    found, out, err = cli(*[a.format(**files) for a in argv])
    lines = [line for line in err.splitlines() if line.strip()]
    assert found == code, err
    assert len(lines) == 1 and lines[0].startswith("Error: "), err
    assert fragment in lines[0]
    assert "Traceback" not in out + err and "unexpected" not in err and "a bug" not in err
    assert Path(files["plain"]).read_bytes() == plain_before  # never replaced, whatever was asked


def test_export_to_a_hostile_folder_name_writes_there_and_nowhere_else(cli, files, tmp_path):
    """Quotes, a semicolon, SQL and unicode in a folder name are just a name: the tables land in
    that folder (bound, not spliced into SQL), and nothing is written beside it."""
    code, _, err = cli("export", files["hostile_dir"], "--format", "csv")
    assert code == 0, err
    target = Path(files["hostile_dir"])
    written = sorted(p.name for p in target.iterdir())
    assert "votes.csv" in written and "decisions.csv" in written and not any(n.endswith(".part") for n in written)
    # Nothing elsewhere: the made/ folder holds only the fixture's files and the new folder's parent.
    outside = sorted(p.name for p in Path(files["folder"]).iterdir())
    assert outside == sorted(["positions.csv", "binary.csv", "utf16.csv", "bad_byte.csv", "unterminated.csv",
                              "unknown_code.csv", "not_iso3.csv", "bad_position.csv", "twice.csv", "empty.csv",
                              "header_only.csv", "plain.csv", "rules.toml", "folder.toml", "folder.csv",
                              target.parent.name])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["made"]
    # The CSV holds the votes table whole: A/HRC/RES/37/23 is among them (28-1-17, regime-rules.md §6).
    header = (target / "votes.csv").read_text().splitlines()[0]
    assert header.split(",")[:3] == ["decision_id", "iso3", "position"]


def test_build_through_a_symlink_keeps_the_link(tmp_path, sources, warehouse_path, monkeypatch):
    """``build --db LINK`` writes the link's target and the link stays a link (cheap: the build is
    refused before any work when the target is not a warehouse, and accepted by the check when it is)."""
    from rightsregime.errors import NotAWarehouse
    from rightsregime.warehouse.build import build_target

    real = tmp_path / "real.duckdb"
    real.write_bytes(Path(warehouse_path).read_bytes())
    link = tmp_path / "link.duckdb"
    link.symlink_to(real)
    assert build_target(link) == real and link.is_symlink()
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    other = tmp_path / "other.duckdb"
    other.symlink_to(notes)
    with pytest.raises(NotAWarehouse, match="not a rightsregime warehouse"):
        build_target(other)
    assert build_target(other, force=True) == notes
    empty = tmp_path / "empty.duckdb"
    empty.touch()
    assert build_target(empty) == empty  # nothing to lose


def test_ctrl_c_in_any_command_says_interrupted_and_exits_130(cli, monkeypatch):
    """Typer turns KeyboardInterrupt into exit 130; the boundary keeps it and says so."""
    import rightsregime.procedure as procedure

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(procedure, "load_rules", interrupted)
    code, out, err = cli("outcome", "--yes", "3", "--no", "1")
    assert (code, err.strip()) == (130, "Interrupted.")


def test_sigterm_exits_143_with_a_message(cli, monkeypatch):
    """A real SIGTERM to this process while a command runs: the command unwinds and exits 143."""
    import rightsregime.procedure as procedure

    def terminated(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGTERM)
        raise AssertionError("SIGTERM did not stop the command")

    monkeypatch.setattr(procedure, "load_rules", terminated)
    code, out, err = cli("outcome", "--yes", "3", "--no", "1")
    assert (code, err.strip()) == (143, "Terminated.")
    assert signal.getsignal(signal.SIGTERM) is not None  # the previous handler is back
    # The stop is forgotten once the command ends: a later genuine file fault in this process (a
    # damaged .rda read by pyreadr) must be blamed on the file, not taken for an interruption.
    from rightsregime.errors import stop_requested

    assert not stop_requested()


def test_full_disk_during_export_is_one_line(cli, files, monkeypatch):
    """ENOSPC cannot be produced on demand here; the OS error is raised where the rename happens."""
    def no_space(self, target):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    monkeypatch.setattr(Path, "replace", no_space)
    code, _, err = cli("export", files["hostile_dir"])
    monkeypatch.undo()
    assert code == 1 and "no space left on the device" in err and len(err.strip().splitlines()) == 1
    assert not any(p.name.endswith(".part") for p in Path(files["hostile_dir"]).iterdir())


def test_os_errors_reaching_the_boundary_are_one_line(cli, monkeypatch):
    """Any OSError not caught below (permission, no space...) becomes one line naming the file."""
    import rightsregime.cli._options as options

    for number, words in ((errno.EACCES, "permission denied"), (errno.ENOSPC, "no space left"),
                          (errno.ENOTDIR, "is a file, not a folder")):
        def fail(db, number=number):
            raise OSError(number, os.strerror(number), "/some/where.duckdb")

        monkeypatch.setattr(options, "open_regime", fail)
        monkeypatch.setattr("rightsregime.cli.warehouse.open_regime", fail)
        code, _, err = cli("states")
        assert code == 1 and err.startswith("Error: /some/where.duckdb: ") and words in err


@pytest.mark.parametrize("content, fragment", [
    (b'undl_id,ms_code,ms_vote,resolution,date\n1,CHN,Y,A/RES/1/1,1946-01-01\n2,"USA,Y,A/RES/1/1,1946-01-01\n',
     "malformed CSV"),
    (b"undl_id,ms_code,ms_vote,resolution,date\n" + b"1,CHN,Y,A/RES/1/1,1946-01-01\n" * 3000
     + b"2,US\xff,Y,A/RES/1/1,1946-01-01\n", "line 3002"),
    (b"", "not a readable CSV"),
])
def test_a_damaged_undl_ga_file_is_a_parse_error_naming_it(tmp_path, content, fragment):
    """A user-supplied UN Digital Library CSV: an unterminated quote, a bad byte deep inside, empty."""
    from rightsregime.errors import ParseError
    from rightsregime.sources.undl_ga import parse_undl_csv

    path = tmp_path / "undl.csv"
    path.write_bytes(content)
    with pytest.raises(ParseError, match=fragment) as info:
        parse_undl_csv(path)
    assert str(path) in str(info.value)


def test_a_folder_in_the_mirror_where_a_file_belongs(tmp_path):
    from rightsregime.errors import SourceFileMissing
    from rightsregime.sources import by_name
    from rightsregime.sources._fetch import locate

    source = by_name()["unsc-vetoes"].SOURCE
    (tmp_path / source.name / source.files[0].name).mkdir(parents=True)
    with pytest.raises(SourceFileMissing, match="is a folder, not the file"):
        locate(source, tmp_path)


def test_every_f_string_sql_interpolates_only_placeholders_and_names():
    """Audit: in every execute()/sql() call built with an f-string, what is interpolated is a
    WHERE clause of '?' placeholders, a quoted identifier or a schema constant, never a value."""
    import ast

    allowed = {"where", "select", "alias", "opts", "FORMATS", "q", "quote_identifier", "UN_MEMBER_ON_SQL",
               "placeholders", "marks"}  # the last two: strings of ? placeholders
    src = Path(__file__).resolve().parents[1] / "src" / "rightsregime"
    for path in src.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("execute", "sql") and node.args
                    and isinstance(node.args[0], ast.JoinedStr)):
                continue
            for part in node.args[0].values:
                if isinstance(part, ast.FormattedValue):
                    names = {n.id for n in ast.walk(part.value) if isinstance(n, ast.Name)}
                    text = ast.unparse(part.value)
                    assert names & allowed or "'?'" in text, f"{path.name}:{node.lineno}: {{{text}}} in SQL"


# -- property: any command, any of its options, a hostile value --------------------------------
# Commands that write outside the test folder or reach the network are driven by the table above;
# `serve` runs until stopped, by design.
NOT_GENERATED = {("build",), ("sources", "fetch"), ("serve",)}
HOSTILE_TEXT = ["", " ", "'; DROP TABLE votes; --", "ü名\u202e", "../../etc/passwd", "nope", "-", "%", "1e309"]
HOSTILE_INT = ["-1", "0", "1000000000000", "-99999999999999999999999", "abc", "1.5"]


def commands():
    import typer

    root = typer.main.get_command(app)
    found = []

    def walk(cmd, path):
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, path + (name,))
        if path and path not in NOT_GENERATED:
            found.append((path, cmd))

    walk(root, ())
    return found


def hostile_values(param, files):
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", str)
    name = str(annotation)
    if annotation is bool:
        return [None]  # a flag: present or not
    if annotation is int or "int" in name:
        return HOSTILE_INT
    if annotation is float or "float" in name:
        return HOSTILE_INT + ["nan", "inf"]
    if "Path" in name:
        return [files["binary"], files["folder"], files["under_file"], files["hostile_dir"], files["plain"], ""]
    return HOSTILE_TEXT + [files["binary"]]


# Derandomized: CI draws the same command lines on every run (a failure is reproducible, not luck);
# RIGHTSREGIME_PROPERTY_EXAMPLES=N explores N fresh draws per command (random) on a developer's machine.
_EXPLORE = int(os.environ.get("RIGHTSREGIME_PROPERTY_EXAMPLES", "0"))


@pytest.mark.parametrize("path, cmd", commands(), ids=lambda c: " ".join(c) if isinstance(c, tuple) else "")
@settings(max_examples=_EXPLORE or 2, derandomize=not _EXPLORE, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_generated_command_lines_never_fail_silently_or_with_a_traceback(cli, files, path, cmd, data):
    """Each command of the app (so a new one is covered without new code), two command lines each,
    drawn from its own parameter declarations with hostile values."""
    argv = list(path)
    for param in cmd.params:
        if param.name in ("json", "chart", "db"):
            continue  # rendering options: the table covers them; a full analysis per draw is slow
        values = hostile_values(param, files)
        if param.param_type_name == "argument":
            argv.append(data.draw(st.sampled_from(values[:-1] if values[0] is None else values), label=param.name))
        elif data.draw(st.booleans(), label=f"give {param.name}"):
            value = data.draw(st.sampled_from(values), label=param.name)
            argv += [param.opts[0]] if value is None else [param.opts[0], value]
    code, out, err = cli(*argv)
    assert "Traceback" not in out + err
    assert "unexpected" not in err, (argv, err)
    assert code in (0, 1, 2), (argv, code, err)
    if code:
        lines = [line for line in err.splitlines() if line.strip()]
        assert lines and lines[-1].startswith("Error: "), (argv, err)
        assert len([line for line in lines if line.startswith("Error: ")]) == 1


def test_the_property_test_reaches_every_command():
    """commands() reads the app, so the commands added with the resource layer are drawn too; serve
    (runs until stopped) is checked by its --help and a bad port."""
    drawn = {" ".join(p) for p, _ in commands()}
    assert {"upr", "leniency", "partners", "mandates", "import", "mechanisms", "votes", "splits", "switchers",
            "compare", "forecast backtest", "commitments", "treaty-map", "compliance"} <= drawn


def test_serve_help_and_a_bad_port(cli):
    assert cli("serve", "--help")[0] == 0
    code, _, err = cli("serve", "--port", "99999999")
    assert code == 2 and "Invalid value for '--port'" in err


def years_commands():
    """Every command (from the app itself) that takes --years."""
    return [path for path, cmd in commands() + [(("build",), None)] if cmd is not None
            and any("--years" in p.opts for p in cmd.params)]


def test_years_commands_are_found():
    """The enumeration below is not empty by accident: these take --years (README, CLI section)."""
    found = {" ".join(p) for p in years_commands()}
    assert {"decisions", "votes", "align", "replay", "idealpoints", "compliance", "export"} <= found


@pytest.mark.parametrize("path", years_commands(), ids=lambda p: " ".join(p))
def test_a_reversed_year_range_is_the_same_usage_error_everywhere(cli, path):
    """Issue 8 item 8: '--years 2020-2010' exits 2 with the same words in every command."""
    argv = list(path)
    _, cmd = next(c for c in commands() if c[0] == path)
    for p in cmd.params:  # required arguments and options: a valid state, group or directory
        if p.required:
            value = {"group": "EU", "directory": "out"}.get(p.name, "USA" if p.param_type_name == "argument" else "CHN")
            argv += [value] if p.param_type_name == "argument" else [p.opts[0], value]
    code, out, err = cli(*argv, "--years", "2020-2010")
    assert code == 2, (argv, err)
    assert err.strip().splitlines() == ["Error: --years '2020-2010': the range runs backwards; write 2010-2020."]


def test_errors_doc_lists_every_class_with_its_exit_code():
    """docs/errors.md has one row per error class in errors.py, with the class's own exit code."""
    import re

    import rightsregime.errors as errors

    doc = (Path(__file__).resolve().parents[1] / "docs" / "errors.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+)` \| (\d+) \|", doc, flags=re.M))
    classes = {name: cls for name, cls in vars(errors).items()
               if isinstance(cls, type) and issubclass(cls, errors.RightsRegimeError)}
    assert set(rows) == set(classes)
    for name, cls in classes.items():
        assert int(rows[name]) == cls.exit_code, name
        assert name in doc.split("```")[1], f"{name} is missing from the tree"
