"""Writes the input sheet staff keep (a blank template, next year's sheet made by rollover,
or a sheet filled from Kolada) from an InputSheet: columns, rows, the cells to mark for
review, and notes on cells."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any, ClassVar

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from indexcel import theme, vocabulary
from indexcel.inputsheet import GoalInputSheet, InputSheet
from indexcel.model import Column, ColumnRole, Direction, Measure, Quartile, Rank, Status, Trend
from indexcel.writer import cells
from indexcel.writer.atomic import FailSafeFile, workbook_file, written_error
from indexcel.writer.styles import FormatBook, Props

_WIDTHS = {ColumnRole.GOAL: 34, ColumnRole.NAME: 46, ColumnRole.BOARD: 26, ColumnRole.OUTCOME: 12,
           ColumnRole.TARGET: 12, ColumnRole.DIRECTION: 17, ColumnRole.STATUS: 13,
           ColumnRole.TREND: 12, ColumnRole.UNIT: 10, ColumnRole.COMMENT: 40,
           ColumnRole.EXTRA: 16, ColumnRole.KOLADA_ID: 11, ColumnRole.MUNICIPALITY_ID: 11,
           ColumnRole.SOURCE: 11, ColumnRole.COUNTRY: 12, ColumnRole.SIMILAR: 12,
           ColumnRole.WOMEN: 12, ColumnRole.MEN: 12, ColumnRole.RANK: 13,
           ColumnRole.QUARTILE: 16, ColumnRole.SIMILAR_GROUP: 40}
_LISTS = {
    ColumnRole.QUARTILE: list(vocabulary.QUARTILE_LABELS.values()),
    ColumnRole.DIRECTION: [vocabulary.DIRECTION_LABELS[d] for d in Direction],
    ColumnRole.STATUS: [vocabulary.STATUS_LABELS[s] for s in Status],
    ColumnRole.TREND: [vocabulary.TREND_LABELS[t] for t in Trend],
}
# The help shown on a list's cell (Riktning: the short forms the drop-down does not offer).
_LIST_HELP = {
    ColumnRole.DIRECTION: {"input_title": theme.DIRECTION_PROMPT_TITLE,
                  "input_message": theme.DIRECTION_PROMPT.format(
                      words=vocabulary.direction_words("även"))},
}


def write_input_sheet(sheet_spec: InputSheet, path: Path) -> None:
    """Write the input workbook to `path` (the caller makes the write atomic). A failed write
    (a full disk) raises OSError; the caller names the target (atomic.write_error)."""
    with workbook_file(path) as handle:
        _write_input_sheet(sheet_spec, handle)


def _write_input_sheet(sheet_spec: InputSheet, handle: FailSafeFile) -> None:
    workbook = xlsxwriter.Workbook(handle, {
        "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
    workbook.set_properties({
        "title": theme.INSTRUCTIONS_TITLE.format(year=sheet_spec.year),
        "created": _dt.datetime(sheet_spec.year, 1, 1),
    })
    formats = _Formats(workbook)
    sheet = workbook.add_worksheet(theme.INPUT_SHEET)
    columns = sheet_spec.columns
    n_rows = max(len(sheet_spec.rows), theme.INPUT_BLANK_ROWS if not sheet_spec.rows else 1)
    for row_index, values in enumerate(sheet_spec.rows, start=1):
        for col, column in enumerate(columns):
            value = values.get(column.header)
            key = (row_index - 1, column.header)
            note = sheet_spec.review.get(key)
            _write(sheet, row_index, col, value, formats, marked=note is not None)
            text = "\n".join(n for n in (note, sheet_spec.notes.get(key)) if n)
            if text:
                sheet.write_comment(row_index, col, cells.plain(text),
                                    {"x_scale": 2, "y_scale": 1.2})
    headers = [cells.table_header(c.header) for c in columns]
    sheet.add_table(0, 0, n_rows, len(columns) - 1, {
        "name": theme.INPUT_TABLE_NAME, "style": theme.INPUT_TABLE_STYLE,
        "columns": cells.table_columns(headers, formats),
    })
    cells.write_table_headers(sheet, 0, 0, headers, formats)
    last = max(theme.INPUT_VALIDATION_ROWS, n_rows)
    for col, column in enumerate(columns):
        # No wrapping: one line per indicator keeps the sheet easy to scan and type in, and
        # neither Excel nor LibreOffice grows the rows of a generated file by itself.
        sheet.set_column(col, col, _width(column, sheet_spec))
        if column.role is ColumnRole.OUTCOME or column.role in vocabulary.COMPARED_MEASURES:
            sheet.data_validation(1, col, last, col, _number_check(theme.NUMBER_PROMPT))
        elif column.role is ColumnRole.TARGET:
            # A number, or a direction: Öka, Minska (the reader's words, any case).
            cell = f"{cells.column_letter(col)}2"
            words = ",".join(f'{cell}="{w}"' for aliases in vocabulary.CHANGE_ALIASES.values()
                             for w in aliases)
            sheet.data_validation(1, col, last, col, {
                "validate": "custom", "value": f"=OR(ISNUMBER({cell}),{words})",
                "input_title": theme.NUMBER_PROMPT_TITLE,
                "input_message": theme.TARGET_PROMPT,
                "error_title": theme.NUMBER_PROMPT_TITLE, "error_message": theme.TARGET_ERROR,
            })
        elif column.role in (ColumnRole.TOLERANCE, ColumnRole.PARTLY):
            sheet.data_validation(1, col, last, col, {
                "validate": "decimal", "criteria": ">=", "value": 0,
                "input_title": theme.NUMBER_PROMPT_TITLE, "input_message": theme.LIMIT_PROMPT,
                "error_title": theme.NUMBER_PROMPT_TITLE, "error_message": theme.LIMIT_ERROR})
        elif column.role in _LISTS:
            sheet.data_validation(1, col, last, col, {
                "validate": "list", "source": _LISTS[column.role],
                "error_title": cells.plain(column.header)[:32],
                "error_message": theme.LIST_ERROR, **_LIST_HELP.get(column.role, {}),
            })
    sheet.freeze_panes(1, 2)
    _print_setup(sheet)
    sheet.repeat_rows(0)
    if sheet_spec.goals is not None:
        _goals(workbook, sheet_spec.goals, formats)
    _instructions(workbook, sheet_spec, formats)
    sheet.activate()
    try:
        workbook.close()
    except FileCreateError as exc:
        raise written_error(exc) from exc


def _width(column: Column, spec: InputSheet) -> int:
    """A column's width; a Källa column's fits its longest source (a file's name, from
    `indexcel fill`), up to 40."""
    width = _WIDTHS.get(column.role, 16)
    if column.role is ColumnRole.SOURCE:
        longest = max((len(str(row.get(column.header) or "")) for row in spec.rows), default=0)
        width = max(width, min(40, longest + 2))
    return width


_GOAL_WIDTHS = {ColumnRole.GOAL: 50, ColumnRole.JUDGEMENT: 17, ColumnRole.MOTIVATION: 60}


def _goals(workbook: xlsxwriter.Workbook, spec: GoalInputSheet, formats: _Formats) -> None:
    """The sheet Inriktningsmål: a table of one row per goal, a drop-down of the four words
    in each Bedömning column, Motivering wrapped."""
    sheet = workbook.add_worksheet(theme.GOAL_INPUT_SHEET)
    columns = spec.columns
    wrapped = formats.format({**formats.base, "text_wrap": True})
    for row_index, values in enumerate(spec.rows, start=1):
        for col, column in enumerate(columns):
            value = values.get(column.header)
            if column.role is ColumnRole.MOTIVATION and isinstance(value, str) and value:
                cells.write_text(sheet, row_index, col, value, wrapped, formats)
            else:
                _write(sheet, row_index, col, value, formats, marked=False)
    n_rows = max(len(spec.rows), theme.GOAL_INPUT_BLANK_ROWS if not spec.rows else 1)
    headers = [cells.table_header(c.header) for c in columns]
    sheet.add_table(0, 0, n_rows, len(columns) - 1, {
        "name": theme.GOAL_INPUT_TABLE_NAME, "style": theme.INPUT_TABLE_STYLE,
        "columns": cells.table_columns(headers, formats)})
    cells.write_table_headers(sheet, 0, 0, headers, formats)
    last = max(theme.INPUT_VALIDATION_ROWS, n_rows)
    words = list(vocabulary.GOAL_JUDGEMENT_LABELS.values())
    for col, column in enumerate(columns):
        sheet.set_column(col, col, _GOAL_WIDTHS.get(column.role, 16),
                         wrapped if column.role is ColumnRole.MOTIVATION else None)
        if column.role is ColumnRole.JUDGEMENT:
            sheet.data_validation(1, col, last, col, {
                "validate": "list", "source": words,
                "input_title": theme.JUDGEMENT_PROMPT_TITLE,
                "input_message": theme.JUDGEMENT_PROMPT,
                "error_title": cells.plain(column.header)[:32],
                "error_message": theme.LIST_ERROR})
    sheet.freeze_panes(1, 1)
    _print_setup(sheet)
    sheet.repeat_rows(0)


def _number_check(prompt: str) -> dict[str, Any]:
    return {"validate": "decimal", "criteria": "between", "minimum": -1e15, "maximum": 1e15,
            "input_title": theme.NUMBER_PROMPT_TITLE, "input_message": prompt,
            "error_title": theme.NUMBER_PROMPT_TITLE, "error_message": theme.NUMBER_ERROR}


def _print_setup(sheet: Worksheet) -> None:
    """A4 landscape, one page wide: as the report's tabs print."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)


class _Formats(FormatBook):
    """The input sheet's formats: plain, with a number format, marked for review."""

    base: ClassVar[Props] = {"font_name": theme.FONT, "font_size": 10, "valign": "top"}

    def get(self, num_format: str | None = None, marked: bool = False) -> Format:
        props = dict(self.base)
        if num_format:
            props["num_format"] = num_format
        if marked:
            props["bg_color"] = theme.REVIEW_FILL
        return self.format(props)


def _write(sheet: Worksheet, row: int, col: int, value: Any, formats: _Formats,
           marked: bool) -> None:
    if isinstance(value, Measure):
        cells.write_number(sheet, row, col, value.value, formats.get(
            theme.number_format(min(value.decimals, 10), value.percent), marked))
    elif value is None or value == "":
        if marked:
            sheet.write_blank(row, col, None, formats.get(marked=True))
    elif isinstance(value, Quartile):
        cells.write_text(sheet, row, col, vocabulary.QUARTILE_LABELS[value],
                         formats.get(marked=marked), formats)
    elif isinstance(value, Rank):  # "12 av 290": text, as it reads back
        cells.write_text(sheet, row, col, str(value), formats.get(marked=marked), formats)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, formats.get(marked=marked))
    elif isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:
            raise cells.non_finite(sheet.name, col, row, value) from None
        cells.write_number(sheet, row, col, number, formats.get(marked=marked))
    elif isinstance(value, (_dt.datetime, _dt.date)):
        if not isinstance(value, _dt.datetime):
            value = _dt.datetime(value.year, value.month, value.day)
        sheet.write_datetime(row, col, value, formats.get("yyyy-mm-dd", marked))
    else:
        cells.write_text(sheet, row, col, str(value), formats.get(marked=marked), formats)


def _instructions(workbook: xlsxwriter.Workbook, spec: InputSheet, formats: _Formats) -> None:
    sheet = workbook.add_worksheet(theme.INSTRUCTIONS_SHEET)
    title = formats.format({**formats.base, "bold": True, "font_size": 14,
                            "font_color": theme.COLOURS["title"]})
    text = formats.format({**formats.base, "text_wrap": True})
    sheet.set_column(0, 0, 110)
    cells.write_text(sheet, 0, 0, theme.INSTRUCTIONS_TITLE.format(year=spec.year), title,
                     formats)
    values = {"year": spec.year, "first": spec.year - 2, "previous": spec.year - 1,
              "file": spec.file_hint}
    for row, paragraph in enumerate(theme.INSTRUCTIONS, start=2):
        line = paragraph.format(**values)
        cells.write_text(sheet, row, 0, line, text, formats)
        sheet.set_row(row, 13 * (1 + len(line) // 125) + 4)
    sheet.hide_gridlines(2)
    _print_setup(sheet)
