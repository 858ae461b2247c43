"""Checks across the rows of a table, made once every row has been read."""

from __future__ import annotations

import math
from typing import Any

from indexcel import vocabulary
from indexcel.model import (
    Change,
    ColumnRole,
    Direction,
    Indicator,
    Location,
    Measure,
    Severity,
    shorten,
)
from indexcel.reader.rows import Report, Where

# A row's Tolerans, Delvis, Riktning ... as read, by role: (value, where it stands).
Fields = dict[ColumnRole, tuple[Any, Where]]


def check_across_rows(indicators: list[Indicator], year: int,
                      problem: Report) -> None:
    """Warnings that need more than one row, or the numbers of a whole row: a row twice, a
    target without an outcome, percentages mixed with plain numbers, differences beyond a
    double. (Boards and goals are one spelling each by now: table.py unifies them.)"""
    seen: dict[tuple[str, str, str], Indicator] = {}
    for indicator in indicators:
        where = _row(indicator)
        key = (indicator.goal.key, indicator.board.casefold(), indicator.name.casefold())
        first = seen.setdefault(key, indicator)
        if first is not indicator:
            problem(
                Severity.WARNING, where,
                f"'{shorten(indicator.name)}' appears twice for {indicator.board} under "
                f"{indicator.goal.text} (also {_place(first)}).",
                "Remove one of the rows if it is a copy; both are reported.",
            )
        outcome, target = indicator.outcome(year), indicator.target(year)
        _check_differences(indicator, year, problem)
        if target is not None and outcome is None:
            problem(
                Severity.WARNING, where,
                f"there is a target for {year} but no outcome: the indicator is Ej bedömd.",
                f"Fill in Utfall {year} when the outcome is known.", kind="no-outcome",
            )
        if (
            outcome is not None and isinstance(target, Measure)
            and outcome.percent != target.percent and outcome.value and target.value
        ):
            pct, plain = (outcome, target) if outcome.percent else (target, outcome)
            problem(
                Severity.WARNING, where,
                f"the {year} outcome and target mix a percentage ({pct.value:.4g} as a "
                f"fraction) and a plain number ({plain.value:g}); the comparison may be "
                "wrong.",
                "Write both as percentages (75 %) or both as plain numbers.",
            )


def _row(indicator: Indicator) -> Location:
    """The indicator's row: the reader's indicators have one."""
    assert indicator.location is not None
    return indicator.location


def _place(indicator: Indicator) -> str:
    return _row(indicator).place


def check_limit(measure: Measure | None, where: Where, header: str, problem: Report) -> None:
    """A Tolerans or Delvis is a distance: a negative one is an error naming the cell."""
    if measure is not None and measure.value < 0:
        problem(Severity.ERROR, where, f"{header} is negative ({measure.value:g}); it is how "
                "far from the target still counts, a distance.",
                f"Write {header} without a minus sign, or leave it empty.")


def check_row_rules(indicator: Indicator, fields: Fields, year: int, has_previous: bool,
                    problem: Report) -> None:
    """The row's Tolerans, Delvis and target word against the rules, each a warning naming
    its cell: a limit in percent on plain numbers or plain on percentages, a Delvis no larger
    than Tolerans (partly met never happens), a Delvis beside Öka or Minska, a Riktning that
    contradicts Öka or Minska, and Öka or Minska without last year's outcome column."""
    target = indicator.targets.get(year)
    if indicator.tolerance is None and indicator.partly is None and (
            target.__class__ is not Change):
        return  # most rows: nothing to check
    row = _row(indicator)
    tolerance, tolerance_at = fields.get(ColumnRole.TOLERANCE, (None, row))
    partly, partly_at = fields.get(ColumnRole.PARTLY, (None, row))
    percent = _row_percent(indicator, year)
    for measure, at, header in ((tolerance, tolerance_at, vocabulary.HEADER_TOLERANCE),
                                (partly, partly_at, vocabulary.HEADER_PARTLY)):
        if measure is None or not measure.value or percent is None:
            continue
        if measure.percent and not percent:
            problem(Severity.WARNING, at,
                    f"{header} is a percentage ({measure.value:.4g} as a fraction) but the "
                    "indicator's values are plain numbers: 1 % is 0,01 of their unit.",
                    f"Write {header} in the indicator's own unit, for instance 2 for two days.")
        elif not measure.percent and percent:
            problem(Severity.WARNING, at,
                    f"{header} is a plain number ({measure.value:g}) but the indicator's values "
                    f"are percentages: it counts as {measure.value * 100:g} percentage points.",
                    f"Write {header} with a percent sign, for instance 1 % for one point.")
    if isinstance(target, Change):
        _check_change(indicator, target, fields, year, has_previous, problem)
        return
    if (tolerance is not None and partly is not None and tolerance.value >= 0
            and partly.value <= tolerance.value):
        problem(Severity.WARNING, partly_at,
                f"Delvis ({partly.value:g}) is not larger than Tolerans ({tolerance.value:g}): "
                "the indicator is met before it could be partly met, so it never is.",
                "Make Delvis larger than Tolerans, or empty it.")


def _check_change(indicator: Indicator, target: Change, fields: Fields, year: int,
                  has_previous: bool, problem: Report) -> None:
    word = vocabulary.CHANGE_LABELS[target]
    if not has_previous:
        problem(Severity.WARNING, _row(indicator),
                f"the target for {year} is '{word}', but there is no column "
                f"'Utfall {year - 1}' to compare with: the indicator is Ej bedömd.",
                f"Add the column Utfall {year - 1}, or give a number as target.",
                kind="change-without-previous")
    if indicator.partly is not None:
        problem(Severity.WARNING, fields[ColumnRole.PARTLY][1],
                f"Delvis does not apply to a target that is a direction ('{word}').",
                "Empty the cell, or give a number as target.")
    wanted = (Direction.HIGHER_IS_BETTER if target is Change.INCREASE
              else Direction.LOWER_IS_BETTER)
    given = fields.get(ColumnRole.DIRECTION)
    if given is not None and given[0] and indicator.direction is not wanted:
        problem(Severity.WARNING, given[1],
                f"Riktning says '{vocabulary.DIRECTION_LABELS[indicator.direction]}' but "
                f"the target is '{word}': the target decides the status; Riktning only "
                "colours the arrows.", "Make the two agree, or empty Riktning.")


def _row_percent(indicator: Indicator, year: int) -> bool | None:
    """Whether the row's values for `year` (and the year before) are percentages; None when
    it has none to tell by."""
    values = [indicator.outcome(year), indicator.outcome(year - 1), indicator.target(year)]
    present = [m for m in values if isinstance(m, Measure) and m.value]
    return any(m.percent for m in present) if present else None


def _check_differences(indicator: Indicator, year: int, problem: Report) -> None:
    """Each number fits a cell, but the formulas subtract them: a difference beyond what a
    double holds would be #NUM! in Excel and no judgement at all."""
    values = [m.value for m in (indicator.outcome(year), indicator.outcome(year - 1),
                                indicator.target(year), indicator.tolerance, indicator.partly)
              if isinstance(m, Measure)]
    if values and max(map(abs, values)) > 1e307 and not all(
            math.isfinite(a - b) for a in values for b in values):
        problem(Severity.ERROR, _row(indicator),
                f"the {year} outcome, target and limits are so far apart that their "
                "difference is beyond what Excel can compute.",
                "Check the numbers: one of them is probably mistyped.")
