"""One workbook per board (--per-board) and the quiet option."""

from __future__ import annotations

import openpyxl

from conftest import DATA, SAMPLE
from indexcel import theme
from indexcel.perboard import board_file_names, build_per_board
from indexcel.rules import status_of
from indexcel.writer import ReportOptions, plan_report


def test_per_board_writes_one_workbook_per_board_beside_the_report(invoke, tmp_path,
                                                                   sample_dataset):
    result = invoke("build", SAMPLE, "-o", tmp_path / "all.xlsx", "--per-board",
                    tmp_path / "boards")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "all.xlsx").exists()
    files = sorted(p.name for p in (tmp_path / "boards").iterdir())
    assert len(files) == 9 and "Socialnämnd.xlsx" in files
    dataset = sample_dataset
    for board in dataset.boards:
        book = openpyxl.load_workbook(tmp_path / "boards" / f"{board}.xlsx", data_only=True)
        own = [i for i in dataset.indicators if i.board == board]
        goals = sorted({i.goal for i in own}, key=lambda g: g.sort_key)
        assert book.sheetnames[:2] == [theme.SHEET_GUIDE, board]
        assert len(book.sheetnames) == 2 + len(goals)
        assert theme.SHEET_SUMMARY not in book.sheetnames
        assert theme.SHEET_ALL not in book.sheetnames
        for goal, name in zip(goals, book.sheetnames[2:], strict=True):
            sheet = book[name]
            row = next(r for r in range(1, 12) if sheet.cell(r, 4).value == theme.LABEL_COUNT)
            counts = [sheet.cell(row + 1, c).value for c in range(4, 9)]
            statuses = [status_of(i, 2024).value for i in own if i.goal == goal]
            assert counts == [len(statuses), statuses.count("met"),
                              statuses.count("partly_met"), statuses.count("not_met"),
                              statuses.count("not_assessed")]
            header = next(r for r in range(row, 30) if sheet.cell(r, 1).value == "Organisation")
            names = {sheet.cell(r, 2).value for r in range(header + 1, sheet.max_row + 1)}
            assert names == {i.name for i in own if i.goal == goal}


def test_one_process_or_several_give_the_same_bytes(tmp_path, sample_dataset):
    dataset = sample_dataset
    plan = plan_report(dataset, ReportOptions(municipality="Norrtälje kommun"))
    serial = build_per_board(plan, tmp_path / "one", jobs=1)
    parallel = build_per_board(plan, tmp_path / "two", jobs=2)
    assert [r.path.name for r in serial] == [r.path.name for r in parallel]
    for a, b in zip(serial, parallel, strict=True):
        assert a.path.read_bytes() == b.path.read_bytes()


def test_board_file_names_avoid_the_names_windows_keeps_for_devices():
    names = board_file_names(["NUL", "Con", "com1", "LPT9", "Nulägesnämnd"])
    assert list(names.values()) == ["NUL_.xlsx", "Con_.xlsx", "com1_.xlsx", "LPT9_.xlsx",
                                    "Nulägesnämnd.xlsx"]


def test_board_file_names_are_safe_and_unique():
    names = board_file_names(["Bygg/Miljö", "KS", "ks", "Fråga?", "  ", "Val: nämnd"])
    assert list(names.values()) == ["Bygg-Miljö.xlsx", "KS.xlsx", "ks (2).xlsx", "Fråga-.xlsx",
                                    "namnd.xlsx", "Val- nämnd.xlsx"]


def test_hostile_board_names_per_board(invoke, tmp_path):
    result = invoke("build", DATA / "hostile" / "hostile-sheet-names.csv", "-o",
                    tmp_path / "all.xlsx", "--per-board", tmp_path / "b")
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "b").iterdir())) == 8


def test_quiet_prints_nothing(invoke, tmp_path):
    result = invoke("build", SAMPLE, "-o", tmp_path / "r.xlsx", "--quiet")
    assert result.exit_code == 0
    assert result.output == ""
    loud = invoke("build", SAMPLE, "-o", tmp_path / "r.xlsx")
    assert "Wrote" in loud.output
