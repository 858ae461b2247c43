"""A dataset as a pandas DataFrame and back: `Dataset.to_frame()` and `dataset_from_frame()`.

pandas is an optional extra; this module is imported only when one of the two is called,
never by the command line, the reader or the writer. README ("As a library") describes the
frame: its columns, dtypes, and how percentages and computed words survive the round trip.

What a float cannot say (that it was typed 25,9 %, with one decimal) and which words were
computed rather than given, to_frame() records in `df.attrs["indexcel"]`, per row (by
Inriktningsmål, Nyckeltal, Organisation) and value. dataset_from_frame() takes a number's
format from it where row and value are unchanged, else from the row (Enhet "%", or its other
outcomes and targets), and empties the words to_frame filled in, to be computed again; then
the reader's TableReader reads the values as a CSV file's, with the same checks and problems,
located as "DataFrame, line <row position + 2>, column '<the frame's column>'".
"""

from __future__ import annotations

import dataclasses
import decimal
import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from indexcel import limits, rules, theme, vocabulary
from indexcel.errors import InputError, MissingDependencyError
from indexcel.gcpause import paused_gc
from indexcel.model import Change, Column, ColumnRole, Dataset, Indicator, Measure
from indexcel.numbers import decimals_of
from indexcel.reader.header import REQUIRED_ROLES, looks_like_header, normalise, recognise
from indexcel.reader.rows import RawCell, RawRow
from indexcel.reader.table import TableReader

try:
    import numpy
    import pandas
except ImportError as exc:
    raise MissingDependencyError(
        f"pandas is needed for to_frame() and dataset_from_frame() ({exc}).",
        "pip install indexcel[pandas]") from exc

__all__ = ["dataset_from_frame", "dataset_to_frame"]

FRAME_FILE = "DataFrame"  # how problems name a frame, and a frame dataset's default source
ATTRS_KEY = "indexcel"
MEMO_VERSION = 1
MEASURE_ROLES = (ColumnRole.OUTCOME, ColumnRole.TARGET, ColumnRole.TOLERANCE, ColumnRole.PARTLY)
WORD_ROLES = (ColumnRole.DIRECTION, ColumnRole.STATUS, ColumnRole.TREND)
FILLED = "="  # the memo's token for a word to_frame filled in
# The standard columns to_frame adds where the input lacks them: the required ones first,
# the others after the input's own.
STANDARD = (ColumnRole.GOAL, ColumnRole.NAME, ColumnRole.BOARD, ColumnRole.DIRECTION,
            ColumnRole.TOLERANCE, ColumnRole.PARTLY, ColumnRole.UNIT, ColumnRole.COMMENT,
            ColumnRole.STATUS, ColumnRole.TREND)


YEARLY_HEADERS = {ColumnRole.OUTCOME: vocabulary.HEADER_OUTCOME,
                  ColumnRole.TARGET: vocabulary.HEADER_TARGET,
                  ColumnRole.SOURCE: vocabulary.HEADER_SOURCE}


def header_of(column: Column) -> str:
    """The column's header as vocabulary.py writes it; an extra column's own."""
    if column.role in YEARLY_HEADERS:
        return YEARLY_HEADERS[column.role].format(year=column.year)
    aliases = vocabulary.HEADER_ALIASES.get(column.role)
    return aliases[0] if aliases else column.header


def _row_key(goal: Any, name: Any, board: Any) -> str:
    text = f"{goal}\x1f{name}\x1f{board}"
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


# -- to_frame ---------------------------------------------------------------------------------

def dataset_to_frame(dataset: Dataset, assessment: rules.Assessment | None = None, *,
                     trend_tolerance: float | None = None) -> pandas.DataFrame:
    """See Dataset.to_frame and this module's docstring."""
    if assessment is None:
        assessment = rules.assess(dataset, rules.AssessmentOptions(trend_tolerance or 0.0))
    elif assessment.dataset is not dataset:
        raise ValueError("the assessment is of another dataset: assess this one "
                         "(indexcel.assess(dataset)).")
    elif trend_tolerance not in (None, assessment.options.trend_tolerance):
        raise ValueError(f"trend_tolerance={trend_tolerance}, but the assessment was judged "
                         f"with {assessment.options.trend_tolerance}: give one of the two.")
    with paused_gc():
        judgements = assessment.indicators
        roles = {c.role for c in dataset.columns}
        added = [Column(vocabulary.HEADER_ALIASES[role][0], role) for role in STANDARD
                 if role not in roles]
        columns = ([c for c in added if c.role in REQUIRED_ROLES] + list(dataset.columns)
                   + [c for c in added if c.role not in REQUIRED_ROLES])
        data: dict[str, pandas.Series] = {}
        memo_columns: list[str] = []
        recorded: list[list[Any]] = []  # per memo column: values, then tokens
        for column in columns:
            values, tokens = _column(dataset.indicators, judgements, column)
            data[header_of(column)] = _series(values, column)
            if tokens is not None:
                memo_columns.append(header_of(column))
                recorded += [values, tokens]
        rows: dict[str, list[list[Any]]] = {}
        for r, indicator in enumerate(dataset.indicators):
            flat = [part[r] for part in recorded]
            for j in range(1, len(flat), 2):
                if flat[j] is None:  # nothing to remember: no value for the JSON to carry
                    flat[j - 1] = None
            rows.setdefault(_row_key(indicator.goal.text, indicator.name, indicator.board),
                            []).append(flat)
        frame = pandas.DataFrame(data)
    frame.attrs[ATTRS_KEY] = {
        "version": MEMO_VERSION,
        "source": str(dataset.source),
        "sheet": dataset.sheet,
        "year": dataset.report_year,
        "added": [header_of(c) for c in added],
        # The input's own spellings ("Mål2024", "Indikator"), for the report's table.
        "headers": {header_of(c): c.header for c in dataset.columns if header_of(c) != c.header},
        # One string, not a structure: pandas deep-copies attrs on nearly every operation.
        "memo": json.dumps({"columns": memo_columns, "rows": rows}, ensure_ascii=False,
                           separators=(",", ":")),
    }
    return frame


def _column(indicators: Sequence[Indicator], judgements: Sequence[rules.Judgement],
            column: Column) -> tuple[list[Any], list[str | None] | None]:
    """The frame's values of one column, and the memo's tokens for them (None: the column
    has nothing to remember)."""
    role, header = column.role, column.header
    if role in MEASURE_ROLES:
        values: list[Any] = []
        tokens: list[str | None] = []
        for indicator in indicators:
            measure = _measure(indicator, column)
            if isinstance(measure, Measure):
                values.append(measure.value)
                tokens.append(f"{'p' if measure.percent else ''}{measure.decimals}")
            else:  # Öka or Minska as typed ("Ökning" stays "Ökning"), or nothing
                typed = indicator.row_values.get(header)
                word = typed if _typed(typed) else measure and vocabulary.CHANGE_LABELS[measure]
                values.append(word)
                tokens.append(None)
        return values, tokens
    if role is ColumnRole.DIRECTION:
        return ([vocabulary.DIRECTION_LABELS[i.direction] for i in indicators],
                [None if _typed(i.row_values.get(header)) else FILLED for i in indicators])
    if role is ColumnRole.STATUS:
        return ([vocabulary.STATUS_LABELS[j.status] for j in judgements],
                [None if i.given_status is not None else FILLED for i in indicators])
    if role is ColumnRole.TREND:
        return ([None if j.trend is None else vocabulary.TREND_LABELS[j.trend]
                 for j in judgements],
                [None if i.given_trend is not None or j.trend is None else FILLED
                 for i, j in zip(indicators, judgements, strict=True)])
    if role in (ColumnRole.GOAL, ColumnRole.NAME, ColumnRole.BOARD, ColumnRole.UNIT,
                ColumnRole.COMMENT):
        pick: Callable[[Indicator], str | None] = {
            ColumnRole.GOAL: lambda i: i.goal.text, ColumnRole.NAME: lambda i: i.name,
            ColumnRole.BOARD: lambda i: i.board, ColumnRole.UNIT: lambda i: i.unit or None,
            ColumnRole.COMMENT: lambda i: i.comment or None}[role]
        return [pick(i) for i in indicators], None
    return [_other(i.row_values.get(header)) for i in indicators], None


def _measure(indicator: Indicator, column: Column) -> Measure | Change | None:
    if column.role is ColumnRole.TOLERANCE:
        return indicator.tolerance
    if column.role is ColumnRole.PARTLY:
        return indicator.partly
    year = column.year or 0  # outcome and target columns have theirs
    return indicator.outcome(year) if column.role is ColumnRole.OUTCOME else indicator.target(year)


def _typed(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _other(value: Any) -> Any:
    if isinstance(value, Measure):  # a dataset made in code may hold one anywhere
        return value.value
    return None if isinstance(value, str) and not value.strip() else value


def _series(values: list[Any], column: Column) -> pandas.Series:
    """float64 for numbers (None becomes NaN); object where a target column holds a word;
    else as pandas infers (its string dtype for texts)."""
    if column.role in MEASURE_ROLES:
        if any(isinstance(v, str) for v in values):
            return pandas.Series([numpy.nan if v is None else v for v in values], dtype=object)
        return pandas.Series(values, dtype="float64")
    return pandas.Series(values, dtype=None if values else object)


# -- dataset_from_frame -----------------------------------------------------------------------

def dataset_from_frame(frame: pandas.DataFrame, *, year: int | None = None,
                       source: str | Path | None = None) -> Dataset:
    """A dataset from a frame with the input sheet's columns (any header the reader takes),
    checked as the reader checks a CSV file: row problems in `dataset.problems`, InputError
    when a required column is missing. Named index levels that are such columns (after
    `set_index("Nyckeltal")`) are read as columns. `year` as for read_dataset (by default as
    to_frame recorded it); `source`: what the guide names as its source (by default the file
    the frame was read from, else "DataFrame")."""
    if not isinstance(frame, pandas.DataFrame):
        raise TypeError(f"dataset_from_frame() takes a pandas DataFrame, not "
                        f"{type(frame).__name__}")
    meta = frame.attrs.get(ATTRS_KEY)
    if not isinstance(meta, dict) or meta.get("version") != MEMO_VERSION:
        meta = {}
    frame = _index_as_columns(frame)
    headers = [str(name) for name in frame.columns]
    if not looks_like_header(headers):
        found = {recognise(h)[0] for h in headers}
        missing = [vocabulary.HEADER_ALIASES[r][0] for r in REQUIRED_ROLES if r not in found]
        raise InputError(
            f"{FRAME_FILE}: no column {', '.join(missing)} (its columns: "
            f"{', '.join(headers[:12]) or 'none'}).",
            "Name the columns as the input sheet does: Inriktningsmål, Nyckeltal, "
            "Organisation, Utfall <år>, Mål <år>; other columns may stand beside them.")
    with paused_gc():
        roles = [recognise(h) for h in headers]
        values = [[_plain(v) for v in frame.iloc[:, i].tolist()] for i in range(len(headers))]
        formats = _formats(values, headers, roles, meta)
        added = set(meta.get("added") or ())
        keep = [i for i, h in enumerate(headers)
                if h not in added or any(v is not None for v in values[i])]
        cells = [[RawCell(v) for v in values[i]] if i not in formats else
                 [RawCell(v, f) for v, f in zip(values[i], formats[i], strict=True)]
                 for i in keep]
        rows = [RawRow(1, [RawCell(headers[i]) for i in keep])]
        rows += [RawRow(r + 2, [column[r] for column in cells]) for r in range(len(frame))]
        if year is None and (ColumnRole.OUTCOME, meta.get("year")) in roles:
            year = meta["year"]
        if source is not None:
            path, sheet = Path(source), None
        elif meta.get("source"):
            path, sheet = Path(meta["source"]), meta.get("sheet")
        else:
            path, sheet = Path(FRAME_FILE), None
        dataset = TableReader(FRAME_FILE, None, iter(rows)).read(path, year)
        dataset = dataclasses.replace(dataset, sheet=sheet)
        if isinstance(meta.get("headers"), dict):
            dataset = _spell_as_input(dataset, meta["headers"])
    return dataset


def _index_as_columns(frame: pandas.DataFrame) -> pandas.DataFrame:
    """The named index levels as columns when any is one of the input's columns (after
    `set_index("Nyckeltal")`). A level also kept as a column (`drop=False`) is read once,
    where its values are the column's; where they differ, InputError."""
    if isinstance(frame.columns, pandas.MultiIndex):
        raise InputError(
            f"{FRAME_FILE}: the columns have {frame.columns.nlevels} levels (a MultiIndex); "
            "each column needs one name, as in the input sheet.",
            "Flatten them first, e.g. frame.columns = [' '.join(map(str, c)).strip() for c "
            "in frame.columns].")
    names = [n for n in frame.index.names if n is not None]
    if not names or all(recognise(str(n))[0] is ColumnRole.EXTRA for n in names):
        return frame
    columns = {str(c): c for c in frame.columns}  # read by their names as text, as headers
    kept = [n for n in names if str(n) in columns]
    levels = list(frame.index.names)
    for name in kept:
        level = frame.index.get_level_values(levels.index(name))
        column = frame[columns[str(name)]]
        if isinstance(column, pandas.DataFrame) or not _same(level, column):
            raise InputError(
                f"{FRAME_FILE}: '{name}' is both an index level and a column, with values "
                "that differ; which one to read cannot be told.",
                f"Drop one: frame.reset_index(level='{name}', drop=True), or rename it.")
    rest = [n for n in names if n not in kept]
    frame = frame.reset_index(level=kept, drop=True) if kept else frame
    return frame.reset_index(level=rest) if rest else frame


def _same(level: pandas.Index, column: pandas.Series) -> bool:
    return len(level) == len(column) and all(
        a == b or (_plain(a) is None and _plain(b) is None)
        for a, b in zip(level.tolist(), column.tolist(), strict=True))


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


def _formats(values: list[list[Any]], headers: list[str],
             roles: list[tuple[ColumnRole, int | None]],
             meta: dict[str, Any]) -> dict[int, list[str]]:
    """The number format of each cell of the outcome, target, Tolerans and Delvis columns, by
    column position; words to_frame filled in are emptied in `values` (see the docstring)."""
    try:
        memo = json.loads(meta.get("memo") or '{"columns": [], "rows": {}}')
        where = {header: j for j, header in enumerate(memo["columns"])}
        memo_rows: dict[str, list[list[Any]]] = memo["rows"]
    except (KeyError, TypeError, ValueError):  # not what to_frame wrote: read without it
        where, memo_rows = {}, {}
    at = {role: i for i, (role, _) in enumerate(roles)}
    keys = zip(*(values[at[role]] for role in REQUIRED_ROLES), strict=True)
    units = values[at[ColumnRole.UNIT]] if ColumnRole.UNIT in at else None
    measures = [(i, where.get(headers[i])) for i, (r, _) in enumerate(roles) if r in MEASURE_ROLES]
    shares = {i for i, (role, _) in enumerate(roles)
              if role in (ColumnRole.OUTCOME, ColumnRole.TARGET)}
    words = [(i, where[headers[i]]) for i, (role, _) in enumerate(roles)
             if role in WORD_ROLES and headers[i] in where]
    formats = {i: ["General"] * len(values[i]) for i, _ in measures}
    for r, key in enumerate(keys):
        recorded = memo_rows.get(_row_key(*key), ()) if memo_rows else ()
        tokens: dict[int, str | None] = {}
        for i, j in measures:
            value = values[i][r]
            if (value.__class__ is float or value.__class__ is int) and limits.fits_number(value):
                tokens[i] = next((row[2 * j + 1] for row in recorded if row[2 * j] == value
                                  and row[2 * j + 1] not in (None, FILLED)), None) \
                    if j is not None else None
        unit = units[r] if units is not None else None
        percent = (isinstance(unit, str) and normalise(unit) == "%") or any(
            token and token[0] == "p" for i, token in tokens.items() if i in shares)
        for i, token in tokens.items():
            if token is None and percent:
                token = f"p{decimals_of(values[i][r] * 100)}"
            if token is not None:  # else General: the reader counts the decimals
                formats[i][r] = theme.number_format(int(token.lstrip("p")), token[0] == "p")
        for i, j in words:
            value = values[i][r]
            if isinstance(value, str) and any(row[2 * j] == value and row[2 * j + 1] == FILLED
                                              for row in recorded):
                values[i][r] = None
    return formats


def _spell_as_input(dataset: Dataset, spellings: dict[str, str]) -> Dataset:
    """The dataset with the columns to_frame renamed ("Mål2024" to "Mål 2024") under the
    input's headers again, so that the report's table reads as the one built from the input.
    Problems keep naming the frame's columns."""
    taken = {c.header for c in dataset.columns}
    renamed = {c.header: spellings[c.header] for c in dataset.columns
               if isinstance(spellings.get(c.header), str) and spellings[c.header] not in taken}
    if not renamed:
        return dataset
    columns = tuple(dataclasses.replace(c, header=renamed.get(c.header, c.header))
                    for c in dataset.columns)
    indicators = tuple(dataclasses.replace(i, row_values={
        renamed.get(k, k): v for k, v in i.row_values.items()}) for i in dataset.indicators)
    return dataclasses.replace(dataset, columns=columns, indicators=indicators)
