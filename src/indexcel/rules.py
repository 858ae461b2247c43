"""The rules for status and trend, free of any file format.

Status compares the report year's outcome with its target. The shortfall `s` is
target − outcome where higher is better, outcome − target where lower is better, and
|outcome − target| near the target (Riktning "Nära målet"). The indicator is met when
s ≤ Tolerans (0 when not given), partly met when Delvis is given and s ≤ Delvis, and not met
otherwise. A target that is only a direction, "Öka" or "Minska", is met when the outcome moved
that way from the year before by more than Tolerans; Delvis does not apply to it. Without an
outcome or a target (or, for Öka and Minska, last year's outcome) it is not assessed.

Trend follows the value itself (up means the number rose), whatever the direction; whether a
rise was good news is for the colour of the arrow. `improvement` turns it into better or worse.

Every comparison is made to 14 significant digits of the values compared, as the workbook's
formulas make it (writer/formulas.py): a difference no larger than 1/(2·10¹⁴) of the largest
of them counts as none (`negligible`). That is finer than any decimal typed with 14 digits
and coarser than a double's error, so that 85 % against a target of 90 % with a tolerance of
5 % is met rather than missed by 1e-17, and so is 1 300 960,6 kr against 1 300 959 kr with a
tolerance of 1,6 kr (missed by 9e-11 in doubles); and coarser than the differences
LibreOffice subtracts to 0 (`minus`), so that Excel, LibreOffice and the cached values agree.
(The goal threshold of issue 16, "Is the goal met?", should compare the same way.)

A status or trend given in the input always wins. With `--trend improvement` a given trend
becomes better or worse by the indicator's direction (`improvement`); near the target the
word alone cannot say towards or away, see there.
"""

from __future__ import annotations

from typing import NamedTuple

from indexcel.model import Change, Dataset, Direction, Indicator, Measure, Status, Trend

# A difference within 1/SCALE of the largest value compared is none: 5e-15 of it, half a unit
# of the 14th significant digit where that digit is finest (at 9,99… × 10ⁿ), and about 20
# times a double's rounding error (2⁻⁵² of the value per operation).
SCALE = 2e14
_NEAR = 2.0 ** -48


def minus(a: float, b: float) -> float:
    """a − b as a spreadsheet subtracts: two numbers of one sign equal to about 15 digits
    give 0, not the float residue (LibreOffice's approxSub), so that the cached values are
    LibreOffice's. Excel keeps the residue inside a formula; `negligible` is coarser than
    either, so the balls agree."""
    difference = a - b
    if difference and (a < 0) == (b < 0) and abs(difference) < abs(a) * _NEAR:
        return 0.0
    return difference


def negligible(*values: float) -> float:
    """The largest difference that counts as none between `values`: 1/SCALE of the largest
    of them, as the formulas compute it (MAX(ABS(…),…)/2E14)."""
    return max(map(abs, values)) / SCALE


def sign(difference: float, *values: float) -> int:
    """1, 0 or -1: the sign of `difference` between `values`, 0 when it is negligible."""
    if abs(difference) <= negligible(*values):
        return 0
    return 1 if difference > 0 else -1


def shortfall(outcome: float, target: float, direction: Direction) -> float:
    """How far the outcome falls short of the target (negative: beyond it)."""
    if direction is Direction.LOWER_IS_BETTER:
        return minus(outcome, target)
    if direction is Direction.NEAR_TARGET:
        return abs(minus(outcome, target))
    return minus(target, outcome)


def compute_status(
    outcome: float | None,
    target: float | Change | None,
    direction: Direction = Direction.HIGHER_IS_BETTER,
    tolerance: float | None = None,
    partly: float | None = None,
    previous: float | None = None,
) -> Status:
    if outcome is None or target is None:
        return Status.NOT_ASSESSED
    margin = tolerance or 0.0
    if isinstance(target, Change):
        if previous is None:
            return Status.NOT_ASSESSED
        moved = (minus(outcome, previous) if target is Change.INCREASE
                 else minus(previous, outcome))
        return (Status.MET if minus(moved, margin) > negligible(outcome, previous)
                else Status.NOT_MET)
    gap = shortfall(outcome, target, direction)
    small = negligible(outcome, target)
    if minus(gap, margin) <= small:
        return Status.MET
    if partly is not None and minus(gap, partly) <= small:
        return Status.PARTLY_MET
    return Status.NOT_MET


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
    change = minus(current, previous)
    if minus(abs(change), tolerance) <= negligible(current, previous):
        return Trend.UNCHANGED
    return Trend.UP if change > 0 else Trend.DOWN


def improvement(trend: Trend | None, current: float | None, previous: float | None,
                target: float | Change | None, direction: Direction,
                given: Trend | None = None) -> Trend | None:
    """The trend as better (UP), unchanged or worse (DOWN): a rise is better where higher is
    better, a fall where lower is better, and near the target a move towards it.

    `trend` is what the numbers say; `given`, a trend given in the input, wins. It says which
    way the value went, as the table's Trend column does, and becomes better or worse by
    the same rule. Near the target that word alone cannot say towards or away: where the
    numbers went the way it says, they decide; otherwise the value moved towards the target
    when it fell and is still at or above it (or rose and is at or below it), and there is
    no verdict when the word cannot tell (`_given_near`)."""
    shown = trend if given is None else given
    goal = target if isinstance(target, (int, float)) else None
    if direction is Direction.NEAR_TARGET and goal is None:
        return None  # better or worse is towards or away from a target there is not
    if shown is None or shown is Trend.UNCHANGED:
        return shown
    if direction is Direction.LOWER_IS_BETTER:
        return Trend.UP if shown is Trend.DOWN else Trend.DOWN
    if direction is Direction.NEAR_TARGET and goal is not None:
        if shown is not trend:
            return _given_near(shown, current, goal)
        if current is None or previous is None:
            return None
        closer = minus(abs(minus(previous, goal)), abs(minus(current, goal)))
        return Trend(sign(closer, current, previous, goal))
    return shown


def _given_near(given: Trend, current: float | None, target: float) -> Trend | None:
    """Better when a given Nedåt (Uppåt) left the outcome still at or above (below) the
    target: it came from further away on the same side. Otherwise, as when it crossed the
    target or there is no outcome, the word cannot tell."""
    if current is None:
        return None
    side = sign(minus(current, target), current, target)  # 1: above the target
    return Trend.UP if side == 0 or side == -given.value else None


def _value(measure: Measure | Change | None) -> float | Change | None:
    return measure.value if isinstance(measure, Measure) else measure


def computed_status(indicator: Indicator, year: int) -> Status:
    return judge(indicator, year).computed_status


def computed_trend(indicator: Indicator, year: int, tolerance: float = 0.0) -> Trend | None:
    return judge(indicator, year, tolerance).computed_trend


def status_of(indicator: Indicator, year: int) -> Status:
    """The status shown: the given one, else the computed one."""
    return judge(indicator, year).status


def trend_of(indicator: Indicator, year: int, tolerance: float = 0.0) -> Trend | None:
    """The trend shown: the given one, else the computed one."""
    return judge(indicator, year, tolerance).trend


class Judgement(NamedTuple):
    """An indicator's status and trend as the report shows them (a given one wins), as the
    numbers alone say (for the warnings when the two disagree), and the trend as better or
    worse (for `--trend improvement`)."""

    status: Status
    trend: Trend | None
    computed_status: Status
    computed_trend: Trend | None
    improvement: Trend | None


def judge(indicator: Indicator, year: int, tolerance: float = 0.0) -> Judgement:
    current = _value(indicator.outcomes.get(year))
    previous = _value(indicator.outcomes.get(year - 1))
    target = _value(indicator.targets.get(year))
    status = compute_status(current, target, indicator.direction, _value(indicator.tolerance),
                            _value(indicator.partly), previous)
    trend = compute_trend(current, previous, tolerance)
    shown = indicator.given_trend if indicator.given_trend is not None else trend
    better = improvement(trend, current, previous, target, indicator.direction,
                         indicator.given_trend)
    return Judgement(
        indicator.given_status if indicator.given_status is not None else status,
        shown, status, trend, better)


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
