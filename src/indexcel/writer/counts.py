"""Cells that count statuses: COUNTIFS over whole columns of the table of all indicators (or,
in a board's own workbook, COUNTIF over the tab's own balls), with the counts as cached
results, so that an edit anywhere updates them."""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from indexcel import theme, vocabulary
from indexcel.writer import formulas
from indexcel.writer.cells import column_letter
from indexcel.writer.conditional import GLYPHS
from indexcel.writer.context import Context
from indexcel.writer.plan import STATUS_KEYS, Counts
from indexcel.writer.sheetnames import quote

COUNTED = ("met", "not_met", "not_assessed")  # the columns after the total, in this order
STATUS_WORDS = {STATUS_KEYS[s]: w for s, w in vocabulary.STATUS_LABELS.items()}


def table_column(ctx: Context, role: str) -> str:
    """A whole column of the table of all indicators, e.g. 'Alla indikatorer'!$I:$I."""
    return formulas.whole_column(quote(theme.SHEET_ALL), ctx.plan.table_position(role))


def count_cells(ctx: Context, sheet, row: int, col: int, criteria: list[tuple[str, str]],
                counts: Counts) -> None:
    """Total, met, not met, not assessed and the share met, from `col`, counted in the table
    over the rows that match `criteria` ((range, criterion) pairs)."""
    s = ctx.styles
    status_range = table_column(ctx, "status")
    ctx.formula(sheet, row, col, formulas.countifs(criteria), s.count, counts.total)
    for offset, key in enumerate(COUNTED, start=1):
        ctx.formula(sheet, row, col + offset,
                    formulas.countifs([*criteria, (status_range, STATUS_WORDS[key])]),
                    s.count, getattr(counts, key))
    share(ctx, sheet, row, col, counts.share, s.share)


def own_counts(ctx: Context, sheet, row: int, col: int, counts: Counts, status_col: int,
               first: int, last: int) -> None:
    """The same counts over this tab's own balls in rows first..last of `status_col`."""
    s = ctx.styles
    letter = column_letter(status_col)
    rng = f"${letter}${first + 1}:${letter}${last + 1}"
    ctx.formula(sheet, row, col, f"=COUNTA({rng})", s.count, counts.total)
    for offset, key in enumerate(COUNTED, start=1):
        ctx.formula(sheet, row, col + offset, f'=COUNTIF({rng},"{GLYPHS[key]}")', s.count,
                    getattr(counts, key))
    share(ctx, sheet, row, col, counts.share, s.share)


def totals(ctx: Context, sheet, row: int, first: int, last: int, col: int,
           counts: list[Counts]) -> None:
    """A total row under rows first..last of count cells that start at `col`."""
    s = ctx.styles
    ctx.text(sheet, row, col - 1, theme.LABEL_TOTAL, False, s.total_label)
    values = []
    for offset, field_name in enumerate(("total", *COUNTED)):
        column = col + offset
        top, bottom = xl_rowcol_to_cell(first, column), xl_rowcol_to_cell(last, column)
        value = sum(getattr(c, field_name) for c in counts)
        values.append(value)
        ctx.formula(sheet, row, column, f"=SUM({top}:{bottom})", s.count_total, value)
    met, not_met = values[1], values[2]
    share(ctx, sheet, row, col, met / (met + not_met) if met + not_met else "", s.share_total)


def share(ctx: Context, sheet, row: int, col: int, cached, fmt) -> None:
    """The share met of the assessed, beside the counts that start at `col`."""
    met, not_met = xl_rowcol_to_cell(row, col + 1), xl_rowcol_to_cell(row, col + 2)
    ctx.formula(sheet, row, col + 4, f'=IF({met}+{not_met}=0,"",{met}/({met}+{not_met}))',
                fmt, cached)

