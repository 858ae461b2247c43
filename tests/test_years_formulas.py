"""The formulas over the years say what rules.py says: the slope's arrow (--trend-over all),
as the value's way and as better or worse, the status change, last year's ball. Hypothesis
draws the rows; the evaluator's SLOPE, COUNT and array constants are checked against
LibreOffice on a batch of rows with gaps, texts and columns left out of the years."""

from __future__ import annotations

import random

import openpyxl
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from formula_eval import evaluate
from indexcel import rules, vocabulary
from indexcel.model import Change, Direction, Status
from indexcel.writer import formulas
from indexcel.writer.conditional import GLYPHS
from indexcel.writer.counts import STATUS_WORDS
from libreoffice import convert

YEARS = (2020, 2021, 2022, 2023, 2024)
LETTERS = "ABCDE"  # the outcomes of 2020..2024; F the target of 2024
CELLS = formulas.YearCells(values="A1:E1", count="A1:E1", years=YEARS)
ROW = formulas.RowCells(outcome="E1", target="F1")
TREND_WORDS = {"up": "Uppåt", "unchanged": "Oförändrad", "down": "Nedåt"}
CHANGE_WORDS = {c.name.lower(): w for c, w in vocabulary.STATUS_CHANGE_LABELS.items()}
KEY = {s: s.value for s in Status}

value = st.builds(lambda n, d: round(n / 10 ** d, 6),
                  st.integers(min_value=-2_000_000, max_value=2_000_000),
                  st.integers(min_value=0, max_value=4))
# Small steps too, so that slopes near the tolerance (and exactly at it) are drawn.
stepped = st.builds(lambda start, step, k: round(start + step * k, 6),
                    st.integers(-50, 50), st.sampled_from([0, 0.01, 0.5, 1, -0.01, -1]),
                    st.integers(0, 4))
outcome = st.none() | value | stepped
no_number = st.sampled_from([None, "-", "saknas"])


def _row(values, target, data) -> dict:
    cells = {f"{letter}1": (data.draw(no_number) if v is None else v)
             for letter, v in zip(LETTERS, values, strict=True)}
    cells["F1"] = data.draw(no_number) if target is None else target
    return cells


def _lookup(cells: dict):
    def at(ref: str):
        if ref == "A1:E1":
            return [cells.get(f"{letter}1") for letter in LETTERS]
        return cells.get(ref)
    return at


def _points(values) -> list[tuple[int, float]]:
    return [(y, v) for y, v in zip(YEARS, values, strict=True) if v is not None]


@settings(max_examples=400, deadline=None)
@given(st.lists(outcome, min_size=5, max_size=5), st.sampled_from([0.0, 0.01, 0.5, 1.0]),
       st.data())
def test_the_slope_arrow_says_what_the_rules_say(values, tolerance, data):
    trend = rules.compute_slope_trend(_points(values), tolerance)
    cells = _lookup(_row(values, None, data))
    assert evaluate(formulas.slope_trend_number(CELLS, tolerance), cells) == (
        "" if trend is None else trend.value)
    assert evaluate(formulas.slope_trend_word(CELLS, tolerance, TREND_WORDS), cells) == (
        "" if trend is None else vocabulary.TREND_LABELS[trend])


@settings(max_examples=400, deadline=None)
@given(st.lists(outcome, min_size=5, max_size=5), st.none() | value | stepped,
       st.sampled_from(list(Direction)), st.sampled_from([0.0, 0.01, 1.0]), st.data())
def test_the_slope_as_better_or_worse_says_what_the_rules_say(values, goal, how, tolerance,
                                                              data):
    trend = rules.compute_slope_trend(_points(values), tolerance)
    better = rules.slope_improvement(trend, values[-1], goal, how)
    cells = _lookup(_row(values, goal, data))
    got = evaluate(formulas.slope_improvement_number(CELLS, ROW, how, tolerance), cells)
    assert got == ("" if better is None else better.value)


def test_the_slope_is_the_least_squares_line_and_needs_three_values():
    assert rules.slope([(2020, 1.0), (2021, 2.0)]) is None
    assert rules.slope([(2020, 10), (2021, 12), (2022, 11), (2023, 14), (2024, 16)]) == \
        pytest.approx(1.4)
    # A missing year is left out, not read as 0; the years are the calendar's.
    assert rules.slope([(2020, 1.0), (2022, 3.0), (2024, 5.0)]) == pytest.approx(1.0)
    assert rules.compute_slope_trend([(2020, 1.0), (2021, 1.01), (2022, 1.02)], 0.01).name \
        == "UNCHANGED"  # exactly the tolerance per year: unchanged, as for the yearly trend


statuses = st.sampled_from([*Status, None])


@settings(max_examples=200, deadline=None)
@given(statuses, statuses, st.sampled_from(["", "-", "grön"]))
def test_the_status_change_says_what_the_rules_say(now, before, other):
    change = rules.status_change(now, before)
    cells = {"A1": other if now is None else vocabulary.STATUS_LABELS[now],
             "B1": other if before is None else vocabulary.STATUS_LABELS[before]}
    got = evaluate(formulas.status_change_word("A1", "B1", STATUS_WORDS, CHANGE_WORDS), cells)
    assert got == ("" if change is None else vocabulary.STATUS_CHANGE_LABELS[change])


@settings(max_examples=300, deadline=None)
@given(st.none() | value, st.none() | value | st.sampled_from(list(Change)), st.none() | value,
       st.sampled_from(list(Direction)))
def test_last_year_s_ball_is_the_status_or_empty_without_a_target(outcome_, goal, previous, how):
    cells = formulas.RowCells(outcome="A1", target="B1", previous="C1")
    words = {c.value: aliases for c, aliases in vocabulary.CHANGE_ALIASES.items()}
    formula = formulas.earlier_status(cells, formulas.shortfall(cells, how), GLYPHS, words)
    target_cell = vocabulary.CHANGE_LABELS[goal] if isinstance(goal, Change) else goal
    got = evaluate(formula, {"A1": outcome_, "B1": target_cell, "C1": previous})
    status = rules.compute_status(outcome_, goal, how, None, None, previous)
    assert got == ("" if goal is None else GLYPHS[KEY[status]])


def _batch(seed: int, rows: int) -> list[list]:
    """Rows of five outcomes with gaps and texts, some on a straight line (slope exactly a
    tolerance) and some constant."""
    rng = random.Random(seed)
    batch = []
    for _ in range(rows):
        kind = rng.random()
        if kind < 0.3:
            start, step = round(rng.uniform(-50, 50), 2), rng.choice([0.01, -0.01, 0.5, 0])
            values = [round(start + step * k, 6) for k in range(5)]
        else:
            values = [round(rng.uniform(-1000, 1000), rng.randint(0, 4)) for _ in range(5)]
        for k in range(5):
            if rng.random() < 0.25:
                values[k] = rng.choice([None, "-", ""])
        batch.append(values)
    return batch


@pytest.mark.libreoffice
def test_the_evaluator_s_slope_agrees_with_libreoffice(tmp_path):
    """SLOPE over a row with gaps and texts, and over a span whose x's leave a column out
    (a "" among the years, as in the table where another column stands between outcomes)."""
    batch = _batch(1818, 300)
    path = tmp_path / "slope.xlsx"
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    sheet = book.add_worksheet("Rader")
    expected = []
    for row, values in enumerate(batch):
        n = row + 1
        for col, v in enumerate(values):
            if isinstance(v, str):
                sheet.write_string(row, col, v)
            elif v is not None:
                sheet.write_number(row, col, v)
        whole = formulas.YearCells(values=f"A{n}:E{n}", count=f"A{n}:E{n}", years=YEARS)
        gapped = formulas.YearCells(values=f"A{n}:E{n}", count=f"A{n},B{n},D{n},E{n}",
                                    years=(2020, 2021, None, 2023, 2024))
        row_formulas = [
            formulas.slope_trend_number(whole, 0.01),
            formulas.slope_trend_number(gapped, 0.0),
            f"=IF({whole.too_few()},\"\",ROUND({whole.slope},9))",
            f"=IF({gapped.too_few()},\"\",ROUND({gapped.slope},9))",
        ]
        cells = {f"{letter}{n}": v for letter, v in zip(LETTERS, values, strict=True)}

        def at(ref: str, cells=cells, n=n):
            if ref == f"A{n}:E{n}":
                return [cells[f"{letter}{n}"] for letter in LETTERS]
            return cells.get(ref)

        for col, formula in enumerate(row_formulas, start=6):
            expected.append((row, col, formula, evaluate(formula, at)))
            sheet.write_formula(row, col, formula, None, "stale")
    book.close()
    recalculated = convert(path, "xlsx", tmp_path / "out", tmp_path / "profile")
    values = openpyxl.load_workbook(recalculated, data_only=True)["Rader"]
    wrong = []
    for row, col, formula, result in expected:
        got = values.cell(row + 1, col + 1).value
        if isinstance(result, float) and isinstance(got, (int, float)):
            same = got == pytest.approx(result, rel=1e-12, abs=1e-12)
        else:
            same = (got if got is not None else "") == result
        if not same:
            wrong.append((row + 1, formula, result, got))
    assert wrong == [], wrong[:5]
    assert sum(1 for *_, r in expected if r == "") > 10  # some rows had too few values
