"""The data model: indicators as read from the input, independent of any file format."""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas

    from indexcel.rules import Assessment


@dataclass(frozen=True)
class Location:
    """Where something stands in an input file, for messages a person can act on."""

    file: str
    sheet: str | None = None
    row: int | None = None  # 1-based row in a sheet, or line in a CSV
    column: str | None = None  # the header text of the column
    cell: str | None = None  # "D5"; None for CSV

    def with_column(self, column: str, cell: str | None = None) -> Location:
        return Location(self.file, self.sheet, self.row, column, cell)

    @property
    def place(self) -> str:
        """'row 5' in a sheet, 'line 5' in a CSV."""
        return f"{'row' if self.sheet is not None else 'line'} {self.row}"

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"sheet '{self.sheet}'")
        if self.cell is not None:
            parts.append(f"cell {self.cell}")
        elif self.row is not None:
            parts.append(f"row {self.row}" if self.sheet is not None else f"line {self.row}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    severity: Severity
    location: Location
    message: str
    hint: str = ""
    kind: str = ""  # groups warnings of one sort, so a long list can be summarised

    def __str__(self) -> str:
        text = f"{self.severity.value}: {self.location}: {self.message}"
        return f"{text} {self.hint}" if self.hint else text


def shorten(text: str, limit: int = 60) -> str:
    """A text as a problem's message quotes it: on one line, cut to `limit` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Measure:
    """A number as the user wrote it: its value, how many decimals, and whether it is a percent.

    Percentages are stored as fractions (25,9 % is 0.259), as Excel stores them.
    """

    value: float
    decimals: int = 0
    percent: bool = False


class Direction(enum.Enum):
    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"
    NEAR_TARGET = "near"  # two-sided: the closer to the target, the better


class Change(enum.Enum):
    """A target that is only a direction: "Öka" or "Minska" against the year before."""

    INCREASE = "increase"
    DECREASE = "decrease"


class Status(enum.Enum):
    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"
    NOT_ASSESSED = "not_assessed"


class Trend(enum.Enum):
    UP = 1
    UNCHANGED = 0
    DOWN = -1


class StatusChange(enum.Enum):
    """The report year's status against the year before's: Uppfylld > Delvis uppfylld > Ej
    uppfylld (rules.status_change)."""

    IMPROVED = 1
    UNCHANGED = 0
    WORSENED = -1


class TrendConvention(enum.StrEnum):
    """What a trend arrow shows: the way the value went (up: it rose), or whether the
    indicator got better (up: better, as `rules.improvement` says)."""

    VALUE = "value"
    IMPROVEMENT = "improvement"


class TrendBasis(enum.StrEnum):
    """What a trend arrow compares: the report year's outcome with the year before's (the
    default), or the slope of a least-squares line through every outcome year up to the
    report year that has a value (at least three; `rules.slope`)."""

    PREVIOUS_YEAR = "previous"
    ALL_YEARS = "all"


class ColumnRole(enum.StrEnum):
    """What an input column holds, as the reader recognised it from its header.

    A StrEnum, so that a role compares equal to its name as a string ("outcome"), as code
    written before the enum compares it."""

    GOAL = "goal"
    NAME = "name"
    BOARD = "board"
    OUTCOME = "outcome"  # "Utfall <år>": one column per year
    TARGET = "target"  # "Mål <år>"
    SOURCE = "source"  # "Källa <år>": where that year's outcome came from
    DIRECTION = "direction"
    TOLERANCE = "tolerance"
    PARTLY = "partly"
    STATUS = "status"  # "Status": the report year's; "Status <år>": that year's, by hand
    STATUS_CHANGE = "status_change"  # "Statusförändring": computed, never taken as given
    TREND = "trend"
    UNIT = "unit"
    COMMENT = "comment"
    KOLADA_ID = "kolada_id"
    MUNICIPALITY_ID = "municipality_id"
    # What a year's outcome is compared with ("Riket 2024", ...): see Comparisons
    COUNTRY = "country"
    SIMILAR = "similar"
    WOMEN = "women"
    MEN = "men"
    RANK = "rank"
    QUARTILE = "quartile"
    SIMILAR_GROUP = "similar_group"  # Jämförelsegrupp: Kolada's group of similar municipalities
    VERSUS_COUNTRY = "versus_country"  # Jämfört med riket: computed, as Status is
    EXTRA = "extra"  # any other column, carried along as it is
    # The goals' sheet (Inriktningsmål): its GOAL column, and by year (the column without a
    # year is the report year's) the judgement given by hand and its reasons.
    JUDGEMENT = "judgement"  # "Bedömning <år>"
    MOTIVATION = "motivation"  # "Motivering <år>"

    @property
    def yearly(self) -> bool:
        """Whether a sheet holds one column of this role per year."""
        return self in _YEARLY_ROLES


_YEARLY_ROLES = frozenset({ColumnRole.OUTCOME, ColumnRole.TARGET, ColumnRole.SOURCE,
                           ColumnRole.STATUS,  # a status column may also have no year
                           ColumnRole.JUDGEMENT, ColumnRole.MOTIVATION,
                           ColumnRole.COUNTRY, ColumnRole.SIMILAR, ColumnRole.WOMEN,
                           ColumnRole.MEN, ColumnRole.RANK, ColumnRole.QUARTILE})
COMPARISON_ROLES = (ColumnRole.COUNTRY, ColumnRole.SIMILAR, ColumnRole.WOMEN, ColumnRole.MEN,
                    ColumnRole.RANK, ColumnRole.QUARTILE)


class Quartile(enum.IntEnum):
    """Which quarter of the ranked municipalities a rank falls in: the first is the best."""

    FIRST = 1
    SECOND = 2
    THIRD = 3
    FOURTH = 4


@dataclass(frozen=True)
class Rank:
    """A place among the municipalities ranked: 1 is the best by the indicator's Riktning;
    `of` is how many were ranked (None where only the place was typed)."""

    position: int
    of: int | None = None

    def __str__(self) -> str:
        from indexcel.vocabulary import RANK_TEXT  # vocabulary imports this module

        return str(self.position) if self.of is None else RANK_TEXT.format(
            position=self.position, of=self.of)


@dataclass(frozen=True)
class Comparisons:
    """What one year's outcome of an indicator is compared with: the whole country, similar
    municipalities (Kolada's group), women and men (in the indicator's unit, as its outcomes),
    and its rank among the municipalities, with the quartile that rank falls in."""

    country: Measure | None = None
    similar: Measure | None = None
    women: Measure | None = None
    men: Measure | None = None
    rank: Rank | None = None
    quartile: Quartile | None = None


NO_COMPARISONS = Comparisons()

_GOAL_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)*)\.?\s+(.*\S)\s*$", re.DOTALL)


@dataclass(frozen=True)
class Goal:
    """An inriktningsmål such as "1.1. En ekonomi i balans"."""

    text: str  # the full text, whitespace collapsed
    number: str | None
    title: str

    @classmethod
    def parse(cls, text: str) -> Goal:
        text = " ".join(text.split())
        match = _GOAL_NUMBER.match(text)
        if match:
            return cls(text=text, number=match.group(1), title=match.group(2))
        return cls(text=text, number=None, title=text)

    @property
    def key(self) -> str:
        return self.number if self.number is not None else self.text.casefold()

    @property
    def sort_key(self) -> tuple[int, tuple[tuple[int, str], ...], str]:
        # Goals without a number sort after numbered ones, by title.
        if self.number is None:
            return (1, (), self.title.casefold())
        return (0, tuple(_numeric_key(part) for part in self.number.split(".")), "")


def _numeric_key(digits: str) -> tuple[int, str]:
    """Sorts decimal digits as int() would, without its limit on length (a goal number of
    5,000 digits is text, not an error) and with any script's digits as their values."""
    if not digits.isascii():
        digits = "".join(str(unicodedata.decimal(char, 0)) for char in digits)
    digits = digits.lstrip("0")
    return len(digits), digits


@dataclass(frozen=True)
class Indicator:
    """One indicator of one board, as read. Frozen: a dataset is read once and kept so; a
    changed indicator is a new one (`dataclasses.replace`)."""

    goal: Goal
    name: str
    board: str
    outcomes: Mapping[int, Measure | None]
    targets: Mapping[int, Measure | Change | None]
    direction: Direction = Direction.HIGHER_IS_BETTER
    # How far from the target still counts as met, and as partly met (None: no such
    # state), in the indicator's own units: see rules.py.
    tolerance: Measure | None = None
    partly: Measure | None = None
    given_status: Status | None = None  # the report year's, by hand
    given_trend: Trend | None = None
    # Statuses given by hand for other years ("Status 2023", as `rollover` keeps them).
    given_statuses: Mapping[int, Status] = field(default_factory=dict)
    # Every input column by its header, in input order, as read (numbers parsed), so that
    # the report's table can hold "the input's columns" and be read back as input.
    row_values: Mapping[str, Any] = field(default_factory=dict)
    unit: str | None = None
    comment: str | None = None
    location: Location | None = None
    # Riket, Liknande kommuner, Kvinnor, Män, Placering and Kvartil, by year (see Comparisons)
    comparisons: Mapping[int, Comparisons] = field(default_factory=dict)

    def outcome(self, year: int) -> Measure | None:
        return self.outcomes.get(year)

    def compared(self, year: int) -> Comparisons:
        """The year's comparisons (every field None where the input has none)."""
        return self.comparisons.get(year, NO_COMPARISONS)

    def target(self, year: int) -> Measure | Change | None:
        return self.targets.get(year)


@dataclass(frozen=True)
class Column:
    """An input column and the role the reader recognised for it."""

    header: str
    role: ColumnRole
    year: int | None = None  # for the yearly roles (ColumnRole.yearly)

    def __post_init__(self) -> None:
        if self.role.__class__ is not ColumnRole:  # "outcome" as code before the enum says it
            object.__setattr__(self, "role", ColumnRole(self.role))


@dataclass(frozen=True)
class GoalRow:
    """A row of the input's `Inriktningsmål` sheet: a goal, the judgement given for it by
    hand (if any) and the controller's reasons, by year. The columns without a year
    (`Bedömning`, `Motivering`) are the report year's; `Bedömning 2024` and `Motivering 2024`,
    as `rollover` names last year's, are that year's."""

    goal: Goal
    given: Mapping[int, Status] = field(default_factory=dict)  # by year
    motivation: Mapping[int, str] = field(default_factory=dict)  # by year
    # Every column by its header, as read (texts as typed), so that the sheet can be written
    # again unchanged (`kolada`) or carried to next year (`rollover`).
    row_values: Mapping[str, Any] = field(default_factory=dict)
    location: Location | None = None  # the Inriktningsmål cell
    # The Bedömning cell of each year with a judgement given, for messages.
    judgement_cells: Mapping[int, Location] = field(default_factory=dict)

    def given_for(self, year: int) -> Status | None:
        return self.given.get(year)

    def motivation_for(self, year: int) -> str | None:
        return self.motivation.get(year)


@dataclass(frozen=True)
class GoalSheet:
    """The input's `Inriktningsmål` sheet (or the CSV of `--goals`), as read: one row per
    goal, matched to the indicators' goals by `Goal.key` (the number, else the text without
    regard to case and spacing)."""

    file: str  # the file's name, for messages
    sheet: str | None  # None for a CSV
    # Every column read, in the sheet's order: GOAL, JUDGEMENT and MOTIVATION (each with its
    # year, the report year's where the header has none) and EXTRA.
    columns: tuple[Column, ...]
    rows: tuple[GoalRow, ...] = ()

    def row_of(self, goal: Goal) -> GoalRow | None:
        """The row of `goal`, or None when the sheet has none."""
        for row in self.rows:
            if row.goal.key == goal.key:
                return row
        return None


@dataclass(frozen=True)
class Dataset:
    """Everything read from one input file, as read: nothing changes it afterwards.

    What the rules make of it (statuses, trends, and the warnings where a given status or
    trend disagrees with the numbers) is an `indexcel.rules.Assessment`, made by
    `indexcel.assess(dataset)`.
    """

    source: Path  # the file read (what the guide names as its source)
    sheet: str | None
    columns: tuple[Column, ...]
    indicators: tuple[Indicator, ...]
    report_year: int
    problems: tuple[Problem, ...] = ()
    goal_sheet: GoalSheet | None = None  # the goals' judgements given by hand, and reasons

    @property
    def outcome_years(self) -> list[int]:
        role = ColumnRole.OUTCOME
        return sorted(c.year for c in self.columns if c.role is role and c.year)

    @property
    def target_years(self) -> list[int]:
        role = ColumnRole.TARGET
        return sorted(c.year for c in self.columns if c.role is role and c.year)

    def years_of(self, role: ColumnRole) -> list[int]:
        """The years the input has a column of `role` for ("country": its Riket years)."""
        return sorted({c.year for c in self.columns if c.role == role and c.year})

    @property
    def status_years(self) -> list[int]:
        """The years of the "Status <år>" columns other than the report year's."""
        role, year = ColumnRole.STATUS, self.report_year
        return sorted(c.year for c in self.columns
                      if c.role is role and c.year and c.year != year)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def goals(self) -> list[Goal]:
        seen: dict[str, Goal] = {}
        for indicator in self.indicators:
            seen.setdefault(indicator.goal.key, indicator.goal)
        return sorted(seen.values(), key=lambda g: g.sort_key)

    @property
    def boards(self) -> list[str]:
        return list(dict.fromkeys(indicator.board for indicator in self.indicators))

    @property
    def sources(self) -> list[str]:
        """The sources named in the input's "Källa <år>" columns, such as ["Kolada"], each
        once, in the order first met. A column survives every read (openpyxl's read-only mode
        does not read cell notes), so this is what tells a report where outcomes came from."""
        headers = [c.header for c in self.columns if c.role is ColumnRole.SOURCE]
        found: dict[str, str] = {}
        for indicator in self.indicators:
            for header in headers:
                value = indicator.row_values.get(header)
                if isinstance(value, str) and value.strip():
                    text = " ".join(value.split())
                    found.setdefault(text.casefold(), text)
        return list(found.values())

    @property
    def uses_kolada(self) -> bool:
        """Whether any outcome is marked as fetched from Kolada, whose terms ask reports to
        credit it ("Källa: Kolada")."""
        from indexcel.vocabulary import SOURCE_KOLADA  # vocabulary imports this module

        return any(s.casefold().startswith(SOURCE_KOLADA.casefold()) for s in self.sources)

    def target_as_typed(self, indicator: Indicator, year: int) -> Measure | Change | str | None:
        """The target for `year`: its number, or the word ("Öka", "minskning") as typed (the
        Change itself when no text was typed, as in a dataset made by a program)."""
        target = indicator.target(year)
        if isinstance(target, Change):
            column = self.column(ColumnRole.TARGET, year)
            typed = indicator.row_values.get(column.header) if column else None
            return typed if isinstance(typed, str) else target
        return target

    def column(self, role: ColumnRole, year: int | None = None) -> Column | None:
        for column in self.columns:
            if column.role == role and (year is None or column.year == year):
                return column
        return None

    def to_frame(self, assessment: Assessment | None = None, *,
                 trend_tolerance: float | None = None) -> pandas.DataFrame:
        """The indicators as a pandas DataFrame, one row each, with the input sheet's
        headers, and Status and Trend as `assessment` judges them (see indexcel/frame.py).
        pandas is an optional extra: `pip install indexcel[pandas]`; without it,
        MissingDependencyError.

        `assessment`: this dataset's, from `indexcel.assess`; without it the dataset is
        assessed here, with `trend_tolerance` (default 0) as for the report.
        """
        from indexcel.frame import dataset_to_frame  # pandas, only when asked for

        return dataset_to_frame(self, assessment, trend_tolerance=trend_tolerance)

    def goals_to_frame(self, assessment: Assessment | None = None) -> pandas.DataFrame:
        """The goals' judgements as a pandas DataFrame, one row per goal (as `dataset.goals`)
        with the columns of the report's table Alla inriktningsmål (see
        indexcel/goal_frame.py): Inriktningsmål, the counts, Andel uppfyllda (NaN where none
        is assessed), Bedömning (as shown), Enligt regeln (the rule's), Bedömt för hand
        (bool), Motivering and the annual report's Text.

        `assessment`: this dataset's, from `indexcel.assess` (its options hold the goal
        rule's thresholds); without it the dataset is assessed here with the defaults.
        """
        from indexcel.goal_frame import goals_to_frame  # pandas, only when asked for

        return goals_to_frame(self, assessment)
