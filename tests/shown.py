"""What a reader sees of each indicator in a built workbook: its ball and arrow on its
board's tab and on its goal's tab, and the Status and Trend words of the table of all
indicators. Read from the values a workbook holds: the cached ones as indexcel wrote them,
or a spreadsheet application's after it recalculated."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import openpyxl

from indexcel import theme, vocabulary
from indexcel.writer import ReportPlan
from indexcel.writer.plan import GoalTab


class Seen(NamedTuple):
    balls: tuple[str, ...]  # the board tab's, then the goal tab's
    arrows: tuple[int | None, ...]  # 1, 0, -1, or None for no arrow; the same two tabs
    status: str  # the table's words
    trend: str


def shown(path: Path, plan: ReportPlan) -> list[Seen]:
    """Per indicator of `plan`, in input order (names must be unique within a board)."""
    book = openpyxl.load_workbook(path, data_only=True)
    indicators = plan.indicators
    copies: dict[int, list[tuple[str, int | None]]] = {i: [] for i in range(len(indicators))}
    for tab in [*plan.boards, *plan.goals]:
        sheet = book[tab.sheet]
        header, columns = _header(sheet)
        on_goal_tab = isinstance(tab, GoalTab)  # which names each row's board
        by_key = {(indicators[i].board if on_goal_tab else None, indicators[i].name): i
                  for i in tab.indices}
        board_col = columns.get(vocabulary.HEADER_BOARD)
        for row in range(header + 1, sheet.max_row + 1):
            name = sheet.cell(row, columns[vocabulary.HEADER_NAME]).value
            board = sheet.cell(row, board_col).value if board_col else None
            index = by_key.get((board, name))
            if index is not None:
                copies[index].append((sheet.cell(row, columns[vocabulary.HEADER_STATUS]).value,
                                      _arrow(sheet.cell(row, columns[vocabulary.HEADER_TREND])
                                             .value)))
    table = book[theme.SHEET_ALL]
    headers = {c.value: c.column for c in table[1]}
    seen = []
    for index in range(len(indicators)):
        assert len(copies[index]) == 2, (indicators[index].name, copies[index])
        status = table.cell(index + 2, headers[vocabulary.HEADER_STATUS]).value
        trend = table.cell(index + 2, headers[vocabulary.HEADER_TREND]).value
        seen.append(Seen(tuple(c[0] for c in copies[index]), tuple(c[1] for c in copies[index]),
                         status, trend or ""))
    return seen


def _header(sheet) -> tuple[int, dict[str, int]]:
    for row in sheet.iter_rows(max_row=20):
        texts = {c.value: c.column for c in row if isinstance(c.value, str)}
        if vocabulary.HEADER_NAME in texts and vocabulary.HEADER_STATUS in texts:
            return row[0].row, texts
    raise AssertionError(f"no indicator header on sheet {sheet.title}")


def _arrow(value) -> int | None:
    if value is None or value == "":
        return None
    assert float(value) in (1.0, 0.0, -1.0), value
    return int(value)
