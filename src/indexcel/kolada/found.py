"""What Kolada's answers give for each cell of a row with a Kolada-id: its outcomes, and for
the year compared its country's and similar municipalities' values, women's and men's, and
its rank and quartile (kolada/ranking.py), each with the note its cell gets. No network here.

Units: Kolada gives shares in percent (85.3 is 85,3 %). Where the row is a percentage (Enhet
%, or any of its outcomes or targets) a value is stored as 0.853 with a percent format, else
as it is; it shows as many decimals as Kolada published, or as the row's outcomes show if
they show more. Missing values (null, the status Missing, deleted) give nothing, never 0.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from indexcel import theme, vocabulary
from indexcel.kolada.plan import KoladaPlan
from indexcel.kolada.ranking import COUNTRY, Peers, peers_of, quartile, rank
from indexcel.kolada.response import Group, Observation, Reading
from indexcel.model import Direction, Indicator, Measure, Quartile, Rank

MAX_DECIMALS = 10  # what theme.number_format shows at most
Value = Measure | Rank | Quartile


@dataclass(frozen=True)
class Found:
    role: str  # outcome, or a comparison (vocabulary.COMPARISON_ROLES)
    year: int
    value: Value
    note: str


@dataclass
class RowFinds:
    found: list[Found] = field(default_factory=list)
    outcome_years: int = 0  # how many of the years filled Kolada has an outcome for
    not_split: bool = False  # gender asked, and the KPI is not split by gender
    no_rank: str | None = None  # why a rank asked for was not given


class Answers:
    """Kolada's answers, indexed by KPI, place and year, to look up row by row."""

    def __init__(self, plan: KoladaPlan, observations: Sequence[Observation],
                 everyone: Sequence[Observation] = (), group: Group | None = None) -> None:
        self.plan, self.group = plan, group
        wanted = {plan.municipality, COUNTRY, *([group.id] if group else [])}
        self.at: dict[tuple[str, str, int], Observation] = {}
        self.known: set[str] = set()  # the KPIs Kolada answered anything for, for any place
        for obs in observations:
            place = obs.municipality or plan.municipality  # an answer without one: as asked
            if place not in wanted:
                continue  # not what was asked; an answer should not hold it
            self.known.add(obs.kpi)
            self.at.setdefault((obs.kpi, place, obs.period), obs)
        self.ranked: dict[str, dict[str, Decimal]] = {}  # KPI -> place -> total, year compared
        for obs in everyone:
            if obs.period == plan.compare_year and obs.value is not None and obs.municipality:
                self.ranked.setdefault(obs.kpi, {}).setdefault(obs.municipality, obs.value)

    def for_row(self, kpi: str, indicator: Indicator, today: _dt.date) -> RowFinds:
        plan, date = self.plan, today.isoformat()
        percent = is_percent(indicator)
        shown = shown_decimals(indicator, percent)
        finds = RowFinds()

        def add(role: str, year: int, reading: Reading | None, note: str) -> None:
            if reading is not None and reading.value is not None:
                if reading.status:
                    note += "\n" + theme.KOLADA_NOTE_STATUS.format(status=reading.status)
                finds.found.append(Found(role, year, measure(reading.value, percent, shown),
                                         note))

        own = plan.municipality
        for year in plan.years:
            obs = self.at.get((kpi, own, year))
            if obs is not None and obs.value is not None:
                finds.outcome_years += 1
                add("outcome", year, _total(obs), theme.KOLADA_NOTE.format(kpi=kpi, date=date))
        compared = plan.compare_year
        if compared is None:
            return finds
        year = compared
        if "country" in plan.compare:
            add("country", year, _total(self.at.get((kpi, COUNTRY, year))),
                theme.KOLADA_NOTE_COUNTRY.format(kpi=kpi, date=date))
        if "similar" in plan.compare and self.group is not None:
            obs = self.at.get((kpi, self.group.id, year))
            add("similar", year, _total(obs), theme.KOLADA_NOTE_SIMILAR.format(
                kpi=kpi, group=self.group.title, id=self.group.id, date=date,
                count=obs.count if obs is not None and obs.count is not None else "?"))
        if "gender" in plan.compare:
            obs = self.at.get((kpi, own, year))
            if obs is not None and obs.split_by_gender:
                for role, reading in (("women", obs.women), ("men", obs.men)):
                    add(role, year, reading, theme.KOLADA_NOTE_GENDER.format(
                        kpi=kpi, who=theme.KOLADA_GENDER_WORDS[role], date=date))
            elif kpi in self.known:
                finds.not_split = True
        if "rank" in plan.compare:
            self._rank(finds, kpi, indicator.direction, year, date)
        return finds

    def _rank(self, finds: RowFinds, kpi: str, direction: Direction, year: int,
              date: str) -> None:
        values = self.ranked.get(kpi, {})
        place = rank(values, self.plan.municipality, direction)
        if place is None or place.of is None:
            finds.no_rank = ("near" if direction is Direction.NEAR_TARGET
                             else "no-peers" if peers_of(self.plan.municipality) is None
                             else "no-value")
            return
        words = {"kpi": kpi, "year": year, "position": place.position, "of": place.of,
                 "peers": theme.RANK_PEERS[
                     (peers_of(self.plan.municipality) or Peers.MUNICIPALITIES).value],
                 "best": theme.RANK_BEST[direction.value], "date": date,
                 "direction": vocabulary.DIRECTION_LABELS[direction]}
        finds.found.append(Found("rank", year, place, theme.RANK_NOTE.format(**words)))
        found = quartile(place)
        if found is not None:
            finds.found.append(Found("quartile", year, found, theme.QUARTILE_NOTE.format(
                label=vocabulary.QUARTILE_LABELS[found], **words)))


def _total(obs: Observation | None) -> Reading | None:
    return None if obs is None else Reading(obs.value, obs.status, obs.count)


def is_percent(indicator: Indicator) -> bool:
    if indicator.unit and indicator.unit.strip().casefold() in ("%", "procent"):
        return True
    measures = [*indicator.outcomes.values(), *indicator.targets.values()]
    return any(isinstance(m, Measure) and m.percent for m in measures)


def shown_decimals(indicator: Indicator, percent: bool) -> int:
    """The decimals the row's outcomes show, so a filled value looks like its neighbours."""
    return max((m.decimals for m in indicator.outcomes.values()
                if m is not None and m.percent == percent), default=0)


def measure(number: Decimal, percent: bool, shown: int) -> Measure:
    exponent = number.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    value = float(number.scaleb(-2)) if percent else float(number)
    return Measure(value, decimals=min(max(decimals, shown), MAX_DECIMALS), percent=percent)
