"""Rows rendered straight to XML (writer/cells.py) read back as XlsxWriter's own cells do.

Each check writes the same values twice into one sheet, once through XlsxWriter's write_*
methods and once as a rendered row, in a sheet that streams its rows to disk and in one held
in memory, and compares what openpyxl reads.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from xlsxwriter.url import Url

from indexcel.writer.cells import CellXml, RawRowWorksheet, as_typed, column_letter, escape

AWKWARD_TEXTS = [
    "plain",
    "A & B < C > D",
    '"quoted" and \'single\'',
    "  leading spaces",
    "trailing spaces  ",
    "_x0041_ looks like an escape",
    "bell \x07 and null \x00 characters",
    "tab\tinside",
    "line\nbreak",
    "Nämnd för åäö – ● ◐ ○",
    "emoji 😀 counts two",
]


def _book(path: Path, stream: bool):
    book = xlsxwriter.Workbook(str(path), {"constant_memory": stream, "in_memory": not stream})
    sheet = book.add_worksheet("Data", worksheet_class=RawRowWorksheet)
    return book, sheet, book.add_format({"bold": True, "num_format": "0.0%"})


def _row_values(sheet, row: int, width: int) -> list:
    return [sheet.cell(row=row, column=col).value for col in range(1, width + 1)]


@pytest.mark.parametrize("stream", [True, False], ids=["streamed", "in-memory"])
def test_rendered_text_reads_back_as_xlsxwriter_s_own(tmp_path, stream):
    path = tmp_path / "texts.xlsx"
    book, sheet, fmt = _book(path, stream)
    cells = CellXml(sheet)
    style = fmt._get_xf_index()
    for col, text in enumerate(AWKWARD_TEXTS):
        sheet.write_string(0, col, text, fmt)
    last = len(AWKWARD_TEXTS) - 1
    xml = "".join(cells.text(f"{column_letter(col)}2", style, text)
                  for col, text in enumerate(AWKWARD_TEXTS))
    assert sheet.write_row_xml(1, 0, last, xml) == 0
    book.close()
    read = openpyxl.load_workbook(path)["Data"]
    theirs, ours = _row_values(read, 1, last + 1), _row_values(read, 2, last + 1)
    # Excel stores control characters as _xHHHH_; openpyxl shows that form, not the character.
    assert ours == [re.sub("[\x00-\x08\x0b-\x1f]", lambda m: f"_x{ord(m.group()):04X}_", text)
                    for text in AWKWARD_TEXTS]
    if not stream:  # streamed, XlsxWriter writes inline strings, which openpyxl reads apart
        assert ours == theirs
    assert [read.cell(2, c).font.b for c in range(1, last + 2)] == [True] * (last + 1)


@pytest.mark.parametrize("stream", [True, False], ids=["streamed", "in-memory"])
def test_text_that_looks_like_rich_text_markup_is_kept_as_typed(tmp_path, stream):
    # XlsxWriter writes a string that starts with <r> and ends with </r> unescaped, as rich
    # text; a name typed that way must survive, rendered or written by XlsxWriter.
    path = tmp_path / "markup.xlsx"
    book, sheet, fmt = _book(path, stream)
    cells = CellXml(sheet)
    typed = "<r>not & markup</r>"
    sheet.write_row_xml(0, 0, 0, cells.text("A1", fmt._get_xf_index(), typed))
    sheet.write_string(1, 0, as_typed(typed), fmt)
    book.close()
    read = openpyxl.load_workbook(path, rich_text=True)["Data"]
    assert str(read["A1"].value) == str(read["A2"].value) == typed


@pytest.mark.parametrize("stream", [True, False], ids=["streamed", "in-memory"])
def test_numbers_formulas_booleans_blanks_heights_and_links(tmp_path, stream):
    path = tmp_path / "kinds.xlsx"
    book, sheet, fmt = _book(path, stream)
    style = fmt._get_xf_index()
    sheet.write_number(0, 0, 0.8129999999999999, fmt)
    sheet.write_formula(0, 1, '=IF(A1>=0.5,"●","◐")', fmt, "●")
    sheet.write_formula(0, 2, '=IF(A1="","",SIGN(A1))', fmt, 1)
    sheet.write_formula(0, 3, '=IF(A1<>"","","x")', fmt, "")
    sheet.write_boolean(0, 4, True, fmt)
    sheet.write_blank(0, 5, None, fmt)
    sheet.write_url(0, 6, "internal:'Other tab'!A1", fmt, "Other & tab")
    sheet.set_row(0, 29)
    cells = CellXml(sheet)
    url = Url("internal:'Other tab'!A1")
    url.text = "Other & tab"
    assert sheet.link_cell(1, 6, url)
    xml = "".join([
        cells.number("A2", style, 0.8129999999999999),
        cells.formula("B2", style, escape('IF(A2>=0.5,"●","◐")'), "●"),
        cells.formula("C2", style, escape('IF(A2="","",SIGN(A2))'), 1),
        cells.formula("D2", style, escape('IF(A2<>"","","x")'), ""),
        cells.boolean("E2", style, True),
        cells.blank("F2", style),
        cells.text("G2", style, "Other & tab"),
    ])
    assert sheet.write_row_xml(1, 0, 6, xml, height=29) == 0
    book.add_worksheet("Other tab")
    book.close()
    read = openpyxl.load_workbook(path)["Data"]
    first, second = _row_values(read, 1, 7), _row_values(read, 2, 7)
    assert second == [v.replace("A1", "A2") if isinstance(v, str) and v.startswith("=") else v
                      for v in first]
    assert second[0] == 0.8129999999999999 and second[4] is True and second[5] is None
    cached = openpyxl.load_workbook(path, data_only=True)["Data"]
    assert _row_values(cached, 2, 7) == _row_values(cached, 1, 7)
    assert read.row_dimensions[2].height == read.row_dimensions[1].height == 29.25  # 39 px
    assert read["G2"].hyperlink.location == read["G1"].hyperlink.location == "'Other tab'!A1"
    assert read["G2"].hyperlink.display == read["G1"].hyperlink.display == "Other & tab"
    assert read.dimensions == "A1:G2"


def test_a_rendered_row_beyond_the_sheet_is_refused(tmp_path):
    book, sheet, _ = _book(tmp_path / "limit.xlsx", True)
    assert sheet.write_row_xml(1_048_576, 0, 0, "") == -1
    assert sheet.write_row_xml(0, 0, 16_384, "") == -1
    book.close()


@pytest.mark.parametrize("stream", [True, False], ids=["streamed", "in-memory"])
def test_rendered_cells_join_a_row_xlsxwriter_already_holds(tmp_path, stream):
    path = tmp_path / "join.xlsx"
    book, sheet, fmt = _book(path, stream)
    cells = CellXml(sheet)
    sheet.write_string(0, 0, "written by XlsxWriter", fmt)
    xml = cells.text("B1", fmt._get_xf_index(), "rendered") + cells.number("C1", 0, 42)
    assert sheet.write_row_xml(0, 1, 2, xml, height=30) == 0
    sheet.write_row_xml(1, 0, 0, cells.text("A2", 0, "next row"))
    book.close()
    read = openpyxl.load_workbook(path)["Data"]
    assert _row_values(read, 1, 3) == ["written by XlsxWriter", "rendered", 42]
    assert read["A2"].value == "next row"
    assert read.row_dimensions[1].height == 30
