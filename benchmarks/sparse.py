"""Reading the 2 KB sparse workbooks of tests/data/hostile (a stray cell at XFD2 or A1048576,
a dimension claiming A1:XFD1048576): indexcel's reader against openpyxl's plain iter_rows,
which pads every row to the sheet's dimension (what the reader did before issue 11).

    python benchmarks/sparse.py [--budget SECONDS]

The plain walk is cut off after --budget seconds (default 10); its full time is then
projected from the cells it visited per second and the cells the dimension claims.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings
from pathlib import Path

import openpyxl
from openpyxl.cell.read_only import EmptyCell

from indexcel.reader import read_dataset

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "tests" / "data" / "hostile").glob("sparse-*.xlsx"))


def reader_seconds(path: Path, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        read_dataset(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def plain_walk(path: Path, budget: float) -> tuple[float, int, int, bool]:
    """(seconds, cells visited, cells the dimension claims, finished) for openpyxl's
    iter_rows over the whole sheet, as the reader walked it before."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheet = book.worksheets[0]
    claimed = (sheet.max_row or 0) * (sheet.max_column or 0)
    visited, start, finished = 0, time.perf_counter(), True
    for row in sheet.iter_rows():
        for cell in row:
            visited += 1
            if cell.__class__ is EmptyCell:
                continue
        if time.perf_counter() - start > budget:
            finished = False
            break
    book.close()
    return time.perf_counter() - start, visited, claimed, finished


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--budget", type=float, default=10.0)
    args = parser.parse_args()
    print(f"{'file':<40} {'bytes':>6} {'reader':>9} {'plain iter_rows (before)':>40}")
    for path in FILES:
        seconds = reader_seconds(path)
        walked, visited, claimed, finished = plain_walk(path, args.budget)
        if finished:
            before = f"{walked:.2f} s, {visited:,} cells"
        else:
            projected = walked * claimed / max(visited, 1)
            before = f"cut at {walked:.0f} s ({visited:,} cells); ~{projected / 3600:,.1f} h"
        print(f"{path.name:<40} {path.stat().st_size:>6,} {seconds * 1000:>7.1f} ms "
              f"{before:>40}")


if __name__ == "__main__":
    main()
