"""Indicator rows rendered straight to worksheet XML.

The report writes about thirty cells per indicator (its board's tab, its goal's tab and the
table). Through XlsxWriter's write_* methods each cell costs some 8 µs: a cell tuple, a
dimension check, attribute escaping and a file write, which made up most of a large build.
The rows of those three tabs are instead rendered here as one string of <c> elements per
row, with the markup XlsxWriter writes, and handed to the sheet in one call. Row attributes,
formats, the shared string table, links, dimensions and everything else stay XlsxWriter's.

Relies on these XlsxWriter internals, all used by its own write_* methods: Worksheet.table,
previous_row, row_info, row_sizes, comments, _check_dimensions, _write_single_row,
_write_cell, hyperlinks and hlink_count, str_table, Url and Format._get_xf_index.
tests/test_cells.py writes the same values through XlsxWriter and rendered, in streamed and
in-memory sheets, and compares what openpyxl reads; the LibreOffice tests recalculate every
formula.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from xlsxwriter.url import Url, UrlTypes
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from indexcel.limits import MAX_LINKS_PER_SHEET as EXCEL_MAX_LINKS

_XML_SPECIAL = re.compile("[&<>]")
_BEYOND_LATIN1 = re.compile("[^\x00-\xff]")


class RawCells(NamedTuple):
    """Rendered <c> elements standing in the sheet's cell table at their first column."""

    xml: str


def escape(text: str) -> str:
    """Text for an XML data section (Excel leaves double quotes as they are)."""
    if _XML_SPECIAL.search(text):
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


@functools.lru_cache(maxsize=256)
def escape_narrow(text: str) -> str:
    """Escaped, with characters beyond Latin-1 as character references (● as &#9679;).

    For the formulas and cached results of rendered rows: a sheet held in memory keeps its
    rows as strings, and one ball in a row would make Python store the whole row at two or
    four bytes per character instead of one."""
    return _BEYOND_LATIN1.sub(lambda m: f"&#{ord(m.group())};", escape(text))


def as_typed(text: str) -> str:
    """Text to hand to XlsxWriter so that it reaches the cell as typed. XlsxWriter takes a
    string that starts with <r> and ends with </r> for rich-text markup and writes it
    unescaped; such a text is wrapped as one plain run of rich text, which shows it as is."""
    if text.startswith("<r>") and text.endswith("</r>"):
        return f'<r><t xml:space="preserve">{escape(text)}</t></r>'
    return text


@functools.lru_cache(maxsize=1024)
def column_letter(col: int) -> str:
    return xl_col_to_name(col)


class RawRowWorksheet(Worksheet):
    """A worksheet that also takes whole rows whose cells are rendered XML."""

    def __init__(self) -> None:
        super().__init__()
        self._whole_rows: dict[int, str] = {}  # rendered rows of a sheet held in memory

    def write_row_xml(self, row: int, first_col: int, last_col: int, xml: str,
                      height: float | None = None) -> int:
        """Write `row`, whose cells first_col..last_col are the <c> elements in `xml`, with
        `height` in points (None: the default). Nothing else may be written to the row.
        Returns 0, or -1 as XlsxWriter's write_* do for a cell beyond the sheet's limits."""
        if self._check_dimensions(row, last_col) or self._check_dimensions(row, first_col):
            return -1
        pixels = None if height is None else int(height * 4.0 / 3.0 + 0.5)
        attributes = "" if pixels is None else (f' ht="{pixels * 0.75:.16g}" '
                                                 'customHeight="1"')
        whole = f'<row r="{row + 1}"{attributes}>{xml}</row>'
        if self.constant_memory and row > self.previous_row:
            # Flush the row before, then write this one straight to the row file; XlsxWriter
            # holds nothing for it, so it writes nothing for it later.
            pending = self.previous_row
            if self.table or pending in self.row_info or pending in self.comments:
                self._write_single_row(row)
            else:
                self.previous_row = row
            self.fh.write(whole)
        elif not self.constant_memory and not self.table.get(row) and row not in self.row_info:
            self._whole_rows[row] = whole  # written in its place by _write_rows
        else:  # a row XlsxWriter already holds something for: the cells join it
            if pixels is not None:
                self.set_row_pixels(row, pixels)
            self.table[row][first_col] = RawCells(xml)
            return 0
        if pixels is not None:
            self.row_sizes[row] = [pixels, False]
        return 0

    def _write_rows(self) -> None:
        # XlsxWriter's _write_rows, with whole rendered rows written as they are (and
        # without spans, as in _calculate_spans below).
        whole_rows = self._whole_rows
        if not whole_rows:
            super()._write_rows()
            return
        for row in range(self.dim_rowmin, self.dim_rowmax + 1):
            whole = whole_rows.get(row)
            if whole is not None:
                self.fh.write(whole)
            elif self.table.get(row):
                self._write_row(row, None, self.row_info.get(row))
                cells = self.table[row]
                for col in sorted(cells):
                    self._write_cell(row, col, cells[col])
                self._xml_end_tag("row")
            elif row in self.row_info or row in self.comments:
                self._write_empty_row(row, None, self.row_info.get(row))

    def link_cell(self, row: int, col: int, url: Url) -> bool:
        """Make the cell at (row, col), whose text is rendered, a link; an internal link needs
        no relationship, only its place in the sheet's list. False past Excel's limit."""
        if self.hlink_count >= EXCEL_MAX_LINKS:
            return False
        self.hlink_count += 1
        self.hyperlinks[row][col] = url
        return True

    def _write_cell(self, row, col, cell) -> None:
        if cell.__class__ is RawCells:
            self.fh.write(cell.xml)
        else:
            super()._write_cell(row, col, cell)

    def _write_hyperlinks(self) -> None:
        # Thousands of internal links (a goal tab links each row's board) take XlsxWriter
        # a tag builder call each; render them directly when all are plain internal ones.
        links = self.hyperlinks
        if not links or any(url._link_type is not UrlTypes.INTERNAL or url._tip
                            for cols in links.values() for url in cols.values()):
            super()._write_hyperlinks()
            return
        rendered: dict[int, str] = {}
        parts = ["<hyperlinks>"]
        for row in sorted(links):
            number = row + 1
            for col, url in sorted(links[row].items()):
                tail = rendered.get(id(url))
                if tail is None:
                    location = self._escape_attributes(url._link)
                    display = self._escape_attributes(url._text)
                    tail = rendered[id(url)] = f'" location="{location}" display="{display}"/>'
                parts.append(f'<hyperlink ref="{column_letter(col)}{number}{tail}')
        parts.append("</hyperlinks>")
        self.fh.write("".join(parts))

    def _calculate_spans(self) -> None:
        # Spans are an optional hint, left out in constant-memory mode too; a run of raw
        # cells would give a wrong one.
        self.row_spans = {}


class CellXml:
    """The <c> element of each kind of cell, with the markup XlsxWriter writes.

    Text goes into the workbook's shared string table, also in sheets that stream their rows
    (where XlsxWriter itself writes inline strings, to keep no table in memory). The input is
    in memory anyway, so the table costs little, and a name that stands on three tabs is
    stored once: the files are smaller and quicker to write and to open.
    """

    def __init__(self, sheet: Worksheet) -> None:
        self._shared = sheet.str_table

    def text(self, ref: str, style: int, value: str) -> str:
        index = self._shared._get_shared_string_index(as_typed(value))
        return f'<c r="{ref}" s="{style}" t="s"><v>{index}</v></c>'

    @staticmethod
    def number(ref: str, style: int, value: float) -> str:
        # repr is the shortest text that reads back as the same float; XlsxWriter's 16
        # significant digits can miss it by one unit in the last place (0.813 would be
        # 0.8129999999999999).
        text = repr(value)
        return f'<c r="{ref}" s="{style}"><v>{text[:-2] if text.endswith(".0") else text}</v></c>'

    @staticmethod
    def boolean(ref: str, style: int, value: bool) -> str:
        return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'

    @staticmethod
    def blank(ref: str, style: int) -> str:
        return f'<c r="{ref}" s="{style}"/>'

    @staticmethod
    def formula(ref: str, style: int, escaped_formula: str, cached: str | float) -> str:
        """A formula, already escaped and without its '=', with its cached result: text
        (empty text carries no type, as in XlsxWriter) or a number."""
        if isinstance(cached, str):
            kind = ' t="str"' if cached else ""
            return (f'<c r="{ref}" s="{style}"{kind}><f>{escaped_formula}</f>'
                    f"<v>{escape_narrow(cached)}</v></c>")
        return f'<c r="{ref}" s="{style}"><f>{escaped_formula}</f><v>{cached}</v></c>'
