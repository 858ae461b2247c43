"""What makes Excel repair or refuse a workbook, checked in the package itself.

openxml-audit (the schema and semantic validator the tests also run) does not catch these:
rows out of order, wrong counts, table headers that differ from the column names, sheet
names unquoted or misspelt in references, functions Excel does not know without a prefix.
`check_workbook(path)` returns the problems found, one line each; empty means none.
`accessibility_problems(path)` is kept apart: what Excel's Accessibility Checker reports.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

from formula_checks import check_references
from xlsx_package import MAIN, VT, XDR, Package, as_index, cell_position, column_letters, unescape

NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")  # xsd:double, finite only
ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}


def check_workbook(path: str | Path) -> list[str]:
    """Every problem found in the workbook at `path`; an empty list means none."""
    package = Package(Path(path))
    if "xl/workbook.xml" not in package.parts:
        missing = [] if "xl/workbook.xml" in package.broken else ["xl/workbook.xml: missing"]
        return package.problems + missing
    checks = (check_sheet_data, check_shared_strings, check_styles, check_counts,
              check_tables, check_references)
    return package.problems + [problem for check in checks for problem in check(package)]


def check_sheet_data(package: Package) -> Iterator[str]:
    """Rows strictly ascending, cells in column order and in their row: Excel reports
    "unreadable content" and drops the sheet's data otherwise. Values of the type their
    cell says: a number Excel can hold (no inf or nan), a shared string that exists."""
    for label, _, sheet in package.worksheets():
        last_row = 0
        for row in sheet.iter(f"{MAIN}row"):
            number = as_index(row.get("r"), last_row + 1)  # r may be left out: the next row
            if number <= last_row or number > 1_048_576:
                yield f"{label}: row {number} follows row {last_row}"
            last_row, last_col = number, 0
            for cell in row.findall(f"{MAIN}c"):
                ref = cell.get("r")
                where = cell_position(ref) if ref else (number, last_col + 1)
                if where is None:
                    yield f"{label}: cell {ref!r} is not in Excel's grid (A1 to XFD1048576)"
                    continue
                if where[0] != number:
                    yield f"{label}: cell {ref} stands in row {number}"
                    continue
                if where[1] <= last_col:
                    yield f"{label}: cell {ref} is not after the cell before it in its row"
                last_col = where[1]
                if problem := value_problem(cell, package.strings):
                    yield f"{label}: cell {ref}: {problem}"


def value_problem(cell: Element, strings: list[str] | None) -> str | None:
    kind, value = cell.get("t", "n"), cell.findtext(f"{MAIN}v")
    if kind == "n":
        if value == "" and cell.find(f"{MAIN}f") is not None:
            return None  # a formula's empty cached result: XlsxWriter's way to ask for a recalc
        if value is not None and not NUMBER.fullmatch(value):
            return f"number {value!r} is not a finite number Excel can read"
        if value is not None and not math.isfinite(float(value)):
            return f"number {value!r} is beyond Excel's range"
    elif kind == "s":
        if strings is not None and (value is None or not value.isdigit()
                                    or int(value) >= len(strings)):
            return f"shared string {value!r} is not in the table of {len(strings)} strings"
    elif kind == "b":
        if value not in ("0", "1"):
            return f"boolean {value!r} is neither 0 nor 1"
    elif kind == "e":
        if value not in ERRORS:
            return f"error value {value!r} is not one Excel knows"
    elif kind == "inlineStr":
        if cell.find(f"{MAIN}is") is None:
            return "inline string without <is>"
    elif kind != "str":
        return f"unknown cell type t={kind!r}"
    return None


def check_shared_strings(package: Package) -> Iterator[str]:
    """sst's uniqueCount is the number of strings, and count at least the number of cells
    that use one. XlsxWriter counts each string written, so a cell written twice (a table
    header cell the writer writes again) counts twice; Excel treats count as a hint and
    opens files whose count is off (tfussell/xlnt#735: SAP exports with a wrong count)."""
    sst = package.parts.get("xl/sharedStrings.xml")
    if package.strings is None or any(part in package.broken for _, part in package.sheets):
        return  # counted over broken parts, any number would mislead
    used = sum(1 for _, _, sheet in package.worksheets()
               for cell in sheet.iter(f"{MAIN}c") if cell.get("t") == "s")
    if sst is None:
        if used:
            yield f"{used} cells use shared strings, but there is no xl/sharedStrings.xml"
        return
    unique = len(package.strings)
    if sst.get("uniqueCount") != str(unique):
        yield f"xl/sharedStrings.xml: uniqueCount={sst.get('uniqueCount')} for {unique} strings"
    count = sst.get("count")
    if count is not None and (not count.isdigit() or int(count) < used):
        yield (f"xl/sharedStrings.xml: count={count}, "
               f"but {used} cells use a shared string")


def check_styles(package: Package) -> Iterator[str]:
    """Every style index points at an existing format: a cell's, a row's or a column's
    cellXfs entry, an xf's number format, font, fill and border, a conditional format's
    dxf. Excel repairs (drops) a workbook's formatting otherwise."""
    styles = package.parts.get("xl/styles.xml")
    if styles is None:
        yield "xl/styles.xml: missing"
        return

    def entries(tag: str, child: str) -> int:
        return len(styles.findall(f"{MAIN}{tag}/{MAIN}{child}"))

    xfs, dxfs = entries("cellXfs", "xf"), entries("dxfs", "dxf")
    formats = {as_index(f.get("numFmtId")) for f in styles.findall(f"{MAIN}numFmts/{MAIN}numFmt")}
    limits = {"fontId": entries("fonts", "font"), "fillId": entries("fills", "fill"),
              "borderId": entries("borders", "border"), "xfId": entries("cellStyleXfs", "xf")}
    for group in ("cellXfs", "cellStyleXfs"):
        for index, xf in enumerate(styles.findall(f"{MAIN}{group}/{MAIN}xf")):
            fmt = as_index(xf.get("numFmtId"))
            if fmt >= 164 and fmt not in formats:  # below 164: built in (ECMA-376 18.8.30)
                yield f"xl/styles.xml: {group} xf {index} uses undefined numFmtId {fmt}"
            for attribute, limit in limits.items():
                if group == "cellStyleXfs" and attribute == "xfId":
                    continue
                if as_index(xf.get(attribute)) >= limit:
                    yield (f"xl/styles.xml: {group} xf {index} has {attribute}="
                           f"{xf.get(attribute)} of {limit}")
    for label, _, sheet in package.worksheets():
        for tag, attribute in (("c", "s"), ("row", "s"), ("col", "style")):
            for element in sheet.iter(f"{MAIN}{tag}"):
                if as_index(element.get(attribute)) >= xfs:
                    where = element.get("r") or element.get("min")
                    yield (f"{label}: {tag} {where} has {attribute}={element.get(attribute)}"
                           f" but there are {xfs} cell formats")
        for rule in sheet.iter(f"{MAIN}cfRule"):
            if rule.get("dxfId") is not None and as_index(rule.get("dxfId")) >= dxfs:
                yield f"{label}: conditional format dxfId={rule.get('dxfId')} of {dxfs}"


def check_counts(package: Package) -> Iterator[str]:
    """A `count` attribute (styles, tables, data validations, merged cells...) equals the
    number of children, and docProps/app.xml's vectors their `size`: Excel trusts them."""
    for name, root in package.parts.items():
        if not name.startswith(("xl/", "docProps/")) or root.tag == f"{MAIN}sst":
            continue
        for element in root.iter():
            declared = element.get("count") if element.tag.startswith(MAIN) \
                else element.get("size") if element.tag == f"{VT}vector" else None
            if declared is not None and declared != str(len(element)):
                tag = element.tag.split("}")[-1]
                yield f"{name}: <{tag}> says {declared} but has {len(element)}"


def check_tables(package: Package) -> Iterator[str]:
    """Each table's header cells hold exactly its column names (Excel repairs the table
    otherwise), the names are unique regardless of case, and the filter covers the table."""
    for label, part, sheet in package.worksheets():
        cells = {c.get("r"): c for c in sheet.iter(f"{MAIN}c")}
        for table_part in package.related(part, "table"):
            table = package.parts[table_part]
            ref = table.get("ref", "")
            first = cell_position(ref.split(":")[0])
            names = [c.get("name", "") for c in table.iter(f"{MAIN}tableColumn")]
            where = f"{table_part} on {label}"
            if first is None or ":" not in ref:
                yield f"{where}: ref {ref!r} is not a range"
                continue
            last = cell_position(ref.split(":")[1])
            if last is None or last[1] - first[1] + 1 != len(names):
                yield f"{where}: ref {ref} does not span its {len(names)} columns"
            folded = [unescape(n).casefold() for n in names]
            if len(set(folded)) != len(folded):
                yield f"{where}: column names repeat (regardless of case): {names}"
            auto = table.find(f"{MAIN}autoFilter")
            totals = int(table.get("totalsRowCount", "0"))
            if auto is not None and last is not None and totals == 0 and auto.get("ref") != ref:
                yield f"{where}: autoFilter {auto.get('ref')} is not the table's {ref}"
            if table.get("headerRowCount", "1") == "0" or package.strings is None:
                continue
            for offset, name in enumerate(names):
                header = column_letters(first[1] + offset) + str(first[0])
                cell = cells.get(header)
                text = None if cell is None else package.text(cell)
                if text != unescape(name):
                    yield (f"{where}: header cell {header} reads {text!r}, but the column "
                           f"name {name!r} reads {unescape(name)!r}")


def accessibility_problems(path: str | Path) -> list[str]:
    """Charts and pictures without alternative text (`descr` on the drawing's cNvPr): an
    error in Excel's Accessibility Checker, and required of published public documents
    (DOS-lagen, EN 301 549 clause 10)."""
    package = Package(Path(path))
    problems = list(package.problems)
    for label, part, _ in package.worksheets():
        for drawing in package.related(part, "drawing"):
            for frame in [*package.parts[drawing].iter(f"{XDR}graphicFrame"),
                          *package.parts[drawing].iter(f"{XDR}pic")]:
                props = frame.find(f"./*/{XDR}cNvPr")
                if props is not None and not (props.get("descr") or "").strip():
                    problems.append(f"{drawing} on {label}: {props.get('name')!r} "
                                    "has no alternative text (descr)")
    return problems
