"""Every kind of target a council sets, in the built workbook: near the target, with a
tolerance, partly met, Öka and Minska; the arrows as value or as improvement; and a report
that uses none of it looking as it always did."""

from __future__ import annotations

import json
import re

import openpyxl
import pytest

from conftest import DATA, expected
from formula_eval import evaluate
from indexcel import rules, theme, vocabulary
from indexcel.model import Direction, Status
from indexcel.reader import read_dataset
from indexcel.writer import ReportOptions, build_report
from workbooks import row_of

EVERY_KIND = DATA / "valid" / "every-kind-of-target.csv"
PLAIN = DATA / "valid" / "seed-export-groups.csv"  # uses none of the new rules
GLYPH_OF = {vocabulary.STATUS_LABELS[s]: g for s, g in theme.STATUS_GLYPHS.items()}
GOAL_BALLS = ["●", "◕", "◐", "○"]  # the guide's legend of the goals' judgements


def _build(tmp_path, source, **options):
    out = tmp_path / f"{source.stem}-{options.get('trend', 'value')}.xlsx"
    dataset = read_dataset(source)
    build_report(dataset, out, ReportOptions(**options))
    return dataset, openpyxl.load_workbook(out), openpyxl.load_workbook(out, data_only=True)


def _texts(sheet) -> list[str]:
    return [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]


def _row_values(values, row: int, width: int) -> dict:
    return {f"{openpyxl.utils.get_column_letter(c)}{row}": values.cell(row, c).value
            for c in range(1, width + 1)}


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("targets"), EVERY_KIND)


def test_every_status_is_the_rules_and_the_formulas_say_so(every_kind):
    dataset, book, cached = every_kind
    statuses = expected(EVERY_KIND)["statuses"]
    table, values = book[theme.SHEET_ALL], cached[theme.SHEET_ALL]
    headers = [c.value for c in table[1]]
    status_col = headers.index("Status") + 1
    for row, (indicator, word) in enumerate(zip(dataset.indicators, statuses, strict=True),
                                            start=2):
        assert vocabulary.STATUS_LABELS[rules.status_of(indicator, 2024)] == word
        assert values.cell(row, status_col).value == word, indicator.name
        formula = table.cell(row, status_col).value
        if indicator.given_status is None:  # a given status is written as a word
            assert evaluate(formula, _row_values(values, row, len(headers))) == word


def test_board_tabs_show_tolerance_and_delvis_and_their_balls_are_live(every_kind):
    dataset, book, cached = every_kind
    statuses = dict(zip((i.name for i in dataset.indicators),
                        expected(EVERY_KIND)["statuses"], strict=True))
    seen = 0
    for board in ("KS", "Socialnämnd"):
        sheet, values = book[board], cached[board]
        header_row = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "Nyckeltal")
        headers = [c.value for c in sheet[header_row]]
        assert headers[headers.index("Mål 2024") + 1:][:4] == [
            "Tolerans", "Delvis", "Status", "Trend"]
        ball = headers.index("Status") + 1
        for row in range(header_row + 1, sheet.max_row + 1):
            name = sheet.cell(row, 1).value
            if name not in statuses:
                continue
            seen += 1
            assert values.cell(row, ball).value == GLYPH_OF[statuses[name]], name
            formula = sheet.cell(row, ball).value
            if formula.startswith("="):
                cells = _row_values(values, row, len(headers))
                assert evaluate(formula, cells) == GLYPH_OF[statuses[name]], name
    assert seen == len(statuses)


def test_the_words_as_typed_stand_in_the_target_cells(every_kind):
    _, book, _ = every_kind
    table = book[theme.SHEET_ALL]
    targets = {table.cell(r, 2).value: table.cell(r, 6).value for r in range(2, 21)}
    assert targets["Antal besök oförändrat"] == "öka"
    assert targets["Skador, ökning oönskad"] == "Ökning"


def test_the_legend_guide_and_counts_show_partly_met(every_kind):
    _, book, cached = every_kind
    guide = book[theme.SHEET_GUIDE]
    texts = _texts(guide)
    glyphs = [t for t in texts if t in theme.STATUS_GLYPHS.values()]
    assert glyphs == ["●", "◕", "◐", "○", *GOAL_BALLS]
    rules_text = " ".join(t for t in texts if t.startswith("• "))
    for fragment in ("Nära målet räknas avståndet till målet åt båda hållen",
                     "Tolerans: så långt från målet", "Delvis uppfylld: längre från målet",
                     "Öka eller Minska: utfallet 2024 ska vara högre respektive lägre än "
                     "utfallet 2023",
                     "(uppfyllda, delvis uppfyllda och ej uppfyllda)"):
        assert fragment in rules_text, fragment
    assert theme.GUIDE_GREY_ARROW_NEAR in texts  # the grey arrows: one line, near too
    summary = cached[theme.SHEET_SUMMARY]
    header = row_of(summary, "Indikatorer", col=3)
    assert [summary.cell(header, c).value for c in range(3, 9)] == [
        "Indikatorer", "Uppfyllda", "Delvis uppfyllda", "Ej uppfyllda", "Ej bedömda",
        "Andel uppfyllda"]
    total = next(r for r in range(header, header + 9) if summary.cell(r, 2).value == "Totalt")
    assert [summary.cell(total, c).value for c in range(3, 8)] == [19, 6, 4, 7, 2]
    assert summary.cell(total, 8).value == pytest.approx(6 / 17)  # met of the assessed


def test_partly_met_is_a_yellow_ball_and_a_yellow_word(every_kind):
    _, book, _ = every_kind
    colours = {}
    for cf in book["KS"].conditional_formatting:
        for rule in cf.rules:
            if rule.type == "cellIs":
                colours[rule.formula[0].strip('"')] = rule.dxf.font.color.rgb[-6:]
    assert colours["◕"] == theme.COLOURS["partly_met"][1:]
    fills = {}
    for cf in book[theme.SHEET_ALL].conditional_formatting:
        for rule in cf.rules:
            fills[rule.formula[0].strip('"')] = rule.dxf.fill.bgColor.rgb[-6:]
    assert fills["Delvis uppfylld"] == theme.COLOURS["partly_met_fill"][1:]


def test_trend_as_improvement(tmp_path, invoke):
    out = tmp_path / "improvement.xlsx"
    result = invoke("build", EVERY_KIND, "-o", out, "--trend", "improvement", "-q")
    assert result.exit_code == 0, result.output
    dataset = read_dataset(EVERY_KIND)
    judgements = {i.name: j for i, j in zip(dataset.indicators, rules.assess(dataset).indicators,
                                            strict=True)}
    book, cached = openpyxl.load_workbook(out), openpyxl.load_workbook(out, data_only=True)
    for board in ("KS", "Socialnämnd"):
        sheet, values = book[board], cached[board]
        icon_sets = {rule.iconSet.iconSet for cf in sheet.conditional_formatting
                     for rule in cf.rules if rule.type == "iconSet"}
        assert icon_sets == {"3Arrows"}  # green up is better, red down worse, for all
        header_row = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "Nyckeltal")
        headers = [c.value for c in sheet[header_row]]
        arrow = headers.index("Trend") + 1
        for row in range(header_row + 1, sheet.max_row + 1):
            name = sheet.cell(row, 1).value
            if name not in judgements:
                continue
            better = judgements[name].improvement
            shown = values.cell(row, arrow).value  # openpyxl reads a cached "" as None
            assert ("" if shown is None else shown) == ("" if better is None
                                                        else better.value), name
            formula = sheet.cell(row, arrow).value
            if isinstance(formula, str) and formula.startswith("="):
                assert evaluate(formula, _row_values(values, row, len(headers))) == (
                    "" if better is None else better.value), name
    # A cost that fell is better: the near-target budget moved towards 0 % is better too.
    assert judgements["Handläggningstid, inom två dagar"].improvement.value == 1
    assert judgements["Budgetavvikelse inom toleransen"].improvement.value == 1
    guide = " ".join(_texts(book[theme.SHEET_GUIDE]))
    assert "Grön pil uppåt: indikatorn har förbättrats" in guide
    assert "Trendpilen visar om indikatorn har blivit bättre eller sämre" in guide
    assert "Grå pil" not in guide  # every arrow in colour: better or worse
    # The table's Trend stays the value's way, so that it reads back as input.
    table = cached[theme.SHEET_ALL]
    trend_col = [c.value for c in table[1]].index("Trend") + 1
    row = next(r for r in range(2, 21)
               if table.cell(r, 2).value == "Handläggningstid, inom två dagar")
    assert table.cell(row, trend_col).value == "Nedåt"


def test_a_report_that_uses_none_of_it_looks_as_it_always_did(tmp_path):
    dataset, book, cached = _build(tmp_path, PLAIN)
    guide = book[theme.SHEET_GUIDE]
    texts = _texts(guide)
    # The goals' balls are all four: a goal is partly met by its share of met indicators.
    assert [t for t in texts if t in theme.STATUS_GLYPHS.values()] == ["●", "◐", "○",
                                                                         *GOAL_BALLS]
    assert not any(word in " ".join(texts) for word in ("Delvis", "Tolerans", "Nära målet",
                                                         "Öka"))
    summary = cached[theme.SHEET_SUMMARY]
    header = row_of(summary, "Indikatorer", col=3)
    assert [summary.cell(header, c).value for c in range(3, 8)] == [
        "Indikatorer", "Uppfyllda", "Ej uppfyllda", "Ej bedömda", "Andel uppfyllda"]
    board = book[dataset.boards[0]]
    header_row = next(r for r in range(1, 10) if board.cell(r, 1).value == "Nyckeltal")
    assert "Tolerans" not in [c.value for c in board[header_row]]
    words = {rule.formula[0] for cf in book[theme.SHEET_ALL].conditional_formatting
             for rule in cf.rules}
    assert '"Delvis uppfylld"' not in words
    status = [c.value for c in board[header_row]].index("Status") + 1
    ball = next(board.cell(r, status).value for r in range(header_row + 1, board.max_row + 1)
                if str(board.cell(r, status).value).startswith("="))
    # no tolerance, no target word, one-sided (no distance ABS(D7-E7))
    assert not re.search(r"N\(|Öka|ABS\([A-Z]+\d+-", ball)


def test_the_expected_statuses_file_matches_the_csv():
    spec = json.loads(EVERY_KIND.with_name(EVERY_KIND.name + ".expected.json").read_text(
        encoding="utf-8"))
    assert len(spec["statuses"]) == spec["indicators"]
    assert {vocabulary.STATUS_LABELS[s] for s in Status} == set(spec["statuses"])
    assert {i.direction for i in read_dataset(EVERY_KIND).indicators} == set(Direction)


def test_the_table_reads_back_as_input_with_the_same_judgements(every_kind, tmp_path):
    dataset, _, _ = every_kind
    out = tmp_path / "again.xlsx"
    build_report(read_dataset(EVERY_KIND), out)
    again = read_dataset(out)  # the first sheet with a table: Alla indikatorer
    assert again.sheet == theme.SHEET_ALL
    assert [rules.status_of(i, 2024) for i in again.indicators] == [
        rules.status_of(i, 2024) for i in dataset.indicators]
    # The table's computed statuses and trends are computed again, not frozen as given; the
    # one given by hand in the input stays given.
    assert [i.given_status for i in again.indicators] == [
        i.given_status for i in dataset.indicators]
    assert all(i.given_trend is None for i in again.indicators)
    for before, after in zip(dataset.indicators, again.indicators, strict=True):
        assert (after.direction, after.tolerance, after.partly) == (
            before.direction, before.tolerance, before.partly)
        assert after.target(2024) == before.target(2024)


def test_rollover_carries_direction_tolerance_delvis_and_target_words(invoke, tmp_path):
    out = tmp_path / "next.xlsx"
    assert invoke("rollover", EVERY_KIND, "--year", "2025", "-o", out).exit_code == 0
    before = {i.name: i for i in read_dataset(EVERY_KIND).indicators}
    rolled = read_dataset(out)
    assert rolled.errors == []
    for indicator in rolled.indicators:
        old = before[indicator.name]
        assert (indicator.direction, indicator.tolerance, indicator.partly) == (
            old.direction, old.tolerance, old.partly), indicator.name
        assert indicator.target(2025) == old.target(2024)  # Öka stays Öka, as a start
    sheet = openpyxl.load_workbook(out)["Indikatorer"]
    target = [c.value for c in sheet[1]].index("Mål 2025")
    words = {row[1].value: row[target].value for row in sheet.iter_rows(min_row=2)
             if row[1].value}
    assert words["Skador, ökning oönskad"] == "Ökning"  # as typed


def test_minska_without_riktning_is_lower_is_better_so_the_arrow_agrees(tmp_path):
    source = tmp_path / "minska.csv"
    source.write_text("Inriktningsmål;Nyckeltal;Organisation;Utfall 2023;Utfall 2024;Mål 2024\n"
                      "1.1. Ekonomi;Väntetid;KS;50;40;Minska\n1.1. Ekonomi;Besök;KS;10;12;Öka\n",
                      encoding="utf-8")
    dataset = read_dataset(source)
    assert [i.direction for i in dataset.indicators] == [Direction.LOWER_IS_BETTER,
                                                         Direction.HIGHER_IS_BETTER]
    assert dataset.warnings == []
    judged = rules.assess(dataset).indicators
    assert [j.status for j in judged] == [Status.MET, Status.MET]
    assert [j.improvement.value for j in judged] == [1, 1]  # both got better
