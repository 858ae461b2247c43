"""How the workbooks look and read: colours, glyphs, fonts, number formats and every Swedish
text indexcel writes into them (sheet names, headings, legend, guide, instructions).

This and vocabulary.py (the words of the input sheet: its headers and the words the reader
accepts in its cells) are the only places to change the report's language or look. Code,
messages and CLI help are English; everything a reader of a workbook sees is Swedish.
"""

from __future__ import annotations

from indexcel.model import Direction, Status, Trend

# --- Status balls: glyphs with a font colour, so shape carries the meaning as well as colour:
# full (met), three quarters (partly met), half (not met), empty (not assessed). They stay
# apart in black-and-white print and for readers who do not tell red from green.
STATUS_GLYPHS = {Status.MET: "●", Status.PARTLY_MET: "◕", Status.NOT_MET: "◐",
                 Status.NOT_ASSESSED: "○"}
# --- Trend arrows: Excel icon sets. Green-up/red-down only where higher is better; where lower
# is better a falling value is good news, and Excel has no green down arrow: use grey arrows;
# near the target neither direction is good in itself. With --trend improvement the arrow
# shows better (up, green) or worse (down, red) for every indicator.
TREND_ICON_SET = {
    Direction.HIGHER_IS_BETTER: "3_arrows",
    Direction.LOWER_IS_BETTER: "3_arrows_gray",
    Direction.NEAR_TARGET: "3_arrows_gray",
}
IMPROVEMENT_ICON_SET = "3_arrows"

COLOURS = {
    "met": "#00843D",
    "partly_met": "#B8860B",  # dark yellow: 3.2:1 against white, as WCAG asks of graphics
    "not_met": "#C8102E",
    "not_assessed": "#595959",
    "title": "#1F3864",
    "header_fill": "#1F3864",
    "header_font": "#FFFFFF",
    "goal_fill": "#DDEBF7",
    "border": "#BFBFBF",
    "text": "#000000",
    "link": "#0563C1",  # only on screen: the link back to the guide is not printed
    "met_fill": "#E2F0D9",
    "partly_met_fill": "#FFF2CC",
    "partly_met_chart": "#FFC000",
    "not_met_fill": "#FADBD8",
    "not_assessed_fill": "#EDEDED",
}
# The sparklines (Utveckling): a dark line that prints as one in black and white, the high
# and low points and the report year's value (the last point) marked in shades apart, a
# missing year bridged.
SPARKLINE = {
    "series_color": "#1F3864", "weight": 1.25, "empty_cells": "connect",
    "show_hidden": True,  # the older years stand in hidden columns: the line has them too
    "high_point": True, "high_color": "#00843D", "low_point": True, "low_color": "#C8102E",
    "last_point": True, "last_color": "#000000",
}
# Arial, not Excel's default Calibri: LibreOffice and Gnumeric draw it with Liberation Sans,
# made to its widths, so rows measured for it (writer/layout.py) fit in every application.
FONT = "Arial"
GLYPH_FONT = "Segoe UI Symbol"  # Excel on Windows has the balls in it; others fall back.
TABLE_STYLE = "Table Style Medium 2"
TABLE_NAME = "Indikatorer"

# --- Sheet names and titles --------------------------------------------------------------------
SHEET_GUIDE = "Läshänvisning"
SHEET_SUMMARY = "Sammanfattning"
SHEET_ALL = "Alla indikatorer"
SHEET_GOALS = "Alla inriktningsmål"  # the goals' judgements as a table, after SHEET_ALL
GOALS_TABLE_NAME = "Inriktningsmal"
DEFAULT_TITLE = "Uppföljning indikatorer {year}"
DEFAULT_MUNICIPALITY = ""

# Column headings in the report's own tabs (not input columns).
LABEL_COUNT = "Indikatorer"
LABEL_MET = "Uppfyllda"
LABEL_PARTLY_MET = "Delvis uppfyllda"
LABEL_NOT_MET = "Ej uppfyllda"
LABEL_NOT_ASSESSED = "Ej bedömda"
LABEL_SHARE_MET = "Andel uppfyllda"
LABEL_ASSESSED = "Bedömda"
LABEL_GOAL_TEXT = "Text"  # the annual report's sentence of a goal
LABEL_TOTAL = "Totalt"
LABEL_PER_GOAL = "Per inriktningsmål"
LABEL_PER_BOARD = "Per nämnd/organisation"
LABEL_GOAL_HEADING = "Inriktningsmål: {goal}"
LABEL_BACK = "← Till innehållsförteckningen"
LABEL_CHART_TITLE = "Status per inriktningsmål"
LABEL_PREVIOUS_STATUS = "Status {year}"  # last year's small ball, beside this year's
LABEL_SPARKLINE = "Utveckling"
LABEL_IMPROVED = "Förbättrade"  # the summary's counts of Statusförändring
LABEL_UNCHANGED = "Oförändrade"
LABEL_WORSENED = "Försämrade"
LABEL_GOAL_CHART_TITLE = "Status"
# Alternative text of the charts, read by screen readers (WCAG 1.1.1, EN 301 549).
CHART_DESCRIPTION = (
    "Liggande stapeldiagram: antal indikatorer per inriktningsmål, uppdelat på {statuses}. "
    "Samma tal står i tabellen ovanför."
)
GOAL_CHART_DESCRIPTION = (
    "Cirkeldiagram över status för inriktningsmål {goal}: {counts}. Samma tal står i "
    "tabellen bredvid."
)
FOOTER = "&L&8{title}&R&8Sida &P av &N"
# Every printed page names its tab (a board, a goal, the summary), the report and its year.
PAGE_HEADER = "&L&9&B{heading}&R&8{report}"

LABEL_NUMBER = "Nr"
LABEL_GO_TO = "→"  # the link text for a goal without a number
FALLBACK_SHEET_NAME = "Flik"
FALLBACK_FILE_NAME = "namnd"
LABEL_CONTINUED = " (forts.)"  # a table's header again, on the next page
BOARD_SUMMARY_HEADING = "Sammanfattning: {board}"

# --- The guide (Läshänvisning) ------------------------------------------------------------------
# Its first page is for the committee: what the report holds, the legend and the rules, one
# line each. The second is for whoever compiles the report: where the data came from, how the
# file works when edited, and the contents.
GUIDE_HEADING = "Läshänvisning indikatorer {year}"
GUIDE_INTRO = {
    "report": "Här redovisas de indikatorer som kommunfullmäktige har beslutat för "
    "kommunens nämnder, med utfall {first_year}–{year}, mål för {year}, status och trend.",
    "board": "Här redovisas de indikatorer som kommunfullmäktige har beslutat för {board}, "
    "med utfall {first_year}–{year}, mål för {year}, status och trend.",
}
GUIDE_TABS = {
    "report": "Sammanfattningen räknar indikatorerna per inriktningsmål och nämnd. Sedan "
    "följer en flik per nämnd och en per inriktningsmål.",
    "board": "Sammanfattningen räknar nämndens indikatorer per inriktningsmål. Sedan följer "
    "nämndens flik och en flik per inriktningsmål.",
}
GUIDE_LEGEND_HEADING = "Teckenförklaring"
GUIDE_STATUS_LEGEND = (  # the partly-met line only where the input uses Delvis
    (Status.MET, "Grön boll: uppfylld indikator."),
    (Status.PARTLY_MET, "Gul boll med en vit fjärdedel: delvis uppfylld indikator."),
    (Status.NOT_MET, "Halvvit/röd boll: ej uppfylld indikator."),
    (Status.NOT_ASSESSED, "Helvit boll: indikatorn är ej bedömd."),
)
GUIDE_TREND_LEGEND = (
    (Trend.DOWN, "Trendpil nedåt: värdet har minskat mot föregående år."),
    (Trend.UNCHANGED, "Trendpil åt sidan: värdet är oförändrat."),
    (Trend.UP, "Trendpil uppåt: värdet har ökat mot föregående år."),
)
GUIDE_IMPROVEMENT_LEGEND = (  # --trend improvement
    (Trend.DOWN, "Röd pil nedåt: indikatorn har försämrats mot föregående år."),
    (Trend.UNCHANGED, "Gul pil åt sidan: oförändrat värde."),
    (Trend.UP, "Grön pil uppåt: indikatorn har förbättrats mot föregående år."),
)
GUIDE_TREND_LEGEND_ALL = (  # --trend-over all
    (Trend.DOWN, "Trendpil nedåt betyder att värdet minskat över åren (linjen lutar nedåt)."),
    (Trend.UNCHANGED, "Trendpil åt sidan betyder att värdet varit oförändrat över åren."),
    (Trend.UP, "Trendpil uppåt betyder att värdet ökat över åren (linjen lutar uppåt)."),
)
GUIDE_IMPROVEMENT_LEGEND_ALL = (  # --trend improvement --trend-over all
    (Trend.DOWN, "Röd pil nedåt betyder att indikatorn har försämrats över åren."),
    (Trend.UNCHANGED, "Gul pil åt sidan betyder oförändrat över åren."),
    (Trend.UP, "Grön pil uppåt betyder att indikatorn har förbättrats över åren."),
)
# One line for the grey arrows, shown with one of them: the same three directions.
GUIDE_GREY_ARROW = ("Grå pil: samma riktningar där lägre är bättre, så att en sjunkande "
                    "kostnad inte ser röd ut och en stigande inte grön.")
GUIDE_GREY_ARROW_NEAR = ("Grå pil: samma riktningar där lägre är bättre eller utfallet ska "
                         "ligga nära målet, där ingen riktning är bra i sig.")
GUIDE_RULES_HEADING = "Så bedöms status och trend"
# The rules as the guide spells them out, one line each, and each only where the input uses
# what it is about (writer/tabs/guide.py picks them), so the guide says exactly the rules in
# use.
GUIDE_RULES = {
    "status": "Status jämför utfallet {year} med målet för {year}: uppfyllt när utfallet är "
    "minst målet där högre är bättre, högst målet där lägre är bättre.",
    # Where the input does not give every indicator's direction (directions.py):
    "assumed_all": "Underlaget har ingen kolumn Riktning: alla indikatorer bedöms som att "
    "högre är bättre.",
    "assumed_some": "Riktning anges inte i underlaget för {assumed} av {total} indikatorer: "
    "de bedöms som att högre är bättre.",
    "near": "Där Riktning är Nära målet räknas avståndet till målet åt båda hållen: ju "
    "närmare, desto bättre.",
    "tolerance": "Tolerans: så långt från målet får utfallet ligga och ändå vara uppfyllt, "
    "i indikatorns enhet (1 % är en procentenhet).",
    "partly": "Delvis uppfylld: längre från målet än toleransen men inom gränsen i "
    "kolumnen Delvis.",
    "change": "Målet Öka eller Minska: utfallet {year} ska vara högre respektive lägre än "
    "utfallet {previous}.",
    "missing": "Saknas utfall eller mål för {year} är indikatorn ej bedömd.",
    "share": "Andel uppfyllda: uppfyllda av de bedömda indikatorerna (uppfyllda och ej "
    "uppfyllda).",
    "share_partly": "Andel uppfyllda: uppfyllda av de bedömda indikatorerna (uppfyllda, "
    "delvis uppfyllda och ej uppfyllda).",
    "trend": "Trendpilen jämför utfallet {year} med {previous}. {tolerance_text} Saknas "
    "något av åren visas ingen pil.",
    "improvement": "Trendpilen visar om indikatorn har blivit bättre eller sämre mot "
    "{previous}, i indikatorns riktning. {tolerance_text}",
    "trend_all": "Trendpilen visar lutningen på den räta linje som bäst ansluter till alla "
    "års utfall fram till {year} (minsta kvadratmetoden, Excels funktion LUTNING). "
    "{tolerance_text} Med färre än tre års utfall visas ingen pil.",
    "improvement_all": "Trendpilen visar om indikatorn har blivit bättre eller sämre över alla "
    "års utfall fram till {year} (lutningen, minsta kvadratmetoden, Excels funktion LUTNING), i "
    "indikatorns riktning. {tolerance_text} Med färre än tre års utfall visas ingen pil.",
    "earlier": "Den lilla bollen bredvid årets status är förra årets ({previous}), bedömd med "
    "samma regler av utfallet och målet för {previous}.",
    "status_change": "Statusförändring (Alla indikatorer) jämför status {year} med {previous}: "
    "Förbättrad, Oförändrad eller Försämrad.",
    "sparkline": "Utveckling: en liten linje över utfallen fram till {year}; högsta, lägsta och "
    "årets värde är markerade.",
    "hidden_years": "Flikarna visar de senaste {shown} årens utfall; tidigare år står i dolda "
    "kolumner (visa dem med + ovanför rubrikerna).",
}
GUIDE_TOLERANCE_ZERO = "Varje förändring räknas."
GUIDE_TOLERANCE = "Förändringar på högst {tolerance} räknas som oförändrade."
GUIDE_TOLERANCE_ZERO_SLOPE = "Varje lutning räknas."
GUIDE_TOLERANCE_SLOPE = "En lutning på högst {tolerance} per år räknas som oförändrad."
GUIDE_NOTES_HEADING = "För dig som sammanställer rapporten"
GUIDE_SOURCE = "Underlag: {source}."
GUIDE_SOURCE_SHEET = "Underlag: {source}, blad {sheet}."
GUIDE_DATE = "Underlagets datum: {date}."
# Kolada's terms ask whoever shows its figures to credit it. The guide shows this when the
# input marks outcomes as fetched from Kolada (Dataset.uses_kolada).
GUIDE_KOLADA_CREDIT = "Källa: Kolada"
GUIDE_KOLADA_DETAIL = (
    "Utfall som underlaget märker med Kolada (i kolumnerna Källa och årtal) är hämtade från "
    "Kolada (www.kolada.se), RKA:s öppna databas för kommuner och regioner."
)
GUIDE_NOTES = {
    "given": "Status eller trend som angetts för hand i underlaget visas som den är; den "
    "räknas inte om.",
    "given_improvement": "Status som angetts för hand i underlaget visas som den är; en "
    "trend som angetts för hand visas som förbättring eller försämring efter indikatorns "
    "riktning.",
    "given_improvement_near": "Där Riktning är Nära målet säger en angiven trend inte ensam "
    "om värdet har närmat sig målet: går siffrorna åt samma håll avgör de; annars visar pilen "
    "förbättring när värdet har gått mot målet utan att passera det (Nedåt och fortfarande "
    "över eller vid målet, Uppåt och under eller vid det) och ingen pil när det inte går att "
    "avgöra.",
    "rounding": "Utfall, mål och tolerans jämförs på 14 värdesiffror, så att datorns avrundning "
    "aldrig avgör: 85 % mot målet 90 % med toleransen 5 % räknas som uppfyllt.",
    "live": "Ändrar du ett utfall eller ett mål i fliken Alla indikatorer räknas status, "
    "trend och sammanfattningarna om. Nämndernas och inriktningsmålens flikar har egna kopior "
    "av raderna: ändras en sådan räknas bara den radens boll och pil om.",
    "live_limits": "Ändrar du ett utfall, ett mål, en tolerans eller en gräns för delvis "
    "uppfyllt i fliken Alla indikatorer räknas status, trend och sammanfattningarna om. "
    "Nämndernas och inriktningsmålens flikar har egna kopior av raderna: ändras en sådan "
    "räknas bara den radens boll och pil om.",
    "live_board": "Ändrar du ett utfall eller ett mål i fliken {board} räknas radens boll och "
    "pil om, och sammanfattningen med dem. Inriktningsmålens flikar har egna kopior av "
    "raderna: ändras en sådan räknas bara den radens boll och pil och flikens antal om.",
    "table": "Fliken Alla indikatorer skrivs inte ut: den är till för att filtrera och "
    "sortera, och varje indikator står också på sin nämnds och sitt inriktningsmåls flik. "
    "Vill du ändå skriva ut ett urval: Sidlayout > Utskriftsområde > Rensa utskriftsområde.",
    "print": "Varje flik skrivs ut på A4 liggande, en sida bred. Sidbrytningarna håller "
    "rubriker ihop med sina första rader; lägger du till rader, se över dem i "
    "förhandsgranskningen (Visa > Förhandsgranska sidbrytningar).",
}
GUIDE_TOC_HEADING = "Innehåll"
GUIDE_TOC_GROUPS = {
    "summary": "Sammanfattning",
    "boards": "Nämnder och organisationer",
    "board": "Nämndens flik",
    "goals": "Inriktningsmål",
    "all": "Alla indikatorer i en tabell (filtrera och sortera här)",
    "all_goals": "Alla inriktningsmål i en tabell, med bedömning och text till årsredovisningen",
}

# --- The goals' judgements (is the goal met?): writer/tabs/goal_judgement.py on each goal's tab,
# the summary's column and headline, the table Alla inriktningsmål, the guide's rules.
GOAL_GLYPH_FONT_SIZE = 36
LABEL_JUDGEMENT = "Bedömning"  # the summary's column of goal judgements
LABEL_GIVEN = "Bedömt för hand."
LABEL_GIVEN_COLUMN = "Bedömt för hand"  # Dataset.goals_to_frame: True where given
LABEL_RULE_JUDGEMENT = "Enligt regeln"  # Dataset.goals_to_frame: the rule's judgement
# After LABEL_GIVEN, live: what the rule says over the counts.
LABEL_GIVEN_RULE = "Enligt regeln: {judgement}."
LABEL_MOTIVATION = "Motivering: {motivation}"
LABEL_BOARD_SCOPE = ("Bedömningen gäller bara indikatorerna för {board}, inte målet som helhet "
                     "med alla nämnders indikatorer.")
# The parts of the sentences (sentences.py builds them, as Python text and as formulas):
# "Av 6 indikatorer är 5 bedömda: 1 är uppfylld och 4 är ej uppfyllda. Målet bedöms som ej
# uppfyllt." A count of 0 is "ingen"; the word after 0 and 1 is singular, after more plural.
SENTENCE_OF = "Av"
SENTENCE_INDICATORS = ("indikator", "indikatorer")
SENTENCE_IS = "är"
SENTENCE_NONE = "ingen"
SENTENCE_ASSESSED = ("bedömd", "bedömda")
SENTENCE_MET = ("uppfylld", "uppfyllda")
SENTENCE_PARTLY_MET = ("delvis uppfylld", "delvis uppfyllda")
SENTENCE_NOT_MET = ("ej uppfylld", "ej uppfyllda")
SENTENCE_AND = "och"
SENTENCE_JUDGEMENT = {
    Status.MET: "Målet bedöms som uppfyllt.",
    Status.PARTLY_MET: "Målet bedöms som delvis uppfyllt.",
    Status.NOT_MET: "Målet bedöms som ej uppfyllt.",
    Status.NOT_ASSESSED: "Målet är ej bedömt.",
}
# The summary's headline: "4 av 19 inriktningsmål uppfyllda, 6 delvis, 8 ej, 1 ej bedömt"
# (the last part only when some goal is not assessed).
HEADLINE_OF = "av"
HEADLINE_GOALS = "inriktningsmål"
HEADLINE_MET = ("uppfyllt", "uppfyllda")  # after 1, after 0 and more
HEADLINE_PARTLY = "delvis"
HEADLINE_NOT_MET = "ej"
HEADLINE_NOT_ASSESSED = ("ej bedömt", "ej bedömda")
GUIDE_GOALS_HEADING = "Så bedöms inriktningsmålen"
GUIDE_GOAL_LEGEND = (
    (Status.MET, "Grön boll: inriktningsmålet är uppfyllt."),
    (Status.PARTLY_MET, "Gul boll med en vit fjärdedel: inriktningsmålet är delvis uppfyllt."),
    (Status.NOT_MET, "Halvvit/röd boll: inriktningsmålet är ej uppfyllt."),
    (Status.NOT_ASSESSED, "Helvit boll: inriktningsmålet är ej bedömt."),
)
GUIDE_GOAL_RULES = {
    "basis": "Ett inriktningsmål bedöms utifrån alla sina indikatorer, från alla nämnder. "
    "Bedömda indikatorer är de uppfyllda{partly_assessed} och de ej uppfyllda.",
    "board_basis": "I den här arbetsboken bedöms varje inriktningsmål bara utifrån nämndens "
    "egna indikatorer under målet. Bedömda indikatorer är de uppfyllda{partly_assessed} och "
    "de ej uppfyllda.",
    "partly_assessed": ", de delvis uppfyllda",
    "rule": "Målet är ej bedömt när färre än {assessed} av indikatorerna är bedömda (minst en "
    "måste vara bedömd). Annars är det uppfyllt när minst {met} av de bedömda är uppfyllda, "
    "delvis uppfyllt när minst {partly} är uppfyllda{or_partly}, och annars ej uppfyllt.",
    "or_partly": " eller delvis uppfyllda",
    "given": "En bedömning som gjorts för hand (bladet Inriktningsmål i underlaget) visas som "
    "den är, med sin motivering, och fliken säger att målet är bedömt för hand.",
    "live": "Ändras en status i fliken Alla indikatorer räknas målens bedömningar om, i "
    "målens flikar, i Sammanfattning och i fliken Alla inriktningsmål.",
    "board_live": "Ändras en status i en inriktningsmålsflik räknas det målets bedömning om.",
}


# --- Number formats (Excel codes; Swedish Excel shows them with space and decimal comma) ------
def number_format(decimals: int, percent: bool) -> str:
    fraction = "." + "0" * decimals if decimals > 0 else ""
    if percent:
        return f"0{fraction}%"
    return f"#,##0{fraction}"


# --- The input sheet: `indexcel template` and `indexcel rollover` ------------------------------
INPUT_SHEET = "Indikatorer"
GOAL_INPUT_SHEET = "Inriktningsmål"  # the goals' judgements given by hand, and their reasons
GOAL_INPUT_TABLE_NAME = "Malbedomning"
GOAL_INPUT_BLANK_ROWS = 30
JUDGEMENT_PROMPT_TITLE = "Bedömning"
JUDGEMENT_PROMPT = (
    "Lämna tomt så bedöms målet efter regeln (andelen uppfyllda indikatorer). Välj ett värde "
    "bara om målet ska bedömas för hand, och skriv då varför i Motivering."
)
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
TARGET_PROMPT = (
    "Skriv målvärdet som ett tal (25,9 % med procenttecken), eller Öka eller Minska när målet "
    "bara är en riktning mot förra årets utfall."
)
TARGET_ERROR = "Skriv ett tal, Öka eller Minska. Lämna cellen tom om målet saknas."
LIMIT_PROMPT = (
    "Hur långt från målet som räknas (Tolerans: uppfyllt; Delvis: delvis uppfyllt), i "
    "indikatorns enhet: 2 för två dagar, 1 % för en procentenhet. Tomt: ingen."
)
LIMIT_ERROR = "Skriv ett tal som är 0 eller större, eller lämna cellen tom."
LIST_ERROR = "Välj ett värde i listan, eller lämna cellen tom."
# The Riktning drop-down's help: the list offers the three labels, and the reader also takes
# the short forms last year's sheets may hold ({words}: vocabulary.direction_words("även")).
DIRECTION_PROMPT_TITLE = "Riktning"
DIRECTION_PROMPT = ("Tomt betyder Högre är bättre. Kortformer från äldre underlag godtas "
                    "också: {words}.")
TARGET_REVIEW_NOTE = (
    "Startvärde kopierat från {source}. Granska målet för {year} och ändra vid behov; "
    "ta sedan bort den gula markeringen."
)
REVIEW_FILL = "#FFF2CC"
# The note `indexcel kolada` and `indexcel fill` put on each outcome they fill, and what
# they add when --overwrite replaced a value that was in the sheet.
KOLADA_NOTE = "Källa: Kolada, KPI {kpi}, hämtat {date}"
EXPORT_NOTE = "Källa: {file}, rad {row}, inläst {date}"
REPLACED_NOTE = "Ersatte {old}, som stod i underlaget."
# `indexcel fill --add-new`: the note on a row taken from the export that the sheet lacked.
NEW_ROW_NOTE = ("Ny rad från {file}, rad {row}, inläst {date}. Fyll i Riktning och "
                "granska målet; ta sedan bort den gula markeringen.")
# The notes of the comparisons `indexcel kolada --compare` fills. Kolada's terms: its own
# figures say "Källa: Kolada"; a figure indexcel computes from them (the rank and quartile)
# must not credit Kolada, and says "Egen beräkning på data från Kolada".
KOLADA_NOTE_COUNTRY = "Källa: Kolada, KPI {kpi}, riket, hämtat {date}"
KOLADA_NOTE_SIMILAR = ("Källa: Kolada, KPI {kpi}, {group} ({id}): ovägt medelvärde för "
                       "{count} kommuner, hämtat {date}")
KOLADA_NOTE_GENDER = "Källa: Kolada, KPI {kpi}, {who}, hämtat {date}"
KOLADA_GENDER_WORDS = {"women": "kvinnor", "men": "män"}
KOLADA_NOTE_STATUS = "Status hos Kolada: {status}"
DERIVED_CREDIT = "Egen beräkning på data från Kolada"
RANK_PEERS = {"municipalities": "kommuner", "regions": "regioner"}
RANK_BEST = {"higher": "högst värde", "lower": "lägst värde"}
RANK_NOTE = (DERIVED_CREDIT + " (KPI {kpi}, {year}): plats {position} av {of} {peers} med "
             "värde, där 1 har {best} ({direction}). Lika värden delar plats. Hämtat {date}.")
QUARTILE_NOTE = (DERIVED_CREDIT + " (KPI {kpi}, {year}): {label} av {of} {peers} med värde "
                 "(plats {position}). Hämtat {date}.")
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
    "Riktning: välj Lägre är bättre för t.ex. kostnader, väntetider, utsläpp och matsvinn, "
    "och Nära målet när både över och under målet är fel, t.ex. budgetavvikelse. Tomt "
    "betyder Högre är bättre. Kortformer från äldre underlag, som Lägre eller Nära, godtas "
    "också (cellens hjälptext listar dem).",
    "Mål {year} kan också vara Öka eller Minska: då ska utfallet {year} vara högre "
    "respektive lägre än utfallet {previous}.",
    "Tolerans: hur långt från målet utfallet får ligga och ändå vara uppfyllt. Delvis: hur "
    "långt från målet det får ligga och vara delvis uppfyllt (gul boll). Båda i "
    "indikatorns enhet (1 % är en procentenhet); lämna tomma när de inte behövs.",
    "Status och Trend räknas ut av indexcel. Fyll bara i dem om en indikator ska bedömas för "
    "hand; det du skriver där gäller då före beräkningen.",
    "Enhet och Kommentar visas i rapporten.",
    "Gula mål har kopierats från förra året: granska dem. Kolumner med ett årtal, t.ex. "
    "Kommentar {previous}, är förra årets och visas inte som årets.",
    "Bladet Inriktningsmål har en rad per inriktningsmål, skrivet som i bladet Indikatorer. "
    "Lämna Bedömning tom så bedöms målet efter andelen uppfyllda indikatorer; välj Uppfyllt, "
    "Delvis uppfyllt, Ej uppfyllt eller Ej bedömt för att bedöma det för hand, och skriv "
    "skälen i Motivering. Motiveringen står sedan i rapporten och i texten till "
    "årsredovisningen. Kolumner med ett årtal, t.ex. Bedömning {previous}, är förra årets.",
    "Utfall från verksamhetssystemets export: indexcel fill {file} --from export.xlsx fyller "
    "de tomma utfallscellerna i en ny fil; det du skrivit själv ändras inte.",
    "Bygg rapporten: indexcel build {file} -o rapport-{year}.xlsx. Kontrollera först: "
    "indexcel validate {file}.",
)
