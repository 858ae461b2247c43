"""Filling an input sheet's outcomes from Kolada, RKA's open database of municipal key figures.

    from indexcel.kolada import KoladaClient, fill_from_kolada, plan_kolada

    dataset = read_dataset("input/indikatorer-2024.xlsx")
    plan = plan_kolada(dataset, municipality="0188")            # rows with a Kolada-id
    observations = KoladaClient().fetch(plan.kpis, plan.municipality, plan.years)
    result = fill_from_kolada(dataset, plan, observations, today=datetime.date.today())
    write_input_sheet(result.sheet, path)                        # writer/input_workbook.py

client.py asks the API, through transport.py (the only module that touches the network: the
configured server only, within a deadline); response.py reads and checks its answers; plan.py
decides what to ask for; fill.py decides what to write; summary.py says what was done.
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
from indexcel.kolada.fill import Conflict, Filled, KoladaFill, fill_from_kolada
from indexcel.kolada.plan import KoladaPlan, parse_years, plan_kolada
from indexcel.kolada.response import Observation

__all__ = [
    "DEFAULT_BASE_URL", "ENV_BASE_URL", "Conflict", "Filled", "KoladaClient", "KoladaFill",
    "KoladaPlan", "Observation", "Settings", "default_kolada_output", "fill_from_kolada",
    "parse_years", "plan_kolada", "requests_needed",
]


def requests_needed(kpis: list[str]) -> int:
    """Requests for these KPIs, one a group of 25, before any paging."""
    return len(chunked(kpis))


def default_kolada_output(source: Path) -> Path:
    """indikatorer-2025.xlsx -> indikatorer-2025-kolada.xlsx, beside the input."""
    return source.with_name(f"{source.stem}-kolada.xlsx")
