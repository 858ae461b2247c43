"""One workbook per board, so that each board's secretary gets only theirs.

Each holds the guide, the board's own tab and the tabs of the goals it reports under (counted
over its own indicators): the report's plan restricted to the board. The workbooks are
written one after another, or in parallel processes, each into a temporary beside its target;
they are moved into place only once all are complete (all or nothing: writer/atomic.py's
Staging, which `build` shares with the report).
"""

from __future__ import annotations

import multiprocessing
import os
import re
import unicodedata
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from indexcel import theme
from indexcel.errors import OutputError
from indexcel.process import install_signal_handlers
from indexcel.writer import BuildResult, ReportPlan, Staging, write_plan_to
from indexcel.writer.atomic import MAX_NAME_BYTES, check_target

OPTION = "--per-board"
MAX_NAME_CHARACTERS = 100  # of the board's name in the file name: long enough to tell boards
_UNSAFE_IN_FILE_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
# Names Windows keeps for devices, whatever the extension: "NUL.xlsx" and "NUL.tar.gz.xlsx"
# are no files there (nor "NUL .txt": Windows drops the spaces).
_DEVICE_NAMES = re.compile(r"(?i)^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])"
                           r"(?=[ ]*(\.|$))")
_EXTENSION = ".xlsx"


def board_file_names(boards: list[str]) -> dict[str, str]:
    """File names from board names: safe on Windows, at most 255 bytes, and unique regardless
    of case and of Unicode normalisation (NFC: an ö typed as one character or as o and
    diaeresis; macOS takes the two for one name)."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for board in boards:
        base = _UNSAFE_IN_FILE_NAMES.sub("-", unicodedata.normalize("NFC", board))
        base = base.strip(" .") or theme.FALLBACK_FILE_NAME
        base = base[:MAX_NAME_CHARACTERS].rstrip(" .")
        device = _DEVICE_NAMES.match(base)
        if device:
            base = base[:device.end()] + "_" + base[device.end():]
        name, counter = _fitted(base, ""), 1
        while _key(name) in taken:
            counter += 1
            name = _fitted(base, f" ({counter})")
        taken.add(_key(name))
        names[board] = name
    return names


def _fitted(base: str, suffix: str) -> str:
    """`base` + `suffix` + .xlsx, with `base` cut to keep the name within MAX_NAME_BYTES."""
    room = MAX_NAME_BYTES - len((suffix + _EXTENSION).encode("utf-8"))
    data = base.encode("utf-8", "surrogatepass")
    if len(data) > room:
        base = data[:room].decode("utf-8", "ignore").rstrip(" .") or theme.FALLBACK_FILE_NAME
    return f"{base}{suffix}{_EXTENSION}"


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def _start_worker() -> None:
    """In each worker process: SIGTERM and SIGHUP unwind the build as in the main process, so
    a worker stopped mid-build leaves no temporary file either."""
    install_signal_handlers()


def _write_board(plan: ReportPlan, temporary: Path, target: Path) -> BuildResult:
    return write_plan_to(plan, temporary, target, OPTION)


def build_per_board(plan: ReportPlan, folder: str | Path, *, jobs: int | None = None,
                    progress: Callable[[int], None] | None = None,
                    start_method: str | None = None,
                    staging: Staging | None = None) -> list[BuildResult]:
    """Write `plan.for_board(board)` for every board into `folder`, in `jobs` processes
    (default: one per CPU). `start_method` is multiprocessing's ('spawn', as on Windows and
    macOS, 'fork' or 'forkserver'; default: the platform's). The workbooks are moved into
    place only when all are complete; on any failure none is, and no temporary remains.
    With `staging`, they are left staged for the caller's `staging.commit()`."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: this is a file, not a folder.",
                          f"Name a folder for {OPTION}.")
    boards = [tab.board for tab in plan.boards]
    names = board_file_names(boards)
    own = staging is None
    staged = Staging() if staging is None else staging
    try:
        targets = {board: folder / names[board] for board in boards}
        for target in targets.values():
            check_target(target, [plan.dataset.source])
        temporaries = {board: staged.reserve(targets[board], OPTION) for board in boards}
        results = _write_all(plan, boards, targets, temporaries, jobs, progress, start_method)
        if own:
            staged.commit()
    except BaseException:
        if own:
            staged.discard()
        raise
    return results


def _write_all(plan: ReportPlan, boards: list[str], targets: dict[str, Path],
               temporaries: dict[str, Path], jobs: int | None,
               progress: Callable[[int], None] | None,
               start_method: str | None) -> list[BuildResult]:
    jobs = jobs or os.cpu_count() or 1
    results: list[BuildResult] = []
    if jobs == 1 or len(boards) < 2:
        for board in boards:
            results.append(_write_board(plan.for_board(board), temporaries[board],
                                        targets[board]))
            if progress:
                progress(1)
        return results
    context = multiprocessing.get_context(start_method) if start_method else None
    with ProcessPoolExecutor(max_workers=min(jobs, len(boards)), mp_context=context,
                             initializer=_start_worker) as pool:
        try:
            # Each process is given the plan of its board, which holds only that board's
            # indicators.
            futures = [pool.submit(_write_board, plan.for_board(board), temporaries[board],
                                   targets[board]) for board in boards]
            for future in as_completed(futures):
                results.append(future.result())
                if progress:
                    progress(1)
        except BaseException:
            # Stopped (an error, Ctrl-C, SIGTERM): the workbooks not begun are not begun.
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    order = {targets[board]: n for n, board in enumerate(boards)}
    return sorted(results, key=lambda r: order[r.path])
