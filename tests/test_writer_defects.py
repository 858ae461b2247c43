"""Inputs that once made the writer write a workbook Excel refuses, found by the workbook
checks (workbook_checks.py). Each case builds (or rolls over) a small input and expects what
its case says: a valid workbook, or (`refused`) exit 1 with that message and no workbook;
`reason` says what went wrong before it was fixed."""

from __future__ import annotations

import pytest

from workbook_checks import check_workbook

HEADER = "Inriktningsmål;Nyckeltal;Organisation;Utfall 2023;Utfall 2024;Mål 2024"


def defect(case_id: str, command: str, extra_header: str, row: str, reason: str,
           refused: str | None = None):
    return pytest.param(command, extra_header, row, refused, id=case_id)


CASES = [
    defect("control-character-in-board", "build", "", "1.1. Mål;Antal;K\x01S;1;2;3",
           "U+0001 in a board name is written raw into the COUNTIFS criteria of "
           "'Sammanfattning' and into hyperlink display attributes on 'Läshänvisning', "
           "'Sammanfattning' and the goal tab: those sheet parts are not well-formed XML"),
    defect("control-character-in-goal", "build", "", "1.1. M\x02ål;Antal;KS;1;2;3",
           "U+0002 in a goal title is written raw into COUNTIFS criteria on 'Sammanfattning' "
           "and the goal tab and into a link's display on 'Läshänvisning': not well-formed"),
    defect("U+FFFE-in-board", "build", "", "1.1. Mål;Antal;KS\ufffe;1;2;3",
           "U+FFFE in a board name reaches the sheet name (xl/workbook.xml), link locations "
           "and COUNTIFS criteria: xl/workbook.xml and three sheets are not well-formed"),
    defect("control-character-in-extra-header", "build", ";Ext\x03ra", "1.1. Mål;A;KS;1;2;3;x",
           "U+0003 in an extra column's header is written raw into the table's tableColumn "
           "name: xl/tables/table1.xml is not well-formed"),
    defect("control-character-in-extra-header-rollover", "rollover", ";Ext\x03ra",
           "1.1. Mål;A;KS;1;2;3;x",
           "rollover: U+0003 in a header makes xl/tables/table1.xml not well-formed"),
    defect("escape-like-extra-header", "build", ";Kol_x0041_", "1.1. Mål;A;KS;1;2;3;x",
           "an extra column header 'Kol_x0041_' is stored in the header cell escaped "
           "(Kol_x005F_x0041_) but in tableColumn name unescaped, which Excel reads as "
           "'KolA': the header cell and the column name differ, and Excel repairs the table"),
    defect("escape-like-extra-header-rollover", "rollover", ";Kol_x0041_",
           "1.1. Mål;A;KS;1;2;3;x",
           "rollover: the same _xHHHH_ header mismatch in the input sheet's table"),
    defect("number-beyond-double", "build", "", "1.1. Mål;Antal;KS;1" + "0" * 400 + ";2;3",
           "a 401-digit outcome is written as <v>inf</v> on the board tab, the goal tab and "
           "'Alla indikatorer': a number Excel cannot read",
           refused="line 2, column 'Utfall 2023': '1000000000000000000000000000000000000000… "
                   "(401 characters)' is larger than the largest number Excel holds"),
    defect("markup-text-rollover", "rollover", ";Kommentar",
           "1.1. Mål;<r>x & y</r>;KS;1;2;3;z",
           "rollover writes the text '<r>x & y</r>' through XlsxWriter's string table, which "
           "takes <r>...</r> for ready-made rich-text XML and writes it unescaped: "
           "xl/sharedStrings.xml is not well-formed"),
    defect("dynamic-function-name-in-goal", "build", "",
           "1.1. Sortera med SORT(x) och FILTER(y);Antal;KS;1;2;3",
           "XlsxWriter's write_formula takes FILTER( or SORT( anywhere in a formula, here "
           "inside the COUNTIFS criteria strings, for a dynamic array function: the goal's "
           "counts on 'Sammanfattning' and on the goal tab are written as dynamic array "
           "formulas (cm=1, xl/metadata.xml), shown as {=...} before Excel 365"),
]


@pytest.mark.parametrize(("command", "extra_header", "row", "refused"), CASES)
def test_the_writer_gives_a_valid_workbook_or_the_case_s_refusal(
        invoke, tmp_path, command, extra_header, row, refused):
    source = tmp_path / "in.csv"
    source.write_text(f"{HEADER}{extra_header}\n{row}\n", encoding="utf-8")
    out = tmp_path / "out.xlsx"
    args = ["--year", "2025"] if command == "rollover" else []
    result = invoke(command, source, *args, "-o", out)
    assert "internal error" not in result.output
    if refused is not None:
        assert result.exit_code == 1 and refused in result.output, result.output
        assert not out.exists()
        return
    assert result.exit_code == 0, result.output
    assert check_workbook(out) == []
