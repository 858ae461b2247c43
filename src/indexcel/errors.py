"""Every error indexcel raises on purpose derives from IndexcelError.

A message says what is wrong, where (file, sheet, cell or line, column) and what to do about it.
The CLI shows the message and exits non-zero; the library never exits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from indexcel.model import Problem


class IndexcelError(Exception):
    """Base class: the message is meant for the person running the tool."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if not hint else f"{message}\n{hint}")


class InputError(IndexcelError):
    """The input file cannot be used as it is."""


class NotASpreadsheetError(InputError):
    """The file is not a readable .xlsx or CSV (random bytes, wrong extension, .xls, ...)."""


class DamagedFileError(NotASpreadsheetError):
    """The workbook is damaged: a part cannot be unpacked, or its XML cannot be read."""


class NoTableError(InputError):
    """The file or sheet holds no row that names the required columns."""


class UnsafeInputError(InputError):
    """The file looks built to harm the reader (zip bomb, entity expansion)."""


class InvalidDataError(InputError):
    """The file was read but holds errors that prevent building a report."""

    def __init__(self, message: str, problems: Sequence[Problem] | None = None,
                 hint: str | None = None) -> None:
        self.problems: list[Problem] = list(problems or ())
        super().__init__(message, hint)


class OutputError(IndexcelError):
    """The report could not be written where it was asked for."""


class OptionError(IndexcelError):
    """An option has a value that cannot be used (the CLI maps this to a usage error)."""

    def __init__(self, option: str, message: str, hint: str | None = None) -> None:
        self.option = option
        super().__init__(message, hint)


class KoladaError(IndexcelError):
    """Kolada could not be asked, or its answer could not be used (network, HTTP status,
    timeout, a body that is not the JSON Kolada publishes). Nothing is written then."""


class MissingDependencyError(IndexcelError, ImportError):
    """An optional dependency is not installed (pandas, for `Dataset.to_frame` and
    `dataset_from_frame`). Also an ImportError, so that code written for one catches it."""
