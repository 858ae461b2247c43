"""The reproducers of issue 11 ("never a broken workbook, never a crash"), each made the same
way every time (no clock, no randomness), written by tools/make_hostile_corpus.py into
tests/data/hostile/ beside their NAME.expected.json."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from minimal_xlsx import STYLES, package, rows, sheet_xml, standard

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "hostile"
HEADER = "Inriktningsmål;Nyckeltal;Organisation;Utfall 2023;Utfall 2024;Mål 2024"
ROW = "1.1. En ekonomi i balans;Budgetföljsamhet;Kommunstyrelse;1;2;3"
SHEET = "xl/worksheets/sheet1.xml"


def _write(name: str, data: bytes | str) -> None:
    if isinstance(data, str):
        data = data.encode("utf-8")
    (OUT / name).write_bytes(data)


def _part_offset(data: bytes, part: str) -> tuple[int, int]:
    """Where the stored (compressed) bytes of `part` start in the package, and how many."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(part)
    header = data[info.header_offset:info.header_offset + 30]
    name_length = int.from_bytes(header[26:28], "little")
    extra_length = int.from_bytes(header[28:30], "little")
    return info.header_offset + 30 + name_length + extra_length, info.compress_size


def damaged_workbooks() -> None:
    """Item 1: parts openpyxl parses only while the rows are read."""
    cells = {
        "shared-string-index": {"B3": '<c r="B3" t="s"><v>999</v></c>'},
        "number-cell-abc": {"E3": '<c r="E3"><v>abc</v></c>'},
        "boolean-cell-true": {"E3": '<c r="E3" t="b"><v>true</v></c>'},
        "date-serial": {"E3": '<c r="E3" s="2"><v>99999999999</v></c>'},
        "iso-date-cell": {"E3": '<c r="E3" t="d"><v>den 1 maj</v></c>'},
        "cell-past-xfd": {"E3": '<c r="XFE3"><v>0.33</v></c>'},
        "style-index": {"E3": '<c r="E3" s="99"><v>0.33</v></c>'},
        "malformed-sheet-xml": {"E3": '<c r="E3"><v>0.33</v></c><c r="F3"'},
    }
    for name, override in cells.items():
        _write(f"damaged-{name}.xlsx", standard(override))
    undefined = STYLES.replace('numFmtId="165" fontId', 'numFmtId="200" fontId')
    _write("damaged-numfmt-id.xlsx",
           standard({"E3": '<c r="E3" s="2"><v>0.33</v></c>'}, styles=undefined))
    # A byte of the stored sheet changed (0.6 -> 0.7): well-formed XML, a wrong CRC.
    data = bytearray(standard(compression=zipfile.ZIP_STORED))
    start, size = _part_offset(bytes(data), SHEET)
    at = data.index(b"<v>0.6</v>", start, start + size)
    data[at + 5] = ord("7")
    _write("damaged-bad-crc.xlsx", bytes(data))
    # Eight bytes in the middle of the sheet's deflate stream inverted.
    data = bytearray(standard())
    start, size = _part_offset(bytes(data), SHEET)
    for at in range(start + size // 2, start + size // 2 + 8):
        data[at] ^= 0xFF
    _write("damaged-broken-deflate.xlsx", bytes(data))


def huge_numbers() -> None:
    """Item 2: numbers no cell can hold, and a goal number longer than int() takes."""
    digits = "9" * 400
    _write("huge-integer-cell.xlsx", standard({"E3": f'<c r="E3"><v>{digits}</v></c>'}))
    body, strings = rows([["Inriktningsmål", "Nyckeltal", "Organisation", "Utfall 2024",
                           "Mål 2024", "Källa"],
                          ["1.1. Ekonomi", "Soliditet", "Kommunstyrelse", 0.33, 0.3, None]],
                         overrides={"F2": f'<c r="F2"><v>{digits}</v></c>'})
    _write("huge-integer-extra-column.xlsx", package(sheet_xml(body, dimension="A1:F2"),
                                                      strings))
    _write("huge-number.csv", f"{HEADER}\n1.1. Ekonomi;Soliditet;KS;1;{digits};3\n")
    _write("tiny-number.csv", f"{HEADER}\n1.1. Ekonomi;Soliditet;KS;1;0,{'0' * 400}1;3\n")
    # The float maximum: within a float, beyond what Excel takes typed; rollover wrote it with
    # XlsxWriter's 16 digits as 1.797693134862316E+308, which reads back as infinity.
    _write("near-float-maximum.csv", f"{HEADER}\n1.1. Ekonomi;Soliditet;KS;1;2;"
           f"{int(sys.float_info.max)}\n")
    _write("huge-goal-number.csv",
           f"{HEADER}\n{'5' * 5000}. Ett mål med långt nummer;Soliditet;KS;1;2;3\n"
           f"1.1. Ekonomi;Soliditet;KS;1;2;3\n")


def control_characters() -> None:
    """Item 3: characters XML cannot carry, in texts and headers."""
    _write("control-characters.csv",
           f"{HEADER};Ans\x01varig;Kommentar\n"
           "1.1. En ekonomi\x02 i balans;Budget\x0bföljsamhet;Kommun\x1fstyrelse;1;2;3;"
           "Anna\x7f;Bra\x00 år\n"
           "Inriktningsmål: 2.1. Trygg\x08 uppväxt\n"
           ";Elever\x0c med examen;Utbildningsnämnd;1;2;3;Bo;\x1b[31mröd\x1b[0m\n")
    _write("control-characters-only-header.csv", f"{HEADER};\x01\x02\n{ROW};x\n")
    _write("control-characters-duplicate-header.csv",
           f"{HEADER};Ansvarig;Ans\x01varig\n{ROW};Anna;Bo\n")


def sparse_sheets() -> None:
    """Item 4: tiny files that made openpyxl walk millions of empty cells."""
    _write("sparse-cell-at-xfd2.xlsx",
           standard({"F2": '<c r="F2" s="1"><v>0.7</v></c><c r="XFD2"><v>1</v></c>'},
                    dimension="A1:XFD4"))
    far = '<row r="1048576"><c r="A1048576"><v>1</v></c></row>'
    _write("sparse-cell-at-a1048576.xlsx", standard(extra_rows=far, dimension="A1:F1048576"))
    _write("sparse-dimension-a1-xfd1048576.xlsx",
           standard(extra_rows=far, dimension="A1:XFD1048576"))


def duplicate_years() -> None:
    """Item 5: two columns for the same year."""
    _write("duplicate-outcome-year.csv", f"{HEADER};Utfall2024\n{ROW};4\n")
    _write("duplicate-outcome-year-arabic-digits.csv", f"{HEADER};Utfall ٢٠٢٤\n{ROW};4\n")
    _write("duplicate-target-year.csv", f"{HEADER};Målvärde 2024\n{ROW};4\n")


def validate_refuses_what_build_refuses() -> None:
    """Item 6: inputs validate passed and build refused."""
    extra = [f"X{n}" for n in range(16_382 - 6)]
    _write("columns-16382.csv", ";".join([HEADER, *extra]) + "\n" + ROW
           + ";x" * len(extra) + "\n")
    _write("emoji-cell.csv", f"{HEADER};Kommentar\n{ROW};{'😀' * 17_000}\n")
    _write("emoji-header.csv", f"{HEADER};{'😀' * 17_000}\n{ROW};x\n")
    _write("long-header.csv", f"{HEADER};{'Anmärkning ' * 30}\n{ROW};x\n")
    _write("long-goal.csv", f"{HEADER}\n1.1. {'😀' * 16_380};Soliditet;KS;1;2;3\n")


def misleading_messages() -> None:
    """Items 7 and 11: one bad byte in UTF-8; a workbook named .csv or .txt; a BOM read
    with --encoding utf-8."""
    text = f"{HEADER}\n{ROW}\n2.1. Trygg uppväxt;Elever;Utbildningsnämnd;1;2;3\n"
    data = text.encode("utf-8")
    at = data.index(b"Trygg")
    _write("utf8-one-bad-byte.csv", data[:at] + b"\xff" + data[at:])
    workbook = standard()
    _write("workbook-named.csv", workbook)
    _write("workbook-named.txt", workbook)
    _write("utf8-bom-encoding-named.csv", b"\xef\xbb\xbf" + text.encode("utf-8"))


def writer_defects() -> None:
    """Found by tests/test_fuzz.py; defects of the writer, kept as xfail until it is fixed."""
    # XlsxWriter writes a string that starts with <r> and ends with </r> into the shared
    # strings as rich-text XML, unescaped: as a table header it makes the part ill-formed.
    _write("rich-text-header.csv", f"{HEADER};<r>x & y</r>\n{ROW};a\n")


def _goal_workbook(name: str, goals: list[list]) -> None:
    """A small input workbook (two goals, three indicators) with a sheet Inriktningsmål of
    `goals` (the header first), written by XlsxWriter with a fixed date: the same bytes
    every time."""
    import datetime

    import xlsxwriter

    path = OUT / name
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False,
                                               "strings_to_urls": False,
                                               "strings_to_numbers": False})
    workbook.set_properties({"created": datetime.datetime(2024, 1, 1)})
    indicators = workbook.add_worksheet("Indikatorer")
    table = [["Inriktningsmål", "Nyckeltal", "Organisation", "Utfall 2023", "Utfall 2024",
              "Mål 2024"],
             ["1.1. Ekonomi * ? ~ i balans", "Budget", "KS", 1, 2, 2],
             ["1.1. Ekonomi * ? ~ i balans", "Resultat", "KS", 1, 1, 2],
             ['2. <b>Trygghet</b> & "citat" (alltid)', "Anmälningar", "Social & omsorg",
              3, 4, 3]]
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            indicators.write(r, c, value)
    sheet = workbook.add_worksheet("Inriktningsmål")
    for r, row in enumerate(goals):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write_string(r, c, value) if isinstance(value, str) else \
                    sheet.write(r, c, value)
    workbook.close()


def goal_sheets() -> None:
    """Issue 16: the goals' sheet as a hostile user fills it."""
    header = ["Inriktningsmål", "Bedömning", "Motivering", "Annat"]
    long_reason = ("Lång motivering. " * 1_800)[:30_000]
    _goal_workbook("goals-hostile-texts.xlsx", [
        header,
        ["1.1  ekonomi * ? ~ i BALANS", "delvis",
         '=HYPERLINK("http://evil.example","Klicka") "citat" (parentes) 😀 \x01 slut',
         "+SUM(1,2)"],
        ['2. <b>trygghet</b> & "citat" (alltid)', None, long_reason, "<r>rik</r>"],
        ["=1+1", None, "@SUM(A1)", None],
    ])
    _goal_workbook("goals-motivation-too-long.xlsx", [
        header, ["1.1. Ekonomi * ? ~ i balans", "Uppfyllt", "x" * 32_000, None]])
    _goal_workbook("goals-unknown-word.xlsx", [
        header, ["1.1. Ekonomi * ? ~ i balans", "Grönt ljus", None, None]])
def last_crashes() -> None:
    """Issue 23: the crashes a second campaign found outside Kolada."""
    # A board name of 100 CJK characters: 300 bytes, longer than a file name may be.
    _write("board-name-300-bytes.csv", f"{HEADER}\n1.1. Ekonomi;Soliditet;{'漢' * 100};1;2;3\n"
           f"{ROW}\n")
    # The same board typed with a composed and a decomposed ö.
    _write("board-nfc-twins.csv", f"{HEADER}\n1.1. Ekonomi;Soliditet;\u00d6verf\u00f6rmyndare;"
           "1;2;3\n1.1. Ekonomi;Sjuktal;O\u0308verfo\u0308rmyndare;1;2;3\n")
    # Windows device names with an extension.
    devices = ["NUL.tar.gz", "LPT1.txt", "CON.backup", "com2 .xlsx", "Aux"]
    _write("board-device-names-with-extension.csv", HEADER + "\n" + "".join(
        f"1.1. Ekonomi;Nyckeltal {n};{board};1;2;3\n" for n, board in enumerate(devices)))
    # A part name flagged UTF-8 (bit 11) that is not UTF-8: the same bytes in both headers.
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(standard())) as source, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr(zipfile.ZipInfo("xl/media/qqq.bin", (2024, 1, 1, 0, 0, 0)), b"x")
    data = bytearray(buffer.getvalue())
    for at in [i for i in range(len(data)) if data.startswith(b"xl/media/qqq.bin", i)]:
        data[at + 9:at + 12] = b"\xff\xfe\xfd"
        signature = data.rfind(b"PK", 0, at)
        flags = 6 if data[signature:signature + 4] == b"PK\x03\x04" else 8
        data[signature + flags + 1] |= 0x08  # bit 11 of the flags: the name is UTF-8
    _write("zip-name-not-utf8.xlsx", bytes(data))
    # A CSV read with a codec that is not a text encoding (the file itself is fine).
    for codec in ("rot13", "undefined"):
        _write(f"encoding-{codec}.csv", f"{HEADER}\n{ROW}\n")
    _write("title-240-characters.csv", f"{HEADER}\n{ROW}\n")
    _write("municipality-40000-characters.csv", f"{HEADER}\n{ROW}\n")


def wrong_years_and_delimiters() -> None:
    """Issue 19: a year outside 1900–2200 (build crashed on 'Utfall 0000' while validate said
    OK); a --delimiter the file does not use; a report year without its target column."""
    _write("year-0000.csv", HEADER.replace("Utfall 2023", "Utfall 0000") + f"\n{ROW}\n")
    _write("year-2201-target.csv", f"{HEADER};Mål 2201\n{ROW};4\n")
    _write("delimiter-comma-on-semicolon-file.csv", f"{HEADER}\n{ROW}\n")
    _write("delimiter-tab-on-comma-file.csv",
           f"{HEADER.replace(';', ',')}\n{ROW.replace(';', ',')}\n")
    _write("year-option-without-target.csv", f"{HEADER}\n{ROW}\n")


GENERATORS = {
    "goal_sheets": goal_sheets,
    "damaged_workbooks": damaged_workbooks,
    "huge_numbers": huge_numbers,
    "control_characters": control_characters,
    "sparse_sheets": sparse_sheets,
    "duplicate_years": duplicate_years,
    "validate_refuses_what_build_refuses": validate_refuses_what_build_refuses,
    "misleading_messages": misleading_messages,
    "writer_defects": writer_defects,
    "last_crashes": last_crashes,
    "wrong_years_and_delimiters": wrong_years_and_delimiters,
}
