"""The formulas written into the workbook, with the rules in rules.py as their twin.

Each returns English-syntax formula text (Excel translates it for a Swedish display). Status
and trend formulas refer only to cells of their own row, so sorting keeps them right. Every
comparison counts a difference within 1/(2·10¹⁴) of the largest value compared as none, as
rules.negligible does, with the same operations in the same order, so that the cached value
(computed in Python) is the one Excel and LibreOffice compute.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name

from indexcel import limits
from indexcel.model import Direction


def _num(value: float) -> str:
    return repr(float(value)).removesuffix(".0")


def _str(text: str) -> str:
    """A text as a formula literal. A "(" ends the literal and starts the next one
    ("SORT"&"(x)"): XlsxWriter takes a function name followed by "(" anywhere in a formula,
    also inside a text, for a newer function, and would write the formula as a dynamic array
    or prefix the name."""
    literal = '"' + text.replace('"', '""') + '"'
    return literal.replace("(", '"&"(') if "(" in text else literal


@dataclass(frozen=True)
class RowCells:
    """The cells of one row a status formula reads, as names such as 'E6' (or templates with
    a NUL for the row number); None where the tab has no such column."""

    outcome: str
    target: str
    previous: str | None = None  # last year's outcome
    tolerance: str | None = None
    partly: str | None = None


def shortfall(cells: RowCells, direction: Direction) -> str:
    """How far the outcome falls short of the target, for a direction known when writing."""
    o, t = cells.outcome, cells.target
    if direction is Direction.LOWER_IS_BETTER:
        return f"{o}-{t}"
    if direction is Direction.NEAR_TARGET:
        return f"ABS({o}-{t})"
    return f"{t}-{o}"


def shortfall_by_word(cells: RowCells, direction_cell: str,
                      labels: Mapping[Direction, str]) -> str:
    """The shortfall for the direction written in a Riktning cell (the table's)."""
    o, t = cells.outcome, cells.target
    return (f"IF({direction_cell}={_str(labels[Direction.LOWER_IS_BETTER])},{o}-{t},"
            f"IF({direction_cell}={_str(labels[Direction.NEAR_TARGET])},ABS({o}-{t}),"
            f"{t}-{o}))")


def _negligible(*refs: str) -> str:
    """rules.negligible of these cells: the largest difference between them that is none."""
    return "MAX(" + ",".join(f"ABS({ref})" for ref in refs) + ")/2E14"


def _missing(*refs: str) -> str:
    """True where a cell holds no number: empty, or a text someone typed (such as "-")."""
    tests = [f"NOT(ISNUMBER({ref}))" for ref in refs]
    return tests[0] if len(tests) == 1 else f"OR({','.join(tests)})"


def status(cells: RowCells, gap: str, results: dict[str, str],
           change_words: Mapping[str, tuple[str, ...]] | None = None) -> str:
    """The status of a row, as one of `results` (by status key: met, partly_met, not_met,
    not_assessed). `gap` is the shortfall expression; `change_words` (increase/decrease:
    their words) when a target may be Öka or Minska; any other text in the target cell, as
    in an empty one, leaves the row not assessed."""
    o, t, lit = cells.outcome, cells.target, {k: _str(v) for k, v in results.items()}
    minus_tolerance = f"-N({cells.tolerance})" if cells.tolerance else ""
    small = _negligible(o, t)
    verdict = lit["not_met"]
    if cells.partly:
        d = cells.partly
        verdict = (f"IF(AND(ISNUMBER({d}),{gap}-N({d})<={small}),{lit['partly_met']},"
                   f"{verdict})")
    numeric = f"IF({gap}{minus_tolerance}<={small},{lit['met']},{verdict})"
    words = (_change(cells, lit, change_words) if change_words is not None
             else lit["not_assessed"])
    return f"=IF({_missing(o)},{lit['not_assessed']},IF(ISNUMBER({t}),{numeric},{words}))"


def _change(cells: RowCells, lit: dict[str, str], words: Mapping[str, tuple[str, ...]]) -> str:
    """Öka: met when the outcome rose by more than Tolerans; Minska the mirror."""
    o, t, p = cells.outcome, cells.target, cells.previous
    if p is None:
        return lit["not_assessed"]
    minus_tolerance = f"-N({cells.tolerance})" if cells.tolerance else ""

    def said(key: str) -> str:
        return "OR(" + ",".join(f"{t}={_str(w)}" for w in words[key]) + ")"

    small = _negligible(o, p)
    return (f"IF({_missing(p)},{lit['not_assessed']},"
            f"IF({said('increase')},IF({o}-{p}{minus_tolerance}>{small},{lit['met']},"
            f"{lit['not_met']}),"
            f"IF({said('decrease')},IF({p}-{o}{minus_tolerance}>{small},{lit['met']},"
            f"{lit['not_met']}),{lit['not_assessed']})))")


def _unchanged(current: str, previous: str, tolerance: float) -> str:
    within = f"-{_num(tolerance)}" if tolerance else ""
    return f"ABS({current}-{previous}){within}<={_negligible(current, previous)}"


def trend_number(current: str, previous: str, tolerance: float) -> str:
    """1, 0 or -1 for an arrow icon set; empty text when a year lacks a value."""
    return (f'=IF({_missing(current, previous)},"",'
            f"IF({_unchanged(current, previous, tolerance)},0,SIGN({current}-{previous})))")


def improvement_number(cells: RowCells, direction: Direction, tolerance: float) -> str:
    """1 (better), 0 or -1 (worse) for an arrow icon set: a rise is better where higher is
    better, a fall where lower is better, a move towards the target near it."""
    o, p, t = cells.outcome, cells.previous, cells.target
    if p is None:
        raise ValueError("an improvement needs the cell of last year's outcome")
    missing = _missing(o, p)
    if direction is Direction.LOWER_IS_BETTER:
        sign = f"SIGN({p}-{o})"
    elif direction is Direction.NEAR_TARGET:
        missing = _missing(o, p, t)
        closer = f"ABS({p}-{t})-ABS({o}-{t})"
        sign = f"IF(ABS({closer})<={_negligible(o, p, t)},0,SIGN({closer}))"
    else:
        sign = f"SIGN({o}-{p})"
    return f'=IF({missing},"",IF({_unchanged(o, p, tolerance)},0,{sign}))'


def trend_word(current: str, previous: str, tolerance: float,
               labels: Mapping[str, str]) -> str:
    return (f'=IF({_missing(current, previous)},"",'
            f"IF({_unchanged(current, previous, tolerance)},{_str(labels['unchanged'])},"
            f'IF({current}>{previous},{_str(labels["up"])},{_str(labels["down"])})))')


def exact_criterion(text: str) -> str:
    """A COUNTIFS criterion that matches `text` exactly: wildcards escaped, '=' in front so a
    leading '<' or '>' is not an operator. Criteria over 255 characters fail in Excel, so a
    longer text matches on its first 250 characters."""
    escaped = text.replace("~", "~~").replace("*", "~*").replace("?", "~?")
    if len(escaped) + 1 > limits.MAX_COUNTIF_CRITERION:
        escaped = escaped[:limits.MAX_COUNTIF_CRITERION - 6].rstrip("~") + "*"
    return "=" + escaped


def whole_column(sheet_ref: str, col: int) -> str:
    """A column of the table below its header, to the sheet's last row: rows the table grows
    into count too, and a board or goal named like the header is not counted twice."""
    letter = xl_col_to_name(col)
    return f"{sheet_ref}!${letter}$2:${letter}${limits.MAX_ROWS}"


def countifs(pairs: list[tuple[str, str]]) -> str:
    """COUNTIFS over (range, criterion) pairs, criteria given as plain text."""
    args = ",".join(f"{rng},{_str(crit)}" for rng, crit in pairs)
    return f"=COUNTIFS({args})"


def share(counts: list[str]) -> str:
    """Met (the first of `counts`, cell names) of them all; empty when all are 0."""
    total = "+".join(counts)
    return f'=IF({total}=0,"",{counts[0]}/({total}))'
