"""Speed and memory of indexcel, measured against a floor, in one run.

    python benchmarks/run.py            # the full run (about five minutes on 2 cores)
    python benchmarks/run.py --quick    # smaller sizes, one repeat: a smoke test

Every measurement is a fresh process; wall time from start to exit (imports included), its
CPU time (user and system, from wait4) and that process's own peak memory (ru_maxrss).
Medians over --repeat runs. Targets (issue 6): the sample in at most 1 s from a cold start;
50,000 indicators over 300 boards in at most 3x the floor and 500 MB; time per row flat from
12,500 to 50,000 rows. Issue 18: 50,000 indicators with five outcome years and two target
years (earlier statuses, Statusförändring, sparklines) in at most 3.5x its floor.

    python benchmarks/run.py --years-only   # that last measurement alone
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

INDEXCEL = [sys.executable, "-m", "indexcel"]


CPU: list[float] = []  # the CPU seconds of each measure(), in order


def measure(command: list[str]) -> tuple[float, float]:
    """(seconds, peak MB) of one process; its CPU seconds are appended to CPU."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    CPU.append(usage.ru_utime + usage.ru_stime)
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr}")
    return elapsed, usage.ru_maxrss / 1024


def medians_interleaved(first: list[str], second: list[str], repeat: int):
    """(median seconds, peak MB) of each command, run in turns, so that a machine that
    slows down or speeds up during the run (shared virtual machines do) affects both."""
    runs: tuple[list, list] = ([], [])
    cpu: tuple[list, list] = ([], [])
    for _ in range(repeat):
        runs[0].append(measure(first))
        cpu[0].append(CPU[-1])
        runs[1].append(measure(second))
        cpu[1].append(CPU[-1])
    LAST_CPU[:] = [statistics.median(c) for c in cpu]
    return tuple((statistics.median(t for t, _ in r), max(m for _, m in r)) for r in runs)


LAST_CPU: list[float] = []  # the median CPU seconds of the last medians_interleaved pair


def years(work: Path, repeat: int, rows: int = 50_000) -> dict:
    """Five outcome years and two target years: the floor and the build, in turns."""
    source = work / f"input-{rows}-years.csv"
    generate(source, rows, boards=300, goals=60, outcome_years=5, target_years=2)
    (floor_s, _), (build_s, build_mb) = medians_interleaved(
        [sys.executable, str(HERE / "floor.py"), str(source), str(work / "floor.xlsx")],
        [*INDEXCEL, "build", str(source), "-o", str(work / "build.xlsx"), "-q"], repeat)
    floor_cpu, build_cpu = LAST_CPU
    row = {"rows": rows, "outcome_years": 5, "target_years": 2, "floor_s": round(floor_s, 2),
           "build_s": round(build_s, 2), "ratio": round(build_s / floor_s, 2),
           "floor_cpu_s": round(floor_cpu, 2), "build_cpu_s": round(build_cpu, 2),
           "cpu_ratio": round(build_cpu / floor_cpu, 2), "build_mb": round(build_mb)}
    print(f"\n{rows} rows, 5 outcome years, 2 target years: floor {floor_s:.2f} s "
          f"(CPU {floor_cpu:.2f} s), build {build_s:.2f} s (CPU {build_cpu:.2f} s): "
          f"{build_s / floor_s:.2f}x wall, {build_cpu / floor_cpu:.2f}x CPU (target <= 3.5x), "
          f"peak {build_mb:.0f} MB")
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes, one repeat")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, default=HERE / "out" / "results.json")
    parser.add_argument("--years-only", action="store_true",
                        help="only 50,000 indicators with five outcome and two target years")
    args = parser.parse_args()
    sizes = [1_250, 2_500, 5_000] if args.quick else [12_500, 25_000, 50_000]
    repeat = 1 if args.quick else args.repeat
    results: dict = {"machine": f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}",
                     # With this set (as on the development machines), every cold start also
                     # compiles indexcel's modules; an installed copy would have them cached.
                     "bytecode_cache": "off" if os.environ.get("PYTHONDONTWRITEBYTECODE")
                     else "on"}
    print(f"{results['machine']}, bytecode cache {results['bytecode_cache']}")
    work = Path(tempfile.mkdtemp(prefix="indexcel-bench-"))
    if args.years_only:
        try:
            results["years"] = years(work, repeat)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        return
    try:
        sample_out = work / "sample.xlsx"
        cold = [measure([*INDEXCEL, "build", str(ROOT / "input" / "indikatorer-2024.xlsx"),
                         "-o", str(sample_out), "-q"])[0] for _ in range(max(repeat, 5))]
        results["sample_cold_start_s"] = round(statistics.median(cold), 3)
        print(f"sample, 103 indicators, cold start: median {statistics.median(cold):.2f} s "
              f"(target <= 1 s)")

        results["scaling"] = []
        print(f"\n{'rows':>7} {'floor s':>8} {'build s':>8} {'ratio':>6} {'floor MB':>9} "
              f"{'build MB':>9} {'us/row':>7}")
        for rows in sizes:
            source = work / f"input-{rows}.csv"
            generate(source, rows, boards=300 if rows >= 12_500 else 30,
                     goals=60 if rows >= 12_500 else 12)
            (floor_s, floor_mb), (build_s, build_mb) = medians_interleaved(
                [sys.executable, str(HERE / "floor.py"), str(source), str(work / "floor.xlsx")],
                [*INDEXCEL, "build", str(source), "-o", str(work / "build.xlsx"), "-q"], repeat)
            row = {"rows": rows, "floor_s": round(floor_s, 2), "build_s": round(build_s, 2),
                   "ratio": round(build_s / floor_s, 2), "floor_mb": round(floor_mb),
                   "build_mb": round(build_mb), "us_per_row": round(build_s / rows * 1e6)}
            results["scaling"].append(row)
            print(f"{rows:>7} {floor_s:>8.2f} {build_s:>8.2f} {build_s / floor_s:>6.2f} "
                  f"{floor_mb:>9.0f} {build_mb:>9.0f} {row['us_per_row']:>7}")

        results["years"] = years(work, repeat, sizes[-1])

        largest = work / f"input-{sizes[-1]}.csv"
        per_board = {}
        for jobs in (1, 2):
            target = work / f"boards-{jobs}"
            seconds, peak = measure([*INDEXCEL, "build", str(largest), "-o",
                                     str(work / "pb.xlsx"), "--per-board", str(target),
                                     "--jobs", str(jobs), "-q"])
            per_board[jobs] = seconds
            results[f"per_board_jobs{jobs}_s"] = round(seconds, 2)
            shutil.rmtree(target, ignore_errors=True)
            print(f"\nbuild + --per-board, {sizes[-1]} rows, --jobs {jobs}: {seconds:.2f} s "
                  f"(peak of the parent {peak:.0f} MB)")
        print(f"per-board with 2 processes: {per_board[1] / per_board[2]:.2f}x as fast")

        bomb = ROOT / "tests" / "data" / "hostile" / "zip-bomb.xlsx"
        seconds, _ = measure([*INDEXCEL, "validate", str(bomb)])
        results["zip_bomb_refused_s"] = round(seconds, 2)
        print(f"\nzip bomb (1 MB inflating to 1 GB) refused in {seconds:.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
