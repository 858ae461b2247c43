"""Cell values as text: keys with their spaces folded, and short quotes for messages."""

from __future__ import annotations

import datetime as _dt
from typing import Any


def as_text(value: Any) -> str:
    if value.__class__ is str:  # nearly always
        return value.strip() if "\n" in value else " ".join(value.split())
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    return " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()


def shorten(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
