"""Writing the follow-up workbook.

    result = build_report(dataset, Path("output/uppfoljning-2024.xlsx"), ReportOptions())

The report is planned once (plan.py: groups, statuses, counts, sheet names, no XlsxWriter),
then each tab is written from the plan (tabs/), through a context (context.py) that holds the
workbook, its formats and the row writer of the chosen XlsxWriter path (_xlsx/).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from indexcel.gcpause import paused_gc
from indexcel.model import Dataset
from indexcel.rules import Assessment
from indexcel.writer.atomic import Staging, atomic_target, check_target, write_error
from indexcel.writer.plan import PlanKind, ReportOptions, ReportPlan, Streaming, plan_report
from indexcel.writer.workbook import write_workbook

__all__ = ["BuildResult", "PlanKind", "ReportOptions", "ReportPlan", "Staging", "Streaming",
           "build_report", "plan_report", "write_plan"]


@dataclass
class BuildResult:
    path: Path
    sheets: list[str]
    indicators: int
    notes: list[str] = field(default_factory=list)


def build_report(dataset: Dataset | Assessment, output: str | Path,
                 options: ReportOptions | None = None) -> BuildResult:
    """Write the workbook for `dataset` (assessed here with `options.trend_tolerance`; or an
    assessment of one, from `indexcel.assess`) to `output`, atomically: on any failure an
    existing file at `output` is left as it was and no temporary file remains."""
    with paused_gc():  # see gcpause.py
        return write_plan(plan_report(dataset, options or ReportOptions()), output)


def write_plan(plan: ReportPlan, output: str | Path, *, staging: Staging | None = None,
               option: str = "-o") -> BuildResult:
    """Write the workbook of a plan (a whole report, or `plan.for_board(board)`), atomically.
    With `staging` the workbook is left in its temporary, to be moved into place with the
    others of the staging by `staging.commit()` (or removed by `staging.discard()`)."""
    output = Path(output)
    check_target(output, [plan.dataset.source])
    if staging is None:
        with atomic_target(output, option) as temporary:
            return write_plan_to(plan, temporary, output, option)
    return write_plan_to(plan, staging.reserve(output, option), output, option)


def write_plan_to(plan: ReportPlan, temporary: Path, output: Path,
                  option: str = "-o") -> BuildResult:
    """Write the workbook of a plan into `temporary`, a file that will become `output`."""
    try:
        with paused_gc():
            sheets, notes = write_workbook(plan, temporary)
    except OSError as exc:
        raise write_error(output, exc, option) from exc
    indicators = len({i for tab in plan.boards for i in tab.indices})
    return BuildResult(output, sheets, indicators, notes)
