"""The command's process on the users' machines: output paths, signals, console encodings,
'spawn' worker processes, paths with spaces and å/ä/ö (issue 11)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE
from indexcel.perboard import build_per_board
from indexcel.writer import ReportOptions, plan_report

INDEXCEL = [sys.executable, "-c", "from indexcel.cli import main; main()"]


@pytest.mark.parametrize("slash", ["/", "\\"])
def test_build_o_with_a_trailing_slash_writes_into_that_folder(invoke, tmp_path, slash,
                                                               monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("build", SAMPLE, "-o", f"nymapp{slash}", "-q")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "nymapp" / "indikatorer-2024-uppfoljning.xlsx").is_file()


def test_template_and_rollover_o_with_a_folder(invoke, tmp_path):
    existing = tmp_path / "finns"
    existing.mkdir()
    assert invoke("template", "--year", "2026", "-o", existing).exit_code == 0
    assert (existing / "indikatorer-2026.xlsx").is_file()
    result = invoke("rollover", SAMPLE, "--year", "2025", "-o", f"{tmp_path / 'ny'}/")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ny" / "indikatorer-2025.xlsx").is_file()


def test_paths_with_spaces_and_swedish_letters(invoke, tmp_path):
    source = tmp_path / "mapp med å" / "indata för år 2024.xlsx"
    source.parent.mkdir()
    shutil.copy(SAMPLE, source)
    out = tmp_path / "ut mapp ä" / "rapport ö.xlsx"
    result = invoke("build", source, "-o", out, "--per-board", tmp_path / "nämnder och ö", "-q")
    assert result.exit_code == 0, result.output
    assert out.is_file()
    assert len(list((tmp_path / "nämnder och ö").iterdir())) == 9


def test_per_board_workers_started_with_spawn_as_on_windows(tmp_path, sample_dataset):
    plan = plan_report(sample_dataset, ReportOptions(municipality="Norrtälje kommun"))
    spawned = build_per_board(plan, tmp_path / "spawn", jobs=2, start_method="spawn")
    serial = build_per_board(plan, tmp_path / "one", jobs=1)
    assert [r.path.read_bytes() for r in spawned] == [r.path.read_bytes() for r in serial]


@pytest.mark.parametrize("encoding", ["cp850", "cp1252"])
def test_a_console_that_cannot_show_a_character_gets_a_replacement(tmp_path, encoding):
    source = tmp_path / "pilar.csv"
    source.write_text("Inriktningsmål;Nyckeltal;Organisation;Utfall 2023;Utfall 2024;Mål 2024\n"
                      "1.1. Ekonomi;Andel → mål ● … −5\x01;KS;1;2;3\n", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    run = subprocess.run([*INDEXCEL, "validate", str(source)], env=env, capture_output=True,
                         timeout=60, cwd=ROOT)
    output = (run.stdout + run.stderr).decode(encoding)
    assert run.returncode == 0, output
    assert "UnicodeEncodeError" not in output and "internal error" not in output
    assert "Andel ? mål ?" in output  # the warning quotes the cell; → and ● are replaced


def _generated_input(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / "stor.csv"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--rows",
                    str(rows), "--boards", "100", "--goals", "20", "-o", str(path)],
                   check=True, capture_output=True, timeout=120)
    return path


SIGNALS = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]


@pytest.mark.skipif(not SIGNALS, reason="no POSIX signals on this platform")
@pytest.mark.parametrize("name", SIGNALS)
def test_a_signal_mid_build_leaves_no_temporary_file(tmp_path, name):
    source = _generated_input(tmp_path, 20_000)
    scratch, out = tmp_path / "scratch", tmp_path / "ut"
    scratch.mkdir()
    out.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    process = subprocess.Popen([*INDEXCEL, "build", str(source), "-o", str(out / "r.xlsx"),
                                "-q"], env=env, stderr=subprocess.PIPE, cwd=ROOT)
    started = time.monotonic()
    while not list(out.glob("*.tmp")) and time.monotonic() - started < 60:
        time.sleep(0.02)  # the temporary workbook appears once the input has been read
    assert list(out.glob("*.tmp")), "the build never started writing"
    time.sleep(0.5)  # well into writing the sheets
    signum = getattr(signal, name)
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signum, err.decode()
    assert f"Stopped by {name}" in err.decode()
    assert list(out.iterdir()) == []  # no .tmp beside the target, and no target
    assert list(scratch.rglob("*")) == []  # no XlsxWriter row files or parts


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL on this platform")
def test_what_a_killed_build_left_is_cleared_by_the_next_and_nothing_else(tmp_path):
    source = _generated_input(tmp_path, 20_000)
    scratch, out = tmp_path / "scratch", tmp_path / "ut"
    scratch.mkdir()
    out.mkdir()
    # What users (or other programs) keep there, named much like indexcel's temporaries.
    decoys = [out / ".r-abcd1234.tmp", out / ".r.indexcel-notes.tmp", out / "r.xlsx.tmp"]
    for decoy in decoys:
        decoy.write_bytes(b"mine")
    (scratch / "indexcel-mine").mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    process = subprocess.Popen([*INDEXCEL, "build", str(source), "-o", str(out / "r.xlsx"),
                                "--per-board", str(out / "b"), "-q"], env=env, cwd=ROOT,
                               stderr=subprocess.DEVNULL)

    def left_behind() -> tuple[list[str], list[str]]:
        """The run's own temporaries beside the target (a decoy is named like one) and its
        temporary folders."""
        files = sorted(p.name for p in out.glob(".r.indexcel-*.tmp") if p not in decoys)
        folders = sorted(p.name for p in scratch.iterdir() if p.name != "indexcel-mine")
        return files, folders

    started = time.monotonic()
    while not all(left_behind()) and time.monotonic() - started < 60:
        time.sleep(0.02)
    time.sleep(0.3)
    process.kill()
    process.wait(timeout=60)
    left, folders = left_behind()
    assert left and folders, "SIGKILL left nothing to clear: the test shows nothing"
    result = subprocess.run([*INDEXCEL, "build", str(SAMPLE), "-o", str(out / "r.xlsx"), "-q"],
                            env=env, cwd=ROOT, capture_output=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [d.name for d in decoys] + ["r.xlsx"])  # the killed run's temporary is gone
    assert sorted(p.name for p in scratch.iterdir()) == ["indexcel-mine"]
    assert all(d.read_bytes() == b"mine" for d in decoys)
