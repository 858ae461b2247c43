"""The fast path: indicator rows rendered straight to worksheet XML, inside XlsxWriter.

The report writes about thirty cells per indicator (its board's tab, its goal's tab and the
table). Through XlsxWriter's write_* methods each cell costs some 8 µs: a cell tuple, a
dimension check, attribute escaping and a file write. Here each row is rendered as one string
of <c> elements, with the markup XlsxWriter writes, and handed to the sheet in one call. Row
attributes, formats, the shared string table, links, dimensions and everything else stay
XlsxWriter's.

This is the only module that touches XlsxWriter's private names, all of them listed here
(tests/test_xlsxwriter_paths.py checks the list against the code):
- Worksheet's state: table, previous_row, row_info, row_sizes, row_spans, comments, fh,
  hyperlinks, hlink_count, str_table, tables, constant_memory, dim_rowmin, dim_rowmax,
  row_data_fh and row_data_filename;
- Worksheet's methods: _check_dimensions, _write_single_row, _write_row, _write_cell,
  _write_empty_row, _xml_end_tag and _escape_attributes, called; _write_rows,
  _calculate_spans, _write_hyperlinks, _prepare_formula, _initialize and _opt_close,
  overridden;
- the keys constant_memory of _initialize's init_data, and range, a_range and autofilter of
  the dicts in Worksheet.tables, rewritten;
- Workbook.worksheets_objs, and add_worksheet's undocumented keyword worksheet_class;
- SharedStringTable._get_shared_string_index, Format._get_xf_index, and Url's _link,
  _link_type and _tip (Url and UrlTypes themselves, and Url.text, are undocumented too).
probe.py checks, before the first workbook is built, that they still write what the public
API writes; otherwise public.py is used.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import re
from typing import Any, NamedTuple

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.url import Url, UrlTypes
from xlsxwriter.utility import xl_range
from xlsxwriter.worksheet import Worksheet

from indexcel.limits import MAX_LINKS_PER_SHEET
from indexcel.writer._xlsx.public import Output
from indexcel.writer.cells import as_typed, column_letter, escape, non_finite

_BEYOND_LATIN1 = re.compile("[^\x00-\xff]")
# The functions indexcel's formulas call (writer/formulas.py, counts.py, conditional.py):
# none is one that XlsxWriter's _prepare_formula prefixes with _xlfn. or expands, as
# tests/test_xlsxwriter_paths.py checks. A formula that calls only these is left as it is.
PLAIN_FUNCTIONS = frozenset({"ABS", "AND", "COUNTA", "COUNTIF", "COUNTIFS", "IF", "ISNUMBER",
                             "ISTEXT", "N", "NOT", "OR", "ROUND", "SIGN", "SUM"})
# A name called in a formula: the longest run of name characters before a "(" (a text such
# as "SORT(x)" inside a literal counts too, as it does for XlsxWriter).
_CALLED = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*(?=\()")


class RawCells(NamedTuple):
    """Rendered <c> elements standing in the sheet's cell table at their first column."""

    xml: str


@functools.lru_cache(maxsize=256)
def escape_narrow(text: str) -> str:
    """Escaped, with characters beyond Latin-1 as character references (● as &#9679;).

    For the formulas and cached results of rendered rows: a sheet held in memory keeps its
    rows as strings, and one ball in a row would make Python store the whole row at two or
    four bytes per character instead of one."""
    return _BEYOND_LATIN1.sub(lambda m: f"&#{ord(m.group())};", escape(text))


class RawRowWorksheet(Worksheet):  # type: ignore[misc]  # XlsxWriter's classes are untyped
    """A worksheet that also takes whole rows whose cells are rendered XML."""

    previous_row: int  # XlsxWriter's: the last row written out, streaming

    def __init__(self) -> None:
        super().__init__()
        self._whole_rows: dict[int, str] = {}  # rendered rows of a sheet held in memory

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        """XlsxWriter's own, without its scan of a formula that calls only PLAIN_FUNCTIONS.

        The scan (some 150 substitutions, for every formula, conditional format and data
        validation) was most of a large build's time, and changes nothing in such a formula:
        XlsxWriter rewrites a name only where it stands before a "(" after a word boundary,
        which in a run of letters is only at the run's start. Any other formula, such as one
        a user writes with write_formula, is XlsxWriter's to prepare."""
        if all(name in PLAIN_FUNCTIONS for name in _CALLED.findall(formula)):
            # What XlsxWriter strips before it scans: array braces and the leading "=".
            formula = formula.removeprefix("{").removeprefix("=")
            return formula[:-1] if formula.endswith("}") else formula
        prepared: str = super()._prepare_formula(formula, expand_future_functions)
        return prepared

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
        if self.constant_memory and row > self.previous_row and row not in self.row_info:
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
            if self.constant_memory and row > self.previous_row:
                self._write_single_row(row)
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
        if self.hlink_count >= MAX_LINKS_PER_SHEET:
            return False
        self.hlink_count += 1
        self.hyperlinks[row][col] = url
        return True

    def _write_cell(self, row: int, col: int, cell: Any) -> None:
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
                    display = self._escape_attributes(url.text)
                    tail = rendered[id(url)] = f'" location="{location}" display="{display}"/>'
                parts.append(f'<hyperlink ref="{column_letter(col)}{number}{tail}')
        parts.append("</hyperlinks>")
        self.fh.write("".join(parts))

    def _calculate_spans(self) -> None:
        # Spans are an optional hint, left out in constant-memory mode too; a run of raw
        # cells would give a wrong one.
        self.row_spans: dict[int, str] = {}


class InMemoryWorksheet(RawRowWorksheet):
    """A sheet kept in memory inside a constant-memory workbook.

    XlsxWriter has no tables (add_table) in constant-memory mode, and a small sheet is quicker
    built in memory. The mode is a per-sheet setting handed over when the sheet is added, so
    these sheets hold their cells in memory while the others stream their rows to disk."""

    def _initialize(self, init_data: dict[str, Any]) -> None:
        super()._initialize({**init_data, "constant_memory": False})

    def _opt_close(self) -> None:  # there is no row file to close
        pass

    def add_table(self, first_row: int, first_col: int, last_row: int, last_col: int,
                  options: dict[str, Any] | None = None) -> int:
        """XlsxWriter's add_table, without its note of every cell of the table.

        XlsxWriter notes each cell (about 100 bytes each: 57 MB and half a second for 50,000
        rows of 12 columns) to refuse a later table or merged range over it. This sheet holds
        one table and nothing merged, so the table is added over its header and first row and
        then given its full height."""
        options = options or {}
        if last_row <= first_row + 1 or options.get("total_row"):
            whole: int = super().add_table(first_row, first_col, last_row, last_col, options)
            return whole
        code: int = super().add_table(first_row, first_col, first_row + 1, last_col, options)
        if code == 0:
            table = self.tables[-1]
            table["range"] = table["a_range"] = xl_range(first_row, first_col, last_row,
                                                         last_col)
            if table.get("autofilter"):
                table["autofilter"] = table["range"]
        return code


def new_workbook(path: Output, streaming: bool, options: dict[str, Any]
                 ) -> xlsxwriter.Workbook:
    return xlsxwriter.Workbook(path, {**options, "constant_memory": streaming,
                                      "in_memory": not streaming})


def add_sheet(workbook: xlsxwriter.Workbook, name: str, in_memory: bool) -> Worksheet:
    return workbook.add_worksheet(
        name, worksheet_class=InMemoryWorksheet if in_memory else RawRowWorksheet)


def discard(workbook: xlsxwriter.Workbook) -> None:
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


class FastRows:
    """Renders the cells of one sheet's rows as XML; see writer/_xlsx/__init__.py for the
    interface both paths share."""

    def __init__(self, sheet: RawRowWorksheet) -> None:
        self.sheet = sheet
        self._shared = sheet.str_table
        self._urls: dict[tuple[str, str], Url] = {}
        self._number = "1"
        self.row = 0
        self.styles_seen: dict[Any, int] = {}  # the callers' cache of resolved styles

    @staticmethod
    def style(fmt: Format) -> int:
        index: int = fmt._get_xf_index()
        return index

    @staticmethod
    def template(formula: str) -> str:
        return escape_narrow(formula.removeprefix("="))

    def start(self, row: int) -> None:
        self.row = row
        self._number = str(row + 1)

    def text(self, col: int, style: int, value: str) -> str:
        index = self._shared._get_shared_string_index(as_typed(value))
        return f'<c r="{column_letter(col)}{self._number}" s="{style}" t="s"><v>{index}</v></c>'

    def number(self, col: int, style: int, value: float) -> str:
        if not math.isfinite(value):
            raise non_finite(self.sheet.name, col, self.row, value)
        # repr is the shortest text that reads back as the same float; XlsxWriter's 16
        # significant digits can miss it by one unit in the last place (0.813 would be
        # 0.8129999999999999).
        text = repr(value)
        return (f'<c r="{column_letter(col)}{self._number}" s="{style}">'
                f'<v>{text[:-2] if text.endswith(".0") else text}</v></c>')

    def boolean(self, col: int, style: int, value: bool) -> str:
        return (f'<c r="{column_letter(col)}{self._number}" s="{style}" t="b">'
                f"<v>{int(value)}</v></c>")

    def blank(self, col: int, style: int) -> str:
        return f'<c r="{column_letter(col)}{self._number}" s="{style}"/>'

    def formula(self, col: int, style: int, template: str, cached: str | float) -> str:
        """A formula from a template (a NUL where the row number goes) with its cached
        result: text (empty text carries no type, as in XlsxWriter) or a number."""
        ref = f"{column_letter(col)}{self._number}"
        escaped = template.replace("\0", self._number)
        if isinstance(cached, str):
            kind = ' t="str"' if cached else ""
            return (f'<c r="{ref}" s="{style}"{kind}><f>{escaped}</f>'
                    f"<v>{escape_narrow(cached)}</v></c>")
        return f'<c r="{ref}" s="{style}"><f>{escaped}</f><v>{cached}</v></c>'

    def link(self, col: int, style: int, location: str, text: str) -> str:
        """Text that links to `location` (an internal place such as 'Tab'!A1)."""
        url = self._urls.get((location, text))
        if url is None:
            url = self._urls[(location, text)] = Url(f"internal:{location}")
            url.text = text
        self.sheet.link_cell(self.row, col, url)
        return self.text(col, style, text)

    def write(self, last_col: int, parts: list[str], height: float | None) -> int:
        return self.sheet.write_row_xml(self.row, 0, last_col, "".join(parts), height)
