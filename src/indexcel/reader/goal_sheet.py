"""The goals' sheet: `Inriktningsmål` in an input workbook, or the CSV of `--goals`.

One row per goal, with the columns `Inriktningsmål` (as in the indicator sheet), `Bedömning`
(Uppfyllt, Delvis uppfyllt, Ej uppfyllt or Ej bedömt, any case; empty: the rule decides) and
`Motivering` (the controller's reasons); `Bedömning 2024` and `Motivering 2024` are that
year's (as `rollover` names last year's), and any other column is carried along. The
report's own table of goals (`Alla inriktningsmål`) reads as such a sheet: a Bedömning that
is a formula is the rule's, computed again, not one given by hand; its columns of counts and
its Text are the report's, not input.

Trouble is reported as problems naming the cell, as for the indicator sheet; the goals are
matched to the indicators' goals afterwards (`check_goals`), by their number, else their text
without regard to case and spacing, as boards are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from indexcel import limits, theme, vocabulary
from indexcel.model import (
    Column,
    ColumnRole,
    Goal,
    GoalRow,
    GoalSheet,
    Location,
    Severity,
    Status,
    shorten,
)
from indexcel.reader.header import HEADER_SEARCH_ROWS, looks_like_header, lookup, normalise
from indexcel.reader.rows import RawRow, Report
from indexcel.reader.text import as_text, checked, cleaned

# A Motivering stands after the goal's sentence in the report's Text (one cell), which needs
# room for the counts and the judgement.
MAX_MOTIVATION_UNITS = limits.MAX_CELL_UNITS - 1_000
# The report's own columns in `Alla inriktningsmål`: computed there, not input.
REPORT_COLUMNS = frozenset(normalise(h) for h in (
    theme.LABEL_COUNT, theme.LABEL_ASSESSED, theme.LABEL_MET, theme.LABEL_PARTLY_MET,
    theme.LABEL_NOT_MET, theme.LABEL_NOT_ASSESSED, theme.LABEL_SHARE_MET, theme.LABEL_GOAL_TEXT))
_JUDGEMENT_YEAR = re.compile(vocabulary.JUDGEMENT_PATTERN)
_MOTIVATION_YEAR = re.compile(vocabulary.MOTIVATION_PATTERN)
_ROLE_BY_HEADER = {normalise(alias): role
                   for role, aliases in vocabulary.GOAL_SHEET_ALIASES.items() for alias in aliases}
_GOAL, _JUDGEMENT, _MOTIVATION, _EXTRA = (ColumnRole.GOAL, ColumnRole.JUDGEMENT,
                                          ColumnRole.MOTIVATION, ColumnRole.EXTRA)
GOAL_SHEET_NAMES = (normalise(theme.GOAL_INPUT_SHEET), normalise(theme.SHEET_GOALS))


def goal_sheet_name(names: Iterable[str], indicator_sheet: str | None) -> str | None:
    """The sheet of a workbook that holds the goals' judgements: `Inriktningsmål`, else the
    report's `Alla inriktningsmål` (names compared without regard to case and spacing); never
    the sheet the indicators were read from."""
    by_key = {normalise(name): name for name in names if name != indicator_sheet}
    return next((by_key[key] for key in GOAL_SHEET_NAMES if key in by_key), None)


def recognise(header: str) -> tuple[ColumnRole, int | None]:
    """(GOAL, JUDGEMENT, MOTIVATION or EXTRA, year) of a goals' sheet's header."""
    key = normalise(header)
    if match := _JUDGEMENT_YEAR.match(key):
        return _JUDGEMENT, int(match.group(1))
    if match := _MOTIVATION_YEAR.match(key):
        return _MOTIVATION, int(match.group(1))
    return _ROLE_BY_HEADER.get(key, _EXTRA), None


def looks_like_goal_header(values: Iterable[Any]) -> bool:
    """Whether a row names the goal column, and is not the indicator sheet's header."""
    values = [v for v in values if v not in (None, "")]
    return (any(recognise(str(v))[0] is _GOAL for v in values)
            and not looks_like_header(values))


class GoalSheetReader:
    """Reads the rows of one goals' sheet (or CSV) for the report year `year`."""

    def __init__(self, file: str, sheet: str | None, rows: Iterator[RawRow], year: int,
                 problem: Report) -> None:
        self.file, self.sheet, self.rows, self.year = file, sheet, rows, year
        self.problem = problem
        self.report_table = sheet is not None and normalise(sheet) == normalise(
            theme.SHEET_GOALS)
        self.ignored: set[int] = set()  # columns with a header that are not read

    def _where(self, row: int | None, header: str | None = None,
               cell: str | None = None) -> Location:
        return Location(self.file, self.sheet, row, header, cell)

    def read(self) -> GoalSheet | None:
        """The sheet's goals; None, with a warning, when it has no goal column (then it is
        some other sheet of that name, and not read)."""
        header = None
        for seen, row in enumerate(self.rows, start=1):
            values = [cell.value for cell in row.cells]
            if looks_like_header(values):
                self.problem(Severity.WARNING, self._where(row.number),
                             "this sheet holds indicators, not the goals' judgements; it is "
                             "not read as the goals' sheet.",
                             f"Keep the judgements in a sheet '{theme.GOAL_INPUT_SHEET}' with "
                             f"the columns {vocabulary.HEADER_GOAL}, "
                             f"{vocabulary.HEADER_JUDGEMENT} and "
                             f"{vocabulary.HEADER_MOTIVATION}.")
                return None
            if looks_like_goal_header(values):
                header = row
                break
            if seen >= HEADER_SEARCH_ROWS:
                break
        if header is None:
            self.problem(Severity.WARNING, self._where(None),
                         f"no header with a column '{vocabulary.HEADER_GOAL}' was found in the "
                         f"first {HEADER_SEARCH_ROWS} rows; the sheet is not read as the "
                         "goals' judgements.",
                         f"Give the sheet the columns {vocabulary.HEADER_GOAL}, "
                         f"{vocabulary.HEADER_JUDGEMENT} and {vocabulary.HEADER_MOTIVATION} "
                         "(`indexcel template` writes one), or rename it.")
            return None
        columns = self._columns(header)
        goal_rows: list[GoalRow] = []
        seen_goals: dict[str, int] = {}
        header_keys = [normalise(cell.value) for cell in header.cells]
        for row in self.rows:
            if row.is_blank() or [normalise(cell.value) for cell in row.cells] == header_keys:
                continue  # empty, or the header repeated on every page of an export
            goal_row = self._row(row, columns)
            if goal_row is None:
                continue
            first = seen_goals.setdefault(goal_row.goal.key, row.number)
            if first != row.number:
                self.problem(Severity.ERROR, goal_row.location or self._where(row.number),
                             f"the goal '{shorten(goal_row.goal.text)}' has a row of its own "
                             f"already ({'row' if self.sheet is not None else 'line'} {first}).",
                             "Keep one row per goal: merge the two and delete the other.")
                continue
            goal_rows.append(goal_row)
        return GoalSheet(self.file, self.sheet, tuple(columns.values()), tuple(goal_rows))

    def _columns(self, header: RawRow) -> dict[int, Column]:
        """{position: column} of the columns read."""
        columns: dict[int, Column] = {}
        seen: dict[tuple[ColumnRole, int | None], str] = {}
        for index, cell in header.items():
            if cell.value in (None, "") or not str(cell.value).strip():
                continue
            text = " ".join(limits.without_unwritable(str(cell.value)).split())
            role, year = recognise(text)
            if role in (_JUDGEMENT, _MOTIVATION) and year is None:
                year = self.year
            key = (role, year)
            where = self._where(header.number, text, cell.coordinate)
            if self.report_table and normalise(text) in REPORT_COLUMNS:
                self.ignored.add(index)
                continue  # the report's counts and sentence: computed, not input
            if role is not _EXTRA and key in seen:
                self.problem(Severity.ERROR, where,
                             f"'{text}' and '{seen[key]}' are both the {role} column"
                             + (f" for {year}" if role is not _GOAL else "") + "; this one is "
                             "not read.", "Keep one of them, or rename the other.")
                self.ignored.add(index)
                continue
            seen[key] = text
            columns[index] = Column(text, role, year)
        return columns

    def _row(self, row: RawRow, columns: dict[int, Column]) -> GoalRow | None:
        cells = dict(row.items())
        for index, cell in cells.items():
            if index not in columns and index not in self.ignored and \
                    cell.value not in (None, "") and str(cell.value).strip():
                field = "" if cell.coordinate else f" (field {index + 1})"
                self.problem(Severity.WARNING, self._where(row.number, None, cell.coordinate),
                             f"the value '{shorten(as_text(cell.value), 40)}'{field} stands in "
                             "a column without a header; it is not read.",
                             "Give the column a header, or, in a CSV, put a text that holds "
                             "the separator in quotes.", kind="headerless")
                break
        values: dict[str, Any] = {}
        goal: Goal | None = None
        goal_where: Location | None = None
        given: dict[int, Status] = {}
        motivation: dict[int, str] = {}
        judgement_cells: dict[int, Location] = {}
        filled = False
        for index, column in columns.items():
            header, role, year = column.header, column.role, column.year
            found = cells.get(index)
            if found is None:
                continue
            cell = found
            where = self._where(row.number, header, cell.coordinate)
            if cell.formula_without_value:
                self.problem(Severity.ERROR, where,
                             "the cell holds a formula but the file has no computed value for "
                             "it (it was saved by a program that does not calculate).",
                             "Open the file in Excel or LibreOffice and save it, or type the "
                             "value.")
                continue
            value = cell.value
            if isinstance(value, str):
                value = cleaned(value, where, self.problem)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if role is _JUDGEMENT and cell.formula:
                continue  # the rule's judgement, as in the report's table: computed again
            filled = True
            value = checked(value, where, self.problem)
            if value is None:
                continue
            values[header] = value
            if role is _GOAL:
                goal, goal_where = Goal.parse(as_text(value)), where
            elif role is _JUDGEMENT:
                assert year is not None  # set for every judgement column
                word = lookup(vocabulary.GOAL_JUDGEMENT_ALIASES, as_text(value))
                if word is None:
                    allowed = " / ".join(vocabulary.GOAL_JUDGEMENT_LABELS.values())
                    self.problem(Severity.ERROR, where,
                                 f"'{shorten(as_text(value))}' is not one of: {allowed}.",
                                 "Choose one of those words, or leave the cell empty to let "
                                 "the rule decide.")
                    continue
                given[year] = word
                judgement_cells[year] = where
            elif role is _MOTIVATION:
                assert year is not None
                text = value if isinstance(value, str) else as_text(value)
                if limits.utf16_units(text) > MAX_MOTIVATION_UNITS:
                    self.problem(Severity.ERROR, where,
                                 f"the Motivering is {limits.utf16_units(text):,} characters "
                                 f"long; the report writes it after the goal's sentence in one "
                                 f"cell, so it may be at most {MAX_MOTIVATION_UNITS:,}.",
                                 "Shorten it, or move the long text to a document and refer "
                                 "to it.")
                    continue
                motivation[year] = text.strip()
        if goal is None:
            if filled:
                self.problem(Severity.ERROR, self._where(row.number, vocabulary.HEADER_GOAL),
                             f"{vocabulary.HEADER_GOAL} is empty, but the row holds a "
                             "judgement or other values.",
                             "Fill in the goal the row is about, such as '1.1. En ekonomi i "
                             "balans', or delete the row.")
            return None
        return GoalRow(goal, given, motivation, values, goal_where, judgement_cells)


def check_goals(sheet: GoalSheet, goals: Iterable[Goal], indicator_sheet: str | None,
                problem: Report) -> None:
    """Warn about each goal of `sheet` that no indicator has, and about a goal written
    differently from the indicators' (same number, another title)."""
    known = {goal.key: goal for goal in goals}
    where_indicators = f"sheet '{indicator_sheet}'" if indicator_sheet else "the indicators"
    for row in sheet.rows:
        where = row.location or Location(sheet.file, sheet.sheet)
        goal = known.get(row.goal.key)
        if goal is None:
            problem(Severity.WARNING, where,
                    f"the goal '{shorten(row.goal.text)}' has no indicators in "
                    f"{where_indicators}; it is not judged.",
                    "Check its number and spelling against the indicators' Inriktningsmål, "
                    "or delete the row.")
        elif normalise(goal.title) != normalise(row.goal.title):
            problem(Severity.WARNING, where,
                    f"goal {goal.number} is written '{shorten(row.goal.text)}' here but "
                    f"'{shorten(goal.text)}' in {where_indicators}; they are taken as one "
                    "goal.", "Write the goal the same way in both sheets.")
