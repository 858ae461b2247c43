"""What `indexcel fill` (and `build --rules-from`) says when done: counts, then a line per
conflict, per value in another unit, per export row without a match, ambiguous or contested,
and per export year the sheet has no column for. English, like every message; values as the
sheet shows them (25,9 %).

Cells are named as they stand in the written sheet (`fill`), or, when no sheet is written
(`build --rules-from`), by the input sheet's row and column.
"""

from __future__ import annotations

from pathlib import Path

from indexcel import vocabulary
from indexcel.fill.export import ExportFill
from indexcel.fill.merge import output_row, shown_value, years_text
from indexcel.model import shorten


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


class _Places:
    """How the lines name a cell or a row of the sheet."""

    def __init__(self, result: ExportFill, output: Path | None) -> None:
        self.result, self.output = result, output

    def cell(self, index: int, header: str, cell: str) -> str:
        if self.output is not None:
            return f"{cell} ({header})"
        location = self.result.dataset.indicators[index].location
        return str(location.with_column(header)) if location is not None else header

    def row(self, index: int) -> str:
        if self.output is not None:
            return f"row {output_row(index)}"
        location = self.result.dataset.indicators[index].location
        return str(location) if location is not None else f"row {output_row(index)}"

    def rows(self, indexes: list[int]) -> str:
        shown = [self.row(i) for i in indexes[:5]]
        more = f" and {len(indexes) - 5} more" if len(indexes) > 5 else ""
        return ", ".join(shown) + more


def _indicator(result: ExportFill, export_index: int) -> str:
    indicator = result.export.indicators[export_index]
    return f"'{shorten(indicator.name)}' – {indicator.board} ({shorten(indicator.goal.text, 40)})"


def counts(result: ExportFill, input_path: Path, output: Path | None) -> list[str]:
    """The short summary (`--quiet` leaves it out)."""
    matching = result.matching
    export_rows = len(result.export.indicators)
    lines = [
        f"Read {result.source}: {_plural(export_rows, 'row')}, "
        f"{_plural(len(matching.pairs), 'matched a row', 'matched rows')} of {input_path.name}"
        f" ({years_text(result.years) or 'no year in common'}); "
        f"{len(matching.unmatched)} without a match, "
        f"{len(matching.ambiguous) + sum(map(len, matching.contested.values()))} not told "
        "apart.",
    ]
    missing = result.sheet_rows_without_export
    verb = f"Wrote {output}" if output is not None else "Matched"
    added = (f", {_plural(len(result.added), 'row')} added for review" if result.added
             else "")
    lines.append(
        f"{verb}: {_plural(len(result.filled), 'value')} filled from {result.source}, "
        f"{_plural(len(result.conflicts), 'conflict')}{added}; "
        f"{_plural(len(missing), 'row')} of {input_path.name} had no row in the export.")
    if result.added_columns and output is not None:
        added_columns = result.added_columns
        lines.append(f"Added the column{'s' if len(added_columns) > 1 else ''} "
                     f"{', '.join(added_columns)}.")
    return lines


def details(result: ExportFill, input_path: Path, output: Path | None,
            overwrite_option: bool = True) -> list[str]:
    """A line for each thing to look at; shown even with --quiet. `overwrite_option`: whether
    the command has --overwrite to name."""
    places = _Places(result, output)
    name = input_path.name
    lines = []
    for year in result.unused_years:
        lines.append(
            f"not used: the export's {vocabulary.HEADER_OUTCOME.format(year=year)} has no "
            f"column in {name} (roll the sheet over to {year} first: `indexcel rollover "
            f"{name} --year {year}`).")
    for c in result.conflicts:
        indicator = (result.dataset.indicators[c.index] if c.index < len(
            result.dataset.indicators) else None)
        what = f", {shorten(indicator.name)} – {indicator.board}" if indicator else ""
        action = ("replaced it with the export's (--overwrite)" if c.replaced
                  else "kept the sheet's value"
                  + (" (--overwrite takes the export's)" if overwrite_option else ""))
        lines.append(
            f"conflict: {places.cell(c.index, c.header, c.cell)}{what}: the sheet has "
            f"{shown_value(c.sheet)}, {c.origin} has {shown_value(c.incoming)}; {action}.")
    for m in result.unit_mismatches:
        indicator = result.dataset.indicators[m.index]
        unit, other = ("percentages", "a plain number") if m.percent_row else (
            "plain numbers", "a percentage")
        lines.append(
            f"other unit: {places.cell(m.index, m.header, m.cell)}, "
            f"{shorten(indicator.name)} – {indicator.board}: the row's values are {unit}, "
            f"but {result.origin(m.export)} has {shown_value(m.value)}, {other}; not filled "
            "(type the value, or correct the export).")
    added = set(result.added)
    first_new = len(result.dataset.indicators)
    for export_index in result.matching.unmatched:
        where = result.origin(export_index)
        if export_index in added:
            row = output_row(first_new + result.added.index(export_index))
            lines.append(
                f"added: {where}, {_indicator(result, export_index)} matched no row of "
                f"{name}; appended as row {row}, marked for review (fill in its Riktning "
                "and check its target).")
        else:
            near = result.matching.near.get(export_index)
            nearly = "" if near is None else (
                f" Its name is nearly that of {places.row(near)}, "
                f"'{shorten(result.dataset.indicators[near].name)}': if they are one "
                "indicator, write the name the same way in both.")
            lines.append(
                f"no match: {where}, {_indicator(result, export_index)} matches no row of "
                f"{name} (by Nyckeltal and Organisation); not filled"
                + (" (--add-new appends such rows, marked for review)." if output else ".")
                + nearly)
    for export_index, candidates in result.matching.ambiguous.items():
        lines.append(
            f"not told apart: {result.origin(export_index)}, {_indicator(result, export_index)}"
            f" matches {places.rows(candidates)} of {name}, whose goals do not tell them "
            "apart; not filled. Make the rows' Inriktningsmål differ, or fill them by hand.")
    for index, exports in result.matching.contested.items():
        indicator = result.dataset.indicators[index]
        shown = "; ".join(str(result.origin(e)) for e in exports[:5])
        lines.append(
            f"not told apart: {_plural(len(exports), 'row')} of the export ({shown}) match "
            f"{places.row(index)}, {shorten(indicator.name)} – {indicator.board}; filled from "
            "none of them. Remove the copies from the export, or fill the row by hand.")
    if lines and output is not None:
        lines.insert(0, f"Cells and rows of {name} below are those of {output}.")
    return lines
