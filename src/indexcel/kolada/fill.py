"""Filling an input sheet from Kolada's answers: which cells, with what note. No network
here: the answers come in as values (what each cell gets, and in what unit, is
kolada/found.py's). What every fill promises (only empty cells, conflicts listed, a note, the
Källa column, columns added only where filled) is fill/merge.py's, shared with `indexcel fill`.

Rows with a Kolada-id get, in cells that are empty: their outcomes ("Utfall <år>"), each with
a note "Källa: Kolada, KPI N00097, hämtat 2026-03-02" and the word Kolada in a column
"Källa <år>"; and with --compare, for the report year, "Riket", "Liknande kommuner",
"Kvinnor", "Män", "Placering" and "Kvartil <år>", each with its note. Where similar
municipalities are compared with, a Jämförelsegrupp names the group (its id, then its title).

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

from indexcel import vocabulary
from indexcel.fill.merge import (
    MAX_DECIMALS,
    Conflict,
    Filled,
    Incoming,
    Merge,
    agree,
    merge_outcomes,
    output_row,
    shown_value,
)
from indexcel.inputsheet import InputSheet
from indexcel.kolada.found import Answers
from indexcel.kolada.found import measure as _measure  # noqa: F401  (the old name)
from indexcel.kolada.plan import KoladaPlan
from indexcel.kolada.response import Group, Observation
from indexcel.model import Column, ColumnRole, Dataset, Indicator

__all__ = ["MAX_DECIMALS", "Conflict", "Filled", "KoladaFill", "fill_from_kolada",
           "output_row", "shown_value"]


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


def fill_from_kolada(dataset: Dataset, plan: KoladaPlan, observations: Sequence[Observation],
                     today: _dt.date, overwrite: bool = False,
                     file_hint: str = "indikatorer.xlsx", *,
                     everyone: Sequence[Observation] = (),
                     group: Group | None = None) -> KoladaFill:
    """The sheet filled from `observations` (the municipality's, and the country's and
    `group`'s where compared with) and `everyone` (every municipality's, to rank)."""
    answers = Answers(plan, observations, everyone, group)
    incoming: list[Incoming] = []
    rows_without_data: list[int] = []
    unknown: dict[str, list[int]] = {}
    without_values: dict[str, list[int]] = {}
    not_split: dict[str, list[int]] = {}
    no_rank: dict[str, list[int]] = {}
    for index, indicator in enumerate(dataset.indicators):
        kpi = plan.rows.get(index)
        if kpi is None:
            continue
        if kpi not in answers.known:
            unknown.setdefault(kpi, []).append(index)
            rows_without_data.append(index)
            continue
        finds = answers.for_row(kpi, indicator, today)
        if not finds.outcome_years:
            rows_without_data.append(index)
            without_values.setdefault(kpi, []).append(index)
        if finds.not_split:
            not_split.setdefault(kpi, []).append(index)
        if finds.no_rank is not None:
            no_rank.setdefault(finds.no_rank, []).append(index)
        incoming.extend(Incoming(index, found.year, found.value, kpi, found.note,
                                 ColumnRole(found.role)) for found in finds.found)
    merge = merge_outcomes(dataset, incoming, source=vocabulary.SOURCE_KOLADA,
                           overwrite=overwrite, new_years=plan.new_years, file_hint=file_hint)
    if any(f.role is ColumnRole.SIMILAR for f in merge.filled):
        _name_group(merge, group)
    return KoladaFill(merge.sheet, plan, dataset.indicators, merge.filled, merge.conflicts,
                      rows_without_data, unknown, without_values, merge.added_columns,
                      not_split, no_rank, group)


def _name_group(merge: Merge, group: Group | None) -> None:
    """Jämförelsegrupp: the group compared with, in the first row, where the sheet names
    none (a group typed in the sheet stays as it is)."""
    if group is None or not merge.sheet.rows:
        return
    columns = merge.sheet.columns
    column = next((c for c in columns if c.role is ColumnRole.SIMILAR_GROUP), None)
    if column is None:
        column = Column(vocabulary.HEADER_SIMILAR_GROUP, ColumnRole.SIMILAR_GROUP)
        columns.append(column)
        merge.added_columns.append(column.header)
    if any(str(row.get(column.header) or "").strip() for row in merge.sheet.rows):
        return
    merge.sheet.rows[0][column.header] = f"{group.id} {group.title}"


_agree = agree  # the rule of agreement, tested by tests/test_kolada.py under this name
