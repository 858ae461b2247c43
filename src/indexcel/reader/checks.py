"""Checks across the rows of a table, made once every row has been read."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable

from indexcel import rules, vocabulary
from indexcel.model import Change, Dataset, Direction, Goal, Indicator, Measure, Severity, Status
from indexcel.reader.text import shorten as _shorten


def board_key(board: str) -> str:
    """What two spellings of one board share: case and Unicode normalisation (NFC) aside."""
    return unicodedata.normalize("NFC", board).casefold()


def check_across_rows(dataset: Dataset, tolerance: float, problem: Callable[..., None]) -> None:
    """Warnings that need more than one row, or the numbers of a whole row: the same board
    or goal spelt two ways, a row twice, a target without an outcome, percentages mixed with
    plain numbers, a given status or trend the numbers contradict."""
    year = dataset.report_year
    seen: dict[tuple, Indicator] = {}
    titles: dict[str, Goal] = {}
    boards: dict[str, str] = {}
    for indicator in dataset.indicators:
        where = indicator.location
        # Spreadsheets match text case-insensitively (COUNTIFS, sheet names): boards
        # that differ only in case are one board, under its first spelling. So are boards
        # that differ only in how a letter is typed (ö as one character, or as o and a
        # diaeresis: they look the same, and macOS takes them for one file name).
        first_board = boards.setdefault(board_key(indicator.board), indicator.board)
        if first_board != indicator.board:
            typed = (" (the same letters, typed as different characters, as when copied "
                     "from another program)" if first_board.casefold() !=
                     indicator.board.casefold() else "")
            problem(
                Severity.WARNING, where,
                f"the board is written '{indicator.board}' here but '{first_board}' "
                f"above{typed}; they are taken as one board, named as above.",
                "Write the board the same way on every row.",
            )
            indicator.board = first_board
        key = (indicator.goal.key, indicator.board.casefold(), indicator.name.casefold())
        if key in seen:
            problem(
                Severity.WARNING, where,
                f"'{_shorten(indicator.name)}' appears twice for {indicator.board} under "
                f"{indicator.goal.text} (also {seen[key].location.place}).",
                "Remove one of the rows if it is a copy; both are reported.",
            )
        else:
            seen[key] = indicator
        first = titles.setdefault(indicator.goal.key, indicator.goal)
        if first.text != indicator.goal.text:
            problem(
                Severity.WARNING, where,
                f"goal {indicator.goal.number} is written '{indicator.goal.text}' here but "
                f"'{first.text}' above; the report uses the first spelling.",
                "Write the goal the same way on every row.",
            )
            indicator.goal = first
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
    for indicator, judgement in zip(dataset.indicators, rules.judge_all(dataset, tolerance),
                                    strict=True):
        where = indicator.location
        computed = judgement.computed_status
        given = indicator.given_status
        if given is not None and computed not in (Status.NOT_ASSESSED, given):
            problem(
                Severity.WARNING, where,
                f"Status says '{vocabulary.STATUS_LABELS[given]}' but the numbers say "
                f"'{vocabulary.STATUS_LABELS[computed]}'; the given status is used.",
                "Check the status, or empty the cell to let it be computed.",
            )
        computed_trend = judgement.computed_trend
        given_trend = indicator.given_trend
        if given_trend is not None and computed_trend not in (None, given_trend):
            problem(
                Severity.WARNING, where,
                f"Trend says '{vocabulary.TREND_LABELS[given_trend]}' but the numbers say "
                f"'{vocabulary.TREND_LABELS[computed_trend]}'; the given trend is used.",
                "Check the trend, or empty the cell to let it be computed.",
            )


def check_limit(measure: Measure | None, where, header: str,
                problem: Callable[..., None]) -> None:
    """A Tolerans or Delvis is a distance: a negative one is an error naming the cell."""
    if measure is not None and measure.value < 0:
        problem(Severity.ERROR, where, f"{header} is negative ({measure.value:g}); it is how "
                "far from the target still counts, a distance.",
                f"Write {header} without a minus sign, or leave it empty.")


def check_row_rules(indicator: Indicator, fields: dict, year: int, has_previous: bool,
                    problem: Callable[..., None]) -> None:
    """The row's Tolerans, Delvis and target word against the rules, each a warning naming
    its cell: a limit in percent on plain numbers or plain on percentages, a Delvis no larger
    than Tolerans (partly met never happens), a Delvis beside Öka or Minska, a Riktning that
    contradicts Öka or Minska, and Öka or Minska without last year's outcome column."""
    target = indicator.targets.get(year)
    if indicator.tolerance is None and indicator.partly is None and (
            target.__class__ is not Change):
        return  # most rows: nothing to check
    tolerance, tolerance_at = fields.get("tolerance", (None, None))
    partly, partly_at = fields.get("partly", (None, None))
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


def _check_change(indicator: Indicator, target: Change, fields: dict, year: int,
                  has_previous: bool, problem: Callable[..., None]) -> None:
    word = vocabulary.CHANGE_LABELS[target]
    if not has_previous:
        problem(Severity.WARNING, indicator.location,
                f"the target for {year} is '{word}', but there is no column "
                f"'Utfall {year - 1}' to compare with: the indicator is Ej bedömd.",
                f"Add the column Utfall {year - 1}, or give a number as target.",
                kind="change-without-previous")
    if indicator.partly is not None:
        problem(Severity.WARNING, fields["partly"][1],
                f"Delvis does not apply to a target that is a direction ('{word}').",
                "Empty the cell, or give a number as target.")
    wanted = (Direction.HIGHER_IS_BETTER if target is Change.INCREASE
              else Direction.LOWER_IS_BETTER)
    if "direction" in fields and fields["direction"][0] and indicator.direction is not wanted:
        problem(Severity.WARNING, fields["direction"][1],
                f"Riktning says '{vocabulary.DIRECTION_LABELS[indicator.direction]}' but "
                f"the target is '{word}': the target decides the status; Riktning only "
                "colours the arrows.", "Make the two agree, or empty Riktning.")


def _row_percent(indicator: Indicator, year: int) -> bool | None:
    """Whether the row's values for `year` (and the year before) are percentages; None when
    it has none to tell by."""
    values = [indicator.outcome(year), indicator.outcome(year - 1), indicator.target(year)]
    present = [m for m in values if isinstance(m, Measure) and m.value]
    return any(m.percent for m in present) if present else None


def _check_differences(indicator: Indicator, year: int, problem: Callable[..., None]) -> None:
    """Each number fits a cell, but the formulas subtract them: a difference beyond what a
    double holds would be #NUM! in Excel and no judgement at all."""
    values = [m.value for m in (indicator.outcome(year), indicator.outcome(year - 1),
                                indicator.target(year), indicator.tolerance, indicator.partly)
              if isinstance(m, Measure)]
    if values and max(map(abs, values)) > 1e307 and not all(
            math.isfinite(a - b) for a in values for b in values):
        problem(Severity.ERROR, indicator.location,
                f"the {year} outcome, target and limits are so far apart that their "
                "difference is beyond what Excel can compute.",
                "Check the numbers: one of them is probably mistyped.")
