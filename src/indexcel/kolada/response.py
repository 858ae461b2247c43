"""Kolada's answers as plain values: the total (gender T) of each KPI, municipality and year.

The shape, as Kolada's API v3 publishes it (and v2 before it):

    {"values": [{"kpi": "N00945", "municipality": "0188", "period": 2024,
                 "values": [{"gender": "T", "value": 12.3, "status": "", "count": 1,
                             "isdeleted": false}, {"gender": "K", ...}, ...]}],
     "count": 1, "next_url": null, "previous_url": null}

Read defensively: unknown fields are ignored and missing optional ones tolerated. Only a body
that is not JSON, or JSON without a "values" list, is an error. No network here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from indexcel.errors import KoladaError

TOTAL = "T"  # Kolada's gender for everyone; K and M are women and men
QUOTE_LENGTH = 200


@dataclass(frozen=True)
class Observation:
    """Kolada's total for one KPI, municipality and year. `value` is None when Kolada marks it
    missing: a null value, a status such as "Missing", or a value marked deleted."""

    kpi: str
    municipality: str | None
    period: int
    value: Decimal | None  # exactly as published: 85.3 is Decimal("85.3"), a percentage


@dataclass(frozen=True)
class Page:
    observations: list[Observation]
    next_url: str | None  # v3's next_url, or v2's next_page; None on the last page


def parse_page(body: bytes, url: str) -> Page:
    """One page of a data answer. Raises KoladaError quoting the start of a body that is not
    Kolada's JSON."""
    try:
        data = json.loads(body, parse_float=Decimal, parse_constant=lambda _name: None)
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
        raise KoladaError(
            f"Kolada's answer to {url} is not JSON ({_reason(exc)}); it starts: "
            f"{quote(body)}",
            "Check --api-url (it should end in /v3), or try again later. Nothing was written.",
        ) from exc
    values = data.get("values") if isinstance(data, dict) else None
    if not isinstance(values, list):
        raise KoladaError(
            f"Kolada's answer to {url} holds no list of values (no \"values\"); it starts: "
            f"{quote(body)}",
            "Check --api-url (it should end in /v3), or try again later. Nothing was written.",
        )
    observations = []
    for entry in values:
        observation = _observation(entry)
        if observation is not None:
            observations.append(observation)
    following = data.get("next_url") or data.get("next_page")
    return Page(observations, following if isinstance(following, str) and following else None)


def _observation(entry: object) -> Observation | None:
    if not isinstance(entry, dict):
        return None
    kpi, period = entry.get("kpi"), _year(entry.get("period"))
    if not isinstance(kpi, str) or not kpi.strip() or period is None:
        return None  # cannot be placed in any row or column
    municipality = entry.get("municipality")
    municipality = str(municipality).strip() if municipality is not None else None
    value = None
    for item in entry.get("values") or ():
        if not isinstance(item, dict) or str(item.get("gender", TOTAL)).upper() != TOTAL:
            continue
        value = _usable(item)
        break  # the first total; a second one would be Kolada's mistake
    return Observation(kpi.strip().upper(), municipality, period, value)


def _usable(item: dict[str, Any]) -> Decimal | None:
    """The value, or None where Kolada says it is missing: never 0 for a missing value."""
    value = item.get("value")
    if item.get("isdeleted") is True or item.get("is_deleted") is True:
        return None
    status = item.get("status")
    if isinstance(status, str) and status.strip():
        return None  # "Missing", and any other status Kolada sets instead of a plain value
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return None
    value = Decimal(value)
    return value if value.is_finite() else None


def _year(period: object) -> int | None:
    """2024, "2024" (and a v2 period such as "2024" with spaces); None for anything else."""
    if isinstance(period, bool):
        return None
    if isinstance(period, int):
        return period
    if isinstance(period, str) and period.strip().isdigit():
        return int(period.strip())
    if isinstance(period, Decimal) and period == period.to_integral_value():
        return int(period)
    return None


def quote(body: bytes) -> str:
    """The start of a body, on one line, for an error message."""
    text = body[: QUOTE_LENGTH * 4].decode("utf-8", errors="replace")
    text = " ".join(text.split())
    if not text:
        return "(nothing: the body is empty)"
    return repr(text[:QUOTE_LENGTH] + ("…" if len(text) > QUOTE_LENGTH else ""))


def _reason(exc: ValueError) -> str:
    return str(exc).split(":")[0] if isinstance(exc, json.JSONDecodeError) else str(exc)
