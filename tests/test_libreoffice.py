"""Built workbooks opened in a real spreadsheet application: LibreOffice headless.

It loads them, recalculates every formula, and prints them to PDF. In CI these tests must
run (.ci/run installs LibreOffice); elsewhere they are skipped when it is missing.
"""

from __future__ import annotations

import math
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from conftest import DATA, SAMPLE
from indexcel import theme
from indexcel.reader import read_dataset
from indexcel.writer import ReportOptions, build_report
from libreoffice import convert, soffice
from workbooks import row_of

pytestmark = pytest.mark.libreoffice
GOALS = DATA / "goals" / "sample-goals.csv"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    soffice()
    return tmp_path_factory.mktemp("lo")


def _build(source: Path, out: Path, stream: bool | None = None,
           goals: Path | None = None) -> Path:
    build_report(read_dataset(source, goals=goals), out,
                 ReportOptions(municipality="Norrtälje kommun", stream=stream))
    return out


def _recalculated_differences(built: Path, workdir: Path, name: str):
    """(formulas checked, those whose LibreOffice result differs from the cached value)."""
    recalculated = convert(built, "xlsx", workdir / f"recalc-{name}", workdir / f"profile-{name}")
    formulas = openpyxl.load_workbook(built)
    cached = openpyxl.load_workbook(built, data_only=True)
    fresh = openpyxl.load_workbook(recalculated, data_only=True)
    assert fresh.sheetnames == formulas.sheetnames
    checked, wrong = 0, []
    for sheet in formulas.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    checked += 1
                    ours = cached[sheet.title][cell.coordinate].value
                    theirs = fresh[sheet.title][cell.coordinate].value
                    if not _same(ours, theirs):
                        wrong.append((sheet.title, cell.coordinate, cell.value, ours, theirs))
    return checked, wrong


def _same(cached, recalculated) -> bool:
    if cached in (None, "") and recalculated in (None, ""):
        return True
    if isinstance(cached, (int, float)) and isinstance(recalculated, (int, float)):
        return math.isclose(cached, recalculated, rel_tol=1e-9, abs_tol=1e-12)
    return cached == recalculated


@pytest.mark.parametrize("source", [
    SAMPLE,
    DATA / "valid" / "given-status-and-extra-columns.csv",
    DATA / "valid" / "seed-export-groups.csv",
    # COUNTIFS criteria with wildcards (* ?), brackets and a leading '=' in goal and board names
    DATA / "hostile" / "hostile-sheet-names.csv",
    DATA / "hostile" / "formula-injection.csv",
    DATA / "hostile" / "huge-but-legal-numbers.csv",  # differences beyond 1e298
    # found by fuzzing: a board named like its column's header; differences of 5e-11 (ROUND
    # at 15 digits); numbers equal to 15 digits (LibreOffice and Excel subtract them to 0)
    DATA / "hostile" / "goal-and-board-named-like-headers.csv",
    DATA / "hostile" / "tiny-values-rounding.csv",
    DATA / "hostile" / "sixteen-significant-digits.csv",
    # XML specials, control characters and spaces at the ends, in goal, name and board
    DATA / "valid" / "awkward-texts.csv",
    # near the target, tolerances, Delvis, Öka and Minska, a status given as partly met
    DATA / "valid" / "every-kind-of-target.csv",
    # amounts in millions and billions exactly at Tolerans, at Delvis and at a trend
    # tolerance; a given trend near the target (test_magnitude.py checks their balls)
    DATA / "valid" / "large-values-at-the-boundary.csv",
    DATA / "valid" / "given-trend-near-the-target.csv",
    SAMPLE.with_suffix(".stream"),  # the sample again, rows streamed as large inputs are
    # the sample with goals judged by hand, a Motivering with quotes and brackets
    SAMPLE.with_suffix(".goals"),
    # goals named with wildcards, markup and quotes; Motiveringar that look like formulas
    DATA / "hostile" / "goals-hostile-texts.xlsx",
], ids=lambda p: p.name)
def test_every_formula_recalculated_by_libreoffice_equals_its_cached_value(workdir, source):
    stream = source.suffix == ".stream"
    goals = GOALS if source.suffix == ".goals" else None
    name = source.stem + ("-stream" if stream else "") + ("-goals" if goals else "")
    built = _build(SAMPLE if stream or goals else source, workdir / f"{name}-built.xlsx",
                   stream=True if stream else None, goals=goals)
    checked, wrong = _recalculated_differences(built, workdir, name)
    assert checked > 0
    assert wrong == [], wrong[:10]


def _row_of(sheet, name_col: int, name: str, board: str | None = None,
            board_col: int | None = None) -> int:
    return next(r for r in range(1, sheet.max_row + 1)
                if str(sheet.cell(r, name_col).value or "").startswith(name)
                and (board is None or sheet.cell(r, board_col).value == board))


def test_an_edited_outcome_target_tolerance_or_delvis_updates_balls_arrows_and_counts(
        workdir):
    """The sample's budget deviations are near the target (0 %), met within 1 % and partly
    met within 3 %. Edit each kind of cell, on the board tabs and in the table alike."""
    built = _build(SAMPLE, workdir / "edit-built.xlsx")
    book = openpyxl.load_workbook(built)
    table = book[theme.SHEET_ALL]
    column = {c.value: c.column_letter for c in table[1]}
    budget = "Budgetföljsamhet (grad av budgetavvikelse i % per nämnd)"
    edits = [  # board, name, board-tab column, table header, new value
        ("Överförmyndare", budget, "E", "Utfall 2024", -0.005),  # 25,9 % -> -0,5 %: met
        ("Bygg och miljönämnd", budget, "G", "Tolerans", 0.02),  # -1,2 % within 2 %: met
        ("Socialnämnd", budget, "H", "Delvis", 0.05),  # -4,1 % within 5 %: partly
        ("Kommunstyrelsekontoret", "Budgetföljsamhet (grad av budgetavvikelse i % för",
         "F", "Mål 2024", 1.58),  # 157,9 % against a target of 158 %: met
    ]
    rows = []
    for board, name, letter, header, value in edits:
        tab = book[board]
        row = _row_of(tab, 1, name)
        tab[f"{letter}{row}"] = value
        table_row = _row_of(table, 2, name, board, 3)
        table[f"{column[header]}{table_row}"] = value
        rows.append((board, row, table_row))
    edited = workdir / "edited.xlsx"
    book.save(edited)
    before = openpyxl.load_workbook(built, data_only=True)
    after = openpyxl.load_workbook(
        convert(edited, "xlsx", workdir / "recalc-edited", workdir / "profile-edited"),
        data_only=True)
    balls = [(before[b][f"I{r}"].value, after[b][f"I{r}"].value) for b, r, _ in rows]
    assert balls == [("◐", "●"), ("◕", "●"), ("◐", "◕"), ("◐", "●")]
    words = [after[theme.SHEET_ALL][f"{column['Status']}{t}"].value for _, _, t in rows]
    assert words == ["Uppfylld", "Uppfylld", "Delvis uppfylld", "Uppfylld"]
    arrow = rows[0]
    assert before[arrow[0]][f"J{arrow[1]}"].value == 1  # 23,43 % -> 25,9 %
    assert after[arrow[0]][f"J{arrow[1]}"].value == -1  # 23,43 % -> -0,5 %
    summary_before, summary_after = before[theme.SHEET_SUMMARY], after[theme.SHEET_SUMMARY]
    # Goal 1.1: three more met, one partly met more and one less, three fewer not met.
    goal = row_of(summary_before, "1.1")
    change = [summary_after[f"{c}{goal}"].value - summary_before[f"{c}{goal}"].value
              for c in "CDEFG"]
    assert change == [0, 3, 0, -3, 0]


def test_the_workbook_prints_to_pdf(workdir):
    built = _build(SAMPLE, workdir / "print-built.xlsx")
    pdf = convert(built, "pdf", workdir / "pdf", workdir / "profile-pdf")
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils is not installed")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(next(line.split()[-1] for line in info.stdout.splitlines()
                     if line.startswith("Pages:")))
    assert pages >= 31  # at least one page per tab
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Läshänvisning indikatorer 2024" in text
    assert "Grön boll: uppfylld indikator." in text
    assert "Inriktningsmål: 1.1. En ekonomi i balans" in text
    assert "Sida 1 av" in text


def test_libreoffice_really_recalculates_rather_than_echoing_cached_values(workdir):
    import xlsxwriter

    path = workdir / "wrong-cache.xlsx"
    workbook = xlsxwriter.Workbook(path)
    workbook.add_worksheet().write_formula("A1", "=1+1", None, 5)  # a lie in the cache
    workbook.close()
    assert openpyxl.load_workbook(path, data_only=True).active["A1"].value == 5
    fresh = convert(path, "xlsx", workdir / "recalc-wrong", workdir / "profile-wrong")
    assert openpyxl.load_workbook(fresh, data_only=True).active["A1"].value == 2


def test_a_board_workbook_s_own_counts_recalculate_in_libreoffice(workdir, sample_dataset):
    from indexcel.perboard import build_per_board
    from indexcel.writer import plan_report

    results = build_per_board(plan_report(sample_dataset), workdir / "boards", jobs=1)
    built = next(r.path for r in results if r.path.name == "Kommunstyrelsekontoret.xlsx")
    checked, wrong = _recalculated_differences(built, workdir, "board")
    assert checked > 0
    assert wrong == [], wrong[:10]


def test_a_text_typed_into_a_number_cell_leaves_the_row_not_assessed(workdir):
    """A "-" or a word typed where a number stands is no number: the ball is white and the
    counts still add up (no #VALUE! in a formula or a count)."""
    built = _build(DATA / "valid" / "every-kind-of-target.csv", workdir / "typed-built.xlsx")
    book = openpyxl.load_workbook(built)
    table = book[theme.SHEET_ALL]
    column = {c.value: c.column_letter for c in table[1]}
    table[f"{column['Utfall 2024']}2"] = "-"
    table[f"{column['Mål 2024']}3"] = "ej beslutat"
    board = book["KS"]
    board["D8"] = "saknas"  # a board tab's own copy of an outcome
    edited = workdir / "typed.xlsx"
    book.save(edited)
    after = openpyxl.load_workbook(
        convert(edited, "xlsx", workdir / "recalc-typed", workdir / "profile-typed"),
        data_only=True)
    status = column["Status"]
    assert [after[theme.SHEET_ALL][f"{status}{r}"].value for r in (2, 3)] == [
        "Ej bedömd", "Ej bedömd"]
    assert after["KS"]["H8"].value == "○"  # column H: Status
    summary = after[theme.SHEET_SUMMARY]
    total = next(r for r in range(9, 15) if summary.cell(r, 2).value == "Totalt")
    counts = [summary.cell(total, c).value for c in range(3, 8)]
    assert counts[0] == 19 and sum(counts[1:]) == 19, counts


def test_statuses_edited_in_the_table_change_the_goals_judgements(workdir):
    """Statuses typed over the table's formulas: LibreOffice recounts each goal and judges it
    again, on its tab (ball, word, counts), in the summary (row and headline) and in Alla
    inriktningsmål (Bedömning and Text); a judgement given by hand stays as given, and its
    note says what the rule now says."""
    built = _build(SAMPLE, workdir / "goals-edit-built.xlsx", goals=GOALS)
    book = openpyxl.load_workbook(built)
    table = book[theme.SHEET_ALL]
    column = {c.value: c.column_letter for c in table[1]}
    rows_of: dict[str, list[int]] = {}
    for row in range(2, table.max_row + 1):
        rows_of.setdefault(str(table[f"A{row}"].value).split(" ")[0], []).append(row)
    before = openpyxl.load_workbook(built, data_only=True)
    status = column["Status"]

    def statuses(goal: str) -> list[str]:
        return [before[theme.SHEET_ALL][f"{status}{r}"].value for r in rows_of[goal]]

    edits = {
        "6.1.": ["Ej uppfylld"],  # 4 of 5 met -> 3 of 5: partly met
        "2.1.": ["Uppfylld", "Uppfylld"],  # 0 of 4 -> 2 of 4: partly met
        "6.2.": ["Ej bedömd"],  # its one indicator, not met -> none assessed
        "3.2.": ["Uppfylld", "Uppfylld", "Uppfylld"],  # given partly met by hand; the rule too
    }
    for goal, words in edits.items():
        targets = [r for r in rows_of[goal]
                   if before[theme.SHEET_ALL][f"{status}{r}"].value != words[0]]
        for row, word in zip(targets, words, strict=False):  # as many as there are words
            table[f"{status}{row}"] = word
    assert statuses("6.1.").count("Uppfylld") == 4
    edited = workdir / "goals-edited.xlsx"
    book.save(edited)
    after = openpyxl.load_workbook(
        convert(edited, "xlsx", workdir / "recalc-goals", workdir / "profile-goals"),
        data_only=True)

    def tab(cached, number: str):
        sheet = cached[next(n for n in cached.sheetnames if n.startswith(number + " "))]
        row = next(r for r in range(1, 12) if (sheet.cell(r, 1).value or "x") in "●◕◐○")
        return [sheet.cell(r, c).value for r, c in ((row, 1), (row, 2), (row + 1, 2),
                                                    (row + 2, 2))]

    assert tab(before, "6.1")[:2] == ["●", "Uppfyllt"]
    assert tab(after, "6.1")[:3] == [
        "◕", "Delvis uppfyllt",
        "Av 5 indikatorer är 5 bedömda: 3 är uppfyllda och 2 är ej uppfyllda."]
    assert tab(after, "2.1")[:3] == [
        "◕", "Delvis uppfyllt",
        "Av 4 indikatorer är 4 bedömda: 2 är uppfyllda och 2 är ej uppfyllda."]
    assert tab(after, "6.2")[:3] == ["○", "Ej bedömt", "Av 1 indikator är ingen bedömd."]
    assert tab(before, "3.2")[:2] == tab(after, "3.2")[:2] == ["◕", "Delvis uppfyllt"]
    assert tab(before, "3.2")[3] == "Bedömt för hand. Enligt regeln: ej uppfyllt."
    assert tab(after, "3.2")[3] == "Bedömt för hand. Enligt regeln: delvis uppfyllt."
    summary_before, summary_after = before[theme.SHEET_SUMMARY], after[theme.SHEET_SUMMARY]
    assert summary_before["A5"].value == "4 av 19 inriktningsmål uppfyllda, 6 delvis, 9 ej"
    assert summary_after["A5"].value == \
        "3 av 19 inriktningsmål uppfyllda, 8 delvis, 7 ej, 1 ej bedömt"
    words = {summary_after.cell(r, 1).value: (summary_after.cell(r, 9).value,
                                              summary_after.cell(r, 10).value)
             for r in range(9, 28)}
    assert words["6.1"] == words["2.1"] == ("◕", "Delvis uppfyllt")
    assert words["6.2"] == ("○", "Ej bedömt")
    goals = {str(row[0].value).split(" ")[0]: row
             for row in after[theme.SHEET_GOALS].iter_rows(min_row=2)}
    assert goals["6.2."][7].value == "Ej bedömt"
    assert goals["6.2."][9].value == "Av 1 indikator är ingen bedömd. Målet är ej bedömt."
    assert goals["6.1."][9].value == ("Av 5 indikatorer är 5 bedömda: 3 är uppfyllda och 2 är "
                                      "ej uppfyllda. Målet bedöms som delvis uppfyllt.")
    assert goals["3.2."][9].value.startswith(
        "Av 6 indikatorer är 6 bedömda: 4 är uppfyllda och 2 är ej uppfyllda. Målet bedöms som "
        "delvis uppfyllt. Fem av sex")
