"""Writing the follow-up workbook.

    result = build_report(dataset, Path("output/uppfoljning-2024.xlsx"), ReportOptions())
"""

from __future__ import annotations

from pathlib import Path

from indexcel.errors import InvalidDataError
from indexcel.gcpause import paused_gc
from indexcel.model import Dataset
from indexcel.writer.atomic import atomic_target, check_target
from indexcel.writer.report import BuildResult, ReportOptions, ReportWriter

__all__ = ["BuildResult", "ReportOptions", "build_report"]


def build_report(dataset: Dataset, output: str | Path,
                 options: ReportOptions | None = None) -> BuildResult:
    """Write the workbook for `dataset` to `output`, atomically: on any failure an existing
    file at `output` is left as it was and no temporary file remains."""
    output = Path(output)
    options = options or ReportOptions()
    if dataset.errors:
        raise InvalidDataError(
            f"{dataset.source}: {len(dataset.errors)} error(s) in the input; no report was "
            "written.", dataset.errors,
            "Fix them (`indexcel validate` lists them all) and build again.")
    check_target(output, [dataset.source])
    with paused_gc(), atomic_target(output) as temporary:  # paused: see gcpause.py
        writer = ReportWriter(dataset, options)
        sheets = writer.write(temporary)
    return BuildResult(output, sheets, len(dataset.indicators), writer.notes)
