"""The table of all goals (Alla inriktningsmål): an Excel table after Alla indikatorer, one row
per goal, with its counts (COUNTIFS over the table of all indicators), its judgement (given by
hand, or the rule's over those counts), the Motivering and the Text a controller pastes into
the annual report. Read back as the Inriktningsmål sheet of an input, it gives the same
judgements: a Bedömning that is a formula is the rule's, one that is a word was given."""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from indexcel import sentences, theme, vocabulary
from indexcel.model import ColumnRole, Status
from indexcel.writer import cells, formulas, goal_formulas
from indexcel.writer.context import Context
from indexcel.writer.counts import STATUS_WORDS, table_column
from indexcel.writer.goal_formulas import GoalCells
from indexcel.writer.pages import page_setup, scale_for

# The columns: header, width, and what each holds.
COLUMNS = (
    (vocabulary.HEADER_GOAL, 36.0, "goal"),
    (theme.LABEL_COUNT, 11.0, "indicators"),
    (theme.LABEL_ASSESSED, 10.0, "assessed"),
    (theme.LABEL_MET, 10.0, "met"),
    (theme.LABEL_PARTLY_MET, 10.0, "partly_met"),
    (theme.LABEL_NOT_MET, 10.0, "not_met"),
    (theme.LABEL_SHARE_MET, 10.0, "share"),
    (vocabulary.HEADER_JUDGEMENT, 15.0, "judgement"),
    (vocabulary.HEADER_MOTIVATION, 40.0, "motivation"),
    (theme.LABEL_GOAL_TEXT, 60.0, "text"),
)
POSITION = {kind: col for col, (_, _, kind) in enumerate(COLUMNS)}


def write_goal_table(ctx: Context, sheet: Worksheet) -> None:
    plan, s = ctx.plan, ctx.styles
    tabs = plan.goals
    for col, (_, width, _) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)
    headers = [cells.table_header(header) for header, _, _ in COLUMNS]
    last = max(len(tabs), 1)
    columns = cells.table_columns(headers, s)
    for column in columns:  # two-word headers over narrow columns of counts wrap
        column["header_format"] = column["header_format"] or s.format(
            {"bold": True, "text_wrap": True, "valign": "vcenter"})
    sheet.set_row(0, 28)
    sheet.add_table(0, 0, last, len(COLUMNS) - 1, {
        "name": theme.GOALS_TABLE_NAME, "style": theme.TABLE_STYLE, "autofilter": True,
        "columns": columns})
    sheet.freeze_panes(1, 1)
    sheet.repeat_rows(0)
    goal_range = table_column(ctx, ColumnRole.GOAL)
    status_range = table_column(ctx, ColumnRole.STATUS)
    phrase = sentences.goal_text()
    at = POSITION
    for row, tab in enumerate(tabs, start=1):
        judgement = tab.judgement

        def cell(kind: str, row: int = row) -> str:
            reference: str = xl_rowcol_to_cell(row, at[kind])
            return reference

        criteria = [(goal_range, formulas.exact_criterion(tab.goal.text))]
        ctx.text(sheet, row, at["goal"], tab.goal.text)
        ctx.formula(sheet, row, at["indicators"], formulas.countifs(criteria), s.count,
                    judgement.indicators)
        for kind in ("met", "partly_met", "not_met"):
            word = STATUS_WORDS[kind]
            ctx.formula(sheet, row, at[kind], formulas.countifs([*criteria, (status_range, word)]),
                        s.count, getattr(judgement, kind))
        goal_cells = GoalCells(cell("indicators"), cell("met"), cell("not_met"),
                               cell("partly_met"), judgement=cell("judgement"),
                               motivation=cell("motivation"))
        ctx.formula(sheet, row, at["assessed"], "=" + goal_cells.assessed.strip("()"),
                    s.count, judgement.assessed)
        share = judgement.share_met
        ctx.formula(sheet, row, at["share"],
                    f'=IF({cell("assessed")}=0,"",{cell("met")}/{cell("assessed")})', s.share,
                    "" if share is None else float(share))
        word = goal_formulas.WORDS[judgement.judgement]
        if judgement.is_given:
            ctx.text(sheet, row, at["judgement"], word, False, s.word)
        else:
            ctx.formula(sheet, row, at["judgement"],
                        goal_formulas.judgement(goal_cells, plan.goal_rule), s.word, word)
        motivation = judgement.motivation or ""
        if motivation:
            ctx.text(sheet, row, at["motivation"], motivation)
        else:
            sheet.write_blank(row, at["motivation"], None, s.text())
        text = phrase.text(goal_formulas.values(judgement, motivation))
        ctx.formula(sheet, row, at["text"], goal_formulas.sentence(phrase, goal_cells),
                    s.text(), text)
        ctx.fit_row(sheet, row, [(tab.goal.text, COLUMNS[0][1]),
                                 (motivation, COLUMNS[at["motivation"]][1]),
                                 (text, COLUMNS[at["text"]][1])])
    # A judgement typed over the rule's formula is one given by hand: offer the four words.
    judgement_col = at["judgement"]
    sheet.data_validation(1, judgement_col, last, judgement_col, {
        "validate": "list", "source": list(goal_formulas.WORDS.values()),
        "error_title": vocabulary.HEADER_JUDGEMENT, "error_message": theme.LIST_ERROR})
    for status in Status:
        sheet.conditional_format(1, judgement_col, last, judgement_col, {
            "type": "cell", "criteria": "==",
            "value": sentences.literal(goal_formulas.WORDS[status]),
            "format": s.fill[status.value]})
    # Printed (for the annual report's papers) at an explicit scale, one page wide, its
    # header repeated on every page; the page header names the tab.
    page_setup(sheet, plan.title, theme.SHEET_GOALS, ctx.page_title)
    sheet.set_print_scale(scale_for([width for _, width, _ in COLUMNS]))
    sheet.print_area(0, 0, last, len(COLUMNS) - 1)
