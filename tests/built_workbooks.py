"""Every workbook the tests make the tool write, found and checked once (see conftest.py).

A workbook counts as written by the tool when it appears under the session's temporary
folder while the tests run, carries XlsxWriter's mark (docProps/app.xml: Application
"Microsoft Excel", AppVersion 12.0000; Excel itself writes 16.x, openpyxl and LibreOffice
their own names) and is not a byte-for-byte copy of a file shipped in the repository (the
sample, templates, tests/data: inputs, some deliberately broken). Files the tests save
through openpyxl or LibreOffice, and the non-workbooks some tests name .xlsx, are skipped.
"""

from __future__ import annotations

import hashlib
import os
import re
import zipfile
from functools import cache
from pathlib import Path

from workbook_checks import accessibility_problems, check_workbook

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = [ROOT / "input", ROOT / "templates", ROOT / "tests" / "data"]

# openxml-audit takes about 1 s for the 130 KB sample but 20 s for the 460 KB workbook of
# 2,100 indicators (test_build.py builds it three ways, to the same sheets), which holds
# nothing the smaller audited workbooks do not. Larger workbooks get check_workbook only,
# to keep the suite's time in bounds.
AUDIT_MAX_BYTES = 400_000


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@cache
def shipped_workbooks() -> dict[int, set[str]]:
    """Sizes and digests of the .xlsx files in the repository."""
    found: dict[int, set[str]] = {}
    for folder in SHIPPED:
        for path in folder.rglob("*.xlsx"):
            found.setdefault(path.stat().st_size, set()).add(_digest(path))
    return found


def written_by_xlsxwriter(path: Path) -> bool:
    """Whether `path` is a zip package whose docProps/app.xml is XlsxWriter's."""
    try:
        with zipfile.ZipFile(path) as package:
            info = package.getinfo("docProps/app.xml")
            if info.file_size > 1_000_000:
                return False
            app = package.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, RuntimeError):
        return False
    return ("<Application>Microsoft Excel</Application>" in app
            and re.search(r"<AppVersion>12\.0000</AppVersion>", app) is not None)


def is_tool_output(path: Path) -> bool:
    size = path.stat().st_size
    if size in shipped_workbooks() and _digest(path) in shipped_workbooks()[size]:
        return False  # a copy of an input
    return written_by_xlsxwriter(path)


@cache
def _validator():
    from openxml_audit import FileFormat, OpenXmlValidator

    return OpenXmlValidator(file_format=FileFormat.MICROSOFT_365, max_errors=50)


def audit_problems(path: Path) -> list[str]:
    """openxml-audit's findings (schema, relationships, Excel's own rules), as
    `python -m openxml_audit -f microsoft365 -m 50 FILE` reports them."""
    from openxml_audit import ValidationSeverity

    result = _validator().validate(path)
    if result.is_valid:
        return []
    errors = [e for e in result.errors if e.severity == ValidationSeverity.ERROR]
    return [f"openxml-audit: {e}" for e in errors] or [
        f"openxml-audit: not valid ({len(result.errors)} findings)"]


def workbook_problems(path: Path) -> list[str]:
    problems = check_workbook(path) + accessibility_problems(path)
    if path.stat().st_size <= AUDIT_MAX_BYTES:
        problems += audit_problems(path)
    return problems


class BuiltWorkbooks:
    """The .xlsx files under `root` that are new or changed since the last look."""

    def __init__(self, root: Path):
        self.root = root
        self.seen: dict[str, tuple[int, int]] = {}
        self.checked = self.audited = 0

    def new(self) -> list[Path]:
        found = []
        for folder, _, files in os.walk(self.root):
            for name in files:
                if not name.endswith(".xlsx"):
                    continue
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                key = (stat.st_mtime_ns, stat.st_size)
                if self.seen.get(path) != key:
                    self.seen[path] = key
                    found.append(Path(path))
        return found

    def problems(self) -> dict[Path, list[str]]:
        """Problems of each new workbook the tool wrote (those without problems left out)."""
        found = {}
        for path in self.new():
            if not is_tool_output(path):
                continue
            self.checked += 1
            self.audited += path.stat().st_size <= AUDIT_MAX_BYTES
            if problems := workbook_problems(path):
                found[path] = problems
        return found
