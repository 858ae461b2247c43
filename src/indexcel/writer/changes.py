"""The summary's counts of Statusförändring: per goal and per board, how many indicators
improved, stayed and worsened against last year, as COUNTIFS over the table's
Statusförändring column (with the counts as cached results)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from indexcel import theme, vocabulary
from indexcel.model import ColumnRole, StatusChange
from indexcel.writer import counts, formulas
from indexcel.writer.context import Context

HEADERS = {StatusChange.IMPROVED: theme.LABEL_IMPROVED,
           StatusChange.UNCHANGED: theme.LABEL_UNCHANGED,
           StatusChange.WORSENED: theme.LABEL_WORSENED}
ORDER = (StatusChange.IMPROVED, StatusChange.UNCHANGED, StatusChange.WORSENED)
WIDTH = 12


def shown(ctx: Context) -> bool:
    """Whether the summary counts changes: the year before is judged, and there is a table."""
    return ctx.plan.features.earlier and ctx.plan.has_summary


def headers() -> list[str]:
    return [HEADERS[change] for change in ORDER]


def tally(changes: Sequence[StatusChange | None], indices: Iterable[int]) -> list[int]:
    """Improved, unchanged and worsened among `indices`."""
    found = [changes[i] for i in indices]
    return [found.count(change) for change in ORDER]


def count_cells(ctx: Context, sheet: Worksheet, row: int, col: int,
                criteria: list[tuple[str, str]], cached: list[int]) -> None:
    """Three counts from `col`: the rows matching `criteria` whose Statusförändring is
    Förbättrad, Oförändrad, Försämrad."""
    change_range = counts.table_column(ctx, ColumnRole.STATUS_CHANGE)
    for offset, (change, value) in enumerate(zip(ORDER, cached, strict=True)):
        word = vocabulary.STATUS_CHANGE_LABELS[change]
        ctx.formula(sheet, row, col + offset,
                    formulas.count_change(criteria, change_range, word),
                    ctx.styles.count, value)


def totals(ctx: Context, sheet: Worksheet, row: int, first: int, last: int, col: int,
           cached: list[list[int]]) -> None:
    """The total row of the three counts from `col` over rows first..last."""
    for offset in range(len(ORDER)):
        column = col + offset
        top, bottom = xl_rowcol_to_cell(first, column), xl_rowcol_to_cell(last, column)
        ctx.formula(sheet, row, column, f"=SUM({top}:{bottom})", ctx.styles.count_total,
                    sum(item[offset] for item in cached))
