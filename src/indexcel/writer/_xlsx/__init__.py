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

import xlsxwriter

from indexcel.writer._xlsx import public

ENVIRONMENT = "INDEXCEL_XLSXWRITER"


@dataclass(frozen=True)
class Backend:
    name: str  # "fast" or "public"
    new_workbook: Callable[..., xlsxwriter.Workbook]  # (path, streaming, options)
    add_sheet: Callable[..., object]  # (workbook, name, in_memory)
    rows: type
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
