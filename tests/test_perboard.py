"""One workbook per board (--per-board) and the quiet option."""

from __future__ import annotations

import openpyxl

from conftest import DATA, SAMPLE
from indexcel import theme
from indexcel.perboard import board_file_names, build_per_board
from indexcel.rules import status_of
from indexcel.writer import ReportOptions, build_report, plan_report
from indexcel.writer.sheetnames import quote
from workbooks import heading, row_of


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
        assert book.sheetnames[:3] == [theme.SHEET_GUIDE, theme.SHEET_SUMMARY, board]
        assert len(book.sheetnames) == 3 + len(goals)
        assert book.active.title == theme.SHEET_SUMMARY  # it opens on the board's summary
        assert theme.SHEET_ALL not in book.sheetnames
        for goal, name in zip(goals, book.sheetnames[3:], strict=True):
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


def test_a_board_workbook_speaks_of_its_board_and_opens_on_its_summary(tmp_path,
                                                                        sample_dataset):
    dataset = sample_dataset
    plan = plan_report(dataset, ReportOptions(municipality="Norrtälje kommun"))
    build_report(dataset, tmp_path / "all.xlsx", ReportOptions(municipality="Norrtälje kommun"))
    report = openpyxl.load_workbook(tmp_path / "all.xlsx", data_only=True)[theme.SHEET_SUMMARY]
    results = build_per_board(plan, tmp_path / "boards", jobs=1)
    for board in dataset.boards:
        path = next(r.path for r in results if r.path.name == f"{board}.xlsx")
        book, values = openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True)
        guide = " ".join(str(c.value) for row in book[theme.SHEET_GUIDE].iter_rows()
                         for c in row if c.value)
        assert f"beslutat för {board}," in guide
        for absent in ("kommunens nämnder", theme.SHEET_ALL, "Nämnder och organisationer"):
            assert absent not in guide, (board, absent)
        summary, cached = book[theme.SHEET_SUMMARY], values[theme.SHEET_SUMMARY]
        assert heading(summary) == theme.BOARD_SUMMARY_HEADING.format(board=board)
        # Its total row is the report's row of the board, counted over its own tab.
        total = next(r for r in range(1, 80) if summary.cell(r, 2).value == "Totalt")
        row = next(r for r in range(1, 120) if report.cell(r, 2).value == board)
        assert [cached.cell(total, c).value for c in range(3, 9)] == \
            [report.cell(row, c).value for c in range(3, 9)], board
        first = row_of(summary, theme.LABEL_NUMBER) + 1
        formulas = [summary.cell(r, 3).value for r in range(first, total)]
        assert formulas and all(f.startswith(f"=COUNTA({quote(board)}!$") for f in formulas)
        assert len(summary._charts) == 1


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
