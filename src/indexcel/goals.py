"""The goals' judgements: is each inriktningsmål met?

A goal is judged over its indicators (every board's), counting those assessed (met, partly
met, not met):

- *Ej bedömt* when fewer than `GoalRule.assessed` (default 50 %) of the goal's indicators
  are assessed; a goal needs at least one assessed indicator;
- else *Uppfyllt* when met ÷ assessed ≥ `GoalRule.met` (default 75 %);
- else *Delvis uppfyllt* when (met + partly met) ÷ assessed ≥ `GoalRule.partly` (default
  50 %);
- else *Ej uppfyllt*.

Shares are never divided out: counts are integers and thresholds Fractions, compared by
cross-multiplying (met · q ≥ p · assessed for a threshold p/q), here and in the workbook's
formulas (writer/goal_formulas.py) alike, so that 3 of 4 met is 75 % and meets a 75 % rule
exactly. A judgement given by hand (the `Bedömning` of the input's `Inriktningsmål` sheet)
wins; `goal_disagreements` warns where the rule says otherwise.

`judge_goal` is a function of a goal's indicator statuses (and the judgement given), so it
applies to any year's statuses; `judge_goals` applies it to a dataset's goals for the report
year. The words (Uppfyllt, …) are vocabulary.py's; a judgement is one of the four Status
members, as an indicator's status is, shown with the same balls.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import TypeAlias

from indexcel import vocabulary
from indexcel.errors import OptionError
from indexcel.model import Dataset, Goal, GoalRow, Location, Problem, Severity, Status

# A share as the library and the command line take it: 75, "75 %", "0,75", 0.75, Fraction(3, 4).
Share: TypeAlias = Fraction | Decimal | int | float | str

# The thresholds' option names on the command line, for messages.
OPTIONS = {"assessed": "--goal-assessed", "met": "--goal-met", "partly": "--goal-partly"}


class GoalRuleError(OptionError, ValueError):
    """A threshold of the goal rule that cannot be used (not a share of 0–100 %, or
    partly above met). An OptionError for the command line (exit 2), and a ValueError, as
    AssessmentOptions' other checks raise."""


def share(value: Share, name: str = "met") -> Fraction:
    """`value` as an exact Fraction of 0 to 1: a number with '%', or above 1, is a
    percentage (75, "75 %"); one of 1 or less without '%' is a fraction ("0,75", 0.75). So
    1 is 100 %; "1 %" is one per cent. Raises GoalRuleError naming the option `name`."""
    option = OPTIONS.get(name, name)
    if isinstance(value, bool) or not isinstance(value, (Fraction, Decimal, int, float, str)):
        raise GoalRuleError(option, f"{value!r} is not a share.",
                            "Give a percentage such as 75, 75 % or 0.75.")
    percent = False
    if isinstance(value, str):
        text = value.strip().replace("\u00a0", " ").replace("\u2212", "-")
        percent = text.endswith("%")
        text = text.removesuffix("%").strip().replace(",", ".")
        try:
            number = Fraction(Decimal(text))
        except (InvalidOperation, ValueError, OverflowError):
            raise GoalRuleError(option, f"'{value}' is not a share.",
                                "Give a percentage such as 75, 75 % or 0.75.") from None
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise GoalRuleError(option, f"{value!r} is not a share.",
                                "Give a percentage such as 75, 75 % or 0.75.")
        number = Fraction(repr(value))  # 0.7 is 7/10, as written, not the binary value below it
    else:
        if isinstance(value, Decimal) and not value.is_finite():
            raise GoalRuleError(option, f"{value!r} is not a share.",
                                "Give a percentage such as 75, 75 % or 0.75.")
        number = Fraction(value)
    if percent or number > 1:
        number /= 100
    if not 0 <= number <= 1:
        raise GoalRuleError(option, f"'{value}' is not a share between 0 and 100 %.",
                            "Give a percentage such as 75, 75 % or 0.75.")
    return number


def percent_text(value: Fraction) -> str:
    """A share as Swedish writes a percentage: '75 %', '66,7 %' (at most one decimal)."""
    hundredths = value * 100
    if hundredths.denominator == 1:
        return f"{hundredths.numerator} %"
    text = f"{float(hundredths):.1f}".replace(".", ",")
    return f"{text} %"


def at_least(count: int, of: int, threshold: Fraction) -> bool:
    """count ÷ of ≥ threshold, exactly (cross-multiplied; `of` is positive)."""
    return count * threshold.denominator >= threshold.numerator * of


@dataclass(frozen=True)
class GoalRule:
    """The thresholds of the goal rule, as exact shares (Fractions of 0 to 1)."""

    assessed: Fraction = Fraction(1, 2)  # of the goal's indicators, for it to be judged
    met: Fraction = Fraction(3, 4)  # of those assessed met: Uppfyllt
    partly: Fraction = Fraction(1, 2)  # of those assessed met or partly met: Delvis uppfyllt

    def __post_init__(self) -> None:
        for name in ("assessed", "met", "partly"):
            object.__setattr__(self, name, share(getattr(self, name), name))
        if self.partly > self.met:
            raise GoalRuleError(
                OPTIONS["partly"],
                f"the share for Delvis uppfyllt ({percent_text(self.partly)}) is above the "
                f"share for Uppfyllt ({OPTIONS['met']}, {percent_text(self.met)}): a goal "
                "would be met before it is partly met.",
                f"Give {OPTIONS['partly']} a share no larger than {OPTIONS['met']}.")

    def verdict(self, indicators: int, met: int, partly_met: int, not_met: int) -> Status:
        """The judgement the rule gives a goal with these counts of its indicators."""
        assessed = met + partly_met + not_met
        if assessed == 0 or not at_least(assessed, indicators, self.assessed):
            return Status.NOT_ASSESSED
        if at_least(met, assessed, self.met):
            return Status.MET
        if at_least(met + partly_met, assessed, self.partly):
            return Status.PARTLY_MET
        return Status.NOT_MET


@dataclass(frozen=True)
class GoalJudgement:
    """One goal's judgement: the counts it rests on, what the rule says, the judgement given
    by hand (if any, which wins) and the controller's reasons (Motivering)."""

    goal: Goal
    indicators: int  # all the goal's indicators (in a board's workbook: that board's)
    met: int
    partly_met: int
    not_met: int
    not_assessed: int
    computed: Status  # what the rule says
    given: Status | None = None  # the Bedömning typed in the Inriktningsmål sheet
    motivation: str | None = None  # the Motivering typed there
    # The Bedömning cell of the goal's row (or the row), for messages; None when not given.
    location: Location | None = field(default=None, compare=False)

    @property
    def judgement(self) -> Status:
        """The judgement shown: the given one, else the rule's."""
        return self.given if self.given is not None else self.computed

    @property
    def is_given(self) -> bool:
        return self.given is not None

    @property
    def assessed(self) -> int:
        return self.met + self.partly_met + self.not_met

    @property
    def share_met(self) -> Fraction | None:
        """Met of the assessed, exactly; None when none is assessed."""
        return Fraction(self.met, self.assessed) if self.assessed else None


def count(statuses: Iterable[Status]) -> dict[Status, int]:
    """How many of each status."""
    counts = dict.fromkeys(Status, 0)
    for status in statuses:
        counts[status] += 1
    return counts


def judge_goal(goal: Goal, statuses: Iterable[Status], rule: GoalRule | None = None,
               given: Status | None = None, motivation: str | None = None,
               location: Location | None = None) -> GoalJudgement:
    """The judgement of `goal` over the statuses of its indicators (any year's), with the
    judgement given by hand, if any."""
    rule = rule or GoalRule()
    counts = count(statuses)
    met, partly, not_met = counts[Status.MET], counts[Status.PARTLY_MET], counts[Status.NOT_MET]
    indicators = sum(counts.values())
    return GoalJudgement(goal, indicators, met, partly, not_met, counts[Status.NOT_ASSESSED],
                         rule.verdict(indicators, met, partly, not_met), given,
                         motivation or None, location)


def judge_goals(dataset: Dataset, statuses: Sequence[Status], rule: GoalRule | None = None,
                *, given: bool = True) -> tuple[GoalJudgement, ...]:
    """One judgement per goal of `dataset` (in the order of `dataset.goals`), over
    `statuses` (one per indicator, in the order of `dataset.indicators`). `given`: whether the
    judgements and reasons of the dataset's Inriktningsmål sheet apply (not to a board's own
    workbook, whose goals are judged over that board's indicators alone)."""
    if len(statuses) != len(dataset.indicators):
        raise ValueError(f"{len(statuses)} statuses for {len(dataset.indicators)} indicators")
    by_goal: dict[str, list[Status]] = {}
    for indicator, status in zip(dataset.indicators, statuses, strict=True):
        by_goal.setdefault(indicator.goal.key, []).append(status)
    rows = rows_by_key(dataset) if given else {}
    year = dataset.report_year
    judgements = []
    for goal in dataset.goals:
        row = rows.get(goal.key)
        typed = row.given_for(year) if row is not None else None
        judgements.append(judge_goal(
            goal, by_goal.get(goal.key, ()), rule, typed,
            row.motivation_for(year) if row is not None else None,
            (row.judgement_cells.get(year) or row.location) if row is not None else None))
    return tuple(judgements)


def rows_by_key(dataset: Dataset) -> Mapping[str, GoalRow]:
    """The rows of the dataset's Inriktningsmål sheet by their goal's key."""
    sheet = dataset.goal_sheet
    return {} if sheet is None else {row.goal.key: row for row in sheet.rows}


def goal_disagreements(judgements: Iterable[GoalJudgement], rule: GoalRule,
                       file: str) -> Iterator[Problem]:
    """A warning for each judgement given by hand that the rule contradicts (the given one
    is used). A goal the rule cannot judge (too few indicators assessed) may be judged by
    hand without one."""
    for judgement in judgements:
        given, computed = judgement.given, judgement.computed
        if given is None or computed in (Status.NOT_ASSESSED, given):
            continue
        labels = vocabulary.GOAL_JUDGEMENT_LABELS
        yield Problem(
            Severity.WARNING, judgement.location or Location(file),
            f"goal {judgement.goal.number or repr(judgement.goal.title)}: Bedömning says "
            f"'{labels[given]}' but the rule says '{labels[computed]}' ({_counts(judgement)}; "
            f"{labels[Status.MET]} needs {percent_text(rule.met)} met, "
            f"{labels[Status.PARTLY_MET]} {percent_text(rule.partly)} met or partly met); "
            "the given judgement is used.",
            "Check the judgement and give the reasons in Motivering, or empty the cell to let "
            "the rule decide.")


def _counts(judgement: GoalJudgement) -> str:
    parts = [f"{judgement.assessed} of {judgement.indicators} indicators assessed",
             f"{judgement.met} met"]
    if judgement.partly_met:
        parts.append(f"{judgement.partly_met} partly met")
    return ", ".join(parts)
