"""Writes that fail (a full disk, a file in use), `--per-board` as all or nothing, and the
temporaries a killed run leaves: cleared by the next run only when they are provably its own
(issue 23). tests/test_cli_process.py kills a real build with SIGKILL."""

from __future__ import annotations

import errno
import gc
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SAMPLE
from indexcel import perboard
from indexcel.process import (
    HOST,
    LEFTOVER_AGE,
    clear_leftover_folders,
    private_temporary_folder,
)
from indexcel.writer import atomic


class _FullDisk(io.FileIO):
    """A file on a disk that fills up after `room` bytes: any write, flush or seek past it
    fails with ENOSPC, as the kernel reports it."""

    room = 4_000

    def write(self, data):  # type: ignore[override]
        if self.tell() + len(data) > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        return super().write(data)


def _full_disk(path, mode="rb", *args, **kwargs):
    return io.BufferedWriter(_FullDisk(path, "wb"), buffer_size=4096) if "w" in mode \
        else open(path, mode, *args, **kwargs)


@pytest.fixture
def unraisable(monkeypatch):
    """What Python would print as 'Exception ignored in ...' (ZipFile.__del__'s traceback)."""
    seen = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    return seen


@pytest.mark.parametrize("command", [
    ["build", str(SAMPLE)], ["rollover", str(SAMPLE), "--year", "2025"],
    ["template", "--year", "2026"],
])
def test_a_full_disk_names_the_output_and_the_option_with_no_traceback(
        invoke, tmp_path, monkeypatch, unraisable, command):
    monkeypatch.setattr(atomic, "open", _full_disk, raising=False)
    out = tmp_path / "rapport.xlsx"
    out.write_bytes(b"last year's")
    result = invoke(*command, "-o", out, "--force" if command[0] != "build" else "-q")
    gc.collect()  # XlsxWriter's zip file, left open, is collected here at the latest
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: {out}: cannot be written: the disk is full "
                                    "(No space left on device).\nFree some space, or choose "
                                    "another place with -o."), result.output
    assert ".tmp" not in result.output and "Excel" not in result.output
    assert unraisable == []
    assert out.read_bytes() == b"last year's"
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.xlsx"]


def test_a_full_disk_in_a_board_workbook_names_per_board(invoke, tmp_path, monkeypatch,
                                                         unraisable):
    real = perboard.write_plan_to

    def full_for_ks(plan, temporary, target, option):
        if target.name != "Kommunstyrelsekontoret.xlsx":
            return real(plan, temporary, target, option)
        atomic.open = _full_disk
        try:
            return real(plan, temporary, target, option)
        finally:
            del atomic.open

    monkeypatch.setattr(perboard, "write_plan_to", full_for_ks)
    result = invoke("build", SAMPLE, "-o", tmp_path / "r.xlsx", "--per-board",
                    tmp_path / "b", "--jobs", "1", "-q")
    gc.collect()
    assert result.exit_code == 1
    assert f"{tmp_path / 'b' / 'Kommunstyrelsekontoret.xlsx'}: cannot be written: the disk " \
        "is full" in result.output
    assert "choose another place with --per-board" in result.output
    assert unraisable == []
    assert list(tmp_path.iterdir()) == []  # all or nothing: not the report, no board file


def test_per_board_is_all_or_nothing_and_keeps_last_year_s_files(invoke, tmp_path,
                                                                 monkeypatch):
    assert invoke("build", SAMPLE, "-o", tmp_path / "r.xlsx", "--per-board", tmp_path / "b",
                  "-q").exit_code == 0
    before = {p.name: p.read_bytes() for p in [tmp_path / "r.xlsx",
                                                *(tmp_path / "b").iterdir()]}
    real, written = perboard.write_plan_to, []

    def no_disk(path, mode="rb", *args, **kwargs):
        raise OSError(errno.EIO, "Input/output error")

    def fails_at_the_fifth(plan, temporary, target, option):
        if len(written) < 4:
            written.append(target)
            return real(plan, temporary, target, option)
        atomic.open = no_disk
        try:
            return real(plan, temporary, target, option)
        finally:
            del atomic.open

    monkeypatch.setattr(perboard, "write_plan_to", fails_at_the_fifth)
    result = invoke("build", SAMPLE, "-o", tmp_path / "r.xlsx", "--municipality", "Ny",
                    "--per-board", tmp_path / "b", "--jobs", "1", "-q")
    assert result.exit_code == 1
    assert "cannot be written (Input/output error)" in result.output
    assert len(written) == 4
    after = {p.name: p.read_bytes() for p in [tmp_path / "r.xlsx",
                                               *(tmp_path / "b").iterdir()]}
    assert after == before  # the report and the four board files written are not moved in


def test_a_file_in_use_when_moving_into_place_says_what_was_and_was_not_replaced(
        invoke, tmp_path, monkeypatch):
    real, moved = os.replace, []

    def locked_third(src, dst):
        if len(moved) == 2:
            raise PermissionError(13, "Permission denied")
        moved.append(dst)
        real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", locked_third)
    result = invoke("build", SAMPLE, "-o", tmp_path / "r.xlsx", "--per-board", tmp_path / "b",
                    "--jobs", "1", "-q")
    assert result.exit_code == 1
    assert "the file is in use and cannot be replaced; 2 file(s) of this run were already " \
        "in place (r.xlsx, " in result.output
    assert "and the other 8 were not written." in result.output
    assert "Close the file in Excel and try again." in result.output
    names = sorted(p.name for p in tmp_path.rglob("*"))
    assert not [n for n in names if n.endswith(".tmp")]
    assert len([n for n in names if n.endswith(".xlsx")]) == 2


def test_board_file_names_fit_255_bytes_and_are_unique_after_nfc():
    names = perboard.board_file_names(["漢" * 100, "漢" * 100 + "x", "O\u0308rebro",
                                       "\u00d6rebro", "ÖREBRO"])
    assert [len(n.encode("utf-8")) <= 255 for n in names.values()] == [True] * 5
    assert list(names.values())[2:] == ["Örebro.xlsx", "Örebro (2).xlsx", "ÖREBRO (3).xlsx"]
    assert list(names.values())[1].endswith(" (2).xlsx")


def test_board_file_names_refuse_device_names_whatever_the_extension():
    names = perboard.board_file_names(["NUL.tar.gz", "lpt1.txt", "CON.backup", "aux .x",
                                       "CONIN$", "console", "Nul-nämnd", "COM1"])
    assert list(names.values()) == ["NUL_.tar.gz.xlsx", "lpt1_.txt.xlsx", "CON_.backup.xlsx",
                                    "aux_ .x.xlsx", "CONIN$_.xlsx", "console.xlsx",
                                    "Nul-nämnd.xlsx", "COM1_.xlsx"]


# -- leftovers of killed runs --------------------------------------------------------------------

def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.skipif(os.name != "posix", reason="the pid probe is POSIX's")
def test_leftovers_are_removed_only_when_provably_of_a_run_that_is_gone(tmp_path):
    dead, alive, old = _dead_pid(), os.getppid(), time.time() - 2 * LEFTOVER_AGE
    files = {
        f".r.indexcel-{HOST}-{dead}-abcdefgh.tmp": False,  # this machine, process gone
        f".r.indexcel-{HOST}-{alive}-abcdefgh.tmp": True,  # its process still runs
        f".r.indexcel-0badf00d-{dead}-abcdefgh.tmp": True,  # another machine: cannot tell
        f".old.indexcel-0badf00d-{alive}-abcdefgh.tmp": False,  # older than a day
        ".r-abcdefgh.tmp": True, "r.xlsx.tmp": True,  # not indexcel's names
        f"r.indexcel-{HOST}-{dead}-abcdefgh.tmp": True,  # not hidden: not ours
    }
    for name in files:
        (tmp_path / name).write_bytes(b"x")
    os.utime(tmp_path / f".old.indexcel-0badf00d-{alive}-abcdefgh.tmp", (old, old))
    (tmp_path / f".d.indexcel-{HOST}-{dead}-abcdefgh.tmp").mkdir()  # a folder: never
    removed = atomic.clear_leftovers(tmp_path)
    assert sorted(p.name for p in removed) == sorted(n for n, kept in files.items()
                                                     if not kept)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [n for n, kept in files.items() if kept] + [f".d.indexcel-{HOST}-{dead}-abcdefgh.tmp"])


@pytest.mark.skipif(os.name != "posix", reason="the pid probe is POSIX's")
def test_temporary_folders_of_killed_commands_are_removed_and_no_others(tmp_path,
                                                                         monkeypatch):
    import tempfile

    dead = _dead_pid()
    gone = tmp_path / f"indexcel-{HOST}-{dead}-abcdefgh"
    (gone / "inner").mkdir(parents=True)
    (gone / "inner" / "part.xml").write_text("x")
    kept = [tmp_path / f"indexcel-{HOST}-{os.getppid()}-abcdefgh", tmp_path / "indexcel-x",
            tmp_path / f"indexcel-0badf00d-{dead}-abcdefgh"]
    for folder in kept:
        folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with private_temporary_folder() as mine:
        assert Path(mine).name.startswith(f"indexcel-{HOST}-{os.getpid()}-")
        assert not gone.exists()
    assert sorted(tmp_path.iterdir()) == sorted(kept)
    assert clear_leftover_folders(str(tmp_path)) == []
