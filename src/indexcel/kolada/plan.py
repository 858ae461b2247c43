"""What to ask Kolada for: the rows with a Kolada-id, the municipality, the years, and what to
compare the municipality with.

The municipality is --municipality when given; otherwise the sheet's Kommun-id column, filled
in once (one cell is enough; more cells must agree). The option wins over the column: it is
what the person asked for on this run. The years are --years when given, else the sheet's
Utfall years. The comparisons (--compare) are for the report year; the group of similar
municipalities is --similar-group, else the sheet's Jämförelsegrupp (once, like Kommun-id),
else the one Kolada titles "Liknande kommuner, övergripande, <municipality>" (found by
kolada/compare.py, which asks Kolada). No network here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from indexcel import limits, vocabulary
from indexcel.errors import InputError, InvalidDataError, OptionError
from indexcel.model import Column, ColumnRole, Dataset, Indicator, Location

# KPI ids are a letter and five digits (N00945, U09402); anything of letters and digits is
# sent, so that an id Kolada adds in another shape still works, but nothing that could change
# the request's path (a comma, a slash) is.
_KPI_ID = re.compile(r"^[A-Z0-9]{1,20}$")
_MUNICIPALITY = re.compile(r"^\d{1,4}$")
_YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-–]\s*(\d{4})\s*)?$")
_GROUP = re.compile(r"^\s*(G\d{1,12})(?![0-9A-Z])", re.IGNORECASE)
MAX_YEARS = 30
# What --compare may name: riket, Kolada's group of similar municipalities, women and men,
# and the rank among all municipalities (with its quartile).
COMPARE = ("country", "similar", "gender", "rank")


@dataclass
class KoladaPlan:
    municipality: str
    years: list[int]
    kpis: list[str]  # each id once, in the order of the rows
    rows: dict[int, str]  # indicator index -> its KPI id
    invalid_ids: list[tuple[int, str]] = field(default_factory=list)  # (index, what it holds)
    # Why the municipality is what it is, when the sheet and the option disagree
    municipality_note: str | None = None
    new_years: list[int] = field(default_factory=list)  # --years without an Utfall column
    compare: frozenset[str] = frozenset()  # of COMPARE
    compare_year: int | None = None  # the report year, when compare is not empty
    similar_group: str | None = None  # the group given (G...), when compare has similar
    similar_group_from: str | None = None  # "--similar-group", or the sheet's cell
    similar_group_note: str | None = None  # the option and the sheet disagree

    @property
    def data_years(self) -> list[int]:
        """The years asked of Kolada: those filled, and the year compared."""
        years = set(self.years)
        if self.compare_year is not None:
            years.add(self.compare_year)
        return sorted(years)


def parse_years(text: str) -> list[int]:
    """"2022-2025", "2024", or "2022,2024": the years, in order, each once."""
    years: set[int] = set()
    for part in str(text).split(","):
        match = _YEARS.match(part)
        if not match:
            raise OptionError("--years", f"'{text}' is not a year or a range of years.",
                              "Write for instance --years 2024, --years 2022-2025 or "
                              "--years 2022,2024.")
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if first > last:
            raise OptionError("--years", f"the range {first}-{last} runs backwards.",
                              f"Write --years {last}-{first}.")
        if not limits.MIN_YEAR <= first <= last <= limits.MAX_YEAR or last - first >= MAX_YEARS:
            raise OptionError("--years", f"{first}-{last} is not a range of at most "
                              f"{MAX_YEARS} years between {limits.MIN_YEAR} and "
                              f"{limits.MAX_YEAR}.")
        years.update(range(first, last + 1))
    if len(years) > MAX_YEARS:
        raise OptionError("--years", f"{len(years)} years were asked for; at most "
                          f"{MAX_YEARS} at a time.")
    return sorted(years)


def parse_compare(text: str) -> frozenset[str]:
    """"country,similar,gender,rank", any of them, or "all"."""
    words = {w.strip().casefold() for w in str(text).split(",")}
    if "all" in words and len(words) == 1:
        return frozenset(COMPARE)
    unknown = sorted(w for w in words if w not in COMPARE)
    if unknown or not words:
        raise OptionError("--compare", f"'{text}' is not a list of comparisons"
                          + (f" ({', '.join(repr(w) for w in unknown)} is not one)"
                             if unknown else "") + ".",
                          "Give any of country, similar, gender and rank separated by commas "
                          "(--compare country,rank), or --compare all.")
    return frozenset(words)


def group_id(value: object) -> str | None:
    """'G37290' from a Jämförelsegrupp cell or --similar-group ('g37290', 'G37290 Liknande
    kommuner, ...': the id first, the title after it for people); None when it holds none."""
    match = _GROUP.match(str(value)) if value is not None else None
    return match.group(1).upper() if match else None


def municipality_id(value: object) -> str | None:
    """'0188' from '0188', '188' or the number 188 (Excel drops leading zeros); None when it
    is not a municipality or region id (four digits; 0000 is the whole country)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip() if value is not None else ""
    return text.zfill(4) if _MUNICIPALITY.match(text) else None


def kpi_id(value: object) -> str | None:
    """The KPI id of a Kolada-id cell, upper case; '' for an empty cell; None when the cell
    holds something that is not an id."""
    text = "" if value is None else "".join(str(value).split()).upper()
    if not text:
        return ""
    return text if _KPI_ID.match(text) else None


def plan_kolada(dataset: Dataset, municipality: str | None = None,
                years: list[int] | None = None, compare: frozenset[str] = frozenset(),
                similar_group: str | None = None) -> KoladaPlan:
    """Check the dataset and the options and say what to fetch. Raises OptionError for a bad
    option and InputError for a sheet that cannot be filled."""
    unknown = sorted(set(compare) - set(COMPARE))
    if unknown:
        raise OptionError("--compare", f"{', '.join(unknown)} is not a comparison.",
                          f"Give any of {', '.join(COMPARE)}.")
    if similar_group is not None and "similar" not in compare:
        raise OptionError("--similar-group", "names the group of similar municipalities, "
                          "which only --compare similar (or all) compares with.",
                          "Add --compare similar, or leave --similar-group out.")
    if dataset.errors:
        raise InvalidDataError(
            f"{dataset.source}: {len(dataset.errors)} error(s) in the input; filling it from "
            "Kolada would lose the values that could not be read, so nothing was fetched.",
            dataset.errors,
            "Fix them (`indexcel validate` lists them all) and run `indexcel kolada` again.")
    id_column = dataset.column(ColumnRole.KOLADA_ID)
    if id_column is None:
        raise InputError(
            f"{dataset.source}: there is no column '{vocabulary.HEADER_KOLADA_ID}'; nothing "
            "to fetch.",
            f"Add a column '{vocabulary.HEADER_KOLADA_ID}' and write the KPI id (such as "
            "N00097, found on kolada.se) on the rows Kolada publishes.")
    rows: dict[int, str] = {}
    invalid: list[tuple[int, str]] = []
    for index, indicator in enumerate(dataset.indicators):
        raw = indicator.row_values.get(id_column.header)
        kpi = kpi_id(raw)
        if kpi is None:
            invalid.append((index, str(raw)))
        elif kpi:
            rows[index] = kpi
    if not rows:
        raise InputError(
            f"{dataset.source}: no row has a {vocabulary.HEADER_KOLADA_ID}; nothing to fetch."
            + (f" ({len(invalid)} cell(s) hold something that is not a KPI id.)"
               if invalid else ""),
            "Write the KPI id (such as N00097, found on kolada.se) on the rows Kolada "
            "publishes.")
    chosen, note = _municipality(dataset, municipality)
    asked = years if years is not None else dataset.outcome_years
    group, group_from, group_note = (_similar_group(dataset, similar_group)
                                     if "similar" in compare else (None, None, None))
    return KoladaPlan(
        municipality=chosen, years=list(asked), kpis=list(dict.fromkeys(rows.values())),
        rows=rows, invalid_ids=invalid, municipality_note=note,
        new_years=[y for y in asked if y not in dataset.outcome_years],
        compare=frozenset(compare), compare_year=dataset.report_year if compare else None,
        similar_group=group, similar_group_from=group_from, similar_group_note=group_note)


def _similar_group(dataset: Dataset, option: str | None
                   ) -> tuple[str | None, str | None, str | None]:
    """The group given (--similar-group wins over the sheet's Jämförelsegrupp), where it was
    given, and a note when the two differ; None when neither gives one."""
    given = None
    if option is not None:
        given = group_id(option)
        if given is None or given != option.strip().upper():
            raise OptionError("--similar-group", f"'{option}' is not a Kolada group id.",
                              "Give the id of a municipality group, G and digits, such as "
                              "G37290 (kolada.se shows it), or leave the option out to use "
                              "Kolada's 'Liknande kommuner, övergripande' group.")
    column = dataset.column(ColumnRole.SIMILAR_GROUP)
    found = _ids_in_column(
        dataset, column, group_id, None if given is not None else (
            "does not start with a Kolada group id.",
            "Write the group's id, G and digits such as G37290 (its title may follow), empty "
            "the cell to use Kolada's 'Liknande kommuner, övergripande' group, or give "
            "--similar-group."))
    if given is not None:
        others = [g for g in found if g != given]
        note = (f"--similar-group {given} was used; the sheet's "
                f"{vocabulary.HEADER_SIMILAR_GROUP} says {', '.join(others)}."
                if others else None)
        return given, "--similar-group", note
    if len(found) > 1 and column is not None:
        places = "; ".join(f"{g} ({where})" for g, where in found.items())
        raise InputError(
            f"{dataset.source}: the column {column.header} holds different groups: {places}.",
            "Keep one group in the column, or choose with --similar-group.")
    if found:
        chosen, where = next(iter(found.items()))
        return chosen, f"the sheet's {vocabulary.HEADER_SIMILAR_GROUP}" + (
            f" ({where.cell or where.place})" if where is not None else ""), None
    return None, None, None


def _municipality(dataset: Dataset, option: str | None) -> tuple[str, str | None]:
    given = None
    if option is not None:
        given = municipality_id(option)
        if given is None:
            raise OptionError("--municipality", f"'{option}' is not a municipality id.",
                              "Give Kolada's four-digit id, such as 0188 for Norrtälje; 0000 "
                              "is the whole country.")
    column = dataset.column(ColumnRole.MUNICIPALITY_ID)
    found = _ids_in_column(
        dataset, column, municipality_id, None if given is not None else (
            "is not a municipality id.",
            "Write Kolada's four-digit id, such as 0188 for Norrtälje, or give "
            "--municipality."))
    if given is not None:
        others = [m for m in found if m != given]
        note = (f"--municipality {given} was used; the sheet's "
                f"{vocabulary.HEADER_MUNICIPALITY_ID} says {', '.join(others)}."
                if others else None)
        return given, note
    if len(found) > 1 and column is not None:  # found holds the column's ids
        places = "; ".join(f"{m} ({where})" for m, where in found.items())
        raise InputError(
            f"{dataset.source}: the column {column.header} holds different municipalities: "
            f"{places}.", "Keep one id in the column, or choose with --municipality.")
    if not found:
        raise OptionError(
            "--municipality", "no municipality given, and the sheet has no "
            f"{vocabulary.HEADER_MUNICIPALITY_ID}.",
            f"Give --municipality (such as 0188 for Norrtälje), or add a column "
            f"{vocabulary.HEADER_MUNICIPALITY_ID} with the id in one cell so that next "
            "year's run needs no option.")
    return next(iter(found)), None


def _ids_in_column(dataset: Dataset, column: Column | None,
                   parse: Callable[[object], str | None],
                   refusal: tuple[str, str] | None) -> dict[str, Location | None]:
    """The ids in an id-once column (Kommun-id, Jämförelsegrupp), each with where it first
    stands. A cell that is no id is an InputError saying `refusal` (what is wrong, what to
    do), or skipped where `refusal` is None (an option gives the id)."""
    found: dict[str, Location | None] = {}
    if column is None:
        return found
    for indicator in dataset.indicators:
        raw = indicator.row_values.get(column.header)
        if raw is None or str(raw).strip() == "":
            continue
        value = parse(raw)
        where = _where(indicator, column.header)
        if value is None and refusal is not None:
            raise InputError(f"{where}: '{raw}' {refusal[0]}", refusal[1])
        if value is not None:
            found.setdefault(value, where)
    return found


def _where(indicator: Indicator, header: str) -> Location | None:
    return indicator.location.with_column(header) if indicator.location else None
