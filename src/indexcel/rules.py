"""The rules for status and trend, free of any file format.

Status compares the report year's outcome with its target, in the indicator's direction.
Trend follows the value itself (up means the number rose), whatever the direction: whether a
rise was good news is for the colour of the arrow, not its direction.
A status or trend given in the input always wins over the computed one.
"""

from __future__ import annotations

from typing import NamedTuple

from indexcel.model import Dataset, Direction, Indicator, Status, Trend


def compute_status(
    outcome: float | None,
    target: float | None,
    direction: Direction = Direction.HIGHER_IS_BETTER,
) -> Status:
    if outcome is None or target is None:
        return Status.NOT_ASSESSED
    if direction is Direction.LOWER_IS_BETTER:
        return Status.MET if outcome <= target else Status.NOT_MET
    return Status.MET if outcome >= target else Status.NOT_MET


def compute_trend(
    current: float | None, previous: float | None, tolerance: float = 0.0
) -> Trend | None:
    """Up, unchanged or down; None when either year lacks a value.

    `tolerance` is in the value's own units (a percentage is a fraction: 0.01 is one
    percentage point); a change no larger than it counts as unchanged.
    """
    if current is None or previous is None:
        return None
    if tolerance < 0:
        raise ValueError("tolerance must not be negative")
    change = current - previous
    if abs(change) <= tolerance:
        return Trend.UNCHANGED
    return Trend.UP if change > 0 else Trend.DOWN


def _value(measure) -> float | None:
    return None if measure is None else measure.value


def computed_status(indicator: Indicator, year: int) -> Status:
    return compute_status(
        _value(indicator.outcome(year)), _value(indicator.target(year)), indicator.direction
    )


def computed_trend(indicator: Indicator, year: int, tolerance: float = 0.0) -> Trend | None:
    return compute_trend(
        _value(indicator.outcome(year)), _value(indicator.outcome(year - 1)), tolerance
    )


def status_of(indicator: Indicator, year: int) -> Status:
    if indicator.given_status is not None:
        return indicator.given_status
    return computed_status(indicator, year)


def trend_of(indicator: Indicator, year: int, tolerance: float = 0.0) -> Trend | None:
    if indicator.given_trend is not None:
        return indicator.given_trend
    return computed_trend(indicator, year, tolerance)


class Judgement(NamedTuple):
    """An indicator's status and trend as the report shows them (a given one wins), and as
    the numbers alone say (for the warnings when the two disagree)."""

    status: Status
    trend: Trend | None
    computed_status: Status
    computed_trend: Trend | None


def judge(indicator: Indicator, year: int, tolerance: float = 0.0) -> Judgement:
    status = computed_status(indicator, year)
    trend = computed_trend(indicator, year, tolerance)
    return Judgement(
        indicator.given_status if indicator.given_status is not None else status,
        indicator.given_trend if indicator.given_trend is not None else trend,
        status, trend)


def judge_all(dataset: Dataset, tolerance: float = 0.0) -> list[Judgement]:
    """Every indicator's judgement for the report year, computed once per dataset and trend
    tolerance: the reader's checks, `validate` and the writer all use these."""
    cached = dataset.judgements
    if cached is not None and cached[0] == tolerance and len(cached[1]) == len(
            dataset.indicators):
        return cached[1]
    year = dataset.report_year
    judgements = [judge(indicator, year, tolerance) for indicator in dataset.indicators]
    dataset.judgements = (tolerance, judgements)
    return judgements
