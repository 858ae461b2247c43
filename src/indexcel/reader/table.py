"""From raw rows to indicators: find the header (header.py), parse and check each row, then
check across rows (checks.py).

Row-level trouble does not stop reading: it becomes a Problem with the file, sheet, cell (or
line) and column, so that `validate` can list every problem at once. Only trouble that leaves
nothing to read (no header, required columns missing) raises.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from indexcel import limits, vocabulary
from indexcel.model import (
    Change,
    Column,
    ColumnRole,
    Comparisons,
    Dataset,
    Direction,
    Goal,
    Indicator,
    Location,
    Measure,
    Problem,
    Severity,
    shorten,
)
from indexcel.numbers import NotANumber, measure_from_cell, rank_from_cell
from indexcel.reader.checks import Fields, check_across_rows, check_limit, check_row_rules
from indexcel.reader.header import find_header, lookup, normalise, report_year
from indexcel.reader.rows import EMPTY, RawCell, RawRow, Where
from indexcel.reader.text import SHORT_TEXT, as_text, checked, cleaned

# ColumnRole's members bound once: looking a member up on its class costs some 0.13 µs in
# Python 3.11, and these are the innermost loops.
_OUTCOME = ColumnRole.OUTCOME
_TARGET = ColumnRole.TARGET
_TOLERANCE = ColumnRole.TOLERANCE
_PARTLY = ColumnRole.PARTLY
_NAME = ColumnRole.NAME
_STATUS = ColumnRole.STATUS
_TREND = ColumnRole.TREND
_BOARD = ColumnRole.BOARD
_UNIT = ColumnRole.UNIT
_COMMENT = ColumnRole.COMMENT
_EXTRA = ColumnRole.EXTRA
_GOAL = ColumnRole.GOAL
_DIRECTION = ColumnRole.DIRECTION
_VERSUS_COUNTRY = ColumnRole.VERSUS_COUNTRY

E = TypeVar("E")  # a member of one of vocabulary's enums (Direction, Status, Trend, Change)

_COMPARISONS = frozenset(vocabulary.COMPARISON_ROLES)
# Rows a tab of the report needs besides one per indicator (titles, headers, goal headings,
# the chart): a generous bound, so that whatever `build` refuses, `validate` refuses too.
ROWS_BESIDE_INDICATORS = 400
_MEASURED_BY_YEAR = (ColumnRole.OUTCOME, ColumnRole.TARGET)  # parsed as numbers, by year


def board_key(board: str) -> str:
    """What two spellings of one board share: case and Unicode normalisation (NFC) aside."""
    return unicodedata.normalize("NFC", board).casefold()


class TableReader:
    """Interprets the rows of one sheet or CSV file."""

    def __init__(self, file: str, sheet: str | None, rows: Iterator[RawRow],
                 unwritable_possible: bool = True) -> None:
        """`unwritable_possible`: False when the caller knows that no text holds a character
        XML cannot carry (a CSV whose whole text was searched once)."""
        self.file = file
        self.sheet = sheet
        self.rows = rows
        self._unwritable_possible = unwritable_possible
        self.problems: list[Problem] = []
        self.error_count = 0
        self._goals: dict[str, Goal] = {}  # by the text of its cell
        # The first spelling of each board (by casefold) and goal (by number), which every
        # later row is given: see _one_spelling.
        self._board_spellings: dict[str, str] = {}
        self._goal_spellings: dict[str, Goal] = {}
        self._choices: dict[tuple[int, str], Any] = {}
        self.year = 0  # the report year, once the header is read
        self.has_previous = False  # whether the year before has an outcome column

    # -- locations and problems --------------------------------------------------------------
    def _location(self, row: int | None, column: str | None = None,
                  cell: str | None = None) -> Location:
        return Location(self.file, self.sheet, row, column, cell)

    def _problem(self, severity: Severity, location: Where, message: str, hint: str = "",
                 kind: str = "") -> None:
        if isinstance(location, tuple):  # (row, column, cell), made into a Location lazily
            location = self._location(*location)
        if severity is Severity.ERROR:
            self.error_count += 1
        self.problems.append(Problem(severity, location, message, hint, kind))

    # -- the whole table -----------------------------------------------------------------------
    def read(self, source: Path, year: int | None = None,
             require_targets: bool = True) -> Dataset:
        """The dataset of the table; `source` is the file it came from (see Dataset).
        `require_targets`: whether a report year without a target column (every ball white)
        is an error (header.report_year)."""
        header_row, columns, positions = find_header(self.rows, self.file, self.sheet,
                                                        self._problem)
        year_ = report_year(header_row, columns, year, self.file, self.sheet,
                            self._problem, require_targets)
        self.year = year_
        self.has_previous = any(c.role is ColumnRole.OUTCOME and c.year == year_ - 1
                                for c in columns)
        header_keys = [normalise(c.header) for c in columns]
        indicators: list[Indicator] = []
        current_goal: Goal | None = None
        read = set(positions)
        no_gaps = positions == list(range(len(positions)))
        for row in self.rows:
            if row.is_blank():
                continue
            cells = row.at(positions)
            if (isinstance(cells[0].value, str) and normalise(cells[0].value) == header_keys[0]
                    and [normalise(c.value) for c in cells] == header_keys):
                continue  # a header repeated on every page of an export
            if not (no_gaps and row.columns is None and len(row.cells) <= len(positions)):
                self._unread(row, read)
            group = self._group_heading(row)
            if group is not None:
                current_goal = group
                continue
            indicator = self._indicator(row, columns, cells, current_goal)
            if indicator is not None:
                indicators.append(indicator)
        if not indicators and not self.error_count:
            self._problem(
                Severity.ERROR,
                self._location(header_row.number),
                "the table has a header but no indicators under it.",
                "Fill in one row per indicator below the header.",
            )
        target = next((c for c in columns if c.role is _TARGET and c.year == year_), None)
        if require_targets and target is not None and indicators and all(
                i.targets.get(year_) is None for i in indicators):
            self._problem(
                Severity.WARNING, self._location(header_row.number, target.header),
                f"the column '{target.header}' holds no target: every indicator of {year_} "
                "is Ej bedömd (a white ball).",
                "Fill in the targets, or pass --no-targets if a report without targets is "
                "meant.")
        if len(indicators) + len(self._goals) + ROWS_BESIDE_INDICATORS > limits.MAX_ROWS:
            self._problem(
                Severity.ERROR, self._location(header_row.number),
                f"{len(indicators):,} indicators do not fit in one Excel sheet "
                f"({limits.MAX_ROWS:,} rows, with the report's headings).",
                "Split the input, for instance by board, and build one report per part.",
            )
        check_across_rows(indicators, year_, self._problem)
        return Dataset(source=source, sheet=self.sheet, columns=tuple(columns),
                       indicators=tuple(indicators), report_year=year_,
                       problems=tuple(self.problems))

    def _unread(self, row: RawRow, read: set[int]) -> None:
        """Warn about a value in a column without a header, which is not read (once a row)."""
        for index, cell in row.items():
            if index in read or cell.value is None or cell.value == "" or (
                    isinstance(cell.value, str) and not cell.value.strip()):
                continue
            where = self._location(row.number, None, cell.coordinate)
            field = "" if cell.coordinate else f" (field {index + 1})"
            self._problem(
                Severity.WARNING, where,
                f"the value '{shorten(as_text(cell.value), 40)}'{field} stands in a column "
                "without a header; it is not read.",
                "Give the column a header to carry it into the report, or delete the value.",
                kind="headerless")
            return

    def _group_heading(self, row: RawRow) -> Goal | None:
        """A row like 'Inriktningsmål: 1.1. En ekonomi i balans' with nothing else in it."""
        filled = [c for c in row.cells if c.value not in (None, "")]
        if len(filled) != 1 or not isinstance(filled[0].value, str):
            return None
        text = filled[0].value
        if not normalise(text).startswith(normalise(vocabulary.GROUP_ROW_PREFIX)):
            return None
        where = self._location(row.number, None, filled[0].coordinate)
        text = cleaned(text, where, self._problem).strip()
        title = text[len(vocabulary.GROUP_ROW_PREFIX):]
        # Too long a title is an error; the rows below still belong to this goal.
        checked(title, where, self._problem, goal=True)
        return Goal.parse(title)

    # -- one row -------------------------------------------------------------------------------
    def _indicator(self, row: RawRow, columns: list[Column], cells: list[RawCell],
                   current_goal: Goal | None) -> Indicator | None:
        errors_before = self.error_count
        values: dict[str, Any] = {}
        fields: Fields = {}
        outcomes: dict[int, Measure | None] = {}
        targets: dict[int, Measure | Change | None] = {}
        limits_: dict[str, Measure | None] = {}  # Tolerans and Delvis
        compared: dict[int, dict[str, Any]] = {}  # Riket, Placering, ... by year
        refused: set[str] = set()
        for column, cell in zip(columns, cells, strict=True):
            where: Where = (row.number, column.header, cell.coordinate)
            if cell.formula and column.role in (_STATUS, _TREND, _VERSUS_COUNTRY):
                # A status or trend computed by a formula (as in the report's own table) is
                # computed again here, not taken as given by hand (and Jämfört med riket is
                # always computed).
                cell = EMPTY
            if cell.formula_without_value:
                self._problem(
                    Severity.ERROR, where,
                    "the cell holds a formula but the file has no computed value for it "
                    "(it was saved by a program that does not calculate).",
                    "Open the file in Excel or LibreOffice and save it, or type the value.",
                )
                values[column.header] = None
                continue
            value = cell.value
            cls = value.__class__
            # The innermost loop of a large input: a short text without odd characters (nearly
            # every cell) is not looked at again; numbers of outcome and target columns are
            # checked where they are parsed.
            if (cls is str and (len(value) > SHORT_TEXT or (
                    self._unwritable_possible and limits.has_unwritable(value)))) or (
                    (cls is int or cls is float) and column.role not in _MEASURED_BY_YEAR):
                value = checked(value, where, self._problem, column.role is _GOAL)
                if value is None:  # refused, with an error: not also "empty"
                    refused.add(column.role)
            if column.role is _TARGET and (change := self._change(value)) is not None:
                assert column.year is not None  # a yearly role's column has its year
                targets[column.year] = change
                values[column.header] = value.strip()  # as typed: "Ökning" stays "Ökning"
            elif column.role in (_OUTCOME, _TARGET):
                measure = self._measure(cell, value, where, column.role is _TARGET)
                assert column.year is not None
                (outcomes if column.role is _OUTCOME else targets)[column.year] = measure
                values[column.header] = measure
            elif column.role in (_TOLERANCE, _PARTLY):
                measure = self._measure(cell, value, where)
                check_limit(measure, where, column.header, self._problem)
                limits_[column.role] = measure
                values[column.header] = measure
                fields[column.role] = (measure, where)
            elif column.role in _COMPARISONS:
                found = self._compared(column.role, cell, value, where)
                if found is not None and column.year is not None:
                    compared.setdefault(column.year, {})[column.role.value] = found
                values[column.header] = found
            elif column.role is _EXTRA:
                values[column.header] = value
            elif column.role is _COMMENT:
                # Free text is kept exactly as typed; only keys (goal, name, board) and the
                # choice columns are normalised, because formulas match on them.
                text = value if isinstance(value, str) else as_text(value)
                values[column.header] = text
                fields[column.role] = (text if text and text.strip() else "", where)
            else:
                text = as_text(value)
                values[column.header] = text
                fields[column.role] = (text, where)
        filled = [v for v in values.values() if v is not None and v != ""]
        if not filled:
            return None
        goal_text, goal_where = fields.get(_GOAL, (None, None))
        name, name_where = fields.get(_NAME, (None, None))
        board, board_where = fields.get(_BOARD, (None, None))
        if not name and not board and len(filled) == 1 and isinstance(filled[0], str):
            self._problem(
                Severity.WARNING, self._location(row.number),
                f"row ignored: it holds only the text '{shorten(filled[0])}'.",
                "If it is an indicator, fill in Nyckeltal and Organisation.",
            )
            return None
        goal: Goal | None
        if not goal_text and current_goal is not None:
            goal = current_goal
        elif goal_text:
            goal = self._goals.get(goal_text)
            if goal is None:
                goal = self._goals[goal_text] = Goal.parse(goal_text)
        else:
            goal = None
            if _GOAL not in refused:
                self._required(goal_where, "Inriktningsmål", "the goal, such as '1.1. En "
                               "ekonomi i balans'")
        if not name and _NAME not in refused:
            self._required(name_where, "Nyckeltal", "the indicator's name")
        if not board and _BOARD not in refused:
            self._required(board_where, "Organisation", "the board or office, such as "
                           "'Socialnämnd'")
        direction = self._choice(fields.get(_DIRECTION), vocabulary.DIRECTION_ALIASES,
                                 vocabulary.DIRECTION_LABELS, vocabulary.direction_words)
        if direction is None:  # not given: Minska says lower is better, as the arrows should
            direction = (Direction.LOWER_IS_BETTER if targets.get(self.year) is Change.DECREASE
                         else Direction.HIGHER_IS_BETTER)
        status = self._choice(fields.get(_STATUS), vocabulary.STATUS_ALIASES,
                              vocabulary.STATUS_LABELS)
        trend = self._choice(fields.get(_TREND), vocabulary.TREND_ALIASES,
                             vocabulary.TREND_LABELS)
        if self.error_count > errors_before:
            return None
        assert goal is not None and name and board  # else an error was reported above
        where = self._location(row.number)
        board, goal = self._one_spelling(" ".join(board.split()), goal, where)
        indicator = Indicator(
            goal=goal,
            name=name,
            board=board,
            outcomes=outcomes,
            targets=targets,
            direction=direction,
            tolerance=limits_.get(_TOLERANCE),
            partly=limits_.get(_PARTLY),
            given_status=status,
            given_trend=trend,
            row_values=values,
            unit=fields.get(_UNIT, (None,))[0] or None,
            comment=fields.get(_COMMENT, (None,))[0] or None,
            location=where,
            comparisons={year: Comparisons(**found) for year, found in compared.items()},
        )
        check_row_rules(indicator, fields, self.year, self.has_previous, self._problem)
        return indicator

    def _one_spelling(self, board: str, goal: Goal, where: Location) -> tuple[str, Goal]:
        """The board and goal as first written: spreadsheets match text case-insensitively
        (COUNTIFS, sheet names), so boards that differ only in case are one board, and so are
        boards that differ only in how a letter is typed (ö as one character, or as o and a
        diaeresis: they look the same, and macOS takes them for one file name); a goal's
        number names it, so a second spelling of its title is the first one. Each change is
        a warning naming the row."""
        first_board = self._board_spellings.setdefault(board_key(board), board)
        if first_board != board:
            typed = (" (the same letters, typed as different characters, as when copied "
                     "from another program)" if first_board.casefold() != board.casefold()
                     else "")
            self._problem(
                Severity.WARNING, where,
                f"the board is written '{board}' here but '{first_board}' above{typed}; they "
                "are taken as one board, named as above.",
                "Write the board the same way on every row.",
            )
        first_goal = self._goal_spellings.setdefault(goal.key, goal)
        if first_goal.text != goal.text:
            self._problem(
                Severity.WARNING, where,
                f"goal {goal.number} is written '{goal.text}' here but '{first_goal.text}' "
                "above; the report uses the first spelling.",
                "Write the goal the same way on every row.",
            )
        return first_board, first_goal

    def _required(self, where: Where | None, header: str, what: str) -> None:
        self._problem(
            Severity.ERROR, where or self._location(None, header),
            f"{header} is empty.", f"Fill in {what}.",
        )

    def _measure(self, cell: RawCell, value: Any, where: Where,
                 target: bool = False) -> Measure | None:
        try:
            return measure_from_cell(value, cell.number_format)
        except NotANumber as exc:
            self._problem(
                Severity.ERROR, where, f"{exc}.",
                "Write a number such as 25,9 or 25,9 % or 421 442"
                + (", or Öka or Minska for a target that is a direction" if target else "")
                + "; leave the cell empty (or write -) when there is no value.",
            )
            return None

    def _compared(self, role: ColumnRole, cell: RawCell, value: Any, where: Where) -> Any:
        """A comparison's value: a number as the outcomes are (Riket, Liknande kommuner,
        Kvinnor, Män), a place (Placering: 12 or 12 av 290) or a quartile (Kvartil)."""
        if role is ColumnRole.QUARTILE:
            if value is None or (isinstance(value, str) and not value.strip()):
                return None
            key = as_text(value)
            if isinstance(value, float) and value.is_integer():
                key = str(int(value))
            quartile = self._lookup(vocabulary.QUARTILE_ALIASES, key)
            if quartile is None:
                self._problem(Severity.ERROR, where, f"'{shorten(key, 40)}' is not a quartile.",
                              "Write 1, 2, 3 or 4, or " + ", ".join(
                                  vocabulary.QUARTILE_LABELS.values())
                              + "; leave the cell empty when there is none.")
            return quartile
        if role is ColumnRole.RANK:
            try:
                return rank_from_cell(value)
            except NotANumber as exc:
                self._problem(Severity.ERROR, where, f"{exc}.",
                              "Write the place, 1 for the best, and how many were ranked: "
                              "12 av 290 (or just 12); leave the cell empty when there is "
                              "none.")
                return None
        return self._measure(cell, value, where)

    def _change(self, value: Any) -> Change | None:
        """Öka or Minska (or Ökning, Minskning) in a target cell, else None."""
        if value.__class__ is not str or not value.lstrip()[:1].isalpha():
            return None  # a number, or empty: no word (the common case, checked cheaply)
        if max(map(ord, value)) > 0xFF:
            return None  # the words are Latin-1; Excel would not match a look-alike (K: U+212A)
        return self._lookup(vocabulary.CHANGE_ALIASES, value)

    def _lookup(self, aliases: Mapping[E, tuple[str, ...]], text: str) -> E | None:
        key = (id(aliases), text)
        if key not in self._choices:  # the same few words on every row
            self._choices[key] = lookup(aliases, text)
        found: E | None = self._choices[key]
        return found

    def _choice(self, field: tuple[str, Where] | None, aliases: Mapping[E, tuple[str, ...]],
                labels: Mapping[E, str], words: Callable[[], str] | None = None) -> E | None:
        """The member a cell's word names; an error listing `words()` (default: the labels)
        when it names none."""
        if field is None or not field[0]:
            return None
        text, where = field
        member = self._lookup(aliases, text)
        if member is None:
            allowed = words() if words is not None else " / ".join(labels.values())
            self._problem(Severity.ERROR, where, f"'{text}' is not one of: {allowed}.",
                          "Choose one of those words, or leave the cell empty.")
        return member

