"""Filling an input sheet's outcomes from Kolada's answers: which cells, in what unit, with
what note. No network here: the observations come in as values. What every fill promises
(only empty cells, conflicts listed, a note and the Källa column) is fill/merge.py's, shared
with `indexcel fill`.

Only empty outcome cells of rows with a Kolada-id are filled, each with a note "Källa:
Kolada, KPI N00097, hämtat 2026-03-02" and the word Kolada in a column "Källa <år>".

Kolada's own rules:
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

from indexcel import theme, vocabulary
from indexcel.fill.merge import (
    MAX_DECIMALS,
    Conflict,
    Filled,
    Incoming,
    agree,
    merge_outcomes,
    output_row,
    row_percent,
    shown_decimals,
    shown_value,
)
from indexcel.inputsheet import InputSheet
from indexcel.kolada.plan import KoladaPlan
from indexcel.kolada.response import Observation
from indexcel.model import Dataset, Indicator, Measure

__all__ = ["Conflict", "Filled", "KoladaFill", "fill_from_kolada", "output_row",
           "shown_value"]


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


def fill_from_kolada(dataset: Dataset, plan: KoladaPlan, observations: list[Observation],
                     today: _dt.date, overwrite: bool = False,
                     file_hint: str = "indikatorer.xlsx") -> KoladaFill:
    values, known = _by_kpi_and_year(observations, plan)
    incoming: list[Incoming] = []
    rows_without_data: list[int] = []
    unknown: dict[str, list[int]] = {}
    without_values: dict[str, list[int]] = {}
    for index, indicator in enumerate(dataset.indicators):
        kpi = plan.rows.get(index)
        if kpi is None:
            continue
        if kpi not in known:
            unknown.setdefault(kpi, []).append(index)
            rows_without_data.append(index)
            continue
        percent = _is_percent(indicator)
        shown = shown_decimals(indicator, percent)
        note = theme.KOLADA_NOTE.format(kpi=kpi, date=today.isoformat())
        found = False
        for year in plan.years:
            number = values.get((kpi, year))
            if number is None:
                continue
            found = True
            incoming.append(Incoming(index, year, _measure(number, percent, shown), kpi, note))
        if not found:
            rows_without_data.append(index)
            without_values.setdefault(kpi, []).append(index)
    merge = merge_outcomes(dataset, incoming, source=vocabulary.SOURCE_KOLADA,
                           overwrite=overwrite, new_years=plan.new_years, file_hint=file_hint)
    return KoladaFill(merge.sheet, plan, dataset.indicators, merge.filled, merge.conflicts,
                      rows_without_data, unknown, without_values, merge.added_columns)


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


def _is_percent(indicator: Indicator) -> bool:
    return row_percent(indicator) is True


def _measure(number: Decimal, percent: bool, shown: int) -> Measure:
    exponent = number.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    value = float(number.scaleb(-2)) if percent else float(number)
    return Measure(value, decimals=min(max(decimals, shown), MAX_DECIMALS), percent=percent)


_agree = agree  # the rule of agreement, tested by tests/test_kolada.py under this name
