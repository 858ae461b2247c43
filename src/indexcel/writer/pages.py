"""The printed pages of a sheet: its scale, where its pages break, what each page says.

Every printed tab is A4 landscape at one scale, the largest at which its columns fit the
page's width, set explicitly (rather than "fit to one page wide") so that Excel and
LibreOffice print it alike and honour the page breaks. The breaks are manual, computed here
from the row heights the writer sets (layout.py), so that a goal's heading is never the last
line of a page and a table is never split without its header: as a word processor keeps a
heading with its text. Where a page is full, the break comes a little before the
applications' own would, so theirs never fall in between.

Each page's header names its tab (a board, a goal, the summary) on the left, and the report
(its title and year, the municipality) on the right; the footer has the title and the page
number.
"""

from __future__ import annotations

from collections.abc import Sequence

from xlsxwriter.worksheet import Worksheet

from indexcel import limits, theme
from indexcel.writer import cells, layout

PAPER_A4 = 9
PAGE_WIDTH, PAGE_HEIGHT = 841.89, 595.28  # A4 landscape, in points
MARGINS = {"left": 0.5, "right": 0.5, "top": 0.6, "bottom": 0.7}  # inches
BODY_WIDTH = PAGE_WIDTH - (MARGINS["left"] + MARGINS["right"]) * 72
BODY_HEIGHT = PAGE_HEIGHT - (MARGINS["top"] + MARGINS["bottom"]) * 72
# LibreOffice (7.4) prints the header and footer inside the page's body and scales them with
# it: at scale s its body holds this many points of rows, less than Excel's above 90 %
# (measured with rows of 2.25 to 41.25 points at 45 to 100 %).
_LIBREOFFICE_BODY = PAGE_HEIGHT - 2 * 0.3 * 72 - 1.4
_LIBREOFFICE_HEADERS = 54.7
FILL = 0.98  # of a page's room used, so that the applications' own breaks never come first
MAX_BREAKS = 1023  # Excel's limit of manual page breaks in a sheet
MAX_HEADER_UNITS = 255  # Excel's limit of a header's text, codes included
HEADER_SIZES = (9, 8)  # points of the header's left (bold) and right parts (theme.PAGE_HEADER)
HEADER_GAP = 36.0  # points between them


def scale_for(widths: Sequence[float]) -> int:
    """The print scale in percent at which columns of `widths` (in digits) fit the page's
    width: at most 100, at least Excel's 10."""
    width = layout.printed_width(widths) * 1.01
    return max(10, min(100, int(100 * BODY_WIDTH / width))) if width else 100


def room(scale: int) -> float:
    """The points of rows a page holds at `scale`, in both applications."""
    s = scale / 100
    return min(BODY_HEIGHT / s, _LIBREOFFICE_BODY / s - _LIBREOFFICE_HEADERS) * FILL


class Pages:
    """The pages of one sheet as its rows are laid down, top to bottom.

    The writer tells it each row's height as it writes it (`row`), and before a block that
    must not be split across pages (a heading with its first rows, a table, a chart) asks
    whether the block fits on the current page (`keep`): if not, the page breaks before it.
    `first` is the first row printed; `repeated` the height of the rows repeated at the top
    of every page after the first (a table's header)."""

    def __init__(self, widths: Sequence[float], first: int = 0) -> None:
        self.scale = scale_for(widths)
        self.room = room(self.scale)
        self.first = first
        self.repeated = 0.0
        self.breaks: list[int] = []  # rows that start a page
        self.used = 0.0  # of the current page
        self.next_row = first
        self.last = first

    def repeat(self, height: float) -> None:
        """From now on, every new page starts with repeated rows this tall."""
        self.repeated = height

    def row(self, row: int, height: float) -> None:
        """Lay down `row` of `height` points (rows skipped before it have the default
        height); a page breaks before it when it does not fit."""
        if row > self.next_row:
            self._skip_to(row)
        if self.used + height > self.room and self.used > self.repeated:
            self.page_break(row)
        self.used += height
        self.next_row = row + 1
        self.last = max(self.last, row)

    def rows(self, first: int, heights: Sequence[float]) -> None:
        for offset, height in enumerate(heights):
            self.row(first + offset, height)

    def fits(self, row: int, heights: Sequence[float]) -> bool:
        """Whether rows of `heights` starting at `row` fit on the current page."""
        skipped = max(0, row - self.next_row) * layout.line_height()
        return self.used + skipped + sum(heights) <= self.room

    def keep(self, row: int, heights: Sequence[float]) -> None:
        """Keep rows of `heights` from `row` on one page: break before `row` unless they fit
        on this one (or this page holds nothing yet, or they would not fit on any)."""
        if self.fits(row, heights):
            return
        if self.used <= self.repeated:
            return  # the page is empty: breaking would only leave a blank one
        if self.repeated + sum(heights) > self.room:
            return  # too tall for any page: it starts here and runs on
        self._skip_to(row)
        self.page_break(row)

    def keep_table(self, row: int, heights: Sequence[float], start: int) -> None:
        """A table of rows of `heights` from `row`: on this page if it fits; else on the
        next if it fits there and this one is more than half full; else begun here with
        at least its first `start` rows (heading, header, first rows), to run on."""
        if self.fits(row, heights):
            return
        if self.repeated + sum(heights) <= self.room and self.used > self.room / 2:
            self.keep(row, heights)
        else:
            self.keep(row, heights[:start])

    def page_break(self, row: int) -> None:
        """Start a new page at `row`."""
        if row <= self.first or (self.breaks and self.breaks[-1] >= row):
            return
        self.breaks.append(row)
        self.used = self.repeated

    def _skip_to(self, row: int) -> None:
        # Rows nobody wrote (spacers) have the default height.
        for skipped in range(self.next_row, row):
            self.row(skipped, layout.line_height())

    def setup(self, sheet: Worksheet, heading: str, report: str, title: str,
              last_col: int) -> None:
        """The sheet's print setup: paper, scale, margins, header (`heading` and `report`)
        and footer (`title`), the printed area from the first row, and the page breaks."""
        page_setup(sheet, title, heading, report)
        sheet.set_print_scale(self.scale)
        sheet.print_area(self.first, 0, max(self.last, self.first), last_col)
        if self.breaks:
            sheet.set_h_pagebreaks(self.breaks[:MAX_BREAKS])


def page_setup(sheet: Worksheet, title: str, heading: str | None, report: str) -> None:
    """Paper, margins, header and footer of a printed sheet."""
    sheet.set_landscape()
    sheet.set_paper(PAPER_A4)
    sheet.set_margins(**MARGINS)
    sheet.set_footer(theme.FOOTER.format(title=_escaped(title)))
    if heading is not None:
        sheet.set_header(page_header(heading, report))


def page_header(heading: str, report: str) -> str:
    """The page header: the tab's heading on the left, the report on the right, each
    shortened (with …) to keep to one line of the page (the report to at most 40 % of it)
    and to Excel's 255 characters."""
    right = _fitted(_shortened(_escaped(report), 100), BODY_WIDTH * 0.4, HEADER_SIZES[1])
    frame = theme.PAGE_HEADER.format(heading="", report=right)
    left = _shortened(_escaped(heading), MAX_HEADER_UNITS - limits.utf16_units(frame))
    room = BODY_WIDTH - layout.text_width(right, HEADER_SIZES[1]) - HEADER_GAP
    left = _fitted(left, room, HEADER_SIZES[0], bold=True)
    return theme.PAGE_HEADER.format(heading=left, report=right)


def _fitted(text: str, room: float, size: float, bold: bool = False) -> str:
    """`text` shortened (with …) until it is no wider than `room` points."""
    while text and layout.text_width(text, size, bold) > room:
        text = _shortened(text, max(1, int(limits.utf16_units(text) * 0.95)))
    return text


def _escaped(text: str) -> str:
    return cells.plain(text).replace("&", "&&").replace("\n", " ")


def _shortened(text: str, most: int) -> str:
    if limits.utf16_units(text) <= most:
        return text
    cut = text[:max(0, most - 1)]
    while limits.utf16_units(cut) > most - 1 or (cut.endswith("&") and not cut.endswith("&&")):
        cut = cut[:-1]
    return cut.rstrip() + "…"
