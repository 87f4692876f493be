"""How long each README command takes as a whole process, and its peak memory.

Each command runs ``--repeat`` times as ``python -m rightsregime ...`` on the built warehouse
(``--db`` or ``$RIGHTSREGIME_DB``); the table gives the median wall time, the median CPU time (user
+ system, which other jobs on the machine do not inflate) and the peak resident memory of the
process (``os.wait4``'s rusage of that child alone). The baseline, run side by side, is the
interpreter starting and exiting (``python -c pass``): the floor under any command. The aim
(issue 9): ``--help`` and ``--version`` under 0.3 s, every command other than a full ideal-point
fit under 1.5 s.

    python benchmarks/cli.py --repeat 5 [--csv out.csv] [--only state,decision]
"""
from __future__ import annotations

import argparse
import csv
import gc
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass

# The README's commands (those that read the warehouse take --db when it is given).
COMMANDS: list[tuple[str, list[str]]] = [
    ("--version", ["--version"]),
    ("--help", ["--help"]),
    ("rules", ["rules"]),
    ("hrc-lots", ["hrc-lots"]),
    ("outcome (totals)", ["outcome", "--rules", "hrc", "--yes", "17", "--no", "19", "--abstain", "11"]),
    ("states", ["states"]),
    ("state CHN", ["state", "CHN"]),
    ("decision", ["decision", "A/HRC/RES/37/23"]),
    ("decisions", ["decisions", "--body", "HRC", "--years", "2021", "--text", "cooperation"]),
    ("decisions --concerning", ["decisions", "--concerning", "LKA", "--limit", "0"]),
    ("votes", ["votes", "--state", "CHN", "--scope", "country-specific", "--body", "HRC"]),
    ("members", ["members", "--year", "2022"]),
    ("quarantine", ["quarantine"]),
    ("reconciliation", ["reconciliation"]),
    ("pivotal", ["pivotal", "A/HRC/RES/17/19"]),
    ("sequence", ["sequence", "A/HRC/RES/32/2"]),
    ("classify", ["classify", "A/HRC/RES/19/2"]),
    ("hrc-terms", ["hrc-terms", "CHN"]),
    ("eligible", ["eligible", "2027"]),
    ("replay", ["replay", "--rules", "china-2007", "--body", "HRC", "--years", "2006-2026"]),
    ("reproduce", ["reproduce"]),
    ("align", ["align", "CHN", "--body", "HRC", "--by", "year", "--with", "USA,RUS,EU"]),
    ("cohesion", ["cohesion", "OIC", "--body", "HRC"]),
    ("shifts", ["shifts", "CHN", "--against", "EU", "--body", "HRC"]),
    ("blocs", ["blocs", "--body", "CHR", "--years", "1998-2005"]),
    ("coincidence", ["coincidence", "--body", "GA", "--years", "2019"]),
    ("outvoted", ["outvoted", "--body", "HRC", "--years", "2021"]),
    ("leadership", ["leadership", "CHN"]),
    ("sources", ["sources"]),
]
AIMS = {"--version": 0.3, "--help": 0.3}  # seconds; every other command: 1.5 (issue 9)
NO_DB = {"--version", "--help", "rules", "hrc-lots", "outcome (totals)", "sources"}


@dataclass(frozen=True)
class Row:
    command: str
    wall_s: float | None
    cpu_s: float | None
    peak_mb: float | None
    success: bool
    error: str = ""


def run_once(argv: list[str]) -> tuple[float, float, float, int, str]:
    """Wall seconds, CPU seconds, peak RSS (MB) and exit code of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace").strip().splitlines() if proc.stderr else []
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in kilobytes on Linux.
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode, \
        (err[-1] if err else "")


def measure(name: str, argv: list[str], repeat: int) -> Row:
    walls, cpus, peaks = [], [], []
    for _ in range(repeat):
        gc.collect()
        wall, cpu, peak, code, err = run_once(argv)
        if code != 0:
            return Row(name, None, None, None, False, err[:200])
        walls.append(wall)
        cpus.append(cpu)
        peaks.append(peak)
    return Row(name, statistics.median(walls), statistics.median(cpus), max(peaks), True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("RIGHTSREGIME_DB"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0, help="unused: the commands are deterministic")
    parser.add_argument("--only", default=None, help="comma-separated command names")
    parser.add_argument("--csv", default=None)
    args = parser.parse_args(argv)

    load_before = os.getloadavg()
    base = measure("baseline: python -c pass", [sys.executable, "-c", "pass"], args.repeat)
    wanted = set(args.only.split(",")) if args.only else None
    rows = []
    for name, cmd in COMMANDS:
        if wanted and name not in wanted:
            continue
        full = [sys.executable, "-m", "rightsregime", *cmd]
        if args.db and name not in NO_DB:
            full += ["--db", args.db]
        rows.append(measure(name, full, args.repeat))
    load_after = os.getloadavg()
    # Other jobs on the machine stretch the wall time, not the CPU time: the aim is judged on
    # the CPU time (what a quiet machine shows), with the load average printed beside it.
    print(f"load average (1, 5, 15 min): before {load_before[0]:.1f} {load_before[1]:.1f} "
          f"{load_before[2]:.1f}; after {load_after[0]:.1f} {load_after[1]:.1f} {load_after[2]:.1f}; "
          f"{os.cpu_count()} cores")
    # Without a bytecode cache every run compiles the package's sources again (0.1 s and more);
    # an installed package has its .pyc files, so the figures are then an upper bound.
    print("bytecode cache: " + ("off (PYTHONDONTWRITEBYTECODE): every run compiles the sources"
                                if os.environ.get("PYTHONDONTWRITEBYTECODE") else "on"))
    print(f"{'command':<26} {'wall s':>8} {'cpu s':>7} {'peak MB':>8} {'x baseline':>10} {'aim (cpu)':>10}")
    for r in [base, *rows]:
        if not r.success:
            print(f"{r.command:<26} failed: {r.error}")
            continue
        ratio = r.wall_s / base.wall_s if base.wall_s else float("nan")
        aim = AIMS.get(r.command, 1.5) if r is not base else None
        verdict = "" if aim is None else (f"< {aim} ok" if r.cpu_s < aim else f"> {aim} MISSED")
        print(f"{r.command:<26} {r.wall_s:8.3f} {r.cpu_s:7.3f} {r.peak_mb:8.1f} {ratio:10.1f} {verdict:>10}")
    if args.csv:
        with open(args.csv, "w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(asdict(base)))
            writer.writeheader()
            for r in [base, *rows]:
                writer.writerow(asdict(r))
    return 0 if all(r.success for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
