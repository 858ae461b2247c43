"""The commands that write an input sheet: `template`, `rollover` and `kolada`. None of them
changes its input or replaces an existing file without --force."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from indexcel.cli.common import (
    OUTPUT_FOLDER_HELP,
    library_errors,
    output_path,
    progress,
    read,
    sheet_options,
)
from indexcel.limits import MAX_YEAR, MIN_YEAR

if TYPE_CHECKING:
    from indexcel.inputsheet import InputSheet


def check_output(output: Path, force: bool, protected: list[Path]) -> None:
    from indexcel.errors import OutputError
    from indexcel.writer.atomic import check_target

    check_target(output, protected)
    if output.exists() and not force:
        raise OutputError(f"{output} already exists; it was left as it is.",
                          "Choose another file with -o, or replace it with --force.")


def write_input_sheet_to(sheet: InputSheet, output: Path, force: bool,
                         protected: list[Path]) -> None:
    from indexcel.writer.atomic import atomic_target
    from indexcel.writer.input_workbook import write_input_sheet

    check_output(output, force, protected)
    with atomic_target(output) as temporary:
        write_input_sheet(sheet, temporary)


@click.command()
@click.option("-o", "--output", type=click.Path(),
              help="File to write (default: input/indikatorer-<year>.xlsx)." + OUTPUT_FOLDER_HELP)
@click.option("--year", type=click.IntRange(MIN_YEAR, MAX_YEAR), default=None,
              help="The report year (default: this calendar year).")
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
def template(output: str | None, year: int | None, force: bool) -> None:
    """Write a blank input sheet for a report year: the expected headers, drop-down lists,
    number checks, a sheet for the goals' judgements given by hand (Inriktningsmål) and a
    sheet of instructions."""
    import datetime

    from indexcel.inputsheet import GoalInputSheet, InputSheet, goal_columns, standard_columns

    year = year or datetime.date.today().year
    target = output_path(output, Path("input") / f"indikatorer-{year}.xlsx")
    with library_errors():
        write_input_sheet_to(InputSheet(year, standard_columns(year), file_hint=target.name,
                                        goals=GoalInputSheet(goal_columns(year))),
                             target, force, [])
    click.echo(f"Wrote {target}: a blank input sheet for {year}.")


@click.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("--year", type=click.IntRange(MIN_YEAR, MAX_YEAR), required=True,
              help="The year to prepare (e.g. 2025).")
@click.option("-o", "--output", type=click.Path(),
              help="File to write (default: INPUT's name with the new year)." + OUTPUT_FOLDER_HELP)
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists (never INPUT).")
@sheet_options
def rollover(input_path: Path, year: int, output: str | None, force: bool, sheet: str | None,
             encoding: str | None, delimiter: str | None, goals: Path | None) -> None:
    """Make next year's input sheet from INPUT, which is never changed.

    Outcomes move on to the three latest years, with YEAR empty; YEAR's target starts from the
    old one and is marked yellow for review; last year's comments and hand-set statuses stay
    in columns named with last year, as do the goals' judgements and reasons (sheet
    Inriktningsmål).
    """
    from indexcel.rollover import default_rollover_output
    from indexcel.rollover import rollover as make_rollover

    with library_errors():
        dataset = read(input_path, sheet, None, encoding, delimiter, False, goals)
        sheet_spec = make_rollover(dataset, year)
        target = output_path(output, default_rollover_output(input_path,
                                                             dataset.report_year, year))
        write_input_sheet_to(sheet_spec, target, force, [input_path])
    click.echo(f"Wrote {target}: {len(sheet_spec.rows)} indicators for {year}; "
               f"{len(sheet_spec.review)} targets marked for review.")


@click.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="File to write (default: INPUT's name with -kolada.xlsx, beside it).")
@click.option("--municipality", metavar="ID",
              help="Kolada's id of the municipality or region, such as 0188 for Norrtälje; "
                   "0000 is the whole country. Wins over the sheet's Kommun-id column.")
@click.option("--years", metavar="YEARS",
              help="Years to fill, such as 2024 or 2022-2025 (default: the sheet's Utfall "
                   "years). A year without an Utfall column gets one.")
@click.option("--compare", metavar="WHAT",
              help="Also fill, for the report year, what the municipality is compared with: "
                   "country (Riket), similar (Liknande kommuner: Kolada's group of similar "
                   "municipalities), gender (Kvinnor, Män), rank (Placering, Kvartil: "
                   "indexcel's own rank among all municipalities, 1 the best by Riktning); "
                   "any of them separated by commas, or all.")
@click.option("--similar-group", metavar="GID",
              help="Kolada's id of the group of similar municipalities, such as G37290 "
                   "(default: the sheet's Jämförelsegrupp, else Kolada's 'Liknande kommuner, "
                   "övergripande, <municipality>' of the latest year). Needs --compare "
                   "similar.")
@click.option("--overwrite", is_flag=True,
              help="Replace values in the sheet that differ from Kolada's (each is listed).")
@click.option("--api-url", metavar="URL",
              help="Kolada's API (default: $INDEXCEL_KOLADA_URL, else "
                   "https://api.kolada.se/v3).")
@click.option("--timeout", type=click.FloatRange(min=0, max=3600, min_open=True),
              metavar="SECONDS",
              help="The longest one request to Kolada may take, however slowly the answer "
                   "comes (default: 30); all requests together may take ten times as long.")
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists (never INPUT).")
@sheet_options
@click.option("-q", "--quiet", is_flag=True,
              help="No progress bar and no counts; conflicts and unknown ids still show.")
def kolada(input_path: Path, output: Path | None, municipality: str | None, years: str | None,
           compare: str | None, similar_group: str | None, overwrite: bool,
           api_url: str | None, timeout: float | None, force: bool, sheet: str | None,
           encoding: str | None, delimiter: str | None, goals: Path | None,
           quiet: bool) -> None:
    """Fill INPUT's outcomes from Kolada into a new input sheet; INPUT is never changed.

    Rows with a Kolada-id (a KPI id such as N00097) get Kolada's total for each Utfall year,
    and with --compare the comparisons of the report year (Riket, Liknande kommuner, Kvinnor,
    Män, Placering, Kvartil <year>). A value already in the sheet is kept; where Kolada
    differs, the cell is listed as a conflict. Each filled cell gets a note naming its
    source, and each outcome the word Kolada in a column Källa <year>. Nothing is written
    unless every request to Kolada succeeded.
    """
    import datetime

    from indexcel import kolada as k
    from indexcel.kolada.summary import counts, details

    with library_errors():
        asked_years = k.parse_years(years) if years is not None else None
        asked_compare = k.parse_compare(compare) if compare is not None else frozenset()
        client = k.KoladaClient(api_url, timeout=timeout)
        dataset = read(input_path, sheet, None, encoding, delimiter, False, goals)
        plan = k.plan_kolada(dataset, municipality, asked_years, asked_compare, similar_group)
        output = output or k.default_kolada_output(input_path)
        check_output(output, force, [input_path])  # before asking Kolada anything
        with progress(k.requests_needed(plan), quiet, "Asking Kolada", 2) as bar:
            answers = k.fetch_answers(client, plan, progress=bar.update)
        result = k.fill_from_kolada(dataset, plan, answers.observations,
                                    today=datetime.date.today(), overwrite=overwrite,
                                    file_hint=output.name, everyone=answers.everyone,
                                    group=answers.group)
        write_input_sheet_to(result.sheet, output, force, [input_path])
    if not quiet:
        for line in counts(result, output, client.requests, client.base_url):
            click.echo(line)
    for line in details(result, output):
        click.echo(line)
