"""The input sheet staff keep: template, rollover, read-back, and what people do to a sheet."""

from __future__ import annotations

import hashlib
import re
import shutil
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from conftest import DATA, ROOT, SAMPLE
from formula_eval import evaluate
from indexcel import theme, vocabulary
from indexcel.model import Status
from indexcel.reader import read_dataset
from indexcel.rules import status_of, trend_of
from indexcel.writer import build_report

TEMPLATES = sorted((ROOT / "templates").glob("indikatorer-mall-*.xlsx"))


def _values(dataset):
    return Counter(
        (i.goal.text, i.name, i.board,
         tuple(sorted((y, None if m is None else (round(m.value, 12), m.percent))
                      for y, m in i.outcomes.items())),
         tuple(sorted((y, None if m is None else (round(m.value, 12), m.percent))
                      for y, m in i.targets.items())), i.direction)
        for i in dataset.indicators)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- what people do to a sheet ------------------------------------------------------------------

def test_a_sheet_edited_and_saved_in_libreoffice_reads_like_the_original(sample_dataset):
    """Sorted, filtered, hidden rows, merged title rows, notes, an extra sheet first, extra
    columns, numbers typed as text, formulas: still the same 103 indicators and values."""
    edited = read_dataset(DATA / "valid" / "edited-in-libreoffice.xlsx")
    assert edited.sheet == "Indikatorer"  # the notes sheet before it has no table
    assert edited.errors == []
    assert _values(edited) == _values(sample_dataset)
    first = edited.indicators[0]
    assert first.row_values["Kontaktperson"] == "Person 2"
    assert first.row_values["Ansvarig förvaltning"] in ("KLF", "SBF")
    book = openpyxl.load_workbook(DATA / "valid" / "edited-in-libreoffice.xlsx")
    sheet = book["Indikatorer"]
    assert any(d.hidden for d in sheet.row_dimensions.values())  # hidden rows were read too
    assert sheet.merged_cells.ranges


# -- template -------------------------------------------------------------------------------------

def test_template_has_headers_lists_number_checks_and_instructions(invoke, tmp_path):
    out = tmp_path / "mall.xlsx"
    result = invoke("template", "--year", "2026", "-o", out)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [theme.INPUT_SHEET, theme.GOAL_INPUT_SHEET,
                               theme.INSTRUCTIONS_SHEET]
    sheet = book[theme.INPUT_SHEET]
    headers = [c.value for c in sheet[1]]
    assert headers == ["Inriktningsmål", "Nyckeltal", "Organisation", "Utfall 2024",
                       "Utfall 2025", "Utfall 2026", "Mål 2026", "Riktning", "Tolerans",
                       "Delvis", "Status", "Trend", "Enhet", "Kommentar"]
    assert sheet.freeze_panes == "C2"
    (table,) = sheet.tables.values()
    assert table.ref.startswith("A1:N")
    rules = {str(dv.sqref).split(":")[0]: dv for dv in sheet.data_validations.dataValidation}
    assert rules["H2"].type == "list"
    assert rules["H2"].formula1 == '"Högre är bättre,Lägre är bättre,Nära målet"'
    # The drop-down offers the three words; its help lists the short forms read as well.
    assert rules["H2"].showInputMessage and rules["H2"].promptTitle == "Riktning"
    prompt = rules["H2"].prompt
    assert len(prompt) <= 255  # Excel's limit for a cell's help
    for direction, forms in vocabulary.DIRECTION_SHORT_FORMS.items():
        assert f"{vocabulary.DIRECTION_LABELS[direction]} (även {', '.join(forms)})" in prompt
    assert rules["K2"].formula1 == '"Uppfylld,Delvis uppfylld,Ej uppfylld,Ej bedömd"'
    assert rules["L2"].formula1 == '"Uppåt,Oförändrad,Nedåt"'
    for column in "DEF":
        assert rules[f"{column}2"].type == "decimal"
        assert "25,9 %" in rules[f"{column}2"].prompt
    # A target is a number or a direction: the check says which, and means it.
    target = rules["G2"]
    assert target.type == "custom" and "Öka" in target.prompt
    for typed, allowed in ((0.75, True), ("Öka", True), ("minskning", True), ("Mer", False)):
        assert evaluate(target.formula1, {"G2": typed}) is allowed
    for column in "IJ":  # Tolerans and Delvis: numbers, never negative
        assert rules[f"{column}2"].type == "decimal"
        assert (rules[f"{column}2"].operator, rules[f"{column}2"].formula1) == (
            "greaterThanOrEqual", "0")
    assert sheet.column_dimensions["B"].width > 40
    instructions = " ".join(c.value for c in book[theme.INSTRUCTIONS_SHEET]["A"] if c.value)
    assert "indexcel build" in instructions and "Lägre är bättre" in instructions


@pytest.mark.parametrize("committed", TEMPLATES, ids=lambda p: p.name)
def test_the_template_under_templates_is_what_the_command_writes(invoke, tmp_path, committed):
    year = int(re.search(r"(\d{4})", committed.name).group(1))
    fresh = tmp_path / committed.name
    assert invoke("template", "--year", year, "-o", fresh).exit_code == 0

    def parsed(path):
        book = openpyxl.load_workbook(path)
        cells = {(s.title, c.coordinate): c.value for s in book.worksheets
                 for row in s.iter_rows() for c in row if c.value is not None}
        rules = sorted((str(dv.sqref), dv.type, dv.formula1, dv.prompt)
                       for s in book.worksheets for dv in s.data_validations.dataValidation)
        tables = sorted((t.name, t.ref) for s in book.worksheets for t in s.tables.values())
        return cells, rules, tables

    assert parsed(committed) == parsed(fresh)


def test_template_never_overwrites_without_force(invoke, tmp_path):
    out = tmp_path / "mall.xlsx"
    out.write_bytes(b"staff's own sheet")
    result = invoke("template", "-o", out)
    assert result.exit_code == 1
    assert "already exists; it was left as it is" in result.output
    assert out.read_bytes() == b"staff's own sheet"
    assert invoke("template", "-o", out, "--force").exit_code == 0
    assert openpyxl.load_workbook(out).sheetnames[0] == theme.INPUT_SHEET


def test_template_filled_in_then_built(invoke, tmp_path):
    blank = tmp_path / "mall.xlsx"
    invoke("template", "--year", "2025", "-o", blank)
    book = openpyxl.load_workbook(blank)
    sheet = book[theme.INPUT_SHEET]
    rows = [
        ("1.1. En ekonomi i balans", "Soliditet", "Kommunstyrelsekontoret", 0.295, 0.267, 0.27,
         0.271, None),
        ("1.1. En ekonomi i balans", "Låneskuld, kr per invånare", "Kommunstyrelsekontoret",
         5565, 596, 0, 13000, "Lägre är bättre"),
        ("4.2. Trygg skola", "Trygga elever", "Barn och Skolnämnd", 0.86, 0.86, 0.84, None, None),
    ]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            if value is not None:
                sheet.cell(r, c if c <= 7 else 8, value)
        for c in (4, 5, 6, 7):
            if isinstance(sheet.cell(r, c).value, float):
                sheet.cell(r, c).number_format = "0.0%"
    book.save(blank)
    out = tmp_path / "rapport.xlsx"
    result = invoke("build", blank, "-o", out)
    assert result.exit_code == 0, result.output
    assert "3 indicators, 2 boards, 2 goals" in result.output
    report = openpyxl.load_workbook(out, data_only=True)
    table = report[theme.SHEET_ALL]
    status = [c.value for c in table[1]].index("Status") + 1
    statuses = [table.cell(r, status).value for r in (2, 3, 4)]
    assert statuses == ["Ej uppfylld", "Uppfylld", "Ej bedömd"]  # 27 % < 27,1 %; 0 <= 13000


# -- read back ------------------------------------------------------------------------------------

def test_the_report_s_table_reads_back_as_input_with_the_same_statuses_and_trends(
        tmp_path, sample_dataset):
    first = tmp_path / "first.xlsx"
    original = sample_dataset
    build_report(original, first)
    again = read_dataset(first)  # no --sheet: the first sheet holding indicators
    assert again.sheet == theme.SHEET_ALL
    assert again.errors == []
    assert _values(again) == _values(original)
    second = tmp_path / "second.xlsx"
    build_report(again, second)
    def words(path):
        table = openpyxl.load_workbook(path, data_only=True)[theme.SHEET_ALL]
        return [(r[1], r[2], r[8], r[9] or "") for r in table.iter_rows(min_row=2,
                                                                         values_only=True)]
    assert words(first) == words(second)
    for a, b in zip(original.indicators, again.indicators, strict=True):
        assert status_of(a, 2024) is status_of(b, 2024)
        assert trend_of(a, 2024) is trend_of(b, 2024)


# -- rollover -------------------------------------------------------------------------------------

@pytest.fixture
def rolled(invoke, tmp_path):
    source = tmp_path / "indikatorer-2024.xlsx"
    shutil.copy(SAMPLE, source)
    before = _sha(source)
    result = invoke("rollover", source, "--year", "2025")
    assert result.exit_code == 0, result.output
    assert _sha(source) == before  # the 2024 input is unchanged, byte for byte
    return source, tmp_path / "indikatorer-2025.xlsx"


def test_rollover_gives_a_2025_sheet_that_validates(invoke, rolled):
    _, out = rolled
    result = invoke("validate", out)
    assert result.exit_code == 0, result.output
    assert "103 indicators, 9 boards, 19 goals" in result.output
    assert "report year: 2025" in result.output


def test_rollover_keeps_every_2024_value_where_it_was(rolled):
    source, out = rolled
    old, new = read_dataset(source), read_dataset(out)
    assert new.outcome_years == [2022, 2023, 2024, 2025]  # every year kept, the new one added
    for a, b in zip(old.indicators, new.indicators, strict=True):
        assert (a.goal.text, a.name, a.board, a.direction, a.unit) == (
            b.goal.text, b.name, b.board, b.direction, b.unit)
        assert b.outcome(2022) == a.outcome(2022)
        assert b.outcome(2023) == a.outcome(2023)
        assert b.outcome(2024) == a.outcome(2024)
        assert b.outcome(2025) is None
        assert b.target(2024) == a.target(2024)
        assert b.target(2025) == a.target(2024)  # started from the old target


def test_rollover_marks_the_new_targets_for_review(rolled):
    _, out = rolled
    sheet = openpyxl.load_workbook(out)[theme.INPUT_SHEET]
    headers = [c.value for c in sheet[1]]
    column = headers.index("Mål 2025") + 1
    cell = sheet.cell(2, column)
    assert cell.fill.fgColor.rgb.endswith(theme.REVIEW_FILL[1:])
    assert "Mål 2024" in cell.comment.text and "Granska" in cell.comment.text
    assert sheet.cell(2, headers.index("Utfall 2024") + 1).fill.fgColor.rgb in (None, "00000000")


def test_rollover_keeps_last_year_s_comments_and_given_statuses_apart(invoke, tmp_path):
    source = DATA / "valid" / "given-status-and-extra-columns.csv"
    out = tmp_path / "ny.xlsx"
    result = invoke("rollover", source, "--year", "2025", "-o", out)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out)[theme.INPUT_SHEET]
    headers = [c.value for c in sheet[1]]
    for header in ("Status 2024", "Trend 2024", "Kommentar 2024", "Ansvarig", "Källa"):
        assert header in headers
    row = {h: c.value for h, c in zip(headers, sheet[2], strict=False)}
    assert row["Kommentar"] is None and row["Kommentar 2024"] == "Målet justerat under året"
    assert row["Status"] is None and row["Status 2024"] == "Uppfylld"
    assert row["Ansvarig"] == "Anna" and row["Riktning"] == "Lägre är bättre"
    dataset = read_dataset(out)
    assert dataset.indicators[0].given_status is None  # not mistaken for this year's
    assert dataset.indicators[0].given_statuses == {2024: Status.MET}  # but 2024's


def test_rollover_refuses_to_overwrite_without_force_and_never_the_input(invoke, rolled):
    source, out = rolled
    out.write_bytes(b"already typed in")
    result = invoke("rollover", source, "--year", "2025")
    assert result.exit_code == 1
    assert "already exists; it was left as it is" in result.output
    assert out.read_bytes() == b"already typed in"
    assert invoke("rollover", source, "--year", "2025", "--force").exit_code == 0
    assert read_dataset(out).report_year == 2025
    before = _sha(source)
    result = invoke("rollover", source, "--year", "2025", "-o", source, "--force")
    assert result.exit_code == 1
    assert "never writes over its input" in result.output
    assert _sha(source) == before


def test_rollover_to_a_past_year_is_a_usage_error(invoke, rolled):
    source, _ = rolled
    result = invoke("rollover", source, "--year", "2024")
    assert result.exit_code == 2
    assert "2024 is not after the input's report year 2024" in result.output


def test_rollover_refuses_input_with_errors_rather_than_lose_values(invoke, tmp_path):
    result = invoke("rollover", DATA / "invalid" / "not-a-number.csv", "--year", "2025",
                    "-o", tmp_path / "x.xlsx")
    assert result.exit_code == 1
    assert "a rollover would lose the values that could not be read" in result.output
    assert not (tmp_path / "x.xlsx").exists()


def test_rollover_of_a_build_s_table_and_build_with_options(sample_report):
    assert read_dataset(sample_report).report_year == 2024


def test_the_instructions_print_on_one_page_width_as_the_other_sheets(invoke, tmp_path):
    out = tmp_path / "mall.xlsx"
    assert invoke("template", "--year", "2026", "-o", out).exit_code == 0
    for sheet in openpyxl.load_workbook(out).worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert str(sheet.page_setup.paperSize) == "9"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0)
