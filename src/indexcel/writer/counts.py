"""Cells that count statuses: COUNTIFS over whole columns of the table of all indicators (or,
in a board's own workbook, COUNTIF over the tab's own balls), with the counts as cached
results, so that an edit anywhere updates them.

A row of counts is: the total, one count per status the report shows (theme order: met,
partly met where used, not met, not assessed), and the share met of the assessed.
"""

from __future__ import annotations

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from indexcel import theme, vocabulary
from indexcel.model import ColumnRole, Status
from indexcel.writer import formulas, layout
from indexcel.writer.cells import column_letter
from indexcel.writer.conditional import GLYPHS
from indexcel.writer.context import Context
from indexcel.writer.goal_formulas import GoalCells
from indexcel.writer.sheetnames import quote
from indexcel.writer.tally import Counts

STATUS_WORDS = {s.value: w for s, w in vocabulary.STATUS_LABELS.items()}
STATUS_HEADERS = {Status.MET: theme.LABEL_MET, Status.PARTLY_MET: theme.LABEL_PARTLY_MET,
                  Status.NOT_MET: theme.LABEL_NOT_MET,
                  Status.NOT_ASSESSED: theme.LABEL_NOT_ASSESSED}


def headers(ctx: Context) -> list[str]:
    """The headers of a row of counts."""
    return [theme.LABEL_COUNT, *(STATUS_HEADERS[s] for s in ctx.plan.features.statuses),
            theme.LABEL_SHARE_MET]


def counted(ctx: Context) -> list[str]:
    """The status keys counted, in the order of their columns after the total."""
    return [s.value for s in ctx.plan.features.statuses]


def table_column(ctx: Context, role: ColumnRole) -> str:
    """A whole column of the table of all indicators, e.g. 'Alla indikatorer'!$I:$I."""
    return formulas.whole_column(quote(theme.SHEET_ALL), ctx.plan.table_position(role))


def count_cells(ctx: Context, sheet: Worksheet, row: int, col: int, criteria: list[tuple[str, str]],
                counts: Counts) -> None:
    """A row of counts from `col`, counted in the table over the rows that match `criteria`
    ((range, criterion) pairs)."""
    s = ctx.styles
    status_range = table_column(ctx, ColumnRole.STATUS)
    ctx.formula(sheet, row, col, formulas.countifs(criteria), s.count, counts.total)
    keys = counted(ctx)
    for offset, key in enumerate(keys, start=1):
        ctx.formula(sheet, row, col + offset,
                    formulas.countifs([*criteria, (status_range, STATUS_WORDS[key])]),
                    s.count, getattr(counts, key))
    share(ctx, sheet, row, col, len(keys), counts.share, s.share)


def own_counts(ctx: Context, sheet: Worksheet, row: int, col: int, counts: Counts,
               rng: str) -> None:
    """The same counts over the balls in `rng` (a column of a tab of this workbook, such as
    $H$12:$H$20 or 'Socialnämnd'!$H$7:$H$12)."""
    s = ctx.styles
    ctx.formula(sheet, row, col, f"=COUNTA({rng})", s.count, counts.total)
    keys = counted(ctx)
    for offset, key in enumerate(keys, start=1):
        ctx.formula(sheet, row, col + offset, f'=COUNTIF({rng},"{GLYPHS[key]}")', s.count,
                    getattr(counts, key))
    share(ctx, sheet, row, col, len(keys), counts.share, s.share)


def status_range(col: int, first: int, last: int, sheet_name: str | None = None) -> str:
    """Rows first..last (0-based) of column `col`, as an absolute range."""
    letter = column_letter(col)
    prefix = f"{quote(sheet_name)}!" if sheet_name is not None else ""
    return f"{prefix}${letter}${first + 1}:${letter}${last + 1}"


def totals(ctx: Context, sheet: Worksheet, row: int, first: int, last: int, col: int,
           counts: list[Counts]) -> None:
    """A total row under rows first..last of count cells that start at `col`."""
    s = ctx.styles
    ctx.text(sheet, row, col - 1, theme.LABEL_TOTAL, False, s.total_label)
    total = Counts()
    keys = counted(ctx)
    for field_name in ("total", *keys):
        setattr(total, field_name, sum(getattr(c, field_name) for c in counts))
    for offset, field_name in enumerate(("total", *keys)):
        column = col + offset
        top, bottom = xl_rowcol_to_cell(first, column), xl_rowcol_to_cell(last, column)
        ctx.formula(sheet, row, column, f"=SUM({top}:{bottom})", s.count_total,
                    getattr(total, field_name))
    share(ctx, sheet, row, col, len(keys), total.share, s.share_total)


def share(ctx: Context, sheet: Worksheet, row: int, col: int, statuses: int,
          cached: float | str, fmt: Format) -> None:
    """The share met of the assessed (every status counted but the last, not assessed),
    beside the counts that start at `col`."""
    assessed = [xl_rowcol_to_cell(row, col + n) for n in range(1, statuses)]
    ctx.formula(sheet, row, col + statuses + 1, formulas.share(assessed), fmt, cached)


def goal_cells(ctx: Context, row: int, col: int) -> GoalCells:
    """The cells of a row of counts that starts at `col` (the total, then one count per
    status shown), as a goal's judgement reads them."""
    at = {key: xl_rowcol_to_cell(row, col + offset)
          for offset, key in enumerate(counted(ctx), start=1)}
    return GoalCells(xl_rowcol_to_cell(row, col), at["met"], at["not_met"], at.get("partly_met"))


def header_height(ctx: Context, widths: float | list[float]) -> float:
    """The height of a header row of counts in columns of `widths` (one for all, or one
    each; a header beyond the last stands in a column as wide as the last)."""
    texts = headers(ctx)
    each = widths if isinstance(widths, list) else [widths]
    return layout.height([(text, each[min(n, len(each) - 1)]) for n, text in enumerate(texts)],
                         layout.HEADER_MINIMUM, bold=True)
