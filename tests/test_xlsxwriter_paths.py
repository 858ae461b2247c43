"""The fast path (rows rendered inside XlsxWriter) and the public path (XlsxWriter's write_*
methods) write the same workbooks; a changed XlsxWriter makes the tool fall back, not fail.

The paths are chosen by INDEXCEL_XLSXWRITER=public, or by the probe run before the first
workbook of a process. A changed XlsxWriter is simulated in a fresh process by renaming or
changing the meaning of internals the fast path uses, as XlsxWriter 3.2.3 and 3.3.0 did.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import DATA, SAMPLE
from indexcel.reader import read_dataset
from indexcel.writer import ReportOptions, build_report
from workbook_digest import differences, digest

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
AWKWARD = DATA / "valid" / "awkward-texts.csv"


def _shared_strings(package: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in package.namelist():
        return []
    root = ElementTree.fromstring(package.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(f"{MAIN}t")) for si in root]


def _styles(package: zipfile.ZipFile) -> dict[str, dict[str, tuple]]:
    """Each cell format (xf) and conditional format (dxf) by its index, as what it says:
    XlsxWriter numbers formats in the order they are first used, which differs between the
    paths (the fast path resolves a tab's formats before the cells are written)."""
    root = ElementTree.fromstring(package.read("xl/styles.xml"))

    def listed(name: str) -> list[ElementTree.Element]:
        found = root.find(f"{MAIN}{name}")
        return [] if found is None else list(found)

    parts = {name: listed(name) for name in ("fonts", "fills", "borders")}
    formats = {f.get("numFmtId"): f.get("formatCode") for f in listed("numFmts")}
    xfs = {}
    for index, xf in enumerate(listed("cellXfs")):
        resolved = [_normalised(parts[f"{kind}s"][int(xf.get(f"{kind}Id", 0))], [], {})
                    for kind in ("font", "fill", "border")]
        xfs[str(index)] = (tuple(resolved), formats.get(xf.get("numFmtId"), xf.get("numFmtId")),
                           tuple(_normalised(child, [], {}) for child in xf))
    dxfs = {str(n): _normalised(dxf, [], {}) for n, dxf in enumerate(listed("dxfs"))}
    return {"s": xfs, "dxfId": dxfs}


def _normalised(element: ElementTree.Element, shared: list[str], styles: dict) -> tuple:
    """An element as data: spans (an optional hint) left out, formats resolved, a cell's
    text resolved from the shared table or inline, and a number compared as a number (the
    fast path writes the shortest exact text, XlsxWriter 16 significant digits)."""
    tag = element.tag.removeprefix(MAIN)
    attributes = {k: styles[k][v] if k in styles else v for k, v in element.attrib.items()
                  if k != "spans"}
    if tag == "c":
        kind = attributes.pop("t", None)
        value = element.findtext(f"{MAIN}v")
        formula = element.findtext(f"{MAIN}f")
        if kind == "s":
            value, kind = shared[int(value)], "text"
        elif kind == "inlineStr":
            value, kind = "".join(t.text or "" for t in element.iter(f"{MAIN}t")), "text"
        elif kind is None and value and formula is None:
            value = float(value)
        if formula is not None and kind == "str":
            kind = None  # a cached text result; an empty one carries no type
        return ("c", tuple(sorted(attributes.items(), key=repr)), kind, value, formula)
    children = tuple(_normalised(child, shared, styles) for child in element)
    return (tag, tuple(sorted(attributes.items(), key=repr)), (element.text or "").strip(),
            children)


def _sheets(path: Path) -> dict[str, tuple]:
    with zipfile.ZipFile(path) as package:
        shared, styles = _shared_strings(package), _styles(package)
        return {name: _normalised(ElementTree.fromstring(package.read(name)), shared, styles)
                for name in package.namelist()
                if name.startswith("xl/worksheets/sheet")}


def _first_difference(a, b, path="") -> str | None:
    if isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b):
        for n, (x, y) in enumerate(zip(a, b, strict=True)):
            found = _first_difference(x, y, f"{path}/{n}")
            if found:
                return found
        return None
    return None if a == b else f"{path}: {str(a)[:300]} != {str(b)[:300]}"


@pytest.mark.parametrize(("source", "stream"), [(SAMPLE, None), (SAMPLE, True), (AWKWARD, False)],
                         ids=["sample", "sample-streamed", "awkward-texts"])
def test_both_paths_write_the_same_sheet_xml(tmp_path, monkeypatch, source, stream):
    monkeypatch.delenv("INDEXCEL_XLSXWRITER", raising=False)  # make test runs this file twice
    dataset = read_dataset(source)
    fast = build_report(dataset, tmp_path / "fast.xlsx", ReportOptions(stream=stream))
    monkeypatch.setenv("INDEXCEL_XLSXWRITER", "public")
    public = build_report(dataset, tmp_path / "public.xlsx", ReportOptions(stream=stream))
    assert fast.notes == public.notes == []
    ours, theirs = _sheets(tmp_path / "fast.xlsx"), _sheets(tmp_path / "public.xlsx")
    assert ours.keys() == theirs.keys()
    for name in ours:
        assert _first_difference(ours[name], theirs[name]) is None, name
    ours, theirs = digest(tmp_path / "fast.xlsx"), digest(tmp_path / "public.xlsx")
    if stream:
        # A streamed sheet's cells are on disk when its charts are written: XlsxWriter leaves
        # their caches of the data empty (Excel fills them on opening). The public path holds
        # every sheet in memory.
        for found in (ours, theirs):
            for name in [name for name in found if name.startswith("xl/charts/")]:
                del found[name]
    assert not differences(ours, theirs)


# -- a changed XlsxWriter, in a fresh process --------------------------------------------------

# A streaming internal gone (the public path holds sheets in memory and never needs it).
RENAMED = """
from xlsxwriter.worksheet import Worksheet
Worksheet._flush_row = Worksheet._write_single_row
del Worksheet._write_single_row
"""
# XlsxWriter 3.3.0 changed row_sizes from points to pixels without renaming it; here the
# change goes the other way: the sizes held in points, converted where they are used.
ROW_SIZES_IN_POINTS = """
from xlsxwriter.worksheet import Worksheet
set_row_pixels = Worksheet.set_row_pixels
def in_points(self, row, height=None, *args, **kwargs):
    code = set_row_pixels(self, row, height, *args, **kwargs)
    if row in self.row_sizes and height is not None:
        self.row_sizes[row][0] = height * 0.75
    return code
Worksheet.set_row_pixels = in_points
size_row = Worksheet._size_row
def from_points(self, row, anchor=0):
    size = size_row(self, row, anchor)
    return int(size / 0.75 + 0.5) if row in self.row_sizes else size
Worksheet._size_row = from_points
"""


def _build_in_a_changed_xlsxwriter(tmp_path: Path, change: str) -> subprocess.CompletedProcess:
    script = f"{change}\nimport sys\nfrom indexcel.cli import main\nsys.exit(main())\n"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1735689600", "PYTHONIOENCODING": "utf-8"}
    env.pop("INDEXCEL_XLSXWRITER", None)
    return subprocess.run(
        [sys.executable, "-c", script, "build", str(SAMPLE), "-o", str(tmp_path / "out.xlsx"),
         "--quiet"], capture_output=True, text=True, env=env, timeout=300, check=False)


# The fast path cannot even be imported, as with XlsxWriter before 3.2.3, which had no
# xlsxwriter.url (3.2.0, checked by hand, takes the public path). Every name the fast path
# imports XlsxWriter uses too, so the fast module itself is made unimportable.
NO_URL_MODULE = """
import sys
sys.modules["indexcel.writer._xlsx.fast"] = None
"""


@pytest.mark.parametrize("change", [RENAMED, ROW_SIZES_IN_POINTS, NO_URL_MODULE],
                         ids=["renamed-internal", "row-sizes-in-points", "no-url-module"])
def test_a_changed_xlsxwriter_falls_back_to_the_public_path(tmp_path, monkeypatch, change):
    completed = _build_in_a_changed_xlsxwriter(tmp_path, change)
    assert completed.returncode == 0, completed.stderr
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and "the slower public path was used" in lines[0], lines
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    build_report(read_dataset(SAMPLE), tmp_path / "normal.xlsx")
    assert not differences(digest(tmp_path / "normal.xlsx"), digest(tmp_path / "out.xlsx"))


def test_the_unchanged_xlsxwriter_takes_the_fast_path_silently(tmp_path):
    completed = _build_in_a_changed_xlsxwriter(tmp_path, "")
    assert completed.returncode == 0 and completed.stderr == "", completed.stderr
    with zipfile.ZipFile(tmp_path / "out.xlsx") as package:
        sheet = package.read("xl/worksheets/sheet3.xml").decode()
    # The fast path leaves out the optional spans and writes balls as character references.
    assert 'spans="' not in sheet and "&#9679;" in sheet
