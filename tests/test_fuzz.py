"""Fuzzing validate and build with mutated CSV, .xlsx parts and raw bytes (issue 11).

Seeded, so that a failure can be replayed: the seed and the iteration are in the message.

    INDEXCEL_FUZZ_SEED=123 INDEXCEL_FUZZ_ITERATIONS=3000 pytest tests/test_fuzz.py

INDEXCEL_FUZZ_START skips to an iteration; INDEXCEL_FUZZ_KEEP names a folder where the
inputs that failed are written. Every failure found is kept as a reproducer under
tests/data/hostile/ with its expected outcome.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import threading
import time
import traceback
from pathlib import Path

from click.testing import CliRunner

from fuzzing import mutated_input
from indexcel.cli import cli
from workbooks import assert_sound

SEED = int(os.environ.get("INDEXCEL_FUZZ_SEED", "20261129"))
ITERATIONS = int(os.environ.get("INDEXCEL_FUZZ_ITERATIONS", "300"))
START = int(os.environ.get("INDEXCEL_FUZZ_START", "0"))
BUDGET = float(os.environ.get("INDEXCEL_FUZZ_BUDGET", "20"))  # seconds for one input


class Hang(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float):
    """Interrupt a run that takes longer than `seconds` (where SIGALRM exists); a hang must
    fail the test, not stall CI."""
    usable = hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def alarm(_signum, _frame):
        raise Hang(f"no result after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _run(runner: CliRunner, *args) -> tuple[object, float]:
    started = time.monotonic()
    with time_limit(BUDGET):
        result = runner.invoke(cli, [str(a) for a in args], catch_exceptions=True)
    return result, time.monotonic() - started


def _check(runner: CliRunner, source: Path, out: Path
           ) -> tuple[list[str], float, tuple[int, int]]:
    problems = []
    validated, seconds = _run(runner, "validate", source)
    built, more = _run(runner, "build", source, "-o", out, "-q")
    for command, result in (("validate", validated), ("build", built)):
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            trace = "".join(traceback.format_exception(result.exception))[-1500:]
            problems.append(f"{command}: unhandled {result.exception!r}\n{trace}")
        if "internal error" in result.output or "Traceback" in result.output:
            problems.append(f"{command}: {result.output[-600:]}")
    if validated.exit_code == 0 and built.exit_code != 0:
        problems.append(f"validate said OK, build failed: {built.output[-600:]}")
    if validated.exit_code == 1 and built.exit_code == 0:
        problems.append(f"validate refused, build succeeded: {validated.output[-600:]}")
    if built.exit_code == 0:
        try:
            assert_sound(out)
        except Exception as exc:
            problems.append(f"the built workbook is not sound: {exc!r}"[:800])
    return problems, seconds + more, (validated.exit_code, built.exit_code)


def test_fuzz_validate_and_build(tmp_path):
    runner = CliRunner()
    keep = os.environ.get("INDEXCEL_FUZZ_KEEP")
    failures, slowest, kinds, outcomes = [], (0.0, -1), {}, {}
    for iteration in range(START, START + ITERATIONS):
        rng = random.Random(f"{SEED}-{iteration}")
        name, data, kind = mutated_input(rng)
        kinds[kind] = kinds.get(kind, 0) + 1
        case = tmp_path / str(iteration)
        case.mkdir()
        source = case / name
        source.write_bytes(data)
        problems, seconds, codes = _check(runner, source, case / "out" / "report.xlsx")
        outcomes[codes] = outcomes.get(codes, 0) + 1
        slowest = max(slowest, (seconds, iteration))
        if seconds > BUDGET:
            problems.append(f"took {seconds:.1f} s, more than the budget of {BUDGET:g} s")
        if problems:
            failures.append(f"iteration {iteration} ({kind}, {name}): " + "; ".join(problems))
            if keep:
                Path(keep).mkdir(parents=True, exist_ok=True)
                (Path(keep) / f"{SEED}-{iteration}-{name}").write_bytes(data)
    print(f"fuzz: seed {SEED}, iterations {START}..{START + ITERATIONS - 1}, {kinds}, "
          f"(validate, build) exit codes {outcomes}, slowest {slowest[0]:.2f} s (iteration "
          f"{slowest[1]}), {len(failures)} failures")
    assert not failures, (
        f"{len(failures)} of {ITERATIONS} fuzzed inputs failed (replay: INDEXCEL_FUZZ_SEED={SEED}"
        f" INDEXCEL_FUZZ_START=<iteration> INDEXCEL_FUZZ_ITERATIONS=1):\n"
        + "\n".join(failures[:20]))
