"""The workbook checks themselves: each reports a workbook broken in its own way, and none
reports a valid one.

Each broken workbook is a valid XlsxWriter workbook with one part rewritten. They are named
*.mutated so that the watch over built workbooks (conftest.py) leaves them alone.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from xlsxwriter.utility import quote_sheetname

from built_workbooks import BuiltWorkbooks, audit_problems, is_tool_output
from conftest import ROOT, SAMPLE
from formula_checks import function_problem, needs_quoting, reference_problems, scan
from indexcel.writer import build_report
from workbook_checks import accessibility_problems, check_workbook

SHEETS = {"Data", "Alla indikatorer", "Bob's", "R2D2"}


@pytest.fixture(scope="module")
def valid(tmp_path_factory) -> Path:
    """A small workbook with every kind of part the checks read: shared strings, styles
    (a custom number format, row and column styles), formulas naming quoted sheets, links,
    print titles, a conditional format, a list validation, a table and a chart."""
    path = tmp_path_factory.mktemp("checks") / "valid.xlsx"
    book = xlsxwriter.Workbook(str(path))
    data = book.add_worksheet("Data")
    table = book.add_worksheet("Alla indikatorer")
    quote = book.add_worksheet("Bob's")
    book.add_worksheet("R2D2")  # reads as a cell in R1C1 style: quoted in references
    percent = book.add_format({"num_format": "0.0%"})
    bold = book.add_format({"bold": True})
    data.set_column("A:A", 20, bold)
    data.set_row(3, 20, bold)
    data.write_string("A1", "Nyckeltal", bold)
    data.write_number("B1", 1.5, percent)
    data.write_string("A2", "Nyckeltal")
    data.write_formula("B2", "=COUNTIFS('Alla indikatorer'!$A:$A,\"Mål (1)\")", None, 1)
    data.write_formula("C2", '=IF(B1>0,SUM(B1:B2),"")', None, "")
    data.write_formula("D2", "='Bob''s'!A1", None, 5)
    data.write_formula("E2", "='R2D2'!A1", None, 0)
    data.write_url("A3", "internal:'Alla indikatorer'!A1", string="Till tabellen")
    data.write_url("B3", "internal:'Bob''s'!A1", string="Bob")
    data.conditional_format("B1:B2", {"type": "cell", "criteria": ">", "value": 0,
                                      "format": book.add_format({"font_color": "#00843D"})})
    data.data_validation("E1", {"validate": "list", "source": ["Högre", "Lägre"]})
    data.repeat_rows(0)
    table.add_table("A1:C3", {"name": "Indikatorer", "columns": [
        {"header": "Inriktningsmål"}, {"header": "Rad\nbrytning"}, {"header": "Status"}],
        "data": [["a", 1, "x"], ["b", 2, "y"]]})
    table.repeat_rows(0)
    chart = book.add_chart({"type": "pie"})
    chart.add_series({"categories": "='Alla indikatorer'!$A$2:$A$3",
                      "values": "='Alla indikatorer'!$B$2:$B$3"})
    data.insert_chart("G2", chart, {"description": "Cirkeldiagram: status per mål"})
    quote.write_number("A1", 5)
    book.close()
    return path


def mutated(source: Path, part: str, old: str, new: str) -> Path:
    """A copy of `source` with the first `old` in `part` replaced by `new`."""
    target = source.with_name(f"{source.stem}-{abs(hash((part, old, new)))}.mutated")
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == part:
                text = data.decode("utf-8")
                assert old in text, f"{old!r} is not in {part}: the valid workbook changed"
                data = text.replace(old, new, 1).encode("utf-8", "surrogatepass")
            zout.writestr(info, data, zipfile.ZIP_DEFLATED)
    return target


DATA, TABLE_SHEET = "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"
SST, STYLES, TABLE = "xl/sharedStrings.xml", "xl/styles.xml", "xl/tables/table1.xml"
WORKBOOK, CHART = "xl/workbook.xml", "xl/charts/chart1.xml"

BROKEN = {
    # every part well-formed, no character XML 1.0 forbids
    "tag-not-closed": (DATA, "</sheetData>", "</sheetDat>", f"{DATA}: not well-formed"),
    "control-character": (SST, "<t>Bob</t>", "<t>B\x01ob</t>", f"{SST}: not well-formed"),
    "U+FFFE": (SST, "<t>Bob</t>", "<t>B\ufffeob</t>", f"{SST}: not well-formed"),
    "char-reference": (SST, "<t>Bob</t>", "<t>B&#27;ob</t>", f"{SST}: not well-formed"),
    "entity": (SST, "<sst ", '<!DOCTYPE sst [<!ENTITY e "x">]><sst ', f"{SST}: not well-formed"),
    "core-properties": ("docProps/core.xml", "<cp:coreProperties ", "<cp:coreProperties <",
                        "docProps/core.xml: not well-formed"),
    # rows and cells in order, values of their type
    "rows-out-of-order": (DATA, '<row r="2" ', '<row r="5" ', "row 3 follows row 5"),
    "row-repeated": (DATA, '<row r="2" ', '<row r="1" ', "row 1 follows row 1"),
    "cell-in-another-row": (DATA, '<c r="B2"', '<c r="B3"', "cell B3 stands in row 2"),
    "cells-out-of-order": (DATA, '<c r="A1"', '<c r="C1"', "cell B1 is not after"),
    "cell-past-XFD": (DATA, '<c r="B1"', '<c r="XFE1"', "cell 'XFE1' is not in Excel's grid"),
    "inf": (DATA, "<v>1.5</v>", "<v>inf</v>", "number 'inf'"),
    "minus-inf": (DATA, "<v>1.5</v>", "<v>-inf</v>", "number '-inf'"),
    "nan": (DATA, "<v>1.5</v>", "<v>nan</v>", "number 'nan'"),
    "excel-inf": (DATA, "<v>1.5</v>", "<v>1.#INF</v>", "number '1.#INF'"),
    "beyond-double": (DATA, "<v>1.5</v>", "<v>1e999</v>", "beyond Excel's range"),
    "underscore-number": (DATA, "<v>1.5</v>", "<v>1_5</v>", "number '1_5'"),
    "empty-number": (DATA, "<v>1.5</v>", "<v></v>", "number ''"),
    "shared-string-index": (DATA, 't="s"><v>0</v>', 't="s"><v>99</v>', "shared string '99'"),
    "boolean": (DATA, 's="2"><v>1.5</v>', 's="2" t="b"><v>true</v>', "boolean 'true'"),
    # shared string counts
    "unique-count": (SST, 'uniqueCount="10"', 'uniqueCount="9"', "uniqueCount=9 for 10"),
    "count": (SST, 'count="11"', 'count="10"', "count=10, but 11 cells"),
    # styles
    "cell-style": (DATA, 's="2"><v>1.5', 's="4"><v>1.5', "has s=4 but there are 4"),
    "row-style": (DATA, 's="1" customFormat="1"', 's="9" customFormat="1"', "row 4 has s=9"),
    "column-style": (DATA, 'style="1"', 'style="7"', "col 1 has style=7"),
    "fonts-count": (STYLES, '<fonts count="3"', '<fonts count="4"', "<fonts> says 4 but has 3"),
    "cellXfs-count": (STYLES, '<cellXfs count="4"', '<cellXfs count="3"', "<cellXfs> says 3"),
    "undefined-numFmt": (STYLES, 'numFmtId="164" fontId', 'numFmtId="170" fontId',
                         "undefined numFmtId 170"),
    "font-index": (STYLES, 'fontId="1" fillId', 'fontId="5" fillId', "fontId=5 of 3"),
    "dxf-index": (DATA, 'dxfId="0"', 'dxfId="1"', "conditional format dxfId=1 of 1"),
    "validation-count": (DATA, '<dataValidations count="1"', '<dataValidations count="2"',
                         "<dataValidations> says 2 but has 1"),
    "app-vector-size": ("docProps/app.xml", 'size="6" baseType="lpstr"',
                        'size="7" baseType="lpstr"', "<vector> says 7 but has 6"),
    # tables
    "header-cell-differs": (TABLE, 'name="Status"', 'name="Status 2024"',
                            "header cell C1 reads 'Status', but the column name 'Status 2024'"),
    "header-escaped-differs": (TABLE, 'name="Status"', 'name="_x0053_tatus_x0020_"',
                               "reads 'Status '"),
    "names-repeat": (TABLE, 'name="Status"', 'name="INRIKTNINGSMÅL"', "column names repeat"),
    "autofilter": (TABLE, '<autoFilter ref="A1:C3"', '<autoFilter ref="A1:C2"',
                   "autoFilter A1:C2 is not the table's A1:C3"),
    "ref-too-wide": (TABLE, 'ref="A1:C3" totals', 'ref="A1:D3" totals', "does not span its 3"),
    "tableColumns-count": (TABLE, '<tableColumns count="3"', '<tableColumns count="2"',
                           "<tableColumns> says 2 but has 3"),
    # sheet names in links, defined names, chart series
    "link-unquoted": (DATA, "location=\"'Alla indikatorer'!A1\"",
                      'location="Alla indikatorer!A1"', "refers to a sheet 'indikatorer'"),
    "link-quote-not-doubled": (DATA, "location=\"'Bob''s'!A1\"", "location=\"'Bob's'!A1\"",
                               "quote inside a sheet name must be doubled"),
    "link-no-such-sheet": (DATA, "location=\"'Bob''s'!A1\"", "location=\"'Bobs'!A1\"",
                           "a sheet 'Bobs' that does not exist"),
    "link-nowhere": (DATA, "location=\"'Bob''s'!A1\"", 'location="Bobs"', "no such place"),
    "print-titles-unquoted": (WORKBOOK, "'Alla indikatorer'!$1:$1", "Alla indikatorer!$1:$1",
                              "a sheet 'indikatorer' that does not exist"),
    "print-titles-other-sheet": (WORKBOOK, "'Alla indikatorer'!$1:$1", "Data!$1:$1",
                                 "belongs to 'Alla indikatorer' but refers to ['Data']"),
    "print-titles-no-sheet": (WORKBOOK, 'localSheetId="1"', 'localSheetId="4"',
                              "localSheetId 4 is not a sheet"),
    "name-like-a-cell": (DATA, "<f>'R2D2'!A1", "<f>R2D2!A1", "sheet name R2D2 must be quoted"),
    "chart-series": (CHART, "'Alla indikatorer'!$A$2:$A$3", "'Alla indikatorer (2)'!$A$2:$A$3",
                     "a sheet 'Alla indikatorer (2)' that does not exist"),
    # functions
    "xlookup": (DATA, "<f>IF(", "<f>XLOOKUP(1,A1:A2,B1:B2)+IF(",
                "XLOOKUP is an Excel 2010+ function written without _xlfn."),
    "prefixed": (DATA, "<f>IF(", "<f>_xlfn.XLOOKUP(1,A1:A2,B1:B2)+IF(",
                 "_XLFN.XLOOKUP needs Excel 2010 or later"),
    "unknown-function": (DATA, "<f>IF(", "<f>OM(", "OM is not a function known"),
    "volatile": (DATA, "<f>IF(", "<f>TODAY()+IF(", "TODAY is not a function known"),
    "hyperlink-formula": (DATA, "<f>IF(", '<f>HYPERLINK("http://x.example")&amp;IF(',
                          "HYPERLINK is not a function known"),
    "string-not-closed": (DATA, '"Mål (1)")', '"Mål (1))', "string literal is not closed"),
    "conditional-format": (DATA, "<formula>0</formula>", "<formula>IFS(1,2)</formula>",
                           "IFS is an Excel 2010+ function"),
    "validation": (DATA, '<formula1>"Högre,Lägre"</formula1>', "<formula1>FILTER(A:A)</formula1>",
                   "FILTER is an Excel 2010+ function"),
    "dynamic-array": (DATA, '<c r="C2">', '<c r="C2" cm="1">', "C2 is a dynamic array formula"),
}


@pytest.mark.parametrize("case", BROKEN, ids=str)
def test_each_check_reports_its_breakage(valid, case):
    part, old, new, expected = BROKEN[case]
    problems = check_workbook(mutated(valid, part, old, new))
    assert any(expected in p for p in problems), problems


def test_a_valid_workbook_has_no_problems(valid):
    assert check_workbook(valid) == []
    assert accessibility_problems(valid) == []
    assert audit_problems(valid) == []


VALID_REWRITES = {
    # Excel writes a line break in a column name as _x000A_; the header cell keeps it raw.
    "escaped-column-name": (TABLE, 'name="Rad&#xA;brytning"', 'name="Rad_x000A_brytning"'),
    # an unneeded quote is allowed; a name made of letters needs none
    "needless-quotes": (WORKBOOK, "Data!$1:$1", "'Data'!$1:$1"),
    # function-like text inside strings is text
    "names-in-strings": (DATA, '"Mål (1)"', '"XLOOKUP(1) TODAY() \'Nowhere\'!A1 #REF!"'),
    "structured-reference": (DATA, "<f>IF(", "<f>SUM(Indikatorer[[#This Row],[Status (x)]])+IF("),
    "error-literal": (DATA, "<f>IF(", "<f>IF(ISNA(#N/A),#REF!,0)+IF("),
}


@pytest.mark.parametrize("case", VALID_REWRITES, ids=str)
def test_what_excel_accepts_is_not_reported(valid, case):
    assert check_workbook(mutated(valid, *VALID_REWRITES[case])) == []


def test_a_chart_without_alternative_text_is_an_accessibility_problem(valid):
    path = mutated(valid, "xl/drawings/drawing1.xml", ' descr="Cirkeldiagram: status per mål"',
                   "")
    assert check_workbook(path) == []  # not a validity problem: kept apart
    (problem,) = accessibility_problems(path)
    assert "'Chart 1' has no alternative text" in problem


def test_a_damaged_package_is_a_problem_not_a_crash(tmp_path):
    (tmp_path / "x.mutated").write_bytes(b"PK\x03\x04 not really a zip")
    assert "not a readable zip package" in check_workbook(tmp_path / "x.mutated")[0]


# -- the formula scanner -------------------------------------------------------------------------

def test_scan_steps_over_strings_structured_references_and_error_literals():
    found = list(scan("""IF('Bob''s'!A1="x(""y)",Tbl[[#This Row],[a(b]],#REF!)+Data!B2"""))
    assert [k for k, _ in found] == ["function", "sheet", "sheet"]
    assert [v.name for k, v in found if k == "sheet"] == ["Bob's", "Data"]


@pytest.mark.parametrize("name", [
    "Data", "Alla indikatorer", "Bob's", "1.1 En ekonomi", "Överförmyndare", "A1", "XFD1048576",
    "XFE1", "AAAA1", "R1C1", "R2", "C3", "RC", "R", "Rapport", "Cirkel", "_x", ".x", "a.b",
    "Sida-2", "Mål (2)", "TRUE",
])
def test_needs_quoting_agrees_with_xlsxwriter(name):
    assert needs_quoting(name) == (quote_sheetname(name) != name)


def test_every_function_indexcel_writes_is_allowed_and_newer_ones_are_not():
    for name in ("IF", "OR", "ABS", "SIGN", "SUM", "COUNTA", "COUNTIF", "COUNTIFS"):
        assert function_problem(name) is None
    for name in ("XLOOKUP", "IFS", "CONCAT", "TEXTJOIN", "MAXIFS", "_XLFN.XLOOKUP"):
        assert function_problem(name) is not None
    assert list(reference_problems("COUNTIFS('Alla indikatorer'!$A:$A,\"=1.1\")", SHEETS)) == []


# -- which files the watch checks ---------------------------------------------------------------

def test_the_watch_takes_the_tool_s_workbooks_and_leaves_inputs_and_other_writers_alone(
        tmp_path, valid, sample_dataset):
    import openpyxl

    build_report(sample_dataset, tmp_path / "report.xlsx")
    assert is_tool_output(tmp_path / "report.xlsx")
    assert is_tool_output(valid)  # XlsxWriter's own, written in this run
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(SAMPLE.read_bytes())
    assert not is_tool_output(copy)  # an input
    openpyxl.load_workbook(tmp_path / "report.xlsx").save(tmp_path / "resaved.xlsx")
    assert not is_tool_output(tmp_path / "resaved.xlsx")  # openpyxl's
    (tmp_path / "text.xlsx").write_bytes(b"not a workbook")
    assert not is_tool_output(tmp_path / "text.xlsx")


def test_the_watch_checks_each_new_workbook_once_and_again_when_it_changes(valid):
    # outside the session's folder, or the session's own watch would fail this test
    with tempfile.TemporaryDirectory() as folder:
        _watch_a_folder(Path(folder), valid)


def _watch_a_folder(root: Path, valid: Path) -> None:
    watch = BuiltWorkbooks(root)
    (root / "ok.xlsx").write_bytes(valid.read_bytes())
    broken = mutated(valid, SST, 'count="11"', 'count="10"')
    (root / "sub").mkdir()
    (root / "sub" / "broken.xlsx").write_bytes(broken.read_bytes())
    found = watch.problems()
    assert list(found) == [root / "sub" / "broken.xlsx"]
    assert "count=10, but 11 cells" in found[root / "sub" / "broken.xlsx"][0]
    assert watch.checked == 2
    assert watch.problems() == {}  # seen already
    os.utime(root / "ok.xlsx", ns=(0, 0))
    assert watch.problems() == {} and watch.checked == 3  # changed: checked again


@pytest.mark.parametrize("path", sorted([*ROOT.glob("templates/*.xlsx"), SAMPLE]),
                         ids=lambda p: p.name)
def test_shipped_workbooks_the_tool_wrote_are_valid(path):
    # The watch skips copies of shipped files; these were written by the tool, so check them.
    assert check_workbook(path) == []
    assert audit_problems(path) == []
