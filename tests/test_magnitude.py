"""Exact at every magnitude: the rules and the workbook's formulas against exact decimal
arithmetic, for values typed with up to 14 significant digits from 10⁻³ to 10¹², exactly at
Tolerans, at Delvis and at the trend tolerance, one unit of the last typed digit either side,
and anywhere; the formula evaluator against LibreOffice at those magnitudes; the reproducers
of large values at a boundary and of a given trend near the target, built, in the cached
values and after LibreOffice recalculates.

(The goal threshold of issue 16, "Is the goal met?", is not built yet: when it is, its
comparison belongs in these properties too.)
"""

from __future__ import annotations

import random
from decimal import Decimal

import openpyxl
import pytest
import xlsxwriter
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import DATA, expected
from formula_eval import evaluate
from indexcel import rules, theme, vocabulary
from indexcel.model import Change, Direction, Status, Trend
from indexcel.reader import read_dataset
from indexcel.writer import ReportOptions, build_report, formulas, plan_report
from indexcel.writer.conditional import GLYPHS
from indexcel.writer.counts import STATUS_WORDS
from libreoffice import convert
from shown import shown

HIGHER, LOWER, NEAR = (Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER,
                       Direction.NEAR_TARGET)
KEY = {Status.MET: "met", Status.PARTLY_MET: "partly_met", Status.NOT_MET: "not_met",
       Status.NOT_ASSESSED: "not_assessed"}
CELLS = formulas.RowCells(outcome="A1", target="B1", previous="C1", tolerance="D1",
                          partly="E1")
WORDS = {change.value: aliases for change, aliases in vocabulary.CHANGE_ALIASES.items()}
TREND_WORDS = {"up": "Uppåt", "unchanged": "Oförändrad", "down": "Nedåt"}
GLYPH_OF = {vocabulary.STATUS_LABELS[s]: g for s, g in theme.STATUS_GLYPHS.items()}


# -- README's rules in exact decimal arithmetic -------------------------------------------------

def exact_status(outcome, target, direction, tolerance=None, partly=None, previous=None):
    if outcome is None or target is None:
        return Status.NOT_ASSESSED
    margin = tolerance or 0
    if isinstance(target, Change):
        if previous is None:
            return Status.NOT_ASSESSED
        moved = outcome - previous if target is Change.INCREASE else previous - outcome
        return Status.MET if moved > margin else Status.NOT_MET
    gap = {HIGHER: target - outcome, LOWER: outcome - target,
           NEAR: abs(outcome - target)}[direction]
    if gap <= margin:
        return Status.MET
    if partly is not None and gap <= partly:
        return Status.PARTLY_MET
    return Status.NOT_MET


def exact_trend(current, previous, tolerance):
    change = current - previous
    if abs(change) <= tolerance:
        return Trend.UNCHANGED
    return Trend.UP if change > 0 else Trend.DOWN


def exact_improvement(current, previous, target, direction, tolerance):
    trend = exact_trend(current, previous, tolerance)
    if trend is Trend.UNCHANGED or direction is HIGHER:
        return trend
    if direction is LOWER:
        return Trend(-trend.value)
    closer = abs(previous - target) - abs(current - target)
    return Trend((closer > 0) - (closer < 0))


def exact14(*values: Decimal) -> bool:
    """README's condition for exactness: no value has a digit beyond the 14th significant
    digit of the largest of them."""
    largest = max(abs(v) for v in values)
    if not largest:
        return True
    finest = largest.adjusted() - 13
    return all(not v or v.normalize().as_tuple().exponent >= finest for v in values)


# -- values as typed --------------------------------------------------------------------------

class Typed:
    """A row's values as typed: a target of `digits` significant digits whose first digit
    is at 10**decade, a tolerance and a Delvis of the same last digit (`unit`)."""

    def __init__(self, decade: int, digits: int, mantissa: int, negative: bool,
                 tolerance: int, partly: int) -> None:
        self.unit = Decimal(1).scaleb(decade - digits + 1)
        self.target = Decimal(-mantissa if negative else mantissa) * self.unit
        self.tolerance = Decimal(tolerance) * self.unit
        self.partly = self.tolerance + Decimal(partly) * self.unit

    def __repr__(self) -> str:
        return (f"Typed(target={self.target}, tolerance={self.tolerance}, "
                f"partly={self.partly}, unit={self.unit})")


@st.composite
def typed(draw) -> Typed:
    decade = draw(st.integers(min_value=-3, max_value=12))
    digits = draw(st.integers(min_value=1, max_value=14))
    mantissa = draw(st.integers(min_value=10 ** (digits - 1), max_value=10 ** digits - 1))

    def limit() -> int:
        return draw(st.integers(min_value=0, max_value=10 ** draw(
            st.integers(min_value=0, max_value=digits))))

    return Typed(decade, digits, mantissa, draw(st.booleans()), limit(), limit())


EDGES = st.sampled_from(["tolerance", "partly", "anywhere"])
STEPS = st.sampled_from([-1, 0, 1])  # units of the last typed digit off the edge


def _gap(row: Typed, edge: str, step: int, data) -> Decimal:
    if edge == "anywhere":
        return data.draw(st.integers(min_value=-10 ** 15, max_value=10 ** 15)) * row.unit
    return (row.tolerance if edge == "tolerance" else row.partly) + step * row.unit


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(value)  # as the reader parses a typed number


# -- status -----------------------------------------------------------------------------------

@settings(max_examples=600, deadline=None)
@given(typed(), EDGES, STEPS, st.sampled_from(list(Direction)), st.booleans(), st.booleans(),
       st.booleans(), st.data())
def test_status_is_exact_at_every_magnitude(row, edge, step, how, with_tolerance, with_partly,
                                            below, data):
    gap = _gap(row, edge, step, data)
    outcome = {HIGHER: row.target - gap, LOWER: row.target + gap,
               NEAR: row.target - gap if below else row.target + gap}[how]
    tolerance = row.tolerance if with_tolerance else None
    partly = row.partly if with_partly else None
    assume(exact14(outcome, row.target, row.tolerance, row.partly))
    truth = exact_status(outcome, row.target, how, tolerance, partly)
    values = (_f(outcome), _f(row.target), how, _f(tolerance), _f(partly))
    assert rules.compute_status(*values) is truth
    cells = {"A1": values[0], "B1": values[1], "D1": values[3], "E1": values[4]}
    board = formulas.status(CELLS, formulas.shortfall(CELLS, how), GLYPHS, WORDS)
    assert evaluate(board, cells) == GLYPHS[KEY[truth]]
    table = formulas.status(CELLS, formulas.shortfall_by_word(
        CELLS, "F1", vocabulary.DIRECTION_LABELS), STATUS_WORDS, WORDS)
    cells["F1"] = vocabulary.DIRECTION_LABELS[how]
    assert evaluate(table, cells) == vocabulary.STATUS_LABELS[truth]


@settings(max_examples=300, deadline=None)
@given(typed(), EDGES, STEPS, st.sampled_from(list(Change)), st.booleans(), st.data())
def test_oka_and_minska_are_exact_at_every_magnitude(row, edge, step, change, with_tolerance,
                                                     data):
    moved = _gap(row, edge, step, data)
    previous = row.target
    outcome = previous + moved if change is Change.INCREASE else previous - moved
    tolerance = row.tolerance if with_tolerance else None
    assume(exact14(outcome, previous, row.tolerance))
    truth = exact_status(outcome, change, HIGHER, tolerance, previous=previous)
    assert rules.compute_status(_f(outcome), change, HIGHER, _f(tolerance),
                                previous=_f(previous)) is truth
    formula = formulas.status(CELLS, formulas.shortfall(CELLS, HIGHER), GLYPHS, WORDS)
    cells = {"A1": _f(outcome), "B1": vocabulary.CHANGE_LABELS[change], "C1": _f(previous),
             "D1": _f(tolerance)}
    assert evaluate(formula, cells) == GLYPHS[KEY[truth]]


# -- trend ------------------------------------------------------------------------------------

@settings(max_examples=500, deadline=None)
@given(typed(), STEPS, st.booleans(), st.sampled_from(list(Direction)), st.data())
def test_the_trend_is_exact_at_every_magnitude(row, step, rose, how, data):
    """A change exactly at --trend-tolerance is unchanged, one unit more is not: the value
    arrow, the table's word and the improvement arrow alike."""
    tolerance = row.tolerance
    change = _gap(row, data.draw(st.sampled_from(["tolerance", "anywhere"])), step, data)
    previous = row.target
    current = previous + change if rose else previous - change
    assume(exact14(current, previous, tolerance))
    truth = exact_trend(current, previous, tolerance)
    now, before, within = _f(current), _f(previous), float(tolerance)
    assert rules.compute_trend(now, before, within) is truth
    cells = {"A1": now, "C1": before}
    assert evaluate(formulas.trend_number("A1", "C1", within), cells) == truth.value
    assert evaluate(formulas.trend_word("A1", "C1", within, TREND_WORDS), cells) == (
        vocabulary.TREND_LABELS[truth])
    if how is not NEAR:  # near the target: the next test
        better = exact_improvement(current, previous, None, how, tolerance)
        assert rules.improvement(truth, now, before, 0.0, how) is better
        assert evaluate(formulas.improvement_number(CELLS, how, within),
                        {**cells, "B1": 0.0}) == better.value


@settings(max_examples=400, deadline=None)
@given(typed(), STEPS, st.booleans(), st.data())
def test_towards_the_target_is_exact_at_every_magnitude(row, step, above, data):
    """Near the target, as far from it on the other side is unchanged; one unit closer is
    better, one further worse."""
    distance = row.partly + row.unit  # never 0: the value moves
    side = 1 if above else -1
    previous = row.target + side * distance
    current = row.target - side * (distance + step * row.unit)
    if data.draw(st.booleans()):  # or anywhere
        current = row.target + data.draw(st.integers(-10 ** 15, 10 ** 15)) * row.unit
    assume(current != previous and exact14(current, previous, row.target))
    better = exact_improvement(current, previous, row.target, NEAR, 0)
    now, before, goal = _f(current), _f(previous), _f(row.target)
    trend = rules.compute_trend(now, before)
    assert rules.improvement(trend, now, before, goal, NEAR) is better
    assert evaluate(formulas.improvement_number(CELLS, NEAR, 0.0),
                    {"A1": now, "B1": goal, "C1": before}) == better.value


def test_at_the_15th_digit_the_rules_are_libreoffice_s():
    """Numbers equal to 15 digits: LibreOffice subtracts them to 0 (and so do the rules,
    rules.minus); the difference of 2e-10 is negligible beside 123 456 either way."""
    assert rules.minus(123456.7890123457, 123456.7890123459) == 0.0
    assert rules.compute_status(123456.7890123457, 123456.7890123459, HIGHER) is Status.MET
    assert rules.negligible(-3.0, 2.0) == 3.0 / rules.SCALE


# -- the reproducers, through the rules and the formulas ------------------------------

@pytest.mark.parametrize(("outcome", "target", "how", "tolerance", "partly", "status"), [
    (1300960.6, 1300959, LOWER, None, 1.6, Status.PARTLY_MET),  # was Ej uppfylld
    (1300960.6, 1300959, LOWER, 1.6, None, Status.MET),  # was Ej uppfylld
    (1300960.7, 1300959, LOWER, None, 1.6, Status.NOT_MET),
    (2362433.5, 2362433.6, HIGHER, 0.1, None, Status.MET),  # was Ej uppfylld
    (2362433.4, 2362433.6, HIGHER, 0.1, None, Status.NOT_MET),
    (1234567890123.4, 1234567890123.5, HIGHER, 0.1, None, Status.MET),
    (13.5, 13.6, HIGHER, 0.1, None, Status.MET),  # the same at a small scale
    (0.85, 0.9, HIGHER, 0.05, None, Status.MET),  # 4e-17 short in doubles
])
def test_large_values_at_a_boundary(outcome, target, how, tolerance, partly, status):
    assert rules.compute_status(outcome, target, how, tolerance, partly) is status
    formula = formulas.status(CELLS, formulas.shortfall(CELLS, how), GLYPHS)
    assert evaluate(formula, {"A1": outcome, "B1": target, "D1": tolerance,
                              "E1": partly}) == GLYPHS[KEY[status]]


@pytest.mark.parametrize(("current", "previous", "trend"), [
    (2362433.6, 2362433.5, Trend.UNCHANGED),  # was Uppåt
    (1235592.9, 1235593, Trend.UNCHANGED),  # was Nedåt
    (2362433.7, 2362433.5, Trend.UP),
    (13.6, 13.5, Trend.UNCHANGED),
])
def test_large_values_at_the_trend_tolerance(current, previous, trend):
    assert rules.compute_trend(current, previous, 0.1) is trend
    assert evaluate(formulas.trend_number("A1", "C1", 0.1),
                    {"A1": current, "C1": previous}) == trend.value


# -- a given trend with --trend improvement -----------------------------------------------------

@pytest.mark.parametrize(("given", "current", "previous", "how", "better"), [
    (Trend.DOWN, 10.5, 10, NEAR, None),  # the row: down to 10,5 from which side?
    (Trend.DOWN, 11.5, 12, NEAR, Trend.UP),  # the numbers agree: closer
    (Trend.DOWN, 10, 11.5, NEAR, Trend.DOWN),  # the numbers agree: crossed, further away
    (Trend.DOWN, 11.5, 11.2, NEAR, Trend.UP),  # down, and still above 11: it came closer
    (Trend.DOWN, 11, None, NEAR, Trend.UP),  # down to the target itself
    (Trend.UP, 10.5, 10.8, NEAR, Trend.UP),  # up, and still below 11
    (Trend.UP, 11.5, None, NEAR, None),  # up past 11, or from above it?
    (Trend.UNCHANGED, 10.5, 10, NEAR, Trend.UNCHANGED),
    (Trend.DOWN, 12, 10, HIGHER, Trend.DOWN),  # the word, made better or worse
    (Trend.DOWN, 12, 10, LOWER, Trend.UP),
    (Trend.UP, 12, None, LOWER, Trend.DOWN),
])
def test_a_given_trend_becomes_better_or_worse(given, current, previous, how, better):
    trend = rules.compute_trend(current, previous)
    assert rules.improvement(trend, current, previous, 11.0, how, given) is better
    assert rules.improvement(trend, current, previous, None, NEAR, given) is None


@given(st.sampled_from([Trend.UP, Trend.DOWN]), st.integers(-50, 50), st.integers(-50, 50),
       st.integers(-50, 50))
def test_a_given_trend_near_the_target_never_contradicts_itself(given, current, previous,
                                                                goal):
    """Whatever the numbers: better only where the given word could take the value closer
    from where it now is, and never a verdict the numbers and the word agree against."""
    trend = rules.compute_trend(current, previous)
    better = rules.improvement(trend, current, previous, goal, NEAR, given)
    if trend is given:
        assert better is rules.improvement(trend, current, previous, goal, NEAR)
    elif better is not None:
        assert better is Trend.UP
        assert (current >= goal) if given is Trend.DOWN else (current <= goal)


# -- the reproducers as typed, built ----------------------------------------------------------

LARGE = DATA / "valid" / "large-values-at-the-boundary.csv"
GIVEN = DATA / "valid" / "given-trend-near-the-target.csv"
ARROW = {"Uppåt": 1, "Oförändrad": 0, "Nedåt": -1, "": None}


def _built(path, out, **options):
    dataset = read_dataset(path)
    build_report(dataset, out, ReportOptions(**options))
    return plan_report(dataset, ReportOptions(**options))


def _check_large(seen):
    spec = expected(LARGE)
    assert [s.status for s in seen] == spec["statuses"]
    assert [s.balls for s in seen] == [(GLYPH_OF[w],) * 2 for w in spec["statuses"]]
    assert [s.trend for s in seen] == spec["trends"]
    assert [s.arrows for s in seen] == [(ARROW[w],) * 2 for w in spec["trends"]]


def _check_given(seen):
    spec = expected(GIVEN)
    assert [s.trend for s in seen] == spec["trends"]  # the given words, as typed
    assert [s.arrows for s in seen] == [(a, a) for a in spec["arrows"]]


def test_large_values_at_a_boundary_built(tmp_path):
    out = tmp_path / "large.xlsx"
    plan = _built(LARGE, out, trend_tolerance=0.1)
    _check_large(shown(out, plan))


def test_a_given_trend_near_the_target_built(tmp_path):
    out = tmp_path / "given.xlsx"
    plan = _built(GIVEN, out, trend="improvement")
    _check_given(shown(out, plan))
    dataset = read_dataset(GIVEN)
    assert [j.improvement.value if j.improvement else None
            for j in rules.assess(dataset).indicators] == expected(GIVEN)["arrows"]


def test_large_values_show_as_numbers_not_hashes(tmp_path):
    """A column is wide enough for its widest number as shown (1,234,567,890,123.4: 19
    characters; Excel shows ### where a number does not fit), and no wider than it was where
    the numbers are small."""
    out = tmp_path / "large.xlsx"
    _built(LARGE, out, trend_tolerance=0.1)
    book = openpyxl.load_workbook(out)
    needed = 0.9 * len("1,234,567,890,123.4") + 2
    for sheet, header_row in ((book["KS"], 5), (book[theme.SHEET_ALL], 1)):
        widths = _widths(sheet, header_row)
        assert widths["Utfall 2024"] >= needed and widths["Mål 2024"] >= needed, widths
        assert widths["Tolerans"] < needed  # 0,1 and 1,6: as narrow as before
    small = tmp_path / "small.xlsx"
    _built(DATA / "valid" / "every-kind-of-target.csv", small)
    widths = _widths(openpyxl.load_workbook(small)["KS"], 5)
    assert {widths[h] for h in ("Utfall 2023", "Utfall 2024", "Mål 2024")} == {11}


def _widths(sheet, header_row: int) -> dict[str, float]:
    """Column widths by header, as set (XlsxWriter stores 0.71 more than asked, and one
    <col> for neighbours of one width)."""
    by_column = {col: round(dim.width - 0.71, 1) for dim in sheet.column_dimensions.values()
                 for col in range(dim.min, dim.max + 1)}
    return {c.value: by_column[c.column] for c in sheet[header_row] if c.value}


@pytest.mark.libreoffice
@pytest.mark.parametrize(("source", "options", "check"), [
    (LARGE, {"trend_tolerance": 0.1}, _check_large),
    (GIVEN, {"trend": "improvement"}, _check_given),
], ids=["large-values", "given-trend"])
def test_the_reproducers_after_libreoffice_recalculates(tmp_path, source, options, check):
    out = tmp_path / f"{source.stem}.xlsx"
    plan = _built(source, out, **options)
    recalculated = convert(out, "xlsx", tmp_path / "recalc", tmp_path / "profile")
    check(shown(recalculated, plan))


# -- the evaluator against LibreOffice, at magnitudes from 1e-3 to 1e12 -------------------------

def _typed_row(rng: random.Random) -> dict:
    """A row as the properties above draw them, from a seeded generator: values on an edge
    (at a tolerance or a Delvis, one unit off it) or anywhere, every direction, Öka and
    Minska, the trend at its tolerance."""
    digits = rng.randint(1, 14)
    row = Typed(rng.randint(-3, 12), digits, rng.randint(10 ** (digits - 1), 10 ** digits - 1),
                rng.random() < 0.3, rng.randint(0, 10 ** rng.randint(0, digits)),
                rng.randint(0, 10 ** rng.randint(0, digits)))
    how = rng.choice(list(Direction))
    edge = rng.choice([row.tolerance, row.partly, rng.randint(-10 ** 15, 10 ** 15) * row.unit])
    gap = edge + rng.choice([-1, 0, 1]) * row.unit
    target = rng.choice([row.target, row.target, row.target, Change.INCREASE, Change.DECREASE])
    previous = row.target + rng.choice([-1, 1]) * (row.tolerance + rng.choice([-1, 0, 1])
                                                   * row.unit)
    if isinstance(target, Change):
        outcome = previous + (gap if target is Change.INCREASE else -gap)
    else:
        outcome = {HIGHER: row.target - gap, LOWER: row.target + gap,
                   NEAR: row.target + rng.choice([-1, 1]) * gap}[how]
    return {"how": how, "A": outcome, "B": target, "C": previous, "D": row.tolerance,
            "E": row.partly, "tolerance": row.tolerance}


@pytest.mark.libreoffice
def test_the_evaluator_agrees_with_libreoffice_and_exact_arithmetic_at_magnitude(tmp_path):
    rng = random.Random(22)
    batch = []
    while len(batch) < 500:
        row = _typed_row(rng)
        goal = row["B"] if isinstance(row["B"], Decimal) else Decimal(0)
        if exact14(row["A"], row["C"], goal, row["D"], row["E"]):
            batch.append(row)
    path = tmp_path / "magnitude.xlsx"
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    sheet = book.add_worksheet("Rader")
    checks = []
    for index, row in enumerate(batch):
        n = index + 1
        for col, letter in enumerate("ABCDEF"):
            value = (vocabulary.DIRECTION_LABELS[row["how"]] if letter == "F" else row[letter])
            if isinstance(value, Change):
                sheet.write_string(index, col, vocabulary.CHANGE_LABELS[value])
            elif isinstance(value, str):
                sheet.write_string(index, col, value)
            else:
                sheet.write_number(index, col, float(value))
        cells = formulas.RowCells(f"A{n}", f"B{n}", f"C{n}", f"D{n}", f"E{n}")
        within = float(row["tolerance"])
        target = row["B"]
        status = exact_status(row["A"], target, row["how"], row["D"], row["E"], row["C"])
        trend = exact_trend(row["A"], row["C"], row["tolerance"])
        better = (None if isinstance(target, Change) and row["how"] is NEAR else
                  exact_improvement(row["A"], row["C"], target, row["how"], row["tolerance"]))
        row_formulas = [
            (formulas.status(cells, formulas.shortfall(cells, row["how"]), GLYPHS, WORDS),
             GLYPHS[KEY[status]]),
            (formulas.status(cells, formulas.shortfall_by_word(
                cells, f"F{n}", vocabulary.DIRECTION_LABELS), STATUS_WORDS, WORDS),
             vocabulary.STATUS_LABELS[status]),
            (formulas.trend_number(f"A{n}", f"C{n}", within), float(trend.value)),
            (formulas.trend_word(f"A{n}", f"C{n}", within, TREND_WORDS),
             vocabulary.TREND_LABELS[trend]),
            (formulas.improvement_number(cells, row["how"], within),
             "" if better is None else float(better.value)),
        ]
        lookup = {f"{k}{n}": (vocabulary.CHANGE_LABELS[row[k]] if isinstance(row[k], Change)
                              else float(row[k])) for k in "ABCDE"}
        lookup[f"F{n}"] = vocabulary.DIRECTION_LABELS[row["how"]]
        for col, (formula, truth) in enumerate(row_formulas, start=6):
            checks.append((index, col, formula, evaluate(formula, lookup), truth))
            sheet.write_formula(index, col, formula, None, "stale")  # LibreOffice must compute
    book.close()
    recalculated = convert(path, "xlsx", tmp_path / "out", tmp_path / "profile")
    values = openpyxl.load_workbook(recalculated, data_only=True)["Rader"]
    wrong = []
    for index, col, formula, ours, truth in checks:
        theirs = values.cell(index + 1, col + 1).value
        theirs = "" if theirs is None else theirs
        if not ours == theirs == truth:
            wrong.append((index + 1, formula, truth, ours, theirs))
    assert len(checks) == 2500
    assert wrong == [], wrong[:5]
