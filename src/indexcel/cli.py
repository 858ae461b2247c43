"""The command line: parses options and turns the library's errors into click's.

Every command is a thin layer over the library (indexcel.reader, indexcel.rules,
indexcel.writer); nothing here decides anything about indicators.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path

import click

from indexcel import __version__
from indexcel.errors import IndexcelError, InvalidDataError, OptionError

SAMPLE_INPUT = Path("input") / "indikatorer-2024.xlsx"


@contextlib.contextmanager
def library_errors() -> Iterator[None]:
    """IndexcelError -> ClickException (exit 1); OptionError -> BadParameter (exit 2)."""
    try:
        yield
    except OptionError as exc:
        raise click.BadParameter(str(exc), param_hint=f"'{exc.option}'") from exc
    except InvalidDataError as exc:
        lines = [str(p) for p in exc.problems[:20]]
        if len(exc.problems) > 20:
            lines.append(f"... and {len(exc.problems) - 20} more; run `indexcel validate`.")
        text = "\n".join([exc.message, *lines, exc.hint or ""]).strip()
        raise click.ClickException(text) from exc
    except IndexcelError as exc:
        raise click.ClickException(str(exc)) from exc


def read_options(func):
    """The options every command that reads an input file shares."""
    options = [
        click.option("--sheet", help="Sheet to read (default: the first with indicators)."),
        click.option("--year", type=int, help="Report year (default: the latest Utfall year "
                     "with a Mål column)."),
        click.option("--encoding", help="CSV encoding (default: detected; utf-8 or cp1252)."),
        click.option("--delimiter", help="CSV field separator: ';', ',' or 'tab' (default: "
                     "detected)."),
        click.option("--trend-tolerance", type=click.FloatRange(min=0), default=0.0,
                     show_default=True, help="A change no larger than this counts as "
                     "unchanged, in the value's units (percentages as fractions: 0.01 is one "
                     "percentage point)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def sheet_options(func):
    """--sheet, --encoding and --delimiter, for the commands that write an input sheet."""
    for option in reversed([
        click.option("--sheet", help="Sheet to read (default: the first with indicators)."),
        click.option("--encoding", help="CSV encoding (default: detected)."),
        click.option("--delimiter", help="CSV field separator (default: detected)."),
    ]):
        func = option(func)
    return func


def print_problems(problems, err: bool, shown: int = 3) -> None:
    """Every error; warnings of one kind summarised after the first few."""
    counts: dict[str, int] = {}
    for problem in problems:
        if problem.kind:
            counts[problem.kind] = counts.get(problem.kind, 0) + 1
    seen: dict[str, list] = {}
    for problem in problems:
        if problem.kind and counts[problem.kind] > shown + 2:
            seen.setdefault(problem.kind, []).append(problem)
            if len(seen[problem.kind]) > shown:
                continue
        click.echo(str(problem), err=err)
    for group in seen.values():
        rest = [p.location.row for p in group[shown:]]
        click.echo(f"{group[0].severity.value}: ... and {len(rest)} more rows like this "
                   f"({group[shown].location.place}–{rest[-1]}).", err=err)


def _read(input_path, sheet, year, encoding, delimiter, trend_tolerance):
    from indexcel.reader import read_dataset

    return read_dataset(input_path, sheet=sheet, year=year, encoding=encoding,
                        delimiter=delimiter, trend_tolerance=trend_tolerance)


@click.group()
@click.version_option(__version__, prog_name="indexcel")
def cli() -> None:
    """Build the indicator follow-up workbook (status balls, trend arrows) from an input
    sheet (.xlsx) or a CSV export."""


@cli.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path),
                default=SAMPLE_INPUT)
@read_options
def validate(input_path, sheet, year, encoding, delimiter, trend_tolerance) -> None:
    """Read INPUT and report what it holds and every problem in it.

    Exits 0 when a report can be built from it, 1 when not.
    """
    from indexcel import rules, vocabulary
    from indexcel.model import Status

    with library_errors():
        dataset = _read(input_path, sheet, year, encoding, delimiter, trend_tolerance)
    where = f"{input_path}" + (f", sheet '{dataset.sheet}'" if dataset.sheet else "")
    click.echo(f"Read {where}")
    click.echo(f"  {len(dataset.indicators)} indicators, {len(dataset.boards)} boards, "
               f"{len(dataset.goals)} goals")
    click.echo(f"  outcome years: {', '.join(map(str, dataset.outcome_years))}; target years: "
               f"{', '.join(map(str, dataset.target_years)) or 'none'}; report year: "
               f"{dataset.report_year}")
    counts = {status: 0 for status in vocabulary.STATUS_LABELS}
    for judgement in rules.judge_all(dataset, trend_tolerance):
        counts[judgement.status] += 1
    shown = [s for s in vocabulary.STATUS_LABELS
             if counts[s] or s is not Status.PARTLY_MET
             or any(i.partly is not None for i in dataset.indicators)]
    click.echo(f"  status {dataset.report_year}: " + ", ".join(
        f"{counts[s]} {vocabulary.STATUS_LABELS[s]}" for s in shown))
    print_problems(dataset.problems, err=False)
    errors, warnings = len(dataset.errors), len(dataset.warnings)
    if errors:
        raise click.ClickException(
            f"{errors} error(s), {warnings} warning(s): no report can be built until the "
            "errors are fixed.")
    click.echo(f"OK: {warnings} warning(s); a report can be built." if warnings
               else "OK: no problems found; a report can be built.")


def default_output(input_path: Path) -> Path:
    return Path("output") / f"{input_path.stem}-uppfoljning.xlsx"


def output_path(given: str | None, default: Path) -> Path:
    """-o as given, except that a name ending in '/' or '\\', or an existing folder, means a
    folder: the file is written into it under its default name."""
    if given is None:
        return default
    if given.endswith(("/", "\\")) or Path(given).is_dir():
        return Path(given.rstrip("/\\") or given) / default.name
    return Path(given)


OUTPUT_FOLDER_HELP = " A folder (a name ending in '/', or one that exists) gets the default name."


@cli.command()
@click.argument("input_path", metavar="[INPUT]", type=click.Path(path_type=Path),
                default=SAMPLE_INPUT)
@click.option("-o", "--output", type=click.Path(),
              help="Workbook to write (default: output/<input name>-uppfoljning.xlsx). An "
                   "existing file is replaced only once the new one is complete."
                   + OUTPUT_FOLDER_HELP)
@click.option("--title", help="The report's title (default: 'Uppföljning indikatorer <year>').")
@click.option("--municipality", default="", help="The municipality's name, shown on every tab.")
@click.option("--per-board", "per_board", type=click.Path(path_type=Path, file_okay=False),
              help="Also write one workbook per board into this folder.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Processes for --per-board (default: the number of CPUs).")
@click.option("--trend", "trend_mode", type=click.Choice(["value", "improvement"]),
              default="value", show_default=True,
              help="What a trend arrow shows: 'value', up when the value rose (the seed "
                   "report's way); 'improvement', up and green when the indicator got better "
                   "(a fall where lower is better, a move towards the target for Nära målet).")
@click.option("-q", "--quiet", is_flag=True,
              help="No progress bar and no summary; errors and warnings still show.")
@read_options
def build(input_path, output, title, municipality, per_board, jobs, trend_mode, quiet, sheet,
          year, encoding, delimiter, trend_tolerance) -> None:
    """Build the follow-up workbook from INPUT (default: the bundled sample,
    input/indikatorer-2024.xlsx)."""
    from indexcel.writer import ReportOptions, plan_report, write_plan

    if input_path == SAMPLE_INPUT and not input_path.exists():
        raise click.UsageError(f"no INPUT given, and the sample {SAMPLE_INPUT} is not in this "
                               "folder: name the input file.")
    output = output_path(output, default_output(input_path))
    with library_errors():
        dataset = _read(input_path, sheet, year, encoding, delimiter, trend_tolerance)
        if not quiet:
            print_problems(dataset.warnings, err=True)  # errors come with the exception
        total = len(dataset.indicators) * 2
        with _progress(total, quiet, "Writing workbook") as bar:
            options = ReportOptions(title=title, municipality=municipality,
                                    trend_tolerance=trend_tolerance, trend=trend_mode,
                                    progress=bar.update)
            plan = plan_report(dataset, options)
            result = write_plan(plan, output)
        written = [result]
        if per_board is not None:
            from indexcel.perboard import build_per_board

            with _progress(len(dataset.boards), quiet, "Writing board workbooks") as bar:
                written += build_per_board(plan, per_board, jobs=jobs, progress=bar.update)
    for note in result.notes:  # the output differs from what was asked: always say so
        click.echo(f"warning: {note}", err=True)
    if not quiet:
        click.echo(f"Wrote {result.path}: {len(result.sheets)} sheets, {result.indicators} "
                   f"indicators, {len(dataset.boards)} boards, {len(dataset.goals)} goals.")
        if per_board is not None:
            click.echo(f"Wrote {len(written) - 1} board workbooks to {per_board}.")


def _check_output(output: Path, force: bool, protected: list[Path]) -> None:
    from indexcel.errors import OutputError
    from indexcel.writer.atomic import check_target

    check_target(output, protected)
    if output.exists() and not force:
        raise OutputError(f"{output} already exists; it was left as it is.",
                          "Choose another file with -o, or replace it with --force.")


def _write_input_sheet(sheet, output: Path, force: bool, protected: list[Path]) -> None:
    from indexcel.writer.atomic import atomic_target
    from indexcel.writer.input_workbook import write_input_sheet

    _check_output(output, force, protected)
    with atomic_target(output) as temporary:
        write_input_sheet(sheet, temporary)


@cli.command()
@click.option("-o", "--output", type=click.Path(),
              help="File to write (default: input/indikatorer-<year>.xlsx)." + OUTPUT_FOLDER_HELP)
@click.option("--year", type=click.IntRange(1900, 2999), default=None,
              help="The report year (default: this calendar year).")
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
def template(output, year, force) -> None:
    """Write a blank input sheet for a report year: the expected headers, drop-down lists,
    number checks, and a sheet of instructions."""
    import datetime

    from indexcel.inputsheet import InputSheet, standard_columns

    year = year or datetime.date.today().year
    output = output_path(output, Path("input") / f"indikatorer-{year}.xlsx")
    with library_errors():
        _write_input_sheet(InputSheet(year, standard_columns(year), file_hint=output.name),
                           output, force, [])
    click.echo(f"Wrote {output}: a blank input sheet for {year}.")


@cli.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("--year", type=int, required=True, help="The year to prepare (e.g. 2025).")
@click.option("-o", "--output", type=click.Path(),
              help="File to write (default: INPUT's name with the new year)." + OUTPUT_FOLDER_HELP)
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists (never INPUT).")
@sheet_options
def rollover(input_path, year, output, force, sheet, encoding, delimiter) -> None:
    """Make next year's input sheet from INPUT, which is never changed.

    Outcomes move on to the three latest years, with YEAR empty; YEAR's target starts from the
    old one and is marked yellow for review; last year's comments and hand-set statuses stay
    in columns named with last year.
    """
    from indexcel.rollover import default_rollover_output
    from indexcel.rollover import rollover as make_rollover

    with library_errors():
        dataset = _read(input_path, sheet, None, encoding, delimiter, 0.0)
        sheet_spec = make_rollover(dataset, year)
        output = output_path(output, default_rollover_output(input_path,
                                                             dataset.report_year, year))
        _write_input_sheet(sheet_spec, output, force, [input_path])
    click.echo(f"Wrote {output}: {len(sheet_spec.rows)} indicators for {year}; "
               f"{len(sheet_spec.review)} targets marked for review.")


@cli.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="File to write (default: INPUT's name with -kolada.xlsx, beside it).")
@click.option("--municipality", metavar="ID",
              help="Kolada's id of the municipality or region, such as 0188 for Norrtälje; "
                   "0000 is the whole country. Wins over the sheet's Kommun-id column.")
@click.option("--years", metavar="YEARS",
              help="Years to fill, such as 2024 or 2022-2025 (default: the sheet's Utfall "
                   "years). A year without an Utfall column gets one.")
@click.option("--overwrite", is_flag=True,
              help="Replace values in the sheet that differ from Kolada's (each is listed).")
@click.option("--api-url", metavar="URL",
              help="Kolada's API (default: $INDEXCEL_KOLADA_URL, else "
                   "https://api.kolada.se/v3).")
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists (never INPUT).")
@sheet_options
@click.option("-q", "--quiet", is_flag=True,
              help="No progress bar and no counts; conflicts and unknown ids still show.")
def kolada(input_path, output, municipality, years, overwrite, api_url, force, sheet,
           encoding, delimiter, quiet) -> None:
    """Fill INPUT's outcomes from Kolada into a new input sheet; INPUT is never changed.

    Rows with a Kolada-id (a KPI id such as N00097) get Kolada's total for each Utfall year.
    A value already in the sheet is kept; where Kolada differs, the cell is listed as a
    conflict. Each filled cell gets a note and the word Kolada in a column Källa <year>.
    Nothing is written unless every request to Kolada succeeded.
    """
    import datetime

    from indexcel import kolada as k
    from indexcel.kolada.summary import counts, details

    with library_errors():
        asked_years = k.parse_years(years) if years is not None else None
        client = k.KoladaClient(api_url)
        dataset = _read(input_path, sheet, None, encoding, delimiter, 0.0)
        plan = k.plan_kolada(dataset, municipality, asked_years)
        output = output or k.default_kolada_output(input_path)
        _check_output(output, force, [input_path])  # before asking Kolada anything
        with _progress(k.requests_needed(plan.kpis), quiet, "Asking Kolada", 2) as bar:
            observations = client.fetch(plan.kpis, plan.municipality, plan.years,
                                        progress=bar.update)
        result = k.fill_from_kolada(dataset, plan, observations, today=datetime.date.today(),
                                    overwrite=overwrite, file_hint=output.name)
        _write_input_sheet(result.sheet, output, force, [input_path])
    if not quiet:
        for line in counts(result, output, client.requests, client.base_url):
            click.echo(line)
    for line in details(result, output):
        click.echo(line)


class _NoBar:
    def update(self, _steps: int) -> None:
        pass


@contextlib.contextmanager
def _progress(length: int, quiet: bool, label: str, minimum: int = 2000):
    # Small jobs finish before a bar could say anything useful.
    if quiet or length < minimum:
        yield _NoBar()
        return
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        yield bar


def main() -> None:
    """Entry point: click's own handling, plus a last guard so that a bug shows a short
    message (the traceback with INDEXCEL_DEBUG=1) rather than a wall of Python. SIGTERM and
    SIGHUP stop a command as Ctrl-C does, leaving no temporary file (see process.py)."""
    # openpyxl imports numpy whenever it is installed (as pandas, the extra, installs it),
    # only to know numpy's number types, which no command has: a tenth of a second of every
    # start. The command line is its own process, so nothing else here misses numpy.
    sys.modules.setdefault("numpy", None)  # type: ignore[arg-type]
    from indexcel.process import (
        Terminated,
        private_temporary_folder,
        signals_as_exceptions,
        tolerant_console,
    )

    tolerant_console()
    try:
        with signals_as_exceptions(), private_temporary_folder():
            cli(standalone_mode=True)
    except SystemExit:
        raise
    except Terminated as exc:
        with contextlib.suppress(Exception):  # the console may be gone (SIGHUP)
            click.echo(f"Stopped by {exc.name}; no partly written file was left.", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug, not bad input: say so, and how to report it
        if os.environ.get("INDEXCEL_DEBUG"):
            traceback.print_exc()
        click.echo(f"Error: internal error ({type(exc).__name__}: {exc}). This is a bug in "
                   "indexcel; run again with INDEXCEL_DEBUG=1 and report the output.", err=True)
        sys.exit(1)
