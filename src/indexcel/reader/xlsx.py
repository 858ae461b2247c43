"""Rows of one sheet of an .xlsx workbook, read with openpyxl in read-only mode.

openpyxl parses through defusedxml when it is installed (it is a dependency), which refuses
entity-expansion ("billion laughs") files. The zip package is checked before openpyxl sees it.
openpyxl parses a sheet lazily, while its rows are read, so a damaged part shows only then:
every failure of openpyxl or of the zip module while reading becomes one DamagedFileError
naming the sheet and, where known, the cell.
"""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ElementTree
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:  # openpyxl is imported when a workbook is read (see _open)
    from openpyxl import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from indexcel import limits
from indexcel.errors import DamagedFileError, InputError, NotASpreadsheetError, UnsafeInputError
from indexcel.reader._openpyxl import (
    DateOutOfRange,
    SheetCell,
    SheetDamage,
    existing_cells,
    sheet_part,
)
from indexcel.reader.rows import RawCell, RawRow

REPAIR_HINT = ("Open it in Excel and save it again (Excel repairs what it can), or export the "
               "data as CSV.")
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError)


class XlsxSource:
    """One .xlsx file, opened once: its sheet names and the rows of any of its sheets.

    The workbook with formulas (not only their results) is opened only when a sheet holds
    formulas, and then once.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        # Opened from a file object: openpyxl refuses a path that does not end in .xlsx, and
        # a workbook named .csv or .txt is read as the workbook it is.
        self._handles: list[BinaryIO] = []
        self._values = self._open(data_only=True)
        self._formulas: Workbook | None = None

    def _open(self, data_only: bool) -> Workbook:
        handle = self.path.open("rb")
        try:
            workbook = _open(self.path, handle, data_only)
        except BaseException:
            handle.close()
            raise
        self._handles.append(handle)
        return workbook

    def __enter__(self) -> XlsxSource:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._values.close()
        if self._formulas is not None:
            self._formulas.close()
        for handle in self._handles:
            handle.close()

    @property
    def sheet_names(self) -> list[str]:
        return list(self._values.sheetnames)

    def rows(self, sheet: str) -> Iterator[RawRow]:
        """Every row of `sheet` that holds a cell, hidden ones included, with computed values
        for formulas; each row holds only the cells that exist. (openpyxl warns about what it
        skips while parsing: the caller silences warnings while it reads.)"""
        values_sheet = _read_only(self._values, sheet)
        formula_rows = None
        if self._has_formulas(sheet, values_sheet):
            if self._formulas is None:
                self._formulas = self._open(data_only=False)
            formula_rows = existing_cells(_read_only(self._formulas, sheet))
        rows = existing_cells(values_sheet)
        while True:
            try:
                cells = next(rows, None)
                formulas: Sequence[SheetCell] = (next(formula_rows, ())
                                                 if formula_rows is not None else ())
            except SheetDamage as exc:
                raise self._damaged(sheet, exc.cause, exc.cell, exc.after_row) from exc
            if cells is None:
                return
            yield self._raw_row(sheet, cells, formulas)

    def _raw_row(self, sheet: str, cells: Sequence[SheetCell],
                 formulas: Sequence[SheetCell]) -> RawRow:
        number = cells[0].row
        formula_columns: set[int] | tuple[()] = ()
        if formulas and formulas[0].row == number:
            formula_columns = {c.column for c in formulas if c.data_type == "f"}
        raw: list[RawCell] = []
        columns: list[int] = []
        for cell in cells:
            column = cell.column
            if not 1 <= column <= limits.MAX_COLUMNS or not 1 <= cell.row <= limits.MAX_ROWS:
                raise self._damaged(sheet, ValueError(), _reference(cell.row, column), detail=(
                    f"the cell lies beyond Excel's last row ({limits.MAX_ROWS:,}) or last "
                    "column (XFD)"))
            coordinate = cell.coordinate
            try:
                number_format = cell.number_format or "General"
            except Exception as exc:
                raise self._damaged(sheet, exc, coordinate, detail="its style cannot be "
                                    f"read ({_reason(exc)})") from exc
            value = cell.value
            formula = column in formula_columns
            raw.append(RawCell(value, number_format, coordinate, value is None and formula,
                               formula))
            columns.append(column - 1)
        return RawRow(number, raw, columns)

    def _has_formulas(self, sheet: str, worksheet: ReadOnlyWorksheet) -> bool:
        try:
            return _has_formulas(self.path, worksheet)
        except _ZIP_ERRORS as exc:
            raise self._damaged(sheet, exc) from exc

    def _damaged(self, sheet: str, cause: BaseException, cell: str | None = None,
                 after_row: int | None = None, detail: str | None = None) -> InputError:
        """One clear message for whatever went wrong reading `sheet`."""
        if _from_defusedxml(cause):
            return _unsafe(self.path)
        if isinstance(cause, DateOutOfRange):
            return InputError(
                f"{self.path.name}, sheet '{sheet}', cell {cell}: {cause}.",
                "Correct the date, or give the cell a number format if it is a number.")
        where = f"sheet '{sheet}'"
        if isinstance(cause, _ZIP_ERRORS):
            what = f"its part for {where} cannot be unpacked ({cause})"
        elif cell:
            what = f"{where}, cell {cell}: " + (detail or f"the cell cannot be read "
                                                 f"({_reason(cause)})")
        elif isinstance(cause, ElementTree.ParseError):
            what = (f"{where}: the sheet's XML is broken"
                    + (f" after row {after_row}" if after_row else "") + f" ({cause})")
        else:
            what = (f"{where}" + (f", after row {after_row}" if after_row else "")
                    + f": the sheet cannot be read ({_reason(cause)})")
        return DamagedFileError(f"{self.path.name}: the file is damaged: {what}.", REPAIR_HINT)


def _reference(row: int, column: int) -> str:
    """'XFE3' for row 3, column 16,385: a cell reference, also past Excel's last column."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters[:8]}{row}"


def _has_formulas(path: Path, worksheet: ReadOnlyWorksheet) -> bool:
    """Whether the sheet's XML holds any formula, found by a cheap scan of the raw part."""
    part = sheet_part(worksheet)
    if not part:
        return True
    with zipfile.ZipFile(path) as package:
        try:
            handle = package.open(part.lstrip("/"))
        except KeyError:
            return True
        with handle:
            tail = b""
            while chunk := handle.read(1 << 20):
                block = tail + chunk
                if b"<f>" in block or b"<f " in block or b"<x:f" in block:
                    return True
                tail = block[-8:]
    return False


def _read_only(workbook: Workbook, sheet: str) -> ReadOnlyWorksheet:
    """A sheet of a workbook opened read-only, as openpyxl gives it (its types say only
    that it is one of the kinds of sheet)."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    worksheet = workbook[sheet]
    assert isinstance(worksheet, ReadOnlyWorksheet)
    return worksheet


def _open(path: Path, handle: BinaryIO, data_only: bool) -> Workbook:
    import openpyxl  # imported here: most runs of the CLI read CSV or nothing at all

    try:
        with warnings.catch_warnings():
            # openpyxl warns about things it ignores (data validation extensions, print
            # settings); none of them matter for reading values.
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(handle, read_only=True, data_only=data_only)
    except MemoryError:
        raise
    except zipfile.BadZipFile as exc:
        raise NotASpreadsheetError(
            f"{path.name}: the file is damaged or not an .xlsx workbook ({exc}).",
            "Open it in Excel and save it again as 'Excel-arbetsbok (*.xlsx)'.",
        ) from exc
    except Exception as exc:
        if _from_defusedxml(exc):
            raise _unsafe(path) from exc
        raise DamagedFileError(
            f"{path.name}: the file is damaged: the workbook could not be read "
            f"({_reason(exc)}).",
            "Open it in Excel and save it again as 'Excel-arbetsbok (*.xlsx)', or export a CSV.",
        ) from exc


def _reason(exc: BaseException) -> str:
    """What openpyxl or the zip module said, for the end of a message (no 'Error:' in it, which
    would read as a second error)."""
    text = " ".join(str(exc).split())[:200] or type(exc).__name__
    return text.replace("Error:", "error:")


def _unsafe(path: Path) -> UnsafeInputError:
    return UnsafeInputError(
        f"{path.name}: the workbook's XML uses entity declarations, which can make a "
        "reader use unbounded memory; it was not opened.",
        "Save the data again from Excel, or export it as CSV.",
    )


def _from_defusedxml(exc: BaseException | None) -> bool:
    """Whether defusedxml refused the XML somewhere down the chain (openpyxl wraps it)."""
    seen = 0
    while exc is not None and seen < 10:
        if type(exc).__module__.startswith("defusedxml"):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False
