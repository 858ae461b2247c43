from __future__ import annotations

import json
import os
from pathlib import Path

# openxml-audit, a test dependency, brings lxml, and openpyxl parses with lxml whenever it is
# installed. indexcel does not depend on lxml: test the reader as a plain install has it,
# with the standard library's parser (test_hostile.py shows the lxml case apart).
os.environ.setdefault("OPENPYXL_LXML", "False")

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

