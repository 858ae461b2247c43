"""The summary (Sammanfattning): a headline of the goals' judgements, counts per goal (with its
judgement) and per board, as COUNTIFS formulas over whole columns of the table, with totals
and a chart of status per goal."""

from __future__ import annotations

from collections.abc import Sequence

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from indexcel import sentences, theme, vocabulary
from indexcel.goals import GoalJudgement
from indexcel.model import ColumnRole, Status
from indexcel.writer import charts, conditional, counts, formulas, goal_formulas
from indexcel.writer.context import Context
from indexcel.writer.tally import Counts

HEADLINE_ROW = 4  # after the title block
FIRST_GOAL_ROW = HEADLINE_ROW + 4  # a blank row, the heading and the header row between


def write_summary(ctx: Context, sheet: Worksheet) -> None:
    plan = ctx.plan
    ctx.title_block(sheet, theme.SHEET_SUMMARY)
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 60)
    statuses = len(plan.features.statuses)
    sheet.set_column(2, 2 + statuses, 12)
    sheet.set_column(3 + statuses, 3 + statuses, 14)
    ball_col = 4 + statuses  # the goals' judgements: a ball and its word
    sheet.set_column(ball_col, ball_col, 4)
    sheet.set_column(ball_col + 1, ball_col + 1, 16)
    _headline(ctx, sheet, ball_col + 1, len(plan.goals))
    goal_range = counts.table_column(ctx, ColumnRole.GOAL)
    board_range = counts.table_column(ctx, ColumnRole.BOARD)
    # LibreOffice does not wrap a hyperlink's text: a goal links its short number and has
    # its title as wrapped text beside it; a board's short name is the link itself.
    goals = [(tab.sheet, tab.goal.number or theme.LABEL_GO_TO, tab.goal.title,
              (goal_range, tab.goal.text), tab.counts) for tab in plan.goals]
    boards = [(tab.sheet, None, tab.board, (board_range, tab.board), tab.counts)
              for tab in plan.boards]
    goal_total = _count_block(ctx, sheet, FIRST_GOAL_ROW - 2, theme.LABEL_PER_GOAL,
                              [theme.LABEL_NUMBER, vocabulary.HEADER_GOAL], goals,
                              [tab.judgement for tab in plan.goals])
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
                 items: Sequence[tuple[str, str | None, str, tuple[str, str], Counts]],
                 judgements: Sequence[GoalJudgement] | None = None) -> int:
    """A heading, a header row, one row of counts per item, and a total row; returns the
    total row. An item: (sheet to link, link text in column A or None, text in column B,
    (range, text) to count on, cached Counts). With `judgements` (one per item: goals), each
    row ends in the goal's judgement, a ball and its word."""
    s = ctx.styles
    ctx.text(sheet, row, 0, heading, False, s.heading)
    row += 1
    sheet.set_row(row, 28)
    headers = [*label_headers, *counts.headers(ctx)]
    if judgements is not None:
        headers += ["", theme.LABEL_JUDGEMENT]
    for col, header in enumerate(headers):
        ctx.text(sheet, row, col, header, fmt=s.header)
    first = row + 1
    for index, (target, link_text, text, (rng, key), item_counts) in enumerate(items):
        row += 1
        if link_text is None:
            ctx.link(sheet, row, 1, target, text, s.row_link)
        else:
            ctx.fit_row(sheet, row, [(text, 60)])
            ctx.link(sheet, row, 0, target, link_text, s.row_link)
            ctx.text(sheet, row, 1, text)
        counts.count_cells(ctx, sheet, row, 2, [(rng, formulas.exact_criterion(key))],
                           item_counts)
        if judgements is not None:
            _judgement(ctx, sheet, row, 2, judgements[index])
    if judgements is not None and items:
        ball_col = 2 + len(counts.headers(ctx))
        conditional.glyph_colours(sheet, s, first, row, ball_col, list(Status))
        for status in Status:
            sheet.conditional_format(first, ball_col + 1, row, ball_col + 1, {
                "type": "cell", "criteria": "==",
                "value": sentences.literal(goal_formulas.WORDS[status]),
                "format": s.colour[status.value]})
    counts.totals(ctx, sheet, row + 1, first, row, 2, [item[-1] for item in items])
    return row + 1


def _judgement(ctx: Context, sheet: Worksheet, row: int, col: int,
               judgement: GoalJudgement) -> None:
    """A goal's ball and word after its row of counts from `col`: given by hand, or the
    rule's over those counts."""
    s = ctx.styles
    cells = counts.goal_cells(ctx, row, col)
    ball_col = col + len(counts.headers(ctx))
    word = goal_formulas.WORDS[judgement.judgement]
    ctx.formula(sheet, row, ball_col, goal_formulas.ball(xl_rowcol_to_cell(row, ball_col + 1)),
                s.glyph, theme.STATUS_GLYPHS[judgement.judgement])
    if judgement.is_given:
        ctx.text(sheet, row, ball_col + 1, word, False, s.word)
    else:
        ctx.formula(sheet, row, ball_col + 1, goal_formulas.judgement(cells, ctx.plan.goal_rule),
                    s.word, word)


def _headline(ctx: Context, sheet: Worksheet, word_col: int, goals: int) -> None:
    """'4 av 19 inriktningsmål uppfyllda, 6 delvis, 8 ej, 1 ej bedömt', counted over the
    goals' words below."""
    if not goals:
        return
    letter = xl_col_to_name(word_col)
    words = f"${letter}${FIRST_GOAL_ROW + 1}:${letter}${FIRST_GOAL_ROW + goals}"
    refs = {status.value: f"COUNTIF({words},{sentences.literal(goal_formulas.WORDS[status])})"
            for status in Status}
    refs["goals"] = f"COUNTA({words})"
    judged = [tab.judgement.judgement for tab in ctx.plan.goals]
    values: dict[str, int | str | None] = {s.value: judged.count(s) for s in Status}
    values["goals"] = goals
    phrase = sentences.headline()
    sheet.set_row(HEADLINE_ROW, 22)
    ctx.formula(sheet, HEADLINE_ROW, 0, "=" + phrase.formula(refs), ctx.styles.headline,
                phrase.text(values))
