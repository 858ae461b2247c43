"""A dataset as a pandas DataFrame and back: `Dataset.to_frame()` and `dataset_from_frame()`.

pandas is an optional extra (`pip install indexcel[pandas]`); this module is imported only
when one of the two is called, never by the command line, the reader or the writer.

The frame has one row per indicator and the input sheet's columns in its order, under the
headers vocabulary.py writes (an input's "Indikator" is "Nyckeltal" here), then the standard
columns the input lacked (Riktning, Tolerans, Delvis, Enhet, Kommentar, Status, Trend):

- numbers are floats, percentages as fractions (0.259 for 25,9 %); a missing value is NaN
  (None in a text column), never 0. A target column holding Öka or Minska is of dtype
  object (floats, and the words as typed); other number columns are float64.
- Riktning, Status and Trend hold the Swedish words: Status and Trend as judged (a given one
  wins), Riktning as read or the default, Högre är bättre.

A float cannot say that it was typed as 25,9 %, nor that a status was computed rather than
given. to_frame() records both in `df.attrs["indexcel"]` ("memo": per row, by its
Inriktningsmål, Nyckeltal and Organisation, each number's percent-ness and decimals with its
value, and the words it filled in), with the file, sheet and report year. dataset_from_frame()
reads the frame's values as the CSV reader reads a file's (same checks, warnings and errors,
located as file "DataFrame", line = row position + 2, the frame's column), and from the memo
takes a number's format where row and value are unchanged, and empties a Status, Trend or
Riktning still holding the word to_frame filled in, so that it is computed again. Any other
number is a percentage when its row's Enhet is "%" or another of its outcomes or targets is
one, and shows the decimals it has.
"""

from __future__ import annotations

import decimal
import hashlib
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from indexcel import limits, rules, theme, vocabulary
from indexcel.errors import InputError, MissingDependencyError
from indexcel.model import Change, Column, Dataset, Indicator, Measure
from indexcel.numbers import decimals_of
from indexcel.reader.header import REQUIRED_ROLES, looks_like_header, normalise, recognise
from indexcel.reader.rows import RawCell, RawRow
from indexcel.reader.table import TableReader

try:
    import numpy
    import pandas
except ImportError as exc:  # pragma: no cover - the test extra installs pandas
    raise MissingDependencyError(
        f"pandas is needed for to_frame() and dataset_from_frame() ({exc}).",
        "pip install indexcel[pandas]") from exc

__all__ = ["dataset_from_frame", "dataset_to_frame"]

FRAME_FILE = "DataFrame"  # how problems name a frame, and a frame dataset's default source
ATTRS_KEY = "indexcel"
MEMO_VERSION = 1
MEASURE_ROLES = ("outcome", "target", "tolerance", "partly")
FILLED = "="  # the memo's mark of a word to_frame filled in (a computed status)
# The standard columns, in the order to_frame adds those an input lacks; the first three are
# required, and put first.
STANDARD = ("goal", "name", "board", "direction", "tolerance", "partly", "unit", "comment",
            "status", "trend")


def header_of(column: Column) -> str:
    """The column's header as vocabulary.py writes it; an extra column's own."""
    if column.role == "outcome":
        return vocabulary.HEADER_OUTCOME.format(year=column.year)
    if column.role == "target":
        return vocabulary.HEADER_TARGET.format(year=column.year)
    if column.role == "source":
        return vocabulary.HEADER_SOURCE.format(year=column.year)
    if column.role in vocabulary.HEADER_ALIASES:
        return vocabulary.HEADER_ALIASES[column.role][0]
    return column.header


def _row_key(goal: Any, name: Any, board: Any) -> str:
    text = "\x1f".join(str(value) for value in (goal, name, board))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


# -- to_frame --------------------------------------------------------------------------------

def dataset_to_frame(dataset: Dataset, *, trend_tolerance: float | None = None
                     ) -> pandas.DataFrame:
    """See Dataset.to_frame and this module's docstring."""
    if trend_tolerance is None:
        trend_tolerance = dataset.judgements[0] if dataset.judgements else 0.0
    judgements = rules.judge_all(dataset, trend_tolerance)
    roles = {c.role for c in dataset.columns}
    added = [Column(vocabulary.HEADER_ALIASES[role][0], role) for role in STANDARD
             if role not in roles]
    columns = ([c for c in added if c.role in REQUIRED_ROLES] + list(dataset.columns)
               + [c for c in added if c.role not in REQUIRED_ROLES])
    headers = [header_of(c) for c in columns]
    data: list[list[Any]] = [[] for _ in columns]
    memo: dict[str, list[list[Any]]] = {}
    for indicator, judgement in zip(dataset.indicators, judgements, strict=True):
        entries = memo.setdefault(
            _row_key(indicator.goal.text, indicator.name, indicator.board), [])
        for values, column, header in zip(data, columns, headers, strict=True):
            value, token = _cell(indicator, column, judgement)
            values.append(value)
            if token is not None:
                entries.append([header, value, token])
    frame = pandas.DataFrame({header: _series(values, column)
                              for header, values, column in zip(headers, data, columns,
                                                                strict=True)})
    frame.attrs[ATTRS_KEY] = {
        "version": MEMO_VERSION,
        "source": str(dataset.source) if dataset.source is not None else None,
        "sheet": dataset.sheet,
        "year": dataset.report_year,
        "added": [header_of(c) for c in added],
        # The input's own spellings ("Mål2024", "Indikator"), for the report's table.
        "headers": {header_of(c): c.header for c in dataset.columns if header_of(c) != c.header},
        # One string, not a structure: pandas deep-copies attrs on nearly every operation.
        "memo": json.dumps(memo, ensure_ascii=False, separators=(",", ":")),
    }
    return frame


def _cell(indicator: Indicator, column: Column, judgement: rules.Judgement
          ) -> tuple[Any, str | None]:
    """The frame's value of one cell, and what the memo records of it (None: nothing)."""
    role = column.role
    if role in MEASURE_ROLES:
        if role == "outcome":
            measure: Measure | Change | None = indicator.outcome(column.year)
        elif role == "target":
            measure = indicator.target(column.year)
        else:
            measure = getattr(indicator, "tolerance" if role == "tolerance" else "partly")
        if isinstance(measure, Change):
            typed = indicator.row_values.get(column.header)
            return (typed if isinstance(typed, str) and typed.strip()
                    else vocabulary.CHANGE_LABELS[measure]), None
        if measure is None:
            return math.nan, None
        return measure.value, f"{'p' if measure.percent else ''}{measure.decimals}"
    if role == "goal":
        return indicator.goal.text, None
    if role == "name":
        return indicator.name, None
    if role == "board":
        return indicator.board, None
    if role == "direction":
        word = vocabulary.DIRECTION_LABELS[indicator.direction]
        typed = indicator.row_values.get(column.header)
        return word, None if isinstance(typed, str) and typed.strip() else FILLED
    if role == "status":
        word = vocabulary.STATUS_LABELS[judgement.status]
        return word, None if indicator.given_status is not None else FILLED
    if role == "trend":
        if judgement.trend is None:
            return None, None
        word = vocabulary.TREND_LABELS[judgement.trend]
        return word, None if indicator.given_trend is not None else FILLED
    if role == "unit":
        return indicator.unit or None, None
    if role == "comment":
        return indicator.comment or None, None
    value = indicator.row_values.get(column.header)
    if isinstance(value, Measure):
        value = value.value
    return (None if isinstance(value, str) and not value.strip() else value), None


def _series(values: list[Any], column: Column) -> pandas.Series:
    """float64 for numbers; object where a target column holds a word; else as pandas infers
    (its string dtype for texts)."""
    if column.role in MEASURE_ROLES:
        words = any(isinstance(v, str) for v in values)
        return pandas.Series(values, dtype=object if words else "float64")
    return pandas.Series(values, dtype=None if values else object)


# -- dataset_from_frame ----------------------------------------------------------------------

def dataset_from_frame(frame: pandas.DataFrame, *, year: int | None = None,
                       source: str | Path | None = None, trend_tolerance: float = 0.0
                       ) -> Dataset:
    """A dataset from a DataFrame with the input sheet's columns (any header spelling the
    reader accepts, any case), read and checked as the reader reads a CSV file: row problems
    are in `dataset.problems`, located as "DataFrame, line <position + 2>, column '<name>'";
    a frame without the required columns raises InputError.

    `year`: the report year (default: the one to_frame recorded, else the latest Utfall year
    with a Mål column). `source`: what the report's guide names as its source (default: the
    file to_frame's dataset was read from, else "DataFrame"). Named index levels that are
    columns of the input sheet (after `set_index("Nyckeltal")`) are read as columns.
    """
    if not isinstance(frame, pandas.DataFrame):
        raise TypeError(f"dataset_from_frame() takes a pandas DataFrame, not "
                        f"{type(frame).__name__}")
    meta = _meta(frame)
    frame = _index_as_columns(frame)
    headers = [_text(name) for name in frame.columns]
    if not looks_like_header(headers):
        found = {recognise(h)[0] for h in headers}
        missing = [vocabulary.HEADER_ALIASES[r][0] for r in REQUIRED_ROLES if r not in found]
        raise InputError(
            f"{FRAME_FILE}: no column {', '.join(missing)} (its columns: "
            f"{', '.join(headers[:12]) or 'none'}).",
            "Name the columns as the input sheet does: Inriktningsmål, Nyckeltal, "
            "Organisation, Utfall <år>, Mål <år>; other columns may stand beside them.")
    roles = [recognise(h) for h in headers]
    cells = [_column_values(frame.iloc[:, position]) for position in range(len(headers))]
    _apply_memo(cells, headers, roles, meta)
    added = set(meta.get("added", ())) if meta else set()
    keep = [i for i, h in enumerate(headers)
            if h not in added or any(c.value is not None for c in cells[i])]
    rows: Iterator[RawRow] = iter([
        RawRow(1, [RawCell(headers[i]) for i in keep]),
        *(RawRow(r + 2, [cells[i][r] for i in keep]) for r in range(len(frame))),
    ])
    if year is None and meta and ("outcome", meta.get("year")) in roles:
        year = meta["year"]
    dataset = TableReader(FRAME_FILE, None, rows).read(year, trend_tolerance)
    if meta and isinstance(meta.get("headers"), dict):
        _spell_as_input(dataset, meta["headers"])
    if source is not None:
        dataset.source, dataset.sheet = Path(source), None
    elif meta and meta.get("source"):
        dataset.source, dataset.sheet = Path(meta["source"]), meta.get("sheet")
    else:
        dataset.source, dataset.sheet = Path(FRAME_FILE), None
    return dataset


def _spell_as_input(dataset: Dataset, spellings: dict[str, str]) -> None:
    """Give the columns to_frame renamed ("Mål2024" to "Mål 2024") the input's headers back,
    so that the report's table reads as the one built from the input. Problems keep naming
    the frame's columns."""
    taken = {c.header for c in dataset.columns}
    renamed = {c.header: spellings[c.header] for c in dataset.columns
               if isinstance(spellings.get(c.header), str) and spellings[c.header] not in taken}
    if not renamed:
        return
    for column in dataset.columns:
        column.header = renamed.get(column.header, column.header)
    for indicator in dataset.indicators:
        indicator.row_values = {renamed.get(k, k): v for k, v in indicator.row_values.items()}


def _meta(frame: pandas.DataFrame) -> dict[str, Any] | None:
    meta = frame.attrs.get(ATTRS_KEY)
    if not isinstance(meta, dict) or meta.get("version") != MEMO_VERSION:
        return None
    return meta


def _index_as_columns(frame: pandas.DataFrame) -> pandas.DataFrame:
    names = [n for n in frame.index.names if n is not None]
    if names and any(recognise(_text(n))[0] != "extra" for n in names):
        return frame.reset_index(level=names)
    return frame


def _text(name: Any) -> str:
    return name if isinstance(name, str) else str(name)


def _column_values(series: pandas.Series) -> list[RawCell]:
    return [RawCell(_plain(value)) for value in series.tolist()]


def _plain(value: Any) -> Any:
    """A frame's value as the reader takes a cell's: None when missing, Python's numbers
    and datetimes (not numpy's or pandas'), anything else as it is."""
    if value is None or value.__class__ is str:
        return value
    if isinstance(value, numpy.generic):
        value = value.item()
    if isinstance(value, decimal.Decimal):
        value = float(value)
    if value is pandas.NA or value is pandas.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pandas.Timestamp):
        return value.to_pydatetime()
    return value


def _apply_memo(cells: list[list[RawCell]], headers: list[str],
                roles: list[tuple[str, int | None]], meta: dict[str, Any] | None) -> None:
    """Give each number of an outcome, target, Tolerans or Delvis column its number format,
    and empty the words to_frame filled in (see the module's docstring)."""
    memo: dict[str, dict[str, list[tuple[Any, str]]]] = {}
    if meta:
        try:
            for key, entries in json.loads(meta.get("memo") or "{}").items():
                by_header = memo.setdefault(key, {})
                for header, value, token in entries:
                    by_header.setdefault(header, []).append((value, token))
        except (TypeError, ValueError):
            memo = {}  # not what to_frame wrote: read the frame without it
    at = {role: position for position, (role, _) in enumerate(roles)}
    measures = [i for i, (role, _) in enumerate(roles) if role in MEASURE_ROLES]
    words = [i for i, (role, _) in enumerate(roles) if role in ("direction", "status", "trend")]
    for r in range(len(cells[0]) if cells else 0):
        key = _row_key(*(cells[at[role]][r].value for role in REQUIRED_ROLES))
        recorded = memo.get(key, {})
        formats: dict[int, str] = {}
        for i in measures:
            value = cells[i][r].value
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                formats[i] = next((token for seen, token in recorded.get(headers[i], ())
                                   if seen == value and token != FILLED), "")
        percent = _percent_row(cells, at, r) or any(
            token.startswith("p") for i, token in formats.items()
            if roles[i][0] in ("outcome", "target"))
        for i, token in formats.items():
            value = cells[i][r].value
            if not limits.fits_number(value):
                continue  # the reader's error, from the value
            if not token:
                token = f"{'p' if percent else ''}{decimals_of(value * 100 if percent else value)}"
            cells[i][r] = RawCell(value, theme.number_format(int(token.lstrip("p")),
                                                             token.startswith("p")))
        for i in words:
            value = cells[i][r].value
            if isinstance(value, str) and (value, FILLED) in recorded.get(headers[i], ()):
                cells[i][r] = RawCell(None)


def _percent_row(cells: list[list[RawCell]], at: dict[str, int], r: int) -> bool:
    unit = cells[at["unit"]][r].value if "unit" in at else None
    return isinstance(unit, str) and normalise(unit) == "%"
