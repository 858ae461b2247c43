"""The input sheet staff keep, as data: its columns, its rows, the cells marked for review
and the notes on cells, and the goals' sheet beside it (Inriktningsmål: the judgements given
by hand and their reasons). `indexcel template`, `rollover`, `kolada` and `fill` make one;
writer/input_workbook.py writes it; the reader reads what staff then type into it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from indexcel import vocabulary
from indexcel.model import Column, ColumnRole, Dataset


@dataclass
class GoalInputSheet:
    """The sheet Inriktningsmål: its columns (GOAL, JUDGEMENT and MOTIVATION by year, EXTRA)
    and its rows, values by header."""

    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class InputSheet:
    year: int
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    # (row index, header) -> the note that explains why the cell is marked for review
    review: dict[tuple[int, str], str] = field(default_factory=dict)
    # (row index, header) -> a note on the cell that does not mark it (where a value came from)
    notes: dict[tuple[int, str], str] = field(default_factory=dict)
    file_hint: str = "indikatorer.xlsx"
    goals: GoalInputSheet | None = None  # the sheet Inriktningsmål, when there is one


def goal_columns(year: int) -> list[Column]:
    """The goals' sheet's columns for `year`: Inriktningsmål, Bedömning and Motivering."""
    return [Column(vocabulary.HEADER_GOAL, ColumnRole.GOAL),
            Column(vocabulary.HEADER_JUDGEMENT, ColumnRole.JUDGEMENT, year),
            Column(vocabulary.HEADER_MOTIVATION, ColumnRole.MOTIVATION, year)]


def goals_as_read(dataset: Dataset) -> GoalInputSheet | None:
    """The dataset's goals' sheet as it was read: every column and value as typed (a
    judgement that was a formula, as in the report's own table, is left for the rule)."""
    sheet = dataset.goal_sheet
    if sheet is None:
        return None
    return GoalInputSheet([Column(c.header, c.role, c.year) for c in sheet.columns],
                          [dict(row.row_values) for row in sheet.rows])


def standard_columns(year: int) -> list[Column]:
    """The headers the reader expects: three outcome years and the year's target."""
    return [
        Column(vocabulary.HEADER_GOAL, ColumnRole.GOAL),
        Column(vocabulary.HEADER_NAME, ColumnRole.NAME),
        Column(vocabulary.HEADER_BOARD, ColumnRole.BOARD),
        *[Column(vocabulary.HEADER_OUTCOME.format(year=y), ColumnRole.OUTCOME, y)
          for y in (year - 2, year - 1, year)],
        Column(vocabulary.HEADER_TARGET.format(year=year), ColumnRole.TARGET, year),
        Column(vocabulary.HEADER_DIRECTION, ColumnRole.DIRECTION),
        Column(vocabulary.HEADER_TOLERANCE, ColumnRole.TOLERANCE),
        Column(vocabulary.HEADER_PARTLY, ColumnRole.PARTLY),
        Column(vocabulary.HEADER_STATUS, ColumnRole.STATUS),
        Column(vocabulary.HEADER_TREND, ColumnRole.TREND),
        Column(vocabulary.HEADER_UNIT, ColumnRole.UNIT),
        Column(vocabulary.HEADER_COMMENT, ColumnRole.COMMENT),
    ]
