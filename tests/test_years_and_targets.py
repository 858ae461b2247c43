"""Years a column may name, and a report year without targets: an error from validate and
build alike (every ball would be white) unless --no-targets says so; the commands that only
read outcomes (rollover, kolada, fill) take such a sheet as it is."""

from __future__ import annotations

import openpyxl
import pytest

from indexcel.errors import InputError
from indexcel.model import Status
from indexcel.reader import read_dataset
from indexcel.rules import assess

HEADER = "Inriktningsmål;Nyckeltal;Organisation;Utfall 2023;Utfall 2024"
ROW = "1.1. En ekonomi i balans;Soliditet;Kommunstyrelsekontoret;1;2"


def _csv(tmp_path, text: str, name: str = "in.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["validate", "build"])
def test_no_target_column_is_an_error_that_names_the_option(invoke, tmp_path, command):
    path = _csv(tmp_path, f"{HEADER}\n{ROW}\n")
    out = tmp_path / "out.xlsx"
    result = invoke(command, path, *(["-o", out] if command == "build" else []))
    assert result.exit_code == 1
    assert "no target column matches an outcome year" in result.output
    assert "every indicator would be Ej bedömd (a white ball)" in result.output
    assert "or pass --no-targets if a report without targets is meant" in result.output
    assert not out.exists()


@pytest.mark.parametrize("year", [[], ["--year", "2023"]])
def test_no_targets_builds_a_report_of_white_balls(invoke, tmp_path, year):
    path = _csv(tmp_path, f"{HEADER};Mål 2024\n1.1. Ekonomi;Soliditet;KS;1;2;3\n")
    if not year:
        path = _csv(tmp_path, f"{HEADER}\n{ROW}\n")
    validated = invoke("validate", path, "--no-targets", *year)
    assert validated.exit_code == 0, validated.output
    expected_year = 2023 if year else 2024
    assert f"report year: {expected_year}" in validated.output
    assert f"status {expected_year}: 0 Uppfylld, 0 Ej uppfylld, 1 Ej bedömd" in validated.output
    out = tmp_path / "out.xlsx"
    built = invoke("build", path, "--no-targets", *year, "-o", out)
    assert built.exit_code == 0, built.output
    table = openpyxl.load_workbook(out, data_only=True)["Alla indikatorer"]
    header = [c.value for c in table[1]]
    assert table.cell(2, header.index("Status") + 1).value == "Ej bedömd"


def test_the_library_takes_the_latest_outcome_year_when_targets_are_not_required(tmp_path):
    path = _csv(tmp_path, f"{HEADER}\n{ROW}\n")
    with pytest.raises(InputError, match="--no-targets"):
        read_dataset(path)
    dataset = read_dataset(path, require_targets=False)
    assert dataset.report_year == 2024 and dataset.errors == []
    assert [j.status for j in assess(dataset).indicators] == [Status.NOT_ASSESSED]


def test_an_empty_target_column_is_a_warning_once(invoke, tmp_path):
    path = _csv(tmp_path, f"{HEADER};Mål 2024\n{ROW};\n{ROW.replace('Soliditet', 'Annat')};\n")
    result = invoke("validate", path)
    assert result.exit_code == 0
    assert result.output.count("holds no target") == 1
    assert ("in.csv, line 1, column 'Mål 2024': the column 'Mål 2024' holds no target: every "
            "indicator of 2024 is Ej bedömd (a white ball). Fill in the targets, or pass "
            "--no-targets" in result.output)
    assert "holds no target" not in invoke("validate", path, "--no-targets").output


def test_rollover_takes_a_sheet_without_targets(invoke, tmp_path):
    path = _csv(tmp_path, f"{HEADER}\n{ROW}\n")
    out = tmp_path / "next.xlsx"
    result = invoke("rollover", path, "--year", "2025", "-o", out)
    assert result.exit_code == 0, result.output
    headers = [c.value for c in openpyxl.load_workbook(out)["Indikatorer"][1]]
    assert "Mål 2025" in headers and "Utfall 2025" in headers


@pytest.mark.parametrize("header", ["Utfall 0000", "Utfall 1899", "Mål 2201", "Källa 9999",
                                    "Utfall ٠٠٠٠"])
def test_a_year_outside_1900_to_2200_is_an_error(invoke, tmp_path, header):
    path = _csv(tmp_path, f"{HEADER};Mål 2024;{header}\n{ROW};3;4\n")
    for command in ("validate", "build"):
        result = invoke(command, path, *(["-o", tmp_path / "x.xlsx"]
                                         if command == "build" else []))
        assert result.exit_code == 1, result.output
        assert f"column '{header}': the header '{header}' names the year" in result.output
        assert "which is not a year between 1900 and 2200" in result.output
        assert "internal error" not in result.output


@pytest.mark.parametrize("year", ["1900", "2200"])
def test_the_ends_of_the_range_are_years(tmp_path, year):
    path = _csv(tmp_path, f"{HEADER};Mål 2024;Utfall {year}\n{ROW};3;4\n")
    assert int(year) in read_dataset(path).outcome_years


@pytest.mark.parametrize("command", [["template"], ["rollover", "in.xlsx"]])
def test_commands_that_write_a_year_keep_to_the_range(invoke, command):
    result = invoke(*command, "--year", "2201")
    assert result.exit_code == 2
    assert "2201 is not in the range 1900<=x<=2200" in result.output


def test_a_delimiter_that_finds_no_header_and_none_the_file_uses(invoke, tmp_path):
    """No delimiter finds a header: the message is the reader's, with the file's delimiter
    as a softer hint."""
    path = _csv(tmp_path, "a,b,c\n1,2,3\n")
    result = invoke("validate", path, "--delimiter", ";")
    assert result.exit_code == 1
    assert "The file seems to use ',' rather than the --delimiter ';' given" in result.output
    same = invoke("validate", path, "--delimiter", ",")
    assert same.exit_code == 1 and "seems to use" not in same.output
