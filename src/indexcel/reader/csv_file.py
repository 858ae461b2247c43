"""Rows of a CSV file as Swedish Excel and follow-up systems write them.

Encoding: a BOM decides; else UTF-8 if the bytes are valid UTF-8 (and an error naming the
line and byte if they are UTF-8 but for a few bad bytes); else cp1252 (what "CSV
(semikolonavgränsad)" writes on Windows). A BOM is never read as data.

Delimiter: the one of ';', ',' and tab that makes a header row appear, else the one giving the
most consistent number of fields.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from pathlib import Path

from indexcel.errors import NotASpreadsheetError, OptionError
from indexcel.reader.rows import RawCell, RawRow

DELIMITERS = (";", ",", "\t")
_SNIFF_LINES = 200
# No CSV field needs more than a cell can hold; the default limit (128 KiB) is too small for
# some exports' comment fields, and the excess is reported later, per cell.
csv.field_size_limit(1 << 24)


def detect_encoding(data: bytes) -> str:
    """'utf-8-sig' or 'utf-16' from a BOM; else 'utf-8' for valid UTF-8 and for UTF-8 with a
    few bad bytes (which decode() then names); else 'cp1252'."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "utf-8" if _mostly_utf8(data) else "cp1252"
    return "utf-8"


def _mostly_utf8(data: bytes) -> bool:
    """Whether bytes that are not valid UTF-8 hold more valid UTF-8 sequences (å as two bytes)
    than invalid bytes: a UTF-8 file with a few bad bytes, not a cp1252 file (å as one)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return non_ascii - bad > bad


def decode(path: Path, data: bytes, encoding: str | None) -> str:
    """The file's text. A BOM at the start is never data, whatever encoding is named."""
    chosen = encoding or detect_encoding(data)
    try:
        codecs.lookup(chosen)
    except LookupError as exc:
        raise OptionError("--encoding", f"'{chosen}' is not an encoding Python knows.",
                          "Use utf-8, utf-8-sig or cp1252.") from exc
    try:  # rot13, zlib, base64, hex are codecs, but not of bytes to text; undefined is none
        b"a".decode(chosen, "ignore")
    except (LookupError, UnicodeError) as exc:
        raise OptionError("--encoding", f"'{chosen}' is not an encoding a CSV file can be read "
                          "with (it does not turn bytes into text).",
                          "Use utf-8, utf-8-sig or cp1252.") from exc
    if data.startswith(codecs.BOM_UTF8) and not codecs.lookup(chosen).name.startswith("utf-16"):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode(chosen)
    except UnicodeDecodeError as exc:
        if encoding or chosen.startswith("utf"):
            raise _not_decodable(path, data, exc, encoding) from exc
        # cp1252 leaves five bytes undefined; latin-1 reads every byte.
        text = data.decode("latin-1")
    text = text.removeprefix("\ufeff")
    if "\x00" in text and text.count("\x00") * 100 > len(text):
        # A stray NUL in a text is removed (with a warning) like other control characters.
        raise NotASpreadsheetError(
            f"{path.name}: the file holds binary data; it is neither a CSV nor an .xlsx workbook.",
            "Export the indicators from Excel as 'CSV (semikolonavgränsad)' or save as .xlsx.",
        )
    return text


def _not_decodable(path: Path, data: bytes, exc: UnicodeDecodeError,
                   named: str | None) -> NotASpreadsheetError:
    """Where the first byte that cannot be read stands: line, byte of the line, its value."""
    line = data.count(b"\n", 0, exc.start) + 1
    line_start = data.rfind(b"\n", 0, exc.start) + 1
    before = data[line_start:exc.start].decode(exc.encoding, errors="replace")[-30:]
    where = (f"line {line}, byte {exc.start - line_start + 1} of the line (0x{data[exc.start]:02X}"
             + (f", after '{before}'" if before.strip() else "") + ")")
    if named:
        return NotASpreadsheetError(
            f"{path.name}: the file is not valid {named}: {where} cannot be read as {named}.",
            "Leave out --encoding to let indexcel detect it, or name another encoding.",
        )
    bad = data.decode("utf-8", errors="replace").count("\ufffd")
    more = f" ({bad - 1:,} more such bytes further on)" if bad > 1 else ""
    return NotASpreadsheetError(
        f"{path.name}: the file is not valid UTF-8: {where} is no UTF-8 character{more}, "
        "though the rest of the file is UTF-8.",
        "Save it again from Excel as 'CSV UTF-8 (kommaavgränsad)', or correct that character; "
        "if the file really is Windows-1252 text, pass --encoding cp1252.",
    )


def detect_delimiter(text: str, looks_like_header: Callable[[list[str]], bool]) -> str:
    head = "\n".join(text.splitlines()[:_SNIFF_LINES])
    best, best_score = None, (-1, -1)
    for delimiter in DELIMITERS:
        rows = [row for row in csv.reader(io.StringIO(head), delimiter=delimiter) if row]
        if any(looks_like_header(row) for row in rows):
            return delimiter
        widths = [len(row) for row in rows]
        if not widths or max(widths) < 2:
            continue
        most_common = max(set(widths), key=widths.count)
        score = (widths.count(most_common), most_common)
        if score > best_score:
            best, best_score = delimiter, score
    return best or ";"


def delimiter_name(delimiter: str) -> str:
    """How a message names a delimiter: ';', ',' or tab."""
    return "tab" if delimiter == "\t" else f"'{delimiter}'"


def finds_header(text: str, delimiter: str, looks_like_header: Callable[[list[str]], bool]
                 ) -> bool:
    """Whether one of the first lines, split at `delimiter`, is a header row."""
    head = "\n".join(text.splitlines()[:_SNIFF_LINES])
    return any(looks_like_header(row)
               for row in csv.reader(io.StringIO(head), delimiter=delimiter) if row)


def read_rows(text: str, delimiter: str) -> Iterator[RawRow]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    for record in reader:
        yield RawRow(line, [RawCell(value) for value in record])
        line = reader.line_num + 1
