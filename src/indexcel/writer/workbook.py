"""A workbook's life: made with the XlsxWriter path chosen, its tabs added in order and
written from the plan, its print setup, saved; or, on any failure, discarded."""

from __future__ import annotations

from pathlib import Path

from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.worksheet import Worksheet

from indexcel import limits, theme
from indexcel.errors import OutputError
from indexcel.writer import _xlsx, cells, layout
from indexcel.writer.atomic import FailSafeFile, workbook_file, written_error
from indexcel.writer.context import Context
from indexcel.writer.plan import ReportPlan
from indexcel.writer.tabs.board import write_board
from indexcel.writer.tabs.goal import write_goal
from indexcel.writer.tabs.goal_table import write_goal_table
from indexcel.writer.tabs.guide import write_guide
from indexcel.writer.tabs.summary import write_board_summary, write_summary
from indexcel.writer.tabs.table import write_table

_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False, "nan_inf_to_errors": False,
            "default_row_height": 17}  # pixels: one line of the default font
# The default font sets the unit of a column's width: 7 pixels in Excel for Arial 9.5 as for
# 10 (its digit rounds to 7), and in LibreOffice, which takes the digit's exact width, 5.28
# points, within 1 % of Excel's 5.25 (5.56 at 10 pt): so the two wrap text at the same widths
# (layout.py). Every cell the report writes is 10 pt.
_DEFAULT_FONT = {"font_name": theme.FONT, "font_size": layout.DEFAULT_FONT_SIZE}


def write_workbook(plan: ReportPlan, path: Path) -> tuple[list[str], list[str]]:
    """Write the workbook of `plan` to `path`; returns its sheet names and notes for the user
    (where the output differs from what was asked). A failed write (a full disk) raises
    OSError; the caller names the target (atomic.write_error)."""
    _check_size(plan)
    with workbook_file(path) as handle:
        return _write(plan, handle)


def _write(plan: ReportPlan, handle: FailSafeFile) -> tuple[list[str], list[str]]:
    backend = _xlsx.backend()
    streaming = plan.streaming  # decided once, in the plan (see plan.Streaming)
    # A copy each time: XlsxWriter adds to the default format's properties it is given.
    workbook = backend.new_workbook(handle, streaming.workbook_streams, {
        **_OPTIONS, "default_format_properties": dict(_DEFAULT_FONT)})
    ctx = Context(workbook, backend, plan)
    if backend.note:
        ctx.notes.append(backend.note)
    try:
        workbook.set_properties({
            "title": cells.plain(plan.title),
            "subject": cells.plain(plan.title),
            "company": cells.plain(plan.municipality),
            "author": cells.plain(plan.municipality) or "indexcel",
            "comments": "Skapad med indexcel",
            "created": plan.created,
        })
        sheets = {}

        def add(name: str, indicators: int = 0, in_memory: bool | None = None) -> Worksheet:
            if in_memory is None:
                in_memory = streaming.holds_in_memory(indicators)
            sheets[name] = backend.add_sheet(workbook, name, in_memory)
            return sheets[name]

        guide = add(theme.SHEET_GUIDE)
        summary = add(theme.SHEET_SUMMARY, len(plan.boards) + len(plan.goals))
        boards = [(add(tab.sheet, len(tab.indices)), tab) for tab in plan.boards]
        goals = [(add(tab.sheet, len(tab.indices)), tab) for tab in plan.goals]
        table = add(theme.SHEET_ALL, in_memory=True) if plan.has_summary else None
        goal_table = add(theme.SHEET_GOALS, in_memory=True) \
            if plan.has_summary and plan.goals else None
        write_guide(ctx, guide)
        if plan.has_summary:
            write_summary(ctx, summary)
        placed = [write_board(ctx, sheet, tab) for sheet, tab in boards]
        if not plan.has_summary:
            # A board's own workbook opens on its summary, which counts the board's tab.
            (_, board_tab), = boards
            write_board_summary(ctx, summary, board_tab, placed[0])
        for sheet, goal_tab in goals:
            write_goal(ctx, sheet, goal_tab)
        if table is not None:
            write_table(ctx, table)
        if goal_table is not None:
            write_goal_table(ctx, goal_table)
        for sheet in sheets.values():
            sheet.hide_gridlines(2 if sheet in (guide, summary) else 1)
        (guide if plan.has_summary else summary).activate()
    except BaseException:
        backend.discard(workbook)
        raise
    try:
        workbook.close()
    except FileCreateError as exc:
        raise written_error(exc) from exc
    return list(sheets), ctx.notes


def _check_size(plan: ReportPlan) -> None:
    if len(plan.table) > limits.MAX_COLUMNS:
        raise OutputError(
            f"the input has {len(plan.table):,} columns; an Excel sheet holds "
            f"{limits.MAX_COLUMNS:,}.",
            "Remove the columns the report does not need from the input.")
    if len(plan.indicators) + 1 > limits.MAX_ROWS:
        raise OutputError(
            f"{len(plan.indicators):,} indicators do not fit in one Excel sheet "
            f"({limits.MAX_ROWS:,} rows).",
            "Split the input, for instance by board, and build one report per part.")

