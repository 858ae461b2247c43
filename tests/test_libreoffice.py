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

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    soffice()
    return tmp_path_factory.mktemp("lo")


def _build(source: Path, out: Path, stream: bool | None = None) -> Path:
    build_report(read_dataset(source), out,
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
    # XML specials, control characters and spaces at the ends, in goal, name and board
    DATA / "valid" / "awkward-texts.csv",
    SAMPLE.with_suffix(".stream"),  # the sample again, rows streamed as large inputs are
], ids=lambda p: p.name)
def test_every_formula_recalculated_by_libreoffice_equals_its_cached_value(workdir, source):
    stream = source.suffix == ".stream"
    name = source.stem + ("-stream" if stream else "")
    built = _build(SAMPLE if stream else source, workdir / f"{name}-built.xlsx",
                   stream=True if stream else None)
    checked, wrong = _recalculated_differences(built, workdir, name)
    assert checked > 0
    assert wrong == [], wrong[:10]


def test_an_edited_number_updates_its_ball_arrow_and_the_counts(workdir):
    built = _build(SAMPLE, workdir / "edit-built.xlsx")
    book = openpyxl.load_workbook(built)
    # Överförmyndare's budget deviation 2024 was 25,9 % against 0 % (lower is better).
    board = book["Överförmyndare"]
    assert board["E7"].value == pytest.approx(0.259)
    board["E7"] = -0.05
    table = book[theme.SHEET_ALL]
    assert table["C2"].value == "Överförmyndare" and table["F2"].value == pytest.approx(0.259)
    table["F2"] = -0.05
    edited = workdir / "edited.xlsx"
    book.save(edited)
    before = openpyxl.load_workbook(built, data_only=True)
    after = openpyxl.load_workbook(
        convert(edited, "xlsx", workdir / "recalc-edited", workdir / "profile-edited"),
        data_only=True)
    assert before["Överförmyndare"]["G7"].value == "◐"
    assert after["Överförmyndare"]["G7"].value == "●"
    assert before["Överförmyndare"]["H7"].value == 1
    assert after["Överförmyndare"]["H7"].value == -1
    assert after[theme.SHEET_ALL]["I2"].value == "Uppfylld"
    summary_before, summary_after = before[theme.SHEET_SUMMARY], after[theme.SHEET_SUMMARY]
    assert summary_after["D6"].value == summary_before["D6"].value + 1  # goal 1.1 met
    assert summary_after["E6"].value == summary_before["E6"].value - 1


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
    assert "Grön boll betyder uppfylld indikator." in text
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


def test_a_board_workbook_s_own_counts_recalculate_in_libreoffice(workdir):
    from indexcel.perboard import build_per_board
    from indexcel.writer import plan_report

    results = build_per_board(plan_report(read_dataset(SAMPLE)), workdir / "boards", jobs=1)
    built = next(r.path for r in results if r.path.name == "Kommunstyrelsekontoret.xlsx")
    checked, wrong = _recalculated_differences(built, workdir, "board")
    assert checked > 0
    assert wrong == [], wrong[:10]
