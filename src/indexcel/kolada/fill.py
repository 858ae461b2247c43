"""Filling an input sheet's outcomes from Kolada's answers: which cells, in what unit, with
what note; which values are conflicts. No network here: the observations come in as values.

The result is an InputSheet for writer/input_workbook.py, as `rollover` makes one: the same
columns in the same order, every value as it was read; only empty outcome cells of rows with a
Kolada-id are filled, each with a note "Källa: Kolada, KPI N00097, hämtat 2026-03-02" and the
word Kolada in a column "Källa <år>" (added at the end of the table when the sheet lacks it).

Rules:
- A value already in the sheet is never replaced. Where Kolada differs, the cell is a
  conflict and stays as it was; with `overwrite` it is replaced, and still listed.
- The sheet and Kolada agree when they are equal at the precision of the less precise of the
  two: 25,9 % in the sheet and 25.94 from Kolada agree (25.94 shows as 25,9 %); 25,9 % and
  25.96 do not.
- Kolada gives shares in percent (85.3 is 85,3 %). A row is a percentage when its Enhet is %
  or any of its outcomes or targets is a percentage; there 85.3 is stored as 0.853 with a
  percent format. Otherwise the number is stored as it is.
- A missing value (null, a status such as "Missing", deleted) leaves the cell empty.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from xlsxwriter.utility import xl_rowcol_to_cell

from indexcel import theme, vocabulary
from indexcel.inputsheet import InputSheet, goals_as_read
from indexcel.kolada.plan import KoladaPlan
from indexcel.kolada.response import Observation
from indexcel.model import Column, ColumnRole, Dataset, Indicator, Measure

MAX_DECIMALS = 10  # what theme.number_format shows at most


@dataclass(frozen=True)
class Filled:
    index: int  # the indicator's index: row index + 2 in the written sheet
    header: str  # the outcome column, "Utfall 2024"
    cell: str  # "F10" in the written sheet
    kpi: str
    value: Measure
    replaced: Measure | None = None  # the sheet's value that --overwrite replaced


@dataclass(frozen=True)
class Conflict:
    index: int
    header: str
    cell: str
    kpi: str
    sheet: Measure  # what the sheet holds
    kolada: Measure  # Kolada's value, in the row's unit
    replaced: bool  # True with --overwrite


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
    added_columns: list[str] = field(default_factory=list)  # Utfall for --years, Källa


def output_row(index: int) -> int:
    """The row (1-based) an indicator has in the written sheet: the header is row 1."""
    return index + 2


def fill_from_kolada(dataset: Dataset, plan: KoladaPlan, observations: list[Observation],
                     today: _dt.date, overwrite: bool = False,
                     file_hint: str = "indikatorer.xlsx") -> KoladaFill:
    values, known = _by_kpi_and_year(observations, plan)
    columns = _columns(dataset, plan)
    # The goals' sheet goes along unchanged, as every value typed does.
    result = KoladaFill(InputSheet(dataset.report_year, columns, file_hint=file_hint,
                                   goals=goals_as_read(dataset)), plan, dataset.indicators)
    result.added_columns = [vocabulary.HEADER_OUTCOME.format(year=y) for y in plan.new_years]
    outcome = {c.year: c for c in columns if c.role is ColumnRole.OUTCOME}
    position = {c.header: col for col, c in enumerate(columns)}
    note = theme.KOLADA_NOTE
    goal_column = dataset.column(ColumnRole.GOAL)
    for index, indicator in enumerate(dataset.indicators):
        row = dict(indicator.row_values)
        if goal_column and not row.get(goal_column.header):  # the goal came from a group row
            row[goal_column.header] = indicator.goal.text
        result.sheet.rows.append(row)
        kpi = plan.rows.get(index)
        if kpi is None:
            continue
        if kpi not in known:
            result.unknown_kpis.setdefault(kpi, []).append(index)
            result.rows_without_data.append(index)
            continue
        percent = _is_percent(indicator)
        shown = _shown_decimals(indicator, percent)
        found = False
        for year in plan.years:
            number = values.get((kpi, year))
            if number is None:
                continue
            found = True
            header = outcome[year].header
            cell = xl_rowcol_to_cell(output_row(index) - 1, position[header])
            kolada = _measure(number, percent, shown)
            current = row.get(header)
            if isinstance(current, Measure):
                if _agree(current, kolada):
                    continue
                result.conflicts.append(Conflict(index, header, cell, kpi, current, kolada,
                                                 overwrite))
                if not overwrite:
                    continue
            replaced = current if isinstance(current, Measure) else None
            row[header] = kolada
            text = note.format(kpi=kpi, date=today.isoformat())
            if replaced is not None:
                text += "\n" + theme.KOLADA_NOTE_REPLACED.format(old=shown_value(replaced))
            result.sheet.notes[(index, header)] = text
            result.filled.append(Filled(index, header, cell, kpi, kolada, replaced))
        if not found:
            result.rows_without_data.append(index)
            result.kpis_without_values.setdefault(kpi, []).append(index)
    _mark_sources(result, columns)
    return result


def _by_kpi_and_year(observations: list[Observation], plan: KoladaPlan
                     ) -> tuple[dict[tuple[str, int], Decimal], set[str]]:
    """The usable totals by (KPI, year), and every KPI Kolada answered anything for."""
    values: dict[tuple[str, int], Decimal] = {}
    known: set[str] = set()
    years = set(plan.years)
    for obs in observations:
        if obs.municipality is not None and obs.municipality != plan.municipality:
            continue  # not what was asked; an answer should not hold it
        known.add(obs.kpi)
        if obs.period in years and obs.value is not None:
            values.setdefault((obs.kpi, obs.period), obs.value)
    return values, known


def _columns(dataset: Dataset, plan: KoladaPlan) -> list[Column]:
    """The input's columns in their order, with an Utfall column for each year --years asks
    for that the sheet lacks (beside the other outcome years), and a Källa column for each
    year filled (added later, at the end)."""
    columns = [Column(c.header, c.role, c.year) for c in dataset.columns]
    for year in plan.new_years:
        new = Column(vocabulary.HEADER_OUTCOME.format(year=year), ColumnRole.OUTCOME, year)
        outcomes = [i for i, c in enumerate(columns) if c.role is ColumnRole.OUTCOME]
        before = [i for i in outcomes if (columns[i].year or 0) < year]
        columns.insert(before[-1] + 1 if before else outcomes[0], new)
    return columns


def _mark_sources(result: KoladaFill, columns: list[Column]) -> None:
    outcome_year = {c.header: c.year for c in columns
                    if c.role is ColumnRole.OUTCOME and c.year}
    source = {c.year: c for c in columns if c.role is ColumnRole.SOURCE}
    for year in sorted({outcome_year[f.header] for f in result.filled}):
        if year not in source:
            source[year] = Column(vocabulary.HEADER_SOURCE.format(year=year), ColumnRole.SOURCE,
                                  year)
            columns.append(source[year])
            result.added_columns.append(source[year].header)
    for filled in result.filled:
        header = source[outcome_year[filled.header]].header
        result.sheet.rows[filled.index][header] = vocabulary.SOURCE_KOLADA


def _is_percent(indicator: Indicator) -> bool:
    if indicator.unit and indicator.unit.strip().casefold() in ("%", "procent"):
        return True
    measures = [*indicator.outcomes.values(), *indicator.targets.values()]
    return any(isinstance(m, Measure) and m.percent for m in measures)


def _shown_decimals(indicator: Indicator, percent: bool) -> int:
    """The decimals the row's outcomes show, so a filled value looks like its neighbours."""
    return max((m.decimals for m in indicator.outcomes.values()
                if m is not None and m.percent == percent), default=0)


def _measure(number: Decimal, percent: bool, shown: int) -> Measure:
    exponent = number.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    value = float(number.scaleb(-2)) if percent else float(number)
    return Measure(value, decimals=min(max(decimals, shown), MAX_DECIMALS), percent=percent)


def _agree(sheet: Measure, kolada: Measure) -> bool:
    """Equal at the precision of the less precise of the two (half a unit of its last
    decimal, in percentage points for percentages)."""
    decimals = min(sheet.decimals, kolada.decimals)
    scale = 100 if kolada.percent else 1
    tolerance = 0.5 * 10.0 ** -decimals / scale
    slack = 1e-9 * max(1.0, abs(sheet.value), abs(kolada.value))  # binary floating point
    return abs(sheet.value - kolada.value) <= tolerance + slack


def shown_value(measure: Measure) -> str:
    """A value as the sheet shows it, in Swedish: 25,9 %, 421 442, −5,7."""
    number = measure.value * 100 if measure.percent else measure.value
    text = f"{number:,.{measure.decimals}f}".replace(",", "\u00a0").replace(".", ",")
    text = text.replace("-", "\u2212")
    return f"{text} %" if measure.percent else text
