"""Checks across the rows of a table, made once every row has been read."""

from __future__ import annotations

from collections.abc import Callable

from indexcel import rules, vocabulary
from indexcel.model import Dataset, Goal, Indicator, Severity, Status
from indexcel.reader.text import shorten as _shorten


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
        # that differ only in case are one board, under its first spelling.
        first_board = boards.setdefault(indicator.board.casefold(), indicator.board)
        if first_board != indicator.board:
            problem(
                Severity.WARNING, where,
                f"the board is written '{indicator.board}' here but '{first_board}' "
                "above; they are taken as one board, named as above.",
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
        if target is not None and outcome is None:
            problem(
                Severity.WARNING, where,
                f"there is a target for {year} but no outcome: the indicator is Ej bedömd.",
                f"Fill in Utfall {year} when the outcome is known.", kind="no-outcome",
            )
        if (
            outcome is not None and target is not None
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
