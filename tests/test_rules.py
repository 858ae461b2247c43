"""The status and trend rules, by example and by property."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from indexcel.model import Change, Direction, Goal, Indicator, Measure, Status, Trend
from indexcel.rules import (
    compute_status,
    compute_trend,
    improvement,
    minus,
    negligible,
    shortfall,
    status_of,
    trend_of,
)

finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)
maybe = st.none() | finite
HIGHER, LOWER = Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER
NEAR = Direction.NEAR_TARGET


@pytest.mark.parametrize(
    ("outcome", "target", "direction", "expected"),
    [
        (0.64, 0.75, HIGHER, Status.NOT_MET),  # Gymnasieelever med examen: 64 % < 75 %
        (0.815, 0.78, HIGHER, Status.MET),
        (0.75, 0.75, HIGHER, Status.MET),  # reaching the target is meeting it
        (11.23, 10, LOWER, Status.NOT_MET),  # Tid från larm: 11,23 min > 10 min
        (15, 22, LOWER, Status.MET),  # handläggningstid 15 days <= 22
        (22, 22, LOWER, Status.MET),
        (None, 0.75, HIGHER, Status.NOT_ASSESSED),
        (0.64, None, HIGHER, Status.NOT_ASSESSED),
        (0.0, 0.0, HIGHER, Status.MET),  # zero is a value, not a missing one
    ],
)
def test_status_examples(outcome, target, direction, expected):
    assert compute_status(outcome, target, direction) is expected


@pytest.mark.parametrize(
    ("current", "previous", "tolerance", "expected"),
    [
        (0.259, 0.2343, 0.0, Trend.UP),
        (-0.27, 0.184, 0.0, Trend.DOWN),
        (3, 3, 0.0, Trend.UNCHANGED),
        (0.5, 0.495, 0.01, Trend.UNCHANGED),  # within one percentage point
        (0.5, 0.48, 0.01, Trend.UP),
        (None, 3, 0.0, None),
        (3, None, 0.0, None),
    ],
)
def test_trend_examples(current, previous, tolerance, expected):
    assert compute_trend(current, previous, tolerance) is expected


@given(maybe, maybe)
def test_status_is_not_assessed_exactly_when_a_value_is_missing(outcome, target):
    status = compute_status(outcome, target, HIGHER)
    assert (status is Status.NOT_ASSESSED) == (outcome is None or target is None)


@given(finite, finite)
def test_directions_mirror_each_other(outcome, target):
    higher = compute_status(outcome, target, HIGHER)
    lower = compute_status(outcome, target, LOWER)
    near = compute_status(outcome, target, NEAR)
    if abs(minus(outcome, target)) <= negligible(outcome, target):  # the target is reached
        assert higher is lower is near is Status.MET
    else:
        assert {higher, lower} == {Status.MET, Status.NOT_MET}
        assert near is Status.NOT_MET


@given(finite, finite, st.floats(min_value=0, max_value=1e6))
def test_trend_follows_the_value_and_is_antisymmetric(current, previous, tolerance):
    trend = compute_trend(current, previous, tolerance)
    back = compute_trend(previous, current, tolerance)
    assert trend.value == -back.value
    if trend is Trend.UP:
        assert current > previous
    if trend is Trend.DOWN:
        assert current < previous
    if trend is Trend.UNCHANGED:
        assert minus(abs(minus(current, previous)), tolerance) <= negligible(current, previous)


limit = st.floats(min_value=0, max_value=1e6)
DIRECTIONS = st.sampled_from(list(Direction))


@given(finite, finite, DIRECTIONS, limit, limit)
def test_more_tolerance_is_never_worse(outcome, target, direction, tolerance, more):
    rank = {Status.MET: 2, Status.PARTLY_MET: 1, Status.NOT_MET: 0}
    less = compute_status(outcome, target, direction, tolerance)
    wider = compute_status(outcome, target, direction, tolerance + more)
    assert rank[wider] >= rank[less]


@given(finite, finite, DIRECTIONS, limit, limit)
def test_partly_met_lies_between_the_tolerance_and_delvis(outcome, target, direction,
                                                          tolerance, partly):
    status = compute_status(outcome, target, direction, tolerance, partly)
    gap = shortfall(outcome, target, direction)
    if status is Status.PARTLY_MET:
        assert minus(gap, tolerance) > negligible(outcome, target) >= minus(gap, partly)
    without = compute_status(outcome, target, direction, tolerance)
    assert without is not Status.PARTLY_MET
    if status is not Status.PARTLY_MET:
        assert status is without


@given(finite, finite, limit)
def test_near_the_target_is_the_same_on_either_side(target, distance, tolerance):
    above = compute_status(target + abs(distance), target, NEAR, tolerance)
    below = compute_status(target - abs(distance), target, NEAR, tolerance)
    assume(minus(target + abs(distance), target) == minus(target, target - abs(distance)))
    assert above is below


@given(finite, finite, limit)
def test_increase_and_decrease_mirror_each_other(outcome, previous, tolerance):
    up = compute_status(outcome, Change.INCREASE, HIGHER, tolerance, previous=previous)
    down = compute_status(previous, Change.DECREASE, HIGHER, tolerance, previous=outcome)
    assert up is down
    assert up is (Status.MET if minus(minus(outcome, previous), tolerance)
                  > negligible(outcome, previous) else Status.NOT_MET)
    assert compute_status(outcome, Change.INCREASE, HIGHER, previous=None) is Status.NOT_ASSESSED


@pytest.mark.parametrize(("outcome", "target", "tolerance", "partly", "expected"), [
    (-0.27, 0.0, 0.01, 0.03, Status.NOT_MET),  # Val- och demokratinämnd: 27 % under budget
    (-0.004, 0.0, 0.01, 0.03, Status.MET),  # within ±1 %
    (0.025, 0.0, 0.01, 0.03, Status.PARTLY_MET),
    (-0.03, 0.0, 0.01, 0.03, Status.PARTLY_MET),  # exactly at Delvis, either side
    (0.0301, 0.0, 0.01, 0.03, Status.NOT_MET),
])
def test_budget_deviation_near_zero(outcome, target, tolerance, partly, expected):
    assert compute_status(outcome, target, NEAR, tolerance, partly) is expected


@pytest.mark.parametrize(("trend", "direction", "expected"), [
    (Trend.UP, HIGHER, Trend.UP), (Trend.UP, LOWER, Trend.DOWN),
    (Trend.DOWN, LOWER, Trend.UP), (Trend.UNCHANGED, LOWER, Trend.UNCHANGED),
    (None, HIGHER, None),
])
def test_improvement_is_the_trend_in_the_indicator_s_direction(trend, direction, expected):
    assert improvement(trend, 5, 4, 3, direction) is expected


def test_near_the_target_improvement_is_a_move_towards_it():
    assert improvement(Trend.DOWN, 0.02, 0.05, 0.0, NEAR) is Trend.UP  # 5 % -> 2 %: closer
    assert improvement(Trend.UP, 0.05, -0.05, 0.0, NEAR) is Trend.UNCHANGED  # as far
    assert improvement(Trend.UP, 0.06, 0.05, 0.0, NEAR) is Trend.DOWN
    assert improvement(Trend.UP, 0.06, 0.05, None, NEAR) is None  # no target: no verdict


@given(finite, finite)
def test_trend_ignores_direction_the_arrow_follows_the_value(current, previous):
    # compute_trend takes no direction at all: a falling cost is a down arrow.
    assert compute_trend(current, previous) is compute_trend(current, previous, 0.0)


def test_negative_tolerance_is_refused():
    with pytest.raises(ValueError, match="tolerance"):
        compute_trend(1, 2, -0.1)


def _indicator(**kwargs) -> Indicator:
    base = dict(goal=Goal.parse("1.1. En ekonomi i balans"), name="x", board="KS",
                outcomes={2023: Measure(5), 2024: Measure(4)}, targets={2024: Measure(3)})
    base.update(kwargs)
    return Indicator(**base)


@given(st.sampled_from(list(Status)), st.sampled_from(list(Trend)))
def test_given_status_and_trend_win(status, trend):
    indicator = _indicator(given_status=status, given_trend=trend)
    assert status_of(indicator, 2024) is status
    assert trend_of(indicator, 2024) is trend


def test_computed_when_not_given():
    indicator = _indicator(direction=LOWER)
    assert status_of(indicator, 2024) is Status.NOT_MET  # 4 > 3 where lower is better
    assert trend_of(indicator, 2024) is Trend.DOWN


@pytest.mark.parametrize(
    ("text", "number", "title"),
    [
        ("1.1. En ekonomi i balans", "1.1", "En ekonomi i balans"),
        ("1.10 Tio", "1.10", "Tio"),
        ("  7.4.   Rätt insats  ", "7.4", "Rätt insats"),
        ("Utan nummer", None, "Utan nummer"),
    ],
)
def test_goal_numbers_split(text, number, title):
    goal = Goal.parse(text)
    assert (goal.number, goal.title) == (number, title)


def test_goals_sort_by_number_as_integers_then_untitled_by_title():
    texts = ["Utan nummer", "b utan", "10.1 J", "1.10 Tio", "1.01 Ett", "1.2 Två", "0.5 Noll",
             "١.٣ Arabiska siffror"]
    ordered = [g.text for g in sorted(map(Goal.parse, texts), key=lambda g: g.sort_key)]
    assert ordered == ["0.5 Noll", "1.01 Ett", "1.2 Två", "١.٣ Arabiska siffror", "1.10 Tio",
                       "10.1 J", "b utan", "Utan nummer"]


def test_a_goal_number_of_5000_digits_sorts_without_python_s_int_limit():
    huge = Goal.parse("9" * 5000 + ". Stort")
    goals = sorted([huge, Goal.parse("2. Litet"), Goal.parse("1" + "0" * 4999 + ". Mindre")],
                   key=lambda g: g.sort_key)
    assert [g.title for g in goals] == ["Litet", "Mindre", "Stort"]


def test_goal_1_2_sorts_before_1_10():
    goals = [Goal.parse(t) for t in ("1.10 B", "2.1 C", "1.2 A", "Fritt D")]
    assert [g.number for g in sorted(goals, key=lambda g: g.sort_key)] == [
        "1.2", "1.10", "2.1", None]
