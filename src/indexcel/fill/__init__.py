"""Outcomes into the input sheet staff keep, from an export of the follow-up system.

    from indexcel.fill import fill_from_export

    sheet = read_dataset("input/indikatorer-2025.xlsx", require_targets=False)
    export = read_dataset("export.xlsx", require_targets=False)   # any shape build reads
    result = fill_from_export(sheet, export, today=datetime.date.today())
    write_input_sheet(result.sheet, path)                          # writer/input_workbook.py

match.py pairs the export's rows with the sheet's; merge.py fills the empty outcome cells
(shared with `indexcel kolada`); export.py puts the two together; memory.py reads the filled
sheet back as a Dataset without writing it (`build EXPORT --rules-from INPUT`); summary.py
says what was done.
"""

from __future__ import annotations

from pathlib import Path

from indexcel.fill.export import ExportFill, UnitMismatch, fill_from_export
from indexcel.fill.match import Matching, match_rows, row_key
from indexcel.fill.memory import dataset_of_sheet
from indexcel.fill.merge import Conflict, Filled, Incoming, Merge, merge_outcomes

__all__ = [
    "Conflict", "ExportFill", "Filled", "Incoming", "Matching", "Merge", "UnitMismatch",
    "dataset_of_sheet", "default_fill_output", "fill_from_export", "match_rows",
    "merge_outcomes", "row_key",
]


def default_fill_output(source: Path) -> Path:
    """indikatorer-2025.xlsx -> indikatorer-2025-ifylld.xlsx, beside the input."""
    return source.with_name(f"{source.stem}-ifylld.xlsx")
