"""The words of the input sheet: its column headers, the other spellings the reader accepts,
and the words it understands in the Riktning, Status and Trend cells.

The report's table ("Alla indikatorer") uses the same headers and words, so that it can be
read back as input. How the workbooks look is in theme.py.
"""

from __future__ import annotations

from indexcel.model import (
    Change,
    ColumnRole,
    Dataset,
    Direction,
    Indicator,
    Measure,
    Status,
    Trend,
)

# --- Column headers of the input sheet (and of the "Alla indikatorer" table) -------------------
HEADER_GOAL = "Inriktningsmål"
HEADER_NAME = "Nyckeltal"
HEADER_BOARD = "Organisation"
HEADER_OUTCOME = "Utfall {year}"
HEADER_TARGET = "Mål {year}"
HEADER_DIRECTION = "Riktning"
HEADER_TOLERANCE = "Tolerans"
HEADER_PARTLY = "Delvis"
HEADER_STATUS = "Status"
HEADER_TREND = "Trend"
HEADER_UNIT = "Enhet"
HEADER_COMMENT = "Kommentar"
# `indexcel kolada`: the KPI id of a row, the municipality (once for the sheet), and where an
# outcome came from ("Källa 2024" holds "Kolada" beside each value fetched from Kolada).
HEADER_KOLADA_ID = "Kolada-id"
HEADER_MUNICIPALITY_ID = "Kommun-id"
HEADER_SOURCE = "Källa {year}"
SOURCE_KOLADA = "Kolada"

# Other spellings the reader accepts for a column (compared case-insensitively, spaces folded).
HEADER_ALIASES = {
    ColumnRole.GOAL: (HEADER_GOAL, "Inriktningsmål (KF)", "Mål (inriktning)"),
    ColumnRole.NAME: (HEADER_NAME, "Indikator", "Indikatorer", "Nyckeltal/indikator"),
    ColumnRole.BOARD: (HEADER_BOARD, "Nämnd", "Nämnd/organisation", "Förvaltning"),
    ColumnRole.DIRECTION: (HEADER_DIRECTION, "Önskad riktning"),
    ColumnRole.TOLERANCE: (HEADER_TOLERANCE, "Tolerans mål", "Tillåten avvikelse"),
    ColumnRole.PARTLY: (HEADER_PARTLY, "Delvis uppfylld", "Delvis uppfylld inom", "Gräns delvis"),
    ColumnRole.STATUS: (HEADER_STATUS,),
    ColumnRole.TREND: (HEADER_TREND,),
    ColumnRole.UNIT: (HEADER_UNIT,),
    ColumnRole.COMMENT: (HEADER_COMMENT, "Kommentarer", "Analys"),
    ColumnRole.KOLADA_ID: (HEADER_KOLADA_ID, "Kolada id", "Koladaid", "KPI-id", "Kolada-KPI"),
    ColumnRole.MUNICIPALITY_ID: (HEADER_MUNICIPALITY_ID, "Kommun id", "Kommunkod", "Kommunid"),
}
OUTCOME_PATTERN = r"^utfall\s*(\d{4})$"
TARGET_PATTERN = r"^(?:mål|målvärde)\s*(\d{4})$"
SOURCE_PATTERN = r"^källa\s*(\d{4})$"
GROUP_ROW_PREFIX = "Inriktningsmål:"

DIRECTION_LABELS = {
    Direction.HIGHER_IS_BETTER: "Högre är bättre",
    Direction.LOWER_IS_BETTER: "Lägre är bättre",
    Direction.NEAR_TARGET: "Nära målet",
}
DIRECTION_ALIASES = {
    Direction.HIGHER_IS_BETTER: ("högre är bättre", "högre", "hög", "öka", "ökande"),
    Direction.LOWER_IS_BETTER: ("lägre är bättre", "lägre", "låg", "minska", "minskande"),
    Direction.NEAR_TARGET: ("nära målet", "nära mål", "nära", "så nära målet som möjligt"),
}
# A target cell may hold a direction instead of a number (compared case-insensitively).
CHANGE_LABELS = {Change.INCREASE: "Öka", Change.DECREASE: "Minska"}
CHANGE_ALIASES = {
    Change.INCREASE: ("öka", "ökning"),
    Change.DECREASE: ("minska", "minskning"),
}
STATUS_LABELS = {
    Status.MET: "Uppfylld",
    Status.PARTLY_MET: "Delvis uppfylld",
    Status.NOT_MET: "Ej uppfylld",
    Status.NOT_ASSESSED: "Ej bedömd",
}
STATUS_ALIASES = {
    Status.MET: ("uppfylld", "uppfyllt", "uppnådd", "grön"),
    Status.PARTLY_MET: ("delvis uppfylld", "delvis uppfyllt", "delvis uppnådd", "delvis",
                        "gul"),
    Status.NOT_MET: ("ej uppfylld", "ej uppfyllt", "inte uppfylld", "ej uppnådd", "röd"),
    Status.NOT_ASSESSED: ("ej bedömd", "ej bedömt", "inte bedömd", "vit"),
}
TREND_LABELS = {Trend.UP: "Uppåt", Trend.UNCHANGED: "Oförändrad", Trend.DOWN: "Nedåt"}
TREND_ALIASES = {
    Trend.UP: ("uppåt", "upp", "ökande"),
    Trend.UNCHANGED: ("oförändrad", "oförändrat", "åt sidan", "sidan"),
    Trend.DOWN: ("nedåt", "ned", "ner", "minskande"),
}
# --- The goals' sheet (`Inriktningsmål`): one row per goal, its judgement given by hand and the
# reasons. A goal is judged as a whole: the words are neuter (målet är uppfyllt).
HEADER_JUDGEMENT = "Bedömning"
HEADER_MOTIVATION = "Motivering"
GOAL_SHEET_ALIASES = {
    ColumnRole.GOAL: HEADER_ALIASES[ColumnRole.GOAL],
    ColumnRole.JUDGEMENT: (HEADER_JUDGEMENT, "Bedömning av målet", "Måluppfyllelse",
                           "Samlad bedömning"),
    ColumnRole.MOTIVATION: (HEADER_MOTIVATION, "Motivering till bedömningen", "Kommentar",
                            "Analys"),
}
JUDGEMENT_PATTERN = r"^(?:bedömning|måluppfyllelse)\s*(\d{4})$"  # "Bedömning 2024": that year's
MOTIVATION_PATTERN = r"^motivering\s*(\d{4})$"
GOAL_JUDGEMENT_LABELS = {
    Status.MET: "Uppfyllt",
    Status.PARTLY_MET: "Delvis uppfyllt",
    Status.NOT_MET: "Ej uppfyllt",
    Status.NOT_ASSESSED: "Ej bedömt",
}
GOAL_JUDGEMENT_ALIASES = {
    Status.MET: ("uppfyllt", "uppfylld", "uppfyllda", "uppnått", "uppnådd", "grön"),
    Status.PARTLY_MET: ("delvis uppfyllt", "delvis uppfylld", "delvis uppfyllda",
                        "delvis uppnått", "delvis", "gul"),
    Status.NOT_MET: ("ej uppfyllt", "ej uppfylld", "ej uppfyllda", "inte uppfyllt",
                     "inte uppfylld", "ej uppnått", "röd"),
    Status.NOT_ASSESSED: ("ej bedömt", "ej bedömd", "inte bedömt", "inte bedömd", "vit"),
}
PREVIOUS_HEADER = "{header} {year}"  # "Kommentar 2024", "Status 2024": last year's, kept


def target_text(dataset: Dataset, indicator: Indicator, year: int) -> Measure | str | None:
    """The target for `year` as a cell shows it: the number (a Measure), the word as typed,
    or the Swedish word for Öka or Minska; None when there is none."""
    target = dataset.target_as_typed(indicator, year)
    return CHANGE_LABELS[target] if isinstance(target, Change) else target
