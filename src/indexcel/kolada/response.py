"""Kolada's answers as plain values: each KPI, municipality (or group) and year, with its
total and, where the KPI is split by gender, the women's and men's values.

The shapes, as Kolada's API v3 publishes them (and v2 before it):

    data:  {"values": [{"kpi": "N00945", "municipality": "0188", "period": 2024,
                        "values": [{"gender": "T", "value": 12.3, "status": "", "count": 1,
                                    "isdeleted": false}, {"gender": "K", ...}, ...]}],
            "count": 1, "next_url": null, "previous_url": null}
    municipality:         {"values": [{"id": "0188", "title": "Norrtälje", "type": "K"}]}
    municipality_groups:  {"values": [{"id": "G37329", "title": "Liknande kommuner, ...",
                                        "members": [{"member_id": "0381",
                                                     "member_title": "Enköping"}, ...]}]}

`count` on a page is the number of items on that page, not a total; `count` on a group's
value is how many members the value averages (Kolada's group values are unweighted means).
`period` comes as a number or a string. A value marked `isdeleted` is ignored; a value with
the status `Missing` is missing; any other non-empty status is kept beside the value, for the
cell's note. Group members are `member_id`/`member_title` in v3 and `id`/`title` in v2's
documentation: both are read.

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
WOMEN = "K"
MEN = "M"
MISSING_STATUS = "missing"  # the status Kolada gives a value it does not have (any case)
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
class Reading:
    """One gender's value of an observation."""

    value: Decimal | None  # exactly as published; None where Kolada marks it missing
    status: str = ""  # Kolada's status beside a value it gives ("" for none)
    count: int | None = None  # for a group: how many members the value averages


@dataclass(frozen=True)
class Observation:
    """Kolada's values for one KPI, municipality (or group) and year. `value` is the total;
    None when Kolada marks it missing: a null value, the status Missing, or a value marked
    deleted. `women` and `men` are given only where the KPI is split by gender."""

    kpi: str
    municipality: str | None
    period: int
    value: Decimal | None  # exactly as published: 85.3 is Decimal("85.3"), a percentage
    status: str = ""  # the total's status, where Kolada gives one beside its value
    count: int | None = None  # the total's count: a group's members that have a value
    women: Reading | None = None
    men: Reading | None = None

    @property
    def split_by_gender(self) -> bool:
        return self.women is not None or self.men is not None


@dataclass(frozen=True)
class Member:
    id: str
    title: str


@dataclass(frozen=True)
class Group:
    """A municipality group ("Liknande kommuner, övergripande, Norrtälje, 2024")."""

    id: str
    title: str
    members: tuple[Member, ...]


@dataclass(frozen=True)
class Municipality:
    id: str
    title: str
    type: str  # "K" a municipality, "L" a region (and 0000, the whole country)


@dataclass(frozen=True)
class Page:
    observations: list[Observation]
    next_url: str | None  # v3's next_url, or v2's next_page; None on the last page


@dataclass(frozen=True)
class ItemsPage:
    """One page of a metadata answer: its items, as parsed JSON objects."""

    items: list[dict[str, Any]]
    next_url: str | None


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
    items = read_items(data, url, body)
    observations = []
    for entry in items.items:
        observation = _observation(entry)
        if observation is not None:
            observations.append(observation)
    return Page(observations, items.next_url)


def read_items(data: Any, url: str, body: bytes = b"") -> ItemsPage:
    """The objects of any answer's "values" list, and its link to the next page."""
    values = data.get("values") if isinstance(data, dict) else None
    if not isinstance(values, list):
        raise KoladaError(
            f"Kolada's answer to {url} holds no list of values (no \"values\"); it starts: "
            f"{quote(body or json.dumps(data, default=str).encode())}", CHECK_API_URL)
    following = data.get("next_url") or data.get("next_page")
    return ItemsPage([v for v in values if isinstance(v, dict)],
                     following if isinstance(following, str) and following else None)


def read_groups(items: list[dict[str, Any]]) -> list[Group]:
    """The municipality groups of a page; entries without an id or a title are skipped."""
    groups = []
    for item in items:
        group_id, title = _text(item.get("id")), _text(item.get("title"))
        if not group_id or title is None:
            continue
        members = []
        for member in item.get("members") or ():
            if not isinstance(member, dict):
                continue
            member_id = _text(member.get("member_id", member.get("id")))
            if member_id:
                members.append(Member(member_id, _text(member.get(
                    "member_title", member.get("title"))) or member_id))
        groups.append(Group(group_id.upper(), title, tuple(members)))
    return groups


def read_municipalities(items: list[dict[str, Any]]) -> list[Municipality]:
    found = []
    for item in items:
        municipality_id, title = _text(item.get("id")), _text(item.get("title"))
        if municipality_id and title is not None:
            found.append(Municipality(municipality_id, title, _text(item.get("type")) or ""))
    return found


def _text(value: object) -> str | None:
    """A text field, whitespace collapsed; a number Kolada sent for an id as its digits."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    return None


def _observation(entry: object) -> Observation | None:
    if not isinstance(entry, dict):
        return None
    kpi, period = entry.get("kpi"), _year(entry.get("period"))
    if not isinstance(kpi, str) or not kpi.strip() or period is None:
        return None  # cannot be placed in any row or column
    municipality = entry.get("municipality")
    municipality = str(municipality).strip() if municipality is not None else None
    readings: dict[str, Reading] = {}
    for item in entry.get("values") or ():
        if not isinstance(item, dict):
            continue
        gender = str(item.get("gender", TOTAL)).strip().upper()
        if gender in (TOTAL, WOMEN, MEN) and gender not in readings:
            readings[gender] = _reading(item)  # the first of each; a second is Kolada's mistake
    total = readings.get(TOTAL, Reading(None))
    return Observation(kpi.strip().upper(), municipality, period, total.value, total.status,
                       total.count, readings.get(WOMEN), readings.get(MEN))


def _reading(item: dict[str, Any]) -> Reading:
    """The value, or None where Kolada says it is missing: never 0 for a missing value."""
    status = item.get("status")
    status = " ".join(status.split()) if isinstance(status, str) else ""
    count = item.get("count")
    count = int(count) if isinstance(count, Decimal) and count == count.to_integral_value() \
        and 0 <= count < 10**9 else None
    value = item.get("value")
    if item.get("isdeleted") is True or item.get("is_deleted") is True or \
            status.casefold() == MISSING_STATUS:
        return Reading(None, status, count)
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return Reading(None, status, count)
    value = Decimal(value)
    return Reading(value if value.is_finite() else None, status, count)


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
