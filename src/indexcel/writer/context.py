"""What every tab writes through: the workbook and its formats, the plan, the row writer of
the chosen XlsxWriter path, the budget of links per sheet, progress, and notes for the user."""

from __future__ import annotations

from collections.abc import Iterable

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from indexcel import limits, theme
from indexcel.writer import cells, layout
from indexcel.writer._xlsx import Backend, RowWriter
from indexcel.writer.pages import Pages
from indexcel.writer.plan import ReportPlan
from indexcel.writer.sheetnames import quote
from indexcel.writer.styles import Styles

TITLE_SIZE = 16  # points, the tab's heading (styles.title)
TITLE_HEIGHT = 24.0
SUBTITLE_HEIGHT = 15.0


class Context:
    def __init__(self, workbook: Workbook, backend: Backend, plan: ReportPlan) -> None:
        self.workbook = workbook
        self.backend = backend
        self.plan = plan
        self.styles = Styles(workbook)
        self.notes: list[str] = []
        self._links: dict[str, int] = {}
        self._wide: tuple[dict[int, int], dict[int, int]] | None = None

    def rows(self, sheet: Worksheet) -> RowWriter:
        """The row writer for `sheet` (see writer/_xlsx/__init__.py)."""
        return self.backend.rows(sheet)

    def number_widths(self, indices: Iterable[int], minimum: float = 0
                      ) -> tuple[float, float]:
        """The widths the widest outcome or target, and the widest Tolerans or Delvis, of
        the indicators `indices` need (layout.number_width), found once per workbook."""
        if self._wide is None:
            self._wide = layout.wide_numbers(self.plan.indicators)
        values, limits_ = self._wide
        return (layout.number_width(values, indices, minimum),
                layout.number_width(limits_, indices, minimum))

    def progress(self, done: int) -> None:
        if self.plan.progress is not None:
            self.plan.progress(done)

    # -- single cells ----------------------------------------------------------------------------
    def text(self, sheet: Worksheet, row: int, col: int, value: str, wrap: bool = True,
             fmt: Format | None = None) -> None:
        fmt = fmt if fmt is not None else self.styles.text(value, wrap)
        cells.write_text(sheet, row, col, value, fmt, self.styles)

    def formula(self, sheet: Worksheet, row: int, col: int, formula: str, fmt: Format,
                cached: str | float) -> None:
        if isinstance(cached, str):
            cached = cells.cached_text(cached)
        sheet.write_formula(row, col, cells.plain(formula), fmt, cached)

    def claim_link(self, sheet: Worksheet) -> bool:
        """Count one more link on `sheet`; False past Excel's limit, which is noted once."""
        most = limits.MAX_LINKS_PER_SHEET
        count = self._links.get(sheet.name, 0)
        if count <= most:
            self._links[sheet.name] = count + 1
        if count == most:
            self.notes.append(f"sheet '{sheet.name}': more than {most:,} links; the rest are "
                              "written as plain text.")
        return count < most

    def link(self, sheet: Worksheet, row: int, col: int, target_sheet: str, text: str,
             fmt: Format) -> None:
        """A link to another tab's first cell, or plain text past Excel's limit of links."""
        text = cells.plain(text)  # also the link's display, which has no escapes
        if not self.claim_link(sheet):
            self.text(sheet, row, col, text, fmt=fmt)
            return
        code = sheet.write_url(row, col, f"internal:{quote(target_sheet)}!A1",
                               self.styles.safe(fmt, text), cells.as_typed(text))
        if code != 0:  # XlsxWriter refused the link (-3: too long, -4: too many)
            self.text(sheet, row, col, text, fmt=fmt)
            self.notes.append(f"sheet '{sheet.name}', cell {xl_rowcol_to_cell(row, col)}: the "
                              f"link to '{target_sheet}' could not be made (code {code}); "
                              "written as plain text.")

    def fit_row(self, sheet: Worksheet, row: int, texts: list[tuple[str, float]],
                pages: Pages | None = None, minimum: float = layout.ROW_MINIMUM) -> float:
        """Give the row the height its wrapped texts need (laid down on `pages`); returns
        it."""
        height = layout.height(texts, minimum)
        sheet.set_row(row, height)
        if pages is not None:
            pages.row(row, height)
        return height

    def spacer(self, sheet: Worksheet, row: int, height: float, pages: Pages) -> None:
        """An empty row of `height`, laid down on `pages`. It holds a blank cell: a streamed
        sheet writes out only rows with cells (XlsxWriter's constant-memory mode)."""
        sheet.set_row(row, height)
        sheet.write_blank(row, 0, None, self.styles.blank)
        pages.row(row, height)

    # -- blocks every tab has --------------------------------------------------------------------
    def title_block(self, sheet: Worksheet, heading: str, pages: Pages, width: float) -> int:
        """A link back to the guide (row 0, not printed), the heading in as many lines as it
        takes in `width` points, and the subtitle; returns the next free row."""
        s = self.styles
        self.link(sheet, 0, 0, theme.SHEET_GUIDE, theme.LABEL_BACK, s.back_link)
        row = 1
        for line in layout.split_title(heading, width - layout.CELL_MARGIN, TITLE_SIZE):
            self.text(sheet, row, 0, line, wrap=False, fmt=s.title)
            sheet.set_row(row, TITLE_HEIGHT)
            pages.row(row, TITLE_HEIGHT)
            row += 1
        self.text(sheet, row, 0, self.subtitle, wrap=False, fmt=s.subtitle)
        sheet.set_row(row, SUBTITLE_HEIGHT)
        pages.row(row, SUBTITLE_HEIGHT)
        return row + 2

    @property
    def page_title(self) -> str:
        """The report as every printed page's header names it: its title, with the year
        where the title lacks it, and the municipality."""
        plan = self.plan
        title = plan.title if str(plan.year) in plan.title else f"{plan.title} {plan.year}"
        return title + (f" – {plan.municipality}" if plan.municipality else "")

    @property
    def subtitle(self) -> str:
        plan = self.plan
        return plan.title + (f" – {plan.municipality}" if plan.municipality else "")
