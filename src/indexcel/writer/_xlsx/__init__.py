"""The one door to XlsxWriter's internals, with the public API behind it as the fallback.

The tabs write their indicator rows through a row writer with this interface (both
fast.FastRows and public.PublicRows have it):

    rows = backend.rows(sheet)
    style = rows.style(fmt)                 # a format, resolved once per tab
    template = rows.template("=IF(B\\0>...")  # a formula, a NUL where the row number goes
    rows.start(row)                         # the row the next cells are for (0-based)
    parts = [rows.text(col, style, "…"), rows.number(col, style, 1.5), rows.blank(col, style),
             rows.boolean(col, style, True), rows.formula(col, style, template, cached),
             rows.link(col, style, "'Tab'!A1", "text")]
    rows.write(last_col, parts, height)     # 0, or -1 beyond the sheet's limits
    rows.styles_seen                        # a dict its callers may keep resolved styles in

The fast path renders rows as XML inside XlsxWriter (fast.py) and is used only when the probe
(probe.py) finds that it writes what the public path writes with the installed XlsxWriter.
INDEXCEL_XLSXWRITER=public forces the public path.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from indexcel.writer._xlsx import public

# A style and a part are the path's own (an index and XML text on the fast path, a Format and
# a call on the public one): a caller hands back what the row writer gave it.
Style = Any
Part = Any


class RowWriter(Protocol):
    """The row writer of one sheet, on either path (see above)."""

    row: int  # the row started, 0-based
    styles_seen: dict[Any, Style]

    @staticmethod
    def style(fmt: Format) -> Style: ...
    @staticmethod
    def template(formula: str) -> str: ...
    def start(self, row: int) -> None: ...
    def text(self, col: int, style: Style, value: str) -> Part: ...
    def number(self, col: int, style: Style, value: float) -> Part: ...
    def boolean(self, col: int, style: Style, value: bool) -> Part: ...
    def blank(self, col: int, style: Style) -> Part: ...
    def formula(self, col: int, style: Style, template: str, cached: str | float) -> Part: ...
    def link(self, col: int, style: Style, location: str, text: str) -> Part: ...
    def write(self, last_col: int, parts: list[Part], height: float | None) -> int: ...

ENVIRONMENT = "INDEXCEL_XLSXWRITER"


@dataclass(frozen=True)
class Backend:
    name: str  # "fast" or "public"
    new_workbook: Callable[[public.Output, bool, dict[str, Any]], xlsxwriter.Workbook]  # stream?
    add_sheet: Callable[[xlsxwriter.Workbook, str, bool], Worksheet]  # in memory?
    rows: Callable[[Worksheet], RowWriter]
    discard: Callable[[xlsxwriter.Workbook], None]  # forget a workbook that will not be saved
    note: str | None = None  # why the public path is used when nobody asked for it


PUBLIC = Backend("public", public.new_workbook, public.add_sheet, public.PublicRows,
                 public.discard)
_probed: Backend | None = None


def backend() -> Backend:
    """The fast path if the installed XlsxWriter passes the probe (checked once per process),
    else the public one; the public one whenever INDEXCEL_XLSXWRITER=public."""
    global _probed
    if os.environ.get(ENVIRONMENT, "").strip().lower() == "public":
        return PUBLIC
    if _probed is None:
        try:  # an XlsxWriter that lacks what the fast path imports is one that differs
            from indexcel.writer._xlsx import fast
            from indexcel.writer._xlsx.probe import fast_path_differences

            differences = fast_path_differences()
        except ImportError as exc:
            differences = [f"{type(exc).__name__}: {exc}"]
        _probed = Backend("fast", fast.new_workbook, fast.add_sheet, fast.FastRows,
                          fast.discard) if not differences else Backend(
            **{**PUBLIC.__dict__, "note": (
                f"XlsxWriter {xlsxwriter.__version__} writes rows differently from what "
                f"indexcel expects ({differences[0]}); the slower public path was used. "
                "The workbook is complete; please report this.")})
    return _probed
