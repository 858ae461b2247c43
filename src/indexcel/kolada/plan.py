"""What to ask Kolada for: the rows with a Kolada-id, the municipality and the years.

The municipality is --municipality when given; otherwise the sheet's Kommun-id column, filled
in once (one cell is enough; more cells must agree). The option wins over the column: it is
what the person asked for on this run. The years are --years when given, else the sheet's
Utfall years. No network here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexcel import limits, vocabulary
from indexcel.errors import InputError, InvalidDataError, OptionError
from indexcel.model import ColumnRole, Dataset, Indicator, Location

# KPI ids are a letter and five digits (N00945, U09402); anything of letters and digits is
# sent, so that an id Kolada adds in another shape still works, but nothing that could change
# the request's path (a comma, a slash) is.
_KPI_ID = re.compile(r"^[A-Z0-9]{1,20}$")
_MUNICIPALITY = re.compile(r"^\d{1,4}$")
_YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-–]\s*(\d{4})\s*)?$")
MAX_YEARS = 30


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
                years: list[int] | None = None) -> KoladaPlan:
    """Check the dataset and the options and say what to fetch. Raises OptionError for a bad
    option and InputError for a sheet that cannot be filled."""
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
    return KoladaPlan(
        municipality=chosen, years=list(asked), kpis=list(dict.fromkeys(rows.values())),
        rows=rows, invalid_ids=invalid, municipality_note=note,
        new_years=[y for y in asked if y not in dataset.outcome_years])


def _municipality(dataset: Dataset, option: str | None) -> tuple[str, str | None]:
    given = None
    if option is not None:
        given = municipality_id(option)
        if given is None:
            raise OptionError("--municipality", f"'{option}' is not a municipality id.",
                              "Give Kolada's four-digit id, such as 0188 for Norrtälje; 0000 "
                              "is the whole country.")
    column = dataset.column(ColumnRole.MUNICIPALITY_ID)
    found: dict[str, Location | None] = {}
    if column is not None:
        for indicator in dataset.indicators:
            raw = indicator.row_values.get(column.header)
            if raw is None or str(raw).strip() == "":
                continue
            value = municipality_id(raw)
            where = _where(indicator, column.header)
            if value is None and given is None:
                raise InputError(f"{where}: '{raw}' is not a municipality id.",
                                 "Write Kolada's four-digit id, such as 0188 for Norrtälje, "
                                 "or give --municipality.")
            if value is not None:
                found.setdefault(value, where)
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


def _where(indicator: Indicator, header: str) -> Location | None:
    return indicator.location.with_column(header) if indicator.location else None
