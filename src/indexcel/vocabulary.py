"""The words of the input sheet: its column headers, the other spellings the reader accepts,
and the words it understands in the Riktning, Status and Trend cells.

The report's table ("Alla indikatorer") uses the same headers and words, so that it can be
read back as input. How the workbooks look is in theme.py.
"""

from __future__ import annotations

import re

from indexcel.model import (
    Change,
    ColumnRole,
    Dataset,
    Direction,
    Indicator,
    Measure,
    Quartile,
    Status,
    StatusChange,
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
HEADER_STATUS_YEAR = "Status {year}"  # an earlier year's: by hand, or in the report's table
HEADER_STATUS_CHANGE = "Statusförändring"  # the report's table: this year's against last
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
# The report year's outcome against the country's, by Riktning: computed, as Status is.
HEADER_VERSUS_COUNTRY = "Jämfört med riket"
VERSUS_LABELS = {1: "Bättre", 0: "Lika", -1: "Sämre"}

# Other spellings the reader accepts for a column (compared case-insensitively, spaces folded).
HEADER_ALIASES = {
    ColumnRole.GOAL: (HEADER_GOAL, "Inriktningsmål (KF)", "Mål (inriktning)"),
    ColumnRole.NAME: (HEADER_NAME, "Indikator", "Indikatorer", "Nyckeltal/indikator"),
    ColumnRole.BOARD: (HEADER_BOARD, "Nämnd", "Nämnd/organisation", "Förvaltning"),
    ColumnRole.DIRECTION: (HEADER_DIRECTION, "Önskad riktning"),
    ColumnRole.TOLERANCE: (HEADER_TOLERANCE, "Tolerans mål", "Tillåten avvikelse"),
    ColumnRole.PARTLY: (HEADER_PARTLY, "Delvis uppfylld", "Delvis uppfylld inom", "Gräns delvis"),
    ColumnRole.STATUS: (HEADER_STATUS,),
    ColumnRole.STATUS_CHANGE: (HEADER_STATUS_CHANGE, "Förändring status"),
    ColumnRole.TREND: (HEADER_TREND,),
    ColumnRole.UNIT: (HEADER_UNIT,),
    ColumnRole.COMMENT: (HEADER_COMMENT, "Kommentarer", "Analys"),
    ColumnRole.KOLADA_ID: (HEADER_KOLADA_ID, "Kolada id", "Koladaid", "KPI-id", "Kolada-KPI"),
    ColumnRole.MUNICIPALITY_ID: (HEADER_MUNICIPALITY_ID, "Kommun id", "Kommunkod", "Kommunid"),
    ColumnRole.SIMILAR_GROUP: (HEADER_SIMILAR_GROUP, "Jämförelsegrupp (Kolada)", "Kolada-grupp",
                               "Kommungrupp"),
    ColumnRole.VERSUS_COUNTRY: (HEADER_VERSUS_COUNTRY, "Jämfört med rikssnittet"),
}
# The yearly columns, one mechanism for every kind: a role, its header (for a year), and the
# pattern the reader knows the header by (matched lower case, spaces folded; the year in any
# script's digits). The roles the reader, model, rollover and writers handle per year
# (ColumnRole.yearly).
YEARLY_HEADERS = {
    ColumnRole.OUTCOME: HEADER_OUTCOME,
    ColumnRole.TARGET: HEADER_TARGET,
    ColumnRole.SOURCE: HEADER_SOURCE,
    ColumnRole.COUNTRY: HEADER_COUNTRY,
    ColumnRole.SIMILAR: HEADER_SIMILAR,
    ColumnRole.WOMEN: HEADER_WOMEN,
    ColumnRole.MEN: HEADER_MEN,
    ColumnRole.RANK: HEADER_RANK,
    ColumnRole.QUARTILE: HEADER_QUARTILE,
}
YEARLY_PATTERNS = {
    ColumnRole.OUTCOME: r"^utfall\s*(\d{4})$",
    ColumnRole.TARGET: r"^(?:mål|målvärde)\s*(\d{4})$",
    ColumnRole.SOURCE: r"^källa\s*(\d{4})$",
    ColumnRole.STATUS: r"^status\s*(\d{4})$",
    ColumnRole.COUNTRY: r"^(?:riket|rikssnitt)\s*(\d{4})$",
    ColumnRole.SIMILAR: r"^liknande\s*kommuner\s*(\d{4})$",
    ColumnRole.WOMEN: r"^kvinnor\s*(\d{4})$",
    ColumnRole.MEN: r"^män\s*(\d{4})$",
    ColumnRole.RANK: r"^(?:placering|rang)\s*(\d{4})$",
    ColumnRole.QUARTILE: r"^kvartil\s*(\d{4})$",
}
OUTCOME_PATTERN = YEARLY_PATTERNS[ColumnRole.OUTCOME]
TARGET_PATTERN = YEARLY_PATTERNS[ColumnRole.TARGET]
SOURCE_PATTERN = YEARLY_PATTERNS[ColumnRole.SOURCE]
# The comparisons (model.Comparisons): numbers in the row's unit, then the rank and quartile.
COMPARISON_ROLES = (ColumnRole.COUNTRY, ColumnRole.SIMILAR, ColumnRole.WOMEN, ColumnRole.MEN,
                    ColumnRole.RANK, ColumnRole.QUARTILE)
COMPARED_MEASURES = (ColumnRole.COUNTRY, ColumnRole.SIMILAR, ColumnRole.WOMEN, ColumnRole.MEN)
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
# The shorter words the reader also accepts in a Riktning cell (any case): last year's sheets
# may hold them. README's input table, the reader's message for an unknown word and the
# template's help list exactly these; the template's drop-down offers only the labels. A word
# shared with the target or trend words (Öka, Minska, Ökande, Minskande) means the same way
# there: the wish that the value rise (or fall).
DIRECTION_SHORT_FORMS = {
    Direction.HIGHER_IS_BETTER: ("Högre", "Hög", "Öka", "Ökande"),
    Direction.LOWER_IS_BETTER: ("Lägre", "Låg", "Minska", "Minskande"),
    Direction.NEAR_TARGET: ("Nära mål", "Nära", "Så nära målet som möjligt"),
}
DIRECTION_ALIASES = {
    direction: tuple(word.lower() for word in (label, *DIRECTION_SHORT_FORMS[direction]))
    for direction, label in DIRECTION_LABELS.items()
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
STATUS_CHANGE_LABELS = {
    StatusChange.IMPROVED: "Förbättrad",
    StatusChange.UNCHANGED: "Oförändrad",
    StatusChange.WORSENED: "Försämrad",
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
# --- Names that read as lower is better ------------------------------------------------------
# A row without Riktning is judged as Högre är bättre. Where its name or unit reads as lower
# is better, `validate` and `build` say so (directions.py) and what the row would be judged
# under that direction; the judgement itself is never changed on a guess. Matched on the
# casefolded text. Parts of words, since Swedish joins them (nettokostnad, låneskuld,
# växthusgasutsläpp); each was checked against the 103 names of Norrtälje's report
# (tests/test_directions.py), where none is a false alarm.
LOWER_IS_BETTER_PARTS = (
    "kostnad", "skuld", "avvikelse", "sjukfrånvaro", "frånvaro", "sjukskriv", "ohälsotal",
    "väntetid", "kötid", "handläggningstid", "ledtid", "svarstid", "responstid", "insatstid",
    "framkomsttid", "återkopplingstid", "utredningstid", "väntande", "utsläpp", "co2",
    "koldioxid", "matsvinn", "svinn", "förbrukning", "energianvändning", "olyck", "skadegörelse",
    "klagomål", "avhopp", "arbetslös", "biståndsmottagare", "långvarigt ekonomiskt bistånd",
    "outhyrd", "vakans", "hemlös", "vräkning", "avhysning", "personalomsättning", "övertid",
    "otrygg", "rädsla",
)
# Whole words only: as parts they stand inside words that mean something else ("kö" in köp
# and kök, "oro" in korona).
LOWER_IS_BETTER_WORDS = ("kö", "köer", "köerna", "oro", "tid från", "tid till")
# Words that hold one of the parts above but do not read as lower is better.
NOT_LOWER_IS_BETTER = ("kostnadstäckning", "kostnadseffektiv", "skuldfri", "skuldsanering",
                       "svinnreducer", "minskad förbrukning", "minskade utsläpp")
# An Enhet that is a duration (a handling or waiting time) or an emission or energy use.
LOWER_IS_BETTER_UNITS = ("dagar", "dygn", "minuter", "min", "veckor")
LOWER_IS_BETTER_UNIT_PARTS = ("co2", "kwh", "mwh", "gwh")
# A deviation whose target is 0 misses it on either side (over- and underspending alike):
# near the target, not lower is better, where −27 % would be met.
DEVIATION_PARTS = ("avvikelse",)


def lower_is_better_word(name: str | None, unit: str | None) -> tuple[str, str] | None:
    """(the word found, "name" or "unit") where the name or the unit reads as lower is
    better; None otherwise."""
    for found in _lower_pattern().finditer((name or "").casefold()):
        if found.lastgroup == "hit":
            return " ".join(found.group().split()), "name"
    unit_text = " ".join((unit or "").split()).casefold().strip(" .")
    if unit_text in LOWER_IS_BETTER_UNITS:
        return unit_text, "unit"
    for part in LOWER_IS_BETTER_UNIT_PARTS:
        if part in unit_text:
            return part, "unit"
    return None


def suggested_direction(name: str | None, unit: str | None, target: float | None
                        ) -> tuple[Direction, str, str] | None:
    """The direction a row without Riktning reads as, the word that says so and where it
    stands ("name" or "unit"): Nära målet for a deviation with a target of 0, Lägre är
    bättre for the other words; None when nothing reads as other than higher is better."""
    found = lower_is_better_word(name, unit)
    if found is None:
        return None
    word, where = found
    text = (name or "").casefold()
    if target == 0 and any(part in text for part in DEVIATION_PARTS):
        return Direction.NEAR_TARGET, word, where
    return Direction.LOWER_IS_BETTER, word, where


_LOWER_PATTERN: list[re.Pattern[str]] = []


def _lower_pattern() -> re.Pattern[str]:
    """One pattern for the words: at a place where a word of NOT_LOWER_IS_BETTER starts, it
    wins (group "not") over a part it holds; a match of the others is group "hit". Spaces
    in the words match any spacing, a line break too."""
    if not _LOWER_PATTERN:  # compiled on first use: most runs have a Riktning on every row

        def alternatives(words: tuple[str, ...]) -> str:
            return "|".join(r"\s+".join(map(re.escape, w.split()))
                            for w in sorted(words, key=len, reverse=True))

        _LOWER_PATTERN.append(re.compile(
            rf"(?P<not>{alternatives(NOT_LOWER_IS_BETTER)})"
            rf"|(?P<hit>{alternatives(LOWER_IS_BETTER_PARTS)}"
            rf"|\b(?:{alternatives(LOWER_IS_BETTER_WORDS)})\b)"))
    return _LOWER_PATTERN[0]


PREVIOUS_HEADER = "{header} {year}"  # "Kommentar 2024", "Status 2024": last year's, kept


def direction_words(also: str = "also") -> str:
    """Every Riktning word, each label with its short forms: "Högre är bättre (also Högre,
    …) / …", for the reader's message (`also` in the language of the text around it)."""
    return " / ".join(f"{label} ({also} {', '.join(DIRECTION_SHORT_FORMS[direction])})"
                      for direction, label in DIRECTION_LABELS.items())


def target_text(dataset: Dataset, indicator: Indicator, year: int) -> Measure | str | None:
    """The target for `year` as a cell shows it: the number (a Measure), the word as typed,
    or the Swedish word for Öka or Minska; None when there is none."""
    target = dataset.target_as_typed(indicator, year)
    return CHANGE_LABELS[target] if isinstance(target, Change) else target
