"""The indicator rows of the board and goal tabs: their columns, header, cells and formats.

To add a column to those tabs, add it in `indicator_columns` and give its cells in
`IndicatorRows.write`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from indexcel import limits, theme, vocabulary
from indexcel.errors import OutputError
from indexcel.model import Change, ColumnRole, Direction, Indicator, Measure
from indexcel.writer import cells, conditional, formulas, layout
from indexcel.writer._xlsx import Part, RowWriter, Style
from indexcel.writer.context import Context
from indexcel.writer.pages import Pages
from indexcel.writer.plan import Features
from indexcel.writer.sheetnames import quote

# ColumnRole's members bound once: looking a member up on its class costs some 0.13 µs in
# Python 3.11, and these are the innermost loops.
_OUTCOME = ColumnRole.OUTCOME
_TARGET = ColumnRole.TARGET
_TOLERANCE = ColumnRole.TOLERANCE
_PARTLY = ColumnRole.PARTLY
_NAME = ColumnRole.NAME
_STATUS = ColumnRole.STATUS
_TREND = ColumnRole.TREND
_BOARD = ColumnRole.BOARD
_UNIT = ColumnRole.UNIT
_COMMENT = ColumnRole.COMMENT


@dataclass(frozen=True)
class Col:
    # board, name, unit, outcome, target, tolerance, partly, status, trend or comment
    kind: ColumnRole
    header: str
    width: float
    year: int | None = None


def indicator_columns(ctx: Context, indices: list[int], with_board: bool) -> list[Col]:
    """The columns of a tab listing the indicators `indices`; a goal's tab names the board."""
    plan = ctx.plan
    indicators = plan.indicators
    cols: list[Col] = []
    if with_board:
        width = layout.fit([indicators[i].board for i in indices], 14, 28)
        cols.append(Col(ColumnRole.BOARD, vocabulary.HEADER_BOARD, width))
    cols.append(Col(ColumnRole.NAME, vocabulary.HEADER_NAME, layout.NAME_WIDTH))
    if plan.has_unit:
        cols.append(Col(ColumnRole.UNIT, vocabulary.HEADER_UNIT, layout.UNIT_WIDTH))
    wide, wide_limits = ctx.number_widths(indices)
    for year in plan.outcome_years:
        cols.append(Col(ColumnRole.OUTCOME, vocabulary.HEADER_OUTCOME.format(year=year),
                        max(11, wide), year))
    cols.append(Col(ColumnRole.TARGET, vocabulary.HEADER_TARGET.format(year=plan.year),
                    max(11, wide), plan.year))
    # Tolerans and Delvis stand beside the target on the tabs whose indicators have them, so
    # that an edited limit updates the ball.
    if any(indicators[i].tolerance is not None for i in indices):
        cols.append(Col(ColumnRole.TOLERANCE, vocabulary.HEADER_TOLERANCE,
                        max(10, wide_limits)))
    if any(indicators[i].partly is not None for i in indices):
        cols.append(Col(ColumnRole.PARTLY, vocabulary.HEADER_PARTLY, max(10, wide_limits)))
    # Wide enough for the goal tab's counts above them ("Andel uppfyllda" in two lines).
    cols.append(Col(ColumnRole.STATUS, vocabulary.HEADER_STATUS, 10))
    cols.append(Col(ColumnRole.TREND, vocabulary.HEADER_TREND, 10))
    if any(indicators[i].comment for i in indices):
        cols.append(Col(ColumnRole.COMMENT, vocabulary.HEADER_COMMENT, layout.COMMENT_WIDTH))
    return cols


# Columns whose texts wrap (and so decide a row's height), and those that hold numbers (their
# headers align right, over the numbers).
WRAPPED_KINDS = (ColumnRole.BOARD, ColumnRole.NAME, ColumnRole.UNIT, ColumnRole.COMMENT)
_WRAPPED_TEXT: dict[str, Callable[[Indicator], str]] = {
    ColumnRole.BOARD: lambda i: i.board, ColumnRole.NAME: lambda i: i.name,
    ColumnRole.UNIT: lambda i: i.unit or "", ColumnRole.COMMENT: lambda i: i.comment or ""}
NUMBER_KINDS = (ColumnRole.OUTCOME, ColumnRole.TARGET, ColumnRole.TOLERANCE, ColumnRole.PARTLY)


class IndicatorRows:
    """Writes the header and the indicator rows of one tab, then its balls' and arrows'
    conditional formats."""

    def __init__(self, ctx: Context, sheet: Worksheet, cols: list[Col]) -> None:
        self.ctx, self.sheet, self.cols = ctx, sheet, cols
        plan, s = ctx.plan, ctx.styles
        self.rows = rows = ctx.rows(sheet)
        self.kinds = [c.kind for c in cols]
        features = plan.features
        # Tabs of the same columns share their formulas (a goal tab of each board workbook).
        self.status_formula, self.trend_formula = _row_formulas(
            tuple((c.kind, c.year) for c in cols), plan.year, plan.trend_tolerance, features,
            type(rows))
        self.icon_set = {d: conditional.icon_set(d, features.improvement) for d in Direction}
        self.improvement = features.improvement
        self.widths = [c.width for c in cols]
        self.width = sum(layout.column_points(w) for w in self.widths)  # in points
        self._wrapped = [(c.kind, c.width) for c in cols if c.kind in WRAPPED_KINDS]
        self._heights: dict[int, float] = {}
        self.pages: Pages | None = None
        self.blank_style = rows.style(s.text("", False))
        self.glyph_style = rows.style(s.glyph)
        self.icon_style = rows.style(s.icon)
        self.arrows: dict[str, list[int]] = {self.icon_set[d]: [] for d in Direction}
        self.first: int | None = None
        self.last: int | None = None

    def header(self, row: int, pages: Pages) -> None:
        """The header row at `row`, repeated on every printed page, frozen on screen; the
        rows after it are laid down on `pages`."""
        s, sheet = self.ctx.styles, self.sheet
        height = layout.height([(c.header, c.width) for c in self.cols], layout.HEADER_MINIMUM,
                               bold=True)
        sheet.set_row(row, height)
        for col, spec in enumerate(self.cols):
            sheet.set_column(col, col, spec.width)
            fmt = (s.header_center if spec.kind in (ColumnRole.STATUS, ColumnRole.TREND) else
                   s.header_right if spec.kind in NUMBER_KINDS else s.header)
            self.ctx.text(sheet, row, col, spec.header, fmt=fmt)
        sheet.repeat_rows(row)
        sheet.freeze_panes(row + 1, 0)
        pages.row(row, height)
        pages.repeat(height)
        self.pages = pages
        self.first = row + 1

    def height(self, index: int) -> float:
        """The height of the row of indicator `index`: its tallest wrapped text."""
        found = self._heights.get(index)
        if found is None:
            indicator = self.ctx.plan.indicators[index]
            found = self._heights[index] = layout.height(
                [(_WRAPPED_TEXT[kind](indicator), width) for kind, width in self._wrapped])
        return found

    def write(self, row: int, index: int) -> None:
        """The row of indicator `index` at `row`."""
        # The innermost loop of a large report (a hundred thousand rows): locals bound once.
        ctx, rows = self.ctx, self.rows
        indicator = ctx.plan.indicators[index]
        judgement = ctx.plan.judgements[index]
        rows.start(row)
        parts: list[Part] = []
        append = parts.append
        for col, spec in enumerate(self.cols):
            kind = spec.kind
            if kind is _OUTCOME or kind is _TARGET:
                year = spec.year
                assert year is not None  # the columns of a yearly role have their year
                measure = (indicator.outcomes if kind is _OUTCOME
                           else indicator.targets).get(year)
                if measure is None:
                    append(rows.blank(col, self.blank_style))
                elif isinstance(measure, Change):  # Öka, Minska: the word as typed
                    word = vocabulary.target_text(ctx.plan.dataset, indicator, year)
                    assert isinstance(word, str)  # a target that is a Change is a word
                    append(self._text(col, word, fmt=ctx.styles.number_word))
                else:
                    append(rows.number(col, self._number_style(measure), measure.value))
            elif kind is _TOLERANCE or kind is _PARTLY:
                measure = indicator.tolerance if kind is _TOLERANCE else indicator.partly
                if measure is None:
                    append(rows.blank(col, self.blank_style))
                else:
                    append(rows.number(col, self._number_style(measure), measure.value))
            elif kind is _NAME:
                append(self._text(col, indicator.name))
            elif kind is _STATUS:
                glyph = theme.STATUS_GLYPHS[judgement.status]
                if indicator.given_status is not None or not ctx.plan.has_target:
                    append(rows.text(col, self.glyph_style, glyph))
                else:
                    append(rows.formula(col, self.glyph_style,
                                        self.status_formula[indicator.direction], glyph))
            elif kind is _TREND:
                trend = judgement.improvement if self.improvement else judgement.trend
                if indicator.given_trend is not None:
                    if trend is None:
                        append(rows.blank(col, self.icon_style))
                    else:
                        append(rows.number(col, self.icon_style, float(trend.value)))
                elif self.trend_formula is not None:
                    append(rows.formula(col, self.icon_style,
                                        self.trend_formula[indicator.direction],
                                        "" if trend is None else trend.value))
                else:
                    append(rows.blank(col, self.icon_style))
                self.arrows[self.icon_set[indicator.direction]].append(row)
            elif kind is _BOARD:
                append(self._board(col, indicator.board))
            elif kind is _UNIT:
                append(self._text(col, indicator.unit or ""))
            elif kind is _COMMENT:
                append(self._text(col, indicator.comment or ""))
        height = self.height(index)
        self._heights.pop(index, None)  # asked ahead only for the next few rows
        if rows.write(len(self.cols) - 1, parts, height) == -1:
            raise OutputError(f"sheet '{self.sheet.name}': row {row + 1} is beyond Excel's "
                              "limit.")
        if self.pages is not None:
            self.pages.row(row, height)
        self.last = row

    def finish(self) -> None:
        """The conditional formats of the balls and arrows written."""
        if self.first is None or self.last is None:
            return
        conditional.glyph_colours(self.sheet, self.ctx.styles, self.first, self.last,
                                  self.kinds.index(ColumnRole.STATUS),
                                  self.ctx.plan.features.statuses)
        conditional.arrows(self.sheet, self.arrows, self.kinds.index(ColumnRole.TREND))

    def _number_style(self, measure: Measure) -> Style:
        return number_style(self.ctx, self.rows, measure)

    def _text(self, col: int, value: str, wrap: bool = True,
              fmt: Format | None = None) -> Part:
        return text_cell(self.ctx, self.rows, self.sheet, col, value, wrap, fmt)

    def _board(self, col: int, board: str) -> Part:
        target = self.ctx.plan.board_sheet(board)
        if target is None:
            return self._text(col, board)
        board = cells.plain(board)  # also the link's display, which has no escapes
        fmt = self.ctx.styles.safe(self.ctx.styles.row_link, board)
        if not self.ctx.claim_link(self.sheet):
            return self._text(col, board, fmt=fmt)
        error = cells.text_error(self.sheet.name, self.rows.row, col, board)
        if error is not None:
            raise error
        return self.rows.link(col, self.rows.style(fmt), f"{quote(target)}!A1", board)


def number_style(ctx: Context, rows: RowWriter, measure: Measure) -> Style:
    """The style of a number shown as it was typed (decimals, percent), resolved once."""
    key = ("number", measure.decimals, measure.percent)
    style = rows.styles_seen.get(key)
    if style is None:
        style = rows.styles_seen[key] = rows.style(ctx.styles.number(*key[1:]))
    return style


_LONG = limits.MAX_CELL_UNITS // 2  # shorter texts fit a cell however they are counted


def text_cell(ctx: Context, rows: RowWriter, sheet: Worksheet, col: int, value: str,
              wrap: bool = True, fmt: Format | None = None) -> Part:
    """A rendered text cell (a formatted blank for no text), as every rendered row writes it.
    The format's style is looked up once per kind of text (the innermost loop)."""
    key = (wrap, value.startswith(cells.FORMULA_PREFIXES), id(fmt))
    style = rows.styles_seen.get(key)
    if style is None:
        chosen = ctx.styles.safe(fmt, value) if fmt is not None else ctx.styles.text(value, wrap)
        style = rows.styles_seen[key] = rows.style(chosen)
    if not value:
        return rows.blank(col, style)
    if len(value) > _LONG:
        error = cells.text_error(sheet.name, rows.row, col, value)
        if error is not None:
            raise error
    return rows.text(col, style, value)


@functools.lru_cache(maxsize=64)
def _row_formulas(shape: tuple[tuple[ColumnRole, int | None], ...], year: int, tolerance: float,
                  features: Features, rows: type[RowWriter]
                  ) -> tuple[dict[Direction, str], dict[Direction, str] | None]:
    """The ball and arrow formulas of a tab's rows, by direction, as templates of the row
    writer `rows`, for a tab whose columns are `shape` ((kind, year) each)."""
    letter = {key: cells.column_letter(n) for n, key in enumerate(shape)}

    def at(kind: ColumnRole, year: int | None = None) -> str | None:
        found = letter.get((kind, year))
        return None if found is None else f"{found}\0"

    row_cells = formulas.RowCells(
        outcome=at(ColumnRole.OUTCOME, year) or "", target=at(ColumnRole.TARGET, year) or "",
        previous=at(ColumnRole.OUTCOME, year - 1), tolerance=at(ColumnRole.TOLERANCE),
        partly=at(ColumnRole.PARTLY))
    words: dict[str, tuple[str, ...]] | None = (
        {change.value: aliases for change, aliases in vocabulary.CHANGE_ALIASES.items()}
        if features.change else None)
    status = {d: rows.template(formulas.status(row_cells, formulas.shortfall(row_cells, d),
                                               conditional.GLYPHS, words))
              for d in Direction}
    if row_cells.previous is None:
        return status, None
    trend = {d: rows.template(
        formulas.improvement_number(row_cells, d, tolerance) if features.improvement
        else formulas.trend_number(row_cells.outcome, row_cells.previous, tolerance))
        for d in Direction}
    return status, trend
