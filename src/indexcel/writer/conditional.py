"""Conditional formats: the colour of a status ball, and trend arrows as Excel icon sets.

Balls are glyphs (theme.STATUS_GLYPHS) coloured by a rule on the glyph itself, so shape
carries the meaning as well as colour. Arrows are icon sets over the numbers 1, 0 and -1,
with explicit number thresholds (left to their defaults they are percentiles of the range).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xlsxwriter.worksheet import Worksheet

from indexcel import theme
from indexcel.model import Direction, Status
from indexcel.writer.cells import column_letter

if TYPE_CHECKING:
    from indexcel.writer.styles import Styles

ICONS = [
    {"criteria": ">=", "type": "number", "value": 1},
    {"criteria": ">=", "type": "number", "value": 0},
]
GLYPHS = {status.value: glyph for status, glyph in theme.STATUS_GLYPHS.items()}


def glyph_colours(sheet: Worksheet, styles: Styles, first: int, last: int, col: int,
                  statuses: list[Status]) -> None:
    """Colour the balls in rows first..last of `col` by their glyph."""
    for status in statuses:
        key = status.value
        sheet.conditional_format(first, col, last, col, {
            "type": "cell", "criteria": "==", "value": f'"{GLYPHS[key]}"',
            "format": styles.colour[key]})


def icon_set(direction: Direction, improvement: bool) -> str:
    """The arrows of a row: better or worse in colour (improvement), or the value's way in
    the colours its direction gives."""
    return theme.IMPROVEMENT_ICON_SET if improvement else theme.TREND_ICON_SET[direction]


def arrows(sheet: Worksheet, rows_by_icon_set: dict[str, list[int]], col: int) -> None:
    """Arrow icons in `col` of the given rows, by icon set. A text (an empty result) stops the
    rules, so that no icon stands where there is no trend."""
    for icons, rows in rows_by_icon_set.items():
        if not rows:
            continue
        ranges = cell_ranges(rows, col)
        first = ranges.split(" ")[0].split(":")[0]
        sheet.conditional_format(first, {
            "type": "formula", "criteria": f"=ISTEXT({first})", "stop_if_true": True,
            "multi_range": ranges, "format": None})
        sheet.conditional_format(first, {
            "type": "icon_set", "icon_style": icons, "icons": ICONS, "icons_only": True,
            "multi_range": ranges})


def cell_ranges(rows: list[int], col: int) -> str:
    """'H6:H8 H10' from rows [5, 6, 7, 9] (0-based) in column `col`."""
    letter = column_letter(col)
    parts: list[tuple[int, int]] = []
    for row in sorted(rows):
        if parts and row == parts[-1][1] + 1:
            parts[-1] = (parts[-1][0], row)
        else:
            parts.append((row, row))
    return " ".join(f"{letter}{a + 1}" if a == b else f"{letter}{a + 1}:{letter}{b + 1}"
                    for a, b in parts)
