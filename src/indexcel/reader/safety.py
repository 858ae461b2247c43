"""Checks made on an input file before any parser sees it."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from indexcel.errors import DamagedFileError, NotASpreadsheetError, UnsafeInputError

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and other old Office files

# A real indicator workbook of 100,000 rows inflates to a few hundred MB of XML at most, and
# XML compresses about 5-30 times. Zip bombs inflate hundreds or thousands of times.
MAX_UNCOMPRESSED_BYTES = 1 << 30
MAX_RATIO = 200
RATIO_APPLIES_ABOVE = 10 << 20  # small parts may compress very well legitimately
MAX_MEMBERS = 10_000


def sniff(path: Path) -> str:
    """'xlsx', 'ole2' or 'text', from the first bytes, whatever the file is called."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    if head.startswith(OLE2_MAGIC):
        return "ole2"
    return "text"


def check_zip_package(path: Path) -> None:
    """Refuse a package that is not a zip, or whose parts declare absurd sizes."""
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise NotASpreadsheetError(
            f"{path.name}: the file is damaged or not an .xlsx workbook ({exc}).",
            "Open it in Excel and save it again as 'Excel-arbetsbok (*.xlsx)'.",
        ) from exc
    except UnicodeDecodeError as exc:  # a part's name flagged UTF-8 that is not
        raise DamagedFileError(
            f"{path.name}: the file is damaged: the name of a part of the package is not "
            f"the UTF-8 it claims to be (byte 0x{exc.object[exc.start]:02X}).",
            "Open it in Excel and save it again as 'Excel-arbetsbok (*.xlsx)', or export a CSV.",
        ) from exc
    if len(members) > MAX_MEMBERS:
        raise UnsafeInputError(
            f"{path.name}: the package holds {len(members):,} parts; a workbook has a few dozen.",
            "The file is not a normal workbook and was not opened.",
        )
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > RATIO_APPLIES_ABOVE:
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > MAX_RATIO:
                raise UnsafeInputError(
                    f"{path.name}: part '{member.filename}' would inflate {ratio:,.0f} times "
                    f"(to {member.file_size / 2**20:,.0f} MB); this looks like a zip bomb.",
                    "The file was not opened. Ask for the data again as a normal .xlsx or CSV.",
                )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UnsafeInputError(
            f"{path.name}: the workbook would inflate to {total / 2**20:,.0f} MB, more than "
            f"the {MAX_UNCOMPRESSED_BYTES / 2**20:,.0f} MB indexcel accepts.",
            "Split the input, or export it as CSV.",
        )
    _refuse_entity_declarations(path, package_members=members)
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
        hint = "Save it from Excel as 'Excel-arbetsbok (*.xlsx)', or export a CSV."
        if "word/document.xml" in names:
            hint = "This is a Word document. " + hint
        raise NotASpreadsheetError(f"{path.name}: the zip package is not an Excel workbook.", hint)


PROLOG_LIMIT = 1 << 20  # a prolog longer than this is not an Excel part either
_ROOT_START = re.compile(rb"<[A-Za-z_]")


def _refuse_entity_declarations(path: Path, package_members: list[zipfile.ZipInfo]) -> None:
    """Refuse XML parts that declare a document type (where entities are declared).

    Excel never writes one. openpyxl refuses them through defusedxml, but with lxml installed
    it parses through lxml, which keeps them and fails later with a message that names
    nothing; this check does not depend on the parser."""
    with zipfile.ZipFile(path) as package:
        for member in package_members:
            if not member.filename.endswith((".xml", ".rels", ".vml")):
                continue
            try:
                prolog = _prolog(package, member)
            except Exception:  # a damaged part: the reader names it when it gets there
                continue
            if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                raise UnsafeInputError(
                    f"{path.name}: the workbook's XML uses entity declarations (part "
                    f"'{member.filename}'), which can make a reader use unbounded memory; it "
                    "was not opened.",
                    "Save the data again from Excel, or export it as CSV.")


def _prolog(package: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    """What stands before the part's root element (a document type declaration can only
    stand there), read in chunks up to PROLOG_LIMIT."""
    seen = b""
    with package.open(member) as part:
        while len(seen) < PROLOG_LIMIT:
            chunk = part.read(8192)
            if not chunk:
                break
            seen += chunk
            found = _ROOT_START.search(seen)
            if found:
                return seen[:found.start()]
    return seen
