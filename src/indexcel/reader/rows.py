"""The row shape both file formats are read into before interpretation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple


class RawCell(NamedTuple):
    # A NamedTuple rather than a frozen dataclass: half a million are made for a large CSV,
    # and a tuple is several times cheaper to create.
    value: Any  # str for CSV; str/int/float/datetime/bool for xlsx; None when empty
    number_format: str = "General"
    coordinate: str | None = None  # "D5" in a workbook, None in a CSV
    formula_without_value: bool = False


@dataclass(frozen=True, slots=True)
class RawRow:
    number: int  # 1-based row of the sheet, or the line a CSV record starts on
    cells: list[RawCell]

    def is_blank(self) -> bool:
        return all(_is_empty(cell.value) for cell in self.cells)


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
