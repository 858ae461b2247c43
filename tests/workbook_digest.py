"""A workbook as data, for comparing two builds: what a reader sees, not the bytes.

    python tests/workbook_digest.py A.xlsx > a.json
    python tests/workbook_digest.py A.xlsx B.xlsx      # prints the first differences

Per sheet: every cell's value or formula and its look (number format, font, fill, alignment,
borders, quote prefix), row heights, column widths, conditional formats, data validations,
tables, links, panes and print setup; the charts' and drawings' XML; the document properties.
Used to check that a change of the writer's code changed nothing in its workbooks.

`sheet_xml` is the same comparison one level down, for two writers of one workbook (the
fast and the public XlsxWriter path, streamed or in memory): each worksheet's XML as data,
with what only differs in how it is written resolved (shared or inline strings, style
indexes, numbers' digits). The suite's one XML normaliser: the tests compare workbooks through
these two and nothing else.
"""

from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl


def _colour(colour) -> str | None:
    if colour is None:
        return None
    return getattr(colour, "rgb", None) if isinstance(getattr(colour, "rgb", None), str) \
        else str(getattr(colour, "theme", None))


def _style(cell) -> list:
    font, fill, align, border = cell.font, cell.fill, cell.alignment, cell.border
    return [
        cell.number_format,
        [font.name, font.sz, font.b, font.i, font.u, _colour(font.color)],
        [fill.fill_type, _colour(fill.fgColor) if fill.fill_type else None],
        [align.horizontal, align.vertical, align.wrap_text],
        [border.bottom.style, _colour(border.bottom.color), border.top.style],
        cell.quotePrefix,
    ]


def _sheet(ws) -> dict:
    cells = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None and not cell.has_style:
                continue
            cells[cell.coordinate] = [cell.value if not hasattr(cell.value, "text")
                                      else str(cell.value.text), _style(cell)]
    rules = []
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            dxf = rule.dxf
            rules.append([
                str(cf.sqref), rule.type, rule.operator, list(rule.formula or []),
                rule.stopIfTrue,
                None if rule.iconSet is None else [
                    rule.iconSet.iconSet, rule.iconSet.showValue, rule.iconSet.reverse,
                    [[c.type, c.val, c.gte] for c in rule.iconSet.cfvo]],
                None if dxf is None else [
                    _colour(dxf.font.color) if dxf.font else None,
                    _colour(dxf.fill.bgColor) if dxf.fill else None],
            ])
    validations = [[str(dv.sqref), dv.type, dv.formula1, dv.formula2, dv.operator,
                    dv.error, dv.prompt] for dv in ws.data_validations.dataValidation]
    tables = {t.name: [t.ref, [c.name for c in t.tableColumns],
                       t.tableStyleInfo.name if t.tableStyleInfo else None]
              for t in ws.tables.values()}
    links = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.hyperlink is not None:
                links[cell.coordinate] = [cell.hyperlink.location, cell.hyperlink.display,
                                          cell.hyperlink.target]
    setup = ws.page_setup
    return {
        "cells": cells,
        "heights": {r: d.height for r, d in ws.row_dimensions.items() if d.height},
        "widths": {c: d.width for c, d in ws.column_dimensions.items() if d.width},
        "conditional": rules,
        "validations": validations,
        "tables": tables,
        "links": links,
        "freeze": ws.freeze_panes,
        "print": [setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight,
                  ws.print_title_rows, ws.oddFooter.left.text, ws.oddFooter.right.text,
                  ws.sheet_view.showGridLines],
    }


def digest(path: Path) -> dict:
    book = openpyxl.load_workbook(path)
    result = {"sheets": book.sheetnames}
    for ws in book.worksheets:
        result[f"sheet:{ws.title}"] = _sheet(ws)
    with zipfile.ZipFile(path) as package:
        for name in sorted(package.namelist()):
            if re.match(r"xl/(charts|drawings)/[^/]+\.xml$", name) or name == "docProps/core.xml":
                result[name] = package.read(name).decode("utf-8")
    return json.loads(json.dumps(result, default=str))


MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _shared_strings(package: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in package.namelist():
        return []
    root = ElementTree.fromstring(package.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(f"{MAIN}t")) for si in root]


def _styles(package: zipfile.ZipFile) -> dict[str, dict[str, tuple]]:
    """Each cell format (xf) and conditional format (dxf) by its index, as what it says:
    XlsxWriter numbers formats in the order they are first used, which differs between the
    paths (the fast path resolves a tab's formats before the cells are written)."""
    root = ElementTree.fromstring(package.read("xl/styles.xml"))

    def listed(name: str) -> list[ElementTree.Element]:
        found = root.find(f"{MAIN}{name}")
        return [] if found is None else list(found)

    parts = {name: listed(name) for name in ("fonts", "fills", "borders")}
    formats = {f.get("numFmtId"): f.get("formatCode") for f in listed("numFmts")}
    xfs = {}
    for index, xf in enumerate(listed("cellXfs")):
        resolved = [_normalised(parts[f"{kind}s"][int(xf.get(f"{kind}Id", 0))], [], {})
                    for kind in ("font", "fill", "border")]
        xfs[str(index)] = (tuple(resolved), formats.get(xf.get("numFmtId"), xf.get("numFmtId")),
                           tuple(_normalised(child, [], {}) for child in xf))
    dxfs = {str(n): _normalised(dxf, [], {}) for n, dxf in enumerate(listed("dxfs"))}
    return {"s": xfs, "dxfId": dxfs}


def _normalised(element: ElementTree.Element, shared: list[str], styles: dict) -> tuple:
    """An element as data: spans (an optional hint) left out, formats resolved, a cell's
    text resolved from the shared table or inline, and a number compared as a number (the
    fast path writes the shortest exact text, XlsxWriter 16 significant digits)."""
    tag = element.tag.removeprefix(MAIN)
    attributes = {k: styles[k][v] if k in styles else v for k, v in element.attrib.items()
                  if k != "spans"}
    if tag == "c":
        kind = attributes.pop("t", None)
        value = element.findtext(f"{MAIN}v")
        formula = element.findtext(f"{MAIN}f")
        if kind == "s":
            value, kind = shared[int(value)], "text"
        elif kind == "inlineStr":
            value, kind = "".join(t.text or "" for t in element.iter(f"{MAIN}t")), "text"
        elif kind is None and value and formula is None:
            value = float(value)
        if formula is not None and kind == "str":
            kind = None  # a cached text result; an empty one carries no type
        return ("c", tuple(sorted(attributes.items(), key=repr)), kind, value, formula)
    children = tuple(_normalised(child, shared, styles) for child in element)
    return (tag, tuple(sorted(attributes.items(), key=repr)), (element.text or "").strip(),
            children)


def sheet_xml(path: Path) -> dict[str, tuple]:
    """Every worksheet's XML as data (see _normalised), by part name: what two writers must
    agree on, byte for byte but for what only differs in how it is written."""
    with zipfile.ZipFile(path) as package:
        shared, styles = _shared_strings(package), _styles(package)
        return {name: _normalised(ElementTree.fromstring(package.read(name)), shared, styles)
                for name in package.namelist()
                if name.startswith("xl/worksheets/sheet")}


def first_difference(a, b, path="") -> str | None:
    """Where two results of sheet_xml first differ, or None."""
    if isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b):
        for n, (x, y) in enumerate(zip(a, b, strict=True)):
            found = first_difference(x, y, f"{path}/{n}")
            if found:
                return found
        return None
    return None if a == b else f"{path}: {str(a)[:300]} != {str(b)[:300]}"


def differences(a: dict, b: dict, path: str = "", limit: int = 20) -> list[str]:
    found: list[str] = []
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b), key=str):
            if len(found) >= limit:
                break
            if key not in a or key not in b:
                found.append(f"{path}/{key}: only in {'second' if key in b else 'first'}")
            else:
                found += differences(a[key], b[key], f"{path}/{key}", limit - len(found))
    elif a != b:
        found.append(f"{path}: {str(a)[:200]!r} != {str(b)[:200]!r}")
    return found


if __name__ == "__main__":
    if len(sys.argv) == 2:
        json.dump(digest(Path(sys.argv[1])), sys.stdout, ensure_ascii=False, indent=1)
    else:
        diff = differences(digest(Path(sys.argv[1])), digest(Path(sys.argv[2])))
        print("\n".join(diff) or "same")
        sys.exit(1 if diff else 0)
