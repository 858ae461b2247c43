"""The formulas written into the workbook, with the rules in rules.py as their twin.

Each returns English-syntax formula text (Excel translates it for a Swedish display). Status
and trend formulas refer only to cells of their own row, so sorting keeps them right.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_col_to_name

from indexcel.model import Direction

COUNTIF_MAX_CRITERION = 255


def _num(value: float) -> str:
    return repr(float(value)).removesuffix(".0")


def _str(text: str) -> str:
    """A text as a formula literal. A "(" ends the literal and starts the next one
    ("SORT"&"(x)"): XlsxWriter takes a function name followed by "(" anywhere in a formula,
    also inside a text, for a newer function, and would write the formula as a dynamic array
    or prefix the name."""
    literal = '"' + text.replace('"', '""') + '"'
    return literal.replace("(", '"&"(') if "(" in text else literal


def status_glyph(outcome: str, target: str, direction: Direction, glyphs: dict) -> str:
    """Ball for a board or goal tab: outcome and target are cell names such as 'E6'."""
    op = "<=" if direction is Direction.LOWER_IS_BETTER else ">="
    return (f'=IF(OR({outcome}="",{target}=""),{_str(glyphs["not_assessed"])},'
            f'IF({outcome}{op}{target},{_str(glyphs["met"])},{_str(glyphs["not_met"])}))')


def status_word(outcome: str, target: str, direction_cell: str, lower_label: str,
                labels: dict) -> str:
    """Status as a word in the table; the direction is read from the row's Riktning cell
    (the table always has one)."""
    compare = f"IF({direction_cell}={_str(lower_label)},{outcome}<={target},{outcome}>={target})"
    return (f'=IF(OR({outcome}="",{target}=""),{_str(labels["not_assessed"])},'
            f'IF({compare},{_str(labels["met"])},{_str(labels["not_met"])}))')


def trend_number(current: str, previous: str, tolerance: float) -> str:
    """1, 0 or -1 for an arrow icon set; empty text when a year lacks a value."""
    return (f'=IF(OR({current}="",{previous}=""),"",'
            f'IF(ABS({current}-{previous})<={_num(tolerance)},0,SIGN({current}-{previous})))')


def trend_word(current: str, previous: str, tolerance: float, labels: dict) -> str:
    return (f'=IF(OR({current}="",{previous}=""),"",'
            f'IF(ABS({current}-{previous})<={_num(tolerance)},{_str(labels["unchanged"])},'
            f'IF({current}>{previous},{_str(labels["up"])},{_str(labels["down"])})))')


def exact_criterion(text: str) -> str:
    """A COUNTIFS criterion that matches `text` exactly: wildcards escaped, '=' in front so a
    leading '<' or '>' is not an operator. Criteria over 255 characters fail in Excel, so a
    longer text matches on its first 250 characters."""
    escaped = text.replace("~", "~~").replace("*", "~*").replace("?", "~?")
    if len(escaped) + 1 > COUNTIF_MAX_CRITERION:
        escaped = escaped[:COUNTIF_MAX_CRITERION - 6].rstrip("~") + "*"
    return "=" + escaped


def whole_column(sheet_ref: str, col: int) -> str:
    letter = xl_col_to_name(col)
    return f"{sheet_ref}!${letter}:${letter}"


def countifs(pairs: list[tuple[str, str]]) -> str:
    """COUNTIFS over (range, criterion) pairs, criteria given as plain text."""
    args = ",".join(f"{rng},{_str(crit)}" for rng, crit in pairs)
    return f"=COUNTIFS({args})"
