"""Outcomes from elsewhere into the input sheet staff keep: the promises `indexcel fill` (from
an export) and `indexcel kolada` share.

The result is an InputSheet for writer/input_workbook.py, as `rollover` makes one: the same
columns in the same order and every value as it was read. Only empty outcome cells are
filled; each filled cell gets a note saying where its value came from, and a column
"Källa <år>" (added at the end of the table when the sheet lacks it) names the source.
Comparisons (Riket, Liknande kommuner, Kvinnor, Män, Placering, Kvartil <år>) are more columns
to fill by the same rules; a comparison column the sheet lacks is added at the end of the
table, only where a value is filled into it.

- A value already in the sheet is never replaced. Where the incoming value differs, the cell
  is a conflict and stays as it was; with `overwrite` it is replaced, and still listed.
- The two agree when they are equal at the precision of the less precise: 25,9 % in the
  sheet and 25,94 % from elsewhere agree (25,94 % shows as 25,9 %); 25,9 % and 25,96 % do not.
  A place agrees when it is the same (and so is the count ranked, if typed); a quartile exactly.

What to fill comes in as `Incoming` values, already in the row's unit: the caller (kolada/fill.py,
fill/export.py) decides which rows and years, and how a number becomes a Measure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from indexcel import theme, vocabulary
from indexcel.inputsheet import InputSheet, goals_as_read
from indexcel.model import Column, ColumnRole, Dataset, Indicator, Measure, Quartile, Rank

MAX_DECIMALS = 10  # what theme.number_format shows at most
Value = Measure | Rank | Quartile  # what a cell filled can hold


@dataclass(frozen=True)
class Incoming:
    """A value from elsewhere for one yearly cell of the sheet (an outcome, or a comparison)."""

    index: int  # the row: an indicator's index, or a row appended after them
    year: int
    value: Value  # in the row's unit
    origin: str  # how the summary names where it came from: "N00097", "export.csv, line 12"
    note: str  # the cell's note, in Swedish: "Källa: Kolada, KPI N00097, hämtat 2026-03-02"
    role: ColumnRole = ColumnRole.OUTCOME  # the column's kind: outcome, country, rank, ...


@dataclass(frozen=True)
class Filled:
    index: int  # the row's index: row index + 2 in the written sheet
    header: str  # the column filled, "Utfall 2024", "Riket 2024"
    cell: str  # "F10" in the written sheet
    origin: str
    value: Value
    replaced: Value | None = None  # the sheet's value that overwrite replaced
    role: ColumnRole = ColumnRole.OUTCOME

    @property
    def kpi(self) -> str:
        """Kolada's name for the origin: the KPI id."""
        return self.origin


@dataclass(frozen=True)
class Conflict:
    index: int
    header: str
    cell: str
    origin: str
    sheet: Value  # what the sheet holds
    incoming: Value  # the other value (or the rank computed from it), in the row's unit
    replaced: bool  # True with overwrite
    role: ColumnRole = ColumnRole.OUTCOME

    @property
    def kpi(self) -> str:
        return self.origin

    @property
    def kolada(self) -> Value:
        return self.incoming


@dataclass
class Merge:
    sheet: InputSheet
    filled: list[Filled] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    added_columns: list[str] = field(default_factory=list)  # Utfall for new years, Källa, ...


def output_row(index: int) -> int:
    """The row (1-based) a row has in the written sheet: the header is row 1."""
    return index + 2


def sheet_rows(dataset: Dataset) -> list[dict[str, Any]]:
    """Every indicator's values as read, by header; the goal filled in where it came from a
    group row ('Inriktningsmål: 1.1. …'), so that the written sheet keeps it."""
    goal_column = dataset.column(ColumnRole.GOAL)
    rows = []
    for indicator in dataset.indicators:
        row = dict(indicator.row_values)
        if goal_column and not row.get(goal_column.header):
            row[goal_column.header] = indicator.goal.text
        rows.append(row)
    return rows


def columns_with_years(dataset: Dataset, new_years: Iterable[int]) -> list[Column]:
    """The input's columns in their order, with an Utfall column for each of `new_years` the
    sheet lacks, beside the other outcome years."""
    columns = [Column(c.header, c.role, c.year) for c in dataset.columns]
    for year in new_years:
        new = Column(vocabulary.HEADER_OUTCOME.format(year=year), ColumnRole.OUTCOME, year)
        outcomes = [i for i, c in enumerate(columns) if c.role is ColumnRole.OUTCOME]
        before = [i for i in outcomes if (columns[i].year or 0) < year]
        columns.insert(before[-1] + 1 if before else outcomes[0], new)
    return columns


def merge_outcomes(dataset: Dataset, incoming: Iterable[Incoming], *, source: str,
                   overwrite: bool = False, new_years: Iterable[int] = (),
                   appended: Iterable[dict[str, Any]] = (),
                   file_hint: str = "indikatorer.xlsx") -> Merge:
    """The sheet with `incoming` filled into its empty cells (and, with `overwrite`, over
    differing values), each with its note; `source` is the word of the Källa column beside
    an outcome filled. `appended` rows stand after the indicators' (their Incoming indexes
    count on from them)."""
    new_years = list(new_years)
    columns = columns_with_years(dataset, new_years)
    # The goals' sheet goes along unchanged, as every value typed does.
    merge = Merge(InputSheet(dataset.report_year, columns, file_hint=file_hint,
                             goals=goals_as_read(dataset)))
    merge.added_columns = [vocabulary.HEADER_OUTCOME.format(year=y) for y in new_years]
    merge.sheet.rows = [*sheet_rows(dataset), *appended]
    column_of = {(c.role, c.year): c for c in columns}
    position = {c.header: col for col, c in enumerate(columns)}
    added: dict[tuple[ColumnRole, int], Column] = {}
    pending: list[tuple[Incoming, str, Value | None]] = []
    for value in incoming:
        key = (value.role, value.year)
        column = column_of.get(key) or added.setdefault(key, Column(
            vocabulary.YEARLY_HEADERS[value.role].format(year=value.year), value.role,
            value.year))
        header = column.header
        row = merge.sheet.rows[value.index]
        current = row.get(header)
        replaced = current if isinstance(current, (Measure, Rank, Quartile)) else None
        if current is not None and current != "":
            if replaced is not None and agree(replaced, value.value):
                continue
            if header in position and replaced is not None:
                merge.conflicts.append(Conflict(
                    value.index, header, _cell(value.index, position[header]), value.origin,
                    replaced, value.value, overwrite, value.role))
            if not overwrite:
                continue
        row[header] = value.value
        text = value.note
        if replaced is not None:
            text += "\n" + theme.REPLACED_NOTE.format(old=shown_value(replaced))
        merge.sheet.notes[(value.index, header)] = text
        pending.append((value, header, replaced))
    _mark_sources(merge, columns, source, [(value.index, header) for value, header, _ in pending
                                           if value.role is ColumnRole.OUTCOME])
    for role in vocabulary.COMPARISON_ROLES:  # new comparison columns, in their order
        for key, column in sorted(added.items(), key=lambda item: item[0][1]):
            if key[0] == role:
                columns.append(column)
                merge.added_columns.append(column.header)
    position = {c.header: col for col, c in enumerate(columns)}
    merge.filled = [Filled(value.index, header, _cell(value.index, position[header]),
                           value.origin, value.value, replaced, value.role)
                    for value, header, replaced in pending]
    return merge


def _cell(index: int, column: int) -> str:
    return str(xl_rowcol_to_cell(output_row(index) - 1, column))


def _mark_sources(merge: Merge, columns: list[Column], word: str,
                  outcomes: list[tuple[int, str]]) -> None:
    """`word` in "Källa <år>" beside each outcome filled (index, header); the column added at
    the end where the sheet lacks it."""
    outcome_year = {c.header: c.year for c in columns if c.role is ColumnRole.OUTCOME}
    source = {c.year: c for c in columns if c.role is ColumnRole.SOURCE}
    for year in sorted({outcome_year[header] or 0 for _, header in outcomes}):
        if year not in source:
            source[year] = Column(vocabulary.HEADER_SOURCE.format(year=year),
                                  ColumnRole.SOURCE, year)
            columns.append(source[year])
            merge.added_columns.append(source[year].header)
    for index, header in outcomes:
        merge.sheet.rows[index][source[outcome_year[header] or 0].header] = word


def row_percent(indicator: Indicator) -> bool | None:
    """Whether the row's values are percentages: True when its Enhet is % or any of its
    outcomes or targets is a percentage, False when it has other plain numbers than 0 (a
    plain 0 may be a 0 % without its format), None when it has nothing to tell by."""
    if indicator.unit and indicator.unit.strip().casefold() in ("%", "procent"):
        return True
    measures = [m for m in (*indicator.outcomes.values(), *indicator.targets.values())
                if isinstance(m, Measure)]
    if any(m.percent for m in measures):
        return True
    return False if any(m.value for m in measures) else None


def shown_decimals(indicator: Indicator, percent: bool) -> int:
    """The decimals the row's outcomes show, so a filled value looks like its neighbours."""
    return max((m.decimals for m in indicator.outcomes.values()
                if m is not None and m.percent == percent), default=0)


def agree(sheet: Value, incoming: Value) -> bool:
    """Equal at the precision of the less precise of the two (half a unit of its last
    decimal, in percentage points for percentages); a place and a quartile exactly."""
    if isinstance(incoming, Rank):
        return isinstance(sheet, Rank) and sheet.position == incoming.position and \
            sheet.of in (None, incoming.of)
    if isinstance(incoming, Quartile):
        return sheet == incoming
    if not isinstance(sheet, Measure):
        return False
    decimals = min(sheet.decimals, incoming.decimals)
    scale = 100 if incoming.percent else 1
    tolerance = 0.5 * 10.0 ** -decimals / scale
    slack = 1e-9 * max(1.0, abs(sheet.value), abs(incoming.value))  # binary floating point
    return abs(sheet.value - incoming.value) <= tolerance + slack


def years_text(years: list[int]) -> str:
    """2022–2024, or 2022, 2024."""
    if len(years) > 2 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(map(str, years))


def shown_value(value: Value) -> str:
    """A value as the sheet shows it, in Swedish: 25,9 %, 421 442, −5,7; 12 av 290."""
    if isinstance(value, Quartile):
        return vocabulary.QUARTILE_LABELS[value]
    if isinstance(value, Rank):
        return str(value)
    number = value.value * 100 if value.percent else value.value
    text = f"{number:,.{value.decimals}f}".replace(",", "\u00a0").replace(".", ",")
    text = text.replace("-", "\u2212")
    return f"{text} %" if value.percent else text
