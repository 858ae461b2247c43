"""From raw rows to indicators: find the header, recognise columns, parse and check each row.

Row-level trouble does not stop reading: it becomes a Problem with the file, sheet, cell (or
line) and column, so that `validate` can list every problem at once. Only trouble that leaves
nothing to read (no header, required columns missing) raises.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Iterator
from typing import Any

from indexcel import rules, theme
from indexcel.errors import InputError, OptionError
from indexcel.model import (
    Column,
    Dataset,
    Direction,
    Goal,
    Indicator,
    Location,
    Measure,
    Problem,
    Severity,
    Status,
)
from indexcel.numbers import NotANumber, measure_from_cell
from indexcel.reader.rows import RawCell, RawRow

EXCEL_CELL_LIMIT = 32_767
HEADER_SEARCH_ROWS = 100
REQUIRED_ROLES = ("goal", "name", "board")
_OUTCOME = re.compile(theme.OUTCOME_PATTERN)
_TARGET = re.compile(theme.TARGET_PATTERN)


def normalise(text: Any) -> str:
    if text is None:
        return ""
    return " ".join(str(text).replace("\u00a0", " ").split()).casefold()


_ROLE_BY_HEADER = {
    normalise(alias): role for role, aliases in theme.HEADER_ALIASES.items() for alias in aliases
}


def _lookup(aliases: dict, text: str):
    key = normalise(text)
    for member, words in aliases.items():
        if key in words:
            return member
    return None


def recognise(header: Any) -> tuple[str, int | None]:
    """The role of a column from its header text: ('outcome', 2024), ('name', None), ..."""
    key = normalise(header)
    if match := _OUTCOME.match(key):
        return "outcome", int(match.group(1))
    if match := _TARGET.match(key):
        return "target", int(match.group(1))
    return _ROLE_BY_HEADER.get(key, "extra"), None


def looks_like_header(values: Iterable[Any]) -> bool:
    roles = {recognise(value)[0] for value in values if value not in (None, "")}
    return all(role in roles for role in REQUIRED_ROLES)


class TableReader:
    """Interprets the rows of one sheet or CSV file."""

    def __init__(self, file: str, sheet: str | None, rows: Iterator[RawRow]) -> None:
        self.file = file
        self.sheet = sheet
        self.rows = rows
        self.problems: list[Problem] = []
        self.error_count = 0
        self._goals: dict[str, Goal] = {}
        self._choices: dict[tuple, Any] = {}

    # -- locations and problems --------------------------------------------------------------
    def _location(self, row: int | None, column: str | None = None, cell: str | None = None):
        return Location(self.file, self.sheet, row, column, cell)

    def _problem(self, severity, location, message, hint="", kind=""):
        if isinstance(location, tuple):  # (row, column, cell), made into a Location lazily
            location = self._location(*location)
        if severity is Severity.ERROR:
            self.error_count += 1
        self.problems.append(Problem(severity, location, message, hint, kind))

    # -- the header ----------------------------------------------------------------------------
    def find_header(self) -> tuple[RawRow, list[Column], list[int | None]]:
        best: RawRow | None = None
        for seen, row in enumerate(self.rows, start=1):
            values = [cell.value for cell in row.cells]
            if looks_like_header(values):
                return row, *self._columns(row)
            if best is None and sum(1 for v in values if v not in (None, "")) >= 3:
                best = row
            if seen >= HEADER_SEARCH_ROWS:
                break
        where = f"{self.file}" + (f", sheet '{self.sheet}'" if self.sheet else "")
        if best is None:
            raise InputError(
                f"{where}: no header row found; the file holds no table.",
                "The first row of the table needs the headers Inriktningsmål, Nyckeltal, "
                "Organisation, Utfall <år> and Mål <år>. `indexcel template` writes a blank "
                "input sheet to start from.",
            )
        found = [str(c.value) for c in best.cells if c.value not in (None, "")]
        missing = [
            theme.HEADER_ALIASES[role][0]
            for role in REQUIRED_ROLES
            if role not in {recognise(v)[0] for v in found}
        ]
        raise InputError(
            f"{where}: no header row with the columns {', '.join(missing)} was found in the "
            f"first {HEADER_SEARCH_ROWS} rows (the nearest, row {best.number}, has: "
            f"{', '.join(found[:12])}).",
            "Name the columns as in the template: Inriktningsmål, Nyckeltal, Organisation, "
            "Utfall <år>, Mål <år>; other columns may stand beside them.",
        )

    def _columns(self, row: RawRow) -> tuple[list[Column], list[int | None]]:
        columns: list[Column] = []
        positions: list[int | None] = []
        seen: dict[str, str] = {}
        for index, cell in enumerate(row.cells):
            if cell.value in (None, "") or (isinstance(cell.value, str) and not cell.value.strip()):
                continue
            header = " ".join(str(cell.value).split())
            key = normalise(header)
            role, year = recognise(header)
            if key in seen:
                raise InputError(
                    f"{self._location(row.number, header, cell.coordinate)}: the column "
                    f"'{header}' appears twice in the header row.",
                    "Rename or remove one of them; every column needs its own header.",
                )
            if role not in ("extra", "outcome", "target") and role in {c.role for c in columns}:
                first = next(c.header for c in columns if c.role == role)
                raise InputError(
                    f"{self._location(row.number, header, cell.coordinate)}: '{header}' and "
                    f"'{first}' both look like the {role} column.",
                    "Keep one of them, or rename the other so it is carried along as is.",
                )
            seen[key] = header
            columns.append(Column(header, role, year))
            positions.append(index)
        return columns, positions

    # -- the whole table -----------------------------------------------------------------------
    def read(self, year: int | None = None, tolerance: float = 0.0) -> Dataset:
        header_row, columns, positions = self.find_header()
        report_year = self._report_year(header_row, columns, year)
        header_keys = [normalise(c.header) for c in columns]
        indicators: list[Indicator] = []
        current_goal: Goal | None = None
        for row in self.rows:
            if row.is_blank():
                continue
            cells = [row.cells[p] if p < len(row.cells) else RawCell(None) for p in positions]
            if (isinstance(cells[0].value, str) and normalise(cells[0].value) == header_keys[0]
                    and [normalise(c.value) for c in cells] == header_keys):
                continue  # a header repeated on every page of an export
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
        self._check_whole(indicators, report_year, tolerance)
        return Dataset(
            source=None,  # set by the caller, who knows the path
            sheet=self.sheet,
            columns=columns,
            indicators=indicators,
            report_year=report_year,
            problems=self.problems,
        )

    def _report_year(self, header: RawRow, columns: list[Column], year: int | None) -> int:
        outcome_years = {c.year for c in columns if c.role == "outcome"}
        target_years = {c.year for c in columns if c.role == "target"}
        where = self._location(header.number)
        if not outcome_years:
            raise InputError(
                f"{where}: there is no outcome column (a header such as 'Utfall 2024').",
                "Add one column 'Utfall <år>' for each year with outcomes.",
            )
        if year is not None:
            if year not in outcome_years:
                raise OptionError(
                    "--year",
                    f"{year} has no column 'Utfall {year}' in {self.file}; the outcome years "
                    f"are {', '.join(map(str, sorted(outcome_years)))}.",
                )
            if year not in target_years:
                self._problem(
                    Severity.WARNING, where,
                    f"there is no target column 'Mål {year}': every indicator is Ej bedömd.",
                    f"Add a column 'Mål {year}' with the targets.",
                )
            return year
        both = outcome_years & target_years
        if not both:
            raise InputError(
                f"{where}: no target column matches an outcome year (outcomes: "
                f"{', '.join(map(str, sorted(outcome_years)))}; targets: "
                f"{', '.join(map(str, sorted(target_years))) or 'none'}).",
                "Add 'Mål <år>' for the report year, for instance "
                f"'Mål {max(outcome_years)}', or choose the year with --year.",
            )
        return max(both)

    def _group_heading(self, row: RawRow) -> Goal | None:
        """A row like 'Inriktningsmål: 1.1. En ekonomi i balans' with nothing else in it."""
        filled = [c.value for c in row.cells if c.value not in (None, "")]
        if len(filled) != 1 or not isinstance(filled[0], str):
            return None
        text = filled[0].strip()
        if normalise(text).startswith(normalise(theme.GROUP_ROW_PREFIX)):
            return Goal.parse(text[len(theme.GROUP_ROW_PREFIX):])
        return None

    # -- one row -------------------------------------------------------------------------------
    def _indicator(self, row, columns, cells, current_goal) -> Indicator | None:
        errors_before = self.error_count
        values: dict[str, Any] = {}
        fields: dict[str, Any] = {}
        outcomes: dict[int, Measure | None] = {}
        targets: dict[int, Measure | None] = {}
        for column, cell in zip(columns, cells, strict=True):
            where = (row.number, column.header, cell.coordinate)
            if cell.formula_without_value and column.role in ("status", "trend"):
                # openpyxl reads a cached empty text as no value at all; an empty status or
                # trend is computed anyway, so nothing is lost either way.
                cell = RawCell(None)
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
            if isinstance(value, str) and len(value) > EXCEL_CELL_LIMIT:
                self._problem(
                    Severity.ERROR, where,
                    f"the text is {len(value):,} characters long; an Excel cell holds at most "
                    f"{EXCEL_CELL_LIMIT:,}.",
                    "Shorten it, or move the long text to a document and refer to it.",
                )
                value = None
            if column.role in ("outcome", "target"):
                measure = self._measure(cell, value, where)
                (outcomes if column.role == "outcome" else targets)[column.year] = measure
                values[column.header] = measure
            elif column.role == "extra":
                values[column.header] = value
            elif column.role == "comment":
                # Free text is kept exactly as typed; only keys (goal, name, board) and the
                # choice columns are normalised, because formulas match on them.
                text = value if isinstance(value, str) else _text(value)
                values[column.header] = text
                fields[column.role] = (text if text and text.strip() else "", where)
            else:
                text = _text(value)
                values[column.header] = text
                fields[column.role] = (text, where)
        filled = [v for v in values.values() if v is not None and v != ""]
        if not filled:
            return None
        goal_text, goal_where = fields.get("goal", (None, None))
        name, name_where = fields.get("name", (None, None))
        board, board_where = fields.get("board", (None, None))
        if not name and not board and len(filled) == 1 and isinstance(filled[0], str):
            self._problem(
                Severity.WARNING, self._location(row.number),
                f"row ignored: it holds only the text '{_shorten(filled[0])}'.",
                "If it is an indicator, fill in Nyckeltal and Organisation.",
            )
            return None
        if not goal_text and current_goal is not None:
            goal = current_goal
        elif goal_text:
            goal = self._goals.get(goal_text)
            if goal is None:
                goal = self._goals[goal_text] = Goal.parse(goal_text)
        else:
            goal = None
            self._required(goal_where, "Inriktningsmål", "the goal, such as '1.1. En ekonomi i "
                           "balans'")
        if not name:
            self._required(name_where, "Nyckeltal", "the indicator's name")
        if not board:
            self._required(board_where, "Organisation", "the board or office, such as "
                           "'Socialnämnd'")
        direction = self._choice(fields.get("direction"), theme.DIRECTION_ALIASES,
                                 theme.DIRECTION_LABELS) or Direction.HIGHER_IS_BETTER
        status = self._choice(fields.get("status"), theme.STATUS_ALIASES, theme.STATUS_LABELS)
        trend = self._choice(fields.get("trend"), theme.TREND_ALIASES, theme.TREND_LABELS)
        if self.error_count > errors_before:
            return None
        return Indicator(
            goal=goal,
            name=name,
            board=" ".join(board.split()),
            outcomes=outcomes,
            targets=targets,
            direction=direction,
            given_status=status,
            given_trend=trend,
            row_values=values,
            unit=fields.get("unit", (None,))[0] or None,
            comment=fields.get("comment", (None,))[0] or None,
            location=self._location(row.number),
        )

    def _required(self, where: tuple | None, header: str, what: str) -> None:
        self._problem(
            Severity.ERROR, where or self._location(None, header),
            f"{header} is empty.", f"Fill in {what}.",
        )

    def _measure(self, cell: RawCell, value: Any, where: Location) -> Measure | None:
        try:
            return measure_from_cell(value, cell.number_format)
        except NotANumber as exc:
            self._problem(
                Severity.ERROR, where, f"{exc}.",
                "Write a number such as 25,9 or 25,9 % or 421 442; leave the cell empty (or "
                "write -) when there is no value.",
            )
            return None

    def _choice(self, field: tuple[str, Location] | None, aliases: dict, labels: dict):
        if field is None or not field[0]:
            return None
        text, where = field
        key = (id(aliases), text)
        if key not in self._choices:  # the same few words on every row
            self._choices[key] = _lookup(aliases, text)
        member = self._choices[key]
        if member is None:
            allowed = " / ".join(labels.values())
            self._problem(Severity.ERROR, where, f"'{text}' is not one of: {allowed}.",
                          "Choose one of those words, or leave the cell empty.")
        return member

    # -- checks across rows --------------------------------------------------------------------
    def _check_whole(self, indicators: list[Indicator], year: int, tolerance: float) -> None:
        seen: dict[tuple, Indicator] = {}
        titles: dict[str, Goal] = {}
        boards: dict[str, str] = {}
        for indicator in indicators:
            where = indicator.location
            # Spreadsheets match text case-insensitively (COUNTIFS, sheet names): boards
            # that differ only in case are one board, under its first spelling.
            first_board = boards.setdefault(indicator.board.casefold(), indicator.board)
            if first_board != indicator.board:
                self._problem(
                    Severity.WARNING, where,
                    f"the board is written '{indicator.board}' here but '{first_board}' "
                    "above; they are taken as one board, named as above.",
                    "Write the board the same way on every row.",
                )
                indicator.board = first_board
            key = (indicator.goal.key, indicator.board.casefold(), indicator.name.casefold())
            if key in seen:
                self._problem(
                    Severity.WARNING, where,
                    f"'{_shorten(indicator.name)}' appears twice for {indicator.board} under "
                    f"{indicator.goal.text} (also {seen[key].location.place}).",
                    "Remove one of the rows if it is a copy; both are reported.",
                )
            else:
                seen[key] = indicator
            first = titles.setdefault(indicator.goal.key, indicator.goal)
            if first.text != indicator.goal.text:
                self._problem(
                    Severity.WARNING, where,
                    f"goal {indicator.goal.number} is written '{indicator.goal.text}' here but "
                    f"'{first.text}' above; the report uses the first spelling.",
                    "Write the goal the same way on every row.",
                )
                indicator.goal = first
            outcome, target = indicator.outcome(year), indicator.target(year)
            if target is not None and outcome is None:
                self._problem(
                    Severity.WARNING, where,
                    f"there is a target for {year} but no outcome: the indicator is Ej bedömd.",
                    f"Fill in Utfall {year} when the outcome is known.", kind="no-outcome",
                )
            if (
                outcome is not None and target is not None
                and outcome.percent != target.percent and outcome.value and target.value
            ):
                pct, plain = (outcome, target) if outcome.percent else (target, outcome)
                self._problem(
                    Severity.WARNING, where,
                    f"the {year} outcome and target mix a percentage ({pct.value:.4g} as a "
                    f"fraction) and a plain number ({plain.value:g}); the comparison may be "
                    "wrong.",
                    "Write both as percentages (75 %) or both as plain numbers.",
                )
            if indicator.given_status is not None:
                computed = rules.computed_status(indicator, year)
                if computed is not Status.NOT_ASSESSED and computed is not indicator.given_status:
                    self._problem(
                        Severity.WARNING, where,
                        f"Status says '{theme.STATUS_LABELS[indicator.given_status]}' but the "
                        f"numbers say '{theme.STATUS_LABELS[computed]}'; the given status is "
                        "used.",
                        "Check the status, or empty the cell to let it be computed.",
                    )
            if indicator.given_trend is not None:
                computed_trend = rules.computed_trend(indicator, year, tolerance)
                if computed_trend is not None and computed_trend is not indicator.given_trend:
                    self._problem(
                        Severity.WARNING, where,
                        f"Trend says '{theme.TREND_LABELS[indicator.given_trend]}' but the "
                        f"numbers say '{theme.TREND_LABELS[computed_trend]}'; the given trend "
                        "is used.",
                        "Check the trend, or empty the cell to let it be computed.",
                    )


def _text(value: Any) -> str:
    if value.__class__ is str:  # nearly always
        return value.strip() if "\n" in value else " ".join(value.split())
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    return " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
