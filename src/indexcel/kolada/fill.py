"""Filling an input sheet from Kolada's answers: which cells, with what note; which values are
conflicts. No network here: the answers come in as values (what each cell gets, and in what
unit, is kolada/found.py's).

The result is an InputSheet for writer/input_workbook.py, as `rollover` makes one: the same
columns in the same order, every value as it was read. Rows with a Kolada-id get, in cells
that are empty: their outcomes ("Utfall <år>"), each with a note "Källa: Kolada, KPI N00097,
hämtat 2026-03-02" and the word Kolada in a column "Källa <år>"; and with --compare, for the
report year, "Riket", "Liknande kommuner", "Kvinnor", "Män", "Placering" and "Kvartil <år>",
each with its note. A column the sheet lacks is added at the end of the table, only where a
value is filled into it; so is a Jämförelsegrupp naming the group of similar municipalities
compared with (the group's id, then its title).

Rules, the same for every column filled:
- A value already in the sheet is never replaced. Where Kolada differs, the cell is a
  conflict and stays as it was; with `overwrite` it is replaced, and still listed.
- The sheet and Kolada agree when they are equal at the precision of the less precise of the
  two: 25,9 % in the sheet and 25.94 from Kolada agree (25.94 shows as 25,9 %); 25,9 % and
  25.96 do not. A place agrees when it is the same (and so is the count ranked, if typed).
- A missing value (null, the status Missing, deleted) leaves the cell empty.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from xlsxwriter.utility import xl_rowcol_to_cell

from indexcel import theme, vocabulary
from indexcel.inputsheet import InputSheet
from indexcel.kolada.found import MAX_DECIMALS, Answers, Value
from indexcel.kolada.found import measure as _measure  # noqa: F401  (the old name)
from indexcel.kolada.plan import KoladaPlan
from indexcel.kolada.response import Group, Observation
from indexcel.model import Column, Dataset, Indicator, Measure, Quartile, Rank

__all__ = ["MAX_DECIMALS", "Conflict", "Filled", "KoladaFill", "fill_from_kolada",
           "output_row", "shown_value"]


@dataclass(frozen=True)
class Filled:
    index: int  # the indicator's index: row index + 2 in the written sheet
    header: str  # the column filled, "Utfall 2024", "Riket 2024"
    cell: str  # "F10" in the written sheet
    kpi: str
    value: Value
    replaced: Value | None = None  # the sheet's value that --overwrite replaced
    role: str = "outcome"


@dataclass(frozen=True)
class Conflict:
    index: int
    header: str
    cell: str
    kpi: str
    sheet: Value  # what the sheet holds
    kolada: Value  # Kolada's value (or the rank computed from Kolada's), in the row's unit
    replaced: bool  # True with --overwrite
    role: str = "outcome"


@dataclass
class KoladaFill:
    sheet: InputSheet
    plan: KoladaPlan
    indicators: Sequence[Indicator]
    filled: list[Filled] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    rows_without_data: list[int] = field(default_factory=list)  # no value in any year asked
    unknown_kpis: dict[str, list[int]] = field(default_factory=dict)  # Kolada answered nothing
    kpis_without_values: dict[str, list[int]] = field(default_factory=dict)  # only missing
    added_columns: list[str] = field(default_factory=list)  # Utfall for --years, Källa, ...
    not_split: dict[str, list[int]] = field(default_factory=dict)  # gender asked, not split
    no_rank: dict[str, list[int]] = field(default_factory=dict)  # why -> rows without a rank
    group: Group | None = None  # the group of similar municipalities compared with


def output_row(index: int) -> int:
    """The row (1-based) an indicator has in the written sheet: the header is row 1."""
    return index + 2


def fill_from_kolada(dataset: Dataset, plan: KoladaPlan, observations: Sequence[Observation],
                     today: _dt.date, overwrite: bool = False,
                     file_hint: str = "indikatorer.xlsx", *,
                     everyone: Sequence[Observation] = (),
                     group: Group | None = None) -> KoladaFill:
    """The sheet filled from `observations` (the municipality's, and the country's and
    `group`'s where compared with) and `everyone` (every municipality's, to rank)."""
    answers = Answers(plan, observations, everyone, group)
    columns = _columns(dataset, plan)
    result = KoladaFill(InputSheet(dataset.report_year, columns, file_hint=file_hint), plan,
                        dataset.indicators, group=group)
    result.added_columns = [vocabulary.HEADER_OUTCOME.format(year=y) for y in plan.new_years]
    column_of = {(c.role, c.year): c for c in columns}
    position = {c.header: col for col, c in enumerate(columns)}
    added: dict[tuple[str, int], Column] = {}
    pending: list[tuple[int, str, str, Value, Value | None, str]] = []
    goal_column = dataset.column("goal")
    for index, indicator in enumerate(dataset.indicators):
        row = dict(indicator.row_values)
        if goal_column and not row.get(goal_column.header):  # the goal came from a group row
            row[goal_column.header] = indicator.goal.text
        result.sheet.rows.append(row)
        kpi = plan.rows.get(index)
        if kpi is None:
            continue
        if kpi not in answers.known:
            result.unknown_kpis.setdefault(kpi, []).append(index)
            result.rows_without_data.append(index)
            continue
        finds = answers.for_row(kpi, indicator, today)
        if not finds.outcome_years:
            result.rows_without_data.append(index)
            result.kpis_without_values.setdefault(kpi, []).append(index)
        if finds.not_split:
            result.not_split.setdefault(kpi, []).append(index)
        if finds.no_rank is not None:
            result.no_rank.setdefault(finds.no_rank, []).append(index)
        for found in finds.found:
            key = (found.role, found.year)
            column = column_of.get(key) or added.setdefault(key, Column(
                vocabulary.YEARLY_HEADERS[found.role].format(year=found.year), found.role,
                found.year))
            current = row.get(column.header)
            if current is not None and current != "":
                if _agree(current, found.value):
                    continue
                if column.header in position:
                    result.conflicts.append(Conflict(
                        index, column.header, _cell(index, position[column.header]), kpi,
                        current, found.value, overwrite, found.role))
                if not overwrite:
                    continue
            text = found.note
            replaced = current if isinstance(current, (Measure, Rank, Quartile)) else None
            if replaced is not None:
                text += "\n" + theme.KOLADA_NOTE_REPLACED.format(old=shown_value(replaced))
            row[column.header] = found.value
            result.sheet.notes[(index, column.header)] = text
            pending.append((index, column.header, kpi, found.value, replaced, found.role))
    _mark_sources(result, columns, pending)
    for role in vocabulary.COMPARISON_ROLES:  # new comparison columns, in their order
        for key, column in sorted(added.items(), key=lambda item: item[0][1]):
            if key[0] == role:
                columns.append(column)
                result.added_columns.append(column.header)
    if any(role == "similar" for *_, role in pending):
        _name_group(result, columns, group)
    position = {c.header: col for col, c in enumerate(columns)}
    result.filled = [Filled(index, header, _cell(index, position[header]), kpi, value, old,
                            role) for index, header, kpi, value, old, role in pending]
    return result


def _cell(index: int, column: int) -> str:
    return str(xl_rowcol_to_cell(output_row(index) - 1, column))


def _columns(dataset: Dataset, plan: KoladaPlan) -> list[Column]:
    """The input's columns in their order, with an Utfall column for each year --years asks
    for that the sheet lacks (beside the other outcome years)."""
    columns = [Column(c.header, c.role, c.year) for c in dataset.columns]
    for year in plan.new_years:
        new = Column(vocabulary.HEADER_OUTCOME.format(year=year), "outcome", year)
        outcomes = [i for i, c in enumerate(columns) if c.role == "outcome"]
        before = [i for i in outcomes if (columns[i].year or 0) < year]
        columns.insert(before[-1] + 1 if before else outcomes[0], new)
    return columns


def _mark_sources(result: KoladaFill, columns: list[Column],
                  pending: list[tuple[int, str, str, Value, Value | None, str]]) -> None:
    """The word Kolada in "Källa <år>" beside each outcome filled (the column added at the
    end where the sheet lacks it)."""
    outcome_year = {c.header: c.year for c in columns if c.role == "outcome" and c.year}
    source = {c.year: c for c in columns if c.role == "source"}
    filled = [(index, outcome_year[header]) for index, header, *_, role in pending
              if role == "outcome"]
    for year in sorted({year for _, year in filled}):
        if year not in source:
            source[year] = Column(vocabulary.HEADER_SOURCE.format(year=year), "source", year)
            columns.append(source[year])
            result.added_columns.append(source[year].header)
    for index, year in filled:
        result.sheet.rows[index][source[year].header] = vocabulary.SOURCE_KOLADA


def _name_group(result: KoladaFill, columns: list[Column], group: Group | None) -> None:
    """Jämförelsegrupp: the group compared with, in the first row, where the sheet names
    none (a group typed in the sheet stays as it is)."""
    if group is None or not result.sheet.rows:
        return
    column = next((c for c in columns if c.role == "similar_group"), None)
    if column is None:
        column = Column(vocabulary.HEADER_SIMILAR_GROUP, "similar_group")
        columns.append(column)
        result.added_columns.append(column.header)
    if any(str(row.get(column.header) or "").strip() for row in result.sheet.rows):
        return
    result.sheet.rows[0][column.header] = f"{group.id} {group.title}"


def _agree(sheet: object, kolada: Value) -> bool:
    """Equal at the precision of the less precise of the two (half a unit of its last
    decimal, in percentage points for percentages); a place and a quartile exactly."""
    if isinstance(kolada, Rank):
        return isinstance(sheet, Rank) and sheet.position == kolada.position and \
            sheet.of in (None, kolada.of)
    if isinstance(kolada, Quartile):
        return sheet == kolada
    if not isinstance(sheet, Measure):
        return False
    decimals = min(sheet.decimals, kolada.decimals)
    scale = 100 if kolada.percent else 1
    tolerance = 0.5 * 10.0 ** -decimals / scale
    slack = 1e-9 * max(1.0, abs(sheet.value), abs(kolada.value))  # binary floating point
    return abs(sheet.value - kolada.value) <= tolerance + slack


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
