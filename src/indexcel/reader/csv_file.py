"""Rows of a CSV file as Swedish Excel and follow-up systems write them.

Encoding: a BOM decides; else UTF-8 if the bytes are valid UTF-8; else cp1252 (what
"CSV (semikolonavgränsad)" writes on Windows). Delimiter: the one of ';', ',' and tab that
makes a header row appear, else the one giving the most consistent number of fields.
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
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def decode(path: Path, data: bytes, encoding: str | None) -> str:
    chosen = encoding or detect_encoding(data)
    try:
        codecs.lookup(chosen)
    except LookupError as exc:
        raise OptionError("--encoding", f"'{chosen}' is not an encoding Python knows.",
                          "Use utf-8, utf-8-sig or cp1252.") from exc
    try:
        text = data.decode(chosen)
    except UnicodeDecodeError as exc:
        if encoding:
            raise NotASpreadsheetError(
                f"{path.name}: byte {exc.start} cannot be read as {encoding}.",
                "Leave out --encoding to let indexcel detect it, or name another encoding.",
            ) from exc
        # cp1252 leaves five bytes undefined; latin-1 reads every byte.
        text = data.decode("latin-1")
    if "\x00" in text:
        raise NotASpreadsheetError(
            f"{path.name}: the file holds binary data; it is neither a CSV nor an .xlsx workbook.",
            "Export the indicators from Excel as 'CSV (semikolonavgränsad)' or save as .xlsx.",
        )
    return text


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


def read_rows(text: str, delimiter: str) -> Iterator[RawRow]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    for record in reader:
        yield RawRow(line, [RawCell(value) for value in record])
        line = reader.line_num + 1
