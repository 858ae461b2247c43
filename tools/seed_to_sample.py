"""Turn the text of Norrtälje kommun's "Uppföljning indikatorer 2024" into indexcel input.

Run once by the developers (`python tools/seed_to_sample.py ../shared/seeds/000_*.txt`); its
outputs are committed: input/indikatorer-2024.xlsx, and in tests/data the same data as a
Swedish Excel CSV and as an .xlsx laid out like the seed report. input/README.md explains the
choices made where the seed's text lost information.
"""

from __future__ import annotations

import csv
import re
import sys
from decimal import Decimal
from pathlib import Path

import xlsxwriter

BOARDS = (
    "Överförmyndare", "Val- och demokratinämnd", "Utbildningsnämnd", "Socialnämnd",
    "Samhällsbyggnadskontoret", "Kultur- och fritidsnämnd", "Kommunstyrelsekontoret",
    "Bygg och miljönämnd", "Barn och Skolnämnd",
)
# The PDF wrapped some names inside a word, without a hyphen; these are put back together.
BROKEN_WORDS = {
    "vuxenutbil dning": "vuxenutbildning", "biståndsmottagar e": "biståndsmottagare",
    "gymnasiebehöri ghet": "gymnasiebehörighet", "kontaktcen ter": "kontaktcenter",
    "ansök ningar": "ansökningar", "gymnasieskol a": "gymnasieskola",
    "förskollära rlegitimation": "förskollärarlegitimation",
    "verksamhetso mråden": "verksamhetsområden", "fordonsflotta n": "fordonsflottan",
    "räddningstjänste n": "räddningstjänsten", "solcellsanlägg ningar": "solcellsanläggningar",
    "gymnasieutbildni ng": "gymnasieutbildning",
    "förhandsbedömnin gar": "förhandsbedömningar",
    "arbetsmarknad s-centrum": "arbetsmarknadscentrum",
}
# Lower is better for costs, debt, waiting and handling times, emissions, energy, food waste,
# queues, worry (the list), matched on the indicator's name.
LOWER_IS_BETTER = (
    "Budgetföljsamhet", "Nettokostnadsavvikelse", "Låneskuld", "Investeringar i % av",
    "Vuxna biståndsmottagare", "outhyrd yta", "handläggningstid", "Återkopplingstid",
    "Handläggningstiden", "Upplevd trygghet", "Tid från larm", "CO2e", "Matsvinn",
    "Energiförbrukning", "Växthusgasutsläpp", "står på kö",
)
JUNK = re.compile(
    r"^(Christian Hedborg|Anteckning|@christian.*|\s*Inriktningsmål Nyckeltal Organisation.*|"
    r"\d*Uppföljning indikatorer 2024 - .*|Ursprunglig rapport|https?://.*|"
    r"Indikatorer flera perioder|Organisation: Norrtälje.*)$"
)
NUMBER = r"-?\d+(?:\.\d+)?%?"
ROW_END = re.compile(
    r"(?P<board>" + "|".join(re.escape(b) for b in BOARDS) + r")"
    r"(?P<numbers>(?:[ \t]+" + NUMBER + r")+)[ \t]*$",
    re.MULTILINE,
)


def parse(text: str) -> list[dict]:
    body = text.split("Inriktningsmål: ", 1)[1]
    body = "Inriktningsmål: " + body
    lines = [line for line in body.splitlines() if not JUNK.match(line)]
    sections = re.split(r"^\s*Inriktningsmål: (.*)$", "\n".join(lines), flags=re.MULTILINE)
    rows = []
    for goal, section in zip(sections[1::2], sections[2::2], strict=True):
        goal = " ".join(goal.split())
        squeezed_goal = goal.replace(" ", "")
        start = 0
        for match in ROW_END.finditer(section):
            before = " ".join(section[start:match.start()].split())
            start = match.end()
            name = _strip_goal(before, squeezed_goal)
            for broken, whole in BROKEN_WORDS.items():
                name = name.replace(broken, whole)
            numbers = match.group("numbers").split()
            rows.append({"goal": goal, "name": name, "board": match.group("board"),
                         "numbers": numbers})
    return rows


def _strip_goal(text: str, squeezed_goal: str) -> str:
    """Drop the goal's text (wrapped over lines, sometimes mid-word) from the row's start."""
    taken = ""
    for index, char in enumerate(text):
        if char != " ":
            taken += char
        if taken == squeezed_goal:
            return text[index + 1:].strip()
    raise ValueError(f"goal not found at the start of {text!r}")


def place(numbers: list[str]) -> dict[str, str | None]:
    """Columns for the numbers of one row. Four numbers are 2022, 2023, 2024 and the target.
    With fewer, the text lost the positions: the last number is taken as the target and the
    others as the latest outcomes (see input/README.md)."""
    keys = ["Utfall 2022", "Utfall 2023", "Utfall 2024", "Mål 2024"]
    placed = dict.fromkeys(keys)
    if len(numbers) == 4:
        placed.update(zip(keys, numbers, strict=True))
    else:
        *outcomes, target = numbers
        placed["Mål 2024"] = target
        for key, value in zip(keys[3 - len(outcomes):3], outcomes, strict=True):
            placed[key] = value
    return placed


HEADERS = ["Inriktningsmål", "Nyckeltal", "Organisation", "Utfall 2022", "Utfall 2023",
           "Utfall 2024", "Mål 2024", "Riktning", "Tolerans", "Delvis", "Status", "Trend",
           "Enhet", "Kommentar"]
# Budget deviation misses its 0 % target on either side, over- or underspending: near the
# target, met within one percentage point, partly met within three (input/README.md).
NEAR_TARGET = ("Budgetföljsamhet",)
NEAR_TOLERANCE, NEAR_PARTLY = "1%", "3%"
# The input sheet also has the columns `indexcel kolada` reads: the KPI id of the indicators
# that are plainly Kolada key figures (input/README.md says where each id was found), and
# Norrtälje's municipality id, once. The CSV and seed-layout variants keep HEADERS.
INPUT_HEADERS = [*HEADERS, "Kolada-id", "Kommun-id"]
KOLADA_IDS = {  # the start of the indicator's name -> its Kolada KPI id
    "Nettokostnadsavvikelse totalt (exkl. LSS)": "N00097",
    "Årets resultat som andel av skatt och generella statsbidrag": "N03102",
    "Självfinansieringsgrad investeringar": "N03103",
    "Gymnasieelever med examen inom 3 år, kommunala skolor, andel (%)": "N17451",
    "Elever i årskurs 9 som uppnått gymnasiebehörighet, kommunal huvudman": "N15436",
    "Deltagartillfällen i idrottsföreningar, antal/inv 7-20 år": "U09800",
}
MUNICIPALITY_ID = "0188"  # Norrtälje in Kolada (and SCB)


def records(rows: list[dict]) -> list[dict]:
    out = []
    for row in rows:
        lower = any(word.casefold() in row["name"].casefold() for word in LOWER_IS_BETTER)
        near = row["name"].startswith(NEAR_TARGET)
        direction = ("Nära målet" if near else "Lägre är bättre" if lower
                     else "Högre är bättre")
        record = {"Inriktningsmål": row["goal"], "Nyckeltal": row["name"],
                  "Organisation": row["board"], **place(row["numbers"]),
                  "Riktning": direction,
                  "Tolerans": NEAR_TOLERANCE if near else None,
                  "Delvis": NEAR_PARTLY if near else None,
                  "Status": None, "Trend": None, "Enhet": _unit(row), "Kommentar": None,
                  "Kolada-id": next((kpi for start, kpi in KOLADA_IDS.items()
                                     if row["name"].startswith(start)), None),
                  "Kommun-id": None if out else MUNICIPALITY_ID}
        out.append(record)
    return out


def _unit(row: dict) -> str | None:
    if any(n.endswith("%") for n in row["numbers"]):
        return "%"
    name = row["name"].casefold()
    for word, unit in (("kr per invånare", "kr/invånare"), ("kwh/kvm", "kWh/kvm"),
                       ("(kg)", "kg"), ("ton co2", "ton CO2"), ("minuter", "minuter"),
                       ("kalenderdagar", "dagar"), ("antal km", "km"), ("antal kvm", "kvm")):
        if word in name:
            return unit
    return "antal" if name.startswith("antal") else None


def _number(text: str | None):
    """(value, decimals, percent) for writing a real Excel number."""
    if text is None:
        return None
    percent = text.endswith("%")
    digits = text.rstrip("%")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    value = Decimal(digits).scaleb(-2) if percent else Decimal(digits)
    return float(value), decimals, percent


def write_input_sheet(path: Path, rows: list[dict]) -> None:
    """An input sheet as a person keeps it: real numbers, percent formats, a table."""
    workbook = xlsxwriter.Workbook(path)
    workbook.set_properties({"title": "Indikatorer 2024", "created": __import__(
        "datetime").datetime(2025, 3, 9, 12, 57)})
    sheet = workbook.add_worksheet("Indikatorer")
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    formats = {}
    for index, record in enumerate(rows, start=1):
        for col, header in enumerate(INPUT_HEADERS):
            value = record[header]
            number = (_number(value) if header.startswith(("Utfall", "Mål", "Tolerans", "Delvis"))
                      else None)
            if number is not None:
                value, decimals, percent = number
                key = (decimals, percent)
                if key not in formats:
                    frac = "." + "0" * decimals if decimals else ""
                    formats[key] = workbook.add_format(
                        {"num_format": f"0{frac}%" if percent else f"#,##0{frac}",
                         "valign": "top"})
                sheet.write_number(index, col, value, formats[key])
            elif value is not None:
                sheet.write_string(index, col, value, wrap)
    sheet.add_table(0, 0, len(rows), len(INPUT_HEADERS) - 1, {
        "name": "Indata", "style": "Table Style Light 9",
        "columns": [{"header": h} for h in INPUT_HEADERS]})
    for col, width in enumerate([34, 44, 24, 11, 11, 11, 11, 16, 10, 10, 12, 12, 12, 30, 11,
                                 11]):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    workbook.close()


def _swedish(text: str | None) -> str:
    if text is None:
        return ""
    number = text.rstrip("%").replace(".", ",").replace("-", "\u2212")
    digits = number.lstrip("\u2212")
    if "," not in digits and len(digits) > 3:
        number = number[: len(number) - len(digits)] + f"{int(digits):,}".replace(",", "\u00a0")
    return number + (" %" if text.endswith("%") else "")


def write_swedish_csv(path: Path, rows: list[dict]) -> None:
    """As Swedish Excel's 'CSV (semikolonavgränsad)' writes it: ';', decimal comma, cp1252.
    No-break spaces group thousands, as Excel shows them; the Unicode minus of some systems
    does not exist in cp1252, so minus stays a hyphen there."""
    with path.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADERS)
        for record in rows:
            writer.writerow([
                _swedish(record[h]).replace("\u2212", "-")
                if h.startswith(("Utfall", "Mål", "Tolerans", "Delvis"))
                else (record[h] or "") for h in HEADERS])


def write_seed_layout(path: Path, rows: list[dict]) -> None:
    """An .xlsx laid out like the seed report: title lines, group rows, repeated headers."""
    seed_headers = ["Inriktningsmål", "Nyckeltal", "Organisation", "Utfall 2022",
                    "Utfall 2023", "Utfall 2024", "Mål2024", "Status", "Trend"]
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet("Indikatorer flera perioder")
    bold = workbook.add_format({"bold": True})
    sheet.write_string(0, 0, "Indikatorer flera perioder", bold)
    sheet.write_string(1, 0, "Organisation: Norrtälje kommun | Typ av indikator: Indikator (KF)")
    line = 3
    goal = None
    for index, record in enumerate(rows):
        if index % 10 == 0:
            for col, header in enumerate(seed_headers):
                sheet.write_string(line, col, header, bold)
            line += 2
        if record["Inriktningsmål"] != goal:
            goal = record["Inriktningsmål"]
            sheet.write_string(line, 0, f"Inriktningsmål: {goal}", bold)
            line += 2
        values = [record["Inriktningsmål"], record["Nyckeltal"], record["Organisation"],
                  record["Utfall 2022"], record["Utfall 2023"], record["Utfall 2024"],
                  record["Mål 2024"]]
        for col, value in enumerate(values):
            if value is not None:
                sheet.write_string(line, col, value)  # as text, the way an export gives it
        line += 2
    workbook.close()


def main() -> None:
    seed = Path(sys.argv[1])
    rows = parse(seed.read_text(encoding="utf-8"))
    data = records(rows)
    root = Path(__file__).resolve().parent.parent
    write_input_sheet(root / "input" / "indikatorer-2024.xlsx", data)
    write_swedish_csv(root / "tests" / "data" / "valid" / "indikatorer-2024-excel-sv.csv", data)
    write_seed_layout(root / "tests" / "data" / "valid" / "indikatorer-2024-seed-layout.xlsx",
                      data)
    print(f"{len(data)} indicators, {len({r['Organisation'] for r in data})} boards, "
          f"{len({r['Inriktningsmål'] for r in data})} goals")
    for count in (1, 2, 3):
        print(count, "numbers:", sum(len(r["numbers"]) == count for r in rows))


if __name__ == "__main__":
    main()
