"""The commands that read an input and judge it: `validate` and `build`."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from indexcel.cli.common import (
    OUTPUT_FOLDER_HELP,
    SAMPLE_INPUT,
    assess,
    assessment_options,
    default_output,
    library_errors,
    output_path,
    print_problems,
    progress,
    read,
    read_options,
)

if TYPE_CHECKING:
    from indexcel.model import Dataset


@click.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path),
                default=SAMPLE_INPUT)
@read_options
def validate(input_path: Path, sheet: str | None, year: int | None, encoding: str | None,
             delimiter: str | None, trend_tolerance: float, trend_over: str,
             goals: Path | None, goal_assessed: str, goal_met: str, goal_partly: str,
             no_targets: bool) -> None:
    """Read INPUT and report what it holds and every problem in it.

    Exits 0 when a report can be built from it, 1 when not.
    """
    from indexcel import vocabulary
    from indexcel.model import Status

    with library_errors():
        options = assessment_options(trend_tolerance, goal_assessed, goal_met, goal_partly,
                                     trend_over)
        dataset = read(input_path, sheet, year, encoding, delimiter, not no_targets, goals)
        assessment = assess(dataset, options)
    where = f"{input_path}" + (f", sheet '{dataset.sheet}'" if dataset.sheet else "")
    click.echo(f"Read {where}")
    click.echo(f"  {len(dataset.indicators)} indicators, {len(dataset.boards)} boards, "
               f"{len(dataset.goals)} goals")
    click.echo(f"  outcome years: {', '.join(map(str, dataset.outcome_years))}; target years: "
               f"{', '.join(map(str, dataset.target_years)) or 'none'}; report year: "
               f"{dataset.report_year}")
    counts = {status: 0 for status in vocabulary.STATUS_LABELS}
    for judgement in assessment.indicators:
        counts[judgement.status] += 1
    shown = [s for s in vocabulary.STATUS_LABELS
             if counts[s] or s is not Status.PARTLY_MET
             or any(i.partly is not None for i in dataset.indicators)]
    click.echo(f"  status {dataset.report_year}: " + ", ".join(
        f"{counts[s]} {vocabulary.STATUS_LABELS[s]}" for s in shown))
    for earlier, judgements in reversed(list(assessment.years.items())):
        tally = {status: 0 for status in vocabulary.STATUS_LABELS}
        for judgement in judgements:
            tally[judgement.status] += 1
        click.echo(f"  status {earlier}: " + ", ".join(
            f"{tally[s]} {vocabulary.STATUS_LABELS[s]}" for s in shown))
    if assessment.previous is not None:
        moved = {change: assessment.changes.count(change)
                 for change in vocabulary.STATUS_CHANGE_LABELS}
        click.echo(f"  against {dataset.report_year - 1}: " + ", ".join(
            f"{moved[c]} {w}" for c, w in vocabulary.STATUS_CHANGE_LABELS.items()))
    judged = {status: 0 for status in vocabulary.GOAL_JUDGEMENT_LABELS}
    for goal in assessment.goals:
        judged[goal.judgement] += 1
    by_hand = sum(goal.is_given for goal in assessment.goals)
    click.echo(f"  goals {dataset.report_year}: " + ", ".join(
        f"{judged[s]} {label}" for s, label in vocabulary.GOAL_JUDGEMENT_LABELS.items())
        + (f" ({by_hand} judged by hand)" if by_hand else ""))
    if dataset.goal_sheet is not None:
        sheet_name = dataset.goal_sheet.sheet
        click.echo(f"  goals' sheet: {dataset.goal_sheet.file}"
                   + (f", sheet '{sheet_name}'" if sheet_name else "")
                   + f", {len(dataset.goal_sheet.rows)} goals")
    print_problems([*dataset.problems, *assessment.problems], err=False)
    errors = len(dataset.errors) + len(assessment.errors)
    warnings = len(dataset.warnings) + len(assessment.warnings)
    if errors:
        raise click.ClickException(
            f"{errors} error(s), {warnings} warning(s): no report can be built until the "
            "errors are fixed.")
    click.echo(f"OK: {warnings} warning(s); a report can be built." if warnings
               else "OK: no problems found; a report can be built.")


@click.command()
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
@click.option("--show-years", "show_years", type=click.IntRange(min=1), default=3,
              show_default=True,
              help="How many outcome years (up to the report year) the board and goal tabs "
                   "show; the others stand hidden beside them (the sparkline and the slope "
                   "read them). 'Alla indikatorer' shows every year.")
@click.option("--rules-from", "rules_from", metavar="SHEET", type=click.Path(path_type=Path),
              help="Take Riktning, Tolerans, Delvis and the targets from this input sheet and "
                   "the outcomes from INPUT, an export: rows are matched as `indexcel fill` "
                   "matches them (the sheet's own values win), and only the report is written. "
                   "--year applies to SHEET; --sheet, --encoding and --delimiter to INPUT.")
@click.option("-q", "--quiet", is_flag=True,
              help="No progress bar and no summary; errors and warnings still show.")
@read_options
def build(input_path: Path, output: str | None, title: str | None, municipality: str,
          per_board: Path | None, jobs: int | None, trend_mode: str, show_years: int,
          rules_from: Path | None, quiet: bool, sheet: str | None, year: int | None,
          encoding: str | None, delimiter: str | None, trend_tolerance: float,
          trend_over: str, goals: Path | None, goal_assessed: str, goal_met: str,
          goal_partly: str, no_targets: bool) -> None:
    """Build the follow-up workbook from INPUT (default: the bundled sample,
    input/indikatorer-2024.xlsx).

    With --rules-from SHEET, INPUT is an export of outcomes and SHEET the input sheet whose
    rules and targets judge them: the one-step form of `indexcel fill SHEET --from INPUT`
    followed by `indexcel build`."""
    import gc

    from indexcel.gcpause import paused_gc
    from indexcel.model import TrendConvention
    from indexcel.writer import ReportOptions, Staging, plan_report, write_plan
    from indexcel.writer.plan import check_options

    if input_path == SAMPLE_INPUT and not input_path.exists():
        raise click.UsageError(f"no INPUT given, and the sample {SAMPLE_INPUT} is not in this "
                               "folder: name the input file.")
    target = output_path(output, default_output(input_path))
    with library_errors():
        check_options(title, municipality)  # before any work: not the input's fault
    # The report and the board workbooks are moved into place together, once all are
    # complete: a failure leaves none of this run's files (writer/atomic.py's Staging).
    staging = Staging()
    try:
        # The cyclic garbage collector stays paused from reading to the written report:
        # turned back on in between, its first pass would walk everything read (gcpause.py).
        created = None
        with library_errors(), paused_gc():
            if rules_from is None:
                dataset = read(input_path, sheet, year, encoding, delimiter, not no_targets,
                               goals)
            else:
                dataset, created = _with_rules(input_path, rules_from, target, quiet, sheet,
                                               year, encoding, delimiter, no_targets, goals)
            assessment = assess(dataset, assessment_options(trend_tolerance, goal_assessed,
                                                            goal_met, goal_partly, trend_over))
            if not quiet:  # errors come with the exception
                print_problems([*dataset.warnings, *assessment.warnings], err=True)
            total = len(dataset.indicators) * 2
            with progress(total, quiet, "Writing workbook") as bar:
                options = ReportOptions(title=title, municipality=municipality,
                                        trend=TrendConvention(trend_mode), created=created,
                                        progress=bar.update, show_years=show_years)
                plan = plan_report(assessment, options)
                result = write_plan(plan, target, staging=staging)
            # What was read and planned lives until the command ends: the collector need not
            # walk it again when it resumes (for the board workbooks, or for nothing).
            gc.freeze()
        with library_errors():
            written = [result]
            if per_board is not None:
                from indexcel.perboard import build_per_board

                with progress(len(dataset.boards), quiet, "Writing board workbooks") as bar:
                    written += build_per_board(plan, per_board, jobs=jobs,
                                               progress=bar.update, staging=staging)
            staging.commit()
    except BaseException:
        staging.discard()
        raise
    for note in result.notes:  # the output differs from what was asked: always say so
        click.echo(f"warning: {note}", err=True)
    if not quiet:
        click.echo(f"Wrote {result.path}: {len(result.sheets)} sheets, {result.indicators} "
                   f"indicators, {len(dataset.boards)} boards, {len(dataset.goals)} goals.")
        if per_board is not None:
            click.echo(f"Wrote {len(written) - 1} board workbooks to {per_board}.")


def _with_rules(export_path: Path, rules_from: Path, output: Path, quiet: bool,
                sheet: str | None, year: int | None, encoding: str | None,
                delimiter: str | None, no_targets: bool,
                goals: Path | None) -> tuple[Dataset, datetime.datetime]:
    """The export's outcomes in the rules sheet's rows, read as `build` would read the sheet
    `fill` writes, and the date the report carries (the later of the two files'); the match
    report on stderr. The goals' judgements are the rules sheet's (or --goals')."""
    import dataclasses

    from indexcel.cli.fill import export_with_rules
    from indexcel.fill import dataset_of_sheet
    from indexcel.fill.summary import counts, details
    from indexcel.writer.atomic import check_target
    from indexcel.writer.plan import default_created

    check_target(output, [export_path, rules_from])
    export = read(export_path, sheet, None, encoding, delimiter, require_targets=False)
    rules = read(rules_from, None, year, None, None, not no_targets, goals)
    result = export_with_rules(export, rules)
    dataset = dataset_of_sheet(result.sheet, rules, year=rules.report_year,
                               require_targets=not no_targets)
    dataset = dataclasses.replace(dataset, goal_sheet=rules.goal_sheet)
    lines = [] if quiet else counts(result, rules_from, None)
    for line in [*lines, *details(result, rules_from, None, overwrite_option=False)]:
        click.echo(line, err=True)
    return dataset, max(default_created(export_path), default_created(rules_from))
