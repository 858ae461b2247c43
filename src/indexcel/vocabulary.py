"""The words of the input sheet: its column headers, the other spellings the reader accepts,
and the words it understands in the Riktning, Status and Trend cells.

The report's table ("Alla indikatorer") uses the same headers and words, so that it can be
read back as input. How the workbooks look is in theme.py.
"""

from __future__ import annotations

from indexcel.model import Change, Direction, Quartile, Status, Trend

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
# What the municipality is compared with, for a year (`indexcel kolada --compare`, or typed):
# the whole country, Kolada's group of similar municipalities, women and men, and the rank
# among all municipalities with its quartile. The group is named once for the sheet.
HEADER_COUNTRY = "Riket {year}"
HEADER_SIMILAR = "Liknande kommuner {year}"
HEADER_WOMEN = "Kvinnor {year}"
HEADER_MEN = "Män {year}"
HEADER_RANK = "Placering {year}"
HEADER_QUARTILE = "Kvartil {year}"
HEADER_SIMILAR_GROUP = "Jämförelsegrupp"

# Other spellings the reader accepts for a column (compared case-insensitively, spaces folded).
HEADER_ALIASES = {
    "goal": (HEADER_GOAL, "Inriktningsmål (KF)", "Mål (inriktning)"),
    "name": (HEADER_NAME, "Indikator", "Indikatorer", "Nyckeltal/indikator"),
    "board": (HEADER_BOARD, "Nämnd", "Nämnd/organisation", "Förvaltning"),
    "direction": (HEADER_DIRECTION, "Önskad riktning"),
    "tolerance": (HEADER_TOLERANCE, "Tolerans mål", "Tillåten avvikelse"),
    "partly": (HEADER_PARTLY, "Delvis uppfylld", "Delvis uppfylld inom", "Gräns delvis"),
    "status": (HEADER_STATUS,),
    "trend": (HEADER_TREND,),
    "unit": (HEADER_UNIT,),
    "comment": (HEADER_COMMENT, "Kommentarer", "Analys"),
    "kolada_id": (HEADER_KOLADA_ID, "Kolada id", "Koladaid", "KPI-id", "Kolada-KPI"),
    "municipality_id": (HEADER_MUNICIPALITY_ID, "Kommun id", "Kommunkod", "Kommunid"),
    "similar_group": (HEADER_SIMILAR_GROUP, "Jämförelsegrupp (Kolada)", "Kolada-grupp",
                      "Kommungrupp"),
}
# The yearly columns, one mechanism for every kind: a role, its header (for a year), and the
# pattern the reader knows the header by (matched lower case, spaces folded; the year in any
# script's digits). The roles the reader, model, rollover and writers handle per year.
YEARLY_HEADERS = {
    "outcome": HEADER_OUTCOME,
    "target": HEADER_TARGET,
    "source": HEADER_SOURCE,
    "country": HEADER_COUNTRY,
    "similar": HEADER_SIMILAR,
    "women": HEADER_WOMEN,
    "men": HEADER_MEN,
    "rank": HEADER_RANK,
    "quartile": HEADER_QUARTILE,
}
YEARLY_PATTERNS = {
    "outcome": r"^utfall\s*(\d{4})$",
    "target": r"^(?:mål|målvärde)\s*(\d{4})$",
    "source": r"^källa\s*(\d{4})$",
    "country": r"^(?:riket|rikssnitt)\s*(\d{4})$",
    "similar": r"^liknande\s*kommuner\s*(\d{4})$",
    "women": r"^kvinnor\s*(\d{4})$",
    "men": r"^män\s*(\d{4})$",
    "rank": r"^(?:placering|rang)\s*(\d{4})$",
    "quartile": r"^kvartil\s*(\d{4})$",
}
OUTCOME_PATTERN = YEARLY_PATTERNS["outcome"]
TARGET_PATTERN = YEARLY_PATTERNS["target"]
SOURCE_PATTERN = YEARLY_PATTERNS["source"]
# The comparisons (model.Comparisons): numbers in the row's unit, then the rank and quartile.
COMPARISON_ROLES = ("country", "similar", "women", "men", "rank", "quartile")
COMPARED_MEASURES = ("country", "similar", "women", "men")
RANK_TEXT = "{position} av {of}"  # "12 av 290": the rank, and how many were ranked
QUARTILE_LABELS = {
    Quartile.FIRST: "Bästa kvartilen",
    Quartile.SECOND: "Andra kvartilen",
    Quartile.THIRD: "Tredje kvartilen",
    Quartile.FOURTH: "Sämsta kvartilen",
}
QUARTILE_ALIASES = {
    Quartile.FIRST: ("bästa kvartilen", "första kvartilen", "kvartil 1", "1", "bästa"),
    Quartile.SECOND: ("andra kvartilen", "näst bästa kvartilen", "kvartil 2", "2"),
    Quartile.THIRD: ("tredje kvartilen", "näst sämsta kvartilen", "kvartil 3", "3"),
    Quartile.FOURTH: ("sämsta kvartilen", "fjärde kvartilen", "kvartil 4", "4", "sämsta"),
}
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
PREVIOUS_HEADER = "{header} {year}"  # "Kommentar 2024", "Status 2024": last year's, kept


def target_text(dataset, indicator, year: int):
    """The target for `year` as a cell shows it: the number (a Measure), the word as typed,
    or the Swedish word for Öka or Minska; None when there is none."""
    target = dataset.target_as_typed(indicator, year)
    return CHANGE_LABELS[target] if isinstance(target, Change) else target
