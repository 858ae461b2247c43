"""The row shape both file formats are read into before interpretation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol, TypeAlias

from indexcel.model import Location, Severity

# Where a value stands, as the reader passes it around: a Location, or (row, column header,
# cell) of a cell, made into a Location only when a problem is reported (most cells have none,
# and half a million cells of a large CSV would otherwise make as many Locations).
Where: TypeAlias = Location | tuple[int, str, str | None]


class Report(Protocol):
    """How the reader's steps report a problem (TableReader._problem)."""

    def __call__(self, severity: Severity, location: Where, message: str, hint: str = "",
                 kind: str = "") -> None: ...


class RawCell(NamedTuple):
    # A NamedTuple rather than a frozen dataclass: half a million are made for a large CSV,
    # and a tuple is several times cheaper to create.
    value: Any  # str for CSV; str/int/float/datetime/bool for xlsx; None when empty
    number_format: str = "General"
    coordinate: str | None = None  # "D5" in a workbook, None in a CSV
    formula_without_value: bool = False
    formula: bool = False  # the cell holds a formula (its value is the computed one)


EMPTY = RawCell(None)


@dataclass(frozen=True, slots=True)
class RawRow:
    number: int  # 1-based row of the sheet, or the line a CSV record starts on
    cells: list[RawCell]
    # The 0-based column of each cell when the row holds only the cells that exist (a
    # workbook's rows, which may have a stray cell far to the right); None when cells[i] is
    # column i (a CSV record).
    columns: list[int] | None = None

    def items(self) -> Iterable[tuple[int, RawCell]]:
        """(0-based column, cell) of every cell the row holds."""
        if self.columns is None:
            return enumerate(self.cells)
        return zip(self.columns, self.cells, strict=True)

    def at(self, positions: list[int]) -> list[RawCell]:
        """The cells in the columns `positions`; an empty cell where the row has none."""
        cells = self.cells
        if self.columns is None:
            count = len(cells)
            return [cells[p] if p < count else EMPTY for p in positions]
        by_column = dict(zip(self.columns, cells, strict=True))
        return [by_column.get(p, EMPTY) for p in positions]

    def is_blank(self) -> bool:
        return all(_is_empty(cell.value) for cell in self.cells)


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
