"""The reader against damaged, sparse and odd input (issue 11): the corpus is under
tests/data/hostile (test_hostile.py); these tests look at the seams."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import openpyxl
import pytest

from conftest import DATA, ROOT, SAMPLE
from indexcel import limits
from indexcel.errors import DamagedFileError, InputError
from indexcel.model import Measure
from indexcel.reader import _openpyxl, read_dataset
from indexcel.reader.csv_file import decode, detect_encoding

HOSTILE = DATA / "hostile"
SPARSE = sorted(HOSTILE.glob("sparse-*.xlsx"))


def _cells(path, public_only):
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [[(c.coordinate, c.value, c.number_format) for c in row]
                for row in _openpyxl.existing_cells(book.worksheets[0],
                                                     public_only=public_only)]
    finally:
        book.close()


@pytest.mark.parametrize("path", [SAMPLE, *SPARSE], ids=lambda p: p.name)
def test_the_private_parser_and_the_public_fallback_read_the_same_cells(path):
    assert _cells(path, public_only=False) == _cells(path, public_only=True)


@pytest.mark.parametrize("path", SPARSE, ids=lambda p: p.name)
def test_a_sparse_sheet_yields_only_the_cells_it_holds(path):
    with zipfile.ZipFile(path) as package:
        in_xml = package.read("xl/worksheets/sheet1.xml").count(b"<c ")
    rows = _cells(path, public_only=False)
    assert sum(len(row) for row in rows) == in_xml


def test_the_reader_falls_back_to_the_public_api_when_openpyxl_lacks_its_parser(monkeypatch):
    # An openpyxl without the private sheet parser (simulated: the name is gone) is read
    # through the public API, to the same dataset.
    import openpyxl.worksheet._reader as private

    expected = read_dataset(SAMPLE)
    monkeypatch.delattr(private, "WorkSheetParser")
    fallback = read_dataset(SAMPLE)
    assert [(i.name, i.board, i.outcomes, i.targets) for i in fallback.indicators] == \
        [(i.name, i.board, i.outcomes, i.targets) for i in expected.indicators]


@pytest.mark.parametrize("path", SPARSE, ids=lambda p: p.name)
def test_a_sparse_file_is_read_in_a_subprocess_well_within_the_limit(path):
    # A stray cell at XFD2 or A1048576 used to make the reader walk billions of empty cells
    # (hours). The timing proper is benchmarks/sparse.py; here it must simply finish.
    code = "import sys; from indexcel.reader import read_dataset; read_dataset(sys.argv[1])"
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, timeout=20, cwd=ROOT)


def test_damaged_parts_are_one_input_error_naming_sheet_and_cell():
    with pytest.raises(DamagedFileError, match=r"sheet 'Indikatorer', cell B3"):
        read_dataset(HOSTILE / "damaged-shared-string-index.xlsx")
    with pytest.raises(InputError, match="cell E3: the number 99999999999 has a date format"):
        read_dataset(HOSTILE / "damaged-date-serial.xlsx")


def test_no_value_from_the_reader_is_beyond_what_a_cell_holds():
    dataset = read_dataset(HOSTILE / "huge-integer-extra-column.xlsx")
    assert [str(p.location) for p in dataset.errors] == [
        "huge-integer-extra-column.xlsx, sheet 'Indikatorer', cell F2, column 'Källa'"]


def test_control_characters_are_removed_with_a_warning_naming_the_cell():
    dataset = read_dataset(HOSTILE / "control-characters.csv")
    texts = [v for i in dataset.indicators for v in (i.goal.text, i.name, i.board,
                                                        *i.row_values.values())
             if isinstance(v, str)] + [c.header for c in dataset.columns]
    assert not any(limits.has_unwritable(t) for t in texts)
    assert dataset.indicators[0].board == "Kommunstyrelse"
    assert dataset.indicators[1].goal.text == "2.1. Trygg uppväxt"
    assert "Ansvarig" in [c.header for c in dataset.columns]
    assert all(w.kind == "unwritable" for w in dataset.warnings)
    assert len(dataset.warnings) == 8


@pytest.mark.parametrize("given", [None, "utf-8", "utf-8-sig", "cp1252"])
def test_a_bom_is_never_data(given, tmp_path):
    text = "Utfall 2023;Inriktningsmål;Nyckeltal;Organisation;Utfall 2024;Mål 2024\n"
    data = b"\xef\xbb\xbf" + text.encode("utf-8")
    assert decode(tmp_path / "x.csv", data, given).startswith("Utfall 2023;")


def test_one_bad_byte_in_utf8_is_named_and_cp1252_is_still_cp1252(tmp_path):
    swedish = (DATA / "valid" / "indikatorer-2024-excel-sv.csv").read_bytes()
    assert detect_encoding(swedish) == "cp1252"
    utf8 = swedish.decode("cp1252").encode("utf-8")
    broken = utf8.replace("Socialnämnd".encode(), b"Social\xe4mnd", 1)
    path = tmp_path / "broken.csv"
    path.write_bytes(broken)
    line = broken[:broken.index(b"Social\xe4")].count(b"\n") + 1
    with pytest.raises(InputError, match=rf"not valid UTF-8: line {line}, byte \d+ of the line "
                                         r"\(0xE4, after '.*Social'\)"):
        read_dataset(path)


def test_a_workbook_named_csv_is_read_with_a_note(tmp_path):
    path = tmp_path / "indikatorer.csv"
    path.write_bytes(SAMPLE.read_bytes())
    dataset = read_dataset(path)
    assert len(dataset.indicators) == 103
    assert "but the file is an Excel workbook" in str(dataset.warnings[0])


def test_a_goal_number_of_5000_digits_reads_and_sorts():
    dataset = read_dataset(HOSTILE / "huge-goal-number.csv")
    assert [g.title for g in dataset.goals] == ["Ekonomi", "Ett mål med långt nummer"]


def test_years_in_other_scripts_digits_are_years(tmp_path):
    path = tmp_path / "arabiska.csv"
    path.write_text("Inriktningsmål;Nyckeltal;Organisation;Utfall ٢٠٢٣;Utfall ٢٠٢٤;Mål ٢٠٢٤\n"
                    "1.1. Ekonomi;N;KS;1;2;3\n", encoding="utf-8")
    dataset = read_dataset(path)
    assert dataset.report_year == 2024
    assert dataset.indicators[0].outcome(2024) == Measure(2.0)


def test_a_value_in_a_column_without_a_header_is_a_warning_not_lost_silently(tmp_path):
    path = tmp_path / "glapp.csv"
    path.write_text("Inriktningsmål;Nyckeltal;Organisation;;Utfall 2024;Mål 2024\n"
                    "1.1. Ekonomi;N;KS;viktigt;2;3\n1.1. Ekonomi;M;KS;;2;3;;\n",
                    encoding="utf-8")
    dataset = read_dataset(path)
    assert [str(w) for w in dataset.warnings] == [
        "warning: glapp.csv, line 2: the value 'viktigt' (field 4) stands in a column without "
        "a header; it is not read. Give the column a header to carry it into the report, or "
        "delete the value."]


@pytest.mark.parametrize("codec", ["rot13", "zlib", "base64", "hex", "bz2", "undefined"])
def test_codecs_that_are_not_text_encodings_are_a_usage_error(invoke, codec):
    for command in ("validate", "build"):
        result = invoke(command, DATA / "valid" / "year-option.csv", "--encoding", codec)
        assert result.exit_code == 2, result.output
        assert f"'{codec}' is not an encoding a CSV file can be read with" in result.output
