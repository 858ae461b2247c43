"""The cells that exist in one sheet of a workbook, row by row, at a cost in proportion to them.

openpyxl's read-only worksheet pads every row to the sheet's `<dimension>` (or to its widest
row) and yields an empty row for every missing one: a 2 KB file with a stray cell at XFD2 and
one at A1048576, or a `<dimension>` claiming A1:XFD1048576, makes it walk billions of empty
cells. `existing_cells` reads the sheet with openpyxl's own sheet parser instead, which yields
the cells the XML holds and nothing else. That parser is a private part of openpyxl, reached
in `_parser_rows` alone; when it is not there as expected, `_public_rows` uses the public
API with the sheet's claimed dimension forgotten, which pads only within a row. The name of
the sheet's part in the package (`sheet_part`) is private too; without it the caller reads
the sheet's formulas as well, which costs time but is always right.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


class SheetDamage(Exception):
    """The sheet's XML could not be read: in `cell` ("E3"), or after row `after_row`, when
    known. `cause` is the exception openpyxl (or the zip module) raised."""

    def __init__(self, cause: BaseException, cell: str | None = None,
                 after_row: int | None = None) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.cell = cell
        self.after_row = after_row


def sheet_part(worksheet: Any) -> str | None:
    """The path of the sheet's XML part in the package, or None when openpyxl does not say."""
    part = getattr(worksheet, "_worksheet_path", None)
    return part if isinstance(part, str) and part else None


class DateOutOfRange(ValueError):
    """A number under a date format that is no date Excel can show."""


def existing_cells(worksheet: Any, *, public_only: bool = False) -> Iterator[list[Any]]:
    """The cells (openpyxl read-only cells) of every row of `worksheet` that holds any, in
    the order of the file. Raises SheetDamage when the XML cannot be read."""
    rows = None if public_only else _parser_rows(worksheet)
    return rows if rows is not None else _public_rows(worksheet)


def _public_rows(worksheet: Any) -> Iterator[list[Any]]:
    """openpyxl's public API: iter_rows after reset_dimensions, so that no row is padded to a
    dimension the file claims; empty rows and empty cells dropped."""
    from openpyxl.cell.read_only import EmptyCell

    worksheet.reset_dimensions()
    last_row = 0
    try:
        for row in worksheet.iter_rows():
            cells = [cell for cell in row if cell.__class__ is not EmptyCell]
            if cells:
                last_row = cells[0].row
                yield cells
    except Exception as exc:
        if isinstance(exc, MemoryError):
            raise
        raise SheetDamage(exc, after_row=last_row or None) from exc


def _parser_rows(worksheet: Any) -> Iterator[list[Any]] | None:
    """openpyxl's private sheet parser (openpyxl.worksheet._reader.WorkSheetParser), given
    what ReadOnlyWorksheet gives it; None when any of it is missing."""
    try:
        from openpyxl.cell.read_only import ReadOnlyCell
        from openpyxl.worksheet._reader import WorkSheetParser

        workbook = worksheet.parent
        open_source = worksheet._get_source
        shared_strings = worksheet._shared_strings
        options = {
            "data_only": workbook.data_only,
            "epoch": workbook.epoch,
            "date_formats": workbook._date_formats,
            "timedelta_formats": workbook._timedelta_formats,
        }
        parse_cell = WorkSheetParser.parse_cell
        WorkSheetParser.parse  # noqa: B018 (the method the rows come from)
    except (ImportError, AttributeError):
        return None

    class Parser(WorkSheetParser):
        current: str | tuple[int, int] | None = None

        def parse_cell(self, element):
            # Where the parser is, for a message when this cell cannot be read.
            self.current = element.get("r") or (self.row_counter, self.col_counter + 1)
            cell = parse_cell(self, element)
            if cell["data_type"] == "e" and element.get("t", "n") == "n":
                # openpyxl turns a date serial it cannot convert into #VALUE! (with a warning):
                # the number the user typed would be lost.
                raise DateOutOfRange(
                    f"the number {element.findtext(_VALUE_TAG)} has a date format but is no "
                    "date Excel can show (Excel's dates end at 9999-12-31)")
            self.current = None
            return cell

    def rows() -> Iterator[list[Any]]:
        parser = None
        try:
            with open_source() as source:
                parser = Parser(source, shared_strings, **options)
                for _number, cells in parser.parse():
                    if cells:
                        yield [ReadOnlyCell(worksheet, **cell) for cell in cells]
        except Exception as exc:
            if isinstance(exc, MemoryError):
                raise
            raise _damage(exc, parser) from exc

    return rows()


_VALUE_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}v"


def _damage(exc: BaseException, parser: Any) -> SheetDamage:
    if parser is None:
        return SheetDamage(exc)
    current = getattr(parser, "current", None)
    if isinstance(current, str):
        return SheetDamage(exc, cell=current[:20])
    if isinstance(current, tuple) and _reference(*current):
        return SheetDamage(exc, cell=_reference(*current))
    return SheetDamage(exc, after_row=getattr(parser, "row_counter", None) or None)


def _reference(row: int, column: int) -> str | None:
    from openpyxl.utils import get_column_letter

    if not 1 <= column <= 16_384 or row < 1:
        return None
    return f"{get_column_letter(column)}{row}"
