"""Reading indicator data from an .xlsx input sheet or a CSV export.

    dataset = read_dataset(Path("input/indikatorer-2024.xlsx"))
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Callable
from pathlib import Path

from indexcel import limits
from indexcel.errors import InputError, NoTableError, NotASpreadsheetError, OptionError
from indexcel.gcpause import paused_gc
from indexcel.model import Dataset, GoalSheet, Location, Problem, Severity
from indexcel.reader import csv_file, safety, xlsx
from indexcel.reader.goal_sheet import (
    GoalSheetReader,
    check_goals,
    goal_sheet_name,
    looks_like_goal_header,
)
from indexcel.reader.header import looks_like_header
from indexcel.reader.rows import Where
from indexcel.reader.table import TableReader

__all__ = ["read_dataset"]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")


def read_dataset(
    path: str | Path,
    *,
    sheet: str | None = None,
    year: int | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    require_targets: bool = True,
    goals: str | Path | None = None,
) -> Dataset:
    """Read and check an input file. Row problems are in `dataset.problems`; trouble that
    leaves nothing to read raises an InputError subclass. The statuses and trends are the
    rules' (`indexcel.assess`): the reader does not judge.

    `require_targets`: a report year without a target column ('Mål 2024'), where every ball
    would be white, is an error; False (`--no-targets`, or reading only the outcomes, as
    `fill`, `kolada` and `rollover` do) takes the latest outcome year then.

    The goals' judgements given by hand (`dataset.goal_sheet`) are read from the workbook's
    sheet `Inriktningsmål`, or from `goals`: a CSV (or a workbook) of the same columns, for
    a CSV input or instead of the workbook's sheet."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file.", "Check the path and the file name.")
    if path.is_dir():
        raise InputError(f"{path}: this is a folder, not a file.", "Name the input file.")
    if path.stat().st_size == 0:
        raise NotASpreadsheetError(
            f"{path.name}: the file is empty.",
            "Save the input sheet again, or export the indicators again.",
        )
    kind = safety.sniff(path)
    if kind == "ole2":
        raise NotASpreadsheetError(
            f"{path.name}: this is an old Excel 97-2003 (.xls) file or another old Office file.",
            "Open it in Excel and save it as 'Excel-arbetsbok (*.xlsx)'.",
        )
    if kind == "xlsx":
        if delimiter or encoding:
            raise OptionError(
                "--delimiter" if delimiter else "--encoding",
                f"{path.name} is an .xlsx workbook; --delimiter and --encoding apply to CSV only.",
            )
    else:
        if path.suffix.lower() in WORKBOOK_SUFFIXES:
            raise NotASpreadsheetError(
                f"{path.name}: the name says .xlsx but the file is not an Excel workbook "
                "(perhaps a CSV or text file that was renamed).",
                "Give it the extension it really has (.csv), or save it from Excel as .xlsx.",
            )
        if sheet is not None:
            raise OptionError("--sheet", f"{path.name} is a CSV file; it has no sheets.")
    with paused_gc():  # see gcpause.py
        if kind == "xlsx":
            dataset = _read_workbook(path, sheet, year, require_targets, goals is None)
        else:
            dataset = _read_csv(path, year, encoding, delimiter, require_targets)
        if goals is not None:
            dataset = _with_goals(dataset, Path(goals), encoding, delimiter)
    if kind == "xlsx" and path.suffix.lower() not in WORKBOOK_SUFFIXES:
        misnamed = Problem(
            Severity.WARNING, Location(path.name),
            f"the name ends in '{path.suffix}', but the file is an Excel workbook (.xlsx); it "
            "was read as one.", "Rename it to end in .xlsx.")
        dataset = dataclasses.replace(dataset, problems=(misnamed, *dataset.problems))
    return dataset


def _read_workbook(path: Path, sheet: str | None, year: int | None,
                   require_targets: bool, with_goals: bool = True) -> Dataset:
    safety.check_zip_package(path)
    # openpyxl warns about what it skips while parsing (extensions, print settings, a date it
    # cannot convert, which xlsx.py reports itself): none of it is for the user.
    with warnings.catch_warnings(), xlsx.XlsxSource(path) as source:
        warnings.simplefilter("ignore")
        names = source.sheet_names
        if sheet is not None:
            if sheet not in names:
                raise OptionError(
                    "--sheet",
                    f"{path.name} has no sheet '{sheet}'; its sheets are: "
                    f"{', '.join(repr(n) for n in names)}.",
                )
            candidates = [sheet]
        else:
            # The first sheet by default; when it holds no indicator table (a cover page, our
            # own report's guide), the first sheet that does.
            candidates = names
        first_error: InputError | None = None
        for name in candidates:
            reader = TableReader(path.name, name, source.rows(name))
            try:
                dataset = reader.read(path, year, require_targets)
            except OptionError:
                raise
            except NoTableError as exc:
                first_error = first_error or exc
                continue
            except InputError:
                raise  # the sheet holds the table, and the table's trouble is what to say
            goal_sheet = goal_sheet_name(names, name)
            if goal_sheet is None:
                return dataset
            if not with_goals:
                return _add_problems(dataset, [Problem(
                    Severity.WARNING, Location(path.name, goal_sheet),
                    "the sheet is not read: --goals names the goals' judgements.",
                    "Leave out --goals to use this sheet.")])
            problems: list[Problem] = []
            goals = GoalSheetReader(path.name, goal_sheet, source.rows(goal_sheet),
                                    dataset.report_year, _collect(problems)).read()
            return _with_goal_sheet(dataset, goals, problems)
    if first_error is None:
        raise NotASpreadsheetError(f"{path.name}: the workbook has no sheets.")
    raise first_error


def _collect(problems: list[Problem]) -> Callable[..., None]:
    """A report that collects problems (as TableReader._problem reports them)."""

    def report(severity: Severity, location: Where, message: str, hint: str = "",
               kind: str = "") -> None:
        if isinstance(location, tuple):
            raise TypeError("the goals' sheet reports Locations")
        problems.append(Problem(severity, location, message, hint, kind))

    return report


def _add_problems(dataset: Dataset, problems: list[Problem]) -> Dataset:
    return dataclasses.replace(dataset, problems=(*dataset.problems, *problems)) \
        if problems else dataset


def _with_goal_sheet(dataset: Dataset, goals: GoalSheet | None,
                     problems: list[Problem]) -> Dataset:
    """The dataset with its goals' sheet, each goal checked against the indicators'."""
    if goals is not None:
        check_goals(goals, dataset.goals, dataset.sheet, _collect(problems))
    return dataclasses.replace(dataset, goal_sheet=goals,
                               problems=(*dataset.problems, *problems))


def _with_goals(dataset: Dataset, path: Path, encoding: str | None,
                delimiter: str | None) -> Dataset:
    """The dataset with the goals' sheet of --goals: a CSV, or a workbook's `Inriktningsmål`
    sheet (else its first sheet)."""
    if not path.is_file():
        raise OptionError("--goals", f"{path}: no such file.",
                          "Name the CSV (or workbook) with the columns Inriktningsmål, "
                          "Bedömning and Motivering.")
    problems: list[Problem] = []
    if safety.sniff(path) == "xlsx":
        safety.check_zip_package(path)
        with warnings.catch_warnings(), xlsx.XlsxSource(path) as source:
            warnings.simplefilter("ignore")
            names = source.sheet_names
            name = goal_sheet_name(names, None) or (names[0] if names else None)
            if name is None:
                raise NotASpreadsheetError(f"{path.name}: the workbook has no sheets.")
            goals = GoalSheetReader(path.name, name, source.rows(name), dataset.report_year,
                                    _collect(problems)).read()
    else:
        text = csv_file.decode(path, path.read_bytes(), encoding)
        separator = _goal_delimiter(text, delimiter)
        goals = GoalSheetReader(path.name, None, csv_file.read_rows(text, separator),
                                dataset.report_year, _collect(problems)).read()
    return _with_goal_sheet(dataset, goals, problems)


def _goal_delimiter(text: str, given: str | None) -> str:
    """The delimiter of a goals' CSV: --delimiter when the goals' header shows with it (it
    names the input's), else the one detected, which may differ: the file may come from
    elsewhere."""
    if given is not None:
        given = _delimiter(given)
        rows = csv_file.read_rows("\n".join(text.splitlines()[:100]), given)
        if any(looks_like_goal_header(cell.value for cell in row.cells) for row in rows):
            return given
    return csv_file.detect_delimiter(text, looks_like_goal_header)


def _delimiter(delimiter: str) -> str:
    delimiter = {"tab": "\t", "\\t": "\t"}.get(delimiter, delimiter)
    if len(delimiter) != 1:
        raise OptionError("--delimiter", f"'{delimiter}' is not one character.",
                          "Use ';', ',' or tab.")
    return delimiter


def _read_csv(path: Path, year: int | None, encoding: str | None, delimiter: str | None,
              require_targets: bool) -> Dataset:
    text = csv_file.decode(path, path.read_bytes(), encoding)
    if not text.strip():
        raise NotASpreadsheetError(f"{path.name}: the file holds no text.",
                                   "Export the indicators again.")
    given = delimiter is not None
    if delimiter is not None:
        delimiter = _delimiter(delimiter)
    else:
        delimiter = csv_file.detect_delimiter(text, looks_like_header)
    # One search of the whole text spares one of every cell in the common case.
    reader = TableReader(path.name, None, csv_file.read_rows(text, delimiter),
                         unwritable_possible=limits.has_unwritable(text))
    try:
        return reader.read(path, year, require_targets)
    except NoTableError as exc:
        if given:
            _delimiter_hint(path, text, delimiter, exc)
        raise


def _delimiter_hint(path: Path, text: str, given: str, exc: NoTableError) -> None:
    """No header with the --delimiter given: where the file's own delimiter differs, that is
    the likely cause, and the message says so (and which one the file seems to use)."""
    seems = csv_file.detect_delimiter(text, looks_like_header)
    if seems == given:
        return
    named, found = csv_file.delimiter_name(given), csv_file.delimiter_name(seems)
    option = "tab" if seems == "\t" else seems
    if csv_file.finds_header(text, seems, looks_like_header):
        raise OptionError(
            "--delimiter",
            f"{path.name}: no header row is found with the delimiter {named}; the file seems "
            f"to use {found}, with which its header row is found.",
            f"Leave out --delimiter to let indexcel detect it, or pass --delimiter "
            f"'{option}'.") from exc
    raise NoTableError(
        exc.message, f"{exc.hint} The file seems to use {found} rather than the --delimiter "
        f"{named} given: try without --delimiter.") from exc
