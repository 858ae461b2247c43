"""Kolada's answers as plain values: the total (gender T) of each KPI, municipality and year.

The shape, as Kolada's API v3 publishes it (and v2 before it):

    {"values": [{"kpi": "N00945", "municipality": "0188", "period": 2024,
                 "values": [{"gender": "T", "value": 12.3, "status": "", "count": 1,
                             "isdeleted": false}, {"gender": "K", ...}, ...]}],
     "count": 1, "next_url": null, "previous_url": null}

Read defensively: unknown fields are ignored and missing optional ones tolerated. A body that
is not JSON, JSON nested deeper than Kolada's shape could be, JSON without a "values" list, or
a number no Excel cell holds is an error (load_json checks every answer, whatever was asked).
No network here.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from indexcel import limits
from indexcel.errors import KoladaError

TOTAL = "T"  # Kolada's gender for everyone; K and M are women and men
QUOTE_LENGTH = 200
# Kolada's answers nest five deep ({"values": [{"values": [{...}]}]}); a few levels more are
# allowed for fields Kolada may add. Deeper JSON is not Kolada's, and would otherwise exhaust
# the parser's recursion.
MAX_DEPTH = 16
LARGEST = Decimal(limits.MAX_NUMBER)
# The smallest number a cell holds is about 2.2E-308 (a double's smallest normal number); a
# percentage is stored as a hundredth of what Kolada publishes, so the bound is 100 times that.
SMALLEST = Decimal(sys.float_info.min) * 100
_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"')
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
CHECK_API_URL = ("Check --api-url (it should end in /v3), or try again later. Nothing was "
                 "written.")


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


def load_json(body: bytes, url: str) -> Any:
    """Any answer of Kolada's, parsed: numbers as Decimal (never rounded, never inf), nesting
    at most MAX_DEPTH deep, every number within what a cell holds. Raises KoladaError quoting
    the start of a body that is not such JSON."""
    if _depth(body) > MAX_DEPTH:
        raise _too_deep(body, url)
    try:
        data = json.loads(body, parse_float=Decimal, parse_int=Decimal,
                          parse_constant=lambda _name: None)
    except RecursionError as exc:  # the depth check missed it (a body in UTF-16, say)
        raise _too_deep(body, url) from exc
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
        raise KoladaError(
            f"Kolada's answer to {url} is not JSON ({_reason(exc)}); it starts: "
            f"{quote(body)}", CHECK_API_URL) from exc
    check_numbers(data, url)
    return data


def parse_page(body: bytes, url: str) -> Page:
    """One page of a data answer, from its body."""
    return read_page(load_json(body, url), url, body)


def _depth(body: bytes) -> int:
    """How deep the brackets of a JSON text nest (brackets within strings left out); stops
    counting past MAX_DEPTH."""
    brackets = _STRING.sub(b"", body).translate(None, _NOT_BRACKET)
    depth = 0
    for byte in brackets:
        if byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > MAX_DEPTH:
                return depth
        else:
            depth -= 1
    return depth


def _too_deep(body: bytes, url: str) -> KoladaError:
    return KoladaError(
        f"Kolada's answer to {url} is not Kolada's JSON: it nests more than {MAX_DEPTH} "
        f"levels deep; it starts: {quote(body)}", CHECK_API_URL)


_PLACES = (("kpi", "KPI"), ("municipality", "municipality"), ("period", "year"),
           ("gender", "gender"))


def check_numbers(data: Any, url: str) -> None:
    """Refuse an answer with a number no Excel cell holds (beyond ±9.99999999999999E+307, or
    closer to zero than SMALLEST but not 0), naming the KPI, municipality and year it is
    given for."""
    stack: list[tuple[Any, tuple[tuple[str, str], ...]]] = [(data, ())]
    while stack:
        node, where = stack.pop()
        if isinstance(node, dict):
            named = tuple((label, _shown(node[key])) for key, label in _PLACES
                          if isinstance(node.get(key), str | Decimal))
            if named:
                where = tuple(p for p in where if p[0] not in {n[0] for n in named}) + named
            items: Any = node.items()
        elif isinstance(node, list):
            items = ((None, item) for item in node)
        else:
            continue
        for key, value in items:
            if isinstance(value, Decimal):
                _check_number(value, key, where, url)
            elif isinstance(value, dict | list):
                stack.append((value, where))


def _check_number(value: Decimal, key: str | None, where: tuple[tuple[str, str], ...],
                  url: str) -> None:
    if abs(value) > LARGEST:
        problem = "larger than the largest number an Excel cell holds (9.99999999999999E+307)"
    elif value and abs(value) < SMALLEST:
        problem = ("closer to zero than an Excel cell holds (about 2.2E-308; from 2.2E-306 for "
                   "a percentage, which is stored as a hundredth)")
    else:
        return
    order = {label: n for n, (_, label) in enumerate(_PLACES)}
    place = ", ".join(f"{label} {text}" for label, text in
                      sorted(where, key=lambda p: order[p[0]])) or "no KPI"
    field = f" (field \"{key}\")" if key else ""
    raise KoladaError(
        f"Kolada's answer gives {_shown(value)} for {place}{field}: {problem}. Nothing was "
        "written.",
        f"The number is in Kolada's answer ({url}), not in the sheet. Leave that row's "
        "Kolada-id empty for now and type the outcome by hand, or try again later.")


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else f"{text[:30]}… ({len(text):,} characters)"


def read_page(data: Any, url: str, body: bytes = b"") -> Page:
    """One page of a data answer, from its parsed JSON (load_json's)."""
    values = data.get("values") if isinstance(data, dict) else None
    if not isinstance(values, list):
        raise KoladaError(
            f"Kolada's answer to {url} holds no list of values (no \"values\"); it starts: "
            f"{quote(body or json.dumps(data, default=str).encode())}", CHECK_API_URL)
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
