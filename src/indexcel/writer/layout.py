"""Widths and heights: how wide a column, how tall a row of wrapped text.

Neither Excel nor LibreOffice reliably grows the rows of a generated file to fit wrapped
text, so the writer sets each row's height from its texts and the column widths.
"""

from __future__ import annotations

from collections.abc import Iterable

from indexcel.model import ColumnRole

LINE_HEIGHT = 13.0  # points per line of the 10 pt text
NAME_WIDTH = 52
COMMENT_WIDTH = 45
GUIDE_TEXT_WIDTH = 110
CHART_ROWS = 9  # rows of a goal tab's top reserved for its pie chart
TITLE_LINE = 95  # characters of a goal's title on one line of its tab's heading


def fit(texts: Iterable[str], minimum: float, maximum: float) -> float:
    """A width for the longest of `texts`, within [minimum, maximum]."""
    longest = max((len(t) for t in texts), default=0)
    return max(minimum, min(maximum, longest + 2))


def height(cells: list[tuple[str, float]]) -> float | None:
    """The height of a row whose wrapped texts are `cells` (text, column width); None when one
    line is enough."""
    lines = 1
    for text, width in cells:
        lines = max(lines, _lines(text, width))
    return min(409, LINE_HEIGHT * lines + 3) if lines > 1 else None


def _lines(text: str, width: float) -> int:
    # A width unit is one '0' of 11 pt Calibri; the 10 pt text here fits about 1.3 per unit.
    per_line = max(int(width * 1.3) - 2, 1)
    text = str(text)
    if len(text) <= per_line and "\n" not in text:
        return 1
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def split_title(text: str, limit: int = TITLE_LINE) -> list[str]:
    """A long title as lines of at most `limit` characters, broken between words."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > limit:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return lines


def table_width(role: str, header: str, boards: list[str]) -> float:
    """The width of a column of the table of all indicators."""
    if role is ColumnRole.GOAL:
        return 32
    if role in (ColumnRole.NAME, ColumnRole.COMMENT):
        return 42
    if role is ColumnRole.BOARD:
        return fit(boards, 14, 28)
    if role in (ColumnRole.OUTCOME, ColumnRole.TARGET):
        return max(11, len(header) + 3)
    if role in (ColumnRole.DIRECTION, ColumnRole.STATUS, ColumnRole.TREND):
        return max(15, len(header) + 3)
    return max(12, min(40, len(header) + 4))
