"""Mutators for tests/test_fuzz.py: hostile variants of a small valid CSV and a small valid
workbook, each made from a random.Random so that a seed gives the same inputs again."""

from __future__ import annotations

import functools
import importlib.util
import io
import random
import re
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@functools.cache
def _minimal_xlsx():
    spec = importlib.util.spec_from_file_location("minimal_xlsx",
                                                  ROOT / "tools" / "minimal_xlsx.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HEADER = ["Inriktningsmål", "Nyckeltal", "Organisation", "Utfall 2023", "Utfall 2024",
          "Mål 2024", "Riktning", "Status", "Kommentar", "Tolerans", "Delvis", "Riket 2024",
          "Placering 2024", "Kvartil 2024"]
ROWS = [
    ["1.1. En ekonomi i balans", "Budgetföljsamhet", "Kommunstyrelse", "25,9 %", "24,1 %",
     "0 %", "Nära målet", "", "Bra", "1 %", "3 %", "1,2 %", "", ""],
    ["1.1. En ekonomi i balans", "Soliditet", "Socialnämnd", "31", "33", "30", "", "", "",
     "", "", "40", "201 av 290", "Sämsta kvartilen"],
    ["2.1. Trygg uppväxt", "Elever med examen", "Utbildningsnämnd", "61 %", "64 %", "75 %",
     "Högre är bättre", "Ej uppfylld", "Analys: på väg", "5 %", "10 %", "70 %", "12 av 290",
     "1"],
    ["2.1. Trygg uppväxt", "Antal gästnätter", "Kultur- och fritidsnämnd", "421 442", "-",
     "400 000", "", "", "", "", "", "", "7", ""],
    ["2.1. Trygg uppväxt", "Väntetid", "Socialnämnd", "50", "40", "Minska", "", "", "", "2",
     "", "45", "", ""],
    ["2.1. Trygg uppväxt", "Besök", "Kommunstyrelse", "100", "105", "Öka",
     "Lägre är bättre", "Delvis uppfylld", "", "", "", "", "", ""],
]

# Values a hostile user (or a broken export) puts in a cell.
HOSTILE_VALUES = [
    "", " ", "-", "..", "9" * 400, "-" + "9" * 330, "1e999", "nan", "inf", "0," + "0" * 400 + "1",
    "1,2,3", "25,9 %%", "\x01", "a\x00b", "bell\x07", "\x1b[31mröd", "\ufffe", "\uffff",
    "_x0001_", "_x005F_x0041_", "=1+1", "+SUM(1)", "@A1", "-2+3", '=HYPERLINK("http://x")',
    "<r>x & y</r>", "]]>", "'", "''", "Utfall 2024", "Mål 2024", "Utfall2024", "Utfall ٢٠٢٤",
    "Inriktningsmål: 3.1. Grupp", "5" * 5000 + ". Långt nummer", "😀" * 17_000, "x" * 33_000,
    "History", "Alla indikatorer", "a" * 300, "\ufeffBOM", "Uppfylld", "Nedåt", "Lägre",
    "line\nbreak", "tab\there", "\r", "\u2028", "\u200b", "️", "1.1.", "1. ", "0",
    # the rules of issue 10: words, limits, huge but legal numbers, near-equal values
    "Nära målet", "nära", "Öka", "ÖKNING", "minskning", "Delvis uppfylld", "-1 %", "0 %",
    "1", "1E+299", "9" * 300, "-" + "9" * 300, "2,5E-10", "123456,7890123457", "\u212aka",
    # the comparisons of issue 17
    "12 av 290", "0 av 3", "5 av 4", "3/4", "Bästa kvartilen", "kvartil 5", "Riket 2024",
    "Placering 2024", "Kvartil 2024", "Rang 2024", "Jämförelsegrupp", "G37290", "1" * 20,
]
BAD_REFS = ["XFE3", "A0", "ZZZZ1", "A1048577", "A-1", "", "3A", "XFD1048576", "a1"]


def csv_text(rng: random.Random) -> str:
    """The base table with a few cells or headers replaced, rows duplicated or dropped."""
    table = [list(HEADER)] + [list(row) for row in ROWS]
    for _ in range(rng.randint(1, 4)):
        kind = rng.random()
        row = rng.randrange(len(table))
        if kind < 0.6:
            # Text columns half the time: odd texts a report is built from, not only errors.
            col = rng.choice([0, 1, 2, 8]) if rng.random() < 0.5 and row else \
                rng.randrange(len(table[row]))
            if col < len(table[row]):
                table[row][col] = rng.choice(HOSTILE_VALUES)
        elif kind < 0.75:
            table.insert(rng.randrange(1, len(table) + 1), list(rng.choice(table)))
        elif kind < 0.85 and len(table) > 2:
            del table[rng.randrange(1, len(table))]
        elif kind < 0.95:
            col = rng.randrange(len(HEADER))
            for line in table:
                if col < len(line):
                    line.insert(col, line[col])  # a column twice
        else:
            table[row].append(rng.choice(HOSTILE_VALUES))
    delimiter = rng.choice([";", ";", ",", "\t"])
    lines = []
    for line in table:
        fields = []
        for field in line:
            if any(ch in field for ch in (delimiter, '"', "\n", "\r")):
                field = '"' + field.replace('"', '""') + '"'
            fields.append(field)
        lines.append(delimiter.join(fields))
    return "\r\n".join(lines) + "\r\n"


def csv_bytes(rng: random.Random) -> bytes:
    text = csv_text(rng)
    encoding = rng.choice(["utf-8", "utf-8", "utf-8-sig", "cp1252", "utf-16"])
    return text.encode(encoding, errors="replace" if encoding == "cp1252" else "surrogatepass")


def xlsx_bytes(rng: random.Random) -> bytes:
    """The minimal workbook with its sheet, shared strings, styles or workbook part mutated
    as text: bytes deleted, duplicated or replaced, control characters, huge numbers and bad
    references injected, or the part cut short."""
    minimal = _minimal_xlsx()
    data = minimal.standard()
    parts = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            parts[name] = package.read(name)
    targets = ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml",
               "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml"]
    for _ in range(rng.randint(1, 3)):
        name = rng.choice(targets)
        parts[name] = mutate_xml(rng, parts[name])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, part in parts.items():
            package.writestr(zipfile.ZipInfo(name, minimal.DATE), part)
    return buffer.getvalue()


def mutate_xml(rng: random.Random, part: bytes) -> bytes:
    text = part.decode("utf-8", errors="surrogateescape")  # an earlier mutation's bytes kept
    kind = rng.randrange(9)
    at = rng.randrange(len(text))
    if kind == 0:  # delete a run
        return _encode(text[:at] + text[at + rng.randint(1, 40):])
    if kind == 1:  # duplicate a run
        return _encode(text[:at] + text[at:at + rng.randint(1, 80)] + text[at:])
    if kind == 2:  # replace bytes with random ones
        raw = bytearray(part)
        for _ in range(rng.randint(1, 5)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        return bytes(raw)
    if kind == 3:  # a control character or a character reference XML forbids
        injected = rng.choice(["\x01", "&#1;", "&#x1F;", "\ufffe", "&#xD800;", "_x0001_"])
        return _encode(_in_a_text(rng, text, injected))
    if kind == 4:  # a huge or odd number in a value
        values = list(re.finditer(r"<v>[^<]*</v>", text))
        if values:
            match = rng.choice(values)
            number = rng.choice(["9" * 400, "-1e999", "nan", "inf", "1e-400", "0x10", "1,5",
                                 "", "99999999999", "-99999999"])
            return _encode(text[:match.start()] + f"<v>{number}</v>" + text[match.end():])
    if kind == 5:  # a bad cell reference
        refs = list(re.finditer(r' r="[A-Z]+[0-9]+"', text))
        if refs:
            match = rng.choice(refs)
            return _encode(text[:match.start()] + f' r="{rng.choice(BAD_REFS)}"'
                           + text[match.end():])
    if kind == 6:  # an attribute's value changed: style index, type, row number, count
        attrs = list(re.finditer(r' (s|t|r|count|numFmtId|xfId|sheetId)="[^"]*"', text))
        if attrs:
            match = rng.choice(attrs)
            value = rng.choice(["99", "-1", "abc", "s", "b", "e", "d", "inlineStr", "str",
                                "1048577", "0", ""])
            return _encode(text[:match.start()] + f' {match.group(1)}="{value}"'
                           + text[match.end():])
    if kind == 7:  # cut short
        return part[:at]
    return _encode(_in_a_text(rng, text, rng.choice(HOSTILE_VALUES)[:200]))


def _encode(text: str) -> bytes:
    """Back to bytes: bytes kept from decoding as they were, lone surrogates as UTF-8 would
    write them (invalid, as a broken writer would)."""
    try:
        return text.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="surrogatepass")


def _in_a_text(rng: random.Random, text: str, injected: str) -> str:
    """`injected` inside the text of a <t> or <v> element, or anywhere when there is none."""
    spots = [m.end() for m in re.finditer(r"<(t|v)( [^>]*)?>", text)]
    at = rng.choice(spots) if spots else rng.randrange(len(text))
    return text[:at] + injected + text[at:]


def raw_bytes(rng: random.Random, base: bytes) -> bytes:
    """Bytes flipped, deleted, inserted or cut off anywhere in a file."""
    data = bytearray(base)
    for _ in range(rng.randint(1, 6)):
        kind = rng.randrange(4)
        at = rng.randrange(max(len(data), 1))
        if kind == 0 and data:
            data[at] = rng.randrange(256)
        elif kind == 1:
            del data[at:at + rng.randint(1, 16)]
        elif kind == 2:
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        else:
            del data[at:]
    return bytes(data)


def mutated_input(rng: random.Random) -> tuple[str, bytes, str]:
    """(file name, bytes, what was done) for one fuzz iteration."""
    kind = rng.choices(["csv", "xlsx", "raw-csv", "raw-xlsx"], weights=[4, 4, 1, 1])[0]
    if kind == "csv":
        return "fuzz.csv", csv_bytes(rng), kind
    if kind == "xlsx":
        return "fuzz.xlsx", xlsx_bytes(rng), kind
    if kind == "raw-csv":
        return "fuzz.csv", raw_bytes(rng, csv_bytes(rng)), kind
    return "fuzz.xlsx", raw_bytes(rng, _minimal_xlsx().standard()), kind
