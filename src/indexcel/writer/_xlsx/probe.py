"""Does the fast path still write what XlsxWriter's public API writes?

Before the first workbook of a process is built, the same probe rows (text, numbers, a
boolean, a blank, formulas with text, number and empty results, a link, row heights, a row
XlsxWriter already holds something for, and a chart over the rows, whose place depends on
their heights) are written both ways: through the public write_*
methods, and rendered by the fast path in a sheet held in memory, a streamed sheet, and a
sheet held in memory inside a streamed workbook. The sheets must read the same: the same
rows, heights, cells, styles, values, formulas, links, dimension and the chart's anchor.
Text is compared through the shared string table (the public path writes inline strings
when streaming), and numbers as numbers (the fast path writes the shortest exact text,
XlsxWriter 16 digits).
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from indexcel.writer._xlsx import fast, public

if TYPE_CHECKING:
    from indexcel.writer._xlsx import RowWriter

_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_M = f"{{{_NS['m']}}}"
_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
_TEXTS = ["Ab & <c> \"q\" ●", " leading space", "<r>x & y</r>", "Socialnämnd", "=1+2"]


def _write_probe(workbook: xlsxwriter.Workbook, sheet: Worksheet, rows: RowWriter) -> None:
    workbook_format = workbook.add_format
    plain = workbook_format({"font_name": "Calibri", "bottom": 1})
    quoted = workbook_format({"quote_prefix": True})
    band = workbook_format({"bg_color": "#DDEBF7"})
    s_plain, s_quoted = rows.style(plain), rows.style(quoted)
    glyph = rows.template('=IF(OR(B\0="",C\0=""),"○",IF(B\0>=C\0,"●","◐"))')
    trend = rows.template('=IF(OR(B\0="",C\0=""),"",SIGN(B\0-C\0))')
    rows.start(1)
    cells = [rows.text(0, s_plain, _TEXTS[0]), rows.number(1, s_plain, 0.813),
             rows.number(2, s_plain, -5.0), rows.boolean(3, s_plain, True),
             rows.blank(4, s_plain), rows.formula(5, s_plain, glyph, "●"),
             rows.formula(6, s_plain, trend, 1), rows.formula(7, s_plain, trend, ""),
             rows.link(8, s_plain, "'Other tab'!A1", _TEXTS[3]),
             rows.text(9, s_quoted, _TEXTS[4])]
    rows.write(9, cells, 30.0)
    rows.start(2)
    rows.write(2, [rows.text(0, s_plain, _TEXTS[1]), rows.number(1, s_plain, 421442.0),
                   rows.text(2, s_plain, _TEXTS[2])], None)
    sheet.set_row(3, 20, band)  # a row XlsxWriter already holds something for
    rows.start(3)
    rows.write(1, [rows.text(0, s_plain, _TEXTS[3]), rows.number(1, s_plain, 2.5)], 26.0)
    rows.start(4)
    rows.write(0, [rows.link(0, s_plain, "'Other tab'!A1", _TEXTS[3])], None)
    chart = workbook.add_chart({"type": "column"})
    chart.add_series({"values": [sheet.name, 1, 1, 3, 1]})
    chart.set_size({"width": 200, "height": 160})
    sheet.insert_chart(0, 11, chart)


def _read(data: bytes) -> dict[str, tuple[Any, ...]]:
    """Each sheet's rows, cells and links, by sheet name, text resolved."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        shared = []
        if "xl/sharedStrings.xml" in package.namelist():
            root = ElementTree.fromstring(package.read("xl/sharedStrings.xml"))
            shared = ["".join(t.text or "" for t in si.iter(f"{_M}t")) for si in root]
        book = ElementTree.fromstring(package.read("xl/workbook.xml"))
        names = [sheet.get("name", "") for sheet in book.iter(f"{_M}sheet")]
        # Every probe sheet has one chart, in sheet order; the last sheet has none.
        return {name: (*_sheet(package.read(f"xl/worksheets/sheet{n}.xml"), shared),
                       _anchor(package.read(f"xl/drawings/drawing{n}.xml")))
                for n, name in enumerate(names[:-1], start=1)}


def _anchor(xml: bytes) -> list[str]:
    root = ElementTree.fromstring(xml)
    return [element.text or "" for element in root.iter()
            if element.tag.rsplit("}", 1)[-1] in ("col", "colOff", "row", "rowOff")]


def _sheet(xml: bytes, shared: list[str]) -> tuple[Any, ...]:
    root = ElementTree.fromstring(xml)
    rows = []
    for row in root.iter(f"{_M}row"):
        cells = []
        for cell in row.iter(f"{_M}c"):
            kind = cell.get("t")
            value: str | float | None = cell.findtext(f"{_M}v")
            formula = cell.findtext(f"{_M}f")
            if kind == "s":
                if value is None:
                    raise ValueError(f"cell {cell.get('r')}: a shared string without its index")
                value = shared[int(value)]
            elif kind == "inlineStr":
                value = "".join(t.text or "" for t in cell.iter(f"{_M}t"))
            elif kind in (None, "n") and value not in (None, "") and formula is None:
                value = float(value)
            cells.append((cell.get("r"), cell.get("s"), kind in ("s", "inlineStr"), value,
                          formula))
        rows.append((row.get("r"), row.get("ht"), row.get("customHeight"), cells))
    links = [(link.get("ref"), link.get("location"), link.get("display"))
             for link in root.iter(f"{_M}hyperlink")]
    dimension = root.find("m:dimension", _NS)
    return rows, links, None if dimension is None else dimension.get("ref")


def _build(streaming: bool, sheets: list[tuple[str, Callable[[xlsxwriter.Workbook, str], Worksheet],
                                              Callable[[Worksheet], RowWriter]]]) -> bytes:
    output = io.BytesIO()
    with tempfile.TemporaryDirectory() as scratch:
        workbook = xlsxwriter.Workbook(output, {**_OPTIONS, "constant_memory": streaming,
                                                "in_memory": not streaming,
                                                "tmpdir": scratch})
        for name, add, rows_class in sheets:
            sheet = add(workbook, name)
            _write_probe(workbook, sheet, rows_class(sheet))
        workbook.add_worksheet("Other tab")
        workbook.close()
    return output.getvalue()


def fast_path_differences() -> list[str]:
    """What the fast path writes differently from the public API; empty when nothing."""
    try:
        in_memory = _read(_build(False, [
            ("public", lambda wb, n: public.add_sheet(wb, n, True), public.PublicRows),
            ("fast", lambda wb, n: fast.add_sheet(wb, n, False), fast.FastRows)]))
        streamed = _read(_build(True, [
            ("streamed", lambda wb, n: fast.add_sheet(wb, n, False), fast.FastRows),
            ("held", lambda wb, n: fast.add_sheet(wb, n, True), fast.FastRows)]))
    except Exception as exc:  # any failure of the internals means: do not use them
        return [f"{type(exc).__name__}: {exc}"]
    expected = in_memory["public"]
    found = []
    for name, got in (("in memory", in_memory["fast"]), ("streamed", streamed["streamed"]),
                      ("held in a streamed workbook", streamed["held"])):
        if got != expected:
            found.append(f"{name}: {_first_difference(expected, got)}")
    return found


def _first_difference(expected: tuple[Any, ...], got: tuple[Any, ...]) -> str:
    text_a, text_b = repr(expected), repr(got)
    start = next((i for i, (a, b) in enumerate(zip(text_a, text_b, strict=False)) if a != b),
                 min(len(text_a), len(text_b)))
    return re.sub(r"\s+", " ", f"expected …{text_a[max(0, start - 40):start + 60]}… got "
                                f"…{text_b[max(0, start - 40):start + 60]}…")
