"""A workbook as data, for comparing two builds: what a reader sees, not the bytes.

    python tests/workbook_digest.py A.xlsx > a.json
    python tests/workbook_digest.py A.xlsx B.xlsx      # prints the first differences

Per sheet: every cell's value or formula and its look (number format, font, fill, alignment,
borders, quote prefix), row heights, column widths, conditional formats, data validations,
tables, links, panes and print setup; the charts' and drawings' XML; the document properties.
Used to check that a change of the writer's code changed nothing in its workbooks.
"""

from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path

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
