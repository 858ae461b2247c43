"""The plan of a report: what goes on which tab, worked out once from the assessment.

No XlsxWriter here: the plan is plain data (groups, statuses, counts, sheet names, the table's
columns), and every tab is written from it. A board's own workbook is the same plan
restricted to that board (`ReportPlan.for_board`).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from indexcel import directions, limits, rules, theme, vocabulary
from indexcel.errors import InvalidDataError, OptionError
from indexcel.goals import GoalJudgement, GoalRule
from indexcel.model import (
    Change,
    ColumnRole,
    Dataset,
    Direction,
    Goal,
    Indicator,
    Status,
    TrendBasis,
    TrendConvention,
)
from indexcel.rules import Assessment, AssessmentOptions
from indexcel.writer.sheetnames import SheetNamer
from indexcel.writer.tally import Counts

# From this many indicators a workbook streams its large sheets (see Streaming).
STREAM_FROM_INDICATORS = 2_000
DEFAULT_SHOW_YEARS = 3


@dataclass
class ReportOptions:
    title: str | None = None
    municipality: str = ""
    # As for AssessmentOptions; None: 0 when the report assesses its dataset, else the
    # assessment's own (a different one is an error: the workbook would contradict it).
    trend_tolerance: float | None = None
    created: _dt.datetime | None = None  # None: the input file's modification time
    progress: Callable[[int], None] | None = None  # told how many indicators were written
    stream: bool | None = None  # rows of every sheet streamed to disk (constant memory), none,
    # or None: by size (see Streaming)
    trend: TrendConvention = TrendConvention.VALUE  # what an arrow shows ("value" works too)
    # What an arrow compares, as for AssessmentOptions; None as for trend_tolerance.
    trend_over: TrendBasis | None = None
    # How many outcome years (up to the report year) board and goal tabs show; the others
    # stand there hidden, for the sparkline and the formulas. The table shows every year.
    show_years: int = DEFAULT_SHOW_YEARS

    def __post_init__(self) -> None:
        self.trend = TrendConvention(self.trend)
        if self.trend_over is not None:
            self.trend_over = TrendBasis(self.trend_over)
        if isinstance(self.show_years, bool) or not isinstance(self.show_years, int) \
                or self.show_years < 1:
            raise ValueError(f"show_years must be a whole number of 1 or more, not "
                             f"{self.show_years!r}")


class PlanKind(enum.Enum):
    """What a plan makes: the whole report (guide, summary, a tab per board and goal, the
    table of all indicators), or one board's own workbook (guide, its tab, its goals' tabs,
    counted over its own rows: no summary, no table)."""

    REPORT = "report"
    BOARD_WORKBOOK = "board_workbook"


class Streaming(enum.Enum):
    """How a workbook's rows reach the file, decided once per plan, each value named for its
    reason. Streaming (XlsxWriter's constant memory) keeps a large report's memory flat;
    a sheet held in memory spares two temporary files (a few milliseconds each: most of a
    small report's time, and 0.7 s for the 360 tabs of 50,000 indicators over 300 boards)."""

    ASKED_STREAMED = "asked_streamed"  # ReportOptions(stream=True): every sheet streams
    ASKED_IN_MEMORY = "asked_in_memory"  # stream=False: every sheet in memory
    SMALL = "small"  # fewer than STREAM_FROM_INDICATORS indicators: in memory
    LARGE = "large"  # from STREAM_FROM_INDICATORS on: large sheets stream, small ones not

    @classmethod
    def decide(cls, asked: bool | None, indicators: int) -> Streaming:
        if asked is not None:
            return cls.ASKED_STREAMED if asked else cls.ASKED_IN_MEMORY
        return cls.LARGE if indicators >= STREAM_FROM_INDICATORS else cls.SMALL

    @property
    def asked(self) -> bool | None:
        return {Streaming.ASKED_STREAMED: True, Streaming.ASKED_IN_MEMORY: False}.get(self)

    @property
    def workbook_streams(self) -> bool:
        return self in (Streaming.ASKED_STREAMED, Streaming.LARGE)

    def holds_in_memory(self, indicators: int) -> bool:
        """Whether a sheet of `indicators` rows is held in memory in a streaming workbook
        (XlsxWriter's tables need that, and small sheets are quicker so)."""
        return self in (Streaming.SMALL, Streaming.LARGE) and indicators < STREAM_FROM_INDICATORS


@dataclass(frozen=True)
class Features:
    """What of the rules the input uses; the workbook shows (legend, columns, guide) and
    computes (formulas) only these, so a report without them looks as it always did."""

    near: bool = False  # some Riktning is Nära målet
    tolerance: bool = False  # some row has a Tolerans
    partly: bool = False  # some row has a Delvis
    partly_status: bool = False  # some status is Delvis uppfylld (by Delvis, or by hand)
    change: bool = False  # some target is Öka or Minska
    improvement: bool = False  # --trend improvement
    # The year before the report year is judged: last year's balls, Statusförändring and
    # the counts of improved, unchanged and worsened.
    earlier: bool = False
    trend_over_all: bool = False  # --trend-over all: the arrow by the slope over all years
    # Indicators judged as Högre är bättre because the input gives no Riktning for them
    # (directions.assumed_directions), and whether it has a Riktning column at all
    assumed_directions: int = 0
    direction_column: bool = True

    @classmethod
    def of(cls, assessment: Assessment, improvement: bool) -> Features:
        dataset = assessment.dataset
        indicators = dataset.indicators
        year = dataset.report_year
        partly = any(i.partly is not None for i in indicators)
        previous = assessment.previous or ()
        return cls(
            near=any(i.direction is Direction.NEAR_TARGET for i in indicators),
            tolerance=any(i.tolerance is not None for i in indicators),
            partly=partly,
            partly_status=partly or any(j.status is Status.PARTLY_MET for j in
                                        (*assessment.indicators, *previous)),
            change=any(isinstance(i.target(y), Change) for i in indicators
                       for y in (year, year - 1)),
            improvement=improvement,
            earlier=assessment.previous is not None,
            trend_over_all=assessment.options.trend_over is TrendBasis.ALL_YEARS,
            assumed_directions=len(directions.assumed_directions(dataset)),
            direction_column=dataset.column(ColumnRole.DIRECTION) is not None)

    @property
    def statuses(self) -> list[Status]:
        """The statuses the workbook shows, counts and explains, in order."""
        return [s for s in Status if s is not Status.PARTLY_MET or self.partly_status]


@dataclass(frozen=True)
class BoardTab:
    board: str
    sheet: str
    indices: list[int]  # its indicators, in input order
    counts: Counts


@dataclass(frozen=True)
class GoalTab:
    goal: Goal
    sheet: str
    indices: list[int]  # its indicators, by board in the order boards first appear
    counts: Counts
    judgement: GoalJudgement  # is the goal met (in a board's workbook: over its indicators)


@dataclass(frozen=True)
class TableColumn:
    header: str
    role: ColumnRole
    year: int | None


@dataclass(frozen=True)
class ReportPlan:
    assessment: Assessment  # its dataset's indicators are the plan's
    kind: PlanKind
    year: int
    title: str
    municipality: str
    created: _dt.datetime
    boards: list[BoardTab]
    goals: list[GoalTab]
    table: list[TableColumn]  # the columns of "Alla indikatorer"; none in a board's workbook
    features: Features
    streaming: Streaming
    progress: Callable[[int], None] | None = None
    show_years: int = DEFAULT_SHOW_YEARS
    _sheet_of_board: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._sheet_of_board.update((tab.board, tab.sheet) for tab in self.boards)

    @property
    def dataset(self) -> Dataset:
        return self.assessment.dataset

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return self.assessment.dataset.indicators

    @property
    def judgements(self) -> tuple[rules.Judgement, ...]:
        """One per indicator, as the assessment judged them."""
        return self.assessment.indicators

    @property
    def trend_tolerance(self) -> float:
        return self.assessment.options.trend_tolerance

    @property
    def goal_rule(self) -> GoalRule:
        return self.assessment.options.goal_rule

    @property
    def board(self) -> str | None:
        """The board whose own workbook this is; None for the whole report."""
        return self.boards[0].board if self.kind is PlanKind.BOARD_WORKBOOK else None

    @property
    def has_summary(self) -> bool:
        """The whole report has a summary and the table of every indicator; a board's own
        workbook has neither, and its goal tabs count their own rows."""
        return self.kind is PlanKind.REPORT

    @functools.cached_property
    def outcome_years(self) -> list[int]:
        return self.dataset.outcome_years

    @functools.cached_property
    def trend_years(self) -> list[int]:
        """The outcome years up to the report year: the sparkline's, and the slope's."""
        return [y for y in self.outcome_years if y <= self.year]

    @functools.cached_property
    def shown_years(self) -> list[int]:
        """The outcome years board and goal tabs show: the latest `show_years` up to the
        report year."""
        return self.trend_years[-self.show_years:]

    @functools.cached_property
    def previous(self) -> tuple[rules.Judgement, ...] | None:
        """The year before's judgements, where it is judged (Features.earlier)."""
        return self.assessment.previous

    @functools.cached_property  # asked for every row
    def has_target(self) -> bool:
        return self.year in self.dataset.target_years

    @functools.cached_property
    def has_unit(self) -> bool:
        return self.dataset.column(ColumnRole.UNIT) is not None

    def board_sheet(self, board: str) -> str | None:
        """The tab of `board` in this workbook, or None when it has none."""
        return self._sheet_of_board.get(board)

    def table_position(self, role: ColumnRole, year: int | None = None) -> int:
        """The column of the table holding `role` (and `year`)."""
        for position, column in enumerate(self.table):
            if column.role == role and column.year == year:
                return position
        raise KeyError((role, year))

    def for_board(self, board: str) -> ReportPlan:
        """The plan of `board`'s own workbook: the guide, its tab, and the tabs of the goals
        it reports under, counted over its own indicators. It holds only the board's own
        indicators, so that it is cheap to send to another process."""
        own = next(tab for tab in self.boards if tab.board == board)
        keep = sorted(own.indices)
        renumber = {old: new for new, old in enumerate(keep)}
        assessment = self.assessment.restricted(keep)
        judgements = assessment.indicators
        by_goal: dict[str, list[int]] = {}
        for new, old in enumerate(keep):  # within one board, a goal's rows are in input order
            by_goal.setdefault(self.indicators[old].goal.key, []).append(new)
        goals = []
        judged = {judgement.goal.key: judgement for judgement in assessment.goals}
        for tab in self.goals:
            indices = by_goal.get(tab.goal.key)
            if indices:
                counts = Counts.of(judgements[i].status for i in indices)
                goals.append(dataclasses.replace(tab, indices=indices, counts=counts,
                                                 judgement=judged[tab.goal.key]))
        boards = [dataclasses.replace(own, indices=[renumber[i] for i in own.indices])]
        # Its legend, counts and columns show what its own indicators use.
        features = Features.of(assessment, self.features.improvement)
        return dataclasses.replace(
            self, assessment=assessment, kind=PlanKind.BOARD_WORKBOOK, boards=boards,
            goals=goals, table=[], features=features, progress=None,
            streaming=Streaming.decide(self.streaming.asked, len(keep)), _sheet_of_board={})


MAX_FOOTER_UNITS = 255  # Excel's limit for a page footer; XlsxWriter drops a longer one


def check_options(title: str | None, municipality: str = "") -> None:
    """Refuse a title or municipality the workbook cannot hold (OptionError, naming --title
    or --municipality): called by the command line before any work, and by plan_report."""
    shown = limits.without_unwritable
    if title is not None:
        footer = theme.FOOTER.format(title=shown(title).replace("&", "&&"))
        over = limits.utf16_units(footer) - MAX_FOOTER_UNITS
        if over > 0:
            room = limits.utf16_units(shown(title)) - over
            raise OptionError("--title", f"the title is {len(title):,} characters long; the "
                              f"printed footer of every page repeats it and holds {room} "
                              "(each & counts twice).", "Shorten the title.")
    heading = (title or theme.DEFAULT_TITLE.format(year=2000)) + (
        f" – {municipality}" if municipality else "")
    if not limits.fits_cell(shown(heading)):
        raise OptionError("--municipality" if municipality else "--title",
                          f"the heading of every tab, the title and the municipality "
                          f"together, would be {limits.utf16_units(heading):,} characters; "
                          f"a cell holds {limits.MAX_CELL_UNITS:,}.",
                          "Give the municipality's name only, such as 'Norrtälje kommun'.")


def plan_report(assessment: Assessment | Dataset,
                options: ReportOptions | None = None) -> ReportPlan:
    """The plan of the whole report from an assessment (`indexcel.assess`), or from a
    dataset, assessed here with `options.trend_tolerance`; refuses input with errors, and
    options the workbook cannot hold."""
    options = options or ReportOptions()
    check_options(options.title, options.municipality)
    if isinstance(assessment, Dataset):
        assessment = rules.assess(assessment, AssessmentOptions(
            options.trend_tolerance or 0.0, options.trend_over or TrendBasis.PREVIOUS_YEAR))
    elif options.trend_tolerance not in (None, assessment.options.trend_tolerance):
        raise ValueError(
            f"the options ask for a trend tolerance of {options.trend_tolerance}, but the "
            f"assessment was judged with {assessment.options.trend_tolerance}: assess again "
            "with the one wanted, or leave ReportOptions.trend_tolerance out.")
    elif options.trend_over not in (None, assessment.options.trend_over):
        raise ValueError(
            f"the options ask for the trend over {options.trend_over}, but the assessment "
            f"was judged over {assessment.options.trend_over}: assess again with the one "
            "wanted, or leave ReportOptions.trend_over out.")
    dataset = assessment.dataset
    errors = dataset.errors + assessment.errors
    if errors:
        raise InvalidDataError(
            f"{dataset.source}: {len(errors)} error(s) in the input; no report was "
            "written.", errors,
            "Fix them (`indexcel validate` lists them all) and build again.")
    _check_keys(dataset)
    year = dataset.report_year
    judgements = assessment.indicators
    statuses = [j.status for j in judgements]
    by_board: dict[str, list[int]] = {}
    goals: dict[str, Goal] = {}
    for index, indicator in enumerate(dataset.indicators):
        by_board.setdefault(indicator.board, []).append(index)
        goals.setdefault(indicator.goal.key, indicator.goal)
    board_rank = {board: rank for rank, board in enumerate(by_board)}
    by_goal: dict[str, list[int]] = {key: [] for key in goals}
    for index in sorted(range(len(dataset.indicators)),
                        key=lambda i: board_rank[dataset.indicators[i].board]):
        by_goal[dataset.indicators[index].goal.key].append(index)
    # The goals' sheet's names too, so that the report read back as input finds its table of
    # goals, and no goal's tab is taken for it.
    namer = SheetNamer([theme.SHEET_GUIDE, theme.SHEET_SUMMARY, theme.SHEET_ALL,
                        theme.SHEET_GOALS, theme.GOAL_INPUT_SHEET])
    boards = [BoardTab(board, namer.claim(board), indices,
                       Counts.of(statuses[i] for i in indices))
              for board, indices in by_board.items()]
    goal_tabs = []
    judged = {judgement.goal.key: judgement for judgement in assessment.goals}
    for goal in sorted(goals.values(), key=lambda g: g.sort_key):
        label = f"{goal.number} {goal.title}" if goal.number else goal.title
        indices = by_goal[goal.key]
        goal_tabs.append(GoalTab(goal, namer.claim(label), indices,
                                 Counts.of(statuses[i] for i in indices), judged[goal.key]))
    return ReportPlan(
        assessment=assessment,
        kind=PlanKind.REPORT,
        year=year,
        title=options.title or theme.DEFAULT_TITLE.format(year=year),
        municipality=options.municipality,
        created=options.created or default_created(dataset.source),
        boards=boards,
        goals=goal_tabs,
        table=table_columns(assessment),
        features=Features.of(assessment, options.trend is TrendConvention.IMPROVEMENT),
        streaming=Streaming.decide(options.stream, len(dataset.indicators)),
        progress=options.progress,
        show_years=options.show_years,
    )


def _check_keys(dataset: Dataset) -> None:
    """Boards and goals are matched by formulas, which cannot carry the characters XML
    cannot (the reader removes them; a dataset made otherwise must too). A table's header
    cannot look like rich-text markup (the reader refuses such a header)."""
    for column in dataset.columns:
        if column.header.startswith("<r>") and column.header.endswith("</r>"):
            raise InvalidDataError(
                f"{dataset.source}: the column header {column.header!r} looks like Excel's "
                "rich-text markup, which a table's header cannot hold.",
                hint="Rename the column.")
    for indicator in dataset.indicators:
        for what, text in (("board", indicator.board), ("goal", indicator.goal.text)):
            if limits.has_unwritable(text):
                raise InvalidDataError(
                    f"{indicator.location or dataset.source}: the {what} {text!r} holds a "
                    "control character, which an Excel formula cannot hold.",
                    hint="Remove it from the input (`indexcel validate` names such cells).")


def table_columns(assessment: Assessment) -> list[TableColumn]:
    """The columns of "Alla indikatorer": the input's own, then those the input lacked of
    Riktning, "Status <år>" for each earlier year judged, Status, Statusförändring (where
    the year before is judged) and Trend, so the tab reads back as input. "Status <report
    year>" is the report year's Status."""
    dataset = assessment.dataset
    year = dataset.report_year
    columns = [TableColumn(c.header, c.role,
                           None if c.role is ColumnRole.STATUS and c.year == year else c.year)
               for c in dataset.columns]
    present = {(c.role, c.year) for c in columns}
    wanted = [(ColumnRole.DIRECTION, None, vocabulary.HEADER_DIRECTION),
              *((ColumnRole.STATUS, y, vocabulary.HEADER_STATUS_YEAR.format(year=y))
                for y in assessment.years),
              (ColumnRole.STATUS, None, vocabulary.HEADER_STATUS)]
    if assessment.previous is not None:
        wanted.append((ColumnRole.STATUS_CHANGE, None, vocabulary.HEADER_STATUS_CHANGE))
    wanted.append((ColumnRole.TREND, None, vocabulary.HEADER_TREND))
    taken = {c.header.casefold() for c in columns}
    for role, column_year, header in wanted:
        if (role, column_year) not in present:
            if header.casefold() in taken:  # an extra column of that name: keep both apart
                header = f"{header} ({year})"
            columns.append(TableColumn(header, role, column_year))
    return columns


def default_created(source: Path) -> _dt.datetime:
    """The date the workbook carries: SOURCE_DATE_EPOCH when set, else the input's
    modification time, so that the same input gives the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.UTC).replace(tzinfo=None)
    if source.exists():
        stamp = source.stat().st_mtime
        return _dt.datetime.fromtimestamp(int(stamp), tz=_dt.UTC).replace(tzinfo=None)
    return _dt.datetime(2000, 1, 1)
