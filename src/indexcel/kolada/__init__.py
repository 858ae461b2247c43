"""Filling an input sheet's outcomes from Kolada, RKA's open database of municipal key figures.

    from indexcel.kolada import KoladaClient, fill_from_kolada, plan_kolada

    dataset = read_dataset("input/indikatorer-2024.xlsx")
    plan = plan_kolada(dataset, municipality="0188",            # rows with a Kolada-id
                       compare=parse_compare("all"))            # riket, similar, gender, rank
    answers = fetch_answers(KoladaClient(), plan)               # every request, or KoladaError
    result = fill_from_kolada(dataset, plan, answers.observations, today=datetime.date.today(),
                              everyone=answers.everyone, group=answers.group)
    write_input_sheet(result.sheet, path)                        # writer/input_workbook.py

client.py asks the API, through transport.py (the only module that touches the network: the
configured server only, within a deadline); response.py reads and checks its answers; plan.py
decides what to ask for; compare.py asks for all of it (and finds the group of similar
municipalities); ranking.py is indexcel's own rank of Kolada's values; found.py says what each
cell gets; fill.py decides what to write; summary.py says what was done.
Only `indexcel kolada` imports this package, so `build` and `validate` start as fast as
before.
"""

from __future__ import annotations

from pathlib import Path

from indexcel.kolada.client import (
    DEFAULT_BASE_URL,
    ENV_BASE_URL,
    KoladaClient,
    Settings,
    chunked,
)
from indexcel.kolada.compare import Answers, SimilarGroup, fetch_answers, find_similar_group
from indexcel.kolada.compare import requests_needed as _requests_for_plan
from indexcel.kolada.fill import Conflict, Filled, KoladaFill, fill_from_kolada
from indexcel.kolada.plan import KoladaPlan, parse_compare, parse_years, plan_kolada
from indexcel.kolada.ranking import quartile, rank
from indexcel.kolada.response import Group, Member, Observation, Reading

__all__ = [
    "DEFAULT_BASE_URL", "ENV_BASE_URL", "Answers", "Conflict", "Filled", "Group",
    "KoladaClient", "KoladaFill", "KoladaPlan", "Member", "Observation", "Reading", "Settings",
    "SimilarGroup", "default_kolada_output", "fetch_answers", "fill_from_kolada",
    "find_similar_group", "parse_compare", "parse_years", "plan_kolada", "quartile", "rank",
    "requests_needed",
]


def requests_needed(plan: KoladaPlan | list[str]) -> int:
    """Requests for a plan (or for these KPIs alone: one a group of 25), before any paging."""
    if isinstance(plan, KoladaPlan):
        return _requests_for_plan(plan)
    return len(chunked(plan))


def default_kolada_output(source: Path) -> Path:
    """indikatorer-2025.xlsx -> indikatorer-2025-kolada.xlsx, beside the input."""
    return source.with_name(f"{source.stem}-kolada.xlsx")
