"""A goal's judgement as its tab shows it first, under the goal's title: a large ball of the
indicators' shapes and colours (● ◕ ◐ ○), the word, the counts it rests on as a sentence,
"Bedömt för hand" (and what the rule says) where it was given, and the Motivering; in a
board's own workbook, that it is judged over that board's indicators alone.

Everything but the Motivering is a formula over the tab's own row of counts, so an edited
status changes the ball, the word and the sentence. The block is declared as rows
(`JudgementBlock.rows`), each with its height, and placed from whatever row the tab gives it.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from indexcel import sentences, theme
from indexcel.model import Status
from indexcel.writer import goal_formulas, layout
from indexcel.writer.context import Context
from indexcel.writer.goal_formulas import GoalCells
from indexcel.writer.pages import Pages
from indexcel.writer.plan import GoalTab

BALL_ROW_HEIGHT = 48.0
LINE_HEIGHT = 16.0
SPACE_BELOW = 9.0


@dataclass(frozen=True)
class BlockRow:
    kind: str  # verdict, counts, given, scope or motivation
    height: float


class JudgementBlock:
    """The judgement block of one goal tab, whose columns have the widths `widths`."""

    def __init__(self, ctx: Context, tab: GoalTab, widths: list[float]) -> None:
        self.ctx, self.tab, self.widths = ctx, tab, widths
        self.judgement = tab.judgement
        self.board = ctx.plan.board  # a board's own workbook: judged over its indicators
        self.motivation = None if self.board else self.judgement.motivation

    @property
    def text_width(self) -> float:
        """The width the block's texts may take: every column but the ball's."""
        return sum(self.widths[1:]) or layout.NAME_WIDTH

    def rows(self) -> list[BlockRow]:
        rows = [BlockRow("verdict", BALL_ROW_HEIGHT), BlockRow("counts", LINE_HEIGHT)]
        if self.judgement.is_given and self.board is None:
            rows.append(BlockRow("given", LINE_HEIGHT))
        if self.board is not None:
            rows.append(BlockRow("scope", LINE_HEIGHT))
        if self.motivation:
            text = theme.LABEL_MOTIVATION.format(motivation=self.motivation)
            height = layout.height([(text, self.text_width * 0.9)]) or LINE_HEIGHT
            rows.append(BlockRow("motivation", max(height * 1.1, LINE_HEIGHT)))
        # Room below the block, in its last row (a row holding only a height is lost where
        # a large tab streams its rows).
        last = rows[-1]
        rows[-1] = BlockRow(last.kind, last.height + SPACE_BELOW)
        return rows

    def write(self, sheet: Worksheet, first: int, cells: GoalCells, pages: Pages) -> int:
        """Write the block from row `first`, its formulas over the counts in `cells`, its
        rows' heights counted in `pages` (the block kept on one page); returns the row after
        it."""
        ctx, s, judgement = self.ctx, self.ctx.styles, self.judgement
        rule = ctx.plan.goal_rule
        specs = self.rows()
        pages.keep(first, [spec.height for spec in specs])
        row = first
        word_cell = xl_rowcol_to_cell(first, 1)
        named = GoalCells(cells.indicators, cells.met, cells.not_met, cells.partly_met,
                          judgement=word_cell)
        for spec in specs:
            sheet.set_row(row, spec.height)
            pages.row(row, spec.height)
            if spec.kind == "verdict":
                word = goal_formulas.WORDS[judgement.judgement]
                ctx.formula(sheet, row, 0, goal_formulas.ball(word_cell), s.goal_ball,
                            theme.STATUS_GLYPHS[judgement.judgement])
                if judgement.is_given and self.board is None:
                    ctx.text(sheet, row, 1, word, False, s.goal_word)
                else:
                    ctx.formula(sheet, row, 1, goal_formulas.judgement(named, rule),
                                s.goal_word, word)
                _colours(ctx, sheet, row)
            elif spec.kind == "counts":
                phrase = sentences.goal_counts(partly=named.partly_met is not None)
                ctx.formula(sheet, row, 1, goal_formulas.sentence(phrase, named), s.goal_line,
                            phrase.text(goal_formulas.values(judgement)))
            elif spec.kind == "given":
                ctx.formula(sheet, row, 1, goal_formulas.given_note(named, rule), s.goal_note,
                            goal_formulas.given_note_text(judgement))
            elif spec.kind == "scope":
                assert self.board is not None
                ctx.text(sheet, row, 1, theme.LABEL_BOARD_SCOPE.format(board=self.board),
                         False, s.goal_note)
            elif spec.kind == "motivation":
                assert self.motivation
                text = theme.LABEL_MOTIVATION.format(motivation=self.motivation)
                last = max(len(self.widths) - 1, 1)
                sheet.merge_range(row, 1, row, last, "", s.goal_paragraph)
                ctx.text(sheet, row, 1, text, fmt=s.goal_paragraph)
            row += 1
        return row


def _colours(ctx: Context, sheet: Worksheet, row: int) -> None:
    """The ball and the word in the colour of the judgement."""
    for status in Status:
        key = status.value
        for col, value in ((0, theme.STATUS_GLYPHS[status]),
                           (1, goal_formulas.WORDS[status])):
            sheet.conditional_format(row, col, row, col, {
                "type": "cell", "criteria": "==", "value": sentences.literal(value),
                "format": ctx.styles.colour[key]})
