"""The sparkline of each indicator row (Utveckling): a native Excel line sparkline over the
row's outcome cells, one group per tab, through XlsxWriter's public `add_sparkline`.

It reads the outcome cells of its own row, so that an edited outcome redraws it; the high
and low points are marked, and the last point, the report year's value. A dark line of
1.25 pt reads as a line in black-and-white print; the markers are shades apart.
"""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

from indexcel import theme
from indexcel.errors import OutputError
from indexcel.writer.cells import column_letter

WIDTH = 13  # the column's width, in characters: room for ten years' points


def add(sheet: Worksheet, rows: list[int], col: int, first_col: int, last_col: int) -> None:
    """A sparkline in column `col` of each of `rows` (0-based), over columns
    first_col..last_col of its own row."""
    if not rows:
        return
    where, first, last = column_letter(col), column_letter(first_col), column_letter(last_col)
    numbers = [str(row + 1) for row in rows]
    options = {
        "location": [f"{where}{n}" for n in numbers],
        "range": [f"{first}{n}:{last}{n}" for n in numbers],
        "type": "line", **theme.SPARKLINE}
    if sheet.add_sparkline(rows[0], col, options) != 0:
        raise OutputError(f"sheet '{sheet.name}': the sparklines could not be added.")
