"""The benchmark's floor: the CSV read with the csv module and every cell written once, as
text, with XlsxWriter in constant-memory mode, no formats."""

from __future__ import annotations

import csv
import sys

import xlsxwriter


def main(source: str, target: str) -> None:
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True})
    sheet = workbook.add_worksheet()
    with open(source, encoding="cp1252", newline="") as handle:
        for row, record in enumerate(csv.reader(handle, delimiter=";")):
            for col, value in enumerate(record):
                sheet.write_string(row, col, value)
    workbook.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
