"""Excel's limits, and text as Excel and XML can carry it: one module for the reader's checks
and every workbook the tool writes, so that whatever `build` refuses, `validate` refuses too.

Lengths are counted as Excel counts them, in UTF-16 code units: an emoji counts two.
"""

from __future__ import annotations

import re

MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
MAX_CELL_UNITS = 32_767  # text in one cell
MAX_SHEET_NAME_UNITS = 31
MAX_LINKS_PER_SHEET = 65_530
MAX_LINK_UNITS = 2_079  # a link's location and text, as XlsxWriter enforces it
MAX_COUNTIF_CRITERION = 255  # characters of one COUNTIF(S) criterion
MAX_TABLE_HEADER_UNITS = 255  # a table column's name
# The largest number Excel takes typed into a cell (its specification; formulas reach the
# float maximum, 1.79769313486232E+308, but a number that close to it written with 16
# significant digits, as XlsxWriter writes numbers, reads back as infinity).
MAX_NUMBER = 9.99999999999999e307
# The years a yearly column ("Utfall 2024") may name: a year outside is a typing error
# ("Utfall 0000"), not a column to build a report year from.
MIN_YEAR = 1900
MAX_YEAR = 2200

# Characters XML 1.0 cannot carry: C0 controls but tab, line feed and carriage return; the
# noncharacters U+FFFE and U+FFFF; lone surrogates (which Python strings can hold).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def utf16_units(text: str) -> int:
    """Length as Excel counts it: UTF-16 code units."""
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def fits_cell(text: str) -> bool:
    return len(text) <= MAX_CELL_UNITS // 2 or utf16_units(text) <= MAX_CELL_UNITS


def fits_number(value: int | float) -> bool:
    """Whether a cell can hold the number: within ±MAX_NUMBER (so not inf, and not nan, for
    which every comparison is false). Python's int has no bound, and float() of a long
    decimal text gives inf."""
    return -MAX_NUMBER <= value <= MAX_NUMBER


def has_unwritable(text: str) -> bool:
    """Whether `text` holds a character no XML part can carry."""
    return _NOT_XML.search(text) is not None


def without_unwritable(text: str) -> str:
    """`text` with the characters XML cannot carry removed (for formulas, sheet names, table
    column names and link locations, which have no escape for them)."""
    return _NOT_XML.sub("", text)
