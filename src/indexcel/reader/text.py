"""Cell values as text: keys with their spaces folded, short quotes for messages, and the
checks that keep every value within what an Excel file can carry."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from indexcel import limits, theme
from indexcel.model import Severity, shorten
from indexcel.reader.rows import Report, Where

# A goal also stands in a cell after this label (a board tab's goal headings).
_GOAL_HEADING_UNITS = limits.utf16_units(theme.LABEL_GOAL_HEADING.format(goal=""))
MAX_GOAL_UNITS = limits.MAX_CELL_UNITS - _GOAL_HEADING_UNITS
# A text of no more characters fits any cell whatever it holds (a character is at most two
# UTF-16 units), so that its length need not be counted.
SHORT_TEXT = MAX_GOAL_UNITS // 2


def as_text(value: Any) -> str:
    if value.__class__ is str:  # nearly always
        return value.strip() if "\n" in value else " ".join(value.split())
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    return " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()


def cleaned(text: str, where: Where, problem: Report) -> str:
    """`text` without the characters XML cannot carry, with a warning when any were there."""
    if not limits.has_unwritable(text):
        return text
    kept = limits.without_unwritable(text)
    problem(Severity.WARNING, where,
            f"{len(text) - len(kept)} control character(s) removed from the text "
            f"'{shorten(kept, 40)}'; an Excel file cannot carry them.",
            "Remove them from the cell.", kind="unwritable")
    return kept


def checked(value: Any, where: Where, problem: Report, goal: bool = False) -> Any:
    """`value` as a cell of the report can hold it: characters XML cannot carry removed (with
    a warning); None, with an error, for a text longer than a cell holds or a number beyond
    Excel's range. Numbers of outcome and target columns are checked where they are parsed."""
    cls = value.__class__
    if cls is str:
        value = cleaned(value, where, problem)
        if goal and len(value) > SHORT_TEXT and limits.utf16_units(value) > MAX_GOAL_UNITS:
            problem(Severity.ERROR, where,
                    f"the goal is {limits.utf16_units(value):,} characters long; the report "
                    f"writes it after '{theme.LABEL_GOAL_HEADING.format(goal='')}' in one cell, "
                    f"so it may be at most {MAX_GOAL_UNITS:,} (an emoji counts as two).",
                    "Shorten the goal's title.")
            return None
        if not limits.fits_cell(value):
            problem(Severity.ERROR, where,
                    f"the text is {limits.utf16_units(value):,} characters long; an Excel cell "
                    f"holds at most {limits.MAX_CELL_UNITS:,} (an emoji counts as two).",
                    "Shorten it, or move the long text to a document and refer to it.")
            return None
    elif (cls is int or cls is float) and not limits.fits_number(value):
        text = str(value) if cls is float else f"a number of {len(str(abs(value))):,} digits"
        problem(Severity.ERROR, where,
                f"the cell holds {text}, which no Excel cell can hold (the largest number is "
                "9.99999999999999E+307).",
                "Correct the number.")
        return None
    return value
