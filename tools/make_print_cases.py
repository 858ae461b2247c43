"""Write tests/data/print/long-names.csv: an input that makes the printed pages work hard.

    python tools/make_print_cases.py

Board names, goal titles, indicator names, units and comments from a few words to several
lines, words longer than a column, more goals and boards than one page of the summary
holds, and one board with enough indicators to run over many pages, so that goal headings
fall near the ends of pages. Seeded: the same file every time.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "print" / "long-names.csv"
WORDS = [
    "andel", "invånare", "elever", "brukare", "verksamhet", "kommunens", "nämndens",
    "kvalitet", "tillgänglighet", "digitala", "tjänster", "hållbar", "utveckling", "trygghet",
    "skolan", "förskolan", "omsorgen", "boende", "arbetsmarknaden", "företag", "kontakter",
    "återkoppling", "bemötande", "förutsättningar", "samverkan", "landsbygds-", "och",
    "skärgårdsturismen", "kultur-", "fritidsaktiviteter", "livskvalitet", "delaktighet",
    "egenförsörjning", "integration", "energianvändning", "fordonsflottan",
    "växthusgasutsläpp", "upphandlingar", "leverantörer", "handläggningstid", "ärenden",
]
LONG_WORD = "Sammanträdesprotokollsjusteringsförfarandeutvecklingsarbetet"
BOARDS = [
    "Socialnämnd",
    "KS",
    "Nämnden för samhällsbyggnad, miljö, hälsoskydd och tillstånd i skärgården och på "
    "fastlandet",
    "Kultur- och fritidsnämnd",
    "Utbildningsnämnden för gymnasieskola, vuxenutbildning och svenska för invandrare",
    "Överförmyndare",
    "Räddningstjänsten i samverkan med grannkommunerna",
    "Bygg och miljö",
    "Kommunstyrelsens förvaltning, avdelningen för digitalisering och service",
    "Val- och demokratinämnd",
    "Barn- och skolnämnd",
    "Tekniska nämnden",
]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def main() -> None:
    rng = random.Random(20)
    goals = []
    for number in range(1, 43):
        length = rng.choice([3, 5, 8, 14, 24, 40])
        title = sentence(rng, length)
        goals.append(f"{1 + (number - 1) // 6}.{1 + (number - 1) % 6}. {title}")
    rows = []
    for n in range(260):
        board = BOARDS[0] if n < 90 else rng.choice(BOARDS)
        goal = goals[n % len(goals)] if n >= 90 else goals[(n // 4) % len(goals)]
        length = rng.choice([2, 4, 6, 9, 14, 22, 35, 60])
        name = sentence(rng, length) + "."
        if n % 37 == 5:
            name = f"{LONG_WORD}{LONG_WORD} {name}"
        unit = rng.choice(["%", "antal", "kr per invånare och år", "dagar", "",
                           "kvadratmeter bruksarea per elev"])
        percent = unit == "%"
        values = []
        for _ in range(4):
            if rng.random() < 0.1:
                values.append("")
            elif percent:
                values.append(f"{rng.uniform(0, 100):.1f} %".replace(".", ","))
            else:
                values.append(str(rng.randint(0, 5000)))
        comment = sentence(rng, rng.choice([3, 12, 30])) if n % 5 == 0 else ""
        rows.append([goal, name, board, *values, "Högre är bättre", unit, comment])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Inriktningsmål", "Nyckeltal", "Organisation", "Utfall 2022",
                         "Utfall 2023", "Utfall 2024", "Mål 2024", "Riktning", "Enhet",
                         "Kommentar"])
        writer.writerows(rows)
    print(OUT)


if __name__ == "__main__":
    main()
