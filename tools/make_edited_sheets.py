"""Input sheets edited the way people edit them, saved by a real spreadsheet application.

openpyxl applies the edits; LibreOffice headless then opens and saves the file, computing the
formulas and writing the result as Excel does. Run once; the outputs are committed:

- tests/data/valid/edited-in-libreoffice.xlsx: title rows with merged cells, an extra sheet
  before the data, rows sorted by board, hidden and filtered-out rows, an extra column in the
  middle and one at the end, cell notes, numbers typed into text-formatted cells, formulas.
- tests/data/invalid/formulas-without-values.xlsx: the same before LibreOffice saved it, so its
  formulas have no computed values (as files written by some scripts do).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "input" / "indikatorer-2024.xlsx"


def edit(target: Path) -> None:
    book = openpyxl.load_workbook(SAMPLE)
    sheet = book["Indikatorer"]
    for name in list(sheet.tables):
        del sheet.tables[name]
    header = [c.value for c in sheet[1]]
    rows = [[(c.value, c.number_format) for c in row] for row in sheet.iter_rows(min_row=2)]
    rows.sort(key=lambda r: (r[2][0], r[1][0]), reverse=True)  # by board, descending
    sheet.delete_rows(2, sheet.max_row)
    for r, row in enumerate(rows, start=2):
        for c, (value, number_format) in enumerate(row, start=1):
            cell = sheet.cell(r, c, value)
            cell.number_format = number_format
    # An extra column in the middle, one at the end.
    sheet.insert_cols(4)
    sheet.cell(1, 4, "Kontaktperson")
    end = len(header) + 2
    sheet.cell(1, end, "Ansvarig förvaltning")
    for r in range(2, len(rows) + 2):
        sheet.cell(r, 4, f"Person {r}")
        sheet.cell(r, end, "KLF" if r % 2 else "SBF")
    # Numbers typed into cells formatted as text, Swedish style.
    utfall_2024 = [c.value for c in sheet[1]].index("Utfall 2024") + 1
    for r in (2, 3, 4):
        cell = sheet.cell(r, utfall_2024)
        if isinstance(cell.value, (int, float)):
            percent = "%" in cell.number_format
            text = f"{cell.value * 100:.1f} %" if percent else f"{cell.value:.2f}"
            cell.value = text.replace(".", ",")
            cell.number_format = "@"
    # Formulas: a target computed from another cell.
    mal = [c.value for c in sheet[1]].index("Mål 2024") + 1
    for r in (5, 6):
        value = sheet.cell(r, mal).value
        if isinstance(value, (int, float)):
            sheet.cell(r, mal, f"={value!r}*1")
    # Cell notes, hidden rows, a filter that hides more rows.
    sheet.cell(2, 2).comment = Comment("Kolla med nämnden", "Controller")
    sheet.cell(7, mal).comment = Comment("Målet sänkt i juni", "Controller")
    for r in (10, 11, 40):
        sheet.row_dimensions[r].hidden = True
    sheet.auto_filter.ref = f"A1:{sheet.cell(len(rows) + 1, end).coordinate}"
    # Title rows above the header, merged.
    sheet.insert_rows(1, 2)
    sheet.cell(1, 1, "Indikatorer 2024 – Norrtälje kommun")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
    sheet.cell(2, 1, "Uppdaterad av controllergruppen")
    # An extra sheet, first in the workbook.
    notes = book.create_sheet("Anteckningar", 0)
    notes["A1"] = "Att göra inför årsredovisningen"
    notes["A2"] = "Stäm av målen med KF-beslutet."
    book.active = 1
    book.save(target)


def main() -> None:
    unsaved = ROOT / "tests" / "data" / "invalid" / "formulas-without-values.xlsx"
    edit(unsaved)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subprocess.run(["soffice", f"-env:UserInstallation={(tmp / 'p').as_uri()}",
                        "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
                        "--outdir", str(tmp / "out"), str(unsaved)], check=True,
                       capture_output=True)
        shutil.copy(tmp / "out" / unsaved.name,
                    ROOT / "tests" / "data" / "valid" / "edited-in-libreoffice.xlsx")
    print("done")


if __name__ == "__main__":
    main()
