"""Numbers the way Swedish users write them, in cells and in CSV files.

`parse_number("25,9 %")` gives Measure(0.259, decimals=1, percent=True). Empty, "-", "–" and
".." mean "no value" and give None, never zero. Anything else that is not a number raises
NotANumber, whose message says what was expected.
"""

from __future__ import annotations

import datetime as _dt
import re
import sys

from indexcel import limits
from indexcel.model import Measure, Rank

MISSING_MARKERS = frozenset({"", "-", "–", "—", "..", "...", "…"})

# Spaces people (and Excel) put between thousands: normal, no-break, narrow no-break, thin.
_GROUP_SPACES = "\u0020\u00a0\u202f\u2009"
_MINUS_SIGNS = "-\u2212\u2013"  # hyphen-minus, Unicode minus, en dash (Word "corrects" to it)
_SPACE_RUN = re.compile(f"[{_GROUP_SPACES}]+")
_NUMBER = re.compile(
    rf"^(?P<sign>[+{re.escape(_MINUS_SIGNS)}])?(?P<body>\d[\d.,{_GROUP_SPACES}]*)(?P<pct>[{_GROUP_SPACES}]?%)?$"
)
# The usual shapes, "-1 234,5 %" or "42": digits grouped by single spaces (or not at all), a
# decimal comma, a percent sign.
_COMMON = re.compile(
    rf"^([{re.escape(_MINUS_SIGNS)}])?(\d{{1,3}}(?:[{_GROUP_SPACES}]\d{{3}})+|\d+)(?:,(\d+))?"
    rf"(?:[{_GROUP_SPACES}]?(%))?$"
)
_NO_SPACES = str.maketrans("", "", _GROUP_SPACES)
_GROUPED = {
    " ": re.compile(r"^\d{1,3}( \d{3})+$"),
    ",": re.compile(r"^\d{1,3}(,\d{3})+$"),
    ".": re.compile(r"^\d{1,3}(\.\d{3})+$"),
}
# Decimals shown by an Excel number format: the zeros/hashes after the decimal point.
_FORMAT_DECIMALS = re.compile(r"\.([0#?]+)")
_MAX_DECIMALS = 10
# Texts with fewer digits than this are within the range of a float whatever they say; longer
# ones are checked for overflow (float() gives inf) and underflow (a non-zero text gives 0).
_RANGE_CHECK_DIGITS = 300


class NotANumber(ValueError):
    """The text is neither a number nor one of the markers for "no value"."""


def is_missing(text: str) -> bool:
    return text.strip(_GROUP_SPACES + "\t\r\n") in MISSING_MARKERS


def parse_number(text: str) -> Measure | None:
    raw = text
    text = text.strip(_GROUP_SPACES + "\t\r\n")
    if text in MISSING_MARKERS:
        return None
    common = _COMMON.match(text)
    if common:  # most cells of a large file; the general way below gives the same Measure
        sign, integer, fraction, percent = common.groups()
        digits = integer.translate(_NO_SPACES)
        if fraction:
            digits = f"{digits}.{fraction}"
        value = float(f"{digits}e-2" if percent else digits)
        if len(digits) > _RANGE_CHECK_DIGITS:
            _check_range(value, digits, raw)
        return Measure(-value if sign else value, decimals=len(fraction or ""),
                       percent=percent is not None)
    return _parse_general(text, raw)


def _parse_general(text: str, raw: str) -> Measure:
    """Any number parse_number accepts: point or comma decimals, grouped or not, '+'."""
    match = _NUMBER.match(text)
    if not match:
        raise NotANumber(f"'{_quote(raw)}' is not a number")
    body = match.group("body")
    if not body.isdigit():
        body = _SPACE_RUN.sub(" ", body).strip()
    integer, fraction = _split_decimal(body, raw)
    if " " in integer and not _GROUPED[" "].match(integer):
        raise NotANumber(f"'{_quote(raw)}' has spaces that do not group thousands")
    integer = integer.replace(" ", "")
    digits = f"{integer}.{fraction}" if fraction else integer
    percent = match.group("pct") is not None
    # float() of a decimal string is correctly rounded, and so is "25.9e-2": the percentage
    # 25,9 % becomes exactly the float 0.259, as Excel stores it.
    value = float(f"{digits}e-2" if percent else digits)
    if len(digits) > _RANGE_CHECK_DIGITS:
        _check_range(value, digits, raw)
    if match.group("sign") and match.group("sign") != "+":
        value = -value
    return Measure(value, decimals=len(fraction), percent=percent)


def _check_range(value: float, digits: str, raw: str) -> None:
    """Refuse a number no cell can hold, rather than make it inf or 0."""
    if not limits.fits_number(value):
        raise NotANumber(f"'{_quote(raw)}' is larger than the largest number Excel holds "
                         "(9.99999999999999E+307)")
    if abs(value) < sys.float_info.min and digits.strip("0.") != "":
        raise NotANumber(f"'{_quote(raw)}' is closer to zero than the smallest number Excel "
                         "holds (about 2.2E-308)")


def _quote(text: str, limit: int = 40) -> str:
    """A long number, shortened for a message: its start, and how many characters it has."""
    text = text.strip()
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def _split_decimal(body: str, raw: str) -> tuple[str, str]:
    """Split "1 234,5" into ("1 234", "5"), deciding which mark is the decimal separator."""
    commas, points = body.count(","), body.count(".")
    if commas and points:
        decimal_mark = "," if body.rfind(",") > body.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        if body.count(decimal_mark) > 1:
            raise NotANumber(f"'{_quote(raw)}' has more than one decimal separator")
        integer, fraction = body.split(decimal_mark)
        if not _GROUPED[group_mark].match(integer.replace(" ", "")):
            raise NotANumber(f"'{_quote(raw)}' mixes '.' and ',' in a way that is not a number")
        integer = integer.replace(group_mark, "")
    elif commas > 1 or points > 1:
        mark = "," if commas else "."
        if not _GROUPED[mark].match(body):
            raise NotANumber(f"'{_quote(raw)}' has more than one decimal separator")
        integer, fraction = body.replace(mark, ""), ""
    elif commas or points:
        # A single mark is a decimal separator: Swedish writes 1,234 for one point two three four.
        integer, fraction = body.split("," if commas else ".")
        if not integer or not fraction:
            raise NotANumber(f"'{_quote(raw)}' has a decimal separator with no digits on one side")
    else:
        integer, fraction = body, ""
    if " " in fraction:
        raise NotANumber(f"'{_quote(raw)}' has spaces after the decimal separator")
    return integer, fraction


def measure_from_cell(value: object, number_format: str = "General") -> Measure | None:
    """A Measure from a spreadsheet cell's value and its number format."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise NotANumber(f"'{value}' is a TRUE/FALSE value, not a number")
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time, _dt.timedelta)):
        raise NotANumber(f"'{value}' is a date or time, not a number")
    if isinstance(value, str):
        return parse_number(value)
    if not isinstance(value, (int, float)):
        raise NotANumber(f"'{_quote(str(value))}' is not a number")
    if not limits.fits_number(value):
        if isinstance(value, int):
            raise NotANumber(f"the number '{_quote(str(value))}' is larger than the largest "
                             "number Excel holds (9.99999999999999E+307)")
        if value != value or value in (float("inf"), float("-inf")):
            raise NotANumber(f"'{value}' is not a finite number")
        raise NotANumber(f"the number {value!r} is larger than the largest number Excel holds "
                         "(9.99999999999999E+307)")
    number = float(value)
    section = (number_format or "General").split(";")[0]
    percent = "%" in section
    found = _FORMAT_DECIMALS.search(section)
    if found:
        decimals = len(found.group(1))
    elif section.strip().lower() == "general" or not section.strip():
        decimals = decimals_of(number * 100 if percent else number)
    else:
        decimals = 0
    return Measure(number, decimals=decimals, percent=percent)


def decimals_of(number: float) -> int:
    """How many decimals a float shows when written plainly (10.52 -> 2), at most ten."""
    text = f"{round(number, _MAX_DECIMALS):.{_MAX_DECIMALS}f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


_RANK = re.compile(r"^(\d{1,9})(?:\s*(?:av|/)\s*(\d{1,9}))?$")
MAX_RANKED = 100_000  # far more than Sweden's 290 municipalities and 21 regions


def rank_from_cell(value: object) -> Rank | None:
    """A place among the municipalities ranked: 12, "12" or "12 av 290" (the count ranked
    after "av" or "/"); None for an empty cell or a marker of no value. Raises NotANumber
    for anything else, a place below 1 or a place beyond the count."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise NotANumber(f"'{_quote(str(value))}' is not a place such as 12 or 12 av 290")
    text = " ".join(str(value).split())
    if is_missing(text):
        return None
    match = _RANK.match(text.casefold())
    if not match:
        raise NotANumber(f"'{_quote(text)}' is not a place such as 12 or 12 av 290")
    position, of = int(match.group(1)), int(match.group(2)) if match.group(2) else None
    if position < 1 or (of is not None and not position <= of <= MAX_RANKED):
        raise NotANumber(f"'{_quote(text)}' is not a place among those ranked (from 1, and "
                         "at most the count after 'av')")
    return Rank(position, of)
