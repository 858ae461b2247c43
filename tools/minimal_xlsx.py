"""The smallest .xlsx packages openpyxl and Excel read, written part by part, so that a test
file can carry exactly the damage it is about (tools/make_hostile_corpus.py uses them).

    data = package(sheet_xml(rows(), extra_rows='<row r="9"><c r="XFD9"><v>1</v></c></row>'))

The same arguments always give the same bytes: every part has a fixed date.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DATE = (2024, 1, 1, 0, 0, 0)

HEADER = ["Inriktningsmål", "Nyckeltal", "Organisation", "Utfall 2023", "Utfall 2024",
          "Mål 2024"]
BODY = [
    ["1.1. En ekonomi i balans", "Budgetföljsamhet", "Kommunstyrelse", 0.5, 0.6, 0.7],
    ["1.1. En ekonomi i balans", "Soliditet", "Kommunstyrelse", 0.31, 0.33, 0.3],
    ["2.1. Trygg uppväxt", "Elever med examen", "Utbildningsnämnd", 0.61, 0.64, 0.75],
]
# Cell styles (s="n"): 0 General, 1 a percentage with one decimal, 2 a date.
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/>\
<numFmt numFmtId="165" formatCode="yyyy-mm-dd"/></numFmts>\
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>\
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>\
</cellStyles></styleSheet>"""


def column_letters(index: int) -> str:
    """1 -> A, 16384 -> XFD."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Strings:
    """The shared string table, filled as cells are written."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def index(self, text: str) -> int:
        if text not in self.items:
            self.items.append(text)
        return self.items.index(text)

    def xml(self) -> str:
        body = "".join(f'<si><t xml:space="preserve">{escape(t)}</t></si>' for t in self.items)
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}" '
                f'count="{len(self.items)}" uniqueCount="{len(self.items)}">{body}</sst>')


def cell(ref: str, value, strings: Strings) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return f'<c r="{ref}" t="s"><v>{strings.index(value)}</v></c>'
    style = ' s="1"' if isinstance(value, float) and abs(value) < 1 else ""
    return f'<c r="{ref}"{style}><v>{value!r}</v></c>'


def rows(table: list[list] | None = None, strings: Strings | None = None,
         overrides: dict[str, str] | None = None) -> tuple[str, Strings]:
    """`<row>` elements for `table` (the header and three indicators by default); a cell named
    in `overrides` ("E3": '<c r="E3"><v>abc</v></c>') is written as given."""
    strings = strings or Strings()
    overrides = overrides or {}
    parts = []
    for number, values in enumerate(table or [HEADER, *BODY], start=1):
        cells = []
        for col, value in enumerate(values, start=1):
            ref = f"{column_letters(col)}{number}"
            cells.append(overrides.get(ref) or cell(ref, value, strings))
        parts.append(f'<row r="{number}">{"".join(cells)}</row>')
    return "".join(parts), strings


def sheet_xml(body: str, extra_rows: str = "", dimension: str | None = "A1:F4") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" '
            f'xmlns:r="{REL}">{dim}<sheetData>{body}{extra_rows}</sheetData></worksheet>')


def package(sheet: str, strings: Strings | None = None, styles: str = STYLES,
            workbook: str | None = None, sheet_name: str = "Indikatorer",
            compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A whole .xlsx package around one sheet's XML."""
    strings = strings or Strings()
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://'
            'schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
            f'"{PKG_REL}"><Relationship Id="rId1" Type="{REL}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": workbook or (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" '
            f'xmlns:r="{REL}"><sheets><sheet name="{escape(sheet_name)}" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
            f'"{PKG_REL}"><Relationship Id="rId1" Type="{REL}/worksheet" '
            'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
            f'Type="{REL}/styles" Target="styles.xml"/><Relationship Id="rId3" '
            f'Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
        "xl/styles.xml": styles,
        "xl/sharedStrings.xml": strings.xml(),
        "xl/worksheets/sheet1.xml": sheet,
    }
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = compression
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def standard(overrides: dict[str, str] | None = None, extra_rows: str = "",
             dimension: str | None = "A1:F4", **kwargs) -> bytes:
    """The header and three indicators, with some cells replaced and rows added."""
    body, strings = rows(overrides=overrides)
    return package(sheet_xml(body, extra_rows, dimension), strings, **kwargs)
