"""Where an indicator's direction is assumed rather than given, and what that may cost.

A row without Riktning is judged as Högre är bättre (README, "The input"). That is right for
most indicators and silently wrong for a cost, a debt or a waiting time: Matsvinn 57 kg
against a target of 48 would be met. Nothing here changes a judgement; it says where one was
made on an assumption:

- `direction_hints(dataset, status_as)`: one warning when the input has no Riktning column
  at all, and one per row without Riktning whose name or unit reads as lower is better (or,
  for a deviation with a target of 0, as near the target), with what the row would be judged
  under that direction. The words are in vocabulary.py. `rules.assess` adds these warnings to
  the Assessment's problems (judging's warnings, printed by `validate` and `build`), giving
  `status_as`, the rules' status of a row under a direction: the judging itself is the
  rules', and this module imports nothing of them.
- `assumed_directions(dataset)`: the rows judged on the assumed direction, for the guide's
  line that says so.
"""

from __future__ import annotations

from collections.abc import Callable

from indexcel import vocabulary
from indexcel.model import (
    Change,
    ColumnRole,
    Dataset,
    Direction,
    Indicator,
    Location,
    Measure,
    Problem,
    Severity,
    Status,
    shorten,
)

__all__ = ["StatusAs", "assumed_directions", "direction_hints"]

KIND_NO_COLUMN = "no-direction-column"
Suggestion = tuple[Direction, str, str] | None
# The status the numbers give an indicator in the report year, were its direction this one.
StatusAs = Callable[[Indicator, Direction], Status]


def _written(indicator: Indicator, header: str | None) -> bool:
    """Whether the row's Riktning cell holds a word (an unknown one is the reader's error)."""
    if header is None:
        return False
    value = indicator.row_values.get(header)
    return isinstance(value, str) and bool(value.strip())


def assumed_directions(dataset: Dataset) -> list[int]:
    """The indicators judged as Högre är bättre because their Riktning is not given: no
    Riktning column, or an empty cell. Rows whose target is Öka or Minska are not among them
    (the word decides their status), nor rows of a dataset made by a program that set
    another direction."""
    column = dataset.column(ColumnRole.DIRECTION)
    header = column.header if column is not None else None
    year = dataset.report_year
    higher = Direction.HIGHER_IS_BETTER
    return [index for index, indicator in enumerate(dataset.indicators)
            if indicator.direction is higher
            and indicator.targets.get(year).__class__ is not Change
            and not _written(indicator, header)]


def direction_hints(dataset: Dataset, status_as: StatusAs) -> list[Problem]:
    """Warnings for directions that were assumed: see the module's docstring."""
    if not dataset.indicators:
        return []
    column = dataset.column(ColumnRole.DIRECTION)
    assumed = assumed_directions(dataset)
    problems: list[Problem] = []
    if column is None:
        problems.append(_no_column(dataset, len(assumed)))
    read: dict[tuple[str, str | None, bool], Suggestion] = {}  # the same names on many rows
    for index in assumed:
        hint = _row_hint(dataset, dataset.indicators[index], column is not None, read,
                         status_as)
        if hint is not None:
            problems.append(hint)
    return problems


def _file(dataset: Dataset) -> str:
    first = dataset.indicators[0].location
    if first is not None:
        return first.file
    return dataset.source.name


def _no_column(dataset: Dataset, assumed: int) -> Problem:
    higher = vocabulary.DIRECTION_LABELS[Direction.HIGHER_IS_BETTER]
    total = len(dataset.indicators)
    if assumed == total:
        counted = (f"all {total} indicators are judged as {higher}" if total > 1
                   else f"its indicator is judged as {higher}")
    else:
        counted = (f"{assumed} of the {total} indicators are judged as {higher} (the other "
                   f"{total - assumed} have Öka or Minska as their target, which decides)")
    lower = vocabulary.DIRECTION_LABELS[Direction.LOWER_IS_BETTER]
    near = vocabulary.DIRECTION_LABELS[Direction.NEAR_TARGET]
    return Problem(
        Severity.WARNING, Location(_file(dataset), dataset.sheet),
        f"there is no {vocabulary.HEADER_DIRECTION} column: {counted}.",
        f"Add a column {vocabulary.HEADER_DIRECTION} and write {lower} where a lower value is "
        f"better (costs, debts, waiting times) and {near} where the closest to the target is "
        f"best (a budget deviation); an empty cell means {higher}. `indexcel template` has the "
        "column, with a drop-down list.",
        kind=KIND_NO_COLUMN)


def _number(measure: Measure | Change | None) -> float | None:
    return measure.value if isinstance(measure, Measure) else None


def _row_hint(dataset: Dataset, indicator: Indicator, has_column: bool,
              read: dict[tuple[str, str | None, bool], Suggestion], status_as: StatusAs
              ) -> Problem | None:
    year = dataset.report_year
    target = _number(indicator.targets.get(year))
    key = (indicator.name, indicator.unit, target == 0)
    if key not in read:
        read[key] = vocabulary.suggested_direction(indicator.name, indicator.unit, target)
    suggestion = read[key]
    if suggestion is None:
        return None
    direction, word, found_in = suggestion
    now = status_as(indicator, Direction.HIGHER_IS_BETTER)
    other = status_as(indicator, direction)
    labels = vocabulary.DIRECTION_LABELS
    higher, suggested = labels[Direction.HIGHER_IS_BETTER], labels[direction]
    status = vocabulary.STATUS_LABELS
    reads = ("lower is better" if direction is Direction.LOWER_IS_BETTER
             else "a deviation from a target of 0, best near it")
    if now is other:
        verdict = (f"as {higher} it is {status[now]}, as it would be with {suggested}"
                   if now is not Status.NOT_ASSESSED else
                   f"it is {status[now]} this year (no outcome or no target), but would be "
                   f"judged as {higher} once it has both")
    else:
        verdict = (f"as {higher} it is {status[now]}; it would be {status[other]} with "
                   f"{suggested}")
    header = vocabulary.HEADER_DIRECTION if has_column else _header_of(dataset, found_in)
    where = (indicator.location.with_column(header) if indicator.location is not None
             else Location(_file(dataset), dataset.sheet, None, header))
    source = "unit" if found_in == "unit" else "name"
    fix = (f"Write {suggested} in its {vocabulary.HEADER_DIRECTION} cell if that is meant, or "
           f"{higher} to confirm" if has_column else
           f"Add a column {vocabulary.HEADER_DIRECTION} and write {suggested} on this row if "
           f"that is meant, or {higher} to confirm")
    return Problem(
        Severity.WARNING, where,
        f"'{shorten(indicator.name)}' has no {vocabulary.HEADER_DIRECTION}, but its {source} "
        f"reads as {reads} ('{word}'): {verdict}.",
        f"{fix}; the judgement is not changed on a guess.")


def _header_of(dataset: Dataset, found_in: str) -> str:
    """The header of the column whose text the word was found in."""
    column = dataset.column(ColumnRole.UNIT if found_in == "unit" else ColumnRole.NAME)
    if column is not None:
        return column.header
    return vocabulary.HEADER_UNIT if found_in == "unit" else vocabulary.HEADER_NAME
