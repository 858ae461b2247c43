"""How the workbooks look and read: colours, glyphs, fonts, number formats and every Swedish
text indexcel writes into them (sheet names, headings, legend, guide, instructions).

This and vocabulary.py (the words of the input sheet: its headers and the words the reader
accepts in its cells) are the only places to change the report's language or look. Code,
messages and CLI help are English; everything a reader of a workbook sees is Swedish.
"""

from __future__ import annotations

from indexcel.model import Direction, Status, Trend

# --- Status balls: glyphs with a font colour, so shape carries the meaning as well as colour ---
STATUS_GLYPHS = {Status.MET: "●", Status.NOT_MET: "◐", Status.NOT_ASSESSED: "○"}
# --- Trend arrows: Excel icon sets. Green-up/red-down only where higher is better; where lower
# is better a falling value is good news, and Excel has no green down arrow: use grey arrows.
TREND_ICON_SET = {
    Direction.HIGHER_IS_BETTER: "3_arrows",
    Direction.LOWER_IS_BETTER: "3_arrows_gray",
}

COLOURS = {
    "met": "#00843D",
    "not_met": "#C8102E",
    "not_assessed": "#595959",
    "title": "#1F3864",
    "header_fill": "#1F3864",
    "header_font": "#FFFFFF",
    "goal_fill": "#DDEBF7",
    "border": "#BFBFBF",
    "met_fill": "#E2F0D9",
    "not_met_fill": "#FADBD8",
    "not_assessed_fill": "#EDEDED",
}
FONT = "Calibri"
GLYPH_FONT = "Segoe UI Symbol"  # Excel on Windows has the balls in it; others fall back.
TABLE_STYLE = "Table Style Medium 2"
TABLE_NAME = "Indikatorer"

# --- Sheet names and titles --------------------------------------------------------------------
SHEET_GUIDE = "Läshänvisning"
SHEET_SUMMARY = "Sammanfattning"
SHEET_ALL = "Alla indikatorer"
DEFAULT_TITLE = "Uppföljning indikatorer {year}"
DEFAULT_MUNICIPALITY = ""

# Column headings in the report's own tabs (not input columns).
LABEL_COUNT = "Indikatorer"
LABEL_MET = "Uppfyllda"
LABEL_NOT_MET = "Ej uppfyllda"
LABEL_NOT_ASSESSED = "Ej bedömda"
LABEL_SHARE_MET = "Andel uppfyllda"
LABEL_TOTAL = "Totalt"
LABEL_PER_GOAL = "Per inriktningsmål"
LABEL_PER_BOARD = "Per nämnd/organisation"
LABEL_GOAL_HEADING = "Inriktningsmål: {goal}"
LABEL_BACK = "← Till innehållsförteckningen"
LABEL_CHART_TITLE = "Status per inriktningsmål"
LABEL_GOAL_CHART_TITLE = "Status"
FOOTER = "&L&8{title}&R&8Sida &P av &N"

GUIDE_HEADING = "Läshänvisning indikatorer {year}"
GUIDE_INTRO = (
    "Nedan visas de indikatorer som kommunfullmäktige beslutat, för kommunens alla nämnder. "
    "Indikatorerna är uppdelade per inriktningsmål och nämnd. Kolumnerna innehåller utfall "
    "för åren {first_year}–{year}, målvärde för {year}, status och trend."
)
GUIDE_LEGEND_HEADING = "Teckenförklaring"
GUIDE_STATUS_LEGEND = (
    (Status.MET, "Grön boll betyder uppfylld indikator."),
    (Status.NOT_MET, "Halvvit/röd boll betyder ej uppfylld indikator."),
    (Status.NOT_ASSESSED, "Helvit boll betyder att indikatorn ej är bedömd."),
)
GUIDE_GREY_ARROW = "Grå pil ({label}): indikator där lägre är bättre."
LABEL_NUMBER = "Nr"
LABEL_GO_TO = "→"  # the link text for a goal without a number
FALLBACK_SHEET_NAME = "Flik"
FALLBACK_FILE_NAME = "namnd"
GUIDE_TREND_LEGEND = (
    (Trend.DOWN, "Trendpil nedåt betyder att värdet minskat mot föregående år."),
    (Trend.UNCHANGED, "Trendpil åt sidan betyder oförändrat värde."),
    (Trend.UP, "Trendpil uppåt betyder att värdet ökat mot föregående år."),
)
GUIDE_RULES_HEADING = "Så bedöms status och trend"
GUIDE_RULES = (
    "Status: en indikator är uppfylld när utfallet {year} når målvärdet för {year}. "
    "Där högre är bättre ska utfallet vara minst lika stort som målet; där lägre är bättre "
    "(kolumnen Riktning) får det vara högst lika stort.",
    "Saknas utfall eller målvärde för {year} är indikatorn ej bedömd.",
    "Andel uppfyllda räknas av de bedömda indikatorerna: uppfyllda / (uppfyllda + ej uppfyllda).",
    "Trend: pilen visar hur värdet har rört sig mot föregående år, oavsett om det är bra "
    "eller dåligt. {tolerance_text}",
    "Pilens färg visar om rörelsen är bra: grön pil uppåt och röd pil nedåt där högre är "
    "bättre. Där lägre är bättre är pilarna grå, eftersom en sjunkande kostnad inte ska "
    "se röd ut och en stigande inte grön.",
    "Saknas utfall för något av åren visas ingen pil.",
    "Status eller trend som angetts för hand i underlaget visas som den är.",
    "Ändrar du ett utfall eller ett mål i arbetsboken räknas boll, pil och sammanfattning om.",
)
GUIDE_TOLERANCE_ZERO = "Varje förändring räknas."
GUIDE_TOLERANCE = "Förändringar på högst {tolerance} räknas som oförändrade."
GUIDE_SOURCE = "Underlag: {source}"
GUIDE_SOURCE_SHEET = "Underlag: {source}, blad {sheet}"
GUIDE_DATE = "Datum: {date}"
# Kolada's terms ask whoever shows its figures to credit it. The guide shows this when the
# input marks outcomes as fetched from Kolada (Dataset.uses_kolada).
GUIDE_KOLADA_CREDIT = "Källa: Kolada"
GUIDE_KOLADA_DETAIL = (
    "Utfall som underlaget märker med Kolada (i kolumnerna Källa och årtal) är hämtade från "
    "Kolada (www.kolada.se), RKA:s öppna databas för kommuner och regioner."
)
GUIDE_MUNICIPALITY = "Kommun: {municipality}"
GUIDE_TOC_HEADING = "Innehåll"
GUIDE_TOC_GROUPS = {
    "summary": "Sammanfattning",
    "boards": "Nämnder och organisationer",
    "goals": "Inriktningsmål",
    "all": "Alla indikatorer i en tabell (filtrera och sortera här)",
}

# --- Number formats (Excel codes; Swedish Excel shows them with space and decimal comma) ------
def number_format(decimals: int, percent: bool) -> str:
    fraction = "." + "0" * decimals if decimals > 0 else ""
    if percent:
        return f"0{fraction}%"
    return f"#,##0{fraction}"


# --- The input sheet: `indexcel template` and `indexcel rollover` ------------------------------
INPUT_SHEET = "Indikatorer"
INPUT_TABLE_NAME = "Indata"
INPUT_TABLE_STYLE = "Table Style Light 9"
INSTRUCTIONS_SHEET = "Instruktioner"
INPUT_BLANK_ROWS = 100  # empty table rows in a new template; the table grows as staff type
INPUT_VALIDATION_ROWS = 5000
NUMBER_PROMPT_TITLE = "Tal"
NUMBER_PROMPT = (
    "Skriv ett tal, t.ex. 421442 eller 10,5. Procent: skriv 25,9 % med procenttecken, så "
    "visas det som procent. Lämna tomt när värde saknas (aldrig 0)."
)
NUMBER_ERROR = "Här ska det stå ett tal. Lämna cellen tom om värdet saknas."
LIST_ERROR = "Välj ett värde i listan, eller lämna cellen tom."
TARGET_REVIEW_NOTE = (
    "Startvärde kopierat från {source}. Granska målet för {year} och ändra vid behov; "
    "ta sedan bort den gula markeringen."
)
REVIEW_FILL = "#FFF2CC"
# The note `indexcel kolada` puts on each outcome it fills, and what it adds when --overwrite
# replaced a value that was in the sheet.
KOLADA_NOTE = "Källa: Kolada, KPI {kpi}, hämtat {date}"
KOLADA_NOTE_REPLACED = "Ersatte {old}, som stod i underlaget."
INSTRUCTIONS_TITLE = "Så fyller du i indikatorerna för {year}"
INSTRUCTIONS = (
    "Bladet Indikatorer har en rad per indikator och nämnd. Rubrikerna i första raden ska stå "
    "kvar som de är; du kan lägga till egna kolumner till höger, de följer med till rapporten.",
    "Inriktningsmål: skriv målets nummer och namn, t.ex. 1.1. En ekonomi i balans. Skriv det "
    "likadant på alla rader.",
    "Nyckeltal: indikatorns namn. Organisation: nämnden eller kontoret som ansvarar.",
    "Utfall {first}–{year}: utfallet för varje år. Mål {year}: målvärdet för {year}. Skriv "
    "procent med procenttecken (25,9 %). Lämna cellen tom när värde saknas – skriv aldrig 0 "
    "för ett värde som inte finns.",
    "Riktning: välj Lägre är bättre för t.ex. kostnader, väntetider, utsläpp och matsvinn. "
    "Tomt betyder Högre är bättre.",
    "Status och Trend räknas ut av indexcel. Fyll bara i dem om en indikator ska bedömas för "
    "hand; det du skriver där gäller då före beräkningen.",
    "Enhet och Kommentar visas i rapporten.",
    "Gula mål har kopierats från förra året: granska dem. Kolumner med ett årtal, t.ex. "
    "Kommentar {previous}, är förra årets och visas inte som årets.",
    "Bygg rapporten: indexcel build {file} -o rapport-{year}.xlsx. Kontrollera först: "
    "indexcel validate {file}.",
)
