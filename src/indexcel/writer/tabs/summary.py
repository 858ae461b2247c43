"""The summary (Sammanfattning): counts per goal and per board, as COUNTIFS formulas over whole
columns of the table, with totals and a chart of status per goal."""

from __future__ import annotations

from collections.abc import Sequence

from xlsxwriter.worksheet import Worksheet

from indexcel import theme, vocabulary
from indexcel.model import ColumnRole
from indexcel.writer import charts, counts, formulas
from indexcel.writer.context import Context
from indexcel.writer.tally import Counts

FIRST_GOAL_ROW = 5


def write_summary(ctx: Context, sheet: Worksheet) -> None:
    plan = ctx.plan
    ctx.title_block(sheet, theme.SHEET_SUMMARY)
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 60)
    statuses = len(plan.features.statuses)
    sheet.set_column(2, 2 + statuses, 12)
    sheet.set_column(3 + statuses, 3 + statuses, 14)
    goal_range = counts.table_column(ctx, ColumnRole.GOAL)
    board_range = counts.table_column(ctx, ColumnRole.BOARD)
    # LibreOffice does not wrap a hyperlink's text: a goal links its short number and has
    # its title as wrapped text beside it; a board's short name is the link itself.
    goals = [(tab.sheet, tab.goal.number or theme.LABEL_GO_TO, tab.goal.title,
              (goal_range, tab.goal.text), tab.counts) for tab in plan.goals]
    boards = [(tab.sheet, None, tab.board, (board_range, tab.board), tab.counts)
              for tab in plan.boards]
    goal_total = _count_block(ctx, sheet, FIRST_GOAL_ROW - 2, theme.LABEL_PER_GOAL,
                              [theme.LABEL_NUMBER, vocabulary.HEADER_GOAL], goals)
    # No repeated print header: the board table below has headings of its own.
    last = _count_block(ctx, sheet, goal_total + 3, theme.LABEL_PER_BOARD,
                        ["", vocabulary.HEADER_BOARD], boards)
    keys = counts.counted(ctx)
    chart = charts.status_bars(ctx.workbook, theme.SHEET_SUMMARY, FIRST_GOAL_ROW,
                               goal_total - 1, 0, 3, theme.LABEL_CHART_TITLE, keys)
    chart.set_size({"width": 760, "height": 80 + 24 * len(plan.goals)})
    described = ", ".join(h.lower() for h in counts.headers(ctx)[1:-1])
    sheet.insert_chart(last + 2, 1, chart, {
        "object_position": 3,
        "description": theme.CHART_DESCRIPTION.format(statuses=described)})


def _count_block(ctx: Context, sheet: Worksheet, row: int, heading: str, label_headers: list[str],
                 items: Sequence[tuple[str, str | None, str, tuple[str, str], Counts]]) -> int:
    """A heading, a header row, one row of counts per item, and a total row; returns the
    total row. An item: (sheet to link, link text in column A or None, text in column B,
    (range, text) to count on, cached Counts)."""
    s = ctx.styles
    ctx.text(sheet, row, 0, heading, False, s.heading)
    row += 1
    sheet.set_row(row, 28)
    for col, header in enumerate([*label_headers, *counts.headers(ctx)]):
        ctx.text(sheet, row, col, header, fmt=s.header)
    first = row + 1
    for target, link_text, text, (rng, key), item_counts in items:
        row += 1
        if link_text is None:
            ctx.link(sheet, row, 1, target, text, s.row_link)
        else:
            ctx.fit_row(sheet, row, [(text, 60)])
            ctx.link(sheet, row, 0, target, link_text, s.row_link)
            ctx.text(sheet, row, 1, text)
        counts.count_cells(ctx, sheet, row, 2, [(rng, formulas.exact_criterion(key))],
                           item_counts)
    counts.totals(ctx, sheet, row + 1, first, row, 2, [item[-1] for item in items])
    return row + 1
