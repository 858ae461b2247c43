"""Write the hostile inputs under tests/data/hostile/ (run once; the files are committed).

Each file has NAME.expected.json beside it, written by hand: refused (with which message) or
built. The reproducers of issue 11 are made by tools/hostile_inputs.py, deterministically:
`python tools/make_hostile_corpus.py damaged_workbooks` writes those alone again, byte for
byte. The scenarios of a hostile stand-in for Kolada (issue 23) are made by
tools/hostile_kolada.py into tests/data/hostile/kolada/: `... make_hostile_corpus.py kolada`.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import hostile_inputs
import hostile_kolada

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "hostile"
SAMPLE = ROOT / "input" / "indikatorer-2024.xlsx"
HEADER = "Inriktningsmål;Nyckeltal;Organisation;Utfall 2023;Utfall 2024;Mål 2024;Kommentar\n"


def zip_bomb() -> None:
    """A package of about 1 MB whose sheet inflates to 1 GiB."""
    with zipfile.ZipFile(OUT / "zip-bomb.xlsx", "w", zipfile.ZIP_DEFLATED,
                         compresslevel=9) as package:
        with zipfile.ZipFile(SAMPLE) as sample:
            for name in sample.namelist():
                if name != "xl/worksheets/sheet1.xml":
                    package.writestr(name, sample.read(name))
        with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0"?><worksheet><sheetData>')
            block = b" " * (1 << 20)
            for _ in range(1024):
                part.write(block)
            part.write(b"</sheetData></worksheet>")


def billion_laughs() -> None:
    """The sample, with an entity-expansion DOCTYPE in its workbook part."""
    laughs = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)]
    doctype = "<!DOCTYPE workbook [" + "".join(laughs) + "]>"
    with zipfile.ZipFile(SAMPLE) as sample, zipfile.ZipFile(
            OUT / "billion-laughs.xlsx", "w", zipfile.ZIP_DEFLATED) as package:
        for name in sample.namelist():
            data = sample.read(name)
            if name == "xl/workbook.xml":
                text = data.decode("utf-8")
                head, _, rest = text.partition("?>")
                data = (head + "?>" + doctype + rest.replace(
                    "<sheets>", "<sheets><!-- &lol9; -->")).encode("utf-8")
            package.writestr(name, data)


def word_document() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<document/>")
    (OUT / "word-document.xlsx").write_bytes(buffer.getvalue())


def truncated() -> None:
    data = SAMPLE.read_bytes()
    (OUT / "truncated.xlsx").write_bytes(data[: len(data) // 2])


def csv_files() -> None:
    (OUT / "huge-cell.csv").write_text(
        HEADER + "1.1. Ekonomi;Något;KS;1;2;3;" + "x" * 40_000 + "\n", encoding="utf-8")
    (OUT / "formula-injection.csv").write_text(
        HEADER
        + '1.1. Ekonomi;=HYPERLINK("http://evil.example","Klicka här");KS;1;2;3;'
        + "=1+1\n"
        + "1.1. Ekonomi;+SUM(1,2);KS;1;2;3;@SUM(A1)\n"
        + '1.1. Ekonomi;-2+3;KS;1;2;3;"\t=cmd|\' /C calc\'!A0"\n'
        + "=2.1. Mål med likhetstecken;Något;=KS;1;2;3;http://example.com\n",
        encoding="utf-8")
    boards = ["Bygg/Miljö", "History", "HISTORY", "'Citat'", "Alla indikatorer",
              "[Test]*?: nämnd", "Nämnden för " + "mycket " * 6 + "lång", "Nämnden för "
              + "mycket " * 6 + "längre", "socialnämnd", "Socialnämnd"]
    rows = [f"{n}.1. Mål {n} med [hakar] / snedstreck: och * stjärna;Nyckeltal {n};{b};1;2;3;"
            for n, b in enumerate(boards, start=1)]
    (OUT / "hostile-sheet-names.csv").write_text(HEADER + "\n".join(rows) + "\n",
                                                 encoding="utf-8")
    (OUT / "binary.csv").write_bytes(b"Inriktningsm\x00l;\x00\x01\x02" * 50)
    extra = [f"X{n}" for n in range(16_400)]
    (OUT / "too-many-columns.csv").write_text(
        ";".join(["Inriktningsmål", "Nyckeltal", "Organisation", "Utfall 2024", "Mål 2024",
                  *extra]) + "\n1.1. Ekonomi;Något;KS;1;2" + ";x" * len(extra) + "\n",
        encoding="utf-8")


GENERATORS = {
    "zip_bomb": zip_bomb,
    "billion_laughs": billion_laughs,
    "word_document": word_document,
    "truncated": truncated,
    "csv_files": csv_files,
    **hostile_inputs.GENERATORS,
    "kolada": hostile_kolada.write_all,
}


if __name__ == "__main__":
    # python tools/make_hostile_corpus.py [GENERATOR ...]: all of them, or those named.
    OUT.mkdir(parents=True, exist_ok=True)
    for name in sys.argv[1:] or GENERATORS:
        GENERATORS[name]()
    for path in sorted(OUT.iterdir()):
        print(f"{path.stat().st_size:>10,}  {path.name}")
