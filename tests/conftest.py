from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SAMPLE = ROOT / "input" / "indikatorer-2024.xlsx"


def data_files(folder: str) -> list[Path]:
    """The sample files of a folder under tests/data, each with NAME.expected.json beside it."""
    return sorted(p for p in (DATA / folder).iterdir()
                  if p.is_file() and not p.name.endswith(".expected.json")
                  and not p.name.startswith("."))


def expected(path: Path) -> dict:
    return json.loads(path.with_name(path.name + ".expected.json").read_text(encoding="utf-8"))


def failing_after(count: int):
    """A progress callback that fails, as a full disk would, after `count` indicators: a
    fault injected through the build's public progress seam, mid-build."""
    done = [0]

    def progress(steps: int) -> None:
        done[0] += steps
        if done[0] > count:
            raise RuntimeError("disk full")

    return progress


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner):
    """Run the CLI; never let an exception other than SystemExit pass unnoticed."""
    from indexcel.cli import cli

    def run(*args: str, **kwargs):
        result = runner.invoke(cli, [str(a) for a in args], catch_exceptions=True, **kwargs)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"uncaught {result.exception!r}\n{result.output}") \
                from result.exception
        assert "Traceback" not in result.output
        return result

    return run
