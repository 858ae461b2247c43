"""The workbook's formulas say what rules.py says, for every kind of target.

The formulas (writer/formulas.py) are evaluated by a small evaluator (formula_eval.py) on
random rows drawn by Hypothesis; the evaluator itself is checked against LibreOffice on a
batch of rows, boundaries included.
"""

from __future__ import annotations

import random

import openpyxl
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from formula_eval import evaluate, excel_round
from indexcel import rules, theme, vocabulary
from indexcel.model import Change, Direction, Status, Trend
from indexcel.writer import formulas
from indexcel.writer.conditional import GLYPHS
from indexcel.writer.counts import STATUS_WORDS
from libreoffice import convert

CELLS = formulas.RowCells(outcome="A1", target="B1", previous="C1", tolerance="D1",
                          partly="E1")
WORDS = {change.value: aliases for change, aliases in vocabulary.CHANGE_ALIASES.items()}
TREND_WORDS = {"up": "Uppåt", "unchanged": "Oförändrad", "down": "Nedåt"}
KEY = {Status.MET: "met", Status.PARTLY_MET: "partly_met", Status.NOT_MET: "not_met",
       Status.NOT_ASSESSED: "not_assessed"}

# Values as people write them: up to four decimals, percentages as fractions.
value = st.builds(lambda n, d: round(n / 10 ** d, 6),
                  st.integers(min_value=-2_000_000, max_value=2_000_000),
                  st.integers(min_value=0, max_value=4))
maybe = st.none() | value
limit = st.none() | st.builds(lambda n, d: round(n / 10 ** d, 6),
                              st.integers(min_value=0, max_value=50_000),
                              st.integers(min_value=0, max_value=4))
target = st.none() | value | st.sampled_from(list(Change))
direction = st.sampled_from(list(Direction))
typed = {Change.INCREASE: ["Öka", "ökning", "ÖKA"], Change.DECREASE: ["Minska", "minskning"]}


# What a missing value may look like in a delivered workbook: an empty cell, or a text someone
# typed (the reader takes "-" for no value; a word in a number cell is no number either).
no_number = st.sampled_from([None, "-", "", "saknas"])


def _cells(outcome, goal, previous, tolerance, partly, data) -> dict:
    def cell(value):
        return data.draw(no_number) if value is None else value

    target_cell = cell(goal)
    if isinstance(goal, Change):
        target_cell = data.draw(st.sampled_from(typed[goal]))
    return {"A1": cell(outcome), "B1": target_cell, "C1": cell(previous),
            "D1": cell(tolerance), "E1": cell(partly)}


@settings(max_examples=400, deadline=None)
@given(maybe, target, maybe, limit, limit, direction, st.data())
def test_the_ball_formula_says_what_the_rules_say(outcome, goal, previous, tolerance, partly,
                                                  how, data):
    expected = rules.compute_status(outcome, goal, how, tolerance, partly, previous)
    formula = formulas.status(CELLS, formulas.shortfall(CELLS, how), GLYPHS, WORDS)
    got = evaluate(formula, _cells(outcome, goal, previous, tolerance, partly, data))
    assert got == GLYPHS[KEY[expected]], formula


@settings(max_examples=300, deadline=None)
@given(maybe, target, maybe, limit, limit, direction, st.data())
def test_the_table_s_status_word_reads_riktning_from_its_cell(outcome, goal, previous,
                                                               tolerance, partly, how, data):
    expected = rules.compute_status(outcome, goal, how, tolerance, partly, previous)
    gap = formulas.shortfall_by_word(CELLS, "F1", vocabulary.DIRECTION_LABELS)
    formula = formulas.status(CELLS, gap, STATUS_WORDS, WORDS)
    cells = _cells(outcome, goal, previous, tolerance, partly, data)
    cells["F1"] = vocabulary.DIRECTION_LABELS[how]
    assert evaluate(formula, cells) == vocabulary.STATUS_LABELS[expected]


@settings(max_examples=300, deadline=None)
@given(maybe, maybe, st.sampled_from([0.0, 0.01, 0.5, 1.0, 2.0]))
def test_the_trend_formulas_say_what_the_rules_say(current, previous, tolerance):
    trend = rules.compute_trend(current, previous, tolerance)
    cells = {"A1": "-" if current is None else current, "C1": previous}
    number = evaluate(formulas.trend_number("A1", "C1", tolerance), cells)
    assert number == ("" if trend is None else trend.value)
    word = evaluate(formulas.trend_word("A1", "C1", tolerance, TREND_WORDS), cells)
    assert word == ("" if trend is None else vocabulary.TREND_LABELS[trend])


@settings(max_examples=300, deadline=None)
@given(maybe, maybe, target, direction, st.sampled_from([0.0, 0.01, 1.0]), st.data())
def test_the_improvement_arrow_says_what_the_rules_say(current, previous, goal, how, tolerance,
                                                       data):
    trend = rules.compute_trend(current, previous, tolerance)
    better = rules.improvement(trend, current, previous, goal, how)
    cells = _cells(current, goal, previous, None, None, data)
    got = evaluate(formulas.improvement_number(CELLS, how, tolerance), cells)
    assert got == ("" if better is None else better.value)


@pytest.mark.parametrize(("outcome", "goal", "tolerance", "expected"), [
    (0.85, 0.9, 0.05, Status.MET),  # 0.9 - 0.85 - 0.05 is 4e-17 unrounded: met, not missed
    (0.849, 0.9, 0.05, Status.NOT_MET),
    (102.01, 102.0, 0.0, Status.MET),
])
def test_rounding_to_ten_decimals_at_the_boundary(outcome, goal, tolerance, expected):
    assert rules.compute_status(outcome, goal, Direction.HIGHER_IS_BETTER, tolerance) is expected
    formula = formulas.status(CELLS, formulas.shortfall(CELLS, Direction.HIGHER_IS_BETTER),
                              GLYPHS)
    assert evaluate(formula, {"A1": outcome, "B1": goal, "D1": tolerance}) == GLYPHS[
        KEY[expected]]


@pytest.mark.parametrize(("current", "previous"), [(0.259, 0.249), (1.01, 1.0), (102.01, 102)])
def test_a_change_exactly_at_the_trend_tolerance_is_unchanged(current, previous):
    tolerance = 0.01
    assert rules.compute_trend(current, previous, tolerance) is Trend.UNCHANGED
    assert evaluate(formulas.trend_number("A1", "C1", tolerance),
                    {"A1": current, "C1": previous}) == 0


# -- the evaluator against LibreOffice --------------------------------------------------------

def _batch(seed: int, rows: int) -> list[dict]:
    """Random rows, a third of them on a boundary (outcome exactly a tolerance or a Delvis
    away from the target), with every direction and both kinds of target word."""
    rng = random.Random(seed)
    batch = []
    for _ in range(rows):
        how = rng.choice(list(Direction))
        goal = round(rng.uniform(-100, 100), rng.randint(0, 3))
        tolerance = rng.choice([None, 0.0, round(rng.uniform(0, 5), 2)])
        partly = rng.choice([None, round(rng.uniform(0, 10), 2)])
        outcome = round(rng.uniform(-100, 100), rng.randint(0, 4))
        if rng.random() < 0.35:
            edge = rng.choice([tolerance or 0.0, partly or 0.0])
            sign = rng.choice([-1, 1])
            outcome = goal + sign * edge if how is Direction.NEAR_TARGET else (
                goal - edge if how is Direction.HIGHER_IS_BETTER else goal + edge)
        previous = rng.choice([None, round(outcome - rng.choice([0, 0.01, 1, -2.5]), 4)])
        target = rng.choice([goal, goal, goal, "Öka", "Minska", None])
        batch.append({"how": how, "A": outcome, "B": target, "C": previous, "D": tolerance,
                      "E": partly})
    return batch


@pytest.mark.libreoffice
def test_the_evaluator_agrees_with_libreoffice(tmp_path):
    batch = _batch(2024, 400)
    path = tmp_path / "batch.xlsx"
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    sheet = book.add_worksheet("Rader")
    expected = []
    for row, data in enumerate(batch):
        n = row + 1
        for col, letter in enumerate("ABCDE"):
            value = data[letter]
            if isinstance(value, str):
                sheet.write_string(row, col, value)
            elif value is not None:
                sheet.write_number(row, col, value)
        cells = formulas.RowCells(f"A{n}", f"B{n}", f"C{n}", f"D{n}", f"E{n}")
        row_formulas = [
            formulas.status(cells, formulas.shortfall(cells, data["how"]), STATUS_WORDS, WORDS),
            formulas.improvement_number(cells, data["how"], 0.01),
            formulas.trend_number(f"A{n}", f"C{n}", 0.01),
            f"=ROUND(A{n}-B{n}-D{n},10)" if isinstance(data["B"], float) else '=""',
        ]
        lookup = {f"{k}{n}": data[k] for k in "ABCDE"}
        for col, formula in enumerate(row_formulas, start=5):
            result = evaluate(formula, lookup)
            expected.append((row, col, formula, result))
            sheet.write_formula(row, col, formula, None, "stale")  # LibreOffice must compute
    book.close()
    recalculated = convert(path, "xlsx", tmp_path / "out", tmp_path / "profile")
    values = openpyxl.load_workbook(recalculated, data_only=True)["Rader"]
    wrong = []
    for row, col, formula, result in expected:
        got = values.cell(row + 1, col + 1).value
        if isinstance(result, float) and isinstance(got, (int, float)):
            same = got == pytest.approx(result, abs=1e-12)
        else:
            same = (got if got is not None else "") == result
        if not same:
            wrong.append((row + 1, formula, result, got))
    assert wrong == [], wrong[:5]


def test_excel_round_is_half_away_from_zero_on_the_shown_digits():
    assert excel_round(0.05000000000000004, 10) == 0.05
    assert excel_round(2.5, 0) == 3.0 and excel_round(-2.5, 0) == -3.0
    assert excel_round(4.163336342344337e-17, 10) == 0.0


def test_four_balls_four_shapes():
    assert len(set(theme.STATUS_GLYPHS.values())) == len(Status)
