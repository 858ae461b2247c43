"""Widths and heights: how wide a column, how tall a row of wrapped text.

Neither Excel nor LibreOffice reliably grows the rows of a generated file to fit wrapped
text, so the writer sets each row's height from its texts and the column widths.
"""

from __future__ import annotations

from collections.abc import Iterable

from indexcel.model import Measure

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


def number_width(measures: Iterable[object], minimum: float) -> float:
    """A width for the widest of these numbers as shown (thousands separators, the decimals
    typed, a percent sign), at least `minimum`: a budget of 5 000 000 000 kr shows as such,
    not as ###. Only numbers of 100 000 (or 1 000 %) and more can be wider than 11."""
    longest = 0
    for measure in measures:
        if not isinstance(measure, Measure):
            continue  # no value, or a target word (Öka, Minska)
        value = measure.value
        shown = abs(value) * 100 if measure.percent else abs(value)
        if shown < 1e5:
            continue
        text = f"{shown:,.{measure.decimals}f}" + ("%" if measure.percent else "")
        longest = max(longest, len(text) + (value < 0))
    return max(minimum, round(0.9 * longest + 2, 1))


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


def table_width(role: str, header: str, boards: list[str], numbers: float = 0) -> float:
    """The width of a column of the table of all indicators; `numbers`, the width its
    widest number needs (number_width)."""
    if role == "goal":
        return 32
    if role in ("name", "comment"):
        return 42
    if role == "board":
        return fit(boards, 14, 28)
    if role in ("outcome", "target"):
        return max(11, len(header) + 3, numbers)
    if role in ("tolerance", "partly"):
        return max(12, len(header) + 4, numbers)
    if role in ("direction", "status", "trend"):
        return max(15, len(header) + 3)
    return max(12, min(40, len(header) + 4))
