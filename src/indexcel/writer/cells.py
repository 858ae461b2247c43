"""The one way a cell gets written, in every workbook indexcel writes (the report, `template`
and `rollover`): text reaches the cell as typed and stays text, numbers are ones Excel holds,
and what a cell cannot carry is a clear error rather than a damaged file.

- Text that Excel would take for a formula once someone edits the cell (=, +, -, @) gets a
  quote-prefixed format (`FormatBook.safe`).
- XlsxWriter writes a text that starts with <r> and ends with </r> as rich-text markup; such
  a text is wrapped as one plain run, which shows it as is (`as_typed`).
- Control characters reach the file as Excel's own _xHHHH_ escapes (XlsxWriter writes them
  so); lone surrogates, which no encoding can carry, are dropped. Formulas, sheet names,
  table column names and link locations have no escape: `plain` drops what XML cannot carry.
- Lengths are checked in UTF-16 units (indexcel.limits).
"""

from __future__ import annotations

import functools
import math
import re
from typing import TYPE_CHECKING, Any

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from indexcel import limits
from indexcel.errors import OutputError

if TYPE_CHECKING:
    from indexcel.writer.styles import FormatBook  # which imports this module

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_XML_SPECIAL = re.compile("[&<>]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LOOKS_ESCAPED = re.compile("_(?=x[0-9A-Fa-f]{4}_)")  # each "_" that starts one


def escape(text: str) -> str:
    """Text for an XML data section (Excel leaves double quotes as they are)."""
    if _XML_SPECIAL.search(text):
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def as_typed(text: str) -> str:
    """Text to hand to XlsxWriter so that it reaches the cell as typed."""
    if text.startswith("<r>") and text.endswith("</r>"):
        text = f'<r><t xml:space="preserve">{escape(text)}</t></r>'
    if not text.isascii() and _SURROGATE.search(text):
        text = _SURROGATE.sub("", text)
    return text


def plain(text: str) -> str:
    """Text for a place with no escape for characters XML cannot carry: formulas, sheet
    names, table column names, link locations, chart titles, document properties."""
    return limits.without_unwritable(text)


@functools.lru_cache(maxsize=1024)
def column_letter(col: int) -> str:
    letters: str = xl_col_to_name(col)
    return letters


def non_finite(sheet: str, col: int, row: int, value: float) -> OutputError:
    return OutputError(
        f"sheet '{sheet}', cell {xl_rowcol_to_cell(row, col)}: {value!r} is not a number "
        "Excel can hold.", "Check the input's numbers (`indexcel validate`).")


def text_error(sheet: str, row: int, col: int, value: str) -> OutputError | None:
    """The error for a text no cell can hold, or None."""
    if limits.fits_cell(value):
        return None
    return OutputError(
        f"sheet '{sheet}', cell {xl_rowcol_to_cell(row, col)}: a text of "
        f"{limits.utf16_units(value):,} characters is longer than an Excel cell holds "
        f"({limits.MAX_CELL_UNITS:,}).", "Shorten the text in the input.")


def write_text(sheet: Worksheet, row: int, col: int, value: str, fmt: Format | None,
               book: FormatBook) -> None:
    """Write `value` as text; `book` (styles.FormatBook) gives the quote-prefixed format."""
    error = text_error(sheet.name, row, col, value)
    if error is not None:
        raise error
    if sheet.write_string(row, col, as_typed(value), book.safe(fmt, value)) == -1:
        raise OutputError(f"sheet '{sheet.name}': row {row + 1} is beyond Excel's limit.")


def write_number(sheet: Worksheet, row: int, col: int, value: float, fmt: Format | None) -> None:
    if not math.isfinite(value):
        raise non_finite(sheet.name, col, row, value)
    if sheet.write_number(row, col, value, fmt) == -1:
        raise OutputError(f"sheet '{sheet.name}': row {row + 1} is beyond Excel's limit.")


def table_header(text: str) -> str:
    """A table column's header as both its cell and its name can carry it."""
    return plain(text)


def table_column_name(header: str) -> str:
    """The name a table column is stored under: Excel reads `_xHHHH_` in it as an escape, as
    in cell text, so a literal one is escaped (_x005F_xHHHH_) to match the header cell."""
    return _LOOKS_ESCAPED.sub("_x005F_", header)


def cached_text(text: str) -> str:
    """A formula's cached text as its <v> carries it: XlsxWriter writes it as given, and
    Excel and LibreOffice read `_xHHHH_` in it as an escape, so a literal one (in a
    Motivering a goal's sentence repeats) is escaped, as in a cell's text."""
    return _LOOKS_ESCAPED.sub("_x005F_", text) if "_x" in text else text


def table_columns(headers: list[str], book: FormatBook) -> list[dict[str, Any]]:
    """add_table's columns for these headers. XlsxWriter writes a header cell from the
    column's name; one that Excel would take for a formula gets a quote-prefixed format."""
    return [{"header": table_column_name(header),
             "header_format": book.safe(book.format({}), header)
             if header.startswith(FORMULA_PREFIXES) else None} for header in headers]


def write_table_headers(sheet: Worksheet, row: int, first_col: int, headers: list[str],
                        book: FormatBook) -> None:
    """Write again the header cells whose text is not their column's name: a rich-text
    lookalike, or a literal _xHHHH_ (the name carries it escaped)."""
    for col, header in enumerate(headers, start=first_col):
        if as_typed(header) != header or table_column_name(header) != header:
            write_text(sheet, row, col, header, book.format({}), book)
