"""One workbook per board, so that each board's secretary gets only theirs.

Each holds the guide, the board's own tab and the tabs of the goals it reports under (counted
over its own indicators): the report's plan restricted to the board. The workbooks are
written one after another, or in parallel processes, each atomically.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from indexcel import theme
from indexcel.errors import OutputError
from indexcel.process import install_signal_handlers
from indexcel.writer import BuildResult, ReportPlan, write_plan

_UNSAFE_IN_FILE_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
# Names Windows keeps for devices, whatever the extension: "NUL.xlsx" is no file there.
_DEVICE_NAMES = re.compile(r"(?i)^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$")


def board_file_names(boards: list[str]) -> dict[str, str]:
    """File names from board names, safe on Windows and unique regardless of case."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for board in boards:
        base = _UNSAFE_IN_FILE_NAMES.sub("-", board).strip(" .") or theme.FALLBACK_FILE_NAME
        base = base[:100].rstrip(" .")
        if _DEVICE_NAMES.match(base):
            base += "_"
        name, counter = f"{base}.xlsx", 1
        while name.casefold() in taken:
            counter += 1
            name = f"{base} ({counter}).xlsx"
        taken.add(name.casefold())
        names[board] = name
    return names


def _start_worker() -> None:
    """In each worker process: SIGTERM and SIGHUP unwind the build as in the main process, so
    a worker stopped mid-build leaves no temporary file either."""
    install_signal_handlers()


def build_per_board(plan: ReportPlan, folder: str | Path, *, jobs: int | None = None,
                    progress: Callable[[int], None] | None = None,
                    start_method: str | None = None) -> list[BuildResult]:
    """Write `plan.for_board(board)` for every board into `folder`, in `jobs` processes
    (default: one per CPU). `start_method` is multiprocessing's ('spawn', as on Windows and
    macOS, 'fork' or 'forkserver'; default: the platform's)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: this is a file, not a folder.",
                          "Name a folder for --per-board.")
    boards = [tab.board for tab in plan.boards]
    names = board_file_names(boards)
    jobs = jobs or os.cpu_count() or 1
    results: list[BuildResult] = []
    if jobs == 1 or len(boards) < 2:
        for board in boards:
            results.append(write_plan(plan.for_board(board), folder / names[board]))
            if progress:
                progress(1)
        return results
    context = multiprocessing.get_context(start_method) if start_method else None
    with ProcessPoolExecutor(max_workers=min(jobs, len(boards)), mp_context=context,
                             initializer=_start_worker) as pool:
        try:
            # Each process is given the plan of its board, which holds only that board's
            # indicators.
            futures = [pool.submit(write_plan, plan.for_board(board), folder / names[board])
                       for board in boards]
            for future in as_completed(futures):
                results.append(future.result())
                if progress:
                    progress(1)
        except BaseException:
            # Stopped (an error, Ctrl-C, SIGTERM): the workbooks not begun are not begun.
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    order = {folder / names[board]: n for n, board in enumerate(boards)}
    return sorted(results, key=lambda r: order[r.path])
