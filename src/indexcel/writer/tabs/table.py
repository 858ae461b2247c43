"""The table of all indicators (Alla indikatorer): an Excel table with the input's columns,
status and trend as words, for filtering and pivots. It can be read back as input."""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

from xlsxwriter.worksheet import Worksheet

from indexcel import theme, vocabulary
from indexcel.errors import OutputError
from indexcel.model import ColumnRole, Indicator, Quartile, Rank
from indexcel.writer import cells, formulas, layout
from indexcel.writer._xlsx import Part, RowWriter, Style
from indexcel.writer.context import Context
from indexcel.writer.counts import STATUS_WORDS
from indexcel.writer.pages import page_setup
from indexcel.writer.plan import TableColumn
from indexcel.writer.rows import number_style, text_cell
from indexcel.writer.tally import TREND_KEYS

TREND_WORDS = {TREND_KEYS[t]: word for t, word in vocabulary.TREND_LABELS.items()}
# ColumnRole's members bound once: looking a member up on its class costs some 0.13 µs in
# Python 3.11, and these are the innermost loops.
_STATUS = ColumnRole.STATUS
_TREND = ColumnRole.TREND
_BOARD = ColumnRole.BOARD
_GOAL = ColumnRole.GOAL
_DIRECTION = ColumnRole.DIRECTION
_RANK = ColumnRole.RANK
_QUARTILE = ColumnRole.QUARTILE

# Text columns that wrap.
WRAPPED_ROLES = (ColumnRole.GOAL, ColumnRole.NAME, ColumnRole.COMMENT, ColumnRole.EXTRA)
MEASURE_ROLES = (ColumnRole.OUTCOME, ColumnRole.TARGET, ColumnRole.TOLERANCE, ColumnRole.PARTLY,
                 *vocabulary.COMPARED_MEASURES)
_EXCEL_EPOCH = _dt.datetime(1899, 12, 30)


def write_table(ctx: Context, sheet: Worksheet) -> None:
    plan, s = ctx.plan, ctx.styles
    columns = plan.table
    n, ncols = len(plan.indicators), len(columns)
    boards = [tab.board for tab in plan.boards]
    numbers = ctx.number_widths(range(n))
    widths = [layout.table_width(c.role, c.header, boards, numbers) for c in columns]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    headers = [cells.table_header(c.header) for c in columns]
    sheet.add_table(0, 0, n, ncols - 1, {
        "name": theme.TABLE_NAME, "style": theme.TABLE_STYLE, "autofilter": True,
        "columns": cells.table_columns(headers, s),
    })
    cells.write_table_headers(sheet, 0, 0, headers, s)
    sheet.freeze_panes(1, 2 if ncols > 3 else 0)
    sheet.repeat_rows(0)
    rows = ctx.rows(sheet)
    status_formula, trend_formula = _formulas(ctx, rows)
    word_style, date_style = rows.style(s.word), rows.style(s.date)
    wrap_widths = [(pos, widths[pos]) for pos, c in enumerate(columns)
                   if c.role in (ColumnRole.GOAL, ColumnRole.NAME, ColumnRole.COMMENT)]
    for index, indicator in enumerate(plan.indicators):
        judgement = plan.judgements[index]
        row = index + 1
        rows.start(row)
        height = layout.height([(str(_value(indicator, columns[pos]) or ""), width)
                                for pos, width in wrap_widths])
        parts = []
        for pos, column in enumerate(columns):
            role = column.role
            cell = None
            if role in MEASURE_ROLES:
                measure = indicator.row_values.get(column.header)
                if isinstance(measure, str):  # a target that is a word: Öka, Minska
                    cell = text_cell(ctx, rows, sheet, pos, measure, fmt=s.number_word)
                elif measure is not None:
                    cell = rows.number(pos, number_style(ctx, rows, measure), measure.value)
            elif role is _RANK or role is _QUARTILE:  # 12 av 290, Bästa kvartilen
                value = indicator.row_values.get(column.header)
                if isinstance(value, (Rank, Quartile)):
                    text = (vocabulary.QUARTILE_LABELS[value] if isinstance(value, Quartile)
                            else str(value))
                    cell = text_cell(ctx, rows, sheet, pos, text, False, s.word)
            elif role is _STATUS:
                word = vocabulary.STATUS_LABELS[judgement.status]
                if indicator.given_status is not None or status_formula is None:
                    cell = text_cell(ctx, rows, sheet, pos, word, False, s.word)
                else:
                    cell = rows.formula(pos, word_style, status_formula, word)
            elif role is _TREND:
                trend = judgement.trend
                word = "" if trend is None else vocabulary.TREND_LABELS[trend]
                if indicator.given_trend is not None:
                    if word:
                        cell = text_cell(ctx, rows, sheet, pos, word, False, s.word)
                elif trend_formula is not None:
                    cell = rows.formula(pos, word_style, trend_formula, word)
            else:
                cell = _other(ctx, rows, sheet, pos, _value(indicator, column), role,
                              word_style, date_style)
            if cell is not None:
                parts.append(cell)
        if rows.write(ncols - 1, parts, height) == -1:
            raise OutputError(f"sheet '{sheet.name}': row {row + 1} is beyond Excel's limit.")
        ctx.progress(1)
    # The status formulas read Riktning by its exact words: offer only those.
    direction_pos = plan.table_position(ColumnRole.DIRECTION)
    sheet.data_validation(1, direction_pos, max(n, 1), direction_pos, {
        "validate": "list", "source": list(vocabulary.DIRECTION_LABELS.values()),
        "error_title": vocabulary.HEADER_DIRECTION, "error_message": theme.LIST_ERROR})
    status_col = plan.table_position(ColumnRole.STATUS)
    for status in plan.features.statuses:
        key = status.value
        sheet.conditional_format(1, status_col, max(n, 1), status_col, {
            "type": "cell", "criteria": "==", "value": f'"{STATUS_WORDS[key]}"',
            "format": s.fill[key]})
    # Not printed: the tab is for filtering, and every row stands on its board's and its
    # goal's tabs. Its printed area is an empty cell beside the table, which prints nothing
    # (cleared, the table prints one page wide).
    page_setup(sheet, plan.title, None, ctx.page_title)
    sheet.fit_to_pages(1, 0)
    sheet.print_area(0, ncols + 1, 0, ncols + 1)


def _formulas(ctx: Context, rows: RowWriter) -> tuple[str | None, str | None]:
    """The status and trend formulas of a row, as templates; None where a year is missing."""
    plan = ctx.plan
    at: dict[tuple[ColumnRole, int | None], str] = {}
    for pos, column in enumerate(plan.table):
        at.setdefault((column.role, column.year), cells.column_letter(pos))
    current = at.get((ColumnRole.OUTCOME, plan.year))
    previous = at.get((ColumnRole.OUTCOME, plan.year - 1))
    target = at.get((ColumnRole.TARGET, plan.year))
    status = trend = None
    if target:
        row_cells = formulas.RowCells(
            outcome=f"{current}\0", target=f"{target}\0",
            previous=f"{previous}\0" if previous else None,
            tolerance=_template(at.get((ColumnRole.TOLERANCE, None))),
            partly=_template(at.get((ColumnRole.PARTLY, None))))
        gap = formulas.shortfall_by_word(row_cells, f"{at[(ColumnRole.DIRECTION, None)]}\0",
                                         vocabulary.DIRECTION_LABELS)
        words: dict[str, tuple[str, ...]] | None = (
            {change.value: aliases for change, aliases in vocabulary.CHANGE_ALIASES.items()}
            if plan.features.change else None)
        status = rows.template(formulas.status(row_cells, gap, STATUS_WORDS, words))
    if previous:
        trend = rows.template(formulas.trend_word(
            f"{current}\0", f"{previous}\0", plan.trend_tolerance, TREND_WORDS))
    return status, trend


def _template(letter: str | None) -> str | None:
    """A cell of the formula's own row, as a template (a NUL for the row number)."""
    return None if letter is None else f"{letter}\0"


def _value(indicator: Indicator, column: TableColumn) -> Any:
    role = column.role
    if role is _GOAL:
        return indicator.goal.text
    if role is _BOARD:
        return indicator.board
    if role is _DIRECTION:
        return vocabulary.DIRECTION_LABELS[indicator.direction]
    return indicator.row_values.get(column.header)


def _other(ctx: Context, rows: RowWriter, sheet: Worksheet, col: int, value: Any,
           role: ColumnRole, word_style: Style, date_style: Style) -> Part | None:
    """A cell of any other column: text, a number, TRUE/FALSE or a date, as read."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return rows.boolean(col, word_style, value)
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:
            raise cells.non_finite(sheet.name, col, rows.row, value) from None
        return rows.number(col, word_style, number) if math.isfinite(number) else None
    if isinstance(value, (_dt.datetime, _dt.date)):
        if not isinstance(value, _dt.datetime):
            value = _dt.datetime(value.year, value.month, value.day)
        return rows.number(col, date_style, excel_serial(value))
    return text_cell(ctx, rows, sheet, col, str(value), wrap=role in WRAPPED_ROLES)


def excel_serial(value: _dt.datetime) -> float:
    """A date and time as Excel's serial number (1900 system, whose day 60 is the 29
    February 1900 that never was)."""
    delta = value.replace(tzinfo=None) - _EXCEL_EPOCH
    serial = delta.days + delta.seconds / 86_400 + delta.microseconds / 86_400e6
    return serial if serial > 60 else serial - 1
