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
from indexcel.writer.plan import ReportPlan
from indexcel.writer.sheetnames import quote
from indexcel.writer.styles import Styles


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

    def fit_row(self, sheet: Worksheet, row: int, texts: list[tuple[str, float]]) -> None:
        """Give the row the height its wrapped texts need."""
        height = layout.height(texts)
        if height is not None:
            sheet.set_row(row, height)

    # -- blocks every tab has --------------------------------------------------------------------
    def title_block(self, sheet: Worksheet, heading: str) -> int:
        """Title, subtitle and a link back to the guide; returns the next free row."""
        self.text(sheet, 0, 0, heading, wrap=False, fmt=self.styles.title)
        sheet.set_row(0, 24)
        self.text(sheet, 1, 0, self.subtitle, wrap=False, fmt=self.styles.subtitle)
        self.link(sheet, 2, 0, theme.SHEET_GUIDE, theme.LABEL_BACK, self.styles.link)
        return 4

    @property
    def subtitle(self) -> str:
        plan = self.plan
        return plan.title + (f" – {plan.municipality}" if plan.municipality else "")
