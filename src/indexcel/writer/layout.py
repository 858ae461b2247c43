"""Widths and heights: how wide a column, and how tall a row of wrapped text, measured.

Neither Excel nor LibreOffice reliably grows the rows of a generated file to fit wrapped
text, and the page breaks (pages.py) and the charts' places need every row's height, so the
writer sets each row's height from its texts, wrapped at the column's width as the
applications wrap them.

Text is measured with Arial's advance widths (fontmetrics.py). Arial is the report's font
because its widths are the same everywhere the report is read: Excel on Windows and macOS
has Arial, and LibreOffice and Gnumeric draw it with Liberation Sans, made to Arial's widths.
Excel's default, Calibri, has no such twin on most Linux machines, where its text is drawn
wider and the rows would clip it.

The workbook's default font, which sets the unit of column widths, is Arial 9.5 (workbook.py),
so that LibreOffice's columns are as wide as Excel's, within 1 %. Where the applications
differ, the measure takes the side that never clips: Excel's columns, breaks only at spaces
(both also break after a hyphen), text 3 % wider than its exact width (hinting on screen, a
printer's own rounding), and Excel's line height, which is LibreOffice's and a little more.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from indexcel.model import ColumnRole, Indicator, Measure
from indexcel.writer import fontmetrics

NAME_WIDTH = 52
COMMENT_WIDTH = 45
UNIT_WIDTH = 10
GUIDE_TEXT_WIDTH = 132

PIXEL = 0.75  # points per pixel at the 96 dpi Excel lays a sheet out at
DIGIT_PIXELS = 7  # the width of a digit of the default font (Arial 10): Excel's column unit
COLUMN_PADDING_PIXELS = 5  # what Excel adds to a column's width in digits
DEFAULT_FONT_SIZE = 9.5  # of the workbook's default font (see the module's docstring)
# LibreOffice takes the default font's digit at its exact width (9.5 pt Arial: 5.28 points)
# where Excel rounds it to 7 pixels (5.25 points): its columns are this much wider (measured:
# 1.008 to 1.010; 1.056 with a default font of 10 pt).
LIBREOFFICE_WIDER = 1.01
CELL_MARGIN = 4.5  # points of a cell's width wrapped text does not use (its two margins)
SAFETY = 1.03  # text measured this much wider than its exact width
TEXT_SIZE = 10.0
ROW_MINIMUM = 15.75  # a row of one line, with room for the 12 pt balls
HEADER_MINIMUM = 21.0  # a header row of one line of bold text on a dark band
_EM = fontmetrics.UNITS_PER_EM
_FACES = {False: fontmetrics.REGULAR, True: fontmetrics.BOLD}


@functools.lru_cache(maxsize=256)
def column_points(width: float) -> float:
    """The width in points of a column set to `width` (in digits, as set_column takes it),
    as Excel draws it: XlsxWriter's conversion to whole pixels."""
    if width <= 0:
        return 0.0
    pixels = (int(width * DIGIT_PIXELS + 0.5) + COLUMN_PADDING_PIXELS if width >= 1
              else int(width * (DIGIT_PIXELS + COLUMN_PADDING_PIXELS) + 0.5))
    return pixels * PIXEL


def printed_width(widths: Iterable[float]) -> float:
    """The printed width in points (at 100 %) of columns of these widths: LibreOffice's,
    the wider of the two applications."""
    return sum(column_points(w) for w in widths) * LIBREOFFICE_WIDER


def _narrow(decimals: int, percent: bool) -> float:
    """The magnitude below which a number of these decimals shows in 10 characters at most,
    with a minus (and a percent sign): n digits take n + (n - 1) // 3 with separators."""
    room = 10 - 1 - percent - (decimals + 1 if decimals else 0)
    digits = max((n for n in range(1, 11) if n + (n - 1) // 3 <= room), default=0)
    return 10.0 ** digits / (100 if percent else 1) if digits else 0.0


MAX_NUMBER_WIDTH = 40  # beyond it a number is ### rather than a column across the page
SHOWN_DECIMALS = 10  # the most a number format shows (styles.number)
_NARROW = {percent: [_narrow(d, percent) for d in range(SHOWN_DECIMALS + 1)]
           for percent in (False, True)}


def wide_numbers(indicators: Sequence[Indicator]) -> tuple[dict[int, int], dict[int, int]]:
    """The characters the widest number of an indicator needs as shown (thousands
    separators, the decimals typed, a percent sign, a minus), for those with a number of
    more than the 10 characters the usual width of 11 holds: of its outcomes and targets, and
    of its Tolerans and Delvis, by the indicator's index."""
    values: dict[int, int] = {}
    limits: dict[int, int] = {}
    for index, indicator in enumerate(indicators):
        for found, measures in (
                (values, (*indicator.outcomes.values(), *indicator.targets.values())),
                (limits, (indicator.tolerance, indicator.partly))):
            for measure in measures:
                if measure.__class__ is not Measure:
                    continue  # no value, or a target word (Öka, Minska)
                value, percent = measure.value, measure.percent
                decimals = min(measure.decimals, SHOWN_DECIMALS)
                if -_NARROW[percent][decimals] < value < _NARROW[percent][decimals]:
                    continue  # 10 characters at most
                shown = abs(value) * 100 if percent else abs(value)
                chars = len(f"{shown:,.{decimals}f}") + percent + (value < 0)
                if chars > 10:
                    found[index] = max(found.get(index, 0), chars)
    return values, limits


def number_width(chars: dict[int, int], indices: Iterable[int], minimum: float) -> float:
    """A width for the widest number of these indicators (`chars` from wide_numbers), at
    least `minimum`: a budget of 5 000 000 000 kr shows as such, not as ###."""
    longest = max((chars.get(i, 0) for i in indices), default=0) if chars else 0
    return max(minimum, min(MAX_NUMBER_WIDTH, round(0.9 * longest + 2, 1)))



@functools.lru_cache(maxsize=16)
def line_height(size: float = TEXT_SIZE) -> float:
    """The height of one line of Arial at `size` points, as Excel gives it (12.75 for 10 pt),
    in whole pixels."""
    return -(-size * 1.275 // PIXEL) * PIXEL


# By character rather than code point, so that a text is measured in one pass of C code
# (sum(map(...))): a large report measures some 150,000 texts.
_BY_CHARACTER = {bold: {chr(code): width for code, width in face.items()}
                 for bold, face in _FACES.items()}


def _word_width(word: str, bold: bool) -> int:
    widths = _BY_CHARACTER[bold]
    try:
        return sum(map(widths.__getitem__, word))
    except KeyError:  # a character the table lacks: one em
        return sum(widths.get(c, _EM) for c in word)


@functools.lru_cache(maxsize=1 << 16)  # a name stands on three tabs
def text_width(text: str, size: float = TEXT_SIZE, bold: bool = False) -> float:
    """The width of one line of `text` in points, as measured here (with SAFETY)."""
    return _word_width(text, bold) * size / _EM * SAFETY


def _space(size: float, bold: bool) -> float:
    return _FACES[bold][0x20] * size / _EM * SAFETY


def fit(texts: Iterable[str], minimum: float, maximum: float, bold: bool = False) -> float:
    """A column width (in digits) for the longest of `texts` on one line, within
    [minimum, maximum]."""
    widest = max((text_width(t, bold=bold) for t in texts), default=0.0)
    digits = (widest + CELL_MARGIN) / PIXEL / DIGIT_PIXELS
    return max(minimum, min(maximum, round(digits + 0.5)))


@functools.lru_cache(maxsize=65536)
def wrap(text: str, room: float, size: float = TEXT_SIZE, bold: bool = False) -> tuple[str, ...]:
    """`text` as the lines it wraps into in `room` points: broken at spaces, a word longer
    than a line broken where the line is full, line breaks kept."""
    scale = size / _EM * SAFETY
    space = _space(size, bold)
    widths = _BY_CHARACTER[bold]
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line, used = "", 0.0
        for word in paragraph.split(" "):
            width = _word_width(word, bold) * scale
            if line and used + space + width <= room:
                line, used = f"{line} {word}", used + space + width
                continue
            if line or used:
                lines.append(line)
            line, used = "", 0.0
            while width > room and len(word) > 1:  # a word wider than the line
                cut, taken = 0, 0.0
                for character in word:  # as many characters as fit, at least one
                    advance = widths.get(character, _EM) * scale
                    if cut and taken + advance > room:
                        break
                    cut, taken = cut + 1, taken + advance
                lines.append(word[:cut])
                word, width = word[cut:], width - taken
            line, used = word, width
        lines.append(line)
    return tuple(lines)


def lines(text: str, width: float, size: float = TEXT_SIZE, bold: bool = False) -> int:
    """How many lines `text` takes in a column of `width` (in digits)."""
    if not text:
        return 1
    room = column_points(width) - CELL_MARGIN
    if text_width(text, size, bold) <= room and "\n" not in text:
        return 1
    return len(wrap(text, room, size, bold))


def height(cells: Iterable[tuple[str, float]], minimum: float = ROW_MINIMUM,
           size: float = TEXT_SIZE, bold: bool = False) -> float:
    """The height in points of a row whose wrapped texts are `cells` (text, column width in
    digits): its tallest cell's lines, and at least `minimum`."""
    most = 1
    for text, width in cells:
        if text:
            count = lines(text, width, size, bold)
            if count > most:
                most = count
    return min(409.5, max(minimum, most * line_height(size) + 3 * PIXEL))


def split_title(text: str, room: float, size: float, bold: bool = True) -> list[str]:
    """A heading as the lines it takes in `room` points at `size`."""
    return list(wrap(text, room, size, bold)) or [""]


def table_width(role: ColumnRole, header: str, boards: list[str],
                numbers: tuple[float, float] = (0, 0)) -> float:
    """The width of a column of the table of all indicators; `numbers`, the widths its
    widest outcome or target and its widest Tolerans or Delvis need (number_width)."""
    if role is ColumnRole.GOAL:
        return 32
    if role in (ColumnRole.NAME, ColumnRole.COMMENT):
        return 42
    if role is ColumnRole.BOARD:
        return fit(boards, 14, 28)
    if role in (ColumnRole.OUTCOME, ColumnRole.TARGET):
        return max(11, len(header) + 3, numbers[0])
    if role in (ColumnRole.TOLERANCE, ColumnRole.PARTLY):
        return max(12, len(header) + 4, numbers[1])
    if role in (ColumnRole.DIRECTION, ColumnRole.STATUS, ColumnRole.TREND):
        return max(15, len(header) + 3)
    return max(12, min(40, len(header) + 4))
