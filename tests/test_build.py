"""The built workbook, opened with openpyxl: sheets, values, formulas, formats, rules."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from conftest import DATA, SAMPLE, failing_after
from formula_eval import evaluate
from indexcel import theme, vocabulary
from indexcel.model import Direction
from indexcel.reader import read_dataset
from indexcel.rules import status_of, trend_of
from indexcel.writer import ReportOptions, build_report
from workbook_digest import sheet_xml
from workbooks import heading, row_of

BOARDS = ["Överförmyndare", "Val- och demokratinämnd", "Utbildningsnämnd", "Socialnämnd",
          "Samhällsbyggnadskontoret", "Kultur- och fritidsnämnd", "Kommunstyrelsekontoret",
          "Bygg och miljönämnd", "Barn och Skolnämnd"]


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory, sample_dataset) -> Path:
    out = tmp_path_factory.mktemp("build") / "rapport.xlsx"
    build_report(sample_dataset, out, ReportOptions(municipality="Norrtälje kommun"))
    return out


@pytest.fixture(scope="module")
def book(sample_build):
    return openpyxl.load_workbook(sample_build)


@pytest.fixture(scope="module")
def cached(sample_build):
    return openpyxl.load_workbook(sample_build, data_only=True)


def test_tabs_guide_summary_boards_goals_and_table(book):
    names = book.sheetnames
    assert names[:2] == [theme.SHEET_GUIDE, theme.SHEET_SUMMARY]
    assert names[2:11] == BOARDS
    assert len(names[11:-2]) == 19
    assert names[11] == "1.1 En ekonomi i balans"
    assert names[-2:] == [theme.SHEET_ALL, theme.SHEET_GOALS]
    for name in names:
        assert len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name)


def test_table_holds_every_indicator_with_the_input_columns(book, cached, sample_dataset):
    sheet = book[theme.SHEET_ALL]
    (table,) = sheet.tables.values()
    assert table.name == "Indikatorer"
    assert table.ref == table.autoFilter.ref == "A1:P104"
    assert table.tableStyleInfo.showRowStripes
    assert table.autoFilter is not None
    headers = [c.value for c in sheet[1]]
    assert headers == ["Inriktningsmål", "Nyckeltal", "Organisation", "Utfall 2022",
                       "Utfall 2023", "Utfall 2024", "Mål 2024", "Riktning", "Tolerans",
                       "Delvis", "Status", "Trend", "Enhet", "Kommentar", "Kolada-id",
                       "Kommun-id"]
    status_col, trend_col = headers.index("Status") + 1, headers.index("Trend") + 1
    dataset = sample_dataset
    values = cached[theme.SHEET_ALL]
    for row, indicator in enumerate(dataset.indicators, start=2):
        assert values.cell(row, 2).value == indicator.name
        assert values.cell(row, status_col).value == vocabulary.STATUS_LABELS[
            status_of(indicator, 2024)]
        trend = trend_of(indicator, 2024)
        # openpyxl reads a cached empty string as None
        assert (values.cell(row, trend_col).value or "") == (
            "" if trend is None else vocabulary.TREND_LABELS[trend])
        status_formula = sheet.cell(row, status_col).value
        assert status_formula.startswith("=IF(")
        # A status formula refers to its own row only, so sorting the table keeps it right.
        assert set(re.findall(r"\b[A-Z]+(\d+)\b", status_formula)) == {str(row)}


def test_status_and_trend_cells_are_formulas_over_their_own_row(book, cached):
    sheet, values = book["Socialnämnd"], cached["Socialnämnd"]
    header = [c.value for c in sheet[5]]
    assert header == ["Nyckeltal", "Enhet", "Utfall 2022", "Utfall 2023", "Utfall 2024",
                      "Mål 2024", "Tolerans", "Delvis", "Status", "Trend", "Utveckling"]
    assert sheet["A6"].value == "Inriktningsmål: 1.1. En ekonomi i balans"
    assert sheet["A7"].value.startswith("Budgetföljsamhet")
    # The formulas mean what the rules say: evaluated over the row, they give the cached ball
    # and arrow, and they change with the row's outcome, target, tolerance and Delvis.
    row = {f"{c}7": values[f"{c}7"].value for c in "ABCDEFGH"}
    assert (row["G7"], row["H7"]) == (0.01, 0.03)  # budget deviation: ±1 %, partly ±3 %
    status, trend = sheet["I7"].value, sheet["J7"].value
    assert evaluate(status, row) == values["I7"].value == "◐"  # -4,1 %: over 3 % from 0 %
    assert evaluate(trend, row) == values["J7"].value == -1  # 6,2 % -> -4,1 %
    assert evaluate(status, {**row, "E7": 0.004}) == "●"  # within 1 %, under budget
    assert evaluate(status, {**row, "E7": -0.02}) == "◕"  # within 3 %, over budget
    assert evaluate(status, {**row, "H7": 0.05}) == "◕"  # a wider Delvis
    assert evaluate(status, {**row, "G7": 0.05}) == "●"  # a wider tolerance
    assert evaluate(trend, {**row, "E7": 0.062}) == 0
    assert set(re.findall(r"\b[A-Z]+(\d+)\b", status)) == {"7"}
    glyphs = [values.cell(r, 9).value for r in range(6, sheet.max_row + 1)]
    assert set(glyphs) - {None} <= set(theme.STATUS_GLYPHS.values())


def _rules(sheet):
    found = []
    for cf in sheet.conditional_formatting:
        for rule in cf.rules:
            found.append((str(cf.sqref), rule))
    return found


def test_trend_arrows_are_icon_sets_with_number_thresholds(book, sample_dataset):
    sheet = book["Socialnämnd"]
    icon_rules = [(ref, r) for ref, r in _rules(sheet) if r.type == "iconSet"]
    by_set = {r.iconSet.iconSet: ref for ref, r in icon_rules}
    assert set(by_set) == {"3Arrows", "3ArrowsGray"}
    for _, rule in icon_rules:
        assert rule.iconSet.showValue is False
        thresholds = [(c.type, float(c.val)) for c in rule.iconSet.cfvo][1:]
        assert thresholds == [("num", 0.0), ("num", 1.0)]
    dataset = sample_dataset
    rows = {}
    for row in range(7, sheet.max_row + 1):
        name = sheet.cell(row, 1).value
        if name and not name.startswith("Inriktningsmål:"):
            rows[name] = row
    for indicator in dataset.indicators:
        if indicator.board != "Socialnämnd":
            continue
        cell = f"J{rows[indicator.name]}"
        icon_set = ("3Arrows" if indicator.direction is Direction.HIGHER_IS_BETTER
                    else "3ArrowsGray")  # grey where lower is better, and near the target
        assert _covers(by_set[icon_set], cell), (indicator.name, cell)


def _covers(sqref: str, cell: str) -> bool:
    from openpyxl.worksheet.cell_range import CellRange

    return any(cell in CellRange(part) for part in sqref.split())


def test_status_balls_are_coloured_by_their_glyph(book):
    sheet = book["Socialnämnd"]
    colours = {}
    for _, rule in _rules(sheet):
        if rule.type == "cellIs":
            colours[rule.formula[0].strip('"')] = rule.dxf.font.color.rgb[-6:]
    assert colours == {"●": theme.COLOURS["met"][1:], "◕": theme.COLOURS["partly_met"][1:],
                       "◐": theme.COLOURS["not_met"][1:], "○": theme.COLOURS["not_assessed"][1:]}


def test_numbers_keep_percent_decimals_and_thousands(book):
    sheet = book[theme.SHEET_ALL]
    assert sheet["D2"].value == pytest.approx(0.1067)
    assert sheet["D2"].number_format == "0.00%"
    assert sheet["F2"].number_format == "0.0%"
    assert sheet["G2"].number_format == "0%"
    nights = next(r for r in range(2, 105)
                  if sheet.cell(r, 2).value.startswith("Antal gästnätter"))
    assert sheet.cell(nights, 4).value == 421442
    assert sheet.cell(nights, 4).number_format == "#,##0"
    blank = next(r for r in range(2, 105)
                 if sheet.cell(r, 2).value.startswith("Rekommendationsgrad"))
    assert sheet.cell(blank, 4).value is None  # no 2022 outcome: blank, not zero


def test_summary_counts_are_formulas_over_whole_columns(book, cached, sample_dataset):
    sheet, values = book[theme.SHEET_SUMMARY], cached[theme.SHEET_SUMMARY]
    header = row_of(sheet, "Indikatorer", col=3)
    assert [sheet.cell(header, c).value for c in range(3, 9)] == [
        "Indikatorer", "Uppfyllda", "Delvis uppfyllda", "Ej uppfyllda", "Ej bedömda",
        "Andel uppfyllda"]
    assert sheet.cell(header + 1, 2).value == "En ekonomi i balans"
    table = cached[theme.SHEET_ALL]

    def whole_column(ref: str) -> list:  # 'Alla indikatorer'!A2:A1048576 -> its values
        assert ref.startswith("'Alla indikatorer'!"), ref
        first = re.fullmatch(r"([A-Z]+)(\d+):\1\d+", ref.split("!")[1])
        assert first and first.group(2) == "2", ref  # below the header, to the last row
        return [c.value for c in table[first.group(1)]][1:]

    # Each count is a formula over whole columns of the table: evaluated over the table it
    # gives the cached count, and the counts are those of the rules.
    r = header + 1
    for cell, count in ((f"C{r}", 17), (f"D{r}", 7), (f"E{r}", 2), (f"F{r}", 8), (f"G{r}", 0)):
        assert evaluate(sheet[cell].value, whole_column) == values[cell].value == count, cell
    assert values[f"E{r}"].value == 2  # Bygg och miljö -1,2 %, Barn och Skola 1,6 %
    share = evaluate(sheet[f"H{r}"].value, {f"{c}{r}": values[f"{c}{r}"].value for c in "CDEFG"})
    assert share == pytest.approx(values[f"H{r}"].value)
    assert share == values[f"D{r}"].value / sum(values[f"{c}{r}"].value for c in "DEF")
    totals = [n for n in range(r, sheet.max_row + 1) if sheet.cell(n, 2).value == "Totalt"]
    assert [values.cell(n, 3).value for n in totals] == [103, 103]
    dataset = sample_dataset
    met = sum(status_of(i, 2024).value == "met" for i in dataset.indicators)
    assert [values.cell(n, 4).value for n in totals] == [met, met]


def test_nothing_points_at_a_single_cell_of_the_table(book):
    pattern = re.compile(r"'Alla indikatorer'!(\$?[A-Z]+\$?\d*(?::\$?[A-Z]+\$?\d*)?)")
    refs = []
    for sheet in book.worksheets:
        if sheet.title == theme.SHEET_ALL:
            continue
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    refs += pattern.findall(cell.value)
    assert refs, "the summaries should count over the table"
    # Whole columns below the header: the rows the table grows into count too.
    assert all(re.fullmatch(r"\$([A-Z]+)\$2:\$\1\$1048576", ref) for ref in refs), set(refs)


def test_goal_tab_has_title_counts_chart_and_linked_boards(book, cached):
    sheet = book["2.1 Säkerställa att invånare…"]
    assert heading(sheet) == ("2.1. Säkerställa att invånare och företag får snabb återkoppling "
                              "och positivt bemötande i alla sina kontakter med kommunen")
    assert sheet["A1"].hyperlink.location == f"'{theme.SHEET_GUIDE}'!A1"
    assert len(sheet._charts) == 1
    header_row = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "Organisation")
    board_cell = sheet.cell(header_row + 1, 1)
    assert board_cell.value == "Kommunstyrelsekontoret"
    assert board_cell.hyperlink.location == "'Kommunstyrelsekontoret'!A1"
    values = cached["2.1 Säkerställa att invånare…"]
    counts_row = next(r for r in range(1, 20) if values.cell(r, 4).value == theme.LABEL_COUNT)
    assert [values.cell(counts_row, c).value for c in range(4, 9)] == [
        "Indikatorer", "Uppfyllda", "Delvis uppfyllda", "Ej uppfyllda", "Ej bedömda"]
    assert [values.cell(counts_row + 1, c).value for c in range(4, 9)] == [4, 0, 0, 4, 0]
    (chart,) = sheet._charts
    assert chart  # its alternative text: test_workbook_accessibility


def test_print_setup_freeze_and_properties(book):
    printed = [name for name in book.sheetnames if name != theme.SHEET_ALL]
    for name in book.sheetnames:
        sheet = book[name]
        assert sheet.page_setup.orientation == "landscape"
        assert str(sheet.page_setup.paperSize) == "9"
        assert "Uppföljning indikatorer 2024" in sheet.oddFooter.left.text
        assert "&P" in sheet.oddFooter.right.text
    for name in printed:
        sheet = book[name]
        # An explicit scale, so that manual page breaks are what both applications print.
        assert not sheet.sheet_properties.pageSetUpPr or \
            not sheet.sheet_properties.pageSetUpPr.fitToPage, name
        assert 10 <= int(sheet.page_setup.scale or 100) <= 100, name  # 100: left out
        # The report, its year and the municipality on every page.
        assert sheet.oddHeader.right.text == "Uppföljning indikatorer 2024 – Norrtälje kommun"
        # The printed area starts below the link back to the guide (a table has none).
        assert sheet.print_area.split("!")[1].startswith(
            "$A$1" if name in (theme.SHEET_GUIDE, theme.SHEET_GOALS) else "$A$2"), name
    assert book["Socialnämnd"].oddHeader.left.text == "&BSocialnämnd"  # bold
    assert book["1.1 En ekonomi i balans"].oddHeader.left.text == "&B1.1. En ekonomi i balans"
    assert book["Socialnämnd"].freeze_panes == "A6"
    assert book["Socialnämnd"].print_title_rows == "$5:$5"
    # A goal heading never ends a page: breaks fall before headings, or between rows.
    breaks = [b.id for b in book["Kommunstyrelsekontoret"].row_breaks.brk]
    assert breaks and all(book["Kommunstyrelsekontoret"].cell(b, 1).value for b in breaks)
    table = book[theme.SHEET_ALL]
    assert table.freeze_panes == "C2"
    assert table.sheet_properties.pageSetUpPr.fitToPage  # if its print area is cleared
    area = table.print_area.split("!")[1]
    assert table[area.replace("$", "").split(":")[0]].value is None  # nothing to print
    assert book.properties.title == "Uppföljning indikatorer 2024"


def test_guide_has_legend_with_the_report_s_own_balls_and_arrows_and_a_toc(book):
    sheet = book[theme.SHEET_GUIDE]
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Grön boll: uppfylld indikator." in texts
    glyph_cells = [c for row in sheet.iter_rows() for c in row
                   if c.value in theme.STATUS_GLYPHS.values()]
    # The sample uses Delvis: partly met is explained too; then the goals' four balls.
    assert len(glyph_cells) == 4 + 4
    assert "Gul boll med en vit fjärdedel: delvis uppfylld indikator." in texts
    assert any(t.startswith("• Där Riktning är Nära målet") for t in texts)
    icon_sets = {r.iconSet.iconSet for _, r in _rules(sheet) if r.type == "iconSet"}
    assert icon_sets == {"3Arrows", "3ArrowsGray"}
    links = {c.hyperlink.location for row in sheet.iter_rows() for c in row if c.hyperlink}
    assert len(links) == len(book.sheetnames) - 1  # every tab but the guide itself
    assert any("indikatorer-2024.xlsx" in t for t in texts)


def test_same_input_gives_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    dataset = read_dataset(SAMPLE)
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    build_report(dataset, first)
    build_report(read_dataset(SAMPLE), second)
    assert first.read_bytes() == second.read_bytes()
    created = openpyxl.load_workbook(first).properties.created
    assert created.year == 2025 and created.month == 1


def test_input_text_is_written_as_text_never_as_formula_or_link(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(
        "Inriktningsmål;Nyckeltal;Organisation;Utfall 2023;Utfall 2024;Mål 2024;Kommentar\n"
        '1.1. Ekonomi;=HYPERLINK("http://evil.example","klicka");KS;1;2;3;'
        "http://example.com/rapport\n"
        "1.1. Ekonomi;+1+1;KS;1;2;3;@SUM(A1)\n"
        "1.1. Ekonomi;-2;KS;1;2;3;\t=cmd\n", encoding="utf-8")
    out = tmp_path / "out.xlsx"
    build_report(read_dataset(source), out)
    book = openpyxl.load_workbook(out)
    table = book[theme.SHEET_ALL]
    assert table["B2"].value == '=HYPERLINK("http://evil.example","klicka")'
    assert table["B2"].data_type == "s"
    assert table["B2"].quotePrefix
    assert table["B3"].data_type == "s" and table["B4"].data_type == "s"
    comment = [c.value for c in table[1]].index("Kommentar") + 1
    url_cell = table.cell(2, comment)
    assert url_cell.value == "http://example.com/rapport"
    assert url_cell.hyperlink is None and url_cell.data_type == "s"
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.hyperlink is not None:
                    assert cell.hyperlink.target is None  # internal links only
                    assert cell.hyperlink.location


def test_given_status_and_trend_are_written_as_given(tmp_path):
    out = tmp_path / "out.xlsx"
    build_report(read_dataset(DATA / "valid" / "given-status-and-extra-columns.csv"), out)
    book = openpyxl.load_workbook(out)
    table = book[theme.SHEET_ALL]
    headers = [c.value for c in table[1]]
    assert headers[-2:] == ["Ansvarig", "Källa"]  # other columns carried along
    assert table.cell(2, headers.index("Status") + 1).value == "Uppfylld"
    assert table.cell(2, headers.index("Trend") + 1).value == "Uppåt"
    assert table.cell(3, headers.index("Status") + 1).value.startswith("=IF(")
    board = book["KS"]
    columns = [c.value for c in board[5]]
    row = 7  # title block, header, goal heading, then the first indicator
    assert board.cell(row, columns.index("Status") + 1).value == "●"
    assert board.cell(row, columns.index("Trend") + 1).value == 1


def test_trend_tolerance_reaches_the_formulas(tmp_path, sample_dataset):
    out = tmp_path / "out.xlsx"
    dataset = sample_dataset
    build_report(dataset, out, ReportOptions(trend_tolerance=0.01))
    formula = openpyxl.load_workbook(out)["Socialnämnd"]["J7"].value
    # A change of one percentage point is unchanged, exactly at the tolerance too; a larger
    # one is not (24,9 % -> 25,9 % was once "Uppåt": 0.259 - 0.249 = 0.010000000000000009).
    assert evaluate(formula, {"E7": 0.259, "D7": 0.249}) == 0
    assert evaluate(formula, {"E7": 0.26, "D7": 0.249}) == 1
    assert evaluate(formula, {"E7": 0.238, "D7": 0.249}) == -1


def test_cli_build_defaults_to_the_sample_and_output_folder(invoke, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("input").mkdir()
    shutil.copy(SAMPLE, "input/indikatorer-2024.xlsx")
    result = invoke("build", "--municipality", "Norrtälje kommun", "--title", "Min rapport")
    assert result.exit_code == 0, result.output
    out = Path("output/indikatorer-2024-uppfoljning.xlsx")
    assert out.exists()
    assert "32 sheets, 103 indicators, 9 boards, 19 goals" in result.output
    book = openpyxl.load_workbook(out)
    assert book.properties.title == "Min rapport"
    assert book[theme.SHEET_GUIDE]["A1"].value == "Min rapport"


def test_cli_build_without_sample_says_what_to_do(invoke, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("build")
    assert result.exit_code == 2
    assert "name the input file" in result.output


AWKWARD = DATA / "valid" / "awkward-texts.csv"


@pytest.mark.parametrize("source", [SAMPLE, AWKWARD], ids=lambda p: p.name)
def test_streaming_and_in_memory_modes_write_the_same_workbook(tmp_path, source):
    dataset = read_dataset(source)
    build_report(dataset, tmp_path / "stream.xlsx", ReportOptions(stream=True))
    build_report(dataset, tmp_path / "memory.xlsx", ReportOptions(stream=False))
    assert sheet_xml(tmp_path / "stream.xlsx") == sheet_xml(tmp_path / "memory.xlsx")


def test_a_large_report_streams_its_large_sheets_and_holds_small_ones_alike(tmp_path):
    # From 2,000 indicators a workbook streams; within it, sheets under 2,000 indicators are
    # held in memory. All three ways must give the same workbook.
    lines = ["Inriktningsmål;Nyckeltal;Organisation;Utfall 2023;Utfall 2024;Mål 2024;Riktning"]
    for n in range(2_100):
        board = "Stora nämnden" if n % 10 else f"Nämnd {n % 7}"
        lines.append(f"{n % 5 + 1}. Mål {n % 5 + 1};Nyckeltal {n};{board};{n % 13},5;"
                     f"{n % 11};{n % 9} %;{'Lägre är bättre' if n % 3 else ''}")
    source = tmp_path / "large.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dataset = read_dataset(source)
    assert len(dataset.indicators) == 2_100 and not dataset.errors
    parsed = []
    for stream in (None, True, False):
        out = tmp_path / f"{stream}.xlsx"
        build_report(dataset, out, ReportOptions(stream=stream))
        parsed.append(sheet_xml(out))
    assert parsed[0] == parsed[1] == parsed[2]
    cells = sum(1 for sheet in parsed[0].values() for part in sheet[3] if part[0] == "sheetData"
                for row in part[3] for cell in row[3] if cell[0] == "c")
    assert cells > 2_100 * 3 * 5  # every indicator on three tabs


def _as_excel_reads(text: str) -> str:
    """Undo Excel's _xHHHH_ escapes of control characters, which openpyxl leaves in place."""
    return re.sub(r"_x(00[01][0-9A-F])_", lambda m: chr(int(m.group(1), 16)), text)


@pytest.mark.parametrize("stream", [True, False], ids=["streamed", "in-memory"])
def test_awkward_texts_reach_every_tab_as_typed(tmp_path, stream):
    # XML specials, '<r>…</r>', control characters, spaces at either end, a leading '='.
    dataset = read_dataset(AWKWARD)
    build_report(dataset, tmp_path / "out.xlsx", ReportOptions(stream=stream))
    book = openpyxl.load_workbook(tmp_path / "out.xlsx", rich_text=True)

    def texts(sheet):
        return {_as_excel_reads(str(cell.value)) for row in sheet.iter_rows() for cell in row
                if cell.value is not None}

    table = texts(book[theme.SHEET_ALL])
    for indicator in dataset.indicators:
        board_tab = texts(book[indicator.board])
        typed = [indicator.name, indicator.comment, *(
            v for v in indicator.row_values.values() if isinstance(v, str) and v)]
        for text in filter(None, typed):
            assert text in table, text
        assert indicator.name in board_tab
        if indicator.comment:
            assert indicator.comment in board_tab


def test_summary_chart_plots_the_goals_and_nothing_else(sample_build):
    import zipfile

    with zipfile.ZipFile(sample_build) as package:
        charts = [n for n in package.namelist() if n.startswith("xl/charts/chart")]
        summary = [package.read(n).decode() for n in charts
                   if "Status per inriktningsmål" in package.read(n).decode()]
    (xml,) = summary
    # Goals stand on rows 7 to 25 (19 goals); the total row below must not be a bar.
    book = openpyxl.load_workbook(sample_build)
    first = row_of(book[theme.SHEET_SUMMARY], "1.1")
    assert book[theme.SHEET_SUMMARY].cell(first + 19, 2).value == "Totalt"
    assert f"'Sammanfattning'!$A${first}:$A${first + 18}" in xml
    assert f"'Sammanfattning'!$D${first}:$D${first + 18}" in xml


@pytest.mark.parametrize("path", sorted(p for p in (DATA / "valid").iterdir()
                                        if not p.name.endswith(".expected.json")),
                         ids=lambda p: p.name)
def test_every_valid_input_builds(tmp_path, path):
    import json

    spec = json.loads(path.with_name(path.name + ".expected.json").read_text(encoding="utf-8"))
    year = int(spec["args"][1]) if spec.get("args", [])[:1] == ["--year"] else None
    dataset = read_dataset(path, year=year)
    out = tmp_path / "out.xlsx"
    result = build_report(dataset, out)
    book = openpyxl.load_workbook(out)
    assert len(result.sheets) == 4 + len(dataset.boards) + len(dataset.goals)
    assert book.sheetnames == result.sheets
    table = book[theme.SHEET_ALL]
    assert table.max_row == spec["indicators"] + 1
    riktning = [c.value for c in table[1]].index("Riktning")
    rules = {str(dv.sqref): dv.formula1 for dv in table.data_validations.dataValidation}
    column = "ABCDEFGHIJKLMNOP"[riktning]
    last = spec["indicators"] + 1
    sqref = f"{column}2" if last == 2 else f"{column}2:{column}{last}"
    assert rules[sqref] == '"Högre är bättre,Lägre är bättre,Nära målet"'


def test_the_garbage_collector_runs_again_after_reading_and_building(tmp_path, sample_dataset):
    # Reading and building pause Python's cyclic collector for speed (gcpause.py); a caller's
    # program must get it back, also when they fail.
    import gc

    assert gc.isenabled()
    dataset = sample_dataset
    assert gc.isenabled()
    build_report(dataset, tmp_path / "ok.xlsx")
    assert gc.isenabled()
    with pytest.raises(Exception, match="no such file"):
        read_dataset(tmp_path / "missing.csv")
    (tmp_path / "bad.csv").write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(Exception):  # noqa: B017 - any refusal will do here
        read_dataset(tmp_path / "bad.csv")
    assert gc.isenabled()

    with pytest.raises(RuntimeError, match="disk full"):
        build_report(dataset, tmp_path / "failed.xlsx", ReportOptions(progress=failing_after(50)))
    assert gc.isenabled()
    assert not (tmp_path / "failed.xlsx").exists()


@pytest.mark.parametrize("options, option", [
    ({"title": "x" * 235}, "--title"), ({"title": "&" * 118}, "--title"),
    ({"municipality": "y" * 32_767}, "--municipality"),
])
def test_options_the_workbook_cannot_hold_are_refused_by_the_library_too(options, option,
                                                                        tmp_path):
    from indexcel.errors import OptionError

    with pytest.raises(OptionError) as caught:
        build_report(read_dataset(SAMPLE), tmp_path / "r.xlsx", ReportOptions(**options))
    assert caught.value.option == option
    assert list(tmp_path.iterdir()) == []
    build_report(read_dataset(SAMPLE), tmp_path / "ok.xlsx", ReportOptions(title="x" * 234))
