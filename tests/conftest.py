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

from built_workbooks import BuiltWorkbooks

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


@pytest.fixture(scope="session")
def sample_dataset():
    """The sample, read once for the session: a Dataset is frozen, so tests can share it."""
    from indexcel.reader import read_dataset

    return read_dataset(SAMPLE)


@pytest.fixture(scope="session")
def sample_report(tmp_path_factory, sample_dataset) -> Path:
    """The sample's report with the default options, built once for the session (tests only
    read it; a test that changes a workbook builds its own)."""
    from indexcel.writer import build_report

    path = tmp_path_factory.mktemp("sample-report") / "rapport.xlsx"
    build_report(sample_dataset, path)
    return path


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


# -- every workbook the tests build is checked ---------------------------------------------------

_built: BuiltWorkbooks | None = None


@pytest.fixture(scope="session", autouse=True)
def _built_workbooks(tmp_path_factory) -> BuiltWorkbooks:
    """Watch the session's temporary folder, where every test and fixture writes."""
    global _built
    _built = BuiltWorkbooks(tmp_path_factory.getbasetemp())
    return _built


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After each test, check every workbook the tool wrote during it (in the test or in a
    fixture of any scope) with check_workbook and openxml-audit; its problems fail the test."""
    try:
        result = yield
    except BaseException:
        if _built is not None:
            _built.new()  # the test failed anyway: its workbooks are not blamed on the next
        raise
    found = {} if _built is None else _built.problems()
    if found:
        lines = [f"{path.relative_to(_built.root)}:\n" + "\n".join(
                 f"  {p}" for p in problems[:20]) for path, problems in found.items()]
        pytest.fail("a workbook written during this test or its fixtures is not valid:\n"
                    + "\n".join(lines), pytrace=False)
    return result


_counted = {"checked": 0, "audited": 0}  # the workers' counts, under pytest-xdist


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None and _built is not None:  # an xdist worker: tell the controller
        workeroutput["workbooks"] = (_built.checked, _built.audited)


@pytest.hookimpl(optionalhook=True)  # pytest-xdist's hook: a worker finished
def pytest_testnodedown(node, error):
    checked, audited = getattr(node, "workeroutput", {}).get("workbooks", (0, 0))
    _counted["checked"] += checked
    _counted["audited"] += audited


def pytest_terminal_summary(terminalreporter):
    checked, audited = _counted["checked"], _counted["audited"]
    if _built is not None:
        checked, audited = checked + _built.checked, audited + _built.audited
    if checked:
        terminalreporter.write_line(
            f"workbook checks: {checked} workbooks written by the tool, "
            f"{audited} of them also through openxml-audit")
