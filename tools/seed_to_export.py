"""Write the seed report's table as the follow-up system exports it, for `indexcel fill`.

Run once by the developers (`python tools/seed_to_export.py ../shared/seeds/000_*.txt`); its
output is committed: tests/data/fill/seed-export-2024.xlsx. It holds what an export of
Norrtälje's "Uppföljning indikatorer 2024" holds, in the report's shape: title lines, a
header repeated every ten rows, an "Inriktningsmål: ..." row above each goal's rows, the
columns Inriktningsmål, Nyckeltal, Organisation, Utfall 2022-2024, Mål2024, Status and Trend,
numbers as text ("25.9%"), and no Riktning, Tolerans or Delvis: those are the input sheet's.

Unlike tools/seed_to_sample.py's seed-layout variant, each name keeps the line breaks the
report's PDF wrapped it with, inside words too ("vuxenutbil" / "dning"), as text copied out
of the report has them; `fill` must match them to the input sheet's names all the same. The
numbers are placed in their columns as in the sample (input/README.md explains the rule).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import seed_to_sample as sample
import xlsxwriter

HEADERS = ["Inriktningsmål", "Nyckeltal", "Organisation", "Utfall 2022", "Utfall 2023",
           "Utfall 2024", "Mål2024", "Status", "Trend"]


def wrapped_names(text: str) -> list[str]:
    """Each row's name as the PDF wrapped it (line breaks kept), in the order of the rows."""
    body = "Inriktningsmål: " + text.split("Inriktningsmål: ", 1)[1]
    lines = [line for line in body.splitlines() if not sample.JUNK.match(line)]
    sections = re.split(r"^\s*Inriktningsmål: (.*)$", "\n".join(lines), flags=re.MULTILINE)
    names = []
    for goal, section in zip(sections[1::2], sections[2::2], strict=True):
        goal_chars = len("".join(goal.split()))
        start = 0
        for match in sample.ROW_END.finditer(section):
            raw = section[start:match.start()]
            start = match.end()
            names.append(_after(raw, goal_chars))
    return names


def _after(raw: str, count: int) -> str:
    """`raw` after its first `count` characters that are not whitespace (the goal's text),
    with the blank lines and spaces at its ends removed and the lines between kept."""
    seen = 0
    for index, char in enumerate(raw):
        if not char.isspace():
            seen += 1
        if seen == count:
            rest = raw[index + 1:]
            return "\n".join(line.strip() for line in rest.strip().splitlines()
                             if line.strip())
    raise ValueError(f"the goal is not at the start of {raw!r}")


def write_export(path: Path, rows: list[dict], names: list[str]) -> None:
    workbook = xlsxwriter.Workbook(path, {"strings_to_numbers": False})
    workbook.set_properties({"title": "Indikatorer flera perioder", "created": __import__(
        "datetime").datetime(2025, 2, 14, 8, 30)})
    sheet = workbook.add_worksheet("Indikatorer flera perioder")
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet.write_string(0, 0, "Indikatorer flera perioder", bold)
    sheet.write_string(1, 0, "Organisation: Norrtälje kommun | Typ av indikator: Indikator (KF)")
    line, goal = 3, None
    for index, (record, name) in enumerate(zip(rows, names, strict=True)):
        if index % 10 == 0:
            for col, header in enumerate(HEADERS):
                sheet.write_string(line, col, header, bold)
            line += 1
        if record["goal"] != goal:
            goal = record["goal"]
            sheet.write_string(line, 0, f"Inriktningsmål: {goal}", bold)
            line += 1
        placed = sample.place(record["numbers"])
        values = [record["goal"], name, record["board"], placed["Utfall 2022"],
                  placed["Utfall 2023"], placed["Utfall 2024"], placed["Mål 2024"]]
        for col, value in enumerate(values):
            if value is not None:
                sheet.write_string(line, col, value, wrap)
        line += 1
    sheet.set_column(0, 1, 30)
    sheet.set_column(2, 2, 24)
    workbook.close()


def main() -> None:
    text = Path(sys.argv[1]).read_text(encoding="utf-8")
    rows = sample.parse(text)
    names = wrapped_names(text)
    root = Path(__file__).resolve().parent.parent
    out = root / "tests" / "data" / "fill" / "seed-export-2024.xlsx"
    out.parent.mkdir(parents=True, exist_ok=True)
    write_export(out, rows, names)
    broken = sum("\n" in name for name in names)
    print(f"{out}: {len(rows)} rows, {broken} names over more than one line")


if __name__ == "__main__":
    main()
