"""What `indexcel kolada` says when done: counts, then a line per conflict, per unknown KPI
id, per KPI without a value, and per Kolada-id cell that is not an id. English, like every
message; values as the sheet shows them (25,9 %)."""

from __future__ import annotations

from pathlib import Path

from indexcel import vocabulary
from indexcel.fill.merge import years_text
from indexcel.kolada.fill import KoladaFill, output_row, shown_value


def _rows(indexes: list[int]) -> str:
    rows = [str(output_row(i)) for i in indexes]
    shown = ", ".join(rows[:10]) + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")
    return f"row{'s' if len(rows) > 1 else ''} {shown}"


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def counts(result: KoladaFill, output: Path, requests: int, base_url: str) -> list[str]:
    """The short summary (`--quiet` leaves it out)."""
    plan = result.plan
    lines = [
        f"Asked Kolada ({base_url}) for {_plural(len(plan.kpis), 'KPI')}, municipality "
        f"{plan.municipality}, {years_text(plan.years)}: {_plural(requests, 'request')}.",
        f"Wrote {output}: {_plural(len(result.filled), 'value')} filled from Kolada, "
        f"{_plural(len(result.rows_without_data), 'row')} with a "
        f"{vocabulary.HEADER_KOLADA_ID} had no data, "
        f"{_plural(len(result.conflicts), 'conflict')}.",
    ]
    added = result.added_columns
    if added:
        lines.append(f"Added the column{'s' if len(added) > 1 else ''} {', '.join(added)}.")
    return lines


def details(result: KoladaFill, output: Path) -> list[str]:
    """A line for each thing to look at; shown even with --quiet."""
    plan = result.plan
    lines = []
    if plan.municipality_note:
        lines.append(f"note: {plan.municipality_note}")
    for c in result.conflicts:
        indicator = result.indicators[c.index]
        action = ("replaced it with Kolada's (--overwrite)" if c.replaced
                  else "kept the sheet's value (--overwrite takes Kolada's)")
        lines.append(
            f"conflict: {c.cell} ({c.header}), {indicator.name} – {indicator.board}: the "
            f"sheet has {shown_value(c.sheet)}, Kolada {c.kpi} has {shown_value(c.kolada)}; "
            f"{action}.")
    for kpi, indexes in result.unknown_kpis.items():
        lines.append(
            f"unknown KPI id: Kolada answered with nothing for {kpi} ({_rows(indexes)}), "
            f"neither a value nor a gap for {plan.municipality} in {years_text(plan.years)}; "
            "check the id on kolada.se.")
    for kpi, indexes in result.kpis_without_values.items():
        lines.append(
            f"no value: Kolada has no value of {kpi} for municipality {plan.municipality} in "
            f"{years_text(plan.years)} ({_rows(indexes)}).")
    for index, text in plan.invalid_ids:
        lines.append(
            f"not a KPI id: {vocabulary.HEADER_KOLADA_ID} on {_rows([index])} holds '{text}'; "
            "the row was left as it is.")
    if lines:
        lines.insert(0, f"Cells and rows below are those of {output}.")
    return lines
