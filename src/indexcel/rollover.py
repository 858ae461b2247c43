"""Next year's input sheet from this year's.

The same indicators, boards, goals, Riktning, Enhet, Kolada-id, Jämförelsegrupp and other
columns; every outcome year kept, with the new year added empty (and their "Källa <år>" with
them); the comparisons (Riket, Liknande kommuner, Kvinnor, Män, Placering, Kvartil) kept, with
an empty column for the new year of each kind the sheet has; every earlier target kept, and
the new target started from the old one and marked for review; last year's comments, and any
status or trend given by hand, kept in columns named with last year so that nobody takes them
for this year's (a status as "Status <år>", which the reader reads as that year's; every
earlier "Status <år>" stays). The goals' sheet (Inriktningsmål) goes along: each goal with an
empty Bedömning and Motivering for the new year, last year's in `Bedömning 2024` and
`Motivering 2024`, earlier years' and other columns as they were, and a row for each goal of
the indicators that had none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from indexcel import theme, vocabulary
from indexcel.errors import InvalidDataError, OptionError
from indexcel.inputsheet import GoalInputSheet, InputSheet, goal_columns, standard_columns
from indexcel.model import Column, ColumnRole, Dataset, Direction

_KEPT_BY_YEAR = frozenset({ColumnRole.SOURCE, *vocabulary.COMPARISON_ROLES})


def default_rollover_output(source: Path, old_year: int, year: int) -> Path:
    stem = source.stem
    new_stem = stem.replace(str(old_year), str(year)) if str(old_year) in stem \
        else f"{stem}-{year}"
    return source.with_name(f"{new_stem}.xlsx")


def rollover(dataset: Dataset, year: int) -> InputSheet:
    old = dataset.report_year
    if year <= old:
        raise OptionError("--year", f"{year} is not after the input's report year {old}.",
                          f"Give the year to prepare, for instance --year {old + 1}.")
    if dataset.errors:
        raise InvalidDataError(
            f"{dataset.source}: {len(dataset.errors)} error(s) in the input; a rollover would "
            "lose the values that could not be read, so none was made.", dataset.errors,
            "Fix them (`indexcel validate` lists them all) and roll over again.")
    indicators = dataset.indicators
    has_role = {c.role for c in dataset.columns}
    old_target = dataset.column(ColumnRole.TARGET, old)

    def previous_column(header: str) -> Column:
        return Column(vocabulary.PREVIOUS_HEADER.format(header=header, year=old), ColumnRole.EXTRA)

    def status_column(status_year: int) -> Column:
        return Column(vocabulary.HEADER_STATUS_YEAR.format(year=status_year), ColumnRole.STATUS,
                      status_year)

    standard = standard_columns(year)
    outcome_at = [c.role for c in standard].index(ColumnRole.OUTCOME)
    outcome_years = sorted({*dataset.outcome_years, year})
    columns = [c for c in standard if c.role is not ColumnRole.OUTCOME]
    columns[outcome_at:outcome_at] = [
        Column(vocabulary.HEADER_OUTCOME.format(year=y), ColumnRole.OUTCOME, y)
        for y in outcome_years]
    position = [c.role for c in columns].index(ColumnRole.TARGET)
    earlier_targets = [y for y in dataset.target_years if y != year]
    columns[position:position] = [
        Column(vocabulary.HEADER_TARGET.format(year=y), ColumnRole.TARGET, y)
        for y in earlier_targets]
    carried: list[Column] = []
    given_status = any(i.given_status is not None for i in indicators)
    given_trend = any(i.given_trend is not None for i in indicators)
    status_years = sorted({*dataset.status_years, *([old] if given_status else [])})
    carried += [status_column(y) for y in status_years]
    if given_trend:
        carried.append(previous_column(vocabulary.HEADER_TREND))
    if any(i.comment for i in indicators):
        carried.append(previous_column(vocabulary.HEADER_COMMENT))
    taken = {c.header.casefold() for c in columns + carried}
    kept_years = {c.year for c in columns if c.role is ColumnRole.OUTCOME}
    # Extra columns, the Kolada-id, Kommun-id and Jämförelsegrupp (so `indexcel kolada` can
    # fill the new year), and "Källa <år>" and the comparisons for the outcome years that
    # stay: in the input's order.
    extras = [Column(c.header, c.role, c.year) for c in dataset.columns
              if c.header.casefold() not in taken
              and (c.role in (ColumnRole.EXTRA, ColumnRole.KOLADA_ID, ColumnRole.MUNICIPALITY_ID,
                              ColumnRole.SIMILAR_GROUP)
                   or (c.role in _KEPT_BY_YEAR and c.year in kept_years))]
    for role in vocabulary.COMPARISON_ROLES:  # the new year's, beside the kind's last
        present = [n for n, c in enumerate(extras) if c.role is role]
        header = vocabulary.YEARLY_HEADERS[role].format(year=year)
        if any(c.role is role for c in dataset.columns) and \
                not any(extras[n].year == year for n in present) and \
                header.casefold() not in taken:
            extras.insert(present[-1] + 1 if present else len(extras),
                          Column(header, role, year))
    columns = columns + carried + extras

    rows, review = [], {}
    for index, indicator in enumerate(indicators):
        row: dict[str, Any] = {
            vocabulary.HEADER_GOAL: indicator.goal.text,
            vocabulary.HEADER_NAME: indicator.name,
            vocabulary.HEADER_BOARD: indicator.board,
            vocabulary.HEADER_UNIT: indicator.unit,
        }
        if (ColumnRole.DIRECTION in has_role
                or indicator.direction is not Direction.HIGHER_IS_BETTER):
            row[vocabulary.HEADER_DIRECTION] = vocabulary.DIRECTION_LABELS[indicator.direction]
        row[vocabulary.HEADER_TOLERANCE] = indicator.tolerance
        row[vocabulary.HEADER_PARTLY] = indicator.partly
        for column in columns:
            if column.role is ColumnRole.OUTCOME and column.year:
                row[column.header] = indicator.outcome(column.year)
            elif column.role is ColumnRole.TARGET and column.year and column.year != year:
                row[column.header] = vocabulary.target_text(dataset, indicator, column.year)
        target_header = vocabulary.HEADER_TARGET.format(year=year)
        typed = vocabulary.target_text(dataset, indicator, year)
        if typed is not None:  # a target for the new year is already typed: it stays
            row[target_header] = typed
        else:
            start = vocabulary.target_text(dataset, indicator, old)
            row[target_header] = start
            if start is not None and old_target is not None:
                review[(index, target_header)] = theme.TARGET_REVIEW_NOTE.format(
                    source=old_target.header, year=year)
        for status_year, status in indicator.given_statuses.items():
            row[status_column(status_year).header] = vocabulary.STATUS_LABELS[status]
        if indicator.given_status is not None:
            row[status_column(old).header] = vocabulary.STATUS_LABELS[indicator.given_status]
        if indicator.given_trend is not None:
            row[previous_column(vocabulary.HEADER_TREND).header] = \
                vocabulary.TREND_LABELS[indicator.given_trend]
        if indicator.comment:
            row[previous_column(vocabulary.HEADER_COMMENT).header] = indicator.comment
        for column in extras:
            row[column.header] = indicator.row_values.get(column.header)
        rows.append(row)
    name = default_rollover_output(dataset.source or Path("indikatorer.xlsx"), old, year).name
    return InputSheet(year=year, columns=columns, rows=rows, review=review, file_hint=name,
                      goals=rollover_goals(dataset, year))


def rollover_goals(dataset: Dataset, year: int) -> GoalInputSheet:
    """Next year's goals' sheet: every goal of this year's (in its order, then the
    indicators' goals it lacked), its judgements and reasons of every year kept under the
    year's header, the new year's empty."""
    sheet = dataset.goal_sheet
    rows_read = sheet.rows if sheet is not None else ()
    years = sorted({y for row in rows_read for y in (*row.given, *row.motivation)
                    if y != year}, reverse=True)

    def header(role: ColumnRole, of: int) -> str:
        base = (vocabulary.HEADER_JUDGEMENT if role is ColumnRole.JUDGEMENT
                else vocabulary.HEADER_MOTIVATION)
        return vocabulary.PREVIOUS_HEADER.format(header=base, year=of)

    columns = goal_columns(year)
    for of in years:
        columns += [Column(header(ColumnRole.JUDGEMENT, of), ColumnRole.JUDGEMENT, of),
                    Column(header(ColumnRole.MOTIVATION, of), ColumnRole.MOTIVATION, of)]
    taken = {c.header.casefold() for c in columns}
    extras = [Column(c.header, c.role, c.year) for c in (sheet.columns if sheet else ())
              if c.role is ColumnRole.EXTRA and c.header.casefold() not in taken]
    columns += extras
    rows: list[dict[str, Any]] = []
    for row in rows_read:
        values: dict[str, Any] = {vocabulary.HEADER_GOAL: row.goal.text}
        for of in years:
            given = row.given_for(of)
            if given is not None:
                values[header(ColumnRole.JUDGEMENT, of)] = \
                    vocabulary.GOAL_JUDGEMENT_LABELS[given]
            values[header(ColumnRole.MOTIVATION, of)] = row.motivation_for(of)
        for column in extras:
            values[column.header] = row.row_values.get(column.header)
        rows.append(values)
    listed = {row.goal.key for row in rows_read}
    rows += [{vocabulary.HEADER_GOAL: goal.text} for goal in dataset.goals
             if goal.key not in listed]
    return GoalInputSheet(columns, rows)
