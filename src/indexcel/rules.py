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
By default it compares the year's outcome with the year before's; with TrendBasis.ALL_YEARS
(`--trend-over all`) it is the sign of the slope of the least-squares line through every
outcome up to the year (`slope`, Excel's SLOPE), which needs three values, the trend
tolerance applying to the slope per year.

Every earlier year with an outcome and a target column (or a "Status <år>" column) is judged
by the same rules, with Riktning, Tolerans and Delvis as they stand now, and a status given
for that year wins (`Assessment.years`). `status_change` compares the report year's status
with the year before's: Uppfylld > Delvis uppfylld > Ej uppfylld.

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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import NamedTuple

from indexcel import directions, vocabulary
from indexcel import goals as goal_rules
from indexcel.goals import GoalJudgement, GoalRule, Share
from indexcel.model import (
    Change,
    ColumnRole,
    Dataset,
    Direction,
    Indicator,
    Location,
    Measure,
    Problem,
    Severity,
    Status,
    StatusChange,
    Trend,
    TrendBasis,
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


# The slope's comparisons (compute_slope_trend, slope_improvement) still round to DECIMALS
# places, as their formulas (writer/formulas.py YearCells) do.
DECIMALS = 10
_STEP = Decimal(1).scaleb(-DECIMALS)


def settled(difference: float) -> float:
    """`difference` rounded to 10 decimals, half away from zero on its 15 significant digits,
    as Excel's and LibreOffice's ROUND do (Python's round() works on the binary value)."""
    scaled = difference * 10 ** DECIMALS
    if not math.isfinite(scaled) or abs(scaled - math.floor(scaled) - 0.5) > 1e-4:
        return round(difference, DECIMALS)
    return float(Decimal(f"{difference:.15g}").quantize(_STEP, rounding=ROUND_HALF_UP))


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


MIN_SLOPE_VALUES = 3


def slope(points: Sequence[tuple[int, float]]) -> float | None:
    """The slope per year of the least-squares line through (year, value) `points`, as
    Excel's and LibreOffice's SLOPE compute it (about the means); None with fewer than
    three points."""
    if len(points) < MIN_SLOPE_VALUES:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def outcome_points(indicator: Indicator, year: int) -> list[tuple[int, float]]:
    """(year, value) of every outcome up to `year` that has a value, in year order."""
    return sorted((y, m.value) for y, m in indicator.outcomes.items()
                  if m is not None and y <= year)


def compute_slope_trend(points: Sequence[tuple[int, float]], tolerance: float = 0.0
                        ) -> Trend | None:
    """Up, unchanged or down by the slope through `points`: unchanged when its size is no
    more than `tolerance` per year; None with fewer than three points."""
    if tolerance < 0:
        raise ValueError("tolerance must not be negative")
    gradient = slope(points)
    if gradient is None:
        return None
    if settled(minus(abs(gradient), tolerance)) <= 0:
        return Trend.UNCHANGED
    return Trend.UP if gradient > 0 else Trend.DOWN


def slope_improvement(trend: Trend | None, current: float | None,
                      target: float | Change | None, direction: Direction) -> Trend | None:
    """The slope's trend as better or worse: as `improvement` where higher or lower is
    better; near the target, better when the line heads towards the target from where the
    year's outcome stands (rising below it, falling above it, or at it), else worse."""
    if direction is not Direction.NEAR_TARGET or trend is None or trend is Trend.UNCHANGED:
        return improvement(trend, None, None, target, direction)
    if not isinstance(target, (int, float)) or current is None:
        return None
    side = settled(minus(current, target))  # > 0: above the target
    heading = 1 if trend is Trend.UP else -1
    return Trend.UP if side == 0 or (side > 0) != (heading > 0) else Trend.DOWN


_STATUS_RANK = {Status.MET: 3, Status.PARTLY_MET: 2, Status.NOT_MET: 1}


def status_change(current: Status | None, previous: Status | None) -> StatusChange | None:
    """Förbättrad, Oförändrad or Försämrad: the year's status against the year before's,
    ordered Uppfylld > Delvis uppfylld > Ej uppfylld; None when either is Ej bedömd or
    missing."""
    now = _STATUS_RANK.get(current) if current is not None else None
    before = _STATUS_RANK.get(previous) if previous is not None else None
    if now is None or before is None:
        return None
    return StatusChange((now > before) - (now < before))


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


def judge(indicator: Indicator, year: int, tolerance: float = 0.0,
          basis: TrendBasis = TrendBasis.PREVIOUS_YEAR) -> Judgement:
    """The indicator's judgement for the report year `year` (its given Status and Trend
    win)."""
    return judge_year(indicator, year, tolerance, basis, indicator.given_status,
                      indicator.given_trend)


def judge_year(indicator: Indicator, year: int, tolerance: float, basis: TrendBasis,
               given_status: Status | None, given_trend: Trend | None) -> Judgement:
    """The indicator's judgement for `year`, with the status and trend given for that year
    (None: computed)."""
    current = _value(indicator.outcomes.get(year))
    previous = _value(indicator.outcomes.get(year - 1))
    target = _target(indicator.targets.get(year))
    status = compute_status(current, target, indicator.direction, _value(indicator.tolerance),
                            _value(indicator.partly), previous)
    if basis is TrendBasis.ALL_YEARS:
        trend = compute_slope_trend(outcome_points(indicator, year), tolerance)
        shown = given_trend if given_trend is not None else trend
        better = slope_improvement(shown, current, target, indicator.direction)
    else:
        trend = compute_trend(current, previous, tolerance)
        shown = given_trend if given_trend is not None else trend
        better = improvement(trend, current, previous, target, indicator.direction,
                             given_trend)
    return Judgement(given_status if given_status is not None else status,
                     shown, status, trend, better)


@dataclass(frozen=True)
class AssessmentOptions:
    """How the rules are applied to a dataset. Each later kind of judging adds the options it
    needs here, with a default, so that `assess(dataset)` keeps its meaning."""

    # A change no larger than this counts as unchanged, in the value's own units (a
    # percentage is a fraction: 0.01 is one percentage point); the tolerance itself included.
    trend_tolerance: float = 0.0
    # What the trend compares: the year before (the default), or the slope over all years.
    trend_over: TrendBasis = TrendBasis.PREVIOUS_YEAR
    # The goal rule's thresholds (indexcel.goals): the share of a goal's indicators that must
    # be assessed for it to be judged, and the shares of those assessed that make it
    # Uppfyllt (met) and Delvis uppfyllt (met or partly met). Each as 75, "75 %", "0,75",
    # 0.75 or Fraction(3, 4); held as exact Fractions (see `goal_rule`).
    goal_assessed: Share = Fraction(1, 2)
    goal_met: Share = Fraction(3, 4)
    goal_partly: Share = Fraction(1, 2)

    def __post_init__(self) -> None:
        object.__setattr__(self, "trend_over", TrendBasis(self.trend_over))  # "all" too
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
    - `years`: each earlier year judged (`judged_years`: one with Utfall and Mål columns, or
      a "Status <år>" column), oldest first, to one Judgement per indicator, by the same
      rules and options (a "Status <år>" given for it wins).
    - `changes`: per indicator, the report year's status against the year before's
      (`status_change`); all None when the year before is not judged.
    - `goals`: one GoalJudgement per goal (is the goal met?), in the order of
      `dataset.goals`: the counts, the rule's judgement (`options.goal_rule`), the one given
      by hand in the Inriktningsmål sheet and its Motivering. Left out, it is computed from
      `indicators`.

    Later kinds of judging join as further fields, computed in `assess` from the same dataset
    and options, so that nothing else is reshaped (as `years`, `changes` and `goals` did).
    Each gets a default (empty), its options a field of AssessmentOptions with a default, and
    its warnings go to `problems`; `restricted` restricts it as well. Last year's goal
    judgements can be had from that year's statuses in `years`.
    """

    dataset: Dataset
    options: AssessmentOptions
    indicators: tuple[Judgement, ...]
    problems: tuple[Problem, ...] = ()
    years: Mapping[int, tuple[Judgement, ...]] = field(default_factory=dict)
    changes: tuple[StatusChange | None, ...] = ()
    goals: tuple[GoalJudgement, ...] = ()

    def __post_init__(self) -> None:
        count = len(self.dataset.indicators)
        if len(self.indicators) != count:
            raise ValueError(f"{len(self.indicators)} judgements for {count} indicators")
        if any(len(judgements) != count for judgements in self.years.values()):
            raise ValueError(f"each year of `years` needs one judgement per indicator "
                             f"({count})")
        if not self.changes:
            object.__setattr__(self, "changes", (None,) * count)
        elif len(self.changes) != count:
            raise ValueError(f"{len(self.changes)} status changes for {count} indicators")
        if not self.goals and self.indicators:
            object.__setattr__(self, "goals", goal_rules.judge_goals(
                self.dataset, [j.status for j in self.indicators], self.options.goal_rule))
        elif [g.goal.key for g in self.goals] != [g.key for g in self.dataset.goals]:
            raise ValueError("the goals' judgements are not one per goal of the dataset, in "
                             "its order")

    @property
    def previous(self) -> tuple[Judgement, ...] | None:
        """The year before the report year's judgements, or None when it is not judged."""
        return self.years.get(self.dataset.report_year - 1)

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
        return Assessment(dataset, self.options, judgements,
                          years={year: tuple(earlier[i] for i in keep)
                                 for year, earlier in self.years.items()},
                          changes=tuple(self.changes[i] for i in keep),
                          goals=goal_rules.judge_goals(
                              dataset, [j.status for j in judgements], self.options.goal_rule,
                              given=False))


def judged_years(dataset: Dataset) -> list[int]:
    """The earlier years judged: before the report year, with both an Utfall and a Mål
    column, or with a "Status <år>" column."""
    year = dataset.report_year
    both = set(dataset.outcome_years) & set(dataset.target_years)
    return sorted(y for y in both | set(dataset.status_years) if y < year)


def assess(dataset: Dataset, options: AssessmentOptions | None = None) -> Assessment:
    """Judge every indicator of `dataset` for its report year and every earlier year, once."""
    options = options or AssessmentOptions()
    year, tolerance, basis = dataset.report_year, options.trend_tolerance, options.trend_over
    indicators = dataset.indicators
    judgements = tuple(judge(indicator, year, tolerance, basis) for indicator in indicators)
    years = {earlier: tuple(judge_year(i, earlier, tolerance, basis,
                                       i.given_statuses.get(earlier), None)
                            for i in indicators)
             for earlier in judged_years(dataset)}
    before = years.get(year - 1)
    changes = (tuple(status_change(now.status, then.status)
                     for now, then in zip(judgements, before, strict=True))
               if before is not None else ())

    def status_as(indicator: Indicator, direction: Direction) -> Status:
        return status_under(indicator, year, direction)

    rule = options.goal_rule
    goal_judgements = goal_rules.judge_goals(dataset, [j.status for j in judgements], rule)
    problems = (*given_disagreements(dataset, judgements),
                *earlier_disagreements(dataset, years), *typed_changes(dataset, changes),
                *directions.direction_hints(dataset, status_as),
                *goal_rules.goal_disagreements(goal_judgements, rule, dataset.source.name))
    return Assessment(dataset, options, judgements, problems, years, changes, goal_judgements)


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


def earlier_disagreements(dataset: Dataset, years: Mapping[int, Sequence[Judgement]]
                          ) -> Iterator[Problem]:
    """A warning for each "Status <år>" given for an earlier year that the numbers of that
    year contradict (the given one is used)."""
    for year, judgements in years.items():
        for indicator, judgement in zip(dataset.indicators, judgements, strict=True):
            given, computed = indicator.given_statuses.get(year), judgement.computed_status
            if given is None or computed in (Status.NOT_ASSESSED, given):
                continue
            yield Problem(
                Severity.WARNING, indicator.location or Location(dataset.source.name),
                f"Status {year} says '{vocabulary.STATUS_LABELS[given]}' but the numbers of "
                f"{year} say '{vocabulary.STATUS_LABELS[computed]}'; the given status is "
                "used.", f"Check Status {year}, or empty the cell to let it be computed.")


def typed_changes(dataset: Dataset, changes: Sequence[StatusChange | None]
                  ) -> Iterator[Problem]:
    """A warning where a Statusförändring typed in the input (not a formula's result) says
    other than the statuses: the report computes it."""
    column = dataset.column(ColumnRole.STATUS_CHANGE)
    if column is None:
        return
    words = {label.casefold(): change for change, label
             in vocabulary.STATUS_CHANGE_LABELS.items()}
    for index, indicator in enumerate(dataset.indicators):
        typed = indicator.row_values.get(column.header)
        if not isinstance(typed, str) or not typed.strip():
            continue
        computed = changes[index] if changes else None
        if words.get(" ".join(typed.split()).casefold(), typed) == computed:
            continue
        shown = ("nothing" if computed is None
                 else f"'{vocabulary.STATUS_CHANGE_LABELS[computed]}'")
        yield Problem(
            Severity.WARNING, (indicator.location or Location(dataset.source.name)
                               ).with_column(column.header),
            f"{column.header} says '{typed.strip()}', but it is computed from the statuses "
            f"of {dataset.report_year} and {dataset.report_year - 1}, which give {shown}; "
            "the report shows what they give.",
            "Empty the cell; the report fills it in.", kind="typed-status-change")
