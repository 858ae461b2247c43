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

`assess(dataset, options)` applies the rules to a whole dataset, once: the `Assessment` it
returns is what the plan, `validate` and the frame show, with judging's warnings (a given
status or trend the numbers contradict, a direction assumed where the row's name reads
otherwise: directions.py). The reader does not judge, and nothing judges a dataset in place.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import NamedTuple

from indexcel import directions, vocabulary
from indexcel import goals as goal_rules
from indexcel.goals import GoalJudgement, GoalRule, Share
from indexcel.model import (
    Change,
    Dataset,
    Direction,
    Indicator,
    Location,
    Measure,
    Problem,
    Severity,
    Status,
    Trend,
)

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


def _value(measure: Measure | None) -> float | None:
    return None if measure is None else measure.value


def _target(target: Measure | Change | None) -> float | Change | None:
    return target.value if isinstance(target, Measure) else target


def status_under(indicator: Indicator, year: int, direction: Direction) -> Status:
    """The status the numbers give `indicator` for `year` were its direction `direction`
    (a given status aside): what directions.py says a row would be under another one."""
    return compute_status(_value(indicator.outcomes.get(year)),
                          _target(indicator.targets.get(year)), direction,
                          _value(indicator.tolerance), _value(indicator.partly),
                          _value(indicator.outcomes.get(year - 1)))


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
    target = _target(indicator.targets.get(year))
    status = compute_status(current, target, indicator.direction, _value(indicator.tolerance),
                            _value(indicator.partly), previous)
    trend = compute_trend(current, previous, tolerance)
    shown = indicator.given_trend if indicator.given_trend is not None else trend
    better = improvement(trend, current, previous, target, indicator.direction,
                         indicator.given_trend)
    return Judgement(
        indicator.given_status if indicator.given_status is not None else status,
        shown, status, trend, better)


@dataclass(frozen=True)
class AssessmentOptions:
    """How the rules are applied to a dataset. Each later kind of judging adds the options it
    needs here, with a default, so that `assess(dataset)` keeps its meaning."""

    # A change no larger than this counts as unchanged, in the value's own units (a
    # percentage is a fraction: 0.01 is one percentage point); the tolerance itself included.
    trend_tolerance: float = 0.0
    # The goal rule's thresholds (indexcel.goals): the share of a goal's indicators that must
    # be assessed for it to be judged, and the shares of those assessed that make it
    # Uppfyllt (met) and Delvis uppfyllt (met or partly met). Each as 75, "75 %", "0,75",
    # 0.75 or Fraction(3, 4); held as exact Fractions (see `goal_rule`).
    goal_assessed: Share = Fraction(1, 2)
    goal_met: Share = Fraction(3, 4)
    goal_partly: Share = Fraction(1, 2)

    def __post_init__(self) -> None:
        tolerance = self.trend_tolerance
        if not isinstance(tolerance, (int, float)) or not 0 <= tolerance < math.inf:
            raise ValueError(f"trend_tolerance must be a number of 0 or more, not "
                             f"{tolerance!r}")
        rule = self.goal_rule  # each a Fraction, or a GoalRuleError
        for name in ("assessed", "met", "partly"):
            object.__setattr__(self, f"goal_{name}", getattr(rule, name))

    @property
    def goal_rule(self) -> GoalRule:
        """The goal rule of these thresholds, each an exact Fraction."""
        share = goal_rules.share
        return GoalRule(share(self.goal_assessed, "assessed"), share(self.goal_met, "met"),
                        share(self.goal_partly, "partly"))


@dataclass(frozen=True)
class Assessment:
    """What the rules make of one dataset, judged once with `options`: the value every part
    that shows a judgement reads (the report's plan, `validate`, `Dataset.to_frame`).

    - `indicators`: one Judgement per indicator, in the order of `dataset.indicators`.
    - `problems`: what judging found (warnings): a given Status or Trend that the numbers
      contradict, and a direction assumed where the input gives none (no Riktning column, or
      a row whose name or unit reads as lower is better: directions.py). The dataset's own
      problems are the reader's.

    - `goals`: one GoalJudgement per goal (is the goal met?), in the order of
      `dataset.goals`: the counts, the rule's judgement (`options.goal_rule`), the one given
      by hand in the Inriktningsmål sheet and its Motivering. Left out, it is computed from
      `indicators`.

    Later kinds of judging join as further fields, computed in `assess` from the same dataset
    and options, so that nothing else is reshaped: the earlier years' statuses and trends
    (better or worse than last year?) as `years`, by year, one Judgement per indicator each.
    Each gets a default (empty), its options a field of AssessmentOptions with a default, and
    its warnings go to `problems`; `restricted` restricts it as well.
    """

    dataset: Dataset
    options: AssessmentOptions
    indicators: tuple[Judgement, ...]
    problems: tuple[Problem, ...] = ()
    goals: tuple[GoalJudgement, ...] = ()

    def __post_init__(self) -> None:
        if len(self.indicators) != len(self.dataset.indicators):
            raise ValueError(f"{len(self.indicators)} judgements for "
                             f"{len(self.dataset.indicators)} indicators")
        if not self.goals and self.indicators:
            object.__setattr__(self, "goals", goal_rules.judge_goals(
                self.dataset, [j.status for j in self.indicators], self.options.goal_rule))
        elif [g.goal.key for g in self.goals] != [g.key for g in self.dataset.goals]:
            raise ValueError("the goals' judgements are not one per goal of the dataset, in "
                             "its order")

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def restricted(self, indices: Iterable[int]) -> Assessment:
        """The assessment of the indicators `indices` alone (in that order), as judged here:
        a board's own workbook. Problems are left behind, with the dataset's. The goals are
        judged again over these indicators alone, by the rule: a judgement given by hand is
        for a goal as a whole, not for a part of its indicators."""
        keep = list(indices)
        dataset = replace(self.dataset, indicators=tuple(self.dataset.indicators[i]
                                                         for i in keep), problems=())
        judgements = tuple(self.indicators[i] for i in keep)
        return Assessment(dataset, self.options, judgements, goals=goal_rules.judge_goals(
            dataset, [j.status for j in judgements], self.options.goal_rule, given=False))


def assess(dataset: Dataset, options: AssessmentOptions | None = None) -> Assessment:
    """Judge every indicator of `dataset` for its report year, once."""
    options = options or AssessmentOptions()
    year, tolerance = dataset.report_year, options.trend_tolerance
    judgements = tuple(judge(indicator, year, tolerance) for indicator in dataset.indicators)

    def status_as(indicator: Indicator, direction: Direction) -> Status:
        return status_under(indicator, year, direction)

    rule = options.goal_rule
    goal_judgements = goal_rules.judge_goals(dataset, [j.status for j in judgements], rule)
    problems = (*given_disagreements(dataset, judgements),
                *directions.direction_hints(dataset, status_as),
                *goal_rules.goal_disagreements(goal_judgements, rule, dataset.source.name))
    return Assessment(dataset, options, judgements, problems, goal_judgements)


def given_disagreements(dataset: Dataset, judgements: Iterable[Judgement]
                        ) -> Iterator[Problem]:
    """A warning for each given Status or Trend that the numbers contradict (the given one
    is used)."""
    for indicator, judgement in zip(dataset.indicators, judgements, strict=True):
        given, computed = indicator.given_status, judgement.computed_status
        given_trend, computed_trend = indicator.given_trend, judgement.computed_trend
        if given is None and given_trend is None:
            continue
        where = indicator.location or Location(dataset.source.name)
        if given is not None and computed not in (Status.NOT_ASSESSED, given):
            yield Problem(
                Severity.WARNING, where,
                f"Status says '{vocabulary.STATUS_LABELS[given]}' but the numbers say "
                f"'{vocabulary.STATUS_LABELS[computed]}'; the given status is used.",
                "Check the status, or empty the cell to let it be computed.")
        if given_trend is not None and computed_trend not in (None, given_trend):
            yield Problem(
                Severity.WARNING, where,
                f"Trend says '{vocabulary.TREND_LABELS[given_trend]}' but the numbers say "
                f"'{vocabulary.TREND_LABELS[computed_trend]}'; the given trend is used.",
                "Check the trend, or empty the cell to let it be computed.")
