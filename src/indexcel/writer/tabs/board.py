"""A board's tab: its indicators grouped under their goals, with balls and arrows."""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from indexcel import theme
from indexcel.writer.context import Context
from indexcel.writer.plan import BoardTab
from indexcel.writer.rows import IndicatorRows, indicator_columns


def write_board(ctx: Context, sheet: Worksheet, tab: BoardTab) -> None:
    plan = ctx.plan
    rows = IndicatorRows(ctx, sheet, indicator_columns(ctx, tab.indices, with_board=False))
    row = ctx.title_block(sheet, tab.board)
    rows.header(row)
    by_goal: dict[str, list[int]] = {}
    for index in tab.indices:
        by_goal.setdefault(plan.indicators[index].goal.key, []).append(index)
    for goal in sorted((plan.indicators[indices[0]].goal for indices in by_goal.values()),
                       key=lambda g: g.sort_key):
        row += 1
        # The row's own format fills the band: one cell written instead of one per column.
        sheet.set_row(row, 20, ctx.styles.goal_heading)
        ctx.text(sheet, row, 0, theme.LABEL_GOAL_HEADING.format(goal=goal.text), False,
                 ctx.styles.goal_heading)
        for index in by_goal[goal.key]:
            row += 1
            rows.write(row, index)
            ctx.progress(1)
    rows.finish()
