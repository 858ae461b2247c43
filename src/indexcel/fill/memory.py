"""A filled input sheet read back as a Dataset without writing it: what `indexcel build`
would read from the file `indexcel fill` writes, for `build EXPORT --rules-from INPUT`.

The sheet's rows go through the reader's TableReader as a workbook's rows would, so that the
dataset has the same checks and warnings as one read from the file; problems
name the input sheet's file, sheet and rows (a row appended from the export counts on after
the last), since that is where the rules and targets are kept.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from indexcel import theme
from indexcel.inputsheet import InputSheet
from indexcel.model import Dataset, Measure
from indexcel.reader.rows import EMPTY, RawCell, RawRow
from indexcel.reader.table import TableReader


def dataset_of_sheet(sheet: InputSheet, like: Dataset, *, year: int | None = None,
                     require_targets: bool = True) -> Dataset:
    """`sheet` (made from the dataset `like`, as fill_from_export makes it) as a Dataset,
    read by the reader as a workbook's rows are, with `like`'s source as its own. Its
    statuses and trends are the rules' (`indexcel.assess`)."""
    numbers: list[int] = []
    for index in range(len(sheet.rows)):
        location = like.indicators[index].location if index < len(like.indicators) else None
        read = location.row if location is not None else None
        numbers.append(read if read is not None else (numbers[-1] if numbers else 1) + 1)
    headers = [column.header for column in sheet.columns]
    rows = [RawRow(max(min(numbers, default=2) - 1, 1), [RawCell(h) for h in headers])]
    rows += [RawRow(numbers[index], [_cell(values.get(header)) for header in headers])
             for index, values in enumerate(sheet.rows)]
    file = like.indicators[0].location.file if like.indicators and \
        like.indicators[0].location is not None else str(like.source)
    return TableReader(file, like.sheet, iter(rows)).read(like.source, year, require_targets)


def _cell(value: Any) -> RawCell:
    """A value as a workbook cell holds it: a number with its format, a text, a date."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, Measure):
        return RawCell(value.value, theme.number_format(min(value.decimals, 10),
                                                          value.percent))
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return RawCell(_dt.datetime(value.year, value.month, value.day), "yyyy-mm-dd")
    return RawCell(value)
