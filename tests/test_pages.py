"""Widths, heights and page breaks as the writer computes them (writer/layout.py,
writer/pages.py): the measure of wrapped text, and the pages laid out from row heights.
Whether LibreOffice prints them so: test_print.py."""

from __future__ import annotations

import itertools
from pathlib import Path

import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from indexcel import limits
from indexcel.writer import layout, pages
from indexcel.writer.pages import Pages, page_header

TEXT = st.text(alphabet=st.sampled_from("abcdefghij åäö ÅÄÖ-–%()0123456789\n中"), max_size=400)


@given(TEXT, st.floats(min_value=1, max_value=900))
@settings(max_examples=300, deadline=None)
def test_wrapped_lines_keep_every_character_and_fit_their_room(text: str, room: float) -> None:
    lines = layout.wrap(text, room)
    assert lines
    assert "".join(lines).replace(" ", "") == text.replace(" ", "").replace("\n", "")
    for line in lines:
        # A line is wider than its room only when it is one character that is.
        assert layout.text_width(line) <= room + 1e-9 or len(line.replace(" ", "")) <= 1


@given(TEXT, TEXT, st.sampled_from([8, 10, 28, 42, 52, 118]))
@settings(max_examples=200, deadline=None)
def test_more_text_is_never_lower(text: str, more: str, width: float) -> None:
    assert layout.lines(text + " " + more, width) >= layout.lines(text, width)
    assert layout.height([(text, width)]) >= layout.ROW_MINIMUM
    assert layout.height([(text + "\n" + more, width)]) >= layout.height([(text, width)])


def test_heights_are_whole_pixels_and_at_most_excel_s_largest() -> None:
    for text in ("", "kort", "ord " * 40, "x\n" * 60, "y" * 5000):
        height = layout.height([(text, 52)])
        assert (height / layout.PIXEL).is_integer() or height == 409.5
        assert layout.ROW_MINIMUM <= height <= 409.5


def test_a_long_word_breaks_where_the_line_is_full_in_linear_time() -> None:
    lines = layout.wrap("x" * 32_000, 100.0)
    assert len(lines) > 100 and all(layout.text_width(line) <= 100 for line in lines)


def test_a_character_the_table_lacks_counts_as_one_em() -> None:
    assert layout.text_width("中") == layout.TEXT_SIZE * layout.SAFETY
    assert layout.text_width("a中b") > layout.text_width("ab")


def test_column_widths_are_xlsxwriter_s_pixels(tmp_path: Path) -> None:
    workbook = xlsxwriter.Workbook(tmp_path / "w.xlsx")
    sheet = workbook.add_worksheet()
    for col, width in enumerate([0.5, 1, 8.43, 10, 11, 52, 118]):
        sheet.set_column(col, col, width)
    workbook.close()
    assert [layout.column_points(w) / layout.PIXEL for w in [0.5, 1, 8.43, 10, 11, 52, 118]] \
        == [6, 12, 64, 75, 82, 369, 831]


def test_the_scale_fits_the_columns_on_the_page_s_width() -> None:
    for widths in ([6, 132], [52, 10, 11, 11, 11, 11, 10, 10, 10, 10], [32, 42, 28] * 8):
        scale = pages.scale_for(widths)
        assert 10 <= scale <= 100
        assert layout.printed_width(widths) * scale / 100 <= pages.BODY_WIDTH
        if scale < 100:  # the largest whole percent that fits, with 1 % to spare
            assert layout.printed_width(widths) * 1.01 * (scale + 1) / 100 > pages.BODY_WIDTH


def test_rows_break_where_a_page_is_full_and_the_header_repeats() -> None:
    laid = Pages([52, 10, 11], first=1)
    laid.row(1, 24)
    laid.row(2, 21)
    laid.repeat(21)
    room = laid.room
    row, used, starts = 3, 45.0, []
    for _ in range(200):
        if used + 15.75 > room:
            starts.append(row)
            used = 21
        laid.row(row, 15.75)
        used += 15.75
        row += 1
    assert laid.breaks == starts and len(starts) >= 5


def test_a_block_that_does_not_fit_starts_a_page_unless_the_page_is_empty_or_it_fits_none(
        ) -> None:
    laid = Pages([52], first=0)
    laid.repeat(20)
    laid.keep(0, [laid.room * 2])  # too tall for any page: begun here
    assert laid.breaks == []
    laid.rows(0, [laid.room * 0.7])
    laid.keep(1, [laid.room * 0.5])  # fits the next page: breaks before it
    assert laid.breaks == [1]
    laid.keep(1, [laid.room * 0.5])  # the page holds only the repeated header: no new break
    assert laid.breaks == [1]


@given(st.lists(st.lists(st.floats(min_value=15.75, max_value=160), min_size=1, max_size=12),
                min_size=1, max_size=40))
@settings(max_examples=150, deadline=None)
def test_a_goal_heading_always_stands_with_its_first_rows(goals: list[list[float]]) -> None:
    """Board tabs' rule: each heading kept with up to two of its rows; every page within
    its room but for a row taller than one."""
    laid = Pages([52, 10, 11, 11, 11, 11, 10, 10], first=1)
    laid.row(1, 24)
    laid.row(4, 21)
    laid.repeat(21)
    row, kinds, heights = 5, {}, {}
    for rows in goals:
        laid.keep(row, [20.0, *rows[:2]])
        laid.row(row, 20.0)
        kinds[row], heights[row] = "heading", 20.0
        for height in rows:
            row += 1
            laid.row(row, height)
            kinds[row], heights[row] = "row", height
        row += 1
    assert laid.breaks == sorted(set(laid.breaks))
    starts = [1, *laid.breaks, row]
    for first, end in itertools.pairwise(starts):
        page = [r for r in range(first, end) if r in kinds]
        last = page[-1]
        assert kinds[last] != "heading" or last == max(kinds), (first, end)
        used = sum(heights[r] for r in page) + (21 if first != 1 else 0)
        assert used <= laid.room + 1e-9 or len(page) == 1, (first, end)


@given(st.text(max_size=400), st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_a_page_header_fits_excel_and_one_line(heading: str, report: str) -> None:
    header = page_header(heading, report)
    assert limits.utf16_units(header) <= pages.MAX_HEADER_UNITS
    left = header.split("&R&8")[0].removeprefix("&L&9&B")
    # An escaped & is never cut in half, and the left part fits one line of the page.
    assert (len(left) - len(left.rstrip("&"))) % 2 == 0
    right = header.split("&R&8")[1]
    assert layout.text_width(left, 9, bold=True) + layout.text_width(right, 8) + \
        pages.HEADER_GAP <= pages.BODY_WIDTH + 1e-9
    shown = limits.without_unwritable(heading)
    assert len(left) >= min(len(shown), 20)  # the heading is never crowded out
