"""What `indexcel kolada` says when done: counts, then the group of similar municipalities
compared with, and a line per conflict, per unknown KPI id, per KPI without a value, per KPI
not split by gender, per kind of row without a rank, and per Kolada-id cell that is not an
id. English, like every message; values as the sheet shows them (25,9 %, 12 av 290)."""

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


_COMPARED = {"country": "riket", "similar": "similar municipalities",
             "gender": "women and men", "rank": "the rank among all municipalities"}
_NO_RANK = {
    "near": "Riktning is Nära målet, where no value is best for every municipality",
    "no-value": "Kolada has no value of the municipality for {year} to rank",
    "no-peers": "{municipality} is not ranked: only municipalities (among municipalities) "
                "and regions (among regions) are",
}


def counts(result: KoladaFill, output: Path, requests: int, base_url: str) -> list[str]:
    """The short summary (`--quiet` leaves it out)."""
    plan = result.plan
    outcomes = [f for f in result.filled if f.role == "outcome"]
    lines = [
        f"Asked Kolada ({base_url}) for {_plural(len(plan.kpis), 'KPI')}, municipality "
        f"{plan.municipality}, {years_text(plan.years)}: {_plural(requests, 'request')}.",
        f"Wrote {output}: {_plural(len(outcomes), 'value')} filled from Kolada, "
        f"{_plural(len(result.rows_without_data), 'row')} with a "
        f"{vocabulary.HEADER_KOLADA_ID} had no data, "
        f"{_plural(len(result.conflicts), 'conflict')}.",
    ]
    if plan.compare:
        by_role: dict[str, int] = {}
        for filled in result.filled:
            if filled.role != "outcome":
                by_role[filled.role] = by_role.get(filled.role, 0) + 1
        named = [_COMPARED[c] for c in ("country", "similar", "gender", "rank")
                 if c in plan.compare]
        what = " and ".join([", ".join(named[:-1]), named[-1]] if len(named) > 1 else named)
        shown = ", ".join(f"{by_role[role]} {vocabulary.YEARLY_HEADERS[role].format(year='')}"
                          .strip() for role in vocabulary.COMPARISON_ROLES if role in by_role)
        lines.append(f"Compared {plan.compare_year} with {what}: "
                     + (f"filled {shown}." if shown else "nothing to fill."))
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
    if plan.similar_group_note:
        lines.append(f"note: {plan.similar_group_note}")
    if result.group is not None:
        group = result.group
        members = ", ".join(f"{m.title} ({m.id})" for m in group.members)
        how = plan.similar_group_from or "found by its title"
        lines.append(
            f"similar municipalities: {group.id} '{group.title}' ({how}), "
            f"{_plural(len(group.members), 'member')}" + (f": {members}." if members else "."))
    for c in result.conflicts:
        indicator = result.indicators[c.index]
        action = ("replaced it with Kolada's (--overwrite)" if c.replaced
                  else "kept the sheet's value (--overwrite takes Kolada's)")
        theirs = (f"the rank computed from Kolada's {c.kpi} is"
                  if c.role in ("rank", "quartile") else f"Kolada {c.kpi} has")
        lines.append(
            f"conflict: {c.cell} ({c.header}), {indicator.name} – {indicator.board}: the "
            f"sheet has {shown_value(c.sheet)}, {theirs} {shown_value(c.kolada)}; "
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
    if result.not_split:
        kpis = "; ".join(f"{kpi} ({_rows(indexes)})" for kpi, indexes in
                         result.not_split.items())
        lines.append(
            f"not split by gender: Kolada gives no values for women and men of {kpis}; "
            f"{vocabulary.HEADER_WOMEN.format(year=plan.compare_year)} and "
            f"{vocabulary.HEADER_MEN.format(year=plan.compare_year)} were left empty there.")
    for reason, indexes in result.no_rank.items():
        why = _NO_RANK[reason].format(year=plan.compare_year, municipality=plan.municipality)
        lines.append(f"no rank: {why} ({_rows(indexes)}).")
    for index, text in plan.invalid_ids:
        lines.append(
            f"not a KPI id: {vocabulary.HEADER_KOLADA_ID} on {_rows([index])} holds '{text}'; "
            "the row was left as it is.")
    if lines:
        lines.insert(0, f"Cells and rows below are those of {output}.")
    return lines
