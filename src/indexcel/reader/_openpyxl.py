"""The one door to openpyxl's internals, with its public read-only API behind it as the
fallback: the cells that exist in one sheet, row by row, at a cost in proportion to them, and
the name of a sheet's part in the package.

openpyxl's read-only worksheet pads every row to the sheet's `<dimension>` (or to its widest
row) and yields an empty row for every missing one: a 2 KB file with a stray cell at XFD2 and
one at A1048576, or a `<dimension>` claiming A1:XFD1048576, makes it walk billions of empty
cells. `existing_cells` reads the sheet with openpyxl's own sheet parser instead, which yields
the cells the XML holds and nothing else.

Private names used, all here: openpyxl.worksheet._reader.WorkSheetParser (its parse and
parse_cell, and its row_counter and col_counter), ReadOnlyWorksheet._get_source,
_shared_strings and _worksheet_path, and Workbook._date_formats and _timedelta_formats. They
are used only with the openpyxl versions checked (CHECKED_VERSIONS; the tests read the sample
and the sparse corpus both ways to the same cells) and when every one of them is there;
otherwise `_public_rows` reads with the public API, the sheet's claimed dimension forgotten,
which pads only within a row, and without `sheet_part` the caller reads the sheet's formulas
as well, which costs time but is always right.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol
from xml.etree.ElementTree import Element

if TYPE_CHECKING:  # openpyxl is imported when a workbook is read, not for every CSV
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet


class SheetCell(Protocol):
    """What the reader reads of a cell that openpyxl yields (a ReadOnlyCell)."""

    @property
    def row(self) -> int: ...
    @property
    def column(self) -> int: ...
    @property
    def coordinate(self) -> str: ...
    @property
    def number_format(self) -> str: ...
    @property
    def value(self) -> Any: ...
    @property
    def data_type(self) -> str: ...

# openpyxl versions (major.minor) whose internals were checked to read as the public API does.
CHECKED_VERSIONS = ("3.1",)


@functools.cache
def private_names_usable() -> bool:
    """Whether the installed openpyxl is one of CHECKED_VERSIONS."""
    import openpyxl

    return ".".join(openpyxl.__version__.split(".")[:2]) in CHECKED_VERSIONS


class SheetDamage(Exception):
    """The sheet's XML could not be read: in `cell` ("E3"), or after row `after_row`, when
    known. `cause` is the exception openpyxl (or the zip module) raised."""

    def __init__(self, cause: BaseException, cell: str | None = None,
                 after_row: int | None = None) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.cell = cell
        self.after_row = after_row


def sheet_part(worksheet: ReadOnlyWorksheet) -> str | None:
    """The path of the sheet's XML part in the package, or None when openpyxl does not say."""
    if not private_names_usable():
        return None
    part = getattr(worksheet, "_worksheet_path", None)
    return part if isinstance(part, str) and part else None


class DateOutOfRange(ValueError):
    """A number under a date format that is no date Excel can show."""


def existing_cells(worksheet: ReadOnlyWorksheet, *, public_only: bool = False
                   ) -> Iterator[Sequence[SheetCell]]:
    """The cells (openpyxl read-only cells) of every row of `worksheet` that holds any, in
    the order of the file. Raises SheetDamage when the XML cannot be read."""
    rows = None if public_only or not private_names_usable() else _parser_rows(worksheet)
    return rows if rows is not None else _public_rows(worksheet)


def _public_rows(worksheet: ReadOnlyWorksheet) -> Iterator[Sequence[SheetCell]]:
    """openpyxl's public API: iter_rows after reset_dimensions, so that no row is padded to a
    dimension the file claims; empty rows and empty cells dropped."""
    from openpyxl.cell.read_only import EmptyCell

    worksheet.reset_dimensions()
    last_row = 0
    try:
        # types-openpyxl declares ReadOnlyWorksheet.iter_rows as Worksheet's, cells included.
        rows: Iterator[tuple[Any, ...]] = worksheet.iter_rows()  # type: ignore[misc]
        for row in rows:
            cells: list[SheetCell] = [cell for cell in row if cell.__class__ is not EmptyCell]
            if cells:
                last_row = cells[0].row
                yield cells
    except Exception as exc:
        if isinstance(exc, MemoryError):
            raise
        raise SheetDamage(exc, after_row=last_row or None) from exc


def _parser_rows(worksheet: ReadOnlyWorksheet) -> Iterator[Sequence[SheetCell]] | None:
    """openpyxl's private sheet parser (openpyxl.worksheet._reader.WorkSheetParser), given
    what ReadOnlyWorksheet gives it; None when any of it is missing."""
    try:
        from openpyxl.cell.read_only import ReadOnlyCell
        from openpyxl.worksheet._reader import WorkSheetParser

        # The private names this door uses (the module's docstring); types-openpyxl does not
        # declare them.
        workbook = worksheet.parent
        open_source = worksheet._get_source  # type: ignore[attr-defined]
        shared_strings = worksheet._shared_strings  # type: ignore[attr-defined]
        options = {
            "data_only": workbook.data_only,
            "epoch": workbook.epoch,
            "date_formats": workbook._date_formats,  # type: ignore[attr-defined]
            "timedelta_formats": workbook._timedelta_formats,  # type: ignore[attr-defined]
        }
        parse_cell = WorkSheetParser.parse_cell
        WorkSheetParser.parse  # noqa: B018 (the method the rows come from)
    except (ImportError, AttributeError):
        return None

    class Parser(WorkSheetParser):
        current: str | tuple[int, int] | None = None

        def parse_cell(self, element: Element) -> dict[str, Any]:
            # Where the parser is, for a message when this cell cannot be read.
            self.current = element.get("r") or (self.row_counter, self.col_counter + 1)
            cell: dict[str, Any] = parse_cell(self, element)
            if cell["data_type"] == "e" and element.get("t", "n") == "n":
                # openpyxl turns a date serial it cannot convert into #VALUE! (with a warning):
                # the number the user typed would be lost.
                raise DateOutOfRange(
                    f"the number {element.findtext(_VALUE_TAG)} has a date format but is no "
                    "date Excel can show (Excel's dates end at 9999-12-31)")
            self.current = None
            return cell

    def rows() -> Iterator[Sequence[SheetCell]]:
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
