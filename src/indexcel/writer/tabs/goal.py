"""A goal's tab: its title, its judgement (goal_judgement.py: the first thing a reader sees),
counts and a pie, then its indicators from every board, each board linked to the board's
tab."""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from indexcel import theme
from indexcel.model import ColumnRole
from indexcel.writer import charts, counts, formulas, layout
from indexcel.writer.context import Context
from indexcel.writer.plan import GoalTab
from indexcel.writer.rows import IndicatorRows, indicator_columns
from indexcel.writer.tabs.goal_judgement import JudgementBlock


def write_goal(ctx: Context, sheet: Worksheet, tab: GoalTab) -> None:
    s, plan = ctx.styles, ctx.plan
    cols = indicator_columns(ctx, tab.indices, with_board=True)
    rows = IndicatorRows(ctx, sheet, cols)
    row = 0
    for line in layout.split_title(tab.goal.text):
        ctx.text(sheet, row, 0, line, False, s.title)
        sheet.set_row(row, 24)
        row += 1
    # The counts stand under the number columns, the pie under the text columns, so that
    # nothing reaches beyond the table's width and the page prints full size.
    count_col = rows.kinds.index(ColumnRole.OUTCOME)
    block = JudgementBlock(ctx, tab, [c.width for c in cols])
    chart_row = row + len(block.rows()) + 3  # the block, the subtitle, the link, a blank row
    # Rows are written in order (a large tab streams them): the block refers ahead to the
    # row of counts under the chart's header row.
    row = block.write(sheet, row, counts.goal_cells(ctx, chart_row + 1, count_col))
    ctx.text(sheet, row, 0, ctx.subtitle, False, s.subtitle)
    ctx.link(sheet, row + 1, 0, theme.SHEET_GUIDE, theme.LABEL_BACK, s.link)
    row += 3
    assert row == chart_row
    sheet.set_row(row, 40)
    headers = counts.headers(ctx)
    for offset, header in enumerate(headers):
        ctx.text(sheet, row, count_col + offset, header, fmt=s.header)
    row += 1
    table_header_row = chart_row + layout.CHART_ROWS
    if plan.has_summary:
        criteria = [(counts.table_column(ctx, ColumnRole.GOAL),
                     formulas.exact_criterion(tab.goal.text))]
        counts.count_cells(ctx, sheet, row, count_col, criteria, tab.counts)
    else:
        # A board's own workbook has no table to count over: count its own balls.
        counts.own_counts(ctx, sheet, row, count_col, tab.counts,
                          rows.kinds.index(ColumnRole.STATUS), table_header_row + 1,
                          table_header_row + len(tab.indices))
    keys = counts.counted(ctx)
    chart = charts.status_pie(ctx.workbook, sheet.name, row - 1, row, count_col, keys)
    described = ", ".join(f"{getattr(tab.counts, key)} {header.lower()}"
                          for key, header in zip(keys, headers[1:-1], strict=True))
    sheet.insert_chart(chart_row, 0, chart, {
        "x_offset": 2, "y_offset": 2, "object_position": 3,
        "description": theme.GOAL_CHART_DESCRIPTION.format(goal=tab.goal.text,
                                                           counts=described)})
    row = table_header_row
    rows.header(row)
    for index in tab.indices:
        row += 1
        rows.write(row, index)
    rows.finish()

