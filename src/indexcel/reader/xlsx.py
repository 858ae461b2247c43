"""Rows of one sheet of an .xlsx workbook, read with openpyxl in read-only mode.

openpyxl parses through defusedxml when it is installed (it is a dependency), which refuses
entity-expansion ("billion laughs") files. The zip package is checked before openpyxl sees it.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

from indexcel.errors import NotASpreadsheetError, UnsafeInputError
from indexcel.reader.rows import RawCell, RawRow


class XlsxSource:
    """One .xlsx file, opened once: its sheet names and the rows of any of its sheets.

    The workbook with formulas (not only their results) is opened only when a sheet holds
    formulas, and then once.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._values = _open(path, data_only=True)
        self._formulas = None

    def __enter__(self) -> XlsxSource:
        return self

    def __exit__(self, *exc_info) -> None:
        self._values.close()
        if self._formulas is not None:
            self._formulas.close()

    @property
    def sheet_names(self) -> list[str]:
        return list(self._values.sheetnames)

    def rows(self, sheet: str) -> Iterator[RawRow]:
        """Every row of `sheet`, hidden ones included, with computed values for formulas."""
        values_sheet = self._values[sheet]
        formula_rows = None
        if _has_formulas(self.path, values_sheet):
            if self._formulas is None:
                self._formulas = _open(self.path, data_only=False)
            formula_rows = self._formulas[sheet].iter_rows()
        for row in values_sheet.iter_rows():
            formulas = next(formula_rows, ()) if formula_rows is not None else ()
            cells = []
            for index, cell in enumerate(row):
                coordinate = getattr(cell, "coordinate", None)
                if coordinate is None:  # EmptyCell in read-only mode
                    cells.append(RawCell(None))
                    continue
                missing = False
                if cell.value is None and index < len(formulas):
                    missing = getattr(formulas[index], "data_type", None) == "f"
                cells.append(
                    RawCell(cell.value, cell.number_format or "General", coordinate, missing)
                )
            if cells:
                yield RawRow(_row_number(row), cells)


def _row_number(row) -> int:
    for cell in row:
        number = getattr(cell, "row", None)
        if number is not None:
            return number
    return 0


def _has_formulas(path: Path, worksheet) -> bool:
    """Whether the sheet's XML holds any formula, found by a cheap scan of the raw part."""
    part = getattr(worksheet, "_worksheet_path", None)
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


def _open(path: Path, data_only: bool):
    import openpyxl  # imported here: most runs of the CLI read CSV or nothing at all

    try:
        with warnings.catch_warnings():
            # openpyxl warns about things it ignores (data validation extensions, print
            # settings); none of them matter for reading values.
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except zipfile.BadZipFile as exc:
        raise NotASpreadsheetError(
            f"{path.name}: the file is damaged or not an .xlsx workbook ({exc}).",
            "Open it in Excel and save it again as 'Excel-arbetsbok (*.xlsx)'.",
        ) from exc
    except Exception as exc:
        if _from_defusedxml(exc):
            raise UnsafeInputError(
                f"{path.name}: the workbook's XML uses entity declarations, which can make a "
                "reader use unbounded memory; it was not opened.",
                "Save the data again from Excel, or export it as CSV.",
            ) from exc
        raise NotASpreadsheetError(
            f"{path.name}: the workbook could not be read ({type(exc).__name__}: {exc}).",
            "Open it in Excel and save it again as 'Excel-arbetsbok (*.xlsx)', or export a CSV.",
        ) from exc


def _from_defusedxml(exc: BaseException | None) -> bool:
    """Whether defusedxml refused the XML somewhere down the chain (openpyxl wraps it)."""
    seen = 0
    while exc is not None and seen < 10:
        if type(exc).__module__.startswith("defusedxml"):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False
