"""`indexcel fill`: the input sheet's outcomes from an export, into a new input sheet, and the
reading of an export with an input sheet's rules that `build --rules-from` shares with it."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from indexcel.cli.common import (
    OUTPUT_FOLDER_HELP,
    library_errors,
    output_path,
    read,
    sheet_options,
)
from indexcel.cli.sheets import check_output, write_input_sheet_to
from indexcel.errors import OptionError

if TYPE_CHECKING:
    from indexcel.fill import ExportFill
    from indexcel.model import Dataset

# The reader names the options of the file it reads; for the export they are these.
EXPORT_OPTIONS = {"--sheet": "--from-sheet", "--encoding": "--from-encoding",
                  "--delimiter": "--from-delimiter"}


@contextlib.contextmanager
def renamed_options(names: dict[str, str]) -> Iterator[None]:
    """An OptionError about one of `names` as the option this command calls it."""
    try:
        yield
    except OptionError as exc:
        def renamed(text: str | None) -> str | None:
            if text is None:
                return None
            for old, new in names.items():
                text = text.replace(old, new)
            return text

        raise OptionError(names.get(exc.option, exc.option), renamed(exc.message) or "",
                          renamed(exc.hint)) from exc


def export_with_rules(export: Dataset, rules: Dataset, *, overwrite: bool = False,
                      add_new: bool = False, file_hint: str = "indikatorer.xlsx"
                      ) -> ExportFill:
    from indexcel.fill import fill_from_export

    return fill_from_export(rules, export, today=datetime.date.today(), overwrite=overwrite,
                            add_new=add_new, file_hint=file_hint)


@click.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("--from", "export_path", metavar="EXPORT", required=True,
              type=click.Path(path_type=Path),
              help="The export to take outcomes from: a CSV or .xlsx in any shape `build` "
                   "reads (the follow-up system's report with group rows included).")
@click.option("-o", "--output", type=click.Path(),
              help="File to write (default: INPUT's name with -ifylld.xlsx, beside it)."
                   + OUTPUT_FOLDER_HELP)
@click.option("--overwrite", is_flag=True,
              help="Replace values in INPUT that differ from the export's (each is listed).")
@click.option("--add-new", "add_new", is_flag=True,
              help="Append the export's rows that match no row of INPUT, marked yellow for "
                   "review (without it they are listed, not added).")
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists (never INPUT or "
              "EXPORT).")
@sheet_options
@click.option("--from-sheet", "from_sheet", help="Sheet of EXPORT to read (default: the first "
              "with indicators).")
@click.option("--from-encoding", "from_encoding", help="EXPORT's encoding, if a CSV (default: "
              "detected).")
@click.option("--from-delimiter", "from_delimiter", help="EXPORT's field separator, if a CSV "
              "(default: detected).")
@click.option("-q", "--quiet", is_flag=True,
              help="No counts; conflicts and rows without a match still show.")
def fill(input_path: Path, export_path: Path, output: str | None, overwrite: bool,
         add_new: bool, force: bool, sheet: str | None, encoding: str | None,
         delimiter: str | None, goals: Path | None, from_sheet: str | None,
         from_encoding: str | None, from_delimiter: str | None, quiet: bool) -> None:
    """Fill INPUT's empty Utfall cells from EXPORT into a new input sheet; INPUT is never
    changed.

    Rows are matched on Nyckeltal and Organisation (case and spacing aside), with the
    Inriktningsmål deciding between rows that share both. A value already in INPUT is kept;
    where the export differs, the cell is listed as a conflict. Each filled cell gets a note,
    and the export's name in a column Källa <year>. Riktning, Tolerans, Delvis and the targets
    stay INPUT's. Export rows that match no row are listed (--add-new appends them).
    """
    from indexcel.fill import default_fill_output
    from indexcel.fill.summary import counts, details

    with library_errors():
        target = output_path(output, default_fill_output(input_path))
        protected = [input_path, export_path, *([goals] if goals else [])]
        check_output(target, force, protected)  # before reading anything
        dataset = read(input_path, sheet, None, encoding, delimiter, require_targets=False,
                       goals=goals)
        with renamed_options(EXPORT_OPTIONS):
            export = read(export_path, from_sheet, None, from_encoding, from_delimiter,
                          require_targets=False)
        result = export_with_rules(export, dataset, overwrite=overwrite, add_new=add_new,
                                   file_hint=target.name)
        write_input_sheet_to(result.sheet, target, force, protected)
    if not quiet:
        for line in counts(result, input_path, target):
            click.echo(line)
    for line in details(result, input_path, target):
        click.echo(line)
