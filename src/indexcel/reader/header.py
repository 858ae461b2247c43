"""The header row of an input table: where it is, what each column means, the report year."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from indexcel import vocabulary
from indexcel.errors import InputError, OptionError
from indexcel.model import Column, Location, Severity
from indexcel.reader.rows import RawRow

HEADER_SEARCH_ROWS = 100
REQUIRED_ROLES = ("goal", "name", "board")
_OUTCOME = re.compile(vocabulary.OUTCOME_PATTERN)
_TARGET = re.compile(vocabulary.TARGET_PATTERN)
_SOURCE = re.compile(vocabulary.SOURCE_PATTERN)
# Roles a sheet may hold several columns of, one per year.
YEARLY_ROLES = ("outcome", "target", "source")


def normalise(text: Any) -> str:
    if text is None:
        return ""
    return " ".join(str(text).replace("\u00a0", " ").split()).casefold()


_ROLE_BY_HEADER = {
    normalise(alias): role
    for role, aliases in vocabulary.HEADER_ALIASES.items() for alias in aliases
}


def lookup(aliases: dict, text: str):
    """The member whose words (lowercase) include `text`, or None."""
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
    if match := _SOURCE.match(key):
        return "source", int(match.group(1))
    return _ROLE_BY_HEADER.get(key, "extra"), None


def looks_like_header(values: Iterable[Any]) -> bool:
    roles = {recognise(value)[0] for value in values if value not in (None, "")}
    return all(role in roles for role in REQUIRED_ROLES)


def find_header(rows: Iterator[RawRow], file: str, sheet: str | None
                ) -> tuple[RawRow, list[Column], list[int]]:
    """The first of the first rows that names the required columns, its columns and their
    positions; raises InputError naming the nearest candidate when there is none."""
    best: RawRow | None = None
    for seen, row in enumerate(rows, start=1):
        values = [cell.value for cell in row.cells]
        if looks_like_header(values):
            return row, *_columns(row, file, sheet)
        if best is None and sum(1 for v in values if v not in (None, "")) >= 3:
            best = row
        if seen >= HEADER_SEARCH_ROWS:
            break
    where = f"{file}" + (f", sheet '{sheet}'" if sheet else "")
    if best is None:
        raise InputError(
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
    raise InputError(
        f"{where}: no header row with the columns {', '.join(missing)} was found in the "
        f"first {HEADER_SEARCH_ROWS} rows (the nearest, row {best.number}, has: "
        f"{', '.join(found[:12])}).",
        "Name the columns as in the template: Inriktningsmål, Nyckeltal, Organisation, "
        "Utfall <år>, Mål <år>; other columns may stand beside them.",
    )

def _columns(row: RawRow, file: str, sheet: str | None) -> tuple[list[Column], list[int]]:
    columns: list[Column] = []
    positions: list[int] = []
    seen: dict[str, str] = {}
    for index, cell in enumerate(row.cells):
        if cell.value in (None, "") or (isinstance(cell.value, str) and not cell.value.strip()):
            continue
        header = " ".join(str(cell.value).split())
        key = normalise(header)
        role, year = recognise(header)
        if key in seen:
            raise InputError(
                f"{Location(file, sheet, row.number, header, cell.coordinate)}: the column "
                f"'{header}' appears twice in the header row.",
                "Rename or remove one of them; every column needs its own header.",
            )
        if role != "extra" and role not in YEARLY_ROLES and role in {c.role for c in columns}:
            first = next(c.header for c in columns if c.role == role)
            raise InputError(
                f"{Location(file, sheet, row.number, header, cell.coordinate)}: '{header}' and "
                f"'{first}' both look like the {role} column.",
                "Keep one of them, or rename the other so it is carried along as is.",
            )
        seen[key] = header
        columns.append(Column(header, role, year))
        positions.append(index)
    return columns, positions


def report_year(header: RawRow, columns: list[Column], year: int | None, file: str,
                sheet: str | None, warn: Callable[..., None]) -> int:
    """The year asked for, or the latest outcome year with a target column."""
    outcome_years = {c.year for c in columns if c.role == "outcome"}
    target_years = {c.year for c in columns if c.role == "target"}
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
        if year not in target_years:
            warn(
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
