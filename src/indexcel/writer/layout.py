"""Widths and heights: how wide a column, how tall a row of wrapped text.

Neither Excel nor LibreOffice reliably grows the rows of a generated file to fit wrapped
text, so the writer sets each row's height from its texts and the column widths.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from indexcel.model import ColumnRole, Indicator, Measure

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
