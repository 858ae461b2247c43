"""Filling the input sheet's outcomes from an export: `indexcel fill INPUT --from EXPORT`.

The export is a Dataset read from any file `read_dataset` reads (the seed report's shape
included). Its rows are matched with the sheet's (match.py); for each matched row, each
outcome year both have is offered to the sheet (merge.py: only empty cells are filled,
conflicts are listed). The directions, tolerances and targets stay the sheet's: only
outcomes are taken from the export.

Units: a value is taken in the row's unit. Where the sheet's row is a percentage and the
export gives a plain number (25,9 rather than 25,9 %), or the other way round, the value is
not filled but listed: 25,9 might be 25,9 % or 2 590 %, and a guess could give a wrong ball.
A 0 is 0 in either unit.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from indexcel import theme, vocabulary
from indexcel.errors import InvalidDataError
from indexcel.fill.match import Matching, match_rows
from indexcel.fill.merge import (
    MAX_DECIMALS,
    Conflict,
    Filled,
    Incoming,
    merge_outcomes,
    output_row,
    row_percent,
    shown_decimals,
)
from indexcel.inputsheet import InputSheet
from indexcel.model import ColumnRole, Dataset, Indicator, Location, Measure

# The columns a row appended with --add-new takes from the export, by role (besides goal,
# name, board, outcomes and targets); Status and Trend are judged again, not copied.
_CARRIED_ROLES = (ColumnRole.DIRECTION, ColumnRole.TOLERANCE, ColumnRole.PARTLY,
                  ColumnRole.UNIT, ColumnRole.COMMENT, ColumnRole.KOLADA_ID)


@dataclass(frozen=True)
class UnitMismatch:
    """An export value in another unit than its row's: not filled."""

    index: int  # the sheet's row
    export: int  # the export's row
    header: str
    cell: str
    value: Measure  # the export's value
    percent_row: bool  # whether the sheet's row is a percentage


@dataclass
class ExportFill:
    sheet: InputSheet
    dataset: Dataset  # the input sheet as read
    export: Dataset
    matching: Matching
    years: list[int]  # the outcome years offered: the export's that the sheet has
    unused_years: list[int]  # the export's outcome years without a column in the sheet
    source: str  # what the Källa column says: the export's file name
    filled: list[Filled] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    unit_mismatches: list[UnitMismatch] = field(default_factory=list)
    added: list[int] = field(default_factory=list)  # export rows appended (--add-new)
    added_columns: list[str] = field(default_factory=list)  # Källa <år>

    def origin(self, export_index: int) -> Location:
        """Where an export row stands in the export."""
        indicator = self.export.indicators[export_index]
        if indicator.location is not None:
            return indicator.location
        return Location(self.source, self.export.sheet)

    @property
    def sheet_rows_without_export(self) -> list[int]:
        """The sheet's rows no export row was matched to (their outcomes stay as they were)."""
        matched = set(self.matching.pairs.values()) | set(self.matching.contested)
        return [i for i in range(len(self.dataset.indicators)) if i not in matched]


def fill_from_export(dataset: Dataset, export: Dataset, *, today: _dt.date,
                     overwrite: bool = False, add_new: bool = False,
                     file_hint: str = "indikatorer.xlsx") -> ExportFill:
    """The input sheet `dataset` with its empty outcome cells filled from `export`. Raises
    InvalidDataError when either holds errors: a value that could not be read must not
    become an empty cell that looks like no outcome."""
    for what, data, fix in (("input", dataset, "`indexcel validate`"),
                            ("export", export, "`indexcel validate --no-targets`")):
        if data.errors:
            raise InvalidDataError(
                f"{data.source}: {len(data.errors)} error(s) in the {what}; filling from it "
                "would lose the values that could not be read, so nothing was written.",
                data.errors, f"Fix them ({fix} lists them all) and run the command again.")
    source = export.source.name
    sheet_years = set(dataset.outcome_years)
    result = ExportFill(
        InputSheet(dataset.report_year, []), dataset, export, match_rows(dataset, export),
        years=[y for y in export.outcome_years if y in sheet_years],
        unused_years=[y for y in export.outcome_years if y not in sheet_years],
        source=source)
    position = {c.header: col for col, c in enumerate(dataset.columns)}
    incoming: list[Incoming] = []
    for export_index, index in result.matching.pairs.items():
        indicator = dataset.indicators[index]
        percent = row_percent(indicator)
        for year, measure in _outcomes(export.indicators[export_index], result.years):
            value = _in_unit(measure, percent, indicator)
            if value is None:
                header = _outcome_header(dataset, year)
                result.unit_mismatches.append(UnitMismatch(
                    index, export_index, header,
                    xl_rowcol_to_cell(output_row(index) - 1, position[header]), measure,
                    bool(percent)))
                continue
            incoming.append(_incoming(result, index, export_index, year, value, today))
    appended: list[dict[str, Any]] = []
    if add_new:
        for export_index in result.matching.unmatched:
            index = len(dataset.indicators) + len(appended)
            appended.append(_new_row(dataset, export, export.indicators[export_index]))
            result.added.append(export_index)
            for year, measure in _outcomes(export.indicators[export_index], result.years):
                incoming.append(_incoming(result, index, export_index, year, measure, today))
    merge = merge_outcomes(dataset, incoming, source=source, overwrite=overwrite,
                           appended=appended, file_hint=file_hint)
    result.sheet, result.filled, result.conflicts = merge.sheet, merge.filled, merge.conflicts
    result.added_columns = merge.added_columns
    _mark_new_rows(result, today)
    return result


def _outcomes(indicator: Indicator, years: list[int]) -> list[tuple[int, Measure]]:
    return [(year, m) for year in years if (m := indicator.outcomes.get(year)) is not None]


def _outcome_header(dataset: Dataset, year: int) -> str:
    column = dataset.column(ColumnRole.OUTCOME, year)
    assert column is not None  # the years offered are the sheet's outcome years
    return column.header


def _in_unit(measure: Measure, percent: bool | None, indicator: Indicator) -> Measure | None:
    """The export's value in the row's unit, showing at least the decimals of the row's
    other outcomes; None when the units differ (see the module's docstring)."""
    if percent is not None and measure.percent != percent:
        if measure.value:
            return None
        measure = Measure(0.0, measure.decimals, percent)
    shown = shown_decimals(indicator, measure.percent)
    return Measure(measure.value, min(max(measure.decimals, shown), MAX_DECIMALS),
                   measure.percent)


def _incoming(result: ExportFill, index: int, export_index: int, year: int, value: Measure,
              today: _dt.date) -> Incoming:
    origin = result.origin(export_index)
    note = theme.EXPORT_NOTE.format(file=result.source, row=origin.row,
                                    date=today.isoformat())
    return Incoming(index, year, value, str(origin), note)


def _new_row(dataset: Dataset, export: Dataset, indicator: Indicator) -> dict[str, Any]:
    """A row for the sheet's columns from an export row the sheet lacks: its goal, name (on
    one line),
    board and targets, and what it has of Riktning, Tolerans, Delvis, Enhet, Kommentar,
    Kolada-id and the sheet's other columns. Its outcomes are filled as a matched row's."""
    row: dict[str, Any] = {}
    for column in dataset.columns:
        if column.role is ColumnRole.GOAL:
            row[column.header] = indicator.goal.text
        elif column.role is ColumnRole.NAME:  # on one line, as the sheet's other names are
            row[column.header] = " ".join(indicator.name.split())
        elif column.role is ColumnRole.BOARD:
            row[column.header] = indicator.board
        elif column.role is ColumnRole.TARGET and column.year is not None:
            row[column.header] = vocabulary.target_text(export, indicator, column.year)
        elif column.role in _CARRIED_ROLES:
            theirs = export.column(column.role)
            row[column.header] = indicator.row_values.get(theirs.header) if theirs else None
        elif column.role is ColumnRole.EXTRA:
            row[column.header] = next(
                (value for header, value in indicator.row_values.items()
                 if header.casefold() == column.header.casefold()), None)
    return row


def _mark_new_rows(result: ExportFill, today: _dt.date) -> None:
    """Every cell of an appended row is marked for review; its name carries the note."""
    first = len(result.dataset.indicators)
    name = result.dataset.column(ColumnRole.NAME)
    for offset, export_index in enumerate(result.added):
        index = first + offset
        for column in result.sheet.columns:
            result.sheet.review[(index, column.header)] = ""
        if name is not None:
            origin = result.origin(export_index)
            result.sheet.review[(index, name.header)] = theme.NEW_ROW_NOTE.format(
                file=result.source, row=origin.row, date=today.isoformat())
