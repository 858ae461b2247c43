"""Fuzzing the commands test_fuzz.py does not reach (issue 19): `build --per-board`,
`build --rules-from`, `rollover`, `fill` (a hostile export into the sample, and the sample's
export into a hostile input) and the library API (`read_dataset`, `assess`).

Same inputs and seeds as test_fuzz.py (tests/fuzzing.py), so a failure replays:

    INDEXCEL_FUZZ_SEED=123 INDEXCEL_FUZZ_ITERATIONS=2000 pytest tests/test_fuzz_commands.py

Every outcome must be exit 0 with sound outputs, or a clean refusal: exit 1 or 2, a message
and no traceback, and no output left behind. Whatever happens, no input file changes.
"""

from __future__ import annotations

import hashlib
import os
import random
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner

from fuzzing import mutated_input
from indexcel import IndexcelError, assess, read_dataset
from test_fuzz import BUDGET, _run
from workbooks import assert_sound

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "input" / "indikatorer-2024.xlsx"
EXPORT = ROOT / "tests" / "data" / "fill" / "seed-export-2024.xlsx"
SEED = int(os.environ.get("INDEXCEL_FUZZ_SEED", "20261203"))
# Each iteration runs five commands; the suite's default stays small (the campaign's counts
# are in the README's Testing section).
ITERATIONS = int(os.environ.get("INDEXCEL_FUZZ_ITERATIONS", "6"))
START = int(os.environ.get("INDEXCEL_FUZZ_START", "0"))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _clean(command: str, result: object) -> list[str]:
    problems = []
    exception = getattr(result, "exception", None)
    output = getattr(result, "output", "")
    code = getattr(result, "exit_code", None)
    if exception is not None and not isinstance(exception, SystemExit):
        trace = "".join(traceback.format_exception(exception))[-1500:]
        problems.append(f"{command}: unhandled {exception!r}\n{trace}")
    if "Traceback" in output or "internal error" in output:
        problems.append(f"{command}: {output[-600:]}")
    if code not in (0, 1, 2):
        problems.append(f"{command}: exit code {code}")
    if code in (1, 2) and not output.strip():
        problems.append(f"{command}: refused without a message")
    return problems


def _outputs_sound(command: str, code: int, outputs: list[Path]) -> list[str]:
    problems = []
    for out in outputs:
        if code == 0:
            if not out.exists():
                problems.append(f"{command}: exit 0 but {out.name} was not written")
                continue
            try:
                assert_sound(out)
            except Exception as exc:  # the check's own failure is what we report
                problems.append(f"{command}: {out.name} is not sound: {exc!r}"[:800])
        elif out.exists():
            problems.append(f"{command}: refused, yet {out.name} was left behind")
    return problems


def _commands(runner: CliRunner, source: Path, case: Path) -> list[str]:
    problems: list[str] = []
    boards = case / "boards"
    report = case / "report.xlsx"
    result, _ = _run(runner, "build", source, "-o", report, "-q", "--per-board", boards,
                     "--jobs", "1")
    problems += _clean("build --per-board", result)
    problems += _outputs_sound("build --per-board", result.exit_code, [report])
    if result.exit_code == 0:
        written = sorted(boards.glob("*.xlsx"))
        if not written:
            problems.append("build --per-board: exit 0 but no board workbook")
        problems += _outputs_sound("build --per-board", 0, written[:3])
    elif boards.exists() and any(boards.iterdir()):
        problems.append("build --per-board: refused, yet board workbooks were left")

    rolled = case / "rolled.xlsx"
    result, _ = _run(runner, "rollover", source, "-o", rolled)
    problems += _clean("rollover", result)
    problems += _outputs_sound("rollover", result.exit_code, [rolled])

    filled = case / "filled-from-hostile.xlsx"
    result, _ = _run(runner, "fill", SAMPLE, "--from", source, "-o", filled, "-q")
    problems += _clean("fill (hostile export)", result)
    problems += _outputs_sound("fill (hostile export)", result.exit_code, [filled])

    filled_hostile = case / "filled-hostile.xlsx"
    result, _ = _run(runner, "fill", source, "--from", EXPORT, "-o", filled_hostile, "-q")
    problems += _clean("fill (hostile input)", result)
    problems += _outputs_sound("fill (hostile input)", result.exit_code, [filled_hostile])

    ruled = case / "ruled.xlsx"
    result, _ = _run(runner, "build", source, "--rules-from", SAMPLE, "-o", ruled, "-q")
    problems += _clean("build --rules-from", result)
    problems += _outputs_sound("build --rules-from", result.exit_code, [ruled])
    return problems


def _library(source: Path) -> list[str]:
    try:
        assessment = assess(read_dataset(source))
    except IndexcelError as exc:
        return [] if str(exc).strip() else ["library: an IndexcelError without a message"]
    except Exception as exc:  # anything else escaping the library is the bug looked for
        trace = "".join(traceback.format_exception(exc))[-1500:]
        return [f"library: {exc!r} is not an IndexcelError\n{trace}"]
    if len(assessment.indicators) != len(assessment.dataset.indicators):
        return ["library: the assessment lost indicators"]
    return []


@pytest.mark.skipif(not SAMPLE.exists(), reason="the sample input sheet is not in the tree")
def test_fuzz_every_command(tmp_path: Path) -> None:
    runner = CliRunner()
    keep = os.environ.get("INDEXCEL_FUZZ_KEEP")
    protected = {path: _digest(path) for path in (SAMPLE, EXPORT)}
    failures = []
    for iteration in range(START, START + ITERATIONS):
        rng = random.Random(f"commands-{SEED}-{iteration}")
        name, data, kind = mutated_input(rng)
        case = tmp_path / str(iteration)
        case.mkdir()
        source = case / name
        source.write_bytes(data)
        problems = _commands(runner, source, case) + _library(source)
        if source.read_bytes() != data:
            problems.append("the fuzzed input was changed")
        if problems:
            failures.append(f"iteration {iteration} ({kind}, {name}): " + "; ".join(problems))
            if keep:
                Path(keep).mkdir(parents=True, exist_ok=True)
                (Path(keep) / f"commands-{SEED}-{iteration}-{name}").write_bytes(data)
    changed = [path.name for path, digest in protected.items() if _digest(path) != digest]
    assert not changed, f"inputs changed by the commands: {changed}"
    print(f"fuzz commands: seed {SEED}, iterations {START}..{START + ITERATIONS - 1}, "
          f"budget {BUDGET:g} s a command, {len(failures)} failures")
    assert not failures, (
        f"{len(failures)} of {ITERATIONS} fuzzed inputs failed (replay: INDEXCEL_FUZZ_SEED={SEED}"
        f" INDEXCEL_FUZZ_START=<iteration> INDEXCEL_FUZZ_ITERATIONS=1):\n"
        + "\n".join(failures[:20]))
