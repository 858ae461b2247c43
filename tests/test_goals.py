"""Is the goal met? The goals' judgements through the public doors: the Inriktningsmål sheet
and --goals read (problems naming the cell), the CLI's thresholds, the workbook (each goal
tab's judgement first, the summary's column and headline, Alla inriktningsmål and its Text),
--per-board, template → rollover → build, kolada, and the frame."""

from __future__ import annotations

import re
import shutil
from fractions import Fraction

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import indexcel
from conftest import DATA, SAMPLE, expected
from formula_eval import evaluate
from indexcel import sentences, theme, vocabulary
from indexcel.errors import NotASpreadsheetError
from indexcel.goals import GoalRule
from indexcel.model import Status
from indexcel.reader import read_dataset
from indexcel.rules import AssessmentOptions, assess
from indexcel.writer import ReportOptions, build_report, plan_report

GOALS = DATA / "goals"
SAMPLE_GOALS = GOALS / "sample-goals.csv"
WORDS = vocabulary.GOAL_JUDGEMENT_LABELS
GLYPH = theme.STATUS_GLYPHS
BALL_OF_WORD = {WORDS[s]: GLYPH[s] for s in Status}


@pytest.fixture(scope="module")
def judged():
    """The sample with the goals' sheet of tests/data/goals, assessed."""
    return assess(read_dataset(SAMPLE, goals=SAMPLE_GOALS))


@pytest.fixture(scope="module")
def report(tmp_path_factory, judged):
    path = tmp_path_factory.mktemp("goals") / "rapport.xlsx"
    build_report(judged, path, ReportOptions(municipality="Norrtälje kommun"))
    return path, openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True)


def _goal_tab(book, number: str):
    return book[next(n for n in book.sheetnames if n.startswith(number + " "))]


def _table(sheet) -> list[dict]:
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, (c.value for c in row), strict=True))
            for row in sheet.iter_rows(min_row=2) if row[0].value is not None]


# -- the rule over the sample ---------------------------------------------------------------------

def test_the_sample_s_goals_judged_by_the_rule_and_by_hand(judged):
    by_number = {g.goal.number: g for g in judged.goals}
    assert len(judged.goals) == 19 == len(judged.dataset.goals)
    one = by_number["1.1"]
    assert (one.indicators, one.met, one.partly_met, one.not_met) == (17, 7, 2, 8)
    assert one.computed is one.given is Status.PARTLY_MET  # 7/17 < 75 %, 9/17 ≥ 50 %
    assert one.motivation.startswith("Sju av sjutton")
    three = by_number["3.2"]  # written '3.2 öka tryggheten…' in the sheet: the same goal
    assert three.computed is Status.NOT_MET and three.judgement is Status.PARTLY_MET
    assert by_number["2.2"].judgement is Status.MET and not by_number["2.2"].is_given
    assert by_number["2.2"].motivation.startswith("Båda indikatorerna")
    assert [p.location.cell for p in judged.warnings] == [None]  # a CSV: line and column
    (warning,) = judged.warnings
    assert str(warning.location) == "sample-goals.csv, line 4, column 'Bedömning'"
    assert "Bedömning says 'Delvis uppfyllt' but the rule says 'Ej uppfyllt'" in warning.message
    for goal in judged.goals:
        counted = [j.status for i, j in zip(judged.dataset.indicators, judged.indicators,
                                            strict=True) if i.goal.key == goal.goal.key]
        assert goal.indicators == len(counted)
        assert goal.computed is GoalRule().verdict(
            len(counted), counted.count(Status.MET), counted.count(Status.PARTLY_MET),
            counted.count(Status.NOT_MET))


def test_thresholds_change_the_judgements_and_the_sheet_still_wins():
    dataset = read_dataset(SAMPLE, goals=SAMPLE_GOALS)
    strict = assess(dataset, AssessmentOptions(goal_met="100 %", goal_partly="100 %"))
    # 2.2 (2 of 2 met) stays met, 6.1 (4 of 5) is no longer; 1.1 and 3.2 are given.
    by_number = {g.goal.number: g.judgement for g in strict.goals}
    assert by_number["2.2"] is Status.MET and by_number["6.1"] is Status.NOT_MET
    assert by_number["1.1"] is by_number["3.2"] is Status.PARTLY_MET
    assert strict.options.goal_rule.met == 1


# -- the command line -----------------------------------------------------------------------------

@pytest.mark.parametrize("met", ["75", "75 %", "0.75", "0,75", "75%"])
def test_the_options_take_75_75_percent_and_0_75_alike(invoke, met):
    result = invoke("validate", SAMPLE, "--goal-met", met, "--goals", SAMPLE_GOALS)
    assert result.exit_code == 0, result.output
    assert "goals 2024: 4 Uppfyllt, 6 Delvis uppfyllt, 9 Ej uppfyllt, 0 Ej bedömt " \
        "(2 judged by hand)" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["--goal-met", "mycket"], "Invalid value for '--goal-met': 'mycket' is not a share"),
    (["--goal-assessed", "150 %"], "'150 %' is not a share between 0 and 100 %"),
    (["--goal-partly", "-1"], "'-1' is not a share between 0 and 100 %"),
    (["--goal-met", "60", "--goal-partly", "70"],
     "Invalid value for '--goal-partly': the share for Delvis uppfyllt (70 %) is above the "
     "share for Uppfyllt (--goal-met, 60 %)"),
])
def test_a_bad_threshold_is_exit_2_with_a_message(invoke, tmp_path, args, message):
    out = tmp_path / "rapport.xlsx"
    for command in (["validate", SAMPLE], ["build", SAMPLE, "-o", out]):
        result = invoke(*command, *args)
        assert result.exit_code == 2, result.output
        assert message in " ".join(result.output.split())
    assert not out.exists()


def test_goals_without_a_file_is_exit_2(invoke, tmp_path):
    result = invoke("validate", SAMPLE, "--goals", tmp_path / "saknas.csv")
    assert result.exit_code == 2 and "saknas.csv: no such file" in result.output


def test_validate_names_every_problem_of_the_goals_sheet(invoke):
    path = GOALS / "invalid-goals.csv"
    spec = expected(path)
    result = invoke("validate", SAMPLE, "--goals", path)
    assert result.exit_code == spec["exit"], result.output
    lines = result.output.splitlines()
    for fragment in spec["messages"]:
        assert any(line.startswith(fragment) for line in lines), fragment


def test_a_goals_sheet_in_the_workbook_is_read_and_named_by_its_cells(tmp_path, invoke):
    path = tmp_path / "indikatorer.xlsx"
    book = openpyxl.load_workbook(SAMPLE)
    sheet = book.create_sheet(theme.GOAL_INPUT_SHEET)
    sheet.append(["Inriktningsmål", "Bedömning", "Motivering", "Ansvarig"])
    sheet.append(["1.1. En ekonomi i balans", "UPPFYLLT", "=hyperlink(\"x\")", "Ekonomichef"])
    sheet.append(["4.1 skapa  förutsättningar för höjda kunskapsresultat", "Delvis", None])
    sheet.append(["8.8. Inget sådant mål", None, "Ska bort"])
    sheet.append(["2.1. Säkerställa", "ja", None])
    sheet["C2"].data_type = "s"  # typed as text, as Excel keeps '=… after a quote
    book.save(path)
    dataset = read_dataset(path)
    assert dataset.goal_sheet is not None and dataset.goal_sheet.sheet == "Inriktningsmål"
    assert [c.header for c in dataset.goal_sheet.columns] == [
        "Inriktningsmål", "Bedömning", "Motivering", "Ansvarig"]
    problems = [str(p) for p in dataset.problems]
    assert problems[0].startswith("error: indikatorer.xlsx, sheet 'Inriktningsmål', cell B5, "
                                  "column 'Bedömning': 'ja' is not one of: Uppfyllt")
    assert any(p.startswith("warning: indikatorer.xlsx, sheet 'Inriktningsmål', cell A4, "
                            "column 'Inriktningsmål': the goal '8.8. Inget sådant mål' has no "
                            "indicators") for p in problems)
    assert any("cell A5" in p and "goal 2.1 is written '2.1. Säkerställa' here" in p
               for p in problems)
    result = invoke("validate", path)
    assert result.exit_code == 1 and "cell B5" in result.output
    rows = {row.goal.key: row for row in dataset.goal_sheet.rows}
    assert rows["1.1"].given == {2024: Status.MET}
    assert rows["1.1"].row_values["Motivering"] == '=hyperlink("x")'  # text, as typed
    assert rows["4.1"].given == {2024: Status.PARTLY_MET}


def test_the_goals_option_replaces_the_workbook_s_sheet_with_a_warning(tmp_path):
    path = tmp_path / "indikatorer.xlsx"
    book = openpyxl.load_workbook(SAMPLE)
    book.create_sheet("inriktningsmål").append(["Inriktningsmål", "Bedömning"])
    book.save(path)
    dataset = read_dataset(path, goals=SAMPLE_GOALS)
    assert dataset.goal_sheet is not None and dataset.goal_sheet.file == "sample-goals.csv"
    assert any("the sheet is not read: --goals names" in p.message for p in dataset.warnings)


def test_a_sheet_named_inriktningsmal_holding_indicators_is_not_read_as_goals(tmp_path):
    path = tmp_path / "indikatorer.xlsx"
    book = openpyxl.load_workbook(SAMPLE)
    book.copy_worksheet(book["Indikatorer"]).title = "Inriktningsmål"
    book.save(path)
    dataset = read_dataset(path)
    assert dataset.goal_sheet is None
    assert any("this sheet holds indicators, not the goals' judgements" in p.message
               for p in dataset.warnings)
    # The indicators' own sheet named so is read as the indicators, never as goals.
    book = openpyxl.load_workbook(SAMPLE)
    book["Indikatorer"].title = "Inriktningsmål"
    book.save(path)
    dataset = read_dataset(path)
    assert dataset.goal_sheet is None and dataset.warnings == [] and len(dataset.goals) == 19


# -- the workbook ---------------------------------------------------------------------------------

def test_each_goal_tab_shows_its_judgement_first(report, judged):
    _, book, cached = report
    for goal in judged.goals:
        tab = _goal_tab(book, goal.goal.number)
        values = _goal_tab(cached, goal.goal.number)
        title_rows = next(r for r in range(1, 12) if values.cell(r, 1).value in GLYPH.values())
        word = WORDS[goal.judgement]
        # Under the title block (the link back, the title's lines, the subtitle, a blank
        # row): the ball and the word, then the counts; nothing else before them.
        above = [values.cell(r, 1).value for r in range(1, title_rows)]
        assert above[0] == theme.LABEL_BACK and above[-1] is None
        assert above[-2].startswith("Uppföljning indikatorer")
        assert " ".join(above[1:-2]).split() == goal.goal.text.split()
        assert values.cell(title_rows, 1).value == GLYPH[goal.judgement]
        assert values.cell(title_rows, 2).value == word
        counts = values.cell(title_rows + 1, 2).value
        assert counts == sentences.goal_counts().text({
            "indicators": goal.indicators, "assessed": goal.assessed, "met": goal.met,
            "partly_met": goal.partly_met, "not_met": goal.not_met})
        ball = tab.cell(title_rows, 1).value
        assert ball.startswith("=IF(") and "B" in ball  # the ball of the word beside it
        below = [values.cell(r, 2).value for r in range(title_rows + 2, title_rows + 5)]
        if goal.is_given:
            assert tab.cell(title_rows, 2).value == word  # the given word, as text
            assert below[0] == (f"Bedömt för hand. Enligt regeln: "
                                f"{WORDS[goal.computed].lower()}.")
        else:
            assert tab.cell(title_rows, 2).value.startswith("=IF(OR(")
            assert "Bedömt för hand." not in below
        if goal.motivation:
            assert f"Motivering: {goal.motivation}" in below


def test_the_goal_tab_s_judgement_formula_reads_its_own_counts(report, judged):
    """Evaluated over the cached counts of the tab's own row of counts, the formula gives the
    cached word, for every goal the rule judges."""
    _, book, cached = report
    for goal in judged.goals:
        if goal.is_given:
            continue
        tab, values = _goal_tab(book, goal.goal.number), _goal_tab(cached, goal.goal.number)
        row = next(r for r in range(1, 12) if values.cell(r, 1).value in GLYPH.values())
        formula = tab.cell(row, 2).value

        def cell(ref: str, values=values):
            return values[ref].value

        assert evaluate(formula, cell) == WORDS[goal.judgement]
        assert evaluate(tab.cell(row + 1, 2).value, cell) == values.cell(row + 1, 2).value


def test_the_summary_has_a_row_per_goal_with_its_judgement_and_the_headline(report, judged):
    _, book, cached = report
    summary, values = book[theme.SHEET_SUMMARY], cached[theme.SHEET_SUMMARY]
    assert values["A5"].value == "4 av 19 inriktningsmål uppfyllda, 6 delvis, 9 ej"
    headers = [values.cell(8, c).value for c in range(1, 11)]
    assert headers[-4:-2] == ["Ej bedömda", "Andel uppfyllda"] and headers[-1] == "Bedömning"
    assert not headers[-2]  # over the balls
    for row, goal in enumerate(judged.goals, start=9):
        assert values.cell(row, 1).value == goal.goal.number
        assert values.cell(row, 9).value == GLYPH[goal.judgement]
        assert values.cell(row, 10).value == WORDS[goal.judgement]
        formula = summary.cell(row, 10).value
        assert (formula == WORDS[goal.judgement]) if goal.is_given else formula.startswith("=IF(")
        if not goal.is_given:
            cells = {f"{c}{row}": values[f"{c}{row}"].value for c in "CDEFG"}
            assert evaluate(formula, cells) == WORDS[goal.judgement]
    words = {f"J{r}": values.cell(r, 10).value for r in range(9, 28)}

    def lookup(ref: str):
        if ":" in ref:
            first, last = (int(part[1:]) for part in ref.split(":"))
            return [words.get(f"J{r}") for r in range(first, last + 1)]
        return words.get(ref)

    assert evaluate(summary["A5"].value, lookup) == values["A5"].value


def test_alla_inriktningsmal_is_a_table_after_alla_indikatorer(report, judged):
    _, book, cached = report
    assert book.sheetnames[-2:] == [theme.SHEET_ALL, theme.SHEET_GOALS]
    sheet = book[theme.SHEET_GOALS]
    (table,) = sheet.tables.values()
    assert table.ref == "A1:J20" and table.autoFilter is not None
    rows = _table(cached[theme.SHEET_GOALS])
    assert list(rows[0]) == ["Inriktningsmål", "Indikatorer", "Bedömda", "Uppfyllda",
                             "Delvis uppfyllda", "Ej uppfyllda", "Andel uppfyllda",
                             "Bedömning", "Motivering", "Text"]
    for row, goal in zip(rows, judged.goals, strict=True):
        assert row["Inriktningsmål"] == goal.goal.text
        assert (row["Indikatorer"], row["Bedömda"], row["Uppfyllda"], row["Delvis uppfyllda"],
                row["Ej uppfyllda"]) == (goal.indicators, goal.assessed, goal.met,
                                         goal.partly_met, goal.not_met)
        assert row["Andel uppfyllda"] == pytest.approx(float(goal.share_met))
        assert row["Bedömning"] == WORDS[goal.judgement]
        assert row["Motivering"] == goal.motivation
        assert row["Text"].startswith(f"Av {goal.indicators} indikator")
        assert theme.SENTENCE_JUDGEMENT[goal.judgement] in row["Text"]
        if goal.motivation:
            assert row["Text"].endswith(" " + goal.motivation)
    text = rows[4]["Text"]  # 3.1: 1 of 5 met
    assert text == ("Av 5 indikatorer är 5 bedömda: 1 är uppfylld och 4 är ej uppfyllda. "
                    "Målet bedöms som ej uppfyllt.")


def test_alla_inriktningsmal_s_formulas_give_its_cached_values(report):
    """Every formula of the tab, evaluated over the cached table of all indicators and its
    own cells, gives its cached value."""
    _, book, cached = report
    sheet, values = book[theme.SHEET_GOALS], cached[theme.SHEET_GOALS]
    table = cached[theme.SHEET_ALL]
    columns = {c.column_letter: [x.value for x in table[c.column_letter]] for c in table[1]}

    def lookup(ref: str):
        if ref.startswith("'Alla indikatorer'!"):
            letter = re.match(r"([A-Z]+)2:", ref.split("!")[1]).group(1)
            return columns[letter][1:]
        return values[ref].value

    checked = 0
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                got = evaluate(cell.value, lookup)
                want = values[cell.coordinate].value
                assert got == pytest.approx(want) if isinstance(want, float) else got == want, \
                    cell.coordinate
                checked += 1
    assert checked == 19 * 8 - 2  # two judgements are given by hand: words, not formulas


def test_read_back_as_the_goals_sheet_it_gives_the_same_judgements(report, judged, tmp_path):
    path, _, _ = report
    # The report itself as input: its table of indicators, and Alla inriktningsmål.
    again = assess(read_dataset(path))
    assert again.dataset.goal_sheet is not None
    assert again.dataset.goal_sheet.sheet == theme.SHEET_GOALS
    assert [(g.goal.text, g.judgement, g.given, g.motivation) for g in again.goals] == [
        (g.goal.text, g.judgement, g.given, g.motivation) for g in judged.goals]
    # The tab copied into another input as its sheet Inriktningsmål: the same judgements.
    book = openpyxl.load_workbook(path, data_only=True)
    source = book[theme.SHEET_GOALS]
    target = openpyxl.load_workbook(SAMPLE)
    sheet = target.create_sheet(theme.GOAL_INPUT_SHEET)
    for row in source.iter_rows(values_only=True):
        sheet.append(row)
    copied = tmp_path / "copied.xlsx"
    target.save(copied)
    assert [g.judgement for g in assess(read_dataset(copied)).goals] == [
        g.judgement for g in judged.goals]


def test_the_guide_states_the_rule_with_the_thresholds_in_use(tmp_path):
    dataset = read_dataset(SAMPLE)
    path = tmp_path / "rapport.xlsx"
    build_report(assess(dataset, AssessmentOptions(goal_assessed=0.6, goal_met="80 %",
                                                   goal_partly="0,45")), path)
    texts = [c.value for row in openpyxl.load_workbook(path)[theme.SHEET_GUIDE].iter_rows()
             for c in row if isinstance(c.value, str)]
    rule = next(t for t in texts if t.startswith("• Målet är ej bedömt"))
    assert "färre än 60 % av indikatorerna" in rule
    assert "minst 80 % av de bedömda är uppfyllda" in rule
    assert "delvis uppfyllt när minst 45 % är uppfyllda eller delvis uppfyllda" in rule
    assert theme.GUIDE_GOALS_HEADING in texts


def test_a_goal_tab_without_given_judgements_and_thresholds_as_fractions(tmp_path):
    rule = AssessmentOptions(goal_met=Fraction(2, 3), goal_partly=Fraction(1, 3))
    path = tmp_path / "rapport.xlsx"
    build_report(assess(read_dataset(SAMPLE), rule), path)
    cached = openpyxl.load_workbook(path, data_only=True)
    # 7.2: 4 of 6 met is exactly two thirds: met.
    row = next(r for r in range(2, 21)
               if cached[theme.SHEET_GOALS].cell(r, 1).value.startswith("7.2."))
    assert cached[theme.SHEET_GOALS].cell(row, 8).value == "Uppfyllt"
    assert "66,7 %" in " ".join(str(c.value) for row in cached[theme.SHEET_GUIDE].iter_rows()
                                for c in row)


# -- a board's own workbook -----------------------------------------------------------------------

def test_a_board_workbook_judges_its_goals_over_its_own_indicators_and_says_so(judged, tmp_path):
    from indexcel.perboard import build_per_board

    plan = plan_report(judged)
    results = build_per_board(plan, tmp_path / "namnder", jobs=1)
    path = next(r.path for r in results if r.path.stem == "Socialnämnd")
    board_plan = plan.for_board("Socialnämnd")
    cached = openpyxl.load_workbook(path, data_only=True)
    for tab in board_plan.goals:
        goal = tab.judgement
        assert not goal.is_given  # a judgement by hand is for a goal as a whole
        own = [judged.indicators[i].status for i, ind in enumerate(judged.dataset.indicators)
               if ind.board == "Socialnämnd" and ind.goal.key == goal.goal.key]
        assert goal.indicators == len(own)
        sheet = cached[tab.sheet]
        texts = [c.value for row in sheet.iter_rows(max_row=8) for c in row if c.value]
        assert WORDS[goal.judgement] in texts
        assert theme.LABEL_BOARD_SCOPE.format(board="Socialnämnd") in texts
        assert not any(str(t).startswith(("Motivering", "Bedömt för hand")) for t in texts)
    # 3.2 is judged partly met by hand for the whole goal; Socialnämnd's five: not met.
    three = next(t.judgement for t in board_plan.goals if t.goal.number == "3.2")
    assert (three.indicators, three.met, three.judgement) == (5, 1, Status.NOT_MET)
    guide = [c.value for row in cached[theme.SHEET_GUIDE].iter_rows() for c in row if c.value]
    assert any(str(t).startswith("• I den här arbetsboken bedöms varje inriktningsmål bara")
               for t in guide)


# -- template, rollover, kolada -------------------------------------------------------------------

def test_template_hand_filled_rollover_and_build_keep_every_motivering(invoke, tmp_path):
    template = tmp_path / "indikatorer-2025.xlsx"
    assert invoke("template", "--year", "2025", "-o", template).exit_code == 0
    book = openpyxl.load_workbook(template)
    goals = book[theme.GOAL_INPUT_SHEET]
    assert [c.value for c in goals[1]] == ["Inriktningsmål", "Bedömning", "Motivering"]
    (rule,) = [dv for dv in goals.data_validations.dataValidation if dv.type == "list"]
    assert rule.formula1 == '"Uppfyllt,Delvis uppfyllt,Ej uppfyllt,Ej bedömt"'
    assert str(rule.sqref).startswith("B2:")
    indicators = book[theme.INPUT_SHEET]
    rows = [("1.1. En ekonomi i balans", "Budgetföljsamhet", "KS", 0.1, 0.05, 0.0, 0.0),
            ("1.1. En ekonomi i balans", "Resultat", "KS", 0.02, 0.03, 0.01, 0.02),
            ("2.1. Trygghet", "Anmälningar", "Socialnämnd", 10, 12, 14, 12),
            ("3.1. Kultur", "Besök", "Kulturnämnd", 100, 120, None, 130)]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            indicators.cell(r, c, value)
    hand = {
        "1.1. En ekonomi i balans": ("Ej uppfyllt", "Resultatet blev lägre än budgeterat."),
        "2.1. Trygghet": (None, "Fler anmälningar tyder på ökat förtroende; \"ökning\" är bra."),
        "3.1. Kultur": ("Ej bedömt", "=Utfallet för 2025 saknas ännu."),
    }
    for r, (goal, (word, reason)) in enumerate(hand.items(), start=2):
        goals.cell(r, 1, goal)
        goals.cell(r, 2, word)
        goals.cell(r, 3, reason).data_type = "s"  # '=Utfallet…' typed as text
    book.save(template)
    rolled = tmp_path / "indikatorer-2026.xlsx"
    result = invoke("rollover", template, "--year", "2026", "-o", rolled)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(rolled)[theme.GOAL_INPUT_SHEET]
    assert [c.value for c in sheet[1]] == ["Inriktningsmål", "Bedömning", "Motivering",
                                           "Bedömning 2025", "Motivering 2025"]
    carried = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    for goal, (word, reason) in hand.items():
        assert carried[goal] == (None, None, word, reason)
    assert sheet["E4"].data_type == "s"  # '=Utfallet…' stays text
    # Next year's build: last year's Motivering stays in the sheet; this year's is empty.
    dataset = read_dataset(rolled)
    assert all(row.motivation_for(2026) is None for row in dataset.goal_sheet.rows)
    assert {row.goal.text: row.motivation_for(2025) for row in dataset.goal_sheet.rows} == {
        goal: reason for goal, (_, reason) in hand.items()}
    # Fill in this year's, build, and every Motivering of 2026 is in the report.
    book = openpyxl.load_workbook(rolled)
    sheet = book[theme.GOAL_INPUT_SHEET]
    for r in range(2, 5):
        sheet.cell(r, 3, f"Motivering 2026 för rad {r}.")
    book.save(rolled)
    out = tmp_path / "rapport-2026.xlsx"
    result = invoke("build", rolled, "-o", out, "-q")
    assert result.exit_code == 0, result.output
    table = _table(openpyxl.load_workbook(out, data_only=True)[theme.SHEET_GOALS])
    assert [row["Motivering"] for row in table] == [f"Motivering 2026 för rad {r}."
                                                    for r in range(2, 5)]
    # And rolled over again, both years' reasons are kept.
    again = tmp_path / "indikatorer-2027.xlsx"
    assert invoke("rollover", rolled, "--year", "2027", "-o", again).exit_code == 0
    sheet = openpyxl.load_workbook(again)[theme.GOAL_INPUT_SHEET]
    assert [c.value for c in sheet[1]] == [
        "Inriktningsmål", "Bedömning", "Motivering", "Bedömning 2026", "Motivering 2026",
        "Bedömning 2025", "Motivering 2025"]
    assert [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        f"Motivering 2026 för rad {r}." for r in range(2, 5)]


def test_rollover_lists_every_goal_even_without_a_goals_sheet(invoke, tmp_path):
    out = tmp_path / "indikatorer-2025.xlsx"
    assert invoke("rollover", SAMPLE, "--year", "2025", "-o", out).exit_code == 0
    sheet = openpyxl.load_workbook(out)[theme.GOAL_INPUT_SHEET]
    assert [c.value for c in sheet[1]] == ["Inriktningsmål", "Bedömning", "Motivering"]
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        g.text for g in read_dataset(SAMPLE).goals]


def test_rollover_of_a_csv_with_goals_carries_them(invoke, tmp_path):
    csv = tmp_path / "export.csv"
    shutil.copy(DATA / "valid" / "indikatorer-2024-excel-sv.csv", csv)
    out = tmp_path / "indikatorer-2025.xlsx"
    result = invoke("rollover", csv, "--year", "2025", "-o", out, "--goals", SAMPLE_GOALS)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out)[theme.GOAL_INPUT_SHEET]
    carried = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert carried["1.1. En ekonomi i balans"][3] == "Delvis uppfyllt"
    assert carried["1.1. En ekonomi i balans"][4].startswith("Sju av sjutton")


def test_kolada_keeps_the_goals_sheet_unchanged(invoke, tmp_path, monkeypatch):
    from indexcel.kolada import client as kolada_client
    from indexcel.kolada.client import Settings
    from kolada_server import FakeKolada

    monkeypatch.setattr(kolada_client, "DEFAULTS", Settings(connect_timeout=1.0,
                                                            timeout=0.3, tries=3,
                                                            backoff=0.01))
    path = tmp_path / "indikatorer-2024.xlsx"
    book = openpyxl.load_workbook(SAMPLE)
    sheet = book.create_sheet(theme.GOAL_INPUT_SHEET)
    typed = [["Inriktningsmål", "Bedömning", "Motivering", "Ansvarig", "Bedömning 2023"],
             ["1.1 en ekonomi i balans", "delvis", "+ Skäl, som de skrevs.", "Ekonom", "Gul"],
             ["9.9. Ett mål utan indikatorer", None, "Står kvar.", None, None]]
    for row in typed:
        sheet.append(row)
    book.save(path)
    with FakeKolada() as server:
        result = invoke("kolada", path, "--api-url", server.base_url, "-q")
    assert result.exit_code == 0, result.output
    out = openpyxl.load_workbook(path.with_name("indikatorer-2024-kolada.xlsx"))
    assert out.sheetnames == [theme.INPUT_SHEET, theme.GOAL_INPUT_SHEET,
                              theme.INSTRUCTIONS_SHEET]
    got = [list(r) for r in out[theme.GOAL_INPUT_SHEET].iter_rows(values_only=True)]
    assert got == typed


def test_the_goals_frame_is_the_companion_of_to_frame(judged):
    pytest.importorskip("pandas")
    frame = judged.dataset.goals_to_frame(judged)
    assert list(frame.columns) == [
        "Inriktningsmål", "Indikatorer", "Bedömda", "Uppfyllda", "Delvis uppfyllda",
        "Ej uppfyllda", "Ej bedömda", "Andel uppfyllda", "Bedömning", "Enligt regeln",
        "Bedömt för hand", "Motivering", "Text"]
    assert len(frame) == 19
    row = frame.set_index("Inriktningsmål").loc[
        next(g.goal.text for g in judged.goals if g.goal.number == "3.2")]
    assert (row["Bedömning"], row["Enligt regeln"], bool(row["Bedömt för hand"])) == (
        "Delvis uppfyllt", "Ej uppfyllt", True)
    assert row["Text"].startswith("Av 6 indikatorer är 6 bedömda: 1 är uppfylld och 5 är ej "
                                  "uppfyllda. Målet bedöms som delvis uppfyllt. Fem av sex")
    assert str(frame["Indikatorer"].dtype) == "int64"
    assert frame["Bedömning"].tolist() == [WORDS[g.judgement] for g in judged.goals]
    strict = indexcel.assess(judged.dataset, indexcel.AssessmentOptions(goal_met=1))
    assert judged.dataset.goals_to_frame(strict)["Bedömning"].tolist() == [
        WORDS[g.judgement] for g in strict.goals]
    with pytest.raises(ValueError, match="another dataset"):
        read_dataset(SAMPLE).goals_to_frame(judged)


def test_an_assessment_made_without_goals_judges_them_and_a_restricted_one_by_the_rule(judged):
    from indexcel.rules import Assessment

    made = Assessment(judged.dataset, judged.options, judged.indicators)
    assert made.goals == judged.goals
    keep = [i for i, ind in enumerate(judged.dataset.indicators) if ind.goal.number == "3.2"]
    part = judged.restricted(keep)
    (goal,) = part.goals
    assert (goal.indicators, goal.given, goal.judgement) == (6, None, Status.NOT_MET)
    with pytest.raises(ValueError, match="one per goal"):
        Assessment(judged.dataset, judged.options, judged.indicators, goals=part.goals)


# -- hostile goals' sheets -------------------------------------------------------------------------

HOSTILE_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40) | \
    st.sampled_from(['=HYPERLINK("http://evil.example")', "+1", "@A1", "<r>x</r>", '"(', "~*?",
                     "\t=1", "_x0041_", "ÖKA", "Uppfyllt", "uppfyllt ", "  ej  bedömt"])


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["1.1. Ekonomi", "1.1 ekonomi", "2. Trygghet",
                                           "3. Saknas", ""]) | HOSTILE_TEXT,
                          st.sampled_from([None, *WORDS.values(), "delvis", "Grön"])
                          | HOSTILE_TEXT,
                          st.none() | HOSTILE_TEXT), max_size=6))
def test_a_hostile_goals_sheet_is_read_judged_and_written_soundly(tmp_path, rows):
    """Whatever a goals' CSV holds: problems, never a crash; a report that builds is a sound
    workbook whose judgements given by hand are the words read."""
    from workbooks import assert_sound

    source = tmp_path / "indikatorer.csv"
    source.write_text("Inriktningsmål;Nyckeltal;Organisation;Utfall 2023;Utfall 2024;Mål 2024\n"
                      "1.1. Ekonomi;Budget;KS;1;2;2\n1.1. Ekonomi;Resultat;KS;1;1;2\n"
                      "2. Trygghet;Anmälningar;Social;3;4;3\n", encoding="utf-8")
    goals = tmp_path / "mal.csv"
    with goals.open("w", encoding="utf-8", newline="") as handle:
        import csv

        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Inriktningsmål", "Bedömning", "Motivering"])
        writer.writerows(rows)
    text = goals.read_text(encoding="utf-8")
    if text.count("\x00") * 100 > len(text):
        # NULs beyond one in a hundred characters make any CSV binary data, the goals' as
        # the indicators' (csv_file.decode); a stray one is removed with a warning.
        with pytest.raises(NotASpreadsheetError, match=r"mal\.csv"):
            read_dataset(source, goals=goals)
        return
    dataset = read_dataset(source, goals=goals)
    assessment = assess(dataset)
    if dataset.errors:
        with pytest.raises(indexcel.InvalidDataError):
            plan_report(assessment)
        return
    out = tmp_path / "rapport.xlsx"
    build_report(assessment, out)
    assert_sound(out)
    rows_read = {row.goal.key: row for row in dataset.goal_sheet.rows} \
        if dataset.goal_sheet else {}
    values = _table(openpyxl.load_workbook(out, data_only=True)[theme.SHEET_GOALS])
    for goal, row in zip(assessment.goals, values, strict=True):
        given = rows_read[goal.goal.key].given_for(2024) if goal.goal.key in rows_read else None
        assert goal.given == given
        assert row["Bedömning"] == WORDS[goal.judgement]
        assert (row["Motivering"] or None) == (goal.motivation or None)


def test_hostile_texts_in_the_goals_sheet_stay_text(tmp_path):
    out = tmp_path / "rapport.xlsx"
    build_report(read_dataset(DATA / "hostile" / "goals-hostile-texts.xlsx"), out)
    book = openpyxl.load_workbook(out)
    for sheet in (book[theme.SHEET_GOALS], book[book.sheetnames[4]]):
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "HYPERLINK" in cell.value:
                    assert cell.data_type == "s", cell.coordinate  # never a formula
                    assert cell.quotePrefix or not cell.value.startswith("="), cell.coordinate
                if cell.hyperlink is not None:
                    assert cell.hyperlink.target is None  # internal links only
