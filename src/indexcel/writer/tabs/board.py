"""A board's tab: its indicators grouped under their goals, with balls and arrows."""

from __future__ import annotations

from dataclasses import dataclass, field

from xlsxwriter.worksheet import Worksheet

from indexcel import theme
from indexcel.model import ColumnRole
from indexcel.writer import layout
from indexcel.writer.context import Context
from indexcel.writer.pages import Pages
from indexcel.writer.plan import BoardTab
from indexcel.writer.rows import IndicatorRows, indicator_columns

HEADING_HEIGHT = 20.0  # a line of a goal's heading
KEEP_ROWS = 2  # a goal's heading stays on the page of its first rows, as many as this


@dataclass
class BoardRows:
    """Where a board's tab put its balls: their column, and each goal's first and last row
    (0-based), for a summary that counts them."""

    status_col: int
    goal_rows: dict[str, tuple[int, int]] = field(default_factory=dict)


def write_board(ctx: Context, sheet: Worksheet, tab: BoardTab) -> BoardRows:
    plan = ctx.plan
    rows = IndicatorRows(ctx, sheet, indicator_columns(ctx, tab.indices, with_board=False))
    pages = Pages(rows.widths, first=1)
    row = ctx.title_block(sheet, tab.board, pages, rows.width)
    rows.header(row, pages)
    placed = BoardRows(rows.kinds.index(ColumnRole.STATUS))
    by_goal: dict[str, list[int]] = {}
    for index in tab.indices:
        by_goal.setdefault(plan.indicators[index].goal.key, []).append(index)
    for goal in sorted((plan.indicators[indices[0]].goal for indices in by_goal.values()),
                       key=lambda g: g.sort_key):
        indices = by_goal[goal.key]
        row = goal_heading(ctx, sheet, row + 1, pages, rows.width,
                           theme.LABEL_GOAL_HEADING.format(goal=goal.text),
                           [rows.height(i) for i in indices[:KEEP_ROWS]])
        for index in indices:
            row += 1
            rows.write(row, index)
            ctx.progress(1)
        placed.goal_rows[goal.key] = (row - len(indices) + 1, row)
    rows.finish()
    pages.setup(sheet, tab.board, ctx.page_title, plan.title, len(rows.cols) - 1)
    return placed


def goal_heading(ctx: Context, sheet: Worksheet, row: int, pages: Pages, width: float, text: str,
                 following: list[float]) -> int:
    """A goal's heading from `row`, in as many lines as it takes in `width` points, kept on
    one page with the rows of `following` heights; returns its last row."""
    lines = layout.split_title(text, width - layout.CELL_MARGIN, layout.TEXT_SIZE)
    pages.keep(row, [HEADING_HEIGHT] * len(lines) + following)
    for line in lines:
        # The row's own format fills the band: one cell written instead of one per column.
        sheet.set_row(row, HEADING_HEIGHT, ctx.styles.goal_heading)
        ctx.text(sheet, row, 0, line, False, ctx.styles.goal_heading)
        pages.row(row, HEADING_HEIGHT)
        row += 1
    return row - 1
