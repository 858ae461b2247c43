"""Asking Kolada for everything a plan needs, comparisons included, before anything is
written: the group of similar municipalities first (a sheet without one fails before the
long requests), then the values of the municipality, the country and the group in the same
requests, then every municipality's values for the year compared, to rank the municipality.

The group is --similar-group or the sheet's Jämförelsegrupp when given (and must exist in
Kolada), else the one Kolada titles "Liknande kommuner, övergripande, <the municipality's
name>", of the latest year where there are several ("..., 2023", "..., 2024"). Kolada's name
of the municipality comes from /v3/municipality. No such group is an error naming the
options, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from indexcel.errors import KoladaError
from indexcel.kolada.client import KoladaClient, requests_for
from indexcel.kolada.plan import KoladaPlan
from indexcel.kolada.ranking import COUNTRY
from indexcel.kolada.response import Group, Observation

NOTHING_WRITTEN = "Nothing was written."
SIMILAR_TITLE = "Liknande kommuner, övergripande, {name}"


@dataclass(frozen=True)
class SimilarGroup:
    group: Group
    how: str  # "--similar-group", "the sheet's Jämförelsegrupp (P2)", "found by its title"


@dataclass
class Answers:
    """Everything Kolada answered for a plan."""

    observations: list[Observation]  # the municipality's (and the country's and group's)
    everyone: list[Observation] = field(default_factory=list)  # every municipality's, to rank
    similar: SimilarGroup | None = None

    @property
    def group(self) -> Group | None:
        return self.similar.group if self.similar is not None else None


def places(plan: KoladaPlan, group: Group | None) -> list[str]:
    """The municipality, and the country and the group where the plan compares with them."""
    found = [plan.municipality]
    if "country" in plan.compare and plan.municipality != COUNTRY:
        found.append(COUNTRY)
    if group is not None:
        found.append(group.id)
    return found


def requests_needed(plan: KoladaPlan) -> int:
    """Requests for a plan before any paging (the group's lookup counted as at most three)."""
    groups = 1 if plan.similar_group is None and "similar" in plan.compare else 0
    count = requests_for(plan.kpis, places(plan, None) + ["G"] * groups, plan.data_years)
    if "rank" in plan.compare and plan.compare_year is not None:
        count += requests_for(plan.kpis, None, [plan.compare_year])
    return count + (3 if "similar" in plan.compare else 0)


def fetch_answers(client: KoladaClient, plan: KoladaPlan,
                  progress: Callable[[int], None] | None = None) -> Answers:
    """Every answer the plan needs; raises KoladaError on the first request that fails."""
    similar = find_similar_group(client, plan) if "similar" in plan.compare else None
    if similar is not None and progress is not None:
        progress(3)
    observations = client.fetch(plan.kpis, places(plan, similar.group if similar else None),
                                plan.data_years, progress=progress)
    everyone: list[Observation] = []
    if "rank" in plan.compare and plan.compare_year is not None:
        everyone = client.fetch_everyone(plan.kpis, [plan.compare_year], progress=progress)
    return Answers(observations, everyone, similar)


def find_similar_group(client: KoladaClient, plan: KoladaPlan) -> SimilarGroup:
    """The group given, looked up; else Kolada's "Liknande kommuner, övergripande" group of
    the municipality, of the latest year. Raises KoladaError when there is none."""
    if plan.similar_group is not None:
        how = plan.similar_group_from or "--similar-group"
        group = client.group(plan.similar_group)
        if group is None:
            raise KoladaError(
                f"Kolada has no municipality group {plan.similar_group} (given with {how}).",
                "Check the id on kolada.se, or leave it out to use Kolada's 'Liknande "
                f"kommuner, övergripande' group. {NOTHING_WRITTEN}")
        return SimilarGroup(group, how)
    municipality = client.municipality(plan.municipality)
    if municipality is None:
        raise KoladaError(
            f"Kolada has no municipality {plan.municipality}, so no group of similar "
            "municipalities either.",
            f"Check --municipality (or Kommun-id), or give the group with --similar-group. "
            f"{NOTHING_WRITTEN}")
    wanted = SIMILAR_TITLE.format(name=municipality.title)
    candidates = client.groups_titled(municipality.title)
    matching = [(year, group) for group in candidates
                if (year := _title_year(group.title, municipality.title)) is not None]
    if not matching:
        near = [g.title for g in candidates if g.title.casefold().startswith("liknande")]
        raise KoladaError(
            f"Kolada has no group of similar municipalities titled '{wanted}' for "
            f"{municipality.title} ({municipality.id})"
            + (f"; its groups of similar municipalities are: {'; '.join(near[:8])}."
               if near else "."),
            "Give the group with --similar-group G… (or a Jämförelsegrupp column), or "
            f"leave similar out of --compare. {NOTHING_WRITTEN}")
    group = max(matching, key=lambda found: found[0])[1]
    if not group.members:  # some answers list groups without their members
        group = client.group(group.id) or group
    return SimilarGroup(group, "found by its title")


def _title_year(title: str, name: str) -> int | None:
    """The year of a title "Liknande kommuner, övergripande, <name>[, <year>]" (0 without
    one), compared in any case and spacing; None for any other title."""
    pattern = (r"liknande kommuner,?\s*övergripande,\s*" + re.escape(" ".join(name.split()))
               + r"(?:,\s*(\d{4}))?")
    match = re.fullmatch(pattern, " ".join(title.split()), re.IGNORECASE)
    if match is None:
        return None
    return int(match.group(1)) if match.group(1) else 0
