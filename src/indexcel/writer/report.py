"""The follow-up workbook: guide, summary, a tab per board, a tab per goal, and the table.

Every sheet is written top to bottom, row by row, so that XlsxWriter can run in
constant-memory mode and flush each row to disk as soon as it is complete.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.url import Url
from xlsxwriter.utility import xl_range, xl_rowcol_to_cell

from indexcel import rules, theme, vocabulary
from indexcel.errors import OutputError
from indexcel.limits import MAX_CELL_UNITS as TEXT_MAX_UNITS
from indexcel.model import Dataset, Direction, Goal, Indicator, Measure, Status, Trend
from indexcel.writer import formulas
from indexcel.writer.atomic import OPEN_IN_EXCEL_HINT
from indexcel.writer.cells import (
    EXCEL_MAX_LINKS,
    CellXml,
    RawRowWorksheet,
    as_typed,
    column_letter,
    escape_narrow,
)
from indexcel.writer.sheetnames import SheetNamer, quote, shorten, units
from indexcel.writer.styles import Styles

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384
LINE_HEIGHT = 13.0
STREAM_FROM_INDICATORS = 2_000
COMMENT_WIDTH = 45
WRAPPED_ROLES = ("goal", "name", "comment", "extra")  # text columns of the table that wrap
CHART_ROWS = 9  # rows of a goal tab's top reserved for its pie chart

STATUS_KEYS = {Status.MET: "met", Status.NOT_MET: "not_met", Status.NOT_ASSESSED: "not_assessed"}
TREND_KEYS = {Trend.UP: "up", Trend.UNCHANGED: "unchanged", Trend.DOWN: "down"}
GLYPHS = {STATUS_KEYS[s]: g for s, g in theme.STATUS_GLYPHS.items()}
STATUS_WORDS = {STATUS_KEYS[s]: w for s, w in vocabulary.STATUS_LABELS.items()}
TREND_WORDS = {TREND_KEYS[t]: w for t, w in vocabulary.TREND_LABELS.items()}
ICONS = [
    {"criteria": ">=", "type": "number", "value": 1},
    {"criteria": ">=", "type": "number", "value": 0},
]


@dataclass
class ReportOptions:
    title: str | None = None
    municipality: str = ""
    trend_tolerance: float = 0.0
    created: _dt.datetime | None = None  # None: the input file's modification time
    progress: Callable[[int], None] | None = None  # told how many indicators were written
    only_board: str | None = None  # a board's own workbook: its tab and its goals only
    stream: bool | None = None  # rows of every sheet streamed to disk (constant memory), none,
    # or None: by size (from 2,000 indicators, the sheets with 2,000 or more)


@dataclass
class BuildResult:
    path: Path
    sheets: list[str]
    indicators: int
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Col:
    kind: str  # name, board, unit, outcome, target, status, trend, comment
    header: str
    width: float
    year: int | None = None


@dataclass(frozen=True)
class RowPlan:
    cols: list[Col]
    name_width: float
    has_comment: bool
    status: dict[Direction, str]  # escaped formula templates, NUL for the row number
    trend: str | None
    specs: list[tuple[str, str, int | None]]  # (kind, column letter, year) by column
    cells: CellXml
    blank_style: int
    glyph_style: int
    icon_style: int



@dataclass
class Counts:
    total: int = 0
    met: int = 0
    not_met: int = 0
    not_assessed: int = 0

    def add(self, status: Status) -> None:
        self.total += 1
        setattr(self, STATUS_KEYS[status], getattr(self, STATUS_KEYS[status]) + 1)

    @property
    def share(self) -> float | str:
        assessed = self.met + self.not_met
        return self.met / assessed if assessed else ""


def default_created(source: Path | None) -> _dt.datetime:
    """The date the workbook carries: SOURCE_DATE_EPOCH when set, else the input's
    modification time, so that the same input gives the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.UTC).replace(tzinfo=None)
    if source is not None and source.exists():
        stamp = source.stat().st_mtime
        return _dt.datetime.fromtimestamp(int(stamp), tz=_dt.UTC).replace(tzinfo=None)
    return _dt.datetime(2000, 1, 1)


class ReportWorksheet(RawRowWorksheet):
    """A worksheet for formulas indexcel writes itself.

    XlsxWriter scans every formula for some thirty newer Excel functions that need a prefix
    in the file; that scan was most of the build time. indexcel's formulas use only IF, OR,
    ABS, SIGN, SUM, COUNTA, COUNTIF and COUNTIFS, which need none, so the scan is skipped.
    The LibreOffice tests recalculate every formula written.
    """

    def _prepare_formula(self, formula, expand_future_functions=False):
        return formula[1:] if formula.startswith("=") else formula


class InMemoryWorksheet(ReportWorksheet):
    """A sheet kept in memory inside a constant-memory workbook.

    XlsxWriter has no tables (add_table) in constant-memory mode, and a small sheet is quicker
    built in memory. The mode is a per-sheet setting handed over when the sheet is added, so
    these sheets hold their cells in memory while the others stream their rows to disk.
    tests/test_build.py checks the table.
    """

    def _initialize(self, init_data) -> None:
        super()._initialize({**init_data, "constant_memory": False})

    def _opt_close(self) -> None:  # there is no row file to close
        pass

    def add_table(self, first_row, first_col, last_row, last_col, options=None):
        """XlsxWriter's add_table, without its note of every cell of the table.

        XlsxWriter notes each cell (about 100 bytes each: 57 MB and half a second for 50,000
        rows of 12 columns) to refuse a later table or merged range over it. This sheet holds
        one table and nothing merged, so the table is added over its header and first row and
        then given its full height. tests/test_build.py checks the table's range."""
        options = options or {}
        if last_row <= first_row + 1 or options.get("total_row"):
            return super().add_table(first_row, first_col, last_row, last_col, options)
        code = super().add_table(first_row, first_col, first_row + 1, last_col, options)
        if code == 0:
            table = self.tables[-1]
            table["range"] = table["a_range"] = xl_range(first_row, first_col, last_row,
                                                         last_col)
            if table.get("autofilter"):
                table["autofilter"] = table["range"]
        return code


class ReportWriter:
    def __init__(self, dataset: Dataset, options: ReportOptions) -> None:
        self.ds = dataset
        self.opt = options
        self.year = dataset.report_year
        self.title = options.title or theme.DEFAULT_TITLE.format(year=self.year)
        self.created = options.created or default_created(dataset.source)
        self.notes: list[str] = []
        tolerance = options.trend_tolerance
        self.status = [rules.status_of(i, self.year) for i in dataset.indicators]
        self.trend = [rules.trend_of(i, self.year, tolerance) for i in dataset.indicators]
        self.by_board: dict[str, list[int]] = {}
        self.by_goal: dict[str, list[int]] = {}
        self.goals: dict[str, Goal] = {}
        for index, indicator in enumerate(dataset.indicators):
            self.by_board.setdefault(indicator.board, []).append(index)
            self.goals.setdefault(indicator.goal.key, indicator.goal)
        goal_order = sorted(self.goals.values(), key=lambda g: g.sort_key)
        self.goal_keys = [g.key for g in goal_order]
        board_rank = {board: rank for rank, board in enumerate(self.by_board)}
        for key in self.goal_keys:
            self.by_goal[key] = []
        for index in sorted(range(len(dataset.indicators)),
                            key=lambda i: board_rank[dataset.indicators[i].board]):
            self.by_goal[dataset.indicators[index].goal.key].append(index)
        self.boards = list(self.by_board)
        if options.only_board is not None:
            self.boards = [options.only_board]
            keep = {dataset.indicators[i].goal.key for i in self.by_board[options.only_board]}
            self.goal_keys = [k for k in self.goal_keys if k in keep]
        self.goal_counts = {k: Counts() for k in self.goal_keys}
        self.board_counts = {b: Counts() for b in self.by_board}
        for index, indicator in enumerate(dataset.indicators):
            if indicator.goal.key in self.goal_counts:
                self.goal_counts[indicator.goal.key].add(self.status[index])
            self.board_counts[indicator.board].add(self.status[index])
        self.outcome_years = dataset.outcome_years
        self.has_target = self.year in dataset.target_years
        self.has_previous = (self.year - 1) in self.outcome_years
        self.has_unit = dataset.column("unit") is not None
        self._plan_sheets()
        self._plan_table()

    # -- planning -------------------------------------------------------------------------------
    def _plan_sheets(self) -> None:
        namer = SheetNamer([theme.SHEET_GUIDE, theme.SHEET_SUMMARY, theme.SHEET_ALL])
        self.board_sheet = {board: namer.claim(board) for board in self.boards}
        self.goal_sheet = {}
        for key in self.goal_keys:
            goal = self.goals[key]
            label = f"{goal.number} {goal.title}" if goal.number else goal.title
            self.goal_sheet[key] = namer.claim(label)

    def _plan_table(self) -> None:
        """The columns of "Alla indikatorer": the input's own, then Riktning, Status and Trend
        where the input lacked them, so the tab reads back as input."""
        self.table_cols: list[tuple[str, str, int | None]] = [
            (c.header, c.role, c.year) for c in self.ds.columns
        ]
        roles = {role for _, role, _ in self.table_cols}
        for role, header in (("direction", vocabulary.HEADER_DIRECTION),
                             ("status", vocabulary.HEADER_STATUS),
                             ("trend", vocabulary.HEADER_TREND)):
            if role not in roles:
                self.table_cols.append((header, role, None))
        self.table_index = {}
        for position, (_, role, year) in enumerate(self.table_cols):
            self.table_index.setdefault((role, year), position)

    # -- the workbook ---------------------------------------------------------------------------
    def write(self, path: Path) -> list[str]:
        if len(self.table_cols) > EXCEL_MAX_COLUMNS:
            raise OutputError(
                f"the input has {len(self.table_cols):,} columns; an Excel sheet holds "
                f"{EXCEL_MAX_COLUMNS:,}.",
                "Remove the columns the report does not need from the input.",
            )
        rows_needed = len(self.ds.indicators) + 1
        if rows_needed > EXCEL_MAX_ROWS:
            raise OutputError(
                f"{len(self.ds.indicators):,} indicators do not fit in one Excel sheet "
                f"({EXCEL_MAX_ROWS:,} rows).",
                "Split the input, for instance by board, and build one report per part.",
            )
        # Large reports stream the rows of their large sheets to temporary files (constant
        # memory); small reports and small sheets are built in memory, which spares two
        # temporary files per sheet (a few milliseconds each: most of a small report's time,
        # and 0.7 s for the 360 tabs of 50,000 indicators over 300 boards).
        streaming = self.opt.stream
        if streaming is None:
            streaming = len(self.ds.indicators) >= STREAM_FROM_INDICATORS

        def sheet_class(indicators: int):
            if self.opt.stream is None and indicators < STREAM_FROM_INDICATORS:
                return InMemoryWorksheet
            return ReportWorksheet
        workbook = xlsxwriter.Workbook(str(path), {
            "constant_memory": streaming,
            "in_memory": not streaming,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "nan_inf_to_errors": False,
        })
        try:
            self.workbook = workbook
            self._links = {}
            self._urls = {}
            self.styles = Styles(workbook)
            workbook.set_properties({
                "title": self.title,
                "subject": self.title,
                "company": self.opt.municipality,
                "author": self.opt.municipality or "indexcel",
                "comments": "Skapad med indexcel",
                "created": self.created,
            })
            def add(name, indicators=0):
                sheets[name] = workbook.add_worksheet(
                    name, worksheet_class=sheet_class(indicators))

            sheets = {}
            add(theme.SHEET_GUIDE)
            if self.opt.only_board is None:
                add(theme.SHEET_SUMMARY, len(self.boards) + len(self.goal_keys))
            for board in self.boards:
                add(self.board_sheet[board], len(self.by_board[board]))
            for key in self.goal_keys:
                add(self.goal_sheet[key], len(self.by_goal[key]))
            if self.opt.only_board is None:
                sheets[theme.SHEET_ALL] = workbook.add_worksheet(
                    theme.SHEET_ALL, worksheet_class=InMemoryWorksheet)
            self._guide(sheets[theme.SHEET_GUIDE])
            if self.opt.only_board is None:
                self._summary(sheets[theme.SHEET_SUMMARY])
            for board in self.boards:
                self._board(sheets[self.board_sheet[board]], board)
            for key in self.goal_keys:
                self._goal(sheets[self.goal_sheet[key]], key)
            if self.opt.only_board is None:
                self._table(sheets[theme.SHEET_ALL])
            for sheet in sheets.values():
                self._page_setup(sheet)
            sheets[theme.SHEET_GUIDE].activate()
        except BaseException:
            _discard(workbook)
            raise
        try:
            workbook.close()
        except FileCreateError as exc:
            raise OutputError(f"{path}: the workbook cannot be written ({exc}).",
                              OPEN_IN_EXCEL_HINT) from exc
        return list(sheets)

    def _page_setup(self, sheet) -> None:
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
        sheet.set_footer(theme.FOOTER.format(title=self.title.replace("&", "&&")))
        sheet.hide_gridlines(2 if sheet.name in (theme.SHEET_GUIDE, theme.SHEET_SUMMARY) else 1)

    # -- helpers --------------------------------------------------------------------------------
    def _text(self, sheet, row, col, value: str, wrap: bool = True, fmt=None) -> None:
        fmt = self.styles.safe(fmt, value) if fmt is not None else self.styles.text(value, wrap)
        code = sheet.write_string(row, col, as_typed(value), fmt)
        if code == -2:
            raise OutputError(
                f"sheet '{sheet.name}', cell {xl_rowcol_to_cell(row, col)}: a text of "
                f"{len(value):,} characters is longer than an Excel cell holds (32,767).",
                "Shorten the text in the input.")
        if code == -1:
            raise OutputError(f"sheet '{sheet.name}': row {row + 1} is beyond Excel's limit.")

    def _claim_link(self, sheet) -> bool:
        """Count one more link on `sheet`; False past Excel's limit, which is noted once."""
        count = self._links.get(sheet.name, 0)
        if count <= EXCEL_MAX_LINKS:
            self._links[sheet.name] = count + 1
        if count == EXCEL_MAX_LINKS:
            self.notes.append(f"sheet '{sheet.name}': more than {EXCEL_MAX_LINKS:,} links; "
                              "the rest are written as plain text.")
        return count < EXCEL_MAX_LINKS

    def _link(self, sheet, row, col, target_sheet: str, text: str, fmt) -> None:
        if not self._claim_link(sheet):
            self._text(sheet, row, col, text, fmt=fmt)
            return
        code = sheet.write_url(row, col, f"internal:{quote(target_sheet)}!A1",
                               self.styles.safe(fmt, text), as_typed(text))
        if code != 0:  # XlsxWriter refused the link (-3: too long, -4: too many)
            self._text(sheet, row, col, text, fmt=fmt)
            self.notes.append(f"sheet '{sheet.name}', cell {xl_rowcol_to_cell(row, col)}: the "
                              f"link to '{target_sheet}' could not be made (code {code}); "
                              "written as plain text.")

    _links: dict[str, int]
    _urls: dict[tuple[str, str], Url]

    def _heights(self, sheet, row, cells: list[tuple[str, float]]) -> None:
        """Set the row's height from its wrapped texts, as neither Excel nor LibreOffice
        reliably grows rows of a generated file."""
        height = _height(cells)
        if height is not None:
            sheet.set_row(row, height)

    def _title_block(self, sheet, heading: str) -> int:
        """Title, subtitle and a link back to the guide; returns the next free row."""
        self._text(sheet, 0, 0, heading, wrap=False, fmt=self.styles.title)
        sheet.set_row(0, 24)
        subtitle = self.title + (f" – {self.opt.municipality}" if self.opt.municipality else "")
        self._text(sheet, 1, 0, subtitle, wrap=False, fmt=self.styles.subtitle)
        self._link(sheet, 2, 0, theme.SHEET_GUIDE, theme.LABEL_BACK, self.styles.link)
        return 4

    # -- the guide ------------------------------------------------------------------------------
    def _guide(self, sheet) -> None:
        s = self.styles
        sheet.set_column(0, 0, 6)
        sheet.set_column(1, 1, 110)
        first_year = min(self.outcome_years)
        self._text(sheet, 0, 0, self.title, wrap=False, fmt=s.title)
        sheet.set_row(0, 24)
        row = 1
        if self.opt.municipality:
            self._text(sheet, row, 0, theme.GUIDE_MUNICIPALITY.format(
                municipality=self.opt.municipality), wrap=False, fmt=s.subtitle)
        row = 3
        self._text(sheet, row, 0, theme.GUIDE_HEADING.format(year=self.year), False, s.heading)
        row += 1
        intro = theme.GUIDE_INTRO.format(first_year=first_year, year=self.year)
        self._heights(sheet, row, [(intro, 110)])
        self._text(sheet, row, 1, intro, fmt=s.paragraph)
        row += 2
        self._text(sheet, row, 0, theme.GUIDE_LEGEND_HEADING, False, s.heading)
        row += 1
        glyph_rows = []
        for status, text in theme.GUIDE_STATUS_LEGEND:
            self._text(sheet, row, 0, theme.STATUS_GLYPHS[status], False, s.legend_glyph)
            self._text(sheet, row, 1, text, fmt=s.paragraph)
            glyph_rows.append(row)
            row += 1
        self._glyph_colours(sheet, glyph_rows[0], glyph_rows[-1], 0)
        row += 1
        icon_rows: dict[Direction, list[int]] = {d: [] for d in Direction}
        for trend, text in theme.GUIDE_TREND_LEGEND:
            sheet.write_number(row, 0, trend.value, s.legend_icon)
            self._text(sheet, row, 1, text, fmt=s.paragraph)
            icon_rows[Direction.HIGHER_IS_BETTER].append(row)
            row += 1
        for trend in (Trend.DOWN, Trend.UNCHANGED, Trend.UP):
            sheet.write_number(row, 0, trend.value, s.legend_icon)
            label = vocabulary.TREND_LABELS[trend].lower()
            self._text(sheet, row, 1, theme.GUIDE_GREY_ARROW.format(label=label),
                       fmt=s.paragraph)
            icon_rows[Direction.LOWER_IS_BETTER].append(row)
            row += 1
        self._arrows(sheet, icon_rows, 0)
        row += 1
        self._text(sheet, row, 0, theme.GUIDE_RULES_HEADING, False, s.heading)
        row += 1
        tolerance = self.opt.trend_tolerance
        tolerance_text = theme.GUIDE_TOLERANCE_ZERO
        if tolerance:
            shown = f"{tolerance:g}".replace(".", ",")
            tolerance_text = theme.GUIDE_TOLERANCE.format(tolerance=shown)
        for rule in theme.GUIDE_RULES:
            text = rule.format(year=self.year, tolerance_text=tolerance_text)
            self._heights(sheet, row, [(text, 110)])
            self._text(sheet, row, 1, "• " + text, fmt=s.paragraph)
            row += 1
        row += 1
        source = self.ds.source.name if self.ds.source else ""
        source_text = (theme.GUIDE_SOURCE_SHEET.format(source=source, sheet=self.ds.sheet)
                       if self.ds.sheet else theme.GUIDE_SOURCE.format(source=source))
        self._text(sheet, row, 1, source_text, fmt=s.paragraph)
        row += 1
        self._text(sheet, row, 1, theme.GUIDE_DATE.format(date=self.created.date().isoformat()),
                   fmt=s.paragraph)
        row += 2
        self._text(sheet, row, 0, theme.GUIDE_TOC_HEADING, False, s.heading)
        row += 1
        groups = [("boards", [self.board_sheet[b] for b in self.boards]),
                  ("goals", [self.goal_sheet[k] for k in self.goal_keys])]
        if self.opt.only_board is None:
            groups = [("summary", [theme.SHEET_SUMMARY]), *groups, ("all", [theme.SHEET_ALL])]
        for group, names in groups:
            self._text(sheet, row, 1, theme.GUIDE_TOC_GROUPS[group], False,
                       s.goal_heading)
            row += 1
            for name in names:
                label = name
                if group == "goals":
                    label = shorten(self._goal_for_sheet(name).text, 125)
                elif group == "boards":
                    label = next(b for b in self.boards if self.board_sheet[b] == name)
                self._link(sheet, row, 1, name, label, s.link)
                row += 1

    def _goal_for_sheet(self, name: str) -> Goal:
        return next(self.goals[k] for k in self.goal_keys if self.goal_sheet[k] == name)

    # -- conditional formats shared by every tab ------------------------------------------------
    def _glyph_colours(self, sheet, first: int, last: int, col: int) -> None:
        for key, glyph in GLYPHS.items():
            sheet.conditional_format(first, col, last, col, {
                "type": "cell", "criteria": "==", "value": f'"{glyph}"',
                "format": self.styles.colour[key]})

    def _arrows(self, sheet, rows_by_direction: dict[Direction, list[int]], col: int) -> None:
        for direction, rows in rows_by_direction.items():
            if not rows:
                continue
            ranges = _ranges(rows, col)
            first = ranges.split(" ")[0].split(":")[0]
            sheet.conditional_format(first, {
                "type": "formula", "criteria": f"=ISTEXT({first})", "stop_if_true": True,
                "multi_range": ranges, "format": None})
            sheet.conditional_format(first, {
                "type": "icon_set", "icon_style": theme.TREND_ICON_SET[direction],
                "icons": ICONS, "icons_only": True, "multi_range": ranges})

    # -- the summary ----------------------------------------------------------------------------
    def _summary(self, sheet) -> None:
        self._title_block(sheet, theme.SHEET_SUMMARY)
        sheet.set_column(0, 0, 6)
        sheet.set_column(1, 1, 60)
        sheet.set_column(2, 5, 12)
        sheet.set_column(6, 6, 14)
        all_ref = quote(theme.SHEET_ALL)
        goal_range = formulas.whole_column(all_ref, self.table_index[("goal", None)])
        board_range = formulas.whole_column(all_ref, self.table_index[("board", None)])
        # LibreOffice does not wrap a hyperlink's text: a goal links its short number and has
        # its title as wrapped text beside it; a board's short name is the link itself.
        goals = [(self.goal_sheet[k], self.goals[k].number or theme.LABEL_GO_TO,
                  self.goals[k].title, (goal_range, self.goals[k].text), self.goal_counts[k])
                 for k in self.goal_keys]
        boards = [(self.board_sheet[b], None, b, (board_range, b), self.board_counts[b])
                  for b in self.boards]
        first_goal_row = 5
        goal_total = self._count_block(sheet, first_goal_row - 2, theme.LABEL_PER_GOAL,
                                       [theme.LABEL_NUMBER, vocabulary.HEADER_GOAL], goals)
        last_goal_row = goal_total - 1
        # No repeated print header: the board table below has headings of its own.
        last = self._count_block(sheet, goal_total + 3, theme.LABEL_PER_BOARD,
                                 ["", vocabulary.HEADER_BOARD], boards)
        chart = self._status_chart(
            theme.SHEET_SUMMARY, first_goal_row, last_goal_row, 0, 3, theme.LABEL_CHART_TITLE)
        chart.set_size({"width": 760, "height": 80 + 24 * len(self.goal_keys)})
        sheet.insert_chart(last + 2, 1, chart, {"object_position": 3})

    def _count_block(self, sheet, row: int, heading: str, label_headers: list[str],
                     items: list[tuple]) -> int:
        """A heading, a header row, one row of counts per item, and a total row; returns the
        total row. An item: (sheet to link, link text in column A or None, text in column B,
        (range, text) to count on, cached Counts)."""
        s = self.styles
        status_range = formulas.whole_column(quote(theme.SHEET_ALL),
                                             self.table_index[("status", None)])
        self._text(sheet, row, 0, heading, False, s.heading)
        row += 1
        sheet.set_row(row, 28)
        headers = [*label_headers, theme.LABEL_COUNT, theme.LABEL_MET, theme.LABEL_NOT_MET,
                   theme.LABEL_NOT_ASSESSED, theme.LABEL_SHARE_MET]
        for col, header in enumerate(headers):
            self._text(sheet, row, col, header, fmt=s.header)
        first = row + 1
        for target, link_text, text, (rng, key), counts in items:
            row += 1
            if link_text is None:
                self._link(sheet, row, 1, target, text, s.row_link)
            else:
                self._heights(sheet, row, [(text, 60)])
                self._link(sheet, row, 0, target, link_text, s.row_link)
                self._text(sheet, row, 1, text)
            self._count_cells(sheet, row, 2, [(rng, formulas.exact_criterion(key))],
                              status_range, counts)
        self._totals(sheet, row + 1, first, row, 2, [item[-1] for item in items])
        return row + 1

    def _count_cells(self, sheet, row, col, criteria, status_range, counts: Counts) -> None:
        s = self.styles
        sheet.write_formula(row, col, formulas.countifs(criteria), s.count, counts.total)
        for offset, key in enumerate(("met", "not_met", "not_assessed"), start=1):
            sheet.write_formula(
                row, col + offset,
                formulas.countifs([*criteria, (status_range, STATUS_WORDS[key])]),
                s.count, getattr(counts, key))
        met = xl_rowcol_to_cell(row, col + 1)
        not_met = xl_rowcol_to_cell(row, col + 2)
        sheet.write_formula(row, col + 4, f'=IF({met}+{not_met}=0,"",{met}/({met}+{not_met}))',
                            s.share, counts.share)

    def _totals(self, sheet, row, first, last, col, counts: list[Counts]) -> None:
        s = self.styles
        self._text(sheet, row, col - 1, theme.LABEL_TOTAL, False, s.total_label)
        totals = []
        for offset in range(4):
            column = col + offset
            top, bottom = xl_rowcol_to_cell(first, column), xl_rowcol_to_cell(last, column)
            field_name = ("total", "met", "not_met", "not_assessed")[offset]
            value = sum(getattr(c, field_name) for c in counts)
            totals.append(value)
            sheet.write_formula(row, column, f"=SUM({top}:{bottom})", s.count_total, value)
        met = xl_rowcol_to_cell(row, col + 1)
        not_met = xl_rowcol_to_cell(row, col + 2)
        share = totals[1] / (totals[1] + totals[2]) if totals[1] + totals[2] else ""
        sheet.write_formula(row, col + 4, f'=IF({met}+{not_met}=0,"",{met}/({met}+{not_met}))',
                            s.share_total, share)

    def _status_chart(self, sheet_name, first, last, category_col, value_col, title):
        chart = self.workbook.add_chart({"type": "bar", "subtype": "stacked"})
        ref = quote(sheet_name)
        for offset, key in enumerate(("met", "not_met", "not_assessed")):
            colour = theme.COLOURS[key] if key != "not_assessed" else "#D9D9D9"
            chart.add_series({
                "name": [sheet_name, first - 1, value_col + offset],
                "categories": f"={ref}!${column_letter(category_col)}${first + 1}:"
                              f"${column_letter(category_col)}${last + 1}",
                "values": f"={ref}!${column_letter(value_col + offset)}${first + 1}:"
                          f"${column_letter(value_col + offset)}${last + 1}",
                "fill": {"color": colour},
                "border": {"color": "#7F7F7F" if key == "not_assessed" else colour},
                "gap": 60,
            })
        chart.set_title({"name": title, "name_font": {"size": 11, "bold": True}})
        chart.set_y_axis({"reverse": True})
        chart.set_x_axis({"major_gridlines": {"visible": True, "line": {"color": "#E0E0E0"}},
                          "num_format": "0"})
        chart.set_legend({"position": "bottom"})
        return chart

    # -- the indicator rows of board and goal tabs ----------------------------------------------
    def _columns(self, with_board: bool, indices: list[int]) -> list[Col]:
        cols: list[Col] = []
        if with_board:
            width = _fit([self.ds.indicators[i].board for i in indices], 14, 28)
            cols.append(Col("board", vocabulary.HEADER_BOARD, width))
        cols.append(Col("name", vocabulary.HEADER_NAME, 52))
        if self.has_unit:
            cols.append(Col("unit", vocabulary.HEADER_UNIT, 10))
        for year in self.outcome_years:
            cols.append(Col("outcome", vocabulary.HEADER_OUTCOME.format(year=year), 11, year))
        cols.append(Col("target", vocabulary.HEADER_TARGET.format(year=self.year), 11, self.year))
        cols.append(Col("status", vocabulary.HEADER_STATUS, 8))
        cols.append(Col("trend", vocabulary.HEADER_TREND, 8))
        if any(self.ds.indicators[i].comment for i in indices):
            cols.append(Col("comment", vocabulary.HEADER_COMMENT, COMMENT_WIDTH))
        return cols

    def _indicator_table_header(self, sheet, row: int, cols: list[Col]) -> None:
        s = self.styles
        sheet.set_row(row, 28)
        for col, spec in enumerate(cols):
            sheet.set_column(col, col, spec.width)
            fmt = s.header_center if spec.kind in ("status", "trend") else s.header
            self._text(sheet, row, col, spec.header, fmt=fmt)
        sheet.repeat_rows(row)
        sheet.freeze_panes(row + 1, 0)

    def _plan(self, sheet, cols: list[Col]) -> RowPlan:
        """What every indicator row of a tab needs, worked out once per tab: column letters,
        and formulas as escaped templates with a NUL where the row number goes."""
        kinds = [c.kind for c in cols]
        letters = [column_letter(n) for n in range(len(cols))]
        letter = {(c.kind, c.year): letters[n] for n, c in enumerate(cols)}
        current = letter.get(("outcome", self.year), "")
        previous = letter.get(("outcome", self.year - 1))
        target = letter.get(("target", self.year), "")
        status = {d: _template(formulas.status_glyph(f"{current}\0", f"{target}\0", d, GLYPHS))
                  for d in Direction}
        trend = (_template(formulas.trend_number(f"{current}\0", f"{previous}\0",
                                                 self.opt.trend_tolerance))
                 if previous else None)
        s = self.styles
        return RowPlan(cols, cols[kinds.index("name")].width, "comment" in kinds, status, trend,
                       [(c.kind, letters[n], c.year) for n, c in enumerate(cols)],
                       CellXml(sheet), s.text("", False)._get_xf_index(),
                       s.glyph._get_xf_index(), s.icon._get_xf_index())

    def _text_xml(self, cells: CellXml, ref: str, sheet, value: str, wrap: bool = True,
                  fmt=None) -> str:
        fmt = self.styles.safe(fmt, value) if fmt is not None else self.styles.text(value, wrap)
        if not value:  # a blank cell, formatted, rather than an empty text
            return cells.blank(ref, fmt._get_xf_index())
        if len(value) > TEXT_MAX_UNITS // 2 and units(value) > TEXT_MAX_UNITS:
            raise OutputError(
                f"sheet '{sheet.name}', cell {ref}: a text of {len(value):,} characters is "
                f"longer than an Excel cell holds ({TEXT_MAX_UNITS:,}).",
                "Shorten the text in the input.")
        return cells.text(ref, fmt._get_xf_index(), value)

    def _link_xml(self, cells: CellXml, ref: str, sheet, row: int, col: int,
                  target_sheet: str, text: str) -> str:
        """A link to another tab, or plain text past Excel's limit of links in one sheet."""
        url = self._urls.get((target_sheet, text))
        if url is None:
            url = self._urls[(target_sheet, text)] = Url(f"internal:{quote(target_sheet)}!A1")
            url.text = text
        if self._claim_link(sheet):
            sheet.link_cell(row, col, url)
        return self._text_xml(cells, ref, sheet, text, fmt=self.styles.row_link)

    def _indicator_row(self, sheet, row: int, index: int, plan: RowPlan,
                       arrows: dict[Direction, list[int]]) -> None:
        # The innermost loop of a large report (a hundred thousand rows): locals bound once.
        cells = plan.cells
        text, blank, number_xml = cells.text, cells.blank, cells.number
        indicator = self.ds.indicators[index]
        number = str(row + 1)
        parts: list[str] = []
        append = parts.append
        for col, (kind, letter, year) in enumerate(plan.specs):
            ref = letter + number
            if kind == "outcome" or kind == "target":
                measure = (indicator.outcomes if kind == "outcome" else indicator.targets).get(
                    year)
                if measure is None:
                    append(blank(ref, plan.blank_style))
                else:
                    append(number_xml(ref, self._number_style(measure), measure.value))
            elif kind == "name":
                append(self._text_xml(cells, ref, sheet, indicator.name))
            elif kind == "status":
                glyph = theme.STATUS_GLYPHS[self.status[index]]
                if indicator.given_status is not None or not self.has_target:
                    append(text(ref, plan.glyph_style, glyph))
                else:
                    append(cells.formula(
                        ref, plan.glyph_style,
                        plan.status[indicator.direction].replace("\0", number), glyph))
            elif kind == "trend":
                trend = self.trend[index]
                if indicator.given_trend is not None:
                    append(number_xml(ref, plan.icon_style, trend.value))
                elif plan.trend is not None:
                    append(cells.formula(ref, plan.icon_style, plan.trend.replace("\0", number),
                                         "" if trend is None else trend.value))
                else:
                    append(blank(ref, plan.icon_style))
                arrows[indicator.direction].append(row)
            elif kind == "board":
                board = indicator.board
                if board in self.board_sheet:
                    append(self._link_xml(cells, ref, sheet, row, col,
                                          self.board_sheet[board], board))
                else:
                    append(self._text_xml(cells, ref, sheet, board))
            elif kind == "unit":
                append(self._text_xml(cells, ref, sheet, indicator.unit or "", False))
            elif kind == "comment":
                append(self._text_xml(cells, ref, sheet, indicator.comment or ""))
        wrapped = [(indicator.name, plan.name_width)]
        if indicator.comment and plan.has_comment:
            wrapped.append((indicator.comment, COMMENT_WIDTH))
        height = _height(wrapped)
        self._write_row(sheet, row, len(plan.specs) - 1, parts, height)

    def _number_style(self, measure: Measure) -> int:
        return self.styles.number(measure.decimals, measure.percent)._get_xf_index()

    def _write_row(self, sheet, row: int, last: int, parts: list[str],
                   height: float | None) -> None:
        if sheet.write_row_xml(row, 0, last, "".join(parts), height) == -1:
            raise OutputError(f"sheet '{sheet.name}': row {row + 1} is beyond Excel's limit.")

    def _finish_indicator_table(self, sheet, cols, first, last, arrows) -> None:
        if last < first:
            return
        kinds = [c.kind for c in cols]
        self._glyph_colours(sheet, first, last, kinds.index("status"))
        self._arrows(sheet, arrows, kinds.index("trend"))

    # -- a board's tab --------------------------------------------------------------------------
    def _board(self, sheet, board: str) -> None:
        indices = self.by_board[board]
        cols = self._columns(False, indices)
        row = self._title_block(sheet, board)
        self._indicator_table_header(sheet, row, cols)
        first = row + 1
        plan = self._plan(sheet, cols)
        arrows: dict[Direction, list[int]] = {d: [] for d in Direction}
        by_goal: dict[str, list[int]] = {}
        for index in indices:
            by_goal.setdefault(self.ds.indicators[index].goal.key, []).append(index)
        for key in sorted(by_goal, key=lambda k: self.goals[k].sort_key):
            row += 1
            # The row's own format fills the band: one cell written instead of one per column.
            sheet.set_row(row, 20, self.styles.goal_heading)
            heading = theme.LABEL_GOAL_HEADING.format(goal=self.goals[key].text)
            self._text(sheet, row, 0, heading, False, self.styles.goal_heading)
            for index in by_goal[key]:
                row += 1
                self._indicator_row(sheet, row, index, plan, arrows)
                self._progress(1)
        self._finish_indicator_table(sheet, cols, first, row, arrows)

    # -- a goal's tab ---------------------------------------------------------------------------
    def _goal(self, sheet, key: str) -> None:
        s = self.styles
        goal = self.goals[key]
        indices = [i for i in self.by_goal[key]
                   if self.opt.only_board is None
                   or self.ds.indicators[i].board == self.opt.only_board]
        cols = self._columns(True, indices)
        for col, spec in enumerate(cols):
            sheet.set_column(col, col, spec.width)
        title_lines = _split_title(goal.text, 95)
        self._text(sheet, 0, 0, title_lines[0], False, s.title)
        sheet.set_row(0, 24)
        row = 1
        for line in title_lines[1:]:
            self._text(sheet, row, 0, line, False, s.title)
            sheet.set_row(row, 24)
            row += 1
        subtitle = self.title + (f" – {self.opt.municipality}" if self.opt.municipality else "")
        self._text(sheet, row, 0, subtitle, False, s.subtitle)
        self._link(sheet, row + 1, 0, theme.SHEET_GUIDE, theme.LABEL_BACK, s.link)
        row += 3
        headers = [theme.LABEL_COUNT, theme.LABEL_MET, theme.LABEL_NOT_MET,
                   theme.LABEL_NOT_ASSESSED, theme.LABEL_SHARE_MET]
        # The counts stand under the number columns, the pie under the text columns, so
        # that nothing reaches beyond the table's width and the page prints full size.
        count_col = [c.kind for c in cols].index("outcome")
        chart_row = row
        sheet.set_row(row, 40)
        for offset, header in enumerate(headers):
            self._text(sheet, row, count_col + offset, header, fmt=s.header)
        row += 1
        counts = self.goal_counts[key]
        if self.opt.only_board is not None:
            counts = Counts()
            for index in indices:
                counts.add(self.status[index])
        all_ref = quote(theme.SHEET_ALL)
        criteria = [(formulas.whole_column(all_ref, self.table_index[("goal", None)]),
                     formulas.exact_criterion(goal.text))]
        table_header_row = chart_row + CHART_ROWS
        if self.opt.only_board is None:
            self._count_cells(sheet, row, count_col, criteria, formulas.whole_column(
                all_ref, self.table_index[("status", None)]), counts)
        else:
            # A board's own workbook has no table to count over: count its own status cells.
            status_col = [c.kind for c in cols].index("status")
            self._local_counts(sheet, row, count_col, counts, status_col, table_header_row + 1,
                               table_header_row + len(indices))
        chart = self._pie(sheet.name, row - 1, row, count_col)
        sheet.insert_chart(chart_row, 0, chart, {"x_offset": 2, "y_offset": 2,
                                                 "object_position": 3})
        row = table_header_row
        self._indicator_table_header(sheet, row, cols)
        first = row + 1
        plan = self._plan(sheet, cols)
        arrows: dict[Direction, list[int]] = {d: [] for d in Direction}
        for index in indices:
            row += 1
            self._indicator_row(sheet, row, index, plan, arrows)
        self._finish_indicator_table(sheet, cols, first, row, arrows)

    def _local_counts(self, sheet, row, col, counts, status_col, first, last) -> None:
        s = self.styles
        letter = column_letter(status_col)
        rng = f"${letter}${first + 1}:${letter}${last + 1}"
        sheet.write_formula(row, col, f"=COUNTA({rng})", s.count, counts.total)
        for offset, key in enumerate(("met", "not_met", "not_assessed"), start=1):
            sheet.write_formula(row, col + offset, f'=COUNTIF({rng},"{GLYPHS[key]}")', s.count,
                                getattr(counts, key))
        met, not_met = xl_rowcol_to_cell(row, col + 1), xl_rowcol_to_cell(row, col + 2)
        sheet.write_formula(row, col + 4, f'=IF({met}+{not_met}=0,"",{met}/({met}+{not_met}))',
                            s.share, counts.share)

    def _pie(self, sheet_name, header_row, row, col):
        chart = self.workbook.add_chart({"type": "pie"})
        ref = quote(sheet_name)
        first, last = column_letter(col + 1), column_letter(col + 3)
        chart.add_series({
            "categories": f"={ref}!${first}${header_row + 1}:${last}${header_row + 1}",
            "values": f"={ref}!${first}${row + 1}:${last}${row + 1}",
            "points": [{"fill": {"color": theme.COLOURS["met"]}},
                       {"fill": {"color": theme.COLOURS["not_met"]}},
                       {"fill": {"color": "#D9D9D9"}, "border": {"color": "#7F7F7F"}}],
            "data_labels": {"value": True, "position": "best_fit"},
        })
        chart.set_title({"name": theme.LABEL_GOAL_CHART_TITLE,
                         "name_font": {"size": 10, "bold": True}})
        chart.set_legend({"position": "right", "font": {"size": 8}})
        chart.set_size({"width": 330, "height": 170})
        chart.set_chartarea({"border": {"none": True}})
        return chart

    # -- the table of all indicators ------------------------------------------------------------
    def _table(self, sheet) -> None:
        s = self.styles
        n = len(self.ds.indicators)
        ncols = len(self.table_cols)
        widths = []
        for header, role, _ in self.table_cols:
            if role == "goal":
                widths.append(32)
            elif role in ("name", "comment"):
                widths.append(42)
            elif role == "board":
                widths.append(_fit(self.boards, 14, 28))
            elif role in ("outcome", "target"):
                widths.append(max(11, len(header) + 3))
            elif role in ("direction", "status", "trend"):
                widths.append(max(15, len(header) + 3))
            else:
                widths.append(max(12, min(40, len(header) + 4)))
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width)
        sheet.add_table(0, 0, n, ncols - 1, {
            "name": theme.TABLE_NAME, "style": theme.TABLE_STYLE, "autofilter": True,
            "columns": [{"header": header} for header, _, _ in self.table_cols],
        })
        sheet.freeze_panes(1, 2 if ncols > 3 else 0)
        sheet.repeat_rows(0)
        cells = CellXml(sheet)
        letters = [column_letter(pos) for pos in range(ncols)]
        at = {key: letters[pos] for key, pos in self.table_index.items()}
        out_cur = at.get(("outcome", self.year))
        out_prev = at.get(("outcome", self.year - 1))
        target = at.get(("target", self.year))
        lower = vocabulary.DIRECTION_LABELS[Direction.LOWER_IS_BETTER]
        status_formula = trend_formula = None
        if target:
            status_formula = _template(formulas.status_word(
                f"{out_cur}\0", f"{target}\0", f"{at[('direction', None)]}\0", lower,
                STATUS_WORDS))
        if out_prev:
            trend_formula = _template(formulas.trend_word(
                f"{out_cur}\0", f"{out_prev}\0", self.opt.trend_tolerance, TREND_WORDS))
        word_style = s.word._get_xf_index()
        wrap_widths = [(pos, widths[pos]) for pos, (_, role, _) in enumerate(self.table_cols)
                       if role in ("goal", "name", "comment")]
        for index, indicator in enumerate(self.ds.indicators):
            row = index + 1
            number = str(row + 1)
            height = _height([(str(self._table_value(indicator, pos) or ""), width)
                              for pos, width in wrap_widths])
            parts = []
            for pos, (header, role, _year) in enumerate(self.table_cols):
                ref = letters[pos] + number
                cell = None
                if role in ("outcome", "target"):
                    measure = indicator.row_values.get(header)
                    if measure is not None:
                        cell = cells.number(ref, self._number_style(measure), measure.value)
                elif role == "status":
                    word = vocabulary.STATUS_LABELS[self.status[index]]
                    if indicator.given_status is not None or status_formula is None:
                        cell = self._text_xml(cells, ref, sheet, word, False, s.word)
                    else:
                        cell = cells.formula(ref, word_style,
                                             status_formula.replace("\0", number), word)
                elif role == "trend":
                    trend = self.trend[index]
                    word = "" if trend is None else vocabulary.TREND_LABELS[trend]
                    if indicator.given_trend is not None:
                        if word:
                            cell = self._text_xml(cells, ref, sheet, word, False, s.word)
                    elif trend_formula is not None:
                        cell = cells.formula(ref, word_style,
                                             trend_formula.replace("\0", number), word)
                else:
                    cell = self._value_xml(cells, ref, sheet, self._table_value(indicator, pos),
                                           role)
                if cell is not None:
                    parts.append(cell)
            self._write_row(sheet, row, ncols - 1, parts, height)
            self._progress(1)
        # The status formulas read Riktning by its exact words: offer only those.
        direction_pos = self.table_index[("direction", None)]
        sheet.data_validation(1, direction_pos, max(n, 1), direction_pos, {
            "validate": "list", "source": list(vocabulary.DIRECTION_LABELS.values()),
            "error_title": vocabulary.HEADER_DIRECTION, "error_message": theme.LIST_ERROR})
        status_col = self.table_index[("status", None)]
        for key, word in STATUS_WORDS.items():
            sheet.conditional_format(1, status_col, max(n, 1), status_col, {
                "type": "cell", "criteria": "==", "value": f'"{word}"',
                "format": s.fill[key]})

    def _table_value(self, indicator: Indicator, pos: int) -> Any:
        header, role, _ = self.table_cols[pos]
        if role == "goal":
            return indicator.goal.text
        if role == "board":
            return indicator.board
        if role == "direction":
            return vocabulary.DIRECTION_LABELS[indicator.direction]
        return indicator.row_values.get(header)

    def _value_xml(self, cells: CellXml, ref: str, sheet, value: Any, role: str) -> str | None:
        if value is None or value == "":
            return None
        style = self.styles.word._get_xf_index()
        if isinstance(value, bool):
            return cells.boolean(ref, style, value)
        if isinstance(value, (int, float)):
            return cells.number(ref, style, value) if math.isfinite(value) else None
        if isinstance(value, (_dt.datetime, _dt.date)):
            if not isinstance(value, _dt.datetime):
                value = _dt.datetime(value.year, value.month, value.day)
            return cells.number(ref, self.styles.date._get_xf_index(),
                                sheet._convert_date_time(value))
        return self._text_xml(cells, ref, sheet, str(value), wrap=role in WRAPPED_ROLES)

    def _progress(self, done: int) -> None:
        if self.opt.progress is not None:
            self.opt.progress(done)


def _discard(workbook) -> None:
    """Close and delete the temporary row files of a workbook that will not be written
    (XlsxWriter removes them only when a workbook is closed)."""
    for sheet in getattr(workbook, "worksheets_objs", []):
        handle = getattr(sheet, "row_data_fh", None)
        if handle is not None and not handle.closed:
            handle.close()
        name = getattr(sheet, "row_data_filename", None)
        if name:
            with contextlib.suppress(OSError):
                os.unlink(name)


def _template(formula: str) -> str:
    """A formula as it stands in the file: without its '=', escaped for XML."""
    return escape_narrow(formula.removeprefix("="))


def _ranges(rows: list[int], col: int) -> str:
    """'H6:H8 H10' from rows [5, 6, 7, 9] (0-based) in column `col`."""
    letter = column_letter(col)
    parts, start, prev = [], None, None
    for row in sorted(rows):
        if start is None:
            start = prev = row
        elif row == prev + 1:
            prev = row
        else:
            parts.append((start, prev))
            start = prev = row
    if start is not None:
        parts.append((start, prev))
    return " ".join(f"{letter}{a + 1}" if a == b else f"{letter}{a + 1}:{letter}{b + 1}"
                    for a, b in parts)


def _fit(texts, minimum: float, maximum: float) -> float:
    longest = max((len(t) for t in texts), default=0)
    return max(minimum, min(maximum, longest + 2))


def _height(cells: list[tuple[str, float]]) -> float | None:
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


def _split_title(text: str, limit: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > limit:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return lines
