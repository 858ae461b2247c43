"""The number parser: Swedish and international spellings, and what is not a number."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexcel import limits
from indexcel.model import Measure
from indexcel.numbers import (
    NotANumber,
    _parse_general,
    decimals_of,
    measure_from_cell,
    parse_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25,9 %", Measure(0.259, 1, True)),
        ("25.9%", Measure(0.259, 1, True)),
        ("25,9\u00a0%", Measure(0.259, 1, True)),
        ("421 442", Measure(421442.0, 0, False)),
        ("421\u00a0442", Measure(421442.0, 0, False)),
        ("421\u202f442", Measure(421442.0, 0, False)),
        ("\u22125,7", Measure(-5.7, 1, False)),
        ("-5,7", Measure(-5.7, 1, False)),
        ("\u201327%", Measure(-0.27, 0, True)),
        ("+3", Measure(3.0, 0, False)),
        ("0%", Measure(0.0, 0, True)),
        ("10.67%", Measure(0.1067, 2, True)),
        ("1 234 567,89", Measure(1234567.89, 2, False)),
        ("1.234.567", Measure(1234567.0, 0, False)),
        ("1.234,5", Measure(1234.5, 1, False)),
        ("1,234.5", Measure(1234.5, 1, False)),
        ("1,234", Measure(1.234, 3, False)),  # Swedish: a single comma is a decimal comma
        ("  4,60 ", Measure(4.6, 2, False)),
    ],
)
def test_parses_swedish_and_international_spellings(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "-", "–", "—", "..", "...", "…", "\u00a0"])
def test_markers_for_no_value_are_none_never_zero(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    "text", ["abc", "12 5", "1,2,3", "5,", ",5", "1.2.3,4,5", "ca 5", "5 kr", "1e5", "%", "--5"]
)
def test_rejects_what_is_not_a_number(text):
    with pytest.raises(NotANumber, match=r"not|separator|spaces|digits|mixes"):
        parse_number(text)


def _swedish(value: Decimal, decimals: int, group: str, minus: str) -> str:
    text = f"{abs(value):,.{decimals}f}".replace(",", group).replace(".", ",")
    return (minus if value < 0 else "") + text


@given(
    st.decimals(min_value=-10**9, max_value=10**9, places=3, allow_nan=False),
    st.integers(min_value=0, max_value=3),
    st.sampled_from([" ", "\u00a0", "\u202f", ""]),
    st.sampled_from(["-", "\u2212"]),
    st.booleans(),
)
def test_any_swedish_number_round_trips(value, decimals, group, minus, percent):
    value = round(value, decimals)
    text = _swedish(value, decimals, group, minus) + (" %" if percent else "")
    measure = parse_number(text)
    expected = value.scaleb(-2) if percent else value
    assert measure is not None
    assert measure.value == float(expected)
    assert measure.decimals == decimals
    assert measure.percent is percent


@given(st.from_regex("\\A[-\u2212+]?\\d{1,4}([ \u00a0\u202f]{1,2}\\d{1,4}){0,3}([,.]\\d{0,3})?"
                     "[ \u00a0]?%?\\Z"))
def test_the_shortcut_for_common_shapes_agrees_with_the_general_rules(text):
    """parse_number takes a short way for '-1 234,5 %' and the like; it must give what the
    general rules give, and refuse what they refuse."""
    text = text.strip(" \u00a0\u202f")
    try:
        general = _parse_general(text, text)
    except NotANumber:
        general = None
    try:
        shortcut = parse_number(text)
    except NotANumber:
        shortcut = None
    assert shortcut == general


@given(st.text(alphabet="0123456789,. %-\u2212\u00a0abc", max_size=12))
def test_parser_returns_or_raises_but_never_crashes(text):
    try:
        result = parse_number(text)
    except NotANumber:
        return
    assert result is None or isinstance(result.value, float)


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        (0.259, "0.0%", Measure(0.259, 1, True)),
        (0.259, "0%", Measure(0.259, 0, True)),
        (10.52, "General", Measure(10.52, 2, False)),
        (421442, "#,##0", Measure(421442.0, 0, False)),
        (2.5, "0.00", Measure(2.5, 2, False)),
        ("25,9 %", "@", Measure(0.259, 1, True)),  # a number typed into a text cell
        (None, "General", None),
    ],
)
def test_cells_keep_their_percent_and_decimals(value, number_format, expected):
    assert measure_from_cell(value, number_format) == expected


@pytest.mark.parametrize("value", [True, dt.datetime(2024, 1, 1), dt.date(2024, 1, 1),
                                   float("nan"), float("inf")])
def test_cells_that_are_not_numbers(value):
    with pytest.raises(NotANumber):
        measure_from_cell(value, "General")


@given(st.integers(min_value=0, max_value=6), st.integers(min_value=-10**6, max_value=10**6))
def test_decimals_of_a_plainly_written_float(decimals, units):
    value = float(Decimal(units).scaleb(-decimals))
    assert decimals_of(value) <= decimals


# -- numbers no cell can hold (issue 11) --------------------------------------------------------

@given(st.integers(min_value=1, max_value=1200), st.sampled_from(["", "-", "\u2212"]),
       st.sampled_from(["", " %"]), st.integers(min_value=0, max_value=1200))
def test_a_number_of_any_length_is_a_finite_measure_or_refused(digits, sign, percent, zeros):
    for text in (f"{sign}{'9' * digits}{percent}", f"{sign}0,{'0' * zeros}1{percent}"):
        try:
            measure = parse_number(text)
        except NotANumber as exc:
            assert "Excel holds" in str(exc)
            continue
        assert measure is not None
        assert math.isfinite(measure.value) and abs(measure.value) <= limits.MAX_NUMBER
        assert measure.value != 0.0  # a number that is not zero never becomes zero


@given(st.integers(min_value=-(10**400), max_value=10**400))
def test_an_integer_cell_is_a_finite_measure_or_refused(value):
    try:
        measure = measure_from_cell(value)
    except NotANumber as exc:
        assert abs(value) > limits.MAX_NUMBER
        assert "larger than the largest number Excel holds" in str(exc)
        return
    assert measure is not None and math.isfinite(measure.value)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_a_float_cell_is_finite_or_refused(value):
    try:
        measure = measure_from_cell(value)
    except NotANumber:
        assert not math.isfinite(value) or abs(value) > limits.MAX_NUMBER
        return
    assert measure is not None and measure.value == value


@pytest.mark.parametrize("text", ["9" * 400, "-" + "9" * 309, "1" + "0" * 309])
def test_texts_beyond_excel_s_largest_number_are_refused(text):
    with pytest.raises(NotANumber, match="larger than the largest number Excel holds"):
        parse_number(text)
