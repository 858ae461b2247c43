"""The fast path (rows rendered inside XlsxWriter) and the public path (XlsxWriter's write_*
methods) write the same workbooks; a changed XlsxWriter makes the tool fall back, not fail.

The paths are chosen by INDEXCEL_XLSXWRITER=public, or by the probe run before the first
workbook of a process. A changed XlsxWriter is simulated in a fresh process by renaming or
changing the meaning of internals the fast path uses, as XlsxWriter 3.2.3 and 3.3.0 did.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA, SAMPLE
from indexcel.reader import read_dataset
from indexcel.writer import ReportOptions, build_report
from workbook_digest import differences, digest, first_difference, sheet_xml

AWKWARD = DATA / "valid" / "awkward-texts.csv"


@pytest.mark.parametrize(("source", "stream"), [(SAMPLE, None), (SAMPLE, True), (AWKWARD, False)],
                         ids=["sample", "sample-streamed", "awkward-texts"])
def test_both_paths_write_the_same_sheet_xml(tmp_path, monkeypatch, source, stream):
    monkeypatch.delenv("INDEXCEL_XLSXWRITER", raising=False)  # make test runs this file twice
    dataset = read_dataset(source)
    fast = build_report(dataset, tmp_path / "fast.xlsx", ReportOptions(stream=stream))
    monkeypatch.setenv("INDEXCEL_XLSXWRITER", "public")
    public = build_report(dataset, tmp_path / "public.xlsx", ReportOptions(stream=stream))
    assert fast.notes == public.notes == []
    ours, theirs = sheet_xml(tmp_path / "fast.xlsx"), sheet_xml(tmp_path / "public.xlsx")
    assert ours.keys() == theirs.keys()
    for name in ours:
        assert first_difference(ours[name], theirs[name]) is None, name
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


# -- the door's honesty -----------------------------------------------------------------------

def _xlsxwriter_rewritten_names() -> list[str]:
    """Every function name XlsxWriter's _prepare_formula rewrites, read from its source."""
    import inspect

    from xlsxwriter.worksheet import Worksheet

    source = inspect.getsource(Worksheet._prepare_formula)
    return sorted(set(re.findall(r're\.sub\(r"\\[bS]([A-Z0-9.]+)\\\(', source)))


def test_the_functions_indexcel_calls_are_none_xlsxwriter_rewrites():
    from xlsxwriter.worksheet import Worksheet

    from indexcel.writer._xlsx.fast import PLAIN_FUNCTIONS

    rewritten = _xlsxwriter_rewritten_names()
    assert len(rewritten) > 100 and "XLOOKUP" in rewritten  # the source was read
    assert not PLAIN_FUNCTIONS & set(rewritten)
    for name in PLAIN_FUNCTIONS:
        assert Worksheet()._prepare_formula(f"={name}(A1)", True) == f"{name}(A1)"


_FRAGMENTS = ["IF(", "SUM(", "COUNTIFS(", "SORT(", "FILTER(", "XLOOKUP(", "ISOWEEKNUM(",
              "SINGLE(", "_xlfn.", "a.", "x", "1", '"', "(", ")", ",", "=", "{", "}", " ",
              "&", "é", "BETA.DIST(", "ROUND(", "N(", "if("]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=8), st.booleans())
def test_the_fast_sheet_prepares_every_formula_as_xlsxwriter_does(fragments, expand):
    from xlsxwriter.worksheet import Worksheet

    from indexcel.writer._xlsx.fast import RawRowWorksheet

    formula = "".join(fragments)
    assert RawRowWorksheet()._prepare_formula(formula, expand) == \
        Worksheet()._prepare_formula(formula, expand)


def test_a_formula_written_through_the_public_api_on_a_fast_sheet_is_xlsxwriter_s():
    # A dynamic array function and a newer function: XlsxWriter prefixes them (_xlfn.), on
    # a fast sheet as on any other, in a cell and in a conditional format.
    # Written to memory: these are not indexcel's workbooks (the suite's workbook checks would
    # rightly refuse their newer functions).
    import io

    import xlsxwriter

    from indexcel.writer._xlsx import fast, public

    parts = {}
    for name, add in (("fast", fast.add_sheet), ("public", public.add_sheet)):
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = add(workbook, "Blad", True)
        sheet.write_formula(0, 0, "=XLOOKUP(1,B1:B3,C1:C3)")
        sheet.write_formula(1, 0, "=IF(B1>0,ISOWEEKNUM(B2),0)")
        sheet.conditional_format("B1:B3", {"type": "formula", "criteria": "=ISOWEEKNUM(B1)>1",
                                           "format": workbook.add_format({"bold": True})})
        workbook.close()
        with zipfile.ZipFile(output) as package:
            parts[name] = package.read("xl/worksheets/sheet1.xml").decode()
    assert "_xlfn.XLOOKUP(" in parts["fast"] and "_xlfn.ISOWEEKNUM(B1)" in parts["fast"]
    # The same sheet, but for the spans the fast path leaves out (an optional hint).
    assert parts["fast"] == re.sub(r' spans="[^"]*"', "", parts["public"])


def _docstring_words(module) -> set[str]:
    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", module.__doc__ or ""))


def test_the_fast_path_lists_every_private_name_it_touches():
    import ast
    import inspect

    import xlsxwriter
    from xlsxwriter.format import Format
    from xlsxwriter.sharedstrings import SharedStringTable
    from xlsxwriter.url import Url
    from xlsxwriter.worksheet import Worksheet

    from indexcel.writer._xlsx import fast

    tree = ast.parse(inspect.getsource(fast))
    ours = {node.name for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.ClassDef))} | {"_whole_rows"}
    used = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    used |= {kw.arg for node in ast.walk(tree) if isinstance(node, ast.Call)
             for kw in node.keywords if kw.arg}
    keys = {node.slice.value for node in ast.walk(tree) if isinstance(node, ast.Subscript)
            and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str)}
    keys |= {key.value for node in ast.walk(tree) if isinstance(node, ast.Dict)
             for key in node.keys if isinstance(key, ast.Constant)}
    classes = (Worksheet, xlsxwriter.Workbook, Format, SharedStringTable, Url)
    state = (set(vars(Worksheet())) | set(vars(xlsxwriter.Workbook(None)))
             | set(vars(Url("internal:A1"))))
    # XlsxWriter's private methods and its objects' state (documented API: public methods,
    # the options of Workbook(), and a sheet's name) that fast.py reads, writes or overrides.
    documented = {"name", "in_memory"}  # a sheet's name; Workbook's option in_memory
    private = {name for name in (used | keys) - documented if not name.startswith("__")
               and ((name.startswith("_") and any(hasattr(c, name) for c in classes))
                    or name in state)}
    private |= {"worksheet_class"}  # add_worksheet's undocumented keyword
    listed = _docstring_words(fast)
    assert private - listed == set()
    # And the list names nothing that is not there (any more).
    names = [w for w in listed if w in private or w.startswith("_")]
    assert all(any(hasattr(c, w) or w in state for c in classes) or w in keys
               for w in names if w not in ours or w.startswith("_")), names


def test_the_openpyxl_door_lists_its_private_names_and_checks_the_version(monkeypatch):
    import ast
    import inspect

    from indexcel.reader import _openpyxl

    tree = ast.parse(inspect.getsource(_openpyxl))
    used = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
            and node.attr.startswith("_") and not node.attr.startswith("__")}
    used |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
             and node.module and node.module.startswith("openpyxl")
             and any(part.startswith("_") for part in node.module.split("."))
             for alias in node.names}  # WorkSheetParser, from openpyxl.worksheet._reader
    assert used - _docstring_words(_openpyxl) == set()
    # Another version of openpyxl is read through its public API alone.
    _openpyxl.private_names_usable.cache_clear()
    monkeypatch.setattr("openpyxl.__version__", "9.0.0")
    try:
        assert not _openpyxl.private_names_usable()
        expected = read_dataset(SAMPLE)
        assert expected.indicators  # read, through the public API
    finally:
        _openpyxl.private_names_usable.cache_clear()
