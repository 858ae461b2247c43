"""Checks of a built workbook that need no spreadsheet application."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.dom import minidom

import openpyxl


def problems_in_parts(path: Path) -> list[str]:
    """Every XML part that is not well-formed XML 1.0 (what Excel refuses outright), and a
    <v> that holds no number where the cell is a number."""
    found = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            data = package.read(name)
            try:
                minidom.parseString(data)
            except Exception as exc:
                found.append(f"{name}: {exc}")
                continue
            for bad in (b"<v>inf</v>", b"<v>-inf</v>", b"<v>nan</v>"):
                if bad in data:
                    found.append(f"{name}: {bad.decode()}")
    return found


def assert_sound(path: Path) -> None:
    """Well-formed in every part, and openpyxl opens it and reads every sheet."""
    problems = problems_in_parts(path)
    assert not problems, problems
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for _row in sheet.iter_rows(values_only=True):
            pass


def heading(sheet) -> str:
    """A tab's heading (board, goal, summary): the title-styled lines under the link back
    to the guide, joined."""
    lines = []
    for row in range(2, 12):
        cell = sheet.cell(row, 1)
        if cell.font is None or cell.font.sz != 16 or not isinstance(cell.value, str):
            break
        lines.append(cell.value)
    return " ".join(lines)


def row_of(sheet, text: str, col: int = 1, last: int = 60) -> int:
    """The first row (1-based) whose cell in `col` holds `text`."""
    return next(r for r in range(1, last + 1) if sheet.cell(r, col).value == text)
