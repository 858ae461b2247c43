"""Formulas and references in a workbook: the functions they call, the sheets they name.

`check_references` is one of workbook_checks.py's checks. A formula is scanned, not parsed:
string literals ("..."), structured references ([...]) and error literals (#N/A) are
stepped over, a name directly followed by '(' is a function, one followed by '!' a sheet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from xlsx_package import CHART, MAIN, Package, cell_position, column_number

# Functions a workbook may call without the _xlfn. prefix: all of them are in Excel 2007's
# file format, so every Excel since 2007, LibreOffice and Gnumeric know them by these names.
# The list is deliberately short: indexcel's own formulas use the first group; the rest are
# classic functions a later formula may reasonably need. Left out on purpose:
# - functions added in Excel 2010 and later (NEEDS_PREFIX below): written without _xlfn.
#   Excel shows #NAME?, while LibreOffice may still compute them, so a LibreOffice test
#   alone would not notice;
# - volatile functions (NOW, TODAY, RAND, OFFSET, INDIRECT, CELL, INFO): they recalculate on
#   every change, make Excel ask to save a file nobody edited, and cached values go stale;
# - HYPERLINK, WEBSERVICE, CALL, REGISTER.ID, DDE: the report's links are hyperlink
#   elements, and input text must never become a live link or call (formula injection).
INDEXCEL_FUNCTIONS = {
    "IF", "OR", "AND", "NOT", "ABS", "SIGN", "SUM", "COUNTA", "COUNTIF", "COUNTIFS",
    "ISTEXT", "ISNUMBER", "ISBLANK", "ROUND", "N", "MAX", "MIN", "LEN", "TRIM", "UPPER",
    "LOWER", "EXACT", "COUNT", "SLOPE", "CHOOSE",
}
CLASSIC_FUNCTIONS = {
    # logical
    "TRUE", "FALSE", "IFERROR",
    # maths
    "CEILING", "FLOOR", "INT", "MOD", "POWER", "PRODUCT", "ROUNDDOWN", "ROUNDUP", "SQRT",
    "SUMIF", "SUMIFS", "SUMPRODUCT", "SUBTOTAL", "TRUNC",
    # statistics
    "AVERAGE", "AVERAGEIF", "AVERAGEIFS", "COUNTBLANK", "LARGE", "SMALL", "MEDIAN",
    "RANK", "STDEV",
    # text
    "CHAR", "CLEAN", "CONCATENATE", "FIND", "LEFT", "MID", "REPLACE", "REPT", "RIGHT",
    "SEARCH", "SUBSTITUTE", "T", "TEXT", "VALUE",
    # information
    "ISERROR", "ISERR", "ISNA", "ISLOGICAL", "ISNONTEXT", "NA",
    # lookup and dates
    "COLUMN", "COLUMNS", "HLOOKUP", "INDEX", "LOOKUP", "MATCH", "ROW", "ROWS",
    "VLOOKUP", "DATE", "DAY", "MONTH", "YEAR",
}
ALLOWED_FUNCTIONS = frozenset(INDEXCEL_FUNCTIONS | CLASSIC_FUNCTIONS)

# Functions that Excel 2010 and later store as _xlfn.NAME (XlsxWriter adds the prefix only
# with the use_future_functions option). Named here only to make the message clearer: any
# function outside ALLOWED_FUNCTIONS is reported, listed here or not.
NEEDS_PREFIX = frozenset({
    "AGGREGATE", "CONCAT", "DAYS", "FILTER", "FORMULATEXT", "IFNA", "IFS", "ISFORMULA",
    "LAMBDA", "LET", "MAXIFS", "MINIFS", "NUMBERVALUE", "RANK.EQ", "SEQUENCE", "SHEET",
    "SORT", "SORTBY", "STDEV.S", "STDEV.P", "SWITCH", "TEXTJOIN", "UNIQUE", "XLOOKUP",
    "XMATCH",
})

# Prefixed (_xlfn.) functions allowed: none. Using one makes the report need Excel 2010 or
# 365 (older versions show #NAME?); add it here when that is decided, not by accident.
ALLOWED_PREFIXED: frozenset[str] = frozenset()

ERROR_LITERAL = re.compile(r"#(NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|GETTING_DATA)")
NAME = re.compile(r"[^\W\d][\w.]*|\\[\w.]*")


@dataclass(frozen=True)
class SheetRef:
    name: str
    quoted: bool


def scan(formula: str) -> Iterator[tuple[str, object]]:
    """('function', NAME), ('sheet', SheetRef) and ('error', message) found in a formula."""
    i, n = 0, len(formula)
    while i < n:
        ch = formula[i]
        if ch == '"':  # a string literal; "" inside stands for one quote
            end = formula.find('"', i + 1)
            while end != -1 and formula[end + 1:end + 2] == '"':
                end = formula.find('"', end + 2)
            if end == -1:
                yield "error", "a string literal is not closed"
                return
            i = end + 1
        elif ch == "'":  # a quoted sheet name; '' inside stands for one quote
            name, end = [], i + 1
            while True:
                close = formula.find("'", end)
                if close == -1:
                    yield "error", "a quoted sheet name is not closed"
                    return
                name.append(formula[end:close])
                if formula[close + 1:close + 2] != "'":
                    break
                name.append("'")
                end = close + 2
            i = close + 1
            if formula[i:i + 1] != "!":
                yield "error", (f"quoted name '{''.join(name)}' is not followed by '!' "
                                "(a quote inside a sheet name must be doubled)")
                continue
            for part in "".join(name).split(":"):  # 'First:Last'!A1 spans sheets
                yield "sheet", SheetRef(part, quoted=True)
        elif ch == "[":  # structured reference Table[[#This Row],[Column]]; ' escapes a char
            depth, i = 1, i + 1
            while i < n and depth:
                if formula[i] == "'":
                    i += 1
                elif formula[i] in "[]":
                    depth += 1 if formula[i] == "[" else -1
                i += 1
        elif ch == "#" and (error := ERROR_LITERAL.match(formula, i)):
            i = error.end()
        elif match := NAME.match(formula, i):
            word, i = match.group(), match.end()
            after = formula[i:i + 1]
            if after == "(":
                yield "function", word.upper()
            elif after == "!":
                yield "sheet", SheetRef(word, quoted=False)
        else:
            i += 1


def function_problem(name: str) -> str | None:
    """Why calling `name` would break in some Excel, or None when it is allowed."""
    if name.startswith("_XLFN.") or name.startswith("_XLWS."):
        bare = name.split(".", 1)[1]
        if bare in ALLOWED_PREFIXED:
            return None
        return (f"{name} needs Excel 2010 or later (older versions show #NAME?); "
                "not allowed here yet")
    if name in ALLOWED_FUNCTIONS:
        return None
    if name in NEEDS_PREFIX:
        return f"{name} is an Excel 2010+ function written without _xlfn.: Excel shows #NAME?"
    return f"{name} is not a function known to work in every Excel without a prefix"


A1 = re.compile(r"([A-Z]{1,3})(\d+)")
R1C1 = re.compile(r"(R(\d*)C(\d*)|R(\d*)|C(\d*))")


def needs_quoting(name: str) -> bool:
    """Whether Excel requires `name` quoted in a reference (XlsxWriter's quote_sheetname
    applies the same rules): anything but letters, digits, '_' and '.', a leading digit or
    '.', or a name that reads as a cell reference in A1 or R1C1 style."""
    if not name or any(not (c.isalnum() or c in "_.") for c in name):
        return True
    if name[0].isdigit() or name[0] == ".":
        return True
    upper = name.upper()
    if (a1 := A1.fullmatch(upper)) and column_number(a1.group(1)) <= 16_384 \
            and 0 < int(a1.group(2)) <= 1_048_576:
        return True
    # R1C1: a name that *starts* with R12, C12 or R1C1 is read as such a reference.
    r1c1 = R1C1.match(upper)
    return bool(r1c1) and (upper in ("R", "C", "RC") or any(r1c1.groups()[1:]))


def reference_problems(formula: str, sheets: set[str]) -> Iterator[str]:
    """Sheet references in `formula` that name no sheet, or are quoted wrongly; unknown or
    unprefixed-new functions; strings or quoted names left open."""
    for kind, value in scan(formula):
        if kind == "error":
            yield f"{value}: {formula}"
        elif kind == "function":
            if problem := function_problem(value):
                yield f"{problem}: {formula}"
        elif kind == "sheet":
            if value.name not in sheets:
                yield f"refers to a sheet '{value.name}' that does not exist: {formula}"
            elif not value.quoted and needs_quoting(value.name):
                yield f"sheet name {value.name} must be quoted ('{value.name}'!): {formula}"


def check_references(package: Package) -> Iterator[str]:
    """Formulas, defined names, link locations and chart series name sheets that exist,
    quoted where Excel needs quotes (with ' doubled), and call only functions every Excel
    knows by that name (see formula_checks.py)."""
    names = package.sheet_names
    workbook = package.parts["xl/workbook.xml"]
    defined_names = {d.get("name") for d in workbook.iter(f"{MAIN}definedName")}
    for defined in workbook.iter(f"{MAIN}definedName"):
        label = f"xl/workbook.xml: defined name {defined.get('name')}"
        local = defined.get("localSheetId")
        if local is not None and not (local.isdigit() and int(local) < len(package.sheets)):
            yield f"{label}: localSheetId {local} is not a sheet"
        elif local is not None and defined.get("name", "").startswith("_xlnm."):
            # print titles, print area, filter range: of their own sheet only
            own = package.sheets[int(local)][0]
            others = {ref.name for kind, ref in scan(defined.text or "") if kind == "sheet"}
            if others - {own}:
                yield f"{label}: belongs to '{own}' but refers to {sorted(others - {own})}"
        for problem in reference_problems(defined.text or "", names):
            yield f"{label}: {problem}"
    for label, part, sheet in package.worksheets():
        formulas = [*sheet.iter(f"{MAIN}f"), *sheet.iter(f"{MAIN}formula"),
                    *sheet.iter(f"{MAIN}formula1"), *sheet.iter(f"{MAIN}formula2")]
        for table in package.related(part, "table"):
            formulas += package.parts[table].iter(f"{MAIN}calculatedColumnFormula")
        for formula in formulas:
            for problem in reference_problems(formula.text or "", names):
                yield f"{label}: {problem}"
        for cell in sheet.iter(f"{MAIN}c"):
            if cell.get("cm") is not None:
                # XlsxWriter makes one when a formula's text, even inside a string, holds
                # FILTER(, SORT(, UNIQUE(, XLOOKUP( and the like (re_dynamic_function).
                yield (f"{label}: cell {cell.get('r')} is a dynamic array formula (cm=): "
                       "Excel before 365 shows it as an array formula {=...}")
        for link in sheet.iter(f"{MAIN}hyperlink"):
            location = link.get("location")
            if location is None:
                continue
            if "!" not in location and location not in defined_names \
                    and not all(map(cell_position, location.split(":"))):
                yield f"{label}: link in {link.get('ref')} to {location!r}: no such place"
            for problem in reference_problems(location, names):
                yield f"{label}: link in {link.get('ref')}: {problem}"
    for name, root in package.parts.items():
        if name.startswith("xl/charts/"):
            for formula in root.iter(f"{CHART}f"):
                for problem in reference_problems(formula.text or "", names):
                    yield f"{name}: {problem}"
