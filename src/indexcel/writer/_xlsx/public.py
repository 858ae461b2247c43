"""The public path: the same rows written through XlsxWriter's documented write_* methods.

Slower (one call per cell) and held in memory, but it depends on nothing XlsxWriter keeps
private. Used when the probe finds that the fast path no longer writes what this one writes,
or when INDEXCEL_XLSXWRITER=public asks for it.
"""

from __future__ import annotations

import math
import os
from typing import Any, Protocol, TypeAlias

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from indexcel.writer.cells import as_typed, non_finite

# A cell to write: (the write_* method, the column, then the method's other arguments).
Call: TypeAlias = tuple[Any, ...]


class SaveFile(Protocol):
    """A file object XlsxWriter can save a workbook into (as writer/atomic.FailSafeFile is):
    its zip file writes, tells and seeks."""

    def write(self, data: bytes) -> int: ...
    def tell(self) -> int: ...
    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int: ...
    def seekable(self) -> bool: ...
    def flush(self) -> None: ...


# What a workbook is saved to: a file's name, or a file object.
Output: TypeAlias = str | SaveFile


def new_workbook(path: Output, streaming: bool, options: dict[str, Any]
                 ) -> xlsxwriter.Workbook:
    # Tables need a sheet held in memory, and the documented constant-memory mode is
    # workbook-wide: the public path holds every sheet in memory.
    return xlsxwriter.Workbook(path, {**options, "in_memory": True})


def add_sheet(workbook: xlsxwriter.Workbook, name: str, in_memory: bool) -> Worksheet:
    return workbook.add_worksheet(name)


def discard(workbook: xlsxwriter.Workbook) -> None:
    """Nothing to clean up: an in-memory workbook has no temporary files."""


class PublicRows:
    """Collects a row's cells and writes them with write_string, write_number, ..."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.row = 0
        self.styles_seen: dict[Any, Format] = {}  # the callers' cache of resolved styles

    @staticmethod
    def style(fmt: Format) -> Format:
        return fmt

    @staticmethod
    def template(formula: str) -> str:
        return formula

    def start(self, row: int) -> None:
        self.row = row

    def text(self, col: int, style: Format, value: str) -> Call:
        return (self.sheet.write_string, col, as_typed(value), style)

    def number(self, col: int, style: Format, value: float) -> Call:
        if not math.isfinite(value):
            raise non_finite(self.sheet.name, col, self.row, value)
        return (self.sheet.write_number, col, value, style)

    def boolean(self, col: int, style: Format, value: bool) -> Call:
        return (self.sheet.write_boolean, col, value, style)

    def blank(self, col: int, style: Format) -> Call:
        return (self.sheet.write_blank, col, None, style)

    def formula(self, col: int, style: Format, template: str, cached: str | float) -> Call:
        formula = template.replace("\0", str(self.row + 1))
        return (self.sheet.write_formula, col, formula, style, cached)

    def link(self, col: int, style: Format, location: str, text: str) -> Call:
        return (self.sheet.write_url, col, f"internal:{location}", style, as_typed(text))

    def write(self, last_col: int, parts: list[Call], height: float | None) -> int:
        row = self.row
        if height is not None:
            self.sheet.set_row(row, height)
        for method, col, *args in parts:
            code = method(row, col, *args)
            if code == -1:
                return -1
        return 0
