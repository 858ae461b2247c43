"""Hostile input and safe output: the corpus under tests/data/hostile and the write path."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import stat

import openpyxl
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA, SAMPLE, data_files, expected, failing_after
from indexcel import limits
from indexcel.errors import OutputError, UnsafeInputError
from indexcel.model import Goal, Indicator, Measure
from indexcel.reader import read_dataset
from indexcel.writer import ReportOptions, build_report
from indexcel.writer.sheetnames import SheetNamer
from workbooks import assert_sound, heading

FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _corpus() -> list:
    """The hostile files; those that show a known defect of the writer are strict xfails."""
    return [pytest.param(path, id=path.name, marks=pytest.mark.xfail(
                strict=True, reason=expected(path)["xfail"]))
            if "xfail" in expected(path) else pytest.param(path, id=path.name)
            for path in data_files("hostile")]


@pytest.mark.parametrize("path", _corpus())
def test_hostile_corpus(invoke, path, tmp_path):
    spec = expected(path)
    out = tmp_path / "out" / "report.xlsx"
    boards = ["--per-board", tmp_path / "boards"] if "per_board" in spec else []
    result = invoke("build", path, "-o", out, *spec.get("args", []),
                    *spec.get("build_args", []), *boards)
    assert "internal error" not in result.output
    if spec["outcome"] == "refused":
        assert result.exit_code == spec["exit"], result.output
        for fragment in spec["messages"]:
            assert fragment in result.output, (fragment, result.output)
        assert result.output.count("Error:") == 1  # one clear message
        assert not out.exists()
        assert not out.parent.exists() or list(out.parent.iterdir()) == []
    else:
        assert result.exit_code == 0, result.output
        for fragment in spec.get("warnings", []):
            assert fragment in result.output, (fragment, result.output)
        assert_sound(out)
        book = openpyxl.load_workbook(out)
        if "columns" in spec:
            table = book["Alla indikatorer"]
            headers = [c.value for c in next(table.iter_rows(max_row=1))]
            assert headers[:len(spec["columns"])] == spec["columns"]
        names = book.sheetnames
        assert len({n.casefold() for n in names}) == len(names)
        for name in names:
            assert len(name) <= 31 and not FORBIDDEN.search(name)
            assert not name.startswith("'") and not name.endswith("'")
            assert name.casefold() != "history"
        assert book["Alla indikatorer"].max_row == spec["indicators"] + 1
        if "per_board" in spec:
            names = sorted(p.name for p in (tmp_path / "boards").iterdir())
            assert names == sorted(spec["per_board"])
            assert all(len(n.encode("utf-8")) <= 255 for n in names)


@pytest.mark.parametrize("path", data_files("hostile"), ids=lambda p: p.name)
def test_validate_refuses_what_build_refuses(invoke, path):
    spec = expected(path)
    result = invoke("validate", path, *spec.get("args", []))
    assert "internal error" not in result.output
    assert result.exit_code == spec.get(
        "validate_exit", 0 if spec["outcome"] == "built" else spec["exit"]), result.output


def test_zip_bomb_is_refused_before_any_xml_is_parsed(monkeypatch):
    def no_parsing(*args, **kwargs):
        raise AssertionError("openpyxl must not see a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", no_parsing)
    with pytest.raises(UnsafeInputError, match="zip bomb"):
        read_dataset(DATA / "hostile" / "zip-bomb.xlsx")


def test_injected_text_stays_text_in_every_tab(tmp_path):
    out = tmp_path / "out.xlsx"
    build_report(read_dataset(DATA / "hostile" / "formula-injection.csv"), out)
    book = openpyxl.load_workbook(out)
    table = book["Alla indikatorer"]
    texts = {c.value: c for row in table.iter_rows(min_row=2) for c in row
             if isinstance(c.value, str)}
    for value in ('=HYPERLINK("http://evil.example","Klicka här")', "=1+1", "+SUM(1,2)",
                  "@SUM(A1)", "\t=cmd|' /C calc'!A0", "-2+3", "=KS"):
        cell = texts[value]
        assert cell.data_type == "s", value
        assert cell.quotePrefix, value  # stays text even after F2 + Enter in Excel
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    # The only formulas are ours: status, trend, counts, the goals'
                    # judgements and sentences.
                    assert cell.data_type == "f" or cell.quotePrefix
                    if cell.data_type == "f":
                        assert cell.value.startswith(("=IF(", "=COUNTIFS(", "=SUM(",
                                                      "=COUNTIF(", '="')) or re.fullmatch(
                            r"=[A-Z]+\d+(\+[A-Z]+\d+)+", cell.value), cell.value
                if cell.hyperlink is not None:
                    assert cell.hyperlink.target is None  # internal links only


def test_hostile_board_names_keep_their_full_name_in_the_heading(tmp_path):
    out = tmp_path / "out.xlsx"
    dataset = read_dataset(DATA / "hostile" / "hostile-sheet-names.csv")
    build_report(dataset, out)
    book = openpyxl.load_workbook(out)
    headings = {heading(book[name]): name for name in book.sheetnames}
    for board in dataset.boards:
        assert board in headings
    assert headings["History"] != "History"
    assert headings["Bygg/Miljö"] == "Bygg-Miljö"
    assert headings["Alla indikatorer"] != "Alla indikatorer"


@given(st.lists(st.text(min_size=0, max_size=60), min_size=1, max_size=12))
@settings(max_examples=60, deadline=None)
def test_sheet_names_are_always_valid_and_unique(tmp_path_factory, wanted):
    namer = SheetNamer(["Läshänvisning", "Sammanfattning", "Alla indikatorer"])
    names = [namer.claim(w) for w in wanted]
    assert len({n.casefold() for n in names}) == len(names)
    # XlsxWriter raises on any name Excel would refuse.
    workbook = xlsxwriter.Workbook(str(tmp_path_factory.mktemp("names") / "n.xlsx"))
    for name in ["Läshänvisning", "Sammanfattning", "Alla indikatorer", *names]:
        workbook.add_worksheet(name)
    workbook.close()


# -- the write path ----------------------------------------------------------------------------

def test_a_failed_build_leaves_the_existing_output_untouched(tmp_path, sample_dataset):
    out = tmp_path / "rapport.xlsx"
    out.write_bytes(b"last year's good report")
    with pytest.raises(RuntimeError):
        build_report(sample_dataset, out, ReportOptions(progress=failing_after(150)))
    assert out.read_bytes() == b"last year's good report"
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.xlsx"]  # no temporary left


def test_a_report_open_in_excel_gives_close_the_file_and_exit_1(invoke, tmp_path, monkeypatch):
    out = tmp_path / "rapport.xlsx"
    out.write_bytes(b"open in Excel")

    def locked(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("indexcel.writer.atomic.os.replace", locked)
    result = invoke("build", SAMPLE, "-o", out)
    assert result.exit_code == 1
    assert "Close the file in Excel and try again." in result.output
    assert out.read_bytes() == b"open in Excel"
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.xlsx"]


def test_file_create_error_from_xlsxwriter_names_the_output_not_its_temporary(
        invoke, tmp_path, monkeypatch):
    from xlsxwriter.exceptions import FileCreateError

    def refuse(self):
        raise FileCreateError(PermissionError(13, "Permission denied"))

    monkeypatch.setattr(xlsxwriter.Workbook, "close", refuse)
    result = invoke("build", SAMPLE, "-o", tmp_path / "r.xlsx")
    assert result.exit_code == 1
    assert f"Error: {tmp_path / 'r.xlsx'}: cannot be written here (Permission denied)." \
        in result.output
    assert "Choose a folder you may write in with -o." in result.output
    assert ".tmp" not in result.output and "Excel" not in result.output  # a new file: not open
    assert list(tmp_path.iterdir()) == []


def test_never_writes_over_the_input(invoke, tmp_path):
    source = tmp_path / "indata.xlsx"
    shutil.copy(SAMPLE, source)
    before = source.read_bytes()
    result = invoke("build", source, "-o", source)
    assert result.exit_code == 1
    assert "this is the input file; indexcel never writes over its input" in result.output
    assert source.read_bytes() == before


def test_the_output_folder_is_created(invoke, tmp_path):
    out = tmp_path / "ny" / "mapp" / "rapport.xlsx"
    result = invoke("build", SAMPLE, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.exists()


def test_text_over_excel_s_cell_limit_is_a_clear_error_not_silent(tmp_path):
    # The reader refuses such text; a library user may build a dataset by hand.
    dataset = read_dataset(DATA / "valid" / "year-option.csv")
    dataset = dataclasses.replace(dataset, indicators=(*dataset.indicators, Indicator(
        goal=Goal.parse("1.1. Ekonomi"), name="y" * 40_000, board="KS",
        outcomes={2024: Measure(1)}, targets={2024: Measure(2)})))
    out = tmp_path / "out.xlsx"
    with pytest.raises(OutputError, match=r"sheet 'KS', cell A\d+: a text of 40,000 characters"):
        build_report(dataset, out)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_streamed_build_leaves_no_temporary_files(tmp_path, monkeypatch):
    import tempfile

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    out = tmp_path / "out" / "rapport.xlsx"

    with pytest.raises(RuntimeError):
        build_report(read_dataset(SAMPLE), out,
                     ReportOptions(stream=True, progress=failing_after(150)))
    assert list(scratch.iterdir()) == []
    assert not out.parent.exists()  # the folder made for the report is removed with it


def test_links_beyond_excel_s_limit_become_text_with_a_note(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_LINKS_PER_SHEET", 5)
    result = build_report(read_dataset(SAMPLE), tmp_path / "out.xlsx")
    assert any("more than 5 links; the rest are written as plain text" in n
               for n in result.notes)
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx")["Läshänvisning"]
    links = [c for row in sheet.iter_rows() for c in row if c.hyperlink]
    assert len(links) == 5


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_report_gets_ordinary_permissions_and_keeps_those_of_the_file_it_replaces(
        invoke, tmp_path):
    # The report is written to a private temporary file first; the finished file must not
    # stay private, or colleagues on a shared folder cannot open it.
    out = tmp_path / "out.xlsx"
    mask = os.umask(0o022)
    try:
        assert invoke("build", str(SAMPLE), "-o", str(out), "-q").exit_code == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
        out.chmod(0o640)
        assert invoke("build", str(SAMPLE), "-o", str(out), "-q").exit_code == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o640
    finally:
        os.umask(mask)


def test_billion_laughs_is_named_also_when_openpyxl_parses_with_lxml(tmp_path):
    # With lxml installed (many users have it) openpyxl parses with lxml, which keeps entity
    # declarations rather than refusing them: the package is checked before any parser.
    # The rest of the suite runs openpyxl without lxml (conftest.py), as a plain install has it.
    import subprocess
    import sys

    pytest.importorskip("lxml")
    result = subprocess.run(
        [sys.executable, "-m", "indexcel", "build", str(DATA / "hostile" / "billion-laughs.xlsx"),
         "-o", str(tmp_path / "out.xlsx")],
        capture_output=True, text=True, env={**os.environ, "OPENPYXL_LXML": "True"},
        timeout=120, check=False)
    assert result.returncode == 1
    assert "billion-laughs.xlsx: the workbook's XML uses entity declarations" in result.stderr \
        + result.stdout


def test_table_headers_that_look_like_formulas_stay_text_in_every_workbook(invoke, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("Inriktningsmål;Nyckeltal;Organisation;Utfall 2023;Utfall 2024;Mål 2024;"
                      "=SUM(A1);+Bonus;Kol_x0041_\n1.1. Ekonomi;A;KS;1;2;3;x;y;z\n",
                      encoding="utf-8")
    assert invoke("build", source, "-o", tmp_path / "r.xlsx").exit_code == 0
    assert invoke("rollover", source, "--year", "2025", "-o",
                  tmp_path / "next.xlsx").exit_code == 0
    for path, sheet_name in ((tmp_path / "r.xlsx", "Alla indikatorer"),
                             (tmp_path / "next.xlsx", "Indikatorer")):
        sheet = openpyxl.load_workbook(path)[sheet_name]
        headers = {c.value: c for c in sheet[1]}
        for header in ("=SUM(A1)", "+Bonus"):
            assert headers[header].data_type == "s" and headers[header].quotePrefix, header
        assert "Kol_x0041_" in headers  # a literal _xHHHH_ reads back as typed
        (table,) = sheet.tables.values()
        # Each column's name reads as its header cell does (a reader decodes _x005F_ in both)
        assert [c.name for c in table.tableColumns] == [c.value for c in sheet[1]]
