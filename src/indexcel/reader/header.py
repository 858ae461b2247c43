"""The header row of an input table: where it is, what each column means, the report year."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

from indexcel import limits, vocabulary
from indexcel.errors import InputError, NoTableError, OptionError
from indexcel.model import Column, ColumnRole, Location, Severity
from indexcel.reader.rows import RawRow

E = TypeVar("E")
HEADER_SEARCH_ROWS = 100
REQUIRED_ROLES = (ColumnRole.GOAL, ColumnRole.NAME, ColumnRole.BOARD)
# How the headers of the yearly roles read (vocabulary.YEARLY_PATTERNS).
_YEARLY = [(role, re.compile(pattern)) for role, pattern in vocabulary.YEARLY_PATTERNS.items()]


def normalise(text: Any) -> str:
    if text is None:
        return ""
    text = str(text)
    if limits.has_unwritable(text):  # removed from every text read, with a warning
        text = limits.without_unwritable(text)
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


_ROLE_BY_HEADER = {
    normalise(alias): ColumnRole(role)
    for role, aliases in vocabulary.HEADER_ALIASES.items() for alias in aliases
}


def lookup(aliases: Mapping[E, tuple[str, ...]], text: str) -> E | None:
    """The member whose words (lowercase) include `text`, or None."""
    key = normalise(text)
    for member, words in aliases.items():
        if key in words:
            return member
    return None


def recognise(header: Any) -> tuple[ColumnRole, int | None]:
    """The role of a column from its header text: ('outcome', 2024), ('name', None), ..."""
    key = normalise(header)
    if key[-1:].isdigit():  # a yearly column ends in its year
        for role, pattern in _YEARLY:
            if match := pattern.match(key):
                return role, int(match.group(1))
    return _ROLE_BY_HEADER.get(key, ColumnRole.EXTRA), None


def looks_like_header(values: Iterable[Any]) -> bool:
    roles = {recognise(value)[0] for value in values if value not in (None, "")}
    return all(role in roles for role in REQUIRED_ROLES)


def find_header(rows: Iterator[RawRow], file: str, sheet: str | None,
                warn: Callable[..., None]) -> tuple[RawRow, list[Column], list[int]]:
    """The first of the first rows that names the required columns, its columns and their
    positions; raises InputError naming the nearest candidate when there is none."""
    best: RawRow | None = None
    for seen, row in enumerate(rows, start=1):
        values = [cell.value for cell in row.cells]
        if looks_like_header(values):
            return row, *_columns(row, file, sheet, warn)
        if best is None and sum(1 for v in values if v not in (None, "")) >= 3:
            best = row
        if seen >= HEADER_SEARCH_ROWS:
            break
    where = f"{file}" + (f", sheet '{sheet}'" if sheet else "")
    if best is None:
        raise NoTableError(
            f"{where}: no header row found; the file holds no table.",
            "The first row of the table needs the headers Inriktningsmål, Nyckeltal, "
            "Organisation, Utfall <år> and Mål <år>. `indexcel template` writes a blank "
            "input sheet to start from.",
        )
    found = [str(c.value) for c in best.cells if c.value not in (None, "")]
    missing = [
        vocabulary.HEADER_ALIASES[role][0]
        for role in REQUIRED_ROLES
        if role not in {recognise(v)[0] for v in found}
    ]
    raise NoTableError(
        f"{where}: no header row with the columns {', '.join(missing)} was found in the "
        f"first {HEADER_SEARCH_ROWS} rows (the nearest, row {best.number}, has: "
        f"{', '.join(found[:12])}).",
        "Name the columns as in the template: Inriktningsmål, Nyckeltal, Organisation, "
        "Utfall <år>, Mål <år>; other columns may stand beside them.",
    )

def _columns(row: RawRow, file: str, sheet: str | None, warn: Callable[..., None]
             ) -> tuple[list[Column], list[int]]:
    columns: list[Column] = []
    positions: list[int] = []
    seen: dict[Any, tuple[str, str]] = {}  # key or (role, year) -> (header, where it stands)
    for index, cell in row.items():
        if cell.value in (None, "") or (isinstance(cell.value, str) and not cell.value.strip()):
            continue
        # A CSV has no cell references: its header cells are named by their field number.
        place = cell.coordinate or f"field {index + 1}"
        at = Location(file, sheet, row.number, None, cell.coordinate)
        header = _header_text(str(cell.value), at, place, warn)
        where = at.with_column(header, cell.coordinate)
        key = normalise(header)
        role, year = recognise(header)
        if header.startswith("<r>") and header.endswith("</r>"):
            # Excel stores a table's column name and its header cell apart; no writer can
            # store this text in both without one being read as rich-text markup.
            raise InputError(
                f"{where}: the header '{header}' looks like Excel's rich-text markup, which a "
                "table's header cannot hold.",
                "Rename the column (a header may hold < and >, but not start with <r> and end "
                "with </r>).",
            )
        if role.yearly and year is not None and not (
                limits.MIN_YEAR <= year <= limits.MAX_YEAR):
            raise InputError(
                f"{where}: the header '{header}' names the year {year}, which is not a year "
                f"between {limits.MIN_YEAR} and {limits.MAX_YEAR}.",
                "Correct the year in the header (for instance 'Utfall 2024'), or rename the "
                "column (for instance 'Anteckning') so that it is carried along as is.",
            )
        if key in seen:
            raise InputError(
                f"{where}: the column '{header}' appears twice in the header row (also "
                f"{seen[key][1]}).",
                "Rename or remove one of them; every column needs its own header.",
            )
        if role.yearly and (role, year) in seen:
            first, first_place = seen[(role, year)]
            raise InputError(
                f"{where}: '{header}' and '{first}' ({first_place}) are both the "
                f"{role} column for {year}.",
                "Keep one of them, or rename the other (for instance "
                f"'{header} (prognos)') so that it is carried along as is.",
            )
        if role is not ColumnRole.EXTRA and not role.yearly and role in {c.role for c in columns}:
            first = next(c.header for c in columns if c.role == role)
            raise InputError(
                f"{where}: '{header}' and '{first}' both look like the {role} column.",
                "Keep one of them, or rename the other so it is carried along as is.",
            )
        seen[key] = seen[(role, year)] = (header, place)
        columns.append(Column(header, role, year))
        positions.append(index)
    _check_width(columns, Location(file, sheet, row.number))
    return columns, positions


def _header_text(text: str, at: Location, place: str, warn: Callable[..., None]) -> str:
    """The header as the report's table names its column, checked against Excel's limits."""
    where = str(at) if at.cell else f"{at}, {place}"
    if limits.has_unwritable(text):
        cleaned = limits.without_unwritable(text)
        if not cleaned.strip():
            raise InputError(
                f"{where}: the header holds only control characters, which an Excel file "
                "cannot carry.",
                "Give the column a name, or empty the header cell if the column is not used.",
            )
        warn(Severity.WARNING, at.with_column(" ".join(cleaned.split()), at.cell),
             f"{len(text) - len(cleaned)} control character(s) "
             "removed from the header; an Excel file cannot carry them.",
             "Remove them from the header cell.", kind="unwritable")
        text = cleaned
    header = " ".join(text.split())
    units = limits.utf16_units(header)
    if units > limits.MAX_TABLE_HEADER_UNITS:
        raise InputError(
            f"{where}: the header is {units:,} characters long; the report's table names its "
            f"columns after the headers, and Excel allows at most "
            f"{limits.MAX_TABLE_HEADER_UNITS} characters (an emoji counts as two).",
            "Shorten the header, and move a long description to a note or another document.",
        )
    return header


# Columns the report's table adds after the input's own when the input lacks them.
ADDED_ROLES = (ColumnRole.DIRECTION, ColumnRole.STATUS, ColumnRole.TREND)


def _check_width(columns: list[Column], where: Location) -> None:
    roles = {c.role for c in columns}
    added = [role for role in ADDED_ROLES if role not in roles]
    if len(columns) + len(added) > limits.MAX_COLUMNS:
        names = ", ".join(vocabulary.HEADER_ALIASES[role][0] for role in added)
        raise InputError(
            f"{where}: the input has {len(columns):,} columns"
            + (f", and the report's table adds {names}" if added else "")
            + f"; an Excel sheet holds {limits.MAX_COLUMNS:,}.",
            f"Remove at least {len(columns) + len(added) - limits.MAX_COLUMNS:,} of the columns "
            "the report does not need from the input.",
        )


def report_year(header: RawRow, columns: list[Column], year: int | None, file: str,
                sheet: str | None, warn: Callable[..., None],
                require_targets: bool = True) -> int:
    """The year asked for, or the latest outcome year with a target column. Without a target
    column for that year every ball would be white: an error, unless `require_targets` is
    False (--no-targets, or a command that only reads outcomes); then the latest outcome
    year is the report year."""
    outcome_years = {c.year for c in columns
                     if c.role is ColumnRole.OUTCOME and c.year is not None}
    target_years = {c.year for c in columns if c.role is ColumnRole.TARGET and c.year is not None}
    where = Location(file, sheet, header.number)
    if not outcome_years:
        raise InputError(
            f"{where}: there is no outcome column (a header such as 'Utfall 2024').",
            "Add one column 'Utfall <år>' for each year with outcomes.",
        )
    if year is not None:
        if year not in outcome_years:
            raise OptionError(
                "--year",
                f"{year} has no column 'Utfall {year}' in {file}; the outcome years "
                f"are {', '.join(map(str, sorted(outcome_years)))}.",
            )
        if year not in target_years and require_targets:
            raise InputError(
                f"{where}: there is no target column 'Mål {year}': every indicator of "
                f"{year} would be Ej bedömd (a white ball).",
                f"Add a column 'Mål {year}' with the targets, or pass --no-targets if a "
                "report without targets is meant.",
            )
        return year
    both = outcome_years & target_years
    if not both:
        if not require_targets:
            return max(outcome_years)
        raise InputError(
            f"{where}: no target column matches an outcome year (outcomes: "
            f"{', '.join(map(str, sorted(outcome_years)))}; targets: "
            f"{', '.join(map(str, sorted(target_years))) or 'none'}): every indicator would "
            "be Ej bedömd (a white ball).",
            "Add 'Mål <år>' for the report year, for instance "
            f"'Mål {max(outcome_years)}', choose the year with --year, or pass --no-targets "
            "if a report without targets is meant.",
        )
    return max(both)
