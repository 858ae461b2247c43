"""XlsxWriter formats made from theme.py, created once per workbook and shared."""

from __future__ import annotations

from typing import Any, TypeAlias

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from indexcel import theme
from indexcel.writer.cells import FORMULA_PREFIXES

Props: TypeAlias = dict[str, Any]  # a format's properties, as XlsxWriter's add_format takes

_BASE: Props = {"font_name": theme.FONT, "font_size": 10, "valign": "top"}
# Rows of indicators align at the top, so that numbers, ball and arrow stand beside the first
# line of a wrapped name. (LibreOffice draws icon-set arrows at a cell's bottom whatever its
# alignment; Excel draws them where the cell aligns.)
_ROW: Props = {**_BASE, "bottom": 1, "bottom_color": theme.COLOURS["border"]}
# Links print as plain text: on paper a link is no link.
_LINK: Props = {"font_color": theme.COLOURS["text"]}


class FormatBook:
    """A workbook's formats, each made once, and their quote-prefixed twins."""

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._cache: dict[tuple[Any, ...], Format] = {}
        self._props_of: dict[int, Props] = {}
        self._props_by_name: dict[str, Props] = {}

    def format(self, props: Props) -> Format:
        """The format with these properties, made once."""
        key = ("format", *sorted(props.items()))
        if key not in self._cache:
            self._cache[key] = self._remember(self._workbook.add_format(props), props)
        return self._cache[key]

    def _add(self, name: str, props: Props) -> Format:
        self._props_by_name[name] = props
        fmt = self._remember(self._workbook.add_format(props), props)
        self._cache[(name,)] = fmt
        return fmt

    def safe(self, fmt: Format | None, value: str) -> Format | None:
        """`fmt`, or its quote-prefixed twin when Excel would take `value` for a formula once
        someone edits the cell."""
        if fmt is None or not value.startswith(FORMULA_PREFIXES):
            return fmt
        props = self._props_of[id(fmt)]
        if props.get("quote_prefix"):
            return fmt
        key = ("quoted", id(fmt))
        if key not in self._cache:
            self._cache[key] = self._remember(self._workbook.add_format(
                {**props, "quote_prefix": True}), {**props, "quote_prefix": True})
        return self._cache[key]

    def _remember(self, fmt: Format, props: Props) -> Format:
        self._props_of[id(fmt)] = props
        return fmt


class Styles(FormatBook):
    """The report's formats, by what they are for."""

    def __init__(self, workbook: Workbook) -> None:
        super().__init__(workbook)
        c = theme.COLOURS
        self.title = self._add("title", {**_BASE, "bold": True, "font_size": 16,
                                         "font_color": c["title"]})
        self.subtitle = self._add("subtitle", {**_BASE, "italic": True, "font_color": "#595959"})
        self.heading = self._add("heading", {**_BASE, "bold": True, "font_size": 12,
                                             "font_color": c["title"]})
        self.header = self._add("header", {**_BASE, "bold": True, "font_color": c["header_font"],
                                           "bg_color": c["header_fill"], "text_wrap": True,
                                           "valign": "vcenter", "border": 1,
                                           "border_color": c["header_fill"]})
        self.header_center = self._add("header_center", {**self._props("header"),
                                                         "align": "center"})
        # Over numbers, aligned as the numbers are.
        self.header_right = self._add("header_right", {**self._props("header"),
                                                       "align": "right"})
        self.goal_heading = self._add("goal_heading", {**_BASE, "bold": True,
                                                       "bg_color": c["goal_fill"],
                                                       "valign": "vcenter"})
        self.paragraph = self._add("paragraph", {**_BASE, "text_wrap": True})
        self.blank = self._add("blank", {**_BASE})
        self.link = self._add("link", {**_BASE, **_LINK})
        self.row_link = self._add("row_link", {**_ROW, **_LINK, "text_wrap": True})
        # The link back to the guide, above the printed area of every tab: it may look like
        # one.
        self.back_link = self._add("back_link", {**_BASE, "font_color": c["link"],
                                                 "underline": 1, "font_size": 9})
        self.glyph = self._add("glyph", {**_ROW, "font_name": theme.GLYPH_FONT, "font_size": 12,
                                         "align": "center"})
        # Last year's ball beside this year's: smaller, so that this year's reads first.
        self.glyph_small = self._add("glyph_small", {**_ROW, "font_name": theme.GLYPH_FONT,
                                                     "font_size": 9, "align": "center"})
        self.legend_glyph = self._add("legend_glyph", {**_BASE, "font_name": theme.GLYPH_FONT,
                                                       "font_size": 12, "align": "center"})
        self.icon = self._add("icon", {**_ROW, "align": "center", "num_format": ";;;"})
        self.legend_icon = self._add("legend_icon", {**_BASE, "align": "center",
                                                     "num_format": ";;;"})
        self.count = self._add("count", {**_ROW, "num_format": "#,##0"})
        self.count_total = self._add("count_total", {**_BASE, "num_format": "#,##0",
                                                     "bold": True, "top": 1})
        self.share = self._add("share", {**_ROW, "num_format": "0%"})
        self.share_total = self._add("share_total", {**_BASE, "num_format": "0%", "bold": True,
                                                     "top": 1})
        self.total_label = self._add("total_label", {**_BASE, "bold": True, "top": 1})
        self.word = self._add("word", {**_ROW})
        # A word where numbers stand (a target of Öka or Minska): aligned as they are.
        self.number_word = self._add("number_word", {**_ROW, "align": "right"})
        self.date = self._add("date", {**_ROW, "num_format": "yyyy-mm-dd"})
        # A goal's judgement (writer/tabs/goal_judgement.py): the large ball and its word,
        # the lines under them; the summary's headline.
        self.goal_ball = self._add("goal_ball", {**_BASE, "font_name": theme.GLYPH_FONT,
                                                 "font_size": theme.GOAL_GLYPH_FONT_SIZE,
                                                 "align": "right", "valign": "vcenter"})
        self.goal_word = self._add("goal_word", {**_BASE, "bold": True, "font_size": 18,
                                                 "valign": "vcenter"})
        self.goal_line = self._add("goal_line", {**_BASE, "font_size": 11})
        self.goal_note = self._add("goal_note", {**_BASE, "italic": True,
                                                 "font_color": "#404040"})
        self.goal_paragraph = self._add("goal_paragraph", {**_BASE, "font_size": 11,
                                                           "text_wrap": True})
        self.headline = self._add("headline", {**_BASE, "bold": True, "font_size": 14,
                                               "font_color": c["title"]})
        # Conditional formats of balls and status words, by status key (writer/tally.py).
        self.colour = {
            key: self._add(f"cf_{key}", {"font_color": c[key]})
            for key in ("met", "partly_met", "not_met", "not_assessed")
        }
        self.fill = {
            key: self._add(f"cf_fill_{key}", {"bg_color": c[f"{key}_fill"],
                                              "font_color": c[key]})
            for key in ("met", "partly_met", "not_met", "not_assessed")
        }

    def _props(self, name: str) -> Props:
        return self._props_by_name[name]

    def text(self, value: str = "", wrap: bool = True) -> Format:
        """A text cell; text that Excel would take for a formula when edited gets a quote
        prefix, so that it stays text even after F2 + Enter."""
        quoted = value.startswith(FORMULA_PREFIXES)
        key = ("text", wrap, quoted)
        if key not in self._cache:
            props = {**_ROW, "text_wrap": wrap, "quote_prefix": quoted}
            self._cache[key] = self._remember(self._workbook.add_format(props), props)
        return self._cache[key]

    def number(self, decimals: int, percent: bool) -> Format:
        key = ("number", min(decimals, 10), percent)
        if key not in self._cache:
            props = {**_ROW, "num_format": theme.number_format(min(decimals, 10), percent)}
            self._cache[key] = self._remember(self._workbook.add_format(props), props)
        return self._cache[key]
