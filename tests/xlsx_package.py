"""A workbook's zip package, its XML parts parsed, and the links between them.

The ground the checks in workbook_checks.py and formula_checks.py stand on: parts are
read with the standard library (through defusedxml), never with the writer's own code.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import fromstring

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
CHART = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
VT = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"

CELL = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")
ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(text: str) -> str:
    """Text as Excel reads it: _xHHHH_ is the character U+HHHH (and _x005F_ a literal '_')."""
    return ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def as_index(text: str | None, default: int = 0) -> int:
    """An index attribute as a number; garbage gives a number past every limit."""
    if text is None:
        return default
    return int(text) if text.isdigit() else 1 << 62


def cell_position(ref: str) -> tuple[int, int] | None:
    """(row, column) of an A1 reference inside Excel's grid, else None."""
    match = CELL.fullmatch(ref)
    if not match:
        return None
    row, col = int(match.group(2)), column_number(match.group(1))
    return (row, col) if 0 < row <= 1_048_576 and 0 < col <= 16_384 else None


class Package:
    """The parsed XML parts of a workbook and the links between them."""

    def __init__(self, path: Path):
        self.problems: list[str] = []
        self.parts: dict[str, Element] = {}
        self.broken: set[str] = set()  # parts that are not well-formed
        try:
            with zipfile.ZipFile(path) as package:
                for name in package.namelist():
                    if name.endswith((".xml", ".rels")):
                        self._parse(name, package.read(name))
        except (zipfile.BadZipFile, zlib.error, OSError) as exc:
            self.problems.append(f"{path.name}: not a readable zip package ({exc})")
        workbook = self.parts.get("xl/workbook.xml")
        sheets = [] if workbook is None else workbook.iter(f"{MAIN}sheet")
        # (name, part) of each sheet, in the workbook's order
        self.sheets = [(s.get("name"), self.target("xl/workbook.xml", s.get(f"{REL}id")))
                       for s in sheets]
        self.sheet_names = {name for name, _ in self.sheets}
        sst = self.parts.get("xl/sharedStrings.xml")
        # None when the table is there but broken: indexes into it cannot be judged then.
        self.strings: list[str] | None = [] if sst is None else [
            "".join(t.text or "" for t in [*si.findall(f"{MAIN}t"),
                                           *si.findall(f"{MAIN}r/{MAIN}t")])
            for si in sst.findall(f"{MAIN}si")]
        if "xl/sharedStrings.xml" in self.broken:
            self.strings = None

    def _parse(self, name: str, data: bytes) -> None:
        """Every part must be well-formed XML 1.0: Excel refuses the file otherwise, and
        LibreOffice silently drops what it cannot parse (control characters, U+FFFE...)."""
        try:
            self.parts[name] = fromstring(data)
        except Exception as exc:  # ParseError, or defusedxml refusing a DTD or an entity
            self.broken.add(name)
            self.problems.append(f"{name}: not well-formed XML ({exc})")

    def target(self, source: str, rel_id: str | None) -> str | None:
        """The part that relationship `rel_id` of part `source` points to."""
        folder, base = posixpath.split(source)
        rels = self.parts.get(posixpath.join(folder, "_rels", base + ".rels"))
        for rel in [] if rels is None else rels.iter(f"{PKG}Relationship"):
            if rel.get("Id") == rel_id and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                if target.startswith("/"):
                    return target[1:]
                return posixpath.normpath(posixpath.join(folder, target))
        return None

    def related(self, source: str, kind: str) -> list[str]:
        """Parts of relationship type .../`kind` from `source` (e.g. 'table', 'drawing')."""
        folder, base = posixpath.split(source)
        rels = self.parts.get(posixpath.join(folder, "_rels", base + ".rels"))
        ids = [] if rels is None else [r.get("Id") for r in rels.iter(f"{PKG}Relationship")
                                       if r.get("Type", "").endswith("/" + kind)]
        return [t for t in (self.target(source, i) for i in ids) if t in self.parts]

    def worksheets(self) -> Iterator[tuple[str, str, Element]]:
        """(label for messages, part name, root) of each worksheet."""
        for name, part in self.sheets:
            if part in self.parts:
                yield f"{part} ('{name}')", part, self.parts[part]

    def text(self, cell: Element) -> str | None:
        """A cell's text as Excel shows it, or None for a number, boolean or error."""
        kind, value = cell.get("t", "n"), cell.findtext(f"{MAIN}v")
        if kind == "s" and value is not None and value.isdigit() \
                and int(value) < len(self.strings or ()):
            return unescape(self.strings[int(value)])
        if kind == "inlineStr":
            return unescape("".join(t.text or "" for t in cell.iter(f"{MAIN}t")))
        return value if kind == "str" else None


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
