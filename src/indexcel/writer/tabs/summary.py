"""The summary (Sammanfattning): a headline of the goals' judgements, counts per goal (with
its judgement, a ball and its word) and per board with totals, and a chart of status per goal.

In the report the counts are COUNTIFS formulas over whole columns of the table; in a board's
own workbook, where the file opens on it, COUNTIF over the board's own balls on its tab, so
that its total row is the report's row of the board.

A table is printed whole on one page where it fits one; a longer one starts where its
heading, header and first rows fit, and every page it runs on to starts with its header
again. The chart is one per page of goals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from indexcel import sentences, theme, vocabulary
from indexcel.goals import GoalJudgement
from indexcel.model import ColumnRole, Status
from indexcel.writer import (
    changes,
    charts,
    conditional,
    counts,
    formulas,
    goal_formulas,
    layout,
)
from indexcel.writer.context import Context
from indexcel.writer.pages import Pages
from indexcel.writer.plan import BoardTab
from indexcel.writer.tabs.board import BoardRows
from indexcel.writer.tally import Counts

TEXT_WIDTH = 72
COUNT_WIDTH = 11
SHARE_WIDTH = 14
HEADING_HEIGHT = 21.0  # "Per inriktningsmål", 12 pt
KEEP_ROWS = 2  # a table's heading and header stay with at least this many of its rows
CHART_WIDTH = 760  # pixels
CHART_FRAME, CHART_BAR = 80, 24  # pixels: the chart's title, axis and legend; one goal
CHART_GAP = 12.0  # points after a chart
BALL_WIDTH, WORD_WIDTH = 4, 16  # a goal's judgement: its ball and its word
HEADLINE_HEIGHT = 22.0  # 14 pt


# Writes a row of counts: (ctx, sheet, row, first count column).
Count = Callable[[Context, Worksheet, int, int], None]


@dataclass(frozen=True)
class Item:
    """A row of counts: the tab it links to, the link's text in column A (a goal's number;
    None: the text in column B is the link), its text, and how it counts."""

    target: str
    number: str | None
    text: str
    counts: Counts
    count: Count
    judgement: GoalJudgement | None = None  # a goal's: its ball and word end its row
    # Improved, unchanged, worsened against last year (cached) and how they are counted,
    # where the summary counts Statusförändring.
    changes: list[int] | None = None
    count_changes: Count | None = None


@dataclass(frozen=True)
class Table:
    """Where a table of counts stands: its header row, and its items' rows in runs that
    stand on one page each."""

    header_row: int
    runs: list[list[int]]


def write_summary(ctx: Context, sheet: Worksheet) -> None:
    """The report's summary: per goal and per board, over the table of all indicators."""
    plan = ctx.plan
    goal_range = counts.table_column(ctx, ColumnRole.GOAL)
    board_range = counts.table_column(ctx, ColumnRole.BOARD)

    with_changes = changes.shown(ctx)

    def over_table(rng: str, key: str, cached: Counts) -> Count:
        criteria = [(rng, formulas.exact_criterion(key))]

        def count(c: Context, s: Worksheet, row: int, col: int) -> None:
            counts.count_cells(c, s, row, col, criteria, cached)
        return count

    def change_counts(rng: str, key: str, indices: list[int]) -> dict[str, Any]:
        if not with_changes:
            return {}
        criteria = [(rng, formulas.exact_criterion(key))]
        cached = changes.tally(plan.assessment.changes, indices)

        def count(c: Context, s: Worksheet, row: int, col: int) -> None:
            changes.count_cells(c, s, row, col, criteria, cached)
        return {"changes": cached, "count_changes": count}

    goals = [Item(tab.sheet, tab.goal.number or theme.LABEL_GO_TO, tab.goal.title, tab.counts,
                  over_table(goal_range, tab.goal.text, tab.counts), tab.judgement,
                  **change_counts(goal_range, tab.goal.text, tab.indices))
             for tab in plan.goals]
    boards = [Item(tab.sheet, None, tab.board, tab.counts,
                   over_table(board_range, tab.board, tab.counts),
                   **change_counts(board_range, tab.board, tab.indices))
              for tab in plan.boards]
    _write(ctx, sheet, theme.SHEET_SUMMARY, goals, boards)


def write_board_summary(ctx: Context, sheet: Worksheet, tab: BoardTab, board: BoardRows) -> None:
    """A board's own workbook's summary: its counts per goal, over its own balls on its tab,
    with the board's total."""
    def over_own_balls(rng: str, cached: Counts) -> Count:
        def count(c: Context, s: Worksheet, row: int, col: int) -> None:
            counts.own_counts(c, s, row, col, cached, rng)
        return count

    goals = []
    for goal_tab in ctx.plan.goals:
        first, last = board.goal_rows[goal_tab.goal.key]
        rng = counts.status_range(board.status_col, first, last, tab.sheet)
        goals.append(Item(goal_tab.sheet, goal_tab.goal.number or theme.LABEL_GO_TO,
                          goal_tab.goal.title, goal_tab.counts,
                          over_own_balls(rng, goal_tab.counts), goal_tab.judgement))
    _write(ctx, sheet, theme.BOARD_SUMMARY_HEADING.format(board=tab.board), goals, None)


def _write(ctx: Context, sheet: Worksheet, heading: str, goals: list[Item],
           boards: list[Item] | None) -> None:
    plan = ctx.plan
    statuses = len(plan.features.statuses)
    widths = [6, TEXT_WIDTH, *[COUNT_WIDTH] * (statuses + 1), SHARE_WIDTH]
    if any(item.changes is not None for item in goals):
        widths += [changes.WIDTH] * len(changes.ORDER)
    if goals:  # the judgement last: the headline counts its words in the last column
        widths += [BALL_WIDTH, WORD_WIDTH]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    pages = Pages(widths, first=1)
    row = ctx.title_block(sheet, heading, pages, sum(map(layout.column_points, widths)))
    if goals:
        # The goal table's rows come after the headline (rows are written in order): its
        # goals stand from three rows below, at most one repeated header per goal among them.
        first_goal = row + 4
        _headline(ctx, sheet, pages, row, len(widths) - 1, first_goal,
                  first_goal + 2 * len(goals) - 1, [item.judgement for item in goals])
        row += 2
    goal_table, row = _count_table(ctx, sheet, pages, row, theme.LABEL_PER_GOAL,
                                  [theme.LABEL_NUMBER, vocabulary.HEADER_GOAL], goals)
    if boards is not None:
        _, row = _count_table(ctx, sheet, pages, row + 2, theme.LABEL_PER_BOARD,
                              ["", vocabulary.HEADER_BOARD], boards)
    row = _charts(ctx, sheet, pages, row + 2, goal_table)
    pages.setup(sheet, heading, ctx.page_title, plan.title, len(widths) - 1)


def _count_table(ctx: Context, sheet: Worksheet, pages: Pages, row: int, heading: str,
                 label_headers: list[str], items: list[Item]) -> tuple[Table, int]:
    """A heading, a header row, a row of counts per item and a total row, from `row`.
    Returns where its rows are, and its total row."""
    s = ctx.styles
    judged = bool(items) and all(item.judgement is not None for item in items)
    headers = [*label_headers, *counts.headers(ctx)]
    change_col = len(headers)
    with_changes = bool(items) and all(item.changes is not None for item in items)
    if with_changes:
        headers += changes.headers()
    ball_col = numbers_end = len(headers)
    if judged:
        headers += ["", theme.LABEL_JUDGEMENT]
    header_height = counts.header_height(ctx, COUNT_WIDTH)
    heights = [layout.height([(item.text, TEXT_WIDTH)]) for item in items]
    total_height = layout.ROW_MINIMUM
    block = [HEADING_HEIGHT, header_height, *heights, total_height]
    pages.keep_table(row, block, 2 + KEEP_ROWS if len(items) > KEEP_ROWS else len(block))
    ctx.text(sheet, row, 0, heading, False, s.heading)
    sheet.set_row(row, HEADING_HEIGHT)
    pages.row(row, HEADING_HEIGHT)
    row += 1

    def header(at: int, continued: bool) -> None:
        sheet.set_row(at, header_height)
        pages.row(at, header_height)
        for col, text in enumerate(headers):
            if continued and col == 1:
                text += theme.LABEL_CONTINUED
            # Numbers' headers stand right, as their numbers; the judgement's word left.
            fmt = s.header_right if 2 <= col < numbers_end else s.header
            ctx.text(sheet, at, col, text, fmt=fmt)

    header(row, False)
    header_row, first = row, row + 1
    runs: list[list[int]] = [[]]
    for n, (item, height) in enumerate(zip(items, heights, strict=True)):
        row += 1
        need = [height, total_height] if n == len(items) - 1 else [height]
        if runs[-1] and not pages.fits(row, need):
            pages.page_break(row)
            header(row, True)
            runs.append([])
            row += 1
        sheet.set_row(row, height)
        pages.row(row, height)
        if item.number is None:
            ctx.link(sheet, row, 1, item.target, item.text, s.row_link)
        else:
            # LibreOffice does not wrap a link's text: a goal links its short number and has
            # its title as wrapped text beside it.
            ctx.link(sheet, row, 0, item.target, item.number, s.row_link)
            ctx.text(sheet, row, 1, item.text)
        item.count(ctx, sheet, row, 2)
        if item.count_changes is not None:
            item.count_changes(ctx, sheet, row, change_col)
        if item.judgement is not None and judged:
            _judgement(ctx, sheet, row, 2, ball_col, item.judgement)
        runs[-1].append(row)
    if judged:
        _judgement_colours(ctx, sheet, first, row, ball_col)
    row += 1
    counts.totals(ctx, sheet, row, first, row - 1, 2, [item.counts for item in items])
    if with_changes:
        changes.totals(ctx, sheet, row, first, row - 1, change_col,
                       [item.changes for item in items if item.changes is not None])
    sheet.set_row(row, total_height)
    pages.row(row, total_height)
    return Table(header_row, runs), row


def _judgement(ctx: Context, sheet: Worksheet, row: int, col: int, ball_col: int,
               judgement: GoalJudgement) -> None:
    """A goal's ball and word from `ball_col`, of its row of counts from `col`: given by
    hand, or the rule's over those counts."""
    s = ctx.styles
    cells = counts.goal_cells(ctx, row, col)
    word = goal_formulas.WORDS[judgement.judgement]
    ctx.formula(sheet, row, ball_col, goal_formulas.ball(xl_rowcol_to_cell(row, ball_col + 1)),
                s.glyph, theme.STATUS_GLYPHS[judgement.judgement])
    if judgement.is_given:
        ctx.text(sheet, row, ball_col + 1, word, False, s.word)
    else:
        ctx.formula(sheet, row, ball_col + 1, goal_formulas.judgement(cells, ctx.plan.goal_rule),
                    s.word, word)


def _judgement_colours(ctx: Context, sheet: Worksheet, first: int, last: int,
                       ball_col: int) -> None:
    """The goals' balls and words, rows `first` to `last`, in their judgements' colours."""
    s = ctx.styles
    conditional.glyph_colours(sheet, s, first, last, ball_col, list(Status))
    for status in Status:
        sheet.conditional_format(first, ball_col + 1, last, ball_col + 1, {
            "type": "cell", "criteria": "==",
            "value": sentences.literal(goal_formulas.WORDS[status]),
            "format": s.colour[status.value]})


def _headline(ctx: Context, sheet: Worksheet, pages: Pages, row: int, word_col: int,
              first: int, last: int, judgements: list[GoalJudgement | None]) -> None:
    """'4 av 19 inriktningsmål uppfyllda, 6 delvis, 8 ej, 1 ej bedömt', counted over the
    goals' words in rows `first` to `last` (a repeated header among them is no word)."""
    letter = xl_col_to_name(word_col)
    words = f"${letter}${first + 1}:${letter}${last + 1}"
    refs = {status.value: f"COUNTIF({words},{sentences.literal(goal_formulas.WORDS[status])})"
            for status in Status}
    refs["goals"] = "(" + "+".join(refs[status.value] for status in Status) + ")"
    judged = [j.judgement for j in judgements if j is not None]
    values: dict[str, int | str | None] = {s.value: judged.count(s) for s in Status}
    values["goals"] = len(judged)
    phrase = sentences.headline()
    sheet.set_row(row, HEADLINE_HEIGHT)
    pages.row(row, HEADLINE_HEIGHT)
    ctx.formula(sheet, row, 0, "=" + phrase.formula(refs), ctx.styles.headline,
                phrase.text(values))


def _charts(ctx: Context, sheet: Worksheet, pages: Pages, row: int, table: Table) -> int:
    """The chart of status per goal, one per page of goals; returns the row after them."""
    keys = counts.counted(ctx)
    described = ", ".join(h.lower() for h in counts.headers(ctx)[1:-1])
    most = max(1, int((pages.room / layout.PIXEL - CHART_FRAME - 20) // CHART_BAR))
    chunks = [run[n:n + most] for run in table.runs for n in range(0, len(run), most)]
    for number, chunk in enumerate(c for c in chunks if c):
        pixels = CHART_FRAME + CHART_BAR * len(chunk)
        height = pixels * layout.PIXEL + CHART_GAP
        pages.keep(row, [height])
        title = theme.LABEL_CHART_TITLE + (theme.LABEL_CONTINUED if number else "")
        chart = charts.status_bars(ctx.workbook, sheet.name, table.header_row, chunk[0],
                                   chunk[-1], 0, 3, title, keys)
        chart.set_size({"width": CHART_WIDTH, "height": pixels})
        spacer = layout.ROW_MINIMUM
        rows_under = int(-(-height // spacer))
        for under in range(row, row + rows_under):
            ctx.spacer(sheet, under, spacer, pages)
        sheet.insert_chart(row, 1, chart, {
            "object_position": 3,
            "description": theme.CHART_DESCRIPTION.format(statuses=described)})
        row += rows_under
    return row
