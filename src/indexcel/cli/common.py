"""What the commands share: turning library errors into click's, the options of commands
that read an input file, printing problems, progress bars and output paths."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import click

from indexcel.errors import IndexcelError, InvalidDataError, OptionError

if TYPE_CHECKING:
    from indexcel.model import Dataset, Problem
    from indexcel.rules import Assessment, AssessmentOptions

F = TypeVar("F", bound=Callable[..., Any])  # a command, decorated with its options

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


def read_options(func: F) -> F:
    """The options every command that reads an input file shares."""
    options = [
        click.option("--sheet", help="Sheet to read (default: the first with indicators)."),
        click.option("--year", type=int, help="Report year (default: the latest Utfall year "
                     "with a Mål column)."),
        click.option("--encoding", help="CSV encoding (default: detected; utf-8 or cp1252)."),
        click.option("--delimiter", help="CSV field separator: ';', ',' or 'tab' (default: "
                     "detected)."),
        click.option("--trend-tolerance", type=click.FloatRange(min=0, max=1e15),
                     default=0.0, show_default=True, callback=_finite,
                     help="A change no larger than this counts as unchanged, in the value's "
                     "units (percentages as fractions: 0.01 is one percentage point); with "
                     "--trend-over all, a slope no larger than this per year."),
        click.option("--trend-over", "trend_over", type=click.Choice(["previous", "all"]),
                     default="previous", show_default=True,
                     help="What a trend arrow compares: 'previous', the report year's "
                     "outcome with the year before's; 'all', the slope of a least-squares "
                     "line through every outcome year up to the report year (at least three "
                     "values, else no arrow)."),
        GOALS_OPTION,
        click.option("--goal-assessed", metavar="SHARE", default="50 %", show_default=True,
                     help="A goal is Ej bedömt when fewer of its indicators than this are "
                     "assessed (75, 75 % and 0.75 alike; 1 is 100 %)."),
        click.option("--goal-met", metavar="SHARE", default="75 %", show_default=True,
                     help="A goal is Uppfyllt when at least this share of its assessed "
                     "indicators is met."),
        click.option("--goal-partly", metavar="SHARE", default="50 %", show_default=True,
                     help="Else Delvis uppfyllt when at least this share is met or partly "
                     "met; at most --goal-met."),
        click.option("--no-targets", "no_targets", is_flag=True,
                     help="Accept a report year without a Mål column: every status is then "
                     "Ej bedömd (without this option, that is an error)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


GOALS_OPTION = click.option(
    "--goals", type=click.Path(path_type=Path, dir_okay=False),
    help="The goals' judgements given by hand: a CSV (or workbook) with the columns "
    "Inriktningsmål, Bedömning and Motivering, as an input workbook's sheet Inriktningsmål "
    "holds them (for a CSV input, or instead of that sheet).")


def _finite(_context: click.Context, _parameter: click.Parameter, value: float) -> float:
    if value != value:  # NaN passes every range check
        raise click.BadParameter("is not a number.")
    return value


def sheet_options(func: F) -> F:
    """--sheet, --encoding and --delimiter, for the commands that write an input sheet."""
    for option in reversed([
        click.option("--sheet", help="Sheet to read (default: the first with indicators)."),
        click.option("--encoding", help="CSV encoding (default: detected)."),
        click.option("--delimiter", help="CSV field separator (default: detected)."),
        GOALS_OPTION,
    ]):
        func = option(func)
    return func


def print_problems(problems: Sequence[Problem], err: bool, shown: int = 3) -> None:
    """Every error; warnings of one kind summarised after the first few."""
    counts: dict[str, int] = {}
    for problem in problems:
        if problem.kind:
            counts[problem.kind] = counts.get(problem.kind, 0) + 1
    seen: dict[str, list[Problem]] = {}
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


def read(input_path: Path, sheet: str | None, year: int | None, encoding: str | None,
         delimiter: str | None, require_targets: bool = True,
         goals: Path | None = None) -> Dataset:
    from indexcel.reader import read_dataset

    return read_dataset(input_path, sheet=sheet, year=year, encoding=encoding,
                        delimiter=delimiter, require_targets=require_targets, goals=goals)


def assessment_options(trend_tolerance: float, goal_assessed: str, goal_met: str,
                       goal_partly: str, trend_over: str = "previous") -> AssessmentOptions:
    """The options of judging, checked by the library (a bad share is an OptionError)."""
    from indexcel.model import TrendBasis
    from indexcel.rules import AssessmentOptions

    return AssessmentOptions(trend_tolerance=trend_tolerance, goal_assessed=goal_assessed,
                             goal_met=goal_met, goal_partly=goal_partly,
                             trend_over=TrendBasis(trend_over))


def assess(dataset: Dataset, options: AssessmentOptions) -> Assessment:
    from indexcel.rules import assess as assess_dataset

    return assess_dataset(dataset, options)


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


class Progress(Protocol):
    def update(self, n_steps: int) -> None: ...


class NoBar:
    def update(self, n_steps: int) -> None:
        pass


@contextlib.contextmanager
def progress(length: int, quiet: bool, label: str, minimum: int = 2000
             ) -> Iterator[Progress]:
    # Small jobs finish before a bar could say anything useful.
    if quiet or length < minimum:
        yield NoBar()
        return
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        yield bar
