"""Sheet names that Excel accepts, made from board and goal names."""

from __future__ import annotations

import re

from indexcel import limits, theme
from indexcel.limits import utf16_units as units

MAX_LENGTH = limits.MAX_SHEET_NAME_UNITS
_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
RESERVED = frozenset({"history"})


class SheetNamer:
    """Hands out names unique regardless of case, at most 31 characters, none of
    [ ] : * ? / \\, no apostrophe at either end, never "History"."""

    def __init__(self, taken: list[str] | None = None) -> None:
        self._taken: set[str] = {name.casefold() for name in taken or []}

    def claim(self, wanted: str) -> str:
        base = clean(wanted)
        name, counter = base, 1
        while name.casefold() in self._taken or name.casefold() in RESERVED:
            counter += 1
            suffix = f" ({counter})"
            name = shorten(base, MAX_LENGTH - units(suffix)).rstrip("'") + suffix
        self._taken.add(name.casefold())
        return name


# XlsxWriter escapes "_xHHHH_" in some places a sheet's name stands (print titles, chart
# references) but not in the name itself: the references would name another sheet.
_LOOKS_ESCAPED = re.compile("_(?=x[0-9A-Fa-f]{4}_)")


def clean(text: str) -> str:
    text = _LOOKS_ESCAPED.sub("-", limits.without_unwritable(text))
    text = _FORBIDDEN.sub(lambda m: "-" if m.group() in "/\\" else " ", text)
    text = " ".join(text.split()).strip("'").strip()
    return shorten(text, MAX_LENGTH) or theme.FALLBACK_SHEET_NAME


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary where one is near, and mark the cut with an ellipsis."""
    if units(text) <= limit:
        return text
    cut = text
    while units(cut) > limit - 1:
        cut = cut[:-1]
    space = cut.rfind(" ")
    if space >= len(cut) // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;-–'") + "…"


def quote(name: str) -> str:
    """A sheet name as it stands in a formula or an internal link: 'Alla indikatorer'."""
    return "'" + name.replace("'", "''") + "'"
