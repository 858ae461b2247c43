"""A goal's tab: its title, its judgement (goal_judgement.py: the first thing a reader sees),
counts and a pie, then its indicators from every board, each board linked to the board's
tab."""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from indexcel import theme
from indexcel.model import ColumnRole
from indexcel.writer import charts, counts, formulas, layout
from indexcel.writer.context import Context
from indexcel.writer.pages import Pages
from indexcel.writer.plan import GoalTab
from indexcel.writer.rows import IndicatorRows, indicator_columns
from indexcel.writer.tabs.goal_judgement import JudgementBlock

CHART_GAP = 9.0  # points between the pie and the table's header
DEFAULT_WIDTH = 8.43  # of a column not set


def write_goal(ctx: Context, sheet: Worksheet, tab: GoalTab) -> None:
    s, plan = ctx.styles, ctx.plan
    cols = indicator_columns(ctx, tab.indices, with_board=True)
    rows = IndicatorRows(ctx, sheet, cols)
    # The counts stand under the number columns, the pie under the text columns, so that
    # nothing reaches beyond the table's width and the page prints full size (but for a
    # table of few number columns, which the counts run past, in columns of the default
    # width). Older years' outcomes stand in hidden columns: the counts start after them.
    count_col = rows.first_number_col
    headers = counts.headers(ctx)
    last_col = max(len(cols), count_col + len(headers)) - 1
    widths = rows.widths + [DEFAULT_WIDTH] * (last_col + 1 - len(cols))
    pages = Pages(widths, first=1)
    row = ctx.title_block(sheet, tab.goal.text, pages,
                          sum(layout.column_points(w) for w in widths))
    # The judgement first, under the title; rows are written in order (a large tab streams
    # them), so the block refers ahead to the row of counts under the chart's header row.
    block = JudgementBlock(ctx, tab, [c.width for c in cols])
    chart_row = row + len(block.rows())
    row = block.write(sheet, row, counts.goal_cells(ctx, chart_row + 1, count_col), pages)
    assert row == chart_row
    header_height = counts.header_height(ctx, widths[count_col:])
    sheet.set_row(row, header_height)
    pages.row(row, header_height)
    for offset, header in enumerate(headers):
        ctx.text(sheet, row, count_col + offset, header, fmt=s.header_right)
    row += 1
    # The rows the pie stands on, as tall as it is: the table's header comes after.
    chart_height = charts.PIE_HEIGHT * layout.PIXEL + CHART_GAP
    spacer = layout.ROW_MINIMUM
    under = max(1, -(-(chart_height - header_height) // spacer))
    table_header_row = row + int(under)
    if plan.has_summary:
        criteria = [(counts.table_column(ctx, ColumnRole.GOAL),
                     formulas.exact_criterion(tab.goal.text))]
        counts.count_cells(ctx, sheet, row, count_col, criteria, tab.counts)
    else:
        # A board's own workbook has no table to count over: count its own balls.
        # rows.status_col: this year's ball (last year's small one may stand before it).
        counts.own_counts(ctx, sheet, row, count_col, tab.counts, counts.status_range(
            rows.status_col, table_header_row + 1, table_header_row + len(tab.indices)))
    sheet.set_row(row, spacer)  # the counts' row, then empty ones: rows go in order
    pages.row(row, spacer)
    for spacer_row in range(row + 1, table_header_row):
        ctx.spacer(sheet, spacer_row, spacer, pages)
    keys = counts.counted(ctx)
    chart = charts.status_pie(ctx.workbook, sheet.name, row - 1, row, count_col, keys,
                              [getattr(tab.counts, key) for key in keys])
    described = ", ".join(f"{getattr(tab.counts, key)} {header.lower()}"
                          for key, header in zip(keys, headers[1:-1], strict=True))
    sheet.insert_chart(chart_row, 0, chart, {
        "x_offset": 2, "y_offset": 2, "object_position": 3,
        "description": theme.GOAL_CHART_DESCRIPTION.format(goal=tab.goal.text,
                                                           counts=described)})
    row = table_header_row
    rows.header(row, pages)
    for index in tab.indices:
        row += 1
        rows.write(row, index)
    rows.finish()
    pages.setup(sheet, tab.goal.text, ctx.page_title, plan.title, last_col)
