"""Which row of an export is which row of the input sheet.

Rows are matched on (Nyckeltal, Organisation), regardless of case and spacing: every space,
line break and soft hyphen is left out (a name a PDF wrapped inside a word, "vuxenutbil
dning", is the same name), and so is a full stop at the end. Where several rows of the sheet
have that pair, the Inriktningsmål decides (by its number, else its text). What cannot be
decided is never guessed:

- an export row that matches no row of the sheet is `unmatched` (listed; `--add-new` appends);
- one that matches several, which the goal does not tell apart, is `ambiguous` (listed);
- a sheet row that several export rows match is `contested` (listed, filled from none),
  unless exactly one of them is under the sheet row's goal: that one is its match, and the
  others, being another goal's rows, are unmatched.

For an unmatched export row, the summary names the sheet row of the same board whose name is
nearly the same (`near`), if one is left without a match: a PDF's hyphen ("arbetsmarknad
s-centrum") or a corrected typo. That is a hint for the person, never a match.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field

from indexcel.model import Dataset, Goal, Indicator

NEAR_RATIO = 0.9  # difflib's ratio of two name keys from which a name is "nearly the same"
NEAR_CANDIDATES = 200  # beyond this many unmatched rows of a board, no near names are sought
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def text_key(text: str) -> str:
    """A name as matching compares it: composed (å as one character), casefolded, without
    spaces, line breaks, soft hyphens or a full stop at the end."""
    composed = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return "".join(composed.split()).casefold().rstrip(".")


def row_key(indicator: Indicator) -> tuple[str, str]:
    """(Nyckeltal, Organisation) as matching compares them."""
    return text_key(indicator.name), text_key(indicator.board)


def goal_key(goal: Goal) -> str:
    return goal.number if goal.number is not None else text_key(goal.text)


@dataclass
class Matching:
    pairs: dict[int, int] = field(default_factory=dict)  # export index -> sheet index
    unmatched: list[int] = field(default_factory=list)  # export indexes
    ambiguous: dict[int, list[int]] = field(default_factory=dict)  # export -> sheet rows
    contested: dict[int, list[int]] = field(default_factory=dict)  # sheet -> export rows
    near: dict[int, int] = field(default_factory=dict)  # unmatched export -> a sheet row

    @property
    def sheet_rows(self) -> dict[int, int]:
        """sheet index -> the export row matched to it."""
        return {sheet: export for export, sheet in self.pairs.items()}


def match_rows(sheet: Dataset, export: Dataset) -> Matching:
    """Pair the export's rows with the sheet's; see the module's docstring."""
    by_key: dict[tuple[str, str], list[int]] = {}
    for index, indicator in enumerate(sheet.indicators):
        by_key.setdefault(row_key(indicator), []).append(index)
    matching = Matching()
    claims: dict[int, list[int]] = {}  # sheet index -> export indexes
    for index, indicator in enumerate(export.indicators):
        candidates = by_key.get(row_key(indicator), [])
        if len(candidates) > 1:
            goal = goal_key(indicator.goal)
            candidates = [c for c in candidates
                          if goal_key(sheet.indicators[c].goal) == goal] or candidates
        if not candidates:
            matching.unmatched.append(index)
        elif len(candidates) > 1:
            matching.ambiguous[index] = candidates
        else:
            claims.setdefault(candidates[0], []).append(index)
    for target, indexes in claims.items():
        if len(indexes) == 1:
            matching.pairs[indexes[0]] = target
            continue
        goal = goal_key(sheet.indicators[target].goal)
        same = [i for i in indexes if goal_key(export.indicators[i].goal) == goal]
        if len(same) == 1:
            matching.pairs[same[0]] = target
            matching.unmatched.extend(i for i in indexes if i != same[0])
        else:
            matching.contested[target] = indexes
    matching.unmatched.sort()
    matching.pairs = dict(sorted(matching.pairs.items()))
    _near_names(sheet, export, matching)
    return matching


def _near_names(sheet: Dataset, export: Dataset, matching: Matching) -> None:
    taken = set(matching.pairs.values()) | set(matching.contested)
    for values in matching.ambiguous.values():
        taken.update(values)
    free: dict[str, list[int]] = {}  # board -> the sheet rows left without a match
    for index, indicator in enumerate(sheet.indicators):
        if index not in taken:
            free.setdefault(row_key(indicator)[1], []).append(index)
    for index in matching.unmatched:
        name, board = row_key(export.indicators[index])
        candidates = free.get(board, [])
        if not candidates or len(candidates) > NEAR_CANDIDATES:
            continue
        ratio, best = max((difflib.SequenceMatcher(None, name, row_key(
            sheet.indicators[c])[0]).ratio(), c) for c in candidates)
        if ratio >= NEAR_RATIO:
            matching.near[index] = best
